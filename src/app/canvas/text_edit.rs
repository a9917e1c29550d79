//! Editing a text in place: the label of a component, a note's text, a
//! frame's title or an arrow's label, in a text field laid over the
//! element. One transaction from the first key to Enter, Escape or a click
//! elsewhere; the element is drawn without its text meanwhile.

use egui::{Id, Key, Rect, Ui, Vec2};

use super::Canvas;
use crate::app::document::{Document, Edit};
use crate::model::{Catalog, Element, ElementId};
use crate::ops::{Op, Owner};
use crate::render::draw::{self, Detail, FRAME_TITLE_H};
use crate::render::theme::Palette;

/// A text being edited in place.
#[derive(Clone, Debug)]
pub struct TextEditing {
    /// The element.
    pub id: ElementId,
    /// The text as typed so far.
    pub text: String,
    pub(super) focus_requested: bool,
    /// The transaction the typing goes into.
    pub(super) owner: Owner,
}

impl TextEditing {
    /// Editing `id`, starting from `text`.
    #[must_use]
    pub fn new(id: ElementId, text: String, owner: Owner) -> Self {
        Self {
            id,
            text,
            focus_requested: false,
            owner,
        }
    }
}

impl Canvas {
    /// Starts editing the text of an element in place.
    pub fn start_text_edit(&mut self, doc: &mut Document, id: ElementId) {
        self.finish_text_edit(doc);
        let Some(e) = doc.board.get(id) else { return };
        let owner = Owner::new();
        self.editing = Some(TextEditing::new(id, e.text().to_owned(), owner));
        doc.apply(Edit::Begin(owner, "Edit text".to_owned()));
    }

    /// Ends the text edit in progress, keeping what was typed.
    pub fn finish_text_edit(&mut self, doc: &mut Document) {
        if let Some(ed) = self.editing.take() {
            doc.apply(Edit::Commit(ed.owner));
        }
    }

    /// The text field over the element being edited.
    pub(super) fn text_editor(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        catalog: &Catalog,
        pal: &Palette,
    ) {
        let Some(ed) = &mut self.editing else { return };
        let Some(e) = doc.board.get(ed.id).cloned() else {
            self.editing = None;
            return;
        };
        let Some(b) = doc.board.element_bounds(&e) else {
            self.editing = None;
            return;
        };
        let z = self.view.zoom.max(0.6);
        let screen = self.view.rect_to_screen(self.rect.min, &b);
        let (rect, multiline, what) = match &e {
            Element::Ink(_) => {
                // A pen stroke has no text.
                self.editing = None;
                return;
            }
            Element::Note(_) => (screen, true, "note text"),
            Element::Component(_) => (screen, false, "label"),
            Element::Frame(_) => (
                Rect::from_min_size(
                    screen.min - Vec2::new(0.0, FRAME_TITLE_H * z),
                    Vec2::new(screen.width().max(220.0), FRAME_TITLE_H * z),
                ),
                false,
                "frame title",
            ),
            Element::Arrow(_) => (
                Rect::from_center_size(screen.center(), Vec2::new(220.0, 28.0 * z)),
                false,
                "arrow label",
            ),
        };
        let fill = match &e {
            Element::Component(c) => pal.component_fill(draw::accent(
                c,
                &draw::Ctx {
                    pal,
                    catalog,
                    custom: &doc.board.custom_kinds,
                    zoom: z,
                    text_scale: 1.0,
                    detail: Detail::Full,
                    live: true,
                },
            )),
            Element::Note(n) => pal.note_fill(n.color),
            _ => pal.label_bg,
        };
        let mut finished = false;
        egui::Area::new(Id::unique("text-edit-overlay"))
            .order(egui::Order::Foreground)
            .fixed_pos(rect.min - Vec2::new(0.0, 18.0))
            .show(ui.ctx(), |ui| {
                let caption = ui.label(
                    egui::RichText::new(format!(
                        "Editing {what} · {} to finish",
                        if multiline {
                            "Ctrl+Enter or Esc"
                        } else {
                            "Enter or Esc"
                        }
                    ))
                    .small()
                    .color(pal.muted),
                );
                let font = egui::FontId::proportional(
                    (draw::LABEL_SIZE * z * self.text_scale).clamp(11.0, 40.0),
                );
                let mut edit = if multiline {
                    egui::TextEdit::multiline(&mut ed.text)
                } else {
                    egui::TextEdit::singleline(&mut ed.text)
                };
                edit = edit
                    .font(font)
                    .desired_width(rect.width().max(120.0) - 8.0)
                    .text_color(pal.text_on(fill))
                    .background_color(fill);
                if multiline {
                    edit = edit.desired_rows(((rect.height() / (18.0 * z)) as usize).max(2));
                }
                let resp = ui.add(edit).labelled_by(caption.id);
                if !ed.focus_requested {
                    resp.request_focus();
                    // Renaming starts with the old text selected, so typing
                    // replaces it (as in every desktop app).
                    let mut st = egui::TextEdit::load_state(ui.ctx(), resp.id).unwrap_or_default();
                    st.cursor
                        .set_char_range(Some(egui::text::CCursorRange::select_all_str(&ed.text)));
                    egui::TextEdit::store_state(ui.ctx(), resp.id, st);
                    ed.focus_requested = true;
                }
                if resp.changed() {
                    let mut after = e.clone();
                    after.set_text(ed.text.clone());
                    doc.apply(Edit::Push(
                        ed.owner,
                        Op::Update {
                            before: e.clone(),
                            after,
                        },
                    ));
                }
                if multiline && crate::model::estimate::is_estimate(&ed.text) {
                    estimate_preview(ui, &ed.text, pal, fill);
                }
                let ctrl_enter = ui.input(|i| i.modifiers.command && i.key_pressed(Key::Enter));
                if resp.lost_focus() || (multiline && ctrl_enter) {
                    finished = true;
                }
            });
        if finished {
            self.finish_text_edit(doc);
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
    }
}

/// Under an estimate card being edited: each formula's value as typed,
/// so the card computes live (the card itself shows them once editing
/// ends).
fn estimate_preview(ui: &mut Ui, text: &str, pal: &Palette, fill: egui::Color32) {
    use crate::model::estimate::{Outcome, evaluate_in_background};
    let Some(out) = evaluate_in_background(text) else {
        ui.label(egui::RichText::new("Computing…").small().color(pal.muted));
        return;
    };
    let rows: Vec<(String, &Outcome)> = text
        .lines()
        .zip(out.iter())
        .filter(|(_, o)| !matches!(o, Outcome::Nothing))
        .map(|(line, o)| {
            let name = line.split_once('=').map_or(line, |(n, _)| n).trim();
            (name.to_owned(), o)
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    egui::Frame::new()
        .fill(fill)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            egui::Grid::new("estimate-preview")
                .num_columns(2)
                .spacing([12.0, 2.0])
                .show(ui, |ui| {
                    for (name, o) in rows {
                        ui.label(egui::RichText::new(name).color(pal.text_on(fill)));
                        match o {
                            Outcome::Value(v) => {
                                ui.label(egui::RichText::new(v).color(pal.text_on(fill)).strong())
                            }
                            Outcome::Error(e) => {
                                ui.label(egui::RichText::new(e).color(pal.error_on(fill)))
                            }
                            Outcome::Nothing => ui.label(""),
                        };
                        ui.end_row();
                    }
                });
        });
}
