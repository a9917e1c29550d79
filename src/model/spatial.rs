//! A uniform-grid spatial index over a board's elements, for culling what
//! is off screen and hit-testing under the pointer without looking at the
//! whole board. Updated per changed element, not rebuilt per frame.

use std::collections::{HashMap, HashSet};

use super::board::Board;
use super::board::bounds_of;
use super::element::{Element, ElementId};
use super::geometry::{Point, Rect};
use super::route::{self, Routing};

/// From this many elbow arrows on, a build routes them on every core.
const PARALLEL_ROUTES: usize = 256;
/// Cell side in board units.
const CELL: f32 = 256.0;
/// Elements covering more cells than this live in a list checked on every
/// query instead (huge frames, very long arrows).
const MAX_CELLS: usize = 1024;

type Cell = (i32, i32);

#[derive(Debug, Clone)]
struct Placement {
    cells: Vec<Cell>,
    bounds: Rect,
    /// For arrows: the elements its ends attach to.
    ends: [Option<ElementId>; 2],
    /// For arrows: the path as drawn (routed, for elbow arrows).
    path: Vec<Point>,
    /// Whether elbow arrows go around it (then `bounds` is its rectangle).
    obstacle: bool,
}

/// Which elements lie where.
#[derive(Debug, Default, Clone)]
pub struct SpatialIndex {
    cells: HashMap<Cell, Vec<ElementId>>,
    placed: HashMap<ElementId, Placement>,
    /// Elements too big for the grid.
    big: HashSet<ElementId>,
    /// Box id -> arrows with an end attached to it.
    attached: HashMap<ElementId, HashSet<ElementId>>,
    /// A rectangle holding every placed element (it only grows until the
    /// next rebuild, so it may be larger than the board).
    extent: Option<Rect>,
    /// Total number of (cell, element) entries.
    entries: usize,
    /// How many elbow or curved arrows have been routed (for tests and
    /// benches: an update routes only what it must).
    routed: u64,
    /// The boxes elbow arrows go around, by cell, with their rectangles:
    /// a router's question reads these, not the (many more) arrows.
    obstacle_cells: HashMap<Cell, Vec<(ElementId, Rect)>>,
    /// Obstacles too big for the grid.
    big_obstacles: Vec<(ElementId, Rect)>,
}

fn cell_of(v: f32) -> i32 {
    // Coordinates are bounded by MAX_COORD, so this fits an i32.
    (v / CELL).floor() as i32
}

fn cells_of_rect(r: &Rect, out: &mut Vec<Cell>) -> bool {
    let (x0, x1) = (cell_of(r.min.x), cell_of(r.max.x));
    let (y0, y1) = (cell_of(r.min.y), cell_of(r.max.y));
    let n = (i64::from(x1 - x0) + 1) * (i64::from(y1 - y0) + 1);
    if n > MAX_CELLS as i64 {
        return false;
    }
    for x in x0..=x1 {
        for y in y0..=y1 {
            out.push((x, y));
        }
    }
    true
}

fn cells_of_segment(a: Point, b: Point, out: &mut Vec<Cell>) -> bool {
    let len = a.distance(b);
    let steps = (len / (CELL * 0.25)).ceil() as usize + 1;
    if steps > MAX_CELLS * 4 {
        return false;
    }
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        let p = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
        // A point on a cell corner touches its neighbours too: include the
        // 2x2 block around it so a thin line is never missed.
        let (cx, cy) = (cell_of(p.x), cell_of(p.y));
        out.push((cx, cy));
        let fx = p.x / CELL - cx as f32;
        let fy = p.y / CELL - cy as f32;
        if fx < 0.05 {
            out.push((cx - 1, cy));
        }
        if fy < 0.05 {
            out.push((cx, cy - 1));
        }
    }
    out.sort_unstable();
    out.dedup();
    true
}

