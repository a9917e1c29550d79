//! Typed errors for reading and writing board files. Each message names the
//! file (and line and column where there is one) and says what to do.

use std::path::PathBuf;

use thiserror::Error;

/// Why a board file could not be opened.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("cannot read {}: {source}. Check the path and that you may read the file.", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// Not a regular file (a folder, a device, a pipe).
    #[error("{} is not a regular file. Choose a board file (.ron).", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// Bigger than the size cap; refused before reading.
    #[error(
        "{} is {size} bytes, over the {cap}-byte limit for board files; it was not opened. \
         It is probably not a board file.",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size (or a lower bound when it kept growing).
        size: u64,
        /// The limit.
        cap: u64,
    },
    /// Nothing but whitespace.
    #[error(
        "{} is empty: there is no board in it. If MLSD Board saved it, look for the \
         autosaved copy or an earlier version.",
        path.display()
    )]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Bytes that are not UTF-8 text.
    #[error(
        "{}:{line}:{col}: not a board file: it holds bytes that are not text (UTF-8). \
         Open a .ron board saved by MLSD Board.",
        path.display()
    )]
    NotText {
        /// The file.
        path: PathBuf,
        /// Line of the first bad byte (1-based).
        line: usize,
        /// Column of the first bad byte (1-based).
        col: usize,
    },
    /// Made by a newer version of the app.
    #[error(
        "{} was made by a newer MLSD Board (file format {found}; this version reads up to \
         format {supported}). Update MLSD Board to open it.",
        path.display()
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// The format number in the file.
        found: u64,
        /// The newest format this version reads.
        supported: u32,
    },
    /// Nested deeper than the parser's recursion limit.
    #[error(
        "{}:{line}:{col}: the file nests deeper than any board does; it is damaged or \
         hostile and was not opened.",
        path.display()
    )]
    TooDeep {
        /// The file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        col: usize,
    },
    /// Not RON, or RON of the wrong shape.
    #[error(
        "{}:{line}:{col}: not a valid board file: {message}. Fix the file at that place \
         or open another one.",
        path.display()
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        col: usize,
        /// The parser's message.
        message: String,
    },
    /// A picture without a board inside it.
    #[error(
        "{} is a picture without a board inside it. Only PNGs exported by MLSD Board \
         (File > Export as PNG) carry their board; open the .ron board file instead.",
        path.display()
    )]
    NoBoardInImage {
        /// The file.
        path: PathBuf,
    },
    /// A PNG that could not be read.
    #[error("{} is a PNG that could not be read: {message}. It is damaged; ask for the file again.", path.display())]
    BadImage {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// More elements than a board may hold.
    #[error(
        "{}: {count} elements, over the limit of {limit} a board may hold; it was not \
         opened. It is damaged or hostile, or split it into several boards.",
        path.display()
    )]
    TooManyElements {
        /// The file.
        path: PathBuf,
        /// Elements in the file.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A text longer than a board's texts may be.
    #[error(
        "{}: {place} is {chars} characters long, over the limit of {limit}; the file was \
         not opened. Shorten it in the file (keep long documents outside the board).",
        path.display()
    )]
    TextTooLong {
        /// The file.
        path: PathBuf,
        /// Which text ("the label of element 12").
        place: String,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// A board inside a picture that unpacks to more than a board file may
    /// be.
    #[error(
        "{}: the board inside this picture unpacks to more than {cap} bytes (it is {packed} \
         bytes packed), over the limit for board files; it was not opened.",
        path.display()
    )]
    InflatesTooLarge {
        /// The file.
        path: PathBuf,
        /// The packed size in bytes.
        packed: u64,
        /// The limit on the unpacked size.
        cap: u64,
    },
    /// A coordinate, size or budget that is NaN, infinite or absurdly large.
    #[error(
        "{}: {place} has an invalid {what} ({value}); numbers must be finite and within \
         +-{limit}. Fix or remove it in the file.",
        path.display()
    )]
    BadNumber {
        /// The file.
        path: PathBuf,
        /// Which element or step ("element #12").
        place: String,
        /// Which number ("x", "width", "budget").
        what: &'static str,
        /// The value as read.
        value: f32,
        /// The allowed magnitude.
        limit: f32,
    },
}

impl LoadError {
    /// The line and column the error points at, when it has one.
    #[must_use]
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotText { line, col, .. }
            | LoadError::TooDeep { line, col, .. }
            | LoadError::Syntax { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }
}

/// Why a board could not be saved.
#[derive(Debug, Error)]
pub enum SaveError {
    /// The board could not be turned into text (should not happen).
    #[error("could not write the board as text for {}: {message}", path.display())]
    Serialize {
        /// The target file.
        path: PathBuf,
        /// The serializer's message.
        message: String,
    },
    /// The app will not write there (the reason says why); nothing was
    /// written.
    #[error("did not save {}: {reason}", path.display())]
    Refused {
        /// The target file or folder.
        path: PathBuf,
        /// Why, in words for the user.
        reason: String,
    },
    /// Writing failed; the old file (if any) is intact.
    #[error(
        "could not save {}: {source}. The previous version of the file is intact and the \
         board is still open: try Save As to another folder.",
        path.display()
    )]
    Io {
        /// The target file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}
