//! Arrow paths: straight, curved, and orthogonal ("elbow") arrows routed
//! around boxes.
//!
//! The elbow router follows orthogonal connector routing (Wybrow, Marriott
//! and Stuckey, "Orthogonal connector routing", 2009) in its plain grid
//! form. Every box near the route is pushed out by [`MARGIN`]; the
//! candidate lines are those pushed-out sides, the lines through both ports
//! and the line midway between them. A node sits at every crossing outside
//! every box, and A* over (node, heading) finds the path with the least
//! length plus [`BEND`] per turn. As in Excalidraw's elbow arrows, an end
//! on a box leaves it square to its side.
//!
//! Boxes are asked for around the two ends first; when the path meets a box
//! that was not asked about, that box joins and the route is found again.
//! A route so looks at the few boxes near it, not at the whole board.

use serde::{Deserialize, Serialize};

use super::geometry::{Point, Rect, Side};

/// How far a route keeps from boxes, in board units.
pub const MARGIN: f32 = 16.0;
/// What a turn costs, in board units of length: a path with one bend fewer
/// wins over one up to this much shorter.
pub const BEND: f32 = 40.0;
/// How many times a route is found again with the boxes it met.
const MAX_ROUNDS: usize = 16;
/// Up to this many boxes around the ends are known from the start.
const FIRST_BOXES: usize = 24;
/// Above this many grid nodes the router stops and keeps its last path
/// (hundreds of boxes between two ends).
const MAX_NODES: usize = 60_000;
/// Points a curved arrow is drawn with.
const CURVE_POINTS: usize = 24;

/// How an arrow runs from its tail to its head.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Routing {
    /// One straight line (boards written before routing existed).
    #[default]
    Straight,
    /// Horizontal and vertical segments around boxes.
    Elbow,
    /// A smooth curve leaving and entering square to the sides.
    Curved,
}

impl Routing {
    /// Whether this is the default, straight routing (left out of files).
    #[must_use]
    pub fn is_straight(&self) -> bool {
        *self == Routing::Straight
    }

    /// The name shown in menus.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Routing::Straight => "Straight",
            Routing::Elbow => "Elbow",
            Routing::Curved => "Curved",
        }
    }

    /// All routings, in menu order.
    pub const ALL: [Routing; 3] = [Routing::Elbow, Routing::Straight, Routing::Curved];
}

/// A middle segment the user placed by hand: vertical at `x = at`, or
/// horizontal at `y = at`. An elbow with a bend runs out of its start
/// square, along this line, and into its end square.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bend {
    /// A vertical segment (else horizontal).
    pub vertical: bool,
    /// Where the segment runs.
    pub at: f32,
}

/// An elbow held to the user's bend: out of the start square, across to
/// the bend's line, along it, across to the end, in square.
#[must_use]
pub fn bent(from: Port, to: Port, bend: Bend) -> Vec<Point> {
    let s = offset(from.at, from.dir, MARGIN);
    let t = offset(to.at, to.dir, MARGIN);
    let mut pts = vec![from.at, s];
    if bend.vertical {
        pts.push(Point::new(bend.at, s.y));
        pts.push(Point::new(bend.at, t.y));
    } else {
        pts.push(Point::new(s.x, bend.at));
        pts.push(Point::new(t.x, bend.at));
    }
    pts.push(t);
    pts.push(to.at);
    simplify(pts)
}

/// A heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Towards smaller y.
    Up,
    /// Towards larger y.
    Down,
    /// Towards smaller x.
    Left,
    /// Towards larger x.
    Right,
}

impl Dir {
    const ALL: [Dir; 4] = [Dir::Up, Dir::Down, Dir::Left, Dir::Right];

    fn step(self) -> (f32, f32) {
        match self {
            Dir::Up => (0.0, -1.0),
            Dir::Down => (0.0, 1.0),
            Dir::Left => (-1.0, 0.0),
            Dir::Right => (1.0, 0.0),
        }
    }