impl SpatialIndex {
    /// An index of every element on `board`.
    #[must_use]
    pub fn build(board: &Board) -> Self {
        let mut s = Self::default();
        // Boxes first: elbow arrows are routed around them.
        for e in board.elements() {
            if !matches!(e, Element::Arrow(_)) {
                s.place(board, e);
            }
        }
        let arrows: Vec<(&Element, &crate::model::Arrow)> = board
            .elements()
            .iter()
            .filter_map(|e| match e {
                Element::Arrow(a) => Some((e, a)),
                _ => None,
            })
            .collect();
        // Arrows sharing a side spread along it: each route knows its
        // box's other arrows.
        for (_, a) in &arrows {
            for end in [a.from.element(), a.to.element()].into_iter().flatten() {
                s.attached.entry(end).or_default().insert(a.id);
            }
        }
        // Routes are independent of each other: found on every core.
        let routed = arrows
            .iter()
            .filter(|(_, a)| a.routing != Routing::Straight)
            .count();
        let threads = if routed >= PARALLEL_ROUTES {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        } else {
            1
        };
        let paths: Vec<Option<Vec<Point>>> = if threads > 1 {
            let chunk = arrows.len().div_ceil(threads);
            let this = &s;
            std::thread::scope(|scope| {
                let jobs: Vec<_> = arrows
                    .chunks(chunk)
                    .map(|part| {
                        scope.spawn(move || {
                            part.iter()
                                .map(|(_, a)| this.route_arrow(board, a))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                jobs.into_iter()
                    .flat_map(|j| j.join().unwrap_or_default())
                    .collect()
            })
        } else {
            arrows
                .iter()
                .map(|(_, a)| s.route_arrow(board, a))
                .collect()
        };
        if paths.len() == arrows.len() {
            for ((e, _), path) in arrows.iter().zip(paths) {
                s.place_with(e, path);
            }
        } else {
            // A worker panicked: route here instead.
            for e in board.elements() {
                if matches!(e, Element::Arrow(_)) {
                    s.place(board, e);
                }
            }
        }
        s
    }

    /// An arrow's path as drawn, tail first (routed around boxes for an
    /// elbow arrow).
    #[must_use]
    pub fn path(&self, id: ElementId) -> Option<&[Point]> {
        self.placed
            .get(&id)
            .map(|p| p.path.as_slice())
            .filter(|p| p.len() >= 2)
    }

    /// How many elbow or curved arrows have been routed since the index was
    /// built (the build included).
    #[must_use]
    pub fn routed(&self) -> u64 {
        self.routed
    }

    /// The boxes elbow arrows go around that may meet `area`.
    #[must_use]
    pub fn obstacles(&self, area: &Rect) -> Vec<Rect> {
        self.obstacles_by_id(area)
            .into_iter()
            .map(|(_, r)| r)
            .collect()
    }

    /// [`SpatialIndex::obstacles`] with their ids, by id.
    #[must_use]
    pub fn obstacles_by_id(&self, area: &Rect) -> Vec<(ElementId, Rect)> {
        let mut cells = Vec::new();
        let mut out: Vec<(ElementId, Rect)> = Vec::new();
        if cells_of_rect(area, &mut cells) && cells.len() < self.obstacle_cells.len() {
            for c in &cells {
                if let Some(list) = self.obstacle_cells.get(c) {
                    out.extend(list.iter().filter(|(_, r)| r.intersects(area)));
                }
            }
        } else {
            for list in self.obstacle_cells.values() {
                out.extend(list.iter().filter(|(_, r)| r.intersects(area)));
            }
        }
        out.extend(
            self.big_obstacles
                .iter()
                .filter(|(_, r)| r.intersects(area)),
        );
        out.sort_unstable_by_key(|(id, _)| *id);
        out.dedup_by_key(|(id, _)| *id);
        out
    }

    /// How many elements are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.placed.len()
    }

    /// Whether nothing is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.placed.is_empty()
    }

    /// The drawn bounds of an element as indexed.
    #[must_use]
    pub fn bounds(&self, id: ElementId) -> Option<Rect> {
        self.placed.get(&id).map(|p| p.bounds)
    }

    /// Re-indexes the given elements (and the arrows attached to them) after
    /// they changed, appeared or disappeared. Elbow arrows whose path ran
    /// near a changed box's old or new place are routed again; every other
    /// arrow keeps its route.
    pub fn update(&mut self, board: &Board, ids: impl IntoIterator<Item = ElementId>) {
        let mut arrows: Vec<ElementId> = Vec::new();
        let mut boxes: Vec<ElementId> = Vec::new();
        let mut areas: Vec<Rect> = Vec::new();
        // Boxes whose arrows may spread differently now.
        let mut sides: Vec<ElementId> = Vec::new();
        for id in ids {
            if let Some(att) = self.attached.get(&id) {
                arrows.extend(att.iter().copied());
            }
            if let Some(p) = self.placed.get(&id) {
                if p.ends == [None, None] && p.path.is_empty() {
                    areas.push(p.bounds);
                }
                sides.extend(p.ends.into_iter().flatten());
            }
            self.unplace(id);
            match board.get(id) {
                Some(Element::Arrow(_)) => arrows.push(id),
                Some(e) => {
                    if let Some(r) = e.rect() {
                        areas.push(r);
                    }
                    boxes.push(id);
                }
                None => {}
            }
        }
        for id in boxes {
            if let Some(e) = board.get(id) {
                self.place(board, e);
            }
        }
        for area in &areas {
            let near = area.expand(route::MARGIN * 2.0);
            for id in self.query(&near) {
                if let Some(p) = self.placed.get(&id)
                    && let Some(Element::Arrow(a)) = board.get(id)
                    && a.routing != Routing::Straight
                    && route::path_enters(&near, &p.path)
                {
                    arrows.push(id);
                }
            }
        }
        // The other arrows on the boxes at both ends of each arrow routed
        // here: their places along a shared side depend on it.
        for id in &arrows {
            if let Some(Element::Arrow(a)) = board.get(*id) {
                sides.extend([a.from.element(), a.to.element()].into_iter().flatten());
            }
        }
        sides.sort_unstable();
        sides.dedup();
        for b in sides {
            for id in self.arrows_of(b) {
                if let Some(Element::Arrow(a)) = board.get(id)
                    && a.routing != Routing::Straight
                {
                    arrows.push(id);
                }
            }
        }
        arrows.sort_unstable();
        arrows.dedup();
        for id in &arrows {
            self.unplace(*id);
        }
        // Every arrow on a box is known before any is routed.
        for id in &arrows {
            if let Some(Element::Arrow(a)) = board.get(*id) {
                for end in [a.from.element(), a.to.element()].into_iter().flatten() {
                    self.attached.entry(end).or_default().insert(a.id);
                }
            }
        }
        for id in arrows {
            if let Some(e) = board.get(id) {
                self.place(board, e);
            }
        }
    }

    fn unplace(&mut self, id: ElementId) {
        let Some(p) = self.placed.remove(&id) else {
            return;
        };
        self.entries -= p.cells.len();
        for c in &p.cells {
            if let Some(list) = self.cells.get_mut(c) {
                list.retain(|x| *x != id);
                if list.is_empty() {
                    self.cells.remove(c);
                }
            }
        }
        self.big.remove(&id);
        if p.obstacle {
            let mut cells = Vec::new();
            if cells_of_rect(&p.bounds, &mut cells) {
                for c in &cells {
                    if let Some(list) = self.obstacle_cells.get_mut(c) {
                        list.retain(|(x, _)| *x != id);
                        if list.is_empty() {
                            self.obstacle_cells.remove(c);
                        }
                    }
                }
            } else {
                self.big_obstacles.retain(|(x, _)| *x != id);
            }
        }
        for end in p.ends.into_iter().flatten() {
            if let Some(set) = self.attached.get_mut(&end) {
                set.remove(&id);
                if set.is_empty() {
                    self.attached.remove(&end);
                }
            }
        }
    }

    /// An arrow's path routed around the boxes placed now.
    fn route_arrow(&self, board: &Board, a: &crate::model::Arrow) -> Option<Vec<Point>> {
        if a.routing == Routing::Straight {
            return board.arrow_points(a).map(|(p, q)| vec![p, q]);
        }
        let rect_of = |id| board.get(id).and_then(Element::rect);
        let shifts = board.port_shifts(a, rect_of, |id| self.arrows_of(id));
        board.arrow_path_with(a, rect_of, |area| self.obstacles(area), shifts)
    }

    fn place(&mut self, board: &Board, e: &Element) {
        let path = match e {
            Element::Arrow(a) => self.route_arrow(board, a),
            _ => None,
        };
        self.place_with(e, path);
    }

    /// Places `e`; for an arrow, along `path` (routed beforehand).
    fn place_with(&mut self, e: &Element, path: Option<Vec<Point>>) {
        let id = e.id();
        let mut cells = Vec::new();
        let (bounds, ends, fits) = match e {
            Element::Arrow(a) => {
                let ends = [a.from.element(), a.to.element()];
                for end in ends.into_iter().flatten() {
                    self.attached.entry(end).or_default().insert(id);
                }
                if a.routing != Routing::Straight {
                    self.routed += 1;
                }
                let Some(path) = path else {
                    // Dangling: nothing to draw, but remember the ends.
                    self.placed.insert(
                        id,
                        Placement {
                            cells,
                            bounds: Rect::from_two_points(Point::default(), Point::default()),
                            ends,
                            path: Vec::new(),
                            obstacle: false,
                        },
                    );
                    return;
                };
                // Room for the arrowhead and a label at the middle.
                let bounds = bounds_of(&path).expand(12.0);
                let mut fits = path
                    .windows(2)
                    .all(|w| cells_of_segment(w[0], w[1], &mut cells));
                cells.sort_unstable();
                cells.dedup();
                if fits
                    && !a.label.is_empty()
                    && let Some((mid, _, _)) = route::label_anchor(&path)
                {
                    let label =
                        Rect::from_two_points(mid.offset(-160.0, -20.0), mid.offset(160.0, 20.0));
                    fits = cells_of_rect(&label, &mut cells);
                    cells.sort_unstable();
                    cells.dedup();
                }
                self.place_cells(id, bounds, ends, fits, cells, path);
                return;
            }
            Element::Ink(i) => {
                let r = i.bounds();
                let fits = cells_of_rect(&r, &mut cells);
                (r, [None, None], fits)
            }
            other => {
                let Some(r) = other.rect() else { return };
                // Frames draw their title above the top edge.
                let r = if let Element::Frame(f) = other {
                    Rect {
                        min: r.min.offset(0.0, -f.title_height() - 2.0),
                        max: r.max,
                    }
                } else {
                    r
                };
                let fits = cells_of_rect(&r, &mut cells);
                (r, [None, None], fits)
            }
        };
        self.place_cells(id, bounds, ends, fits, cells, Vec::new());
        if super::board::is_obstacle(e)
            && let Some(r) = e.rect()
            && let Some(p) = self.placed.get_mut(&id)
        {
            // Frames are not obstacles, so `bounds` is the box itself.
            p.obstacle = true;
            let mut cells = Vec::new();
            if cells_of_rect(&r, &mut cells) {
                for c in cells {
                    self.obstacle_cells.entry(c).or_default().push((id, r));
                }
            } else {
                self.big_obstacles.push((id, r));
            }
        }
    }

    fn place_cells(
        &mut self,
        id: ElementId,
        bounds: Rect,
        ends: [Option<ElementId>; 2],
        fits: bool,
        mut cells: Vec<Cell>,
        path: Vec<Point>,
    ) {
        if fits {
            self.entries += cells.len();
            for c in &cells {
                self.cells.entry(*c).or_default().push(id);
            }
        } else {
            cells.clear();
            self.big.insert(id);
        }
        self.extent = Some(self.extent.map_or(bounds, |e| e.union(&bounds)));
        self.placed.insert(
            id,
            Placement {
                cells,
                bounds,
                ends,
                path,
                obstacle: false,
            },
        );
    }

    /// About how many entries a [`SpatialIndex::query`] of `rect` reads:
    /// the cells it covers times the average entries per cell. Callers
    /// compare it with the board size to choose between querying and
    /// walking the whole board.
    #[must_use]
    pub fn query_cost(&self, rect: &Rect) -> usize {
        if self.cells.is_empty() {
            return 0;
        }
        let w = f64::from((rect.width() / CELL).ceil() + 1.0);
        let h = f64::from((rect.height() / CELL).ceil() + 1.0);
        let covered = (w * h).min(self.cells.len() as f64);
        let per_cell = self.entries as f64 / self.cells.len() as f64;
        (covered * per_cell) as usize + self.big.len()
    }

    /// A rectangle holding everything indexed (possibly larger).
    #[must_use]
    pub fn extent(&self) -> Option<Rect> {
        self.extent
    }

    /// Ids of the elements whose bounds may meet `rect` (a superset; no
    /// duplicates, in no particular order).
    #[must_use]
    pub fn query(&self, rect: &Rect) -> Vec<ElementId> {
        let mut out: Vec<ElementId> = Vec::new();
        let mut cells = Vec::new();
        if cells_of_rect(rect, &mut cells) && cells.len() < self.cells.len() {
            for c in &cells {
                if let Some(list) = self.cells.get(c) {
                    out.extend(list.iter().copied());
                }
            }
        } else {
            // The rect covers more cells than hold anything: scan the cells.
            for (c, list) in &self.cells {
                let cr = Rect::from_two_points(
                    Point::new(c.0 as f32 * CELL, c.1 as f32 * CELL),
                    Point::new((c.0 + 1) as f32 * CELL, (c.1 + 1) as f32 * CELL),
                );
                if cr.intersects(rect) {
                    out.extend(list.iter().copied());
                }
            }
        }
        out.extend(self.big.iter().copied());
        out.sort_unstable();
        out.dedup();
        out.retain(|id| {
            self.placed
                .get(id)
                .is_some_and(|p| p.bounds.intersects(rect))
        });
        out
    }

    /// The arrows attached to an element.
    #[must_use]
    pub fn arrows_of(&self, id: ElementId) -> Vec<ElementId> {
        self.attached
            .get(&id)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::grid_board;
    use crate::ops::Op;

    fn brute(board: &Board, rect: &Rect) -> Vec<ElementId> {
        let mut v: Vec<ElementId> = board
            .elements()
            .iter()
            .filter(|e| {
                board.element_bounds(e).is_some_and(|b| {
                    let b = if matches!(e, Element::Arrow(_)) {
                        b.expand(12.0)
                    } else {
                        b
                    };
                    b.intersects(rect)
                })
            })
            .map(Element::id)
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn query_finds_everything_a_brute_force_scan_finds() {
        let board = grid_board(400, 600, 3);
        let index = SpatialIndex::build(&board);
        for (x, y, w, h) in [
            (0.0, 0.0, 800.0, 600.0),
            (1500.0, 900.0, 300.0, 200.0),
            (-50.0, -50.0, 1e5, 1e5),
        ] {
            let r = Rect::from_pos_size(Point::new(x, y), crate::model::Size::new(w, h));
            let got = index.query(&r);
            for id in brute(&board, &r) {
                let e = board.get(id).unwrap();
                // Arrows are indexed by their segment, so a bounding-box hit
                // that the segment misses may be absent; boxes never are.
                if !matches!(e, Element::Arrow(_)) {
                    assert!(got.contains(&id), "missing {id} in {r:?}");
                }
            }
        }
    }

    #[test]
    fn moving_an_element_moves_its_arrows_in_the_index() {
        let mut board = grid_board(4, 3, 1);
        let mut index = SpatialIndex::build(&board);
        let first = board.elements()[0].clone();
        let moved = first.translated(50_000.0, 50_000.0);
        Op::Update {
            before: first.clone(),
            after: moved,
        }
        .apply(&mut board)
        .unwrap();
        index.update(&board, [first.id()]);
        let far = Rect::from_pos_size(
            Point::new(49_000.0, 49_000.0),
            crate::model::Size::new(3000.0, 3000.0),
        );
        let hits = index.query(&far);
        assert!(hits.contains(&first.id()));
        for a in index.arrows_of(first.id()) {
            assert!(
                index.bounds(a).unwrap().max.x > 40_000.0,
                "arrow {a} followed its element"
            );
        }
        // Removing it takes it out.
        let op = Op::remove(&board, &[first.id()]);
        op.apply(&mut board).unwrap();
        index.update(&board, [first.id()]);
        assert!(!index.query(&far).contains(&first.id()));
    }
}
