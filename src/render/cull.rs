//! Leaving out what cannot be seen: an element whose bounds lie wholly
//! inside an opaque box (a component or a note) drawn after it. A hostile
//! board of 200,000 notes stacked on one spot then costs one note to draw,
//! not 200,000 layers of the same pixels. What is left out differs from
//! what is drawn only in the anti-aliased fringe of rounded corners.

use std::collections::{HashMap, HashSet};

use crate::model::{Board, Element, ElementId, Rect};

/// Grid cells per side over the elements' extent (at most).
const CELLS: f32 = 512.0;
/// A box over this many cells is kept in a short list checked everywhere.
const MAX_CELLS_PER_BOX: usize = 64;
/// The most such big boxes kept (the largest win).
const MAX_BIG: usize = 64;

/// The ids among `elements` (in drawing order, bottom first) that a box
/// drawn later covers completely. Linear in the elements (each box is filed
/// in the few grid cells it spans), so it can run on every export.
#[must_use]
pub fn hidden(board: &Board, elements: &[&Element]) -> HashSet<ElementId> {
    let mut out = HashSet::new();
    let bounds: Vec<Option<Rect>> = elements.iter().map(|e| board.element_bounds(e)).collect();
    let Some(extent) = bounds.iter().flatten().copied().reduce(|a, b| a.union(&b)) else {
        return out;
    };
    let cell = (extent.width().max(extent.height()) / CELLS).max(1.0);
    let key = |x: f32, y: f32| {
        (
            ((x - extent.min.x) / cell).floor() as i32,
            ((y - extent.min.y) / cell).floor() as i32,
        )
    };
    let mut grid: HashMap<(i32, i32), Vec<Rect>> = HashMap::new();
    let mut big: Vec<Rect> = Vec::new();
    let covered = |b: &Rect, grid: &HashMap<(i32, i32), Vec<Rect>>, big: &[Rect]| {
        let c = b.center();
        grid.get(&key(c.x, c.y))
            .is_some_and(|v| v.iter().any(|o| o.contains_rect(b)))
            || big.iter().any(|o| o.contains_rect(b))
    };
    for (e, b) in elements.iter().zip(&bounds).rev() {
        let Some(b) = b else { continue };
        if covered(b, &grid, &big) {
            out.insert(e.id());
            continue;
        }
        // Only boxes hide what is under them (frames are see-through,
        // arrows thin).
        let Some(r) = (match e {
            Element::Component(_) | Element::Note(_) => e.rect(),
            _ => None,
        }) else {
            continue;
        };
        let (x0, y0) = key(r.min.x, r.min.y);
        let (x1, y1) = key(r.max.x, r.max.y);
        let cells = (i64::from(x1 - x0) + 1) * (i64::from(y1 - y0) + 1);
        if cells > MAX_CELLS_PER_BOX as i64 {
            if big.len() < MAX_BIG {
                big.push(r);
            } else if let Some(small) = big
                .iter_mut()
                .min_by(|a, b| (a.width() * a.height()).total_cmp(&(b.width() * b.height())))
                .filter(|s| s.width() * s.height() < r.width() * r.height())
            {
                *small = r;
            }
            continue;
        }
        for x in x0..=x1 {
            for y in y0..=y1 {
                let list = grid.entry((x, y)).or_default();
                // A box inside one already filed here adds nothing.
                if !list.iter().any(|o| o.contains_rect(&r)) {
                    list.push(r);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Note, Point, Size};

    fn note(id: u64, x: f32, y: f32, w: f32, h: f32) -> Element {
        Element::Note(Note {
            id: ElementId(id),
            text: format!("note {id}"),
            pos: Point::new(x, y),
            size: Size::new(w, h),
            ..Note::default()
        })
    }

    fn board_of(list: Vec<Element>) -> Board {
        let mut board = Board::new("");
        board.elements = crate::model::Elements::from_vec(list);
        board
    }

    fn hidden_of(board: &Board) -> Vec<u64> {
        let list: Vec<&Element> = board.elements().iter().collect();
        let mut v: Vec<u64> = hidden(board, &list).into_iter().map(|i| i.0).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn stacked_notes_leave_only_the_top_one() {
        let board = board_of(
            (1..=1000)
                .map(|i| note(i, 0.0, 0.0, 200.0, 120.0))
                .collect(),
        );
        assert_eq!(hidden_of(&board), (1..1000).collect::<Vec<_>>());
    }

    #[test]
    fn only_wholly_covered_elements_under_a_box_are_left_out() {
        // 1 is under 3 entirely; 2 sticks out of 3; 4 is on top of 3.
        let board = board_of(vec![
            note(1, 10.0, 10.0, 50.0, 50.0),
            note(2, 150.0, 10.0, 100.0, 50.0),
            Element::Component(Component {
                id: ElementId(3),
                kind: "ranker".into(),
                pos: Point::new(0.0, 0.0),
                size: Size::new(200.0, 100.0),
                ..Component::default()
            }),
            note(4, 20.0, 20.0, 30.0, 30.0),
        ]);
        assert_eq!(hidden_of(&board), vec![1]);
    }

    #[test]
    fn a_big_box_hides_what_is_under_it_anywhere() {
        let mut list: Vec<Element> = (1..=50)
            .map(|i| note(i, i as f32 * 100.0, 0.0, 50.0, 50.0))
            .collect();
        list.push(note(51, -10.0, -10.0, 6000.0, 100.0));
        let board = board_of(list);
        assert_eq!(hidden_of(&board), (1..=50).collect::<Vec<_>>());
    }
}
