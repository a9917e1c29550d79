//! What to practise next: spaced repetition over the cases and over the
//! framework steps a case keeps going wrong in, with FSRS (the scheduler
//! Anki uses, through the `rs-fsrs` crate), in its long-term form (days,
//! not minutes: one does not redo a case ten minutes later).
//!
//! The schedule is not stored: it is computed from the journal, each entry
//! a review of its case (and of each of its rubric steps), rated from its
//! grade. Deleting an entry changes the schedule accordingly, and two
//! machines with the same journal agree. Time comes in as an argument,
//! so tests move it by hand.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating};

use super::journal::{Entry, Mode};

/// Seconds in a day.
pub const DAY_S: i64 = 86_400;

/// A step's rubric grade below this is a weak spot worth its own review.
pub const WEAK: f32 = 0.5;

/// What is scheduled.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A case, by template id.
    Case(String),
    /// One framework step of a case (its rubric items), by template id
    /// and step id.
    Step {
        /// The case.
        case: String,
        /// The step.
        step: String,
    },
}

impl Key {
    /// The case to open to practise it.
    #[must_use]
    pub fn case(&self) -> &str {
        match self {
            Self::Case(c) | Self::Step { case: c, .. } => c,
        }
    }
}

/// One scheduled item.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What it is.
    pub key: Key,
    /// When it is due: seconds since 1970 (UTC). A case never practised is
    /// due at once.
    pub due: i64,
    /// Practices so far.
    pub reps: u32,
    /// Practices that went badly (rated Again).
    pub lapses: u32,
    /// The last grade, 0..=1, if practised.
    pub last_grade: Option<f32>,
    /// When it was last practised.
    pub last_at: Option<i64>,
}

impl Item {
    /// Whether it is due at `now` (seconds since 1970).
    #[must_use]
    pub fn is_due(&self, now: i64) -> bool {
        self.due <= now
    }
}

/// How a grade (0..=1) rates a review: under 40 % forgotten, under 65 %
/// hard, under 85 % good, else easy.
#[must_use]
pub fn rating(grade: f32) -> Rating {
    if grade < 0.4 {
        Rating::Again
    } else if grade < 0.65 {
        Rating::Hard
    } else if grade < 0.85 {
        Rating::Good
    } else {
        Rating::Easy
    }
}

