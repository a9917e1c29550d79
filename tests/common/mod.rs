//! Shared helpers for the integration tests: proptest strategies for boards
//! and edit scripts, and a driver that turns a script into transactions.
#![allow(dead_code)]

pub mod ui;

use mlsd_board::model::{
    Arrow, Board, ChecklistItem, Color, Component, CustomKind, Element, ElementId, Endpoint, Frame,
    Framework, LineStyle, Meta, Note, Point, Side, Size, Step,
};
use mlsd_board::ops::{History, Op, Placed};
use proptest::prelude::*;

pub fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 ]{1,12}",
        // Anything at all: quotes, backslashes, newlines, emoji, controls.
        "(?s).{0,16}",
    ]
}

pub fn arb_coord() -> impl Strategy<Value = f32> {
    prop_oneof![
        -1.0e7f32..=1.0e7f32,
        -2000.0f32..2000.0,
        Just(0.0),
        Just(-0.5)
    ]
}

pub fn arb_point() -> impl Strategy<Value = Point> {
    (arb_coord(), arb_coord()).prop_map(|(x, y)| Point::new(x, y))
}

pub fn arb_size() -> impl Strategy<Value = Size> {
    (8.0f32..5000.0, 8.0f32..5000.0).prop_map(|(w, h)| Size::new(w, h))
}

pub fn arb_color() -> impl Strategy<Value = Option<Color>> {
    prop::option::of(any::<[u8; 3]>().prop_map(Color))
}

pub fn arb_side() -> impl Strategy<Value = Side> {
    prop_oneof![
        Just(Side::Auto),
        Just(Side::Top),
        Just(Side::Right),
        Just(Side::Bottom),
        Just(Side::Left)
    ]
}

/// An element shape before ids are given out: box kinds, or an arrow
/// whose ends pick among earlier boxes by index.
#[derive(Clone, Debug)]
pub enum Shape {
    Component(String, String, Point, Size, String, Option<Color>),
    Note(String, Point, Size, Option<Color>),
    Frame(String, Point, Size, Option<Color>),
    Arrow(
        Option<(usize, Side)>,
        Point,
        Option<(usize, Side)>,
        Point,
        String,
        bool,
    ),
}

pub fn arb_shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        3 => (arb_text(), arb_text(), arb_point(), arb_size(), arb_text(), arb_color())
            .prop_map(|(k, l, p, s, n, c)| Shape::Component(k, l, p, s, n, c)),
        1 => (arb_text(), arb_point(), arb_size(), arb_color()).prop_map(|(t, p, s, c)| Shape::Note(t, p, s, c)),
        1 => (arb_text(), arb_point(), arb_size(), arb_color()).prop_map(|(t, p, s, c)| Shape::Frame(t, p, s, c)),
        3 => (
            prop::option::of((any::<usize>(), arb_side())),
            arb_point(),
            prop::option::of((any::<usize>(), arb_side())),
            arb_point(),
            arb_text(),
            any::<bool>()
        )
            .prop_map(|(f, fp, t, tp, l, d)| Shape::Arrow(f, fp, t, tp, l, d)),
    ]
}

pub fn arb_framework() -> impl Strategy<Value = Framework> {
    prop::collection::vec(
        (
            arb_text(),
            0.0f32..60.0,
            prop::collection::vec(arb_text(), 0..4),
        ),
        0..4,
    )
    .prop_map(|steps| Framework {
        id: "fw".to_owned(),
        name: "Framework".to_owned(),
        description: "A framework".to_owned(),
        total_minutes: 45.0,
        steps: steps
            .into_iter()
            .enumerate()
            .map(|(i, (title, budget, items))| Step {
                id: format!("s{i}"),
                title,
                budget_minutes: budget,
                helper: if i == 0 {
                    mlsd_board::model::StepHelper::Metrics {
                        offline: vec!["MRR".to_owned()],
                        online: vec!["CTR".to_owned()],
                    }
                } else {
                    mlsd_board::model::StepHelper::None
                },
                items: items
                    .into_iter()
                    .enumerate()
                    .map(|(j, text)| ChecklistItem {
                        id: format!("i{j}"),
                        text,
                    })
                    .collect(),
                trade_offs: if i == 1 {
                    vec![mlsd_board::model::TradeOff {
                        a: "GBDT".to_owned(),
                        b: "Neural network".to_owned(),
                    }]
                } else {
                    Vec::new()
                },
            })
            .collect(),
    })
}

