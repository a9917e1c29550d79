//! The canvas driven as a user would, through egui_kittest: real app
//! state, pointer and keyboard events, assertions on the board.

mod common;

use common::ui::{center_of, click_at, drag};

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::canvas::Handle;
use mlsd_board::app::files::{Picked, ScriptedChooser};
use mlsd_board::app::{AppOptions, MlsdApp};
use mlsd_board::io::load_path;
use mlsd_board::model::{Element, ElementId, Endpoint, Side};

fn app_with(chooser: ScriptedChooser) -> Harness<'static, MlsdApp> {
    common::ui::harness_sized(
        AppOptions {
            chooser: Box::new(chooser),
            ..AppOptions::default()
        },
        Vec2::new(1280.0, 800.0),
    )
}

fn app() -> Harness<'static, MlsdApp> {
    app_with(ScriptedChooser::default())
}

/// Adds a component through the quick-add box: `/`, type, Enter.
fn quick_add(h: &mut Harness<'_, MlsdApp>, text: &str) -> ElementId {
    common::ui::quick_add(h, text)
}

/// Types into the palette's search field.
fn palette_search(h: &mut Harness<'_, MlsdApp>, text: &str) {
    common::ui::palette_search(h, text);
}

fn double_click_at(h: &mut Harness<'_, MlsdApp>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        h.step();
    }
    h.run();
}

fn arrow_between(h: &Harness<'_, MlsdApp>, a: ElementId, b: ElementId) -> Option<ElementId> {
    h.state().doc.board.elements().iter().find_map(|e| match e {
        Element::Arrow(x) if x.from.element() == Some(a) && x.to.element() == Some(b) => Some(x.id),
        _ => None,
    })
}

#[test]
fn sketch_connect_move_rename_undo_redo() {
    let mut h = app();
    let a = quick_add(&mut h, "kafka");
    let b = common::ui::quick_add_connected(&mut h, "ranker");
    {
        let board = &h.state().doc.board;
        assert_eq!(board.counts().components, 2);
        let Some(Element::Component(c)) = board.get(a) else {
            panic!()
        };
        assert_eq!(c.kind, "message_bus");
        // Ctrl+Enter in quick add connects from the selected component.
        assert!(
            arrow_between(&h, a, b).is_some(),
            "b was added connected from a"
        );
    }
    // Delete the automatic arrow, then connect by dragging instead.
    let auto = arrow_between(&h, a, b).unwrap();
    h.state_mut().canvas.selection = vec![auto].into();
    h.key_press(Key::Delete);
    h.run();
    assert!(arrow_between(&h, a, b).is_none());

    // Move b away to the right so the two are apart.
    let pb = center_of(&h, b);
    drag(&mut h, pb, pb + Vec2::new(40.0, 160.0));
    // Select a, drag from its right connect handle onto b.
    let pa = center_of(&h, a);
    click_at(&mut h, pa);
    assert_eq!(h.state().canvas.selection, vec![a]);
    let handle = {
        let app = h.state();
        app.canvas
            .connect_handle_pos(&app.doc, a, Side::Right)
            .unwrap()
    };
    let target = center_of(&h, b);
    drag(&mut h, handle, target);
    let arrow = arrow_between(&h, a, b).expect("dragging from the handle onto b connects them");

    // Move a: the arrow follows.
    let before = {
        let app = h.state();
        let Some(Element::Arrow(x)) = app.doc.board.get(arrow) else {
            panic!()
        };
        app.doc.board.arrow_points(x).unwrap()
    };
    let pa = center_of(&h, a);
    drag(&mut h, pa, pa + Vec2::new(-100.0, 200.0));
    let after = {
        let app = h.state();
        let Some(Element::Arrow(x)) = app.doc.board.get(arrow) else {
            panic!()
        };
        assert!(
            matches!(x.from, Endpoint::Element { id, .. } if id == a),
            "still attached"
        );
        app.doc.board.arrow_points(x).unwrap()
    };
    assert!(
        after.0.y > before.0.y + 100.0,
        "the arrow's tail followed a: {before:?} -> {after:?}"
    );

    // Rename b by double-clicking and typing.
    let pb = center_of(&h, b);
    double_click_at(&mut h, pb);
    assert!(
        h.state().canvas.editing.is_some(),
        "double-click starts editing"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("Ranker (DCN)".to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().canvas.editing.is_none());
    assert_eq!(h.state().doc.board.get(b).unwrap().text(), "Ranker (DCN)");
    let end = h.state().doc.board.clone();

    // Undo everything back to the empty board, then redo to the end.
    let mut undos = 0;
    while h.state().doc.history.can_undo() {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        undos += 1;
        assert!(undos < 50);
    }
    assert!(
        h.state().doc.board.elements().is_empty(),
        "undo returns to the empty board"
    );
    // add a, add b(+arrow), delete arrow, move b, connect, move a, rename
    assert_eq!(undos, 7, "each gesture is one undo step");
    for _ in 0..undos {
        h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        h.run();
    }
    assert_eq!(h.state().doc.board, end, "redo returns to the end");
    // Ctrl+Y redoes too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().doc.board, end);
}

#[test]
fn escape_cancels_a_drag_in_progress() {
    let mut h = app();
    let a = quick_add(&mut h, "feature store");
    let start = h.state().doc.board.clone();
    let p = center_of(&h, a);
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.run();
    for i in 1..=4 {
        h.hover_at(p + Vec2::new(40.0 * i as f32, 20.0));
        h.run();
    }
    // The element is drawn where the pointer takes it; the board changes
    // once, when the button comes up.
    let delta = h.state().canvas.dragging().expect("a move").delta;
    assert!(
        delta.0 > 100.0,
        "the element moves while dragging: {delta:?}"
    );
    assert_eq!(
        h.state().doc.board,
        start,
        "nothing is applied before the drop"
    );
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().doc.board, start, "Escape puts it back");
    h.drop_at(p + Vec2::new(200.0, 20.0));
    h.run();
    assert_eq!(
        h.state().doc.board,
        start,
        "releasing after Escape does nothing"
    );
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Add Feature store"),
        "no undo step for the cancelled drag"
    );
}

