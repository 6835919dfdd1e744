//! The access policy: the one place that decides which role may do what. Deny by default: an action is allowed
//! only where a line below says so. Handlers ask [`authorize`]; they never test roles themselves.

use crate::codes::AgencyCode;
use crate::vocab::{AgencyKind, Role};

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
    /// Record and follow the cases of one's own agency: intake, screening, status, consent, referrals, deadlines,
    /// export for the person, erasure on the person's request. Which cases: see [`case_access`].
    WorkCases,
    /// Oversee the cases of the city without their identifying fields: deadlines, referrals, statuses.
    OverseeCases,
    /// Share a case without the person's consent, with a written reason (audited).
    OverrideConsent,
    /// Read the directory of support services.
    ViewDirectory,
    /// Add and change support services.
    ManageDirectory,
    /// Answer the referrals made to one's own agency's services and update their free places.
    ReceiveReferrals,
    /// Put a case under legal hold, or lift it; apply the retention rule.
    ManageRetention,
    /// Upload criminal networks (pseudonymous entities and links) and see their analysis: communities, brokers,
    /// links abroad, facilitators. The analyst's; another role only by the administrator's explicit grant.
    ViewNetworks,
    /// Publish an estimate of the hidden number of victims on the public portal (aggregates only).
    PublishFigures,
    /// Cooperate with partner cities: this city's exchange keys, the partners' directory, exchange packages.
    ManageExchange,
    /// See the local action plan: the coordinator and analysts all of it, a partner the measures its agency
    /// carries (see [`measure_access`]).
    ViewPlan,
    /// Create and change the measures of the action plan (the coordinator owns the plan).
    ManagePlan,
    /// Update the status of a measure and enter its indicators' values: the coordinator for every measure, a
    /// partner for the measures its agency carries.
    UpdateMeasures,
    /// Edit the texts of the public portal (the awareness and help pages, in every language of the portal): save
    /// versions, preview them, publish one. Reading the published text needs no right: it is public.
    EditContent,
    /// Read the Council of Europe Convention's chart with its corrections and history, the country's status and
    /// GRETA's rounds: every signed-in user.
    ViewConvention,
    /// Correct the Convention's chart (a state's dates and how sure they are), with the source of each change.
    EditConvention,
    /// Enter GRETA's recommendations that concern the city and turn them into measures of the action plan.
    ManageRecommendations,
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
        Action::WorkCases,
        Action::OverseeCases,
        Action::OverrideConsent,
        Action::ViewDirectory,
        Action::ManageDirectory,
        Action::ReceiveReferrals,
        Action::ManageRetention,
        Action::ViewNetworks,
        Action::PublishFigures,
        Action::ManageExchange,
        Action::ViewPlan,
        Action::ManagePlan,
        Action::UpdateMeasures,
        Action::EditContent,
        Action::ViewConvention,
        Action::EditConvention,
        Action::ManageRecommendations,
    ];

    /// Actions the administrator may grant to a role beyond the table of [`allowed`].
    pub const GRANTABLE: &'static [Action] = &[Action::ViewNetworks];

    /// The name stored for a grant and shown in the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Action::ViewDashboard => "view_dashboard",
            Action::ViewAreas => "view_areas",
            Action::ViewIndicators => "view_indicators",
            Action::ViewIncidents => "view_incidents",
            Action::ViewDiagnosis => "view_diagnosis",
            Action::ImportData => "import_data",
            Action::ManageUsers => "manage_users",
            Action::ViewAudit => "view_audit",
            Action::WorkCases => "work_cases",
            Action::OverseeCases => "oversee_cases",
            Action::OverrideConsent => "override_consent",
            Action::ViewDirectory => "view_directory",
            Action::ManageDirectory => "manage_directory",
            Action::ReceiveReferrals => "receive_referrals",
            Action::ManageRetention => "manage_retention",
            Action::ViewNetworks => "view_networks",
            Action::PublishFigures => "publish_figures",
            Action::ManageExchange => "manage_exchange",
            Action::ViewPlan => "view_plan",
            Action::ManagePlan => "manage_plan",
            Action::UpdateMeasures => "update_measures",
            Action::EditContent => "edit_content",
            Action::ViewConvention => "view_convention",
            Action::EditConvention => "edit_convention",
            Action::ManageRecommendations => "manage_recommendations",
        }
    }

    /// The action with this [`code`](Action::code).
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.code() == code)
    }
}

