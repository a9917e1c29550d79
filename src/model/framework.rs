//! Interview frameworks (steps, their checklist items and time budgets) and
//! a board's checklist state: which items are ticked, per-step notes, the
//! current step.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A design framework: the ordered steps of an interview answer.
///
/// A board carries its own copy, so a shared board shows the same checklist
/// on a machine whose app ships other frameworks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Framework {
    /// Stable id, e.g. `"mlsd-7"`.
    pub id: String,
    /// Name shown to the user.
    pub name: String,
    /// One line on what sets this framework apart.
    pub description: String,
    /// The interview length the budgets are made for, in minutes.
    pub total_minutes: f32,
    /// The steps in order.
    pub steps: Vec<Step>,
}

/// The frameworks shipped inside the binary, as `(file name, text)`.
const BUILTIN: &[(&str, &str)] = &[
    (
        "mlsd-7.ron",
        include_str!("../../assets/frameworks/mlsd-7.ron"),
    ),
    (
        "mlsd-9.ron",
        include_str!("../../assets/frameworks/mlsd-9.ron"),
    ),
];

/// The id of the framework new boards follow.
pub const DEFAULT_FRAMEWORK: &str = "mlsd-7";

impl Framework {
    /// The frameworks shipped with the app, the default first.
    ///
    /// # Errors
    /// Only if an embedded file is broken (a test guards against that); the
    /// message names the file.
    pub fn builtin() -> Result<Vec<Framework>, String> {
        super::parse_embedded("assets/frameworks/", "", BUILTIN)
    }

    /// The sum of the step budgets, in minutes.
    #[must_use]
    pub fn sum_of_budgets(&self) -> f32 {
        self.steps.iter().map(|s| s.budget_minutes).sum()
    }

    /// The framework for a session of `minutes`: every step's budget
    /// scaled to it, in tenths of a minute (6 s), the tenths left over by
    /// rounding down given to the steps that lost the most, so the budgets
    /// add up to exactly `minutes` (a 5-minute session is 5:00, not 5:06).
    #[must_use]
    pub fn scaled_to(&self, minutes: f32) -> Framework {
        let mut f = self.clone();
        let total = self.sum_of_budgets();
        if !(minutes > 0.0 && total > 0.0) || f.steps.is_empty() {
            return f;
        }
        let want_tenths = (f64::from(minutes) * 10.0).round() as i64;
        let raw: Vec<f64> = self
            .steps
            .iter()
            .map(|s| f64::from(s.budget_minutes) * want_tenths as f64 / f64::from(total))
            .collect();
        let mut tenths: Vec<i64> = raw.iter().map(|r| r.floor() as i64).collect();
        let mut left = want_tenths - tenths.iter().sum::<i64>();
        let mut order: Vec<usize> = (0..raw.len()).collect();
        order.sort_by(|&a, &b| {
            (raw[b] - raw[b].floor())
                .partial_cmp(&(raw[a] - raw[a].floor()))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        for i in order.into_iter().cycle() {
            if left <= 0 {
                break;
            }
            tenths[i] += 1;
            left -= 1;
        }
        for (s, t) in f.steps.iter_mut().zip(tenths) {
            s.budget_minutes = t as f32 / 10.0;
        }
        f.total_minutes = want_tenths as f32 / 10.0;
        f
    }

    /// How many checklist items there are in all.
    #[must_use]
    pub fn item_count(&self) -> usize {
        self.steps.iter().map(|s| s.items.len()).sum()
    }

    /// The step with this id.
    #[must_use]
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// One step of a framework.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Step {
    /// Stable id within the framework, e.g. `"clarify"`.
    pub id: String,
    /// Title shown in the sidebar.
    pub title: String,
    /// Time budget in a timed session, in minutes.
    pub budget_minutes: f32,
    /// The questions to ask and decisions to make.
    pub items: Vec<ChecklistItem>,
    /// A helper the sidebar offers at this step.
    pub helper: StepHelper,
    /// The trade-offs decided at this step, offered as cards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trade_offs: Vec<TradeOff>,
}

impl Step {
    /// The trade-offs this step offers: its own, then those of an older
    /// file's trade-off helper (boards carry their framework, so a board
    /// saved before trade-offs were grouped by step still offers them).
    #[must_use]
    pub fn all_trade_offs(&self) -> Vec<&TradeOff> {
        let legacy = match &self.helper {
            StepHelper::TradeOffs(list) => list.as_slice(),
            _ => &[],
        };
        self.trade_offs.iter().chain(legacy).collect()
    }
}

/// Help the sidebar gives at a step, beyond its checklist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum StepHelper {
    /// None.
    #[default]
    None,
    /// Pick metrics; they go into the step's notes and a metrics card.
    Metrics {
        /// Offline metrics to choose from.
        #[serde(default)]
        offline: Vec<String>,
        /// Online metrics to choose from.
        #[serde(default)]
        online: Vec<String>,
    },
    /// Add a trade-off card (option A vs option B, the choice and why).
    /// Files before trade-offs were grouped by step put them all here;
    /// new files use [`Step::trade_offs`].
    TradeOffs(Vec<TradeOff>),
}

/// Two options to weigh against each other.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TradeOff {
    /// The first option.
    pub a: String,
    /// The second option.
    pub b: String,
}

