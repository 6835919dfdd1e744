//! Cooperation with partner cities: this city's exchange identity, the partners' directory, and the record of
//! every exchange package (a package is imported once). The store keeps keys, manifests and payloads as it is given
//! them (`vigie-exchange` makes and checks the packages); secrets and imported payloads are sealed with the field
//! key; every change is audited.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::{Actor, Result};

/// This city's exchange identity.
pub struct ExchangeIdentity {
    /// The identifier partners know this city by (in packages' sender and recipient).
    pub city_id: String,
    /// The public keys, as partners record them (`vigie-public-1:…`).
    pub public_key: String,
    /// The secret keys (`vigie-identity-1:…`).
    pub secret: Zeroizing<String>,
}

/// A partner city or organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    /// Its identifier in packages (lowercase letters, digits, `-`).
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub languages: Vec<String>,
    pub contacts: String,
    /// The agreement and its data-sharing terms.
    pub agreement: String,
    /// Its vigie's public keys (`vigie-public-1:…`).
    pub public_key: String,
    /// Whether a linkage secret is agreed (the secret itself is never shown).
    pub has_linkage_secret: bool,
    pub added_by: String,
    pub added_at: String,
}

/// A package exported or imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageRecord {
    pub package: String,
    /// `out` or `in`.
    pub direction: String,
    pub partner: String,
    pub kind: String,
    /// The manifest (JSON).
    pub manifest: String,
    pub actor: String,
    pub at: String,
}

/// The store's side of cooperation.
#[async_trait]
pub trait ExchangeStore: Send + Sync {
    /// Sets this city's exchange identity (audited `exchange.identity`); refused when one exists, unless
    /// `replace` (the partners must then be sent the new public key).
    async fn set_exchange_identity(
        &self,
        id: &ExchangeIdentity,
        replace: bool,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()>;
    /// This city's exchange identity, if one was made (needs the field key).
    async fn exchange_identity(&self) -> Result<Option<ExchangeIdentity>>;

    /// Adds or updates a partner (audited `partner.add`); the linkage secret, if given, is sealed.
    async fn save_partner(
        &self,
        p: &Partner,
        linkage_secret: Option<&[u8]>,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()>;
    async fn partners(&self) -> Result<Vec<Partner>>;
    async fn partner(&self, id: &str) -> Result<Option<Partner>>;
    /// The linkage secret agreed with a partner (audited `partner.secret`, with the purpose).
    async fn partner_linkage_secret(
        &self,
        id: &str,
        purpose: &str,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<Option<Zeroizing<Vec<u8>>>>;

    /// Whether a package was imported before.
    async fn package_seen(&self, package: &str) -> Result<bool>;
    /// Records an exported package (audited `exchange.export`).
    async fn record_export(&self, r: &PackageRecord, actor: &Actor, at: OffsetDateTime) -> Result<()>;
    /// Imports a package's payload (sealed) and records it, in one transaction (audited `exchange.import`); a
    /// package already imported is refused (`StoreError::Conflict`) and nothing changes.
    async fn import_package(
        &self,
        r: &PackageRecord,
        payload: &[u8],
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()>;
    /// Every package exported and imported, newest first.
    async fn packages(&self) -> Result<Vec<PackageRecord>>;
    /// The payloads imported of a kind, oldest first, with their record (audited `exchange.read`, with the
    /// purpose).
    async fn imported_payloads(
        &self,
        kind: &str,
        purpose: &str,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<Vec<(PackageRecord, Zeroizing<Vec<u8>>)>>;
}
