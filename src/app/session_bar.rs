//! Timed practice sessions: the timer bar (start, pause, next step,
//! finish; step and total time left; overtime), interviewer prompts, the
//! report at the end, and replay with a timeline scrubber.

use std::collections::HashSet;
use std::time::Duration;

use egui::{Color32, RichText};

use super::MlsdApp;
use super::document::{Document, Edit};
use crate::ops::Op;
use crate::session::report::{clock, markdown, report_until};
use crate::session::{Event, Player};

/// Replay speeds offered.
pub const SPEEDS: [f32; 5] = [1.0, 2.0, 4.0, 8.0, 16.0];

/// General follow-up questions for boards without a template.
const GENERAL_PROMPTS: &[&str] = &[
    "How would you handle cold start for new users and items?",
    "What happens when the data distribution drifts?",
    "Your labels arrive days late. What changes?",
    "How do you deal with position bias in click data?",
    "How would you keep training and serving features consistent?",
    "What would you monitor in the first week after launch?",
    "How would you explain a prediction to a user?",
    "Where could a feedback loop creep in?",
];

/// A session being replayed.
pub struct Replay {
    /// The recording.
    pub player: Player,
    /// The time shown, in ms.
    pub t_ms: u64,
    /// Whether it plays.
    pub playing: bool,
    /// Replay speed.
    pub speed: f32,
    /// The live document, put aside while replaying.
    live: Document,
    shown_n: usize,
}

/// What the report window lays out: the session's figures, the review's
/// coverage and the board's questions to the interviewer.
#[derive(Clone, Debug)]
pub struct ReportView {
    /// The board's title.
    pub title: String,
    /// Time per step, pauses, prompts, peeks.
    pub report: crate::session::report::SessionReport,
    /// The diagram score against the reference, if from a template.
    pub coverage: Option<f64>,
    /// Prompt, clarifications and what was asked.
    pub meta: crate::model::Meta,
    /// The candidate's rubric grades, if the case has a rubric.
    pub rubric: Option<crate::review::RubricPart>,
}

/// The follow-up drill: the template's follow-up questions one at a
/// time, two minutes each, the answer key after each, a grade.
#[derive(Clone, Debug, Default)]
pub struct Drill {
    /// Which follow-up (index into the template's list).
    pub index: usize,
    /// When this question was shown (clock ms).
    pub started_ms: u64,
    /// What has been typed.
    pub answer: String,
    /// When the key was shown (seconds taken), if it is.
    pub revealed: Option<u32>,
}

/// Seconds given to answer one follow-up.
pub const DRILL_SECONDS: u64 = 120;

/// Minutes a draw-from-memory drill lasts.
pub const RECALL_MINUTES: f32 = 10.0;

/// The framework of a draw-from-memory board: one step of
/// [`RECALL_MINUTES`] and no checklist, so nothing but the prompt hints at
/// the design.
#[must_use]
pub fn recall_framework() -> crate::model::Framework {
    crate::model::Framework {
        id: "recall".to_owned(),
        name: "Draw from memory".to_owned(),
        description: "Redraw the case's design from memory, then compare it stage by stage."
            .to_owned(),
        total_minutes: RECALL_MINUTES,
        steps: vec![crate::model::Step {
            id: "recall".to_owned(),
            title: "Draw the design from memory".to_owned(),
            budget_minutes: RECALL_MINUTES,
            ..crate::model::Step::default()
        }],
    }
}

/// A finished draw-from-memory drill: the stage diff against the
/// reference, shown in its own window.
#[derive(Clone, Debug)]
pub struct RecallResult {
    /// The case's title.
    pub title: String,
    /// Each reference stage, drawn or skipped.
    pub stages: Vec<crate::review::StageLine>,
    /// Active time taken, in ms.
    pub active_ms: u64,
}

/// Starts the follow-up drill on the open board's case.
pub fn start_drill(app: &mut MlsdApp) {
    app.session.drill = Some(Drill {
        started_ms: app.services.clock.now_ms(),
        ..Drill::default()
    });
}

