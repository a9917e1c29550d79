//! The board: metadata, elements in z-order with an id index, the framework
//! copy and the checklist state.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::catalog::CustomKind;
use super::element::{Arrow, Element, ElementId, ElementKind, Endpoint};
use super::framework::{Checklist, Framework};
use super::geometry::{Point, Rect};
use super::route::{self, Routing};

/// Title, template and times of a board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// The board's title, shown in the window title and on the start screen.
    pub title: String,
    /// Id of the case-study template the board was made from, if any.
    pub template: Option<String>,
    /// When the board was created, in seconds since 1970-01-01 UTC.
    pub created: u64,
    /// When the board was last saved, in seconds since 1970-01-01 UTC.
    pub modified: u64,
    /// The interview prompt being practised (from the template).
    pub prompt: String,
    /// The interviewer's answers to clarifying questions (from the template).
    pub clarifications: Vec<super::template::Clarification>,
    /// Practice: the answers are shown only once asked for.
    pub answers_sealed: bool,
    /// The questions asked so far, in order.
    pub asked: Vec<super::template::Asked>,
    /// The candidate's grades of the case's rubric: item id to 0 (absent),
    /// 1 (named) or 2 (justified against an alternative).
    pub grades: std::collections::BTreeMap<String, u8>,
    /// The follow-up drill's answers, in order.
    pub drill: Vec<super::template::DrillAnswer>,
}

impl Meta {
    /// The follow-up drill's points (0 to 2 an answer).
    #[must_use]
    pub fn drill_points(&self) -> u32 {
        self.drill.iter().map(|a| u32::from(a.grade.min(2))).sum()
    }

    /// The clarifying questions no asked question matched yet.
    #[must_use]
    pub fn never_asked(&self) -> Vec<&str> {
        self.clarifications
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.asked.iter().any(|a| a.answered == Some(*i)))
            .map(|(_, c)| c.question.as_str())
            .collect()
    }
}

/// The elements of a board in drawing order (first is at the back), with an
/// index from id to position.
///
/// Serialised as a plain list. Equality compares the list only.
#[derive(Clone, Debug, Default)]
pub struct Elements {
    list: Vec<Element>,
    index: HashMap<ElementId, usize>,
    /// Kinds of elements skipped while reading because this version does
    /// not know them (a file from a newer app); loading reports them.
    skipped_unknown: Vec<String>,
}

impl PartialEq for Elements {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Serialize for Elements {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.list.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Elements {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let slots: Vec<super::tolerant::Slot> = Vec::deserialize(d)?;
        let mut list = Vec::with_capacity(slots.len());
        let mut skipped_unknown = Vec::new();
        for slot in slots {
            match slot {
                super::tolerant::Slot::Known(e) => list.push(e),
                super::tolerant::Slot::Unknown(kind) => skipped_unknown.push(kind),
            }
        }
        let mut e = Self::from_vec(list);
        e.skipped_unknown = skipped_unknown;
        Ok(e)
    }
}

impl Elements {
    /// Wraps a list; with duplicate ids the index points at the first one
    /// (loading repairs duplicates before anything else looks).
    #[must_use]
    pub fn from_vec(list: Vec<Element>) -> Self {
        let mut e = Self {
            list,
            index: HashMap::new(),
            skipped_unknown: Vec::new(),
        };
        e.reindex();
        e
    }

    fn reindex(&mut self) {
        self.index.clear();
        self.index.reserve(self.list.len());
        for (i, el) in self.list.iter().enumerate() {
            self.index.entry(el.id()).or_insert(i);
        }
    }

    /// The elements, back to front.
    #[must_use]
    pub fn as_slice(&self) -> &[Element] {
        &self.list
    }

    /// How many elements there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Position in drawing order.
    #[must_use]
    pub fn index_of(&self, id: ElementId) -> Option<usize> {
        self.index.get(&id).copied()
    }

    /// The element with this id.
    #[must_use]
    pub fn get(&self, id: ElementId) -> Option<&Element> {
        self.index_of(id).map(|i| &self.list[i])
    }

    /// Replaces the element with `element.id()`; returns the old one.
    /// `None` (and nothing changes) when there is no such element.
    pub fn replace(&mut self, element: Element) -> Option<Element> {
        let i = self.index_of(element.id())?;
        Some(std::mem::replace(&mut self.list[i], element))
    }

