//! Case studies in the app: the start screen, Practice and Study, and the
//! review against the reference.

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::{AppOptions, MlsdApp};

fn app_with_start() -> Harness<'static, MlsdApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(|cc| {
            MlsdApp::new(
                &cc.egui_ctx,
                AppOptions {
                    show_start: true,
                    ..AppOptions::default()
                },
            )
        });
    h.run();
    h
}

fn index_of(h: &Harness<'_, MlsdApp>, id: &str) -> usize {
    h.state().templates.iter().position(|t| t.id == id).unwrap()
}

#[test]
fn practice_from_the_start_screen_shows_the_prompt_and_an_empty_canvas() {
    let mut h = app_with_start();
    assert!(
        h.query_by_label("Practice an ML system design interview")
            .is_some()
    );
    assert!(h.query_by_label("Video recommendation").is_some());
    let i = index_of(&h, "video-recommendation");
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    assert!(!h.state().show_start, "the start screen closes");
    let b = &h.state().doc.board;
    assert!(b.elements().is_empty(), "an empty canvas");
    assert_eq!(b.meta.template.as_deref(), Some("video-recommendation"));
    assert_eq!(b.framework.id, "mlsd-7");
    let prompt = b.meta.prompt.clone();
    assert!(
        h.query_by_label(&prompt).is_some(),
        "the prompt is shown in the sidebar"
    );
    assert!(h.query_by_label("Interviewer's answers").is_some());
    // The reference stays hidden until asked for.
    assert!(h.state().canvas.ghost.is_none());
}

#[test]
fn study_then_compare_with_the_reference() {
    let mut h = app_with_start();
    let i = index_of(&h, "visual-search");
    h.get_all_by_label("Study").nth(i).unwrap().click();
    h.run();
    assert!(
        h.state().doc.board.counts().components >= 8,
        "the reference is the board"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.run();
    assert!(h.state().canvas.ghost.is_some(), "the ghost is drawn");
    assert!(h.query_by_label("Coverage 100%").is_some());
}

#[test]
fn a_practice_board_scores_as_it_grows() {
    let mut h = app_with_start();
    let i = index_of(&h, "video-recommendation");
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.run();
    assert!(h.query_by_label("Coverage 0%").is_some());
    h.key_press(Key::Slash);
    h.run();
    h.event(egui::Event::Text("ranker".to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    // Adding selects the new component (the inspector shows); back to Review.
    h.get_by_label("Review").click();
    h.run();
    assert!(
        h.query_by_label("Have: Ranking model  (your \"Ranker\")")
            .is_some()
    );
    assert!(h.query_by_label("Coverage 0%").is_none());
}

#[test]
fn escape_or_blank_board_closes_the_start_screen() {
    let mut h = app_with_start();
    h.get_by_label("Blank board").click();
    h.run();
    assert!(!h.state().show_start);
    assert_eq!(h.state().doc.board.framework.id, "mlsd-7");
}