/// Builds a valid board from shapes: ids from the board's counter, arrow
/// ends attached only to boxes that exist.
pub fn build_board(title: String, shapes: Vec<Shape>, framework: Framework) -> Board {
    let mut b = Board::new(&title);
    b.meta = Meta {
        title,
        template: Some("video-recommendation".to_owned()),
        created: 1_763_780_000,
        modified: 1_763_780_100,
        prompt: "Design a video recommender.".to_owned(),
        clarifications: vec![mlsd_board::model::Clarification {
            question: "Scale?".to_owned(),
            answer: "1B users".to_owned(),
            keywords: vec!["traffic".to_owned()],
        }],
        answers_sealed: true,
        asked: vec![mlsd_board::model::Asked {
            question: "How many users?".to_owned(),
            answered: Some(0),
        }],
        grades: [("framing-objective".to_owned(), 2)].into_iter().collect(),
        drill: vec![mlsd_board::model::DrillAnswer {
            question: "Cold start?".to_owned(),
            answer: "Popularity first.".to_owned(),
            grade: 1,
            seconds: 75,
        }],
    };
    b.framework = framework;
    let mut boxes: Vec<ElementId> = Vec::new();
    let mut list = Vec::new();
    for s in shapes {
        let id = b.alloc_id();
        let e = match s {
            Shape::Component(kind, label, pos, size, notes, color) => {
                Element::Component(Component {
                    id,
                    addressed: if label.len() % 2 == 0 {
                        [label.clone(), "Position bias".to_owned()]
                            .into_iter()
                            .collect()
                    } else {
                        std::collections::BTreeSet::new()
                    },
                    // Every shape and size, picked by the texts' lengths.
                    shape: mlsd_board::model::BoxShape::ALL
                        .get(label.len() % 9)
                        .copied(),
                    font: mlsd_board::model::FontSize::ALL[notes.len() % 4],
                    group: (kind.len() % 3 == 0).then_some(7),
                    locked: kind.len() % 5 == 1,
                    kind,
                    label,
                    pos,
                    size,
                    notes,
                    color,
                })
            }
            Shape::Note(text, pos, size, color) => Element::Note(Note {
                id,
                font: mlsd_board::model::FontSize::ALL[text.len() % 4],
                group: (text.len() % 3 == 0).then_some(7),
                locked: false,
                text,
                pos,
                size,
                color,
            }),
            Shape::Frame(title, pos, size, color) => Element::Frame(Frame {
                id,
                font: mlsd_board::model::FontSize::ALL[title.len() % 4],
                group: None,
                locked: title.len() % 4 == 1,
                title,
                pos,
                size,
                color,
            }),
            Shape::Arrow(f, fp, t, tp, label, dashed) => {
                let end = |pick: Option<(usize, Side)>, p: Point| match pick {
                    Some((i, side)) if !boxes.is_empty() => Endpoint::Element {
                        id: boxes[i % boxes.len()],
                        side,
                    },
                    _ => Endpoint::Free(p),
                };
                Element::Arrow(Arrow {
                    id,
                    from: end(f, fp),
                    to: end(t, tp),
                    style: if dashed {
                        LineStyle::Dashed
                    } else {
                        LineStyle::Solid
                    },
                    // Every routing, picked by the label's length.
                    routing: mlsd_board::model::route::Routing::ALL[label.len() % 3],
                    bend: (label.len() % 3 == 0 && label.len() % 2 == 1).then_some(
                        mlsd_board::model::route::Bend {
                            vertical: label.len() % 4 == 1,
                            at: label.len() as f32 * 10.0,
                        },
                    ),
                    color: (label.len() % 2 == 1).then_some(Color([label.len() as u8, 80, 160])),
                    font: mlsd_board::model::FontSize::ALL[label.len() % 4],
                    group: (label.len() % 2 == 0).then_some(7),
                    locked: false,
                    label,
                })
            }
        };
        if !matches!(e, Element::Arrow(_)) {
            boxes.push(id);
        }
        list.push(e);
    }
    let mut ops_board = b.clone();
    let items = list
        .into_iter()
        .enumerate()
        .map(|(index, element)| Placed { index, element })
        .collect();
    Op::Insert(items).apply(&mut ops_board).expect("fresh ids");
    ops_board
}

pub fn arb_custom_kinds() -> impl Strategy<Value = Vec<CustomKind>> {
    prop::collection::vec((arb_text(), arb_text(), arb_color()), 0..4).prop_map(|v| {
        let mut kinds: Vec<CustomKind> = v
            .into_iter()
            .enumerate()
            .map(|(i, (name, category, color))| CustomKind {
                id: format!("custom:k{i}"),
                name,
                category,
                color,
            })
            .collect();
        kinds.sort_by(|a, b| a.id.cmp(&b.id));
        kinds
    })
}

