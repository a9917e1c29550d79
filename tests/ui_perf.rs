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
    h.run();
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
    h.state_mut().canvas.selection = all;
    h.run();
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
    assert!(h.state().show_perf);
    assert!(h.query_by_label_contains("Frame time (p95)").is_some());
    assert!(h.query_by_label_contains("Resident memory").is_some());
    for _ in 0..5 {
        h.state_mut().canvas.view.offset += Vec2::new(5.0, 0.0);
        h.step();
    }
    assert!(h.state().perf.summary().frames >= 3, "frames were counted");
}
