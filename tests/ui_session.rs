//! A timed session driven through the app with a manual clock: start, add
//! components in two steps, finish, replay to the middle.

use std::sync::Arc;

mod common;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::files::{Picked, ScriptedChooser};
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::session::ManualClock;

fn app(clock: ManualClock, chooser: ScriptedChooser) -> Harness<'static, MlsdApp> {
    common::ui::harness(AppOptions {
        clock: Arc::new(clock),
        chooser: Box::new(chooser),
        ..AppOptions::default()
    })
}

fn quick_add(h: &mut Harness<'_, MlsdApp>, text: &str) {
    common::ui::quick_add(h, text);
    h.key_press(Key::Escape);
    h.run();
}

/// The app with the start screen and `clock`, and the index of the case
/// `id` among the templates (its card's Practice button).
fn practice_harness(clock: &ManualClock, id: &str) -> (Harness<'static, MlsdApp>, usize) {
    let h = common::ui::harness(AppOptions {
        clock: Arc::new(clock.clone()),
        show_start: true,
        ..AppOptions::default()
    });
    let i = h
        .state()
        .library
        .templates
        .iter()
        .position(|t| t.id == id)
        .unwrap();
    (h, i)
}

/// Runs a few frames (the timer bar repaints while a session runs).
fn frames(h: &mut Harness<'_, MlsdApp>) {
    h.run_steps(3);
}

#[test]
fn start_add_in_two_steps_finish_and_replay_to_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.ron");
    let mut chooser = ScriptedChooser::default();
    chooser.answers.push_back(Picked::Path(path.clone()));
    let clock = ManualClock::at(1_000_000);
    let mut h = app(clock.clone(), chooser);
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    assert!(h.state().session.running);
    assert!(
        h.query_by_label_contains("Step 1/8 Clarify requirements")
            .is_some()
    );

    clock.advance(60_000);
    quick_add(&mut h, "kafka");
    clock.advance(120_000);
    frames(&mut h);
    assert!(
        h.query_by_label_contains("3:00 of 45:00").is_none(),
        "time moves: 42:00 left"
    );
    assert!(h.query_by_label_contains("42:00 of 45:00 left").is_some());
    h.get_by_label("Next step").click();
    frames(&mut h);
    assert_eq!(
        h.state().doc.board.checklist.current_step.as_deref(),
        Some("framing")
    );
    clock.advance(60_000);
    quick_add(&mut h, "flink");
    clock.advance(60_000);
    frames(&mut h);
    h.get_by_label("Finish").click();
    frames(&mut h);
    assert!(!h.state().session.running);
    let report = h
        .state()
        .session
        .report
        .clone()
        .expect("the report is shown");
    assert!(
        report.contains("| Clarify requirements | 3:00 | 5:00 | 1 |"),
        "{report}"
    );
    assert!(
        report.contains("| Frame as an ML task | 2:00 | 4:00 | 1 |"),
        "{report}"
    );
    let live = h.state().doc.board.clone();
    assert_eq!(live.counts().components, 2);

    // Replay: the middle of the session (2:30) is before the second add.
    h.get_by_label("Replay").click();
    frames(&mut h);
    assert!(h.state().session.replay.is_some());
    let timeline = h.get_by_label("Timeline").rect();
    h.get_by_label("Timeline").click();
    frames(&mut h);
    let r = h.state().session.replay.as_ref().unwrap();
    let mid = r.player.duration_ms() / 2;
    assert!(
        (r.t_ms as i64 - mid as i64).abs() < r.player.duration_ms() as i64 / 50,
        "clicked the middle of {timeline:?}"
    );
    let b = &h.state().doc.board;
    assert_eq!(
        b.counts().components,
        1,
        "only the first component existed then"
    );
    assert_eq!(
        b.checklist.current_step.as_deref(),
        Some("clarify"),
        "the checklist as it was then"
    );
    // "Jump to step" lists the steps by their titles, at their times;
    // picking one goes there.
    h.get_by_value("Jump to step").click();
    frames(&mut h);
    assert!(
        h.query_by_label_contains("framing").is_none(),
        "no step ids"
    );
    h.get_by_label("3:00 Frame as an ML task").click();
    frames(&mut h);
    assert_eq!(h.state().session.replay.as_ref().unwrap().t_ms, 180_000);
    h.get_by_label("Timeline").click();
    frames(&mut h);
    // Replay is read-only: Delete does nothing.
    h.key_press(Key::Delete);
    frames(&mut h);
    assert_eq!(h.state().doc.board.counts().components, 1);
    h.get_by_label("Close replay").click();
    frames(&mut h);
    assert_eq!(h.state().doc.board, live, "back to the live board");

    // The session is saved with the board, and the report command reads it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    frames(&mut h);
    let loaded = mlsd_board::io::load_path(&path).unwrap();
    assert!(loaded.repairs.is_empty(), "{:?}", loaded.repairs);
    let session = loaded.file.session.expect("the session is in the file");
    assert!(session.log.len() >= 6);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
        .arg("report")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("| Frame as an ML task | 2:00 | 4:00 | 1 |")
    );
}

