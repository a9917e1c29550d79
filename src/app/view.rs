//! The canvas view: pan offset and zoom, and conversions between board and
//! screen coordinates.

use egui::{Pos2, Rect, Vec2};

use crate::model::{self, Point};

/// Smallest and largest zoom.
pub const MIN_ZOOM: f32 = 0.02;
/// Largest zoom.
pub const MAX_ZOOM: f32 = 8.0;

/// Zoom per wheel notch with Ctrl held: 10 %, as in Excalidraw (egui's
/// own Ctrl+scroll zoom takes about 50 % a notch).
pub const WHEEL_ZOOM_STEP: f32 = 1.1;

/// How much this frame's input zooms by: Ctrl+wheel notches at
/// [`WHEEL_ZOOM_STEP`] each (a notch is a line, or 50 points of a
/// smooth wheel), a trackpad pinch by its own factor.
#[must_use]
pub fn zoom_factor(events: &[egui::Event]) -> f32 {
    let mut factor = 1.0f32;
    for e in events {
        match e {
            egui::Event::MouseWheel {
                unit,
                delta,
                modifiers,
                ..
            } if modifiers.command || modifiers.ctrl => {
                let notches = match unit {
                    egui::MouseWheelUnit::Line => delta.y,
                    egui::MouseWheelUnit::Point => delta.y / 50.0,
                    egui::MouseWheelUnit::Page => delta.y * 3.0,
                };
                factor *= WHEEL_ZOOM_STEP.powf(notches.clamp(-10.0, 10.0));
            }
            egui::Event::Zoom(f) if f.is_finite() && *f > 0.0 => factor *= f,
            _ => {}
        }
    }
    factor
}

/// How the board is shown: `screen = origin + offset + board * zoom`, where
/// `origin` is the canvas's top-left corner on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Where board (0, 0) is, relative to the canvas's top-left corner.
    pub offset: Vec2,
    /// Screen points per board unit.
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        Self {
            offset: Vec2::new(80.0, 80.0),
            zoom: 1.0,
        }
    }
}

impl View {
    /// Board point to screen point.
    #[must_use]
    pub fn to_screen(&self, origin: Pos2, p: Point) -> Pos2 {
        origin + self.offset + Vec2::new(p.x, p.y) * self.zoom
    }

    /// Board rectangle to screen rectangle.
    #[must_use]
    pub fn rect_to_screen(&self, origin: Pos2, r: &model::Rect) -> Rect {
        Rect::from_min_max(self.to_screen(origin, r.min), self.to_screen(origin, r.max))
    }

    /// Screen point to board point.
    #[must_use]
    pub fn to_board(&self, origin: Pos2, s: Pos2) -> Point {
        let v = (s - origin - self.offset) / self.zoom;
        Point::new(v.x, v.y)
    }

    /// The board rectangle visible in a canvas of this screen rect.
    #[must_use]
    pub fn visible(&self, canvas: Rect) -> model::Rect {
        model::Rect::from_two_points(
            self.to_board(canvas.min, canvas.min),
            self.to_board(canvas.min, canvas.max),
        )
    }

    /// Zooms by `factor`, keeping the board point under `screen_pt` in place.
    pub fn zoom_around(&mut self, origin: Pos2, screen_pt: Pos2, factor: f32) {
        let before = self.to_board(origin, screen_pt);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_screen(origin, before);
        self.offset += screen_pt - after;
    }

    /// Shows all of `bounds` in the canvas, with a margin, at most at 100 %.
    pub fn fit(&mut self, canvas: Rect, bounds: &model::Rect) {
        let margin = 40.0;
        let w = bounds.width().max(1.0);
        let h = bounds.height().max(1.0);
        let zx = (canvas.width() - 2.0 * margin).max(10.0) / w;
        let zy = (canvas.height() - 2.0 * margin).max(10.0) / h;
        self.zoom = zx.min(zy).clamp(MIN_ZOOM, 1.0);
        let c = bounds.center();
        self.offset = canvas.size() * 0.5 - Vec2::new(c.x, c.y) * self.zoom;
    }

    /// The board point at the centre of the canvas.
    #[must_use]
    pub fn center(&self, canvas: Rect) -> Point {
        self.to_board(canvas.min, canvas.center())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wheel(unit: egui::MouseWheelUnit, y: f32) -> egui::Event {
        egui::Event::MouseWheel {
            unit,
            delta: egui::vec2(0.0, y),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::COMMAND,
        }
    }

    /// Issue #17: five notches zoom 1.1^5 (about 1.6x), not 21 % to 159 %.
    #[test]
    fn ctrl_wheel_zooms_ten_percent_a_notch() {
        let five: Vec<egui::Event> = (0..5)
            .map(|_| wheel(egui::MouseWheelUnit::Line, 1.0))
            .collect();
        assert!((zoom_factor(&five) - 1.1f32.powi(5)).abs() < 1e-4);
        let smooth = [wheel(egui::MouseWheelUnit::Point, 250.0)];
        assert!((zoom_factor(&smooth) - 1.1f32.powi(5)).abs() < 1e-4);
        let back = [wheel(egui::MouseWheelUnit::Line, -1.0)];
        assert!((zoom_factor(&back) - 1.0 / 1.1).abs() < 1e-4);
        // A plain wheel pans, it does not zoom.
        let plain = [egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, 3.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        }];
        assert!((zoom_factor(&plain) - 1.0).abs() < 1e-6);
        assert!((zoom_factor(&[egui::Event::Zoom(1.02)]) - 1.02).abs() < 1e-6);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let mut v = View::default();
        let origin = Pos2::new(10.0, 20.0);
        let s = Pos2::new(300.0, 200.0);
        let before = v.to_board(origin, s);
        v.zoom_around(origin, s, 1.7);
        let after = v.to_board(origin, s);
        assert!((before.x - after.x).abs() < 1e-3 && (before.y - after.y).abs() < 1e-3);
        assert!((v.zoom - 1.7).abs() < 1e-6);
    }
}
