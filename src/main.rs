//! The `mlsd-board` binary: parse the command line, then run a headless
//! command or open the app.

use std::process::ExitCode;

use clap::Parser;
use mlsd_board::cli::{self, Cli};

fn main() -> ExitCode {
    let process_start = std::time::Instant::now();
    let args = Cli::parse();
    if let Some(cli::Command::BenchPan {
        file,
        zoom,
        seconds,
        out,
        size,
    }) = &args.command
    {
        let bench = mlsd_board::app::perf::BenchPan::new(
            file.clone(),
            *zoom,
            *seconds,
            out.clone(),
            process_start,
        );
        let size = [size.0 as f32, size.1 as f32];
        return match mlsd_board::app::run_bench(bench, size) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mlsd-board: {e}");
                ExitCode::FAILURE
            }
        };
    }
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
