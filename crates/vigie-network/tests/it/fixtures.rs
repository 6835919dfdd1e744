//! Reading the fixture networks into graphs: adjacency matrices (first row and column are node ids) and edge lists
//! (`source,target,weight`). Node ids keep the file's order; the byte-order mark some files begin with is dropped.

use vigie_network::Graph;

/// A fixture network: its node ids (index = node) and its graph.
pub struct Fixture {
    pub ids: Vec<String>,
    pub graph: Graph,
}

fn path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    let text = std::fs::read_to_string(path(name)).unwrap();
    text.trim_start_matches('\u{feff}').to_owned()
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_owned()
}

/// An adjacency-matrix file. The matrices are not symmetric (Caviar counts communications from one person to
/// another): the undirected edge {i, j} exists when a_ij > 0 or a_ji > 0, with weight a_ij + a_ji.
pub fn matrix(name: &str) -> Fixture {
    let text = read(name);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines.next().unwrap().split(',').skip(1).map(unquote).collect();
    let n = header.len();
    let mut a = vec![0.0f64; n * n];
    for (i, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(
            unquote(cells[0]),
            header[i],
            "{name}: row {i} and column ids agree"
        );
        for (j, cell) in cells[1..].iter().enumerate() {
            a[i * n + j] = unquote(cell).parse().unwrap();
        }
    }
    let mut edges = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let w = a[i * n + j] + a[j * n + i];
            if w > 0.0 {
                edges.push((i as u32, j as u32, w));
            }
        }
    }
    let graph = Graph::from_edges(header.len(), &edges).unwrap();
    Fixture { ids: header, graph }
}

/// An edge-list file `source,target,weight` (ids in order of first appearance; parallel edges summed).
pub fn edge_list(name: &str) -> Fixture {
    let text = read(name);
    let mut ids: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut edges = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<String> = line.split(',').map(unquote).collect();
        let mut node = |id: &str| -> u32 {
            *index.entry(id.to_owned()).or_insert_with(|| {
                ids.push(id.to_owned());
                (ids.len() - 1) as u32
            })
        };
        let (a, b) = (node(&cells[0]), node(&cells[1]));
        let w: f64 = cells.get(2).map(|w| w.parse().unwrap()).unwrap_or(1.0);
        if a != b {
            edges.push((a, b, w));
        }
    }
    let graph = Graph::from_edges(ids.len(), &edges).unwrap();
    Fixture { ids, graph }
}

#[test]
fn the_fixtures_read() {
    let caviar = matrix("morselli_caviar.csv");
    assert_eq!(caviar.ids.len(), 110);
    assert_eq!(caviar.graph.edge_count(), 205);
    let meetings = edge_list("montagna_meetings.csv");
    assert!(meetings.graph.node_count() > 50);
    let lucia = matrix("luciaetal_montagna.csv");
    assert_eq!(lucia.graph.edge_count(), 51);
}