/// Whether `action` may be granted to `role`: a grantable action the role does not already have. The partner
/// (an outside service) is never granted network analysis.
pub fn grantable(role: Role, action: Action) -> bool {
    Action::GRANTABLE.contains(&action) && !allowed(role, action) && role != Role::Partner
}

/// Whether the role may perform the action, given the actions the administrator granted to that role.
pub fn allowed_with(role: Role, action: Action, granted: &[Action]) -> bool {
    allowed(role, action) || (grantable(role, action) && granted.contains(&action))
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
            Admin | Coordinator | Analyst | Caseworker | Partner | Dpo,
            ViewDashboard | ViewAreas | ViewIndicators,
        ) => true,
        // Incident locations are operational data: those who diagnose.
        (Coordinator | Analyst, ViewIncidents | ViewDiagnosis) => true,
        (Coordinator | Analyst, ImportData) => true,
        (Admin, ManageUsers | ViewAudit) => true,
        // The audit log is reviewed by the coordinator and the data-protection officer too.
        (Coordinator | Dpo, ViewAudit) => true,
        // Cases: caseworkers hold them; the coordinator oversees without identities and may override consent.
        (Caseworker, WorkCases) => true,
        (Coordinator, OverseeCases | OverrideConsent | ManageDirectory) => true,
        (Coordinator | Dpo, ManageRetention) => true,
        (Admin | Coordinator | Analyst | Caseworker | Partner | Dpo, ViewDirectory) => true,
        (Partner, ReceiveReferrals) => true,
        // Criminal networks: the analyst; others only by an explicit grant (see `allowed_with`).
        (Analyst, ViewNetworks) => true,
        // What the public portal shows of the hidden number: those who estimate it.
        (Coordinator | Analyst, PublishFigures) => true,
        // Cooperation with partner cities is the coordinator's.
        (Coordinator, ManageExchange) => true,
        // The action plan: the coordinator owns it; analysts read it; partners follow the measures they carry.
        (Coordinator | Analyst | Partner, ViewPlan) => true,
        (Coordinator, ManagePlan) => true,
        (Coordinator | Partner, UpdateMeasures) => true,
        // The public portal's texts: the coordinator speaks for the city.
        (Coordinator, EditContent) => true,
        // The Convention's chart: everyone reads it; the administrator keeps it true (with a source for each
        // change); the coordinator turns GRETA's recommendations into the plan's measures.
        (Admin | Coordinator | Analyst | Caseworker | Partner | Dpo, ViewConvention) => true,
        (Admin, EditConvention) => true,
        (Coordinator, ManageRecommendations) => true,
        _ => false,
    }
}

/// Whether a user sees (and, with [`Action::UpdateMeasures`], updates) one measure of the plan: every measure for
/// the roles that see the whole plan, only the measures their agency carries for a partner.
pub fn measure_access(role: Role, user_agency: Option<&AgencyCode>, carried_by_agency: bool) -> bool {
    match role {
        Role::Coordinator | Role::Analyst => true,
        Role::Partner => user_agency.is_some() && carried_by_agency,
        _ => false,
    }
}

/// Whether an agency of this kind holds victims' cases (its caseworkers may record them). The police and
/// prosecutors do not: they see a case only through a referral the person consented to.
pub fn holds_cases(kind: AgencyKind) -> bool {
    matches!(
        kind,
        AgencyKind::Ngo | AgencyKind::SocialServices | AgencyKind::Health | AgencyKind::LabourInspectorate
    )
}

/// How much of one case a user may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseAccess {
    /// Nothing; the case's existence is not revealed.
    None,
    /// Through a referral: only the fields the referral needs, while the consent holds (see the store).
    Referral,
    /// Everything except the identifying fields (alias, birth, contact, places, notes).
    Pseudonymous,
    /// Everything, identifying fields included.
    Full,
}

