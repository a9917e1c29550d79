//! The report of a timed session: time per step against its budget, edits
//! per step, pauses, prompts shown, overtime; as data and as Markdown.

use std::fmt::Write as _;

use super::player::is_edit;
use super::recorder::{Event, LogEntry};
use crate::model::Framework;

/// One step's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReport {
    /// Step id.
    pub id: String,
    /// Step title.
    pub title: String,
    /// Budget in ms.
    pub budget_ms: u64,
    /// Time spent in the step (pauses excluded), in ms.
    pub spent_ms: u64,
    /// Edits made while in the step (transactions, undos, redos).
    pub edits: usize,
}

impl SessionReport {
    /// The index of the step the session is in (from the last step change).
    #[must_use]
    pub fn current_step(&self, log: &[LogEntry]) -> Option<usize> {
        let id = log.iter().rev().find_map(|e| match &e.event {
            Event::StepChanged(id) => Some(id),
            _ => None,
        })?;
        self.steps.iter().position(|s| &s.id == id)
    }
}

/// A whole session's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionReport {
    /// Per step, in framework order.
    pub steps: Vec<StepReport>,
    /// Active time (pauses excluded), in ms.
    pub active_ms: u64,
    /// The total budget, in ms.
    pub budget_ms: u64,
    /// Active time past the budget, in ms.
    pub overtime_ms: u64,
    /// How many times the session was paused.
    pub pauses: usize,
    /// Time spent paused, in ms.
    pub paused_ms: u64,
    /// Prompts shown: (time ms, prompt).
    pub prompts: Vec<(u64, String)>,
    /// When the reference was opened during the session (ms).
    pub peeks: Vec<u64>,
    /// Whether the session was finished (not just stopped).
    pub finished: bool,
}

fn minutes_ms(m: f32) -> u64 {
    (f64::from(m) * 60_000.0).round() as u64
}

/// Computes the report of a recorded log against its framework.
#[must_use]
pub fn report(log: &[LogEntry], framework: &Framework) -> SessionReport {
    report_until(log, framework, None)
}

/// The report of a session still running at `now_ms` (time since the last
/// entry counts for the current step unless paused).
#[must_use]
pub fn report_until(log: &[LogEntry], framework: &Framework, now_ms: Option<u64>) -> SessionReport {
    let mut steps: Vec<StepReport> = framework
        .steps
        .iter()
        .map(|s| StepReport {
            id: s.id.clone(),
            title: s.title.clone(),
            budget_ms: minutes_ms(s.budget_minutes),
            spent_ms: 0,
            edits: 0,
        })
        .collect();
    let mut current: Option<usize> = if steps.is_empty() { None } else { Some(0) };
    let mut paused_since: Option<u64> = None;
    let (mut pauses, mut paused_ms, mut active_ms) = (0, 0, 0);
    let mut prompts = Vec::new();
    let mut peeks = Vec::new();
    let mut finished = false;
    let mut last_t = 0u64;
    for e in log {
        let t = e.t_ms.max(last_t);
        if paused_since.is_none() && !finished {
            let dt = t - last_t;
            active_ms += dt;
            if let Some(i) = current {
                steps[i].spent_ms += dt;
            }
        }
        last_t = t;
        match &e.event {
            Event::StepChanged(id) => {
                if let Some(i) = steps.iter().position(|s| &s.id == id) {
                    current = Some(i);
                }
            }
            Event::Paused if paused_since.is_none() => {
                paused_since = Some(t);
                pauses += 1;
            }
            Event::Resumed => {
                if let Some(since) = paused_since.take() {
                    paused_ms += t - since;
                }
            }
            Event::PromptShown(p) => prompts.push((t, p.clone())),
            Event::ReferenceOpened => peeks.push(t),
            Event::Finished => {
                if let Some(since) = paused_since.take() {
                    paused_ms += t - since;
                }
                finished = true;
            }
            ev if is_edit(ev) && !finished => {
                if let Some(i) = current {
                    steps[i].edits += 1;
                }
            }
            _ => {}
        }
    }
    if let Some(now) = now_ms
        && paused_since.is_none()
        && !finished
        && now > last_t
    {
        let dt = now - last_t;
        active_ms += dt;
        if let Some(i) = current {
            steps[i].spent_ms += dt;
        }
    }
    let budget_ms = minutes_ms(framework.total_minutes);
    SessionReport {
        steps,
        active_ms,
        budget_ms,
        overtime_ms: active_ms.saturating_sub(budget_ms),
        pauses,
        paused_ms,
        prompts,
        peeks,
        finished,
    }
}

