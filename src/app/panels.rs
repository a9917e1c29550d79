//! The panels around the canvas: menu bar, status bar, the component
//! palette, the inspector, the quick-add box and the dialogs.

use egui::{Align, Key, Layout, RichText};

use super::canvas::KindDrop;
use super::commands::Command;
use super::document::Edit;
use super::files::ThemeChoice;
use super::{Dialog, MlsdApp, PathPurpose, Then};
use crate::model::{Color, Component, CustomKind, Element, ElementId, Kind, KindInfo, LineStyle};
use crate::ops::Op;
use crate::render::theme::Palette;

/// Palette panel state.
#[derive(Default)]
pub struct PaletteState {
    /// The search text.
    pub search: String,
    /// The custom-kind form, when open.
    pub custom_form: Option<CustomForm>,
}

/// Inspector state: which field of which element is being edited.
#[derive(Default)]
pub struct InspectorState {
    /// The field being typed into, and the transaction the typing goes into.
    editing: Option<(ElementId, &'static str, crate::ops::Owner)>,
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
        Command::CompareWithReference => super::start::template_of(app).is_some(),
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
        Command::CompareWithReference => Some(app.ghost_mode != super::start::GhostMode::Off),
        Command::Performance => Some(app.show_perf),
        _ => None,
    };
    let mut button = egui::Button::new(label).shortcut_text(cmd.shortcut_text(ui.ctx()));
    if let Some(c) = checked {
        button = button.selected(c);
    }
    if ui.add_enabled(enabled, button).clicked() {
        app.queue(cmd);
        ui.close();
    }
}

/// The menu bar.
pub fn menu_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for cmd in [Command::New, Command::NewFromTemplate, Command::Open] {
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
                for cmd in [Command::Save, Command::SaveAs, Command::SaveWithoutHistory] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                command_button(app, ui, Command::ImportExcalidraw);
                command_button(app, ui, Command::ExportPicture);
                ui.separator();
                for cmd in [Command::SaveAsTemplate, Command::ImportTemplate] {
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
                    Command::CopyAsPng,
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
                command_button(app, ui, Command::CompareWithReference);
                command_button(app, ui, Command::Performance);
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
            if let Some(job) = &app.export_job {
                ui.spinner();
                ui.label(format!(
                    "Exporting {}… {:.0} s",
                    job.what,
                    job.started.elapsed().as_secs_f32()
                ));
                ui.separator();
            }
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

/// One kind in the palette: icon badge and name; click adds it at the
/// centre of the view, dragging it onto the canvas places it where dropped.
fn kind_item(ui: &mut egui::Ui, info: &KindInfo<'_>, tooltip: &str) -> Option<KindDrop> {
    let accent = info.color.map_or(egui::Color32::GRAY, Palette::color);
    let height = 24.0;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let id = ui.scope_id().with(("kind", info.id));
    let resp = ui.interact(rect, id, egui::Sense::click_and_drag());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, info.name));
    let visuals = ui.style().interact(&resp);
    if resp.hovered() || resp.dragged() {
        ui.painter().rect_filled(rect, 4.0, visuals.bg_fill);
    }
    super::icons::queued_badge(
        ui,
        info.icon,
        egui::pos2(rect.min.x + 12.0, rect.center().y),
        9.0,
        accent,
    );
    ui.painter().text(
        egui::pos2(rect.min.x + 28.0, rect.center().y),
        egui::Align2::LEFT_CENTER,
        info.name,
        egui::TextStyle::Body.resolve(ui.style()),
        visuals.text_color(),
    );
    let payload = KindDrop {
        kind: info.id.to_owned(),
        name: info.name.to_owned(),
    };
    if resp.drag_started() {
        egui::DragAndDrop::set_payload(ui.ctx(), payload.clone());
    }
    if resp.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        if let Some(p) = ui.ctx().pointer_interact_pos() {
            let painter = ui
                .ctx()
                .layer_painter(egui::LayerId::new(egui::Order::Tooltip, id.with("ghost")));
            let r = egui::Rect::from_min_size(p + egui::vec2(8.0, 8.0), egui::vec2(170.0, 30.0));
            painter.rect(
                r,
                6.0,
                ui.visuals().window_fill,
                egui::Stroke::new(1.5, accent),
                egui::StrokeKind::Inside,
            );
            super::icons::badge(
                ui.ctx(),
                &painter,
                info.icon,
                egui::pos2(r.min.x + 15.0, r.center().y),
                9.0,
                accent,
            );
            painter.text(
                egui::pos2(r.min.x + 30.0, r.center().y),
                egui::Align2::LEFT_CENTER,
                info.name,
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
            );
        }
    } else if !tooltip.is_empty() {
        resp.clone().on_hover_text(tooltip);
    }
    resp.clicked().then_some(payload)
}

