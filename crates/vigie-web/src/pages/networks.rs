//! Criminal networks for analysts (and roles the administrator granted): upload entities and links, see the
//! structure — components, communities, brokers, links abroad, facilitators — drawn and listed. The store checks
//! the role again and audits every read with what it was read for. Descriptive, never predictive: nothing here
//! scores a person; persons appear by their pseudonymous ids only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_domain::policy::Action;
use vigie_network::analysis::Barrier;
use vigie_network::layout::{LayoutOptions, force_layout, quotient};
use vigie_network::leiden::Objective;
use vigie_network::resolve::resolve;
use vigie_network::{EntityKind, Network, Options, Report};
use vigie_render::{NetEdge, NetNode, NetworkOptions, NodeShape, network_svg};
use vigie_store::{AreaPresenceRow, NetworkInfo, NewNetwork, StoreError, StoredNetwork};

use super::{Choice, PageCtx, render_status, store_error};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::i18n::Lang;

/// Above this many entities to draw, the drawing shows the graph of communities instead.
pub const MAX_DRAWN: usize = 500;
/// Rows of the brokers table.
const BROKER_ROWS: usize = 20;

/// The shape of an entity kind in drawings.
pub fn shape(kind: EntityKind) -> NodeShape {
    match kind {
        EntityKind::Person => NodeShape::Circle,
        EntityKind::Company => NodeShape::Square,
        EntityKind::Premises => NodeShape::Diamond,
        EntityKind::Phone => NodeShape::Triangle,
        EntityKind::BankAccount => NodeShape::TriangleDown,
        EntityKind::Vehicle => NodeShape::Hexagon,
    }
}

fn kind_label(lang: Lang, kind: EntityKind) -> String {
    lang.t(&format!("network-kind-{}", kind.name().replace('_', "-")))
}

fn barrier_label(lang: Lang, b: Barrier) -> String {
    let key = match b {
        Barrier::Entry => "network-barrier-entry",
        Barrier::Housing => "network-barrier-housing",
        Barrier::Work => "network-barrier-work",
        Barrier::Finance => "network-barrier-finance",
    };
    lang.t(key)
}

fn link_label(lang: Lang, kind: vigie_network::LinkKind) -> String {
    lang.t(&format!("network-link-{}", kind.name().replace('_', "-")))
}

/// The analysis settings and the filters of the network page, as given in the query string.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ViewQuery {
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub seed: Option<String>,
    #[serde(default)]
    pub weighted: Option<String>,
    /// Merge duplicate companies, premises, phones, vehicles and bank accounts first.
    #[serde(default)]
    pub resolve: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub community: Option<String>,
    #[serde(default)]
    pub area: Option<String>,
    /// `entities`, `communities`, or empty: entities up to [`MAX_DRAWN`], else communities.
    #[serde(default)]
    pub draw: Option<String>,
}