/// An entry's grade of its case, 0..=1: the overall grade of a session
/// (the diagram's when there is no rubric), the stages drawn of a recall
/// drill, the follow-ups' points. A practice in which the reference was
/// opened counts as hard at best: the answer was looked up, not recalled.
#[must_use]
pub fn grade(e: &Entry) -> Option<f32> {
    let g = match e.mode {
        Mode::Session => e.overall.or(e.diagram)?,
        Mode::Recall => {
            let all = e.stages_drawn.len() + e.stages_missed.len();
            if all == 0 {
                e.diagram?
            } else {
                e.stages_drawn.len() as f32 / all as f32
            }
        }
        Mode::FollowUps => {
            if e.follow_ups.is_empty() {
                return None;
            }
            let points: u32 = e.follow_ups.iter().map(|&g| u32::from(g.min(2))).sum();
            points as f32 / (2.0 * e.follow_ups.len() as f32)
        }
    };
    let g = if g.is_finite() {
        g.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Some(if e.peeks > 0 { g.min(0.6) } else { g })
}

fn time(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or_default()
}

struct Track {
    card: Card,
    reps: u32,
    lapses: u32,
    last_grade: Option<f32>,
    last_at: Option<i64>,
    weak: bool,
}

impl Track {
    fn new(at: i64) -> Self {
        Self {
            card: Card {
                due: time(at),
                last_review: time(at),
                ..Card::default()
            },
            reps: 0,
            lapses: 0,
            last_grade: None,
            last_at: None,
            weak: false,
        }
    }

    fn review(&mut self, fsrs: &FSRS, at: i64, grade: f32) {
        let r = rating(grade);
        // A second practice before the last one's review counts from it.
        let at_t = time(at).max(self.card.last_review);
        self.card = fsrs.next(self.card.clone(), at_t, r).card;
        self.reps += 1;
        self.lapses += u32::from(r == Rating::Again);
        self.last_grade = Some(grade);
        self.last_at = Some(at);
    }

    fn item(&self, key: Key) -> Item {
        Item {
            key,
            due: self.card.due.timestamp(),
            reps: self.reps,
            lapses: self.lapses,
            last_grade: self.last_grade,
            last_at: self.last_at,
        }
    }
}

/// The schedule of every case in `cases` (template ids; a case never
/// practised is due at `now`) and of every case and weak step in the
/// journal's `entries`, most urgent first: the most overdue, then the
/// soonest due.
///
/// A step is scheduled once a session graded it under [`WEAK`], and stays
/// until a later session grades it at or above that again.
#[must_use]
pub fn schedule(entries: &[Entry], cases: &[String], now: i64) -> Vec<Item> {
    let fsrs = FSRS::new(Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    });
    let mut sorted: Vec<&Entry> = entries.iter().filter(|e| !e.case.is_empty()).collect();
    sorted.sort_by_key(|e| e.at);
    let mut tracks: BTreeMap<Key, Track> = BTreeMap::new();
    for e in sorted {
        if let Some(g) = grade(e) {
            tracks
                .entry(Key::Case(e.case.clone()))
                .or_insert_with(|| Track::new(e.at))
                .review(&fsrs, e.at, g);
        }
        for s in &e.rubric {
            let key = Key::Step {
                case: e.case.clone(),
                step: s.step.clone(),
            };
            let grade = if e.peeks > 0 {
                s.grade.min(0.6)
            } else {
                s.grade
            };
            let weak = grade < WEAK;
            if !weak && !tracks.contains_key(&key) {
                continue;
            }
            let t = tracks.entry(key).or_insert_with(|| Track::new(e.at));
            t.review(&fsrs, e.at, grade);
            t.weak = weak;
        }
    }
    let mut items: Vec<Item> = tracks
        .iter()
        .filter(|(k, t)| matches!(k, Key::Case(_)) || t.weak)
        .map(|(k, t)| t.item(k.clone()))
        .collect();
    for c in cases {
        if !tracks.contains_key(&Key::Case(c.clone())) {
            items.push(Item {
                key: Key::Case(c.clone()),
                due: now,
                reps: 0,
                lapses: 0,
                last_grade: None,
                last_at: None,
            });
        }
    }
    // Practised items by due date; new cases after the due ones.
    items.sort_by(|a, b| {
        let new = |i: &Item| i.reps == 0;
        (a.due > now, new(a), a.due, &a.key).cmp(&(b.due > now, new(b), b.due, &b.key))
    });
    items
}

/// What is due at `now`: every practised item due by then, and at most
/// `new_cases` cases never practised (a new case a day is plenty).
#[must_use]
pub fn due(items: &[Item], now: i64, new_cases: usize) -> Vec<&Item> {
    let mut new = 0;
    items
        .iter()
        .filter(|i| i.is_due(now))
        .filter(|i| {
            if i.reps > 0 {
                return true;
            }
            new += 1;
            new <= new_cases
        })
        .collect()
}

