//! What is under the pointer: elements (topmost first), boxes to connect
//! to, and the handles of the selection (resize, connect, arrow ends).
//! Pure geometry over the board, its spatial index and the view, so it is
//! testable without a window.

use egui::{CursorIcon, Pos2, Rect, Vec2};

use super::super::view::View;
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, Element, ElementId, Point, Selection, Side};

/// Distance of connect handles outside the box edge (screen points).
pub const CONNECT_OFFSET: f32 = 16.0;
/// Radius of connect handles (screen points).
pub const CONNECT_RADIUS: f32 = 6.0;
/// Half size of resize handles (screen points).
pub const HANDLE_HALF: f32 = 4.5;
/// Below this zoom the connect handles are hidden (boxes are too small).
pub const CONNECT_MIN_ZOOM: f32 = 0.2;

/// Which resize handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    /// Top-left corner.
    NW,
    /// Top edge.
    N,
    /// Top-right corner.
    NE,
    /// Right edge.
    E,
    /// Bottom-right corner.
    SE,
    /// Bottom edge.
    S,
    /// Bottom-left corner.
    SW,
    /// Left edge.
    W,
}

impl Handle {
    /// All eight, clockwise from the top-left corner.
    pub const ALL: [Handle; 8] = [
        Handle::NW,
        Handle::N,
        Handle::NE,
        Handle::E,
        Handle::SE,
        Handle::S,
        Handle::SW,
        Handle::W,
    ];

    /// Where on the rect (fractions of width and height).
    #[must_use]
    pub fn anchor(self) -> (f32, f32) {
        match self {
            Handle::NW => (0.0, 0.0),
            Handle::N => (0.5, 0.0),
            Handle::NE => (1.0, 0.0),
            Handle::E => (1.0, 0.5),
            Handle::SE => (1.0, 1.0),
            Handle::S => (0.5, 1.0),
            Handle::SW => (0.0, 1.0),
            Handle::W => (0.0, 0.5),
        }
    }

    /// The mouse cursor over this handle.
    #[must_use]
    pub fn cursor(self) -> CursorIcon {
        match self {
            Handle::NW | Handle::SE => CursorIcon::ResizeNwSe,
            Handle::NE | Handle::SW => CursorIcon::ResizeNeSw,
            Handle::N | Handle::S => CursorIcon::ResizeVertical,
            Handle::E | Handle::W => CursorIcon::ResizeHorizontal,
        }
    }
}

/// Distance from `p` to the segment `a`-`b`.
#[must_use]
pub fn dist_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0);
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

/// The board as seen through the canvas this frame, for asking what is
/// where.
#[derive(Clone, Copy)]
pub struct Probe<'a> {
    /// The board.
    pub board: &'a Board,
    /// Its spatial index (current).
    pub index: &'a SpatialIndex,
    /// Pan and zoom.
    pub view: &'a View,
    /// The canvas on screen.
    pub canvas: Rect,
}