    /// Inserts elements at the given final positions (ascending), in one
    /// pass. Positions past the end append.
    pub fn insert_many(&mut self, mut items: Vec<(usize, Element)>) {
        if items.is_empty() {
            return;
        }
        items.sort_by_key(|(i, _)| *i);
        // Adding on top (the usual case): append and index only the new ones.
        if items
            .iter()
            .enumerate()
            .all(|(k, (at, _))| *at >= self.list.len() + k)
        {
            for (_, el) in items {
                self.index.entry(el.id()).or_insert(self.list.len());
                self.list.push(el);
            }
            return;
        }
        let old = std::mem::take(&mut self.list);
        let mut out = Vec::with_capacity(old.len() + items.len());
        let mut old_it = old.into_iter();
        for (at, el) in items {
            while out.len() < at {
                match old_it.next() {
                    Some(o) => out.push(o),
                    None => break,
                }
            }
            out.push(el);
        }
        out.extend(old_it);
        self.list = out;
        self.reindex();
    }

    /// Removes the elements with these ids in one pass; returns them with
    /// the positions they had (ascending), ready for [`Elements::insert_many`].
    pub fn remove_many(&mut self, ids: &[ElementId]) -> Vec<(usize, Element)> {
        let mut positions: Vec<usize> = ids.iter().filter_map(|id| self.index_of(*id)).collect();
        positions.sort_unstable();
        positions.dedup();
        if positions.is_empty() {
            return Vec::new();
        }
        // Removing from the top (undoing an addition): pop, unindex those.
        let n = self.list.len();
        if positions
            .iter()
            .enumerate()
            .all(|(k, p)| *p == n - positions.len() + k)
        {
            let removed: Vec<(usize, Element)> = self
                .list
                .drain(n - positions.len()..)
                .enumerate()
                .map(|(k, el)| (n - positions.len() + k, el))
                .collect();
            for (i, el) in &removed {
                if self.index.get(&el.id()) == Some(i) {
                    self.index.remove(&el.id());
                }
            }
            return removed;
        }
        let old = std::mem::take(&mut self.list);
        let mut removed = Vec::with_capacity(positions.len());
        let mut next = positions.iter().peekable();
        for (i, el) in old.into_iter().enumerate() {
            if next.peek() == Some(&&i) {
                next.next();
                removed.push((i, el));
            } else {
                self.list.push(el);
            }
        }
        self.reindex();
        removed
    }

    /// Moves an element to another position in drawing order.
    pub fn move_to(&mut self, id: ElementId, to: usize) -> bool {
        let Some(from) = self.index_of(id) else {
            return false;
        };
        let to = to.min(self.list.len() - 1);
        if from < to {
            self.list[from..=to].rotate_left(1);
        } else {
            self.list[to..=from].rotate_right(1);
        }
        self.reindex();
        true
    }

    /// Takes the kinds of unknown elements skipped while reading.
    pub fn take_skipped_unknown(&mut self) -> Vec<String> {
        std::mem::take(&mut self.skipped_unknown)
    }

    /// Mutable access to the list for repairs; the index is rebuilt after.
    pub(crate) fn edit_all(&mut self, f: impl FnOnce(&mut Vec<Element>)) {
        f(&mut self.list);
        self.reindex();
    }
}

/// Counts of each kind of element.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Components.
    pub components: usize,
    /// Arrows.
    pub arrows: usize,
    /// Notes.
    pub notes: usize,
    /// Frames.
    pub frames: usize,
    /// Pen strokes.
    pub ink: usize,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} components, {} arrows, {} notes, {} frames",
            self.components, self.arrows, self.notes, self.frames
        )
    }
}

/// A whiteboard with an ML system design on it.
///
/// Equality compares content; the id counter (`next_id`) only ever grows,
/// so undoing an addition does not give its id back.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Board {
    /// Title, template and times.
    pub meta: Meta,
    /// The next id to hand out; always above every id on the board.
    pub next_id: u64,
    /// The elements, back to front.
    pub elements: Elements,
    /// The framework whose checklist this board follows (a copy).
    pub framework: Framework,
    /// Ticked items, notes per step, the current step.
    pub checklist: Checklist,
    /// Component kinds the user defined on this board.
    pub custom_kinds: Vec<CustomKind>,
}

impl Default for Board {
    fn default() -> Self {
        Self {
            meta: Meta::default(),
            next_id: 1,
            elements: Elements::default(),
            framework: Framework::default(),
            checklist: Checklist::default(),
            custom_kinds: Vec::new(),
        }
    }
}

