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
    /// The steps in order.
    pub steps: Vec<Step>,
}

impl Framework {
    /// The sum of the step budgets, in minutes.
    #[must_use]
    pub fn total_minutes(&self) -> f32 {
        self.steps.iter().map(|s| s.budget_minutes).sum()
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
}

impl Checklist {
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