#[test]
fn pause_stops_the_clock_and_prompts_can_go_to_notes() {
    let clock = ManualClock::at(0);
    let mut h = app(clock.clone(), ScriptedChooser::default());
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    clock.advance(30_000);
    h.get_by_label("Pause").click();
    frames(&mut h);
    clock.advance(10 * 60_000);
    frames(&mut h);
    assert!(
        h.query_by_label_contains("44:30 of 45:00 left").is_some(),
        "paused time does not count"
    );
    h.get_by_label("Resume").click();
    frames(&mut h);
    h.get_by_label("Interviewer prompts").click();
    frames(&mut h);
    h.get_by_label("Next step").click();
    frames(&mut h);
    let prompt = h
        .state()
        .session
        .prompt_card
        .clone()
        .expect("a prompt at the step change");
    h.get_by_label("Answer in notes").click();
    frames(&mut h);
    assert!(
        h.state()
            .doc
            .board
            .checklist
            .note("framing")
            .contains(&prompt)
    );
}

#[test]
fn a_shorter_session_scales_every_step_budget() {
    let mut h = app(ManualClock::at(0), ScriptedChooser::default());
    h.state_mut().session.minutes = 30.0;
    h.run_steps(2);
    h.get_by_label_contains("Start timed session (30 min)")
        .click();
    frames(&mut h);
    let f = &h.state().doc.board.framework;
    assert!((f.total_minutes - 30.0).abs() < 0.5, "{}", f.total_minutes);
    assert!((f.sum_of_budgets() - f.total_minutes).abs() < 1e-3);
    assert!(
        h.query_by_label_contains("of 30:00 left").is_some()
            || h.query_by_label_contains("of 29:").is_some()
    );
}

/// Issue #14, 3: the reference was one keystroke away during a timed
/// session. It is sealed now: Ctrl+Shift+R and the Review tab ask first,
/// "Keep it sealed" keeps it closed, and an opened reference is recorded
/// with its time and named in the report.
#[test]
fn the_reference_is_sealed_during_a_session_and_a_peek_is_reported() {
    let clock = ManualClock::at(5_000_000);
    let (mut h, i) = practice_harness(&clock, "video-recommendation");
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    assert!(h.state().session.running);
    let compare = |h: &mut Harness<'_, MlsdApp>| {
        h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::R);
        frames(h);
    };
    // Ctrl+Shift+R asks; keeping it sealed shows nothing.
    compare(&mut h);
    assert!(matches!(
        h.state().ui.dialog,
        Some(mlsd_board::app::Dialog::ConfirmPeek)
    ));
    assert!(h.state().canvas.ghost.is_none());
    h.get_by_label("Keep it sealed").click();
    frames(&mut h);
    assert!(h.state().ui.dialog.is_none());
    assert!(h.state().canvas.ghost.is_none(), "still sealed");
    // The Review tab says it is sealed and shows no score.
    h.get_by_label("Review").click();
    frames(&mut h);
    assert!(h.query_by_label("Sealed during the session").is_some());
    assert!(h.query_by_label_contains("Coverage").is_none());
    // Open it at 12:40.
    clock.advance(12 * 60_000 + 40_000);
    h.get_by_label("Open the reference…").click();
    frames(&mut h);
    h.get_by_label("Open it (recorded)").click();
    frames(&mut h);
    assert!(h.state().canvas.ghost.is_some(), "the reference shows");
    assert!(h.query_by_label_contains("Coverage").is_some());
    // Once opened it stays open without asking again.
    compare(&mut h);
    assert!(h.state().ui.dialog.is_none());
    clock.advance(60_000);
    h.get_by_label("Finish").click();
    frames(&mut h);
    let report = h.state().session.report.clone().expect("a report");
    assert!(report.contains("Reference opened at 12:40"), "{report}");
}

