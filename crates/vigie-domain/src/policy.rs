//! The access policy: the one place that decides which role may do what. Deny by default: an action is allowed
//! only where a line below says so. Handlers ask [`authorize`]; they never test roles themselves.

use crate::vocab::Role;

/// Something a user asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The city dashboard: map of areas, key figures, recent imports.
    ViewDashboard,
    /// Areas with their boundaries and populations.
    ViewAreas,
    /// Indicator definitions and values per area.
    ViewIndicators,
    /// Incidents with their locations.
    ViewIncidents,
    /// The local diagnosis report (areas, incidents, index, clusters, priorities).
    ViewDiagnosis,
    /// Import areas, indicators, incidents, agencies.
    ImportData,
    /// Create, change and deactivate user accounts.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ViewDashboard,
        Action::ViewAreas,
        Action::ViewIndicators,
        Action::ViewIncidents,
        Action::ViewDiagnosis,
        Action::ImportData,
        Action::ManageUsers,
        Action::ViewAudit,
    ];
}

/// The refusal of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the role {role} may not {action:?}")]
pub struct Denied {
    pub role: Role,
    pub action: Action,
}

/// Whether the role may perform the action.
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match (role, action) {
        // Aggregate, area-level views: every signed-in partner of the city.
        (
            Admin | Coordinator | Analyst | Caseworker | Partner,
            ViewDashboard | ViewAreas | ViewIndicators,
        ) => true,
        // Incident locations are operational data: those who diagnose.
        (Coordinator | Analyst, ViewIncidents | ViewDiagnosis) => true,
        (Coordinator | Analyst, ImportData) => true,
        (Admin, ManageUsers | ViewAudit) => true,
        _ => false,
    }
}

/// `Ok(())` when allowed, else the refusal.
pub fn authorize(role: Role, action: Action) -> Result<(), Denied> {
    if allowed(role, action) {
        Ok(())
    } else {
        Err(Denied { role, action })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_table() {
        // The whole table, written out, so that any change to the policy shows up here.
        let expected: &[(Role, &[Action])] = &[
            (
                Role::Admin,
                &[
                    Action::ViewDashboard,
                    Action::ViewAreas,
                    Action::ViewIndicators,
                    Action::ManageUsers,
                    Action::ViewAudit,
                ],
            ),
            (
                Role::Coordinator,
                &[
                    Action::ViewDashboard,
                    Action::ViewAreas,
                    Action::ViewIndicators,
                    Action::ViewIncidents,
                    Action::ViewDiagnosis,
                    Action::ImportData,
                ],
            ),
            (
                Role::Analyst,
                &[
                    Action::ViewDashboard,
                    Action::ViewAreas,
                    Action::ViewIndicators,
                    Action::ViewIncidents,
                    Action::ViewDiagnosis,
                    Action::ImportData,
                ],
            ),
            (
                Role::Caseworker,
                &[Action::ViewDashboard, Action::ViewAreas, Action::ViewIndicators],
            ),
            (
                Role::Partner,
                &[Action::ViewDashboard, Action::ViewAreas, Action::ViewIndicators],
            ),
        ];
        for (role, actions) in expected {
            for action in Action::ALL {
                assert_eq!(
                    allowed(*role, *action),
                    actions.contains(action),
                    "{role} {action:?}"
                );
            }
        }
    }

    #[test]
    fn only_admin_manages_users() {
        for role in Role::ALL {
            assert_eq!(
                authorize(*role, Action::ManageUsers).is_ok(),
                *role == Role::Admin
            );
        }
    }
}
