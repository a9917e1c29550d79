//! MLSD Board: a desktop whiteboard for rehearsing machine-learning system
//! design interviews.
//!
//! Module map (only `app` knows about egui/eframe):
//! - [`model`]: the board, its elements, ids, geometry, frameworks.
//! - [`ops`]: invertible ops, transactions, undo/redo history.
//! - [`session`]: clocks, the timestamped append-only log, replay.
//! - [`io`]: board files (versioned RON, checks and repairs, atomic save).
//! - [`review`]: scoring a board against a template's reference design.
//! - [`cli`]: headless subcommands.
//! - [`app`]: the eframe application.

pub mod app;
pub mod cli;
pub mod io;
pub mod model;
pub mod ops;
pub mod review;
pub mod session;
