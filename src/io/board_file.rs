//! Board files: versioned RON, read tolerantly where that is safe (repairs
//! reported as warnings) and strictly where it is not (typed errors), and
//! saved atomically.

use std::collections::HashSet;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::{LoadError, SaveError};
use crate::model::{Board, Element, ElementId, Endpoint, MAX_COORD, Point, Size, coord_ok};
use crate::session::{SessionRecord, replay};

/// The newest file format this version reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

/// Board files larger than this are refused before reading (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The most elements a board may hold (checked on load): drawing, export
/// and the app's indexes stay in bounded time and memory below it.
pub const MAX_ELEMENTS: usize = 200_000;

/// The longest text (label, note, title, notes, prompt, answer...) in
/// characters (checked on load). Display lays out only what fits its box;
/// the file keeps the whole text.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// The longest a time budget may be, in minutes (a day).
const MAX_BUDGET_MINUTES: f32 = 24.0 * 60.0;

/// The smallest width or height a box may have; smaller ones are repaired.
const MIN_SIDE: f32 = 8.0;

/// What a board file holds: `(format: 1, board: (...), session: ...)`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardFile {
    /// File format version; 0 when the file does not say.
    pub format: u32,
    /// The board.
    pub board: Board,
    /// A recorded practice session, if the board has one.
    pub session: Option<SessionRecord>,
}

impl BoardFile {
    /// A file holding this board and no session.
    #[must_use]
    pub fn new(board: Board) -> Self {
        Self {
            format: FORMAT_VERSION,
            board,
            session: None,
        }
    }
}

/// A repair made while loading, which the user is told about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repair {
    /// The file had no `format` field; it was read as the current format.
    MissingFormat,
    /// Elements without an id (or with id 0) were given one.
    MissingIds(usize),
    /// Elements whose id was already taken were given new ids.
    DuplicateIds(usize),
    /// Elements with ids above [`ElementId::MAX`] were renumbered (arrows
    /// attached to them follow).
    OutOfRangeIds(usize),
    /// Arrow ends attached to missing elements (or to arrows) were freed.
    DanglingArrows(usize),
    /// Boxes with zero, negative or tiny sizes were enlarged.
    TinySizes(usize),
    /// Elements of kinds this version does not know were skipped.
    UnknownKinds(Vec<String>),
    /// The recorded session does not replay onto its start board.
    SessionNotReplayable(String),
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::MissingFormat => {
                write!(f, "no `format` field; read as format {FORMAT_VERSION}")
            }
            Repair::MissingIds(n) => write!(f, "{n} element(s) had no id and were given one"),
            Repair::DuplicateIds(n) => {
                write!(
                    f,
                    "{n} element(s) had an id already in use and were given new ids"
                )
            }
            Repair::OutOfRangeIds(n) => write!(
                f,
                "{n} element(s) had an id above {} and were renumbered",
                ElementId::MAX
            ),
            Repair::DanglingArrows(n) => write!(
                f,
                "{n} arrow end(s) pointed at elements that are not on the board and were left free"
            ),
            Repair::TinySizes(n) => {
                write!(
                    f,
                    "{n} element(s) had a size under {MIN_SIDE} and were enlarged"
                )
            }
            Repair::UnknownKinds(kinds) => write!(
                f,
                "skipped {} element(s) of kinds this version does not know ({}); saving will drop them",
                kinds.len(),
                dedup_join(kinds)
            ),
            Repair::SessionNotReplayable(why) => write!(
                f,
                "the recorded session cannot be replayed ({why}); the board itself is intact"
            ),
        }
    }
}

fn dedup_join(kinds: &[String]) -> String {
    let mut seen = Vec::new();
    for k in kinds {
        if !seen.contains(&k.as_str()) {
            seen.push(k.as_str());
        }
    }
    seen.join(", ")
}

/// A file that loaded, and what was repaired on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The content.
    pub file: BoardFile,
    /// Repairs made, for the user to see.
    pub repairs: Vec<Repair>,
}

/// Reads, parses and checks the board file at `path`.
///
/// # Errors
/// A [`LoadError`] saying what is wrong, where, and what to do.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_capped(path, MAX_FILE_BYTES)
}

/// As [`load_path`] with another size cap.
///
/// # Errors
/// As [`load_path`].
pub fn load_path_capped(path: &Path, cap: u64) -> Result<Loaded, LoadError> {
    let bytes = read_capped(path, cap)?;
    load_bytes(&bytes, path)
}

