//! Progress over weeks, from the journal: grades per case over time, time
//! per step against budget, the steps and rubric items most often missed,
//! the cases never practised, and what is due. The Progress view draws
//! it; `mlsd-board progress` prints it (or writes it as JSON).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::journal::{Entry, Mode};
use super::schedule::{self, DAY_S, Item, Key};

/// One case's practices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseProgress {
    /// Template id.
    pub case: String,
    /// Title.
    pub title: String,
    /// Practices of any mode.
    pub practices: usize,
    /// (when, grade 0..=1) of each graded practice, oldest first.
    pub grades: Vec<(i64, f32)>,
    /// The best grade.
    pub best: Option<f32>,
    /// When it was last practised.
    pub last_at: Option<i64>,
}

/// One framework step across sessions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepProgress {
    /// Step id.
    pub id: String,
    /// Title.
    pub title: String,
    /// (when, seconds spent, seconds budgeted) per timed session, oldest
    /// first.
    pub times: Vec<(i64, u32, u32)>,
    /// Sessions in which the step ran over its budget.
    pub over: usize,
    /// Sessions whose rubric graded the step.
    pub graded: usize,
    /// Of those, how many graded it under [`schedule::WEAK`].
    pub missed: usize,
    /// The mean rubric grade, 0..=1, if graded.
    pub mean_grade: Option<f32>,
}

/// A rubric item and how often it was missed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missed {
    /// The item's text.
    pub item: String,
    /// The case it belongs to.
    pub case: String,
    /// The case's title.
    pub case_title: String,
    /// Sessions that missed it.
    pub times: usize,
}

/// Something due, as shown and printed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Due {
    /// The case to open.
    pub case: String,
    /// What to practise, in words ("Visual search", or "Evaluation in
    /// Visual search").
    pub what: String,
    /// Why now ("never practised", "last 35 %, due 3 days ago").
    pub why: String,
    /// The framework step to focus on, for a weak step.
    pub step: Option<String>,
}

/// The whole summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Entries in the journal.
    pub entries: usize,
    /// Damaged lines skipped.
    pub damaged: usize,
    /// Entries by mode: timed sessions, recall drills, follow-up drills.
    pub sessions: usize,
    /// Recall drills.
    pub recalls: usize,
    /// Follow-up drills.
    pub follow_up_drills: usize,
    /// Cases practised, most recent first.
    pub cases: Vec<CaseProgress>,
    /// (id, title) of the cases never practised.
    pub never: Vec<(String, String)>,
    /// Framework steps across timed sessions, in the order first seen.
    pub steps: Vec<StepProgress>,
    /// The rubric items most often missed, most first (at most ten).
    pub missed: Vec<Missed>,
    /// What is due now, most urgent first.
    pub due: Vec<Due>,
    /// When the next practised item falls due after these (seconds since
    /// 1970), if any.
    pub next_due: Option<i64>,
}

fn pct(g: f32) -> String {
    format!("{:.0} %", g * 100.0)
}

/// "today", "yesterday", "3 days ago", "in 4 days".
#[must_use]
pub fn days_phrase(at: i64, now: i64) -> String {
    // Whole days, rounded toward now: due in an hour is "today".
    let days = now.saturating_sub(at) / DAY_S;
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        d if d > 1 => format!("{d} days ago"),
        -1 => "tomorrow".to_owned(),
        d => format!("in {} days", -d),
    }
}