/// The drill window: the question, a two-minute countdown, the answer box;
/// then the key and the grade buttons. Each graded answer is kept on the
/// board (one undoable change, so in the session log) and reported.
fn drill_window(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut d) = app.session.drill.clone() else {
        return;
    };
    let Some(t) = super::start::template_of(app).cloned() else {
        app.session.drill = None;
        return;
    };
    let Some(question) = t.follow_ups.get(d.index).cloned() else {
        app.session.drill = None;
        return;
    };
    let now = app.services.clock.now_ms();
    let elapsed_s = (now.saturating_sub(d.started_ms) / 1000).min(DRILL_SECONDS);
    if d.revealed.is_none() && elapsed_s >= DRILL_SECONDS {
        d.revealed = Some(DRILL_SECONDS as u32);
    }
    let mut open = true;
    let mut graded: Option<u8> = None;
    egui::Window::new("Follow-up drill")
        .open(&mut open)
        .collapsible(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(format!("Follow-up {} of {}", d.index + 1, t.follow_ups.len()))
                    .small()
                    .weak(),
            );
            ui.label(RichText::new(&question).heading());
            if d.revealed.is_none() {
                let left = DRILL_SECONDS - elapsed_s;
                ui.label(
                    RichText::new(format!("{} left", clock(left * 1000)))
                        .color(if left <= 20 { BAD } else { GOOD }),
                );
                ctx.request_repaint_after(Duration::from_millis(250));
            }
            ui.add(
                egui::TextEdit::multiline(&mut d.answer)
                    .hint_text("Your answer, as you would say it")
                    .desired_rows(4)
                    .desired_width(f32::INFINITY)
                    .interactive(d.revealed.is_none()),
            );
            match d.revealed {
                None => {
                    if ui.button("Done: show the answer key").clicked() {
                        d.revealed = Some(elapsed_s as u32);
                    }
                }
                Some(_) => {
                    ui.label(RichText::new("Answer key").strong());
                    ui.label(t.follow_up_key(&question).unwrap_or(
                        "This case has no key for this question: compare with the reference and the rubric.",
                    ));
                    ui.label(RichText::new("Grade your answer: 0 absent · 1 named · 2 justified against an alternative").small());
                    ui.horizontal(|ui| {
                        for g in 0..=2u8 {
                            if ui.button(g.to_string()).clicked() {
                                graded = Some(g);
                            }
                        }
                    });
                }
            }
        });
    if let Some(g) = graded {
        app.doc.edit_meta("Answer a follow-up", |m| {
            m.drill.push(crate::model::DrillAnswer {
                question,
                answer: d.answer.trim().to_owned(),
                grade: g,
                seconds: d.revealed.unwrap_or(0),
            });
        });
        if d.index + 1 < t.follow_ups.len() {
            app.session.drill = Some(Drill {
                index: d.index + 1,
                started_ms: now,
                ..Drill::default()
            });
        } else {
            app.session.drill = None;
            super::progress::record_follow_ups(app);
            super::progress::regrade(app);
            open_report(app);
        }
        return;
    }
    app.session.drill = open.then_some(d);
}

/// Timed-session state that is not part of the board.
#[derive(Default)]
pub struct SessionUi {
    /// Whether a session is running (started and not finished).
    pub running: bool,
    /// Whether interviewer prompts pop up.
    pub prompts_on: bool,
    /// The prompt card shown.
    pub prompt_card: Option<String>,
    /// The replay, when replaying.
    pub replay: Option<Replay>,
    /// The report shown after finishing (Markdown, as exported).
    pub report: Option<String>,
    /// The same report as data, for the report window.
    pub report_view: Option<ReportView>,
    /// The follow-up drill in progress.
    pub drill: Option<Drill>,
    /// The length the user picked for the next session, in minutes (0:
    /// the framework's own total).
    pub minutes: f32,
    /// Whether the reference was opened during the running session (then
    /// it stays open without asking again).
    pub peeked: bool,
    /// The document the running session belongs to (its generation).
    pub doc_generation: u64,
    /// The case being drawn from memory, while that drill runs.
    pub recall: Option<String>,
    /// The last draw-from-memory drill's result, while its window is open.
    pub recall_result: Option<RecallResult>,
    /// The journal entry (id, time) of the last finished session and the
    /// document it belongs to (its generation), updated as its rubric is
    /// graded.
    pub journal_entry: Option<(crate::practice::Entry, u64)>,
    over_noticed: HashSet<String>,
    /// Whether the running session's current step (or the whole session)
    /// is over its budget: the canvas then wears a warning border.
    pub over_budget: bool,
    time_up_noticed: bool,
    next_prompt_ms: u64,
    rng: u64,
    prompts_used: usize,
}

impl SessionUi {
    fn random(&mut self) -> u64 {
        self.rng = self
            .rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.rng >> 33
    }
}

fn now_ms(app: &MlsdApp) -> u64 {
    app.doc.history.log().elapsed_ms()
}

fn set_current_step(app: &mut MlsdApp, id: &str) {
    app.doc.history.record(Event::StepChanged(id.to_owned()));
    let before = app.doc.board.checklist.current_step.clone();
    if before.as_deref() != Some(id) {
        app.doc.apply(Edit::Apply(
            "Change step".to_owned(),
            vec![Op::SetCurrentStep {
                before,
                after: Some(id.to_owned()),
            }],
        ));
    }
}

/// Starts a timed session on the open board.
pub fn start(app: &mut MlsdApp) {
    app.session.recall = None;
    let minutes = app.session.minutes;
    start_for(app, minutes);
    app.ui.status = "Session started. Good luck!".to_owned();
}

/// Starts the draw-from-memory drill on the open board (made from a
/// case): [`RECALL_MINUTES`] on the clock, recorded like a session.
pub fn start_recall(app: &mut MlsdApp) {
    let Some(case) = app.doc.board.meta.template.clone() else {
        return;
    };
    app.session.recall = Some(case);
    app.session.recall_result = None;
    start_for(app, RECALL_MINUTES);
    app.ui.status =
        format!("Draw the design from memory: {RECALL_MINUTES} minutes. Finish when done.");
}

