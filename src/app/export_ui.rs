//! The Export picture window (format, what to include, theme, scale,
//! background; save to a file or copy to the clipboard) and Copy as PNG.

use std::path::Path;

use super::files::Picked;
use super::{Dialog, MlsdApp, PathPurpose};
use crate::render::export::{self, Format, RenderOptions};

/// What the Export window is set to.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSettings {
    /// PNG or SVG.
    pub format: Format,
    /// Only the selection (when there is one).
    pub only_selection: bool,
    /// Dark colours.
    pub dark: bool,
    /// PNG pixels per board unit.
    pub scale: f32,
    /// Fill the background.
    pub background: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            format: Format::Png,
            only_selection: false,
            dark: false,
            scale: 2.0,
            background: true,
        }
    }
}

impl MlsdApp {
    fn render_options(&self, s: &ExportSettings) -> RenderOptions {
        let selection = self.canvas.selection.to_vec();
        RenderOptions {
            scale: s.scale,
            dark: s.dark,
            only: (s.only_selection && !selection.is_empty()).then_some(selection),
            background: s.background,
            ..RenderOptions::default()
        }
    }

    /// Opens the Export window with the selection preselected if any.
    pub fn open_export(&mut self, dark_now: bool) {
        let mut s = self.export_used.clone().unwrap_or_else(|| ExportSettings {
            dark: dark_now,
            ..ExportSettings::default()
        });
        s.only_selection = !self.canvas.selection.is_empty();
        self.export = Some(s);
    }

    /// Renders with `s` and writes the picture to `path` (the extension is
    /// added when missing). Reports in the status line or a message.
    pub fn export_to(&mut self, path: &Path, s: &ExportSettings) -> bool {
        let path = if path.extension().is_none() {
            path.with_extension(s.format.extension())
        } else {
            path.to_path_buf()
        };
        let format = Format::from_path(&path).unwrap_or(s.format);
        let file = self.doc.to_file();
        let result = export::export(&file, &self.catalog, format, &self.render_options(s))
            .map_err(|e| e.to_string())
            .and_then(|done| {
                crate::io::write_atomic(&path, &done.bytes)
                    .map(|()| done)
                    .map_err(|e| format!("could not write {}: {e}", path.display()))
            });
        match result {
            Ok(done) => {
                self.status = format!(
                    "Exported {} ({}x{}){}",
                    path.display(),
                    done.size[0],
                    done.size[1],
                    if done.scaled_down {
                        ", scaled down to stay under 16384 pixels a side"
                    } else {
                        ""
                    }
                );
                self.export_used = Some(s.clone());
                true
            }
            Err(text) => {
                self.dialog = Some(Dialog::Message {
                    title: "Could not export".to_owned(),
                    text,
                });
                false
            }
        }
    }

    /// Asks where to save the picture, then writes it.
    fn export_pick(&mut self, s: &ExportSettings) {
        let ext = s.format.extension();
        let name = format!("{}.{ext}", self.suggested_name());
        match self.chooser.pick_export(&name, ext) {
            Picked::Path(p) => {
                self.export_to(&p, s);
            }
            Picked::Cancelled => {}
            Picked::Unavailable(reason) => {
                self.dialog = Some(Dialog::PathPrompt {
                    purpose: PathPurpose::Export(s.clone()),
                    text: self.prompt_dir().join(name).display().to_string(),
                    reason,
                });
            }
        }
    }

    /// Copies the selection (or the whole board) to the clipboard as a
    /// picture.
    pub fn copy_as_png(&mut self, ctx: &egui::Context, s: &ExportSettings) {
        let opts = self.render_options(s);
        let what = if opts.only.is_some() {
            "the selection"
        } else {
            "the board"
        };
        match export::Scene::new(&self.doc.board, &self.catalog, &opts) {
            Ok(scene) => {
                let image = scene.to_image();
                let [w, h] = image.size;
                ctx.copy_image(image);
                self.status = format!("Copied {what} to the clipboard as a {w}x{h} picture");
            }
            Err(e) => self.status = format!("Nothing copied: {e}"),
        }
    }
}

/// The Export window, when open.
pub fn window(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut s) = app.export.clone() else {
        return;
    };
    let mut open = true;
    let mut save = false;
    let mut copy = false;
    let mut cancel = false;
    let selected = app.canvas.selection.len();
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("export-grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label("Format");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut s.format, Format::Png, "PNG (board inside)");
                        ui.radio_value(&mut s.format, Format::Svg, "SVG");
                        ui.radio_value(&mut s.format, Format::Excalidraw, "Excalidraw");
                    });
                    ui.end_row();
                    ui.label("Include");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut s.only_selection, false, "Whole board");
                        ui.add_enabled_ui(selected > 0, |ui| {
                            ui.radio_value(
                                &mut s.only_selection,
                                true,
                                format!("Selection ({selected})"),
                            );
                        });
                    });
                    ui.end_row();
                    ui.label("Theme");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut s.dark, false, "Light");
                        ui.radio_value(&mut s.dark, true, "Dark");
                    });
                    ui.end_row();
                    ui.label("Scale");
                    ui.add_enabled_ui(s.format == Format::Png, |ui| {
                        ui.horizontal(|ui| {
                            for k in [1.0, 2.0, 3.0] {
                                ui.radio_value(&mut s.scale, k, format!("{k}x"));
                            }
                        });
                    });
                    ui.end_row();
                    ui.label("Background");
                    ui.checkbox(&mut s.background, "Fill");
                    ui.end_row();
                });
            if s.format == Format::Png {
                ui.label(
                    egui::RichText::new(
                        "The PNG carries the board (and its session) inside: open it in \
                         MLSD Board to edit it again.",
                    )
                    .small(),
                );
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                save = ui.button("Save…").clicked();
                copy = ui.button("Copy to clipboard").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
    if s.only_selection && selected == 0 {
        s.only_selection = false;
    }
    app.export = (open && !cancel && !save && !copy).then(|| s.clone());
    if save {
        app.export_pick(&s);
    } else if copy {
        if s.format != Format::Png {
            match export::export(
                &app.doc.to_file(),
                &app.catalog,
                s.format,
                &app.render_options(&s),
            ) {
                Ok(done) => {
                    ctx.copy_text(String::from_utf8_lossy(&done.bytes).into_owned());
                    app.status = format!(
                        "Copied the {} to the clipboard as text",
                        if s.format == Format::Svg {
                            "SVG"
                        } else {
                            "Excalidraw scene"
                        }
                    );
                }
                Err(e) => app.status = format!("Nothing copied: {e}"),
            }
        } else {
            app.copy_as_png(ctx, &s);
        }
        app.export_used = Some(s);
    }
}
