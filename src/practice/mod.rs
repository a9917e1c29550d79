//! Practice over weeks: the journal of every finished practice, the
//! schedule of what to practise next, and the progress summary.

pub mod journal;
pub mod schedule;
pub mod summary;
pub mod writer;

pub use journal::{Entry, Mode, PracticeJournal, StepGrade, StepTime};
pub use schedule::{Item, Key};
pub use summary::{Summary, summarize};
pub use writer::{FixedWallClock, PracticeWriter, SystemWallClock, WallClock};

/// Seconds since 1970 (UTC) now, by the system's clock.
#[must_use]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
