//! Issue #16: shapes and style. Stores are cylinders and buses queues by
//! default; the inspector changes a component's shape, any element's
//! colour and text size, for one element or a selection, as one undo
//! step each; plain shapes come from the palette; shapes reach the PNG.

mod common;

use common::ui::center_of;

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

fn right_click(h: &mut Harness<'_, MlsdApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    }
    h.run();
}

#[test]
fn right_click_menus_act_on_what_is_under_the_pointer() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    let b = common::ui::quick_add(&mut h, "kafka");
    // The checklist in the sidebar, not the inspector (whose own Shape
    // would be found too).
    h.get_by_label("Framework").click();
    h.run();
    // On a box not selected: it becomes the selection, and the menu's
    // Shape submenu changes it.
    h.state_mut().canvas.selection.clear();
    let pa = center_of(&h, a);
    right_click(&mut h, pa);
    assert_eq!(h.state().canvas.selection.as_slice(), &[a]);
    h.get_by_label("Shape").hover();
    // The submenu opens over a few frames (and the status line fades).
    h.run_steps(10);
    h.get_by_label("Person").click();
    h.run();
    assert_eq!(component(&h, a).shape, Some(BoxShape::Person));
    // On empty canvas: the selection clears; "Add note here" adds a note
    // where the click was.
    let empty = center_of(&h, b) + Vec2::new(0.0, 220.0);
    right_click(&mut h, empty);
    assert!(h.state().canvas.selection.is_empty());
    h.get_by_label("Add note here").click();
    h.run();
    let note = *h.state().canvas.selection.first().unwrap();
    assert!(matches!(
        h.state().doc.board.get(note),
        Some(Element::Note(_))
    ));
    let at = center_of(&h, note);
    assert!(at.distance(empty) < 120.0, "{at:?} near {empty:?}");
}

#[test]
fn align_and_distribute_from_shortcuts_and_the_edit_menu() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    let b = common::ui::quick_add(&mut h, "kafka");
    let c = common::ui::quick_add(&mut h, "flink");
    h.get_by_label("Framework").click();
    h.run();
    h.state_mut().canvas.selection = vec![a, b, c].into();
    h.run();
    let rect = |h: &Harness<'_, MlsdApp>, id| h.state().doc.board.get(id).unwrap().rect().unwrap();
    // Ctrl+Shift+Up: tops in line.
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::ArrowUp,
    );
    h.run();
    let top = rect(&h, a).min.y.min(rect(&h, b).min.y);
    for id in [a, b, c] {
        assert!((rect(&h, id).min.y - top).abs() < 1e-3);
    }
    // Move c far right, then Alt+H: equal gaps, the ends kept.
    {
        let app = h.state_mut();
        let before = app.doc.board.get(c).unwrap().clone();
        let after = before.translated(400.0, 0.0);
        app.doc.apply(mlsd_board::app::document::Edit::Apply(
            "move".to_owned(),
            vec![mlsd_board::ops::Op::Update { before, after }],
        ));
    }
    h.run();
    let (ca, cc) = (rect(&h, a).min.x, rect(&h, c).min.x);
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::H);
    h.run();
    let mut rs = [rect(&h, a), rect(&h, b), rect(&h, c)];
    rs.sort_by(|p, q| p.min.x.total_cmp(&q.min.x));
    let gap1 = rs[1].min.x - rs[0].max.x;
    let gap2 = rs[2].min.x - rs[1].max.x;
    assert!((gap1 - gap2).abs() < 1e-2, "{gap1} vs {gap2}");
    assert_eq!(
        (rect(&h, a).min.x, rect(&h, c).min.x),
        (ca, cc),
        "the ends stay"
    );
    // Edit > Arrange > Align left.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Arrange").hover();
    h.run_steps(10);
    h.get_by_label_contains("Align left").click();
    h.run();
    let left = rect(&h, a).min.x;
    for id in [a, b, c] {
        assert!((rect(&h, id).min.x - left).abs() < 1e-3);
    }
}

