//! The Export picture window (format, what to include, theme, scale,
//! background; save to a file or copy to the clipboard) and Copy as PNG.
//! Pictures are drawn and written on a worker thread (a big PNG takes
//! seconds); the status bar shows the export under way.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

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

/// What an export produced, as the worker hands it back.
enum Outcome {
    /// A file was written.
    Written {
        path: PathBuf,
        size: [usize; 2],
        scaled_down: bool,
    },
    /// A picture for the clipboard.
    Image(egui::ColorImage),
    /// Text for the clipboard (SVG or an Excalidraw scene).
    Text(String),
}

/// An export running on a worker thread.
pub struct ExportJob {
    /// What is being exported, for the status bar.
    pub what: String,
    /// When it started.
    pub started: Instant,
    rx: mpsc::Receiver<Result<Outcome, String>>,
    settings: ExportSettings,
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
        let mut s = self
            .ui
            .export_used
            .clone()
            .unwrap_or_else(|| ExportSettings {
                dark: dark_now,
                ..ExportSettings::default()
            });
        s.only_selection = !self.canvas.selection.is_empty();
        self.ui.export = Some(s);
    }

    /// Starts rendering with `s` and writing the picture to `path` (the
    /// extension is added when missing) on a worker; the result is
    /// reported in the status line or a message when it is done.
    pub fn export_to(&mut self, path: &Path, s: &ExportSettings) -> bool {
        let path = if path.extension().is_none() {
            path.with_extension(s.format.extension())
        } else {
            path.to_path_buf()
        };
        let format = Format::from_path(&path).unwrap_or(s.format);
        let what = path.display().to_string();
        self.start_export(what, s, move |file, catalog, opts| {
            let done = export::export(&file, &catalog, format, &opts).map_err(|e| e.to_string())?;
            crate::io::write_atomic(&path, &done.bytes)
                .map_err(|e| format!("could not write {}: {e}", path.display()))?;
            Ok(Outcome::Written {
                path,
                size: done.size,
                scaled_down: done.scaled_down,
            })
        })
    }

    /// Runs `work` on a worker with a snapshot of the board; `false` when
    /// an export is already under way.
    fn start_export(
        &mut self,
        what: String,
        s: &ExportSettings,
        work: impl FnOnce(
            crate::io::BoardFile,
            crate::model::Catalog,
            RenderOptions,
        ) -> Result<Outcome, String>
        + Send
        + 'static,
    ) -> bool {
        if let Some(job) = &self.services.export_job {
            self.ui.status = format!("Still exporting {}…", job.what);
            return false;
        }
        let file = self.doc.to_file();
        let catalog = self.library.catalog.clone();
        let opts = self.render_options(s);
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let _ = tx.send(work(file, catalog, opts));
            });
        if let Err(e) = spawned {
            self.ui.dialog = Some(Dialog::Message {
                title: "Could not export".to_owned(),
                text: format!("no worker thread could be started: {e}"),
            });
            return false;
        }
        self.ui.status = format!("Exporting {what}…");
        self.services.export_job = Some(ExportJob {
            what,
            started: Instant::now(),
            rx,
            settings: s.clone(),
        });
        true
    }

    /// Whether an export is under way.
    #[must_use]
    pub fn exporting(&self) -> bool {
        self.services.export_job.is_some()
    }

    /// Takes in a finished export: the status line, the clipboard, or a
    /// message saying what went wrong.
    pub fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.services.export_job else {
            return;
        };
        let result = match job.rx.try_recv() {
            Ok(r) => r,
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                return;
            }
            Err(mpsc::TryRecvError::Disconnected) => {
                Err("the export stopped unexpectedly".to_owned())
            }
        };
        let Some(job) = self.services.export_job.take() else {
            return;
        };
        match result {
            Ok(Outcome::Written {
                path,
                size,
                scaled_down,
            }) => {
                self.ui.status = format!(
                    "Exported {} ({}x{}){}",
                    path.display(),
                    size[0],
                    size[1],
                    if scaled_down {
                        ", scaled down to stay under 16384 pixels a side"
                    } else {
                        ""
                    }
                );
                self.ui.export_used = Some(job.settings);
            }
            Ok(Outcome::Image(image)) => {
                let [w, h] = image.size;
                ctx.copy_image(image);
                self.ui.status =
                    format!("Copied {} to the clipboard as a {w}x{h} picture", job.what);
            }
            Ok(Outcome::Text(text)) => {
                ctx.copy_text(text);
                self.ui.status = format!("Copied the {} to the clipboard as text", job.what);
            }
            Err(text) if job.what.starts_with("the ") => {
                self.ui.error = Some(format!("Nothing copied: {text}"));
            }
            Err(text) => {
                self.ui.error = Some(format!("Could not export {}", job.what));
                self.ui.dialog = Some(Dialog::Message {
                    title: "Could not export".to_owned(),
                    text,
                });
            }
        }
    }

    /// Asks where to save the picture, then writes it.
    fn export_pick(&mut self, s: &ExportSettings) {
        let ext = s.format.extension();
        let name = format!("{}.{ext}", self.suggested_name());
        match self.services.chooser.pick_export(&name, ext) {
            Picked::Path(p) => {
                self.export_to(&p, s);
            }
            Picked::Cancelled => {}
            Picked::Unavailable(reason) => {
                self.ui.dialog = Some(Dialog::PathPrompt {
                    purpose: PathPurpose::Export(s.clone()),
                    text: self.prompt_dir().join(name).display().to_string(),
                    reason,
                });
            }
        }
    }

    /// Copies the selection (or the whole board) to the clipboard as a
    /// picture (drawn on a worker).
    pub fn copy_as_png(&mut self, _ctx: &egui::Context, s: &ExportSettings) {
        let what = if self.render_options(s).only.is_some() {
            "the selection"
        } else {
            "the board"
        };
        self.start_export(what.to_owned(), s, |file, catalog, opts| {
            let scene =
                export::Scene::new(&file.board, &catalog, &opts).map_err(|e| e.to_string())?;
            Ok(Outcome::Image(scene.to_image()))
        });
    }
}

/// The Export window, when open.
pub fn window(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut s) = app.ui.export.clone() else {
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
    app.ui.export = (open && !cancel && !save && !copy).then(|| s.clone());
    if save {
        app.export_pick(&s);
    } else if copy {
        if s.format != Format::Png {
            let what = if s.format == Format::Svg {
                "the SVG"
            } else {
                "the Excalidraw scene"
            };
            let format = s.format;
            app.start_export(what.to_owned(), &s, move |file, catalog, opts| {
                let done =
                    export::export(&file, &catalog, format, &opts).map_err(|e| e.to_string())?;
                Ok(Outcome::Text(
                    String::from_utf8_lossy(&done.bytes).into_owned(),
                ))
            });
        } else {
            app.copy_as_png(ctx, &s);
        }
        app.ui.export_used = Some(s);
    }
}
