//! The panels around the canvas: menu bar, status bar, the component
//! palette, the inspector, the quick-add box and the dialogs.

use egui::{Align, Key, Layout, RichText};

use super::commands::Command;
use super::document::Edit;
use super::files::ThemeChoice;
use super::theme::Palette;
use super::{Dialog, MlsdApp, PathPurpose, Then};
use crate::model::{Element, ElementId, Kind, LineStyle};
use crate::ops::Op;

/// Palette panel state.
#[derive(Default)]
pub struct PaletteState {
    search: String,
}

/// Inspector state: which field of which element is being edited.
#[derive(Default)]
pub struct InspectorState {
    editing: Option<(ElementId, &'static str)>,
}

fn command_button(app: &mut MlsdApp, ui: &mut egui::Ui, cmd: Command) {
    let enabled = match cmd {
        Command::Undo => app.doc.history.can_undo(),
        Command::Redo => app.doc.history.can_redo(),
        Command::Cut
        | Command::Copy
        | Command::Delete
        | Command::Duplicate
        | Command::BringToFront
        | Command::SendToBack => !app.canvas.selection.is_empty(),
        Command::EditText => app.canvas.selection.len() == 1,
        _ => true,
    };
    let label = match cmd {
        Command::Undo => app
            .doc
            .history
            .undo_label()
            .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
        Command::Redo => app
            .doc
            .history
            .redo_label()
            .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
        _ => cmd.label().to_owned(),
    };
    let checked = match cmd {
        Command::ToggleGrid => Some(app.canvas.show_grid),
        Command::ToggleSnap => Some(app.canvas.snap),
        Command::ThemeSystem => Some(app.settings.theme == ThemeChoice::System),
        Command::ThemeLight => Some(app.settings.theme == ThemeChoice::Light),
        Command::ThemeDark => Some(app.settings.theme == ThemeChoice::Dark),
        _ => None,
    };
    let mut button = egui::Button::new(label).shortcut_text(cmd.shortcut_text(ui.ctx()));
    if let Some(c) = checked {
        button = button.selected(c);
    }
    if ui.add_enabled(enabled, button).clicked() {
        let ctx = ui.ctx().clone();
        app.run(&ctx, cmd);
        ui.close();
    }
}

/// The menu bar.
pub fn menu_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for cmd in [Command::New, Command::Open] {
                    command_button(app, ui, cmd);
                }
                ui.menu_button("Open Recent", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.label("No recent boards");
                    }
                    for path in app.settings.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            app.guarded(Then::Open(Some(path)));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                for cmd in [Command::Save, Command::SaveAs] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                command_button(app, ui, Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                for cmd in [Command::Undo, Command::Redo] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                for cmd in [
                    Command::Cut,
                    Command::Copy,
                    Command::Duplicate,
                    Command::Delete,
                ] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                for cmd in [
                    Command::SelectAll,
                    Command::EditText,
                    Command::BringToFront,
                    Command::SendToBack,
                    Command::ToggleArrowStyle,
                ] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                for cmd in [Command::QuickAdd, Command::AddNote, Command::AddFrame] {
                    command_button(app, ui, cmd);
                }
            });
            ui.menu_button("View", |ui| {
                for cmd in [
                    Command::ZoomIn,
                    Command::ZoomOut,
                    Command::ZoomToFit,
                    Command::ResetZoom,
                ] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                for cmd in [Command::ToggleGrid, Command::ToggleSnap] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                for cmd in [
                    Command::ThemeSystem,
                    Command::ThemeLight,
                    Command::ThemeDark,
                ] {
                    command_button(app, ui, cmd);
                }
            });
            ui.menu_button("Help", |ui| {
                command_button(app, ui, Command::Shortcuts);
                ui.label(format!("MLSD Board {}", env!("CARGO_PKG_VERSION")));
            });
        });
    });
}

