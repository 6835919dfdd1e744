//! Reading the benchmarks' graphs: a CSV edge list `source,target,weight` with nodes numbered `0..n` (the header
//! line is skipped). Shared by the examples through `#[path]`.

use vigie_network::Graph;

pub type BoxError = Box<dyn std::error::Error>;

pub fn read(path: &str) -> Result<Graph, BoxError> {
    let text = std::fs::read_to_string(path)?;
    let mut edges = Vec::new();
    let mut n = 0u32;
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut cells = line.split(',');
        let mut next = || {
            cells
                .next()
                .ok_or_else(|| format!("{path}:{}: missing field", i + 1))
        };
        let a: u32 = next()?.trim().parse()?;
        let b: u32 = next()?.trim().parse()?;
        let w: f64 = next()?.trim().parse()?;
        n = n.max(a + 1).max(b + 1);
        edges.push((a, b, w));
    }
    Ok(Graph::from_edges(n as usize, &edges)?)
}
