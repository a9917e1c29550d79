//! The status bar: the last message, an export under way, counts of what
//! is on the board, the selection and the zoom.

use egui::{Align, Layout};

use crate::app::MlsdApp;

/// The status bar: message, counts, selection, zoom.
pub fn status_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(job) = &app.services.export_job {
                ui.spinner();
                ui.label(format!(
                    "Exporting {}… {:.0} s",
                    job.what,
                    job.started.elapsed().as_secs_f32()
                ));
                ui.separator();
            }
            ui.label(&app.ui.status);
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
