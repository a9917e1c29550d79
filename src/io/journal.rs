//! The recovery journal: unsaved boards written to the user's data folder
//! about a second after the last edit, atomically, so that a crash or a
//! kill loses at most that second. A clean exit removes its entries.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::board_file::{
    BoardFile, MAX_FILE_BYTES, check_board, checked_text, read_capped, ron_error,
};
use super::error::LoadError;

/// One journal file: the board and where it was last saved, if anywhere.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JournalEntry {
    /// The file the board was opened from or saved to.
    pub saved_path: Option<PathBuf>,
    /// When the entry was written, in ms since 1970.
    pub written_ms: u64,
    /// A counter the writer bumps on every write (for tests and ordering).
    pub sequence: u64,
    /// The board, with its session.
    pub file: BoardFile,
}

/// A recovered entry and its key.
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The key it was written under.
    pub key: String,
    /// Its content.
    pub entry: JournalEntry,
}

/// The journal folder.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Journal {
    /// A journal in `dir` (made when first written).
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// The user's recovery folder: `<data dir>/recovery`.
    #[must_use]
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "MLSD Board", "mlsd-board")
            .map(|d| d.data_dir().join("recovery"))
    }

    fn path_of(&self, key: &str) -> PathBuf {
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(format!("{safe}.journal.ron"))
    }

    /// Writes (atomically) the entry for `key`.
    ///
    /// # Errors
    /// When the folder cannot be made or the file written.
    pub fn write(
        &self,
        key: &str,
        saved_path: Option<&Path>,
        sequence: u64,
        file: &BoardFile,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let entry = JournalEntry {
            saved_path: saved_path.map(Path::to_path_buf),
            written_ms: now_ms(),
            sequence,
            file: file.clone(),
        };
        let text = ron::Options::default()
            .to_string_pretty(&entry, ron::ser::PrettyConfig::new().depth_limit(4))
            .map_err(std::io::Error::other)?;
        write_atomic(&self.path_of(key), text.as_bytes())
    }

    /// Reads one entry with the same checks as a board file.
    ///
    /// # Errors
    /// A [`LoadError`] naming the journal file.
    pub fn read(path: &Path) -> Result<JournalEntry, LoadError> {
        let bytes = read_capped(path, MAX_FILE_BYTES)?;
        let text = checked_text(&bytes, path)?;
        let mut entry: JournalEntry = ron::Options::default()
            .from_str(text)
            .map_err(|e| ron_error(&e, path))?;
        let mut repairs = Vec::new();
        check_board(&mut entry.file.board, path, "", &mut repairs)?;
        Ok(entry)
    }

    /// Every entry that can be read, newest first, and a message for each
    /// that cannot (left in place, never deleted silently).
    #[must_use]
    pub fn list(&self) -> (Vec<Recovered>, Vec<String>) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return (Vec::new(), Vec::new());
        };
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for e in dir.filter_map(Result::ok) {
            let p = e.path();
            let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(key) = name.strip_suffix(".journal.ron") else {
                continue;
            };
            match Self::read(&p) {
                Ok(entry) => out.push(Recovered {
                    key: key.to_owned(),
                    entry,
                }),
                Err(err) => errors.push(err.to_string()),
            }
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.entry.written_ms));
        (out, errors)
    }

    /// Removes the entry for `key` (nothing to recover any more).
    pub fn discard(&self, key: &str) {
        let _ = std::fs::remove_file(self.path_of(key));
    }
}

/// How long after the first unwritten change the journal is written.
pub const AUTOSAVE_DELAY_MS: u64 = 800;

/// When to write the journal: at most [`AUTOSAVE_DELAY_MS`] after the first
/// change not yet written, so that at most about a second of edits is ever
/// lost, even while the user keeps editing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Autosave {
    written: Option<u64>,
    changed_at: Option<u64>,
}

impl Autosave {
    /// Called often (every frame) with the board's revision and the time
    /// in ms; true when the journal should be written now.
    pub fn due(&mut self, revision: u64, now_ms: u64) -> bool {
        if self.written == Some(revision) {
            self.changed_at = None;
            return false;
        }
        let since = *self.changed_at.get_or_insert(now_ms);
        now_ms.saturating_sub(since) >= AUTOSAVE_DELAY_MS
    }

    /// Records that the journal now holds `revision`.
    pub fn written(&mut self, revision: u64) {
        self.written = Some(revision);
        self.changed_at = None;
    }

    /// How long until a write is due (for scheduling a wake-up), if one is
    /// pending.
    #[must_use]
    pub fn wait_ms(&self, now_ms: u64) -> Option<u64> {
        self.changed_at
            .map(|since| (since + AUTOSAVE_DELAY_MS).saturating_sub(now_ms))
    }
}
