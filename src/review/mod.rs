//! Comparing a board with a template's reference design, in a way that
//! extra parts cannot game:
//!
//! - **Components** are matched one to one: the same kind first, then a
//!   close kind (same category) for half credit; each of the user's
//!   components counts once.
//! - **Connections** are matched one to one through the matched components
//!   and by direction: a reference arrow counts when the user has an arrow
//!   from the component matched to its start to the one matched to its end.
//! - **Metrics** match as whole words (with synonyms: "NE" is normalized
//!   cross-entropy, "P@10" is Precision@k), offline and online apart.
//! - **Focus**: extras never add. Each part is its recall times a focus
//!   factor, `min(1, 1.5 x precision)`: up to half as many extras as
//!   matches cost nothing, beyond that the part shrinks in proportion. A
//!   board of every kind with arrows between all pairs is flagged as
//!   unfocused and scores low.
//!
//! Every line of the review says why it got its credit.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Board, Catalog, Element, Template};

/// Weight of the component part in the diagram score.
pub const COMPONENT_WEIGHT: f64 = 0.5;
/// Weight of the connection part.
pub const CONNECTION_WEIGHT: f64 = 0.3;
/// Weight of the metrics part.
pub const METRIC_WEIGHT: f64 = 0.2;
/// Extras tolerated before a part loses credit: a part keeps full credit
/// while at least 1 / `FOCUS_TOLERANCE` of what the user drew is matched.
pub const FOCUS_TOLERANCE: f64 = 1.5;

/// How one reference component was matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Match {
    /// A component of the same kind (full credit).
    Exact(String),
    /// A component of another kind in the same category (half credit).
    Close(String),
    /// Nothing.
    Missing,
}

/// One reference component in the review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentLine {
    /// The reference's label.
    pub label: String,
    /// Its kind.
    pub kind: String,
    /// What matched it.
    pub matched: Match,
    /// Why it got its credit.
    pub why: String,
}

/// One reference connection in the review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConnectionLine {
    /// The reference's start label.
    pub from: String,
    /// The reference's end label.
    pub to: String,
    /// Whether the user has it (same direction).
    pub found: bool,
    /// Why.
    pub why: String,
}

/// One expected metric in the review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricLine {
    /// The metric as the template names it.
    pub name: String,
    /// Online (else offline).
    pub online: bool,
    /// Whether the board names it.
    pub found: bool,
    /// Why (which words on the board named it).
    pub why: String,
}

/// The review of one board against one reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// Each reference component.
    pub components: Vec<ComponentLine>,
    /// Each reference connection.
    pub connections: Vec<ConnectionLine>,
    /// Each expected metric, offline first.
    pub metrics: Vec<MetricLine>,
    /// The user's components no reference component matched.
    pub extra_components: Vec<String>,
    /// The user's arrows between components that match no reference
    /// connection.
    pub extra_arrows: usize,
    /// Why the board is flagged as unfocused (empty when it is not).
    pub unfocused: Vec<String>,
    /// Component part, 0..=1 (recall x focus).
    pub component_score: f64,
    /// Connection part, 0..=1.
    pub connection_score: f64,
    /// Metric part, 0..=1 (offline and online averaged).
    pub metric_score: f64,
    /// The diagram score: the weighted parts, 0..=1.
    pub coverage: f64,
}

/// Weight of the rubric in the overall grade (the diagram has the rest):
/// an interviewer grades the decisions and their reasons above the boxes.
pub const RUBRIC_WEIGHT: f64 = 0.6;

/// One framework step's rubric grades.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RubricStep {
    /// The step id.
    pub step: String,
    /// Items in the step.
    pub items: usize,
    /// Items graded so far.
    pub graded: usize,
    /// Points over the most possible (2 an item), 0..=1.
    pub score: f64,
}

/// The rubric part of the review: the candidate's own grades of the case's
/// key decisions (0 absent, 1 named, 2 justified against an alternative).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RubricPart {
    /// Per step, in the rubric's order.
    pub steps: Vec<RubricStep>,
    /// Items in all.
    pub items: usize,
    /// Items graded (an ungraded item counts 0).
    pub graded: usize,
    /// Points over the most possible, 0..=1.
    pub score: f64,
}

