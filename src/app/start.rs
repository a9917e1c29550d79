//! Case studies in the app: the start screen with a card per template
//! (Practice or Study), the prompt and the interviewer's answers in the
//! sidebar, and the review against the reference design (a ghost of the
//! reference on the canvas and the score).

use egui::{Color32, RichText};

use super::canvas::Ghost;
use super::{MlsdApp, Then};
use crate::model::{Difficulty, Template};
use crate::review::{self, Match};

/// How the reference is shown while reviewing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GhostMode {
    /// Not shown.
    #[default]
    Off,
    /// To the right of the user's design.
    Beside,
    /// On top of the user's design.
    Over,
}

fn difficulty_color(d: Difficulty) -> Color32 {
    match d {
        Difficulty::Easy => Color32::from_rgb(0x2e, 0x9e, 0x5b),
        Difficulty::Medium => Color32::from_rgb(0xd0, 0x8c, 0x1a),
        Difficulty::Hard => Color32::from_rgb(0xd0, 0x43, 0x43),
    }
}

/// The template a board was made from, if the app has it.
#[must_use]
pub fn template_of(app: &MlsdApp) -> Option<&Template> {
    let id = app.doc.board.meta.template.as_deref()?;
    app.library.templates.iter().find(|t| t.id == id)
}

/// The start screen: a card per case study, plus a blank board.
pub fn start_screen(app: &mut MlsdApp, ctx: &egui::Context) {
    if !app.ui.show_start {
        return;
    }
    let mut chosen: Option<Then> = None;
    let mut close = false;
    let mut open_progress = false;
    let card_w = 380.0;
    egui::Modal::new(egui::Id::unique("start-screen")).show(ctx, |ui| {
        ui.set_width(card_w * 2.0 + 40.0);
        ui.heading("Practice an ML system design interview");
        ui.label(
            RichText::new(
                "Practice: the prompt and the checklist, an empty canvas. Study: the reference design. From memory: ten minutes to redraw it, then a stage-by-stage comparison.",
            )
            .weak(),
        );
        ui.horizontal(|ui| {
            if ui.button("Blank board").clicked() {
                close = true;
            }
            if ui.button("Open…").clicked() {
                chosen = Some(Then::Open(None));
            }
            if app.services.practice.writer.is_some() && ui.button("Progress…").clicked() {
                open_progress = true;
            }
            if let Some(id) = super::progress::scheduler_pick(app) {
                let title = app
                    .library
                    .templates
                    .iter()
                    .find(|t| t.id == id)
                    .map_or(id.as_str(), |t| t.title.as_str());
                if ui
                    .button("Draw from memory")
                    .on_hover_text(format!(
                        "The scheduler's pick: {title}, from memory in {} minutes",
                        super::session_bar::RECALL_MINUTES
                    ))
                    .clicked()
                {
                    chosen = Some(Then::Recall { id: id.clone() });
                }
            }
        });
        if let Some(l) = &app.ui.progress.loaded {
            ui.add_space(6.0);
            egui::Frame::group(ui.style()).inner_margin(8.0).show(ui, |ui| {
                ui.set_width(card_w * 2.0 + 16.0);
                super::progress::due_list(ui, &l.summary, l.at, 4, &mut chosen);
            });
        }
        ui.add_space(6.0);
        // The cards take what the window leaves under the heading and the
        // due list (at least half of it): the modal grows no taller than
        // the window.
        let max_h = (ctx.content_rect().height() - ui.min_rect().height() - 120.0).max(200.0);
        egui::ScrollArea::vertical()
            .max_height(max_h)
            .min_scrolled_height(max_h.min(ctx.content_rect().height() * 0.5))
            .show(ui, |ui| {
            egui::Grid::new("template-cards")
                .num_columns(2)
                .spacing([16.0, 12.0])
                .show(ui, |ui| {
                    for (i, t) in app.library.templates.iter().enumerate() {
                        ui.vertical(|ui| {
                            ui.set_width(card_w);
                            egui::Frame::group(ui.style()).inner_margin(10.0).show(ui, |ui| {
                                ui.set_width(card_w - 22.0);
                                ui.horizontal(|ui| {
                                    ui.label(
                                        RichText::new(&t.title)
                                            .strong()
                                            .size(egui::TextStyle::Body.resolve(ui.style()).size * 1.25),
                                    );
                                    ui.label(
                                        RichText::new(t.difficulty.label())
                                            .small()
                                            .color(difficulty_color(t.difficulty)),
                                    );
                                    if i >= app.library.builtin_templates {
                                        ui.label(RichText::new("Yours").small().weak());
                                    }
                                });
                                ui.add(egui::Label::new(&t.summary).wrap());
                                ui.horizontal(|ui| {
                                    if ui
                                        .button("Practice")
                                        .on_hover_text(format!("Practice \"{}\"", t.title))
                                        .clicked()
                                    {
                                        chosen = Some(Then::Template { id: t.id.clone(), study: false });
                                    }
                                    if ui
                                        .button("Study")
                                        .on_hover_text(format!("Study the reference of \"{}\"", t.title))
                                        .clicked()
                                    {
                                        chosen = Some(Then::Template { id: t.id.clone(), study: true });
                                    }
                                    if ui
                                        .button("From memory")
                                        .on_hover_text(format!(
                                            "Draw \"{}\" from memory in {} minutes, then compare stage by stage",
                                            t.title,
                                            super::session_bar::RECALL_MINUTES
                                        ))
                                        .clicked()
                                    {
                                        chosen = Some(Then::Recall { id: t.id.clone() });
                                    }
                                });
                            });
                        });
                        if i % 2 == 1 {
                            ui.end_row();
                        }
                    }
                });
        });
    });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        close = true;
    }
    if open_progress {
        app.ui.show_start = false;
        super::progress::open(app);
    } else if let Some(then) = chosen {
        app.ui.show_start = false;
        app.guarded(then);
    } else if close {
        app.ui.show_start = false;
    }
}