fn start_for(app: &mut MlsdApp, want: f32) {
    if app.doc.board.framework.steps.is_empty()
        && let Some(f) = app.library.frameworks.first().cloned()
    {
        super::checklist::choose_framework(app, &f);
    }
    // A session length other than the framework's scales every step budget.
    let total = app.doc.board.framework.total_minutes;
    if want > 0.0 && total > 0.0 && (want - total).abs() > 0.01 {
        let f = app.doc.board.framework.scaled_to(want);
        super::checklist::choose_framework(app, &f);
    }
    app.doc.start_recording(app.services.clock.clone());
    app.session.doc_generation = app.doc.generation();
    let first = app
        .doc
        .board
        .checklist
        .current_step
        .clone()
        .filter(|c| app.doc.board.framework.step(c).is_some())
        .or_else(|| app.doc.board.framework.steps.first().map(|s| s.id.clone()));
    if let Some(id) = first {
        set_current_step(app, &id);
    }
    app.session.running = true;
    // The reference is sealed while the session runs.
    app.session.peeked = false;
    if app.ui.ghost_mode != super::start::GhostMode::Off {
        super::start::set_ghost(app, super::start::GhostMode::Off);
    }
    if app.ui.sidebar_tab == super::panels::SidebarTab::Review {
        app.ui.sidebar_tab = super::panels::SidebarTab::Framework;
    }
    app.session.journal_entry = None;
    app.session.over_noticed.clear();
    app.session.over_budget = false;
    app.session.time_up_noticed = false;
    app.session.rng = app.services.clock.now_ms() | 1;
    app.session.next_prompt_ms = 4 * 60_000;
}

fn show_prompt(app: &mut MlsdApp) {
    let from_template: Vec<String> = super::start::template_of(app)
        .map(|t| t.follow_ups.clone())
        .unwrap_or_default();
    let pool: Vec<String> = if from_template.is_empty() {
        GENERAL_PROMPTS.iter().map(|s| (*s).to_owned()).collect()
    } else {
        from_template
    };
    let i = app.session.prompts_used % pool.len();
    app.session.prompts_used += 1;
    let text = pool[i].clone();
    app.doc.history.record(Event::PromptShown(text.clone()));
    app.session.prompt_card = Some(text);
}

/// Moves the session to the next framework step.
pub fn next_step(app: &mut MlsdApp) {
    let steps = &app.doc.board.framework.steps;
    let cur = app.doc.board.checklist.current_step.clone();
    let i = cur
        .and_then(|c| steps.iter().position(|s| s.id == c))
        .map_or(0, |i| i + 1);
    if let Some(id) = steps.get(i).map(|s| s.id.clone()) {
        set_current_step(app, &id);
        if app.session.prompts_on {
            show_prompt(app);
        }
    }
}

/// Whether the reference (review tab, overlay) is sealed: a timed session
/// runs and it has not been opened yet.
#[must_use]
pub fn reference_sealed(app: &MlsdApp) -> bool {
    app.session.running && !app.session.peeked
}

/// Opens the reference during a session, after the user confirmed: the
/// peek goes into the session log with its time.
pub fn peek_reference(app: &mut MlsdApp) {
    if reference_sealed(app) {
        app.doc.history.record(Event::ReferenceOpened);
        app.session.peeked = true;
    }
    app.ui.sidebar_tab = super::panels::SidebarTab::Review;
    if app.ui.ghost_mode == super::start::GhostMode::Off {
        super::start::set_ghost(app, super::start::GhostMode::Beside);
    }
    app.ui.status = "Reference opened; the session report will say when.".to_owned();
}

/// Ends the session and shows its report.
pub fn finish(app: &mut MlsdApp) {
    app.doc.history.record(Event::Finished);
    app.session.running = false;
    app.session.prompt_card = None;
    app.doc.session = app.doc.session_record();
    if app.session.recall.take().is_some() {
        finish_recall(app);
        return;
    }
    super::progress::record_session(app);
    open_report(app);
}

/// Ends a draw-from-memory drill: the stage diff against the reference,
/// the reference laid over the board, and the journal entry.
fn finish_recall(app: &mut MlsdApp) {
    let Some(t) = super::start::template_of(app).cloned() else {
        return;
    };
    let stages = crate::review::stages(&app.doc.board, &t, &app.library.catalog);
    let record = app.doc.session_record().unwrap_or_default();
    let r = report_until(&record.log, &app.doc.board.framework, None);
    super::progress::record_recall(app, &stages);
    super::start::set_ghost(app, super::start::GhostMode::Over);
    let drawn = stages.iter().filter(|s| s.drawn()).count();
    app.ui.status = format!("You drew {drawn} of {} stages from memory.", stages.len());
    app.session.recall_result = Some(RecallResult {
        title: t.title.clone(),
        stages,
        active_ms: r.active_ms,
    });
}

