//! Issue #16: Ctrl+F finds text in labels, notes and arrow labels, goes
//! from hit to hit with Enter and Shift+Enter, selecting each one and
//! bringing it into view, and closes with Escape.

mod common;

use common::ui::move_box_to as move_to;

use egui::{Event, Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::document::Edit;
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::model::{Element, ElementId, Point};
use mlsd_board::ops::Op;

fn app() -> Harness<'static, MlsdApp> {
    common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0))
}

fn selected(h: &Harness<'_, MlsdApp>) -> Vec<ElementId> {
    h.state().canvas.selection.to_vec()
}

/// Whether the element's centre is on the canvas.
fn in_view(h: &Harness<'_, MlsdApp>, id: ElementId) -> bool {
    let app = h.state();
    let r = app.canvas.element_screen_rect(&app.doc, id).unwrap();
    app.canvas.screen_rect().contains(r.center())
}

#[test]
fn ctrl_f_finds_labels_notes_and_arrow_labels_and_steps_through_them() {
    let mut h = app();
    let ranker = common::ui::quick_add(&mut h, "ranker");
    let store = common::ui::quick_add_connected(&mut h, "feature store");
    let far = common::ui::quick_add(&mut h, "kafka");
    // Far apart, so that each hit needs the view to move.
    move_to(&mut h, ranker, Point::new(0.0, 0.0));
    move_to(&mut h, store, Point::new(0.0, 3000.0));
    move_to(&mut h, far, Point::new(6000.0, 6000.0));
    {
        // Text to find: a component's notes, an arrow's label.
        let app = h.state_mut();
        let before = app.doc.board.get(far).cloned().unwrap();
        let Element::Component(mut c) = before.clone() else {
            panic!()
        };
        c.notes = "Partitioned by user id".to_owned();
        let arrow = app
            .doc
            .board
            .elements()
            .iter()
            .find(|e| matches!(e, Element::Arrow(_)))
            .cloned()
            .unwrap();
        let mut labelled = arrow.clone();
        labelled.set_text("user features".to_owned());
        app.doc.apply(Edit::Apply(
            "texts".to_owned(),
            vec![
                Op::Update {
                    before,
                    after: Element::Component(c),
                },
                Op::Update {
                    before: arrow,
                    after: labelled,
                },
            ],
        ));
    }
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().ui.find.is_some(), "Ctrl+F opens the find bar");
    h.event(Event::Text("USER".to_owned()));
    h.run();
    let hits = h.state().ui.find.as_ref().unwrap().hits.clone();
    assert_eq!(hits.len(), 2, "the arrow label and the notes: {hits:?}");
    assert!(h.query_by_label("1 of 2").is_some());
    // Typing shows the first hit.
    assert_eq!(selected(&h), vec![hits[0]]);
    // Enter: the next, brought into view.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(selected(&h), vec![hits[1]]);
    assert_eq!(hits[1], far);
    assert!(in_view(&h, far), "the view went to the hit");
    assert!(h.query_by_label("2 of 2").is_some());
    // Shift+Enter: back to the first.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    assert_eq!(selected(&h), vec![hits[0]]);
    // A label: "ranker" finds the component.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("ranker".to_owned()));
    h.run();
    assert_eq!(selected(&h), vec![ranker]);
    assert!(in_view(&h, ranker));
    // No match says so.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("zzz".to_owned()));
    h.run();
    assert!(h.query_by_label("No match").is_some());
    // Escape closes it.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().ui.find.is_none());
    assert!(h.state().canvas.highlight.is_empty());
}