/// The status bar: message, counts, selection, zoom.
pub fn status_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(&app.status);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.label(format!("{:.0} %", app.canvas.view.zoom * 100.0));
                ui.separator();
                let c = app.doc.board.counts();
                ui.label(format!(
                    "{} components · {} arrows · {} notes · {} frames",
                    c.components, c.arrows, c.notes, c.frames
                ));
                if !app.canvas.selection.is_empty() {
                    ui.separator();
                    ui.label(format!("{} selected", app.canvas.selection.len()));
                }
            });
        });
    });
}

fn kind_button(ui: &mut egui::Ui, kind: &Kind, color: egui::Color32) -> egui::Response {
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().circle_filled(r.center(), 5.0, color);
        ui.add(egui::Button::new(&kind.name).frame(false))
            .on_hover_text(format!(
                "{}{}",
                kind.description,
                if kind.examples.is_empty() {
                    String::new()
                } else {
                    format!("\nExamples: {}", kind.examples.join(", "))
                }
            ))
    })
    .inner
}

/// The component palette (left): search, categories, click to add.
pub fn palette(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::left("palette")
        .default_size(220.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading("Components");
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut app.palette.search)
                    .hint_text("faiss, kafka, ranker…"),
            )
            .labelled_by(label.id);
            ui.add_space(4.0);
            let mut chosen: Option<(String, String)> = None;
            egui::ScrollArea::vertical().show(ui, |ui| {
                let q = app.palette.search.trim().to_owned();
                if q.is_empty() {
                    for cat in app.catalog.categories() {
                        let color = cat.color.map_or(egui::Color32::GRAY, Palette::color);
                        egui::CollapsingHeader::new(&cat.name)
                            .default_open(true)
                            .show(ui, |ui| {
                                for k in app.catalog.kinds().iter().filter(|k| k.category == cat.id)
                                {
                                    if kind_button(ui, k, color).clicked() {
                                        chosen = Some((k.id.clone(), k.name.clone()));
                                    }
                                }
                            });
                    }
                } else {
                    let found = app.catalog.search(&q);
                    if found.is_empty() {
                        ui.label("No component matches.");
                    }
                    for k in found {
                        let color = app
                            .catalog
                            .category(&k.category)
                            .and_then(|c| c.color)
                            .map_or(egui::Color32::GRAY, Palette::color);
                        if kind_button(ui, k, color).clicked() {
                            chosen = Some((k.id.clone(), k.name.clone()));
                        }
                    }
                }
            });
            if let Some((kind, name)) = chosen {
                app.canvas.add_component(&mut app.doc, &kind, &name);
            }
        });
}

fn text_field(
    app: &mut MlsdApp,
    ui: &mut egui::Ui,
    element: &Element,
    field: &'static str,
    multiline: bool,
) {
    let label = ui.label(field);
    let mut text = match (element, field) {
        (Element::Component(c), "Notes") => c.notes.clone(),
        (e, _) => e.text().to_owned(),
    };
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(4)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let resp = ui
        .add(edit.desired_width(f32::INFINITY))
        .labelled_by(label.id);
    let id = element.id();
    if resp.gained_focus() {
        app.doc
            .apply(Edit::Begin(format!("Edit {}", field.to_lowercase())));
        app.inspector.editing = Some((id, field));
    }
    if resp.changed() {
        let mut after = element.clone();
        match (&mut after, field) {
            (Element::Component(c), "Notes") => c.notes = text,
            (e, _) => e.set_text(text),
        }
        app.doc.apply(Edit::Push(Op::Update {
            before: element.clone(),
            after,
        }));
    }
    if resp.lost_focus() && app.inspector.editing == Some((id, field)) {
        app.doc.apply(Edit::Commit);
        app.inspector.editing = None;
    }
}

