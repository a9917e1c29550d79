//! Timed sessions with a manual clock: replaying the log gives the live
//! board, seek(t) gives the board that was live at t, pauses do not count,
//! and the report's figures for a scripted session are exact.

mod common;

use std::sync::Arc;

use common::{arb_action, arb_board, perform};
use mlsd_board::model::{Board, Component, Element, Framework};
use mlsd_board::ops::{History, Op};
use mlsd_board::session::report::{markdown, report};
use mlsd_board::session::{Event, ManualClock, Player};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn seek_gives_the_board_that_was_live_then(
        start in arb_board(),
        steps in prop::collection::vec((arb_action(), 0u64..3_000), 1..40),
        probes in prop::collection::vec(0u64..150_000, 1..10),
    ) {
        let clock = ManualClock::at(5_000);
        let mut history = History::with_clock(Arc::new(clock.clone()));
        let mut board = start.clone();
        // (time, board live from then on)
        let mut live: Vec<(u64, Board)> = vec![(0, start.clone())];
        for (action, dt) in &steps {
            clock.advance(*dt);
            perform(&mut board, &mut history, action);
            if !history.entries().is_empty() && *dt % 7 == 0 {
                history.undo(&mut board);
            }
            let t = history.log().elapsed_ms();
            match live.last_mut() {
                Some((lt, b)) if *lt == t => *b = board.clone(),
                _ => live.push((t, board.clone())),
            }
        }
        let player = Player::new(&start, history.entries()).unwrap();
        prop_assert_eq!(&player.board_after(history.entries().len()), &board, "the whole log gives the live board");
        for t in probes {
            let want = &live.iter().rev().find(|(lt, _)| *lt <= t).unwrap().1;
            prop_assert_eq!(&player.seek(t), want, "at t = {}", t);
        }
    }
}

fn framework() -> Framework {
    Framework::builtin().unwrap().remove(0)
}

fn add(history: &mut History, board: &mut Board, label: &str) {
    let e = Element::Component(Component {
        id: board.alloc_id(),
        kind: "ranker".to_owned(),
        label: label.to_owned(),
        ..Component::default()
    });
    let op = Op::add_on_top(board, e);
    history.apply(board, label, vec![op]).unwrap();
}

#[test]
fn a_scripted_session_reports_exact_figures_and_pauses_do_not_count() {
    let clock = ManualClock::at(0);
    let mut h = History::with_clock(Arc::new(clock.clone()));
    let mut b = Board::new("session");
    h.record(Event::StepChanged("clarify".to_owned()));
    clock.advance(60_000);
    add(&mut h, &mut b, "a"); // clarify: 1 edit at 1:00
    clock.advance(30_000);
    h.record(Event::Paused); // at 1:30
    clock.advance(600_000); // 10 minutes away: not counted
    h.record(Event::Resumed); // at 11:30
    clock.advance(30_000);
    h.record(Event::StepChanged("framing".to_owned())); // clarify spent 2:00
    clock.advance(10_000);
    add(&mut h, &mut b, "b");
    add(&mut h, &mut b, "c");
    h.undo(&mut b); // framing: 3 edits
    h.record(Event::PromptShown(
        "How do you handle cold start?".to_owned(),
    ));
    clock.advance(50_000);
    h.record(Event::StepChanged("data".to_owned())); // framing spent 1:00
    clock.advance(45 * 60_000); // data: 45:00, well over
    h.record(Event::Finished);
    clock.advance(99_000); // after finishing: not counted
    add(&mut h, &mut b, "late");

    let r = report(h.entries(), &framework());
    let step = |id: &str| r.steps.iter().find(|s| s.id == id).unwrap().clone();
    assert_eq!(step("clarify").spent_ms, 120_000);
    assert_eq!(step("clarify").edits, 1);
    assert_eq!(step("framing").spent_ms, 60_000);
    assert_eq!(step("framing").edits, 3);
    assert_eq!(step("data").spent_ms, 45 * 60_000);
    assert_eq!(step("model").spent_ms, 0);
    assert_eq!(r.pauses, 1);
    assert_eq!(r.paused_ms, 600_000);
    assert_eq!(r.active_ms, 120_000 + 60_000 + 45 * 60_000);
    assert_eq!(r.budget_ms, 45 * 60_000);
    assert_eq!(r.overtime_ms, 180_000);
    assert_eq!(
        r.prompts,
        vec![(
            12 * 60_000 + 10_000,
            "How do you handle cold start?".to_owned()
        )]
    );
    assert!(r.finished);
    let md = markdown(&r, "Video recommendation", Some(0.42));
    assert!(
        md.contains("| Clarify requirements | 2:00 | 5:00 | 1 |"),
        "{md}"
    );
    assert!(
        md.contains("| Data preparation | 45:00 (over) | 8:00 | 0 |"),
        "{md}"
    );
    assert!(md.contains("overtime 3:00"), "{md}");
    assert!(md.contains("Coverage of the reference design: 42%"), "{md}");
}
