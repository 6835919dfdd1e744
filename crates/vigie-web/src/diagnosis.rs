//! The diagnosis of the city from what the store holds: reads every area, indicator value and incident, and
//! hands them to `vigie-diagnosis`. Used by the report pages and by `vigie diagnose report --db`.

use vigie_diagnosis::report::{CityData, Diagnosis, Settings, diagnose};
use vigie_domain::{Area, IndicatorDef, IndicatorValue};
use vigie_store::{IncidentFilter, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DiagnosisFailure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Diagnosis(#[from] vigie_diagnosis::DiagnosisError),
}

/// Everything the report needs: the diagnosis and the areas with their boundaries.
pub struct CityDiagnosis {
    pub diagnosis: Diagnosis,
    pub areas: Vec<Area>,
}

pub async fn from_store(store: &dyn Store, settings: &Settings) -> Result<CityDiagnosis, DiagnosisFailure> {
    let city = store.city().await?.map(|c| c.name).unwrap_or_default();
    let areas = store.areas().await?;
    let definitions: Vec<IndicatorDef> = store.indicator_defs().await?;
    let mut values: Vec<IndicatorValue> = Vec::new();
    for d in &definitions {
        for p in store.indicator_periods(&d.code).await? {
            values.extend(store.indicator_values(&d.code, p).await?);
        }
    }
    let all = IncidentFilter::default();
    let incidents = store.incidents(&all, u32::MAX, 0).await?;
    let data = CityData {
        city: &city,
        areas: &areas,
        definitions: &definitions,
        values: &values,
        incidents: &incidents,
    };
    let diagnosis = diagnose(&data, settings)?;
    Ok(CityDiagnosis { diagnosis, areas })
}
