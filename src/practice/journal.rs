//! The practice journal: one entry per finished timed session, recall
//! drill or follow-up drill, kept in the user's data folder across weeks.
//! (Not the recovery journal of unsaved edits, [`crate::io::Journal`].)
//!
//! The file is RON, one value per line: a header naming the format and
//! its version, then one entry per line. That makes reading tolerant: a
//! line that does not parse is skipped and counted, never the whole
//! journal, and it is kept as it was when the journal is written again
//! (a newer version's entry, or one a user can mend by hand).
//!
//! Every change (append, delete) takes an exclusive lock on a lock file
//! beside the journal, reads it, changes it and writes it back atomically
//! ([`crate::io::write_atomic`]), so two app instances finishing at once
//! both land, and a crash leaves the old journal or the new one. The
//! journal holds at most [`MAX_ENTRIES`] entries (the oldest go first) and
//! every entry's text is capped, so it cannot grow without bound.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The journal format's version (the header's `version`).
pub const VERSION: u32 = 1;

/// The header line's `format`.
const FORMAT: &str = "mlsd-board practice journal";

/// Entries kept: about ten years of a session a day is far beyond anyone's
/// preparation; the oldest are dropped first.
pub const MAX_ENTRIES: usize = 2_000;

/// The largest journal read (a larger file is refused as damaged whole;
/// the cap keeps a real one near 4 MB).
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Longest text kept in an entry field (a case title, a step, a path).
const MAX_TEXT: usize = 512;

/// Most items kept in an entry's lists (steps, rubric items, stages).
const MAX_ITEMS: usize = 64;

/// What was practised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// A timed session through the framework's steps.
    #[default]
    Session,
    /// Draw-from-memory: the prompt only, a short timer, a stage diff.
    Recall,
    /// The follow-up drill: the case's follow-up questions, graded.
    FollowUps,
}

impl Mode {
    /// How the mode is named to the user.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Session => "Timed session",
            Self::Recall => "Draw from memory",
            Self::FollowUps => "Follow-up drill",
        }
    }
}

/// Time spent in one framework step against its budget.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepTime {
    /// The step's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Seconds spent.
    pub spent_s: u32,
    /// Seconds budgeted.
    pub budget_s: u32,
}

/// One framework step's rubric grade.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepGrade {
    /// The step's id.
    pub step: String,
    /// Points over the most possible, 0..=1.
    pub grade: f32,
    /// The rubric items graded 0 (absent) or left ungraded, by text.
    pub missed: Vec<String>,
}

/// One practice, as the journal keeps it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    /// A unique id (to delete the entry by).
    pub id: u64,
    /// When it finished: seconds since 1970 (UTC).
    pub at: i64,
    /// The case's template id (empty for a board without one).
    pub case: String,
    /// The case's title.
    pub case_title: String,
    /// What was practised.
    pub mode: Mode,
    /// Active time in seconds (pauses excluded).
    pub length_s: u32,
    /// The time budgeted, in seconds.
    pub budget_s: u32,
    /// Time per step against budget (timed sessions).
    pub steps: Vec<StepTime>,
    /// The diagram score against the reference, 0..=1.
    pub diagram: Option<f32>,
    /// The overall grade (rubric and diagram), 0..=1.
    pub overall: Option<f32>,
    /// Rubric grade per step.
    pub rubric: Vec<StepGrade>,
    /// Times the reference was opened during the practice.
    pub peeks: u32,
    /// Clarifying questions asked, and how many the case offers.
    pub asked: u32,
    /// Clarifying questions the case offers.
    pub clarifications: u32,
    /// Follow-up grades (0 absent, 1 named, 2 justified).
    pub follow_ups: Vec<u8>,
    /// Recall drill: the reference stages drawn.
    pub stages_drawn: Vec<String>,
    /// Recall drill: the reference stages missed.
    pub stages_missed: Vec<String>,
    /// The board file, if it was saved.
    pub board: Option<PathBuf>,
}

