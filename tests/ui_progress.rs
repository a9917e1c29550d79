//! Issue #19 in the app: finished practices land in the journal, the
//! Progress window shows a seeded journal (its plots named for screen
//! readers), the start screen shows what is due with one click to start,
//! and entries can be deleted.

use std::path::Path;
use std::sync::Arc;

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::practice::{Entry, FixedWallClock, Mode, PracticeJournal, StepGrade, StepTime};
use mlsd_board::session::ManualClock;

const DAY: i64 = 86_400;
const T0: i64 = 1_764_460_800;

fn app(journal: &Path, wall: i64, clock: &ManualClock) -> Harness<'static, MlsdApp> {
    let mut h = common::ui::harness(AppOptions {
        clock: Arc::new(clock.clone()),
        show_start: true,
        practice_journal: Some(journal.to_path_buf()),
        wall_clock: Arc::new(FixedWallClock::at(wall)),
        ..AppOptions::default()
    });
    h.state_mut().settle_practice();
    h.run();
    h
}

/// The practice summary the app last read.
fn summary<'h>(h: &'h Harness<'_, MlsdApp>) -> &'h mlsd_board::practice::Summary {
    &h.state().ui.progress.loaded.as_ref().unwrap().summary
}

/// Clicks the button `label` on the start screen's card of `case`; returns
/// the case's index in the library. The due list's items come first on the
/// start screen, each with the same buttons.
fn click_card_button(h: &mut Harness<'_, MlsdApp>, case: &str, label: &str) -> usize {
    let app = h.state();
    let i = app
        .library
        .templates
        .iter()
        .position(|t| t.id == case)
        .unwrap();
    let due = summary(h).due.len().min(4);
    h.get_all_by_label(label)
        .nth(due + i)
        .unwrap()
        .scroll_to_me();
    h.run();
    h.get_all_by_label(label).nth(due + i).unwrap().click();
    i
}

fn frames(h: &mut Harness<'_, MlsdApp>) {
    h.run_steps(3);
}

fn session(case: &str, title: &str, at: i64, grade: f32, eval: f32) -> Entry {
    Entry {
        at,
        case: case.to_owned(),
        case_title: title.to_owned(),
        mode: Mode::Session,
        length_s: 2_500,
        budget_s: 2_700,
        overall: Some(grade),
        diagram: Some(grade),
        steps: vec![
            StepTime {
                id: "clarify".to_owned(),
                title: "Clarify requirements".to_owned(),
                spent_s: 420,
                budget_s: 300,
            },
            StepTime {
                id: "evaluation".to_owned(),
                title: "Evaluation".to_owned(),
                spent_s: 200,
                budget_s: 360,
            },
        ],
        rubric: vec![StepGrade {
            step: "evaluation".to_owned(),
            grade: eval,
            missed: vec!["Which online metric, and why".to_owned()],
        }],
        ..Entry::default()
    }
}

/// Two cases practised over three weeks, one of them a recall drill.
fn seed(path: &Path) {
    let j = PracticeJournal::new(path);
    j.append(session("visual-search", "Visual search", T0, 0.35, 0.25))
        .unwrap();
    j.append(session(
        "visual-search",
        "Visual search",
        T0 + 6 * DAY,
        0.55,
        0.25,
    ))
    .unwrap();
    j.append(session(
        "ad-click-prediction",
        "Ad click prediction",
        T0 + 10 * DAY,
        0.8,
        0.75,
    ))
    .unwrap();
    j.append(Entry {
        at: T0 + 12 * DAY,
        case: "visual-search".to_owned(),
        case_title: "Visual search".to_owned(),
        mode: Mode::Recall,
        stages_drawn: vec!["Embedding model".to_owned()],
        stages_missed: vec!["Indexing pipeline".to_owned()],
        ..Entry::default()
    })
    .unwrap();
}

