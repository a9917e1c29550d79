//! Kills a process in the middle of repeated saves, many times, and checks
//! that the file left behind always loads and equals one of the versions
//! that were written: atomic save never leaves a torn file.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mlsd_board::io::{BoardFile, load_path, save_path};
use mlsd_board::model::{Board, generate::grid_board};

const CHILD_ENV: &str = "MLSD_CRASH_TEST_FILE";

/// Version `k` of the board the child saves over and over.
fn version(k: u64) -> Board {
    let mut b = grid_board(200 + (k % 5) as usize * 60, 300, k);
    b.meta.title = format!("version {k}");
    b
}

#[test]
#[ignore = "helper: run as a child process by saves_survive_being_killed"]
fn child_saves_forever() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let path = Path::new(&path);
    for k in 0.. {
        save_path(path, &BoardFile::new(version(k))).unwrap();
    }
}

#[test]
fn saves_survive_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut seen_versions = std::collections::BTreeSet::new();
    let iterations = 40;
    for i in 0..iterations {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_saves_forever",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it start and save a while, then kill it at a pseudo-random moment.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(30 + seed % 120);
        let t = Instant::now();
        while t.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if !path.exists() {
            assert!(i < 3, "the child never managed a first save");
            continue;
        }
        let loaded =
            load_path(&path).unwrap_or_else(|e| panic!("iteration {i}: the file is torn: {e}"));
        let title = &loaded.file.board.meta.title;
        let k: u64 = title
            .strip_prefix("version ")
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("unexpected title {title}"));
        assert_eq!(
            loaded.file.board,
            version(k),
            "iteration {i}: not version {k}"
        );
        seen_versions.insert(k);
    }
    assert!(
        seen_versions.len() > 5,
        "kills should land on many different versions, saw {seen_versions:?}"
    );
}

/// Issue #20, 6: a root-owned 644 board in a user's folder was replaced by
/// a save of that user and became theirs. Run as root (as CI is), this
/// saves as the unprivileged user `nobody` (setpriv) over a root-owned
/// file in a folder `nobody` may write: refused, the file left as it was.
#[test]
#[cfg(unix)]
fn another_users_file_is_not_replaced() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let root = process_uid();
    if root != 0 || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to act as another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let board = dir.path().join("board.ron");
    save_path(&board, &BoardFile::new(version(1))).unwrap();
    std::fs::set_permissions(&board, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = std::fs::read(&board).unwrap();
    // The binary where `nobody` may run it.
    let exe = dir.path().join("mlsd-board");
    std::fs::copy(env!("CARGO_BIN_EXE_mlsd-board"), &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&exe)
        .args(["new", "--template", "video-recommendation", "-o"])
        .arg(&board)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("you may not write this file"), "{text}");
    assert_eq!(std::fs::read(&board).unwrap(), before);
    assert_eq!(std::fs::metadata(&board).unwrap().uid(), 0, "still root's");
}

/// This process's user id, read from /proc (no unsafe libc call).
fn process_uid() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|l| l.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(u32::MAX)
}
