//! The framework sidebar driven through egui_kittest: tick, write notes,
//! undo, pick metrics, add trade-off cards, frameworks carried by boards.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::files::{Picked, ScriptedChooser};
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::io::load_path;
use mlsd_board::model::Element;

fn app_with(
    chooser: ScriptedChooser,
    file: Option<std::path::PathBuf>,
) -> Harness<'static, MlsdApp> {
    common::ui::harness(AppOptions {
        chooser: Box::new(chooser),
        file,
        ..AppOptions::default()
    })
}

fn app() -> Harness<'static, MlsdApp> {
    app_with(ScriptedChooser::default(), None)
}

/// Scrolls the sidebar to a widget, then clicks it.
fn click_in_view(h: &mut Harness<'_, MlsdApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

const Q_OBJECTIVE: &str = "What business goal does the system serve (bookings, revenue, safety)?";

#[test]
fn a_new_board_follows_the_default_framework() {
    let h = app();
    let b = &h.state().doc.board;
    assert_eq!(b.framework.id, "mlsd-7");
    assert_eq!(b.checklist.current_step.as_deref(), Some("clarify"));
    assert!(h.query_by_label("1. Clarify requirements").is_some());
    assert_eq!(b.framework.item_count(), 48);
    assert!(
        h.query_by_label("0/48 done").is_some(),
        "overall progress is shown"
    );
}

#[test]
fn tick_an_item_write_a_note_undo_both_and_the_board_is_unchanged() {
    let mut h = app();
    let start = h.state().doc.board.clone();
    h.get_by_label(Q_OBJECTIVE).click();
    h.run();
    assert!(
        h.state()
            .doc
            .board
            .checklist
            .is_done("clarify", "objective")
    );
    assert!(h.query_by_label("1/48 done").is_some());
    // Write a step note: one focus session is one undo step.
    let notes = h.get_by_label("Notes");
    notes.focus();
    h.run();
    h.get_by_label("Notes").type_text("Assume 10M daily users");
    h.run();
    h.get_by_label("Notes").type_text(", 200 ms budget");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        h.state().doc.board.checklist.note("clarify"),
        "Assume 10M daily users, 200 ms budget"
    );
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Notes for Clarify requirements")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.board.checklist.note("clarify"), "");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().doc.board,
        start,
        "both undone: the board is as it started"
    );
}

#[test]
fn checklist_state_survives_save_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checklist.ron");
    let mut chooser = ScriptedChooser::default();
    chooser.answers.push_back(Picked::Path(path.clone()));
    let mut h = app_with(chooser, None);
    h.get_by_label(Q_OBJECTIVE).click();
    h.run();
    h.get_by_label("2. Frame as an ML task").click();
    h.run();
    h.get_by_label("Work on step 2").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let b = load_path(&path).unwrap().file.board;
    assert!(b.checklist.is_done("clarify", "objective"));
    assert_eq!(b.checklist.current_step.as_deref(), Some("framing"));
    assert_eq!(b.framework, h.state().doc.board.framework);
    // Reopen in a fresh app.
    let h2 = app_with(ScriptedChooser::default(), Some(path));
    assert_eq!(
        h2.state().doc.board.checklist,
        h.state().doc.board.checklist
    );
}

#[test]
fn picking_metrics_fills_the_notes_and_a_card_on_the_board() {
    let mut h = app();
    // Open the Evaluation step.
    h.get_by_label("5. Evaluation").click();
    h.run();
    click_in_view(&mut h, "nDCG");
    click_in_view(&mut h, "CTR");
    let b = &h.state().doc.board;
    let notes = b.checklist.note("evaluation");
    assert!(notes.contains("Offline metrics: nDCG"), "{notes}");
    assert!(notes.contains("Online metrics: CTR"), "{notes}");
    let card = b
        .checklist
        .metrics_card
        .and_then(|id| b.get(id))
        .expect("a metrics card");
    assert_eq!(card.text(), "Metrics\nOffline: nDCG\nOnline: CTR");
    // Dropping both metrics removes the card; undo brings it back.
    click_in_view(&mut h, "nDCG");
    click_in_view(&mut h, "CTR");
    assert!(
        h.state().doc.board.elements().is_empty(),
        "no metrics left, no card"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.board.elements().len(), 1);
    // Each pick is one undo step; undoing both removes the card.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let b = &h.state().doc.board;
    assert!(b.elements().is_empty());
    assert_eq!(b.checklist.note("evaluation"), "");
}

#[test]
fn a_trade_off_card_goes_on_the_board() {
    let mut h = app();
    h.get_by_label("4. Model development").click();
    h.run();
    click_in_view(&mut h, "Add trade-off card");
    let b = &h.state().doc.board;
    let note = b.elements().iter().find_map(|e| match e {
        Element::Note(n) => Some(n.text.clone()),
        _ => None,
    });
    assert_eq!(
        note.as_deref(),
        Some(
            "Trade-off: Candidate generation (recall, speed) vs Ranking (precision)\nChoice: \nWhy: "
        )
    );
    assert!(
        h.state().canvas.editing.is_some(),
        "the card opens for typing the choice"
    );
}

#[test]
fn a_board_with_a_framework_the_app_does_not_ship_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other-framework.ron");
    std::fs::write(
        &path,
        r#"(format: 1, board: (
            framework: (id: "acme-5", name: "ACME interview loop", total_minutes: 30, steps: [
                (id: "warmup", title: "Warm-up questions", budget_minutes: 10, items: [(id: "q1", text: "Who are the users?")]),
                (id: "sketch", title: "Sketch the pipeline", budget_minutes: 20, items: [(id: "q2", text: "Where do labels come from?")]),
            ]),
            checklist: (done: {"warmup": ["q1"]}, current_step: Some("sketch")),
        ))"#,
    )
    .unwrap();
    let h = app_with(ScriptedChooser::default(), Some(path));
    let b = &h.state().doc.board;
    assert_eq!(b.framework.id, "acme-5");
    assert_eq!(b.framework.steps.len(), 2);
    assert!(h.query_by_label("1. Warm-up questions").is_some());
    assert!(h.query_by_label("2. Sketch the pipeline").is_some());
    assert!(
        h.query_by_label("Where do labels come from?").is_some(),
        "the current step is open"
    );
    assert!(h.query_by_label("1/2 done").is_some());
}