/// The draw-from-memory result: the stage diff in words, per pipeline,
/// with the reference over the board.
fn recall_window(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(res) = app.session.recall_result.clone() else {
        return;
    };
    let mut open = true;
    let mut replay = false;
    egui::Window::new("Drawn from memory")
        .open(&mut open)
        .collapsible(false)
        .default_width(480.0)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-20.0, -40.0))
        .show(ctx, |ui| {
            let drawn = res.stages.iter().filter(|s| s.drawn()).count();
            ui.label(
                RichText::new(format!(
                    "{}: {drawn} of {} stages in {}",
                    res.title,
                    res.stages.len(),
                    clock(res.active_ms)
                ))
                .heading(),
            );
            for (pipeline, text) in crate::review::stages_by_pipeline(&res.stages) {
                ui.add_space(4.0);
                if !pipeline.is_empty() {
                    ui.label(RichText::new(pipeline).strong());
                }
                ui.label(text);
            }
            ui.add_space(4.0);
            ui.label(
                RichText::new(
                    "The reference is laid over your board (Review tab: Hidden, Beside, Over).",
                )
                .small()
                .weak(),
            );
            if ui.button("Replay the drill").clicked() {
                replay = true;
            }
        });
    if !open {
        app.session.recall_result = None;
    }
    if replay {
        app.session.recall_result = None;
        enter_replay(app);
    }
}

/// Opens the report window on the recorded session (Markdown for export,
/// and the data the window lays out).
pub fn open_report(app: &mut MlsdApp) {
    let record = app.doc.session_record().unwrap_or_default();
    let r = report_until(&record.log, &app.doc.board.framework, None);
    let coverage = super::start::template_of(app)
        .map(|t| crate::review::score(&app.doc.board, t, &app.library.catalog).coverage);
    let title = if app.doc.board.meta.title.is_empty() {
        app.doc.display_name()
    } else {
        app.doc.board.meta.title.clone()
    };
    let mut text = markdown(&r, &title, coverage);
    text.push_str(&crate::session::report::clarifications_markdown(
        &app.doc.board.meta,
    ));
    text.push_str(&crate::session::report::drill_markdown(&app.doc.board.meta));
    if let Some(t) = super::start::template_of(app) {
        text.push_str(&crate::review::rubric_markdown(
            t,
            &app.doc.board.meta.grades,
            coverage.unwrap_or(0.0),
        ));
    }
    app.session.report = Some(text);
    let rubric = super::start::template_of(app)
        .and_then(|t| crate::review::rubric(t, &app.doc.board.meta.grades));
    app.session.report_view = Some(ReportView {
        title,
        report: r,
        coverage,
        meta: app.doc.board.meta.clone(),
        rubric,
    });
}

/// Starts replaying the board's recorded session.
pub fn enter_replay(app: &mut MlsdApp) {
    let Some(record) = app.doc.session_record() else {
        return;
    };
    match Player::new(&record.initial, &record.log) {
        Ok(player) => {
            let board = player.seek(0);
            let live = std::mem::replace(&mut app.doc, Document::new(board));
            app.doc.board.meta = live.board.meta.clone();
            app.canvas.selection.clear();
            app.session.replay = Some(Replay {
                player,
                t_ms: 0,
                playing: false,
                speed: 4.0,
                live,
                shown_n: 0,
            });
            app.canvas.request_fit();
        }
        Err(e) => {
            app.ui.dialog = Some(super::Dialog::Message {
                title: "This session cannot be replayed".to_owned(),
                text: format!("{e}. The board itself is intact."),
            });
        }
    }
}

/// Leaves replay, back to the live board.
pub fn exit_replay(app: &mut MlsdApp) {
    if let Some(r) = app.session.replay.take() {
        app.doc = r.live;
        app.canvas.selection.clear();
    }
}

/// Shows the replayed board at `t` (with the checklist as it was then).
pub fn seek(app: &mut MlsdApp, t: u64) {
    let Some(r) = app.session.replay.as_mut() else {
        return;
    };
    r.t_ms = t.min(r.player.duration_ms());
    let n = r.player.entries_until(r.t_ms);
    if n != r.shown_n {
        r.shown_n = n;
        let board = r.player.board_after(n);
        app.doc.replace_board(board);
    }
}

/// Replaces the live board by the replayed board at the current time, as a
/// new unsaved board.
pub fn continue_from_here(app: &mut MlsdApp) {
    let Some(r) = app.session.replay.take() else {
        return;
    };
    let mut board = r.player.seek(r.t_ms);
    board.meta.title = format!("{} (continued)", r.live.board.meta.title);
    app.doc = Document::new(board);
    app.ui.status = format!("Continuing from {}", clock(r.t_ms));
}

