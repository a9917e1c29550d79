//! Issue #20, 2: the journal stored the board's path as it was typed
//! (relative), so an app restarted from another folder restored the board
//! over that folder's file of the same name. Paths are absolute now.
//!
//! Alone in its own test binary: it changes the working directory, which
//! is the whole process's.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use mlsd_board::app::AppOptions;
use mlsd_board::io::{BoardFile, Journal, load_path, save_path};
use mlsd_board::model::generate::grid_board;

#[test]
fn a_board_restored_from_another_folder_saves_to_its_own_file() {
    let rec = tempfile::tempdir().unwrap();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    save_path(
        &a.path().join("board.ron"),
        &BoardFile::new(grid_board(2, 1, 1)),
    )
    .unwrap();
    save_path(
        &b.path().join("board.ron"),
        &BoardFile::new(grid_board(3, 3, 2)),
    )
    .unwrap();
    let b_before = std::fs::read(b.path().join("board.ron")).unwrap();
    let options = || AppOptions {
        recovery_dir: Some(rec.path().to_path_buf()),
        ..AppOptions::default()
    };

    // In folder A: open board.ron by its relative name, edit, "crash".
    std::env::set_current_dir(a.path()).unwrap();
    let mut h = common::ui::harness(options());
    assert!(h.state_mut().open_path(std::path::Path::new("board.ron")));
    assert!(h.state().doc.path.as_deref().unwrap().is_absolute());
    common::ui::quick_add(&mut h, "ranker");
    let journal = Journal::new(rec.path());
    let start = std::time::Instant::now();
    while journal.list().0.is_empty() {
        assert!(start.elapsed().as_secs() < 5, "never journaled");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(h);

    // Started again from folder B, which has its own board.ron.
    std::env::set_current_dir(b.path()).unwrap();
    let mut h = common::ui::harness(options());
    h.get_by_label("Restore").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    assert!(!h.state().doc.is_dirty());
    assert_eq!(
        std::fs::read(b.path().join("board.ron")).unwrap(),
        b_before,
        "B's board is untouched"
    );
    let saved = load_path(&a.path().join("board.ron")).unwrap().file.board;
    assert_eq!(saved.counts().components, 3, "A's board has the edit");
    std::env::set_current_dir(std::env::temp_dir()).unwrap();
}
