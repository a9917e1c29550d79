//! The status bar: the last message, an export under way, counts of what
//! is on the board, the selection and the zoom.

use egui::{Align, Layout};

use crate::app::MlsdApp;

/// The status bar: message, counts, selection, zoom.
pub fn status_bar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        // The counts and zoom first, from the right; the messages get what
        // is left and are cut with … (the whole text on hover) rather than
        // running under the counts.
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
            ui.separator();
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                messages(app, ui);
            });
        });
    });
}

/// The export under way, the error (until dismissed) and the last message
/// (for a few seconds).
fn messages(app: &mut MlsdApp, ui: &mut egui::Ui) {
    if let Some(job) = &app.services.export_job {
        ui.spinner();
        ui.label(format!(
            "Exporting {}… {:.0} s",
            job.what,
            job.started.elapsed().as_secs_f32()
        ));
        ui.separator();
    }
    if let Some(err) = app.ui.error.clone() {
        if ui.small_button("Dismiss").clicked() {
            app.ui.error = None;
        }
        ui.add(
            egui::Label::new(
                egui::RichText::new(err).color(egui::Color32::from_rgb(0xd0, 0x43, 0x43)),
            )
            .truncate(),
        );
        ui.separator();
    }
    // A message fades after a few seconds, so none goes stale ("Session
    // started" after Finish).
    let now = ui.input(|i| i.time);
    let since = match &app.ui.status_seen {
        Some((text, at)) if *text == app.ui.status => *at,
        _ => {
            app.ui.status_seen = Some((app.ui.status.clone(), now));
            now
        }
    };
    let age = now - since;
    if age < crate::app::STATUS_SECONDS && !app.ui.status.is_empty() {
        ui.add(egui::Label::new(&app.ui.status).truncate());
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(
                crate::app::STATUS_SECONDS - age + 0.05,
            ));
    }
}
