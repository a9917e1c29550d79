//! The framework sidebar: the interview's steps in order, each with its
//! questions as checkboxes, free-text notes and progress; the current step
//! highlighted; helpers for picking metrics and adding trade-off cards.
//! Every change goes through the board's transactions.

use egui::{Color32, RichText};

use super::MlsdApp;
use super::document::Edit;
use crate::model::{Element, Framework, Note, Point, Size, Step, StepHelper};
use crate::ops::Op;

/// Sidebar state that is not part of the board.
#[derive(Default)]
pub struct ChecklistState {
    /// The step whose notes are being typed into, and the transaction the
    /// typing goes into.
    editing_note: Option<(String, crate::ops::Owner)>,
    /// The trade-off chosen in each step's picker.
    trade_off_pick: std::collections::HashMap<String, usize>,
    /// Steps the user opened or closed (others follow "current is open").
    open: std::collections::HashMap<String, bool>,
}

/// Lines of a step's notes that hold chosen metrics start with these.
const OFFLINE: &str = "Offline metrics: ";
const ONLINE: &str = "Online metrics: ";

/// The metrics named on a notes line starting with `prefix`.
#[must_use]
pub fn chosen_metrics(notes: &str, prefix: &str) -> Vec<String> {
    crate::review::metrics_on_line(notes, prefix)
}

/// The notes with the metrics line for `prefix` set to `metrics` (added at
/// the end, replaced in place, or removed when empty).
#[must_use]
pub fn with_metrics(notes: &str, prefix: &str, metrics: &[String]) -> String {
    let line = (!metrics.is_empty()).then(|| format!("{prefix}{}", metrics.join(", ")));
    let mut out: Vec<String> = Vec::new();
    let mut placed = false;
    for l in notes.lines() {
        if l.starts_with(prefix) {
            if let Some(line) = &line {
                out.push(line.clone());
            }
            placed = true;
        } else {
            out.push(l.to_owned());
        }
    }
    if !placed && let Some(line) = line {
        out.push(line);
    }
    out.join("\n")
}

fn metrics_card_text(offline: &[String], online: &[String]) -> String {
    let mut t = "Metrics".to_owned();
    if !offline.is_empty() {
        t.push_str(&format!("\nOffline: {}", offline.join(", ")));
    }
    if !online.is_empty() {
        t.push_str(&format!("\nOnline: {}", online.join(", ")));
    }
    t
}

/// Toggles a metric for `step`: one transaction that rewrites the step's
/// notes and creates, updates or (when no metric is left) removes the
/// metrics card on the board.
pub fn toggle_metric(app: &mut MlsdApp, step: &str, offline: bool, metric: &str) {
    let notes = app.doc.board.checklist.note(step).to_owned();
    let prefix = if offline { OFFLINE } else { ONLINE };
    let mut list = chosen_metrics(&notes, prefix);
    let picked = if let Some(i) = list.iter().position(|m| m == metric) {
        list.remove(i);
        false
    } else {
        list.push(metric.to_owned());
        true
    };
    let new_notes = with_metrics(&notes, prefix, &list);
    let off = chosen_metrics(&new_notes, OFFLINE);
    let on = chosen_metrics(&new_notes, ONLINE);
    let none_left = off.is_empty() && on.is_empty();
    let text = metrics_card_text(&off, &on);
    let mut ops = vec![Op::SetStepNote {
        step: step.to_owned(),
        before: notes,
        after: new_notes,
    }];
    let board = &app.doc.board;
    let card_before = board.checklist.metrics_card;
    let card = card_before.and_then(|id| board.get(id)).cloned();
    match card {
        Some(card @ Element::Note(_)) if none_left => {
            ops.push(Op::remove(board, &[card.id()]));
            ops.push(Op::SetMetricsCard {
                before: card_before,
                after: None,
            });
        }
        Some(before @ Element::Note(_)) => {
            let mut after = before.clone();
            after.set_text(text);
            ops.push(Op::Update { before, after });
        }
        _ if none_left => {}
        _ => {
            let size = Size::new(240.0, 120.0);
            let c = app.canvas.view.center(app.canvas.screen_rect());
            let pos = app
                .canvas
                .free_spot(&app.doc, Point::new(c.x + 160.0, c.y - 140.0), size);
            let id = app.doc.board.alloc_id();
            let note = Element::Note(Note {
                id,
                text,
                pos,
                size,
                color: Some(crate::model::Color([0xdc, 0xec, 0xff])),
                ..Default::default()
            });
            ops.push(Op::add_on_top(&app.doc.board, note));
            ops.push(Op::SetMetricsCard {
                before: card_before,
                after: Some(id),
            });
        }
    }
    let verb = if picked { "Pick" } else { "Drop" };
    app.doc
        .apply(Edit::Apply(format!("{verb} metric {metric}"), ops));
}

