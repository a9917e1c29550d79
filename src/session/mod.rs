//! Time and the record of what happened: clocks, the Recorder (the
//! timestamped append-only log), replaying and seeking (the Player) and
//! the session report.

mod clock;
pub mod player;
mod recorder;
mod replay;
pub mod report;

pub use clock::{Clock, ManualClock, SystemClock};
pub use player::Player;
pub use recorder::{Event, LogEntry, Recorder};
pub use replay::{ReplayError, SessionRecord, replay};
