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
    /// More words a candidate may ask this with ("qps", "traffic" for a
    /// question about scale): matched besides the question's own words.
    pub keywords: Vec<String>,
}

/// A question the candidate asked the interviewer in practice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Asked {
    /// What they typed.
    pub question: String,
    /// The clarification it matched (its index), or none: then the
    /// interviewer said to assume and state it.
    pub answered: Option<usize>,
}

/// Words that say nothing about what a question is about.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "do", "does", "did", "we", "you", "i", "it", "of", "to", "in",
    "on", "for", "and", "or", "what", "which", "how", "many", "much", "there", "any", "be", "can",
    "should", "will", "with", "at", "by", "from", "this", "that", "our", "your", "have", "has",
    "about", "need", "want", "there", "per", "s",
];

/// Words that ask about the same thing in clarifying questions: a
/// clarification using one of a group's words also answers a question
/// using another ("Scale?" answers "How many users are there?").
const TOPICS: &[(&[&str], &[&str])] = &[
    // (words in a clarification that make it about the topic, words a
    // question may ask it with)
    (
        &["scale", "traffic", "qps", "size", "volume"],
        &[
            "user", "item", "video", "traffic", "qps", "size", "volume", "daily", "dau", "request",
            "big", "large", "number", "count",
        ],
    ),
    (
        &["latency", "fast", "response"],
        &[
            "fast",
            "millisecond",
            "ms",
            "response",
            "real",
            "slow",
            "quick",
            "sla",
            "speed",
        ],
    ),
    (
        &["goal", "objective", "purpose"],
        &[
            "objective",
            "business",
            "purpose",
            "optimize",
            "optimise",
            "aim",
            "success",
            "kpi",
            "goal",
        ],
    ),
    (
        &["signal", "label", "feedback", "data"],
        &[
            "label",
            "feedback",
            "interaction",
            "click",
            "like",
            "implicit",
            "explicit",
            "data",
            "engagement",
            "signal",
        ],
    ),
    (
        &["new", "cold"],
        &["cold", "start", "fresh", "unseen", "new"],
    ),
    (
        &["privacy", "fairness", "ethic", "bias"],
        &[
            "privacy", "fairness", "ethic", "bias", "legal", "gdpr", "consent",
        ],
    ),
    (
        &["budget", "compute", "cost", "device"],
        &[
            "budget", "compute", "cost", "gpu", "hardware", "device", "mobile", "cloud",
        ],
    ),
    (
        &["region", "language", "country"],
        &[
            "region",
            "language",
            "country",
            "locale",
            "international",
            "global",
        ],
    ),
];

/// The content words of `text`, lower case, a plural `s` dropped.
fn content_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect()
}

/// Which of `clarifications` a typed question asks: the one sharing the
/// most content words with it (its question and keywords), when it
/// shares at least two, or one of its keywords.
#[must_use]
pub fn match_question(question: &str, clarifications: &[Clarification]) -> Option<usize> {
    let asked = content_words(question);
    if asked.is_empty() {
        return None;
    }
    clarifications
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let own = content_words(&c.question);
            let mut keys: Vec<String> = c.keywords.iter().flat_map(|k| content_words(k)).collect();
            for (triggers, members) in TOPICS {
                if own.iter().any(|w| triggers.contains(&w.as_str())) {
                    keys.extend(members.iter().map(|w| (*w).to_owned()));
                }
            }
            let shared = asked.iter().filter(|w| own.contains(w)).count();
            let keyed = asked.iter().filter(|w| keys.contains(w)).count();
            let score = shared + 2 * keyed;
            // A short question ("Latency?") is matched by its one word.
            (score >= 2 || (shared >= 1 && own.len() <= 2)).then_some((score, i))
        })
        .max_by_key(|(score, i)| (*score, usize::MAX - i))
        .map(|(_, i)| i)
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
    /// The decisions an interviewer grades, with the book's answers.
    pub rubric: Vec<RubricItem>,
    /// The expected answers to `follow_ups` (same questions).
    pub follow_up_keys: Vec<FollowUpKey>,
}

/// What an interviewer expects as the answer to a follow-up question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpKey {
    /// The follow-up question.
    pub question: String,
    /// The answer key.
    pub key: String,
}

/// One answer of a follow-up drill.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillAnswer {
    /// The follow-up question.
    pub question: String,
    /// What the candidate wrote.
    pub answer: String,
    /// Their grade against the key: 0 absent, 1 named, 2 justified.
    pub grade: u8,
    /// Seconds taken (of the two minutes given).
    pub seconds: u32,
}

/// An option of a rubric decision that loses, and why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rejected {
    /// The option.
    pub option: String,
    /// Why it loses.
    pub why: String,
}

/// One decision an interviewer grades: the question, the options, the
/// book's pick and why, and why the others lose.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RubricItem {
    /// Stable id (grades are kept under it).
    pub id: String,
    /// The framework step it belongs to.
    pub step: String,
    /// The decision to make.
    pub question: String,
    /// The options.
    pub options: Vec<String>,
    /// The book's pick (one of `options`).
    pub pick: String,
    /// Why the pick wins.
    pub why: String,
    /// The other options and why each loses.
    pub rejected: Vec<Rejected>,
}