#[test]
fn delete_copy_paste_and_duplicate() {
    let mut h = app();
    let a = quick_add(&mut h, "ann index");
    let b = common::ui::quick_add_connected(&mut h, "embedding service");
    assert!(arrow_between(&h, a, b).is_some());
    // Select all and copy, then paste: a second copy with the arrow between the copies.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    assert_eq!(h.state().canvas.selection.len(), 3);
    h.event(Event::Copy);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("copy puts text on the clipboard");
    assert!(copied.contains("mlsd_board_clipboard"));
    h.event(Event::Paste(copied.clone()));
    h.run();
    let counts = h.state().doc.board.counts();
    assert_eq!((counts.components, counts.arrows), (4, 2));
    let pasted = h.state().canvas.selection.clone();
    assert_eq!(pasted.len(), 3);
    assert!(
        pasted.iter().all(|id| *id != a && *id != b),
        "pasted elements get new ids"
    );
    // In free space: no pasted box covers an original.
    {
        let board = &h.state().doc.board;
        let rect = |id: ElementId| board.get(id).and_then(Element::rect);
        for p in pasted.iter().filter_map(|id| rect(*id)) {
            for o in [a, b].into_iter().filter_map(rect) {
                assert!(!p.intersects(&o), "pasted {p:?} covers {o:?}");
            }
        }
    }

    // Delete the pasted ones.
    h.key_press(Key::Delete);
    h.run();
    let counts = h.state().doc.board.counts();
    assert_eq!((counts.components, counts.arrows), (2, 1));

    // Duplicate one component with Ctrl+D.
    h.state_mut().canvas.selection = vec![a].into();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert_eq!(h.state().doc.board.counts().components, 3);

    // Deleting a box keeps its arrows, with a free end.
    h.state_mut().canvas.selection = vec![a].into();
    h.key_press(Key::Delete);
    h.run();
    let board = &h.state().doc.board;
    assert!(board.get(a).is_none());
    let arrow = board.elements().iter().find_map(|e| match e {
        Element::Arrow(x) => Some(x.clone()),
        _ => None,
    });
    let arrow = arrow.expect("the arrow survives");
    assert!(matches!(arrow.from, Endpoint::Free(_)));
    assert_eq!(arrow.to.element(), Some(b));

    // Plain text pastes as a note.
    h.event(Event::Paste("Remember: position bias".to_owned()));
    h.run();
    assert!(
        h.state()
            .doc
            .board
            .elements()
            .iter()
            .any(|e| matches!(e, Element::Note(n) if n.text == "Remember: position bias"))
    );
}