/// The rubric part for `grades` (item id to 0..=2), or `None` when the
/// case has no rubric.
#[must_use]
pub fn rubric(
    template: &Template,
    grades: &std::collections::BTreeMap<String, u8>,
) -> Option<RubricPart> {
    if template.rubric.is_empty() {
        return None;
    }
    let mut steps: Vec<RubricStep> = Vec::new();
    let (mut points, mut graded) = (0u32, 0usize);
    for item in &template.rubric {
        let g = grades.get(&item.id).map(|g| (*g).min(2));
        if steps.last().is_none_or(|s| s.step != item.step) {
            steps.push(RubricStep {
                step: item.step.clone(),
                items: 0,
                graded: 0,
                score: 0.0,
            });
        }
        let s = steps.last_mut().expect("pushed above");
        s.items += 1;
        if let Some(g) = g {
            s.graded += 1;
            s.score += f64::from(g);
            graded += 1;
            points += u32::from(g);
        }
    }
    for s in &mut steps {
        s.score /= 2.0 * s.items as f64;
    }
    let items = template.rubric.len();
    Some(RubricPart {
        steps,
        items,
        graded,
        score: f64::from(points) / (2.0 * items as f64),
    })
}

/// The overall grade: the rubric weighted [`RUBRIC_WEIGHT`] and the
/// diagram the rest; the diagram alone for a case with no rubric.
#[must_use]
pub fn overall(diagram: f64, rubric: Option<&RubricPart>) -> f64 {
    match rubric {
        Some(r) => RUBRIC_WEIGHT * r.score + (1.0 - RUBRIC_WEIGHT) * diagram,
        None => diagram,
    }
}

/// The rubric and the overall grade as Markdown, for the session report
/// (empty when the case has no rubric).
#[must_use]
pub fn rubric_markdown(
    template: &Template,
    grades: &std::collections::BTreeMap<String, u8>,
    diagram: f64,
) -> String {
    let Some(r) = rubric(template, grades) else {
        return String::new();
    };
    let mut out = format!(
        "\n## Grade\n\n- Overall: {:.0}% (rubric {:.0}% x {:.0}% + diagram {:.0}% x {:.0}%)\n- Rubric items graded: {} of {}\n\n| Step | Rubric |\n|---|---|\n",
        overall(diagram, Some(&r)) * 100.0,
        r.score * 100.0,
        RUBRIC_WEIGHT * 100.0,
        diagram * 100.0,
        (1.0 - RUBRIC_WEIGHT) * 100.0,
        r.graded,
        r.items
    );
    for s in &r.steps {
        out.push_str(&format!(
            "| {} | {:.0}% ({} of {} graded) |\n",
            s.step,
            s.score * 100.0,
            s.graded,
            s.items
        ));
    }
    out
}

/// The focus factor of a part: 1 while at least 1 / [`FOCUS_TOLERANCE`]
/// of what was drawn matched, less in proportion beyond.
fn focus(matched: usize, drawn: usize) -> f64 {
    if drawn == 0 {
        1.0
    } else {
        (FOCUS_TOLERANCE * matched as f64 / drawn as f64).min(1.0)
    }
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

/// Arrows from a component to a component, as (arrow id, from, to).
fn arrows(board: &Board, comps: &HashMap<u64, usize>) -> Vec<(u64, u64, u64)> {
    board
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Arrow(a) => {
                let (f, t) = (a.from.element()?.0, a.to.element()?.0);
                (comps.contains_key(&f) && comps.contains_key(&t)).then_some((a.id.0, f, t))
            }
            _ => None,
        })
        .collect()
}

/// Everything written on the board: labels, notes, arrow labels, frame
/// titles and the checklist's step notes.
fn board_text(board: &Board) -> String {
    let mut t = String::new();
    for e in board.elements() {
        t.push_str(e.text());
        t.push('\n');
        if let Element::Component(c) = e {
            t.push_str(&c.notes);
            t.push('\n');
        }
    }
    for n in board.checklist.notes.values() {
        t.push_str(n);
        t.push('\n');
    }
    t
}

