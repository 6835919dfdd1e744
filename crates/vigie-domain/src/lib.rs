//! vigie's domain model.
//!
//! Every type here can only be built valid: constructors check their input and return an error that says why.
//! Data enters vigie once, through the parsers in [`import`], and is validated there; the store keeps only
//! values of these types. The access policy ([`policy`]) is the one place that decides who may do what.

pub mod case;
pub mod codes;
pub mod convention;
pub mod geometry;
pub mod greta;
pub mod htcds;
pub mod import;
pub mod model;
pub mod period;
pub mod plan;
pub mod policy;
pub mod scope;
pub mod screening;
pub mod vocab;

pub use codes::{AgencyCode, AreaCode, CodeError, CountryCode, IncidentId, IndicatorCode, Username};
pub use geometry::{Boundary, GeometryError, LonLat};
pub use model::{Agency, Area, City, Incident, IndicatorDef, IndicatorValue, Population, User};
pub use period::{Period, PeriodError};
pub use policy::{Action, CaseAccess, Denied};
pub use scope::Scope;
pub use vocab::{
    AgencyKind, DeadlineKind, Direction, ExploitationForm, IncidentType, MeansOfControl, MeasureStatus,
    PlanBarrier, RecruiterRelation, ReferralStatus, ResponseKind, Role, ServiceKind, Sex, VictimStatus,
    VocabError,
};