/// A session that never opened the reference says so.
#[test]
fn a_session_that_kept_the_reference_sealed_says_so() {
    let clock = ManualClock::at(5_000_000);
    let mut h = app(clock.clone(), ScriptedChooser::default());
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    clock.advance(60_000);
    h.get_by_label("Finish").click();
    frames(&mut h);
    let report = h.state().session.report.clone().expect("a report");
    assert!(report.contains("Reference: kept sealed"), "{report}");
}

/// Issue #14, 5: after Finish, the follow-up drill: one question at a
/// time with two minutes each, the answer key after each, a 0/1/2 grade;
/// recorded on the board and reported.
#[test]
fn the_follow_up_drill_is_timed_graded_and_reported() {
    let clock = ManualClock::at(9_000_000);
    let (mut h, i) = practice_harness(&clock, "video-recommendation");
    let first = h.state().library.templates[i].follow_ups[0].clone();
    h.state_mut().library.templates[i].follow_up_keys = vec![mlsd_board::model::FollowUpKey {
        question: first.clone(),
        key: "Use popularity and content features until interactions arrive.".into(),
    }];
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    clock.advance(60_000);
    h.get_by_label("Finish").click();
    frames(&mut h);
    // The report offers the drill. (Started here directly: in the harness a
    // click on that button is not delivered; the real app was checked
    // under Xvfb.)
    assert!(h.query_by_label("Follow-up drill").is_some());
    mlsd_board::app::session_bar::start_drill(h.state_mut());
    frames(&mut h);
    assert!(h.state().session.drill.is_some(), "the drill started");
    assert!(h.query_by_label(&first).is_some(), "{first}");
    assert!(h.query_by_label("2:00 left").is_some());
    // The clock runs; the key is hidden until done (or time is up).
    clock.advance(30_000);
    frames(&mut h);
    assert!(h.query_by_label("1:30 left").is_some());
    assert!(
        h.query_by_label_contains("popularity and content")
            .is_none()
    );
    h.state_mut().session.drill.as_mut().unwrap().answer = "Popular videos first.".into();
    h.get_by_label("Done: show the answer key").click();
    frames(&mut h);
    assert!(
        h.query_by_label_contains("popularity and content")
            .is_some()
    );
    h.get_by_label("2").click();
    frames(&mut h);
    // The next question, with its own two minutes; time up shows its key.
    assert_eq!(h.state().session.drill.as_ref().map(|d| d.index), Some(1));
    clock.advance(130_000);
    frames(&mut h);
    assert!(
        h.query_by_label_contains("no key for this question")
            .is_some()
    );
    h.get_by_label("0").click();
    frames(&mut h);
    let drill = h.state().doc.board.meta.drill.clone();
    assert_eq!(drill.len(), 2);
    assert_eq!((drill[0].grade, drill[0].seconds), (2, 30));
    assert_eq!(drill[0].answer, "Popular videos first.");
    assert_eq!((drill[1].grade, drill[1].seconds), (0, 120));
    // Reported: the drill has only two answers here, so it is still on;
    // ending it opens the report again.
    h.state_mut().session.drill = None;
    mlsd_board::app::session_bar::open_report(h.state_mut());
    frames(&mut h);
    let report = h.state().session.report.clone().unwrap();
    assert!(report.contains("## Follow-up drill"), "{report}");
    assert!(report.contains("2 of 4 points"), "{report}");
    assert!(
        report.contains(&format!("| {first} | 2/2 | 30 s |")),
        "{report}"
    );
}