/// Adds a trade-off card (option A vs B, the choice and why) in free space
/// near the centre of the view (or beside the selected box) and starts
/// editing it so the user writes the choice.
pub fn add_trade_off(app: &mut MlsdApp, a: &str, b: &str) {
    let size = Size::new(280.0, 140.0);
    let pos = app.canvas.place_new(&app.doc, size);
    let id = app.doc.board.alloc_id();
    let note = Element::Note(Note {
        id,
        text: format!("Trade-off: {a} vs {b}\nChoice: \nWhy: "),
        pos,
        size,
        color: Some(crate::model::Color([0xe8, 0xe0, 0xff])),
        ..Default::default()
    });
    let op = Op::add_on_top(&app.doc.board, note);
    app.doc
        .apply(Edit::Apply(format!("Trade-off {a} vs {b}"), vec![op]));
    app.canvas.selection = crate::model::Selection::one(id);
    app.canvas.start_text_edit(&mut app.doc, id);
}

/// Adds a back-of-envelope estimate card (a note whose first line is
/// "Estimate", [`crate::model::estimate`]) with the usual inputs and
/// formulas, in free space, selected: its values show at once, and Enter
/// edits it.
pub fn add_estimate(app: &mut MlsdApp) {
    let size = Size::new(440.0, 420.0);
    let pos = app.canvas.place_new(&app.doc, size);
    let id = app.doc.board.alloc_id();
    let note = Element::Note(Note {
        id,
        text: crate::model::estimate::TEMPLATE.to_owned(),
        pos,
        size,
        color: Some(crate::model::estimate::CARD_COLOR),
        ..Default::default()
    });
    let op = Op::add_on_top(&app.doc.board, note);
    app.doc
        .apply(Edit::Apply("Add estimate card".to_owned(), vec![op]));
    app.canvas.selection = crate::model::Selection::one(id);
    app.ui.status =
        "Estimate card added: edit its lines (Enter), formulas compute as you type.".to_owned();
}

/// Switches the board to another framework (undoable).
pub fn choose_framework(app: &mut MlsdApp, f: &Framework) {
    let before = app.doc.board.framework.clone();
    let mut ops = vec![Op::SetFramework {
        before,
        after: f.clone(),
    }];
    let current = app.doc.board.checklist.current_step.clone();
    if current.as_ref().is_none_or(|c| f.step(c).is_none()) {
        ops.push(Op::SetCurrentStep {
            before: current,
            after: f.steps.first().map(|s| s.id.clone()),
        });
    }
    app.doc.apply(Edit::Apply(format!("Use {}", f.name), ops));
}

/// Makes a step the current one (undoable; the timer drives it in sessions).
pub fn set_current(app: &mut MlsdApp, step: &str) {
    let before = app.doc.board.checklist.current_step.clone();
    if before.as_deref() == Some(step) {
        return;
    }
    app.doc.apply(Edit::Apply(
        "Change step".to_owned(),
        vec![Op::SetCurrentStep {
            before,
            after: Some(step.to_owned()),
        }],
    ));
}

fn framework_picker(app: &mut MlsdApp, ui: &mut egui::Ui) {
    let board_fw = app.doc.board.framework.clone();
    let label = ui.label("Framework");
    let shown = if board_fw.steps.is_empty() {
        "(none)".to_owned()
    } else {
        board_fw.name.clone()
    };
    let mut pick: Option<Framework> = None;
    egui::ComboBox::from_id_salt("framework-pick")
        .selected_text(shown)
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for f in &app.library.frameworks {
                if ui
                    .selectable_label(f.id == board_fw.id, &f.name)
                    .on_hover_text(&f.description)
                    .clicked()
                {
                    pick = Some(f.clone());
                }
            }
            if !board_fw.steps.is_empty()
                && !app.library.frameworks.iter().any(|f| f.id == board_fw.id)
            {
                let _ = ui.selectable_label(true, format!("{} (from this board)", board_fw.name));
            }
        })
        .response
        .labelled_by(label.id);
    if let Some(f) = pick
        && f != board_fw
    {
        choose_framework(app, &f);
    }
}