/// Summarises `entries` (the journal, `damaged` lines skipped) against
/// the known `cases` ((id, title), in the library's order) at `now`
/// (seconds since 1970).
#[must_use]
pub fn summarize(
    entries: &[Entry],
    damaged: usize,
    cases: &[(String, String)],
    now: i64,
) -> Summary {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at);
    // Titles by case: the library's, else the latest an entry gave.
    let mut titles: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for e in &sorted {
        if !e.case_title.is_empty() {
            titles.insert(&e.case, &e.case_title);
        }
    }
    for (id, t) in cases {
        titles.insert(id, t);
    }
    let title_of = |id: &str| -> String { titles.get(id).map_or(id, |t| *t).to_owned() };

    let mut by_case: BTreeMap<String, CaseProgress> = BTreeMap::new();
    let mut steps: Vec<StepProgress> = Vec::new();
    let mut missed: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut grade_sums: BTreeMap<String, (f32, usize)> = BTreeMap::new();
    let mut step_index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for e in &sorted {
        let key = if e.case.is_empty() {
            ""
        } else {
            e.case.as_str()
        };
        if !key.is_empty() {
            let c = by_case
                .entry(key.to_owned())
                .or_insert_with(|| CaseProgress {
                    case: key.to_owned(),
                    title: title_of(key),
                    practices: 0,
                    grades: Vec::new(),
                    best: None,
                    last_at: None,
                });
            c.practices += 1;
            c.last_at = Some(e.at);
            if let Some(g) = schedule::grade(e) {
                c.grades.push((e.at, g));
                c.best = Some(c.best.map_or(g, |b| b.max(g)));
            }
        }
        if e.mode == Mode::Session {
            for s in &e.steps {
                let i = match step_index.get(&s.id) {
                    Some(&i) => i,
                    None => {
                        step_index.insert(s.id.clone(), steps.len());
                        steps.push(StepProgress {
                            id: s.id.clone(),
                            title: s.title.clone(),
                            times: Vec::new(),
                            over: 0,
                            graded: 0,
                            missed: 0,
                            mean_grade: None,
                        });
                        steps.len() - 1
                    }
                };
                let p = &mut steps[i];
                p.times.push((e.at, s.spent_s, s.budget_s));
                p.over += usize::from(s.budget_s > 0 && s.spent_s > s.budget_s);
            }
            for r in &e.rubric {
                let sum = grade_sums.entry(r.step.clone()).or_default();
                sum.0 += r.grade;
                sum.1 += 1;
                if let Some(p) = step_index.get(&r.step).map(|&i| &mut steps[i]) {
                    p.graded += 1;
                    p.missed += usize::from(r.grade < schedule::WEAK);
                }
                for item in &r.missed {
                    *missed.entry((item.clone(), e.case.clone())).or_default() += 1;
                }
            }
        }
    }
    for p in &mut steps {
        if let Some((sum, n)) = grade_sums.get(&p.id)
            && *n > 0
        {
            p.mean_grade = Some(sum / *n as f32);
        }
    }
    let mut missed: Vec<Missed> = missed
        .into_iter()
        .map(|((item, case), times)| Missed {
            item,
            case_title: title_of(&case),
            case,
            times,
        })
        .collect();
    missed.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.item.cmp(&b.item)));
    missed.truncate(10);

    let mut practised: Vec<CaseProgress> = by_case.into_values().collect();
    practised.sort_by_key(|c| std::cmp::Reverse(c.last_at));
    let never: Vec<(String, String)> = cases
        .iter()
        .filter(|(id, _)| !practised.iter().any(|c| &c.case == id))
        .cloned()
        .collect();

    let ids: Vec<String> = cases.iter().map(|(id, _)| id.clone()).collect();
    let items = schedule::schedule(entries, &ids, now);
    // Only what the library can open (a case known from the journal alone,
    // a template since removed, cannot be started).
    let known = |case: &str| cases.is_empty() || cases.iter().any(|(id, _)| id == case);
    let items: Vec<Item> = items.into_iter().filter(|i| known(i.key.case())).collect();
    let due_items = schedule::due(&items, now, 2);
    let step_title = |id: &str| {
        steps
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_owned(), |s| s.title.clone())
    };
    let due = due_items
        .iter()
        .map(|i| {
            let mut d = due_line(i, now, &title_of, &step_title);
            // A weak step names the decisions it missed last time.
            if let Key::Step { case, step } = &i.key {
                let missed: Vec<String> = sorted
                    .iter()
                    .rev()
                    .filter(|e| &e.case == case)
                    .find_map(|e| e.rubric.iter().find(|r| &r.step == step))
                    .map(|r| r.missed.iter().take(3).map(|m| format!("“{m}”")).collect())
                    .unwrap_or_default();
                if !missed.is_empty() {
                    d.why = format!("{}; missed {}", d.why, missed.join(", "));
                }
            }
            d
        })
        .collect();
    let next_due = items
        .iter()
        .filter(|i| i.reps > 0 && i.due > now)
        .map(|i| i.due)
        .min();

    Summary {
        entries: entries.len(),
        damaged,
        sessions: entries.iter().filter(|e| e.mode == Mode::Session).count(),
        recalls: entries.iter().filter(|e| e.mode == Mode::Recall).count(),
        follow_up_drills: entries.iter().filter(|e| e.mode == Mode::FollowUps).count(),
        cases: practised,
        never,
        steps,
        missed,
        due,
        next_due,
    }
}