fn tooltip_of(info: &KindInfo<'_>) -> String {
    match info.kind {
        Some(k) => {
            let mut t = k.description.clone();
            if !k.examples.is_empty() {
                t.push_str(&format!("\nExamples: {}", k.examples.join(", ")));
            }
            t.push_str("\nClick to add at the centre, or drag onto the board.");
            t
        }
        None if info.custom => "A component kind defined on this board.".to_owned(),
        None => String::new(),
    }
}

/// The component palette (left): search, recent kinds, categories, the
/// board's own kinds; click to add at the centre, drag to place.
pub fn palette(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::left("palette")
        .default_size(230.0)
        .show(ui, |ui| {
            if app.session.replay.is_some() {
                ui.disable();
            }
            ui.add_space(4.0);
            ui.heading("Components");
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut app.palette.search)
                    .hint_text("faiss, kafka, ranker…"),
            )
            .labelled_by(label.id);
            ui.add_space(4.0);
            let mut chosen: Option<KindDrop> = None;
            let catalog = &app.catalog;
            let custom = app.doc.board.custom_kinds.clone();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let q = app.palette.search.trim().to_lowercase();
                    if q.is_empty() {
                        let recent: Vec<&String> = app
                            .settings
                            .recent_kinds
                            .iter()
                            .filter(|k| {
                                catalog.kind(k).is_some() || custom.iter().any(|c| &c.id == *k)
                            })
                            .take(5)
                            .collect();
                        if !recent.is_empty() {
                            egui::CollapsingHeader::new("Recent")
                                .default_open(true)
                                .show(ui, |ui| {
                                    for k in recent {
                                        let info = catalog.resolve(&custom, k);
                                        if let Some(c) = kind_item(ui, &info, &tooltip_of(&info)) {
                                            chosen = Some(c);
                                        }
                                    }
                                });
                        }
                        if !custom.is_empty() {
                            egui::CollapsingHeader::new("On this board")
                                .default_open(true)
                                .show(ui, |ui| {
                                    for k in &custom {
                                        let info = catalog.resolve(&custom, &k.id);
                                        if let Some(c) = kind_item(ui, &info, &tooltip_of(&info)) {
                                            chosen = Some(c);
                                        }
                                    }
                                });
                        }
                        for cat in catalog.categories() {
                            let id = ui.make_persistent_id(("palette-cat", &cat.id));
                            egui::collapsing_header::CollapsingState::load_with_default_open(
                                ui.ctx(),
                                id,
                                true,
                            )
                            .show_header(ui, |ui| {
                                let color = cat.color.map_or(egui::Color32::GRAY, Palette::color);
                                let (r, _) = ui.allocate_exact_size(
                                    egui::vec2(16.0, 16.0),
                                    egui::Sense::hover(),
                                );
                                super::icons::queued(ui, &cat.icon, r, color);
                                ui.label(RichText::new(&cat.name).strong());
                            })
                            .body(|ui| {
                                for k in catalog.kinds().iter().filter(|k| k.category == cat.id) {
                                    let info = catalog.resolve(&custom, &k.id);
                                    if let Some(c) = kind_item(ui, &info, &tooltip_of(&info)) {
                                        chosen = Some(c);
                                    }
                                }
                            });
                        }
                    } else {
                        let mut found: Vec<KindInfo<'_>> = catalog
                            .search(&q)
                            .into_iter()
                            .map(|k| catalog.resolve(&custom, &k.id))
                            .collect();
                        found.extend(
                            custom
                                .iter()
                                .filter(|c| c.name.to_lowercase().contains(&q))
                                .map(|c| catalog.resolve(&custom, &c.id)),
                        );
                        if found.is_empty() {
                            ui.label(RichText::new("No component matches.").weak());
                        }
                        for info in &found {
                            if let Some(c) = kind_item(ui, info, &tooltip_of(info)) {
                                chosen = Some(c);
                            }
                        }
                    }
                    ui.add_space(6.0);
                    if ui.button("+ Custom component…").clicked() {
                        app.palette.custom_form = Some(CustomForm::default());
                    }
                    super::icons::flush(ui);
                });
            if let Some(KindDrop { kind, name }) = chosen {
                app.canvas.add_component(&mut app.doc, &kind, &name);
            }
        });
}