fn step_notes(app: &mut MlsdApp, ui: &mut egui::Ui, state: &mut ChecklistState, step: &Step) {
    let label = ui.label(RichText::new("Notes").small().weak());
    let mut text = app.doc.board.checklist.note(&step.id).to_owned();
    let resp = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("What you assumed, decided, asked…"),
        )
        .labelled_by(label.id);
    if app.ui.focus_notes.as_deref() == Some(step.id.as_str()) {
        app.ui.focus_notes = None;
        resp.request_focus();
        // The cursor after the text, where the answer goes.
        let mut st = egui::TextEdit::load_state(ui.ctx(), resp.id).unwrap_or_default();
        st.cursor.set_char_range(Some(egui::text::CCursorRange::one(
            egui::text::CCursor::new(text.chars().count()),
        )));
        egui::TextEdit::store_state(ui.ctx(), resp.id, st);
    }
    if resp.gained_focus() {
        let owner = crate::ops::Owner::new();
        app.doc
            .apply(Edit::Begin(owner, format!("Notes for {}", step.title)));
        state.editing_note = Some((step.id.clone(), owner));
    }
    let owner = match &state.editing_note {
        Some((id, owner)) if *id == step.id => *owner,
        _ => crate::ops::Owner::new(),
    };
    if resp.changed() {
        let before = app.doc.board.checklist.note(&step.id).to_owned();
        app.doc.apply(Edit::Push(
            owner,
            Op::SetStepNote {
                step: step.id.clone(),
                before,
                after: text,
            },
        ));
    }
    if resp.lost_focus()
        && state
            .editing_note
            .as_ref()
            .is_some_and(|(id, _)| *id == step.id)
    {
        app.doc.apply(Edit::Commit(owner));
        state.editing_note = None;
    }
}

fn helpers(app: &mut MlsdApp, ui: &mut egui::Ui, state: &mut ChecklistState, step: &Step) {
    if let StepHelper::Metrics { offline, online } = &step.helper {
        let notes = app.doc.board.checklist.note(&step.id).to_owned();
        for (is_offline, title, list) in [
            (true, "Offline metrics", offline),
            (false, "Online metrics", online),
        ] {
            ui.label(RichText::new(title).small().strong());
            let chosen = chosen_metrics(&notes, if is_offline { OFFLINE } else { ONLINE });
            let mut toggle: Option<String> = None;
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing = egui::vec2(4.0, 4.0);
                for m in list {
                    if ui
                        .selectable_label(chosen.contains(m), m.as_str())
                        .clicked()
                    {
                        toggle = Some(m.clone());
                    }
                }
            });
            if let Some(m) = toggle {
                toggle_metric(app, &step.id, is_offline, &m);
            }
        }
    }
    let list = step.all_trade_offs();
    if list.is_empty() {
        return;
    }
    ui.label(RichText::new("Trade-off card").small().strong());
    let mut pick = state
        .trade_off_pick
        .get(&step.id)
        .copied()
        .unwrap_or(0)
        .min(list.len() - 1);
    let label = ui.label(RichText::new("Options").small().weak());
    let shown = format!("{} vs {}", list[pick].a, list[pick].b);
    egui::ComboBox::from_id_salt(("trade-off", &step.id))
        .selected_text(shown)
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for (i, t) in list.iter().enumerate() {
                ui.selectable_value(&mut pick, i, format!("{} vs {}", t.a, t.b));
            }
        })
        .response
        .labelled_by(label.id);
    state.trade_off_pick.insert(step.id.clone(), pick);
    if ui.button("Add trade-off card").clicked() {
        let (a, b) = (list[pick].a.clone(), list[pick].b.clone());
        add_trade_off(app, &a, &b);
    }
}