fn cap_text(s: &mut String) {
    if s.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

impl Entry {
    /// The entry with its text and lists cut to the journal's caps, and its
    /// numbers made finite and in range.
    #[must_use]
    pub fn capped(mut self) -> Self {
        cap_text(&mut self.case);
        cap_text(&mut self.case_title);
        self.steps.truncate(MAX_ITEMS);
        for s in &mut self.steps {
            cap_text(&mut s.id);
            cap_text(&mut s.title);
        }
        self.rubric.truncate(MAX_ITEMS);
        for r in &mut self.rubric {
            cap_text(&mut r.step);
            r.grade = unit(r.grade);
            r.missed.truncate(MAX_ITEMS);
            r.missed.iter_mut().for_each(cap_text);
        }
        self.diagram = self.diagram.map(unit);
        self.overall = self.overall.map(unit);
        self.follow_ups.truncate(MAX_ITEMS);
        self.follow_ups.iter_mut().for_each(|g| *g = (*g).min(2));
        for list in [&mut self.stages_drawn, &mut self.stages_missed] {
            list.truncate(MAX_ITEMS);
            list.iter_mut().for_each(cap_text);
        }
        // A path RON cannot hold (not UTF-8) or far too long is left out.
        if self
            .board
            .as_ref()
            .is_some_and(|p| p.to_str().is_none() || p.as_os_str().len() > 4 * MAX_TEXT)
        {
            self.board = None;
        }
        self.at = self.at.clamp(0, LATEST);
        self
    }
}

/// The latest time an entry may say (the last second of year 9999):
/// dates past it are clamped, so day arithmetic never overflows.
pub const LATEST: i64 = 253_402_300_799;

fn unit(x: f32) -> f32 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The header line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// What reading a journal found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Read {
    /// The entries that parsed, oldest first.
    pub entries: Vec<Entry>,
    /// Lines that did not parse (skipped; kept when the journal is
    /// written again).
    pub damaged: usize,
    /// The damaged lines as they were.
    damaged_lines: Vec<String>,
    /// The version the file says it is (0 when it has no header).
    pub version: u32,
}

/// Parses a journal's text tolerantly.
#[must_use]
pub fn parse(text: &str) -> Read {
    let mut read = Read::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        // A header (the first, or one of two journals put together).
        if let Ok(h) = ron::from_str::<Header>(line)
            && h.format == FORMAT
        {
            read.version = read.version.max(h.version);
            continue;
        }
        match ron::from_str::<Entry>(line) {
            // `()` or a bare struct parses as an entry of nothing.
            Ok(e) if e.at == 0 && e.case.is_empty() && e.id == 0 => {
                read.damaged += 1;
                read.damaged_lines.push(line.to_owned());
            }
            Ok(mut e) => {
                // An entry written by hand without an id gets one from its
                // line, the same at every read, so it can be deleted alone.
                if e.id == 0 {
                    use std::hash::{Hash as _, Hasher as _};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    line.hash(&mut h);
                    e.id = h.finish().max(1);
                }
                read.entries.push(e.capped());
            }
            Err(_) => {
                read.damaged += 1;
                read.damaged_lines.push(line.to_owned());
            }
        }
    }
    read.entries.sort_by_key(|e| e.at);
    read
}

/// The journal's text for `read` (header, kept damaged lines, entries).
///
/// # Errors
/// When an entry cannot be written as RON (it always can).
fn render(read: &Read) -> Result<String, ron::Error> {
    let mut out = String::from("// MLSD Board practice journal: one entry per line.\n");
    out.push_str(&ron::to_string(&Header {
        format: FORMAT.to_owned(),
        version: VERSION,
    })?);
    out.push('\n');
    for line in &read.damaged_lines {
        out.push_str(line);
        out.push('\n');
    }
    for e in &read.entries {
        out.push_str(&ron::to_string(e)?);
        out.push('\n');
    }
    Ok(out)
}

/// The practice journal at a path.
#[derive(Clone, Debug)]
pub struct PracticeJournal {
    path: PathBuf,
}