impl PartialEq for Board {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && self.elements == other.elements
            && self.framework == other.framework
            && self.checklist == other.checklist
            && self.custom_kinds == other.custom_kinds
    }
}

impl Board {
    /// An empty board with a title.
    #[must_use]
    pub fn new(title: &str) -> Self {
        Self {
            meta: Meta {
                title: title.to_owned(),
                ..Meta::default()
            },
            ..Self::default()
        }
    }

    /// Hands out a fresh id: one no element on the board holds, at most
    /// [`ElementId::MAX`]. Ids come from a counter that only grows; only a
    /// board whose counter reached the top (a hostile file) starts again
    /// from the lowest id that is free.
    pub fn alloc_id(&mut self) -> ElementId {
        let mut id = self.next_id.max(1);
        if id > ElementId::MAX || self.get(ElementId(id)).is_some() {
            id = (1..=ElementId::MAX)
                .find(|i| self.get(ElementId(*i)).is_none())
                .unwrap_or(ElementId::MAX);
        }
        self.next_id = id + 1;
        ElementId(id)
    }

    /// The element with this id.
    #[must_use]
    pub fn get(&self, id: ElementId) -> Option<&Element> {
        self.elements.get(id)
    }

    /// The elements, back to front.
    #[must_use]
    pub fn elements(&self) -> &[Element] {
        self.elements.as_slice()
    }