/// Reads at most `cap` bytes of a regular file, refusing larger ones.
///
/// # Errors
/// [`LoadError::Io`], [`LoadError::NotAFile`] or [`LoadError::TooLarge`].
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, LoadError> {
    let io_err = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > cap {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            cap,
        });
    }
    let file = std::fs::File::open(path).map_err(io_err)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > cap {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// The `format` number alone, read from a file whose rest may not fit.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: u64,
}

/// Parses and checks board file bytes (RON text, or a PNG exported with its
/// board inside); `path` is used in messages only.
///
/// # Errors
/// A [`LoadError`] saying what is wrong, where, and what to do.
pub fn load_bytes(bytes: &[u8], path: &Path) -> Result<Loaded, LoadError> {
    if super::png_board::is_png(bytes) {
        let text = super::png_board::extract(bytes, path)?;
        return load_text(&text, path);
    }
    load_text(bytes, path)
}

/// [`load_bytes`] for the board text itself.
fn load_text(bytes: &[u8], path: &Path) -> Result<Loaded, LoadError> {
    let path_buf = || path.to_path_buf();
    let text = checked_text(bytes, path)?;
    let mut file: BoardFile = match ron::Options::default().from_str(text) {
        Ok(f) => f,
        Err(err) => {
            if let Ok(h) = ron::Options::default().from_str::<Header>(text)
                && h.format > u64::from(FORMAT_VERSION)
            {
                return Err(LoadError::NewerFormat {
                    path: path_buf(),
                    found: h.format,
                    supported: FORMAT_VERSION,
                });
            }
            return Err(ron_error(&err, path));
        }
    };
    if file.format > FORMAT_VERSION {
        return Err(LoadError::NewerFormat {
            path: path_buf(),
            found: u64::from(file.format),
            supported: FORMAT_VERSION,
        });
    }
    let mut repairs = Vec::new();
    if file.format == 0 {
        repairs.push(Repair::MissingFormat);
        file.format = FORMAT_VERSION;
    }
    check_board(&mut file.board, path, "", &mut repairs)?;
    if let Some(session) = &mut file.session {
        let mut session_repairs = Vec::new();
        check_board(
            &mut session.initial,
            path,
            "the session's start board: ",
            &mut session_repairs,
        )?;
        if !session_repairs.is_empty() {
            repairs.push(Repair::SessionNotReplayable(
                "its start board needed repairs".to_owned(),
            ));
        } else if let Err(e) = replay(&session.initial, &session.log, None) {
            repairs.push(Repair::SessionNotReplayable(e.to_string()));
        }
    }
    Ok(Loaded { file, repairs })
}

/// The bytes as text: UTF-8 (a byte-order mark is skipped) and not blank.
///
/// # Errors
/// [`LoadError::NotText`] or [`LoadError::Empty`].
pub(crate) fn checked_text<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(&bytes[..e.valid_up_to()]);
            return Err(LoadError::NotText {
                path: path.to_path_buf(),
                line,
                col,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

/// A RON parse error as a typed load error with its line and column.
pub(crate) fn ron_error(err: &ron::error::SpannedError, path: &Path) -> LoadError {
    let (line, col) = (err.span.start.line, err.span.start.col);
    match &err.code {
        ron::Error::ExceededRecursionLimit => LoadError::TooDeep {
            path: path.to_path_buf(),
            line,
            col,
        },
        code => LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            col,
            message: code.to_string().replace('\n', " "),
        },
    }
}

fn line_col(valid: &[u8]) -> (usize, usize) {
    let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
    let last_nl = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&valid[last_nl..]).chars().count() + 1;
    (line, col)
}

/// The next id from the counter at `next` that no element holds (`taken`)
/// or was given (`claimed`); the counter wraps past [`ElementId::MAX`].
fn fresh_id(
    next: &mut u64,
    taken: &HashSet<ElementId>,
    claimed: &mut HashSet<ElementId>,
) -> ElementId {
    loop {
        if *next > ElementId::MAX || *next == 0 {
            *next = 1;
        }
        let id = ElementId(*next);
        *next += 1;
        if !taken.contains(&id) && claimed.insert(id) {
            return id;
        }
    }
}

