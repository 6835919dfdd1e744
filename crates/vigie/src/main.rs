//! The `vigie` command line: serves the web application, generates the demo city, imports files, manages users
//! and verifies the audit log. Only this crate parses command-line arguments.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

mod backup;
mod diagnose;
mod estimate;
mod exchange;
mod htcds;
mod link;
mod network;
mod parquet;
mod plan;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use time::OffsetDateTime;
use vigie_domain::{AgencyCode, City, CountryCode, Role, Username};
use vigie_store::{
    Actor, CaseStore, DbLocation, FieldKey, ImportKind, NewUser, PlanStore, SqlStore, Store, StoreError,
    TokenStore,
};
use vigie_synth::{DemoConfig, DemoFiles};
use vigie_web::auth::{hash_password, new_token, password_problem};
use vigie_web::{AppState, SystemClock, WebConfig};

#[derive(Parser)]
#[command(
    name = "vigie",
    version,
    about = "vigie: a city's integral, victim-centred response to organised crime and trafficking in human beings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArg {
    /// The database: a SQLite file (created if missing; a plain path or sqlite:PATH), or a PostgreSQL
    /// database (postgres://user:password@host:port/name, which must exist).
    #[arg(long, env = "VIGIE_DB", default_value = "vigie.sqlite")]
    db: String,
    /// The field-encryption key file (32 bytes in base64 or hex). Without it, VIGIE_KEY is read, else
    /// DB.key beside a SQLite database (written, readable by its owner only, when the server starts without
    /// one). A PostgreSQL database needs --key-file or VIGIE_KEY (with the server, a missing --key-file is
    /// written).
    #[arg(long, env = "VIGIE_KEY_FILE")]
    key_file: Option<PathBuf>,
}

impl DbArg {
    fn location(&self) -> Result<DbLocation> {
        Ok(DbLocation::parse(&self.db)?)
    }

    /// The database, for messages (a PostgreSQL password is not shown).
    fn shown(&self) -> String {
        DbLocation::parse(&self.db).map_or_else(|_| self.db.clone(), |l| l.redacted())
    }

    /// The default key file: a SQLite database's path with `.key` appended; `None` for PostgreSQL.
    fn default_key_file(&self) -> Result<Option<PathBuf>> {
        Ok(match self.location()? {
            DbLocation::Sqlite(path) => {
                let mut p = path.into_os_string();
                p.push(".key");
                Some(PathBuf::from(p))
            }
            DbLocation::Postgres(_) => None,
        })
    }
}

/// Finds the field-encryption key: `--key-file`, then `VIGIE_KEY`, then DB.key; with `create`, writes a new
/// DB.key when there is none.
fn field_key(db: &DbArg, create: bool) -> Result<Option<FieldKey>> {
    if let Some(path) = &db.key_file
        && (path.exists() || !create)
    {
        return Ok(Some(FieldKey::read(path)?));
    }
    if let Ok(text) = std::env::var("VIGIE_KEY")
        && !text.trim().is_empty()
    {
        return Ok(Some(FieldKey::parse(&text).context("VIGIE_KEY")?));
    }
    let path = match (&db.key_file, db.default_key_file()?) {
        (Some(path), _) => path.clone(),
        (None, Some(path)) => path,
        (None, None) if create => bail!(
            "a PostgreSQL database keeps no file beside it: give --key-file FILE (written if missing) or VIGIE_KEY"
        ),
        (None, None) => return Ok(None),
    };
    if path.exists() {
        return Ok(Some(FieldKey::read(&path)?));
    }
    if !create {
        return Ok(None);
    }
    let key = FieldKey::generate();
    write_private(&path, key.to_base64().as_bytes())
        .with_context(|| format!("cannot write the key file {}", path.display()))?;
    eprintln!(
        "a new field-encryption key was written to {}: back it up and keep it apart from the database (without it, \
         the cases cannot be read)",
        path.display()
    );
    Ok(Some(key))
}

