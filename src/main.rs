//! The `mlsd-board` binary: parses the command line, then runs a headless
//! command ([`mlsd_board::cli`]) or opens a window ([`mlsd_board::app`]):
//! the app itself, or a measurement in a real window.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mlsd_board::app::perf::{Bench, BenchDrag, BenchPan, BenchZoom, DragSelect};
use mlsd_board::cli;

/// MLSD Board: a whiteboard for rehearsing machine-learning system design interviews.
#[derive(Debug, Parser)]
#[command(
    name = "mlsd-board",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Args {
    /// A board file (.ron, a board PNG, or .excalidraw) to open in the app.
    file: Option<PathBuf>,
    /// A command instead of opening the app.
    #[command(subcommand)]
    command: Option<Command>,
}

/// Headless commands, and the measurements that open a window.
#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Headless(cli::Command),
    /// Measure drawing speed: open FILE in a real window, pan the view by
    /// a fixed step every frame with continuous repaint for N seconds, then
    /// report the median and p95 frame time (wall clock, whole frame
    /// including rendering), FPS, the time from start to the first frame
    /// with the board drawn, and peak resident memory, as JSON.
    BenchPan {
        /// The board (.ron, a board PNG, or .excalidraw / .excalidraw.gz).
        file: PathBuf,
        /// The whole board in view, or 100 % at its top-left corner.
        #[arg(long, value_enum, default_value = "1")]
        zoom: BenchZoom,
        /// Seconds of panning.
        #[arg(long, default_value_t = 10.0)]
        seconds: f32,
        /// Write the JSON report here instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The window's inner size, WIDTHxHEIGHT (the app opens at 1280x800).
        #[arg(long, default_value = "1280x800", value_parser = cli::parse_size)]
        size: (u32, u32),
    },
    /// Measure editing speed: open FILE in a real window, select everything
    /// (or N components near the centre of the view), press on a selected
    /// component and drag it with a real pointer, a few points every frame,
    /// for N seconds, then release. Reports the median and p95 frame time
    /// while dragging, the time from release to the board redrawn, and
    /// peak resident memory, as JSON.
    BenchDrag {
        /// The board (.ron, a board PNG, or .excalidraw / .excalidraw.gz).
        file: PathBuf,
        /// `all`, or a number of components.
        #[arg(long, default_value = "all")]
        select: DragSelect,
        /// The whole board in view, or 100 % at its top-left corner.
        #[arg(long, value_enum, default_value = "fit")]
        zoom: BenchZoom,
        /// Seconds of dragging.
        #[arg(long, default_value_t = 10.0)]
        seconds: f32,
        /// Write the JSON report here instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The window's inner size, WIDTHxHEIGHT (the app opens at 1280x800).
        #[arg(long, default_value = "1280x800", value_parser = cli::parse_size)]
        size: (u32, u32),
    },
}

fn main() -> ExitCode {
    let process_start = std::time::Instant::now();
    let args = Args::parse();
    let window = match args.command {
        Some(Command::Headless(command)) => {
            return ExitCode::from(cli::run(&command, &mut std::io::stdout().lock()));
        }
        Some(Command::BenchPan {
            file,
            zoom,
            seconds,
            out,
            size,
        }) => {
            let bench = BenchPan::new(file, zoom, seconds, out, process_start);
            mlsd_board::app::run_bench(Bench::Pan(bench), [size.0 as f32, size.1 as f32])
        }
        Some(Command::BenchDrag {
            file,
            select,
            zoom,
            seconds,
            out,
            size,
        }) => {
            let bench = BenchDrag::new(file, zoom, select, seconds, out);
            mlsd_board::app::run_bench(Bench::Drag(bench), [size.0 as f32, size.1 as f32])
        }
        None => mlsd_board::app::run(args.file),
    };
    match window {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mlsd-board: {e}");
            ExitCode::FAILURE
        }
    }
}