#[test]
fn resize_by_handle_and_snap_to_grid() {
    let mut h = app();
    let a = quick_add(&mut h, "ranker");
    let before = h.state().doc.board.get(a).unwrap().rect().unwrap();
    let handle = {
        let app = h.state();
        app.canvas
            .resize_handle_pos(&app.doc, a, Handle::SE)
            .unwrap()
    };
    drag(&mut h, handle, handle + Vec2::new(83.0, 47.0));
    let after = h.state().doc.board.get(a).unwrap().rect().unwrap();
    assert_eq!(after.min, before.min, "the opposite corner stays");
    assert!(after.width() > before.width() + 60.0);
    assert_eq!(
        after.max.x % 20.0,
        0.0,
        "the dragged corner snaps to the grid"
    );
    assert_eq!(after.max.y % 20.0, 0.0);
}

#[test]
fn rubber_band_selects_what_it_encloses() {
    let mut h = app();
    let a = quick_add(&mut h, "kafka");
    let b = common::ui::quick_add_connected(&mut h, "flink");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().canvas.selection.is_empty());
    let (ra, rb) = {
        let app = h.state();
        (
            app.canvas.element_screen_rect(&app.doc, a).unwrap(),
            app.canvas.element_screen_rect(&app.doc, b).unwrap(),
        )
    };
    let all = ra.union(rb);
    drag(
        &mut h,
        all.min - Vec2::splat(20.0),
        all.max + Vec2::splat(20.0),
    );
    let mut sel = h.state().canvas.selection.to_vec();
    sel.sort_unstable();
    assert_eq!(
        sel.len(),
        3,
        "two boxes and the arrow between them: {sel:?}"
    );
    // Shift+click removes one.
    let pa = ra.center();
    h.hover_at(pa);
    h.event(Event::ModifiersChanged(Modifiers::SHIFT));
    h.event(Event::PointerButton {
        pos: pa,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::SHIFT,
    });
    h.run();
    h.event(Event::PointerButton {
        pos: pa,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::SHIFT,
    });
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    assert!(!h.state().canvas.selection.contains(&a));
    assert_eq!(h.state().canvas.selection.len(), 2);
}

#[test]
fn save_to_a_temp_path_and_reopen_equal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.ron");
    let mut chooser = ScriptedChooser::default();
    chooser.answers.push_back(Picked::Path(path.clone()));
    chooser.answers.push_back(Picked::Path(path.clone()));
    let mut h = app_with(chooser);
    quick_add(&mut h, "feature store");
    quick_add(&mut h, "ranker");
    assert!(h.state().doc.is_dirty());
    assert!(
        h.state().title().starts_with("• Untitled"),
        "title shows unsaved: {}",
        h.state().title()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().doc.is_dirty(), "{}", h.state().ui.status);
    assert!(
        h.state().title().starts_with("design.ron"),
        "{}",
        h.state().title()
    );
    let saved = h.state().doc.board.clone();
    let on_disk = load_path(&path).unwrap();
    assert_eq!(on_disk.file.board, saved);

    // Change something, then Open: the app asks about unsaved changes first.
    quick_add(&mut h, "kafka");
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(matches!(
        h.state().ui.dialog,
        Some(mlsd_board::app::Dialog::Unsaved(_))
    ));
    h.get_by_label("Don't save").click();
    h.run();
    assert_eq!(h.state().doc.board, saved, "reopened the saved board");
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn no_file_dialog_falls_back_to_a_path_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    quick_add(&mut h, "ranker");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(matches!(
        h.state().ui.dialog,
        Some(mlsd_board::app::Dialog::PathPrompt { .. })
    ));
    let target = dir.path().join("typed.ron");
    if let Some(mlsd_board::app::Dialog::PathPrompt { text, .. }) = &mut h.state_mut().ui.dialog {
        *text = target.display().to_string();
    }
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    assert!(load_path(&target).is_ok());
}