impl PracticeJournal {
    /// The journal at `path` (made on the first append).
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The user's journal: `<data dir>/practice.ron`.
    #[must_use]
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "MLSD Board", "mlsd-board")
            .map(|d| d.data_dir().join("practice.ron"))
    }

    /// Where the journal is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the journal: empty when there is none yet.
    ///
    /// # Errors
    /// When the file exists but cannot be read, or is larger than
    /// [`MAX_BYTES`]; the message says which.
    pub fn read(&self) -> Result<Read, String> {
        let bytes = match crate::io::read_capped(&self.path, MAX_BYTES) {
            Ok(b) => b,
            Err(crate::io::LoadError::Io { source, .. })
                if source.kind() == io::ErrorKind::NotFound =>
            {
                return Ok(Read::default());
            }
            Err(e) => return Err(format!("The practice journal could not be read: {e}")),
        };
        Ok(parse(&String::from_utf8_lossy(&bytes)))
    }

    /// Appends `entry` (given a fresh id when it has none); returns the
    /// entry as kept.
    ///
    /// # Errors
    /// When the journal cannot be locked, read or written; it is then as
    /// it was.
    pub fn append(&self, entry: Entry) -> Result<Entry, String> {
        let mut entry = entry.capped();
        self.change(|read| {
            if entry.id == 0 || read.entries.iter().any(|e| e.id == entry.id) {
                entry.id = fresh_id(read);
            }
            read.entries.push(entry.clone());
            read.entries.sort_by_key(|e| e.at);
            let over = read.entries.len().saturating_sub(MAX_ENTRIES);
            read.entries.drain(..over);
            true
        })?;
        Ok(entry)
    }

    /// Replaces the entry with `entry`'s id by `entry` (a practice graded
    /// after it finished); whether there was one. A deleted entry stays
    /// deleted.
    ///
    /// # Errors
    /// As [`PracticeJournal::append`].
    pub fn update(&self, entry: Entry) -> Result<bool, String> {
        let entry = entry.capped();
        let mut found = false;
        self.change(|read| {
            if let Some(e) = read.entries.iter_mut().find(|e| e.id == entry.id) {
                *e = entry;
                found = true;
            }
            found
        })?;
        Ok(found)
    }

    /// Deletes the entry with `id`; whether there was one.
    ///
    /// # Errors
    /// As [`PracticeJournal::append`].
    pub fn delete(&self, id: u64) -> Result<bool, String> {
        let mut found = false;
        self.change(|read| {
            let before = read.entries.len();
            read.entries.retain(|e| e.id != id);
            found = read.entries.len() != before;
            found
        })?;
        Ok(found)
    }

    /// Runs `f` on the journal under the lock, and writes the result when
    /// `f` says it changed something.
    fn change(&self, f: impl FnOnce(&mut Read) -> bool) -> Result<(), String> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                format!(
                    "The practice journal's folder {} could not be made: {e}",
                    dir.display()
                )
            })?;
        }
        let _lock = Lock::take(&self.path)?;
        let mut read = self.read()?;
        if read.version > VERSION {
            return Err(format!(
                "The practice journal {} was written by a newer MLSD Board (format {}); \
                 this one leaves it as it is. Update the app to keep recording practice.",
                self.path.display(),
                read.version
            ));
        }
        if !f(&mut read) {
            return Ok(());
        }
        let text = render(&read).map_err(|e| format!("The practice journal: {e}"))?;
        crate::io::write_atomic(&self.path, text.as_bytes()).map_err(|e| {
            format!(
                "The practice journal {} could not be written: {e}",
                self.path.display()
            )
        })
    }
}

/// An id no entry has: the time in ms with a counter, so ids sort by time.
fn fresh_id(read: &Read) -> u64 {
    loop {
        let id = super::new_id();
        if !read.entries.iter().any(|e| e.id == id) {
            return id;
        }
    }
}

/// An exclusive lock on `<journal>.lock`, released when dropped (and by
/// the system if the process dies).
struct Lock(File);