/// The inspector (right): the selected element's text, notes and style.
pub fn inspector(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::right("inspector")
        .default_size(240.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading("Inspector");
            let selected: Vec<ElementId> = app.canvas.selection.clone();
            match selected.as_slice() {
                [] => {
                    ui.label(
                        RichText::new("Select something on the board to edit it here.").weak(),
                    );
                    ui.add_space(8.0);
                    let label = ui.label("Board title");
                    let mut title = app.doc.board.meta.title.clone();
                    let resp = ui
                        .add(egui::TextEdit::singleline(&mut title).desired_width(f32::INFINITY))
                        .labelled_by(label.id);
                    if resp.changed() {
                        let before = app.doc.board.meta.clone();
                        let after = crate::model::Meta {
                            title,
                            ..before.clone()
                        };
                        app.doc.apply(Edit::Apply(
                            "Rename board".to_owned(),
                            vec![Op::SetMeta { before, after }],
                        ));
                    }
                }
                [id] => {
                    let Some(e) = app.doc.board.get(*id).cloned() else {
                        return;
                    };
                    match &e {
                        Element::Component(c) => {
                            let kind = app.catalog.kind(&c.kind).map_or_else(
                                || format!("{} (not in the catalog)", c.kind),
                                |k| k.name.clone(),
                            );
                            ui.label(RichText::new(format!("Component · {kind}")).strong());
                            if let Some(k) = app.catalog.kind(&c.kind) {
                                ui.label(RichText::new(&k.description).weak());
                            }
                            text_field(app, ui, &e, "Label", false);
                            text_field(app, ui, &e, "Notes", true);
                        }
                        Element::Note(_) => {
                            ui.label(RichText::new("Note").strong());
                            text_field(app, ui, &e, "Text", true);
                        }
                        Element::Frame(_) => {
                            ui.label(RichText::new("Frame").strong());
                            text_field(app, ui, &e, "Title", false);
                        }
                        Element::Arrow(a) => {
                            ui.label(RichText::new("Arrow").strong());
                            text_field(app, ui, &e, "Label", false);
                            ui.horizontal(|ui| {
                                for style in [LineStyle::Solid, LineStyle::Dashed] {
                                    let name = if style == LineStyle::Solid {
                                        "Solid"
                                    } else {
                                        "Dashed"
                                    };
                                    if ui.selectable_label(a.style == style, name).clicked()
                                        && a.style != style
                                    {
                                        let mut after = a.clone();
                                        after.style = style;
                                        app.doc.apply(Edit::Apply(
                                            "Change arrow style".to_owned(),
                                            vec![Op::Update {
                                                before: e.clone(),
                                                after: Element::Arrow(after),
                                            }],
                                        ));
                                    }
                                }
                            });
                            if ui.button("Reverse direction").clicked() {
                                let mut after = a.clone();
                                std::mem::swap(&mut after.from, &mut after.to);
                                app.doc.apply(Edit::Apply(
                                    "Reverse arrow".to_owned(),
                                    vec![Op::Update {
                                        before: e.clone(),
                                        after: Element::Arrow(after),
                                    }],
                                ));
                            }
                        }
                    }
                    ui.add_space(8.0);
                    if ui.button("Delete").clicked() {
                        app.canvas.delete_selection(&mut app.doc);
                    }
                }
                many => {
                    ui.label(format!("{} elements selected", many.len()));
                    if ui.button("Delete").clicked() {
                        app.canvas.delete_selection(&mut app.doc);
                    }
                }
            }
        });
}