#[test]
fn the_progress_view_shows_a_seeded_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    seed(&path);
    let mut h = app(&path, T0 + 20 * DAY, &ManualClock::at(0));
    // The start screen shows what is due, with a button each.
    h.get_by_label("Due today");
    assert!(
        h.query_by_label_contains("Evaluation in Visual search")
            .is_some()
    );
    h.get_by_label("Progress…").click();
    frames(&mut h);
    assert!(h.state().ui.progress.open);
    h.get_by_label("4 practices: 3 timed sessions, 1 draw-from-memory drills, 0 follow-up drills.");
    // The plots, each named for what it shows.
    h.get_by_label("Grade over time, per case");
    h.get_by_label("Grade over time: 2 cases, 4 graded practices");
    h.get_by_label("Time per step against budget");
    h.get_by_label(
        "Time per step against budget: 2 steps over 3 sessions; over budget: Clarify requirements (3 of 3)",
    );
    // What is missed, and the cases never practised.
    h.get_by_label("Steps most often weak: Evaluation (2 of 3)");
    h.get_by_label("Evaluation: weak in 2 of 3 graded sessions, mean 42 %");
    h.get_by_label("2x Which online metric, and why (Visual search)");
    h.get_by_label("Never practised");
    let never = summary(&h).never.len();
    assert_eq!(never, h.state().library.templates.len() - 2);
    h.get_by_label("Video recommendation");
    // Delete the newest entry, after confirming.
    h.get_by_label("All practices (4)").scroll_to_me();
    frames(&mut h);
    h.get_by_label("All practices (4)").click();
    frames(&mut h);
    h.get_all_by_label("Delete").next().unwrap().scroll_to_me();
    frames(&mut h);
    h.get_all_by_label("Delete").next().unwrap().click();
    frames(&mut h);
    h.get_by_label("Delete this practice?");
    h.get_by_label("Delete practice").click();
    frames(&mut h);
    h.state_mut().settle_practice();
    frames(&mut h);
    let left = PracticeJournal::new(&path).read().unwrap().entries;
    assert_eq!(left.len(), 3);
    assert!(
        left.iter().all(|e| e.mode == Mode::Session),
        "the recall drill went"
    );
    h.get_by_label("3 practices: 3 timed sessions, 0 draw-from-memory drills, 0 follow-up drills.");
    // One click on a due item starts that case.
    let due_case = summary(&h).due[0].case.clone();
    h.get_all_by_label("Practice")
        .next()
        .unwrap()
        .scroll_to_me();
    frames(&mut h);
    h.get_all_by_label("Practice").next().unwrap().click();
    frames(&mut h);
    assert!(!h.state().ui.progress.open);
    assert_eq!(
        h.state().doc.board.meta.template.as_deref(),
        Some(due_case.as_str())
    );
}

#[test]
fn an_empty_journal_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    let mut h = app(&path, T0, &ManualClock::at(0));
    h.get_by_label("Progress…").click();
    frames(&mut h);
    h.get_by_label("No practice yet");
    h.get_by_label("No graded practice yet: each one adds a point per case here.");
    h.get_by_label("No timed session yet: each one adds its time per step here.");
    assert!(h.query_by_label("Grade over time, per case").is_some());
}