/// One question or decision within a step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecklistItem {
    /// Stable id within the step.
    pub id: String,
    /// The question as shown.
    pub text: String,
}

/// What the user has done with the framework on this board.
///
/// Kept normalised (no empty sets, no empty notes) so that ticking and
/// unticking an item gives back an equal value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklist {
    /// Step id -> ids of the items ticked as done.
    pub done: BTreeMap<String, BTreeSet<String>>,
    /// Step id -> the user's notes for that step.
    pub notes: BTreeMap<String, String>,
    /// The step the user is working on.
    pub current_step: Option<String>,
    /// The note on the board that lists the chosen metrics, if any.
    pub metrics_card: Option<super::ElementId>,
}

impl Checklist {
    /// How many of a step's items are ticked (ids the step still has).
    #[must_use]
    pub fn done_in(&self, step: &Step) -> usize {
        step.items
            .iter()
            .filter(|i| self.is_done(&step.id, &i.id))
            .count()
    }

    /// Whether an item is ticked.
    #[must_use]
    pub fn is_done(&self, step: &str, item: &str) -> bool {
        self.done.get(step).is_some_and(|s| s.contains(item))
    }

    /// Ticks or unticks an item.
    pub fn set_done(&mut self, step: &str, item: &str, done: bool) {
        if done {
            self.done
                .entry(step.to_owned())
                .or_default()
                .insert(item.to_owned());
        } else if let Some(set) = self.done.get_mut(step) {
            set.remove(item);
            if set.is_empty() {
                self.done.remove(step);
            }
        }
    }

    /// The notes of a step ("" when none).
    #[must_use]
    pub fn note(&self, step: &str) -> &str {
        self.notes.get(step).map_or("", String::as_str)
    }