/// The prompt and the interviewer's answers, above the checklist.
pub fn brief(app: &mut MlsdApp, ui: &mut egui::Ui) {
    let meta = &app.doc.board.meta;
    if meta.prompt.is_empty() {
        return;
    }
    let mut ask: Option<String> = None;
    egui::Frame::group(ui.style())
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.label(RichText::new("Prompt").small().strong());
            ui.label(&meta.prompt);
            if meta.clarifications.is_empty() {
                return;
            }
            if !meta.answers_sealed {
                egui::CollapsingHeader::new(RichText::new("Interviewer's answers").strong())
                    .default_open(false)
                    .show(ui, |ui| {
                        for c in &meta.clarifications {
                            ui.label(RichText::new(&c.question).strong());
                            ui.label(&c.answer);
                        }
                    });
                return;
            }
            // Practice: the answers come only when asked for.
            ui.add_space(4.0);
            ui.label(RichText::new("Ask the interviewer").strong());
            for a in &meta.asked {
                ui.label(format!("You: {}", a.question));
                let answer = a
                    .answered
                    .and_then(|i| meta.clarifications.get(i))
                    .map_or_else(
                        || crate::session::report::ASSUME.to_owned(),
                        |c| format!("Interviewer: {}", c.answer),
                    );
                ui.label(RichText::new(answer).italics());
            }
            ui.horizontal(|ui| {
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut app.ui.ask_text)
                        .hint_text("e.g. How many users are there?")
                        .desired_width(ui.available_width() - 50.0),
                );
                let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Ask").clicked() || entered) && !app.ui.ask_text.trim().is_empty() {
                    ask = Some(std::mem::take(&mut app.ui.ask_text).trim().to_owned());
                }
            });
        });
    if let Some(question) = ask {
        ask_interviewer(app, &question);
    }
    ui.add_space(4.0);
}