#[test]
fn a_finished_session_is_journaled_and_its_grading_updates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    let clock = ManualClock::at(1_000_000);
    let mut h = app(&path, T0, &clock);
    let i = click_card_button(&mut h, "ad-click-prediction", "Practice");
    frames(&mut h);
    assert_eq!(
        h.state().doc.board.meta.template.as_deref(),
        Some("ad-click-prediction")
    );
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    clock.advance(600_000);
    frames(&mut h);
    h.get_by_label("Finish").click();
    frames(&mut h);
    h.state_mut().settle_practice();
    let entries = PracticeJournal::new(&path).read().unwrap().entries;
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(
        (e.mode, e.case.as_str(), e.at),
        (Mode::Session, "ad-click-prediction", T0)
    );
    assert_eq!(e.length_s, 600);
    assert!(!e.steps.is_empty());
    assert!(e.rubric.is_empty(), "nothing graded yet");
    assert_eq!(e.diagram, Some(0.0), "an empty board");
    // Grade the first rubric item 0 (absent): the entry is updated.
    h.state_mut().session.report = None;
    h.state_mut().session.report_view = None;
    frames(&mut h);
    // A part drawn after Finish (with the reference open) does not raise
    // the session's diagram score.
    common::ui::quick_add(&mut h, "Ranker");
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Review").click();
    frames(&mut h);
    h.get_all_by_label("0").next().unwrap().click();
    frames(&mut h);
    h.state_mut().settle_practice();
    let after = PracticeJournal::new(&path).read().unwrap().entries;
    assert_eq!(after.len(), 1, "updated, not appended");
    assert_eq!(after[0].id, e.id);
    assert_eq!(after[0].rubric.len(), 1);
    assert_eq!(after[0].rubric[0].grade, 0.0);
    assert_eq!(after[0].diagram, Some(0.0), "frozen at Finish");
    assert_eq!((after[0].length_s, after[0].at), (600, T0));
    let first = &h.state().library.templates[i].rubric[0];
    assert_eq!(after[0].rubric[0].missed, vec![first.question.clone()]);
    // The Progress window (View menu command) shows it.
    mlsd_board::app::progress::open(h.state_mut());
    h.state_mut().settle_practice();
    frames(&mut h);
    h.get_by_label("1 practices: 1 timed sessions, 0 draw-from-memory drills, 0 follow-up drills.");
}

