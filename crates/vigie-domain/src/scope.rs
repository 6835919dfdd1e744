//! The scopes of machine tokens (the open API's bearer tokens): what a token may read, as a subset of what the
//! role it acts as may do. A scope names read rights of the [`policy`](crate::policy) only; no scope writes.
//!
//! A token acts as a role and carries scopes; a request made with it needs both the scope of the route and the
//! role's right ([`allowed`](crate::policy::allowed)), so a token never gives more than its role. A scope a role
//! could never use is refused when the token is made ([`Scope::fits`]).

use std::fmt;

use crate::policy::{Action, allowed};
use crate::vocab::Role;

/// A read right of a machine token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The key figures (`/api/v1/summary`).
    ReadSummary,
    /// Areas with their boundaries and populations.
    ReadAreas,
    /// Indicator definitions and values.
    ReadIndicators,
    /// Incidents with their locations.
    ReadIncidents,
    /// The local diagnosis.
    ReadDiagnosis,
    /// Anonymous case counts (small counts suppressed).
    ReadStatistics,
    /// Cases as the role may see them (pseudonymous for the coordinator), and their deadlines.
    ReadCases,
    /// Referrals: received (partner), sent (caseworker), all (coordinator).
    ReadReferrals,
    /// The directory of support services.
    ReadDirectory,
    /// The Convention's chart, its corrections and GRETA's recommendations.
    ReadConvention,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::ReadSummary,
        Scope::ReadAreas,
        Scope::ReadIndicators,
        Scope::ReadIncidents,
        Scope::ReadDiagnosis,
        Scope::ReadStatistics,
        Scope::ReadCases,
        Scope::ReadReferrals,
        Scope::ReadDirectory,
        Scope::ReadConvention,
    ];

    /// The scope's name in tokens, the command line and the OpenAPI document (`read:areas`).
    pub fn code(self) -> &'static str {
        match self {
            Scope::ReadSummary => "read:summary",
            Scope::ReadAreas => "read:areas",
            Scope::ReadIndicators => "read:indicators",
            Scope::ReadIncidents => "read:incidents",
            Scope::ReadDiagnosis => "read:diagnosis",
            Scope::ReadStatistics => "read:statistics",
            Scope::ReadCases => "read:cases",
            Scope::ReadReferrals => "read:referrals",
            Scope::ReadDirectory => "read:directory",
            Scope::ReadConvention => "read:convention",
        }
    }

    /// The scope with this [`code`](Scope::code).
    pub fn parse(code: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.code() == code.trim())
    }

    /// The policy's actions this scope reads with: a role may use the scope if it may do one of them.
    pub fn actions(self) -> &'static [Action] {
        match self {
            Scope::ReadSummary => &[Action::ViewDashboard],
            Scope::ReadAreas => &[Action::ViewAreas],
            Scope::ReadIndicators => &[Action::ViewIndicators],
            Scope::ReadIncidents => &[Action::ViewIncidents],
            Scope::ReadDiagnosis | Scope::ReadStatistics => &[Action::ViewDiagnosis],
            Scope::ReadCases => &[Action::WorkCases, Action::OverseeCases],
            Scope::ReadReferrals => &[Action::ReceiveReferrals, Action::WorkCases, Action::OverseeCases],
            Scope::ReadDirectory => &[Action::ViewDirectory],
            Scope::ReadConvention => &[Action::ViewConvention, Action::ManageRecommendations],
        }
    }

    /// Whether a token acting as `role` may carry this scope: the role may do what the scope reads.
    pub fn fits(self, role: Role) -> bool {
        self.actions().iter().any(|a| allowed(role, *a))
    }

    /// Every scope a role may carry.
    pub fn for_role(role: Role) -> Vec<Scope> {
        Scope::ALL.iter().copied().filter(|s| s.fits(role)).collect()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_read_rights() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.code()), Some(*s));
            assert!(s.code().starts_with("read:"));
        }
        assert_eq!(Scope::parse("write:areas"), None);
    }

    #[test]
    fn a_scope_fits_a_role_only_where_the_policy_allows_its_reads() {
        assert!(Scope::ReadCases.fits(Role::Coordinator));
        assert!(Scope::ReadCases.fits(Role::Caseworker));
        assert!(!Scope::ReadCases.fits(Role::Analyst));
        assert!(!Scope::ReadIncidents.fits(Role::Partner));
        assert!(Scope::ReadReferrals.fits(Role::Partner));
        assert!(!Scope::ReadDiagnosis.fits(Role::Admin));
        for role in Role::ALL {
            for s in Scope::for_role(*role) {
                assert!(s.actions().iter().any(|a| allowed(*role, *a)));
            }
        }
    }
}
