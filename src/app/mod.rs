//! The eframe application: the `MlsdApp` and the order of a frame. Its
//! rooms: [`launch`] (the window, the measurements, options), `lifecycle`
//! (opening and saving boards), `recovery` (the journal), `dispatch`
//! (commands and keys), `panels` (one file per panel), [`canvas`], and
//! the session bar, sidebar checklist, start screen and export window.
//! The only module that knows egui.
//!
//! Panels and the canvas change the board only through
//! [`document::Document::apply`], so every change is one undoable,
//! recorded transaction; commands from menus and keys are queued and run
//! at the end of the frame.

pub mod canvas;
pub mod checklist;
pub mod commands;
mod dispatch;
pub mod document;
mod export_ui;
pub mod files;
pub mod icons;
pub mod launch;
mod lifecycle;
pub mod panels;
pub mod perf;
pub mod progress;
mod recovery;
pub mod session_bar;
pub mod start;
pub mod view;

use std::path::PathBuf;

pub use self::launch::{AppOptions, Opened, Preload, read_file, run, run_bench};

use egui::{ThemePreference, ViewportCommand};

use self::canvas::Canvas;
use self::commands::Command;
use self::document::Document;
use self::files::{FileChooser, Settings, ThemeChoice};
use crate::model::{Board, Catalog};

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
    /// Draw a case from memory: its prompt on a blank board, under a
    /// short timer, then the stage diff against the reference.
    Recall {
        /// The template id.
        id: String,
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
    /// The board's file changed on disk since it was read or saved (or the
    /// board was recovered and its file moved on): overwrite, Save As, or
    /// cancel; then go on with the `Then`, if any.
    ChangedOnDisk(Option<Then>),
    /// Saving failed or was refused (the text says why): offer Save As.
    SaveFailed {
        /// What happened.
        text: String,
        /// What was to follow the save.
        then: Option<Then>,
    },
    /// "Open the reference during the timed session?" (the peek is
    /// recorded).
    ConfirmPeek,
    /// Boards recovered from the journal after a crash (key, name), and
    /// recovery files that could not be read (path, reason; kept).
    Recover(Vec<(String, String)>, Vec<(String, String)>),
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
    /// Opened by dragging a connection from a box (id) to empty canvas
    /// (point): what is picked goes there, connected.
    pub connect_to: Option<(crate::model::ElementId, crate::model::Point)>,
}

/// The application: the open board and its canvas, the timed session,
/// the user's settings, and three groups of state around them.
pub struct MlsdApp {
    /// The open board.
    pub doc: Document,
    /// The canvas.
    pub canvas: Canvas,
    /// The timed session and replay.
    pub session: session_bar::SessionUi,
    /// Per-user settings.
    pub settings: Settings,
    /// What the panels and windows show (no board data).
    pub ui: UiState,
    /// What ships with the app or the user added: kinds, frameworks,
    /// templates.
    pub library: Library,
    /// What the app talks to outside itself: files, the journal, the
    /// clock, workers, a measurement.
    services: Services,
    /// Commands asked for this frame, run at its end.
    commands: Vec<Command>,
}

/// How long a status-bar message stays, in seconds (errors stay until
/// dismissed).
pub const STATUS_SECONDS: f64 = 6.0;

