//! Practice over weeks, in the app: every finished timed session and drill
//! goes to the practice journal ([`crate::practice`]), and the Progress
//! window shows what it adds up to (plots of grades and time per step,
//! what is most often missed, the cases never practised), what is due for
//! practice today with one click to start each, and every entry, which
//! can be deleted.

use std::sync::mpsc;

use egui::RichText;
use egui_plot::{Bar, BarChart, HLine, Legend, Line, Plot, Points};

use super::{MlsdApp, Then};
use crate::practice::summary::{Summary, days_phrase};
use crate::practice::{Entry, Mode, PracticeWriter, StepGrade, StepTime, WallClock};

/// The journal as last read, with its summary.
pub struct Loaded {
    /// Entries, oldest first.
    pub entries: Vec<Entry>,
    /// Damaged lines skipped.
    pub damaged: usize,
    /// What they add up to.
    pub summary: Summary,
    /// When it was read (seconds since 1970).
    pub at: i64,
}

/// The practice journal's state in the app.
#[derive(Default)]
pub struct ProgressUi {
    /// Whether the Progress window is open.
    pub open: bool,
    /// The journal as last read (for the window and the start screen).
    pub loaded: Option<Loaded>,
    /// Why the journal could not be read, if it could not.
    pub error: Option<String>,
    /// The entry the user asked to delete, awaiting confirmation.
    pub confirm_delete: Option<u64>,
    reading: Option<mpsc::Receiver<Result<crate::practice::journal::Read, String>>>,
    stale: bool,
}

/// The practice services: the writer (on its thread) and the wall clock.
pub struct PracticeServices {
    /// Writes the journal; `None` when there is no journal (tests that do
    /// not give one, or no data folder).
    pub writer: Option<PracticeWriter>,
    /// Dates come from here.
    pub wall: std::sync::Arc<dyn WallClock>,
}

/// The cases the library holds: (template id, title).
fn cases(app: &MlsdApp) -> Vec<(String, String)> {
    app.library
        .templates
        .iter()
        .map(|t| (t.id.clone(), t.title.clone()))
        .collect()
}

/// Starts reading the journal on a worker (the window and the start
/// screen show it when it is in).
pub fn reload(app: &mut MlsdApp) {
    let Some(w) = &app.services.practice.writer else {
        return;
    };
    let journal = w.journal().clone();
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("practice journal read".into())
        .spawn(move || {
            let _ = tx.send(journal.read());
        });
    match spawned {
        Ok(_) => {
            app.ui.progress.reading = Some(rx);
            app.ui.progress.stale = false;
        }
        Err(e) => app.ui.progress.error = Some(format!("The practice journal: {e}")),
    }
}

/// Takes in what finished: writes (their errors go to the status bar; the
/// journal is read again) and reads.
pub fn poll(app: &mut MlsdApp, ctx: &egui::Context) {
    if let Some(w) = &mut app.services.practice.writer {
        let f = w.poll();
        if w.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        take_writes(app, f);
    }
    if app.ui.progress.stale
        && app.ui.progress.reading.is_none()
        && !app
            .services
            .practice
            .writer
            .as_ref()
            .is_some_and(PracticeWriter::busy)
    {
        reload(app);
    }
    if let Some(rx) = &app.ui.progress.reading {
        match rx.try_recv() {
            Ok(read) => {
                app.ui.progress.reading = None;
                take_read(app, read);
            }
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            Err(mpsc::TryRecvError::Disconnected) => app.ui.progress.reading = None,
        }
    }
}

/// What finished writing: the last error goes to the status bar, and the
/// journal is to be read again.
fn take_writes(app: &mut MlsdApp, f: crate::practice::writer::Finished) {
    if let Some(e) = f.errors.into_iter().next_back() {
        app.ui.error = Some(e);
    }
    if f.jobs > 0 {
        app.ui.progress.stale = true;
    }
}

