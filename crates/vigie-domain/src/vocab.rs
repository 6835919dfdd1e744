//! Controlled vocabularies. Each term has a stable machine code (used in files, URLs and the database) and a
//! translation key (`<vocabulary>-<code>`) in the Fluent files.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A value outside a controlled vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{found:?} is not a known {vocabulary}; expected one of: {expected}")]
pub struct VocabError {
    pub vocabulary: &'static str,
    pub found: String,
    pub expected: String,
}

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $vocab:literal, { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every term, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The vocabulary's name, also the prefix of its translation keys.
            pub const VOCABULARY: &'static str = $vocab;

            /// The stable machine code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Fluent key of the term's label.
            pub fn label_key(self) -> String {
                format!("{}-{}", $vocab, self.code().replace('_', "-"))
            }

            /// Parses a machine code (case-insensitive; '-' and ' ' read as '_').
            pub fn parse(raw: &str) -> Result<Self, VocabError> {
                let norm = raw.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match norm.as_str() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(VocabError {
                        vocabulary: $vocab,
                        found: raw.to_owned(),
                        expected: [$($code),+].join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = VocabError;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary!(
    /// What a user may do is decided by the role (see [`crate::policy`]).
    Role, "role", {
        /// Runs the instance: users, audit. Sees no personal data by virtue of the role.
        Admin => "admin",
        /// The city's safety coordinator.
        Coordinator => "coordinator",
        /// An analyst of the city or a partner.
        Analyst => "analyst",
        /// A caseworker of an NGO, social services, health or the labour inspectorate.
        Caseworker => "caseworker",
        /// A partner city or organisation with limited, aggregate access; a service provider sees the referrals
        /// made to it.
        Partner => "partner",
        /// The data-protection officer: reviews the audit log, erasure and retention; sees no case content.
        Dpo => "dpo",
    }
);

vocabulary!(
    /// The kind of a partner organisation.
    AgencyKind, "agency-kind", {
        Municipality => "municipality",
        SocialServices => "social_services",
        Ngo => "ngo",
        Health => "health",
        LabourInspectorate => "labour_inspectorate",
        School => "school",
        Housing => "housing",
        Police => "police",
        Prosecutor => "prosecutor",
        PartnerCity => "partner_city",
    }
);

vocabulary!(
    /// Types of incident relevant to organised crime and trafficking in human beings, as a city's partners record
    /// them. Descriptions of places and events, never of persons.
    IncidentType, "incident-type", {
        /// A place where drugs are sold on the street or from premises.
        DrugSellingPoint => "drug_selling_point",
        /// A seizure of drugs by police or customs.
        DrugSeizure => "drug_seizure",
        /// A place suspected of being used for sexual exploitation.
        SexualExploitationSite => "sexual_exploitation_site",
        /// A labour-inspection finding of exploitation (wages withheld, abusive conditions, forced labour).
        LabourExploitationFinding => "labour_exploitation_finding",
        /// Violence between criminal groups (fights, shootings, settling of scores).
        GroupViolence => "group_violence",
        /// Organised exploitation of begging.
        BeggingExploitation => "begging_exploitation",
        /// Illegal housing or a slum landlord (overcrowding, unfit dwellings let for profit).
        SlumLandlord => "slum_landlord",
        /// Recruitment of minors into drug selling or other crime.
        YouthRecruitment => "youth_recruitment",
        /// Extortion or racketeering of businesses or residents.
        Extortion => "extortion",
        /// A firearm found or used.
        Firearms => "firearms",
    }
);

vocabulary!(
    /// Whether a higher indicator value means a worse or a better situation.
    Direction, "direction", {
        HigherIsWorse => "higher_is_worse",
        HigherIsBetter => "higher_is_better",
    }
);

vocabulary!(
    /// Forms of exploitation, after the Human Trafficking Case Data Standard.
    ExploitationForm, "exploitation", {
        SexualExploitation => "sexual_exploitation",
        ForcedLabour => "forced_labour",
        ForcedCriminality => "forced_criminality",
        ForcedBegging => "forced_begging",
        DomesticServitude => "domestic_servitude",
        ForcedMarriage => "forced_marriage",
        ChildLabour => "child_labour",
        OrganRemoval => "organ_removal",
        IllegalAdoption => "illegal_adoption",
        SurrogacyExploitation => "surrogacy_exploitation",
        Other => "other",
    }
);

vocabulary!(
    /// Means of control used by the exploiters, after the Human Trafficking Case Data Standard.
    MeansOfControl, "means", {
        DebtBondage => "debt_bondage",
        WithheldDocuments => "withheld_documents",
        WithheldEarnings => "withheld_earnings",
        Threats => "threats",
        ThreatsOfDenunciation => "threats_of_denunciation",
        ThreatsToFamily => "threats_to_family",
        RestrictedMovement => "restricted_movement",
        Isolation => "isolation",
        PhysicalViolence => "physical_violence",
        SexualViolence => "sexual_violence",
        PsychologicalAbuse => "psychological_abuse",
        PsychoactiveSubstances => "psychoactive_substances",
        FalsePromises => "false_promises",
        ExcessiveWorkingHours => "excessive_working_hours",
        WithheldNecessities => "withheld_necessities",
        RestrictedMedicalCare => "restricted_medical_care",
        Other => "other",
    }
);

vocabulary!(
    /// How the person knew the recruiter.
    RecruiterRelation, "recruiter", {
        IntimatePartner => "intimate_partner",
        Family => "family",
        FriendOrAcquaintance => "friend_or_acquaintance",
        Employer => "employer",
        RecruitmentAgency => "recruitment_agency",
        Stranger => "stranger",
        Other => "other",
        Unknown => "unknown",
    }
);

vocabulary!(
    /// Sex as the person states it.
    Sex, "sex", {
        Female => "female",
        Male => "male",
        Other => "other",
        Unknown => "unknown",
    }
);

vocabulary!(
    /// Where a case stands in identification (Council of Europe Convention, Art. 10).
    VictimStatus, "victim-status", {
        /// Signs of trafficking; not yet assessed.
        Possible => "possible",
        /// Reasonable grounds to believe the person is a victim: the recovery and reflection period starts.
        Presumed => "presumed",
        /// Formally identified as a victim by the competent organisation.
        Identified => "identified",
    }
);

vocabulary!(
    /// Kinds of support service. Eligibility never depends on residence status.
    ServiceKind, "service-kind", {
        SafeAccommodation => "safe_accommodation",
        EmergencyMedical => "emergency_medical",
        Psychological => "psychological",
        LegalCounselling => "legal_counselling",
        Interpretation => "interpretation",
        LabourRights => "labour_rights",
        Education => "education",
        MaterialHelp => "material_help",
        ReturnReintegration => "return_reintegration",
        ComplaintToPolice => "complaint_to_police",
    }
);

vocabulary!(
    /// Where a referral stands: sent → accepted or refused → done; revoked when consent is withdrawn.
    ReferralStatus, "referral-status", {
        Sent => "sent",
        Accepted => "accepted",
        Refused => "refused",
        Done => "done",
        Revoked => "revoked",
    }
);

vocabulary!(
    /// Kinds of deadline tracked on a case.
    DeadlineKind, "deadline", {
        /// The end of the recovery and reflection period (Convention, Art. 13).
        ReflectionEnd => "reflection_end",
        /// A review of the case agreed with the person.
        Review => "review",
        /// The date by which a referral should have been answered.
        ReferralResponse => "referral_response",
    }
);

vocabulary!(
    /// The kind of response a measure of the local action plan gives (an integral plan mixes them all).
    ResponseKind, "response", {
        SocialPrevention => "social_prevention",
        YouthFamily => "youth_family",
        Education => "education",
        Housing => "housing",
        EconomicInclusion => "economic_inclusion",
        VictimSupport => "victim_support",
        Awareness => "awareness",
        /// Permits, licences, inspections: the administrative approach.
        AdministrativeBarrier => "administrative_barrier",
        /// Lighting, design, surveillance of places.
        SituationalPrevention => "situational_prevention",
        LawEnforcement => "law_enforcement",
    }
);

vocabulary!(
    /// Where a measure against trafficking raises a barrier (the barrier model: the stages a trafficking business
    /// goes through).
    PlanBarrier, "plan-barrier", {
        Recruitment => "recruitment",
        EntryIdentity => "entry_identity",
        Housing => "housing",
        Work => "work",
        Finance => "finance",
    }
);

vocabulary!(
    /// Where a measure of the action plan stands.
    MeasureStatus, "measure-status", {
        Planned => "planned",
        Running => "running",
        Done => "done",
        Suspended => "suspended",
        Cancelled => "cancelled",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in IncidentType::ALL {
            assert_eq!(IncidentType::parse(t.code()), Ok(*t));
        }
        for k in AgencyKind::ALL {
            assert_eq!(AgencyKind::parse(&k.to_string()), Ok(*k));
        }
        assert_eq!(Role::parse(" Coordinator "), Ok(Role::Coordinator));
        assert_eq!(
            IncidentType::parse("drug-selling-point"),
            Ok(IncidentType::DrugSellingPoint)
        );
        assert_eq!(
            IncidentType::SlumLandlord.label_key(),
            "incident-type-slum-landlord"
        );
    }

    #[test]
    fn unknown_terms_list_the_vocabulary() {
        let e = Role::parse("superuser").unwrap_err();
        assert!(e.to_string().contains("admin, coordinator"), "{e}");
    }
}
