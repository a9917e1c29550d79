//! Template files: a user's own case studies and templates people share.
//! Read with the same care as board files (size cap, typed errors, checked
//! numbers), written atomically.

use std::path::{Path, PathBuf};

use super::atomic::write_atomic;
use super::board_file::{MAX_FILE_BYTES, check_board, checked_text, read_capped, ron_error};
use super::error::{LoadError, SaveError};
use crate::model::{Board, Framework, Template};
use crate::review;

/// Reads and checks a template file.
///
/// # Errors
/// A [`LoadError`] naming the file, as for board files.
pub fn load_template(path: &Path) -> Result<Template, LoadError> {
    let bytes = read_capped(path, MAX_FILE_BYTES)?;
    let text = checked_text(&bytes, path)?;
    let mut t: Template = ron::Options::default()
        .from_str(text)
        .map_err(|e| ron_error(&e, path))?;
    let mut repairs = Vec::new();
    check_board(
        &mut t.reference,
        path,
        "the reference design: ",
        &mut repairs,
    )?;
    if t.id.trim().is_empty() {
        t.id = path
            .file_stem()
            .map_or_else(|| "shared".to_owned(), |s| s.to_string_lossy().into_owned());
    }
    if t.title.trim().is_empty() {
        t.title.clone_from(&t.id);
    }
    Ok(t)
}

/// Every template file in a folder, and an error message per file that
/// could not be read (the rest still load).
#[must_use]
pub fn load_template_dir(dir: &Path) -> (Vec<Template>, Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match load_template(&p) {
            Ok(t) => out.push(t),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (out, errors)
}

/// Writes a template atomically.
///
/// # Errors
/// A [`SaveError`] naming the file.
pub fn save_template(path: &Path, t: &Template) -> Result<(), SaveError> {
    let config = ron::ser::PrettyConfig::new().depth_limit(4).indentor("  ");
    let text = ron::Options::default()
        .to_string_pretty(t, config)
        .map_err(|e| SaveError::Serialize {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| SaveError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A template made from a board: its prompt and answers, its framework's
/// budgets, the board itself as the reference, and the metrics it names.
#[must_use]
pub fn template_from_board(board: &Board, id: &str) -> Template {
    let f: &Framework = &board.framework;
    let mut reference = board.clone();
    reference.meta.prompt.clear();
    reference.meta.clarifications.clear();
    let notes: Vec<&String> = board.checklist.notes.values().collect();
    let pick = |prefix: &str| -> Vec<String> {
        notes
            .iter()
            .flat_map(|n| review::metrics_on_line(n, prefix))
            .collect()
    };
    let title = if board.meta.title.trim().is_empty() {
        "My case study".to_owned()
    } else {
        board.meta.title.trim().to_owned()
    };
    Template {
        id: id.to_owned(),
        summary: board
            .meta
            .prompt
            .lines()
            .next()
            .unwrap_or(&title)
            .chars()
            .take(120)
            .collect(),
        title,
        difficulty: crate::model::Difficulty::Medium,
        prompt: board.meta.prompt.clone(),
        clarifications: board.meta.clarifications.clone(),
        framework: f.id.clone(),
        budgets: f
            .steps
            .iter()
            .map(|s| (s.id.clone(), s.budget_minutes))
            .collect(),
        reference,
        metrics: crate::model::ExpectedMetrics {
            offline: pick("Offline metrics: "),
            online: pick("Online metrics: "),
        },
        follow_ups: Vec::new(),
    }
}
