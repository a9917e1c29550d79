//! Drawing speed features seen from the UI: a zoomed-out board is drawn
//! from one cached texture that panning reuses and editing rebuilds; View >
//! Performance shows frame times and memory.

mod common;

use egui::Vec2;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::AppOptions;
use mlsd_board::io::{BoardFile, save_path};

#[test]
fn zoomed_out_pans_reuse_the_cached_board_and_edits_rebuild_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let board = mlsd_board::model::generate::grid_board(2000, 3000, 3);
    save_path(&path, &BoardFile::new(board)).unwrap();
    let mut h = common::ui::harness(AppOptions {
        file: Some(path),
        ..AppOptions::default()
    });
    common::ui::wait_for_pictures(&mut h);
    let zoom = h.state().canvas.view.zoom;
    assert!(zoom < 0.3, "opened fitted, zoomed out ({zoom})");
    let first = h
        .state()
        .canvas
        .cached_texture()
        .expect("drawn from a texture");
    for _ in 0..3 {
        h.state_mut().canvas.view.offset += Vec2::new(7.0, 3.0);
        h.run();
        assert_eq!(
            h.state().canvas.cached_texture(),
            Some(first),
            "a pan reuses it"
        );
    }
    // Select everything: arrows change colour, so the texture is rebuilt.
    let all: Vec<_> = h
        .state()
        .doc
        .board
        .elements()
        .iter()
        .map(mlsd_board::model::Element::id)
        .collect();
    h.state_mut().canvas.selection = all.into();
    let fills = h.state().canvas.zoomed_fills();
    h.step();
    assert_eq!(
        h.state().canvas.zoomed_fills(),
        fills + 1,
        "a change starts a fill on a worker"
    );
    assert!(
        h.state().canvas.cached_texture().is_some(),
        "the previous picture stands in while it fills"
    );
    common::ui::wait_for_pictures(&mut h);
    let second = h.state().canvas.cached_texture().unwrap();
    assert_ne!(second, first, "a change rebuilds it");
    // Zoomed in to 100 %: elements are drawn as shapes again.
    h.state_mut().canvas.reset_zoom();
    h.run();
    assert!(h.state().canvas.drawn < 2000);
}

#[test]
fn view_performance_shows_frame_times_and_memory() {
    let mut h = common::ui::harness(AppOptions::default());
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Performance").click();
    h.run();
    assert!(h.state().ui.show_perf);
    assert!(h.query_by_label_contains("Frame time (p95)").is_some());
    assert!(h.query_by_label_contains("Resident memory").is_some());
    for _ in 0..5 {
        h.state_mut().canvas.view.offset += Vec2::new(5.0, 0.0);
        h.step();
    }
    assert!(
        h.state().ui.perf.summary().frames >= 3,
        "frames were counted"
    );
}

#[test]
fn a_busy_board_at_full_detail_pans_over_a_picture_filled_in_the_background() {
    let mut h = common::ui::harness(AppOptions::default());
    {
        let app = h.state_mut();
        app.doc = mlsd_board::app::document::Document::new(
            mlsd_board::model::generate::grid_board(2000, 3000, 5),
        );
        app.canvas.show_top_left(&app.doc);
        // Zoomed out a little, still with labels: a busy view.
        app.canvas.view.zoom = 0.6;
    }
    h.run();
    assert!(
        h.state().canvas.drawn >= 100,
        "a busy view ({} elements)",
        h.state().canvas.drawn
    );
    // The first frames draw directly; the board kept still, so the region
    // around the view is being filled.
    common::ui::wait_for_pictures(&mut h);
    let picture = h
        .state()
        .canvas
        .detail_texture()
        .expect("the region around the view as a picture");
    let fills = h.state().canvas.detail_fills();
    // Small pans move the picture: no new fill.
    for _ in 0..5 {
        h.state_mut().canvas.view.offset += Vec2::new(-12.0, -7.0);
        h.run();
    }
    assert_eq!(h.state().canvas.detail_texture(), Some(picture));
    assert_eq!(h.state().canvas.detail_fills(), fills);
    // Elements drawn from the picture still have their accessible nodes.
    assert!(h.query_by_label("Service 00001").is_some());
    // Nearing the picture's edge fills the next region ahead.
    h.state_mut().canvas.view.offset += Vec2::new(-300.0, 0.0);
    h.run();
    assert_eq!(h.state().canvas.detail_fills(), fills + 1);
    common::ui::wait_for_pictures(&mut h);
    assert!(h.state().canvas.detail_texture().is_some());
    // A change (here the selection, which recolours) is drawn directly at
    // once, and the picture is filled again once the board is still.
    let first = h.state().doc.board.elements()[0].id();
    h.state_mut().canvas.selection = vec![first].into();
    h.run();
    common::ui::wait_for_pictures(&mut h);
    assert_eq!(h.state().canvas.detail_fills(), fills + 2);
    // A quiet board (under 100 elements in view) is always drawn directly.
    h.state_mut().canvas.reset_zoom();
    h.state_mut().canvas.view.zoom = 4.0;
    h.run();
    common::ui::wait_for_pictures(&mut h);
    assert_eq!(h.state().canvas.detail_fills(), fills + 2);
}