/// The form for a new custom kind: name, category, colour.
#[derive(Clone, Debug)]
pub struct CustomForm {
    name: String,
    category: String,
    color: [u8; 3],
}

impl Default for CustomForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            category: "serving".to_owned(),
            color: [0x4f, 0x7f, 0xe0],
        }
    }
}

/// The "custom component" window: defines a kind on this board and adds a
/// component of it.
pub fn custom_kind_form(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut form) = app.palette.custom_form.take() else {
        return;
    };
    let mut open = true;
    let mut done = false;
    egui::Window::new("New custom component")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(RichText::new("A kind that is not in the catalog. It is saved in this board, so whoever opens the board sees it too.").weak());
            let name_label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut form.name).hint_text("e.g. Fraud rules engine"))
                .labelled_by(name_label.id);
            let cat_label = ui.label("Category");
            let current = app.catalog.category(&form.category).map_or("(none)", |c| c.name.as_str()).to_owned();
            egui::ComboBox::from_id_salt("custom-category")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for c in app.catalog.categories() {
                        ui.selectable_value(&mut form.category, c.id.clone(), &c.name);
                    }
                })
                .response
                .labelled_by(cat_label.id);
            ui.horizontal(|ui| {
                let l = ui.label("Colour");
                ui.color_edit_button_srgb(&mut form.color).labelled_by(l.id);
            });
            ui.add_space(6.0);
            let name = form.name.trim().to_owned();
            let id = CustomKind::id_for(&name);
            let clash = app.catalog.kind(&id).is_some() || app.doc.board.custom_kinds.iter().any(|k| k.id == id);
            if clash && !name.is_empty() {
                ui.label(RichText::new("A kind with this name already exists on this board.").weak());
            }
            if ui.add_enabled(!name.is_empty() && !clash, egui::Button::new("Add to board")).clicked() {
                let kind = CustomKind { id: id.clone(), name: name.clone(), category: form.category.clone(), color: Some(Color(form.color)) };
                app.doc.apply(Edit::Apply(
                    format!("New kind {name}"),
                    vec![Op::SetCustomKind { id: id.clone(), before: None, after: Some(kind) }],
                ));
                app.canvas.add_component(&mut app.doc, &id, &name);
                done = true;
            }
        });
    if open && !done {
        app.palette.custom_form = Some(form);
    }
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
        let owner = crate::ops::Owner::new();
        app.doc
            .apply(Edit::Begin(owner, format!("Edit {}", field.to_lowercase())));
        app.inspector.editing = Some((id, field, owner));
    }
    let owner = match app.inspector.editing {
        Some((i, f, owner)) if i == id && f == field => owner,
        _ => crate::ops::Owner::new(),
    };
    if resp.changed() {
        let mut after = element.clone();
        match (&mut after, field) {
            (Element::Component(c), "Notes") => c.notes = text,
            (e, _) => e.set_text(text),
        }
        app.doc.apply(Edit::Push(
            owner,
            Op::Update {
                before: element.clone(),
                after,
            },
        ));
    }
    if resp.lost_focus()
        && app
            .inspector
            .editing
            .is_some_and(|(i, f, _)| i == id && f == field)
    {
        app.doc.apply(Edit::Commit(owner));
        app.inspector.editing = None;
    }
}

fn update_component(app: &mut MlsdApp, label: &str, before: &Element, after: Component) {
    app.doc.apply(Edit::Apply(
        label.to_owned(),
        vec![Op::Update {
            before: before.clone(),
            after: Element::Component(after),
        }],
    ));
}