/// Text as words for matching: lower case, every character other than a
/// letter, a digit or `@` a space, `@` followed by a number read as `@k`,
/// with a space at both ends so a phrase matches only whole words.
#[must_use]
pub fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut chars = text.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        if c == '@' {
            out.push('@');
            if chars.peek().is_some_and(char::is_ascii_digit) {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('k');
            }
        } else if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Names that mean the same metric (any one names the group).
const SYNONYMS: &[&[&str]] = &[
    &["normalized cross-entropy", "normalized cross entropy", "NE"],
    &[
        "log loss",
        "logloss",
        "logistic loss",
        "binary cross-entropy",
        "cross-entropy",
    ],
    &["CTR", "click-through rate", "click through rate"],
    &["ROC-AUC", "AUC-ROC", "ROC AUC", "AUC ROC", "AUC"],
    &["PR-AUC", "AUC-PR", "PR AUC", "precision-recall AUC"],
    &["mAP", "mean average precision", "MAP@k"],
    &["AP", "average precision"],
    &["MRR", "mean reciprocal rank"],
    &["nDCG", "NDCG@k", "normalized discounted cumulative gain"],
    &["Precision@k", "P@k", "precision at k"],
    &["Recall@k", "R@k", "recall at k"],
    &["Conversion rate", "CVR"],
    &["Completion rate", "video completion rate"],
    &["Revenue lift", "revenue"],
];

/// Metric names a board may write, beyond the template's own: naming one
/// that the case does not call for counts as an extra.
const VOCABULARY: &[&str] = &[
    "accuracy",
    "precision",
    "recall",
    "F1",
    "F1 score",
    "AUC",
    "ROC-AUC",
    "PR-AUC",
    "AP",
    "mAP",
    "MRR",
    "nDCG",
    "DCG",
    "Precision@k",
    "Recall@k",
    "hit rate",
    "log loss",
    "normalized cross-entropy",
    "NE",
    "calibration",
    "RMSE",
    "MAE",
    "MSE",
    "perplexity",
    "BLEU",
    "ROUGE",
    "IoU",
    "CTR",
    "conversion rate",
    "CVR",
    "watch time",
    "time spent",
    "session length",
    "DAU",
    "MAU",
    "retention",
    "revenue",
    "revenue lift",
    "completion rate",
    "dwell time",
    "bounce rate",
    "churn",
    "coverage",
    "diversity",
    "novelty",
    "serendipity",
    "latency",
    "throughput",
    "QPS",
    "prevalence",
    "precision at k",
    "recall at k",
];

