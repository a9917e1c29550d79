//! The menu bar: File, Edit, View and Help, each entry a command from
//! the command table (label, shortcut, enabled and checked state).

use crate::app::commands::Command;

pub use crate::app::commands::ARRANGE;
use crate::app::files::{TextSize, ThemeChoice};
use crate::app::{MlsdApp, Then};

pub(super) fn command_button(app: &mut MlsdApp, ui: &mut egui::Ui, cmd: Command) {
    let enabled = match cmd {
        Command::Undo => app.doc.history.can_undo(),
        Command::Redo => app.doc.history.can_redo(),
        Command::Cut
        | Command::Copy
        | Command::Delete
        | Command::Duplicate
        | Command::BringToFront
        | Command::SendToBack
        | Command::Lock => !app.canvas.selection.is_empty(),
        Command::Group => app.canvas.selection.len() >= 2,
        Command::Ungroup => app.canvas.selection.iter().any(|id| {
            app.doc
                .board
                .get(*id)
                .and_then(crate::model::Element::group)
                .is_some()
        }),
        Command::UnlockAll => app
            .doc
            .board
            .elements()
            .iter()
            .any(crate::model::Element::locked),
        Command::EditText => app.canvas.selection.len() == 1,
        Command::CompareWithReference => crate::app::start::template_of(app).is_some(),
        c => c
            .arrange()
            .is_none_or(|how| app.canvas.selected_boxes(&app.doc) >= how.min_boxes()),
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
        Command::TextSmall => Some(app.settings.text_size == TextSize::Small),
        Command::TextMedium => Some(app.settings.text_size == TextSize::Medium),
        Command::TextLarge => Some(app.settings.text_size == TextSize::Large),
        Command::CompareWithReference => {
            Some(app.ui.ghost_mode != crate::app::start::GhostMode::Off)
        }
        Command::Performance => Some(app.ui.show_perf),
        Command::Shortcuts => Some(app.ui.show_shortcuts),
        Command::Pen => Some(app.canvas.tool == crate::app::canvas::Tool::Pen),
        Command::Eraser => Some(app.canvas.tool == crate::app::canvas::Tool::Eraser),
        _ => None,
    };
    let mut button = egui::Button::new(label).shortcut_text(cmd.shortcut_text());
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
                    Command::Find,
                    Command::EditText,
                    Command::BringToFront,
                    Command::SendToBack,
                    Command::ToggleArrowStyle,
                ] {
                    command_button(app, ui, cmd);
                }
                ui.menu_button("Arrange", |ui| {
                    for cmd in ARRANGE {
                        command_button(app, ui, cmd);
                    }
                    ui.separator();
                    for cmd in crate::app::commands::GROUPING {
                        command_button(app, ui, cmd);
                    }
                });
                ui.separator();
                for cmd in [
                    Command::QuickAdd,
                    Command::AddNote,
                    Command::AddFrame,
                    Command::AddEstimate,
                    Command::Pen,
                    Command::Eraser,
                ] {
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
                command_button(app, ui, Command::Progress);
                command_button(app, ui, Command::Performance);
                ui.separator();
                for cmd in [
                    Command::ThemeSystem,
                    Command::ThemeLight,
                    Command::ThemeDark,
                ] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                for cmd in [Command::TextSmall, Command::TextMedium, Command::TextLarge] {
                    command_button(app, ui, cmd);
                }
                ui.separator();
                ui.menu_button("New arrows", |ui| {
                    for routing in crate::model::Routing::ALL {
                        let on = app.settings.arrow_routing == routing;
                        if ui.selectable_label(on, routing.label()).clicked() {
                            app.settings.arrow_routing = routing;
                            app.canvas.arrow_routing = routing;
                            app.save_settings();
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("Help", |ui| {
                command_button(app, ui, Command::Shortcuts);
                ui.label(format!("MLSD Board {}", env!("CARGO_PKG_VERSION")));
            });
        });
    });
}
