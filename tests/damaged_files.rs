//! The corpus of damaged and hostile board files in `tests/fixtures/`: each
//! gives its expected typed error or repair, none panics, and
//! `mlsd-board check` reports each on one line with exit status 0 or 1.

use std::path::{Path, PathBuf};
use std::process::Command;

use mlsd_board::io::{LoadError, MAX_FILE_BYTES, Repair, load_path};

#[derive(Debug)]
enum Expect {
    Ok(&'static [&'static str]),
    Empty,
    NotText,
    Syntax,
    TooDeep,
    Newer,
    BadNumber,
}

/// Every fixture and what loading it must give. Repairs are named by the
/// start of their variant's debug form.
const CORPUS: &[(&str, Expect)] = &[
    ("ok-example.ron", Expect::Ok(&[])),
    ("empty.ron", Expect::Empty),
    ("whitespace-only.ron", Expect::Empty),
    ("truncated.ron", Expect::Syntax),
    ("random-bytes.ron", Expect::NotText),
    ("latin1-text.ron", Expect::NotText),
    ("nul-bytes.ron", Expect::Syntax),
    ("bom.ron", Expect::Ok(&[])),
    ("garbage-text.ron", Expect::Syntax),
    ("top-level-list.ron", Expect::Syntax),
    ("top-level-string.ron", Expect::Syntax),
    ("top-level-number.ron", Expect::Syntax),
    ("json-object.ron", Expect::Syntax),
    ("unclosed-string.ron", Expect::Syntax),
    ("deep-nesting.ron", Expect::TooDeep),
    ("deep-parens.ron", Expect::TooDeep),
    ("newer-format.ron", Expect::Newer),
    ("newer-format-new-shape.ron", Expect::Newer),
    ("negative-format.ron", Expect::Syntax),
    ("huge-coordinate.ron", Expect::BadNumber),
    ("huge-integer.ron", Expect::BadNumber),
    ("huge-id.ron", Expect::Syntax),
    ("beyond-limit-negative.ron", Expect::BadNumber),
    ("nan-coordinate.ron", Expect::BadNumber),
    ("infinite-size.ron", Expect::BadNumber),
    ("nan-arrow-end.ron", Expect::BadNumber),
    ("absurd-budget.ron", Expect::BadNumber),
    ("bad-color.ron", Expect::Syntax),
    ("wrong-field-type.ron", Expect::Syntax),
    ("duplicate-ids.ron", Expect::Ok(&["DuplicateIds(2)"])),
    ("dangling-arrows.ron", Expect::Ok(&["DanglingArrows(3)"])),
    ("arrow-to-arrow.ron", Expect::Ok(&["DanglingArrows(1)"])),
    ("unknown-element-kind.ron", Expect::Ok(&["UnknownKinds"])),
    ("unknown-fields.ron", Expect::Ok(&[])),
    ("missing-format.ron", Expect::Ok(&["MissingFormat"])),
    ("missing-ids.ron", Expect::Ok(&["MissingIds(3)"])),
    ("zero-size.ron", Expect::Ok(&["TinySizes(1)"])),
    (
        "session-not-replayable.ron",
        Expect::Ok(&["SessionNotReplayable"]),
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn every_fixture_is_in_the_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(CORPUS.len() >= 20);
}

#[test]
fn each_damaged_file_gives_its_typed_error_or_repair() {
    for (name, expect) in CORPUS {
        let path = fixture(name);
        let result = load_path(&path);
        let ok = match (&result, expect) {
            (Ok(l), Expect::Ok(repairs)) => {
                let got: Vec<String> = l.repairs.iter().map(|r| format!("{r:?}")).collect();
                got.len() == repairs.len()
                    && got
                        .iter()
                        .zip(repairs.iter())
                        .all(|(g, e)| g.starts_with(e))
            }
            (Err(LoadError::Empty { .. }), Expect::Empty)
            | (Err(LoadError::NotText { .. }), Expect::NotText)
            | (Err(LoadError::Syntax { .. }), Expect::Syntax)
            | (Err(LoadError::TooDeep { .. }), Expect::TooDeep)
            | (Err(LoadError::NewerFormat { .. }), Expect::Newer)
            | (Err(LoadError::BadNumber { .. }), Expect::BadNumber) => true,
            _ => false,
        };
        assert!(ok, "{name}: expected {expect:?}, got {result:?}");
        if let Err(e) = &result {
            let msg = e.to_string();
            assert!(
                msg.contains(name),
                "{name}: message does not name the file: {msg}"
            );
            assert!(!msg.contains('\n'), "{name}: message spans lines: {msg}");
        }
    }
}

#[test]
fn errors_point_at_the_line_and_column() {
    let e = load_path(&fixture("wrong-field-type.ron")).unwrap_err();
    assert_eq!(e.position().map(|(l, _)| l), Some(1));
    let msg = e.to_string();
    assert!(msg.contains("wrong-field-type.ron:1:"), "{msg}");
    let e = load_path(&fixture("latin1-text.ron")).unwrap_err();
    assert_eq!(
        e.position(),
        Some((1, 39)),
        "the column of the first byte that is not UTF-8"
    );
}

#[test]
fn repairs_keep_everything_and_fix_references() {
    let loaded = load_path(&fixture("duplicate-ids.ron")).unwrap();
    let b = &loaded.file.board;
    assert_eq!(b.counts().components, 2);
    assert_eq!(b.counts().notes, 2);
    let mut ids: Vec<u64> = b.elements().iter().map(|e| e.id().0).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5, "ids are unique after repair");
    assert!(b.next_id > *ids.last().unwrap());

    let loaded = load_path(&fixture("dangling-arrows.ron")).unwrap();
    for e in loaded.file.board.elements() {
        if let mlsd_board::model::Element::Arrow(a) = e {
            assert!(
                loaded.file.board.arrow_points(a).is_some(),
                "arrow {} is drawable",
                a.id
            );
            assert!(!a.label.is_empty() || a.id.0 == 3, "labels kept");
        }
    }
    let loaded = load_path(&fixture("unknown-element-kind.ron")).unwrap();
    assert_eq!(loaded.file.board.elements().len(), 1);
    assert!(matches!(&loaded.repairs[0], Repair::UnknownKinds(k) if k == &["Sticker", "Hologram"]));
}

