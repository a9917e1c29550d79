//! The gesture state machine driven by plain inputs, without a window.

use super::*;
use crate::app::view::View;
use crate::model::spatial::SpatialIndex;
use crate::model::{Board, Component, Rect as BoardRect};
use egui::Rect;

struct World {
    board: Board,
    index: SpatialIndex,
    view: View,
    canvas: Rect,
    selection: Selection,
    gestures: Gestures,
}

impl World {
    fn new(boxes: &[(f32, f32)]) -> Self {
        let mut board = Board::new("t");
        for (x, y) in boxes {
            let id = board.alloc_id();
            let e = Element::Component(Component {
                id,
                pos: Point::new(*x, *y),
                ..Component::default()
            });
            Op::add_on_top(&board, e).apply(&mut board).unwrap();
        }
        let index = SpatialIndex::build(&board);
        Self {
            board,
            index,
            view: View::default(),
            canvas: Rect::from_min_size(Pos2::ZERO, egui::vec2(800.0, 600.0)),
            selection: Selection::new(),
            gestures: Gestures::default(),
        }
    }

    fn step(&mut self, input: Input) -> Output {
        let probe = Probe {
            board: &self.board,
            index: &self.index,
            view: &self.view,
            canvas: self.canvas,
        };
        let out = self.gestures.step(&probe, &mut self.selection, &input);
        for e in &out.edits {
            if let Edit::Apply(_, ops) = e {
                for op in ops {
                    op.apply(&mut self.board).unwrap();
                }
                self.index = SpatialIndex::build(&self.board);
            }
        }
        out
    }

    fn screen(&self, x: f32, y: f32) -> Pos2 {
        self.view.to_screen(self.canvas.min, Point::new(x, y))
    }
}

fn at(pos: Pos2) -> Input {
    Input {
        pos: Some(pos),
        hovered: true,
        snap: false,
        ..Input::default()
    }
}

#[test]
fn a_drag_moves_the_selection_once_on_release() {
    let mut w = World::new(&[(0.0, 0.0), (400.0, 0.0)]);
    let id = w.board.elements()[0].id();
    let start = w.screen(20.0, 20.0);
    w.step(Input {
        pressed: true,
        down: true,
        ..at(start)
    });
    assert_eq!(w.selection, vec![id]);
    for i in 1..=10 {
        let out = w.step(Input {
            down: true,
            ..at(start + egui::vec2(i as f32 * 5.0, 0.0))
        });
        assert!(out.edits.is_empty(), "nothing changes while dragging");
    }
    let drag = w.gestures.drag().expect("moving");
    assert_eq!(drag.delta, (50.0, 0.0));
    assert!(drag.moves(id));
    let out = w.step(Input {
        released: true,
        ..at(start + egui::vec2(50.0, 0.0))
    });
    assert!(
        matches!(&out.edits[..], [Edit::Apply(label, ops)] if label == "Move 1 element" && ops.len() == 1)
    );
    assert_eq!(w.board.get(id).unwrap().rect().unwrap().min.x, 50.0);
    assert!(!w.gestures.active());
}

#[test]
fn escape_during_a_drag_changes_nothing() {
    let mut w = World::new(&[(0.0, 0.0)]);
    let before = w.board.clone();
    let start = w.screen(20.0, 20.0);
    w.step(Input {
        pressed: true,
        down: true,
        ..at(start)
    });
    w.step(Input {
        down: true,
        ..at(start + egui::vec2(40.0, 0.0))
    });
    let out = w.step(Input {
        escape: true,
        down: true,
        ..at(start + egui::vec2(40.0, 0.0))
    });
    assert!(out.edits.is_empty());
    assert!(!w.gestures.active());
    assert_eq!(w.board, before);
}

#[test]
fn a_marquee_selects_what_it_wholly_covers_and_escape_restores() {
    let mut w = World::new(&[(0.0, 0.0), (400.0, 0.0)]);
    let a = w.board.elements()[0].id();
    let start = w.screen(-10.0, -10.0);
    w.step(Input {
        pressed: true,
        down: true,
        ..at(start)
    });
    w.step(Input {
        down: true,
        ..at(w.screen(300.0, 200.0))
    });
    assert_eq!(w.selection, vec![a]);
    w.step(Input {
        escape: true,
        down: true,
        ..at(w.screen(300.0, 200.0))
    });
    assert!(w.selection.is_empty());
}

#[test]
fn a_resize_is_one_owned_transaction() {
    let mut w = World::new(&[(0.0, 0.0)]);
    let id = w.board.elements()[0].id();
    w.selection = Selection::one(id);
    let r = w.board.get(id).unwrap().rect().unwrap();
    let probe = Probe {
        board: &w.board,
        index: &w.index,
        view: &w.view,
        canvas: w.canvas,
    };
    let handle = probe.resize_handle_pos(id, Handle::SE).unwrap();
    let out = w.step(Input {
        pressed: true,
        down: true,
        ..at(handle)
    });
    let owner = match &out.edits[..] {
        [Edit::Begin(owner, label)] if label == "Resize" => *owner,
        other => panic!("{other:?}"),
    };
    let out = w.step(Input {
        released: true,
        ..at(handle + egui::vec2(30.0, 10.0))
    });
    assert!(
        matches!(&out.edits[..], [Edit::Push(o, _), Edit::Commit(c)] if *o == owner && *c == owner)
    );
    let _ = BoardRect::from_two_points(r.min, r.max);
}

#[test]
fn a_double_click_on_empty_board_asks_for_a_note() {
    let mut w = World::new(&[]);
    let p = w.screen(100.0, 100.0);
    for t in [0.0, 0.2] {
        w.step(Input {
            pressed: true,
            down: true,
            time: t,
            ..at(p)
        });
        let out = w.step(Input {
            released: true,
            time: t + 0.05,
            ..at(p)
        });
        if t > 0.0 {
            assert_eq!(out.add_note_at, Some(Point::new(100.0, 100.0)));
        }
    }
}