#[test]
fn opening_a_damaged_file_shows_the_error_and_keeps_the_board() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(format: 1, board: (elements: [Component((id: 1, pos: (x: NaN, y: 0)))]))",
    )
    .unwrap();
    let mut chooser = ScriptedChooser::default();
    chooser.answers.push_back(Picked::Path(bad));
    let mut h = app_with(chooser);
    let a = quick_add(&mut h, "ranker");
    // Pretend it was saved so Open does not ask.
    let dir2 = tempfile::tempdir().unwrap();
    h.state_mut()
        .doc
        .save_to(&dir2.path().join("ok.ron"))
        .unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    match &h.state().ui.dialog {
        Some(mlsd_board::app::Dialog::Message { text, .. }) => {
            assert!(text.contains("bad.ron"), "{text}");
        }
        other => panic!("expected an error message, got {other:?}"),
    }
    assert!(
        h.state().doc.board.get(a).is_some(),
        "the open board is untouched"
    );
}

#[test]
fn an_idle_window_requests_no_repaints() {
    let mut h = app();
    quick_add(&mut h, "ranker");
    h.state_mut().doc = mlsd_board::app::document::Document::new(
        mlsd_board::model::generate::grid_board(5000, 8000, 7),
    );
    h.state_mut().canvas.request_fit();
    // No status message either ("Added Ranker" asks for one frame when it
    // is due to fade, 6 s later).
    h.state_mut().ui.status.clear();
    h.run();
    common::ui::wait_for_pictures(&mut h);
    h.step();
    assert!(
        !h.ctx.has_requested_repaint(),
        "nothing moves, so nothing asks for another frame"
    );
    assert!(
        h.state().canvas.drawn > 10_000,
        "the whole board is in view after fit"
    );
}

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_board() {
    let mut h = app();
    let a = quick_add(&mut h, "ranker");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(matches!(
        h.state().ui.dialog,
        Some(mlsd_board::app::Dialog::Unsaved(mlsd_board::app::Then::New))
    ));
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().ui.dialog.is_none());
    assert!(h.state().doc.board.get(a).is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.state().doc.board.elements().is_empty());
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn zoom_keys_and_fit() {
    let mut h = app();
    quick_add(&mut h, "ranker");
    let z0 = h.state().canvas.view.zoom;
    h.key_press(Key::Plus);
    h.run();
    assert!(h.state().canvas.view.zoom > z0);
    h.key_press(Key::Minus);
    h.key_press(Key::Minus);
    h.run();
    assert!(h.state().canvas.view.zoom < z0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert!((h.state().canvas.view.zoom - 1.0).abs() < 1e-4);
    // Ctrl+wheel zooms around the pointer.
    let p = Pos2::new(600.0, 400.0);
    h.hover_at(p);
    h.event(Event::Zoom(1.5));
    h.run();
    assert!((h.state().canvas.view.zoom - 1.5).abs() < 1e-3);
    // Plain wheel pans.
    let off = h.state().canvas.view.offset;
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, -120.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    // The wheel scroll is smoothed over a few frames.
    h.run_steps(30);
    assert!(
        h.state().canvas.view.offset.y < off.y,
        "scrolling moves the view"
    );
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_board_file_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dropped.ron");
    let board = mlsd_board::model::generate::grid_board(3, 2, 1);
    mlsd_board::io::save_path(&path, &mlsd_board::io::BoardFile::new(board.clone())).unwrap();
    let mut h = app();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.run();
    assert_eq!(h.state().doc.path.as_deref(), Some(path.as_path()));
    assert_eq!(h.state().doc.board, board);
}

#[test]
fn view_menu_switches_theme_and_grid() {
    let mut h = app();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Dark theme").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Light theme").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert!(h.state().canvas.show_grid);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Show grid").click();
    h.run();
    assert!(!h.state().canvas.show_grid);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = app();
    quick_add(&mut h, "ranker");
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(
        matches!(
            h.state().ui.dialog,
            Some(mlsd_board::app::Dialog::Unsaved(
                mlsd_board::app::Then::Close
            ))
        ),
        "{:?}",
        h.state().ui.dialog
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().ui.dialog.is_none());
    assert_eq!(
        h.state().doc.board.counts().components,
        1,
        "the board is still open"
    );
}

