//! Crash recovery in the app: the journal is offered at start, a restored
//! board is unsaved and journaled again as it changes, saving removes the
//! entry, and discarding asks first.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use mlsd_board::app::AppOptions;
use mlsd_board::io::{BoardFile, Journal};
use mlsd_board::model::generate::grid_board;

#[test]
fn restore_then_autosave_then_save_clears_the_journal() {
    let rec = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("lost.ron");
    let board = grid_board(4, 3, 9);
    let journal = Journal::new(rec.path());
    journal
        .write("board-1-1", Some(&path), 1, &BoardFile::new(board.clone()))
        .unwrap();

    let mut h = common::ui::harness(AppOptions {
        recovery_dir: Some(rec.path().to_path_buf()),
        ..AppOptions::default()
    });
    assert!(matches!(
        h.state().ui.dialog,
        Some(mlsd_board::app::Dialog::Recover(_))
    ));
    h.get_by_label("Restore").click();
    h.run();
    assert!(h.state().ui.dialog.is_none());
    assert_eq!(h.state().doc.board, board);
    assert_eq!(h.state().doc.path.as_deref(), Some(path.as_path()));
    assert!(h.state().doc.is_dirty(), "a restored board is unsaved");
    // Within about a second the open board is in the journal again (the
    // file is written on a background thread: give it a moment).
    h.run_steps(70);
    let start = std::time::Instant::now();
    while journal.list().0.is_empty() && start.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let (found, errors) = journal.list();
    assert!(errors.is_empty());
    assert_eq!(
        found.len(),
        1,
        "the restored board is journaled under its new key"
    );
    assert_eq!(found[0].entry.file.board, board);
    // Saving leaves nothing to recover.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(5);
    assert!(!h.state().doc.is_dirty());
    assert!(
        journal.list().0.is_empty(),
        "saved: the journal entry is gone"
    );
    assert!(path.exists());
}

#[test]
fn discarding_a_recovered_board_asks_first() {
    let rec = tempfile::tempdir().unwrap();
    let journal = Journal::new(rec.path());
    journal
        .write("board-2-7", None, 1, &BoardFile::new(grid_board(2, 1, 3)))
        .unwrap();
    let mut h = common::ui::harness(AppOptions {
        recovery_dir: Some(rec.path().to_path_buf()),
        ..AppOptions::default()
    });
    h.get_by_label("Discard…").click();
    h.run();
    assert!(matches!(
        h.state().ui.dialog,
        Some(mlsd_board::app::Dialog::ConfirmDiscard(..))
    ));
    assert_eq!(
        journal.list().0.len(),
        1,
        "nothing is gone before the confirmation"
    );
    h.get_by_label("Discard").click();
    h.run();
    assert!(journal.list().0.is_empty());
    assert!(h.state().ui.dialog.is_none());
}