/// Issue #14, done-when: one timed session through a matched and an
/// unmatched clarifying question, a confirmed peek, Finish, rubric grading
/// and one follow-up, asserted on the report.
#[test]
fn a_whole_practice_session_is_reported() {
    let clock = ManualClock::at(20_000_000);
    let (mut h, i) = practice_harness(&clock, "ad-click-prediction");
    h.get_all_by_label("Practice")
        .nth(i)
        .unwrap()
        .scroll_to_me();
    h.run();
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    // Clarifying questions: one matched, one not.
    assert_eq!(
        h.state().doc.board.meta.template.as_deref(),
        Some("ad-click-prediction")
    );
    assert!(h.state().doc.board.meta.answers_sealed);
    h.state_mut().ui.ask_text = "What is the business goal?".into();
    h.get_by_label("Ask").click();
    frames(&mut h);
    h.state_mut().ui.ask_text = "What colour is the logo?".into();
    h.get_by_label("Ask").click();
    frames(&mut h);
    // A confirmed peek at 3:00.
    clock.advance(180_000);
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::R);
    frames(&mut h);
    h.get_by_label("Open it (recorded)").click();
    frames(&mut h);
    clock.advance(60_000);
    h.get_by_label("Finish").click();
    frames(&mut h);
    // Grade the first rubric item 2 (the report window is closed first so
    // that its buttons do not share labels).
    h.state_mut().session.report = None;
    h.state_mut().session.report_view = None;
    frames(&mut h);
    let first_item = h.state().library.templates[i].rubric[0].id.clone();
    h.get_all_by_label("2").next().unwrap().click();
    frames(&mut h);
    assert_eq!(h.state().doc.board.meta.grades.get(&first_item), Some(&2));
    // One follow-up, answered in 40 s and graded 1 (back on the Framework
    // tab, so the rubric's grade buttons are not on screen).
    h.get_by_label("Framework").click();
    frames(&mut h);
    mlsd_board::app::session_bar::start_drill(h.state_mut());
    frames(&mut h);
    clock.advance(40_000);
    frames(&mut h);
    h.get_by_label("Done: show the answer key").click();
    frames(&mut h);
    h.get_by_label("1").click();
    frames(&mut h);
    h.state_mut().session.drill = None;
    mlsd_board::app::session_bar::open_report(h.state_mut());
    frames(&mut h);
    let report = h.state().session.report.clone().unwrap();
    let graded = format!(
        "Rubric items graded: 1 of {}",
        h.state().library.templates[i].rubric.len()
    );
    for want in [
        "Reference opened at 3:00",
        "Asked \"What is the business goal?\": answered",
        "Asked \"What colour is the logo?\": no such answer; assume",
        "Never asked:",
        "## Grade",
        graded.as_str(),
        "## Follow-up drill",
        "1 of 2 points",
        "| 1/2 | 40 s |",
    ] {
        assert!(report.contains(want), "missing {want:?} in:\n{report}");
    }
}

/// Issue #17: a step over its budget is seen without reading the top bar
/// (the canvas wears a warning border while it is so).
#[test]
fn a_step_over_budget_marks_the_canvas() {
    let clock = ManualClock::at(3_000_000);
    let mut h = app(clock.clone(), ScriptedChooser::default());
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    assert!(!h.state().session.over_budget);
    // The first step's budget is 5 minutes.
    clock.advance(5 * 60_000 + 1_000);
    frames(&mut h);
    assert!(h.state().session.over_budget, "over: marked");
    h.get_by_label("Next step").click();
    frames(&mut h);
    assert!(
        !h.state().session.over_budget,
        "the next step starts within budget"
    );
}
