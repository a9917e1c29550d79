//! Plain 2-D geometry in board coordinates: points, sizes, rectangles and sides.
//!
//! Kept free of egui so the model, the file format and the CLI share it; the
//! app converts to `egui::Pos2` at the edge.

use serde::{Deserialize, Serialize};

/// The largest coordinate magnitude a board may hold (+-1e7 board units).
///
/// Files with a coordinate beyond this are refused: nothing a person draws
/// needs it, and `f32` loses whole-unit precision past it.
pub const MAX_COORD: f32 = 1.0e7;

/// A point on the board, in board units (1 unit = 1 pixel at 100 % zoom).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Point {
    /// Horizontal position, growing to the right.
    pub x: f32,
    /// Vertical position, growing downwards.
    pub y: f32,
}

impl Point {
    /// A point from its coordinates.
    #[must_use]
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// This point moved by `(dx, dy)`.
    #[must_use]
    pub fn offset(self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy)
    }

    /// Distance to another point.
    #[must_use]
    pub fn distance(self, other: Self) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// A width and height in board units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Size {
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Default for Size {
    fn default() -> Self {
        Self { w: 160.0, h: 72.0 }
    }
}

impl Size {
    /// A size from width and height.
    #[must_use]
    pub const fn new(w: f32, h: f32) -> Self {
        Self { w, h }
    }
}

/// An axis-aligned rectangle given by its top-left and bottom-right corners.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    #[must_use]
    pub fn from_pos_size(pos: Point, size: Size) -> Self {
        Self {
            min: pos,
            max: Point::new(pos.x + size.w, pos.y + size.h),
        }
    }

    /// The smallest rectangle holding both points.
    #[must_use]
    pub fn from_two_points(a: Point, b: Point) -> Self {
        Self {
            min: Point::new(a.x.min(b.x), a.y.min(b.y)),
            max: Point::new(a.x.max(b.x), a.y.max(b.y)),
        }
    }

    /// Width.
    #[must_use]
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    #[must_use]
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// Centre point.
    #[must_use]
    pub fn center(&self) -> Point {
        Point::new(
            (self.min.x + self.max.x) * 0.5,
            (self.min.y + self.max.y) * 0.5,
        )
    }

    /// Whether `p` lies inside or on the border.
    #[must_use]
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// Whether `other` lies wholly inside this rectangle.
    #[must_use]
    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.contains(other.min) && self.contains(other.max)
    }

    /// Whether the two rectangles overlap (touching counts).
    #[must_use]
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    /// The smallest rectangle holding both.
    #[must_use]
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// This rectangle grown by `d` on every side.
    #[must_use]
    pub fn expand(&self, d: f32) -> Rect {
        Rect {
            min: self.min.offset(-d, -d),
            max: self.max.offset(d, d),
        }
    }

    /// The middle of the given side.
    #[must_use]
    pub fn side_midpoint(&self, side: Side) -> Point {
        let c = self.center();
        match side {
            Side::Top => Point::new(c.x, self.min.y),
            Side::Bottom => Point::new(c.x, self.max.y),
            Side::Left => Point::new(self.min.x, c.y),
            Side::Right => Point::new(self.max.x, c.y),
            Side::Auto => c,
        }
    }

    /// Where the segment from the centre towards `toward` leaves the rectangle.
    ///
    /// Used for arrows attached with [`Side::Auto`]: the arrow touches the
    /// border on the line between the two element centres.
    #[must_use]
    pub fn border_point_toward(&self, toward: Point) -> Point {
        let c = self.center();
        let dx = toward.x - c.x;
        let dy = toward.y - c.y;
        let hw = self.width() * 0.5;
        let hh = self.height() * 0.5;
        if dx.abs() < f32::EPSILON && dy.abs() < f32::EPSILON {
            return c;
        }
        // Scale the direction so that it just reaches the nearer border.
        let sx = if dx.abs() > f32::EPSILON {
            hw / dx.abs()
        } else {
            f32::INFINITY
        };
        let sy = if dy.abs() > f32::EPSILON {
            hh / dy.abs()
        } else {
            f32::INFINITY
        };
        let s = sx.min(sy);
        Point::new(c.x + dx * s, c.y + dy * s)
    }
}

/// The side of an element that an arrow end is attached to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// Whichever point of the border faces the other end (the usual choice).
    #[default]
    Auto,
    /// Middle of the top edge.
    Top,
    /// Middle of the right edge.
    Right,
    /// Middle of the bottom edge.
    Bottom,
    /// Middle of the left edge.
    Left,
}

/// Whether a coordinate is finite and within [`MAX_COORD`].
#[must_use]
pub fn coord_ok(v: f32) -> bool {
    v.is_finite() && v.abs() <= MAX_COORD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_point_lies_on_the_border() {
        let r = Rect::from_pos_size(Point::new(0.0, 0.0), Size::new(100.0, 50.0));
        assert_eq!(
            r.border_point_toward(Point::new(500.0, 25.0)),
            Point::new(100.0, 25.0)
        );
        assert_eq!(
            r.border_point_toward(Point::new(50.0, -300.0)),
            Point::new(50.0, 0.0)
        );
        assert_eq!(r.border_point_toward(r.center()), r.center());
    }

    #[test]
    fn rect_relations() {
        let a = Rect::from_pos_size(Point::new(0.0, 0.0), Size::new(10.0, 10.0));
        let b = Rect::from_pos_size(Point::new(5.0, 5.0), Size::new(10.0, 10.0));
        let c = Rect::from_pos_size(Point::new(20.0, 20.0), Size::new(1.0, 1.0));
        assert!(a.intersects(&b));
        assert!(!a.intersects(&c));
        assert!(a.union(&c).contains_rect(&c));
        assert!(!a.contains_rect(&b));
    }
}