/// A file one byte over the cap, made sparse so it costs no disk.
fn oversized_file(dir: &Path) -> PathBuf {
    let path = dir.join("oversized.ron");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    path
}

#[test]
fn an_oversized_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = oversized_file(dir.path());
    let e = load_path(&path).unwrap_err();
    assert!(
        matches!(e, LoadError::TooLarge { size, .. } if size == MAX_FILE_BYTES + 1),
        "{e:?}"
    );
    assert!(e.to_string().contains("oversized.ron"));
}

#[test]
fn a_folder_or_a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        load_path(dir.path()),
        Err(LoadError::NotAFile { .. })
    ));
    let e = load_path(&dir.path().join("nope.ron")).unwrap_err();
    assert!(matches!(e, LoadError::Io { .. }));
    assert!(e.to_string().contains("nope.ron"));
}

#[test]
fn check_reports_every_file_on_one_line_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let oversized = oversized_file(dir.path());
    let bin = env!("CARGO_BIN_EXE_mlsd-board");
    for (name, expect) in CORPUS {
        let out = Command::new(bin)
            .arg("check")
            .arg(fixture(name))
            .output()
            .unwrap();
        let code = out.status.code();
        let want = if matches!(expect, Expect::Ok(_)) {
            0
        } else {
            1
        };
        assert_eq!(code, Some(want), "{name}: {out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().count(), 1, "{name}: {stdout}");
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new(bin)
        .arg("check")
        .arg(&oversized)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Many files at once: one line each, status 1 because some fail.
    let mut cmd = Command::new(bin);
    cmd.arg("check");
    for (name, _) in CORPUS {
        cmd.arg(fixture(name));
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        CORPUS.len()
    );
}

#[test]
fn check_of_good_files_exits_zero_with_counts() {
    let bin = env!("CARGO_BIN_EXE_mlsd-board");
    let out = Command::new(bin)
        .args(["check"])
        .arg(fixture("ok-example.ron"))
        .arg(fixture("duplicate-ids.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("OK"), "{stdout}");
    assert!(
        lines[0].contains("3 components, 2 arrows, 1 notes, 1 frames"),
        "{stdout}"
    );
    assert!(lines[1].contains("repaired"), "{stdout}");
}

#[test]
fn the_documented_example_is_the_fixture_and_loads() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/file-format.md"))
            .unwrap();
    let start = doc.find("```ron\n").expect("a ron example in the doc") + 7;
    let end = start + doc[start..].find("```").unwrap();
    let example = &doc[start..end];
    let fixture_text = std::fs::read_to_string(fixture("ok-example.ron")).unwrap();
    assert_eq!(
        example, fixture_text,
        "docs/file-format.md and tests/fixtures/ok-example.ron differ"
    );
    let loaded = mlsd_board::io::load_bytes(example.as_bytes(), Path::new("doc")).unwrap();
    assert!(loaded.repairs.is_empty());
    let b = loaded.file.board;
    assert_eq!(b.meta.template.as_deref(), Some("video-recommendation"));
    assert!(b.checklist.is_done("clarify", "objective"));
    assert_eq!(b.framework.sum_of_budgets(), 10.0);
}