fn timeline(ui: &mut egui::Ui, r: &Replay, width: f32) -> Option<u64> {
    let (rect, resp) =
        ui.allocate_exact_size(egui::vec2(width, 26.0), egui::Sense::click_and_drag());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline"));
    let p = ui.painter_at(rect);
    let vis = ui.visuals();
    p.rect_filled(rect, 3.0, vis.extreme_bg_color);
    let dur = r.player.duration_ms().max(1) as f32;
    let x_of = |t: u64| rect.min.x + rect.width() * (t as f32 / dur);
    // Edit density.
    let bins = (rect.width() / 4.0).max(1.0) as usize;
    let mut counts = vec![0u32; bins];
    for e in r.player.log() {
        if crate::session::player::is_edit(&e.event) {
            let b = ((e.t_ms as f32 / dur) * (bins - 1) as f32) as usize;
            counts[b.min(bins - 1)] += 1;
        }
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f32;
    for (i, c) in counts.iter().enumerate() {
        if *c > 0 {
            let h = (rect.height() - 6.0) * (*c as f32 / max);
            let x = rect.min.x + i as f32 * 4.0;
            p.rect_filled(
                egui::Rect::from_min_max(
                    egui::pos2(x, rect.max.y - 3.0 - h),
                    egui::pos2(x + 3.0, rect.max.y - 3.0),
                ),
                0.0,
                vis.selection.bg_fill.gamma_multiply(0.6),
            );
        }
    }
    // Step marks.
    for e in r.player.log() {
        if let Event::StepChanged(_) = e.event {
            let x = x_of(e.t_ms);
            p.line_segment(
                [egui::pos2(x, rect.min.y), egui::pos2(x, rect.max.y)],
                egui::Stroke::new(1.5, Color32::from_rgb(0xd0, 0x8c, 0x1a)),
            );
        }
    }
    // Peeks at the reference: a red mark with an eye-level dot.
    for e in r.player.log() {
        if let Event::ReferenceOpened = e.event {
            let x = x_of(e.t_ms);
            let red = Color32::from_rgb(0xd0, 0x43, 0x43);
            p.line_segment(
                [egui::pos2(x, rect.min.y), egui::pos2(x, rect.max.y)],
                egui::Stroke::new(2.0, red),
            );
            p.circle_filled(egui::pos2(x, rect.min.y + 4.0), 3.5, red);
        }
    }
    let x = x_of(r.t_ms);
    p.line_segment(
        [egui::pos2(x, rect.min.y), egui::pos2(x, rect.max.y)],
        egui::Stroke::new(2.5, vis.text_color()),
    );
    if (resp.clicked() || resp.dragged())
        && let Some(pos) = resp.interact_pointer_pos()
    {
        let f = ((pos.x - rect.min.x) / rect.width()).clamp(0.0, 1.0);
        return Some((f * dur) as u64);
    }
    None
}

fn replay_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    let Some(r) = app.session.replay.as_mut() else {
        return;
    };
    let dt = ui.input(|i| i.stable_dt).min(0.1);
    if r.playing {
        let next = r.t_ms + (f64::from(dt) * 1000.0 * f64::from(r.speed)) as u64;
        if next >= r.player.duration_ms() {
            r.playing = false;
        }
        let t = next;
        ui.ctx().request_repaint();
        seek(app, t);
    }
    // Step titles for "Jump to step" (the log records step ids).
    let titles: std::collections::HashMap<String, String> = app
        .doc
        .board
        .framework
        .steps
        .iter()
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    let Some(r) = app.session.replay.as_mut() else {
        return;
    };
    let mut want: Option<u64> = None;
    let mut exit = false;
    let mut cont = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Replay").strong());
        if ui
            .button(if r.playing { "Pause" } else { "Play" })
            .clicked()
        {
            r.playing = !r.playing;
        }
        egui::ComboBox::from_id_salt("replay-speed")
            .selected_text(format!("{}x", r.speed))
            .width(50.0)
            .show_ui(ui, |ui| {
                for s in SPEEDS {
                    ui.selectable_value(&mut r.speed, s, format!("{s}x"));
                }
            });
        if ui.button("Previous edit").clicked() {
            want = Some(r.player.previous_edit(r.t_ms));
        }
        if ui.button("Next edit").clicked() {
            want = Some(r.player.next_edit(r.t_ms));
        }
        ui.label(format!(
            "{} / {}",
            clock(r.t_ms),
            clock(r.player.duration_ms())
        ));
        // The last peek at the reference before the moment shown.
        if let Some(peek) = r
            .player
            .log()
            .iter()
            .filter(|e| matches!(e.event, Event::ReferenceOpened) && e.t_ms <= r.t_ms)
            .map(|e| e.t_ms)
            .next_back()
        {
            ui.label(
                RichText::new(format!("reference opened at {}", clock(peek)))
                    .color(Color32::from_rgb(0xd0, 0x43, 0x43)),
            );
        }
        let w = (ui.available_width() - 400.0).max(120.0);
        if let Some(t) = timeline(ui, r, w) {
            want = Some(t);
            r.playing = false;
        }
        egui::ComboBox::from_id_salt("replay-step")
            .selected_text("Jump to step")
            .width(110.0)
            .show_ui(ui, |ui| {
                for e in r.player.log() {
                    if let Event::StepChanged(id) = &e.event
                        && ui
                            .selectable_label(
                                false,
                                format!(
                                    "{} {}",
                                    clock(e.t_ms),
                                    titles.get(id).map_or(id.as_str(), String::as_str)
                                ),
                            )
                            .clicked()
                    {
                        want = Some(e.t_ms);
                    }
                }
            });
        let dirty = r.live.is_dirty();
        cont = ui
            .add_enabled(!dirty, egui::Button::new("Continue from here"))
            .on_disabled_hover_text(
                "Save the board first: continuing replaces it with the board at this moment.",
            )
            .clicked();
        exit = ui.button("Close replay").clicked();
    });
    if let Some(t) = want {
        seek(app, t);
    }
    if cont {
        continue_from_here(app);
    } else if exit {
        exit_replay(app);
    }
}