/// Drags from `from` to `to` and holds: a vertical guide shows on the
/// line x = `at` (`what`, for the message); then drops, and the guide goes.
fn drag_along_guide(
    h: &mut Harness<'_, MlsdApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    at: f32,
    what: &str,
) {
    common::ui::drag_and_hold(h, from, to, 6);
    let guides = h.state().canvas.guides();
    assert!(
        guides
            .iter()
            .any(|g| g.vertical && (g.at - at).abs() < 1e-3),
        "a guide on {what}: {guides:?}"
    );
    h.drop_at(to);
    h.run();
    assert!(h.state().canvas.guides().is_empty(), "gone after the drop");
}

#[test]
fn a_dragged_box_snaps_to_a_neighbours_edge_and_shows_the_guide() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    let b = common::ui::quick_add(&mut h, "kafka");
    let ra = h.state().doc.board.get(a).unwrap().rect().unwrap();
    let rb = h.state().doc.board.get(b).unwrap().rect().unwrap();
    // Drag b so that its left edge lands 4 units (at 100 %) off a's left
    // edge, well below a: it snaps onto a's left edge.
    let zoom = h.state().canvas.view.zoom;
    let target_x = ra.min.x + 4.0;
    let from = center_of(&h, b);
    let to = from + Vec2::new((target_x - rb.min.x) * zoom, 150.0 * zoom + 3.0);
    drag_along_guide(&mut h, from, to, ra.min.x, "a's left edge");
    let rb = h.state().doc.board.get(b).unwrap().rect().unwrap();
    assert!(
        (rb.min.x - ra.min.x).abs() < 1e-3,
        "{} vs {}",
        rb.min.x,
        ra.min.x
    );
}

#[test]
fn a_group_is_selected_and_moved_whole_and_a_locked_box_stays() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    let b = common::ui::quick_add(&mut h, "kafka");
    let c = common::ui::quick_add(&mut h, "flink");
    h.get_by_label("Framework").click();
    h.run();
    // Ctrl+G groups a and b.
    h.state_mut().canvas.selection = vec![a, b].into();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::G);
    h.run();
    let g = h.state().doc.board.get(a).unwrap().group();
    assert!(g.is_some());
    assert_eq!(h.state().doc.board.get(b).unwrap().group(), g);
    // Clicking a selects the group; dragging a moves both.
    h.state_mut().canvas.selection.clear();
    h.run();
    let pa = center_of(&h, a);
    h.hover_at(pa);
    h.drag_at(pa);
    h.run();
    h.drop_at(pa);
    h.run();
    let mut sel = h.state().canvas.selection.to_vec();
    sel.sort_unstable();
    assert_eq!(sel, vec![a, b], "one click selects the whole group");
    let rect = |h: &Harness<'_, MlsdApp>, id| h.state().doc.board.get(id).unwrap().rect().unwrap();
    let (ra, rb) = (rect(&h, a), rect(&h, b));
    let to = pa + Vec2::new(0.0, 200.0);
    h.hover_at(pa);
    h.run();
    h.drag_at(pa);
    h.run();
    for i in 1..=5 {
        h.hover_at(pa + (to - pa) * (i as f32 / 5.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    let (na, nb) = (rect(&h, a), rect(&h, b));
    assert!(na.min.y > ra.min.y + 100.0, "a moved");
    assert!(
        (nb.min.y - rb.min.y - (na.min.y - ra.min.y)).abs() < 1e-3,
        "b moved with a"
    );
    // Ctrl+Shift+G ungroups.
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::G,
    );
    h.run();
    assert_eq!(h.state().doc.board.get(a).unwrap().group(), None);
    assert_eq!(h.state().doc.board.get(b).unwrap().group(), None);
    // Lock c: a click passes through it, Delete leaves it.
    h.state_mut().canvas.selection = vec![c].into();
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::L,
    );
    h.run();
    assert!(h.state().doc.board.get(c).unwrap().locked());
    let pc = center_of(&h, c);
    h.hover_at(pc);
    h.drag_at(pc);
    h.run();
    h.drop_at(pc);
    h.run();
    assert!(
        !h.state().canvas.selection.contains(&c),
        "locked: not picked"
    );
    h.state_mut().canvas.selection = vec![c].into();
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(h.state().doc.board.get(c).is_some(), "locked: not deleted");
    // Unlock all (Edit > Arrange).
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Arrange").hover();
    h.run_steps(10);
    h.get_by_label_contains("Unlock all").click();
    h.run();
    assert!(!h.state().doc.board.get(c).unwrap().locked());
}

