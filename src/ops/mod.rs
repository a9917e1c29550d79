//! Changing a board: invertible ops, transactions (one per gesture) and the
//! undo/redo history kept as pointers into the append-only log.

mod history;
mod op;

pub use history::History;
pub use op::{Op, OpError, Placed, Transaction, TxnId};
