//! Issue #19: the practice journal across processes, and
//! `mlsd-board progress`.

use std::path::Path;
use std::process::Command;

use mlsd_board::cli::{Command as Cli, run};
use mlsd_board::practice::{Entry, Mode, PracticeJournal, StepGrade, StepTime};

const CHILD_ENV: &str = "MLSD_TEST_JOURNAL_CHILD";
const PER_CHILD: usize = 25;

/// Run by [`two_app_instances_appending_at_once_lose_nothing`] in a child
/// process: appends `PER_CHILD` entries to the journal the environment
/// names, as an app instance finishing sessions would.
#[test]
#[ignore = "run as a child process by two_app_instances_appending_at_once_lose_nothing"]
fn journal_child_appender() {
    let path = std::env::var(CHILD_ENV).expect("the journal's path");
    let (path, tag) = path.split_once('|').expect("path|tag");
    let j = PracticeJournal::new(path);
    for i in 0..PER_CHILD {
        j.append(Entry {
            at: 1_700_000_000 + i as i64,
            case: format!("{tag}-{i}"),
            ..Entry::default()
        })
        .unwrap();
    }
}

#[test]
fn two_app_instances_appending_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["a", "b"]
        .iter()
        .map(|tag| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "journal_child_appender",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, format!("{}|{tag}", path.display()))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let read = PracticeJournal::new(&path).read().unwrap();
    assert_eq!(read.damaged, 0);
    assert_eq!(read.entries.len(), 2 * PER_CHILD, "no entry lost");
    for tag in ["a", "b"] {
        for i in 0..PER_CHILD {
            let case = format!("{tag}-{i}");
            assert!(read.entries.iter().any(|e| e.case == case), "{case} kept");
        }
    }
    let mut ids: Vec<u64> = read.entries.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2 * PER_CHILD, "ids are unique");
}

fn seed(path: &Path, now: i64) {
    let j = PracticeJournal::new(path);
    for (days_ago, grade) in [(9, 0.35), (2, 0.7)] {
        j.append(Entry {
            at: now - days_ago * 86_400,
            case: "visual-search".to_owned(),
            case_title: "Visual search".to_owned(),
            mode: Mode::Session,
            overall: Some(grade),
            steps: vec![StepTime {
                id: "evaluation".to_owned(),
                title: "Evaluation".to_owned(),
                spent_s: 600,
                budget_s: 480,
            }],
            rubric: vec![StepGrade {
                step: "evaluation".to_owned(),
                grade: 0.25,
                missed: vec!["Online metric".to_owned()],
            }],
            ..Entry::default()
        })
        .unwrap();
    }
}

fn progress(journal: &Path, json: bool) -> (u8, String) {
    let mut out = Vec::new();
    let code = run(
        &Cli::Progress {
            json,
            journal: Some(journal.to_path_buf()),
        },
        &mut out,
    );
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn progress_prints_the_journal_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    // No journal yet: it says how to make one.
    let (code, text) = progress(&path, false);
    assert_eq!(code, 0);
    assert!(text.contains("No practice yet"), "{text}");
    seed(&path, mlsd_board::practice::unix_now());
    let (code, text) = progress(&path, false);
    assert_eq!(code, 0);
    assert!(text.contains("2 practices: 2 timed sessions"), "{text}");
    assert!(text.contains("Visual search: 2 practices"), "{text}");
    assert!(
        text.contains("Evaluation: 10:00 / 8:00, over in 2 of 2"),
        "{text}"
    );
    assert!(text.contains("2x Online metric"), "{text}");
    assert!(text.contains("Never practised:"), "{text}");
    let (code, json) = progress(&path, true);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["entries"], 2);
    assert_eq!(v["cases"][0]["case"], "visual-search");
    assert_eq!(v["cases"][0]["grades"].as_array().unwrap().len(), 2);
    // The built-in cases other than visual search were never practised.
    assert_eq!(v["never"].as_array().unwrap().len(), 9);
    // The evaluation step, missed in both sessions, is due now.
    let due = v["due"].as_array().unwrap();
    let eval = due
        .iter()
        .find(|d| d["step"] == "evaluation" && d["case"] == "visual-search")
        .unwrap_or_else(|| panic!("{due:?}"));
    // It names the decision missed last time.
    assert!(
        eval["why"]
            .as_str()
            .unwrap()
            .ends_with("missed “Online metric”"),
        "{eval}"
    );
}

#[test]
fn an_unreadable_journal_is_an_error_message() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the journal should be.
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let (code, text) = progress(&folder, false);
    assert_eq!(code, 1);
    assert!(
        text.starts_with("error: The practice journal could not be read"),
        "{text}"
    );
}
