//! Choosing files (the system dialog, or a built-in path prompt when there
//! is none) and the per-user settings file (recent files, theme, grid).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// What came of asking the user for a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// The user chose this path.
    Path(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown; the reason, for the user.
    Unavailable(String),
}

/// Asks the user for files. Tests script it; the app uses the system's.
pub trait FileChooser {
    /// A board file to open.
    fn pick_open(&mut self) -> Picked;
    /// Where to save, suggesting a file name.
    fn pick_save(&mut self, suggested_name: &str) -> Picked;
    /// Where to write an exported picture with extension `ext`.
    fn pick_export(&mut self, suggested_name: &str, _ext: &str) -> Picked {
        self.pick_save(suggested_name)
    }
}

/// The desktop's file dialog through the XDG portal (rfd).
///
/// With no portal (a bare X server, many minimal desktops) rfd returns at
/// once as if cancelled; a dialog that "closed" faster than a person can
/// click is taken as unavailable, so the app offers its own prompt.
#[derive(Debug, Default)]
pub struct SystemChooser;

const TOO_FAST: Duration = Duration::from_millis(250);

fn portal_missing() -> Option<String> {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS")
        .is_none()
        .then(|| "there is no desktop session bus, so no system file dialog".to_owned())
}

fn judge(result: Option<PathBuf>, started: Instant) -> Picked {
    match result {
        Some(p) => Picked::Path(p),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable(
            "the system file dialog did not open (no desktop portal is running)".to_owned(),
        ),
        None => Picked::Cancelled,
    }
}

impl FileChooser for SystemChooser {
    fn pick_open(&mut self) -> Picked {
        if let Some(why) = portal_missing() {
            return Picked::Unavailable(why);
        }
        let t = Instant::now();
        let r = rfd::FileDialog::new()
            .set_title("Open board")
            .add_filter("MLSD Board", &["ron", "png"])
            .add_filter("Excalidraw", &["excalidraw", "json", "gz"])
            .add_filter("All files", &["*"])
            .pick_file();
        judge(r, t)
    }

    fn pick_save(&mut self, suggested_name: &str) -> Picked {
        if let Some(why) = portal_missing() {
            return Picked::Unavailable(why);
        }
        let t = Instant::now();
        let r = rfd::FileDialog::new()
            .set_title("Save board")
            .set_file_name(suggested_name)
            .add_filter("MLSD Board", &["ron"])
            .save_file();
        judge(r, t)
    }

    fn pick_export(&mut self, suggested_name: &str, ext: &str) -> Picked {
        if let Some(why) = portal_missing() {
            return Picked::Unavailable(why);
        }
        let t = Instant::now();
        let r = rfd::FileDialog::new()
            .set_title("Export picture")
            .set_file_name(suggested_name)
            .add_filter(ext.to_ascii_uppercase(), &[ext])
            .save_file();
        judge(r, t)
    }
}

/// A chooser that answers from a script (tests), then "unavailable".
#[derive(Debug, Default)]
pub struct ScriptedChooser {
    /// Answers given in order.
    pub answers: std::collections::VecDeque<Picked>,
}

impl FileChooser for ScriptedChooser {
    fn pick_open(&mut self) -> Picked {
        self.answers
            .pop_front()
            .unwrap_or_else(|| Picked::Unavailable("no file dialog in tests".to_owned()))
    }
    fn pick_save(&mut self, _suggested_name: &str) -> Picked {
        self.pick_open()
    }
}

/// The theme the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// The size of text in the app's panels and on the canvas (View > Text
/// size). Exports keep the board's own sizes, so a shared picture looks the
/// same whoever made it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSize {
    /// Smaller than egui's defaults.
    Small,
    /// egui's defaults.
    #[default]
    Medium,
    /// Larger, for high-resolution screens or tired eyes.
    Large,
}

impl TextSize {
    /// How much text grows against the medium size.
    #[must_use]
    pub fn factor(self) -> f32 {
        match self {
            TextSize::Small => 0.88,
            TextSize::Medium => 1.0,
            TextSize::Large => 1.25,
        }
    }
}

/// Per-user settings, kept in the user's config folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened or saved boards, newest first.
    pub recent: Vec<PathBuf>,
    /// Theme.
    pub theme: ThemeChoice,
    /// Dot grid shown.
    pub show_grid: bool,
    /// Snap to grid.
    pub snap: bool,
    /// Component kinds used lately, newest first (the palette's "recent" row).
    pub recent_kinds: Vec<String>,
    /// The window's inner size when the app last closed, in points.
    pub window_size: Option<[f32; 2]>,
    /// Text size in panels and on the canvas.
    pub text_size: TextSize,
    /// How new arrows run (View > New arrows).
    pub arrow_routing: crate::model::Routing,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            theme: ThemeChoice::System,
            show_grid: true,
            snap: true,
            recent_kinds: Vec::new(),
            window_size: None,
            text_size: TextSize::Medium,
            arrow_routing: crate::model::Routing::Elbow,
        }
    }
}

/// How many recent files are kept.
const MAX_RECENT: usize = 10;

impl Settings {
    /// The default settings file: `<config dir>/settings.ron`.
    #[must_use]
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "MLSD Board", "mlsd-board")
            .map(|d| d.config_dir().join("settings.ron"))
    }

    /// Reads settings; defaults when missing or unreadable (settings are
    /// never worth refusing to start over).
    #[must_use]
    pub fn load(path: &Path) -> Self {
        crate::io::read_capped(path, 1024 * 1024)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| ron::Options::default().from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Writes settings atomically.
    ///
    /// # Errors
    /// When the folder cannot be made or the file written.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = ron::Options::default()
            .to_string_pretty(self, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        crate::io::write_atomic(path, text.as_bytes())
    }

    /// Puts a kind at the front of the recent kinds.
    pub fn add_recent_kind(&mut self, kind: &str) {
        self.recent_kinds.retain(|k| k != kind);
        self.recent_kinds.insert(0, kind.to_owned());
        self.recent_kinds.truncate(8);
    }

    /// Puts a file at the top of the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|r| r != &p);
        self.recent.insert(0, p);
        self.recent.truncate(MAX_RECENT);
    }
}