/// Days from `now` until `due`, rounded up (0 when due).
#[must_use]
pub fn days_until(due: i64, now: i64) -> i64 {
    (due - now).max(0).saturating_add(DAY_S - 1) / DAY_S
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::journal::StepGrade;

    const T0: i64 = 1_764_460_800; // 2025-11-30 00:00 UTC

    fn session(case: &str, at: i64, overall: f32) -> Entry {
        Entry {
            case: case.to_owned(),
            at,
            mode: Mode::Session,
            overall: Some(overall),
            ..Entry::default()
        }
    }

    fn item<'a>(items: &'a [Item], key: &Key) -> &'a Item {
        items.iter().find(|i| &i.key == key).unwrap()
    }

    #[test]
    fn a_missed_case_comes_back_sooner_than_a_mastered_one() {
        let entries = [session("missed", T0, 0.2), session("mastered", T0, 0.95)];
        let items = schedule(&entries, &[], T0);
        let missed = item(&items, &Key::Case("missed".to_owned()));
        let mastered = item(&items, &Key::Case("mastered".to_owned()));
        assert!(missed.due < mastered.due, "{missed:?} before {mastered:?}");
        assert_eq!((missed.lapses, mastered.lapses), (1, 0));
        // Both in the future, the mastered one by more than a week.
        assert!(missed.due > T0);
        assert!(mastered.due - T0 > 7 * DAY_S);
        // Practising the missed one well pushes it out.
        let later = missed.due;
        let entries = [
            session("missed", T0, 0.2),
            session("missed", later, 0.9),
            session("mastered", T0, 0.95),
        ];
        let again = schedule(&entries, &[], later);
        assert!(item(&again, &Key::Case("missed".to_owned())).due - later >= DAY_S);
    }

    #[test]
    fn due_dates_follow_the_clock_given() {
        let entries = [session("a", T0, 0.7)];
        let items = schedule(&entries, &[], T0);
        let a = item(&items, &Key::Case("a".to_owned())).clone();
        assert!(!a.is_due(T0));
        assert!(due(&items, T0, 0).is_empty());
        // The same journal, read when the day comes: due.
        let items = schedule(&entries, &[], a.due);
        assert_eq!(due(&items, a.due, 0).len(), 1);
        assert_eq!(days_until(a.due, T0), (a.due - T0 + DAY_S - 1) / DAY_S);
        assert_eq!(days_until(a.due, a.due + 5), 0);
    }

    #[test]
    fn new_cases_are_due_at_once_but_few_a_day() {
        let cases: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
        let entries = [session("b", T0 - 30 * DAY_S, 0.3)];
        let items = schedule(&entries, &cases, T0);
        let now_due = due(&items, T0, 1);
        // The overdue practised case first, then one new case.
        assert_eq!(now_due.len(), 2);
        assert_eq!(now_due[0].key, Key::Case("b".to_owned()));
        assert_eq!(now_due[1].reps, 0);
    }

    #[test]
    fn weak_steps_are_scheduled_until_they_are_not_weak() {
        let mut e = session("vs", T0, 0.6);
        e.rubric = vec![
            StepGrade {
                step: "evaluation".to_owned(),
                grade: 0.25,
                missed: vec![],
            },
            StepGrade {
                step: "serving".to_owned(),
                grade: 0.9,
                missed: vec![],
            },
        ];
        let eval = Key::Step {
            case: "vs".to_owned(),
            step: "evaluation".to_owned(),
        };
        let items = schedule(std::slice::from_ref(&e), &[], T0);
        assert!(items.iter().any(|i| i.key == eval));
        assert!(
            !items
                .iter()
                .any(|i| matches!(&i.key, Key::Step { step, .. } if step == "serving"))
        );
        assert_eq!(eval.case(), "vs");
        // A later session gets evaluation right: it leaves the schedule.
        let mut better = session("vs", T0 + 3 * DAY_S, 0.8);
        better.rubric = vec![StepGrade {
            step: "evaluation".to_owned(),
            grade: 0.75,
            missed: vec![],
        }];
        let items = schedule(&[e, better], &[], T0 + 3 * DAY_S);
        assert!(!items.iter().any(|i| i.key == eval));
    }

    #[test]
    fn grades_per_mode_and_peeks() {
        let mut e = session("a", T0, 0.9);
        assert_eq!(grade(&e), Some(0.9));
        e.peeks = 1;
        assert_eq!(grade(&e), Some(0.6), "a peek caps the grade");
        let recall = Entry {
            mode: Mode::Recall,
            stages_drawn: vec!["a".into(), "b".into(), "c".into()],
            stages_missed: vec!["d".into()],
            ..Entry::default()
        };
        assert_eq!(grade(&recall), Some(0.75));
        let follow = Entry {
            mode: Mode::FollowUps,
            follow_ups: vec![2, 1, 0, 1],
            ..Entry::default()
        };
        assert_eq!(grade(&follow), Some(0.5));
        assert_eq!(grade(&Entry::default()), None);
        assert_eq!(rating(0.1), Rating::Again);
        assert_eq!(rating(0.95), Rating::Easy);
    }
}