/// The inspector for a component: kind (changeable), label, notes, and the
/// kind's failure modes and talking points as a checklist.
fn component_inspector(app: &mut MlsdApp, ui: &mut egui::Ui, e: &Element, c: &Component) {
    let custom = app.doc.board.custom_kinds.clone();
    let info = app.catalog.resolve(&custom, &c.kind);
    let known = info.kind.is_some() || info.custom;
    let info_name = info.name.to_owned();
    let entry: Option<Kind> = info.kind.cloned();
    ui.label(RichText::new("Component").strong());
    let kind_label = ui.label("Kind");
    let shown = if known {
        info_name.clone()
    } else {
        format!("{} (not in this catalog)", c.kind)
    };
    let mut new_kind: Option<(String, String)> = None;
    egui::ComboBox::from_id_salt("inspector-kind")
        .selected_text(shown)
        .width(ui.available_width() - 8.0)
        .height(420.0)
        .show_ui(ui, |ui| {
            if !custom.is_empty() {
                ui.label(RichText::new("On this board").weak());
                for k in &custom {
                    if ui.selectable_label(k.id == c.kind, &k.name).clicked() {
                        new_kind = Some((k.id.clone(), k.name.clone()));
                    }
                }
            }
            for cat in app.catalog.categories() {
                ui.label(RichText::new(&cat.name).weak());
                for k in app.catalog.kinds().iter().filter(|k| k.category == cat.id) {
                    if ui
                        .selectable_label(k.id == c.kind, format!("   {}", k.name))
                        .clicked()
                    {
                        new_kind = Some((k.id.clone(), k.name.clone()));
                    }
                }
            }
        })
        .response
        .labelled_by(kind_label.id);
    if let Some((kind, name)) = new_kind
        && kind != c.kind
    {
        let mut after = c.clone();
        // A label that was just the old kind's name follows the new kind.
        if c.label == info_name || c.label.is_empty() {
            after.label = name;
        }
        after.kind = kind;
        update_component(app, "Change kind", e, after);
        return;
    }
    if let Some(k) = &entry {
        ui.label(RichText::new(&k.description).weak());
        if !k.examples.is_empty() {
            ui.label(
                RichText::new(format!("e.g. {}", k.examples.join(", ")))
                    .weak()
                    .small(),
            );
        }
    }
    text_field(app, ui, e, "Label", false);
    text_field(app, ui, e, "Notes", true);
    if let Some(k) = &entry {
        let items: Vec<(&str, &String)> = k
            .failure_modes
            .iter()
            .map(|t| ("What breaks", t))
            .chain(k.talking_points.iter().map(|t| ("Talking point", t)))
            .collect();
        if !items.is_empty() {
            ui.add_space(6.0);
            let done = items
                .iter()
                .filter(|(_, t)| c.addressed.contains(*t))
                .count();
            ui.label(
                RichText::new(format!(
                    "Probed in interviews ({done}/{} addressed)",
                    items.len()
                ))
                .strong(),
            );
            let mut toggled: Option<String> = None;
            let mut last_group = "";
            for (group, text) in items {
                if group != last_group {
                    ui.label(RichText::new(group).weak().small());
                    last_group = group;
                }
                let mut on = c.addressed.contains(text);
                if ui.checkbox(&mut on, text.as_str()).changed() {
                    toggled = Some(text.clone());
                }
            }
            if let Some(t) = toggled {
                let mut after = c.clone();
                if !after.addressed.remove(&t) {
                    after.addressed.insert(t);
                }
                update_component(app, "Tick addressed", e, after);
            }
        }
    }
}

/// Which tab of the right sidebar is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SidebarTab {
    /// The framework checklist.
    #[default]
    Framework,
    /// The selected element.
    Inspector,
    /// The review against the case study's reference.
    Review,
}

