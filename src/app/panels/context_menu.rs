//! The right-click menu on the canvas: for the selection (what was under
//! the pointer is selected first) or for the empty canvas at the pointer.

use crate::app::MlsdApp;
use crate::app::commands::Command;
use crate::model::{BoxShape, Element, Routing};

use super::menu_bar::{ARRANGE, command_button};

/// Fills the context menu.
pub fn context_menu(app: &mut MlsdApp, ui: &mut egui::Ui) {
    if app.session.replay.is_some() {
        ui.label("The replay is read-only.");
        return;
    }
    let selected: Vec<Element> = app
        .canvas
        .selection
        .iter()
        .filter_map(|id| app.doc.board.get(*id).cloned())
        .collect();
    if selected.is_empty() {
        canvas_menu(app, ui);
    } else {
        selection_menu(app, ui, &selected);
    }
}

fn canvas_menu(app: &mut MlsdApp, ui: &mut egui::Ui) {
    command_button(app, ui, Command::Paste);
    ui.separator();
    if ui.button("Add note here").clicked() {
        let at = app.canvas.context_at.unwrap_or_default();
        app.canvas.add_note_at(&mut app.doc, at, true);
        ui.close();
    }
    for cmd in [Command::QuickAdd, Command::AddFrame, Command::AddEstimate] {
        command_button(app, ui, cmd);
    }
    ui.separator();
    for cmd in [Command::SelectAll, Command::ZoomToFit, Command::UnlockAll] {
        command_button(app, ui, cmd);
    }
}

fn selection_menu(app: &mut MlsdApp, ui: &mut egui::Ui, selected: &[Element]) {
    if selected.len() == 1 {
        command_button(app, ui, Command::EditText);
    }
    for cmd in [
        Command::Cut,
        Command::Copy,
        Command::Duplicate,
        Command::Delete,
    ] {
        command_button(app, ui, cmd);
    }
    ui.separator();
    let boxes = selected.iter().filter(|e| e.rect().is_some()).count();
    if boxes >= 2 {
        ui.menu_button("Arrange", |ui| {
            for cmd in ARRANGE {
                command_button(app, ui, cmd);
            }
        });
    }
    for cmd in [
        Command::BringToFront,
        Command::SendToBack,
        Command::Group,
        Command::Ungroup,
        Command::Lock,
    ] {
        command_button(app, ui, cmd);
    }
    if selected.iter().any(|e| matches!(e, Element::Component(_))) {
        ui.menu_button("Shape", |ui| {
            if ui.button("The kind's own").clicked() {
                app.canvas
                    .set_style(&mut app.doc, crate::ops::actions::StyleChange::Shape(None));
                ui.close();
            }
            for s in BoxShape::ALL {
                if ui.button(s.label()).clicked() {
                    app.canvas.set_style(
                        &mut app.doc,
                        crate::ops::actions::StyleChange::Shape(Some(s)),
                    );
                    ui.close();
                }
            }
        });
    }
    if selected.iter().any(|e| matches!(e, Element::Arrow(_))) {
        ui.menu_button("Route", |ui| {
            for r in Routing::ALL {
                if ui.button(r.label()).clicked() {
                    app.canvas.set_routing(&mut app.doc, r);
                    ui.close();
                }
            }
            let bent = selected
                .iter()
                .any(|e| matches!(e, Element::Arrow(a) if a.bend.is_some()));
            if bent && ui.button("Reset bend").clicked() {
                app.canvas.set_routing(&mut app.doc, Routing::Elbow);
                ui.close();
            }
        });
        command_button(app, ui, Command::ToggleArrowStyle);
    }
}