#[test]
fn a_file_read_while_the_window_opens_opens_as_if_read_by_the_app() {
    use mlsd_board::app::Preload;
    let dir = tempfile::tempdir().unwrap();
    let board_path = dir.path().join("b.ron");
    let board = mlsd_board::model::generate::grid_board(30, 40, 2);
    save_path(&board_path, &BoardFile::new(board.clone())).unwrap();
    let scene = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bench/scene-500-800.excalidraw.gz");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format: \"mlsd-board\", version: 1, board: (").unwrap();
    for path in [board_path, scene, broken] {
        let plain = common::ui::harness(AppOptions {
            file: Some(path.clone()),
            ..AppOptions::default()
        });
        let preloaded = common::ui::harness(AppOptions {
            file: Some(path.clone()),
            preload: Preload::start(&path),
            ..AppOptions::default()
        });
        let (a, b) = (plain.state(), preloaded.state());
        // A file that cannot be read leaves a new, empty board, stamped
        // with the second it was made: the two may fall a second apart.
        let (mut ba, mut bb) = (a.doc.board.clone(), b.doc.board.clone());
        assert!(ba.meta.created.abs_diff(bb.meta.created) <= 1);
        ba.meta.created = 0;
        bb.meta.created = 0;
        assert_eq!(ba, bb, "{}", path.display());
        assert_eq!(a.ui.status, b.ui.status);
        assert_eq!(a.doc.path, b.doc.path);
        assert_eq!(a.doc.is_dirty(), b.doc.is_dirty());
    }
}

#[test]
fn dragging_everything_zoomed_out_moves_pictures_and_changes_the_board_once() {
    use egui::{Key, Modifiers};
    use mlsd_board::model::Element;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let board = mlsd_board::model::generate::grid_board(2000, 3000, 4);
    save_path(&path, &BoardFile::new(board)).unwrap();
    let mut h = common::ui::harness(AppOptions {
        file: Some(path),
        ..AppOptions::default()
    });
    common::ui::wait_for_pictures(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    let n = h.state().doc.board.elements().len();
    assert_eq!(h.state().canvas.selection.len(), n);
    common::ui::wait_for_pictures(&mut h);
    let before = h.state().doc.board.clone();
    let first = before
        .elements()
        .iter()
        .find(|e| matches!(e, Element::Component(_)))
        .unwrap()
        .clone();
    let p = {
        let app = h.state();
        app.canvas
            .element_screen_rect(&app.doc, first.id())
            .unwrap()
            .center()
    };
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.step();
    let fills = h.state().canvas.zoomed_fills();
    for i in 1..=6 {
        h.hover_at(p + Vec2::new(4.0 * i as f32, 2.0 * i as f32));
        h.step();
    }
    let moving = h.state().canvas.dragging().expect("a move").originals.len();
    assert_eq!(moving, n, "everything moves");
    assert_eq!(h.state().doc.board, before, "the board waits for the drop");
    // The moving elements get a picture of their own, filled on a worker.
    common::ui::wait_for_pictures(&mut h);
    assert!(h.state().canvas.zoomed_fills() > fills);
    h.hover_at(p + Vec2::new(30.0, 15.0));
    h.step();
    h.drop_at(p + Vec2::new(30.0, 15.0));
    h.step();
    assert!(h.state().canvas.dragging().is_none());
    let after = h.state().doc.board.clone();
    let moved = after.get(first.id()).unwrap().rect().unwrap().min;
    let was = first.rect().unwrap().min;
    assert!(moved.x > was.x && moved.y > was.y, "{was:?} -> {moved:?}");
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some(format!("Move {n} elements").as_str()),
        "one undo step"
    );
    common::ui::wait_for_pictures(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.board, before);
}