/// What the timer bar's buttons ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerAction {
    /// Stop the clock.
    Pause,
    /// Start it again.
    Resume,
    /// Go on to the next step of the framework.
    NextStep,
    /// End the session (the report follows).
    Finish,
}

/// Carries out a timer bar action.
pub fn timer_action(app: &mut MlsdApp, action: TimerAction) {
    match action {
        TimerAction::Pause => app.doc.history.record(Event::Paused),
        TimerAction::Resume => app.doc.history.record(Event::Resumed),
        TimerAction::NextStep => next_step(app),
        TimerAction::Finish => finish(app),
    }
}

fn timer_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    let now = now_ms(app);
    let entries = app.doc.history.entries();
    let r = report_until(entries, &app.doc.board.framework, Some(now));
    let paused = entries.iter().rev().find_map(|e| match e.event {
        Event::Paused => Some(true),
        Event::Resumed | Event::StepChanged(_) => Some(false),
        _ => None,
    }) == Some(true);
    let cur = r.current_step(entries);
    let warn = Color32::from_rgb(0xd0, 0x43, 0x43);
    let mut action: Option<TimerAction> = None;
    let recall = app.session.recall.is_some();
    ui.horizontal(|ui| {
        if recall {
            fixed(ui, STEP_W, RichText::new("Draw from memory").strong());
            app.session.over_budget = r.overtime_ms > 0;
        } else if let Some(i) = cur {
            let s = &r.steps[i];
            let over = s.spent_ms > s.budget_ms;
            let text = if over {
                format!(
                    "Step {}/{} {}: over by {}",
                    i + 1,
                    r.steps.len(),
                    s.title,
                    clock(s.spent_ms - s.budget_ms)
                )
            } else {
                format!(
                    "Step {}/{} {}: {} left",
                    i + 1,
                    r.steps.len(),
                    s.title,
                    clock(s.budget_ms - s.spent_ms)
                )
            };
            let t = RichText::new(text).strong();
            fixed(ui, STEP_W, if over { t.color(warn) } else { t });
            app.session.over_budget = over || r.overtime_ms > 0;
            if over && !app.session.over_noticed.contains(&s.id) {
                app.session.over_noticed.insert(s.id.clone());
                app.ui.status = format!(
                    "\"{}\" ran over its {} budget.",
                    s.title,
                    clock(s.budget_ms)
                );
            }
        }
        ui.separator();
        let total = if r.overtime_ms > 0 {
            RichText::new(format!("Time is up: overtime {}", clock(r.overtime_ms))).color(warn)
        } else {
            RichText::new(format!(
                "{} of {} left",
                clock(r.budget_ms - r.active_ms),
                clock(r.budget_ms)
            ))
        };
        fixed(ui, TOTAL_W, total);
        if r.overtime_ms > 0 && !app.session.time_up_noticed {
            app.session.time_up_noticed = true;
            app.ui.status = "Time is up. Keep going if you like: overtime is shown.".to_owned();
        }
        // The same room whether paused or not, so nothing after it moves.
        fixed(
            ui,
            PAUSED_W,
            RichText::new(if paused { "Paused" } else { "" }).italics(),
        );
        ui.separator();
        if ui
            .add(
                egui::Button::new(if paused { "Resume" } else { "Pause" })
                    .min_size(egui::vec2(PAUSE_W, 0.0)),
            )
            .clicked()
        {
            action = Some(if paused {
                TimerAction::Resume
            } else {
                TimerAction::Pause
            });
        }
        let last = cur.is_some_and(|i| i + 1 >= r.steps.len());
        if !recall
            && ui
                .add_enabled(!last, egui::Button::new("Next step"))
                .clicked()
        {
            action = Some(TimerAction::NextStep);
        }
        if ui.button("Finish").clicked() {
            action = Some(TimerAction::Finish);
        }
        if !recall {
            ui.checkbox(&mut app.session.prompts_on, "Interviewer prompts");
        }
    });
    if let Some(action) = action {
        timer_action(app, action);
    }
    if app.session.running
        && !recall
        && !paused
        && app.session.prompts_on
        && r.active_ms >= app.session.next_prompt_ms
    {
        let gap = 4 * 60_000 + app.session.random() % (4 * 60_000);
        app.session.next_prompt_ms = r.active_ms + gap;
        show_prompt(app);
    }
    if app.session.running {
        ui.ctx().request_repaint_after(Duration::from_millis(250));
    }
}

/// The session bar under the menu: start, the running timer, or replay.
pub fn bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    // Another board was opened while a session ran: that session is over
    // (its board kept its log), and Finish must not report on this one.
    if app.session.running
        && app.session.replay.is_none()
        && app.session.doc_generation != app.doc.generation()
    {
        app.session.running = false;
        app.session.recall = None;
        app.session.prompt_card = None;
        app.session.over_budget = false;
    }
    egui::Panel::top("session-bar").show(ui, |ui| {
        if app.session.replay.is_some() {
            replay_bar(app, ui);
        } else if app.session.running {
            timer_bar(app, ui);
        } else {
            ui.horizontal(|ui| {
                let total = app.doc.board.framework.total_minutes;
                if app.session.minutes <= 0.0 {
                    app.session.minutes = if total > 0.0 { total } else { 45.0 };
                }
                let minutes = app.session.minutes;
                if ui
                    .button(format!("Start timed session ({minutes} min)"))
                    .clicked()
                {
                    start(app);
                }
                let l = ui.label("Length");
                ui.add(
                    egui::DragValue::new(&mut app.session.minutes)
                        .range(5.0..=240.0)
                        .speed(1.0)
                        .suffix(" min"),
                )
                .labelled_by(l.id);
                let has = app.doc.session_record().is_some_and(|s| !s.log.is_empty());
                if has && ui.button("Replay session").clicked() {
                    enter_replay(app);
                }
                if has && ui.button("Session report").clicked() {
                    open_report(app);
                }
            });
        }
    });
}