#[test]
fn drag_an_arrow_end_to_reattach_or_free_it() {
    let mut h = app();
    let a = quick_add(&mut h, "kafka");
    let b = common::ui::quick_add_connected(&mut h, "flink");
    let arrow = arrow_between(&h, a, b).unwrap();
    h.key_press(Key::Escape);
    h.run();
    // A third component, not connected, placed by the palette.
    h.state_mut().canvas.selection.clear();
    palette_search(&mut h, "feature store");
    h.get_by_label("Feature store").click();
    h.run();
    let c = *h.state().canvas.selection.first().unwrap();
    // Move c below so it is clear of the others.
    let pc = center_of(&h, c);
    drag(&mut h, pc, pc + Vec2::new(0.0, 160.0));
    // Select the arrow and drag its head onto c.
    h.state_mut().canvas.selection = vec![arrow].into();
    h.run();
    let head = {
        let app = h.state();
        let Some(Element::Arrow(x)) = app.doc.board.get(arrow) else {
            panic!()
        };
        app.canvas.to_screen(app.doc.board.arrow_tips(x).unwrap().1)
    };
    let pc = center_of(&h, c);
    drag(&mut h, head, pc);
    let Some(Element::Arrow(x)) = h.state().doc.board.get(arrow).cloned() else {
        panic!()
    };
    assert_eq!(x.to.element(), Some(c), "the head moved to c");
    assert_eq!(x.from.element(), Some(a), "the tail stayed");
    // Drag it to empty space: a free end.
    let head = h
        .state()
        .canvas
        .to_screen(h.state().doc.board.arrow_tips(&x).unwrap().1);
    drag(&mut h, head, head + Vec2::new(0.0, 150.0));
    let Some(Element::Arrow(x)) = h.state().doc.board.get(arrow).cloned() else {
        panic!()
    };
    assert!(matches!(x.to, Endpoint::Free(_)));
    // One undo puts it back on c.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let Some(Element::Arrow(x)) = h.state().doc.board.get(arrow).cloned() else {
        panic!()
    };
    assert_eq!(x.to.element(), Some(c));
}

/// Issue #15: a Study board teaches through component notes; hovering a
/// part shows them at the pointer, without selecting it.
#[test]
fn hovering_a_component_shows_its_notes() {
    let mut h = app();
    let id = quick_add(&mut h, "ranker");
    h.key_press(Key::Escape);
    h.run();
    let before = h.state().doc.board.get(id).cloned().unwrap();
    let Element::Component(mut c) = before.clone() else {
        panic!()
    };
    c.notes = "GBDT baseline, then a DCN: it can be fine-tuned daily".to_owned();
    h.state_mut()
        .doc
        .apply(mlsd_board::app::document::Edit::Apply(
            "Notes".to_owned(),
            vec![mlsd_board::ops::Op::Update {
                before,
                after: Element::Component(c),
            }],
        ));
    h.state_mut().canvas.selection.clear();
    h.ctx.all_styles_mut(|s| s.interaction.tooltip_delay = 0.0);
    h.run();
    assert!(h.query_by_label_contains("fine-tuned daily").is_none());
    let at = center_of(&h, id);
    h.hover_at(at);
    h.run();
    h.hover_at(at + Vec2::new(2.0, 1.0));
    h.run();
    assert!(
        h.query_by_label_contains("fine-tuned daily").is_some(),
        "the notes show at the pointer"
    );
    assert!(h.state().canvas.selection.is_empty());
}

