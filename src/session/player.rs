//! Seeking through a recorded session: the board as it was at any time,
//! from a full checkpoint every few entries plus at most that many applies.

use std::collections::HashMap;

use super::recorder::{Event, LogEntry};
use super::replay::ReplayError;
use crate::model::Board;
use crate::ops::{Transaction, TxnId};

/// Entries between two checkpoints.
pub const CHECKPOINT_EVERY: usize = 256;

/// A recording ready to be replayed at any time.
#[derive(Debug, Clone)]
pub struct Player {
    log: Vec<LogEntry>,
    /// `(number of entries applied, board after them)`, ascending.
    checkpoints: Vec<(usize, Board)>,
    /// Log position of each transaction's `Do`.
    txns: HashMap<TxnId, usize>,
}

impl Player {
    /// Replays the whole log once, keeping a checkpoint every
    /// [`CHECKPOINT_EVERY`] entries.
    ///
    /// # Errors
    /// When the log does not replay onto `initial` (a damaged file).
    pub fn new(initial: &Board, log: &[LogEntry]) -> Result<Self, ReplayError> {
        let mut board = initial.clone();
        let mut checkpoints = vec![(0, initial.clone())];
        let mut txns = HashMap::new();
        let mut last_t = 0;
        for (index, entry) in log.iter().enumerate() {
            if entry.t_ms < last_t {
                return Err(ReplayError::TimeOrder { index });
            }
            last_t = entry.t_ms;
            apply_entry(&mut board, log, &mut txns, index)?;
            if (index + 1) % CHECKPOINT_EVERY == 0 {
                checkpoints.push((index + 1, board.clone()));
            }
        }
        Ok(Self {
            log: log.to_vec(),
            checkpoints,
            txns,
        })
    }

    /// The recorded entries.
    #[must_use]
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    /// The time of the last entry, in ms.
    #[must_use]
    pub fn duration_ms(&self) -> u64 {
        self.log.last().map_or(0, |e| e.t_ms)
    }

    /// How many entries happened at or before `t_ms`.
    #[must_use]
    pub fn entries_until(&self, t_ms: u64) -> usize {
        self.log.partition_point(|e| e.t_ms <= t_ms)
    }

    /// The board as it was at `t_ms` (every entry at or before it applied).
    #[must_use]
    pub fn seek(&self, t_ms: u64) -> Board {
        self.board_after(self.entries_until(t_ms))
    }

    /// The board after the first `n` entries.
    #[must_use]
    pub fn board_after(&self, n: usize) -> Board {
        let n = n.min(self.log.len());
        let at = self.checkpoints.partition_point(|(k, _)| *k <= n) - 1;
        let (start, board) = &self.checkpoints[at];
        let mut board = board.clone();
        let mut txns = self.txns.clone();
        for index in *start..n {
            // The log replayed once already in `new`, so this cannot fail.
            let applied = apply_entry(&mut board, &self.log, &mut txns, index);
            debug_assert!(applied.is_ok());
        }
        board
    }

    /// The time of the edit before `t_ms` (0 if none).
    #[must_use]
    pub fn previous_edit(&self, t_ms: u64) -> u64 {
        self.log
            .iter()
            .rev()
            .filter(|e| is_edit(&e.event) && e.t_ms < t_ms)
            .map(|e| e.t_ms)
            .next()
            .unwrap_or(0)
    }

    /// The time of the edit after `t_ms` (the end if none).
    #[must_use]
    pub fn next_edit(&self, t_ms: u64) -> u64 {
        self.log
            .iter()
            .filter(|e| is_edit(&e.event) && e.t_ms > t_ms)
            .map(|e| e.t_ms)
            .next()
            .unwrap_or_else(|| self.duration_ms())
    }
}

/// Whether an event is an edit of the design: a transaction, undo or
/// redo, but not the bookkeeping of moving to another step.
#[must_use]
pub fn is_edit(e: &Event) -> bool {
    match e {
        Event::Do(t) => !t
            .ops
            .iter()
            .all(|op| matches!(op, crate::ops::Op::SetCurrentStep { .. })),
        Event::Undo(_) | Event::Redo(_) => true,
        _ => false,
    }
}

fn apply_entry(
    board: &mut Board,
    log: &[LogEntry],
    txns: &mut HashMap<TxnId, usize>,
    index: usize,
) -> Result<(), ReplayError> {
    let op_err = |source| ReplayError::Op { index, source };
    let txn_at = |i: usize| -> Option<&Transaction> {
        match &log.get(i)?.event {
            Event::Do(t) => Some(t),
            _ => None,
        }
    };
    match &log[index].event {
        Event::Do(txn) => {
            txn.apply(board).map_err(op_err)?;
            txns.insert(txn.id, index);
        }
        Event::Undo(id) | Event::Redo(id) => {
            let txn = txns
                .get(id)
                .and_then(|i| txn_at(*i))
                .ok_or(ReplayError::UnknownTxn { index, txn: id.0 })?;
            if matches!(log[index].event, Event::Undo(_)) {
                txn.revert(board).map_err(op_err)?;
            } else {
                txn.apply(board).map_err(op_err)?;
            }
        }
        _ => {}
    }
    Ok(())
}
