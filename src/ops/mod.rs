//! Changing a board: invertible ops, transactions (one per gesture, owned
//! by whoever began it), the undo/redo history kept as pointers into the
//! append-only log, and the board-editing actions ([`actions`]) that the
//! app turns user requests into.

pub mod actions;
pub mod guides;
mod history;
mod op;

pub use history::{History, Owner};
pub use op::{Op, OpError, Placed, Transaction, TxnId};
