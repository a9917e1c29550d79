//! Find on the board (Ctrl+F): a bar at the top right of the canvas that
//! finds text in labels, notes, frame titles and arrow labels, and goes
//! from hit to hit (Enter, Shift+Enter), selecting each and bringing it
//! into view at a readable zoom.

use egui::{Key, RichText};

use crate::app::MlsdApp;
use crate::model::ElementId;

/// The find bar's state.
#[derive(Clone, Debug, Default)]
pub struct FindBar {
    /// What is searched for.
    pub query: String,
    /// The hits, top to bottom.
    pub hits: Vec<ElementId>,
    /// The hit shown now (index into `hits`).
    pub current: usize,
    focused: bool,
    /// The board revision the hits were found at.
    found_at: Option<(u64, u64)>,
}

/// Shows the find bar, if open.
pub fn find_bar(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut bar) = app.ui.find.take() else {
        app.canvas.highlight.clear();
        return;
    };
    let mut close = false;
    let mut step: Option<isize> = None;
    let revision = (app.doc.generation(), app.doc.history.revision());
    let canvas = app.canvas.rect;
    egui::Window::new("Find on board")
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .fixed_pos(egui::pos2(canvas.max.x - 340.0, canvas.min.y + 8.0))
        .fixed_size(egui::vec2(320.0, 0.0))
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Find");
                let resp = ui
                    .add(
                        egui::TextEdit::singleline(&mut bar.query)
                            .hint_text("label, note, arrow text")
                            .desired_width(150.0),
                    )
                    .labelled_by(label.id);
                if !bar.focused {
                    resp.request_focus();
                    bar.focused = true;
                }
                if resp.changed() || bar.found_at != Some(revision) {
                    let changed = resp.changed();
                    bar.hits = app.doc.board.find(&bar.query);
                    bar.found_at = Some(revision);
                    if changed {
                        bar.current = 0;
                        step = Some(0);
                    }
                    bar.current = bar.current.min(bar.hits.len().saturating_sub(1));
                }
                let (enter, shift, escape) = ui.input(|i| {
                    (
                        i.key_pressed(Key::Enter),
                        i.modifiers.shift,
                        i.key_pressed(Key::Escape),
                    )
                });
                if escape {
                    close = true;
                }
                if enter && (resp.has_focus() || resp.lost_focus()) {
                    step = Some(if shift { -1 } else { 1 });
                    resp.request_focus();
                }
                let count = if bar.query.trim().is_empty() {
                    String::new()
                } else if bar.hits.is_empty() {
                    "No match".to_owned()
                } else {
                    format!("{} of {}", bar.current + 1, bar.hits.len())
                };
                ui.label(RichText::new(count).weak());
            });
            ui.horizontal(|ui| {
                let any = !bar.hits.is_empty();
                if ui.add_enabled(any, egui::Button::new("Previous")).clicked() {
                    step = Some(-1);
                }
                if ui.add_enabled(any, egui::Button::new("Next")).clicked() {
                    step = Some(1);
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
                ui.label(RichText::new("Enter, Shift+Enter").weak().small());
            });
        });
    if let Some(s) = step
        && !bar.hits.is_empty()
    {
        let n = bar.hits.len() as isize;
        // The first Enter after typing shows the first hit, not the second.
        let already_there = app.canvas.selection.as_slice() == [bar.hits[bar.current]];
        if s != 0 && already_there {
            bar.current = ((bar.current as isize + s).rem_euclid(n)) as usize;
        }
        let id = bar.hits[bar.current];
        app.canvas.show_element(&app.doc, id);
    }
    app.canvas.highlight.clone_from(&bar.hits);
    if close {
        app.canvas.highlight.clear();
    } else {
        app.ui.find = Some(bar);
    }
}
