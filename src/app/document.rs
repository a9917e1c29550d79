//! An open board: the board, its history, where it lives on disk and
//! whether it has unsaved changes.

use std::path::{Path, PathBuf};

use crate::io::{BoardFile, Loaded, SaveError, save_path};
use crate::model::Board;
use crate::ops::{History, Op, Owner};
use crate::session::SessionRecord;

/// One open board.
#[derive(Debug)]
pub struct Document {
    /// The board as it is now.
    pub board: Board,
    /// Its edit history (and the log behind it).
    pub history: History,
    /// The file it was opened from or saved to (absolute).
    pub path: Option<PathBuf>,
    /// That file as it was when read or saved (a save over a file changed
    /// since asks first).
    pub disk: Option<crate::io::DiskStamp>,
    /// A recorded session that came with the file, written back on save.
    pub session: Option<SessionRecord>,
    saved_marker: (usize, Option<usize>, bool),
    generation: u64,
    /// A change that was refused, for the status bar.
    pub problem: Option<String>,
    /// A timed session being recorded: when it started (seconds since
    /// 1970) and the board at its start. The log is the history's.
    pub recording: Option<(u64, Board)>,
}

/// A change request from the UI. [`Document::apply`] is the one place that
/// turns them into transactions.
#[derive(Debug, Clone)]
// Edits live for one call; boxing the op would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Edit {
    /// Start a gesture (a resize, a text edit) owned by the first value,
    /// with this undo label.
    Begin(Owner, String),
    /// Apply an op as part of the owner's gesture.
    Push(Owner, Op),
    /// End the owner's gesture: one undo step.
    Commit(Owner),
    /// Abandon the owner's gesture: its ops are taken back.
    Cancel(Owner),
    /// Apply a whole transaction at once.
    Apply(String, Vec<Op>),
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
}

static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Default for Document {
    fn default() -> Self {
        Self::new(Board::new(""))
    }
}

