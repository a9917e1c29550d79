//! The recovery journal: unsaved boards written to the user's data folder
//! about a second after the last edit, atomically, so that a crash or a
//! kill loses at most that second. A clean exit removes its entries.
//!
//! Several instances of the app share the folder. Each one claims an id of
//! its own (time and randomness, never the process id, which a container
//! reuses) and holds an OS lock (`flock`, through `std::fs::File::try_lock`)
//! on `<id>.lock` while it runs; its entries are `board-<id>-<n>`. Another
//! instance offers, restores or discards only entries whose lock it can
//! take (their instance is gone), and holds that lock while it decides, so
//! a live instance's journal is never taken for a crash's.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::board_file::{
    BoardFile, MAX_FILE_BYTES, check_board, checked_text, read_capped, ron_error,
};
use super::error::LoadError;

/// What a file on disk looked like when the board was read from or saved
/// to it: its modification time (ns since 1970) and length. A different
/// stamp later means someone else changed the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskStamp {
    /// Modification time, ns since 1970 (u64 lasts until 2554).
    pub modified_ns: u64,
    /// Length in bytes.
    pub len: u64,
}

impl DiskStamp {
    /// The stamp of the file at `path` now (`None` when there is none).
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let m = std::fs::metadata(path).ok()?;
        let modified_ns = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        Some(Self {
            modified_ns,
            len: m.len(),
        })
    }
}

/// One journal file: the board and where it was last saved, if anywhere.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JournalEntry {
    /// The file the board was opened from or saved to (absolute).
    pub saved_path: Option<PathBuf>,
    /// That file's stamp when the board was read from or saved to it.
    pub saved_stamp: Option<DiskStamp>,
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

/// A journal file that could not be read: kept where it is, and shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// The file.
    pub path: PathBuf,
    /// Why it could not be read.
    pub reason: String,
}

/// The journal folder.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
}

/// Where an entry is to be saved: the board's file (absolute) and its
/// stamp then.
pub type SavedAt = Option<(PathBuf, Option<DiskStamp>)>;

/// One running instance's claim on the journal folder: its id, the lock it
/// holds on `<id>.lock`, and the locks of gone instances whose entries it
/// is offering (adopted until they are restored, discarded or it exits).
#[derive(Debug)]
pub struct JournalInstance {
    id: String,
    dir: PathBuf,
    lock: std::fs::File,
    adopted: std::collections::HashMap<String, std::fs::File>,
}

impl JournalInstance {
    /// The instance's id (entries are `board-<id>-<n>`).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key for this instance's entry of document `n`.
    #[must_use]
    pub fn key(&self, n: u64) -> String {
        format!("board-{}-{n}", self.id)
    }

    /// Lets go of a gone instance's lock once nothing of it is left to
    /// offer (removing its lock file).
    pub fn release_if_empty(&mut self, journal: &Journal) {
        // File names are enough: no entry needs reading.
        let keep: std::collections::HashSet<String> = journal
            .keys()
            .iter()
            .filter_map(|k| instance_of(k).map(str::to_owned))
            .collect();
        let gone: Vec<String> = self
            .adopted
            .keys()
            .filter(|i| !keep.contains(*i))
            .cloned()
            .collect();
        for i in gone {
            let _ = std::fs::remove_file(self.dir.join(format!("{i}.lock")));
            self.adopted.remove(&i);
        }
    }

    /// Whether the entry `key` is one this instance offers: a gone
    /// instance's whose lock it holds since [`Journal::offerable`] (or one
    /// whose name no instance writes), never its own or a live one's.
    #[must_use]
    pub fn offers(&self, key: &str) -> bool {
        instance_of(key).is_none_or(|i| i != self.id && self.adopted.contains_key(i))
    }
}

impl Drop for JournalInstance {
    /// A clean exit: the lock file goes (the lock with it).
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.dir.join(format!("{}.lock", self.id)));
        let _ = self.lock.unlock();
    }
}

/// The instance part of an entry key `board-<instance>-<n>`.
fn instance_of(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("board-")?;
    let (instance, n) = rest.rsplit_once('-')?;
    (!instance.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(instance)
}

/// The key of a journal file's path.
fn key_of(path: &Path) -> Option<String> {
    path.file_name()?
        .to_str()?
        .strip_suffix(".journal.ron")
        .map(str::to_owned)
}

/// A fresh instance id: the time in ms and 64 random bits (from the
/// standard library's per-process random hasher keys), hex.
fn new_instance_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    format!("{:x}-{:016x}", now_ms(), h.finish())
}

