//! The append-only log of everything that happened to a board, each entry
//! with its time: the one record that undo/redo, timed sessions and replay
//! all read.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::clock::{Clock, SystemClock};
use crate::ops::{Transaction, TxnId};

/// Something that happened, as recorded in the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// A transaction was applied.
    Do(Transaction),
    /// The transaction with this id was undone.
    Undo(TxnId),
    /// The transaction with this id was redone.
    Redo(TxnId),
    /// The timed session moved to this framework step.
    StepChanged(String),
    /// An interviewer prompt with this id was shown.
    PromptShown(String),
    /// The timed session was paused.
    Paused,
    /// The timed session was resumed.
    Resumed,
    /// The timed session was finished.
    Finished,
    /// The reference design (review tab or overlay) was opened while the
    /// timed session ran: a peek, reported with its time.
    ReferenceOpened,
}

/// One log entry: an event and when it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Milliseconds since the recording started.
    #[serde(default)]
    pub t_ms: u64,
    /// What happened.
    pub event: Event,
}

/// Appends timestamped events; never removes any.
#[derive(Clone)]
pub struct Recorder {
    clock: Arc<dyn Clock>,
    start_ms: u64,
    entries: Vec<LogEntry>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("start_ms", &self.start_ms)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new(Arc::new(SystemClock::default()))
    }
}

impl Recorder {
    /// An empty log whose time 0 is the clock's time now.
    #[must_use]
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        let start_ms = clock.now_ms();
        Self {
            clock,
            start_ms,
            entries: Vec::new(),
        }
    }

    /// Continues an existing log (from a file) with times after its last entry.
    #[must_use]
    pub fn resume(clock: Arc<dyn Clock>, entries: Vec<LogEntry>) -> Self {
        let last = entries.last().map_or(0, |e| e.t_ms);
        let start_ms = clock.now_ms().saturating_sub(last);
        Self {
            clock,
            start_ms,
            entries,
        }
    }

    /// Milliseconds since the recording started.
    #[must_use]
    pub fn elapsed_ms(&self) -> u64 {
        self.clock.now_ms().saturating_sub(self.start_ms)
    }

    /// Appends an event stamped with the time now; returns its index.
    pub fn record(&mut self, event: Event) -> usize {
        // Never earlier than the entry before, whatever the clock says.
        let last = self.entries.last().map_or(0, |e| e.t_ms);
        let t_ms = self.elapsed_ms().max(last);
        self.entries.push(LogEntry { t_ms, event });
        self.entries.len() - 1
    }

    /// Every entry, oldest first.
    #[must_use]
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// The entry at `index`.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&LogEntry> {
        self.entries.get(index)
    }
}
