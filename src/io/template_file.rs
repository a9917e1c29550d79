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
        t.id = path.file_stem().map_or_else(
            || "shared".to_owned(),
            |s| template_slug(&s.to_string_lossy()),
        );
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

/// The longest template id.
pub const MAX_TEMPLATE_ID: usize = 64;

/// Whether `id` may be a user template's id: 1 to [`MAX_TEMPLATE_ID`]
/// characters of `a-z`, `0-9` and `-`, not starting or ending with `-`.
/// A shared file's id never chooses where the app writes; this keeps it
/// from even looking like a path.
#[must_use]
pub fn is_template_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_TEMPLATE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// A template id made from any text (a title, a file name): lower-case
/// ASCII letters and digits kept, every other run of characters one `-`,
/// at most [`MAX_TEMPLATE_ID`] long; `template` when nothing is left.
#[must_use]
pub fn template_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(MAX_TEMPLATE_ID);
    let out = out.trim_matches('-');
    if out.is_empty() {
        "template".to_owned()
    } else {
        out.to_owned()
    }
}

/// Saves a user's template in `dir` (made if missing) under a file name the
/// app derives from the id, never from anything else in the file: the id
/// itself (it is a slug) with `.ron`, or `-2`, `-3`... when that name holds
/// another template. A file holding the same id is replaced (an update).
/// The path is checked to be directly inside `dir` before anything is
/// written. Returns the path written.
///
/// # Errors
/// An id that is not a slug ([`is_template_id`]), no free name, or the
/// folder or file could not be written.
pub fn save_user_template(dir: &Path, t: &Template) -> Result<PathBuf, SaveError> {
    let refuse = |reason: String| SaveError::Refused {
        path: dir.to_path_buf(),
        reason,
    };
    if !is_template_id(&t.id) {
        return Err(refuse(format!(
            "the template id \"{}\" is not allowed: ids are 1 to {MAX_TEMPLATE_ID} lower-case \
             letters (a-z), digits and dashes",
            t.id.escape_debug()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|source| SaveError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let io = |source| SaveError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let dir = std::fs::canonicalize(dir).map_err(io)?;
    for n in 1..=1000 {
        let name = if n == 1 {
            format!("{}.ron", t.id)
        } else {
            format!("{}-{n}.ron", t.id)
        };
        let path = dir.join(&name);
        if path.parent() != Some(dir.as_path()) || path.file_name() != Some(name.as_ref()) {
            return Err(refuse(format!(
                "{name} is not a file name inside the folder"
            )));
        }
        let free = match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => return Err(io(e)),
            // Only a regular file holding the same template is replaced.
            Ok(m) => m.is_file() && load_template(&path).is_ok_and(|old| old.id == t.id),
        };
        if free {
            save_template(&path, t)?;
            return Ok(path);
        }
    }
    Err(refuse(format!(
        "no free file name for the template \"{}\" in the folder",
        t.id
    )))
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
            ..crate::model::ExpectedMetrics::default()
        },
        follow_ups: Vec::new(),
        rubric: Vec::new(),
        follow_up_keys: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(id: &str) -> Template {
        let mut t = template_from_board(&Board::new("T"), id);
        t.title = format!("title of {id}");
        t
    }

    #[test]
    fn ids_are_slugs_only() {
        for ok in ["a", "fraud-detection", "my-feed-v2", "x1-2-3"] {
            assert!(is_template_id(ok), "{ok}");
        }
        let long = "a".repeat(MAX_TEMPLATE_ID + 1);
        for bad in [
            "", "-a", "a-", "A", "a_b", "a/b", "..", "../x", "a.ron", "é", "a b", &long,
        ] {
            assert!(!is_template_id(bad), "{bad}");
        }
    }

    #[test]
    fn slugs_of_any_text_are_ids() {
        assert_eq!(template_slug("My Feed v2"), "my-feed-v2");
        assert_eq!(template_slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(template_slug("推荐系统"), "template");
        assert_eq!(template_slug("  --  "), "template");
        for text in ["a/b\\c", "ÀÉÎ õ", &"x-".repeat(100), "-lead", "trail-"] {
            assert!(is_template_id(&template_slug(text)), "{text}");
        }
    }

    #[test]
    fn a_user_template_is_written_inside_its_folder_under_its_id() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("templates");
        let p = save_user_template(&dir, &template("fraud")).unwrap();
        assert_eq!(p.file_name().unwrap(), "fraud.ron");
        assert_eq!(p.parent().unwrap(), std::fs::canonicalize(&dir).unwrap());
        // The same id again replaces it (an update), nothing new.
        let again = save_user_template(&dir, &template("fraud")).unwrap();
        assert_eq!(again, p);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn a_name_holding_another_template_or_file_gets_a_suffix() {
        let dir = tempfile::tempdir().unwrap();
        // Someone's file under the name, not a template of this id.
        std::fs::write(dir.path().join("fraud.ron"), "not a template").unwrap();
        let p = save_user_template(dir.path(), &template("fraud")).unwrap();
        assert_eq!(p.file_name().unwrap(), "fraud-2.ron");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("fraud.ron")).unwrap(),
            "not a template"
        );
        // A template of another id renamed by hand to fraud-3.ron is kept.
        save_template(&dir.path().join("fraud-3.ron"), &template("other")).unwrap();
        std::fs::remove_file(&p).unwrap();
        save_template(&dir.path().join("fraud-2.ron"), &template("also-other")).unwrap();
        let p = save_user_template(dir.path(), &template("fraud")).unwrap();
        assert_eq!(p.file_name().unwrap(), "fraud-4.ron");
    }

    #[test]
    fn path_like_ids_are_refused_and_nothing_is_written() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("templates");
        for id in ["../../victim/board", "/tmp/x", "a/b", ".."] {
            let e = save_user_template(&dir, &template(id)).unwrap_err();
            assert!(e.to_string().contains("not allowed"), "{e}");
        }
        assert!(!dir.exists(), "not even the folder");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
