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
