//! MLSD Board: a desktop whiteboard for rehearsing machine-learning system
//! design interviews.
//!
//! Module map. Only `app` knows about egui and eframe; `render` draws with
//! epaint alone; nothing outside `app` imports `app`:
//! - [`model`]: the board, its elements, ids, geometry, frameworks, selection.
//! - [`ops`]: invertible ops, owned transactions, undo/redo history, and the
//!   board-editing actions.
//! - [`session`]: clocks, the timestamped append-only log, replay.
//! - [`io`]: board files (versioned RON, checks and repairs, atomic save).
//! - [`review`]: scoring a board against a template's reference design.
//! - [`render`]: drawing a board into shapes, SVG, the rasterizer, picture
//!   fills and exports.
//! - [`cli`]: headless subcommands.
//! - [`app`]: the eframe application.
//!
//! `docs/architecture.md` draws the layers and follows an edit through them.

pub mod app;
pub mod cli;
pub mod io;
pub mod model;
pub mod ops;
pub mod practice;
pub mod render;
pub mod review;
pub mod session;
