//! The headless commands: they work on board files with the library's core
//! (model, io, review, render) and never open a window or touch the app.
//! The binary's `main.rs` parses the command line, runs these, and starts
//! the window for the commands that need one.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use std::path::Path;

use crate::io::{BoardFile, load_path, save_path};
use crate::model::{Catalog, Framework, Template};
use crate::review;

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
    /// List the case-study templates.
    Templates,
    /// Start a board from a case-study template.
    New {
        /// The template id (see `mlsd-board templates`).
        #[arg(long)]
        template: String,
        /// Where to write the board.
        #[arg(short, long)]
        output: PathBuf,
        /// Load the reference design to study instead of an empty canvas.
        #[arg(long)]
        study: bool,
    },
    /// Score a board made from a template against its reference design.
    Score {
        /// The board file.
        file: PathBuf,
        /// Print the review as JSON (every line with its credit and why).
        #[arg(long)]
        json: bool,
    },
    /// Print the report of the practice session recorded in a board file.
    Report {
        /// The board file.
        file: PathBuf,
    },
    /// Draw a board as a picture, with no display: SVG, or PNG with the
    /// board file inside (it opens back as the editable board).
    Render {
        /// The board file (.ron, or a PNG exported with its board).
        file: PathBuf,
        /// The file to write; its extension picks the format: .svg, .png (with
        /// the board inside) or .excalidraw (for Excalidraw users).
        #[arg(short, long)]
        output: PathBuf,
        /// Pixels per board unit for PNG (above 0, at most 8).
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// Colours of the light or the dark canvas.
        #[arg(long, value_enum, default_value_t = Theme::Light)]
        theme: Theme,
        /// Leave the background transparent.
        #[arg(long)]
        transparent: bool,
    },
    /// Summarise the practice journal: practices per case with their
    /// grades, time per step against budget, what is most often missed,
    /// the cases never practised, and what is due for practice today.
    Progress {
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// The journal to read (default: the app's, in the user's data
        /// folder).
        #[arg(long)]
        journal: Option<PathBuf>,
    },
    /// Import an Excalidraw file (.excalidraw, or .excalidraw.gz) as a board.
    Import {
        /// The Excalidraw file.
        input: PathBuf,
        /// The board file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// `mlsd-board import IN.excalidraw -o OUT.ron`.
fn import(input: &Path, output: &Path, out: &mut impl Write) -> Result<(), String> {
    let catalog = Catalog::builtin().map_err(|e| format!("the catalog could not be read: {e}"))?;
    let imported =
        crate::io::excalidraw::import_path(input, &catalog).map_err(|e| e.to_string())?;
    save_path(output, &BoardFile::new(imported.board.clone())).map_err(|e| e.to_string())?;
    writeln!(out, "wrote {}: {}", output.display(), imported.summary()).map_err(|e| e.to_string())
}

/// `mlsd-board progress [--json] [--journal FILE]`.
fn progress(journal: Option<&Path>, json: bool, out: &mut impl Write) -> Result<(), String> {
    let path = match journal {
        Some(p) => p.to_path_buf(),
        None => crate::practice::PracticeJournal::default_path()
            .ok_or("there is no data folder for this user to keep a practice journal in")?,
    };
    let read = crate::practice::PracticeJournal::new(path).read()?;
    let cases: Vec<(String, String)> = builtin_templates()?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let now = crate::practice::unix_now();
    let summary = crate::practice::summarize(&read.entries, read.damaged, &cases, now);
    if json {
        let text = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
        writeln!(out, "{text}").map_err(|e| e.to_string())
    } else {
        write!(out, "{}", crate::practice::summary::text(&summary, now)).map_err(|e| e.to_string())
    }
}

/// `WIDTHxHEIGHT`, each 200..=8192.
///
/// # Errors
/// A message saying what is wrong with `s`.
pub fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("write the size as WIDTHxHEIGHT, e.g. 1920x1080 (got {s})"))?;
    let n = |v: &str| -> Result<u32, String> {
        v.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (200..=8192).contains(n))
            .ok_or_else(|| format!("{v} is not a size from 200 to 8192"))
    };
    Ok((n(w)?, n(h)?))
}

/// A canvas theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Runs a headless command, writing its report to `out`; returns the exit status.
pub fn run(command: &Command, out: &mut impl Write) -> u8 {
    let result = match command {
        Command::Check { files } => return check(files, out),
        Command::Templates => templates(out),
        Command::New {
            template,
            output,
            study,
        } => new_board(template, output, *study, out),
        Command::Score { file, json } => score(file, *json, out),
        Command::Report { file } => session_report(file, out),
        Command::Render {
            file,
            output,
            scale,
            theme,
            transparent,
        } => render(file, output, *scale, *theme, *transparent, out),
        Command::Import { input, output } => import(input, output, out),
        Command::Progress { json, journal } => progress(journal.as_deref(), *json, out),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(out, "error: {message}");
            1
        }
    }
}

fn builtin_templates() -> Result<Vec<Template>, String> {
    Template::builtin().map_err(|e| format!("the built-in templates could not be read: {e}"))
}

fn find_template(id: &str) -> Result<Template, String> {
    let all = builtin_templates()?;
    let ids: Vec<String> = all.iter().map(|t| t.id.clone()).collect();
    all.into_iter().find(|t| t.id == id).ok_or_else(|| {
        format!(
            "there is no template \"{id}\". Templates: {}",
            ids.join(", ")
        )
    })
}

