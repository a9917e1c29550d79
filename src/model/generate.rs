//! Deterministic generated boards for benchmarks and tests (no randomness
//! crate: a small linear congruential generator seeded by the caller).

use super::board::Board;
use super::element::{Arrow, Component, Element, Endpoint, LineStyle};
use super::geometry::{Point, Side, Size};

const KINDS: &[&str] = &[
    "feature_store",
    "ann_index",
    "ranker",
    "message_bus",
    "model_registry",
    "object_store",
    "inference_server",
    "stream_processor",
];

/// A tiny deterministic pseudo-random sequence.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A board with `components` boxes on a grid (200x80, labelled) and
/// `arrows` arrows between random pairs of them, like the bench scenes.
#[must_use]
pub fn grid_board(components: usize, arrows: usize, seed: u64) -> Board {
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut b = Board::new("Generated board");
    let cols = (components as f64).sqrt().ceil().max(1.0) as usize;
    let mut ids = Vec::with_capacity(components);
    let mut list = Vec::with_capacity(components + arrows);
    for i in 0..components {
        let id = b.alloc_id();
        ids.push(id);
        let (col, row) = (i % cols, i / cols);
        list.push(Element::Component(Component {
            id,
            kind: KINDS[i % KINDS.len()].to_owned(),
            label: format!("Service {i:05}"),
            pos: Point::new(col as f32 * 300.0, row as f32 * 180.0),
            size: Size::new(200.0, 80.0),
            notes: String::new(),
            color: None,
            addressed: std::collections::BTreeSet::new(),
            ..Default::default()
        }));
    }
    for i in 0..arrows {
        let id = b.alloc_id();
        let (from, to) = if ids.len() >= 2 {
            let a = rng.below(ids.len() as u64) as usize;
            let mut c = rng.below(ids.len() as u64 - 1) as usize;
            if c >= a {
                c += 1;
            }
            (
                Endpoint::Element {
                    id: ids[a],
                    side: Side::Auto,
                },
                Endpoint::Element {
                    id: ids[c],
                    side: Side::Auto,
                },
            )
        } else {
            (
                Endpoint::Free(Point::new(0.0, i as f32 * 10.0)),
                Endpoint::Free(Point::new(100.0, i as f32 * 10.0)),
            )
        };
        list.push(Element::Arrow(Arrow {
            id,
            from,
            to,
            label: if i % 4 == 0 {
                format!("flow {i}")
            } else {
                String::new()
            },
            style: if i % 3 == 0 {
                LineStyle::Dashed
            } else {
                LineStyle::Solid
            },
            routing: crate::model::Routing::Straight,
            ..Default::default()
        }));
    }
    b.elements = super::board::Elements::from_vec(list);
    b
}

/// `notes` notes stacked on one spot, each with a short text: the shape of
/// a hostile shared board (a million of them fit in a 200 KB PNG).
#[must_use]
pub fn stacked_notes(notes: usize) -> Board {
    let mut board = Board::new("stacked");
    let list = (1..=notes as u64)
        .map(|i| {
            Element::Note(super::element::Note {
                id: super::ElementId(i),
                text: format!("note {i}"),
                ..super::element::Note::default()
            })
        })
        .collect();
    board.elements = super::board::Elements::from_vec(list);
    board.next_id = notes as u64 + 1;
    board
}

/// A component whose label is `chars` characters long (mixed scripts), and
/// a big note holding the same text.
#[must_use]
pub fn long_label(chars: usize) -> Board {
    let text: String = "推荐系统 ranking label Рекомендации "
        .chars()
        .cycle()
        .take(chars)
        .collect();
    let mut board = Board::new("long label");
    board.elements = super::board::Elements::from_vec(vec![
        Element::Component(Component {
            id: super::ElementId(1),
            kind: "ranker".into(),
            label: text.clone(),
            ..Component::default()
        }),
        Element::Note(super::element::Note {
            id: super::ElementId(2),
            text,
            pos: Point::new(300.0, 0.0),
            size: Size::new(2000.0, 2000.0),
            ..super::element::Note::default()
        }),
    ]);
    board.next_id = 3;
    board
}
