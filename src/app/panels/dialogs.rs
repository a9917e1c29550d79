//! The modal dialogs: unsaved changes, the built-in path prompt,
//! messages, keyboard shortcuts and crash recovery.

use egui::Key;

use crate::app::{Dialog, MlsdApp, PathPurpose};

/// Closes the dialog, runs `act` (which may open another: a path prompt,
/// an error) and returns the dialog to show next.
fn after(app: &mut MlsdApp, act: impl FnOnce(&mut MlsdApp)) -> Option<Dialog> {
    app.ui.dialog = None;
    act(app);
    app.ui.dialog.clone()
}

/// Modal dialogs.
pub fn dialogs(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(dialog) = app.ui.dialog.clone() else {
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
                        next = Some(after(app, |app| {
                            app.save(Some(then.clone()));
                        }));
                    }
                    if ui.button("Don't save").clicked() {
                        next = Some(after(app, |app| {
                            app.carry_on(then.clone());
                        }));
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
                    next = Some(after(app, |app| {
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
                    }));
                } else if next.is_none() {
                    next = Some(Some(Dialog::PathPrompt { purpose, text, reason }));
                }
            }
            Dialog::ChangedOnDisk(then) => {
                ui.heading("The file changed on disk");
                ui.label(format!(
                    "{} was changed, replaced or removed by something else since this board was read from or saved to it (or the board was recovered after a crash and its file moved on). Saving there replaces what is in the file now.",
                    app.doc.path.as_deref().map_or_else(|| "The board's file".to_owned(), |p| p.display().to_string())
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Overwrite").clicked() {
                        next = Some(after(app, |app| {
                            if let Some(p) = app.doc.path.clone() {
                                app.save_to(&p, then.clone());
                            }
                        }));
                    }
                    if ui.button("Save As…").clicked() {
                        next = Some(after(app, |app| {
                            app.save_as(then.clone());
                        }));
                    }
                    if ui.button("Cancel").clicked() {
                        next = Some(None);
                    }
                });
            }
            Dialog::ConfirmPeek => {
                ui.heading("Open the reference now?");
                ui.label("The reference design and the review are sealed while the timed session runs, as they would be in an interview. Opening them now is recorded in the session log with the time, and the report and the replay will show it.");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Open it (recorded)").clicked() {
                        next = Some(after(app, |app| {
                            crate::app::session_bar::peek_reference(app);
                        }));
                    }
                    if ui.button("Keep it sealed").clicked() {
                        next = Some(None);
                    }
                });
            }
            Dialog::SaveFailed { text, then } => {
                ui.heading("Could not save");
                ui.label(text);
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save As…").clicked() {
                        next = Some(after(app, |app| {
                            app.save_as(then.clone());
                        }));
                    }
                    if ui.button("Cancel").clicked() {
                        next = Some(None);
                    }
                });
            }
            Dialog::Message { title, text } => {
                ui.heading(title);
                ui.label(text);
                ui.add_space(8.0);
                if ui.button("OK").clicked() {
                    next = Some(None);
                }
            }
            Dialog::Recover(list, unreadable) => {
                ui.heading("Recover unsaved boards?");
                if !list.is_empty() {
                    ui.label("MLSD Board did not close cleanly last time. These boards had changes that were not saved:");
                    ui.add_space(6.0);
                }
                let mut rest = list.clone();
                for (key, name) in &list {
                    ui.horizontal(|ui| {
                        ui.label(name);
                        if ui.button("Restore").clicked() {
                            app.restore(key);
                            rest.retain(|(k, _)| k != key);
                            next = Some(if rest.is_empty() && unreadable.is_empty() {
                                None
                            } else {
                                Some(Dialog::Recover(rest.clone(), unreadable.clone()))
                            });
                        }
                        if ui.button("Discard…").clicked() {
                            next = Some(Some(Dialog::ConfirmDiscard(key.clone(), name.clone())));
                        }
                    });
                }
                if !unreadable.is_empty() {
                    ui.add_space(6.0);
                    ui.label(egui::RichText::new("These recovery files could not be read. They are kept where they are; a newer version of MLSD Board, or a text editor, may open them:").strong());
                    for (path, reason) in &unreadable {
                        ui.label(format!("• {path}\n  {reason}"));
                    }
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
                        next = Some(after(app, |app| {
                            app.offer_recovery();
                        }));
                    }
                    if ui.button("Keep").clicked() {
                        next = Some(after(app, |app| {
                            app.offer_recovery();
                        }));
                    }
                });
            }
        }
    });
    if modal.should_close() && next.is_none() {
        next = Some(None);
    }
    if let Some(d) = next {
        app.ui.dialog = d;
    }
}
