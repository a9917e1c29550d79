//! The `mlsd-board` binary: parse the command line, then run a headless
//! command or open the app.

use std::process::ExitCode;

use clap::Parser;
use mlsd_board::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match &args.command {
        Some(command) => ExitCode::from(cli::run(command, &mut std::io::stdout().lock())),
        None => match mlsd_board::app::run(args.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mlsd-board: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