/// Waits until every journal write and read given so far has finished,
/// and takes them in (for tests; the app takes them in as they finish).
pub fn settle(app: &mut MlsdApp) {
    if let Some(w) = &mut app.services.practice.writer {
        let f = w.settle();
        take_writes(app, f);
    }
    if app.ui.progress.stale {
        reload(app);
    }
    if let Some(Ok(read)) = app.ui.progress.reading.take().map(|rx| rx.recv()) {
        take_read(app, read);
    }
}

/// Takes in the journal as read: its summary at the wall clock's now, or
/// why it could not be read.
fn take_read(app: &mut MlsdApp, read: Result<crate::practice::journal::Read, String>) {
    match read {
        Ok(read) => {
            let now = app.services.practice.wall.unix_s();
            let summary = crate::practice::summarize(&read.entries, read.damaged, &cases(app), now);
            app.ui.progress.loaded = Some(Loaded {
                entries: read.entries,
                damaged: read.damaged,
                summary,
                at: now,
            });
            app.ui.progress.error = None;
        }
        Err(e) => app.ui.progress.error = Some(e),
    }
}

/// The entry for the open board's practice in `mode`, with `id`.
fn entry(app: &MlsdApp, mode: Mode, id: u64) -> Entry {
    let board = &app.doc.board;
    let template = super::start::template_of(app);
    let record = app.doc.session_record().unwrap_or_default();
    let report = crate::session::report::report_until(&record.log, &board.framework, None);
    let coverage =
        template.map(|t| crate::review::score(board, t, &app.library.catalog).coverage as f32);
    let (overall, rubric_steps) = graded(app, coverage);
    let secs = |ms: u64| u32::try_from(ms / 1000).unwrap_or(u32::MAX);
    let steps = if mode == Mode::FollowUps {
        Vec::new()
    } else {
        report
            .steps
            .iter()
            .filter(|s| s.spent_ms > 0 || s.budget_ms > 0)
            .map(|s| StepTime {
                id: s.id.clone(),
                title: s.title.clone(),
                spent_s: secs(s.spent_ms),
                budget_s: secs(s.budget_ms),
            })
            .collect()
    };
    Entry {
        id,
        at: app.services.practice.wall.unix_s(),
        case: board.meta.template.clone().unwrap_or_default(),
        case_title: template.map_or_else(|| app.doc.display_name(), |t| t.title.clone()),
        mode,
        length_s: secs(report.active_ms),
        budget_s: secs(report.budget_ms),
        steps,
        diagram: coverage,
        overall,
        rubric: rubric_steps,
        peeks: u32::try_from(report.peeks.len()).unwrap_or(u32::MAX),
        asked: u32::try_from(board.meta.asked.len()).unwrap_or(u32::MAX),
        clarifications: u32::try_from(board.meta.clarifications.len()).unwrap_or(u32::MAX),
        follow_ups: board.meta.drill.iter().map(|d| d.grade).collect(),
        board: app.doc.path.clone(),
        ..Entry::default()
    }
}

/// The overall grade for a diagram score of `coverage`, and the rubric
/// grade per step, from the grades on the open board. The rubric counts
/// once the candidate has graded something: before, the grade is the
/// diagram's alone.
fn graded(app: &MlsdApp, coverage: Option<f32>) -> (Option<f32>, Vec<StepGrade>) {
    let board = &app.doc.board;
    let template = super::start::template_of(app);
    let rubric = template
        .and_then(|t| crate::review::rubric(t, &board.meta.grades))
        .filter(|r| r.graded > 0);
    let overall = coverage.map(|c| crate::review::overall(f64::from(c), rubric.as_ref()) as f32);
    let steps = match (template, &rubric) {
        (Some(t), Some(r)) => r
            .steps
            .iter()
            .filter(|s| s.graded > 0)
            .map(|s| StepGrade {
                step: s.step.clone(),
                grade: s.score as f32,
                missed: t
                    .rubric
                    .iter()
                    .filter(|i| i.step == s.step && board.meta.grades.get(&i.id) == Some(&0))
                    .map(|i| i.question.clone())
                    .collect(),
            })
            .collect(),
        _ => Vec::new(),
    };
    (overall, steps)
}

