//! Issue #16: shapes and style. Stores are cylinders and buses queues by
//! default; the inspector changes a component's shape, any element's
//! colour and text size, for one element or a selection, as one undo
//! step each; plain shapes come from the palette; shapes reach the PNG.

mod common;

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::model::{
    Board, BoxShape, Catalog, Color, Component, Element, ElementId, Elements, FontSize, Point, Size,
};

fn app() -> Harness<'static, MlsdApp> {
    common::ui::harness_sized(AppOptions::default(), Vec2::new(1280.0, 900.0))
}

fn component(h: &Harness<'_, MlsdApp>, id: ElementId) -> Component {
    match h.state().doc.board.get(id) {
        Some(Element::Component(c)) => c.clone(),
        _ => panic!("not a component"),
    }
}

#[test]
fn stores_are_cylinders_and_buses_queues_by_default() {
    let catalog = Catalog::builtin().unwrap();
    let shape = |k: &str| catalog.kind(k).and_then(|k| k.shape);
    for store in [
        "feature_store",
        "object_store",
        "data_warehouse",
        "kv_store",
        "model_registry",
    ] {
        assert_eq!(shape(store), Some(BoxShape::Cylinder), "{store}");
    }
    assert_eq!(shape("message_bus"), Some(BoxShape::Queue));
    assert_eq!(shape("ranker"), None, "services stay rounded boxes");
}

#[test]
fn the_inspector_changes_shape_colour_and_size_and_undo_restores_them() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    h.get_by_label("Inspector").click();
    h.run();
    // Shape.
    h.get_by_label("Shape").click();
    h.run();
    h.get_by_label("Cylinder (store)").click();
    h.run();
    assert_eq!(component(&h, a).shape, Some(BoxShape::Cylinder));
    // Colour from the swatches, and text size.
    h.get_by_label("Red").click();
    h.run();
    assert_eq!(component(&h, a).color, Some(Color([0xd9, 0x53, 0x4f])));
    h.get_by_label("XL").click();
    h.run();
    assert_eq!(component(&h, a).font, FontSize::XL);
    // Three undo steps, one per change.
    for _ in 0..3 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run();
    }
    let c = component(&h, a);
    assert_eq!((c.shape, c.color, c.font), (None, None, FontSize::M));
}

#[test]
fn a_selection_is_styled_in_one_step() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    let b = common::ui::quick_add(&mut h, "kafka");
    h.key_press(egui::Key::N);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    let note = *h.state().canvas.selection.first().unwrap();
    h.state_mut().canvas.selection = vec![a, b, note].into();
    h.run();
    h.get_by_label("Inspector").click();
    h.run();
    h.get_by_label("Purple").click();
    h.run();
    let purple = Some(Color([0x8a, 0x62, 0xcc]));
    assert_eq!(component(&h, a).color, purple);
    assert_eq!(component(&h, b).color, purple);
    let Some(Element::Note(n)) = h.state().doc.board.get(note).cloned() else {
        panic!()
    };
    assert_eq!(n.color, purple);
    h.get_by_label("L").click();
    h.run();
    assert_eq!(component(&h, b).font, FontSize::L);
    // One undo takes back the size for all three, one more the colour.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(component(&h, b).font, FontSize::M);
    assert_eq!(component(&h, a).color, purple);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(component(&h, a).color, None);
    assert_eq!(component(&h, b).color, None);
}

#[test]
fn the_palette_adds_plain_shapes_ready_to_type_into() {
    let mut h = app();
    h.get_by_label("Ellipse").click();
    h.run();
    let id = *h.state().canvas.selection.first().unwrap();
    let c = component(&h, id);
    assert_eq!(c.shape, Some(BoxShape::Ellipse));
    assert!(c.kind.is_empty(), "a plain shape has no catalog kind");
    assert!(h.state().canvas.editing.is_some(), "typing names it");
    h.event(egui::Event::Text("Decision".to_owned()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(component(&h, id).label, "Decision");
}

#[test]
fn a_cylinder_renders_differently_from_a_box() {
    let catalog = Catalog::builtin().unwrap();
    let board_with = |shape: Option<BoxShape>| {
        let mut b = Board::new("shapes");
        b.next_id = 2;
        b.elements = Elements::from_vec(vec![Element::Component(Component {
            id: ElementId(1),
            kind: "ranker".to_owned(),
            label: "R".to_owned(),
            pos: Point::new(0.0, 0.0),
            size: Size::new(160.0, 72.0),
            shape,
            ..Component::default()
        })]);
        b
    };
    let image = |b: &Board| {
        mlsd_board::render::export::Scene::new(
            b,
            &catalog,
            &mlsd_board::render::export::RenderOptions::default(),
        )
        .unwrap()
        .to_image()
    };
    let boxed = image(&board_with(None));
    let cylinder = image(&board_with(Some(BoxShape::Cylinder)));
    let diamond = image(&board_with(Some(BoxShape::Diamond)));
    assert_eq!(boxed.size, cylinder.size);
    assert_ne!(boxed.pixels, cylinder.pixels);
    assert_ne!(cylinder.pixels, diamond.pixels);
}