/// The settings, checked.
struct Settings {
    resolution: f64,
    seed: u64,
    weighted: bool,
    resolve: bool,
    from: Option<String>,
    to: Option<String>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn valid_date(s: &str) -> bool {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

impl ViewQuery {
    fn settings(&self, lang: Lang, errors: &mut Vec<String>) -> Settings {
        let resolution = match non_empty(&self.resolution).map(|r| r.replace(',', ".").parse::<f64>()) {
            None => 1.0,
            Some(Ok(r)) if r.is_finite() && r > 0.0 && r <= 100.0 => r,
            Some(_) => {
                errors.push(lang.t("network-bad-resolution"));
                1.0
            }
        };
        let seed = match non_empty(&self.seed).map(str::parse::<u64>) {
            None => 1,
            Some(Ok(s)) => s,
            Some(Err(_)) => {
                errors.push(lang.t("network-bad-seed"));
                1
            }
        };
        let mut date = |d: &Option<String>| match non_empty(d) {
            Some(d) if valid_date(d) => Some(d.to_owned()),
            Some(_) => {
                errors.push(lang.t("network-bad-date"));
                None
            }
            None => None,
        };
        let from = date(&self.from);
        let to = date(&self.to);
        Settings {
            resolution,
            seed,
            weighted: non_empty(&self.weighted).is_some(),
            resolve: non_empty(&self.resolve).is_some(),
            from,
            to,
        }
    }

    /// The query string of the analysis settings alone (for links to the community and facilitator pages).
    fn settings_query(&self) -> String {
        let mut parts = Vec::new();
        for (key, value) in [
            ("resolution", &self.resolution),
            ("seed", &self.seed),
            ("weighted", &self.weighted),
            ("resolve", &self.resolve),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(v) = non_empty(value) {
                parts.push(format!("{key}={}", crate::auth::percent_encode(v)));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// What the audit records of the view.
    fn purpose(&self, page: &str) -> String {
        let mut p = page.to_owned();
        for (key, value) in [
            ("resolution", &self.resolution),
            ("seed", &self.seed),
            ("weighted", &self.weighted),
            ("resolve", &self.resolve),
            ("from", &self.from),
            ("to", &self.to),
            ("kind", &self.kind),
            ("community", &self.community),
            ("area", &self.area),
            ("draw", &self.draw),
        ] {
            if let Some(v) = non_empty(value) {
                let _ = write!(p, " {key}={}", v.chars().take(40).collect::<String>());
            }
        }
        p
    }
}

/// Reads a stored network (checked at upload) and analyses it with the settings.
fn analyse(stored: &StoredNetwork, s: &Settings) -> Result<(Network, Report), String> {
    let mut network = Network::read(
        stored.entities.as_bytes(),
        &stored.info.entities_file,
        stored.links.as_bytes(),
        &stored.info.links_file,
    )
    .map_err(|e| e.to_string())?
    .between(s.from.as_deref(), s.to.as_deref());
    // Resolved here rather than by `analyse`, so that the pages draw the same (resolved) entities the report
    // describes.
    let mut merged = Vec::new();
    if s.resolve {
        let (resolved, m) =
            resolve(&network, vigie_network::resolve::DEFAULT_THRESHOLD).map_err(|e| e.to_string())?;
        network = resolved;
        merged = m;
    }
    let mut report = vigie_network::analyse(
        &network,
        &Options {
            objective: Objective::Modularity {
                resolution: s.resolution,
            },
            seed: s.seed,
            weighted: s.weighted,
            home_country: None,
            pivots: None,
            resolve: None,
        },
    )
    .map_err(|e| e.to_string())?;
    report.merged = merged;
    Ok((network, report))
}

/// Reads and analyses the network off the async runtime.
async fn load(
    state: &AppState,
    a: &Authed,
    id: i64,
    query: &ViewQuery,
    page: &str,
) -> Result<(NetworkInfo, Network, Report, Vec<String>), AppError> {
    let lang = a.ctx.lang;
    let mut errors = Vec::new();
    let settings = query.settings(lang, &mut errors);
    let stored = state
        .store
        .network(&a.viewer(), id, &query.purpose(page), state.clock.now())
        .await
        .map_err(|e| store_error(lang, e))?;
    let info = stored.info.clone();
    let (network, report) = tokio::task::spawn_blocking(move || analyse(&stored, &settings))
        .await
        .map_err(|_| AppError::internal(lang))?
        .map_err(|e| {
            tracing::error!(error = %e, network = id, "a stored network cannot be analysed");
            AppError::internal(lang)
        })?;
    Ok((info, network, report, errors))
}

/// A label and a value.
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A stored network in the list.
pub struct NetworkRow {
    pub id: i64,
    pub name: String,
    pub entities: u64,
    pub links: u64,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

#[derive(Template)]
#[template(path = "networks.html")]
struct ListPage {
    page: PageCtx,
    networks: Vec<NetworkRow>,
    errors: Vec<String>,
    name: String,
}

async fn list_page(
    state: &AppState,
    a: &Authed,
    status: StatusCode,
    errors: Vec<String>,
    name: String,
) -> Result<Response, AppError> {
    let lang = a.ctx.lang;
    let networks = state
        .store
        .networks(&a.viewer(), state.clock.now())
        .await
        .map_err(|e| store_error(lang, e))?
        .into_iter()
        .map(|n| NetworkRow {
            id: n.id,
            name: n.name,
            entities: n.entity_count,
            links: n.link_count,
            uploaded_by: n.uploaded_by,
            uploaded_at: n.uploaded_at.date().to_string(),
        })
        .collect();
    render_status(
        status,
        &ListPage {
            page: PageCtx::authed(a),
            networks,
            errors,
            name,
        },
    )
}

/// `GET /networks`: the stored networks and the upload form.
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewNetworks)?;
    list_page(&state, &a, StatusCode::OK, Vec::new(), String::new()).await
}

/// A network ready to store: read whole (or every problem, each naming the file, the line and the field) and
/// analysed with the default settings for the per-area counts of the diagnosis.
pub fn prepare(
    name: &str,
    entities_file: &str,
    entities: String,
    links_file: &str,
    links: String,
) -> Result<NewNetwork, vigie_network::Error> {
    let network = Network::read(entities.as_bytes(), entities_file, links.as_bytes(), links_file)?;
    let report = vigie_network::analyse(&network, &Options::default())?;
    let presence = report
        .areas
        .iter()
        .map(|p| AreaPresenceRow {
            area: p.area.clone(),
            premises: p.premises as u64,
            groups: p.communities.len() as u64,
            entities: p.entities as u64,
        })
        .collect();
    Ok(NewNetwork {
        name: name.trim().to_owned(),
        entities_file: entities_file.to_owned(),
        entities,
        links_file: links_file.to_owned(),
        links,
        entity_count: network.entities.len() as u64,
        link_count: network.links.len() as u64,
        presence,
    })
}

/// A problem of an uploaded file, in the reader's language (the reason stays as the reader wrote it).
fn problem_text(lang: Lang, p: &vigie_network::Problem) -> String {
    let mut args: Vec<(&'static str, String)> =
        vec![("file", p.source.clone()), ("reason", p.reason.clone())];
    let key = match (p.line, &p.field) {
        (0, _) => "network-problem-file",
        (line, None) => {
            args.push(("line", line.to_string()));
            "network-problem-line"
        }
        (line, Some(field)) => {
            args.push(("line", line.to_string()));
            args.push(("field", field.clone()));
            "network-problem-field"
        }
    };
    let args: Vec<(
        &'static str,
        fluent_templates::fluent_bundle::FluentValue<'static>,
    )> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(key, &args)
}

fn file_base(name: Option<&str>, default: &str) -> String {
    name.and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| !n.is_empty())
        .unwrap_or(default)
        .chars()
        .take(100)
        .collect()
}

/// `POST /networks`: stores an uploaded network (all of it or nothing) and opens it.
pub async fn upload(
    State(state): State<AppState>,
    a: Authed,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ViewNetworks)?;
    let lang = a.ctx.lang;
    let mut csrf = String::new();
    let mut name = String::new();
    let mut entities: Option<(String, Vec<u8>)> = None;
    let mut links: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request(lang))?
    {
        let field_name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|_| AppError::bad_request(lang))?;
        match field_name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "name" => name = String::from_utf8_lossy(&bytes).trim().to_owned(),
            "entities" if !bytes.is_empty() => {
                entities = Some((file_base(file_name.as_deref(), "entities.csv"), bytes.to_vec()));
            }
            "links" if !bytes.is_empty() => {
                links = Some((file_base(file_name.as_deref(), "links.csv"), bytes.to_vec()));
            }
            _ => {}
        }
    }
    a.ctx.check_csrf(&csrf)?;
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > vigie_store::networks::MAX_NETWORK_NAME {
        errors.push(lang.t("network-bad-name"));
    }
    let mut text = |file: &Option<(String, Vec<u8>)>, missing: &str| match file {
        None => {
            errors.push(lang.t(missing));
            None
        }
        Some((n, bytes)) => match String::from_utf8(bytes.clone()) {
            Ok(t) => Some((n.clone(), t)),
            Err(_) => {
                errors.push(format!("{n}: {}", lang.t("network-not-utf8")));
                None
            }
        },
    };
    let entities = text(&entities, "network-no-entities");
    let links = text(&links, "network-no-links");
    let (Some((entities_file, entities)), Some((links_file, links)), true) =
        (entities, links, errors.is_empty())
    else {
        return list_page(&state, &a, StatusCode::UNPROCESSABLE_ENTITY, errors, name).await;
    };
    let network_name = name.clone();
    let prepared = tokio::task::spawn_blocking(move || {
        prepare(&network_name, &entities_file, entities, &links_file, links)
    })
    .await
    .map_err(|_| AppError::internal(lang))?;
    let new = match prepared {
        Ok(n) => n,
        Err(vigie_network::Error::Input { problems }) => {
            let errors = problems.iter().map(|p| problem_text(lang, p)).collect();
            return list_page(&state, &a, StatusCode::UNPROCESSABLE_ENTITY, errors, name).await;
        }
        Err(e) => {
            return list_page(
                &state,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![e.to_string()],
                name,
            )
            .await;
        }
    };
    match state
        .store
        .save_network(&a.viewer(), &new, state.clock.now())
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/networks/{id}")).into_response()),
        Err(StoreError::Conflict(_)) => {
            list_page(
                &state,
                &a,
                StatusCode::CONFLICT,
                vec![lang.t("network-name-taken")],
                name,
            )
            .await
        }
        Err(e) => Err(store_error(lang, e)),
    }
}