pub fn arb_board() -> impl Strategy<Value = Board> {
    (
        arb_text(),
        prop::collection::vec(arb_shape(), 0..24),
        arb_framework(),
        arb_custom_kinds(),
    )
        .prop_map(|(t, s, f, k)| {
            let mut b = build_board(t, s, f);
            b.custom_kinds = k;
            b
        })
}

/// One user action, with indices that pick among what is on the board.
#[derive(Clone, Debug)]
pub enum Action {
    AddComponent(Point),
    AddNote(String),
    Connect(usize, usize),
    Drag(usize, Vec<(f32, f32)>),
    Rename(usize, String),
    Delete(Vec<usize>),
    Reorder(usize, usize),
    Tick(u8, u8, bool),
    StepNote(u8, String),
    SetStep(Option<u8>),
    Retitle(String),
    CustomKind(u8, Option<String>),
    UseFramework(bool),
    MetricsCard(Option<usize>),
}

pub fn arb_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => arb_point().prop_map(Action::AddComponent),
        1 => arb_text().prop_map(Action::AddNote),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Action::Connect(a, b)),
        2 => (any::<usize>(), prop::collection::vec((-50.0f32..50.0, -50.0f32..50.0), 1..6))
            .prop_map(|(i, d)| Action::Drag(i, d)),
        1 => (any::<usize>(), arb_text()).prop_map(|(i, s)| Action::Rename(i, s)),
        1 => prop::collection::vec(any::<usize>(), 1..3).prop_map(Action::Delete),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Action::Reorder(i, j)),
        1 => (0u8..3, 0u8..3, any::<bool>()).prop_map(|(s, i, d)| Action::Tick(s, i, d)),
        1 => (0u8..3, arb_text()).prop_map(|(s, t)| Action::StepNote(s, t)),
        1 => prop::option::of(0u8..3).prop_map(Action::SetStep),
        1 => arb_text().prop_map(Action::Retitle),
        1 => (0u8..4, prop::option::of(arb_text())).prop_map(|(i, n)| Action::CustomKind(i, n)),
        1 => any::<bool>().prop_map(Action::UseFramework),
        1 => prop::option::of(any::<usize>()).prop_map(Action::MetricsCard),
    ]
}

fn pick(board: &Board, i: usize, boxes_only: bool) -> Option<Element> {
    let list: Vec<&Element> = board
        .elements()
        .iter()
        .filter(|e| !boxes_only || !matches!(e, Element::Arrow(_)))
        .collect();
    if list.is_empty() {
        None
    } else {
        Some(list[i % list.len()].clone())
    }
}

fn pick_id(board: &Board, i: usize) -> Option<ElementId> {
    pick(board, i, true).map(|e| e.id())
}