fn count_ink(h: &Harness<'_, MlsdApp>) -> usize {
    h.state().doc.board.counts().ink
}

fn stroke(h: &mut Harness<'_, MlsdApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=12 {
        let t = i as f32 / 12.0;
        // A curve, not a straight line.
        let bow = Vec2::new(0.0, (t * std::f32::consts::PI).sin() * 40.0);
        h.hover_at(from + (to - from) * t + bow);
        h.run();
    }
    h.drop_at(to);
    h.run();
}

#[test]
fn the_pen_draws_a_stroke_undo_takes_it_back_and_the_eraser_removes_it() {
    let mut h = app();
    let c = h.state().canvas.screen_rect().center();
    h.key_press(egui::Key::P);
    h.run();
    assert_eq!(h.state().canvas.tool, mlsd_board::app::canvas::Tool::Pen);
    stroke(&mut h, c - Vec2::new(150.0, 0.0), c + Vec2::new(150.0, 0.0));
    assert_eq!(count_ink(&h), 1, "one stroke");
    let ink = h
        .state()
        .doc
        .board
        .elements()
        .iter()
        .find_map(|e| match e {
            Element::Ink(i) => Some(i.clone()),
            _ => None,
        })
        .unwrap();
    assert!(ink.points.len() >= 3, "it bends: {:?}", ink.points);
    assert!(ink.points.len() < 13, "simplified: {}", ink.points.len());
    // Undo takes it back, redo brings it again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count_ink(&h), 0);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(count_ink(&h), 1);
    // The eraser: a drag across it removes it, in one undo step.
    h.key_press(egui::Key::E);
    h.run();
    assert_eq!(h.state().canvas.tool, mlsd_board::app::canvas::Tool::Eraser);
    let top = c + Vec2::new(0.0, -60.0);
    let bottom = c + Vec2::new(0.0, 80.0);
    common::ui::drag_and_hold(&mut h, top, bottom, 14);
    h.drop_at(bottom);
    h.run();
    assert_eq!(count_ink(&h), 0, "erased");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count_ink(&h), 1, "one undo brings it back");
    // Escape: back to selecting; a click on the stroke selects it.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().canvas.tool, mlsd_board::app::canvas::Tool::Select);
}

#[test]
fn a_pen_stroke_and_styles_survive_a_save_and_load() {
    let mut b = Board::new("ink");
    b.next_id = 3;
    b.elements = Elements::from_vec(vec![
        Element::Ink(mlsd_board::model::Ink {
            id: ElementId(1),
            pos: Point::new(10.0, 20.0),
            points: vec![[0.0, 0.0], [12.5, 3.0], [30.0, -4.0]],
            width: 4.0,
            color: Some(Color([1, 2, 3])),
            ..Default::default()
        }),
        Element::Component(Component {
            id: ElementId(2),
            kind: "ranker".to_owned(),
            shape: Some(BoxShape::Queue),
            font: FontSize::XL,
            group: Some(9),
            locked: true,
            ..Component::default()
        }),
    ]);
    let text = mlsd_board::io::to_ron(&mlsd_board::io::BoardFile::new(b.clone())).unwrap();
    assert!(text.contains("Ink(("), "{text}");
    let back = mlsd_board::io::load_bytes(text.as_bytes(), std::path::Path::new("ink.ron"))
        .unwrap()
        .file
        .board;
    assert_eq!(back, b);
}