/// One community in a table.
pub struct CommunityRow {
    pub id: u32,
    pub size: usize,
    pub kinds: String,
    pub areas: String,
    pub brokers: Vec<String>,
    pub abroad: usize,
}

/// One entity in a table of measures.
pub struct NodeRow {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub community: u32,
    pub degree: usize,
    pub betweenness: String,
    pub constraint: String,
    pub cut_vertex: bool,
    pub abroad: bool,
}

/// A local entity in touch with entities abroad.
pub struct RelayRow {
    pub id: String,
    pub kind: String,
    pub community: u32,
    pub abroad: String,
    pub countries: String,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    page: PageCtx,
    id: i64,
    name: String,
    settings_query: String,
    errors: Vec<String>,
    facts: Vec<Fact>,
    query: ViewQuery,
    weighted: bool,
    resolve: bool,
    merged: Vec<String>,
    draw_communities: bool,
    kinds: Vec<Choice>,
    communities_choice: Vec<Choice>,
    areas: Vec<Choice>,
    drawing: String,
    drawing_note: String,
    communities: Vec<CommunityRow>,
    brokers: Vec<NodeRow>,
    relays: Vec<RelayRow>,
}

fn kinds_text(lang: Lang, kinds: &BTreeMap<EntityKind, usize>) -> String {
    kinds
        .iter()
        .map(|(k, n)| format!("{n} {}", kind_label(lang, *k).to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt3(x: f64) -> String {
    format!("{x:.3}")
}

fn node_row(lang: Lang, n: &vigie_network::report::Node) -> NodeRow {
    NodeRow {
        id: n.id.clone(),
        kind: kind_label(lang, n.kind),
        label: n.label.clone().unwrap_or_default(),
        community: n.community,
        degree: n.degree,
        betweenness: fmt3(n.betweenness),
        constraint: n.constraint.map(fmt3).unwrap_or_else(|| "–".into()),
        cut_vertex: n.cut_vertex,
        abroad: n.abroad,
    }
}

/// The accessible description of a node.
fn node_title(lang: Lang, n: &vigie_network::report::Node) -> String {
    let mut t = format!("{}, {}", n.id, kind_label(lang, n.kind).to_lowercase());
    if let Some(l) = &n.label
        && *l != n.id
    {
        let _ = write!(t, " «{l}»");
    }
    let _ = write!(
        t,
        ", {} {}",
        lang.t("network-community").to_lowercase(),
        n.community
    );
    if let Some(a) = &n.area {
        let _ = write!(t, ", {} {a}", lang.t("network-area").to_lowercase());
    }
    if n.abroad {
        let _ = write!(t, ", {}", lang.t("network-abroad").to_lowercase());
    }
    t
}

fn legend(lang: Lang) -> Vec<(NodeShape, String)> {
    EntityKind::ALL
        .iter()
        .map(|k| (shape(*k), kind_label(lang, *k)))
        .collect()
}

/// The drawing of the selected entities (indices into the network), or of their communities when there are too
/// many. Returns the SVG and a note saying what is drawn.
/// How to draw: entities or communities, the layout's seed, where node links point.
#[derive(Clone, Copy)]
struct Draw<'a> {
    communities_only: bool,
    seed: u64,
    /// `/networks/{id}`.
    base: &'a str,
    settings_query: &'a str,
    /// Prefix of the drawing's ids.
    prefix: &'a str,
}

fn drawing(
    lang: Lang,
    network: &Network,
    report: &Report,
    selected: &[u32],
    d: &Draw<'_>,
) -> Result<(String, String), vigie_network::Error> {
    let Draw {
        communities_only,
        seed,
        base,
        settings_query,
        prefix,
    } = *d;
    let graph = network.graph_by_kind()?;
    let title = lang.t("network-drawing");
    if !communities_only && selected.len() <= MAX_DRAWN {
        let (sub, kept) = graph.induced(selected)?;
        let positions = force_layout(
            &sub,
            &LayoutOptions {
                seed,
                ..LayoutOptions::default()
            },
        )?;
        let max_b = kept
            .iter()
            .map(|&v| report.nodes[v as usize].betweenness)
            .fold(0.0_f64, f64::max);
        let nodes: Vec<NetNode> = kept
            .iter()
            .zip(&positions)
            .map(|(&v, &(x, y))| {
                let n = &report.nodes[v as usize];
                NetNode {
                    id: n.id.clone(),
                    label: node_title(lang, n),
                    x,
                    y,
                    group: n.community as usize,
                    shape: shape(n.kind),
                    size: if max_b > 0.0 {
                        (n.betweenness / max_b).sqrt()
                    } else {
                        0.0
                    },
                    href: Some(format!("{base}/communities/{}{settings_query}", n.community)),
                    highlight: n.abroad,
                }
            })
            .collect();
        let mut edges = Vec::with_capacity(sub.edge_count());
        for a in 0..sub.node_count() as u32 {
            for (&b, &w) in sub.neighbors(a).iter().zip(sub.neighbor_weights(a)) {
                if a < b {
                    edges.push(NetEdge {
                        a: a as usize,
                        b: b as usize,
                        weight: w,
                        label: format!("{} – {}", nodes[a as usize].id, nodes[b as usize].id),
                    });
                }
            }
        }
        let communities: BTreeSet<u32> = kept.iter().map(|&v| report.nodes[v as usize].community).collect();
        let svg = network_svg(
            &nodes,
            &edges,
            &NetworkOptions {
                id_prefix: prefix.to_owned(),
                title,
                description: lang.t_args(
                    "network-drawing-entities",
                    &[("n", nodes.len().into()), ("links", edges.len().into())],
                ),
                show_labels: nodes.len() <= 120,
                legend: legend(lang),
                groups: communities
                    .iter()
                    .take(8)
                    .map(|c| (*c as usize, format!("{} {c}", lang.t("network-community"))))
                    .collect(),
                highlight_label: lang.t("network-abroad"),
                weight_label: lang.t("network-line-width"),
                ..NetworkOptions::default()
            },
        );
        let note = lang.t_args(
            "network-drawing-entities",
            &[("n", nodes.len().into()), ("links", edges.len().into())],
        );
        Ok((svg, note))
    } else {
        // The graph of the selected entities' communities.
        let mut ids: BTreeMap<u32, u32> = BTreeMap::new();
        for &v in selected {
            let c = report.nodes[v as usize].community;
            let next = ids.len() as u32;
            ids.entry(c).or_insert(next);
        }
        let (sub, kept) = graph.induced(selected)?;
        let membership: Vec<u32> = kept
            .iter()
            .map(|&v| ids[&report.nodes[v as usize].community])
            .collect();
        let (q, sizes) = quotient(&sub, &membership)?;
        let positions = force_layout(
            &q,
            &LayoutOptions {
                seed,
                node_weights: sizes.iter().map(|&s| (s.max(1) as f64).sqrt()).collect(),
                ..LayoutOptions::default()
            },
        )?;
        let by_index: BTreeMap<u32, u32> = ids.iter().map(|(c, i)| (*i, *c)).collect();
        let max_size = sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
        let nodes: Vec<NetNode> = positions
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| {
                let c = by_index.get(&(i as u32)).copied().unwrap_or(0);
                let size = sizes.get(i).copied().unwrap_or(0);
                NetNode {
                    id: format!("{c}"),
                    label: lang.t_args("network-community-node", &[("id", c.into()), ("n", size.into())]),
                    x,
                    y,
                    group: c as usize,
                    shape: NodeShape::Circle,
                    size: size as f64 / max_size,
                    href: Some(format!("{base}/communities/{c}{settings_query}")),
                    highlight: false,
                }
            })
            .collect();
        let mut edges = Vec::new();
        for a in 0..q.node_count() as u32 {
            for (&b, &w) in q.neighbors(a).iter().zip(q.neighbor_weights(a)) {
                if a < b {
                    edges.push(NetEdge {
                        a: a as usize,
                        b: b as usize,
                        weight: w,
                        label: String::new(),
                    });
                }
            }
        }
        let note = lang.t_args(
            "network-drawing-communities",
            &[("n", selected.len().into()), ("communities", nodes.len().into())],
        );
        let svg = network_svg(
            &nodes,
            &edges,
            &NetworkOptions {
                id_prefix: prefix.to_owned(),
                title,
                description: note.clone(),
                show_labels: true,
                weight_label: lang.t("network-line-width"),
                ..NetworkOptions::default()
            },
        );
        Ok((svg, note))
    }
}

/// `GET /networks/{id}`: the network drawn and described, with filters.
pub async fn show(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewNetworks)?;
    let lang = a.ctx.lang;
    let (info, network, report, mut errors) = load(&state, &a, id, &query, "network").await?;
    let settings = query.settings(lang, &mut Vec::new());
    let base = format!("/networks/{id}");
    let settings_query = query.settings_query();

    // Filters: which entities to draw.
    let kind = non_empty(&query.kind).and_then(EntityKind::parse);
    if non_empty(&query.kind).is_some() && kind.is_none() {
        errors.push(lang.t("network-bad-kind"));
    }
    let community = non_empty(&query.community).and_then(|c| c.parse::<u32>().ok());
    let area = non_empty(&query.area).map(str::to_owned);
    let graph_degree: Vec<usize> = report.nodes.iter().map(|n| n.degree).collect();
    let in_area: Vec<bool> = match &area {
        None => vec![true; report.nodes.len()],
        Some(a) => {
            let graph = network.graph().map_err(|_| AppError::internal(lang))?;
            let mut keep: Vec<bool> = report
                .nodes
                .iter()
                .map(|n| n.area.as_deref() == Some(a))
                .collect();
            let direct = keep.clone();
            for (v, _) in direct.iter().enumerate().filter(|(_, d)| **d) {
                for &u in graph.neighbors(v as u32) {
                    keep[u as usize] = true;
                }
            }
            keep
        }
    };
    let selected: Vec<u32> = report
        .nodes
        .iter()
        .enumerate()
        .filter(|(v, n)| {
            graph_degree[*v] > 0
                && kind.is_none_or(|k| n.kind == k)
                && community.is_none_or(|c| n.community == c)
                && in_area[*v]
        })
        .map(|(v, _)| v as u32)
        .collect();
    let (svg, note) = if selected.is_empty() {
        (String::new(), lang.t("network-nothing-to-draw"))
    } else {
        let communities_only = non_empty(&query.draw) == Some("communities");
        drawing(
            lang,
            &network,
            &report,
            &selected,
            &Draw {
                communities_only,
                seed: settings.seed,
                base: &base,
                settings_query: &settings_query,
                prefix: "net",
            },
        )
        .map_err(|_| AppError::internal(lang))?
    };

    let larger = report.communities.iter().filter(|c| c.size >= 3).count();
    let facts = vec![
        Fact {
            label: lang.t("network-entities"),
            value: report.entities.to_string(),
        },
        Fact {
            label: lang.t("network-links"),
            value: format!("{} ({} {})", report.links, report.edges, lang.t("network-pairs")),
        },
        Fact {
            label: lang.t("network-components"),
            value: format!(
                "{} ({} {})",
                report.components.len(),
                lang.t("network-largest"),
                report.components.first().map_or(0, |c| c.size)
            ),
        },
        Fact {
            label: lang.t("network-communities"),
            value: format!("{} ({larger} ≥ 3)", report.communities.len()),
        },
        Fact {
            label: lang.t("network-modularity"),
            value: format!("{:.4}", report.modularity),
        },
        Fact {
            label: lang.t("network-betweenness-method"),
            value: if report.betweenness.method == "exact" {
                lang.t("network-betweenness-exact")
            } else {
                lang.t_args(
                    "network-betweenness-sampled",
                    &[
                        ("pivots", report.betweenness.pivots.into()),
                        ("bound", format!("{:.3}", report.betweenness.error_bound).into()),
                    ],
                )
            },
        },
        Fact {
            label: lang.t("network-home-country"),
            value: report.home_country.clone().unwrap_or_else(|| "–".into()),
        },
    ];
    let communities: Vec<CommunityRow> = report
        .communities
        .iter()
        .filter(|c| c.size >= 3)
        .map(|c| CommunityRow {
            id: c.id,
            size: c.size,
            kinds: kinds_text(lang, &c.kinds),
            areas: c.areas.join(", "),
            brokers: c.brokers.clone(),
            abroad: c.abroad.len(),
        })
        .collect();
    let mut by_b: Vec<&vigie_network::report::Node> =
        report.nodes.iter().filter(|n| n.betweenness > 0.0).collect();
    by_b.sort_by(|x, y| y.betweenness.total_cmp(&x.betweenness).then(x.id.cmp(&y.id)));
    let brokers = by_b
        .into_iter()
        .take(BROKER_ROWS)
        .map(|n| node_row(lang, n))
        .collect();
    let relays = report
        .relays
        .iter()
        .map(|r| RelayRow {
            id: r.id.clone(),
            kind: kind_label(lang, r.kind),
            community: r.community,
            abroad: r.abroad.join(", "),
            countries: r.countries.join(", "),
        })
        .collect();
    let kinds = std::iter::once(Choice {
        value: String::new(),
        label: lang.t("network-all"),
        selected: kind.is_none(),
    })
    .chain(EntityKind::ALL.iter().map(|k| Choice {
        value: k.name().to_owned(),
        label: kind_label(lang, *k),
        selected: kind == Some(*k),
    }))
    .collect();
    let communities_choice = std::iter::once(Choice {
        value: String::new(),
        label: lang.t("network-all"),
        selected: community.is_none(),
    })
    .chain(report.communities.iter().filter(|c| c.size >= 3).map(|c| Choice {
        value: c.id.to_string(),
        label: format!("{} {} ({})", lang.t("network-community"), c.id, c.size),
        selected: community == Some(c.id),
    }))
    .collect();
    let area_names: BTreeSet<&str> = report.nodes.iter().filter_map(|n| n.area.as_deref()).collect();
    let areas = std::iter::once(Choice {
        value: String::new(),
        label: lang.t("network-all"),
        selected: area.is_none(),
    })
    .chain(area_names.iter().map(|n| Choice {
        value: (*n).to_owned(),
        label: (*n).to_owned(),
        selected: area.as_deref() == Some(*n),
    }))
    .collect();
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &NetworkPage {
            page: PageCtx::authed(&a),
            id,
            name: info.name,
            settings_query,
            errors,
            facts,
            weighted: settings.weighted,
            resolve: settings.resolve,
            merged: report
                .merged
                .iter()
                .map(|m| {
                    format!(
                        "{} ({}) ← {}",
                        m.kept,
                        m.labels.first().map(String::as_str).unwrap_or(""),
                        m.merged
                            .iter()
                            .zip(m.labels.iter().skip(1))
                            .map(|(id, label)| format!("{id} ({label})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect(),
            draw_communities: non_empty(&query.draw) == Some("communities"),
            query,
            kinds,
            communities_choice,
            areas,
            drawing: svg,
            drawing_note: note,
            communities,
            brokers,
            relays,
        },
    )
}

/// Members of one kind.
pub struct KindGroup {
    pub kind: String,
    pub members: Vec<(String, String)>,
}

/// A facilitator in a table.
pub struct FacilitatorRow {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub area: String,
    pub communities: Vec<u32>,
    pub links: String,
    pub barriers: String,
}

fn facilitator_row(lang: Lang, f: &vigie_network::report::Facilitator) -> FacilitatorRow {
    FacilitatorRow {
        id: f.id.clone(),
        kind: kind_label(lang, f.kind),
        label: f.label.clone(),
        area: f.area.clone().unwrap_or_default(),
        communities: f.communities.clone(),
        links: f
            .links
            .iter()
            .map(|(k, n)| format!("{n} {}", link_label(lang, *k).to_lowercase()))
            .collect::<Vec<_>>()
            .join(", "),
        barriers: f
            .barriers
            .iter()
            .map(|b| barrier_label(lang, *b))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[derive(Template)]
#[template(path = "network_community.html")]
struct CommunityPage {
    page: PageCtx,
    id: i64,
    name: String,
    community: u32,
    settings_query: String,
    errors: Vec<String>,
    size: usize,
    groups: Vec<KindGroup>,
    areas: Vec<String>,
    brokers: Vec<NodeRow>,
    bridging: Vec<String>,
    abroad: Vec<String>,
    relays: Vec<RelayRow>,
    facilitators: Vec<FacilitatorRow>,
    families: Vec<String>,
    drawing: String,
}

/// `GET /networks/{id}/communities/{community}`: one community: members by kind, brokers, facilitators, links
/// abroad, the areas it touches.
pub async fn community(
    State(state): State<AppState>,
    a: Authed,
    Path((id, c)): Path<(i64, u32)>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewNetworks)?;
    let lang = a.ctx.lang;
    let (info, network, report, errors) = load(&state, &a, id, &query, &format!("community {c}")).await?;
    let settings = query.settings(lang, &mut Vec::new());
    let Some(com) = report.communities.iter().find(|x| x.id == c) else {
        return Err(AppError::not_found(lang));
    };
    let settings_query = query.settings_query();
    let members: Vec<u32> = report
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.community == c)
        .map(|(v, _)| v as u32)
        .collect();
    let mut groups: BTreeMap<EntityKind, Vec<(String, String)>> = BTreeMap::new();
    for &v in &members {
        let n = &report.nodes[v as usize];
        groups
            .entry(n.kind)
            .or_default()
            .push((n.id.clone(), n.label.clone().unwrap_or_default()));
    }
    let groups = groups
        .into_iter()
        .map(|(k, members)| KindGroup {
            kind: kind_label(lang, k),
            members,
        })
        .collect();
    let brokers = com
        .brokers
        .iter()
        .filter_map(|b| report.nodes.iter().find(|n| &n.id == b))
        .map(|n| node_row(lang, n))
        .collect();
    let relays = report
        .relays
        .iter()
        .filter(|r| r.community == c)
        .map(|r| RelayRow {
            id: r.id.clone(),
            kind: kind_label(lang, r.kind),
            community: r.community,
            abroad: r.abroad.join(", "),
            countries: r.countries.join(", "),
        })
        .collect();
    let facilitators = report
        .facilitators
        .iter()
        .filter(|f| f.communities.contains(&c))
        .map(|f| facilitator_row(lang, f))
        .collect();
    let families = report
        .families
        .iter()
        .filter(|f| f.communities.contains(&c))
        .map(|f| f.members.join(", "))
        .collect();
    let base = format!("/networks/{id}");
    let (svg, _) = drawing(
        lang,
        &network,
        &report,
        &members,
        &Draw {
            communities_only: false,
            seed: settings.seed,
            base: &base,
            settings_query: &settings_query,
            prefix: "com",
        },
    )
    .map_err(|_| AppError::internal(lang))?;
    render_status(
        StatusCode::OK,
        &CommunityPage {
            page: PageCtx::authed(&a),
            id,
            name: info.name,
            community: c,
            settings_query,
            errors,
            size: com.size,
            groups,
            areas: com.areas.clone(),
            brokers,
            bridging: com.bridging.clone(),
            abroad: com.abroad.clone(),
            relays,
            facilitators,
            families,
            drawing: svg,
        },
    )
}

#[derive(Template)]
#[template(path = "network_facilitators.html")]
struct FacilitatorsPage {
    page: PageCtx,
    id: i64,
    name: String,
    settings_query: String,
    errors: Vec<String>,
    rows: Vec<FacilitatorRow>,
}

/// `GET /networks/{id}/facilitators`: companies and premises linked to several groups, with the barriers where
/// the city could act.
pub async fn facilitators(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewNetworks)?;
    let lang = a.ctx.lang;
    let (info, _, report, errors) = load(&state, &a, id, &query, "facilitators").await?;
    render_status(
        StatusCode::OK,
        &FacilitatorsPage {
            page: PageCtx::authed(&a),
            id,
            name: info.name,
            settings_query: query.settings_query(),
            errors,
            rows: report
                .facilitators
                .iter()
                .map(|f| facilitator_row(lang, f))
                .collect(),
        },
    )
}

/// `GET /networks/{id}/analysis.json`: the analysis as `vigie network analyse --json` writes it (pseudonymous ids
/// only; persons carry no label).
pub async fn export(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewNetworks)?;
    let lang = a.ctx.lang;
    let (_, _, report, errors) = load(&state, &a, id, &query, "export").await?;
    if !errors.is_empty() {
        return Err(AppError::bad_request(lang));
    }
    let body = serde_json::to_string_pretty(&report).map_err(|_| AppError::internal(lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"network-analysis.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