/// `mlsd-board templates`: id, difficulty, title and summary, one per line.
fn templates(out: &mut impl Write) -> Result<(), String> {
    for t in builtin_templates()? {
        writeln!(
            out,
            "{:<22} {:<7} {}: {}",
            t.id,
            t.difficulty.label(),
            t.title,
            t.summary
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `mlsd-board new --template ID -o FILE [--study]`.
fn new_board(id: &str, output: &Path, study: bool, out: &mut impl Write) -> Result<(), String> {
    let t = find_template(id)?;
    let frameworks = Framework::builtin()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let board = if study {
        t.study_board(&frameworks, now)
    } else {
        t.practice_board(&frameworks, now)
    };
    save_path(output, &BoardFile::new(board)).map_err(|e| e.to_string())?;
    writeln!(
        out,
        "Wrote {} ({} board for \"{}\")",
        output.display(),
        if study { "study" } else { "practice" },
        t.title
    )
    .map_err(|e| e.to_string())
}

/// `mlsd-board report FILE`: the session report as Markdown.
fn session_report(file: &Path, out: &mut impl Write) -> Result<(), String> {
    let loaded = load_path(file).map_err(|e| e.to_string())?;
    let board = loaded.file.board;
    let Some(session) = loaded.file.session else {
        return Err(format!(
            "{} holds no recorded session; start a timed session in the app to record one",
            file.display()
        ));
    };
    let r = crate::session::report::report(&session.log, &board.framework);
    let coverage = board
        .meta
        .template
        .as_deref()
        .and_then(|id| find_template(id).ok())
        .and_then(|t| {
            Catalog::builtin()
                .ok()
                .map(|c| review::score(&board, &t, &c).coverage)
        });
    let title = if board.meta.title.is_empty() {
        file.display().to_string()
    } else {
        board.meta.title.clone()
    };
    write!(
        out,
        "{}",
        crate::session::report::markdown(&r, &title, coverage)
            + &crate::session::report::clarifications_markdown(&board.meta)
            + &crate::session::report::drill_markdown(&board.meta)
            + &board
                .meta
                .template
                .as_deref()
                .and_then(|id| find_template(id).ok())
                .map(|t| review::rubric_markdown(&t, &board.meta.grades, coverage.unwrap_or(0.0)))
                .unwrap_or_default()
    )
    .map_err(|e| e.to_string())
}

/// `mlsd-board score FILE`.
fn score(file: &Path, json: bool, out: &mut impl Write) -> Result<(), String> {
    let loaded = load_path(file).map_err(|e| e.to_string())?;
    let board = loaded.file.board;
    let Some(id) = board.meta.template.clone() else {
        return Err(format!(
            "{} was not made from a template, so there is no reference to compare with",
            file.display()
        ));
    };
    let t = find_template(&id)?;
    let catalog = Catalog::builtin().map_err(|e| e.to_string())?;
    let s = review::score(&board, &t, &catalog);
    let rubric = review::rubric(&t, &board.meta.grades);
    let overall = review::overall(s.coverage, rubric.as_ref());
    if json {
        let v = serde_json::json!({
            "overall": overall,
            "rubric": rubric,
            "diagram": s,
        });
        let text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
        return writeln!(out, "{text}").map_err(|e| e.to_string());
    }
    if let Some(r) = &rubric {
        writeln!(
            out,
            "Overall: {:.0}%  (rubric {:.0}%, {} of {} items graded, weighs {:.0}%; diagram {:.0}%)\n",
            overall * 100.0,
            r.score * 100.0,
            r.graded,
            r.items,
            review::RUBRIC_WEIGHT * 100.0,
            s.coverage * 100.0
        )
        .map_err(|e| e.to_string())?;
    }
    write!(out, "{}", review::report(&s, &t)).map_err(|e| e.to_string())
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

/// `mlsd-board render FILE -o OUT.svg|OUT.png [--scale N] [--theme T]`.
fn render(
    file: &Path,
    output: &Path,
    scale: f32,
    theme: Theme,
    transparent: bool,
    out: &mut impl Write,
) -> Result<(), String> {
    use crate::render::export::{self, Format, RenderOptions};
    let format = Format::from_path(output).ok_or_else(|| {
        format!(
            "cannot tell the format of {}: name it .svg, .png or .excalidraw",
            output.display()
        )
    })?;
    let loaded = load_path(file).map_err(|e| e.to_string())?;
    let catalog = Catalog::builtin().map_err(|e| format!("the catalog could not be read: {e}"))?;
    let opts = RenderOptions {
        scale,
        dark: theme == Theme::Dark,
        only: None,
        background: !transparent,
        ..RenderOptions::default()
    };
    let done = export::export(&loaded.file, &catalog, format, &opts).map_err(|e| e.to_string())?;
    crate::io::write_atomic(output, &done.bytes)
        .map_err(|e| format!("could not write {}: {e}", output.display()))?;
    let unit = if format == Format::Png {
        "pixels"
    } else {
        "units"
    };
    writeln!(
        out,
        "wrote {} ({}x{} {unit}, {} bytes){}",
        output.display(),
        done.size[0],
        done.size[1],
        done.bytes.len(),
        if done.scaled_down {
            "; the scale was lowered to keep the picture under 16384 pixels a side and 40 megapixels"
        } else {
            ""
        }
    )
    .map_err(|e| e.to_string())
}
