//! Time and the record of what happened: clocks and the Recorder (the
//! timestamped append-only log), plus replaying a log onto its start board.

mod clock;
mod recorder;
mod replay;

pub use clock::{Clock, ManualClock, SystemClock};
pub use recorder::{Event, LogEntry, Recorder};
pub use replay::{ReplayError, SessionRecord, replay};