/// Widths of the timer bar's parts: fixed, so the buttons after them stay
/// put while the texts change (a step's name, pausing).
const STEP_W: f32 = 330.0;
const TOTAL_W: f32 = 150.0;
const PAUSED_W: f32 = 52.0;
const PAUSE_W: f32 = 64.0;

/// A label in a slot `width` wide (cut with … when longer).
fn fixed(ui: &mut egui::Ui, width: f32, text: RichText) {
    let h = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, h),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            ui.add(egui::Label::new(text).truncate());
        },
    );
}

const GOOD: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x5b);
const WARN: Color32 = Color32::from_rgb(0xd0, 0x8c, 0x1a);
const BAD: Color32 = Color32::from_rgb(0xd0, 0x43, 0x43);

/// The session report laid out: a summary, time per step as bars against
/// the budget, prompts, the peeks at the reference, the questions asked.
fn report_ui(ui: &mut egui::Ui, v: &ReportView) {
    let r = &v.report;
    ui.heading(format!("Practice session: {}", v.title));
    ui.add_space(4.0);
    egui::Grid::new("report-summary")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label("Time");
            let over = r.overtime_ms > 0;
            ui.label(
                RichText::new(format!(
                    "{} of {}{}",
                    clock(r.active_ms),
                    clock(r.budget_ms),
                    if over {
                        format!(" (overtime {})", clock(r.overtime_ms))
                    } else {
                        String::new()
                    }
                ))
                .color(if over { BAD } else { GOOD }),
            );
            ui.end_row();
            ui.label("Pauses");
            ui.label(format!("{} ({} paused)", r.pauses, clock(r.paused_ms)));
            ui.end_row();
            ui.label("Reference");
            if r.peeks.is_empty() {
                ui.label(RichText::new("kept sealed until the end").color(GOOD));
            } else {
                let at: Vec<String> = r.peeks.iter().map(|t| clock(*t)).collect();
                ui.label(RichText::new(format!("opened at {}", at.join(", "))).color(BAD));
            }
            ui.end_row();
            if let Some(rb) = &v.rubric {
                let all = crate::review::overall(v.coverage.unwrap_or(0.0), Some(rb));
                ui.label(RichText::new("Overall").strong());
                ui.label(RichText::new(format!("{:.0}%", all * 100.0)).strong());
                ui.end_row();
                ui.label("Rubric");
                ui.add(
                    egui::ProgressBar::new(rb.score as f32)
                        .desired_width(220.0)
                        .text(format!(
                            "{:.0}% ({} of {} graded)",
                            rb.score * 100.0,
                            rb.graded,
                            rb.items
                        )),
                );
                ui.end_row();
            }
            if let Some(c) = v.coverage {
                ui.label("Diagram");
                ui.add(
                    egui::ProgressBar::new(c as f32)
                        .desired_width(220.0)
                        .text(format!("{:.0}% of the reference", c * 100.0)),
                );
                ui.end_row();
            }
            if !r.finished {
                ui.label("");
                ui.label(RichText::new("The session was not finished.").color(WARN));
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(RichText::new("Time per step").strong());
    let longest = r
        .steps
        .iter()
        .map(|s| s.spent_ms.max(s.budget_ms))
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    egui::Grid::new("report-steps")
        .num_columns(4)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for s in &r.steps {
                ui.label(&s.title);
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(200.0, 12.0), egui::Sense::hover());
                let p = ui.painter();
                let budget_w = rect.width() * s.budget_ms as f32 / longest;
                let spent_w = rect.width() * s.spent_ms as f32 / longest;
                p.rect_filled(
                    egui::Rect::from_min_size(rect.min, egui::vec2(budget_w, rect.height())),
                    2.0,
                    ui.visuals().faint_bg_color,
                );
                p.rect_stroke(
                    egui::Rect::from_min_size(rect.min, egui::vec2(budget_w, rect.height())),
                    2.0,
                    egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
                    egui::StrokeKind::Inside,
                );
                let color = if s.spent_ms > s.budget_ms { BAD } else { GOOD };
                p.rect_filled(
                    egui::Rect::from_min_size(
                        rect.min + egui::vec2(0.0, 3.0),
                        egui::vec2(spent_w, rect.height() - 6.0),
                    ),
                    1.0,
                    color,
                );
                ui.label(
                    RichText::new(format!("{} / {}", clock(s.spent_ms), clock(s.budget_ms)))
                        .color(color),
                );
                ui.label(if s.edits == 1 {
                    "1 edit".to_owned()
                } else {
                    format!("{} edits", s.edits)
                });
                ui.end_row();
            }
        });
    if !r.prompts.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Interviewer prompts").strong());
        for (t, p) in &r.prompts {
            ui.label(format!("{}  {p}", clock(*t)));
        }
    }
    let m = &v.meta;
    if !m.drill.is_empty() {
        ui.add_space(8.0);
        let points = m.drill_points();
        ui.label(
            RichText::new(format!(
                "Follow-up drill: {} of {} points",
                points,
                2 * m.drill.len()
            ))
            .strong(),
        );
        for a in &m.drill {
            let color = [BAD, WARN, GOOD][usize::from(a.grade.min(2))];
            ui.label(
                RichText::new(format!("{}  ({}/2, {} s)", a.question, a.grade, a.seconds))
                    .color(color),
            );
            if !a.answer.is_empty() {
                ui.label(RichText::new(format!("    {}", a.answer)).small());
            }
        }
    }
    if m.answers_sealed && !m.clarifications.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Clarifying questions").strong());
        if m.asked.is_empty() {
            ui.label(RichText::new("None asked.").color(WARN));
        }
        for a in &m.asked {
            match a.answered.and_then(|i| m.clarifications.get(i)) {
                Some(c) => {
                    ui.label(RichText::new(format!("Asked \"{}\"", a.question)).color(GOOD));
                    ui.label(RichText::new(format!("    {}", c.answer)).small());
                }
                None => {
                    ui.label(RichText::new(format!("Asked \"{}\"", a.question)).color(WARN));
                    ui.label(RichText::new("    no such answer: assume and state it").small());
                }
            }
        }
        let never = m.never_asked();
        if !never.is_empty() {
            ui.label(RichText::new(format!("Never asked: {}", never.join("  ·  "))).color(BAD));
        }
    }
    ui.add_space(6.0);
}

