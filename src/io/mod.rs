//! Files: versioned RON board files (load with checks and repairs, atomic
//! save) and the atomic write they use.

mod atomic;
mod board_file;
pub mod clipboard;
mod error;
pub mod excalidraw;
mod journal;
pub mod png_board;
mod template_file;

pub use atomic::write_atomic;
pub use board_file::{
    BoardFile, FORMAT_VERSION, Loaded, MAX_ELEMENTS, MAX_FILE_BYTES, MAX_TEXT_CHARS, Repair,
    load_bytes, load_path, load_path_capped, read_capped, save_path, to_ron,
};
pub use error::{LoadError, SaveError};
pub use journal::{
    AUTOSAVE_DELAY_MS, Autosave, DiskStamp, Journal, JournalEntry, JournalInstance, JournalWriter,
    Recovered, SavedAt, Unreadable,
};
pub use template_file::{
    MAX_TEMPLATE_ID, is_template_id, load_template, load_template_dir, save_template,
    save_user_template, template_from_board, template_slug,
};