fn due_line(
    i: &Item,
    now: i64,
    title_of: &impl Fn(&str) -> String,
    step_title: &impl Fn(&str) -> String,
) -> Due {
    let case = i.key.case().to_owned();
    let last = match (i.last_grade, i.last_at) {
        (Some(g), Some(at)) => format!("last {} {}", pct(g), days_phrase(at, now)),
        _ => "never practised".to_owned(),
    };
    let why = if i.reps == 0 || i.due >= now - DAY_S / 2 {
        last
    } else {
        format!("{last}, due {}", days_phrase(i.due, now))
    };
    match &i.key {
        Key::Case(_) => Due {
            what: title_of(&case),
            case,
            why,
            step: None,
        },
        Key::Step { step, .. } => Due {
            what: format!("{} in {}", step_title(step), title_of(&case)),
            case,
            why,
            step: Some(step.clone()),
        },
    }
}

/// The summary as text, for `mlsd-board progress`.
#[must_use]
pub fn text(s: &Summary, now: i64) -> String {
    let mut out = String::new();
    if s.entries == 0 {
        out.push_str(
            "No practice yet. Finish a timed session, a draw-from-memory drill or a \
             follow-up drill and it is kept here.\n",
        );
    } else {
        let _ = writeln!(
            out,
            "{} practices: {} timed sessions, {} draw-from-memory drills, {} follow-up drills.",
            s.entries, s.sessions, s.recalls, s.follow_up_drills
        );
    }
    if s.damaged > 0 {
        let _ = writeln!(
            out,
            "{} damaged journal lines were skipped (they are kept in the file).",
            s.damaged
        );
    }
    if !s.due.is_empty() {
        out.push_str("\nDue now:\n");
        for d in &s.due {
            let _ = writeln!(out, "  {} ({})", d.what, d.why);
        }
    } else if let Some(next) = s.next_due {
        let _ = writeln!(
            out,
            "\nNothing due; the next review is {}.",
            days_phrase(next, now)
        );
    }
    if !s.cases.is_empty() {
        out.push_str("\nCases:\n");
        for c in &s.cases {
            let grades: Vec<String> = c.grades.iter().map(|(_, g)| pct(*g)).collect();
            let _ = writeln!(
                out,
                "  {}: {} practices, last {}, grades {}",
                c.title,
                c.practices,
                c.last_at
                    .map_or_else(String::new, |at| days_phrase(at, now)),
                if grades.is_empty() {
                    "none".to_owned()
                } else {
                    grades.join(" → ")
                }
            );
        }
    }
    if !s.steps.is_empty() {
        out.push_str("\nTime per step (mean spent / budget, sessions over budget):\n");
        for p in &s.steps {
            let n = p.times.len().max(1) as u64;
            let spent: u64 = p.times.iter().map(|t| u64::from(t.1)).sum::<u64>() / n;
            let budget: u64 = p.times.iter().map(|t| u64::from(t.2)).sum::<u64>() / n;
            let _ = writeln!(
                out,
                "  {}: {}:{:02} / {}:{:02}, over in {} of {}{}",
                p.title,
                spent / 60,
                spent % 60,
                budget / 60,
                budget % 60,
                p.over,
                p.times.len(),
                p.mean_grade
                    .map_or_else(String::new, |g| format!(", rubric {}", pct(g)))
            );
        }
    }
    if !s.missed.is_empty() {
        out.push_str("\nMost often missed:\n");
        for m in &s.missed {
            let _ = writeln!(out, "  {}x {} ({})", m.times, m.item, m.case_title);
        }
    }
    if !s.never.is_empty() {
        let names: Vec<&str> = s.never.iter().map(|(_, t)| t.as_str()).collect();
        let _ = writeln!(out, "\nNever practised: {}.", names.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::journal::{StepGrade, StepTime};

    const T0: i64 = 1_764_460_800;

    fn cases() -> Vec<(String, String)> {
        vec![
            ("vs".to_owned(), "Visual search".to_owned()),
            ("ads".to_owned(), "Ad click prediction".to_owned()),
        ]
    }

    #[test]
    fn an_empty_journal_says_what_to_do() {
        let s = summarize(&[], 0, &cases(), T0);
        assert_eq!(s.never.len(), 2);
        assert_eq!(s.due.len(), 2, "new cases are due");
        let t = text(&s, T0);
        assert!(t.starts_with("No practice yet."), "{t}");
        assert!(t.contains("Never practised: Visual search, Ad click prediction."));
    }

    #[test]
    fn sessions_add_up_per_case_and_step() {
        let session = |at, spent, grade: f32| Entry {
            case: "vs".to_owned(),
            at,
            overall: Some(grade),
            steps: vec![StepTime {
                id: "clarify".to_owned(),
                title: "Clarify requirements".to_owned(),
                spent_s: spent,
                budget_s: 300,
            }],
            rubric: vec![StepGrade {
                step: "clarify".to_owned(),
                grade: grade * 0.5,
                missed: vec!["Ask about scale".to_owned()],
            }],
            ..Entry::default()
        };
        let entries = [session(T0, 400, 0.4), session(T0 + DAY_S, 250, 0.8)];
        let s = summarize(&entries, 1, &cases(), T0 + 2 * DAY_S);
        assert_eq!(s.cases.len(), 1);
        assert_eq!(s.cases[0].grades, vec![(T0, 0.4), (T0 + DAY_S, 0.8)]);
        assert_eq!(s.cases[0].best, Some(0.8));
        assert_eq!(
            s.never,
            vec![("ads".to_owned(), "Ad click prediction".to_owned())]
        );
        assert_eq!(s.steps.len(), 1);
        assert_eq!(
            (s.steps[0].over, s.steps[0].graded, s.steps[0].missed),
            (1, 2, 2)
        );
        assert_eq!(s.missed[0].times, 2);
        let t = text(&s, T0 + 2 * DAY_S);
        assert!(t.contains("1 damaged journal lines"));
        assert!(
            t.contains("Clarify requirements: 5:25 / 5:00, over in 1 of 2"),
            "{t}"
        );
        assert!(t.contains("2x Ask about scale (Visual search)"));
        // The JSON form carries the same figures.
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["cases"][0]["practices"], 2);
    }

    #[test]
    fn day_phrases() {
        assert_eq!(days_phrase(T0, T0 + 10), "today");
        assert_eq!(days_phrase(T0, T0 + DAY_S), "yesterday");
        assert_eq!(days_phrase(T0, T0 + 3 * DAY_S), "3 days ago");
        assert_eq!(days_phrase(T0 + 4 * DAY_S, T0), "in 4 days");
        assert_eq!(days_phrase(T0 + 3600, T0), "today", "due within the day");
        assert_eq!(
            days_phrase(i64::MIN, i64::MAX),
            format!("{} days ago", i64::MAX / DAY_S)
        );
    }

    #[test]
    fn only_cases_the_library_can_open_are_due() {
        let gone = Entry {
            case: "removed-template".to_owned(),
            at: T0,
            overall: Some(0.1),
            ..Entry::default()
        };
        let s = summarize(&[gone], 0, &cases(), T0 + 30 * DAY_S);
        assert!(
            s.due.iter().all(|d| d.case != "removed-template"),
            "{:?}",
            s.due
        );
        assert_eq!(s.cases.len(), 1, "still in the history");
    }
}
