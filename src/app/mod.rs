//! The eframe application: menus, panels, the canvas, dialogs and file
//! handling. The only module that knows egui.
//!
//! Panels and the canvas change the board only through
//! [`document::Document::apply`], so every change is one undoable,
//! recorded transaction.

pub mod canvas;
pub mod checklist;
pub mod commands;
pub mod document;
mod export_ui;
pub mod files;
pub mod icons;
mod panels;
pub mod perf;
pub mod session_bar;
pub mod start;
pub mod view;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, ThemePreference, ViewportCommand};

use self::canvas::{Canvas, GRID};
use self::commands::{Command, shortcut_table};
use self::document::{Document, Edit};
use self::files::{FileChooser, Picked, Settings, SystemChooser, ThemeChoice};
use crate::io::load_path;
use crate::model::{Board, Catalog};

/// Opens the app window, with `file` loaded if given.
///
/// # Errors
/// When no window can be opened (no display, no graphics driver).
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let preload = file.as_deref().and_then(Preload::start);
    let size = Settings::default_path()
        .map(|p| Settings::load(&p))
        .and_then(|s| s.window_size)
        .filter(|[w, h]| w.is_finite() && h.is_finite() && *w >= 640.0 && *h >= 400.0)
        .map_or([1280.0, 800.0], |[w, h]| [w.min(8000.0), h.min(8000.0)]);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_min_inner_size([640.0, 400.0])
            .with_title("MLSD Board")
            .with_app_id("mlsd-board")
            .with_drag_and_drop(true),
        renderer: RENDERER,
        dithering: DITHERING,
        ..Default::default()
    };
    eframe::run_native(
        "MLSD Board",
        options,
        Box::new(move |cc| {
            Ok(Box::new(MlsdApp::new(
                &cc.egui_ctx,
                AppOptions {
                    show_start: file.is_none(),
                    file,
                    preload,
                    chooser: Box::new(SystemChooser),
                    settings_path: Settings::default_path(),
                    user_templates_dir: directories::ProjectDirs::from(
                        "org",
                        "MLSD Board",
                        "mlsd-board",
                    )
                    .map(|d| d.data_dir().join("templates")),
                    clock: std::sync::Arc::new(crate::session::SystemClock::default()),
                    recovery_dir: crate::io::Journal::default_dir(),
                    bench: None,
                },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open a window: {e}"))
}

/// The renderer: OpenGL (glow). On machines without a GPU (Mesa's software
/// rasterizers) it fills pixels about 8 times faster than wgpu's path,
/// whose shader filters textures by hand: a full 1920x1080 window fill
/// measured 16 ms against 129 ms on the 2-core reference machine.
const RENDERER: eframe::Renderer = eframe::Renderer::Glow;
/// egui's dithering adds noise to every pixel's colour to hide banding in
/// gradients. The app has no gradients (only faint window shadows), and on
/// a software renderer the extra shader work is 15 % of a frame (a pan over
/// the 5,000-box bench scene: 13.8 to 11.7 ms).
const DITHERING: bool = false;

/// `mlsd-board bench-pan`: opens `bench.file` in a real window of `size`,
/// pans it every frame with continuous repaint for `bench.seconds`, then
/// writes the report (JSON) and closes. Settings, recent files and the
/// recovery journal are left alone.
///
/// # Errors
/// When no window can be opened, or the report cannot be written.
pub fn run_bench(bench: perf::Bench, size: [f32; 2]) -> anyhow::Result<()> {
    let out = bench.out();
    let report: std::sync::Arc<std::sync::Mutex<Option<String>>> = std::sync::Arc::default();
    let sink = report.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_title(format!("MLSD Board ({})", bench.name()))
            .with_app_id("mlsd-board"),
        renderer: RENDERER,
        dithering: DITHERING,
        // Frames as fast as they can be drawn, not paced by vsync.
        glow_options: eframe::egui_glow::GlowConfiguration {
            vsync: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let file = bench.file().to_path_buf();
    let preload = Preload::start(&file);
    eframe::run_native(
        "MLSD Board bench",
        options,
        Box::new(move |cc| {
            let mut app = MlsdApp::new(
                &cc.egui_ctx,
                AppOptions {
                    file: Some(file),
                    preload,
                    bench: Some(bench),
                    ..AppOptions::default()
                },
            );
            app.bench_sink = Some(sink);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open a window: {e}"))?;
    let text = report
        .lock()
        .ok()
        .and_then(|r| r.clone())
        .ok_or_else(|| anyhow::anyhow!("the window closed before the measurement finished"))?;
    match out {
        Some(p) => crate::io::write_atomic(&p, format!("{text}\n").as_bytes())
            .map_err(|e| anyhow::anyhow!("could not write {}: {e}", p.display()))?,
        None => println!("{text}"),
    }
    Ok(())
}

/// How the app is set up: what to open, how to choose files, where the
/// settings live (`None`: not persisted, as in tests).
pub struct AppOptions {
    /// A board to open at start.
    pub file: Option<PathBuf>,
    /// How the user picks files.
    pub chooser: Box<dyn FileChooser>,
    /// The settings file.
    pub settings_path: Option<PathBuf>,
    /// Show the start screen (case studies) when no file is given.
    pub show_start: bool,
    /// Where the user's own templates live (`None`: nowhere, as in tests).
    pub user_templates_dir: Option<PathBuf>,
    /// Where session times come from (a manual clock in tests).
    pub clock: std::sync::Arc<dyn crate::session::Clock>,
    /// The recovery journal's folder (`None`: no autosave, as in tests).
    pub recovery_dir: Option<PathBuf>,
    /// A scripted measurement to run.
    pub bench: Option<perf::Bench>,
    /// `file`, already being read (see [`Preload`]).
    pub preload: Option<Preload>,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            file: None,
            chooser: Box::new(files::ScriptedChooser::default()),
            settings_path: None,
            show_start: false,
            user_templates_dir: None,
            clock: std::sync::Arc::new(crate::session::SystemClock::default()),
            recovery_dir: None,
            bench: None,
            preload: None,
        }
    }
}

/// A file read and checked, as [`MlsdApp::open_path`] takes it in.
#[expect(clippy::large_enum_variant, reason = "one is made per file opened")]
pub enum Opened {
    /// A board file (`.ron`, or a PNG with a board inside).
    Board(Result<crate::io::Loaded, crate::io::LoadError>),
    /// An Excalidraw drawing, imported.
    Excalidraw(Result<crate::io::excalidraw::Imported, crate::io::excalidraw::ExcalidrawError>),
}

/// Reads `path` as a board file or an Excalidraw drawing (told apart by
/// name and first bytes).
#[must_use]
pub fn read_file(path: &Path, catalog: &Catalog) -> Opened {
    let head = std::fs::File::open(path)
        .and_then(|f| {
            let mut buf = Vec::with_capacity(512);
            std::io::Read::read_to_end(&mut std::io::Read::take(f, 512), &mut buf)?;
            Ok(buf)
        })
        .unwrap_or_default();
    if crate::io::excalidraw::looks_like_excalidraw(path, &head) {
        Opened::Excalidraw(crate::io::excalidraw::import_path(path, catalog))
    } else {
        Opened::Board(load_path(path))
    }
}

/// The file given on the command line, read on another thread while the
/// window opens (reading and checking a big board takes about as long as
/// starting the renderer).
pub struct Preload {
    path: PathBuf,
    handle: std::thread::JoinHandle<Option<Opened>>,
}

impl Preload {
    /// Starts reading `path`; `None` if no thread could be started.
    #[must_use]
    pub fn start(path: &Path) -> Option<Self> {
        let p = path.to_path_buf();
        let handle = std::thread::Builder::new()
            .name("preload".into())
            .spawn(move || Catalog::builtin().ok().map(|c| read_file(&p, &c)))
            .ok()?;
        Some(Self {
            path: path.to_path_buf(),
            handle,
        })
    }

    /// What was read; `None` if the thread could not do it (the app then
    /// reads the file itself).
    fn join(self) -> Option<Opened> {
        self.handle.join().ok().flatten()
    }
}

/// What to do once the user has answered "save changes?".
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Start an empty board.
    New,
    /// Open a file (ask for one when `None`).
    Open(Option<PathBuf>),
    /// Close the window.
    Close,
    /// Start a board from a case study: practice (empty) or study (reference).
    Template {
        /// The template id.
        id: String,
        /// Study the reference instead of practising.
        study: bool,
    },
}

/// Why the built-in path prompt is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPurpose {
    /// To open a board.
    Open,
    /// To save the board, then maybe go on.
    SaveAs(Option<Then>),
    /// To export a picture.
    Export(export_ui::ExportSettings),
}

/// A modal dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// "Save changes to X?"
    Unsaved(Then),
    /// The built-in file path prompt.
    PathPrompt {
        /// What the path is for.
        purpose: PathPurpose,
        /// The path typed so far.
        text: String,
        /// Why the system dialog is not used.
        reason: String,
    },
    /// A message (an error opening or saving).
    Message {
        /// Title.
        title: String,
        /// Text.
        text: String,
    },
    /// The keyboard shortcuts.
    Shortcuts,
    /// Boards recovered from the journal after a crash.
    Recover(Vec<(String, String)>),
    /// "Really discard this recovered board?"
    ConfirmDiscard(String, String),
}

/// The quick-add box: type a component name, press Enter.
#[derive(Clone, Debug, Default)]
pub struct QuickAdd {
    /// What was typed.
    pub query: String,
    /// Which match is highlighted.
    pub selected: usize,
    focused: bool,
}

/// The application.
pub struct MlsdApp {
    /// The open board.
    pub doc: Document,
    /// The canvas.
    pub canvas: Canvas,
    /// Component kinds.
    pub catalog: Catalog,
    /// Per-user settings.
    pub settings: Settings,
    /// The status bar message.
    pub status: String,
    /// The dialog shown, if any.
    pub dialog: Option<Dialog>,
    /// The quick-add box, when open.
    pub quick_add: Option<QuickAdd>,
    settings_path: Option<PathBuf>,
    chooser: Box<dyn FileChooser>,
    title_shown: String,
    theme_applied: Option<ThemeChoice>,
    allow_close: bool,
    close_requested: bool,
    palette: panels::PaletteState,
    inspector: panels::InspectorState,
    /// The frameworks shipped with the app (the default first).
    pub frameworks: Vec<crate::model::Framework>,
    /// Which sidebar tab is shown.
    pub sidebar_tab: panels::SidebarTab,
    last_selection: Vec<crate::model::ElementId>,
    checklist: checklist::ChecklistState,
    /// The case-study templates shipped with the app.
    pub templates: Vec<crate::model::Template>,
    /// Whether the start screen is shown.
    pub show_start: bool,
    /// How the reference design is shown while reviewing.
    pub ghost_mode: start::GhostMode,
    /// How many of `templates` are built in (the rest are the user's).
    pub builtin_templates: usize,
    user_templates_dir: Option<PathBuf>,
    /// The timed session and replay.
    pub session: session_bar::SessionUi,
    ghost_key: Option<(u64, u64, start::GhostMode)>,
    journal: Option<crate::io::Journal>,
    /// Writes and removes journal entries on a background thread.
    journal_writer: Option<crate::io::JournalWriter>,
    autosave: crate::io::Autosave,
    /// The journal key of the document last journaled, and whether an
    /// entry exists for it.
    journaled: Option<(String, bool)>,
    /// Where session times come from.
    pub clock: std::sync::Arc<dyn crate::session::Clock>,
    /// The Export picture window, when open.
    pub export: Option<export_ui::ExportSettings>,
    /// The settings of the last export (the window opens with them).
    export_used: Option<export_ui::ExportSettings>,
    /// An export running on a worker.
    export_job: Option<export_ui::ExportJob>,
    /// Recent frame times, for View > Performance.
    pub perf: perf::FrameStats,
    /// Whether the Performance window is shown.
    pub show_perf: bool,
    /// A scripted measurement in progress.
    bench: Option<perf::Bench>,
    /// Commands asked for this frame, run at its end.
    commands: Vec<Command>,
    /// Where a finished measurement leaves its report.
    bench_sink: Option<std::sync::Arc<std::sync::Mutex<Option<String>>>>,
}

impl MlsdApp {
    /// The app, with `options.file` opened if given.
    #[must_use]
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        let settings = options
            .settings_path
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        let (catalog, status) = match Catalog::builtin() {
            Ok(c) => (c, "Ready. Press / to add a component.".to_owned()),
            Err(e) => (
                Catalog::default(),
                format!(
                    "The component catalog could not be read ({e}); components show their stored names."
                ),
            ),
        };
        let (frameworks, status) = match crate::model::Framework::builtin() {
            Ok(f) => (f, status),
            Err(e) => (
                Vec::new(),
                format!("The built-in frameworks could not be read ({e})."),
            ),
        };
        let (mut templates, mut status) = match crate::model::Template::builtin() {
            Ok(t) => (t, status),
            Err(e) => (
                Vec::new(),
                format!("The case-study templates could not be read ({e})."),
            ),
        };
        let builtin_templates = templates.len();
        if let Some(dir) = &options.user_templates_dir {
            let (mine, errors) = crate::io::load_template_dir(dir);
            for t in mine {
                if !templates.iter().any(|b| b.id == t.id) {
                    templates.push(t);
                }
            }
            if let Some(first) = errors.first() {
                status = format!(
                    "{} of your templates could not be read: {first}",
                    errors.len()
                );
            }
        }
        let mut canvas = Canvas::default();
        canvas.show_grid = settings.show_grid;
        canvas.snap = settings.snap;
        canvas.request_fit();
        let mut app = Self {
            doc: Document::new(Board::new("")),
            canvas,
            catalog,
            settings,
            status,
            dialog: None,
            quick_add: None,
            settings_path: options.settings_path,
            chooser: options.chooser,
            title_shown: String::new(),
            theme_applied: None,
            allow_close: false,
            close_requested: false,
            palette: panels::PaletteState::default(),
            inspector: panels::InspectorState::default(),
            frameworks,
            sidebar_tab: panels::SidebarTab::Framework,
            last_selection: Vec::new(),
            checklist: checklist::ChecklistState::default(),
            templates,
            show_start: options.show_start,
            ghost_mode: start::GhostMode::Off,
            builtin_templates,
            user_templates_dir: options.user_templates_dir,
            session: session_bar::SessionUi::default(),
            ghost_key: None,
            journal: options.recovery_dir.as_deref().map(crate::io::Journal::new),
            journal_writer: options
                .recovery_dir
                .as_deref()
                .and_then(|d| crate::io::JournalWriter::new(crate::io::Journal::new(d)).ok()),
            autosave: crate::io::Autosave::default(),
            journaled: None,
            clock: options.clock,
            export: None,
            export_used: None,
            export_job: None,
            perf: perf::FrameStats::default(),
            show_perf: false,
            bench: options.bench,
            bench_sink: None,
            commands: Vec::new(),
        };
        app.doc = Document::new(app.new_board());
        app.apply_theme(ctx);
        app.canvas.paint_background = false;
        app.offer_recovery();
        if let Some(path) = options.file {
            match options
                .preload
                .filter(|p| p.path == path)
                .and_then(Preload::join)
            {
                Some(opened) => app.show_opened(&path, opened),
                None => app.open_path(&path),
            };
        }
        app
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.theme_applied == Some(self.settings.theme) {
            return;
        }
        ctx.set_theme(match self.settings.theme {
            ThemeChoice::System => ThemePreference::System,
            ThemeChoice::Light => ThemePreference::Light,
            ThemeChoice::Dark => ThemePreference::Dark,
        });
        // Panels show the window's clear colour (the canvas colour) instead
        // of filling themselves; see `clear_color`.
        ctx.all_styles_mut(|style| style.visuals.panel_fill = egui::Color32::TRANSPARENT);
        self.theme_applied = Some(self.settings.theme);
    }

    fn save_settings(&mut self) {
        self.settings.show_grid = self.canvas.show_grid;
        self.settings.snap = self.canvas.snap;
        if let Some(p) = &self.settings_path
            && let Err(e) = self.settings.save(p)
        {
            self.status = format!("Settings could not be saved to {}: {e}", p.display());
        }
    }

    /// An empty board following the default framework, stamped now.
    #[must_use]
    pub fn new_board(&self) -> Board {
        let mut board = Board::new("");
        board.meta.created = document::now_unix();
        if let Some(f) = self.frameworks.first() {
            board.framework = f.clone();
            board.checklist.current_step = f.steps.first().map(|s| s.id.clone());
        }
        board
    }

    /// Opens a board file, replacing the current board (no questions asked:
    /// callers check for unsaved changes first). On failure the current
    /// board stays and the error is shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        let opened = read_file(path, &self.catalog);
        self.show_opened(path, opened)
    }

    /// Takes in what [`read_file`] made of `path`.
    fn show_opened(&mut self, path: &Path, opened: Opened) -> bool {
        let loaded = match opened {
            Opened::Excalidraw(imported) => return self.show_imported(path, imported),
            Opened::Board(loaded) => loaded,
        };
        match loaded {
            Ok(loaded) => {
                let repairs: Vec<String> = loaded.repairs.iter().map(ToString::to_string).collect();
                self.doc = Document::from_loaded(path, loaded);
                start::set_ghost(self, start::GhostMode::Off);
                self.canvas.request_fit();
                self.settings.add_recent(path);
                self.save_settings();
                if document::is_picture(path) {
                    self.status = format!(
                        "Opened the board inside the picture {}; Save keeps it as a .ron board file",
                        path.display()
                    );
                } else if repairs.is_empty() {
                    self.status = format!("Opened {}", path.display());
                } else {
                    self.status = format!("Opened {} with repairs", path.display());
                    self.dialog = Some(Dialog::Message {
                        title: "The board was repaired".to_owned(),
                        text: format!(
                            "{} opened, with these repairs:\n\n• {}\n\nSave to keep the repaired board.",
                            path.display(),
                            repairs.join("\n• ")
                        ),
                    });
                }
                true
            }
            Err(e) => {
                self.status = format!("Could not open {}", path.display());
                self.dialog = Some(Dialog::Message {
                    title: "Could not open the board".to_owned(),
                    text: e.to_string(),
                });
                false
            }
        }
    }

    /// Imports an Excalidraw file as a new, unsaved board (Save asks where
    /// to keep it as a board file). What the board cannot hold is counted
    /// in a message.
    pub fn import_excalidraw(&mut self, path: &Path) -> bool {
        let imported = crate::io::excalidraw::import_path(path, &self.catalog);
        self.show_imported(path, imported)
    }

    fn show_imported(
        &mut self,
        path: &Path,
        imported: Result<crate::io::excalidraw::Imported, crate::io::excalidraw::ExcalidrawError>,
    ) -> bool {
        match imported {
            Ok(imported) => {
                let summary = imported.summary();
                let mut doc = Document::new(imported.board);
                doc.mark_unsaved();
                self.doc = doc;
                start::set_ghost(self, start::GhostMode::Off);
                self.canvas.request_fit();
                self.canvas.selection.clear();
                self.status = format!("Imported {}: {summary}", path.display());
                if !imported.skipped.is_empty() || imported.loose_bindings > 0 {
                    self.dialog = Some(Dialog::Message {
                        title: "Imported from Excalidraw".to_owned(),
                        text: format!("{}: {summary}.", path.display()),
                    });
                }
                true
            }
            Err(e) => {
                self.status = format!("Could not import {}", path.display());
                self.dialog = Some(Dialog::Message {
                    title: "Could not import the Excalidraw file".to_owned(),
                    text: e.to_string(),
                });
                false
            }
        }
    }

    /// Saves to `path`; on success carries on with `then`.
    pub fn save_to(&mut self, path: &Path, then: Option<Then>) -> bool {
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path.to_path_buf()
        };
        match self.doc.save_to(&path) {
            Ok(()) => {
                self.status = format!("Saved {}", path.display());
                self.settings.add_recent(&path);
                self.save_settings();
                if let Some(then) = then {
                    self.carry_on(then);
                }
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "Could not save".to_owned(),
                    text: e.to_string(),
                });
                false
            }
        }
    }

    fn save(&mut self, then: Option<Then>) {
        match self.doc.path.clone() {
            Some(p) => {
                self.save_to(&p, then);
            }
            None => self.save_as(then),
        }
    }

    /// The folder the built-in path prompt starts in: the board's, or the
    /// working directory.
    fn prompt_dir(&self) -> PathBuf {
        self.doc
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn save_as(&mut self, then: Option<Then>) {
        let name = format!("{}.ron", self.suggested_name());
        match self.chooser.pick_save(&name) {
            Picked::Path(p) => {
                self.save_to(&p, then);
            }
            Picked::Cancelled => {}
            Picked::Unavailable(reason) => {
                self.dialog = Some(Dialog::PathPrompt {
                    purpose: PathPurpose::SaveAs(then),
                    text: self.prompt_dir().join(name).display().to_string(),
                    reason,
                });
            }
        }
    }

    fn suggested_name(&self) -> String {
        let t = self.doc.board.meta.title.trim();
        if t.is_empty() {
            "board".to_owned()
        } else {
            t.chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect()
        }
    }

    fn add_user_template(&mut self, t: crate::model::Template) -> Result<PathBuf, String> {
        let Some(dir) = self.user_templates_dir.clone() else {
            return Err("there is no folder for your templates on this machine".to_owned());
        };
        let path = dir.join(format!("{}.ron", t.id));
        crate::io::save_template(&path, &t).map_err(|e| e.to_string())?;
        self.templates.retain(|x| x.id != t.id);
        self.templates.push(t);
        Ok(path)
    }

    /// Writes a copy of the board without its recorded session, for
    /// sharing only the result. The open board keeps its session.
    pub fn save_without_history(&mut self) {
        let name = format!("{}-result.ron", self.suggested_name());
        if let Picked::Path(p) = self.chooser.pick_save(&name) {
            let mut board = self.doc.board.clone();
            board.meta.modified = document::now_unix();
            match crate::io::save_path(&p, &crate::io::BoardFile::new(board)) {
                Ok(()) => self.status = format!("Saved {} without its session", p.display()),
                Err(e) => {
                    self.dialog = Some(Dialog::Message {
                        title: "Could not save".to_owned(),
                        text: e.to_string(),
                    });
                }
            }
        } else {
            self.status =
                "Save without history needs a file path (no file dialog here).".to_owned();
        }
    }

    /// Saves the board as a template of the user's own (listed on the
    /// start screen beside the built-in ones).
    pub fn save_as_template(&mut self) {
        let base = crate::model::CustomKind::id_for(&self.suggested_name());
        let mut id = format!("my-{}", base.trim_start_matches("custom:"));
        let mut n = 2;
        while self.templates[..self.builtin_templates]
            .iter()
            .any(|t| t.id == id)
        {
            id = format!("my-{}-{n}", base.trim_start_matches("custom:"));
            n += 1;
        }
        let t = crate::io::template_from_board(&self.doc.board, &id);
        match self.add_user_template(t) {
            Ok(path) => self.status = format!("Saved as a template in {}", path.display()),
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "Could not save the template".to_owned(),
                    text: e,
                });
            }
        }
    }

    /// Adds a template file someone shared to the user's templates.
    pub fn import_template(&mut self) {
        let path = match self.chooser.pick_open() {
            Picked::Path(p) => p,
            Picked::Cancelled => return,
            Picked::Unavailable(reason) => {
                self.dialog = Some(Dialog::Message {
                    title: "Import template".to_owned(),
                    text: format!(
                        "The system file dialog is not available ({reason}). Copy the template file into {} instead.",
                        self.user_templates_dir.as_ref().map_or_else(
                            || "your templates folder".to_owned(),
                            |d| d.display().to_string()
                        )
                    ),
                });
                return;
            }
        };
        let result = crate::io::load_template(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                if self.templates[..self.builtin_templates]
                    .iter()
                    .any(|b| b.id == t.id)
                {
                    return Err(format!(
                        "a built-in case study already has the id \"{}\"",
                        t.id
                    ));
                }
                let title = t.title.clone();
                self.add_user_template(t).map(|_| title)
            });
        match result {
            Ok(title) => {
                self.status = format!("Imported the template \"{title}\"");
                self.show_start = true;
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "Could not import the template".to_owned(),
                    text: e,
                });
            }
        }
    }

    fn journal_key(&self) -> String {
        format!("board-{}-{}", std::process::id(), self.doc.generation())
    }

    /// Shows the recovery dialog when the journal holds boards (a crash or
    /// a kill left them), or what is left to recover.
    pub fn offer_recovery(&mut self) {
        let Some(j) = &self.journal else { return };
        let (found, errors) = j.list();
        if let Some(first) = errors.first() {
            self.status = format!(
                "{} recovery file(s) could not be read: {first}",
                errors.len()
            );
        }
        if found.is_empty() {
            return;
        }
        let list = found
            .iter()
            .map(|r| {
                let name = r.entry.saved_path.as_ref().map_or_else(
                    || {
                        let t = &r.entry.file.board.meta.title;
                        if t.is_empty() {
                            "Untitled".to_owned()
                        } else {
                            t.clone()
                        }
                    },
                    |p| p.display().to_string(),
                );
                let n = r.entry.file.board.counts().components;
                let plural = if n == 1 { "" } else { "s" };
                (r.key.clone(), format!("{name} ({n} component{plural})"))
            })
            .collect::<Vec<(String, String)>>();
        // A line on stderr too, for logs and for the end-to-end test that
        // kills the app and looks for this offer.
        eprintln!(
            "mlsd-board: offering to recover {} unsaved board(s): {}",
            list.len(),
            list.iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.dialog = Some(Dialog::Recover(list));
        // Recovering comes first; the start screen can wait.
        self.show_start = false;
    }

    /// Opens a recovered board as an unsaved document and removes its
    /// journal entry (the open board is journaled again as it changes).
    pub fn restore(&mut self, key: &str) {
        let Some(j) = self.journal.clone() else {
            return;
        };
        let (found, _) = j.list();
        let Some(r) = found.into_iter().find(|r| r.key == key) else {
            return;
        };
        let crate::io::BoardFile { board, session, .. } = r.entry.file;
        let mut doc = Document::new(board);
        doc.path = r.entry.saved_path;
        doc.session = session;
        doc.mark_unsaved();
        self.doc = doc;
        self.canvas.request_fit();
        self.discard_recovered(key);
        eprintln!(
            "mlsd-board: restored an unsaved board ({} components)",
            self.doc.board.counts().components
        );
        self.status = "Restored an unsaved board. Save it to keep it.".to_owned();
    }

    /// Removes a recovered board for good.
    pub fn discard_recovered(&mut self, key: &str) {
        if let Some(w) = &self.journal_writer {
            w.discard(key);
        } else if let Some(j) = &self.journal {
            j.discard(key);
        }
    }

    /// Writes the open board to the journal about a second after it
    /// changes; removes its entry when it is saved or replaced.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(j) = &self.journal_writer else {
            return;
        };
        for e in j.errors() {
            self.status = format!("Autosave failed: {e}");
        }
        if self.session.replay.is_some() {
            return;
        }
        let key = self.journal_key();
        if let Some((old, true)) = &self.journaled
            && *old != key
        {
            // The board was replaced (New, Open): its question was asked.
            j.discard(old);
            self.journaled = None;
        }
        if !self.doc.is_dirty() {
            if let Some((k, true)) = &self.journaled {
                j.discard(k);
                self.journaled = Some((k.clone(), false));
            }
            return;
        }
        let rev = self.doc.history.revision() ^ (self.doc.generation() << 40);
        let now = (ctx.input(|i| i.time).max(0.0) * 1000.0) as u64;
        if self.autosave.due(rev, now) {
            // Only the snapshot is taken here; the writer thread turns it
            // into text and writes it (with its fsyncs).
            j.write(&key, self.doc.path.as_deref(), rev, self.doc.to_file());
            self.autosave.written(rev);
            self.journaled = Some((key, true));
        } else if let Some(wait) = self.autosave.wait_ms(now) {
            ctx.request_repaint_after(std::time::Duration::from_millis(wait + 10));
        }
    }

    /// Runs `then` now, or asks about unsaved changes first.
    pub fn guarded(&mut self, then: Then) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.carry_on(then);
        }
    }

    fn carry_on(&mut self, then: Then) {
        match then {
            Then::New => {
                self.doc = Document::new(self.new_board());
                self.canvas.view = view::View::default();
                self.status = "New board".to_owned();
            }
            Then::Open(Some(p)) => {
                self.open_path(&p);
            }
            Then::Open(None) => match self.chooser.pick_open() {
                Picked::Path(p) => {
                    self.open_path(&p);
                }
                Picked::Cancelled => {}
                Picked::Unavailable(reason) => {
                    let dir = std::env::current_dir().unwrap_or_default();
                    self.dialog = Some(Dialog::PathPrompt {
                        purpose: PathPurpose::Open,
                        text: format!("{}/", dir.display()),
                        reason,
                    });
                }
            },
            Then::Close => {
                self.allow_close = true;
                self.close_requested = true;
            }
            Then::Template { id, study } => {
                let Some(t) = self.templates.iter().find(|t| t.id == id).cloned() else {
                    self.dialog = Some(Dialog::Message {
                        title: "No such case study".to_owned(),
                        text: format!("The template \"{id}\" is not available in this version."),
                    });
                    return;
                };
                let now = document::now_unix();
                let board = if study {
                    t.study_board(&self.frameworks, now)
                } else {
                    t.practice_board(&self.frameworks, now)
                };
                self.doc = Document::new(board);
                self.canvas.view = view::View::default();
                self.canvas.request_fit();
                start::set_ghost(self, start::GhostMode::Off);
                self.status = format!(
                    "{}: {}",
                    if study { "Studying" } else { "Practising" },
                    t.title
                );
            }
        }
    }

    /// Asks for a command; it runs at the end of the frame, after every
    /// panel has been drawn (see [`MlsdApp::run_queued`]).
    pub fn queue(&mut self, cmd: Command) {
        self.commands.push(cmd);
    }

    /// Runs the commands asked for this frame, in order, once the panels
    /// are drawn (as rerun's viewer does), so no command changes the app
    /// halfway through drawing it.
    pub fn run_queued(&mut self, ctx: &egui::Context) {
        for cmd in std::mem::take(&mut self.commands) {
            self.run(ctx, cmd);
        }
    }

    /// Runs a command now.
    pub fn run(&mut self, ctx: &egui::Context, cmd: Command) {
        if self.session.replay.is_some()
            && !matches!(
                cmd,
                Command::ZoomIn
                    | Command::ZoomOut
                    | Command::ZoomToFit
                    | Command::ResetZoom
                    | Command::ToggleGrid
                    | Command::ThemeSystem
                    | Command::ThemeLight
                    | Command::ThemeDark
                    | Command::Shortcuts
            )
        {
            session_bar::exit_replay(self);
        }
        let doc = &mut self.doc;
        match cmd {
            Command::New => self.guarded(Then::New),
            Command::NewFromTemplate => self.show_start = true,
            Command::SaveAsTemplate => self.save_as_template(),
            Command::SaveWithoutHistory => self.save_without_history(),
            Command::ImportTemplate => self.import_template(),
            Command::CompareWithReference => {
                let mode = if self.ghost_mode == start::GhostMode::Off {
                    self.sidebar_tab = panels::SidebarTab::Review;
                    start::GhostMode::Beside
                } else {
                    start::GhostMode::Off
                };
                start::set_ghost(self, mode);
            }
            // The open dialog takes board files, board PNGs and Excalidraw files.
            Command::Open | Command::ImportExcalidraw => self.guarded(Then::Open(None)),
            Command::ExportPicture => self.open_export(ctx.theme() == egui::Theme::Dark),
            Command::CopyAsPng => {
                let s = export_ui::ExportSettings {
                    only_selection: true,
                    dark: ctx.theme() == egui::Theme::Dark,
                    ..export_ui::ExportSettings::default()
                };
                self.copy_as_png(ctx, &s);
            }
            Command::Save => self.save(None),
            Command::SaveAs => self.save_as(None),
            Command::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Command::Undo => {
                self.canvas.finish_text_edit(doc);
                doc.apply(Edit::Undo);
            }
            Command::Redo => {
                self.canvas.finish_text_edit(doc);
                doc.apply(Edit::Redo);
            }
            Command::Cut => {
                if let Some(t) = self.canvas.copy_text(doc) {
                    ctx.copy_text(t);
                    self.canvas.delete_selection(doc);
                }
            }
            Command::Copy => {
                if let Some(t) = self.canvas.copy_text(doc) {
                    ctx.copy_text(t);
                    self.status = format!("Copied {} element(s)", self.canvas.selection.len());
                }
            }
            Command::Paste => {
                self.status =
                    "Paste with Ctrl+V (the clipboard is read when you press it)".to_owned();
            }
            Command::Duplicate => self.canvas.duplicate(doc),
            Command::Delete => self.canvas.delete_selection(doc),
            Command::SelectAll => self.canvas.select_all(doc),
            Command::BringToFront => self.canvas.restack(doc, true),
            Command::SendToBack => self.canvas.restack(doc, false),
            Command::QuickAdd => self.quick_add = Some(QuickAdd::default()),
            Command::AddNote => {
                let c = self.canvas.view.center(self.canvas.screen_rect());
                self.canvas.add_note_at(doc, c.offset(-100.0, -60.0), true);
            }
            Command::AddFrame => {
                let id = self.canvas.add_frame(doc);
                self.canvas.start_text_edit(doc, id);
            }
            Command::EditText => {
                if let [id] = self.canvas.selection.as_slice() {
                    let id = *id;
                    self.canvas.start_text_edit(doc, id);
                }
            }
            Command::ToggleArrowStyle => self.canvas.toggle_arrow_style(doc),
            Command::ZoomIn => self.canvas.zoom_by(1.25),
            Command::ZoomOut => self.canvas.zoom_by(0.8),
            Command::ZoomToFit => self.canvas.zoom_to_fit(doc),
            Command::ResetZoom => self.canvas.reset_zoom(),
            Command::ToggleGrid => {
                self.canvas.show_grid = !self.canvas.show_grid;
                self.save_settings();
            }
            Command::ToggleSnap => {
                self.canvas.snap = !self.canvas.snap;
                self.save_settings();
            }
            Command::ThemeSystem | Command::ThemeLight | Command::ThemeDark => {
                self.settings.theme = match cmd {
                    Command::ThemeLight => ThemeChoice::Light,
                    Command::ThemeDark => ThemeChoice::Dark,
                    _ => ThemeChoice::System,
                };
                self.apply_theme(ctx);
                self.save_settings();
            }
            Command::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            Command::Performance => self.show_perf = !self.show_perf,
        }
    }

    fn handle_keys(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() || self.quick_add.is_some() {
            return;
        }
        if self.session.replay.is_some() {
            // Replay is read-only: only the view moves.
            let mut fired = Vec::new();
            ctx.input_mut(|i| {
                for (shortcut, cmd) in shortcut_table() {
                    let view = matches!(
                        cmd,
                        Command::ZoomIn
                            | Command::ZoomOut
                            | Command::ZoomToFit
                            | Command::ResetZoom
                    );
                    if view && i.consume_shortcut(&shortcut) {
                        fired.push(cmd);
                    }
                }
            });
            for cmd in fired {
                self.queue(cmd);
            }
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.editing.is_some();
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, cmd) in shortcut_table() {
                if (!typing || cmd.works_while_typing()) && i.consume_shortcut(&shortcut) {
                    fired.push(cmd);
                }
            }
        });
        for cmd in fired {
            self.queue(cmd);
        }
        if typing {
            return;
        }
        // Arrow keys nudge the selection: a grid step, or 1 unit with Shift
        // (or with snapping off).
        let step = |m: Modifiers, snap: bool| if m.shift || !snap { 1.0 } else { GRID };
        let moves: Vec<(f32, f32)> = ctx.input_mut(|i| {
            let m = i.modifiers;
            let s = step(m, self.canvas.snap);
            [
                (Key::ArrowLeft, (-s, 0.0)),
                (Key::ArrowRight, (s, 0.0)),
                (Key::ArrowUp, (0.0, -s)),
                (Key::ArrowDown, (0.0, s)),
            ]
            .into_iter()
            .filter(|(k, _)| i.consume_key(m, *k))
            .map(|(_, d)| d)
            .collect()
        });
        for (dx, dy) in moves {
            if !self.canvas.selection.is_empty() {
                self.canvas.nudge(&mut self.doc, dx, dy);
            }
        }
        // Clipboard events (Ctrl+C/X/V arrive as these, not as keys).
        let events = ctx.input(|i| i.events.clone());
        let pointer = ctx.input(|i| i.pointer.hover_pos());
        for e in events {
            match e {
                egui::Event::Copy => self.queue(Command::Copy),
                egui::Event::Cut => self.queue(Command::Cut),
                egui::Event::Paste(text) => self.canvas.paste_text(&mut self.doc, &text, pointer),
                _ => {}
            }
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        if let Some(path) = dropped
            .into_iter()
            .map(|f| f.path().to_path_buf())
            .find(|p| !p.as_os_str().is_empty())
        {
            self.guarded(Then::Open(Some(path)));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — MLSD Board",
            if self.doc.is_dirty() { "• " } else { "" },
            self.doc.display_name()
        );
        if title != self.title_shown {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
    }

    /// The window title as last set.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title_shown
    }
}

