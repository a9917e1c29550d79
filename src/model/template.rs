//! Case-study templates: an interview prompt with the interviewer's
//! answers to clarifying questions, the framework budgets, a reference
//! design as a real board, the metrics a good answer names, and follow-up
//! questions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::board::{Board, Meta};
use super::framework::Framework;

/// How hard a case is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difficulty {
    /// A first case to practise on.
    Easy,
    /// Typical.
    #[default]
    Medium,
    /// Many moving parts.
    Hard,
}

impl Difficulty {
    /// The name shown on cards.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Easy => "Easy",
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
        }
    }
}

/// A clarifying question and the answer an interviewer would give.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Clarification {
    /// What the candidate asks.
    pub question: String,
    /// What the interviewer answers (the assumption to design for).
    pub answer: String,
}

/// The metrics a good answer names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpectedMetrics {
    /// Offline metrics.
    pub offline: Vec<String>,
    /// Online metrics.
    pub online: Vec<String>,
    /// Other names of a metric in this case (the review also knows the
    /// common ones: NE, P@k, AUC-ROC...).
    pub synonyms: BTreeMap<String, Vec<String>>,
}

impl ExpectedMetrics {
    /// All of them, offline first.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.offline.iter().chain(self.online.iter())
    }
}

/// A case study to practise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Template {
    /// Stable id, e.g. `"video-recommendation"`.
    pub id: String,
    /// Title on the card.
    pub title: String,
    /// One line on the card.
    pub summary: String,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// The prompt as an interviewer would say it.
    pub prompt: String,
    /// Clarifying questions with the answers to assume.
    pub clarifications: Vec<Clarification>,
    /// Id of the framework the case uses.
    pub framework: String,
    /// Minutes per step id, overriding the framework's budgets.
    pub budgets: BTreeMap<String, f32>,
    /// The reference design.
    pub reference: Board,
    /// Metrics a good answer names.
    pub metrics: ExpectedMetrics,
    /// Questions an interviewer follows up with.
    pub follow_ups: Vec<String>,
}

/// The templates shipped inside the binary.
const BUILTIN: &[(&str, &str)] = &[
    (
        "visual-search",
        include_str!("../../templates/visual-search.ron"),
    ),
    (
        "street-view-blurring",
        include_str!("../../templates/street-view-blurring.ron"),
    ),
    (
        "video-search",
        include_str!("../../templates/video-search.ron"),
    ),
    (
        "harmful-content",
        include_str!("../../templates/harmful-content.ron"),
    ),
    (
        "video-recommendation",
        include_str!("../../templates/video-recommendation.ron"),
    ),
    (
        "event-recommendation",
        include_str!("../../templates/event-recommendation.ron"),
    ),
    (
        "ad-click-prediction",
        include_str!("../../templates/ad-click-prediction.ron"),
    ),
    (
        "similar-listings",
        include_str!("../../templates/similar-listings.ron"),
    ),
    ("news-feed", include_str!("../../templates/news-feed.ron")),
    (
        "people-you-may-know",
        include_str!("../../templates/people-you-may-know.ron"),
    ),
];

impl Template {
    /// The ten case studies shipped with the app, in book order.
    ///
    /// # Errors
    /// Only if an embedded file is broken (tests guard against that).
    pub fn builtin() -> Result<Vec<Template>, String> {
        super::parse_embedded("templates/", ".ron", BUILTIN)
    }

    /// The template's framework with its budgets applied.
    #[must_use]
    pub fn framework_from(&self, frameworks: &[Framework]) -> Framework {
        // A template saved from a board carries its framework in the reference.
        let carried = (!self.reference.framework.steps.is_empty()
            && self.reference.framework.id == self.framework)
            .then_some(&self.reference.framework);
        let mut f = carried
            .or_else(|| frameworks.iter().find(|f| f.id == self.framework))
            .or_else(|| frameworks.first())
            .cloned()
            .unwrap_or_default();
        for s in &mut f.steps {
            if let Some(b) = self.budgets.get(&s.id) {
                s.budget_minutes = *b;
            }
        }
        f.total_minutes = f.sum_of_budgets();
        f
    }

    fn meta(&self, created: u64) -> Meta {
        Meta {
            title: self.title.clone(),
            template: Some(self.id.clone()),
            created,
            modified: 0,
            prompt: self.prompt.clone(),
            clarifications: self.clarifications.clone(),
        }
    }

    /// A practice board: the prompt and the checklist, an empty canvas.
    #[must_use]
    pub fn practice_board(&self, frameworks: &[Framework], created: u64) -> Board {
        let mut b = Board::new(&self.title);
        b.meta = self.meta(created);
        b.framework = self.framework_from(frameworks);
        b.checklist.current_step = b.framework.steps.first().map(|s| s.id.clone());
        b
    }

    /// A study board: the reference design itself.
    #[must_use]
    pub fn study_board(&self, frameworks: &[Framework], created: u64) -> Board {
        let mut b = self.reference.clone();
        b.meta = self.meta(created);
        b.meta.title = format!("{} (reference)", self.title);
        b.framework = self.framework_from(frameworks);
        b.checklist.current_step = b.framework.steps.first().map(|s| s.id.clone());
        let max = b.elements().iter().map(|e| e.id().0).max().unwrap_or(0);
        b.next_id = b.next_id.max(max + 1);
        b
    }
}
