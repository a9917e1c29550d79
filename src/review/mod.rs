//! Comparing a board with a template's reference design: which reference
//! components the user has (same kind, or a close kind from the same
//! category for half credit), which reference connections exist kind to
//! kind, which expected metrics were named, and an overall coverage.

use std::collections::HashMap;

use crate::model::{Board, Catalog, Element, Template};

/// Weight of the component part in the overall coverage.
pub const COMPONENT_WEIGHT: f64 = 0.5;
/// Weight of the connection part.
pub const CONNECTION_WEIGHT: f64 = 0.3;
/// Weight of the metrics part.
pub const METRIC_WEIGHT: f64 = 0.2;

/// How one reference component was matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// A component of the same kind (full credit).
    Exact(String),
    /// A component of another kind in the same category (half credit).
    Close(String),
    /// Nothing.
    Missing,
}

/// The review of one board against one reference.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Each reference component: its label, kind, and how it was matched
    /// (with the user's label).
    pub components: Vec<(String, String, Match)>,
    /// Each reference connection as (from label, to label, found).
    pub connections: Vec<(String, String, bool)>,
    /// Each expected metric and whether the board names it.
    pub metrics: Vec<(String, bool)>,
    /// Component part, 0..=1.
    pub component_score: f64,
    /// Connection part, 0..=1.
    pub connection_score: f64,
    /// Metric part, 0..=1.
    pub metric_score: f64,
    /// Weighted overall coverage, 0..=1.
    pub coverage: f64,
}

fn components(board: &Board) -> Vec<(u64, &str, &str)> {
    board
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Component(c) => Some((c.id.0, c.kind.as_str(), c.label.as_str())),
            _ => None,
        })
        .collect()
}

/// Everything written on the board, lowercased: labels, notes, arrow
/// labels, frame titles and the checklist's step notes.
fn board_text(board: &Board) -> String {
    let mut t = String::new();
    for e in board.elements() {
        t.push_str(&e.text().to_lowercase());
        t.push('\n');
        if let Element::Component(c) = e {
            t.push_str(&c.notes.to_lowercase());
            t.push('\n');
        }
    }
    for n in board.checklist.notes.values() {
        t.push_str(&n.to_lowercase());
        t.push('\n');
    }
    t
}