    /// Replaces the notes of a step.
    pub fn set_note(&mut self, step: &str, text: &str) {
        if text.is_empty() {
            self.notes.remove(step);
        } else {
            self.notes.insert(step.to_owned(), text.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_frameworks_parse_and_their_budgets_add_up() {
        let all = Framework::builtin().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, DEFAULT_FRAMEWORK);
        for f in &all {
            assert!(
                (f.sum_of_budgets() - f.total_minutes).abs() < 1e-3,
                "{}: {} != {}",
                f.id,
                f.sum_of_budgets(),
                f.total_minutes
            );
            assert!(
                f.steps.iter().all(|s| !s.items.is_empty()),
                "{}: every step has questions",
                f.id
            );
            let mut ids: Vec<&str> = f.steps.iter().map(|s| s.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), f.steps.len(), "{}: step ids are unique", f.id);
            for s in &f.steps {
                let mut items: Vec<&str> = s.items.iter().map(|i| i.id.as_str()).collect();
                items.sort_unstable();
                items.dedup();
                assert_eq!(
                    items.len(),
                    s.items.len(),
                    "{}/{}: item ids are unique",
                    f.id,
                    s.id
                );
            }
        }
        // The book's seven steps and nine, each closed by the talking points.
        assert_eq!(all[0].steps.len(), 8);
        assert_eq!(all[1].steps.len(), 10);
        for f in &all {
            assert_eq!(f.steps.last().unwrap().id, "talking", "{}", f.id);
        }
        let eval = all[0].step("evaluation").unwrap();
        assert!(
            matches!(&eval.helper, StepHelper::Metrics { offline, online } if offline.contains(&"nDCG".to_owned()) && online.contains(&"CTR".to_owned()))
        );
    }

    /// Issue #17: a session of any length has budgets that add up to it
    /// exactly, to the second.
    #[test]
    fn scaled_budgets_add_up_to_the_session_exactly() {
        let all = Framework::builtin().unwrap();
        for f in &all {
            for minutes in [5.0f32, 7.0, 10.0, 20.0, 30.0, 45.0, 60.0, 90.0] {
                let s = f.scaled_to(minutes);
                let ms: u64 = s
                    .steps
                    .iter()
                    .map(|x| (f64::from(x.budget_minutes) * 60_000.0).round() as u64)
                    .sum();
                assert_eq!(
                    ms,
                    (f64::from(minutes) * 60_000.0) as u64,
                    "{} {minutes}",
                    f.id
                );
                assert!((s.total_minutes - minutes).abs() < 1e-4);
                assert!(s.steps.iter().all(|x| x.budget_minutes >= 0.0));
            }
        }
        // Proportions are kept: the longest step stays the longest.
        let f = all[0].scaled_to(90.0);
        assert!((f.step("model").unwrap().budget_minutes - 20.0).abs() < 1e-4);
    }

    /// Issue #15: the questions that recur in every chapter are asked.
    #[test]
    fn the_recurring_questions_are_on_the_checklist() {
        let all = Framework::builtin().unwrap();
        for f in &all {
            let text: String = f
                .steps
                .iter()
                .flat_map(|s| s.items.iter().map(|i| i.text.to_lowercase() + "\n"))
                .collect();
            for needle in [
                "features per entity",
                "candidate ml objectives",
                "justify the metric",
                "evaluation set",
                "negative sampling",
                "rollback",
                "cold start",
            ] {
                assert!(text.contains(needle), "{}: {needle}", f.id);
            }
        }
    }

    /// Trade-off cards sit at the step that decides them, each once.
    #[test]
    fn trade_offs_are_grouped_by_their_step() {
        let all = Framework::builtin().unwrap();
        for f in &all {
            let step_of = |a: &str| {
                f.steps
                    .iter()
                    .filter(|s| s.all_trade_offs().iter().any(|t| t.a == a))
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
            };
            assert_eq!(step_of("Batch prediction").len(), 1, "{}", f.id);
            assert_eq!(step_of("Shadow deployment"), ["serving"], "{}", f.id);
            assert_eq!(step_of("Hand labels"), ["data"], "{}", f.id);
            assert_eq!(step_of("MRR"), ["evaluation"], "{}", f.id);
            assert_eq!(step_of("Early fusion"), ["model"], "{}", f.id);
            assert_eq!(step_of("Exploration"), ["monitoring"], "{}", f.id);
            let mut all_pairs: Vec<(&str, &str)> = f
                .steps
                .iter()
                .flat_map(|s| s.all_trade_offs())
                .map(|t| (t.a.as_str(), t.b.as_str()))
                .collect();
            let n = all_pairs.len();
            assert!(n >= 25, "{}: {n} trade-offs", f.id);
            all_pairs.sort_unstable();
            all_pairs.dedup();
            assert_eq!(all_pairs.len(), n, "{}: each trade-off once", f.id);
        }
    }

    /// A board saved before the grouping carries its framework with the
    /// trade-offs in the model step's helper: they are still offered.
    #[test]
    fn an_older_frameworks_trade_off_helper_still_offers_its_cards() {
        let step: Step = ron::from_str(
            r#"(id: "model", title: "Model", budget_minutes: 10, items: [],
                helper: TradeOffs([(a: "GBDT", b: "Neural network")]))"#,
        )
        .unwrap();
        let t = step.all_trade_offs();
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].a.as_str(), t[0].b.as_str()),
            ("GBDT", "Neural network")
        );
    }
}