    /// How many of each kind.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in self.elements() {
            match e.kind() {
                ElementKind::Component => c.components += 1,
                ElementKind::Arrow => c.arrows += 1,
                ElementKind::Note => c.notes += 1,
                ElementKind::Frame => c.frames += 1,
                ElementKind::Ink => c.ink += 1,
            }
        }
        c
    }

    /// The arrows with an end attached to `id`.
    pub fn arrows_attached_to(&self, id: ElementId) -> impl Iterator<Item = &Arrow> {
        self.elements().iter().filter_map(move |e| match e {
            Element::Arrow(a) if a.from.element() == Some(id) || a.to.element() == Some(id) => {
                Some(a)
            }
            _ => None,
        })
    }

    /// Where an arrow's tail and head are drawn, given where its ends
    /// attach. `None` when an end is attached to a missing element.
    #[must_use]
    pub fn arrow_points(&self, arrow: &Arrow) -> Option<(Point, Point)> {
        self.arrow_points_with(arrow, |id| self.get(id).and_then(Element::rect))
    }

    /// [`Board::arrow_points`] with the boxes where `box_rect` says they
    /// are (a move in progress draws them elsewhere than the board has them).
    #[must_use]
    pub fn arrow_points_with(
        &self,
        arrow: &Arrow,
        box_rect: impl Fn(ElementId) -> Option<Rect>,
    ) -> Option<(Point, Point)> {
        let rect_of = |end: &Endpoint| match end {
            Endpoint::Element { id, .. } => box_rect(*id).map(Some),
            Endpoint::Free(_) => Some(None),
        };
        let from_rect = rect_of(&arrow.from)?;
        let to_rect = rect_of(&arrow.to)?;
        let anchor = |end: &Endpoint, rect: Option<Rect>| match (end, rect) {
            (Endpoint::Free(p), _) => *p,
            (Endpoint::Element { side, .. }, Some(r)) => r.side_midpoint(*side),
            (Endpoint::Element { .. }, None) => Point::default(),
        };
        // Aim each end at the other end's anchor (its centre when "auto").
        let from_aim = anchor(&arrow.from, from_rect);
        let to_aim = anchor(&arrow.to, to_rect);
        let resolve =
            |end: &Endpoint, rect: Option<Rect>, aim: Point, toward: Point| match (end, rect) {
                (Endpoint::Element { side, .. }, Some(r)) if *side == crate::model::Side::Auto => {
                    r.border_point_toward(toward)
                }
                _ => aim,
            };
        Some((
            resolve(&arrow.from, from_rect, from_aim, to_aim),
            resolve(&arrow.to, to_rect, to_aim, from_aim),
        ))
    }

    /// The elements whose text (label, note text, frame title, arrow
    /// label) or component notes hold `query`, ignoring case; top to
    /// bottom, then left to right. Nothing for a blank query.
    #[must_use]
    pub fn find(&self, query: &str) -> Vec<ElementId> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(f32, f32, ElementId)> = self
            .elements()
            .iter()
            .filter(|e| {
                e.text().to_lowercase().contains(&q)
                    || matches!(e, Element::Component(c) if c.notes.to_lowercase().contains(&q))
            })
            .filter_map(|e| {
                let b = self.element_bounds(e)?;
                Some((b.min.y, b.min.x, e.id()))
            })
            .collect();
        hits.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        hits.into_iter().map(|(_, _, id)| id).collect()
    }

    /// An arrow's ends as the router sees them, the boxes where `box_rect`
    /// says they are. `None` when an end is attached to a missing element.
    #[must_use]
    pub fn arrow_ends_with(
        &self,
        arrow: &Arrow,
        box_rect: impl Fn(ElementId) -> Option<Rect>,
        shifts: [f32; 2],
    ) -> Option<(route::End, route::End)> {
        let end = |e: &Endpoint, shift: f32| match e {
            Endpoint::Free(p) => Some(route::End::Free(*p)),
            Endpoint::Element { id, side } => {
                box_rect(*id).map(|r| route::End::Box(r, *side, shift))
            }
        };
        Some((end(&arrow.from, shifts[0])?, end(&arrow.to, shifts[1])?))
    }

    /// How far from its side's middle each end of an elbow or curved arrow
    /// sits, so that arrows sharing a box's side spread along it (ordered
    /// by where their other ends are, so they do not cross), [`route::PORT_GAP`]
    /// apart at most. `attached` gives the arrows attached to a box.
    #[must_use]
    pub fn port_shifts(
        &self,
        arrow: &Arrow,
        box_rect: impl Fn(ElementId) -> Option<Rect> + Copy,
        attached: impl Fn(ElementId) -> Vec<ElementId>,
    ) -> [f32; 2] {
        let mut shifts = [0.0; 2];
        if arrow.routing == Routing::Straight {
            return shifts;
        }
        let Some((from, to)) = self.arrow_ends_with(arrow, box_rect, [0.0; 2]) else {
            return shifts;
        };
        for (k, (endpoint, me, other)) in [(&arrow.from, from, to), (&arrow.to, to, from)]
            .into_iter()
            .enumerate()
        {
            let (Some(x), Some(dir)) = (endpoint.element(), route::side_dir(&me, &other)) else {
                continue;
            };
            let Some(rect) = box_rect(x) else { continue };
            let key = |p: Point| if route::along_x(dir) { p.x } else { p.y };
            let mut on_side: Vec<(f32, ElementId, usize)> = Vec::new();
            for sid in attached(x) {
                let Some(Element::Arrow(s)) = self.get(sid) else {
                    continue;
                };
                if s.routing == Routing::Straight || s.from.element() == s.to.element() {
                    continue;
                }
                let Some((sf, st)) = self.arrow_ends_with(s, box_rect, [0.0; 2]) else {
                    continue;
                };
                for (which, sep, mine, theirs) in [(0, &s.from, sf, st), (1, &s.to, st, sf)] {
                    if sep.element() == Some(x) && route::side_dir(&mine, &theirs) == Some(dir) {
                        on_side.push((key(theirs.center()), sid, which));
                    }
                }
            }
            let n = on_side.len();
            if n < 2 {
                continue;
            }
            on_side.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let Some(rank) = on_side
                .iter()
                .position(|(_, id, which)| *id == arrow.id && *which == k)
            else {
                continue;
            };
            let len = if route::along_x(dir) {
                rect.width()
            } else {
                rect.height()
            };
            let gap = route::PORT_GAP.min(len * 0.8 / n as f32);
            shifts[k] = (rank as f32 - (n - 1) as f32 * 0.5) * gap;
        }
        shifts
    }

    /// Where an arrow's tail and head touch as drawn: on the border towards
    /// the other end for a straight arrow, at a side's middle for an elbow
    /// or a curve.
    #[must_use]
    pub fn arrow_tips(&self, arrow: &Arrow) -> Option<(Point, Point)> {
        if arrow.routing == Routing::Straight {
            return self.arrow_points(arrow);
        }
        let (from, to) =
            self.arrow_ends_with(arrow, |id| self.get(id).and_then(Element::rect), [0.0; 2])?;
        let (p, q) = route::ports(from, to);
        Some((p.at, q.at))
    }

    /// An arrow's path as drawn, tail first: two points for a straight
    /// arrow, a routed polyline for an elbow, points along a curve. The
    /// boxes are where `box_rect` says; an elbow goes around the boxes
    /// `obstacles` gives for an area.
    #[must_use]
    pub fn arrow_path_with(
        &self,
        arrow: &Arrow,
        box_rect: impl Fn(ElementId) -> Option<Rect> + Copy,
        obstacles: impl FnMut(&Rect) -> Vec<Rect>,
        shifts: [f32; 2],
    ) -> Option<Vec<Point>> {
        let straight = self.arrow_points_with(arrow, box_rect)?;
        if arrow.routing == Routing::Straight {
            return Some(vec![straight.0, straight.1]);
        }
        let (from, to) = self.arrow_ends_with(arrow, box_rect, shifts)?;
        Some(route::path(
            arrow.routing,
            from,
            to,
            straight,
            obstacles,
            arrow.bend,
        ))
    }

    /// [`Board::arrow_path_with`] with the boxes where they are, looking at
    /// every box on the board (callers that draw many arrows route through
    /// a [`crate::model::spatial::SpatialIndex`] instead).
    #[must_use]
    pub fn arrow_path(&self, arrow: &Arrow) -> Option<Vec<Point>> {
        let rect_of = |id| self.get(id).and_then(Element::rect);
        let shifts = self.port_shifts(arrow, rect_of, |id| {
            self.arrows_attached_to(id).map(|a| a.id).collect()
        });
        self.arrow_path_with(arrow, rect_of, |area| self.obstacles_in(area), shifts)
    }

    /// The boxes an elbow arrow goes around (components and notes; frames
    /// hold other things, so arrows cross their borders) that meet `area`.
    #[must_use]
    pub fn obstacles_in(&self, area: &Rect) -> Vec<Rect> {
        self.elements()
            .iter()
            .filter(|e| is_obstacle(e))
            .filter_map(Element::rect)
            .filter(|r| r.intersects(area))
            .collect()
    }

    /// The bounds of an element as drawn (arrows included).
    #[must_use]
    pub fn element_bounds(&self, e: &Element) -> Option<Rect> {
        match e {
            Element::Arrow(a) => self.arrow_path(a).map(|path| bounds_of(&path)),
            Element::Ink(i) => Some(i.bounds()),
            other => other.rect(),
        }
    }

    /// The rectangle holding everything on the board; `None` when empty.
    #[must_use]
    pub fn bounds(&self) -> Option<Rect> {
        self.elements()
            .iter()
            .filter_map(|e| self.element_bounds(e))
            .reduce(|a, b| a.union(&b))
    }
}