/// Issue #16, 2: connections only on request. A plain quick add and a
/// palette click never connect, and never cover anything; Ctrl+Enter adds
/// connected from the selected box, and the quick-add box says from which.
#[test]
fn adding_never_connects_unless_asked_and_never_covers() {
    let mut h = app();
    let a = quick_add(&mut h, "ranker");
    let b = quick_add(&mut h, "feature store");
    assert!(arrow_between(&h, a, b).is_none(), "a plain quick add");
    palette_search(&mut h, "kafka");
    h.get_by_label("Message bus").click();
    h.run();
    let c = *h.state().canvas.selection.first().unwrap();
    assert_ne!(c, b);
    assert_eq!(h.state().doc.board.counts().arrows, 0, "a palette click");
    // The hint names the source of a connected add.
    h.state_mut().canvas.selection = vec![a].into();
    h.run();
    h.key_press(Key::Slash);
    h.run();
    assert!(
        h.query_by_label("Ctrl+Enter: add connected from Ranker")
            .is_some()
    );
    h.event(Event::Text("drift".to_owned()));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let d = *h.state().canvas.selection.first().unwrap();
    assert!(arrow_between(&h, a, d).is_some(), "Ctrl+Enter connects");
    // Nothing added covers anything else.
    let rects: Vec<_> = [a, b, c, d]
        .iter()
        .map(|id| h.state().doc.board.get(*id).unwrap().rect().unwrap())
        .collect();
    for (i, r) in rects.iter().enumerate() {
        for s in &rects[i + 1..] {
            assert!(!r.intersects(s), "{r:?} covers {s:?}");
        }
    }
}

/// Issue #16, 3: N (note) and F (frame, nothing selected) land in free
/// space, not on top of what is at the centre of the view.
#[test]
fn new_notes_and_frames_never_cover_what_is_there() {
    let mut h = app();
    let a = quick_add(&mut h, "ranker");
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().canvas.selection.clear();
    h.run();
    h.key_press(Key::N);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().canvas.selection.clear();
    h.run();
    h.key_press(Key::F);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    let b = &h.state().doc.board;
    let rect_of = |pred: fn(&Element) -> bool| {
        b.elements()
            .iter()
            .find(|e| pred(e))
            .and_then(Element::rect)
            .unwrap()
    };
    let ranker = b.get(a).and_then(Element::rect).unwrap();
    let note = rect_of(|e| matches!(e, Element::Note(_)));
    let frame = rect_of(|e| matches!(e, Element::Frame(_)));
    assert!(!note.intersects(&ranker), "the note covers the ranker");
    assert!(!frame.intersects(&ranker), "the frame covers the ranker");
    assert!(!frame.intersects(&note), "the frame covers the note");
}

/// Issue #16, 4: the inspector of a multi-selection offers align and
/// distribute; one click lines the boxes up, one undo puts them back.
#[test]
fn the_inspector_aligns_a_selection() {
    let mut h = app();
    let ids: Vec<ElementId> = ["ranker", "feature store", "kafka"]
        .iter()
        .map(|k| {
            let id = quick_add(&mut h, k);
            h.key_press(Key::Escape);
            h.run();
            h.state_mut().canvas.selection.clear();
            h.run();
            id
        })
        .collect();
    let tops = |h: &Harness<'_, MlsdApp>| -> Vec<f32> {
        ids.iter()
            .map(|id| h.state().doc.board.get(*id).unwrap().rect().unwrap().min.y)
            .collect()
    };
    let before = tops(&h);
    assert!(
        before.iter().any(|y| *y != before[0]),
        "not aligned yet: {before:?}"
    );
    h.state_mut().canvas.selection = ids.clone().into();
    h.state_mut().ui.sidebar_tab = mlsd_board::app::panels::SidebarTab::Inspector;
    h.run();
    assert!(h.query_by_label("3 elements selected").is_some());
    h.get_by_label("Align top").click();
    h.run();
    let after = tops(&h);
    let min = before.iter().copied().fold(f32::INFINITY, f32::min);
    assert!(after.iter().all(|y| *y == min), "{after:?}");
    assert_eq!(h.state().doc.history.undo_label(), Some("Align top"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(tops(&h), before, "one undo");
}