/// What the panels and windows show: messages, dialogs, the start screen,
/// panel states. None of it is saved with the board.
pub struct UiState {
    /// The status bar message.
    pub status: String,
    /// The dialog shown, if any.
    pub dialog: Option<Dialog>,
    /// The quick-add box, when open.
    pub quick_add: Option<QuickAdd>,
    /// The find bar (Ctrl+F), when open.
    pub find: Option<panels::FindBar>,
    /// Whether the start screen is shown.
    pub show_start: bool,
    /// How the reference design is shown while reviewing.
    pub ghost_mode: start::GhostMode,
    /// Which sidebar tab is shown.
    pub sidebar_tab: panels::SidebarTab,
    /// The Export picture window, when open.
    pub export: Option<export_ui::ExportSettings>,
    /// Recent frame times, for View > Performance.
    pub perf: perf::FrameStats,
    /// Whether the Performance window is shown.
    pub show_perf: bool,
    /// The last error, shown in the status bar until dismissed (messages
    /// in `status` fade after a few seconds).
    pub error: Option<String>,
    /// The status message shown and since when (egui time, seconds): a
    /// message older than [`STATUS_SECONDS`] is no longer shown.
    pub status_seen: Option<(String, f64)>,
    /// Whether the keyboard shortcuts window (F1) is open.
    pub show_shortcuts: bool,
    /// The question being typed to the interviewer.
    pub ask_text: String,
    pub(super) palette: panels::PaletteState,
    pub(super) inspector: panels::InspectorState,
    pub(super) checklist: checklist::ChecklistState,
    pub(super) last_selection: Vec<crate::model::ElementId>,
    /// Whether the user picked a sidebar tab: then selecting no longer
    /// switches it.
    pub sidebar_pinned: bool,
    /// The step whose notes field takes the keyboard next ("Answer in
    /// notes").
    pub focus_notes: Option<String>,
    /// The practice journal: the Progress window and what the start
    /// screen shows as due.
    pub progress: progress::ProgressUi,
    /// Font packages the user was already told to install.
    pub fonts_noticed: std::collections::BTreeSet<&'static str>,
    /// The board and mode the ghost was last built for.
    pub(super) ghost_key: Option<(u64, u64, start::GhostMode)>,
    /// The settings of the last export (the window opens with them).
    pub(super) export_used: Option<export_ui::ExportSettings>,
    pub(super) title_shown: String,
    pub(super) theme_applied: Option<ThemeChoice>,
    pub(super) allow_close: bool,
    pub(super) close_requested: bool,
}

/// What ships with the app or the user added.
pub struct Library {
    /// Component kinds.
    pub catalog: Catalog,
    /// The frameworks shipped with the app (the default first).
    pub frameworks: Vec<crate::model::Framework>,
    /// The case-study templates: the built-in ones, then the user's.
    pub templates: Vec<crate::model::Template>,
    /// How many of `templates` are built in.
    pub builtin_templates: usize,
    /// Where the user's templates are kept.
    pub(super) user_templates_dir: Option<PathBuf>,
}