/// Draw from memory: the prompt on a blank board under a 10-minute timer,
/// Finish, the stage diff and the reference over the board, recorded,
/// journaled and replayable.
#[test]
fn a_drill_from_memory_runs_to_its_stage_diff() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    let clock = ManualClock::at(2_000_000);
    let mut h = app(&path, T0, &clock);
    click_card_button(&mut h, "visual-search", "From memory");
    frames(&mut h);
    {
        let app = h.state();
        assert_eq!(
            app.doc.board.meta.template.as_deref(),
            Some("visual-search")
        );
        assert!(app.session.running);
        assert_eq!(app.session.recall.as_deref(), Some("visual-search"));
        assert!(app.doc.board.elements().is_empty(), "a blank board");
        assert!(!app.doc.board.meta.prompt.is_empty(), "the prompt only");
        // One step and no checklist: nothing hints at the design.
        let f = &app.doc.board.framework;
        assert_eq!((f.steps.len(), f.total_minutes), (1, 10.0));
        assert!(f.steps[0].items.is_empty());
    }
    h.get_by_label("Draw from memory");
    h.get_by_label("10:00 of 10:00 left");
    assert!(h.query_by_label("Next step").is_none());
    // Draw two of the stages.
    for text in ["ANN index", "Re-ranker"] {
        common::ui::quick_add(&mut h, text);
        h.key_press(egui::Key::Escape);
        h.run();
    }
    let kinds: Vec<String> = h
        .state()
        .doc
        .board
        .elements()
        .iter()
        .filter_map(|e| match e {
            mlsd_board::model::Element::Component(c) => Some(c.kind.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["ann_index", "reranker"]);
    clock.advance(7 * 60_000);
    frames(&mut h);
    h.get_by_label("Finish").click();
    frames(&mut h);
    {
        let app = h.state();
        assert!(!app.session.running);
        assert_eq!(app.ui.ghost_mode, mlsd_board::app::start::GhostMode::Over);
        let res = app.session.recall_result.as_ref().unwrap();
        let drawn: Vec<&str> = res
            .stages
            .iter()
            .filter(|s| s.drawn())
            .map(|s| s.stage.as_str())
            .collect();
        assert_eq!(drawn, ["Nearest-neighbour service", "Re-ranking service"]);
    }
    h.get_by_label("Visual search: 2 of 18 stages in 7:00");
    h.get_by_label(
        "You skipped all of it: “Latency and ANN recall” and “Embedding drift monitor”.",
    );
    h.get_by_label("Online serving (prediction pipeline)");
    h.get_by_label(
        "You drew “Nearest-neighbour service” and “Re-ranking service”; \
         you skipped “Mobile / web app”, “Visual search API”, “Query preprocessing”, “Embedding generation service”, \
         “Impression and click logger” and “A/B test (encoder + index)”.",
    );
    h.state_mut().settle_practice();
    let e = &PracticeJournal::new(&path).read().unwrap().entries[0];
    assert_eq!(e.mode, Mode::Recall);
    assert_eq!(e.length_s, 420);
    assert_eq!(
        e.stages_drawn,
        ["Nearest-neighbour service", "Re-ranking service"]
    );
    assert_eq!(e.stages_missed.len(), 16);
    // Replayable like a session.
    h.get_by_label("Replay the drill").click();
    frames(&mut h);
    assert!(h.state().session.replay.is_some());
}

/// Back-of-envelope cards: the palette's Estimate adds a card whose
/// formulas compute; editing a value changes them (shown live under the
/// text while typing), one undo step restores it, and a unit mismatch
/// shows as an error, never a panic.
#[test]
fn an_estimate_card_edit_and_its_undo() {
    use egui::{Event, Key, Modifiers};
    use mlsd_board::model::Element;
    use mlsd_board::model::estimate::{Outcome, evaluate};
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(&dir.path().join("practice.ron"), T0, &ManualClock::at(0));
    h.key_press(Key::Escape); // the start screen
    h.run();
    h.get_by_label("Estimate").click();
    h.run();
    let note = |h: &Harness<'_, MlsdApp>| {
        h.state()
            .doc
            .board
            .elements()
            .iter()
            .find_map(|e| match e {
                Element::Note(n) => Some(n.clone()),
                _ => None,
            })
            .unwrap()
    };
    let card = note(&h);
    assert!(card.text.starts_with("Estimate"));
    let value_of = |text: &str, name: &str| {
        let out = evaluate(text);
        let i = text
            .lines()
            .position(|l| l.starts_with(&format!("{name} =")))
            .unwrap();
        out[i].clone()
    };
    assert_eq!(
        value_of(&card.text, "qps"),
        Outcome::Value("≈ 11,574 /s".to_owned())
    );
    // Edit: 100 million daily users become 300 million.
    assert_eq!(h.state().canvas.selection.as_slice(), [card.id]);
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().canvas.editing.is_some(), "Enter edits the card");
    let edited = card.text.replace("100 million", "300 million");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text(edited.clone()));
    h.run();
    // While typing, the values show under the text (computed on a worker,
    // so they may take a few frames).
    let start = std::time::Instant::now();
    while h.query_by_label("≈ 34,722 /s").is_none() {
        assert!(start.elapsed().as_secs() < 10, "the values show");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().canvas.editing.is_none());
    assert_eq!(note(&h).text, edited);
    assert_eq!(
        value_of(&edited, "qps"),
        Outcome::Value("≈ 34,722 /s".to_owned())
    );
    // One undo step brings the old text back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(note(&h).text, card.text);
    // A unit mismatch is an error on its line.
    let bad = format!("{}\nwrong = qps + 3 GB\n", card.text);
    match value_of(&bad, "wrong") {
        Outcome::Error(e) => assert!(e.starts_with("units do not match"), "{e}"),
        o => panic!("{o:?}"),
    }
}

/// A session running when another board is opened is over: Finish is not
/// offered for the new board, and nothing is journaled for it.
#[test]
fn opening_another_board_ends_the_running_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    let clock = ManualClock::at(0);
    let mut h = app(&path, T0, &clock);
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label_contains("Start timed session").click();
    frames(&mut h);
    assert!(h.state().session.running);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    frames(&mut h);
    // The recorded start is a change: the app asks first.
    if let Some(b) = h.query_by_label("Don't save") {
        b.click();
        frames(&mut h);
    }
    assert!(!h.state().session.running);
    assert!(h.query_by_label("Finish").is_none());
    h.state_mut().settle_practice();
    assert!(
        PracticeJournal::new(&path)
            .read()
            .unwrap()
            .entries
            .is_empty()
    );
}