/// Need-to-know for one case: a caseworker sees the cases of their own agency (if it holds cases); the
/// coordinator sees them without identities; a partner sees a case only through a referral to its agency whose
/// consent is in force (`referred`); an analyst, the administrator and the data-protection officer see no case.
pub fn case_access(
    role: Role,
    user_agency: Option<(&AgencyCode, AgencyKind)>,
    case_agency: &AgencyCode,
    referred: bool,
) -> CaseAccess {
    match role {
        Role::Caseworker => match user_agency {
            Some((a, kind)) if a == case_agency && holds_cases(kind) => CaseAccess::Full,
            _ => CaseAccess::None,
        },
        Role::Coordinator => CaseAccess::Pseudonymous,
        Role::Partner if referred => CaseAccess::Referral,
        _ => CaseAccess::None,
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
#[allow(clippy::unwrap_used)]
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
                    Action::ViewDirectory,
                    Action::ViewConvention,
                    Action::EditConvention,
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
                    Action::ViewAudit,
                    Action::OverseeCases,
                    Action::OverrideConsent,
                    Action::ViewDirectory,
                    Action::ManageDirectory,
                    Action::ManageRetention,
                    Action::PublishFigures,
                    Action::ManageExchange,
                    Action::ViewPlan,
                    Action::ManagePlan,
                    Action::UpdateMeasures,
                    Action::EditContent,
                    Action::ViewConvention,
                    Action::ManageRecommendations,
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
                    Action::ViewDirectory,
                    Action::ViewNetworks,
                    Action::PublishFigures,
                    Action::ViewPlan,
                    Action::ViewConvention,
                ],
            ),
            (
                Role::Caseworker,
                &[
                    Action::ViewDashboard,
                    Action::ViewAreas,
                    Action::ViewIndicators,
                    Action::WorkCases,
                    Action::ViewDirectory,
                    Action::ViewConvention,
                ],
            ),
            (
                Role::Partner,
                &[
                    Action::ViewDashboard,
                    Action::ViewAreas,
                    Action::ViewIndicators,
                    Action::ViewDirectory,
                    Action::ReceiveReferrals,
                    Action::ViewPlan,
                    Action::UpdateMeasures,
                    Action::ViewConvention,
                ],
            ),
            (
                Role::Dpo,
                &[
                    Action::ViewDashboard,
                    Action::ViewAreas,
                    Action::ViewIndicators,
                    Action::ViewAudit,
                    Action::ViewDirectory,
                    Action::ManageRetention,
                    Action::ViewConvention,
                ],
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
    fn network_analysis_is_the_analysts_unless_granted() {
        let none: &[Action] = &[];
        let granted = &[Action::ViewNetworks];
        assert!(allowed_with(Role::Analyst, Action::ViewNetworks, none));
        for role in [Role::Coordinator, Role::Caseworker, Role::Admin, Role::Dpo] {
            assert!(!allowed_with(role, Action::ViewNetworks, none), "{role}");
            assert!(allowed_with(role, Action::ViewNetworks, granted), "{role}");
        }
        // Never to an outside partner, and nothing else is grantable.
        assert!(!allowed_with(Role::Partner, Action::ViewNetworks, granted));
        assert!(!allowed_with(
            Role::Caseworker,
            Action::ManageUsers,
            &[Action::ManageUsers]
        ));
        for a in Action::ALL {
            assert_eq!(Action::parse(a.code()), Some(*a));
        }
    }

    #[test]
    fn need_to_know_for_a_case() {
        let ngo = AgencyCode::parse("ngo").unwrap();
        let other = AgencyCode::parse("ngo-2").unwrap();
        let police = AgencyCode::parse("police").unwrap();
        let own = Some((&ngo, AgencyKind::Ngo));
        assert_eq!(case_access(Role::Caseworker, own, &ngo, false), CaseAccess::Full);
        assert_eq!(case_access(Role::Caseworker, own, &other, true), CaseAccess::None);
        // A police caseworker holds no cases, not even one recorded under its code.
        assert_eq!(
            case_access(
                Role::Caseworker,
                Some((&police, AgencyKind::Police)),
                &police,
                false
            ),
            CaseAccess::None
        );
        assert_eq!(case_access(Role::Caseworker, None, &ngo, false), CaseAccess::None);
        assert_eq!(
            case_access(Role::Coordinator, None, &ngo, false),
            CaseAccess::Pseudonymous
        );
        assert_eq!(
            case_access(Role::Partner, Some((&police, AgencyKind::Police)), &ngo, false),
            CaseAccess::None
        );
        assert_eq!(
            case_access(Role::Partner, Some((&police, AgencyKind::Police)), &ngo, true),
            CaseAccess::Referral
        );
        for role in [Role::Analyst, Role::Admin, Role::Dpo] {
            assert_eq!(case_access(role, own, &ngo, true), CaseAccess::None);
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