    fn opposite(self) -> Dir {
        match self {
            Dir::Up => Dir::Down,
            Dir::Down => Dir::Up,
            Dir::Left => Dir::Right,
            Dir::Right => Dir::Left,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The heading out of a side; `None` for [`Side::Auto`].
    #[must_use]
    pub fn out_of(side: Side) -> Option<Dir> {
        match side {
            Side::Top => Some(Dir::Up),
            Side::Bottom => Some(Dir::Down),
            Side::Left => Some(Dir::Left),
            Side::Right => Some(Dir::Right),
            Side::Auto => None,
        }
    }

    fn side(self) -> Side {
        match self {
            Dir::Up => Side::Top,
            Dir::Down => Side::Bottom,
            Dir::Left => Side::Left,
            Dir::Right => Side::Right,
        }
    }
}

/// Where an arrow end is, before routing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum End {
    /// A free point.
    Free(Point),
    /// On a box's side (`Auto`: the side facing the other end), this far
    /// from the side's middle along it (arrows sharing a side spread out).
    Box(Rect, Side, f32),
}

impl End {
    /// A box end on a side's middle.
    #[must_use]
    pub fn on(rect: Rect, side: Side) -> Self {
        End::Box(rect, side, 0.0)
    }

    /// The free point, or the box's centre.
    #[must_use]
    pub fn center(&self) -> Point {
        match self {
            End::Free(p) => *p,
            End::Box(r, _, _) => r.center(),
        }
    }
}

/// The heading out of the box an end is on (the side facing `other` when
/// the side is `Auto`); `None` for a free end.
#[must_use]
pub fn side_dir(end: &End, other: &End) -> Option<Dir> {
    match end {
        End::Free(_) => None,
        End::Box(r, side, _) => Some(Dir::out_of(*side).unwrap_or_else(|| facing_dir(r, other))),
    }
}

/// Whether a side runs along x (top and bottom) rather than y.
#[must_use]
pub fn along_x(dir: Dir) -> bool {
    matches!(dir, Dir::Up | Dir::Down)
}

/// How far apart the ends of arrows sharing a side sit, at most.
pub const PORT_GAP: f32 = 20.0;

/// One end of a route: where it touches, which way it leaves, and the box
/// it is on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Port {
    /// The point on the box's border (or the free point).
    pub at: Point,
    /// The heading out of the box; `None` for a free end.
    pub dir: Option<Dir>,
    /// The box the end is on.
    pub rect: Option<Rect>,
}

/// The side of `r` an elbow leaves by towards `other`: the one facing it
/// across the wider gap.
fn facing_dir(r: &Rect, other: &End) -> Dir {
    let c = r.center();
    let oc = other.center();
    let (dx, dy) = (oc.x - c.x, oc.y - c.y);
    let (hgap, vgap) = match other {
        End::Box(o, _, _) => (
            (o.min.x - r.max.x).max(r.min.x - o.max.x),
            (o.min.y - r.max.y).max(r.min.y - o.max.y),
        ),
        End::Free(_) => (dx.abs() - r.width() * 0.5, dy.abs() - r.height() * 0.5),
    };
    if hgap >= vgap {
        if dx >= 0.0 { Dir::Right } else { Dir::Left }
    } else if dy >= 0.0 {
        Dir::Down
    } else {
        Dir::Up
    }
}

/// The ports of an arrow from `from` to `to` that leaves and enters boxes
/// square to their sides.
#[must_use]
pub fn ports(from: End, to: End) -> (Port, Port) {
    let port = |end: &End, other: &End| match *end {
        End::Free(p) => Port {
            at: p,
            dir: None,
            rect: None,
        },
        End::Box(r, side, shift) => {
            let dir = Dir::out_of(side).unwrap_or_else(|| facing_dir(&r, other));
            let mid = r.side_midpoint(dir.side());
            let at = if along_x(dir) {
                let room = (r.width() * 0.5 - 4.0).max(0.0);
                mid.offset(shift.clamp(-room, room), 0.0)
            } else {
                let room = (r.height() * 0.5 - 4.0).max(0.0);
                mid.offset(0.0, shift.clamp(-room, room))
            };
            Port {
                at,
                dir: Some(dir),
                rect: Some(r),
            }
        }
    };
    (port(&from, &to), port(&to, &from))
}

