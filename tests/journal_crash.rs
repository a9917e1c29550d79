//! The recovery journal under SIGKILL: a child edits a board and journals
//! it as the app does; killed at random moments, what it leaves always
//! loads and holds every edit made more than a second before it died.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mlsd_board::io::{Autosave, BoardFile, Journal};
use mlsd_board::model::{Board, Component, Element, Point};
use mlsd_board::ops::{History, Op};

const CHILD_ENV: &str = "MLSD_JOURNAL_TEST_DIR";

fn ms_since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[test]
#[ignore = "helper: run as a child process by journal_survives_sigkill"]
fn child_edits_and_journals() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let journal = Journal::new(std::path::Path::new(&dir));
    let start = Instant::now();
    let mut board = Board::new("journal");
    let mut history = History::default();
    let mut autosave = Autosave::default();
    for k in 1u64.. {
        let e = Element::Component(Component {
            id: board.alloc_id(),
            label: format!("edit {k}"),
            pos: Point::new(k as f32 * 10.0, 0.0),
            ..Component::default()
        });
        let op = Op::add_on_top(&board, e);
        history.apply(&mut board, "Add", vec![op]).unwrap();
        // Tell the parent, before anything else, that edit k exists now.
        println!("{k} {}", ms_since(start));
        let rev = history.revision();
        if autosave.due(rev, ms_since(start)) {
            let count = board.counts().components as u64;
            journal
                .write("child", None, count, &BoardFile::new(board.clone()))
                .unwrap();
            autosave.written(rev);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn journal_survives_sigkill() {
    // Right after a build the disk holds gigabytes of unwritten pages, and
    // the child's first fsync would wait for them: flush them first, so the
    // timings below are the journal's own.
    let _ = Command::new("sync").status();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut checked = 0;
    for i in 0..15 {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_edits_and_journals",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(1100 + seed % 900);
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // The edits the child reported, with their times.
        let out = child.stdout.take().unwrap();
        let edits: Vec<(u64, u64)> = BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| {
                let mut it = l.split_whitespace();
                Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
            })
            .collect();
        let Some(&(_, last_t)) = edits.last() else {
            continue;
        };
        let (found, errors) = Journal::new(dir.path()).list();
        assert!(
            errors.is_empty(),
            "iteration {i}: a torn journal: {errors:?}"
        );
        let entry = &found
            .first()
            .unwrap_or_else(|| panic!("iteration {i}: nothing to recover after {last_t} ms"))
            .entry;
        let journaled = entry.file.board.counts().components as u64;
        assert_eq!(journaled, entry.sequence);
        // Every edit made more than a second before the child was last seen
        // alive is in the journal.
        let must_have = edits
            .iter()
            .filter(|(_, t)| *t + 1000 <= last_t)
            .map(|(k, _)| *k)
            .max()
            .unwrap_or(0);
        assert!(
            journaled >= must_have,
            "iteration {i}: journal has {journaled} edits, should have at least {must_have}"
        );
        checked += 1;
    }
    assert!(
        checked >= 12,
        "most iterations got far enough to check ({checked})"
    );
}