/// Seconds since 1970, for board timestamps.
#[must_use]
pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Document {
    /// A document for a board that is not on disk (yet).
    #[must_use]
    pub fn new(board: Board) -> Self {
        let history = History::default();
        let saved_marker = history.state_marker();
        Self {
            board,
            history,
            path: None,
            disk: None,
            session: None,
            saved_marker,
            problem: None,
            recording: None,
            generation: GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// A document for a file that was just loaded. A board read out of a
    /// picture gets no path: saving asks where to keep it as a `.ron` file
    /// rather than writing text over the picture.
    #[must_use]
    pub fn from_loaded(path: &Path, loaded: Loaded) -> Self {
        let BoardFile { board, session, .. } = loaded.file;
        let mut doc = Self::new(board);
        doc.path = (!is_picture(path)).then(|| absolute(path));
        doc.disk = doc.path.as_deref().and_then(crate::io::DiskStamp::of);
        doc.session = session;
        doc
    }

    /// A number unique to this document, so views can tell when the
    /// document was replaced (New, Open).
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes the board's metadata (title, questions asked, grades,
    /// drill answers...) as one undoable transaction named `label`.
    pub fn edit_meta(&mut self, label: &str, change: impl FnOnce(&mut crate::model::Meta)) {
        let before = self.board.meta.clone();
        let mut after = before.clone();
        change(&mut after);
        self.apply(Edit::Apply(
            label.to_owned(),
            vec![Op::SetMeta { before, after }],
        ));
    }

    /// Applies a change request. A change that does not fit the board (a
    /// bug) is refused and reported instead of corrupting it.
    pub fn apply(&mut self, edit: Edit) {
        let result = match edit {
            Edit::Begin(owner, label) => {
                self.history.begin(owner, &label);
                Ok(())
            }
            Edit::Push(owner, op) => self.history.push(owner, &mut self.board, op),
            Edit::Commit(owner) => {
                self.history.commit(owner);
                Ok(())
            }
            Edit::Cancel(owner) => {
                self.history.cancel(owner, &mut self.board);
                Ok(())
            }
            Edit::Apply(label, ops) => {
                if ops.is_empty() {
                    return;
                }
                self.history.apply(&mut self.board, &label, ops).map(|_| ())
            }
            Edit::Undo => {
                self.history.undo(&mut self.board);
                Ok(())
            }
            Edit::Redo => {
                self.history.redo(&mut self.board);
                Ok(())
            }
        };
        if let Err(e) = result {
            self.problem = Some(format!("That change could not be made: {e}"));
        }
    }

    /// Starts recording a timed session: the history starts afresh on
    /// `clock` (time 0 is now) and the board as it is is the start board.
    pub fn start_recording(&mut self, clock: std::sync::Arc<dyn crate::session::Clock>) {
        self.history = History::with_clock(clock);
        self.saved_marker = (usize::MAX, None, false);
        self.recording = Some((now_unix(), self.board.clone()));
        self.generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The session to save with the board: the one being recorded, or the
    /// one that came with the file.
    #[must_use]
    pub fn session_record(&self) -> Option<SessionRecord> {
        match &self.recording {
            Some((started, initial)) => Some(SessionRecord {
                started: *started,
                initial: initial.clone(),
                log: self.history.entries().to_vec(),
            }),
            None => self.session.clone(),
        }
    }

    /// Marks the document as having unsaved changes (a restored board).
    pub fn mark_unsaved(&mut self) {
        self.saved_marker = (usize::MAX, None, false);
    }

    /// Drops the recorded session (for sharing only the result).
    pub fn forget_session(&mut self) {
        self.recording = None;
        self.session = None;
    }

    /// Shows another board in this document (replay), as a new generation
    /// so views rebuild what they derived from the old one.
    pub fn replace_board(&mut self, board: Board) {
        self.board = board;
        self.generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether there are changes since the last save (or since opening).
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.history.state_marker() != self.saved_marker
    }

    /// The name to show: the file name, or "Untitled".
    #[must_use]
    pub fn display_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The board and its recorded session, as a file would hold them.
    #[must_use]
    pub fn to_file(&self) -> BoardFile {
        BoardFile {
            session: self.session_record(),
            ..BoardFile::new(self.board.clone())
        }
    }

    /// Saves to `path` (atomically) and remembers it as the document's file.
    ///
    /// # Errors
    /// The save failed; the document keeps its unsaved changes.
    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveError> {
        let mut board = self.board.clone();
        board.meta.modified = now_unix();
        if board.meta.created == 0 {
            board.meta.created = board.meta.modified;
        }
        let file = BoardFile {
            session: self.session_record(),
            ..BoardFile::new(board)
        };
        save_path(path, &file)?;
        self.board.meta.modified = file.board.meta.modified;
        self.board.meta.created = file.board.meta.created;
        self.path = Some(absolute(path));
        self.disk = crate::io::DiskStamp::of(path);
        self.saved_marker = self.history.state_marker();
        Ok(())
    }
}

/// `path` made absolute against the working directory now, so that a
/// journal entry written from it means the same file to an app started
/// from another folder.
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether the file at `path` differs from `stamp` (what was read or saved
/// there): changed, replaced or removed by someone else since.
#[must_use]
pub fn changed_on_disk(path: &Path, stamp: Option<crate::io::DiskStamp>) -> bool {
    match (crate::io::DiskStamp::of(path), stamp) {
        (None, None) => false,
        (now, then) => now != then,
    }
}

/// Whether `path` names a PNG picture (by its extension, or its first bytes).
#[must_use]
pub fn is_picture(path: &Path) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    by_name
        || std::fs::File::open(path).is_ok_and(|mut f| {
            let mut head = [0u8; 8];
            std::io::Read::read_exact(&mut f, &mut head).is_ok()
                && crate::io::png_board::is_png(&head)
        })
}