/// The metrics listed on a notes line starting with `prefix`
/// ("Offline metrics: MRR, nDCG").
#[must_use]
pub fn metrics_on_line(notes: &str, prefix: &str) -> Vec<String> {
    notes
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(|rest| {
            rest.split(", ")
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Scores `board` against `template`'s reference.
#[must_use]
pub fn score(board: &Board, template: &Template, catalog: &Catalog) -> Score {
    let reference = &template.reference;
    let ref_comps = components(reference);
    let user_comps = components(board);
    let category = |kind: &str| catalog.kind(kind).map(|k| k.category.as_str());

    // Exact matches first, then close ones, each user component used once.
    let mut used = vec![false; user_comps.len()];
    let mut matched: Vec<Match> = vec![Match::Missing; ref_comps.len()];
    for (i, (_, kind, _)) in ref_comps.iter().enumerate() {
        if let Some(j) = user_comps
            .iter()
            .enumerate()
            .position(|(j, (_, k, _))| !used[j] && k == kind)
        {
            used[j] = true;
            matched[i] = Match::Exact(user_comps[j].2.to_owned());
        }
    }
    for (i, (_, kind, _)) in ref_comps.iter().enumerate() {
        if matched[i] != Match::Missing {
            continue;
        }
        let Some(cat) = category(kind) else { continue };
        if let Some(j) = user_comps
            .iter()
            .enumerate()
            .position(|(j, (_, k, _))| !used[j] && category(k) == Some(cat))
        {
            used[j] = true;
            matched[i] = Match::Close(user_comps[j].2.to_owned());
        }
    }
    let credit: f64 = matched
        .iter()
        .map(|m| match m {
            Match::Exact(_) => 1.0,
            Match::Close(_) => 0.5,
            Match::Missing => 0.0,
        })
        .sum();
    let component_score = if ref_comps.is_empty() {
        1.0
    } else {
        credit / ref_comps.len() as f64
    };

    // Connections, kind to kind.
    let kind_of = |b: &Board| -> HashMap<u64, String> {
        components(b)
            .into_iter()
            .map(|(id, k, _)| (id, k.to_owned()))
            .collect()
    };
    let label_of: HashMap<u64, &str> = ref_comps.iter().map(|(id, _, l)| (*id, *l)).collect();
    let (ref_kinds, user_kinds) = (kind_of(reference), kind_of(board));
    let pairs = |b: &Board, kinds: &HashMap<u64, String>| -> Vec<(u64, u64, String, String)> {
        b.elements()
            .iter()
            .filter_map(|e| match e {
                Element::Arrow(a) => {
                    let (f, t) = (a.from.element()?.0, a.to.element()?.0);
                    Some((f, t, kinds.get(&f)?.clone(), kinds.get(&t)?.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let user_pairs: Vec<(String, String)> = pairs(board, &user_kinds)
        .into_iter()
        .map(|(_, _, a, b)| (a, b))
        .collect();
    let connections: Vec<(String, String, bool)> = pairs(reference, &ref_kinds)
        .into_iter()
        .map(|(f, t, a, b)| {
            let found = user_pairs.iter().any(|(x, y)| *x == a && *y == b);
            (
                label_of.get(&f).copied().unwrap_or_default().to_owned(),
                label_of.get(&t).copied().unwrap_or_default().to_owned(),
                found,
            )
        })
        .collect();
    let connection_score = if connections.is_empty() {
        1.0
    } else {
        connections.iter().filter(|c| c.2).count() as f64 / connections.len() as f64
    };

    // Metrics named anywhere on the board.
    let text = board_text(board);
    let metrics: Vec<(String, bool)> = template
        .metrics
        .all()
        .map(|m| (m.clone(), text.contains(&m.to_lowercase())))
        .collect();
    let metric_score = if metrics.is_empty() {
        1.0
    } else {
        metrics.iter().filter(|m| m.1).count() as f64 / metrics.len() as f64
    };

    let components = ref_comps
        .iter()
        .zip(matched)
        .map(|((_, k, l), m)| ((*l).to_owned(), (*k).to_owned(), m))
        .collect();
    Score {
        components,
        connections,
        metrics,
        component_score,
        connection_score,
        metric_score,
        coverage: COMPONENT_WEIGHT * component_score
            + CONNECTION_WEIGHT * connection_score
            + METRIC_WEIGHT * metric_score,
    }
}

/// The score as text: one line per component, connection and metric, and
/// the coverage (what `mlsd-board score` prints).
#[must_use]
pub fn report(score: &Score, template: &Template) -> String {
    let mut out = format!(
        "Review against the reference design of \"{}\"\n\nCoverage: {:.0}%  (components {:.0}%, connections {:.0}%, metrics {:.0}%)\n\nComponents:\n",
        template.title,
        score.coverage * 100.0,
        score.component_score * 100.0,
        score.connection_score * 100.0,
        score.metric_score * 100.0
    );
    for (label, kind, m) in &score.components {
        let line = match m {
            Match::Exact(u) => format!("  [x] {label} ({kind}): your \"{u}\"\n"),
            Match::Close(u) => format!("  [~] {label} ({kind}): close, your \"{u}\"\n"),
            Match::Missing => format!("  [ ] {label} ({kind}): missing\n"),
        };
        out.push_str(&line);
    }
    out.push_str("\nConnections:\n");
    for (a, b, found) in &score.connections {
        out.push_str(&format!(
            "  [{}] {a} -> {b}\n",
            if *found { "x" } else { " " }
        ));
    }
    out.push_str("\nMetrics named:\n");
    for (m, found) in &score.metrics {
        out.push_str(&format!("  [{}] {m}\n", if *found { "x" } else { " " }));
    }
    out
}