impl eframe::App for MlsdApp {
    /// The window is cleared to the canvas colour, and neither the canvas
    /// nor the side panels paint a background over it: with a software
    /// renderer (no GPU) every covered pixel costs, and a full-window fill
    /// cost 80 ms a frame at 1920x1080 on the 2-core reference machine.
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        crate::render::theme::Palette::new(visuals.dark_mode)
            .background
            .to_normalized_gamma_f32()
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if let Some(b) = &mut self.bench {
            b.input(raw_input);
        }
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Then::Close));
        }
        self.handle_dropped_files(ctx);
        self.autosave(ctx);
        if let Some(r) = ctx.input(|i| i.viewport().inner_rect) {
            self.settings.window_size = Some([r.width(), r.height()]);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
        // A clean exit leaves nothing to recover: the user was asked about
        // unsaved changes before the window closed.
        if let (Some(j), Some((k, _))) = (&self.journal_writer, &self.journaled) {
            j.discard(k);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let frame_start = std::time::Instant::now();
        let last_ui_ms = self.perf.last_ui_ms();
        self.perf.frame_start(frame_start);
        self.drive_bench(&ctx, frame_start, last_ui_ms);
        self.handle_keys(&ctx);
        panels::menu_bar(self, ui);
        session_bar::bar(self, ui);
        panels::status_bar(self, ui);
        self.canvas.read_only = self.session.replay.is_some();
        panels::palette(self, ui);
        panels::sidebar(self, ui);
        // The ghost follows the board (beside it or over it): place it again
        // only when the board changed.
        if self.ghost_mode != start::GhostMode::Off {
            let key = (
                self.doc.generation(),
                self.doc.history.revision(),
                self.ghost_mode,
            );
            if self.ghost_key != Some(key) {
                let mode = self.ghost_mode;
                start::set_ghost(self, mode);
                self.ghost_key = Some(key);
            }
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            self.canvas.ui(ui, &mut self.doc, &self.catalog);
        });
        panels::quick_add(self, &ctx);
        start::start_screen(self, &ctx);
        session_bar::overlays(self, &ctx);
        export_ui::window(self, &ctx);
        self.poll_export(&ctx);
        panels::dialogs(self, &ctx);
        panels::custom_kind_form(self, &ctx);
        self.run_queued(&ctx);
        if let Some(kind) = self.canvas.last_added_kind.take() {
            self.settings.add_recent_kind(&kind);
            self.save_settings();
        }
        if let Some(p) = self.doc.problem.take() {
            self.status = p;
        }
        if self.close_requested {
            self.close_requested = false;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        self.update_title(&ctx);
        self.perf.ui_done(std::time::Instant::now());
        if self.show_perf {
            perf_window(self, &ctx);
        }
    }
}

