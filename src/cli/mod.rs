//! The command line: `mlsd-board [FILE]` opens the app; subcommands work
//! headless on board files and reuse the library, never the UI.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::io::load_path;

/// MLSD Board: a whiteboard for rehearsing machine-learning system design interviews.
#[derive(Debug, Parser)]
#[command(
    name = "mlsd-board",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A board file (.ron) to open in the app.
    pub file: Option<PathBuf>,
    /// A headless command instead of opening the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load each board file and print one line per file: OK with counts and
    /// repairs, or the error. Exit status 1 when any file fails to load.
    Check {
        /// Board files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Runs a headless command, writing its report to `out`; returns the exit status.
pub fn run(command: &Command, out: &mut impl Write) -> u8 {
    match command {
        Command::Check { files } => check(files, out),
    }
}

/// `mlsd-board check`: one line per file; 0 when all load, 1 when any fails.
pub fn check(files: &[PathBuf], out: &mut impl Write) -> u8 {
    let mut status = 0;
    for path in files {
        let line = match load_path(path) {
            Ok(loaded) => {
                let mut line = format!("OK     {}: {}", path.display(), loaded.file.board.counts());
                if let Some(s) = &loaded.file.session {
                    line.push_str(&format!(", session of {} entries", s.log.len()));
                }
                if !loaded.repairs.is_empty() {
                    let repairs: Vec<String> =
                        loaded.repairs.iter().map(ToString::to_string).collect();
                    line.push_str(&format!("; repaired: {}", repairs.join("; ")));
                }
                line
            }
            Err(e) => {
                status = 1;
                format!("ERROR  {e}")
            }
        };
        // One line per file, whatever the messages hold.
        let line = line.replace(['\n', '\r'], " ");
        if writeln!(out, "{line}").is_err() {
            return 1;
        }
    }
    status
}
