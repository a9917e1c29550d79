//! Exporting pictures from the app, driven through egui_kittest: the Export
//! window (format, selection, theme), the path prompt when there is no file
//! dialog, Copy as PNG, and opening or dropping a PNG with a board inside.

mod common;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::files::{Picked, ScriptedChooser};
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::io::{BoardFile, load_path, save_path};
use mlsd_board::model::{Element, Framework, Template};

fn study_file(dir: &Path) -> PathBuf {
    let t = Template::builtin().unwrap().swap_remove(0);
    let board = t.study_board(&Framework::builtin().unwrap(), 1_763_780_000);
    let path = dir.join("study.ron");
    save_path(&path, &BoardFile::new(board)).unwrap();
    path
}

fn app(file: Option<PathBuf>, answers: Vec<Picked>) -> Harness<'static, MlsdApp> {
    common::ui::harness_sized(
        AppOptions {
            file,
            chooser: Box::new(ScriptedChooser {
                answers: answers.into(),
            }),
            show_start: false,
            ..AppOptions::default()
        },
        Vec2::new(1280.0, 800.0),
    )
}

fn open_export(h: &mut Harness<'_, MlsdApp>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run();
    assert!(
        h.state().ui.export.is_some(),
        "Ctrl+Shift+E opens the Export window"
    );
}

#[test]
fn export_window_saves_svg_and_a_png_of_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let board_path = study_file(dir.path());
    let svg = dir.path().join("out.svg");
    let png = dir.path().join("sel.png");
    let mut h = app(
        Some(board_path.clone()),
        vec![Picked::Path(svg.clone()), Picked::Path(png.clone())],
    );
    open_export(&mut h);
    h.get_by_label("SVG").click();
    h.run();
    h.get_by_label("Save…").click();
    common::ui::wait_for_export(&mut h);
    let text = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(text.contains("<svg") && text.matches("<text").count() > 10);
    assert!(h.state().ui.export.is_none(), "the window closes");

    // Select two components, export them as a dark PNG.
    let boxes = common::first_components(&h.state().doc.board, 2);
    h.state_mut().canvas.selection = boxes.clone().into();
    h.run();
    open_export(&mut h);
    assert!(
        h.state().ui.export.as_ref().unwrap().only_selection,
        "selection preselected"
    );
    h.get_by_label("PNG (board inside)").click();
    h.get_by_label("Dark").click();
    h.run();
    h.get_by_label("Save…").click();
    common::ui::wait_for_export(&mut h);
    let inside = load_path(&png)
        .expect("the PNG opens as a board")
        .file
        .board;
    let ids: Vec<_> = inside.elements().iter().map(Element::id).collect();
    assert!(ids.len() >= 2 && boxes.iter().all(|b| ids.contains(b)));
    assert!(ids.len() < h.state().doc.board.elements().len());
    assert!(
        h.state().ui.status.contains("Exported"),
        "{}",
        h.state().ui.status
    );
}

#[test]
fn without_a_file_dialog_the_path_prompt_exports() {
    let dir = tempfile::tempdir().unwrap();
    let board_path = study_file(dir.path());
    let mut h = app(Some(board_path), vec![]);
    open_export(&mut h);
    h.get_by_label("Save…").click();
    h.run();
    assert!(h.query_by_label_contains("Export picture").is_some());
    let out = dir.path().join("typed");
    let field = h.get_by_label("Path");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Path").type_text(out.to_str().unwrap());
    h.run();
    h.get_by_label("Export").click();
    common::ui::wait_for_export(&mut h);
    let written = out.with_extension("png");
    assert!(written.exists(), "{}", h.state().ui.status);
    assert_eq!(
        load_path(&written).unwrap().file.board,
        h.state().doc.board,
        "the PNG holds the whole board"
    );
}

#[test]
fn copy_as_png_puts_a_picture_on_the_clipboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(Some(study_file(dir.path())), vec![]);
    // Key down alone, so the step that handles it is the last one run and
    // its output is the one kept.
    h.event(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT | Modifiers::ALT,
    });
    h.step();
    // The picture is drawn on a worker; it reaches the clipboard when done.
    let copied = common::ui::wait_for_export(&mut h);
    assert!(copied, "a CopyImage command went to the platform");
    assert!(
        h.state().ui.status.starts_with("Copied the board"),
        "{}",
        h.state().ui.status
    );
}

#[test]
fn a_png_with_a_board_opens_and_drops_as_the_board_without_taking_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let ron = study_file(dir.path());
    let png = dir.path().join("shared.png");
    let file = load_path(&ron).unwrap().file;
    let catalog = mlsd_board::model::Catalog::builtin().unwrap();
    let opts = mlsd_board::render::export::RenderOptions {
        scale: 0.5,
        ..Default::default()
    };
    let done = mlsd_board::render::export::export(
        &file,
        &catalog,
        mlsd_board::render::export::Format::Png,
        &opts,
    )
    .unwrap();
    std::fs::write(&png, &done.bytes).unwrap();
    let h = app(Some(png.clone()), vec![]);
    assert_eq!(h.state().doc.board, file.board);
    assert_eq!(
        h.state().doc.path,
        None,
        "Save does not write over the picture"
    );
    assert!(
        h.state().ui.status.contains("picture"),
        "{}",
        h.state().ui.status
    );

    // A plain picture is refused with a message; the board stays.
    let plain = dir.path().join("photo.png");
    std::fs::write(
        &plain,
        mlsd_board::io::png_board::encode(2, 2, &[5; 16], None).unwrap(),
    )
    .unwrap();
    let mut h = app(Some(ron), vec![]);
    let before = h.state().doc.board.clone();
    assert!(!h.state_mut().open_path(&plain));
    h.run();
    assert_eq!(h.state().doc.board, before);
    assert!(
        h.query_by_label_contains("without a board inside")
            .is_some()
    );
}

#[test]
fn an_excalidraw_file_opens_as_a_new_board_and_says_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drawing.excalidraw");
    std::fs::write(
        &path,
        r##"{"type": "excalidraw", "version": 2, "elements": [
            {"id": "a", "type": "rectangle", "x": 0, "y": 0, "width": 160, "height": 60},
            {"id": "t", "type": "text", "x": 5, "y": 5, "width": 100, "height": 20, "text": "Feature store", "containerId": "a"},
            {"id": "p", "type": "freedraw", "x": 0, "y": 0, "points": [[0, 0], [3, 4]]}
        ]}"##,
    )
    .unwrap();
    let h = app(Some(path.clone()), vec![]);
    let app = h.state();
    assert_eq!(app.doc.board.counts().components, 1);
    assert_eq!(app.doc.path, None, "Save asks where to keep it as a board");
    assert!(app.doc.is_dirty());
    assert_eq!(app.doc.board.counts().ink, 1, "the stroke came in");
    assert!(h.query_all_by_label_contains("1 pen strokes").count() >= 1);
    // Export it back for Excalidraw from the Export window.
    let out = dir.path().join("back.excalidraw");
    let mut h = self::app(Some(path), vec![Picked::Path(out.clone())]);
    h.state_mut().ui.dialog = None;
    h.run();
    open_export(&mut h);
    h.get_by_label("Excalidraw").click();
    h.run();
    h.get_by_label("Save…").click();
    common::ui::wait_for_export(&mut h);
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("\"Feature store\""));
}
