//! Issue #17: the shell a daily user meets: the shortcut help (F1) fits a
//! small window, scrolls, is titled and closes.

mod common;

use egui::{Key, Vec2};
use egui_kittest::kittest::Queryable;
use mlsd_board::app::AppOptions;

#[test]
fn f1_opens_a_titled_scrollable_help_that_fits_1024x640_and_closes() {
    let mut h = common::ui::harness_sized(AppOptions::default(), Vec2::new(1024.0, 640.0));
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().ui.show_shortcuts);
    assert!(
        h.query_all_by_label("Keyboard shortcuts").count() >= 1,
        "titled"
    );
    // Human key names, and every group.
    assert!(h.query_by_label("Ctrl+Shift+]").is_some());
    for group in [
        "Files and sharing",
        "Editing",
        "Add to the board",
        "Zoom and view",
        "On the canvas",
    ] {
        assert!(h.query_by_label(group).is_some(), "{group}");
    }
    // The last entry is reached by scrolling, and is then on screen.
    let last = mlsd_board::app::panels::shortcuts::ON_THE_CANVAS
        .last()
        .unwrap()
        .0;
    h.get_by_label(last).scroll_to_me();
    h.run();
    h.run();
    let r = h.get_by_label(last).rect();
    assert!(
        r.min.y >= 0.0 && r.max.y <= 640.0 && r.max.x <= 1024.0,
        "{last} on screen after scrolling: {r:?}"
    );
    // The window fits the screen.
    // Close with the window's close button.
    h.get_by_label("Close window").click();
    h.run();
    assert!(!h.state().ui.show_shortcuts, "closed");
    // F1 again opens it; F1 once more closes it.
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().ui.show_shortcuts);
    h.key_press(Key::F1);
    h.run();
    assert!(!h.state().ui.show_shortcuts);
}

/// The timer bar's buttons stay where they are while the texts before them
/// change (pausing, the next step), and a 5-minute session is 5:00.
#[test]
fn the_timer_bar_holds_still_and_a_short_session_is_exact() {
    let mut h = common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0));
    h.state_mut().session.minutes = 5.0;
    h.get_by_label_contains("Start timed session").click();
    h.run();
    assert!(
        h.query_by_label_contains("of 5:00 left").is_some(),
        "five minutes, exactly"
    );
    let before = h.get_by_label("Finish").rect();
    h.get_by_label("Pause").click();
    h.run();
    assert!(h.query_by_label("Resume").is_some());
    assert_eq!(
        h.get_by_label("Finish").rect(),
        before,
        "pausing moves nothing"
    );
    h.get_by_label("Resume").click();
    h.run();
    h.get_by_label("Next step").click();
    h.run();
    assert_eq!(
        h.get_by_label("Finish").rect(),
        before,
        "a new step moves nothing"
    );
}

/// A status message fades after a few seconds, so none goes stale
/// ("Session started" after Finish); an error stays until dismissed.
#[test]
fn messages_fade_and_errors_stay_until_dismissed() {
    let mut h = common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0));
    h.state_mut().ui.status = "Saved a board".to_owned();
    h.state_mut().ui.error = Some("Could not open x.ron".to_owned());
    h.run();
    assert!(h.query_by_label("Saved a board").is_some());
    assert!(h.query_by_label("Could not open x.ron").is_some());
    // Seven seconds of frames.
    for _ in 0..(7 * 60) {
        h.step();
    }
    assert!(h.query_by_label("Saved a board").is_none(), "faded");
    assert!(
        h.query_by_label("Could not open x.ron").is_some(),
        "the error stays"
    );
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.query_by_label("Could not open x.ron").is_none());
    assert!(h.state().ui.error.is_none());
    // A new message shows afresh.
    h.state_mut().ui.status = "Session started. Good luck!".to_owned();
    h.run();
    assert!(h.query_by_label("Session started. Good luck!").is_some());
}

/// Renaming starts with the old text selected: typing replaces it.
#[test]
fn renaming_selects_the_old_text() {
    let mut h = common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0));
    let id = common::ui::quick_add(&mut h, "ranker");
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().canvas.selection = vec![id].into();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().canvas.editing.is_some(), "editing the label");
    h.event(egui::Event::Text("Heavy ranker".to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let Some(mlsd_board::model::Element::Component(c)) = h.state().doc.board.get(id) else {
        panic!()
    };
    assert_eq!(c.label, "Heavy ranker");
}

/// Once the user picks a sidebar tab, selecting a part leaves it there.
#[test]
fn the_sidebar_stays_where_the_user_put_it() {
    let mut h = common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0));
    // Before any choice, selecting shows the inspector.
    let a = common::ui::quick_add(&mut h, "ranker");
    h.run();
    assert_eq!(
        h.state().ui.sidebar_tab,
        mlsd_board::app::panels::SidebarTab::Inspector
    );
    h.get_by_label("Framework").click();
    h.run();
    h.state_mut().canvas.selection.clear();
    h.run();
    h.state_mut().canvas.selection = vec![a].into();
    h.run();
    assert_eq!(
        h.state().ui.sidebar_tab,
        mlsd_board::app::panels::SidebarTab::Framework,
        "the checklist being ticked stays"
    );
}

/// "Answer in notes" puts the question in the step's notes and the
/// keyboard after it.
#[test]
fn answer_in_notes_puts_the_cursor_in_the_notes() {
    let mut h = common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0));
    h.state_mut().session.prompt_card = Some("How many items are there?".to_owned());
    h.run();
    h.get_by_label("Answer in notes").click();
    h.run();
    h.run();
    h.event(egui::Event::Text("ten million".to_owned()));
    h.run();
    let notes = h.state().doc.board.checklist.note("clarify").to_owned();
    assert_eq!(notes, "Q: How many items are there?\nA: ten million");
}

/// View > Large text grows the panels' text and the canvas's labels, is
/// saved in the settings, and the next start uses it.
#[test]
fn text_size_setting_scales_panels_and_canvas_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.ron");
    let options = || AppOptions {
        settings_path: Some(settings.clone()),
        ..AppOptions::default()
    };
    let mut h = common::ui::harness(options());
    let body = |h: &egui_kittest::Harness<'_, mlsd_board::app::MlsdApp>| {
        egui::TextStyle::Body.resolve(&h.ctx.global_style()).size
    };
    let medium = body(&h);
    assert!((h.state().canvas.text_scale - 1.0).abs() < 1e-6);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Large text").click();
    h.run();
    assert!(body(&h) > medium * 1.2, "{} vs {medium}", body(&h));
    assert!(h.state().canvas.text_scale > 1.2);
    let saved = std::fs::read_to_string(&settings).unwrap();
    assert!(saved.contains("Large"), "{saved}");
    drop(h);

    let mut again = common::ui::harness(options());
    again.run();
    assert!(body(&again) > medium * 1.2);
    again.get_by_label("View").click();
    again.run();
    again.get_by_label_contains("Small text").click();
    again.run();
    assert!(body(&again) < medium);
    assert!(again.state().canvas.text_scale < 1.0);
}
