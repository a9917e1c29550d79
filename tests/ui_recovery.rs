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
        Some(mlsd_board::app::Dialog::Recover(..))
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

/// Steps `h` (its autosave runs in frames) until `journal` holds `n`
/// readable entries, for at most 5 s.
fn wait_for_entries(
    h: &mut egui_kittest::Harness<'_, mlsd_board::app::MlsdApp>,
    journal: &Journal,
    n: usize,
) {
    let start = std::time::Instant::now();
    while journal.list().0.len() != n {
        assert!(
            start.elapsed().as_secs() < 5,
            "the journal holds {} entries, not {n}",
            journal.list().0.len()
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn app_on(rec: &std::path::Path) -> egui_kittest::Harness<'static, mlsd_board::app::MlsdApp> {
    common::ui::harness(AppOptions {
        recovery_dir: Some(rec.to_path_buf()),
        ..AppOptions::default()
    })
}

/// Issue #20, 4: a second instance took the first one's live journal for
/// a crash's, offered it, and Discard deleted it. Now it is not offered
/// while the first runs; once the first is gone (its lock with it) it is.
#[test]
fn a_second_instance_leaves_a_live_instances_journal_alone() {
    let rec = tempfile::tempdir().unwrap();
    let journal = Journal::new(rec.path());
    let mut first = app_on(rec.path());
    assert!(first.state().ui.dialog.is_none());
    common::ui::quick_add(&mut first, "ranker");
    wait_for_entries(&mut first, &journal, 1);
    let second = app_on(rec.path());
    assert!(
        second.state().ui.dialog.is_none(),
        "not offered: {:?}",
        second.state().ui.dialog
    );
    drop(second);
    assert_eq!(journal.list().0.len(), 1, "the live journal is untouched");
    // The first instance dies (its lock goes with it; the entry stays).
    drop(first);
    assert_eq!(journal.list().0.len(), 1);
    let third = app_on(rec.path());
    assert!(
        matches!(
            &third.state().ui.dialog,
            Some(mlsd_board::app::Dialog::Recover(list, _)) if list.len() == 1
        ),
        "{:?}",
        third.state().ui.dialog
    );
    // While the third decides, a fourth does not offer it too.
    let fourth = app_on(rec.path());
    assert!(fourth.state().ui.dialog.is_none());
}

/// Issue #20, 5: an instance with a reused process id overwrote an earlier
/// instance's unrecovered board. Keys are unique per instance now: "Decide
/// later", edit, and the earlier board is still there beside the new one.
#[test]
fn deciding_later_and_editing_never_overwrites_an_unrecovered_board() {
    let rec = tempfile::tempdir().unwrap();
    let journal = Journal::new(rec.path());
    // What an instance of the old naming left: board-<pid>-<n>.
    let pid_key = format!("board-{}-1", std::process::id());
    journal
        .write(&pid_key, None, 1, &BoardFile::new(grid_board(3, 1, 2)))
        .unwrap();
    let mut h = app_on(rec.path());
    h.get_by_label("Decide later").click();
    h.run();
    common::ui::quick_add(&mut h, "ranker");
    wait_for_entries(&mut h, &journal, 2);
    let (found, _) = journal.list();
    let old = found
        .iter()
        .find(|r| r.key == pid_key)
        .expect("still there");
    assert_eq!(old.entry.file.board, grid_board(3, 1, 2));
}

/// Issue #20, 3: the entry was deleted at Restore and written again only
/// after the next change, so a kill in between lost the board. Now the
/// entry is on disk under the new key when Restore returns.
#[test]
fn a_restored_board_is_in_the_journal_the_moment_it_is_restored() {
    let rec = tempfile::tempdir().unwrap();
    let journal = Journal::new(rec.path());
    let board = grid_board(4, 2, 5);
    journal
        .write("board-gone-3", None, 1, &BoardFile::new(board.clone()))
        .unwrap();
    let mut h = app_on(rec.path());
    h.state_mut().restore("board-gone-3");
    // No frame has run: this is what a kill right now would leave.
    let (found, errors) = journal.list();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found.iter().map(|r| &r.key).collect::<Vec<_>>()
    );
    assert_ne!(
        found[0].key, "board-gone-3",
        "rewritten under this instance's key"
    );
    assert_eq!(found[0].entry.file.board, board);
    // A new instance after the "kill" (this one dropped) offers it.
    drop(h);
    let again = app_on(rec.path());
    assert!(matches!(
        &again.state().ui.dialog,
        Some(mlsd_board::app::Dialog::Recover(list, _)) if list.len() == 1
    ));
}

/// A recovery file that cannot be read is shown in the dialog with its
/// path and reason, and kept.
#[test]
fn an_unreadable_recovery_file_is_shown_and_kept() {
    let rec = tempfile::tempdir().unwrap();
    let bad = rec.path().join("board-gone-1.journal.ron");
    std::fs::write(
        &bad,
        "(saved_path: None, file: (board: (elements: [Component((id: 1, pos: (x: inf, y: 0)))])))",
    )
    .unwrap();
    let h = app_on(rec.path());
    match &h.state().ui.dialog {
        Some(mlsd_board::app::Dialog::Recover(list, unreadable)) => {
            assert!(list.is_empty());
            assert_eq!(unreadable.len(), 1);
            assert!(
                unreadable[0].0.contains("board-gone-1.journal.ron"),
                "{unreadable:?}"
            );
            assert!(!unreadable[0].1.is_empty());
        }
        other => panic!("expected the recovery dialog, got {other:?}"),
    }
    assert!(h.query_by_label_contains("could not be read").is_some());
    assert!(
        h.query_by_label_contains("board-gone-1.journal.ron")
            .is_some()
    );
    drop(h);
    assert!(bad.exists(), "kept");
}

/// A board recovered after its file was changed by someone else: saving
/// there asks first (Overwrite, Save As, Cancel).
#[test]
fn saving_a_recovered_board_over_a_file_changed_since_asks_first() {
    let rec = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("shared.ron");
    mlsd_board::io::save_path(&path, &BoardFile::new(grid_board(2, 2, 1))).unwrap();
    let journal = Journal::new(rec.path());
    journal
        .write(
            "board-gone-2",
            Some(&path),
            1,
            &BoardFile::new(grid_board(5, 1, 7)),
        )
        .unwrap();
    // Someone else saves the file after the journal was written.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, "someone else's newer board").unwrap();
    let mut h = app_on(rec.path());
    h.get_by_label("Restore").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(
        matches!(
            h.state().ui.dialog,
            Some(mlsd_board::app::Dialog::ChangedOnDisk(_))
        ),
        "{:?}",
        h.state().ui.dialog
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "someone else's newer board"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "someone else's newer board"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert!(!h.state().doc.is_dirty());
    assert_eq!(
        mlsd_board::io::load_path(&path)
            .unwrap()
            .file
            .board
            .counts()
            .components,
        grid_board(5, 1, 7).counts().components
    );
}

/// Issue #20, 6: saving over a read-only file replaced it. Now Ctrl+S says
/// why it did not save and offers Save As, which writes elsewhere.
#[test]
#[cfg(unix)]
fn saving_over_a_read_only_file_is_refused_and_offers_save_as() {
    use std::os::unix::fs::PermissionsExt;
    let files = tempfile::tempdir().unwrap();
    let locked = files.path().join("locked.ron");
    mlsd_board::io::save_path(&locked, &BoardFile::new(grid_board(2, 1, 1))).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&locked).unwrap();
    let elsewhere = files.path().join("copy.ron");
    let mut chooser = mlsd_board::app::files::ScriptedChooser::default();
    chooser
        .answers
        .push_back(mlsd_board::app::files::Picked::Path(elsewhere.clone()));
    let mut h = common::ui::harness(AppOptions {
        chooser: Box::new(chooser),
        ..AppOptions::default()
    });
    assert!(h.state_mut().open_path(&locked));
    common::ui::quick_add(&mut h, "ranker");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    match &h.state().ui.dialog {
        Some(mlsd_board::app::Dialog::SaveFailed { text, .. }) => {
            assert!(text.contains("read-only"), "{text}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(std::fs::read(&locked).unwrap(), before, "left as it was");
    assert!(h.state().doc.is_dirty());
    h.get_by_label("Save As…").click();
    h.run();
    assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    assert!(!h.state().doc.is_dirty());
    assert_eq!(
        mlsd_board::io::load_path(&elsewhere)
            .unwrap()
            .file
            .board
            .counts()
            .components,
        3
    );
}