/// The words of every name of `metric`: its own, its synonyms (built in
/// and the template's).
fn names_of(metric: &str, template: &Template) -> Vec<String> {
    let own = words(metric);
    let mut out = vec![own.clone()];
    for group in SYNONYMS {
        if group.iter().any(|n| words(n) == own) {
            out.extend(group.iter().map(|n| words(n)));
        }
    }
    for (name, more) in &template.metrics.synonyms {
        if words(name) == own {
            out.extend(more.iter().map(|n| words(n)));
        }
    }
    out.sort();
    out.dedup();
    out
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
    let category = |kind: &str| catalog.kind(kind).map(|k| k.category.clone());

    // Components, one to one: exact kinds first, then close ones.
    let mut used = vec![false; user_comps.len()];
    let mut matched: Vec<(Match, Option<usize>)> = vec![(Match::Missing, None); ref_comps.len()];
    for (i, (_, kind, _)) in ref_comps.iter().enumerate() {
        if let Some(j) = (0..user_comps.len()).find(|&j| !used[j] && user_comps[j].1 == *kind) {
            used[j] = true;
            matched[i] = (Match::Exact(user_comps[j].2.to_owned()), Some(j));
        }
    }
    for (i, (_, kind, _)) in ref_comps.iter().enumerate() {
        if matched[i].1.is_some() {
            continue;
        }
        let Some(cat) = category(kind) else { continue };
        if let Some(j) = (0..user_comps.len())
            .find(|&j| !used[j] && category(user_comps[j].1).as_ref() == Some(&cat))
        {
            used[j] = true;
            matched[i] = (Match::Close(user_comps[j].2.to_owned()), Some(j));
        }
    }
    let credit: f64 = matched
        .iter()
        .map(|(m, _)| match m {
            Match::Exact(_) => 1.0,
            Match::Close(_) => 0.5,
            Match::Missing => 0.0,
        })
        .sum();
    let matched_users = used.iter().filter(|u| **u).count();
    let component_focus = focus(matched_users, user_comps.len());
    let component_score = if ref_comps.is_empty() {
        component_focus
    } else {
        credit / ref_comps.len() as f64 * component_focus
    };
    let components: Vec<ComponentLine> = ref_comps
        .iter()
        .zip(&matched)
        .map(|((_, kind, label), (m, _))| {
            let name = catalog.kind(kind).map_or(*kind, |k| k.name.as_str());
            let cat = category(kind)
                .and_then(|c| catalog.category(&c).map(|c| c.name.clone()))
                .unwrap_or_default();
            let why = match m {
                Match::Exact(u) => format!("your \"{u}\" ({name}): full credit"),
                Match::Close(u) => {
                    let theirs = user_comps
                        .iter()
                        .find(|c| c.2 == u)
                        .and_then(|c| catalog.kind(c.1))
                        .map_or("another kind", |k| k.name.as_str());
                    format!(
                        "your \"{u}\" ({theirs}) is in the same category ({cat}), not a {name}: half credit"
                    )
                }
                Match::Missing => format!(
                    "no {name} on your board, and no part of its category ({cat}) left to stand in: no credit"
                ),
            };
            ComponentLine {
                label: (*label).to_owned(),
                kind: (*kind).to_owned(),
                matched: m.clone(),
                why,
            }
        })
        .collect();
    let extra_components: Vec<String> = user_comps
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((_, _, l), _)| (*l).to_owned())
        .collect();

    // Connections, one to one through the matched components, by direction.
    let ref_index: HashMap<u64, usize> = ref_comps
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0, i))
        .collect();
    let user_index: HashMap<u64, usize> = user_comps
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0, i))
        .collect();
    let user_arrows = arrows(board, &user_index);
    let mut arrow_used = vec![false; user_arrows.len()];
    let user_of = |ref_id: u64| ref_index.get(&ref_id).and_then(|&i| matched[i].1);
    let label = |ref_id: u64| {
        ref_index
            .get(&ref_id)
            .map_or_else(String::new, |&i| ref_comps[i].2.to_owned())
    };
    let mut connections = Vec::new();
    for (_, rf, rt) in arrows(reference, &ref_index) {
        let (from, to) = (label(rf), label(rt));
        let (found, why) = match (user_of(rf), user_of(rt)) {
            (Some(uf), Some(ut)) => {
                let (uf_id, ut_id) = (user_comps[uf].0, user_comps[ut].0);
                let (uf_l, ut_l) = (user_comps[uf].2, user_comps[ut].2);
                if let Some(k) = (0..user_arrows.len()).find(|&k| {
                    !arrow_used[k] && user_arrows[k].1 == uf_id && user_arrows[k].2 == ut_id
                }) {
                    arrow_used[k] = true;
                    (true, format!("your \"{uf_l}\" -> \"{ut_l}\""))
                } else if user_arrows.iter().any(|a| a.1 == ut_id && a.2 == uf_id) {
                    (
                        false,
                        format!(
                            "your arrow runs the other way (\"{ut_l}\" -> \"{uf_l}\"): no credit"
                        ),
                    )
                } else {
                    (
                        false,
                        format!("no arrow from your \"{uf_l}\" to your \"{ut_l}\""),
                    )
                }
            }
            (None, _) => (
                false,
                format!("\"{from}\" is missing, so this cannot count"),
            ),
            (_, None) => (false, format!("\"{to}\" is missing, so this cannot count")),
        };
        connections.push(ConnectionLine {
            from,
            to,
            found,
            why,
        });
    }
    let found_arrows = arrow_used.iter().filter(|u| **u).count();
    let extra_arrows = user_arrows.len() - found_arrows;
    let arrow_focus = focus(found_arrows, user_arrows.len());
    let connection_score = if connections.is_empty() {
        arrow_focus
    } else {
        found_arrows as f64 / connections.len() as f64 * arrow_focus
    };

    // Metrics: whole words, with synonyms; offline and online apart.
    let text = words(&board_text(board));
    let named = |names: &[String]| names.iter().find(|n| text.contains(n.as_str())).cloned();
    let mut metrics = Vec::new();
    let mut expected_names: Vec<String> = Vec::new();
    for (list, online) in [
        (&template.metrics.offline, false),
        (&template.metrics.online, true),
    ] {
        for m in list {
            let names = names_of(m, template);
            let hit = named(&names);
            expected_names.extend(names);
            metrics.push(MetricLine {
                name: m.clone(),
                online,
                found: hit.is_some(),
                why: hit.map_or_else(
                    || "not named on the board".to_owned(),
                    |w| format!("named as \"{}\"", w.trim()),
                ),
            });
        }
    }
    // Metric names on the board the case does not call for: neither an
    // expected metric nor written on the reference (whose notes say why
    // latency or calibration matter in this case).
    let reference_text = words(&board_text(reference));
    let extra_metric_names: Vec<&str> = VOCABULARY
        .iter()
        .copied()
        .filter(|v| {
            let w = words(v);
            text.contains(w.as_str())
                && !expected_names.contains(&w)
                && !reference_text.contains(w.as_str())
        })
        .collect();
    let found_metrics = metrics.iter().filter(|m| m.found).count();
    let metric_focus = focus(found_metrics, found_metrics + extra_metric_names.len());
    let part = |online: bool| -> Option<f64> {
        let list: Vec<&MetricLine> = metrics.iter().filter(|m| m.online == online).collect();
        (!list.is_empty())
            .then(|| list.iter().filter(|m| m.found).count() as f64 / list.len() as f64)
    };
    let metric_recall = match (part(false), part(true)) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => 1.0,
    };
    let metric_score = metric_recall * metric_focus;

    let mut unfocused = Vec::new();
    if component_focus < 1.0 {
        unfocused.push(format!(
            "{} components for {} in the reference ({} unmatched): the component part is scaled by {:.2}",
            user_comps.len(),
            ref_comps.len(),
            extra_components.len(),
            component_focus
        ));
    }
    if arrow_focus < 1.0 {
        unfocused.push(format!(
            "{} arrows between components, {found_arrows} of them in the reference: the connection part is scaled by {arrow_focus:.2}",
            user_arrows.len()
        ));
    }
    if metric_focus < 1.0 {
        unfocused.push(format!(
            "{} metric names this case does not call for ({}): the metric part is scaled by {metric_focus:.2}",
            extra_metric_names.len(),
            extra_metric_names.join(", ")
        ));
    }
    Score {
        components,
        connections,
        metrics,
        extra_components,
        extra_arrows,
        unfocused,
        component_score,
        connection_score,
        metric_score,
        coverage: COMPONENT_WEIGHT * component_score
            + CONNECTION_WEIGHT * connection_score
            + METRIC_WEIGHT * metric_score,
    }
}