/// Writes a file that only its owner can read (a new file; an existing one is not replaced).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.write_all(b"\n")?;
    f.sync_all()
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application.
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Address and port to listen on.
        #[arg(long, env = "VIGIE_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// With a new database: load the demo city and create one demo user per role (admin, coordinator,
        /// analyst, caseworker, partner). The password comes from VIGIE_DEMO_PASSWORD, else a random one is
        /// printed once.
        #[arg(long)]
        demo: bool,
        /// Minutes after which an unused session expires.
        #[arg(long, default_value_t = 30)]
        idle_minutes: u64,
        /// Largest file accepted on the import page, in MiB.
        #[arg(long, default_value_t = 32)]
        max_upload_mib: usize,
        /// Closed cases are erased this many days after closing, unless under legal hold (checked at start and
        /// then daily).
        #[arg(long, env = "VIGIE_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS)]
        retention_days: u32,
        /// The city's own library of measure templates for the plan's suggestions (JSON, as
        /// crates/vigie-plan/data/templates.json, which is used by default).
        #[arg(long, env = "VIGIE_MEASURE_TEMPLATES")]
        measure_templates: Option<PathBuf>,
        /// The city's own translations: `DIR/{lang}/*.ftl` (Fluent) files whose messages replace the built-in ones
        /// (see crates/vigie-web/locales/en/public.ftl for the public portal's texts and their notes).
        #[arg(long, env = "VIGIE_LOCALES")]
        locales: Option<PathBuf>,
        /// The smallest count the public portal publishes (other than 0): 5 or more (CTDC uses 11).
        #[arg(long, env = "VIGIE_MIN_CELL", default_value_t = 5)]
        min_cell: u64,
    },
    /// Write the whole public portal as static files (for a city that hosts it apart from the application):
    /// the same pages, downloads and style sheet that /public serves.
    Publish {
        #[command(flatten)]
        db: DbArg,
        /// The folder to write to (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The smallest count published (other than 0): 5 or more.
        #[arg(long, env = "VIGIE_MIN_CELL", default_value_t = 5)]
        min_cell: u64,
        /// The city's own translations (as `serve --locales`).
        #[arg(long, env = "VIGIE_LOCALES")]
        locales: Option<PathBuf>,
    },
    /// The demo city.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Import a file (all of it or nothing). Errors are listed as file:line:column: reason.
    Import {
        /// What the file holds.
        kind: KindArg,
        /// The file: GeoJSON for areas, CSV for the others.
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// User accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Machine tokens of the open API (/api/v1): make, list, revoke.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Victims' cases: data protection.
    Cases {
        #[command(subcommand)]
        command: CasesCommand,
    },
    /// The field-encryption key.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// A consistent snapshot of the database (while the server runs), encrypted to an administrator's key.
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// The administrator's public key (`vigie-public-1:…`, from `vigie backup-key`).
        #[arg(long)]
        to: String,
        /// The backup file (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Move a city's data into a new database (SQLite to PostgreSQL, or back), then compare every row and verify
    /// the copy's audit chain. Stop the server first.
    Migrate {
        /// The database to read: a SQLite file (a path or sqlite:PATH) or postgres://….
        #[arg(long)]
        from: String,
        /// The database to fill: a new SQLite file, or an empty PostgreSQL database.
        #[arg(long)]
        to: String,
        /// Print what was moved as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make an administrator's key pair for backups: the secret into FILE, the public key printed.
    BackupKey {
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into a new database (checked: format, key, checksum, SQLite's integrity; a PostgreSQL
    /// snapshot, or a restore into PostgreSQL, compared row for row).
    Restore {
        /// The database to create: a SQLite file that must not exist yet, or an empty PostgreSQL database
        /// (postgres://…).
        #[arg(long, env = "VIGIE_DB")]
        db: String,
        /// The administrator's secret key (from `vigie backup-key`).
        #[arg(long)]
        key: PathBuf,
        file: PathBuf,
    },
    /// Exports for national analysis.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Reports to the EU and the Council of Europe.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Cooperation with partner cities: keys, partners, signed and encrypted exchange packages.
    Exchange {
        #[command(subcommand)]
        command: ExchangeCommand,
    },
    /// Privacy-preserving record linkage: encode at the source, then link the encodings.
    Link {
        #[command(subcommand)]
        command: LinkCommand,
    },
    /// The city this instance serves.
    City {
        #[command(subcommand)]
        command: CityCommand,
    },
    /// Diagnose the areas: spatial statistics.
    Diagnose {
        #[command(subcommand)]
        command: DiagnoseCommand,
    },
    /// Criminal networks: link analysis of entities (persons by pseudonymous id, companies, premises, phones,
    /// vehicles, bank accounts) and their links.
    Network {
        #[command(subcommand)]
        command: NetworkCommand,
    },
    /// The local action plan: import its measures, evaluate their effect on the incidents.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// The hidden number of victims: multiple systems estimation from a capture-history table (one 0/1 column per
    /// list, then count; `vigie link dedup --capture-table` writes one).
    Estimate {
        /// The capture-history table (CSV).
        #[arg(long)]
        table: PathBuf,
        /// How the model is chosen.
        #[arg(long, value_enum, default_value_t = estimate::MethodArg::Stepwise)]
        method: estimate::MethodArg,
        /// Stepwise: add an interaction while its p-value is below this.
        #[arg(long, default_value_t = 0.02)]
        threshold: f64,
        /// BIC: highest order of the interactions (default: 1 for 2 lists, 2 for 3, 3 for 4–5, 2 for 6).
        #[arg(long)]
        max_order: Option<usize>,
        /// BIC: the bootstrap chooses among the best NTOP models of the ranking (default: all admissible ones; on 5
        /// or 6 lists that is thousands of models, and a smaller NTOP is much faster).
        #[arg(long)]
        ntop: Option<usize>,
        /// Add a term for heterogeneity of capture to every model (Rcapture's Mth models): people whom every
        /// list reaches more easily than others. darroch: normal heterogeneity; poisson2 and gamma3.5: heavier
        /// tails. The coefficient is kept ≥ 0.
        #[arg(long, value_enum, default_value_t = estimate::HeterogeneityArg::None)]
        heterogeneity: estimate::HeterogeneityArg,
        /// Bootstrap replicates (0: no bootstrap; the interval is then the model-conditional log-normal one).
        #[arg(long, default_value_t = 1000)]
        bootstrap: usize,
        #[arg(long, default_value_t = 1234)]
        seed: u64,
        /// Confidence level of the interval.
        #[arg(long, default_value_t = 0.95)]
        level: f64,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum NetworkCommand {
    /// Components, Leiden communities, betweenness, constraint, cut vertices and bridges, links abroad and their
    /// relays, facilitators with the barriers where the city can act. Descriptive only: no score of any person.
    Analyse {
        /// Entities CSV: id,kind,label,country,area[,attributes...].
        #[arg(long)]
        entities: PathBuf,
        /// Links CSV: source,target,kind[,weight][,date].
        #[arg(long)]
        links: PathBuf,
        #[command(flatten)]
        settings: network::Settings,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Adds the measures of a plan file (`{"measures": [...]}`, as `vigie demo generate` writes plan.json) to the
    /// city's plan, all of them or none: every problem is listed.
    Import {
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
    /// For each measure working in some areas: the change in the incident rate of its phenomena per 1,000
    /// inhabitants attributable to it (difference in differences against similar untreated areas), with a 95 %
    /// interval and the warnings that say when the comparison is weak.
    Evaluate {
        /// A folder as written by `vigie demo generate` (areas.geojson, incidents.csv, agencies.csv,
        /// indicators.csv, plan.json).
        #[arg(long, conflicts_with = "db", required_unless_present = "db")]
        city: Option<PathBuf>,
        /// The database of a running city instead (its plan and incidents).
        #[arg(long)]
        db: Option<String>,
        /// How many comparison areas to use.
        #[arg(long, default_value_t = 10)]
        comparison_areas: usize,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum DiagnoseCommand {
    /// Global and local spatial autocorrelation of a variable of the areas: Moran's I, local Moran (LISA) with
    /// quadrants, and Getis-Ord Gi*, with permutation pseudo p-values.
    Spatial {
        /// A GeoJSON FeatureCollection of the areas (polygons; planar or WGS84 coordinates).
        #[arg(long)]
        areas: PathBuf,
        /// The property that identifies each area.
        #[arg(long)]
        id_field: String,
        /// The numeric property to analyse.
        #[arg(long)]
        variable: String,
        /// queen, rook, knn:K, band:DIST or gal:FILE (a GeoDa GAL file with the same ids).
        #[arg(long, default_value = "queen")]
        weights: String,
        #[arg(long, default_value_t = 999)]
        permutations: usize,
        #[arg(long, default_value_t = 12345)]
        seed: u64,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The composite exclusion index of the areas (OECD/JRC Handbook), with each area's rank and its 5–95 %
    /// interval from a Monte Carlo uncertainty analysis.
    Index {
        /// A GeoJSON FeatureCollection of the areas.
        #[arg(long)]
        areas: PathBuf,
        /// The property that identifies each area.
        #[arg(long, default_value = "id")]
        id_field: String,
        /// Indicator values: CSV with area, indicator, period, value, and direction (as `vigie import indicators`).
        #[arg(long)]
        indicators: PathBuf,
        /// Indicator weights: CSV with columns indicator, weight (default: equal weights).
        #[arg(long)]
        weights: Option<PathBuf>,
        /// Weights from the first principal component instead of equal weights.
        #[arg(long, conflicts_with = "weights")]
        pca: bool,
        /// The period to use (default: each indicator's latest).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value = "min-max")]
        normalisation: NormArg,
        #[arg(long, value_enum, default_value = "arithmetic")]
        aggregation: AggArg,
        /// Monte Carlo runs of the uncertainty analysis.
        #[arg(long, default_value_t = 1000)]
        runs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
    /// Spatial weights of the areas, written as a GeoDa GAL file (readable by GeoDa and PySAL).
    Weights {
        #[arg(long)]
        areas: PathBuf,
        #[arg(long)]
        id_field: String,
        /// queen, rook, knn:K or band:DIST.
        #[arg(long, default_value = "queen")]
        weights: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The diagnosis report as one HTML file (open it in a browser; print it to PDF from there).
    Report {
        /// A folder as written by `vigie demo generate` (city.json, areas.geojson, indicators.csv, incidents.csv).
        #[arg(long, conflicts_with = "db", required_unless_present = "db")]
        city: Option<PathBuf>,
        /// The database of a running city instead.
        #[arg(long)]
        db: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        #[arg(long, default_value_t = 999)]
        permutations: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Fr,
}

#[derive(Clone, Copy, ValueEnum)]
enum NormArg {
    MinMax,
    ZScore,
    Rank,
}

#[derive(Clone, Copy, ValueEnum)]
enum AggArg {
    Arithmetic,
    Geometric,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Write the demo city as the files a real city would import, with its ground truth (truth.json).
    Generate {
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// About how many incidents.
        #[arg(long, default_value_t = 50_000)]
        incidents: usize,
        /// The size of the hidden victim population.
        #[arg(long, default_value_t = 600)]
        victims: usize,
    },
    /// Two partner cities whose victims overlap (for cross-city linkage): `a/lists/*.csv`, `b/lists/*.csv` and
    /// `truth.csv` (`city,list,record_id,entity_id`).
    TwoCities {
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        /// Each city's hidden victim population.
        #[arg(long, default_value_t = 600)]
        victims: usize,
        /// How many of city B's victims are city A's.
        #[arg(long, default_value_t = 150)]
        shared: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Areas,
    Indicators,
    Incidents,
    Agencies,
}

impl From<KindArg> for ImportKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Areas => ImportKind::Areas,
            KindArg::Indicators => ImportKind::Indicators,
            KindArg::Incidents => ImportKind::Incidents,
            KindArg::Agencies => ImportKind::Agencies,
        }
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input (at least 12 characters).
    Add {
        name: String,
        #[arg(long)]
        role: String,
        /// The partner agency the user works for.
        #[arg(long)]
        agency: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List users.
    List {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make a token for a machine client; its secret is printed once (only its SHA-256 is kept).
    Create {
        /// What the token is for (1 to 100 characters).
        #[arg(long)]
        name: String,
        /// The role the token acts as: it never reads more than this role may.
        #[arg(long)]
        role: String,
        /// A scope (repeat for several): read:summary, read:areas, read:indicators, read:incidents,
        /// read:diagnosis, read:statistics, read:cases, read:referrals, read:directory, read:convention; or `all`
        /// for every scope the role may carry.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Days until the token expires (1 to 730).
        #[arg(long, default_value_t = 90)]
        expires_days: i64,
        #[command(flatten)]
        db: DbArg,
        /// Print the token and its secret as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the tokens (never their secrets).
    List {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token: it is refused from now on.
    Revoke {
        id: i64,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain of the audit log; exits with 1 when it is broken.
    Verify {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The city's incidents, area indicators, areas and criminal networks' links as Parquet partitioned Hive-style
    /// (incidents/year=2024/part-0.parquet …) with _vigie.json, for Apache Spark or DataFusion (docs/parquet.md).
    /// Incidents and network entities under keyed pseudonyms; no coordinates, names, labels or free text. Audited
    /// as export.parquet.
    Parquet {
        #[command(flatten)]
        db: DbArg,
        /// The folder to write (new or empty).
        #[arg(long)]
        out: PathBuf,
        /// The city's pseudonymisation secret (a file of at least 16 bytes, e.g. from `vigie key generate`): the
        /// same incident keeps its pseudonym from one export to the next. Without it, a secret is drawn for this
        /// export and forgotten.
        #[arg(long, env = "VIGIE_EXPORT_SECRET_FILE")]
        secret_file: Option<PathBuf>,
        /// Print what was written (`_vigie.json`) as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// The year's registered victims in the breakdowns of the EU's statistics on trafficking (Directive
    /// 2011/36/EU as amended, Eurostat crim_thb): CSV, and its metadata as JSON beside it, disclosure-controlled.
    Eu {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        year: i32,
        /// The CSV file; the metadata goes to the same name with `.json`.
        #[arg(long)]
        out: PathBuf,
        /// The smallest count published (other than 0): 5 or more.
        #[arg(long, default_value_t = 5)]
        min_cell: u64,
    },
}

#[derive(Subcommand)]
enum ExchangeCommand {
    /// Make this city's exchange keys (Ed25519 to sign, X25519 to receive), kept in the database sealed with the
    /// field key; prints the public key to send to partners.
    Keygen {
        #[command(flatten)]
        db: DbArg,
        /// The identifier partners know this city by (lowercase letters, digits, '-').
        #[arg(long)]
        id: String,
        /// Replace existing keys (partners must then be sent the new public key).
        #[arg(long)]
        replace: bool,
    },
    /// Print this city's public key and its fingerprint.
    PublicKey {
        #[command(flatten)]
        db: DbArg,
    },
    /// Partner cities and organisations.
    Partner {
        #[command(subcommand)]
        command: PartnerCommand,
    },
    /// Make a package for a partner: signed by this city, readable only by the partner.
    Export {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        partner: String,
        #[arg(long, value_enum)]
        what: exchange::What,
        #[arg(long)]
        out: PathBuf,
        /// The encodings to send (`--what encodings`): JSON lines of `vigie link encode`.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Why the data is sent.
        #[arg(long)]
        purpose: String,
        /// The legal basis of the exchange (the agreement, its article).
        #[arg(long)]
        legal_basis: String,
        /// Days until the package expires (1 to 365).
        #[arg(long, default_value_t = 30)]
        valid_days: i64,
        /// The period the data covers (e.g. 2025-01-01), with --period-to.
        #[arg(long, requires = "period_to")]
        period_from: Option<String>,
        #[arg(long, requires = "period_from")]
        period_to: Option<String>,
        /// The smallest count in the statistics (5 or more).
        #[arg(long, default_value_t = 5)]
        min_cell: u64,
        /// The referral to send (`--what referral`): its number.
        #[arg(long)]
        referral: Option<i64>,
    },
    /// Check a package received (sender, signature, recipient, expiry, schema, not imported before) without
    /// importing it.
    Verify {
        #[command(flatten)]
        db: DbArg,
        file: PathBuf,
    },
    /// Check and import a package received; a package is imported once.
    Import {
        #[command(flatten)]
        db: DbArg,
        file: PathBuf,
    },
    /// The packages exported and imported.
    Packages {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// Write the encodings imported from partners as files, for `vigie link dedup` with the city's own lists.
    Encodings {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum PartnerCommand {
    /// Add or update a partner.
    Add {
        #[command(flatten)]
        db: DbArg,
        /// Its identifier in packages (lowercase letters, digits, '-').
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// ISO 3166-1 alpha-2 country code.
        #[arg(long)]
        country: String,
        /// Its vigie's public key (`vigie-public-1:…`, from `vigie exchange public-key` there).
        #[arg(long)]
        public_key: String,
        /// Languages, comma-separated.
        #[arg(long, default_value = "")]
        languages: String,
        #[arg(long, default_value = "")]
        contacts: String,
        /// The agreement and its data-sharing terms.
        #[arg(long, default_value = "")]
        agreement: String,
        /// A file holding the encoding secret agreed with the partner for linkage (kept sealed).
        #[arg(long)]
        linkage_secret_file: Option<PathBuf>,
    },
    /// List the partners.
    List {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum LinkCommand {
    /// Encode an agency's records into Bloom filters with the shared secret (run at the agency).
    Encode {
        /// The linkage schema the partners agreed on (JSON).
        #[arg(long)]
        schema: PathBuf,
        /// The shared secret (a file; never printed).
        #[arg(long)]
        secret_file: PathBuf,
        /// The records (CSV with a header).
        #[arg(long)]
        input: PathBuf,
        /// The encodings (JSON lines).
        #[arg(long)]
        output: PathBuf,
        /// The column with each record's identifier.
        #[arg(long, default_value = "record_id")]
        id_field: String,
        /// Write the valid records even when some are refused (they are still listed).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Link two lists of encodings one to one: writes a_id,b_id,score.
    Match {
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// Compare all pairs (no blocking).
        #[arg(long)]
        all_pairs: bool,
        /// Locality-sensitive hashing on the filters besides the blocking keys: BANDSxROWS, or none.
        #[arg(long, default_value = "24x28")]
        lsh: String,
        #[arg(long)]
        output: PathBuf,
        /// Known true pairs (a_id,b_id): print the blocking's pair completeness and the precision, recall and F1.
        #[arg(long)]
        truth: Option<PathBuf>,
        a: PathBuf,
        b: PathBuf,
    },
    /// Group the records of several lists into entities: writes list,record_id,entity_id.
    Dedup {
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        #[arg(long, default_value = "greedy", value_parser = link::solver)]
        solver: vigie_linkage::matching::Solver,
        #[arg(long)]
        all_pairs: bool,
        #[arg(long, default_value = "24x28")]
        lsh: String,
        #[arg(long)]
        output: PathBuf,
        /// Also write the capture histories (one 0/1 column per list, then count).
        #[arg(long)]
        capture_table: Option<PathBuf>,
        #[arg(required = true)]
        lists: Vec<PathBuf>,
    },
    /// Precision, recall and F1 of links or entities against the truth, with a threshold sweep.
    Evaluate {
        #[arg(long)]
        truth: PathBuf,
        #[arg(long)]
        links: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// Closed cases are kept five years by default.
const DEFAULT_RETENTION_DAYS: u32 = 5 * 365;

#[derive(Subcommand)]
enum CasesCommand {
    /// Erase the personal data of every case closed more than DAYS days ago and not under legal hold (audited).
    Retention {
        #[arg(long, default_value_t = DEFAULT_RETENTION_DAYS)]
        days: u32,
        #[command(flatten)]
        db: DbArg,
    },
    /// Write every case the coordinator oversees (erased ones excepted) in the structure of the Human Trafficking
    /// Case Data Standard (IOM), pseudonymised: no name, alias, birth date, contact or place detail; each case under
    /// an id keyed with a salt drawn for this export (audited as cases.export_htcds).
    ExportHtcds {
        /// The file to write (CSV, or JSON with --json).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Open cases for an agency from a file of case-data-standard records (a data hub's, or another city's): CSV,
    /// or JSON when the name ends in .json; the identity stays empty; all of the file or nothing (audited as
    /// cases.import_htcds).
    ImportHtcds {
        /// The agency the cases are opened for (one that holds cases).
        #[arg(long)]
        agency: String,
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Write a new random field-encryption key to FILE (readable by its owner only; an existing file is kept).
    Generate { file: PathBuf },
}

#[derive(Subcommand)]
enum CityCommand {
    /// Set the city's name and country.
    Set {
        name: String,
        /// ISO 3166-1 alpha-2 country code.
        #[arg(long)]
        country: String,
        #[command(flatten)]
        db: DbArg,
    },
}

/// A refused import: the errors were printed; exit with 2.
#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the file was refused; nothing was imported")
    }
}

impl std::error::Error for Refused {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VIGIE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) if e.is::<Refused>() || e.is::<link::Refused>() => ExitCode::from(2),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn open(db: &DbArg) -> Result<SqlStore> {
    open_with(db, false).await
}

/// Opens the database with its field key (see [`field_key`]); `create_key` writes a new key file if none exists.
async fn open_with(db: &DbArg, create_key: bool) -> Result<SqlStore> {
    let store = SqlStore::connect(&db.db)
        .await
        .with_context(|| format!("cannot open the database {}", db.shown()))?;
    match field_key(db, create_key)? {
        Some(key) => store
            .with_field_key(key)
            .await
            .with_context(|| format!("the field-encryption key does not fit {}", db.shown())),
        None => Ok(store),
    }
}

/// The command line acting with a role (named like [`cli_actor`]).
fn cli_viewer(role: Role) -> Result<vigie_store::Viewer> {
    let actor = cli_actor();
    let name = actor.name.replace(':', "-");
    Ok(vigie_store::Viewer::new(
        vigie_domain::User {
            username: Username::parse(&name).or_else(|_| Username::parse("cli"))?,
            role,
            agency: None,
            active: true,
        },
        "cli",
    ))
}

/// A time as RFC 3339 (UTC), for the command's output.
fn rfc3339(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

fn cli_actor() -> Actor {
    let who = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "local".into());
    Actor::new(format!("cli:{who}"), "cli")
}

async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve {
            db,
            addr,
            demo,
            idle_minutes,
            max_upload_mib,
            retention_days,
            measure_templates,
            locales,
            min_cell,
        } => {
            load_locales(locales)?;
            let disclosure = disclosure_rules(min_cell)?;
            let templates = match measure_templates {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    vigie_plan::suggest::read_templates(&text)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                    text
                }
                None => vigie_plan::suggest::DEFAULT_TEMPLATES.to_owned(),
            };
            serve(
                &db,
                addr,
                demo,
                retention_days,
                WebConfig {
                    idle_timeout: Duration::from_secs(idle_minutes.max(1) * 60),
                    max_upload_bytes: max_upload_mib.max(1) * 1024 * 1024,
                    measure_templates: templates,
                    disclosure,
                    ..WebConfig::default()
                },
            )
            .await?;
        }
        Command::Publish {
            db,
            out,
            min_cell,
            locales,
        } => {
            load_locales(locales)?;
            let disclosure = disclosure_rules(min_cell)?;
            let store = open(&db).await?;
            let state = AppState::new(
                Arc::new(store),
                Arc::new(SystemClock),
                WebConfig {
                    disclosure,
                    ..WebConfig::default()
                },
            );
            let files = vigie_web::publish::write_static(state, &out).await?;
            println!(
                "the public portal is written to {} ({} files; serve the folder at the site's root)",
                out.display(),
                files.len()
            );
        }
        Command::Cases {
            command: CasesCommand::Retention { days, db },
        } => {
            let store = open(&db).await?;
            let now = OffsetDateTime::now_utc();
            let erased = store.apply_retention(&cli_actor(), days, now.date(), now).await?;
            println!(
                "{} closed case(s) erased (retention {days} days){}",
                erased.len(),
                if erased.is_empty() {
                    String::new()
                } else {
                    format!(": {}", erased.join(", "))
                }
            );
        }
        Command::Cases {
            command: CasesCommand::ExportHtcds { out, json, db },
        } => {
            let store = open(&db).await?;
            let n = htcds::export(&store, &cli_viewer(Role::Coordinator)?, &out, json).await?;
            println!(
                "{n} case(s) written to {} in the structure of the case data standard (pseudonymous ids, keyed for \
                 this export only)",
                out.display()
            );
        }
        Command::Cases {
            command: CasesCommand::ImportHtcds { agency, file, db },
        } => {
            let store = open(&db).await?;
            let mut viewer = cli_viewer(Role::Caseworker)?;
            viewer.user.agency =
                Some(AgencyCode::parse(&agency).with_context(|| format!("--agency {agency}"))?);
            let refs = htcds::import(&store, &viewer, &file).await?;
            println!(
                "{} case(s) opened for {agency} from {}{}",
                refs.len(),
                file.display(),
                match (refs.first(), refs.last()) {
                    (Some(a), Some(b)) => format!(" ({a} … {b})"),
                    _ => String::new(),
                }
            );
        }
        Command::Export {
            command:
                ExportCommand::Parquet {
                    db,
                    out,
                    secret_file,
                    json,
                },
        } => {
            let store = open(&db).await?;
            let outcome = parquet::export(
                &store,
                &out,
                secret_file.as_deref(),
                &cli_viewer(parquet::READER)?,
                &cli_actor(),
            )
            .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&outcome)?);
            } else {
                print!("{}", parquet::text(&outcome));
            }
        }
        Command::Exchange { command } => run_exchange(command).await?,
        Command::Backup { db, to, out } => backup::backup(&open(&db).await?, &to, &out).await?,
        Command::BackupKey { out } => backup::keygen(&out)?,
        Command::Migrate { from, to, json } => backup::migrate(&from, &to, json).await?,
        Command::Restore { db, key, file } => backup::restore(&file, &key, &db).await?,
        Command::Report {
            command:
                ReportCommand::Eu {
                    db,
                    year,
                    out,
                    min_cell,
                },
        } => {
            let rules = disclosure_rules(min_cell)?;
            let store = open(&db).await?;
            let country = store
                .city()
                .await?
                .map(|c| c.country.as_str().to_owned())
                .unwrap_or_default();
            let facts = store.case_facts().await?;
            let report = vigie_web::eu_report::build(&facts, year, &country, &rules)?;
            std::fs::write(&out, report.to_csv())
                .with_context(|| format!("cannot write {}", out.display()))?;
            let meta = out.with_extension("json");
            std::fs::write(&meta, serde_json::to_string_pretty(&report.metadata())? + "\n")
                .with_context(|| format!("cannot write {}", meta.display()))?;
            let audit = vigie_store::AuditEntry {
                at: OffsetDateTime::now_utc(),
                actor: cli_actor(),
                action: "report.eu".into(),
                detail: serde_json::json!({ "year": year, "format": "csv" }),
            };
            store.audit(&audit).await?;
            println!(
                "{} lines for {year} written to {} (metadata: {})",
                report.rows.len(),
                out.display(),
                meta.display()
            );
        }
        Command::Link { command } => match command {
            LinkCommand::Encode {
                schema,
                secret_file,
                input,
                output,
                id_field,
                skip_invalid,
            } => link::encode(&schema, &secret_file, &input, &output, &id_field, skip_invalid)?,
            LinkCommand::Match {
                threshold,
                all_pairs,
                lsh,
                output,
                truth,
                a,
                b,
            } => link::match_two(
                &a,
                &b,
                threshold,
                &link::BlockingOptions {
                    all_pairs,
                    lsh: link::parse_lsh(&lsh).map_err(|e| anyhow::anyhow!("--lsh {lsh}: {e}"))?,
                },
                &output,
                truth.as_deref(),
            )?,
            LinkCommand::Dedup {
                threshold,
                solver,
                all_pairs,
                lsh,
                output,
                capture_table,
                lists,
            } => link::dedup(
                &lists,
                threshold,
                solver,
                &link::BlockingOptions {
                    all_pairs,
                    lsh: link::parse_lsh(&lsh).map_err(|e| anyhow::anyhow!("--lsh {lsh}: {e}"))?,
                },
                &output,
                capture_table.as_deref(),
            )?,
            LinkCommand::Evaluate { truth, links, json } => {
                let e = link::evaluate(&truth, &links)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&e)?);
                } else {
                    link::print_evaluation(&e);
                }
            }
        },
        Command::Key {
            command: KeyCommand::Generate { file },
        } => {
            write_private(&file, FieldKey::generate().to_base64().as_bytes())
                .with_context(|| format!("cannot write {}", file.display()))?;
            println!(
                "a new key was written to {}; give it with --key-file or VIGIE_KEY_FILE",
                file.display()
            );
        }
        Command::Demo {
            command:
                DemoCommand::Generate {
                    seed,
                    out,
                    incidents,
                    victims,
                },
        } => {
            let cfg = DemoConfig {
                seed,
                incidents,
                victims,
                ..DemoConfig::default()
            };
            let files = vigie_synth::generate(&cfg);
            let written = files
                .write_to(&out)
                .with_context(|| format!("cannot write into {}", out.display()))?;
            for p in &written {
                println!("{}", p.display());
            }
            eprintln!("demo city (seed {seed}) written to {}", out.display());
        }
        Command::Demo {
            command:
                DemoCommand::TwoCities {
                    seed,
                    out,
                    victims,
                    shared,
                },
        } => {
            let cfg = DemoConfig {
                seed,
                victims,
                ..DemoConfig::default()
            };
            let two = vigie_synth::two_cities(&cfg, shared);
            for (city, lists) in [("a", &two.a), ("b", &two.b)] {
                let dir = out.join(city).join("lists");
                std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
                for (list, csv) in lists.iter() {
                    let path = dir.join(format!("{list}.csv"));
                    std::fs::write(&path, csv).with_context(|| format!("cannot write {}", path.display()))?;
                    println!("{}", path.display());
                }
            }
            let truth = out.join("truth.csv");
            std::fs::write(&truth, &two.truth)
                .with_context(|| format!("cannot write {}", truth.display()))?;
            eprintln!(
                "two cities (seed {seed}) written to {}: {} persons on lists of both",
                out.display(),
                two.shared_on_lists
            );
        }
        Command::Import { kind, file, db, json } => {
            let store = open(&db).await?;
            let summary = import(&store, kind.into(), &file).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                println!(
                    "imported {}: {} rows, {} new, {} already stored",
                    summary.file_name, summary.rows, summary.inserted, summary.unchanged
                );
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    name,
                    role,
                    agency,
                    db,
                },
        } => {
            let username = Username::parse(&name).map_err(|e| anyhow::anyhow!("user name {name:?}: {e}"))?;
            let role = Role::parse(&role)?;
            let agency = agency
                .map(|a| AgencyCode::parse(&a))
                .transpose()
                .map_err(|e| anyhow::anyhow!("agency: {e}"))?;
            let password = read_password()?;
            let store = open(&db).await?;
            let hash =
                hash_password(&password).map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
            store
                .create_user(
                    &NewUser {
                        username: username.clone(),
                        role,
                        agency,
                        password_hash: hash,
                    },
                    &cli_actor(),
                    OffsetDateTime::now_utc(),
                )
                .await?;
            println!("user {username} created with role {role}");
        }
        Command::User {
            command: UserCommand::List { db, json },
        } => {
            let store = open(&db).await?;
            let users = store.users().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                for u in users {
                    let agency = u.agency.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
                    let state = if u.active { "active" } else { "deactivated" };
                    println!("{}\t{}\t{}\t{}", u.username, u.role, agency, state);
                }
            }
        }
        Command::Token {
            command:
                TokenCommand::Create {
                    name,
                    role,
                    scopes,
                    expires_days,
                    db,
                    json,
                },
        } => {
            let role = Role::parse(&role)?;
            let scopes = if scopes.iter().any(|s| s == "all") {
                vigie_domain::Scope::for_role(role)
            } else {
                scopes
                    .iter()
                    .map(|s| vigie_domain::Scope::parse(s).ok_or_else(|| anyhow::anyhow!("{s}: not a scope")))
                    .collect::<Result<Vec<_>>>()?
            };
            if !(1..=vigie_web::MAX_TOKEN_DAYS).contains(&expires_days) {
                return Err(anyhow::anyhow!(
                    "--expires-days: from 1 to {}",
                    vigie_web::MAX_TOKEN_DAYS
                ));
            }
            let store = open(&db).await?;
            let secret = vigie_web::auth::new_api_token();
            let now = OffsetDateTime::now_utc();
            let token = store
                .create_token(
                    &vigie_store::NewToken {
                        name,
                        role,
                        scopes,
                        secret_hash: vigie_web::auth::token_hash(&secret),
                        expires_at: now + time::Duration::days(expires_days),
                    },
                    &cli_actor(),
                    now,
                )
                .await?;
            if json {
                let mut v = serde_json::to_value(&token)?;
                v["secret"] = serde_json::Value::String(secret);
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                eprintln!(
                    "token {} made for {} as {}; it expires {}. Its secret (shown once):",
                    token.id,
                    token.name,
                    token.role,
                    rfc3339(token.expires_at)
                );
                println!("{secret}");
            }
        }
        Command::Token {
            command: TokenCommand::List { db, json },
        } => {
            let store = open(&db).await?;
            let tokens = store.tokens().await?;
            let now = OffsetDateTime::now_utc();
            if json {
                println!("{}", serde_json::to_string_pretty(&tokens)?);
            } else {
                for t in tokens {
                    let state = match t.state(now) {
                        vigie_store::TokenState::Active => "active",
                        vigie_store::TokenState::Revoked => "revoked",
                        vigie_store::TokenState::Expired => "expired",
                    };
                    let scopes: Vec<&str> = t.scopes.iter().map(|s| s.code()).collect();
                    println!(
                        "{}\t{}\t{}\t{}\t{}\texpires {}",
                        t.id,
                        t.name,
                        t.role,
                        scopes.join(" "),
                        state,
                        rfc3339(t.expires_at)
                    );
                }
            }
        }
        Command::Token {
            command: TokenCommand::Revoke { id, db },
        } => {
            let store = open(&db).await?;
            let t = store
                .revoke_token(id, &cli_actor(), OffsetDateTime::now_utc())
                .await?;
            println!("token {} ({}) revoked", t.id, t.name);
        }
        Command::Audit {
            command: AuditCommand::Verify { db, json },
        } => {
            let store = open(&db).await?;
            let report = store.audit_verify().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else if let Some((seq, why)) = &report.broken_at {
                println!(
                    "audit log BROKEN at entry {seq}: {why} ({} entries read)",
                    report.entries
                );
            } else {
                println!(
                    "audit log intact: {} entries, hash chain verified",
                    report.entries
                );
            }
            if !report.ok() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::City {
            command: CityCommand::Set { name, country, db },
        } => {
            let country =
                CountryCode::parse(&country).map_err(|e| anyhow::anyhow!("country {country:?}: {e}"))?;
            let name = name.trim().to_owned();
            if name.is_empty() {
                bail!("the city needs a name");
            }
            let store = open(&db).await?;
            store
                .set_city(
                    &City {
                        name: name.clone(),
                        country,
                    },
                    &cli_actor(),
                    OffsetDateTime::now_utc(),
                )
                .await?;
            println!("city set: {name}");
        }
        Command::Network {
            command:
                NetworkCommand::Analyse {
                    entities,
                    links,
                    settings,
                    json,
                },
        } => {
            let report = network::run(&entities, &links, &settings)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", network::text(&report));
            }
        }
        Command::Plan {
            command: PlanCommand::Import { file, db },
        } => {
            let store = open(&db).await?;
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let parsed: vigie_domain::plan::PlanFile = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a plan file", file.display()))?;
            let viewer = cli_viewer(Role::Coordinator)?;
            match store
                .create_measures(&viewer, &parsed.measures, OffsetDateTime::now_utc())
                .await
            {
                Ok(added) => println!("{} measures added to the plan", added.len()),
                Err(StoreError::Invalid(problems)) => {
                    for p in &problems {
                        eprintln!("{}: {p}", file.display());
                    }
                    bail!("the plan was refused; nothing was added");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Command::Plan {
            command:
                PlanCommand::Evaluate {
                    city,
                    db,
                    comparison_areas,
                    json,
                },
        } => {
            let (areas, incidents, measures) = match (city, db) {
                (Some(dir), _) => plan::from_dir(&dir, OffsetDateTime::now_utc().date())?,
                (None, Some(db)) => {
                    let store = open(&DbArg { db, key_file: None }).await?;
                    let viewer = cli_viewer(Role::Analyst)?;
                    let measures = store
                        .measures(&viewer)
                        .await?
                        .into_iter()
                        .map(|m| m.measure)
                        .collect();
                    let incidents = store
                        .incidents(&vigie_store::IncidentFilter::default(), u32::MAX, 0)
                        .await?;
                    (store.areas().await?, incidents, measures)
                }
                (None, None) => bail!("give --city DIR or --db PATH"),
            };
            let out = plan::evaluate(&areas, &incidents, &measures, comparison_areas);
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print!("{}", plan::text(&out));
            }
        }
        Command::Estimate {
            table,
            method,
            threshold,
            max_order,
            ntop,
            heterogeneity,
            bootstrap,
            seed,
            level,
            json,
        } => {
            let choice = estimate::Choice {
                method,
                threshold,
                max_order,
                ntop,
                heterogeneity,
            };
            let out = estimate::run(&table, &choice, bootstrap, seed, level)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print!("{}", estimate::text(&out));
            }
        }
        Command::Diagnose {
            command:
                DiagnoseCommand::Spatial {
                    areas,
                    id_field,
                    variable,
                    weights,
                    permutations,
                    seed,
                    json,
                },
        } => {
            let out = diagnose::spatial(&areas, &id_field, &variable, &weights, permutations, seed)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print!("{}", diagnose::spatial_text(&out));
            }
        }
        Command::Diagnose {
            command:
                DiagnoseCommand::Weights {
                    areas,
                    id_field,
                    weights,
                    out,
                },
        } => {
            let summary = diagnose::write_weights(&areas, &id_field, &weights, &out)?;
            println!("{summary}");
        }
        Command::Diagnose {
            command:
                DiagnoseCommand::Report {
                    city,
                    db,
                    out,
                    lang,
                    permutations,
                    seed,
                },
        } => {
            let lang = match lang {
                LangArg::En => vigie_web::i18n::Lang::En,
                LangArg::Fr => vigie_web::i18n::Lang::Fr,
            };
            let settings = vigie_diagnosis::report::Settings {
                permutations,
                seed,
                ..vigie_diagnosis::report::Settings::default()
            };
            let html = match (city, db) {
                (Some(dir), _) => diagnose::report_from_dir(&dir, lang, &settings)?,
                (None, Some(db)) => {
                    let store = open(&DbArg { db, key_file: None }).await?;
                    let c = vigie_web::diagnosis::from_store(&store, &settings).await?;
                    // The command line reads the report as an analyst would (the plan, the networks' counts).
                    let extras = vigie_web::diagnosis::extras(&store, &cli_viewer(Role::Analyst)?).await?;
                    diagnose::report_html_with(&c.diagnosis, &c.areas, lang, extras)
                }
                (None, None) => bail!("give --city DIR or --db PATH"),
            };
            std::fs::write(&out, html).with_context(|| format!("cannot write {}", out.display()))?;
            println!("report written to {}", out.display());
        }
        Command::Diagnose {
            command:
                DiagnoseCommand::Index {
                    areas,
                    id_field,
                    indicators,
                    weights,
                    pca,
                    period,
                    normalisation,
                    aggregation,
                    runs,
                    seed,
                    json,
                },
        } => {
            use vigie_diagnosis::index::{Aggregation, IndexOptions, Normalisation, WeightScheme};
            let opts = IndexOptions {
                normalisation: match normalisation {
                    NormArg::MinMax => Normalisation::MinMax,
                    NormArg::ZScore => Normalisation::ZScore,
                    NormArg::Rank => Normalisation::Rank,
                },
                aggregation: match aggregation {
                    AggArg::Arithmetic => Aggregation::Arithmetic,
                    AggArg::Geometric => Aggregation::Geometric,
                },
                weights: if pca {
                    WeightScheme::Pca
                } else {
                    WeightScheme::Equal
                },
                runs,
                seed,
                ..IndexOptions::default()
            };
            let out = diagnose::index(
                &areas,
                &id_field,
                &indicators,
                weights.as_deref(),
                period.as_deref(),
                opts,
            )?;
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print!("{}", diagnose::index_text(&out));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the password: the first line of standard input. At a terminal the typed password is echoed, so piping
/// it in (`printf '%s\n' "$PW" | vigie user add ...`) is the safer way; the README says so.
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("password (at least 12 characters, ends with Enter): ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if let Some(problem) = password_problem(&password) {
        bail!("{}", vigie_web::i18n::Lang::En.t(problem));
    }
    Ok(password)
}

fn spinner(msg: String) -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.set_message(msg);
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// Imports one file with progress on standard error; a refused file prints every error.
async fn import(store: &SqlStore, kind: ImportKind, path: &Path) -> Result<vigie_store::ImportSummary> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let now = OffsetDateTime::now_utc();
    let pb = spinner(format!("validating {name}"));
    let parsed = match vigie_store::parse_file(kind, &name, &bytes, now.date()) {
        Ok(p) => p,
        Err(e) => {
            pb.finish_and_clear();
            return Err(report_refusal(e));
        }
    };
    pb.finish_and_clear();
    eprintln!("writing {} rows of {name} in one transaction", parsed.rows());
    let pb = spinner(format!("writing {} rows", parsed.rows()));
    let result = vigie_store::store_file(store, &parsed, &cli_actor(), now).await;
    pb.finish_and_clear();
    result.map_err(report_refusal)
}

fn report_refusal(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Rejected(errors) => {
            for err in &errors.errors {
                eprintln!("{err}");
            }
            if errors.unlisted > 0 {
                eprintln!("… and {} more errors", errors.unlisted);
            }
            eprintln!("the file was refused; nothing was imported");
            anyhow::Error::new(Refused)
        }
        other => other.into(),
    }
}

/// Where the demo users' password came from.
enum DemoPassword {
    /// Made up now; printed once.
    Random(String),
    FromEnvironment,
    /// The demo was loaded by an earlier start.
    AsBefore,
}

/// Loads the demo city into an empty store and creates one user per role.
async fn load_demo(store: &SqlStore) -> Result<DemoPassword> {
    let (password, origin) = match std::env::var("VIGIE_DEMO_PASSWORD") {
        Ok(p) if !p.is_empty() => {
            if let Some(problem) = password_problem(&p) {
                bail!("VIGIE_DEMO_PASSWORD: {}", vigie_web::i18n::Lang::En.t(problem));
            }
            (p, DemoPassword::FromEnvironment)
        }
        _ => {
            let p: String = new_token()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(16)
                .collect();
            (p.clone(), DemoPassword::Random(p))
        }
    };
    let files: DemoFiles = vigie_synth::generate(&DemoConfig::default());
    let actor = Actor::new("demo", "cli");
    let now = OffsetDateTime::now_utc();
    let city: City = serde_json::from_str(files.get("city.json").context("the demo has no city.json")?)?;
    store.set_city(&city, &actor, now).await?;
    for (kind, file) in [
        (ImportKind::Agencies, "agencies.csv"),
        (ImportKind::Areas, "areas.geojson"),
        (ImportKind::Indicators, "indicators.csv"),
        (ImportKind::Incidents, "incidents.csv"),
    ] {
        let text = files
            .get(file)
            .with_context(|| format!("the demo has no {file}"))?;
        let s = vigie_store::import_file(store, kind, file, text.as_bytes(), &actor, now)
            .await
            .with_context(|| format!("loading the demo's {file}"))?;
        tracing::info!(file, rows = s.rows, "demo file loaded");
    }
    let hash = hash_password(&password).map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
    let agencies = store.agencies().await?;
    for role in Role::ALL {
        // Each demo user works for a plausible agency of the demo city.
        let wanted = match role {
            Role::Caseworker => "ngo",
            // The partner is the safe-accommodation provider, so that a referral can be answered.
            Role::Partner => "refuge",
            _ => "city",
        };
        let agency = agencies
            .iter()
            .find(|a| a.code.as_str() == wanted)
            .map(|a| a.code.clone());
        let username = Username::parse(role.code())?;
        store
            .create_user(
                &NewUser {
                    username,
                    role: *role,
                    agency,
                    password_hash: hash.clone(),
                },
                &actor,
                now,
            )
            .await?;
    }
    let (cases, services) = vigie_web::demo::load_cases(store, &files, now).await?;
    tracing::info!(cases, services, "demo cases loaded");
    let network = vigie_web::demo::load_network(store, &files, now).await?;
    tracing::info!(network, "demo network loaded");
    let measures = vigie_web::demo::load_plan(store, &files, now).await?;
    tracing::info!(measures, "demo action plan loaded");
    let estimate = vigie_web::demo::load_estimate(store, &files, now).await?;
    tracing::info!(estimate, "demo estimate of the hidden number published");
    Ok(origin)
}

async fn run_exchange(command: ExchangeCommand) -> Result<()> {
    let actor = cli_actor();
    match command {
        ExchangeCommand::Keygen { db, id, replace } => {
            exchange::keygen(&open_with(&db, true).await?, &id, replace, &actor).await
        }
        ExchangeCommand::PublicKey { db } => exchange::public_key(&open(&db).await?).await,
        ExchangeCommand::Partner { command } => match command {
            PartnerCommand::Add {
                db,
                id,
                name,
                country,
                public_key,
                languages,
                contacts,
                agreement,
                linkage_secret_file,
            } => {
                exchange::partner_add(
                    &open(&db).await?,
                    exchange::NewPartner {
                        id,
                        name,
                        country,
                        languages: languages
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect(),
                        contacts,
                        agreement,
                        public_key,
                        linkage_secret_file,
                    },
                    &actor,
                )
                .await
            }
            PartnerCommand::List { db, json } => exchange::partner_list(&open(&db).await?, json).await,
        },
        ExchangeCommand::Export {
            db,
            partner,
            what,
            out,
            input,
            purpose,
            legal_basis,
            valid_days,
            period_from,
            period_to,
            min_cell,
            referral,
        } => {
            let state = AppState::new(
                Arc::new(open(&db).await?),
                Arc::new(SystemClock),
                WebConfig {
                    disclosure: disclosure_rules(min_cell)?,
                    ..WebConfig::default()
                },
            );
            exchange::export(
                &state,
                exchange::Export {
                    partner,
                    what,
                    out,
                    input,
                    purpose,
                    legal_basis,
                    valid_days,
                    period: period_from.zip(period_to),
                    referral: match referral {
                        Some(id) => Some((id, cli_viewer(Role::Coordinator)?)),
                        None => None,
                    },
                },
                &actor,
            )
            .await
        }
        ExchangeCommand::Verify { db, file } => exchange::verify(&open(&db).await?, &file).await,
        ExchangeCommand::Import { db, file } => exchange::import(&open(&db).await?, &file, &actor).await,
        ExchangeCommand::Packages { db, json } => exchange::packages(&open(&db).await?, json).await,
        ExchangeCommand::Encodings { db, out } => {
            exchange::extract_encodings(&open(&db).await?, &out, &actor).await
        }
    }
}

/// Loads the city's translations (`--locales DIR`) for the life of the process.
fn load_locales(dir: Option<PathBuf>) -> Result<()> {
    if let Some(dir) = dir {
        let o = vigie_web::i18n::Overrides::load(&dir)?;
        let langs: Vec<&str> = o.languages().iter().map(|l| l.code()).collect();
        tracing::info!(dir = %dir.display(), languages = ?langs, "the city's translations");
        vigie_web::i18n::set_overrides(o)?;
    }
    Ok(())
}

/// The public portal's disclosure rules: the minimum cell size may only be raised above vigie's 5.
fn disclosure_rules(min_cell: u64) -> Result<vigie_disclosure::Rules> {
    if min_cell < 5 {
        bail!("--min-cell {min_cell}: the smallest count published must be 5 or more");
    }
    Ok(vigie_disclosure::Rules {
        threshold: min_cell,
        ..vigie_disclosure::Rules::default()
    })
}

async fn serve(
    db: &DbArg,
    addr: SocketAddr,
    demo: bool,
    retention_days: u32,
    config: WebConfig,
) -> Result<()> {
    let store = open_with(db, true).await?;
    let mut demo_password = DemoPassword::AsBefore;
    if demo {
        let s = store.summary().await?;
        if s.users == 0 && s.areas == 0 {
            eprintln!("loading the demo city into {} …", db.shown());
            demo_password = load_demo(&store).await?;
        } else {
            eprintln!(
                "{} already holds data: the demo city is not loaded again",
                db.shown()
            );
        }
    }
    // The retention rule, at start and then once a day.
    let retention_store = store.clone();
    tokio::spawn(async move {
        let actor = Actor::new("system:retention", "server");
        loop {
            let now = OffsetDateTime::now_utc();
            match retention_store
                .apply_retention(&actor, retention_days, now.date(), now)
                .await
            {
                Ok(erased) if !erased.is_empty() => {
                    tracing::info!(erased = erased.len(), "retention applied")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention could not be applied"),
            }
            tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
        }
    });
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let state = AppState::new(Arc::new(store), Arc::new(SystemClock), config);
    println!("vigie is listening on http://{local}/");
    if demo {
        let users = "demo users: admin, coordinator, analyst, caseworker, partner, dpo";
        match &demo_password {
            DemoPassword::Random(p) => println!("{users} — password (shown only now): {p}"),
            DemoPassword::FromEnvironment => println!("{users} — password from VIGIE_DEMO_PASSWORD"),
            DemoPassword::AsBefore => println!("{users} — password as set when the demo was first loaded"),
        }
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    vigie_web::serve(listener, state, shutdown)
        .await
        .context("the server stopped")?;
    Ok(())
}
