//! Board-editing actions: what adding, deleting, pasting, duplicating,
//! restacking, nudging and restyling do to a board, as transactions ready
//! to apply. Nothing here applies them or knows about a window: the app
//! hands each [`Action`] to its document, which records it and makes it
//! undoable, and selects what the action says.

use std::collections::HashSet;

use super::{Op, Placed};
use crate::io::clipboard;
use crate::model::spatial::SpatialIndex;
use crate::model::{
    Arrow, Board, Component, Element, ElementId, Endpoint, Frame, LineStyle, Note, Point, Rect,
    Side, Size,
};

/// Grid step in board units: snapping rounds to it, pastes and duplicates
/// are offset by it.
pub const GRID: f32 = 20.0;

/// A change to make, as one undo step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Action {
    /// The undo label ("Add Ranker", "Delete 3 elements").
    pub label: String,
    /// The ops, in order.
    pub ops: Vec<Op>,
    /// What to select afterwards (`None`: leave the selection alone).
    pub select: Option<Vec<ElementId>>,
}

impl Action {
    /// Whether the action changes nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// `v` rounded to the grid.
#[must_use]
pub fn snap_value(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

/// `p` rounded to the grid when `snap` is on.
#[must_use]
pub fn snap_point(p: Point, snap: bool) -> Point {
    if snap {
        Point::new(snap_value(p.x), snap_value(p.y))
    } else {
        p
    }
}

/// "1 element", "3 elements".
#[must_use]
pub fn elements_label(verb: &str, n: usize) -> String {
    format!("{verb} {n} element{}", if n == 1 { "" } else { "s" })
}

/// A free spot near `p` for a new box of `size`: `p` itself if nothing is
/// there, else the nearest free place on rings around it, preferring
/// places inside `visible`.
#[must_use]
pub fn free_spot(
    board: &Board,
    index: &SpatialIndex,
    visible: &Rect,
    p: Point,
    size: Size,
    snap: bool,
) -> Point {
    let taken = |at: Point| {
        let r = Rect::from_pos_size(at, size).expand(10.0);
        index.query(&r).into_iter().any(|id| {
            board
                .get(id)
                .is_some_and(|e| !matches!(e, Element::Arrow(_) | Element::Frame(_)))
        })
    };
    let (dx, dy) = (size.w + 40.0, size.h + 40.0);
    let mut fallback = None;
    for ring in 0..6_i32 {
        for gx in -ring..=ring {
            for gy in -ring..=ring {
                if gx.abs().max(gy.abs()) != ring {
                    continue;
                }
                let at = snap_point(p.offset(gx as f32 * dx, gy as f32 * dy), snap);
                if taken(at) {
                    continue;
                }
                if visible.contains_rect(&Rect::from_pos_size(at, size)) {
                    return at;
                }
                fallback.get_or_insert(at);
            }
        }
    }
    fallback.unwrap_or_else(|| snap_point(p, snap))
}

/// Adds a component of `kind` labelled `label` with its corner at `pos`,
/// connected from `from` by a new arrow routed as given, when given.
/// Selects the component.
pub fn add_component(
    board: &mut Board,
    kind: &str,
    label: &str,
    pos: Point,
    from: Option<(ElementId, crate::model::Routing)>,
) -> (Action, ElementId) {
    let id = board.alloc_id();
    let mut ops = vec![Op::add_on_top(
        board,
        Element::Component(Component {
            id,
            kind: kind.to_owned(),
            label: label.to_owned(),
            pos,
            size: Size::default(),
            ..Component::default()
        }),
    )];
    if let Some((from, routing)) = from {
        let arrow_id = board.alloc_id();
        ops.push(Op::Insert(vec![Placed {
            index: board.elements().len() + 1,
            element: Element::Arrow(Arrow {
                id: arrow_id,
                from: Endpoint::Element {
                    id: from,
                    side: Side::Auto,
                },
                to: Endpoint::Element {
                    id,
                    side: Side::Auto,
                },
                routing,
                ..Arrow::default()
            }),
        }]));
    }
    let action = Action {
        label: format!("Add {label}"),
        ops,
        select: Some(vec![id]),
    };
    (action, id)
}

/// Adds an empty note with its corner at `pos`. Selects it.
pub fn add_note(board: &mut Board, pos: Point) -> (Action, ElementId) {
    let id = board.alloc_id();
    let op = Op::add_on_top(
        board,
        Element::Note(Note {
            id,
            pos,
            ..Note::default()
        }),
    );
    let action = Action {
        label: "Add note".to_owned(),
        ops: vec![op],
        select: Some(vec![id]),
    };
    (action, id)
}

/// Adds a frame around the `selected` boxes (behind them), or of the
/// default size centred on `center` when none is selected. Selects it.
pub fn add_frame(board: &mut Board, selected: &[ElementId], center: Point) -> (Action, ElementId) {
    let bounds = selected
        .iter()
        .filter_map(|id| board.get(*id).and_then(Element::rect))
        .reduce(|a, b| a.union(&b));
    let (pos, size) = match bounds {
        Some(b) => {
            let b = b.expand(30.0);
            (b.min, Size::new(b.width(), b.height()))
        }
        None => {
            let s = Frame::default().size;
            (center.offset(-s.w * 0.5, -s.h * 0.5), s)
        }
    };
    let id = board.alloc_id();
    // Frames go behind what they contain.
    let index = selected
        .iter()
        .filter_map(|s| board.elements.index_of(*s))
        .min()
        .unwrap_or(0);
    let frame = Element::Frame(Frame {
        id,
        title: "Frame".to_owned(),
        pos,
        size,
        color: None,
        ..Default::default()
    });
    let action = Action {
        label: "Add frame".to_owned(),
        ops: vec![Op::Insert(vec![Placed {
            index,
            element: frame,
        }])],
        select: Some(vec![id]),
    };
    (action, id)
}

/// Deletes `ids`; arrows attached to deleted boxes stay, with free ends
/// where they were drawn. Selects nothing.
#[must_use]
pub fn delete(board: &Board, index: &SpatialIndex, ids: &[ElementId]) -> Action {
    // Locked elements stay.
    let ids: Vec<ElementId> = ids
        .iter()
        .copied()
        .filter(|id| board.get(*id).is_some_and(|e| !e.locked()))
        .collect();
    let ids = ids.as_slice();
    if ids.is_empty() {
        return Action::default();
    }
    let gone: HashSet<ElementId> = ids.iter().copied().collect();
    let mut ops = Vec::new();
    let mut arrows: Vec<ElementId> = ids.iter().flat_map(|id| index.arrows_of(*id)).collect();
    arrows.sort_unstable();
    arrows.dedup();
    for aid in arrows {
        if gone.contains(&aid) {
            continue;
        }
        let Some(before @ Element::Arrow(a)) = board.get(aid) else {
            continue;
        };
        let Some((s, t)) = board.arrow_tips(a) else {
            continue;
        };
        let mut after = a.clone();
        if after.from.element().is_some_and(|i| gone.contains(&i)) {
            after.from = Endpoint::Free(s);
        }
        if after.to.element().is_some_and(|i| gone.contains(&i)) {
            after.to = Endpoint::Free(t);
        }
        ops.push(Op::Update {
            before: before.clone(),
            after: Element::Arrow(after),
        });
    }
    ops.push(Op::remove(board, ids));
    Action {
        label: elements_label("Delete", ids.len()),
        ops,
        select: Some(Vec::new()),
    }
}

/// Inserts copies of `elements` (fresh ids, arrows between them kept)
/// moved by `(dx, dy)`, on top. Selects the copies.
pub fn insert_copies(
    board: &mut Board,
    elements: Vec<Element>,
    dx: f32,
    dy: f32,
    label: &str,
) -> Action {
    let prepared = clipboard::prepare_paste(board, elements, dx, dy);
    if prepared.is_empty() {
        return Action::default();
    }
    let base = board.elements().len();
    let select = prepared.iter().map(Element::id).collect();
    let items = prepared
        .into_iter()
        .enumerate()
        .map(|(i, element)| Placed {
            index: base + i,
            element,
        })
        .collect();
    Action {
        label: label.to_owned(),
        ops: vec![Op::Insert(items)],
        select: Some(select),
    }
}

/// Duplicates `ids` (and the arrows between them) two grid steps down and
/// to the right. Selects the copies.
pub fn duplicate(board: &mut Board, ids: &[ElementId]) -> Action {
    if ids.is_empty() {
        return Action::default();
    }
    let text = clipboard::copy_text(board, ids);
    match clipboard::parse_text(&text) {
        Some(elements) => insert_copies(board, elements, GRID * 2.0, GRID * 2.0, "Duplicate"),
        None => Action::default(),
    }
}

/// Moves `ids` to the front (`front`) or the back, keeping their order
/// among themselves.
#[must_use]
pub fn restack(board: &Board, ids: &[ElementId], front: bool) -> Action {
    let mut sel: Vec<ElementId> = ids.to_vec();
    sel.sort_by_key(|id| board.elements.index_of(*id));
    let mut scratch = board.clone();
    let mut ops = Vec::new();
    let n = scratch.elements().len();
    if !front {
        sel.reverse();
    }
    for id in sel {
        let Some(from) = scratch.elements.index_of(id) else {
            continue;
        };
        let to = if front { n - 1 } else { 0 };
        let op = Op::Reorder { id, from, to };
        if op.apply(&mut scratch).is_ok() && from != to {
            ops.push(op);
        }
    }
    Action {
        label: if front {
            "Bring to front"
        } else {
            "Send to back"
        }
        .to_owned(),
        ops,
        select: None,
    }
}

/// The ops moving `elements` (as they were when a drag began) by `(dx, dy)`
/// from where they are on `board` now.
#[must_use]
pub fn move_ops(board: &Board, originals: &[Element], dx: f32, dy: f32) -> Vec<Op> {
    originals
        .iter()
        .filter_map(|o| {
            let before = board.get(o.id())?.clone();
            let after = o.translated(dx, dy);
            (before != after).then_some(Op::Update { before, after })
        })
        .collect()
}

/// Moves `ids` by `(dx, dy)` board units.
#[must_use]
pub fn nudge(board: &Board, ids: &[ElementId], dx: f32, dy: f32) -> Action {
    let ops = ids
        .iter()
        .filter_map(|id| {
            let before = board.get(*id)?.clone();
            let after = before.translated(dx, dy);
            (after != before).then_some(Op::Update { before, after })
        })
        .collect();
    Action {
        label: "Move".to_owned(),
        ops,
        select: None,
    }
}

/// Switches the arrows among `ids` between solid and dashed.
#[must_use]
pub fn toggle_arrow_style(board: &Board, ids: &[ElementId]) -> Action {
    let ops = ids
        .iter()
        .filter_map(|id| match board.get(*id)? {
            before @ Element::Arrow(a) => {
                let mut after = a.clone();
                after.style = match a.style {
                    LineStyle::Solid => LineStyle::Dashed,
                    LineStyle::Dashed => LineStyle::Solid,
                };
                Some(Op::Update {
                    before: before.clone(),
                    after: Element::Arrow(after),
                })
            }
            _ => None,
        })
        .collect();
    Action {
        label: "Change arrow style".to_owned(),
        ops,
        select: None,
    }
}

/// A change of look for a selection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StyleChange {
    /// A component's outline (`None`: the kind's default).
    Shape(Option<crate::model::BoxShape>),
    /// The colour (`None`: the theme's or the category's).
    Color(Option<crate::model::Color>),
    /// The text size.
    Font(crate::model::FontSize),
}

/// Applies a change of look to every element among `ids` it fits (shapes
/// to components; colours and sizes to all), one undo step.
#[must_use]
pub fn set_style(board: &Board, ids: &[ElementId], change: StyleChange) -> Action {
    let ops = update_each(board, ids, |e| match (e, change) {
        (Element::Component(c), StyleChange::Shape(s)) => c.shape = s,
        (Element::Component(c), StyleChange::Color(col)) => c.color = col,
        (Element::Note(n), StyleChange::Color(col)) => n.color = col,
        (Element::Frame(f), StyleChange::Color(col)) => f.color = col,
        (Element::Arrow(a), StyleChange::Color(col)) => a.color = col,
        (Element::Ink(i), StyleChange::Color(col)) => i.color = col,
        (Element::Component(c), StyleChange::Font(f)) => c.font = f,
        (Element::Note(n), StyleChange::Font(f)) => n.font = f,
        (Element::Frame(fr), StyleChange::Font(f)) => fr.font = f,
        (Element::Arrow(a), StyleChange::Font(f)) => a.font = f,
        _ => {}
    });
    let label = match change {
        StyleChange::Shape(_) => "Change shape",
        StyleChange::Color(_) => "Change colour",
        StyleChange::Font(_) => "Change text size",
    };
    Action {
        label: label.to_owned(),
        ops,
        select: None,
    }
}

/// Sets how the arrows among `ids` run (straight, elbow, curved), one undo
/// step for all of them.
#[must_use]
pub fn set_routing(board: &Board, ids: &[ElementId], routing: crate::model::Routing) -> Action {
    let ops = update_each(board, ids, |e| {
        if let Element::Arrow(a) = e {
            a.routing = routing;
            // A new routing starts without the old bend.
            a.bend = None;
        }
    });
    Action {
        label: format!("{} arrows", routing.label()),
        ops,
        select: None,
    }
}

/// The elements a drag of `selected` moves: the selected ones plus what
/// lies inside selected frames (boxes wholly inside, arrows with a free end
/// inside and no end outside).
#[must_use]
pub fn movable_set(board: &Board, index: &SpatialIndex, selected: &[ElementId]) -> Vec<ElementId> {
    // A group moves whole.
    let selected = with_groups(board, selected);
    let selected = selected.as_slice();
    let mut ids: Vec<ElementId> = selected.to_vec();
    let mut seen: HashSet<ElementId> = ids.iter().copied().collect();
    for id in selected {
        if let Some(Element::Frame(f)) = board.get(*id) {
            let r = Rect::from_pos_size(f.pos, f.size);
            for other in index.query(&r) {
                let inside = board.get(other).is_some_and(|e| match e {
                    Element::Arrow(a) => {
                        [a.from, a.to].iter().all(|end| match end {
                            Endpoint::Free(p) => r.contains(*p),
                            Endpoint::Element { .. } => true,
                        }) && [a.from, a.to]
                            .iter()
                            .any(|end| matches!(end, Endpoint::Free(_)))
                    }
                    e => e.rect().is_some_and(|b| r.contains_rect(&b)),
                });
                if inside && seen.insert(other) {
                    ids.push(other);
                }
            }
        }
    }
    // Locked elements stay where they are.
    ids.retain(|id| board.get(*id).is_some_and(|e| !e.locked()));
    ids
}

/// Puts the elements among `ids` (two or more) in a new group: selecting
/// one selects them all, and they move together. One undo step.
#[must_use]
pub fn group(board: &mut Board, ids: &[ElementId]) -> Action {
    if ids.len() < 2 {
        return Action::default();
    }
    let g = board.alloc_id().0;
    regroup(board, ids, Some(g), "Group")
}

/// Takes the elements among `ids`, and every element grouped with them,
/// out of their groups. One undo step.
#[must_use]
pub fn ungroup(board: &Board, ids: &[ElementId]) -> Action {
    let groups: HashSet<u64> = ids
        .iter()
        .filter_map(|id| board.get(*id)?.group())
        .collect();
    let members: Vec<ElementId> = board
        .elements()
        .iter()
        .filter(|e| e.group().is_some_and(|g| groups.contains(&g)))
        .map(Element::id)
        .collect();
    regroup(board, &members, None, "Ungroup")
}

fn regroup(board: &Board, ids: &[ElementId], group: Option<u64>, label: &str) -> Action {
    Action {
        label: label.to_owned(),
        ops: update_each(board, ids, |e| e.set_group(group)),
        select: Some(ids.to_vec()),
    }
}

/// An update of each element among `ids` that `change` alters.
fn update_each(board: &Board, ids: &[ElementId], change: impl Fn(&mut Element)) -> Vec<Op> {
    ids.iter()
        .filter_map(|id| {
            let before = board.get(*id)?;
            let mut after = before.clone();
            change(&mut after);
            (after != *before).then(|| Op::Update {
                before: before.clone(),
                after,
            })
        })
        .collect()
}

/// Locks or unlocks the elements among `ids`. One undo step.
#[must_use]
pub fn set_locked(board: &Board, ids: &[ElementId], locked: bool) -> Action {
    Action {
        label: if locked { "Lock" } else { "Unlock" }.to_owned(),
        ops: update_each(board, ids, |e| e.set_locked(locked)),
        select: Some(if locked { Vec::new() } else { ids.to_vec() }),
    }
}

/// `ids` with every element grouped with one of them, in board order.
#[must_use]
pub fn with_groups(board: &Board, ids: &[ElementId]) -> Vec<ElementId> {
    let groups: HashSet<u64> = ids
        .iter()
        .filter_map(|id| board.get(*id)?.group())
        .collect();
    if groups.is_empty() {
        return ids.to_vec();
    }
    let mut out: Vec<ElementId> = ids.to_vec();
    let mut seen: HashSet<ElementId> = ids.iter().copied().collect();
    for e in board.elements() {
        if e.group().is_some_and(|g| groups.contains(&g)) && seen.insert(e.id()) {
            out.push(e.id());
        }
    }
    out
}

/// How to line up or space a selection of boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrange {
    /// Left edges on the leftmost.
    Left,
    /// Centres on the selection's vertical centre line.
    Centre,
    /// Right edges on the rightmost.
    Right,
    /// Top edges on the topmost.
    Top,
    /// Centres on the selection's horizontal centre line.
    Middle,
    /// Bottom edges on the lowest.
    Bottom,
    /// Equal gaps between boxes, left to right (first and last stay).
    DistributeHorizontally,
    /// Equal gaps between boxes, top to bottom (first and last stay).
    DistributeVertically,
}