/// Rejects bad numbers and repairs ids, arrows and sizes.
/// The element count and every text against [`MAX_ELEMENTS`] and
/// [`MAX_TEXT_CHARS`].
fn check_sizes(board: &Board, path: &Path, prefix: &str) -> Result<(), LoadError> {
    let count = board.elements().len();
    if count > MAX_ELEMENTS {
        return Err(LoadError::TooManyElements {
            path: path.to_path_buf(),
            count,
            limit: MAX_ELEMENTS,
        });
    }
    let check = |place: &dyn Fn() -> String, text: &str| {
        // Bytes bound characters from above: most texts need no count.
        if text.len() <= MAX_TEXT_CHARS {
            return Ok(());
        }
        let chars = text.chars().count();
        if chars <= MAX_TEXT_CHARS {
            return Ok(());
        }
        Err(LoadError::TextTooLong {
            path: path.to_path_buf(),
            place: format!("{prefix}{}", place()),
            chars,
            limit: MAX_TEXT_CHARS,
        })
    };
    for e in board.elements() {
        let id = e.id();
        match e {
            Element::Component(c) => {
                check(&|| format!("the label of element {id}"), &c.label)?;
                check(&|| format!("the notes of element {id}"), &c.notes)?;
            }
            Element::Note(n) => check(&|| format!("the text of note {id}"), &n.text)?,
            Element::Frame(f) => check(&|| format!("the title of frame {id}"), &f.title)?,
            Element::Arrow(a) => check(&|| format!("the label of arrow {id}"), &a.label)?,
            Element::Ink(_) => {}
        }
    }
    let m = &board.meta;
    check(&|| "the board's title".to_owned(), &m.title)?;
    check(&|| "the prompt".to_owned(), &m.prompt)?;
    for (i, c) in m.clarifications.iter().enumerate() {
        check(&|| format!("clarifying question {}", i + 1), &c.question)?;
        check(
            &|| format!("the answer to clarifying question {}", i + 1),
            &c.answer,
        )?;
    }
    for (step, notes) in &board.checklist.notes {
        check(&|| format!("the notes of step `{step}`"), notes)?;
    }
    for step in &board.framework.steps {
        check(&|| format!("the title of step `{}`", step.id), &step.title)?;
        for item in &step.items {
            check(&|| format!("a question of step `{}`", step.id), &item.text)?;
        }
    }
    for k in &board.custom_kinds {
        check(&|| format!("the custom kind `{}`", k.id), &k.name)?;
    }
    Ok(())
}