/// A timed session finished: its entry goes to the journal, and the
/// session remembers it to update it as the candidate grades the rubric.
pub fn record_session(app: &mut MlsdApp) {
    if app.services.practice.writer.is_none() {
        return;
    }
    let id = crate::practice::new_id();
    let e = entry(app, Mode::Session, id);
    app.session.journal_entry = Some((e.clone(), app.doc.generation()));
    if let Some(w) = &mut app.services.practice.writer {
        w.append(e);
    }
}

/// The finished session's entry again, after the candidate graded its
/// rubric, answered follow-ups or saved its board: the same id, so it is
/// replaced. What the session was when it finished (its time, diagram
/// score and peeks) stays as it was: a board mended afterwards against the
/// reference does not raise the grade.
pub fn regrade(app: &mut MlsdApp) {
    let Some((finished, generation)) = app.session.journal_entry.clone() else {
        return;
    };
    // Not while a new session runs, nor for another board.
    if app.session.running || generation != app.doc.generation() {
        return;
    }
    let (overall, rubric) = graded(app, finished.diagram);
    let e = Entry {
        overall,
        rubric,
        follow_ups: app.doc.board.meta.drill.iter().map(|d| d.grade).collect(),
        board: app.doc.path.clone().or(finished.board.clone()),
        ..finished
    };
    app.session.journal_entry = Some((e.clone(), generation));
    if let Some(w) = &mut app.services.practice.writer {
        w.update(e);
    }
}

/// A draw-from-memory drill finished: its stage diff goes to the journal.
pub fn record_recall(app: &mut MlsdApp, stages: &[crate::review::StageLine]) {
    if app.services.practice.writer.is_none() {
        return;
    }
    let id = crate::practice::new_id();
    let e = Entry {
        stages_drawn: stages
            .iter()
            .filter(|s| s.drawn())
            .map(|s| s.stage.clone())
            .collect(),
        stages_missed: stages
            .iter()
            .filter(|s| !s.drawn())
            .map(|s| s.stage.clone())
            .collect(),
        // A drill is graded by its stages; the rubric is not its test.
        rubric: Vec::new(),
        ..entry(app, Mode::Recall, id)
    };
    if let Some(w) = &mut app.services.practice.writer {
        w.append(e);
    }
}

/// The follow-up drill finished: its grades go to the journal.
pub fn record_follow_ups(app: &mut MlsdApp) {
    if app.services.practice.writer.is_none() || app.doc.board.meta.drill.is_empty() {
        return;
    }
    let id = crate::practice::new_id();
    let e = entry(app, Mode::FollowUps, id);
    if let Some(w) = &mut app.services.practice.writer {
        w.append(e);
    }
}

/// The case the scheduler would have practised next: the first due, else
/// the first never practised, else the one practised longest ago, else
/// the first in the library.
#[must_use]
pub fn scheduler_pick(app: &MlsdApp) -> Option<String> {
    let s = app.ui.progress.loaded.as_ref().map(|l| &l.summary);
    s.and_then(|s| s.due.first().map(|d| d.case.clone()))
        .or_else(|| s.and_then(|s| s.never.first().map(|n| n.0.clone())))
        .or_else(|| {
            s.and_then(|s| {
                s.cases
                    .iter()
                    .min_by_key(|c| c.last_at)
                    .map(|c| c.case.clone())
            })
        })
        .filter(|id| app.library.templates.iter().any(|t| &t.id == id))
        .or_else(|| app.library.templates.first().map(|t| t.id.clone()))
}

/// Opens the Progress window (reading the journal again).
pub fn open(app: &mut MlsdApp) {
    app.ui.progress.open = true;
    reload(app);
}

