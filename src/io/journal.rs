//! The recovery journal: unsaved boards written to the user's data folder
//! about a second after the last edit, atomically, so that a crash or a
//! kill loses at most that second. A clean exit removes its entries.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

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
        self.write_entry(
            key,
            saved_path.map(Path::to_path_buf),
            sequence,
            file.clone(),
        )
    }

    /// [`Journal::write`] taking the entry's parts by value.
    ///
    /// # Errors
    /// The folder could not be made or the file written.
    pub fn write_entry(
        &self,
        key: &str,
        saved_path: Option<PathBuf>,
        sequence: u64,
        file: BoardFile,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let entry = JournalEntry {
            saved_path,
            written_ms: now_ms(),
            sequence,
            file,
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

/// Writes journal entries on a background thread, so that serialising a
/// big board and the two fsyncs of an atomic write never hold up a frame.
/// Jobs run in the order they were given; a write that is overtaken by a
/// newer write of the same entry before it starts is skipped.
pub struct JournalWriter {
    tx: Option<mpsc::Sender<Job>>,
    errors: mpsc::Receiver<String>,
    thread: Option<std::thread::JoinHandle<()>>,
}

enum Job {
    Write {
        key: String,
        saved_path: Option<PathBuf>,
        sequence: u64,
        file: Box<BoardFile>,
    },
    Discard {
        key: String,
        done: mpsc::Sender<()>,
    },
}

impl JournalWriter {
    /// A writer for `journal`, with its thread started.
    ///
    /// # Errors
    /// When no thread can be started.
    pub fn new(journal: Journal) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel::<Job>();
        let (err_tx, errors) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("autosave".into())
            .spawn(move || {
                let mut queue: std::collections::VecDeque<Job> = std::collections::VecDeque::new();
                loop {
                    if queue.is_empty() {
                        match rx.recv() {
                            Ok(job) => queue.push_back(job),
                            Err(_) => return,
                        }
                    }
                    queue.extend(rx.try_iter());
                    let Some(job) = queue.pop_front() else {
                        continue;
                    };
                    match job {
                        Job::Write {
                            key,
                            saved_path,
                            sequence,
                            file,
                        } => {
                            let overtaken = queue
                                .iter()
                                .any(|j| matches!(j, Job::Write { key: k, .. } if *k == key));
                            if overtaken {
                                continue;
                            }
                            if let Err(e) = journal.write_entry(&key, saved_path, sequence, *file) {
                                let _ = err_tx.send(e.to_string());
                            }
                        }
                        Job::Discard { key, done } => {
                            journal.discard(&key);
                            let _ = done.send(());
                        }
                    }
                }
            })?;
        Ok(Self {
            tx: Some(tx),
            errors,
            thread: Some(thread),
        })
    }

    /// Queues a write of `file` as the entry `key` (returns at once).
    pub fn write(&self, key: &str, saved_path: Option<&Path>, sequence: u64, file: BoardFile) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Write {
                key: key.to_owned(),
                saved_path: saved_path.map(Path::to_path_buf),
                sequence,
                file: Box::new(file),
            });
        }
    }

    /// Removes the entry `key`, after any write queued before; returns once
    /// it is gone (at once when the writer is idle).
    pub fn discard(&self, key: &str) {
        let Some(tx) = &self.tx else { return };
        let (done, wait) = mpsc::channel();
        if tx
            .send(Job::Discard {
                key: key.to_owned(),
                done,
            })
            .is_ok()
        {
            let _ = wait.recv();
        }
    }

    /// The errors of writes that failed since the last call.
    pub fn errors(&self) -> Vec<String> {
        self.errors.try_iter().collect()
    }
}

impl Drop for JournalWriter {
    /// Finishes the queued jobs before the app goes.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
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