/// The right sidebar: the framework checklist and the inspector as tabs.
/// Selecting something shows the inspector; clearing the selection goes
/// back to the checklist.
pub fn sidebar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    if app.canvas.selection != app.last_selection {
        app.sidebar_tab = if app.canvas.selection.is_empty() {
            SidebarTab::Framework
        } else {
            SidebarTab::Inspector
        };
        app.last_selection = app.canvas.selection.to_vec();
    }
    egui::Panel::right("sidebar")
        .default_size(290.0)
        .show(ui, |ui| {
            if app.session.replay.is_some() {
                ui.disable();
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.selectable_value(
                    &mut app.sidebar_tab,
                    SidebarTab::Framework,
                    RichText::new("Framework").heading(),
                );
                ui.selectable_value(
                    &mut app.sidebar_tab,
                    SidebarTab::Inspector,
                    RichText::new("Inspector").heading(),
                );
                ui.selectable_value(
                    &mut app.sidebar_tab,
                    SidebarTab::Review,
                    RichText::new("Review").heading(),
                );
            });
            ui.separator();
            match app.sidebar_tab {
                SidebarTab::Framework => {
                    let mut state = std::mem::take(&mut app.checklist);
                    super::start::brief(app, ui);
                    super::checklist::ui(app, ui, &mut state);
                    app.checklist = state;
                }
                SidebarTab::Inspector => inspector(app, ui),
                SidebarTab::Review => super::start::review_panel(app, ui),
            }
        });
}

/// The inspector: the selected element's text, notes and style.
fn inspector(app: &mut MlsdApp, ui: &mut egui::Ui) {
    let selected: Vec<ElementId> = app.canvas.selection.to_vec();
    match selected.as_slice() {
        [] => {
            ui.label(RichText::new("Select something on the board to edit it here.").weak());
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
                Element::Component(c) => component_inspector(app, ui, &e, c),
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
            // The same search as the palette: the board's own kinds, then the catalog.
            let q = qa.query.trim().to_lowercase();
            let found: Vec<(String, String, String)> = app
                .doc
                .board
                .custom_kinds
                .iter()
                .filter(|k| !q.is_empty() && k.name.to_lowercase().contains(&q))
                .map(|k| (k.id.clone(), k.name.clone(), "On this board".to_owned()))
                .chain(app.catalog.search(&q).into_iter().map(|k| {
                    let cat = app
                        .catalog
                        .category(&k.category)
                        .map_or("", |c| c.name.as_str());
                    (k.id.clone(), k.name.clone(), cat.to_owned())
                }))
                .take(8)
                .collect();
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
            for (i, (id, name, cat)) in found.iter().enumerate() {
                let r = ui.selectable_label(i == qa.selected, format!("{name}   ·  {cat}"));
                if r.clicked() {
                    add = Some((id.clone(), name.clone()));
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
                add = match found.get(qa.selected) {
                    Some((id, name, _)) => Some((id.clone(), name.clone())),
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
                let (verb, what) = match purpose {
                    PathPurpose::Open => ("Open", "board"),
                    PathPurpose::SaveAs(_) => ("Save", "board"),
                    PathPurpose::Export(_) => ("Export", "picture"),
                };
                ui.heading(format!("{verb} {what}"));
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
                        PathPurpose::Export(s) => {
                            app.export_to(&path, &s);
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
            Dialog::Recover(list) => {
                ui.heading("Recover unsaved boards?");
                ui.label("MLSD Board did not close cleanly last time. These boards had changes that were not saved:");
                ui.add_space(6.0);
                let mut rest = list.clone();
                for (key, name) in &list {
                    ui.horizontal(|ui| {
                        ui.label(name);
                        if ui.button("Restore").clicked() {
                            app.restore(key);
                            rest.retain(|(k, _)| k != key);
                            next = Some(if rest.is_empty() { None } else { Some(Dialog::Recover(rest.clone())) });
                        }
                        if ui.button("Discard…").clicked() {
                            next = Some(Some(Dialog::ConfirmDiscard(key.clone(), name.clone())));
                        }
                    });
                }
                ui.add_space(6.0);
                if ui.button("Decide later").clicked() {
                    next = Some(None);
                }
            }
            Dialog::ConfirmDiscard(key, name) => {
                ui.heading("Discard this board?");
                ui.label(format!("{name} will be gone for good."));
                ui.horizontal(|ui| {
                    if ui.button("Discard").clicked() {
                        app.discard_recovered(&key);
                        app.dialog = None;
                        app.offer_recovery();
                        next = Some(app.dialog.clone());
                    }
                    if ui.button("Keep").clicked() {
                        app.dialog = None;
                        app.offer_recovery();
                        next = Some(app.dialog.clone());
                    }
                });
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