impl Arrange {
    /// Every arrangement, in menu order.
    pub const ALL: [Arrange; 8] = [
        Arrange::Left,
        Arrange::Centre,
        Arrange::Right,
        Arrange::Top,
        Arrange::Middle,
        Arrange::Bottom,
        Arrange::DistributeHorizontally,
        Arrange::DistributeVertically,
    ];

    /// How many boxes it takes to change anything: two to line up, three
    /// to space out.
    #[must_use]
    pub fn min_boxes(self) -> usize {
        match self {
            Arrange::DistributeHorizontally | Arrange::DistributeVertically => 3,
            _ => 2,
        }
    }

    /// The name on buttons and in undo.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Arrange::Left => "Align left",
            Arrange::Centre => "Align centre",
            Arrange::Right => "Align right",
            Arrange::Top => "Align top",
            Arrange::Middle => "Align middle",
            Arrange::Bottom => "Align bottom",
            Arrange::DistributeHorizontally => "Distribute horizontally",
            Arrange::DistributeVertically => "Distribute vertically",
        }
    }
}

/// Lines up or spaces the selected boxes (components, notes, frames; arrows
/// follow their ends): one undoable step. Needs two boxes to align, three
/// to distribute; otherwise it changes nothing.
#[must_use]
pub fn arrange(board: &Board, selected: &[ElementId], how: Arrange) -> Action {
    let boxes: Vec<(ElementId, Rect)> = selected
        .iter()
        .filter_map(|id| board.get(*id).and_then(|e| Some((*id, e.rect()?))))
        .collect();
    let mut ops = Vec::new();
    let distribute = matches!(
        how,
        Arrange::DistributeHorizontally | Arrange::DistributeVertically
    );
    let all = boxes.iter().map(|(_, r)| *r).reduce(|a, b| a.union(&b));
    if let Some(all) = all
        && boxes.len() >= how.min_boxes()
    {
        let mut moves: Vec<(ElementId, Point, Point)> = Vec::new();
        if distribute {
            let horizontal = how == Arrange::DistributeHorizontally;
            let mut order = boxes.clone();
            let key = |r: &Rect| if horizontal { r.min.x } else { r.min.y };
            order.sort_by(|a, b| key(&a.1).total_cmp(&key(&b.1)));
            let len = |r: &Rect| if horizontal { r.width() } else { r.height() };
            let span = if horizontal {
                all.width()
            } else {
                all.height()
            };
            let used: f32 = order.iter().map(|(_, r)| len(r)).sum();
            let gap = (span - used) / (order.len() - 1) as f32;
            let mut at = if horizontal { all.min.x } else { all.min.y };
            for (id, r) in &order {
                let to = if horizontal {
                    Point::new(at, r.min.y)
                } else {
                    Point::new(r.min.x, at)
                };
                moves.push((*id, r.min, to));
                at += len(r) + gap;
            }
        } else {
            for (id, r) in &boxes {
                let (w, h) = (r.width(), r.height());
                let to = match how {
                    Arrange::Left => Point::new(all.min.x, r.min.y),
                    Arrange::Centre => Point::new((all.min.x + all.max.x - w) * 0.5, r.min.y),
                    Arrange::Right => Point::new(all.max.x - w, r.min.y),
                    Arrange::Top => Point::new(r.min.x, all.min.y),
                    Arrange::Middle => Point::new(r.min.x, (all.min.y + all.max.y - h) * 0.5),
                    _ => Point::new(r.min.x, all.max.y - h),
                };
                moves.push((*id, r.min, to));
            }
        }
        ops = moves
            .into_iter()
            .filter(|(_, from, to)| from != to)
            .map(|(id, before, after)| Op::Move { id, before, after })
            .collect();
    }
    Action {
        label: how.label().to_owned(),
        ops,
        select: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(rects: &[(f32, f32, f32, f32)]) -> Board {
        let mut b = Board::new("t");
        let list = rects
            .iter()
            .enumerate()
            .map(|(i, &(x, y, w, h))| {
                Element::Component(Component {
                    id: ElementId(i as u64 + 1),
                    pos: Point::new(x, y),
                    size: Size::new(w, h),
                    ..Component::default()
                })
            })
            .collect();
        b.elements = crate::model::Elements::from_vec(list);
        b
    }

    fn after(b: &Board, a: &Action) -> Vec<Rect> {
        let mut b = b.clone();
        for op in &a.ops {
            op.clone().apply(&mut b).unwrap();
        }
        b.elements().iter().filter_map(Element::rect).collect()
    }

    /// Issue #16, 4: align and distribute a selection, in one step.
    #[test]
    fn align_and_distribute_line_boxes_up() {
        let b = boxes(&[
            (0.0, 0.0, 100.0, 50.0),
            (200.0, 40.0, 60.0, 80.0),
            (500.0, 10.0, 100.0, 50.0),
        ]);
        let ids: Vec<ElementId> = (1..=3).map(ElementId).collect();
        let r = after(&b, &arrange(&b, &ids, Arrange::Left));
        assert!(r.iter().all(|r| r.min.x == 0.0));
        let r = after(&b, &arrange(&b, &ids, Arrange::Right));
        assert!(r.iter().all(|r| r.max.x == 600.0));
        let r = after(&b, &arrange(&b, &ids, Arrange::Top));
        assert!(r.iter().all(|r| r.min.y == 0.0));
        let r = after(&b, &arrange(&b, &ids, Arrange::Bottom));
        assert!(r.iter().all(|r| r.max.y == 120.0));
        let r = after(&b, &arrange(&b, &ids, Arrange::Middle));
        assert!(r.iter().all(|r| (r.center().y - 60.0).abs() < 1e-4));
        let r = after(&b, &arrange(&b, &ids, Arrange::Centre));
        assert!(r.iter().all(|r| (r.center().x - 300.0).abs() < 1e-4));
        // Distribute: first and last stay, equal gaps between.
        let r = after(&b, &arrange(&b, &ids, Arrange::DistributeHorizontally));
        assert_eq!((r[0].min.x, r[2].min.x), (0.0, 500.0));
        let gaps = (r[1].min.x - r[0].max.x, r[2].min.x - r[1].max.x);
        assert!((gaps.0 - gaps.1).abs() < 1e-4, "{gaps:?}");
        // Too few boxes: nothing changes.
        assert!(arrange(&b, &ids[..1], Arrange::Left).ops.is_empty());
        assert!(
            arrange(&b, &ids[..2], Arrange::DistributeVertically)
                .ops
                .is_empty()
        );
    }

    fn board_with_boxes(n: usize) -> (Board, Vec<ElementId>) {
        let mut b = Board::new("t");
        let mut ids = Vec::new();
        for i in 0..n {
            let (a, id) = add_component(
                &mut b,
                "ranker",
                "R",
                Point::new(i as f32 * 300.0, 0.0),
                None,
            );
            for op in a.ops {
                op.apply(&mut b).unwrap();
            }
            ids.push(id);
        }
        (b, ids)
    }

    fn apply(b: &mut Board, a: &Action) {
        for op in &a.ops {
            op.apply(b).unwrap();
        }
    }

    #[test]
    fn add_connects_only_when_asked_and_selects_the_new_part() {
        let (mut b, ids) = board_with_boxes(1);
        let (a, id) = add_component(
            &mut b,
            "cache",
            "Cache",
            Point::new(0.0, 200.0),
            Some((ids[0], crate::model::Routing::Elbow)),
        );
        assert_eq!(a.select, Some(vec![id]));
        apply(&mut b, &a);
        assert_eq!(b.counts().arrows, 1);
        let (a, _) = add_component(&mut b, "cache", "Cache 2", Point::new(0.0, 400.0), None);
        apply(&mut b, &a);
        assert_eq!(b.counts().arrows, 1, "no arrow without a source");
    }

    #[test]
    fn delete_frees_the_ends_of_arrows_that_stay() {
        let (mut b, ids) = board_with_boxes(1);
        let (a, new) = add_component(
            &mut b,
            "cache",
            "Cache",
            Point::new(0.0, 200.0),
            Some((ids[0], crate::model::Routing::Elbow)),
        );
        apply(&mut b, &a);
        let index = SpatialIndex::build(&b);
        let d = delete(&b, &index, &[new]);
        assert_eq!(d.label, "Delete 1 element");
        apply(&mut b, &d);
        let arrow = b
            .elements()
            .iter()
            .find_map(|e| match e {
                Element::Arrow(a) => Some(a.clone()),
                _ => None,
            })
            .expect("the arrow stays");
        assert!(matches!(arrow.to, Endpoint::Free(_)));
        assert!(matches!(arrow.from, Endpoint::Element { .. }));
    }

    #[test]
    fn duplicate_and_restack_and_nudge() {
        let (mut b, ids) = board_with_boxes(3);
        let d = duplicate(&mut b, &ids[..2]);
        apply(&mut b, &d);
        assert_eq!(b.counts().components, 5);
        let copies = d.select.clone().unwrap();
        assert_eq!(copies.len(), 2);
        assert!(copies.iter().all(|c| !ids.contains(c)));
        let back = restack(&b, &copies, false);
        apply(&mut b, &back);
        assert_eq!(b.elements()[0].id(), copies[0]);
        assert_eq!(b.elements()[1].id(), copies[1]);
        let n = nudge(&b, &ids[..1], 5.0, 0.0);
        apply(&mut b, &n);
        assert_eq!(b.get(ids[0]).unwrap().rect().unwrap().min.x, 5.0);
    }

    #[test]
    fn a_free_spot_avoids_boxes() {
        let (b, _) = board_with_boxes(1);
        let index = SpatialIndex::build(&b);
        let visible =
            Rect::from_two_points(Point::new(-2000.0, -2000.0), Point::new(2000.0, 2000.0));
        let at = free_spot(
            &b,
            &index,
            &visible,
            Point::new(0.0, 0.0),
            Size::default(),
            true,
        );
        assert_ne!(at, Point::new(0.0, 0.0));
        let r = Rect::from_pos_size(at, Size::default());
        assert!(!r.intersects(&b.elements()[0].rect().unwrap()));
    }

    #[test]
    fn a_frame_wraps_the_selection_and_goes_behind_it() {
        let (mut b, ids) = board_with_boxes(2);
        let (a, id) = add_frame(&mut b, &ids, Point::new(0.0, 0.0));
        apply(&mut b, &a);
        assert_eq!(b.elements()[0].id(), id);
        let f = b.get(id).unwrap().rect().unwrap();
        for i in &ids {
            assert!(f.contains_rect(&b.get(*i).unwrap().rect().unwrap()));
        }
        let index = SpatialIndex::build(&b);
        let moving = movable_set(&b, &index, &[id]);
        assert_eq!(moving.len(), 3, "the frame and what is inside it");
    }
}
