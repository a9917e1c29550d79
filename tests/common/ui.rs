//! Helpers for the egui_kittest UI tests: the app in a harness, and the
//! gestures several tests share.

use egui::{Event, Key, Modifiers, Vec2};
use egui_kittest::Harness;
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::model::ElementId;

/// The app in a 1280x900 harness stepping at 60 Hz, settled.
pub fn harness(options: AppOptions) -> Harness<'static, MlsdApp> {
    harness_sized(options, Vec2::new(1280.0, 900.0))
}

/// The app in a harness of this size stepping at 60 Hz, settled.
pub fn harness_sized(options: AppOptions, size: Vec2) -> Harness<'static, MlsdApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |cc| MlsdApp::new(&cc.egui_ctx, options));
    h.run();
    h
}

/// Steps until the export under way (drawn on a worker) is done; returns
/// whether a frame meanwhile put a picture on the clipboard.
pub fn wait_for_export(h: &mut Harness<'_, MlsdApp>) -> bool {
    let start = std::time::Instant::now();
    let mut copied_image = false;
    loop {
        h.step();
        copied_image |= h
            .output()
            .platform_output
            .commands
            .iter()
            .any(|c| matches!(c, egui::OutputCommand::CopyImage(_)));
        if !h.state().exporting() {
            break;
        }
        assert!(start.elapsed().as_secs() < 30, "the export never finished");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
    copied_image
}

/// Steps until the canvas has no picture being filled in the background
/// (at most 20 s), then runs to a settled frame.
pub fn wait_for_pictures(h: &mut Harness<'_, MlsdApp>) {
    let start = std::time::Instant::now();
    loop {
        h.step();
        if !h.state().canvas.filling() {
            break;
        }
        assert!(
            start.elapsed().as_secs() < 20,
            "a background picture never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
}

/// Adds a component through the quick-add box (`/`, type, Enter) and
/// returns it (the new component is selected).
pub fn quick_add(h: &mut Harness<'_, MlsdApp>, text: &str) -> ElementId {
    quick_add_with(h, text, Modifiers::NONE)
}

/// Adds a component through the quick-add box connected from the selected
/// box: `/`, type, Ctrl+Enter.
pub fn quick_add_connected(h: &mut Harness<'_, MlsdApp>, text: &str) -> ElementId {
    quick_add_with(h, text, Modifiers::COMMAND)
}

/// `/`, type `text`, Enter with `modifiers`; returns the new component.
fn quick_add_with(h: &mut Harness<'_, MlsdApp>, text: &str, modifiers: Modifiers) -> ElementId {
    h.key_press(Key::Slash);
    h.run();
    h.event(Event::Text(text.to_owned()));
    h.run();
    h.key_press_modifiers(modifiers, Key::Enter);
    h.run();
    let app = h.state();
    assert!(
        app.ui.quick_add.is_none(),
        "the quick-add box closes after Enter"
    );
    *app.canvas
        .selection
        .first()
        .expect("the new component is selected")
}

/// Types into the palette's search field.
pub fn palette_search(h: &mut Harness<'_, MlsdApp>, text: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("Search").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Search").type_text(text);
    h.run();
}

/// The centre of an element on screen.
pub fn center_of(h: &Harness<'_, MlsdApp>, id: ElementId) -> egui::Pos2 {
    let app = h.state();
    app.canvas
        .element_screen_rect(&app.doc, id)
        .unwrap()
        .center()
}

/// A primary-button drag from `from` to `to` in a few steps.
pub fn drag(h: &mut Harness<'_, MlsdApp>, from: egui::Pos2, to: egui::Pos2) {
    drag_and_hold(h, from, to, 5);
    h.drop_at(to);
    h.run();
}

/// Presses at `from` and moves to `to` in `steps`, the button still down
/// (to look at the canvas mid-gesture).
pub fn drag_and_hold(h: &mut Harness<'_, MlsdApp>, from: egui::Pos2, to: egui::Pos2, steps: u32) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=steps {
        h.hover_at(from + (to - from) * (i as f32 / steps as f32));
        h.run();
    }
}

/// A primary click at `pos`.
pub fn click_at(h: &mut Harness<'_, MlsdApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

/// Moves a box so its top-left corner is at `to` (board units), as one
/// edit.
pub fn move_box_to(h: &mut Harness<'_, MlsdApp>, id: ElementId, to: mlsd_board::model::Point) {
    let app = h.state_mut();
    let before = app.doc.board.get(id).unwrap().clone();
    let r = before.rect().unwrap();
    let after = before.translated(to.x - r.min.x, to.y - r.min.y);
    app.doc.apply(mlsd_board::app::document::Edit::Apply(
        "move".to_owned(),
        vec![mlsd_board::ops::Op::Update { before, after }],
    ));
    h.run();
}