/// Takes the lock on `path` (made if missing) without waiting; `None` when
/// another open file holds it.
fn try_lock(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
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
            saved_path.map(|p| (p.to_path_buf(), DiskStamp::of(p))),
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
        saved: SavedAt,
        sequence: u64,
        file: BoardFile,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let (saved_path, saved_stamp) = saved.map_or((None, None), |(p, s)| (Some(p), s));
        let entry = JournalEntry {
            saved_path,
            saved_stamp,
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

    /// Claims an id and its lock for this instance.
    ///
    /// # Errors
    /// The folder or the lock file cannot be made, or locking fails.
    pub fn claim(&self) -> std::io::Result<JournalInstance> {
        std::fs::create_dir_all(&self.dir)?;
        loop {
            let id = new_instance_id();
            if let Some(lock) = try_lock(&self.dir.join(format!("{id}.lock")))? {
                return Ok(JournalInstance {
                    id,
                    dir: self.dir.clone(),
                    lock,
                    adopted: std::collections::HashMap::new(),
                });
            }
        }
    }

    /// What `me` may offer for recovery: the entries of instances that are
    /// gone (their lock could be taken, and `me` now holds it) or that `me`
    /// already adopted, newest first; and the files among them that cannot
    /// be read. Entries of live instances, and `me`'s own, are left out.
    /// Lock files of gone instances with nothing left are removed.
    pub fn offerable(&self, me: &mut JournalInstance) -> (Vec<Recovered>, Vec<Unreadable>) {
        let (found, unreadable) = self.list();
        let mut ours = |key: &str| -> bool {
            let Some(instance) = instance_of(key) else {
                // Not a key this app writes: offer it (nobody can own it).
                return true;
            };
            if instance == me.id {
                return false;
            }
            if me.adopted.contains_key(instance) {
                return true;
            }
            match try_lock(&self.dir.join(format!("{instance}.lock"))) {
                Ok(Some(lock)) => {
                    me.adopted.insert(instance.to_owned(), lock);
                    true
                }
                // Live (or the lock cannot be made: leave it alone).
                Ok(None) | Err(_) => false,
            }
        };
        let found: Vec<Recovered> = found.into_iter().filter(|r| ours(&r.key)).collect();
        let unreadable: Vec<Unreadable> = unreadable
            .into_iter()
            .filter(|u| key_of(&u.path).is_none_or(|k| ours(&k)))
            .collect();
        self.remove_stale_locks(me);
        (found, unreadable)
    }

    /// Removes the lock files of gone instances that left no entries.
    fn remove_stale_locks(&self, me: &JournalInstance) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let names: Vec<String> = dir
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .collect();
        for name in &names {
            let Some(instance) = name.strip_suffix(".lock") else {
                continue;
            };
            let prefix = format!("board-{instance}-");
            let has_entries = names.iter().any(|n| n.starts_with(&prefix));
            if instance == me.id || me.adopted.contains_key(instance) || has_entries {
                continue;
            }
            let path = self.dir.join(name);
            if let Ok(Some(_lock)) = try_lock(&path) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// The keys of the entries in the folder, from their file names (none
    /// read).
    #[must_use]
    pub fn keys(&self) -> Vec<String> {
        std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| key_of(&e.path()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Reads the entry `key`.
    ///
    /// # Errors
    /// A [`LoadError`] naming the journal file.
    pub fn read_key(&self, key: &str) -> Result<JournalEntry, LoadError> {
        Self::read(&self.path_of(key))
    }

    /// Every entry that can be read, newest first, and each file that
    /// cannot (left in place, never deleted silently), whoever wrote them.
    #[must_use]
    pub fn list(&self) -> (Vec<Recovered>, Vec<Unreadable>) {
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
                Err(err) => errors.push(Unreadable {
                    path: p.clone(),
                    reason: err.to_string(),
                }),
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
        saved: SavedAt,
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
                            saved,
                            sequence,
                            file,
                        } => {
                            let overtaken = queue
                                .iter()
                                .any(|j| matches!(j, Job::Write { key: k, .. } if *k == key));
                            if overtaken {
                                continue;
                            }
                            if let Err(e) = journal.write_entry(&key, saved, sequence, *file) {
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

    /// Queues a write of `file` as the entry `key` (returns at once);
    /// `saved` is the board's file and its stamp when read or saved.
    pub fn write(&self, key: &str, saved: SavedAt, sequence: u64, file: BoardFile) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Write {
                key: key.to_owned(),
                saved,
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