/// What the app talks to outside itself.
pub(super) struct Services {
    pub(super) settings_path: Option<PathBuf>,
    pub(super) chooser: Box<dyn FileChooser>,
    pub(super) journal: Option<crate::io::Journal>,
    /// This instance's claim on the journal folder (its id and lock).
    pub(super) journal_instance: Option<crate::io::JournalInstance>,
    /// Writes and removes journal entries on a background thread.
    pub(super) journal_writer: Option<crate::io::JournalWriter>,
    pub(super) autosave: crate::io::Autosave,
    /// The journal key of the document last journaled, and whether an
    /// entry exists for it.
    pub(super) journaled: Option<(String, bool)>,
    /// Where session times come from.
    pub(super) clock: std::sync::Arc<dyn crate::session::Clock>,
    /// An export running on a worker.
    pub(super) export_job: Option<export_ui::ExportJob>,
    /// A scripted measurement in progress.
    pub(super) bench: Option<perf::Bench>,
    /// Where a finished measurement leaves its report.
    pub(super) bench_sink: Option<std::sync::Arc<std::sync::Mutex<Option<String>>>>,
    /// The practice journal's writer and the wall clock.
    pub(super) practice: progress::PracticeServices,
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
        // The journal, if this instance can claim its own part of it.
        let journal = options.recovery_dir.as_deref().map(crate::io::Journal::new);
        let journal_instance = match journal.as_ref().map(crate::io::Journal::claim) {
            Some(Ok(i)) => Some(i),
            Some(Err(e)) => {
                status = format!(
                    "Autosave for crash recovery is off: the recovery folder cannot be used ({e})."
                );
                None
            }
            None => None,
        };
        let journal_writer = journal
            .clone()
            .filter(|_| journal_instance.is_some())
            .and_then(|j| crate::io::JournalWriter::new(j).ok());
        let mut canvas = Canvas::default();
        canvas.show_grid = settings.show_grid;
        canvas.snap = settings.snap;
        canvas.request_fit();
        let mut app = Self {
            doc: Document::new(Board::new("")),
            canvas,
            session: session_bar::SessionUi::default(),
            settings,
            ui: UiState {
                status,
                dialog: None,
                quick_add: None,
                find: None,
                show_start: options.show_start,
                ghost_mode: start::GhostMode::Off,
                sidebar_tab: panels::SidebarTab::Framework,
                export: None,
                perf: perf::FrameStats::default(),
                show_perf: false,
                error: None,
                status_seen: None,
                show_shortcuts: false,
                ask_text: String::new(),
                palette: panels::PaletteState::default(),
                inspector: panels::InspectorState::default(),
                checklist: checklist::ChecklistState::default(),
                last_selection: Vec::new(),
                sidebar_pinned: false,
                focus_notes: None,
                progress: progress::ProgressUi::default(),
                fonts_noticed: std::collections::BTreeSet::new(),
                ghost_key: None,
                export_used: None,
                title_shown: String::new(),
                theme_applied: None,
                allow_close: false,
                close_requested: false,
            },
            library: Library {
                catalog,
                frameworks,
                templates,
                builtin_templates,
                user_templates_dir: options.user_templates_dir,
            },
            services: Services {
                settings_path: options.settings_path,
                chooser: options.chooser,
                journal,
                journal_instance,
                journal_writer,
                autosave: crate::io::Autosave::default(),
                journaled: None,
                clock: options.clock,
                export_job: None,
                bench: options.bench,
                bench_sink: None,
                practice: progress::PracticeServices {
                    writer: options
                        .practice_journal
                        .map(crate::practice::PracticeJournal::new)
                        .and_then(|j| crate::practice::PracticeWriter::new(j).ok()),
                    wall: options.wall_clock,
                },
            },
            commands: Vec::new(),
        };
        app.doc = Document::new(app.new_board());
        app.apply_theme(ctx);
        app.apply_text_size(ctx);
        app.canvas.arrow_routing = app.settings.arrow_routing;
        app.canvas.paint_background = false;
        app.offer_recovery();
        progress::reload(&mut app);
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
        if self.ui.theme_applied == Some(self.settings.theme) {
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
        self.ui.theme_applied = Some(self.settings.theme);
    }

    /// Sets the panels' text styles and the canvas's label scale from the
    /// text size setting.
    fn apply_text_size(&mut self, ctx: &egui::Context) {
        let factor = self.settings.text_size.factor();
        ctx.all_styles_mut(|style| {
            style.text_styles = egui::style::default_text_styles()
                .into_iter()
                .map(|(k, f)| (k, egui::FontId::new(f.size * factor, f.family)))
                .collect();
        });
        self.canvas.text_scale = factor;
    }

    fn save_settings(&mut self) {
        self.settings.show_grid = self.canvas.show_grid;
        self.settings.snap = self.canvas.snap;
        if let Some(p) = &self.services.settings_path
            && let Err(e) = self.settings.save(p)
        {
            self.ui.error = Some(format!(
                "Settings could not be saved to {}: {e}",
                p.display()
            ));
        }
    }