#[test]
fn a_resized_edge_snaps_to_a_neighbours_edge_and_shows_the_guide() {
    let mut h = app();
    let a = common::ui::quick_add(&mut h, "ranker");
    let b = common::ui::quick_add(&mut h, "kafka");
    h.get_by_label("Framework").click();
    h.run();
    // b sits to the right of a; put b below a, then drag b's right edge
    // to 3 units (at 100 %) past a's right edge: it snaps onto it.
    let ra = h.state().doc.board.get(a).unwrap().rect().unwrap();
    common::ui::move_box_to(&mut h, b, Point::new(ra.min.x + 20.0, ra.max.y + 120.0));
    h.state_mut().canvas.selection = vec![b].into();
    h.run();
    let handle = {
        let app = h.state();
        app.canvas
            .resize_handle_pos(&app.doc, b, mlsd_board::app::canvas::Handle::E)
            .unwrap()
    };
    let zoom = h.state().canvas.view.zoom;
    let rb = h.state().doc.board.get(b).unwrap().rect().unwrap();
    let to = handle + Vec2::new((ra.max.x + 3.0 - rb.max.x) * zoom, 0.0);
    drag_along_guide(&mut h, handle, to, ra.max.x, "a's right edge");
    let rb = h.state().doc.board.get(b).unwrap().rect().unwrap();
    assert!(
        (rb.max.x - ra.max.x).abs() < 1e-3,
        "{} vs {}",
        rb.max.x,
        ra.max.x
    );
}

#[test]
fn a_stylus_that_reports_pressure_draws_a_stroke_of_changing_width() {
    let mut h = app();
    let c = h.state().canvas.screen_rect().center();
    h.key_press(egui::Key::P);
    h.run();
    let (from, to) = (c - Vec2::new(150.0, 0.0), c + Vec2::new(150.0, 60.0));
    let touch = |h: &mut Harness<'_, MlsdApp>, pos: egui::Pos2, force: f32, phase| {
        h.event(egui::Event::Touch {
            device_id: egui::TouchDeviceId(1),
            id: egui::TouchId(1),
            phase,
            pos,
            force: Some(force),
        });
    };
    h.hover_at(from);
    h.run();
    touch(&mut h, from, 0.1, egui::TouchPhase::Start);
    h.drag_at(from);
    h.run();
    for i in 1..=12 {
        let t = i as f32 / 12.0;
        let pos = from + (to - from) * t + Vec2::new(0.0, (t * 6.0).sin() * 30.0);
        touch(&mut h, pos, 0.1 + 0.9 * t, egui::TouchPhase::Move);
        h.hover_at(pos);
        h.run();
    }
    h.drop_at(to);
    h.run();
    let ink = h
        .state()
        .doc
        .board
        .elements()
        .iter()
        .find_map(|e| match e {
            Element::Ink(i) => Some(i.clone()),
            _ => None,
        })
        .expect("a stroke");
    assert_eq!(ink.pressure.len(), ink.points.len(), "{ink:?}");
    let w = ink.widths();
    assert!(
        w.first().unwrap() < w.last().unwrap(),
        "light to hard: {w:?}"
    );
    // A mouse stroke has none.
    stroke(
        &mut h,
        c + Vec2::new(-150.0, 120.0),
        c + Vec2::new(150.0, 120.0),
    );
    let plain = h
        .state()
        .doc
        .board
        .elements()
        .iter()
        .rev()
        .find_map(|e| match e {
            Element::Ink(i) => Some(i.clone()),
            _ => None,
        })
        .unwrap();
    assert!(plain.pressure.is_empty());
}