fn pct(g: f32) -> String {
    format!("{:.0} %", g * 100.0)
}

/// Days since the first practice, for the plots' x axis.
fn day_of(at: i64, first: i64) -> f64 {
    (at - first) as f64 / 86_400.0
}

/// The Progress window.
pub fn window(app: &mut MlsdApp, ctx: &egui::Context) {
    if !app.ui.progress.open {
        return;
    }
    let mut open = true;
    let mut start: Option<Then> = None;
    let mut delete: Option<u64> = None;
    let content = ctx.content_rect();
    egui::Window::new("Progress")
        .open(&mut open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(content.center().x, content.top() + 30.0))
        .default_size([720.0, (content.height() - 80.0).min(760.0)])
        .max_height(content.height() - 40.0)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                progress_body(app, ui, &mut start, &mut delete);
            });
        });
    if !open {
        app.ui.progress.open = false;
    }
    if let Some(id) = delete {
        app.ui.progress.confirm_delete = Some(id);
    }
    if let Some(then) = start {
        app.ui.progress.open = false;
        app.ui.show_start = false;
        app.guarded(then);
    }
    confirm_delete(app, ctx);
}

fn confirm_delete(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(id) = app.ui.progress.confirm_delete else {
        return;
    };
    let what = app
        .ui
        .progress
        .loaded
        .as_ref()
        .and_then(|l| l.entries.iter().find(|e| e.id == id))
        .map(|e| format!("{}: {}", e.mode.name(), e.case_title))
        .unwrap_or_default();
    let mut answer: Option<bool> = None;
    egui::Modal::new(egui::Id::unique("confirm-delete-practice")).show(ctx, |ui| {
        ui.heading("Delete this practice?");
        ui.label(format!(
            "{what}. It leaves the journal, its plots and the schedule. The board file, if saved, stays."
        ));
        ui.horizontal(|ui| {
            if ui.button("Delete practice").clicked() {
                answer = Some(true);
            }
            if ui.button("Keep").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    match answer {
        Some(true) => {
            if let Some(w) = &mut app.services.practice.writer {
                w.delete(id);
            }
            // Shown gone at once; the journal is read again once written.
            if let Some(l) = &mut app.ui.progress.loaded {
                l.entries.retain(|e| e.id != id);
            }
            app.ui.progress.confirm_delete = None;
            app.ui.status = "Practice deleted from the journal.".to_owned();
        }
        Some(false) => app.ui.progress.confirm_delete = None,
        None => {}
    }
}

fn progress_body(
    app: &MlsdApp,
    ui: &mut egui::Ui,
    start: &mut Option<Then>,
    delete: &mut Option<u64>,
) {
    if app.services.practice.writer.is_none() {
        ui.label("There is no practice journal: this machine gives the app no data folder to keep it in.");
        return;
    }
    if let Some(e) = &app.ui.progress.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
        return;
    }
    let Some(l) = &app.ui.progress.loaded else {
        ui.label("Reading the practice journal…");
        return;
    };
    let s = &l.summary;
    if s.entries == 0 {
        ui.label(RichText::new("No practice yet").heading());
        ui.label(
            "Every timed session, draw-from-memory drill and follow-up drill you finish is kept here: \
             grades over time, time per step against budget, what you keep missing. \
             Start with a case below.",
        );
    } else {
        ui.label(format!(
            "{} practices: {} timed sessions, {} draw-from-memory drills, {} follow-up drills.",
            s.entries, s.sessions, s.recalls, s.follow_up_drills
        ));
    }
    if l.damaged > 0 {
        ui.label(
            RichText::new(format!(
                "{} damaged lines of the journal were skipped; they stay in the file.",
                l.damaged
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    ui.add_space(6.0);
    due_list(ui, s, l.at, usize::MAX, start);
    ui.add_space(8.0);
    grades_plot(ui, s);
    ui.add_space(8.0);
    steps_plot(ui, s);
    ui.add_space(8.0);
    missed_list(ui, s);
    ui.add_space(8.0);
    never_list(ui, s, start);
    ui.add_space(8.0);
    history(ui, l, delete);
}

/// "Due today": what the scheduler says to practise (the first `max`),
/// one click to start.
pub fn due_list(ui: &mut egui::Ui, s: &Summary, now: i64, max: usize, start: &mut Option<Then>) {
    ui.label(RichText::new("Due today").strong());
    if s.due.is_empty() {
        let next = s.next_due.map_or_else(String::new, |at| {
            format!(" The next review is {}.", days_phrase(at, now))
        });
        ui.label(RichText::new(format!("Nothing is due.{next}")).weak());
        return;
    }
    for d in s.due.iter().take(max) {
        ui.horizontal(|ui| {
            if ui
                .button("Practice")
                .on_hover_text(format!("Start a timed practice of {}", d.what))
                .clicked()
            {
                *start = Some(Then::Template {
                    id: d.case.clone(),
                    study: false,
                });
            }
            if ui
                .button("From memory")
                .on_hover_text(format!(
                    "Draw {} from memory in {} minutes",
                    d.what,
                    super::session_bar::RECALL_MINUTES
                ))
                .clicked()
            {
                *start = Some(Then::Recall { id: d.case.clone() });
            }
            ui.label(&d.what);
            ui.label(RichText::new(&d.why).small().weak());
        });
    }
    if s.due.len() > max {
        ui.label(
            RichText::new(format!(
                "…and {} more in View > Progress.",
                s.due.len() - max
            ))
            .small()
            .weak(),
        );
    }
}

/// Gives a plot an accessible name (and a tooltip) that says what it
/// shows.
fn described(resp: &egui::Response, text: &str) {
    let text = text.to_owned();
    resp.widget_info(move || egui::WidgetInfo::labeled(egui::Role::Image, true, &text));
}

/// Distinct series colours that read on both themes.
const SERIES: [egui::Color32; 10] = [
    egui::Color32::from_rgb(0x3b, 0x82, 0xf6),
    egui::Color32::from_rgb(0xe0, 0x6c, 0x1f),
    egui::Color32::from_rgb(0x16, 0xa3, 0x4a),
    egui::Color32::from_rgb(0xd9, 0x46, 0xef),
    egui::Color32::from_rgb(0xdc, 0x26, 0x26),
    egui::Color32::from_rgb(0x08, 0x91, 0xb2),
    egui::Color32::from_rgb(0xca, 0x8a, 0x04),
    egui::Color32::from_rgb(0x7c, 0x3a, 0xed),
    egui::Color32::from_rgb(0x65, 0xa3, 0x0d),
    egui::Color32::from_rgb(0xdb, 0x27, 0x77),
];

fn grades_plot(ui: &mut egui::Ui, s: &Summary) {
    ui.label(RichText::new("Grade over time, per case").strong());
    let points: usize = s.cases.iter().map(|c| c.grades.len()).sum();
    if points == 0 {
        ui.label(
            RichText::new("No graded practice yet: each one adds a point per case here.").weak(),
        );
        return;
    }
    let first = s
        .cases
        .iter()
        .flat_map(|c| c.grades.first().map(|g| g.0))
        .min()
        .unwrap_or(0);
    let resp = plot(
        "grades-over-time",
        200.0,
        egui_plot::Corner::RightBottom,
        100.0,
        ("days since the first practice", "grade %"),
    )
    .show(ui, |p| {
        for (i, c) in s.cases.iter().enumerate() {
            let pts = c
                .grades
                .iter()
                .map(|(at, g)| [day_of(*at, first), f64::from(*g) * 100.0])
                .collect();
            series(p, &c.title, pts, i);
        }
    })
    .response;
    described(
        &resp,
        &format!(
            "Grade over time: {} cases, {points} graded practices",
            s.cases.len()
        ),
    );
}

fn steps_plot(ui: &mut egui::Ui, s: &Summary) {
    ui.label(RichText::new("Time per step against budget").strong());
    let timed: Vec<_> = s.steps.iter().filter(|p| !p.times.is_empty()).collect();
    if timed.is_empty() {
        ui.label(
            RichText::new("No timed session yet: each one adds its time per step here.").weak(),
        );
        return;
    }
    // One line per step across the timed sessions, as a share of its
    // budget: above the budget line is overtime.
    let mut sessions: Vec<i64> = timed
        .iter()
        .flat_map(|p| p.times.iter().map(|t| t.0))
        .collect();
    sessions.sort_unstable();
    sessions.dedup();
    let resp = plot(
        "time-per-step",
        260.0,
        egui_plot::Corner::RightTop,
        230.0,
        ("timed session", "% of the step's budget"),
    )
    .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
    .show(ui, |p| {
        for (i, step) in timed.iter().enumerate() {
            let pts: Vec<[f64; 2]> = step
                .times
                .iter()
                .filter_map(|(at, spent, budget)| {
                    let n = sessions.binary_search(at).ok()? + 1;
                    Some([
                        n as f64,
                        f64::from(*spent) / f64::from((*budget).max(1)) * 100.0,
                    ])
                })
                .collect();
            series(p, &step.title, pts, i);
        }
        p.hline(
            HLine::new("budget", 100.0)
                .color(ui_visuals_text_weak())
                .style(egui_plot::LineStyle::dashed_loose()),
        );
    })
    .response;
    let over: Vec<String> = timed
        .iter()
        .filter(|p| p.over > 0)
        .map(|p| format!("{} ({} of {})", p.title, p.over, p.times.len()))
        .collect();
    described(
        &resp,
        &format!(
            "Time per step against budget: {} steps over {} sessions; over budget: {}",
            timed.len(),
            sessions.len(),
            if over.is_empty() {
                "none".to_owned()
            } else {
                over.join(", ")
            }
        ),
    );
    if !over.is_empty() {
        ui.label(RichText::new(format!("Over budget: {}", over.join(", "))).small());
    }
}

/// A plot `height` high with its legend in `corner`, its y axis from 0 to
/// at least `y_max`, and `labels` (x, y) on its axes; scrolling the window
/// over it scrolls the window.
fn plot(
    id: &str,
    height: f32,
    corner: egui_plot::Corner,
    y_max: f64,
    labels: (&str, &str),
) -> Plot<'static> {
    Plot::new(id.to_owned())
        .height(height)
        .legend(
            Legend::default()
                .position(corner)
                .text_style(egui::TextStyle::Small),
        )
        .include_y(0.0)
        .include_y(y_max)
        .x_axis_label(labels.0.to_owned())
        .y_axis_label(labels.1.to_owned())
        .allow_scroll(false)
}

/// One named series, a line through its points, in the `i`-th colour.
fn series(p: &mut egui_plot::PlotUi<'_>, name: &str, pts: Vec<[f64; 2]>, i: usize) {
    let color = SERIES[i % SERIES.len()];
    p.line(Line::new(name.to_owned(), pts.clone()).color(color));
    p.points(Points::new(name.to_owned(), pts).radius(3.0).color(color));
}

/// The budget line's colour: grey on both themes.
fn ui_visuals_text_weak() -> egui::Color32 {
    egui::Color32::from_gray(0x80)
}

fn missed_list(ui: &mut egui::Ui, s: &Summary) {
    ui.label(RichText::new("Most often missed").strong());
    let weak: Vec<_> = s
        .steps
        .iter()
        .filter(|p| p.graded > 0 && p.missed > 0)
        .collect();
    if weak.is_empty() && s.missed.is_empty() {
        ui.label(
            RichText::new(
                "Nothing yet: grade the rubric after a session (Review tab) and the steps and decisions you miss show here.",
            )
            .weak(),
        );
        return;
    }
    missed_plot(ui, s);
    for p in weak {
        ui.label(format!(
            "{}: weak in {} of {} graded sessions{}",
            p.title,
            p.missed,
            p.graded,
            p.mean_grade
                .map_or_else(String::new, |g| format!(", mean {}", pct(g)))
        ));
    }
    for m in &s.missed {
        ui.label(RichText::new(format!("{}x {} ({})", m.times, m.item, m.case_title)).small());
    }
}

/// How often each graded step was weak, as horizontal bars (most often
/// first, at the top).
fn missed_plot(ui: &mut egui::Ui, s: &Summary) {
    let mut graded: Vec<_> = s.steps.iter().filter(|p| p.graded > 0).collect();
    if graded.is_empty() {
        return;
    }
    let share = |p: &crate::practice::summary::StepProgress| p.missed as f64 / p.graded as f64;
    graded.sort_by(|a, b| share(a).total_cmp(&share(b)));
    let names: Vec<String> = graded.iter().map(|p| p.title.clone()).collect();
    let bars: Vec<Bar> = graded
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Bar::new(i as f64, share(p) * 100.0)
                .width(0.6)
                .name(format!("{}: weak in {} of {}", p.title, p.missed, p.graded))
                .fill(SERIES[4].gamma_multiply(0.8))
        })
        .collect();
    let height = (graded.len() as f32 * 24.0 + 50.0).clamp(90.0, 260.0);
    let resp = Plot::new("missed-steps")
        .height(height)
        .include_x(0.0)
        .include_x(100.0)
        .x_axis_label("% of graded sessions where the step was weak")
        .show_y(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .y_axis_min_width(150.0)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |p| {
            p.bar_chart(BarChart::new("weak", bars).horizontal());
        })
        .response;
    let worst: Vec<String> = graded
        .iter()
        .rev()
        .filter(|p| p.missed > 0)
        .take(3)
        .map(|p| format!("{} ({} of {})", p.title, p.missed, p.graded))
        .collect();
    described(
        &resp,
        &format!(
            "Steps most often weak: {}",
            if worst.is_empty() {
                "none".to_owned()
            } else {
                worst.join(", ")
            }
        ),
    );
}

fn never_list(ui: &mut egui::Ui, s: &Summary, start: &mut Option<Then>) {
    ui.label(RichText::new("Never practised").strong());
    if s.never.is_empty() {
        ui.label(RichText::new("Every case has been practised at least once.").weak());
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (id, title) in &s.never {
            if ui
                .button(title)
                .on_hover_text(format!("Start a timed practice of {title}"))
                .clicked()
            {
                *start = Some(Then::Template {
                    id: id.clone(),
                    study: false,
                });
            }
        }
    });
}

fn history(ui: &mut egui::Ui, l: &Loaded, delete: &mut Option<u64>) {
    egui::CollapsingHeader::new(
        RichText::new(format!("All practices ({})", l.entries.len())).strong(),
    )
    .default_open(false)
    .show(ui, |ui| {
        if l.entries.is_empty() {
            ui.label(RichText::new("None yet.").weak());
            return;
        }
        egui::Grid::new("practice-history")
            .num_columns(5)
            .striped(true)
            .show(ui, |ui| {
                for e in l.entries.iter().rev() {
                    ui.label(days_phrase(e.at, l.at));
                    ui.label(&e.case_title);
                    ui.label(e.mode.name());
                    ui.label(
                        crate::practice::schedule::grade(e)
                            .map_or_else(|| "not graded".to_owned(), pct),
                    );
                    if ui
                        .small_button("Delete")
                        .on_hover_text(format!("Delete this practice of {}", e.case_title))
                        .clicked()
                    {
                        *delete = Some(e.id);
                    }
                    ui.end_row();
                }
            });
    });
}