/// The rubric: per step, each decision with the book's answer beside it
/// and the candidate's grade, 0 (absent), 1 (named) or 2 (justified
/// against an alternative).
fn rubric_ui(app: &mut MlsdApp, ui: &mut egui::Ui, t: &Template) {
    let grades = app.doc.board.meta.grades.clone();
    let mut set: Option<(String, u8)> = None;
    egui::CollapsingHeader::new("Rubric: grade your decisions")
        .default_open(true)
        .show(ui, |ui| {
            ui.label(
                RichText::new("0 absent · 1 named · 2 justified against an alternative")
                    .small()
                    .weak(),
            );
            let steps = &app.doc.board.framework.steps;
            let mut last = "";
            for item in &t.rubric {
                if item.step != last {
                    last = &item.step;
                    let title = steps
                        .iter()
                        .find(|s| s.id == item.step)
                        .map_or(item.step.as_str(), |s| s.title.as_str());
                    ui.add_space(4.0);
                    ui.label(RichText::new(title).strong());
                }
                ui.label(&item.question);
                ui.horizontal(|ui| {
                    let now = grades.get(&item.id).copied();
                    for g in 0..=2u8 {
                        if ui
                            .selectable_label(now == Some(g), g.to_string())
                            .on_hover_text(["absent", "named", "justified"][usize::from(g)])
                            .clicked()
                        {
                            set = Some((item.id.clone(), g));
                        }
                    }
                });
                egui::CollapsingHeader::new(RichText::new("Answer key").small())
                    .id_salt(("key", &item.id))
                    .show(ui, |ui| {
                        ui.label(
                            RichText::new(format!("Pick: {}", item.pick))
                                .small()
                                .strong(),
                        );
                        ui.label(RichText::new(&item.why).small());
                        for r in &item.rejected {
                            ui.label(
                                RichText::new(format!("Not {}: {}", r.option, r.why))
                                    .small()
                                    .weak(),
                            );
                        }
                    });
            }
        });
    if let Some((id, g)) = set {
        app.doc.edit_meta("Grade a rubric item", |m| {
            m.grades.insert(id, g);
        });
        super::progress::regrade(app);
    }
}

/// Asks the interviewer `question`: matched against the template's
/// clarifications (their words and keywords), it reveals that answer; or
/// the interviewer says to assume. Kept on the board (and so in the
/// session log, as one undoable change).
pub fn ask_interviewer(app: &mut MlsdApp, question: &str) {
    app.doc.edit_meta("Ask the interviewer", |m| {
        let answered = crate::model::match_question(question, &m.clarifications);
        m.asked.push(crate::model::Asked {
            question: question.to_owned(),
            answered,
        });
    });
}

/// Where the ghost goes: beside the user's design (right of it) or over it.
fn ghost_for(app: &MlsdApp, t: &Template, mode: GhostMode) -> Option<Ghost> {
    let reference = &t.reference;
    let ref_bounds = reference.bounds()?;
    let (dx, dy) = match (mode, app.doc.board.bounds()) {
        (GhostMode::Off, _) => return None,
        (GhostMode::Beside, Some(b)) => (
            b.max.x + 200.0 - ref_bounds.min.x,
            b.min.y - ref_bounds.min.y,
        ),
        (GhostMode::Over, Some(b)) => (b.min.x - ref_bounds.min.x, b.min.y - ref_bounds.min.y),
        (_, None) => (0.0, 0.0),
    };
    Some(Ghost::new(reference, dx, dy))
}

/// Turns the comparison with the reference on or off.
pub fn set_ghost(app: &mut MlsdApp, mode: GhostMode) {
    app.ui.ghost_mode = mode;
    let ghost = template_of(app).and_then(|t| ghost_for(app, t, mode));
    app.canvas.ghost = ghost;
}