/// One stage of the reference design (a component), as a draw-from-memory
/// drill finds it on the user's board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageLine {
    /// The pipeline (the reference frame around it; empty when none).
    pub pipeline: String,
    /// The stage's name (the reference component's label).
    pub stage: String,
    /// What stood for it on the user's board: the same kind, or one of the
    /// same category (then named), or nothing.
    pub matched: Match,
}

impl StageLine {
    /// Whether the user drew it (the same kind or one of its category).
    #[must_use]
    pub fn drawn(&self) -> bool {
        !matches!(self.matched, Match::Missing)
    }
}

/// The stage-level diff of a board drawn from memory against the
/// reference: each reference component, in the pipeline (frame) that holds
/// it, drawn or skipped. Matching is the review's ([`score`]).
#[must_use]
pub fn stages(board: &Board, template: &Template, catalog: &Catalog) -> Vec<StageLine> {
    let s = score(board, template, catalog);
    let frames: Vec<(&str, crate::model::Rect, f32)> = template
        .reference
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Frame(f) => {
                let r = e.rect()?;
                Some((
                    f.title.as_str(),
                    r,
                    (r.max.x - r.min.x) * (r.max.y - r.min.y),
                ))
            }
            _ => None,
        })
        .collect();
    let rects = template
        .reference
        .elements()
        .iter()
        .filter(|e| matches!(e, Element::Component(_)))
        .map(Element::rect);
    s.components
        .into_iter()
        .zip(rects)
        .map(|(line, rect)| {
            // The smallest frame around the component's centre.
            let pipeline = rect
                .and_then(|r| {
                    let c = r.center();
                    frames
                        .iter()
                        .filter(|f| f.1.contains(c))
                        .min_by(|a, b| a.2.total_cmp(&b.2))
                        .map(|f| f.0.to_owned())
                })
                .unwrap_or_default();
            StageLine {
                pipeline,
                stage: line.label,
                matched: line.matched,
            }
        })
        .collect()
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The stage diff in words, one line per pipeline: "Online serving: you
/// drew “candidate generation” and “ranking”; you skipped “re-ranking”."
#[must_use]
pub fn stages_text(lines: &[StageLine]) -> Vec<String> {
    stages_by_pipeline(lines)
        .into_iter()
        .map(|(p, text)| {
            if p.is_empty() {
                text
            } else {
                format!("{p}: {text}")
            }
        })
        .collect()
}