/// The sidebar's framework tab.
pub fn ui(app: &mut MlsdApp, ui: &mut egui::Ui, state: &mut ChecklistState) {
    framework_picker(app, ui);
    let fw = app.doc.board.framework.clone();
    if fw.steps.is_empty() {
        ui.label(
            RichText::new(
                "This board follows no framework yet. Pick one above to get a checklist.",
            )
            .weak(),
        );
        return;
    }
    let done_total: usize = fw
        .steps
        .iter()
        .map(|s| app.doc.board.checklist.done_in(s))
        .sum();
    let total = fw.item_count();
    ui.horizontal(|ui| {
        ui.label(format!("{done_total}/{total} done"));
        ui.label(RichText::new(format!("· {} min", fw.total_minutes)).weak());
    });
    ui.add(
        egui::ProgressBar::new(if total == 0 {
            0.0
        } else {
            done_total as f32 / total as f32
        })
        .desired_height(6.0),
    );
    ui.add_space(4.0);
    let accent = ui.visuals().selection.bg_fill;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, step) in fw.steps.iter().enumerate() {
                let current =
                    app.doc.board.checklist.current_step.as_deref() == Some(step.id.as_str());
                let done = app.doc.board.checklist.done_in(step);
                let frame = egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(4, 2))
                    .corner_radius(4.0)
                    .fill(if current {
                        accent.gamma_multiply(0.25)
                    } else {
                        Color32::TRANSPARENT
                    });
                frame.show(ui, |ui| {
                    let open = state.open.get(&step.id).copied().unwrap_or(current);
                    let title = format!("{}. {}", n + 1, step.title);
                    let header = ui.horizontal(|ui| {
                        let (r, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 14.0), egui::Sense::hover());
                        let c = r.center();
                        let pts = if open {
                            vec![
                                c + egui::vec2(-4.0, -2.0),
                                c + egui::vec2(4.0, -2.0),
                                c + egui::vec2(0.0, 3.0),
                            ]
                        } else {
                            vec![
                                c + egui::vec2(-2.0, -4.0),
                                c + egui::vec2(3.0, 0.0),
                                c + egui::vec2(-2.0, 4.0),
                            ]
                        };
                        let color = ui.visuals().text_color();
                        ui.painter().add(egui::Shape::convex_polygon(
                            pts,
                            color,
                            egui::Stroke::NONE,
                        ));
                        let text = if current {
                            RichText::new(&title).strong()
                        } else {
                            RichText::new(&title)
                        };
                        let r = ui.add(egui::Button::new(text).frame(false));
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(
                                RichText::new(format!("{} min", step.budget_minutes))
                                    .small()
                                    .weak(),
                            );
                            ui.label(RichText::new(format!("{done}/{}", step.items.len())).small());
                        });
                        r
                    });
                    if header
                        .inner
                        .on_hover_text(if open {
                            "Hide this step"
                        } else {
                            "Show this step"
                        })
                        .clicked()
                    {
                        state.open.insert(step.id.clone(), !open);
                    }
                    if open {
                        ui.indent(("step-body", &step.id), |ui| {
                            if current {
                                ui.label(RichText::new("Current step").small().strong());
                            } else if ui.small_button(format!("Work on step {}", n + 1)).clicked() {
                                set_current(app, &step.id);
                            }
                            for item in &step.items {
                                let mut on = app.doc.board.checklist.is_done(&step.id, &item.id);
                                if ui.checkbox(&mut on, item.text.as_str()).changed() {
                                    app.doc.apply(Edit::Apply(
                                        if on { "Tick item" } else { "Untick item" }.to_owned(),
                                        vec![Op::SetDone {
                                            step: step.id.clone(),
                                            item: item.id.clone(),
                                            before: !on,
                                            after: on,
                                        }],
                                    ));
                                }
                            }
                            step_notes(app, ui, state, step);
                            helpers(app, ui, state, step);
                        });
                    }
                });
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_lines_are_rewritten_in_place() {
        let notes = "Assume 10M users\nOffline metrics: MRR";
        let list = vec!["MRR".to_owned(), "nDCG".to_owned()];
        let out = with_metrics(notes, OFFLINE, &list);
        assert_eq!(out, "Assume 10M users\nOffline metrics: MRR, nDCG");
        assert_eq!(chosen_metrics(&out, OFFLINE), list);
        let out = with_metrics(&out, ONLINE, &["CTR".to_owned()]);
        assert_eq!(chosen_metrics(&out, ONLINE), vec!["CTR".to_owned()]);
        let out = with_metrics(&out, OFFLINE, &[]);
        assert_eq!(out, "Assume 10M users\nOnline metrics: CTR");
    }
}