/// Whether elbow arrows go around this element.
#[must_use]
pub fn is_obstacle(e: &Element) -> bool {
    matches!(e, Element::Component(_) | Element::Note(_))
}

/// The rectangle holding a path's points.
#[must_use]
pub fn bounds_of(path: &[Point]) -> Rect {
    let first = path.first().copied().unwrap_or_default();
    path.iter()
        .fold(Rect::from_two_points(first, first), |b, p| {
            b.union(&Rect::from_two_points(*p, *p))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Note};

    fn comp(id: u64) -> Element {
        Element::Component(Component {
            id: ElementId(id),
            ..Component::default()
        })
    }

    #[test]
    fn insert_and_remove_many_are_inverse() {
        let mut e = Elements::from_vec((1..=6).map(comp).collect());
        let before = e.clone();
        let removed = e.remove_many(&[ElementId(2), ElementId(5), ElementId(6)]);
        assert_eq!(
            removed.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            vec![1, 4, 5]
        );
        assert_eq!(e.len(), 3);
        assert_eq!(e.index_of(ElementId(4)), Some(2));
        e.insert_many(removed);
        assert_eq!(e, before);
        assert_eq!(e.index_of(ElementId(6)), Some(5));
    }

    #[test]
    fn move_to_reorders_and_reindexes() {
        let mut e = Elements::from_vec((1..=4).map(comp).collect());
        e.move_to(ElementId(1), 3);
        let ids: Vec<u64> = e.as_slice().iter().map(|x| x.id().0).collect();
        assert_eq!(ids, vec![2, 3, 4, 1]);
        e.move_to(ElementId(1), 0);
        let ids: Vec<u64> = e.as_slice().iter().map(|x| x.id().0).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
        assert_eq!(e.index_of(ElementId(4)), Some(3));
    }

    #[test]
    fn ids_are_never_reused() {
        let mut b = Board::new("t");
        let a = b.alloc_id();
        let c = b.alloc_id();
        assert_ne!(a, c);
        assert!(b.next_id > c.0);
        let _ = Note::default();
    }
}
