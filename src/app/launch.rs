//! Starting the app: the window (renderer, size from the settings), the
//! window measurements (`bench-pan`, `bench-drag`), how the app is set up
//! (`AppOptions`), and the file named on the command line read while the
//! window opens.

use std::path::{Path, PathBuf};

use super::files::{FileChooser, Settings, SystemChooser};
use super::{MlsdApp, files, perf};
use crate::io::load_path;
use crate::model::Catalog;

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
        // The process's one system font provider is added below, shared
        // with exports (eframe would make a second).
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "MLSD Board",
        options,
        Box::new(move |cc| {
            cc.egui_ctx
                .add_font_provider(crate::render::fonts::system());
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
                    practice_journal: crate::practice::PracticeJournal::default_path(),
                    wall_clock: std::sync::Arc::new(crate::practice::SystemWallClock),
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
        // The process's one system font provider is added below, shared
        // with exports (eframe would make a second).
        system_font_fallback: false,
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
            cc.egui_ctx
                .add_font_provider(crate::render::fonts::system());
            let mut app = MlsdApp::new(
                &cc.egui_ctx,
                AppOptions {
                    file: Some(file),
                    preload,
                    bench: Some(bench),
                    ..AppOptions::default()
                },
            );
            app.services.bench_sink = Some(sink);
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
    /// The practice journal (`None`: none is kept, as in tests that do
    /// not give one).
    pub practice_journal: Option<PathBuf>,
    /// Where dates come from (a fixed clock in tests).
    pub wall_clock: std::sync::Arc<dyn crate::practice::WallClock>,
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
            practice_journal: None,
            wall_clock: std::sync::Arc::new(crate::practice::SystemWallClock),
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
    pub(super) path: PathBuf,
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
    pub(super) fn join(self) -> Option<Opened> {
        self.handle.join().ok().flatten()
    }
}
