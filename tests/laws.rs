//! Property tests for the board core's laws: save/load round trips, undo of
//! everything returns the start, undo then redo returns the same board, and
//! replaying the log gives the live board.

mod common;

use std::path::Path;

use common::{arb_action, arb_board, perform, recorded_file};
use mlsd_board::io::{BoardFile, load_bytes, load_path, save_path, to_ron};
use mlsd_board::ops::History;
use mlsd_board::session::replay;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn save_then_load_gives_an_equal_board(board in arb_board()) {
        let text = to_ron(&BoardFile::new(board.clone())).unwrap();
        let loaded = load_bytes(text.as_bytes(), Path::new("prop.ron")).unwrap();
        prop_assert!(loaded.repairs.is_empty(), "repairs: {:?}", loaded.repairs);
        prop_assert_eq!(&loaded.file.board, &board);
        prop_assert_eq!(loaded.file.board.next_id, board.next_id);
    }

    #[test]
    fn undo_of_everything_returns_the_start_and_redo_the_end(
        start in arb_board(),
        actions in prop::collection::vec(arb_action(), 0..30),
    ) {
        let mut board = start.clone();
        let mut history = History::default();
        for a in &actions {
            perform(&mut board, &mut history, a);
        }
        let end = board.clone();
        let entries_before_undo = history.entries().len();
        while history.undo(&mut board) {}
        prop_assert_eq!(&board, &start);
        prop_assert!(history.entries().len() >= entries_before_undo, "undo never deletes from the log");
        while history.redo(&mut board) {}
        prop_assert_eq!(&board, &end);
        // The log replays onto the start board to the live board.
        let replayed = replay(&start, history.entries(), None).unwrap();
        prop_assert_eq!(&replayed, &board);
    }

    #[test]
    fn undo_then_redo_is_the_same_board(
        start in arb_board(),
        actions in prop::collection::vec(arb_action(), 1..20),
        undos in 1usize..5,
    ) {
        let mut board = start;
        let mut history = History::default();
        for a in &actions {
            perform(&mut board, &mut history, a);
        }
        for _ in 0..undos {
            let before = board.clone();
            if !history.undo(&mut board) {
                break;
            }
            prop_assert!(history.redo(&mut board));
            prop_assert_eq!(&board, &before);
            history.undo(&mut board);
        }
    }

    #[test]
    fn a_board_with_its_session_round_trips_through_a_file(
        start in arb_board(),
        actions in prop::collection::vec(arb_action(), 0..15),
    ) {
        let file = recorded_file(start, &actions);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.ron");
        save_path(&path, &file).unwrap();
        let loaded = load_path(&path).unwrap();
        prop_assert!(loaded.repairs.is_empty(), "repairs: {:?}", loaded.repairs);
        prop_assert_eq!(loaded.file, file);
    }
}