fn offset(p: Point, dir: Option<Dir>, by: f32) -> Point {
    match dir {
        Some(d) => {
            let (x, y) = d.step();
            p.offset(x * by, y * by)
        }
        None => p,
    }
}

/// Whether `p` lies strictly inside `r`.
fn inside(r: &Rect, p: Point) -> bool {
    p.x > r.min.x && p.x < r.max.x && p.y > r.min.y && p.y < r.max.y
}

/// Whether the axis-aligned segment `a`-`b` passes through the inside of
/// `r` (touching its border does not count).
#[must_use]
pub fn segment_enters(r: &Rect, a: Point, b: Point) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.max.x && x1 > r.min.x && y0 < r.max.y && y1 > r.min.y
}

/// Whether a path passes through the inside of `r`.
#[must_use]
pub fn path_enters(r: &Rect, path: &[Point]) -> bool {
    path.windows(2).any(|w| segment_enters(r, w[0], w[1]))
}

/// Drops repeated points and the middle of three points on one line.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_some_and(|q| (q.x - p.x).abs() < 1e-3 && (q.y - p.y).abs() < 1e-3)
        {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let same_x = (a.x - b.x).abs() < 1e-3 && (b.x - p.x).abs() < 1e-3;
            let same_y = (a.y - b.y).abs() < 1e-3 && (b.y - p.y).abs() < 1e-3;
            if same_x || same_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// An orthogonal path from `from` to `to` around the boxes `obstacles`
/// returns for an area (it may return more; the ends' own boxes are
/// recognised and kept out of the way too). The path starts and ends on
/// the ports, every segment is horizontal or vertical, and no segment
/// passes through a box the router was given, unless the ends themselves
/// sit inside one.
pub fn elbow(from: Port, to: Port, mut obstacles: impl FnMut(&Rect) -> Vec<Rect>) -> Vec<Point> {
    // Stubs: a short first and last segment square to the box. Two boxes
    // facing each other closer than two margins share the gap.
    let mut stub = MARGIN;
    if let (Some(d), Some(e)) = (from.dir, to.dir)
        && e == d.opposite()
    {
        let (x, y) = d.step();
        let gap = (to.at.x - from.at.x) * x + (to.at.y - from.at.y) * y;
        if gap > 0.0 && gap < 2.0 * MARGIN {
            stub = gap * 0.5;
        }
    }
    let s = offset(from.at, from.dir, stub);
    let t = offset(to.at, to.dir, stub);
    // Start from the boxes around the ends when they are few (most
    // arrows: the route is right first time); else from the ends' own
    // boxes, adding the boxes the path meets round by round.
    let mut known: Vec<Rect> = from.rect.into_iter().chain(to.rect).collect();
    let around = obstacles(&Rect::from_two_points(s, t).expand(MARGIN * 4.0));
    if around.len() <= FIRST_BOXES {
        for r in around {
            if !known.contains(&r) {
                known.push(r);
            }
        }
    }
    let mut path = plain_elbow(&from, &to, s, t);
    for _ in 0..MAX_ROUNDS {
        let inflated = inflate(&known, &from, &to, s, t, stub);
        let Some(mid) = grid_route(&from, &to, s, t, &inflated) else {
            return path;
        };
        let mut found = Vec::with_capacity(mid.len() + 2);
        found.push(from.at);
        found.extend(mid);
        found.push(to.at);
        path = simplify(found);
        // The boxes the path meets that the router did not know of.
        // Asked segment by segment: a long path's bounds would hold far
        // more boxes than its thin segments meet.
        let mut hits: Vec<Rect> = Vec::new();
        for w in path.windows(2) {
            let along = Rect::from_two_points(w[0], w[1]).expand(MARGIN);
            for r in obstacles(&along) {
                if !known.contains(&r)
                    && !hits.contains(&r)
                    && segment_enters(&r.expand(MARGIN * 0.5), w[0], w[1])
                {
                    hits.push(r);
                }
            }
        }
        if hits.is_empty() {
            return path;
        }
        known.extend(hits);
    }
    path
}

/// The boxes pushed out by the margin; the ends' own boxes by a little less
/// than the stub (so the stubs' ends stay outside); a box that holds a
/// stub's end is pushed out less or, holding it anyway, left out.
fn inflate(known: &[Rect], from: &Port, to: &Port, s: Point, t: Point, stub: f32) -> Vec<Rect> {
    let mut out = Vec::with_capacity(known.len());
    for r in known {
        let own = from.rect.as_ref() == Some(r) || to.rect.as_ref() == Some(r);
        let grown = if own {
            r.expand((stub - 0.5).max(0.0))
        } else {
            r.expand(MARGIN)
        };
        let holds = |q: &Rect| inside(q, s) || inside(q, t);
        if !holds(&grown) {
            out.push(grown);
        } else if !holds(r) {
            out.push(*r);
        }
    }
    out
}

/// A two-bend path that ignores boxes: the fallback.
fn plain_elbow(from: &Port, to: &Port, s: Point, t: Point) -> Vec<Point> {
    let horizontal = matches!(from.dir, Some(Dir::Left | Dir::Right))
        || (from.dir.is_none() && (t.x - s.x).abs() >= (t.y - s.y).abs());
    let mut pts = vec![from.at, s];
    if horizontal {
        let mx = (s.x + t.x) * 0.5;
        pts.push(Point::new(mx, s.y));
        pts.push(Point::new(mx, t.y));
    } else {
        let my = (s.y + t.y) * 0.5;
        pts.push(Point::new(s.x, my));
        pts.push(Point::new(t.x, my));
    }
    pts.push(t);
    pts.push(to.at);
    simplify(pts)
}

fn coords(mut v: Vec<f32>) -> Vec<f32> {
    v.retain(|x| x.is_finite());
    v.sort_by(f32::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 1e-3);
    v
}

fn index_of(v: &[f32], x: f32) -> usize {
    match v.binary_search_by(|p| p.total_cmp(&x)) {
        Ok(i) => i,
        Err(i) => {
            if i == 0 {
                0
            } else if i >= v.len() || (x - v[i - 1]).abs() <= (v[i] - x).abs() {
                i - 1
            } else {
                i
            }
        }
    }
}

/// A* over the grid of candidate lines: the points from `s` to `t`.
fn grid_route(from: &Port, to: &Port, s: Point, t: Point, boxes: &[Rect]) -> Option<Vec<Point>> {
    let mut xs = vec![s.x, t.x, (s.x + t.x) * 0.5];
    let mut ys = vec![s.y, t.y, (s.y + t.y) * 0.5];
    for r in boxes {
        xs.push(r.min.x);
        xs.push(r.max.x);
        ys.push(r.min.y);
        ys.push(r.max.y);
    }
    let xs = coords(xs);
    let ys = coords(ys);
    let (nx, ny) = (xs.len(), ys.len());
    let n = nx * ny;
    if n > MAX_NODES {
        return None;
    }
    let mut blocked = vec![false; n];
    // Edge (i, j)-(i+1, j) and edge (i, j)-(i, j+1).
    let mut block_h = vec![false; n];
    let mut block_v = vec![false; n];
    for r in boxes {
        let (i0, i1) = (index_of(&xs, r.min.x), index_of(&xs, r.max.x));
        let (j0, j1) = (index_of(&ys, r.min.y), index_of(&ys, r.max.y));
        for j in j0..=j1 {
            for i in i0..=i1 {
                let k = j * nx + i;
                let in_x = i > i0 && i < i1;
                let in_y = j > j0 && j < j1;
                if in_x && in_y {
                    blocked[k] = true;
                }
                if in_y && i < i1 {
                    block_h[k] = true;
                }
                if in_x && j < j1 {
                    block_v[k] = true;
                }
            }
        }
    }
    let start = index_of(&ys, s.y) * nx + index_of(&xs, s.x);
    let goal = index_of(&ys, t.y) * nx + index_of(&xs, t.x);
    if blocked[start] || blocked[goal] {
        return None;
    }
    let pos = |k: usize| Point::new(xs[k % nx], ys[k / nx]);
    let h = |k: usize| {
        let p = pos(k);
        (p.x - t.x).abs() + (p.y - t.y).abs()
    };
    // The cost of arriving at the goal heading `d`, then turning into the
    // end box.
    let finish = |d: Dir| match to.dir {
        None => 0.0,
        Some(td) if d == td.opposite() => 0.0,
        Some(td) if d == td => 2.0 * BEND,
        Some(_) => BEND,
    };
    let states = n * 4;
    let done = states;
    let mut dist = vec![f32::INFINITY; states + 1];
    let mut parent = vec![usize::MAX; states + 1];
    let mut heap = std::collections::BinaryHeap::new();
    let push = |heap: &mut std::collections::BinaryHeap<_>, f: f32, state: usize| {
        heap.push(std::cmp::Reverse((f.to_bits(), state)));
    };
    match from.dir {
        Some(d) => {
            let st = start * 4 + d.index();
            dist[st] = 0.0;
            push(&mut heap, h(start), st);
        }
        None => {
            for d in Dir::ALL {
                let st = start * 4 + d.index();
                dist[st] = 0.0;
                push(&mut heap, h(start), st);
            }
        }
    }
    while let Some(std::cmp::Reverse((f_bits, st))) = heap.pop() {
        if st == done {
            break;
        }
        let g = dist[st];
        if f32::from_bits(f_bits) > g + h(st / 4) + 1e-3 {
            continue; // A stale entry.
        }
        let (k, d) = (st / 4, Dir::ALL[st % 4]);
        if k == goal {
            let total = g + finish(d);
            if total < dist[done] {
                dist[done] = total;
                parent[done] = st;
                push(&mut heap, total, done);
            }
        }
        let (i, j) = (k % nx, k / nx);
        for nd in Dir::ALL {
            if nd == d.opposite() {
                continue;
            }
            let next = match nd {
                Dir::Right if i + 1 < nx && !block_h[k] => k + 1,
                Dir::Left if i > 0 && !block_h[k - 1] => k - 1,
                Dir::Down if j + 1 < ny && !block_v[k] => k + nx,
                Dir::Up if j > 0 && !block_v[k - nx] => k - nx,
                _ => continue,
            };
            if blocked[next] {
                continue;
            }
            let (a, b) = (pos(k), pos(next));
            let len = (a.x - b.x).abs() + (a.y - b.y).abs();
            let cost = g + len + if nd == d { 0.0 } else { BEND };
            let ns = next * 4 + nd.index();
            if cost < dist[ns] {
                dist[ns] = cost;
                parent[ns] = st;
                push(&mut heap, cost + h(next), ns);
            }
        }
    }
    if parent[done] == usize::MAX {
        return None;
    }
    let mut out = Vec::new();
    let mut st = parent[done];
    loop {
        out.push(pos(st / 4));
        let p = parent[st];
        if p == usize::MAX {
            break;
        }
        st = p;
    }
    out.reverse();
    Some(out)
}

/// A smooth curve between two ports, leaving and entering square to the
/// boxes' sides, as a polyline.
#[must_use]
pub fn curve(from: Port, to: Port) -> Vec<Point> {
    let reach = (from.at.distance(to.at) * 0.4).max(30.0);
    let c1 = offset(from.at, from.dir, reach);
    let c2 = offset(to.at, to.dir, reach);
    (0..=CURVE_POINTS)
        .map(|i| {
            let u = i as f32 / CURVE_POINTS as f32;
            let v = 1.0 - u;
            let (a, b, c, d) = (v * v * v, 3.0 * v * v * u, 3.0 * v * u * u, u * u * u);
            Point::new(
                a * from.at.x + b * c1.x + c * c2.x + d * to.at.x,
                a * from.at.y + b * c1.y + c * c2.y + d * to.at.y,
            )
        })
        .collect()
}

/// The path of an arrow between two ends routed as `routing` (an elbow
/// held to `bend` when the user fixed one).
pub fn path(
    routing: Routing,
    from: End,
    to: End,
    straight: (Point, Point),
    obstacles: impl FnMut(&Rect) -> Vec<Rect>,
    bend: Option<Bend>,
) -> Vec<Point> {
    match routing {
        Routing::Straight => vec![straight.0, straight.1],
        Routing::Elbow => {
            let (a, b) = ports(from, to);
            match bend {
                Some(bend) => bent(a, b, bend),
                None => elbow(a, b, obstacles),
            }
        }
        Routing::Curved => {
            let (a, b) = ports(from, to);
            curve(a, b)
        }
    }
}

/// A freehand stroke smoothed (each inner point pulled halfway to its
/// neighbours' middle) and simplified (Ramer-Douglas-Peucker: points within
/// `tolerance` of the line through their neighbours dropped), so a file
/// keeps a few dozen points per stroke, not every mouse sample.
#[must_use]
pub fn simplify_stroke(points: &[[f32; 2]], tolerance: f32) -> Vec<[f32; 2]> {
    simplify_stroke_with(points, &[], tolerance).0
}

/// [`simplify_stroke`] keeping each kept point's pressure (when `pressure`
/// has one per point; else none).
#[must_use]
pub fn simplify_stroke_with(
    points: &[[f32; 2]],
    pressure: &[f32],
    tolerance: f32,
) -> (Vec<[f32; 2]>, Vec<f32>) {
    let with_pressure = pressure.len() == points.len();
    if points.len() <= 2 {
        let p = if with_pressure {
            pressure.to_vec()
        } else {
            Vec::new()
        };
        return (points.to_vec(), p);
    }
    let mut smooth = points.to_vec();
    for i in 1..points.len() - 1 {
        for k in 0..2 {
            let mid = (points[i - 1][k] + points[i + 1][k]) * 0.5;
            smooth[i][k] = (points[i][k] + mid) * 0.5;
        }
    }
    let mut keep = vec![false; smooth.len()];
    keep[0] = true;
    keep[smooth.len() - 1] = true;
    let mut stack = vec![(0, smooth.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (pa, pb) = (smooth[a], smooth[b]);
        let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
        let len = (dx * dx + dy * dy).sqrt();
        let mut far = (0.0f32, a);
        for (i, p) in smooth.iter().enumerate().take(b).skip(a + 1) {
            let d = if len < 1e-6 {
                ((p[0] - pa[0]).powi(2) + (p[1] - pa[1]).powi(2)).sqrt()
            } else {
                ((p[0] - pa[0]) * dy - (p[1] - pa[1]) * dx).abs() / len
            };
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    let kept_pressure = if with_pressure {
        pressure
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(p, _)| (p.clamp(0.0, 1.0) * 100.0).round() / 100.0)
            .collect()
    } else {
        Vec::new()
    };
    let kept = smooth
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| [(p[0] * 10.0).round() / 10.0, (p[1] * 10.0).round() / 10.0])
        .collect();
    (kept, kept_pressure)
}

/// The middle of a path's longest segment, and that segment's ends (where
/// an elbow arrow's label goes).
#[must_use]
pub fn label_anchor(path: &[Point]) -> Option<(Point, Point, Point)> {
    let w = path
        .windows(2)
        .max_by(|a, b| a[0].distance(a[1]).total_cmp(&b[0].distance(b[1])))?;
    Some((
        Point::new((w[0].x + w[1].x) * 0.5, (w[0].y + w[1].y) * 0.5),
        w[0],
        w[1],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Size;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_pos_size(Point::new(x, y), Size::new(w, h))
    }

    fn orthogonal(path: &[Point]) -> bool {
        path.windows(2)
            .all(|w| (w[0].x - w[1].x).abs() < 1e-3 || (w[0].y - w[1].y).abs() < 1e-3)
    }

    fn route(a: Rect, b: Rect, others: &[Rect]) -> Vec<Point> {
        let all: Vec<Rect> = [a, b].iter().chain(others).copied().collect();
        let (p, q) = ports(End::on(a, Side::Auto), End::on(b, Side::Auto));
        elbow(p, q, |area| {
            all.iter().filter(|r| r.intersects(area)).copied().collect()
        })
    }

    #[test]
    fn side_by_side_boxes_get_one_straight_segment() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(300.0, 0.0, 100.0, 60.0);
        let path = route(a, b, &[]);
        assert_eq!(path, vec![Point::new(100.0, 30.0), Point::new(300.0, 30.0)]);
    }

    #[test]
    fn offset_boxes_get_a_z_with_two_bends() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(300.0, 200.0, 100.0, 60.0);
        let path = route(a, b, &[]);
        assert!(orthogonal(&path), "{path:?}");
        assert_eq!(path.len(), 4, "{path:?}");
        assert_eq!(path[0], Point::new(100.0, 30.0));
        assert_eq!(*path.last().unwrap(), Point::new(300.0, 230.0));
    }

    #[test]
    fn a_box_in_the_way_is_gone_around_with_a_margin() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(400.0, 0.0, 100.0, 60.0);
        let wall = rect(180.0, -40.0, 120.0, 140.0);
        let path = route(a, b, &[wall]);
        assert!(orthogonal(&path), "{path:?}");
        assert!(!path_enters(&wall.expand(MARGIN - 0.01), &path), "{path:?}");
        assert!(!path_enters(&a, &path) && !path_enters(&b, &path));
    }

    #[test]
    fn boxes_far_from_the_route_are_never_asked_about() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(300.0, 0.0, 100.0, 60.0);
        let mut asked: Vec<Rect> = Vec::new();
        let (p, q) = ports(End::on(a, Side::Auto), End::on(b, Side::Auto));
        elbow(p, q, |area| {
            asked.push(*area);
            Vec::new()
        });
        assert!(asked.iter().all(|r| r.max.x < 1000.0 && r.min.y > -500.0));
    }

    #[test]
    fn facing_boxes_closer_than_two_margins_share_the_gap() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(110.0, 0.0, 100.0, 60.0);
        let path = route(a, b, &[]);
        assert_eq!(path, vec![Point::new(100.0, 30.0), Point::new(110.0, 30.0)]);
    }

    #[test]
    fn explicit_sides_are_kept() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(300.0, 0.0, 100.0, 60.0);
        let (p, q) = ports(End::on(a, Side::Top), End::on(b, Side::Top));
        let path = elbow(p, q, |_| vec![a, b]);
        assert_eq!(path[0], Point::new(50.0, 0.0));
        assert_eq!(*path.last().unwrap(), Point::new(350.0, 0.0));
        assert!(orthogonal(&path));
        assert!(path[1].y < 0.0, "leaves upwards: {path:?}");
    }

    #[test]
    fn a_stroke_keeps_its_corners_and_drops_the_samples_between() {
        // A straight line sampled every unit, then a right turn.
        let mut pts: Vec<[f32; 2]> = (0..=100).map(|i| [i as f32, 0.0]).collect();
        pts.extend((1..=100).map(|i| [100.0, i as f32]));
        let s = simplify_stroke(&pts, 0.5);
        assert!(s.len() <= 6, "{s:?}");
        assert_eq!(s[0], [0.0, 0.0]);
        assert_eq!(*s.last().unwrap(), [100.0, 100.0]);
        // The corner survives (near it, after smoothing).
        assert!(
            s.iter()
                .any(|p| (p[0] - 100.0).abs() < 1.0 && p[1].abs() < 1.0)
        );
    }

    #[test]
    fn the_label_goes_on_the_longest_segment() {
        let path = [
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(10.0, 100.0),
            Point::new(20.0, 100.0),
        ];
        let (mid, _, _) = label_anchor(&path).unwrap();
        assert_eq!(mid, Point::new(10.0, 50.0));
    }

    #[test]
    fn a_curve_starts_and_ends_on_the_ports() {
        let a = rect(0.0, 0.0, 100.0, 60.0);
        let b = rect(300.0, 200.0, 100.0, 60.0);
        let (p, q) = ports(End::on(a, Side::Auto), End::on(b, Side::Auto));
        let c = curve(p, q);
        assert_eq!(c[0], p.at);
        assert!(c.last().unwrap().distance(q.at) < 1e-3);
    }
}