/// The stage diff per pipeline: (pipeline, "you drew …; you skipped …").
#[must_use]
pub fn stages_by_pipeline(lines: &[StageLine]) -> Vec<(String, String)> {
    let mut pipelines: Vec<&str> = Vec::new();
    for l in lines {
        if !pipelines.contains(&l.pipeline.as_str()) {
            pipelines.push(&l.pipeline);
        }
    }
    pipelines
        .into_iter()
        .map(|p| {
            let drawn: Vec<String> = lines
                .iter()
                .filter(|l| l.pipeline == p && l.drawn())
                .map(|l| match &l.matched {
                    Match::Close(yours) => format!("“{}” (as your “{yours}”)", l.stage),
                    _ => format!("“{}”", l.stage),
                })
                .collect();
            let drawn: Vec<&str> = drawn.iter().map(String::as_str).collect();
            let skipped: Vec<String> = lines
                .iter()
                .filter(|l| l.pipeline == p && !l.drawn())
                .map(|l| format!("“{}”", l.stage))
                .collect();
            let skipped: Vec<&str> = skipped.iter().map(String::as_str).collect();
            let text = match (drawn.is_empty(), skipped.is_empty()) {
                (false, true) => format!("You drew all of it: {}.", and_list(&drawn)),
                (true, false) => format!("You skipped all of it: {}.", and_list(&skipped)),
                (false, false) => format!(
                    "You drew {}; you skipped {}.",
                    and_list(&drawn),
                    and_list(&skipped)
                ),
                (true, true) => "Nothing to draw.".to_owned(),
            };
            (p.to_owned(), text)
        })
        .collect()
}