/// The quick-add box.
pub fn quick_add(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut qa) = app.quick_add.take() else {
        return;
    };
    let mut close = false;
    let mut add: Option<(String, String)> = None;
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
            if !qa.focused {
                resp.request_focus();
                qa.focused = true;
            }
            if resp.changed() {
                qa.selected = 0;
            }
            let found: Vec<&Kind> = app.catalog.search(&qa.query).into_iter().take(8).collect();
            let (up, down, enter, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::ArrowUp),
                    i.key_pressed(Key::ArrowDown),
                    i.key_pressed(Key::Enter),
                    i.key_pressed(Key::Escape),
                )
            });
            if down && qa.selected + 1 < found.len() {
                qa.selected += 1;
            }
            if up && qa.selected > 0 {
                qa.selected -= 1;
            }
            for (i, k) in found.iter().enumerate() {
                let cat = app
                    .catalog
                    .category(&k.category)
                    .map_or("", |c| c.name.as_str());
                let r = ui.selectable_label(i == qa.selected, format!("{}   ·  {cat}", k.name));
                if r.clicked() {
                    add = Some((k.id.clone(), k.name.clone()));
                }
            }
            let typed = qa.query.trim().to_owned();
            if found.is_empty() && !typed.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "No catalog match: Enter adds \"{typed}\" as a custom component"
                    ))
                    .weak(),
                );
            }
            if escape {
                close = true;
            } else if enter && (resp.lost_focus() || resp.has_focus()) {
                add = match found.get(qa.selected) {
                    Some(k) => Some((k.id.clone(), k.name.clone())),
                    None if !typed.is_empty() => Some((String::new(), typed)),
                    None => None,
                };
                close = add.is_none();
            }
        });
    if let Some((kind, name)) = add {
        app.canvas.add_component(&mut app.doc, &kind, &name);
        app.status = format!("Added {name}");
        close = true;
    }
    if !close {
        app.quick_add = Some(qa);
    }
}

/// Modal dialogs.
pub fn dialogs(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(dialog) = app.dialog.clone() else {
        return;
    };
    let mut next: Option<Option<Dialog>> = None;
    let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        match dialog {
            Dialog::Unsaved(then) => {
                ui.heading("Save changes?");
                ui.label(format!(
                    "\"{}\" has changes that are not saved. Save them first?",
                    app.doc.display_name()
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        app.dialog = None;
                        app.save(Some(then.clone()));
                        // save() may have opened another dialog (path prompt, error).
                        next = Some(app.dialog.clone());
                    }
                    if ui.button("Don't save").clicked() {
                        app.dialog = None;
                        app.carry_on(then.clone());
                        next = Some(app.dialog.clone());
                    }
                    if ui.button("Cancel").clicked() {
                        next = Some(None);
                    }
                });
            }
            Dialog::PathPrompt { purpose, mut text, reason } => {
                let verb = if purpose == PathPurpose::Open { "Open" } else { "Save" };
                ui.heading(format!("{verb} board"));
                ui.label(format!("The system file dialog is not available: {reason}. Type the file's path instead."));
                let label = ui.label("Path");
                let resp = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                let mut go = false;
                ui.horizontal(|ui| {
                    go = ui.button(verb).clicked() || enter;
                    if ui.button("Cancel").clicked() {
                        next = Some(None);
                    }
                });
                if go && !text.trim().is_empty() {
                    app.dialog = None;
                    let path = std::path::PathBuf::from(text.trim());
                    match purpose {
                        PathPurpose::Open => {
                            app.open_path(&path);
                        }
                        PathPurpose::SaveAs(then) => {
                            app.save_to(&path, then);
                        }
                    }
                    next = Some(app.dialog.clone());
                } else if next.is_none() {
                    next = Some(Some(Dialog::PathPrompt { purpose, text, reason }));
                }
            }
            Dialog::Message { title, text } => {
                ui.heading(title);
                ui.label(text);
                ui.add_space(8.0);
                if ui.button("OK").clicked() {
                    next = Some(None);
                }
            }
            Dialog::Shortcuts => {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for cmd in Command::ALL {
                        if let Some(s) = cmd.shortcuts().first() {
                            ui.label(cmd.label());
                            ui.label(ui.ctx().format_shortcut(s));
                            ui.end_row();
                        }
                    }
                    for (what, keys) in [
                        ("Pan", "Middle drag, Space + drag, scroll"),
                        ("Zoom", "Ctrl + scroll, pinch"),
                        ("Move selection", "Arrow keys (Shift: 1 unit)"),
                        ("Connect", "Drag from a blue dot on a selected box"),
                        ("Cancel a drag", "Esc"),
                    ] {
                        ui.label(what);
                        ui.label(keys);
                        ui.end_row();
                    }
                });
                if ui.button("Close").clicked() {
                    next = Some(None);
                }
            }
        }
    });
    if modal.should_close() && next.is_none() {
        next = Some(None);
    }
    if let Some(d) = next {
        app.dialog = d;
    }
}
