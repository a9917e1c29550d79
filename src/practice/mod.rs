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

/// A new practice id: random (the standard library's per-process random
/// keys over the time and a counter), so two instances finishing in the
/// same second never share one.
#[must_use]
pub fn new_id() -> u64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish().max(1)
}

/// Seconds since 1970 (UTC) now, by the system's clock.
#[must_use]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