/// The score as text: one line per component, connection and metric, each
/// with why, the extras, and the diagram score (what `mlsd-board score`
/// prints).
#[must_use]
pub fn report(score: &Score, template: &Template) -> String {
    let mut out = format!(
        "Review against the reference design of \"{}\"\n\nCoverage: {:.0}%  (components {:.0}%, connections {:.0}%, metrics {:.0}%)\n",
        template.title,
        score.coverage * 100.0,
        score.component_score * 100.0,
        score.connection_score * 100.0,
        score.metric_score * 100.0
    );
    if !score.unfocused.is_empty() {
        out.push_str("\nUnfocused (extras never add, and many of them cost):\n");
        for u in &score.unfocused {
            out.push_str(&format!("  ! {u}\n"));
        }
    }
    out.push_str("\nComponents:\n");
    for c in &score.components {
        let mark = match c.matched {
            Match::Exact(_) => "x",
            Match::Close(_) => "~",
            Match::Missing => " ",
        };
        out.push_str(&format!("  [{mark}] {} ({}): {}\n", c.label, c.kind, c.why));
    }
    if !score.extra_components.is_empty() {
        out.push_str(&format!(
            "  extra, not in the reference: {}\n",
            score.extra_components.join(", ")
        ));
    }
    out.push_str("\nConnections:\n");
    for c in &score.connections {
        out.push_str(&format!(
            "  [{}] {} -> {}: {}\n",
            if c.found { "x" } else { " " },
            c.from,
            c.to,
            c.why
        ));
    }
    if score.extra_arrows > 0 {
        out.push_str(&format!(
            "  extra arrows, not in the reference: {}\n",
            score.extra_arrows
        ));
    }
    for online in [false, true] {
        out.push_str(if online {
            "\nOnline metrics:\n"
        } else {
            "\nOffline metrics:\n"
        });
        for m in score.metrics.iter().filter(|m| m.online == online) {
            out.push_str(&format!(
                "  [{}] {}: {}\n",
                if m.found { "x" } else { " " },
                m.name,
                m.why
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, metric: &str) -> bool {
        let t = Template::default();
        let w = words(text);
        names_of(metric, &t).iter().any(|n| w.contains(n.as_str()))
    }

    #[test]
    fn metrics_match_whole_words_only() {
        assert!(!names("Mobile app", "AP"));
        assert!(!names("mapping service", "mAP"));
        assert!(!names("spectrum", "CTR"));
        assert!(names("we track CTR daily", "CTR"));
        assert!(names("AP and recall", "AP"));
    }

    #[test]
    fn metrics_match_their_synonyms() {
        assert!(names("Offline: NE", "Normalized cross-entropy"));
        assert!(names("offline P@10 and nDCG", "Precision@k"));
        assert!(names("AUC-ROC of 0.8", "ROC-AUC"));
        assert!(names("click-through rate", "CTR"));
        assert!(names("MAP@10", "mAP"));
        assert!(!names("precision", "Precision@k"));
    }

    #[test]
    fn the_rubric_counts_points_per_step_and_weighs_above_the_diagram() {
        let item = |id: &str, step: &str| crate::model::RubricItem {
            id: id.into(),
            step: step.into(),
            ..Default::default()
        };
        let t = Template {
            rubric: vec![
                item("a", "framing"),
                item("b", "framing"),
                item("c", "model"),
            ],
            ..Template::default()
        };
        let mut grades = std::collections::BTreeMap::new();
        assert_eq!(rubric(&t, &grades).unwrap().score, 0.0);
        grades.insert("a".to_owned(), 2);
        grades.insert("c".to_owned(), 1);
        grades.insert("stale".to_owned(), 2);
        let r = rubric(&t, &grades).unwrap();
        assert_eq!((r.items, r.graded), (3, 2));
        assert!((r.score - 0.5).abs() < 1e-9);
        assert_eq!(r.steps.len(), 2);
        assert!((r.steps[0].score - 0.5).abs() < 1e-9);
        assert!((r.steps[1].score - 0.5).abs() < 1e-9);
        assert!((overall(1.0, Some(&r)) - (0.6 * 0.5 + 0.4)).abs() < 1e-9);
        assert!((overall(0.7, None) - 0.7).abs() < 1e-9);
        assert!(rubric(&Template::default(), &grades).is_none());
    }

    #[test]
    fn a_templates_own_synonyms_count() {
        let mut t = Template::default();
        t.metrics
            .synonyms
            .insert("Watch time".into(), vec!["minutes watched".into()]);
        let w = words("we grow minutes watched");
        assert!(
            names_of("Watch time", &t)
                .iter()
                .any(|n| w.contains(n.as_str()))
        );
    }
}