impl Lock {
    fn take(journal: &Path) -> Result<Self, String> {
        let mut name = journal.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                format!(
                    "The practice journal's lock {} could not be opened: {e}",
                    path.display()
                )
            })?;
        file.lock()
            .map_err(|e| format!("The practice journal could not be locked: {e}"))?;
        Ok(Self(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: i64, case: &str) -> Entry {
        Entry {
            at,
            case: case.to_owned(),
            case_title: case.to_owned(),
            overall: Some(0.5),
            ..Entry::default()
        }
    }

    #[test]
    fn round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let j = PracticeJournal::new(dir.path().join("practice.ron"));
        assert_eq!(j.read().unwrap().entries, vec![]);
        let e = Entry {
            at: 1_764_460_800,
            case: "visual-search".to_owned(),
            case_title: "Visual search".to_owned(),
            mode: Mode::Session,
            length_s: 2_400,
            budget_s: 2_700,
            steps: vec![StepTime {
                id: "clarify".to_owned(),
                title: "Clarify requirements".to_owned(),
                spent_s: 400,
                budget_s: 300,
            }],
            diagram: Some(0.62),
            overall: Some(0.55),
            rubric: vec![StepGrade {
                step: "evaluation".to_owned(),
                grade: 0.25,
                missed: vec!["Online metric: \"CTR\"\nwith a newline".to_owned()],
            }],
            peeks: 1,
            asked: 3,
            clarifications: 6,
            follow_ups: vec![2, 0, 1],
            board: Some(PathBuf::from("/home/a/boards/vs.ron")),
            ..Entry::default()
        };
        let kept = j.append(e.clone()).unwrap();
        assert_ne!(kept.id, 0);
        let read = j.read().unwrap();
        assert_eq!(read.entries, vec![Entry { id: kept.id, ..e }]);
        assert_eq!((read.damaged, read.version), (0, VERSION));
    }

    #[test]
    fn a_damaged_line_is_skipped_counted_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.ron");
        let j = PracticeJournal::new(&path);
        j.append(entry(10, "a")).unwrap();
        j.append(entry(20, "b")).unwrap();
        // Damage: a torn line between the two entries, and binary junk.
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(3, "(id: 7, at: 15, case: \"c");
        lines.push("\u{0}\u{1}garbage");
        std::fs::write(&path, lines.join("\n")).unwrap();
        let read = j.read().unwrap();
        assert_eq!(read.damaged, 2);
        let cases: Vec<&str> = read.entries.iter().map(|e| e.case.as_str()).collect();
        assert_eq!(cases, ["a", "b"]);
        // A new entry lands, and the damaged lines are still there.
        j.append(entry(30, "d")).unwrap();
        let read = j.read().unwrap();
        assert_eq!(read.entries.len(), 3);
        assert_eq!(read.damaged, 2);
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("(id: 7, at: 15, case: \"c")
        );
    }

    #[test]
    fn a_file_of_junk_reads_as_damaged_not_as_an_error() {
        let read = parse("not ron at all\n(((\n");
        assert_eq!((read.entries.len(), read.damaged), (0, 2));
        // Unknown fields from a newer version are ignored.
        let read = parse(
            "(format: \"mlsd-board practice journal\", version: 9)\n(id: 3, at: 5, future: 1)\n",
        );
        assert_eq!((read.entries.len(), read.damaged, read.version), (1, 0, 9));
    }

    #[test]
    fn the_journal_is_capped_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.ron");
        // Written directly: MAX_ENTRIES appends one by one would be slow.
        let read = Read {
            entries: (0..MAX_ENTRIES as i64)
                .map(|i| Entry {
                    id: i as u64 + 1,
                    ..entry(i, "x")
                })
                .collect(),
            ..Read::default()
        };
        std::fs::write(&path, render(&read).unwrap()).unwrap();
        let j = PracticeJournal::new(&path);
        j.append(entry(1_000_000, "newest")).unwrap();
        let read = j.read().unwrap();
        assert_eq!(read.entries.len(), MAX_ENTRIES);
        assert_eq!(read.entries[0].at, 1, "the oldest went");
        assert_eq!(read.entries.last().unwrap().case, "newest");
        // Text is capped too.
        let big = j
            .append(Entry {
                case_title: "x".repeat(100_000),
                follow_ups: vec![9; 1_000],
                overall: Some(f32::NAN),
                ..entry(2_000_000, "big")
            })
            .unwrap();
        assert_eq!(big.case_title.len(), MAX_TEXT);
        assert_eq!(big.follow_ups.len(), MAX_ITEMS);
        assert!(big.follow_ups.iter().all(|&g| g == 2));
        assert_eq!(big.overall, Some(0.0));
    }

    #[test]
    fn a_journal_from_a_newer_version_is_read_but_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.ron");
        let newer = "(format: \"mlsd-board practice journal\", version: 99)\n\
                     (id: 3, at: 5, case: \"a\", mode: Interview)\n\
                     (id: 4, at: 6, case: \"b\")\n";
        std::fs::write(&path, newer).unwrap();
        let j = PracticeJournal::new(&path);
        let read = j.read().unwrap();
        assert_eq!((read.entries.len(), read.damaged, read.version), (1, 1, 99));
        let err = j.append(entry(7, "c")).unwrap_err();
        assert!(err.contains("newer MLSD Board"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            newer,
            "left as it was"
        );
    }

    #[test]
    fn odd_lines_and_values_are_tamed_on_reading() {
        let text = "()\n(case: \"x\")\n(id: 9, at: 9000000000000, case: \"y\", \
                    overall: Some(0.5), rubric: [(step: \"s\", grade: 7.0)])\n";
        let read = parse(text);
        // `()` is nothing: damaged. An entry without an id gets one.
        assert_eq!((read.entries.len(), read.damaged), (2, 1));
        assert!(read.entries.iter().all(|e| e.id != 0));
        let y = read.entries.iter().find(|e| e.case == "y").unwrap();
        assert_eq!(y.at, LATEST, "a date past year 9999 is clamped");
        assert_eq!(y.rubric[0].grade, 1.0);
        // The schedule and the summary take it without overflowing.
        let items = crate::practice::schedule::schedule(&read.entries, &[], 0);
        assert!(!items.is_empty());
        let _ = crate::practice::summarize(&read.entries, 0, &[], 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_board_path_ron_cannot_hold_is_left_out() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tempfile::tempdir().unwrap();
        let j = PracticeJournal::new(dir.path().join("practice.ron"));
        let bad = std::ffi::OsStr::from_bytes(b"/home/a/\xff\xfe.ron");
        let kept = j
            .append(Entry {
                board: Some(PathBuf::from(bad)),
                ..entry(1, "a")
            })
            .unwrap();
        assert_eq!(kept.board, None);
        assert_eq!(j.read().unwrap().entries.len(), 1);
    }

    #[test]
    fn delete_removes_one_entry() {
        let dir = tempfile::tempdir().unwrap();
        let j = PracticeJournal::new(dir.path().join("practice.ron"));
        let a = j.append(entry(1, "a")).unwrap();
        let b = j.append(entry(2, "b")).unwrap();
        assert!(j.delete(a.id).unwrap());
        assert!(!j.delete(a.id).unwrap());
        assert_eq!(j.read().unwrap().entries, vec![b.clone()]);
        // An update replaces by id, and does not bring back a deleted one.
        let graded = Entry {
            overall: Some(0.9),
            ..b.clone()
        };
        assert!(j.update(graded.clone()).unwrap());
        assert!(!j.update(a).unwrap());
        assert_eq!(j.read().unwrap().entries, vec![graded]);
    }

    #[test]
    fn unreadable_journals_say_so() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be.
        let folder = dir.path().join("a-folder");
        std::fs::create_dir(&folder).unwrap();
        let j = PracticeJournal::new(folder);
        assert!(j.read().is_err());
        assert!(j.append(entry(1, "a")).is_err());
    }
}