/// The review tab: coverage, components, connections, metrics, follow-ups.
pub fn review_panel(app: &mut MlsdApp, ui: &mut egui::Ui) {
    if super::session_bar::reference_sealed(app) {
        ui.label(RichText::new("Sealed during the session").heading());
        ui.label("The reference design and the review stay closed while the timed session runs, as in an interview. Finish the session to compare, or open them now: the peek is recorded with its time and shows in the report and the replay.");
        ui.add_space(6.0);
        if ui.button("Open the reference…").clicked() {
            app.ui.dialog = Some(super::Dialog::ConfirmPeek);
        }
        return;
    }
    let Some(t) = template_of(app).cloned() else {
        ui.label(RichText::new("This board was not made from a case study, so there is no reference to compare with. Start one from File > New from template.").weak());
        return;
    };
    ui.horizontal(|ui| {
        ui.label("Reference");
        let mut mode = app.ui.ghost_mode;
        ui.selectable_value(&mut mode, GhostMode::Off, "Hidden");
        ui.selectable_value(&mut mode, GhostMode::Beside, "Beside");
        ui.selectable_value(&mut mode, GhostMode::Over, "Over");
        if mode != app.ui.ghost_mode {
            set_ghost(app, mode);
        }
    });
    let s = review::score(&app.doc.board, &t, &app.library.catalog);
    let rubric = review::rubric(&t, &app.doc.board.meta.grades);
    ui.add_space(4.0);
    if let Some(r) = &rubric {
        let all = review::overall(s.coverage, Some(r));
        ui.label(RichText::new(format!("Overall {:.0}%", all * 100.0)).heading());
        ui.label(
            RichText::new(format!(
                "rubric {:.0}% ({} of {} graded) x {:.0}% + diagram {:.0}% x {:.0}%",
                r.score * 100.0,
                r.graded,
                r.items,
                review::RUBRIC_WEIGHT * 100.0,
                s.coverage * 100.0,
                (1.0 - review::RUBRIC_WEIGHT) * 100.0
            ))
            .small()
            .weak(),
        );
    }
    ui.label(RichText::new(format!("Coverage {:.0}%", s.coverage * 100.0)).heading());
    ui.add(egui::ProgressBar::new(s.coverage as f32).desired_height(6.0));
    ui.label(
        RichText::new(format!(
            "components {:.0}% · connections {:.0}% · metrics {:.0}%",
            s.component_score * 100.0,
            s.connection_score * 100.0,
            s.metric_score * 100.0
        ))
        .small()
        .weak(),
    );
    let (ok, close, miss) = (
        Color32::from_rgb(0x2e, 0x9e, 0x5b),
        Color32::from_rgb(0xd0, 0x8c, 0x1a),
        Color32::from_rgb(0xd0, 0x43, 0x43),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !t.rubric.is_empty() {
                rubric_ui(app, ui, &t);
            }
            if !s.unfocused.is_empty() {
                ui.label(
                    RichText::new("Unfocused: extras never add, and many of them cost")
                        .color(close)
                        .strong(),
                );
                for u in &s.unfocused {
                    ui.label(RichText::new(format!("• {u}")).color(close).small());
                }
                ui.add_space(4.0);
            }
            egui::CollapsingHeader::new("Components")
                .default_open(true)
                .show(ui, |ui| {
                    for c in &s.components {
                        let (head, color) = match &c.matched {
                            Match::Exact(_) => ("Have", ok),
                            Match::Close(_) => ("Close", close),
                            Match::Missing => ("Missing", miss),
                        };
                        ui.label(RichText::new(format!("{head}: {}", c.label)).color(color))
                            .on_hover_text(&c.why);
                        ui.label(RichText::new(&c.why).small().weak());
                    }
                    if !s.extra_components.is_empty() {
                        ui.label(
                            RichText::new(format!(
                                "Not in the reference (no credit): {}",
                                s.extra_components.join(", ")
                            ))
                            .small()
                            .weak(),
                        );
                    }
                });
            egui::CollapsingHeader::new("Connections")
                .default_open(false)
                .show(ui, |ui| {
                    for c in &s.connections {
                        let color = if c.found { ok } else { miss };
                        ui.label(RichText::new(format!("{} -> {}", c.from, c.to)).color(color));
                        ui.label(RichText::new(&c.why).small().weak());
                    }
                });
            egui::CollapsingHeader::new("Metrics named")
                .default_open(true)
                .show(ui, |ui| {
                    for online in [false, true] {
                        ui.label(RichText::new(if online { "Online" } else { "Offline" }).strong());
                        for m in s.metrics.iter().filter(|m| m.online == online) {
                            let color = if m.found { ok } else { miss };
                            ui.label(
                                RichText::new(format!(
                                    "{}{}",
                                    if m.found { "Named: " } else { "Not named: " },
                                    m.name
                                ))
                                .color(color),
                            )
                            .on_hover_text(&m.why);
                        }
                    }
                });
            egui::CollapsingHeader::new("Follow-up questions")
                .default_open(false)
                .show(ui, |ui| {
                    for f in &t.follow_ups {
                        ui.label(f);
                    }
                });
        });
}