/// Performs one action as one transaction (drags as a folded gesture).
pub fn perform(board: &mut Board, history: &mut History, action: &Action) {
    match action {
        Action::AddComponent(p) => {
            let e = Element::Component(Component {
                id: board.alloc_id(),
                kind: "ranker".to_owned(),
                label: "Ranker".to_owned(),
                pos: *p,
                ..Component::default()
            });
            let op = Op::add_on_top(board, e);
            history.apply(board, "Add component", vec![op]).unwrap();
        }
        Action::AddNote(text) => {
            let e = Element::Note(Note {
                id: board.alloc_id(),
                text: text.clone(),
                ..Note::default()
            });
            let op = Op::add_on_top(board, e);
            history.apply(board, "Add note", vec![op]).unwrap();
        }
        Action::Connect(a, b) => {
            let (Some(x), Some(y)) = (pick(board, *a, true), pick(board, *b, true)) else {
                return;
            };
            let e = Element::Arrow(Arrow {
                id: board.alloc_id(),
                from: Endpoint::Element {
                    id: x.id(),
                    side: Side::Auto,
                },
                to: Endpoint::Element {
                    id: y.id(),
                    side: Side::Right,
                },
                ..Arrow::default()
            });
            let op = Op::add_on_top(board, e);
            history.apply(board, "Connect", vec![op]).unwrap();
        }
        Action::Drag(i, deltas) => {
            let Some(e) = pick(board, *i, false) else {
                return;
            };
            let me = mlsd_board::ops::Owner::new();
            history.begin(me, "Move");
            let mut cur = e.clone();
            let (mut dx, mut dy) = (0.0, 0.0);
            for (ddx, ddy) in deltas {
                dx += ddx;
                dy += ddy;
                let next = e.translated(dx, dy);
                history
                    .push(
                        me,
                        board,
                        Op::Update {
                            before: cur,
                            after: next.clone(),
                        },
                    )
                    .unwrap();
                cur = next;
            }
            history.commit(me);
        }
        Action::Rename(i, s) => {
            let Some(e) = pick(board, *i, false) else {
                return;
            };
            let mut after = e.clone();
            after.set_text(s.clone());
            history
                .apply(board, "Rename", vec![Op::Update { before: e, after }])
                .unwrap();
        }
        Action::Delete(picks) => {
            let ids: Vec<ElementId> = picks
                .iter()
                .filter_map(|i| pick(board, *i, false))
                .map(|e| e.id())
                .collect();
            // Detach arrows from deleted boxes first, as the app does.
            let mut ops = Vec::new();
            for e in board.elements() {
                if let Element::Arrow(a) = e {
                    if ids.contains(&a.id) {
                        continue;
                    }
                    let mut after = a.clone();
                    for end in [&mut after.from, &mut after.to] {
                        if end.element().is_some_and(|id| ids.contains(&id)) {
                            *end = Endpoint::Free(Point::new(1.0, 2.0));
                        }
                    }
                    if after != *a {
                        ops.push(Op::Update {
                            before: e.clone(),
                            after: Element::Arrow(after),
                        });
                    }
                }
            }
            ops.push(Op::remove(board, &ids));
            history.apply(board, "Delete", ops).unwrap();
        }
        Action::Reorder(i, j) => {
            let Some(e) = pick(board, *i, false) else {
                return;
            };
            let from = board.elements.index_of(e.id()).unwrap();
            let to = j % board.elements().len();
            history
                .apply(
                    board,
                    "Reorder",
                    vec![Op::Reorder {
                        id: e.id(),
                        from,
                        to,
                    }],
                )
                .unwrap();
        }
        Action::Tick(s, i, done) => {
            let (step, item) = (format!("s{s}"), format!("i{i}"));
            let before = board.checklist.is_done(&step, &item);
            history
                .apply(
                    board,
                    "Tick",
                    vec![Op::SetDone {
                        step,
                        item,
                        before,
                        after: *done,
                    }],
                )
                .unwrap();
        }
        Action::StepNote(s, text) => {
            let step = format!("s{s}");
            let before = board.checklist.note(&step).to_owned();
            history
                .apply(
                    board,
                    "Step note",
                    vec![Op::SetStepNote {
                        step,
                        before,
                        after: text.clone(),
                    }],
                )
                .unwrap();
        }
        Action::SetStep(s) => {
            let before = board.checklist.current_step.clone();
            let after = s.map(|s| format!("s{s}"));
            history
                .apply(board, "Step", vec![Op::SetCurrentStep { before, after }])
                .unwrap();
        }
        Action::CustomKind(i, name) => {
            let id = format!("custom:k{i}");
            let before = board.custom_kinds.iter().find(|k| k.id == id).cloned();
            let after = name.as_ref().map(|n| CustomKind {
                id: id.clone(),
                name: n.clone(),
                category: "serving".to_owned(),
                color: None,
            });
            history
                .apply(
                    board,
                    "Custom kind",
                    vec![Op::SetCustomKind { id, before, after }],
                )
                .unwrap();
        }
        Action::UseFramework(nine) => {
            let all = Framework::builtin().unwrap();
            let after = all[usize::from(*nine)].clone();
            let before = board.framework.clone();
            history
                .apply(board, "Framework", vec![Op::SetFramework { before, after }])
                .unwrap();
        }
        Action::MetricsCard(pick) => {
            let after = pick.and_then(|i| pick_id(board, i));
            let before = board.checklist.metrics_card;
            history
                .apply(board, "Card", vec![Op::SetMetricsCard { before, after }])
                .unwrap();
        }
        Action::Retitle(t) => {
            let before = board.meta.clone();
            let after = Meta {
                title: t.clone(),
                ..before.clone()
            };
            history
                .apply(board, "Title", vec![Op::SetMeta { before, after }])
                .unwrap();
        }
    }
}

/// A file holding the board after `actions` on `start`, with the recorded
/// session (start board and log) that got it there.
pub fn recorded_file(start: Board, actions: &[Action]) -> mlsd_board::io::BoardFile {
    let mut board = start.clone();
    let mut history = History::default();
    for a in actions {
        perform(&mut board, &mut history, a);
    }
    mlsd_board::io::BoardFile {
        session: Some(mlsd_board::session::SessionRecord {
            started: 1_763_780_000,
            initial: start,
            log: history.entries().to_vec(),
        }),
        ..mlsd_board::io::BoardFile::new(board)
    }
}

/// The ids of the first `n` components on the board, in drawing order.
pub fn first_components(board: &Board, n: usize) -> Vec<ElementId> {
    board
        .elements()
        .iter()
        .filter(|e| matches!(e, Element::Component(_)))
        .map(Element::id)
        .take(n)
        .collect()
}
