//! Issue #16: arrows as a user makes them. A connection dragged between
//! two boxes is an elbow routed around the box between them; the
//! inspector switches it to straight or curved (undoable); View > New
//! arrows sets what the next one is; a connection dragged to empty canvas
//! opens quick add, which adds there, connected.

mod common;

use common::ui::{center_of, click_at, drag, move_box_to as place};

use egui::{Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::model::route::path_enters;
use mlsd_board::model::{Element, ElementId, Point, Routing, Side};

fn app() -> Harness<'static, MlsdApp> {
    common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 800.0))
}

fn arrow_between(h: &Harness<'_, MlsdApp>, a: ElementId, b: ElementId) -> Option<ElementId> {
    h.state().doc.board.elements().iter().find_map(|e| match e {
        Element::Arrow(x) if x.from.element() == Some(a) && x.to.element() == Some(b) => Some(x.id),
        _ => None,
    })
}

fn routing_of(h: &Harness<'_, MlsdApp>, id: ElementId) -> Routing {
    match h.state().doc.board.get(id) {
        Some(Element::Arrow(a)) => a.routing,
        _ => panic!("not an arrow"),
    }
}

/// Drags from `a`'s right connect handle to the screen point `to`.
fn connect_from(h: &mut Harness<'_, MlsdApp>, a: ElementId, to: Pos2) {
    click_at(h, center_of(h, a));
    let handle = {
        let app = h.state();
        app.canvas
            .connect_handle_pos(&app.doc, a, Side::Right)
            .unwrap()
    };
    drag(h, handle, to);
}

#[test]
fn a_dragged_connection_is_an_elbow_around_the_box_between_and_its_route_can_change() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "kafka");
    let wall = common::ui::quick_add(&mut h, "feature store");
    let b = common::ui::quick_add(&mut h, "ranker");
    place(&mut h, a, Point::new(0.0, 0.0));
    place(&mut h, wall, Point::new(240.0, -20.0));
    place(&mut h, b, Point::new(520.0, 0.0));
    {
        let app = h.state_mut();
        app.canvas.zoom_to_fit(&app.doc);
    }
    h.run();
    let target = center_of(&h, b);
    connect_from(&mut h, a, target);
    let arrow = arrow_between(&h, a, b).expect("connected");
    assert_eq!(
        routing_of(&h, arrow),
        Routing::Elbow,
        "new arrows are elbows"
    );
    let path = h.state().canvas.arrow_path(arrow).unwrap();
    let wall_rect = h.state().doc.board.get(wall).unwrap().rect().unwrap();
    assert!(path.len() > 2, "it bends: {path:?}");
    assert!(!path_enters(&wall_rect, &path), "around the wall: {path:?}");

    // The inspector switches it to straight, and undo brings the elbow back.
    h.state_mut().canvas.selection = vec![arrow].into();
    h.run();
    h.get_by_label("Inspector").click();
    h.run();
    h.get_by_label("Straight").click();
    h.run();
    assert_eq!(routing_of(&h, arrow), Routing::Straight);
    assert_eq!(h.state().canvas.arrow_path(arrow).unwrap().len(), 2);
    h.get_by_label("Curved").click();
    h.run();
    assert_eq!(routing_of(&h, arrow), Routing::Curved);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(routing_of(&h, arrow), Routing::Elbow);
}

#[test]
fn view_new_arrows_sets_the_next_arrow_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.ron");
    let mut h = common::ui::harness_sized(
        AppOptions {
            settings_path: Some(settings.clone()),
            ..AppOptions::default()
        },
        Vec2::new(1280.0, 800.0),
    );
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("New arrows").click();
    h.run();
    h.get_by_label("Straight").click();
    h.run();
    assert_eq!(h.state().settings.arrow_routing, Routing::Straight);
    let a = common::ui::quick_add(&mut h, "kafka");
    let b = common::ui::quick_add_connected(&mut h, "flink");
    let arrow = arrow_between(&h, a, b).unwrap();
    assert_eq!(routing_of(&h, arrow), Routing::Straight);
    assert!(
        std::fs::read_to_string(&settings)
            .unwrap()
            .contains("arrow_routing: Straight")
    );
}

#[test]
fn a_connection_dragged_to_empty_canvas_opens_quick_add_and_adds_there_connected() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "kafka");
    let before = h.state().doc.board.elements().len();
    let drop = center_of(&h, a) + Vec2::new(60.0, 200.0);
    connect_from(&mut h, a, drop);
    assert_eq!(
        h.state().doc.board.elements().len(),
        before,
        "nothing added before a pick"
    );
    let qa = h.state().ui.quick_add.clone().expect("quick add opened");
    assert_eq!(qa.connect_to.map(|(id, _)| id), Some(a));
    assert!(
        h.query_by_label_contains("connected from Message bus")
            .is_some()
            || h.query_by_label_contains("connected from Kafka").is_some(),
        "the hint names the source"
    );
    h.event(egui::Event::Text("ranker".to_owned()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().ui.quick_add.is_none());
    let new = *h.state().canvas.selection.first().unwrap();
    assert_ne!(new, a);
    let arrow = arrow_between(&h, a, new).expect("added connected from a");
    assert_eq!(routing_of(&h, arrow), Routing::Elbow);
    // Where it was dropped.
    let at = center_of(&h, new);
    assert!(at.distance(drop) < 60.0, "{at:?} vs {drop:?}");
    // One undo takes both away.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.board.elements().len(), before);

    // Escape instead adds nothing.
    connect_from(&mut h, a, drop);
    assert!(h.state().ui.quick_add.is_some());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().ui.quick_add.is_none());
    assert_eq!(h.state().doc.board.elements().len(), before);
}

#[test]
fn dragging_an_elbows_middle_segment_keeps_the_bend_while_boxes_move() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "kafka");
    let b = common::ui::quick_add_connected(&mut h, "flink");
    place(&mut h, a, Point::new(0.0, 0.0));
    place(&mut h, b, Point::new(520.0, 300.0));
    {
        let app = h.state_mut();
        app.canvas.zoom_to_fit(&app.doc);
    }
    h.run();
    let arrow = arrow_between(&h, a, b).unwrap();
    h.state_mut().canvas.selection = vec![arrow].into();
    h.run();
    let handles = {
        let app = h.state();
        app.canvas.bend_handles(&app.doc)
    };
    let (_, at, vertical) = *handles.first().expect("a Z has a middle segment");
    assert!(
        vertical,
        "boxes side by side: the middle segment is vertical"
    );
    let zoom = h.state().canvas.view.zoom;
    drag(&mut h, at, at + Vec2::new(100.0 * zoom, 0.0));
    let bend = match h.state().doc.board.get(arrow) {
        Some(Element::Arrow(x)) => x.bend,
        _ => None,
    }
    .expect("the drag fixed a bend");
    assert!(bend.vertical);
    let on_bend = |h: &Harness<'_, MlsdApp>| {
        let path = h.state().canvas.arrow_path(arrow).unwrap();
        path.windows(2).any(|w| {
            (w[0].x - bend.at).abs() < 1e-3 && (w[1].x - bend.at).abs() < 1e-3 && w[0].y != w[1].y
        })
    };
    assert!(on_bend(&h), "the middle segment runs on the bend");
    // b moves down: the bend stays where the user put it.
    place(&mut h, b, Point::new(520.0, 420.0));
    assert!(on_bend(&h), "kept while a box moves");
    // Undo the move and the bend: routed freely again.
    for _ in 0..2 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run();
    }
    assert!(matches!(
        h.state().doc.board.get(arrow),
        Some(Element::Arrow(x)) if x.bend.is_none()
    ));
}
