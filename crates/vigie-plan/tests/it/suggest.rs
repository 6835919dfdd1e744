//! Suggestions on the demo city's diagnosis: every priority area gets templates, and every suggestion says why by
//! a rule that can be checked.

use vigie_diagnosis::report::{CityData, Settings, diagnose};
use vigie_domain::import::parse_indicators;
use vigie_plan::suggest::{DEFAULT_TEMPLATES, MAX_PER_AREA, Why, draft, read_templates, suggest};
use vigie_synth::DemoConfig;

#[test]
fn every_priority_area_of_the_demo_gets_suggestions_with_their_reasons() {
    let (files, areas, incidents) = crate::demo_city(&DemoConfig {
        incidents: 20_000,
        ..DemoConfig::default()
    });
    let ind = parse_indicators("indicators.csv", files.get("indicators.csv").unwrap()).unwrap();
    let definitions: Vec<_> = ind.definitions.into_iter().map(|l| l.value).collect();
    let values: Vec<_> = ind.values.into_iter().map(|l| l.value).collect();
    let d = diagnose(
        &CityData {
            city: "Vallombre",
            areas: &areas,
            definitions: &definitions,
            values: &values,
            incidents: &incidents,
        },
        &Settings {
            permutations: 99,
            ..Settings::default()
        },
    )
    .unwrap();
    let templates = read_templates(DEFAULT_TEMPLATES).unwrap();
    let s = suggest(&d, &templates);
    assert!(!d.priority.is_empty());
    for &i in &d.priority {
        let code = &d.areas[i].code;
        let n = s.iter().filter(|x| &x.area == code).count();
        assert!((1..=MAX_PER_AREA).contains(&n), "{code}: {n}");
    }
    for x in &s {
        let t = templates.iter().find(|t| t.id == x.template).unwrap();
        assert!(!x.because.is_empty());
        for w in &x.because {
            match w {
                Why::Rising { kind } => assert!(t.phenomena.contains(kind)),
                Why::Frequent { kind, ratio, count } => {
                    assert!(t.phenomena.contains(kind));
                    assert!(*ratio >= 1.5 && *count >= 5);
                }
                Why::Exclusion { .. } => assert!(t.exclusion),
            }
        }
        assert!(x.baseline >= 0.0);
    }
    // A draft from a suggestion is a valid measure once a code and the city's references are known.
    let agencies: Vec<_> =
        vigie_domain::import::parse_agencies("agencies.csv", files.get("agencies.csv").unwrap())
            .unwrap()
            .into_iter()
            .map(|l| l.value)
            .collect();
    let t = templates.iter().find(|t| t.id == s[0].template).unwrap();
    let dr = draft(
        &s[0],
        t,
        &agencies,
        "fr",
        "M13",
        time::macros::date!(2027 - 01 - 01),
    );
    assert!(dr.title.starts_with(&t.title.fr));
    let known = vigie_domain::plan::Known {
        areas: areas.iter().map(|a| a.code.to_string()).collect(),
        indicators: definitions.iter().map(|d| d.code.to_string()).collect(),
        agencies: agencies.iter().map(|a| a.code.to_string()).collect(),
    };
    let m = dr.validate(&known).unwrap();
    assert_eq!(m.areas.len(), 1);
    assert!(!m.partners.contains(&m.lead));
}