pub(crate) fn check_board(
    board: &mut Board,
    path: &Path,
    prefix: &str,
    repairs: &mut Vec<Repair>,
) -> Result<(), LoadError> {
    let bad = |place: String, what: &'static str, value: f32, limit: f32| LoadError::BadNumber {
        path: path.to_path_buf(),
        place: format!("{prefix}{place}"),
        what,
        value,
        limit,
    };
    // Sizes first: nothing below should spend time on a hostile board.
    check_sizes(board, path, prefix)?;
    // Numbers next: nothing below should see NaN.
    for e in board.elements() {
        const NAMES: [&str; 4] = ["x", "y", "width", "height"];
        for (i, v) in e.coordinates().into_iter().enumerate() {
            if !coord_ok(v) {
                let what = if matches!(e, Element::Arrow(_)) {
                    ["end x", "end y"][i % 2]
                } else {
                    NAMES[i % 4]
                };
                return Err(bad(format!("element {}", e.id()), what, v, MAX_COORD));
            }
        }
    }
    for step in &board.framework.steps {
        let b = step.budget_minutes;
        if !b.is_finite() || !(0.0..=MAX_BUDGET_MINUTES).contains(&b) {
            return Err(bad(
                format!("step `{}`", step.id),
                "time budget in minutes",
                b,
                MAX_BUDGET_MINUTES,
            ));
        }
    }

    // Custom kinds: kept sorted by id, the first of a repeated id wins.
    board.custom_kinds.sort_by(|a, b| a.id.cmp(&b.id));
    board.custom_kinds.dedup_by(|a, b| a.id == b.id);

    let unknown = board.elements.take_skipped_unknown();
    if !unknown.is_empty() {
        repairs.push(Repair::UnknownKinds(unknown));
    }

    // Ids are 1 to ElementId::MAX. The counter continues above the largest
    // id in range (a counter from the file above the range is ignored).
    let taken: HashSet<ElementId> = board
        .elements()
        .iter()
        .map(Element::id)
        .filter(|id| id.is_valid())
        .collect();
    let max_id = taken.iter().map(|i| i.0).max().unwrap_or(0);
    let mut next_id = if board.next_id <= ElementId::MAX {
        board.next_id.max(max_id + 1)
    } else {
        max_id + 1
    };
    let (mut missing, mut duplicate, mut out_of_range, mut dangling, mut tiny) = (0, 0, 0, 0, 0);
    let mut renumbered: std::collections::HashMap<ElementId, ElementId> =
        std::collections::HashMap::new();
    board.elements.edit_all(|list| {
        // 0 means "none given"; an id out of range is renumbered (arrows
        // attached to its first holder follow); a repeated id keeps its
        // first holder. Fresh ids avoid every id in range on the board.
        let mut claimed: HashSet<ElementId> = HashSet::with_capacity(list.len());
        for e in list.iter_mut() {
            let id = e.id();
            if id.0 == 0 {
                missing += 1;
                e.set_id(fresh_id(&mut next_id, &taken, &mut claimed));
            } else if !id.is_valid() {
                out_of_range += 1;
                let new = fresh_id(&mut next_id, &taken, &mut claimed);
                renumbered.entry(id).or_insert(new);
                e.set_id(new);
            } else if !claimed.insert(id) {
                duplicate += 1;
                e.set_id(fresh_id(&mut next_id, &taken, &mut claimed));
            }
        }
        if !renumbered.is_empty() {
            for e in list.iter_mut() {
                if let Element::Arrow(a) = e {
                    for end in [&mut a.from, &mut a.to] {
                        if let Endpoint::Element { id, .. } = end
                            && let Some(new) = renumbered.get(id)
                        {
                            *id = *new;
                        }
                    }
                }
            }
        }
        // Sizes.
        for e in list.iter_mut() {
            if let Some((_, size)) = e.pos_size_mut()
                && (size.w < MIN_SIDE || size.h < MIN_SIDE)
            {
                *size = Size::new(size.w.max(MIN_SIDE), size.h.max(MIN_SIDE));
                tiny += 1;
            }
        }
        // Arrow ends must attach to a box-like element on the board.
        let boxes: std::collections::HashMap<ElementId, Point> = list
            .iter()
            .filter_map(|e| e.rect().map(|r| (e.id(), r.center())))
            .collect();
        for e in list.iter_mut() {
            if let Element::Arrow(a) = e {
                let other_point = |end: &Endpoint| match end {
                    Endpoint::Free(p) => Some(*p),
                    Endpoint::Element { id, .. } => boxes.get(id).copied(),
                };
                let (from_at, to_at) = (other_point(&a.from), other_point(&a.to));
                if from_at.is_none() {
                    dangling += 1;
                    let p = to_at.map_or(Point::default(), |p| p.offset(-120.0, 0.0));
                    a.from = Endpoint::Free(p);
                }
                if to_at.is_none() {
                    dangling += 1;
                    let p = from_at.map_or(Point::new(120.0, 0.0), |p| p.offset(120.0, 0.0));
                    a.to = Endpoint::Free(p);
                }
            }
        }
    });
    board.next_id = next_id;
    for (n, r) in [
        (missing, Repair::MissingIds(missing)),
        (duplicate, Repair::DuplicateIds(duplicate)),
        (out_of_range, Repair::OutOfRangeIds(out_of_range)),
        (dangling, Repair::DanglingArrows(dangling)),
        (tiny, Repair::TinySizes(tiny)),
    ] {
        if n > 0 {
            repairs.push(r);
        }
    }
    Ok(())
}

/// The board file as RON text, one element per line.
///
/// # Errors
/// Only if serialization fails, which the model's types do not cause.
pub fn to_ron(file: &BoardFile) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .indentor("  ")
        .new_line("\n");
    let mut out = ron::Options::default().to_string_pretty(file, config)?;
    out.push('\n');
    Ok(out)
}

/// Saves atomically: the file at `path` is either the old one or the new
/// one whatever happens. The format number written is always current.
///
/// # Errors
/// A [`SaveError`] naming the file; the old file is then intact.
pub fn save_path(path: &Path, file: &BoardFile) -> Result<(), SaveError> {
    let text = if file.format == FORMAT_VERSION {
        to_ron(file)
    } else {
        to_ron(&BoardFile {
            format: FORMAT_VERSION,
            ..file.clone()
        })
    }
    .map_err(|e| SaveError::Serialize {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Io {
        path: PathBuf::from(path),
        source,
    })
}