/// The rubrics shipped inside the binary, by template id
/// (`templates/rubrics/<id>.ron`).
const RUBRICS: &[(&str, &str)] = &[
    (
        "visual-search",
        include_str!("../../templates/rubrics/visual-search.ron"),
    ),
    (
        "street-view-blurring",
        include_str!("../../templates/rubrics/street-view-blurring.ron"),
    ),
    (
        "video-search",
        include_str!("../../templates/rubrics/video-search.ron"),
    ),
    (
        "harmful-content",
        include_str!("../../templates/rubrics/harmful-content.ron"),
    ),
    (
        "video-recommendation",
        include_str!("../../templates/rubrics/video-recommendation.ron"),
    ),
    (
        "event-recommendation",
        include_str!("../../templates/rubrics/event-recommendation.ron"),
    ),
    (
        "ad-click-prediction",
        include_str!("../../templates/rubrics/ad-click-prediction.ron"),
    ),
    (
        "similar-listings",
        include_str!("../../templates/rubrics/similar-listings.ron"),
    ),
    (
        "news-feed",
        include_str!("../../templates/rubrics/news-feed.ron"),
    ),
    (
        "people-you-may-know",
        include_str!("../../templates/rubrics/people-you-may-know.ron"),
    ),
];

/// The follow-up answer keys shipped inside the binary, by template id
/// (`templates/followups/<id>.ron`).
const FOLLOW_UP_KEYS: &[(&str, &str)] = &[
    (
        "visual-search",
        include_str!("../../templates/followups/visual-search.ron"),
    ),
    (
        "street-view-blurring",
        include_str!("../../templates/followups/street-view-blurring.ron"),
    ),
    (
        "video-search",
        include_str!("../../templates/followups/video-search.ron"),
    ),
    (
        "harmful-content",
        include_str!("../../templates/followups/harmful-content.ron"),
    ),
    (
        "video-recommendation",
        include_str!("../../templates/followups/video-recommendation.ron"),
    ),
    (
        "event-recommendation",
        include_str!("../../templates/followups/event-recommendation.ron"),
    ),
    (
        "ad-click-prediction",
        include_str!("../../templates/followups/ad-click-prediction.ron"),
    ),
    (
        "similar-listings",
        include_str!("../../templates/followups/similar-listings.ron"),
    ),
    (
        "news-feed",
        include_str!("../../templates/followups/news-feed.ron"),
    ),
    (
        "people-you-may-know",
        include_str!("../../templates/followups/people-you-may-know.ron"),
    ),
];

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
    /// The answer key of follow-up question `question`, if the case has one.
    #[must_use]
    pub fn follow_up_key(&self, question: &str) -> Option<&str> {
        self.follow_up_keys
            .iter()
            .find(|k| k.question == question)
            .map(|k| k.key.as_str())
    }

    /// The ten case studies shipped with the app, in book order.
    ///
    /// # Errors
    /// Only if an embedded file is broken (tests guard against that).
    pub fn builtin() -> Result<Vec<Template>, String> {
        let mut templates: Vec<Template> = super::parse_embedded("templates/", ".ron", BUILTIN)?;
        for (id, text) in RUBRICS {
            let rubric: Vec<RubricItem> = ron::Options::default()
                .from_str(text)
                .map_err(|e| format!("templates/rubrics/{id}.ron: {e}"))?;
            if let Some(t) = templates.iter_mut().find(|t| t.id == *id) {
                t.rubric = rubric;
            }
        }
        for (id, text) in FOLLOW_UP_KEYS {
            let keys: Vec<FollowUpKey> = ron::Options::default()
                .from_str(text)
                .map_err(|e| format!("templates/followups/{id}.ron: {e}"))?;
            if let Some(t) = templates.iter_mut().find(|t| t.id == *id) {
                t.follow_up_keys = keys;
            }
        }
        Ok(templates)
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
            ..Meta::default()
        }
    }

    /// A practice board: the prompt and the checklist, an empty canvas.
    #[must_use]
    pub fn practice_board(&self, frameworks: &[Framework], created: u64) -> Board {
        let mut b = Board::new(&self.title);
        b.meta = self.meta(created);
        // The candidate asks for the answers (a study board shows them).
        b.meta.answers_sealed = true;
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

#[cfg(test)]
mod ask_tests {
    use super::*;

    fn video() -> Template {
        Template::builtin()
            .unwrap()
            .into_iter()
            .find(|t| t.id == "video-recommendation")
            .unwrap()
    }

    #[test]
    fn questions_find_the_answer_they_ask_for() {
        let c = video().clarifications;
        let q = |text: &str| match_question(text, &c).map(|i| c[i].question.as_str());
        assert_eq!(q("How many users are there?"), Some("Scale?"));
        assert_eq!(q("What latency do we need?"), Some("Latency?"));
        assert_eq!(
            q("What is the business objective?"),
            Some("What is the goal?")
        );
        assert_eq!(
            q("Do we have labels like clicks?"),
            Some("What signals do we have?")
        );
        assert_eq!(
            q("How do we treat cold start?"),
            Some("New users and videos?")
        );
        assert_eq!(q("What colour is the logo?"), None);
        assert_eq!(q("?"), None);
    }
}