    /// An empty board following the default framework, stamped now.
    #[must_use]
    pub fn new_board(&self) -> Board {
        let mut board = Board::new("");
        board.meta.created = document::now_unix();
        if let Some(f) = self.library.frameworks.first() {
            board.framework = f.clone();
            board.checklist.current_step = f.steps.first().map(|s| s.id.clone());
        }
        board
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

    /// Says once which font package to install when text in a script has
    /// no installed font (it shows as boxes until then).
    fn notice_missing_fonts(&mut self) {
        let Some(provider) = crate::render::fonts::system_if_made() else {
            return;
        };
        let missing: Vec<_> = provider
            .take_missing()
            .into_iter()
            .filter(|m| self.ui.fonts_noticed.insert(m.package))
            .collect();
        if !missing.is_empty() {
            self.ui.error = Some(crate::render::fonts::missing_message(&missing));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — MLSD Board",
            if self.doc.is_dirty() { "• " } else { "" },
            self.doc.display_name()
        );
        if title != self.ui.title_shown {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.ui.title_shown = title;
        }
    }

    /// The window title as last set.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.ui.title_shown
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
        if let Some(b) = &mut self.services.bench {
            b.input(raw_input);
        }
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.ui.allow_close
            && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.ui.dialog = Some(Dialog::Unsaved(Then::Close));
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
        if let (Some(j), Some((k, _))) = (&self.services.journal_writer, &self.services.journaled) {
            j.discard(k);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let frame_start = std::time::Instant::now();
        let last_ui_ms = self.ui.perf.last_ui_ms();
        self.ui.perf.frame_start(frame_start);
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
        if self.ui.ghost_mode != start::GhostMode::Off {
            let key = (
                self.doc.generation(),
                self.doc.history.revision(),
                self.ui.ghost_mode,
            );
            if self.ui.ghost_key != Some(key) {
                let mode = self.ui.ghost_mode;
                start::set_ghost(self, mode);
                self.ui.ghost_key = Some(key);
            }
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let response = self.canvas.ui(ui, &mut self.doc, &self.library.catalog);
            response.context_menu(|ui| panels::context_menu(self, ui));
            // Over budget: a border around the canvas, seen without
            // reading the top bar.
            if self.session.running && self.session.over_budget {
                ui.painter().rect_stroke(
                    self.canvas.rect.shrink(2.0),
                    0.0,
                    egui::Stroke::new(4.0, egui::Color32::from_rgb(0xd0, 0x43, 0x43)),
                    egui::StrokeKind::Inside,
                );
            }
        });
        if let Some(request) = self.canvas.add_connected_request.take() {
            self.ui.quick_add = Some(QuickAdd {
                connect_to: Some(request),
                ..QuickAdd::default()
            });
        }
        panels::quick_add(self, &ctx);
        panels::find_bar(self, &ctx);
        progress::poll(self, &ctx);
        start::start_screen(self, &ctx);
        progress::window(self, &ctx);
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
            self.ui.error = Some(p);
        }
        if self.ui.close_requested {
            self.ui.close_requested = false;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        self.update_title(&ctx);
        self.notice_missing_fonts();
        self.ui.perf.ui_done(std::time::Instant::now());
        if self.ui.show_perf {
            perf_window(self, &ctx);
        }
        if self.ui.show_shortcuts {
            panels::shortcuts::window(self, &ctx);
        }
    }
}

impl MlsdApp {
    /// Waits for the practice journal's writes and reads under way, and
    /// takes them in (for tests; the app takes them in as they finish).
    pub fn settle_practice(&mut self) {
        progress::settle(self);
    }

    fn drive_bench(&mut self, ctx: &egui::Context, now: std::time::Instant, last_ui_ms: f32) {
        let Some(b) = &mut self.services.bench else {
            return;
        };
        self.ui.show_start = false;
        if self.doc.board.elements().is_empty() {
            // Nothing to measure (the file did not open, or is empty).
            let why = match self.ui.dialog.take() {
                Some(Dialog::Message { text, .. }) => text,
                _ => "the board is empty".to_owned(),
            };
            eprintln!("mlsd-board: {}: nothing to measure: {why}", b.name());
            self.ui.allow_close = true;
            self.services.bench = None;
            ctx.send_viewport_cmd(ViewportCommand::Close);
            return;
        }
        self.ui.dialog = None;
        if b.frame(now, &mut self.canvas, &self.doc, last_ui_ms) {
            if let (Some(text), Some(sink)) = (b.report_json(), &self.services.bench_sink)
                && let Ok(mut slot) = sink.lock()
            {
                *slot = Some(text);
            }
            self.ui.allow_close = true;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        ctx.request_repaint();
    }
}

/// View > Performance: frame times, FPS and memory, refreshed a few times a
/// second while shown.
fn perf_window(app: &mut MlsdApp, ctx: &egui::Context) {
    let s = app.ui.perf.summary();
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
    app.ui.show_perf = open;
    ctx.request_repaint_after(std::time::Duration::from_millis(250));
}