/// `m:ss` for a duration in ms.
#[must_use]
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The report as Markdown (what `mlsd-board report` prints and the app exports).
#[must_use]
pub fn markdown(r: &SessionReport, title: &str, coverage: Option<f64>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Practice session: {title}\n");
    let _ = writeln!(
        out,
        "- Time: {} of {} budgeted{}",
        clock(r.active_ms),
        clock(r.budget_ms),
        if r.overtime_ms > 0 {
            format!(" (overtime {})", clock(r.overtime_ms))
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "- Pauses: {} ({} paused)",
        r.pauses,
        clock(r.paused_ms)
    );
    let _ = writeln!(out, "- Prompts shown: {}", r.prompts.len());
    if r.peeks.is_empty() {
        let _ = writeln!(out, "- Reference: kept sealed until the end");
    } else {
        let at: Vec<String> = r.peeks.iter().map(|t| clock(*t)).collect();
        let _ = writeln!(
            out,
            "- Reference opened at {} (during the session, before finishing)",
            at.join(", ")
        );
    }
    if let Some(c) = coverage {
        let _ = writeln!(out, "- Coverage of the reference design: {:.0}%", c * 100.0);
    }
    if !r.finished {
        let _ = writeln!(out, "- The session was not finished.");
    }
    let _ = writeln!(
        out,
        "\n| Step | Spent | Budget | Edits |\n|---|---|---|---|"
    );
    for s in &r.steps {
        let over = if s.spent_ms > s.budget_ms {
            " (over)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {} | {}{over} | {} | {} |",
            s.title,
            clock(s.spent_ms),
            clock(s.budget_ms),
            s.edits
        );
    }
    if !r.prompts.is_empty() {
        let _ = writeln!(out, "\n## Prompts\n");
        for (t, p) in &r.prompts {
            let _ = writeln!(out, "- {}: {p}", clock(*t));
        }
    }
    out
}

/// The follow-up drill as Markdown (empty when none was done).
#[must_use]
pub fn drill_markdown(meta: &crate::model::Meta) -> String {
    if meta.drill.is_empty() {
        return String::new();
    }
    let points = meta.drill_points();
    let mut out = format!(
        "\n## Follow-up drill\n\n{} of {} points\n\n| Question | Grade | Time |\n|---|---|---|\n",
        points,
        2 * meta.drill.len()
    );
    for a in &meta.drill {
        let _ = writeln!(
            out,
            "| {} | {}/2 | {} s |",
            a.question,
            a.grade.min(2),
            a.seconds
        );
    }
    out
}

/// The interviewer's words for a question that matches no clarification.
pub const ASSUME: &str = "The interviewer says: make a reasonable assumption and state it.";

/// The clarifying questions of a practice board as Markdown: what was
/// asked (answered, or told to assume) and what was never asked. Empty for
/// a board whose answers were shown from the start (study, old boards).
#[must_use]
pub fn clarifications_markdown(meta: &crate::model::Meta) -> String {
    if !meta.answers_sealed || meta.clarifications.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n## Clarifying questions\n\n");
    if meta.asked.is_empty() {
        out.push_str("- None asked.\n");
    }
    for a in &meta.asked {
        match a.answered.and_then(|i| meta.clarifications.get(i)) {
            Some(c) => {
                let _ = writeln!(out, "- Asked \"{}\": answered ({})", a.question, c.answer);
            }
            None => {
                let _ = writeln!(
                    out,
                    "- Asked \"{}\": no such answer; assume and state it",
                    a.question
                );
            }
        }
    }
    let never = meta.never_asked();
    if !never.is_empty() {
        let _ = writeln!(out, "\nNever asked:\n");
        for q in never {
            let _ = writeln!(out, "- {q}");
        }
    }
    out
}