/// The interviewer's prompt card and the report window.
pub fn overlays(app: &mut MlsdApp, ctx: &egui::Context) {
    drill_window(app, ctx);
    recall_window(app, ctx);
    if let Some(text) = app.session.prompt_card.clone() {
        let mut close = false;
        let mut to_notes = false;
        egui::Window::new("Interviewer")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-310.0, -40.0))
            .fixed_size(egui::vec2(300.0, 0.0))
            .show(ctx, |ui| {
                ui.label(RichText::new(&text).strong());
                ui.horizontal(|ui| {
                    to_notes = ui.button("Answer in notes").clicked();
                    close = ui.button("Dismiss").clicked();
                });
            });
        if to_notes && let Some(step) = app.doc.board.checklist.current_step.clone() {
            // The answer is typed next: the notes field gets the keyboard.
            app.ui.focus_notes = Some(step.clone());
            app.ui.sidebar_tab = crate::app::panels::SidebarTab::Framework;
            let before = app.doc.board.checklist.note(&step).to_owned();
            let after = if before.is_empty() {
                format!("Q: {text}\nA: ")
            } else {
                format!("{before}\nQ: {text}\nA: ")
            };
            app.doc.apply(Edit::Apply(
                "Prompt to notes".to_owned(),
                vec![Op::SetStepNote {
                    step,
                    before,
                    after,
                }],
            ));
        }
        if close || to_notes {
            app.session.prompt_card = None;
        }
    }
    if let Some(md) = app.session.report.clone() {
        let mut open = true;
        let mut export = false;
        let mut replay = false;
        let mut drill = false;
        egui::Window::new("Session report")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(460.0)
                    .show(ui, |ui| match &app.session.report_view {
                        Some(view) => report_ui(ui, view),
                        None => {
                            ui.add(egui::Label::new(RichText::new(&md).monospace()).wrap());
                        }
                    });
                ui.horizontal(|ui| {
                    export = ui.button("Export as Markdown…").clicked();
                    replay = ui.button("Replay").clicked();
                    let has_follow_ups =
                        super::start::template_of(app).is_some_and(|t| !t.follow_ups.is_empty());
                    if has_follow_ups && app.session.drill.is_none() && !app.session.running {
                        drill = ui.button("Follow-up drill").clicked();
                    }
                });
            });
        if export {
            let name = format!(
                "{}-report.md",
                app.doc.display_name().trim_end_matches(".ron")
            );
            match app.services.chooser.pick_save(&name) {
                super::files::Picked::Path(p) => match crate::io::write_atomic(&p, md.as_bytes()) {
                    Ok(()) => app.ui.status = format!("Report written to {}", p.display()),
                    Err(e) => app.ui.error = Some(format!("Could not write {}: {e}", p.display())),
                },
                super::files::Picked::Cancelled => {}
                super::files::Picked::Unavailable(why) => {
                    ctx.copy_text(md.clone());
                    app.ui.status = format!(
                        "No file dialog ({why}); the report was copied to the clipboard instead."
                    );
                }
            }
        }
        if drill {
            start_drill(app);
        }
        if replay {
            app.session.report = None;
            app.session.report_view = None;
            enter_replay(app);
        } else if !open {
            app.session.report = None;
            app.session.report_view = None;
        }
    }
}
