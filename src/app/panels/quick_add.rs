//! The quick-add box: type a component name, press Enter to place it in
//! free space, or Ctrl+Enter to add it connected from the selected box.

use egui::{Key, RichText};

use crate::app::MlsdApp;

/// The quick-add box.
pub fn quick_add(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut qa) = app.ui.quick_add.take() else {
        return;
    };
    let mut close = false;
    let mut add: Option<(String, String)> = None;
    let mut connected = false;
    // The box a Ctrl+Enter add connects from, named in the hint (after a
    // connection dragged to empty canvas: the box it came from, and every
    // add connects).
    let dragged = qa.connect_to;
    let source_id = dragged
        .map(|(id, _)| id)
        .or_else(|| app.canvas.connect_source(&app.doc));
    let source = source_id.map(|id| {
        let label = app.doc.board.get(id).map_or("", |e| e.text()).trim();
        if label.is_empty() {
            "the selected box".to_owned()
        } else {
            label.to_owned()
        }
    });
    egui::Window::new("Quick add")
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
        .fixed_size(egui::vec2(360.0, 0.0))
        .show(ctx, |ui| {
            let label =
                ui.label(RichText::new("Quick add: type a component, Enter to place it").strong());
            let resp = ui
                .add(
                    egui::TextEdit::singleline(&mut qa.query)
                        .hint_text("e.g. feature store, kafka, faiss")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if let Some(src) = &source {
                let hint = if dragged.is_some() {
                    format!("Enter: add here, connected from {src}")
                } else {
                    format!("Ctrl+Enter: add connected from {src}")
                };
                ui.label(RichText::new(hint).small().weak());
            }
            if !qa.focused {
                resp.request_focus();
                qa.focused = true;
            }
            if resp.changed() {
                qa.selected = 0;
            }
            // The same search as the palette: the board's own kinds, then the catalog.
            let q = qa.query.trim().to_lowercase();
            let found: Vec<(String, String, String)> = app
                .doc
                .board
                .custom_kinds
                .iter()
                .filter(|k| !q.is_empty() && k.name.to_lowercase().contains(&q))
                .map(|k| (k.id.clone(), k.name.clone(), "On this board".to_owned()))
                .chain(app.library.catalog.search(&q).into_iter().map(|k| {
                    let cat = app
                        .library
                        .catalog
                        .category(&k.category)
                        .map_or("", |c| c.name.as_str());
                    (k.id.clone(), k.name.clone(), cat.to_owned())
                }))
                .take(8)
                .collect();
            let (up, down, enter, escape, ctrl) = ui.input(|i| {
                (
                    i.key_pressed(Key::ArrowUp),
                    i.key_pressed(Key::ArrowDown),
                    i.key_pressed(Key::Enter),
                    i.key_pressed(Key::Escape),
                    i.modifiers.command,
                )
            });
            if down && qa.selected + 1 < found.len() {
                qa.selected += 1;
            }
            if up && qa.selected > 0 {
                qa.selected -= 1;
            }
            for (i, (id, name, cat)) in found.iter().enumerate() {
                let r = ui.selectable_label(i == qa.selected, format!("{name}   ·  {cat}"));
                if r.clicked() {
                    add = Some((id.clone(), name.clone()));
                    connected = dragged.is_some();
                }
            }
            let typed = qa.query.trim().to_owned();
            if found.is_empty() && !typed.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "No match: Enter adds \"{typed}\" as a generic component"
                    ))
                    .weak(),
                );
            }
            if escape {
                close = true;
            } else if enter && (resp.lost_focus() || resp.has_focus()) {
                connected = (ctrl || dragged.is_some()) && source.is_some();
                add = match found.get(qa.selected) {
                    Some((id, name, _)) => Some((id.clone(), name.clone())),
                    None if !typed.is_empty() => Some((String::new(), typed)),
                    None => None,
                };
                close = add.is_none();
            }
        });
    if let Some((kind, name)) = add {
        if let (true, Some((from, at))) = (connected, dragged) {
            app.canvas
                .add_component_connected_at(&mut app.doc, &kind, &name, from, at);
            app.ui.status = format!(
                "Added {name}, connected from {}",
                source.unwrap_or_default()
            );
        } else if connected {
            app.canvas
                .add_component_connected(&mut app.doc, &kind, &name);
            app.ui.status = format!(
                "Added {name}, connected from {}",
                source.unwrap_or_default()
            );
        } else {
            app.canvas.add_component(&mut app.doc, &kind, &name);
            app.ui.status = format!("Added {name}");
        }
        close = true;
    }
    if !close {
        app.ui.quick_add = Some(qa);
    }
}