impl Probe<'_> {
    /// Board point to screen point.
    #[must_use]
    pub fn to_screen(&self, p: Point) -> Pos2 {
        self.view.to_screen(self.canvas.min, p)
    }

    /// Screen point to board point.
    #[must_use]
    pub fn to_board(&self, s: Pos2) -> Point {
        self.view.to_board(self.canvas.min, s)
    }

    /// An arrow's path as drawn (routed, from the index).
    fn arrow_path(&self, a: &model::Arrow) -> Option<std::borrow::Cow<'_, [Point]>> {
        match self.index.path(a.id) {
            Some(p) => Some(std::borrow::Cow::Borrowed(p)),
            None => self.board.arrow_path(a).map(std::borrow::Cow::Owned),
        }
    }

    /// Elements under a board point, topmost first.
    #[must_use]
    pub fn hits(&self, p: Point) -> Vec<ElementId> {
        let tol = 6.0 / self.view.zoom;
        let probe = model::Rect::from_two_points(p.offset(-tol, -tol), p.offset(tol, tol));
        let mut cands = self.index.query(&probe);
        cands.sort_by_key(|id| std::cmp::Reverse(self.board.elements.index_of(*id)));
        cands
            .into_iter()
            .filter(|id| {
                let Some(e) = self.board.get(*id) else {
                    return false;
                };
                if e.locked() {
                    // Locked: the canvas looks through it.
                    return false;
                }
                match e {
                    Element::Ink(i) => {
                        let pts: Vec<Point> = i.board_points().collect();
                        let reach = tol + i.width * 0.5;
                        match pts.as_slice() {
                            [one] => one.distance(p) <= reach,
                            _ => pts
                                .windows(2)
                                .any(|w| dist_to_segment(p, w[0], w[1]) <= reach),
                        }
                    }
                    Element::Arrow(a) => self.arrow_path(a).is_some_and(|path| {
                        path.windows(2)
                            .any(|w| dist_to_segment(p, w[0], w[1]) <= tol)
                    }),
                    Element::Frame(f) => {
                        let r = model::Rect::from_pos_size(f.pos, f.size);
                        let title = model::Rect::from_two_points(
                            f.pos.offset(0.0, -f.title_height()),
                            f.pos.offset(f.size.w.min(320.0), 0.0),
                        );
                        let on_border = r.expand(tol).contains(p) && !r.expand(-tol).contains(p);
                        title.contains(p) || on_border
                    }
                    other => other.rect().is_some_and(|r| r.contains(p)),
                }
            })
            .collect()
    }

    /// The topmost element at a board point.
    #[must_use]
    pub fn hit(&self, p: Point) -> Option<ElementId> {
        self.hits(p).into_iter().next()
    }

    /// The topmost box-like element at a point, other than `except`.
    #[must_use]
    pub fn hit_box(&self, p: Point, except: Option<ElementId>) -> Option<ElementId> {
        let mut cands = self.index.query(&model::Rect::from_two_points(p, p));
        cands.sort_by_key(|id| std::cmp::Reverse(self.board.elements.index_of(*id)));
        cands.into_iter().find(|id| {
            Some(*id) != except
                && self.board.get(*id).is_some_and(|e| {
                    !matches!(e, Element::Arrow(_)) && e.rect().is_some_and(|r| r.contains(p))
                })
        })
    }

    /// The one selected element, when it is a box.
    #[must_use]
    pub fn single_box_selected(&self, selection: &Selection) -> Option<ElementId> {
        selection
            .single()
            .filter(|id| self.board.get(*id).is_some_and(|e| e.rect().is_some()))
    }

    /// The screen rectangle of an element as drawn.
    #[must_use]
    pub fn element_screen_rect(&self, id: ElementId) -> Option<Rect> {
        let e = self.board.get(id)?;
        let b = self.board.element_bounds(e)?;
        Some(self.view.rect_to_screen(self.canvas.min, &b))
    }

    /// Where the connect handle on `side` of element `id` is on screen.
    #[must_use]
    pub fn connect_handle_pos(&self, id: ElementId, side: Side) -> Option<Pos2> {
        let r = self
            .view
            .rect_to_screen(self.canvas.min, &self.board.get(id)?.rect()?);
        Some(match side {
            Side::Top => Pos2::new(r.center().x, r.min.y - CONNECT_OFFSET),
            Side::Bottom => Pos2::new(r.center().x, r.max.y + CONNECT_OFFSET),
            Side::Left => Pos2::new(r.min.x - CONNECT_OFFSET, r.center().y),
            Side::Right | Side::Auto => Pos2::new(r.max.x + CONNECT_OFFSET, r.center().y),
        })
    }

    /// Where resize handle `h` of element `id` is on screen.
    #[must_use]
    pub fn resize_handle_pos(&self, id: ElementId, h: Handle) -> Option<Pos2> {
        let r = self
            .view
            .rect_to_screen(self.canvas.min, &self.board.get(id)?.rect()?);
        let (fx, fy) = h.anchor();
        Some(Pos2::new(
            r.min.x + r.width() * fx,
            r.min.y + r.height() * fy,
        ))
    }

    /// The connect handle of the single selected box under `pos`.
    #[must_use]
    pub fn connect_handle_at(&self, selection: &Selection, pos: Pos2) -> Option<(ElementId, Side)> {
        let id = self.single_box_selected(selection)?;
        if self.view.zoom < CONNECT_MIN_ZOOM {
            return None;
        }
        [Side::Top, Side::Right, Side::Bottom, Side::Left]
            .into_iter()
            .find(|s| {
                self.connect_handle_pos(id, *s)
                    .is_some_and(|h| h.distance(pos) <= CONNECT_RADIUS + 3.0)
            })
            .map(|s| (id, s))
    }

    /// The middle segments of the single selected elbow arrow (not its
    /// first or last, which leave and enter the boxes): where each one's
    /// handle is on screen, and whether the segment is vertical.
    #[must_use]
    pub fn bend_handles(&self, selection: &Selection) -> Vec<(ElementId, Pos2, bool)> {
        let Some(id) = selection.single() else {
            return Vec::new();
        };
        let Some(Element::Arrow(a)) = self.board.get(id) else {
            return Vec::new();
        };
        if a.routing != model::Routing::Elbow {
            return Vec::new();
        }
        let Some(path) = self.arrow_path(a) else {
            return Vec::new();
        };
        let n = path.len();
        if n < 4 {
            return Vec::new();
        }
        path.windows(2)
            .skip(1)
            .take(n - 3)
            .map(|w| {
                let mid = Point::new((w[0].x + w[1].x) * 0.5, (w[0].y + w[1].y) * 0.5);
                let vertical = (w[0].x - w[1].x).abs() < 1e-3;
                (id, self.to_screen(mid), vertical)
            })
            .collect()
    }

    /// The bend handle of the selected elbow arrow under `pos`.
    #[must_use]
    pub fn bend_handle_at(&self, selection: &Selection, pos: Pos2) -> Option<(ElementId, bool)> {
        self.bend_handles(selection)
            .into_iter()
            .find(|(_, at, _)| at.distance(pos) <= 8.0)
            .map(|(id, _, vertical)| (id, vertical))
    }

    /// The end handle of the single selected arrow under `pos`: `true` for
    /// the head, `false` for the tail.
    #[must_use]
    pub fn arrow_end_at(&self, selection: &Selection, pos: Pos2) -> Option<(ElementId, bool)> {
        let id = selection.single()?;
        let Some(Element::Arrow(a)) = self.board.get(id) else {
            return None;
        };
        let path = self.arrow_path(a)?;
        let (s, t) = (*path.first()?, *path.last()?);
        if self.to_screen(t).distance(pos) <= 8.0 {
            Some((id, true))
        } else if self.to_screen(s).distance(pos) <= 8.0 {
            Some((id, false))
        } else {
            None
        }
    }

    /// The resize handle of the single selected box under `pos`.
    #[must_use]
    pub fn resize_handle_at(
        &self,
        selection: &Selection,
        pos: Pos2,
    ) -> Option<(ElementId, Handle)> {
        let id = self.single_box_selected(selection)?;
        Handle::ALL
            .into_iter()
            .find(|h| {
                self.resize_handle_pos(id, *h)
                    .is_some_and(|p| (p - pos).abs().max_elem() <= HANDLE_HALF + 3.0)
            })
            .map(|h| (id, h))
    }

    /// The elements inside a marquee from `a` to `b` (board points), whole.
    #[must_use]
    pub fn inside(&self, a: Point, b: Point) -> Vec<ElementId> {
        let r = model::Rect::from_two_points(a, b);
        let mut ids: Vec<ElementId> = self
            .index
            .query(&r)
            .into_iter()
            .filter(|id| self.index.bounds(*id).is_some_and(|b| r.contains_rect(&b)))
            .filter(|id| self.board.get(*id).is_some_and(|e| !e.locked()))
            .collect();
        ids.sort_by_key(|id| self.board.elements.index_of(*id));
        ids
    }
}

/// The square a resize handle at `p` is drawn as.
#[must_use]
pub fn handle_box(p: Pos2) -> Rect {
    Rect::from_center_size(p, Vec2::splat(HANDLE_HALF * 2.0))
}
