//! A saved recording (start board plus log) and replaying it.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::player::Player;
use super::recorder::LogEntry;
use crate::model::Board;
use crate::ops::OpError;

/// A recording as stored in a board file: the board when it started and
/// every event since.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionRecord {
    /// When recording started, in seconds since 1970-01-01 UTC.
    pub started: u64,
    /// The board when recording started.
    pub initial: Board,
    /// Everything that happened, oldest first.
    pub log: Vec<LogEntry>,
}

/// Why a log could not be replayed onto its start board.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReplayError {
    /// An entry's change does not fit the board at that point.
    #[error("log entry {index} cannot be replayed: {source}")]
    Op {
        /// Position in the log.
        index: usize,
        /// What did not fit.
        source: OpError,
    },
    /// Undo or redo of a transaction that is not in the log before it.
    #[error("log entry {index} undoes or redoes transaction {txn} that the log does not hold")]
    UnknownTxn {
        /// Position in the log.
        index: usize,
        /// The transaction id.
        txn: u64,
    },
    /// Entries out of time order.
    #[error("log entry {index} is earlier than the entry before it")]
    TimeOrder {
        /// Position in the log.
        index: usize,
    },
}

/// Replays `log` onto a copy of `initial`, up to and including entries at
/// `until_ms` (all of them with `None`).
///
/// # Errors
/// When an entry does not fit the board (a damaged or hand-edited log).
pub fn replay(
    initial: &Board,
    log: &[LogEntry],
    until_ms: Option<u64>,
) -> Result<Board, ReplayError> {
    let player = Player::new(initial, log)?;
    Ok(match until_ms {
        Some(t) => player.seek(t),
        None => player.board_after(log.len()),
    })
}
