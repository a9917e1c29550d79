//! The palette and inspector driven through egui_kittest: drag a kind onto
//! the canvas, search, tick failure modes, custom kinds, unknown kinds.

mod common;

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::files::{Picked, ScriptedChooser};
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::io::{BoardFile, load_path, save_path};
use mlsd_board::model::{Board, Component, Element, Point};

fn app_with(
    chooser: ScriptedChooser,
    file: Option<std::path::PathBuf>,
) -> Harness<'static, MlsdApp> {
    common::ui::harness_sized(
        AppOptions {
            chooser: Box::new(chooser),
            file,
            ..AppOptions::default()
        },
        Vec2::new(1280.0, 800.0),
    )
}

fn app() -> Harness<'static, MlsdApp> {
    app_with(ScriptedChooser::default(), None)
}

fn palette_search(h: &mut Harness<'_, MlsdApp>, text: &str) {
    common::ui::palette_search(h, text);
}

fn components(h: &Harness<'_, MlsdApp>) -> Vec<Component> {
    h.state()
        .doc
        .board
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Component(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn drag_a_kind_from_the_palette_onto_the_canvas() {
    let mut h = app();
    palette_search(&mut h, "faiss");
    let from = h.get_by_label("ANN index").rect().center();
    let to = Pos2::new(640.0, 460.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=8 {
        h.hover_at(from + (to - from) * (i as f32 / 8.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    let comps = components(&h);
    assert_eq!(comps.len(), 1, "one component was dropped");
    let c = &comps[0];
    assert_eq!(c.kind, "ann_index");
    assert_eq!(c.label, "ANN index");
    let want = h.state().canvas.to_board(to);
    let got = Point::new(c.pos.x + c.size.w * 0.5, c.pos.y + c.size.h * 0.5);
    assert!(
        (got.x - want.x).abs() <= 10.0 && (got.y - want.y).abs() <= 10.0,
        "centred on the drop point (to the grid): {got:?} vs {want:?}"
    );
    assert_eq!(
        h.state().settings.recent_kinds.first().map(String::as_str),
        Some("ann_index")
    );
    // One undo takes it away.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(components(&h).is_empty());
}

#[test]
fn click_a_kind_to_add_it_and_search_by_keyword() {
    let mut h = app();
    palette_search(&mut h, "k8s");
    h.get_by_label("Container orchestration").click();
    h.run();
    assert_eq!(components(&h)[0].kind, "kubernetes");
    palette_search(&mut h, "zzzz");
    assert!(h.query_by_label("No component matches.").is_some());
}

#[test]
fn tick_failure_modes_as_addressed_and_undo() {
    let mut h = app();
    palette_search(&mut h, "feature store");
    h.get_by_label("Feature store").click();
    h.run();
    let mode = "Training/serving skew when offline and online values are computed differently";
    h.get_by_label(mode).click();
    h.run();
    assert!(components(&h)[0].addressed.contains(mode));
    assert!(
        h.query_by_label_contains("1/").is_some(),
        "progress shows one addressed"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(components(&h)[0].addressed.is_empty());
}

/// A tick made under an older catalog's wording stays listed and ticked,
/// and can be unticked: reworded catalog text loses nothing.
#[test]
fn a_tick_in_an_older_wording_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("old.ron");
    let text = r#"(format: 1, board: (elements: [
        Component((id: 1, kind: "reranker", label: "Re-ranker", pos: (x: 0, y: 0),
            addressed: ["An old way to say it"])),
    ]))"#;
    std::fs::write(&src, text).unwrap();
    let mut h = app_with(ScriptedChooser::default(), Some(src));
    h.state_mut().canvas.selection = vec![mlsd_board::model::ElementId(1)].into();
    h.run();
    assert!(h.query_by_label("Ticked earlier (older wording)").is_some());
    h.get_by_label("An old way to say it").click();
    h.run();
    assert!(components(&h)[0].addressed.is_empty());
}

#[test]
fn a_custom_kind_is_saved_inside_the_board() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("custom.ron");
    let mut chooser = ScriptedChooser::default();
    chooser.answers.push_back(Picked::Path(path.clone()));
    let mut h = app_with(chooser, None);
    h.get_by_label("+ Custom component…").click_accesskit();
    h.run();
    h.get_by_label("Name").focus();
    h.run();
    h.get_by_label("Name").type_text("Fraud rules engine");
    h.run();
    h.get_by_label("Add to board").click();
    h.run();
    let board = &h.state().doc.board;
    assert_eq!(board.custom_kinds.len(), 1);
    assert_eq!(board.custom_kinds[0].id, "custom:fraud_rules_engine");
    assert_eq!(components(&h)[0].kind, "custom:fraud_rules_engine");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let loaded = load_path(&path).unwrap();
    assert_eq!(
        loaded.file.board.custom_kinds,
        h.state().doc.board.custom_kinds
    );
    // The kind shows in the palette for this board.
    assert!(h.query_by_label("On this board").is_some());
    // Undo removes the component and then the kind.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().doc.board.custom_kinds.is_empty());
}

#[test]
fn a_board_with_an_unknown_kind_opens_shows_it_and_saves_it_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("from-elsewhere.ron");
    let text = r#"(format: 1, board: (elements: [
        Component((id: 1, kind: "quantum_teleporter", label: "Teleporter v2", pos: (x: 0, y: 0))),
        Component((id: 2, kind: "ranker", label: "Ranker", pos: (x: 300, y: 0))),
        Arrow((id: 3, from: Element(id: 1), to: Element(id: 2))),
    ]))"#;
    std::fs::write(&src, text).unwrap();
    let original = load_path(&src).unwrap().file.board;
    let out = dir.path().join("saved.ron");
    let mut chooser = ScriptedChooser::default();
    chooser.answers.push_back(Picked::Path(out.clone()));
    let mut h = app_with(chooser, Some(src));
    assert!(
        h.state().ui.dialog.is_none(),
        "no repair or error: {:?}",
        h.state().ui.dialog
    );
    // Shown with its stored label.
    assert!(h.query_by_label("Teleporter v2").is_some());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    let saved = load_path(&out).unwrap();
    assert!(saved.repairs.is_empty());
    let mut a: Board = saved.file.board;
    let mut b = original;
    // Saving stamps the times; everything else is as it was.
    a.meta.modified = 0;
    a.meta.created = 0;
    b.meta.created = 0;
    assert_eq!(a, b);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("quantum_teleporter")
    );
    let _ = save_path(&dir.path().join("x.ron"), &BoardFile::new(a));
}

#[test]
fn the_inspector_changes_a_components_kind() {
    let mut h = app();
    palette_search(&mut h, "ranker");
    h.get_by_label("Ranker").click();
    h.run();
    assert_eq!(components(&h)[0].kind, "ranker");
    // The Kind box (labelled by the "Kind" caption) opens the list.
    h.get_all_by_label("Kind").last().unwrap().click();
    h.run();
    h.get_by_label("   API gateway").click();
    h.run();
    let c = &components(&h)[0];
    assert_eq!(c.kind, "api_gateway");
    assert_eq!(
        c.label, "API gateway",
        "a label that was the kind's name follows the kind"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(components(&h)[0].kind, "ranker");
}