impl MlsdApp {
    fn drive_bench(&mut self, ctx: &egui::Context, now: std::time::Instant, last_ui_ms: f32) {
        let Some(b) = &mut self.bench else { return };
        self.show_start = false;
        if self.doc.board.elements().is_empty() {
            // Nothing to measure (the file did not open, or is empty).
            let why = match self.dialog.take() {
                Some(Dialog::Message { text, .. }) => text,
                _ => "the board is empty".to_owned(),
            };
            eprintln!("mlsd-board: {}: nothing to measure: {why}", b.name());
            self.allow_close = true;
            self.bench = None;
            ctx.send_viewport_cmd(ViewportCommand::Close);
            return;
        }
        self.dialog = None;
        if b.frame(now, &mut self.canvas, &self.doc, last_ui_ms) {
            if let (Some(text), Some(sink)) = (b.report_json(), &self.bench_sink)
                && let Ok(mut slot) = sink.lock()
            {
                *slot = Some(text);
            }
            self.allow_close = true;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        ctx.request_repaint();
    }
}

/// View > Performance: frame times, FPS and memory, refreshed a few times a
/// second while shown.
fn perf_window(app: &mut MlsdApp, ctx: &egui::Context) {
    let s = app.perf.summary();
    let mem = perf::resident_memory();
    let mut open = true;
    egui::Window::new("Performance")
        .open(&mut open)
        .resizable(false)
        .default_pos([ctx.content_rect().max.x - 300.0, 80.0])
        .show(ctx, |ui| {
            let mb = |bytes: u64| format!("{:.0} MB", bytes as f64 / 1_048_576.0);
            let rows = [
                ("Frame time (median)", format!("{:.2} ms", s.frame_ms_median)),
                ("Frame time (p95)", format!("{:.2} ms", s.frame_ms_p95)),
                ("Building the UI (median)", format!("{:.2} ms", s.ui_ms_median)),
                ("Frames per second", format!("{:.0}", s.fps)),
                ("Elements drawn", app.canvas.drawn.to_string()),
                (
                    "Resident memory",
                    mem.map_or_else(|| "unknown".to_owned(), |(rss, _)| mb(rss)),
                ),
                (
                    "Peak memory",
                    mem.map_or_else(|| "unknown".to_owned(), |(_, peak)| mb(peak)),
                ),
            ];
            egui::Grid::new("perf-grid").num_columns(2).show(ui, |ui| {
                for (name, value) in rows {
                    ui.label(name);
                    ui.label(value);
                    ui.end_row();
                }
            });
            ui.label(
                egui::RichText::new(format!(
                    "Over the last 3 s of drawing ({} frames). The app draws only when something changes; pan or zoom to measure.",
                    s.frames
                ))
                .small(),
            );
        });
    app.show_perf = open;
    ctx.request_repaint_after(std::time::Duration::from_millis(250));
}
