//! Criminal networks as the analyst uploads them, and the role grants of the administrator.
//!
//! The store keeps a network's two files (sealed with the field key) and the per-area counts computed at upload;
//! it does not read the files (the caller checks them with `vigie-network` before saving). Every read of a
//! network's files checks the viewer's role against the policy and the grants, and is audited with what it was
//! read for, in the same transaction.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use vigie_domain::{Action, Role};

use crate::cases::Viewer;
use crate::{Actor, Result};

/// The longest name of a network.
pub const MAX_NETWORK_NAME: usize = 120;

/// What one area holds of a network: aggregate counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaPresenceRow {
    pub area: String,
    /// Companies and premises in the area with at least one link.
    pub premises: u64,
    /// Groups (communities found at upload) with an entity in the area.
    pub groups: u64,
    /// Entities of any kind in the area with at least one link.
    pub entities: u64,
}

/// A network to save.
#[derive(Debug, Clone)]
pub struct NewNetwork {
    /// A name the analyst chooses (unique; at most [`MAX_NETWORK_NAME`] characters).
    pub name: String,
    pub entities_file: String,
    /// The entities file's text, as uploaded.
    pub entities: String,
    pub links_file: String,
    pub links: String,
    pub entity_count: u64,
    pub link_count: u64,
    /// Per-area counts for the diagnosis (computed by the caller with the default analysis).
    pub presence: Vec<AreaPresenceRow>,
}

/// A stored network, without its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkInfo {
    pub id: i64,
    pub name: String,
    pub entities_file: String,
    pub links_file: String,
    pub sha256: String,
    pub entity_count: u64,
    pub link_count: u64,
    pub uploaded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
}

/// A stored network with its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNetwork {
    pub info: NetworkInfo,
    pub entities: String,
    pub links: String,
}

/// An action granted to a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGrant {
    pub role: Role,
    #[serde(serialize_with = "action_code")]
    pub action: Action,
    pub granted_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
}

fn action_code<S: serde::Serializer>(a: &Action, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(a.code())
}

/// Networks and grants.
#[async_trait]
pub trait NetworkStore: Send + Sync {
    /// Saves a network (refused without the right to view networks, without a field key, or when the name is
    /// taken). Audited as `network.upload`.
    async fn save_network(&self, v: &Viewer, n: &NewNetwork, at: OffsetDateTime) -> Result<i64>;
    /// The stored networks, newest first (audited as `network.list`).
    async fn networks(&self, v: &Viewer, at: OffsetDateTime) -> Result<Vec<NetworkInfo>>;
    /// One network with its files, audited as `network.view` with `purpose` (which page, which filters).
    async fn network(&self, v: &Viewer, id: i64, purpose: &str, at: OffsetDateTime) -> Result<StoredNetwork>;
    /// The newest network's per-area counts, for the area diagnosis: aggregates, no entity, readable by whoever
    /// reads the diagnosis. `None` when no network is stored.
    async fn network_presence(&self) -> Result<Option<(NetworkInfo, Vec<AreaPresenceRow>)>>;

    /// The actions granted to roles.
    async fn role_grants(&self) -> Result<Vec<RoleGrant>>;
    /// The actions granted to one role.
    async fn granted_to(&self, role: Role) -> Result<Vec<Action>>;
    /// Grants (`granted`) or withdraws an action from a role; only actions that [`vigie_domain::policy::grantable`]
    /// allows. Audited as `grant.add` or `grant.remove`; a change that changes nothing is not an error.
    async fn set_role_grant(
        &self,
        role: Role,
        action: Action,
        granted: bool,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()>;
}
