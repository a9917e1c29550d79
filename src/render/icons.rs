//! The category icons, drawn as vector strokes so they stay sharp from 12
//! to 48 points and take any colour (white on the coloured badge on the
//! canvas and in the palette, in both themes).

use epaint::{Color32, PathShape, PathStroke, Pos2, Rect, Shape, Stroke, Vec2};

use super::painter::Painter;

/// Draws the named icon into `rect` with strokes of `color`. Unknown names
/// draw a question mark. Returns whether the name was known.
pub fn paint(painter: &mut Painter<'_, '_>, name: &str, rect: Rect, color: Color32) -> bool {
    let s = rect.width().min(rect.height());
    let o = rect.center() - Vec2::splat(s * 0.5);
    let p = |x: f32, y: f32| o + Vec2::new(x * s, y * s);
    let w = (s / 14.0).clamp(0.8, 3.5);
    let stroke = Stroke::new(w, color);
    let open_path = |pts: &[(f32, f32)]| {
        let pts: Vec<Pos2> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
        Shape::Path(PathShape::line(pts, PathStroke::new(w, color)))
    };
    let closed_path = |pts: &[(f32, f32)]| {
        let pts: Vec<Pos2> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
        Shape::Path(PathShape::closed_line(pts, PathStroke::new(w, color)))
    };
    let arc = |cx: f32, cy: f32, rx: f32, ry: f32, from: f32, to: f32| {
        let n = 16;
        let pts: Vec<Pos2> = (0..=n)
            .map(|i| {
                let t = from + (to - from) * i as f32 / n as f32;
                p(cx + rx * t.cos(), cy + ry * t.sin())
            })
            .collect();
        Shape::Path(PathShape::line(pts, PathStroke::new(w, color)))
    };
    let line = |painter: &mut Painter<'_, '_>, pts: &[(f32, f32)]| painter.add(open_path(pts));
    let closed = |painter: &mut Painter<'_, '_>, pts: &[(f32, f32)]| painter.add(closed_path(pts));
    let ellipse =
        |painter: &mut Painter<'_, '_>, cx: f32, cy: f32, rx: f32, ry: f32, from: f32, to: f32| {
            painter.add(arc(cx, cy, rx, ry, from, to));
        };
    let pi = std::f32::consts::PI;
    match name {
        "client" => {
            closed(
                painter,
                &[(0.14, 0.2), (0.86, 0.2), (0.86, 0.64), (0.14, 0.64)],
            );
            line(painter, &[(0.5, 0.64), (0.5, 0.8)]);
            line(painter, &[(0.3, 0.8), (0.7, 0.8)]);
        }
        "ingest" => {
            closed(
                painter,
                &[
                    (0.14, 0.2),
                    (0.86, 0.2),
                    (0.58, 0.52),
                    (0.58, 0.84),
                    (0.42, 0.74),
                    (0.42, 0.52),
                ],
            );
        }
        "storage" => {
            ellipse(painter, 0.5, 0.26, 0.32, 0.1, 0.0, 2.0 * pi);
            line(painter, &[(0.18, 0.26), (0.18, 0.74)]);
            line(painter, &[(0.82, 0.26), (0.82, 0.74)]);
            ellipse(painter, 0.5, 0.5, 0.32, 0.1, 0.0, pi);
            ellipse(painter, 0.5, 0.74, 0.32, 0.1, 0.0, pi);
        }
        "processing" => {
            painter.circle_stroke(p(0.5, 0.5), 0.16 * s, stroke);
            for i in 0..8 {
                let a = i as f32 * pi / 4.0;
                let (c, d) = (a.cos(), a.sin());
                line(
                    painter,
                    &[
                        (0.5 + 0.25 * c, 0.5 + 0.25 * d),
                        (0.5 + 0.37 * c, 0.5 + 0.37 * d),
                    ],
                );
            }
        }
        "labels" => {
            closed(
                painter,
                &[
                    (0.16, 0.24),
                    (0.58, 0.24),
                    (0.86, 0.5),
                    (0.58, 0.76),
                    (0.16, 0.76),
                ],
            );
            painter.circle_stroke(p(0.34, 0.5), 0.06 * s, stroke);
        }
        "features" => {
            closed(
                painter,
                &[(0.18, 0.18), (0.82, 0.18), (0.82, 0.82), (0.18, 0.82)],
            );
            for t in [0.393, 0.607] {
                line(painter, &[(t, 0.18), (t, 0.82)]);
                line(painter, &[(0.18, t), (0.82, t)]);
            }
        }
        "training" => {
            line(painter, &[(0.18, 0.16), (0.18, 0.82), (0.86, 0.82)]);
            line(
                painter,
                &[
                    (0.28, 0.24),
                    (0.38, 0.46),
                    (0.5, 0.6),
                    (0.64, 0.67),
                    (0.82, 0.7),
                ],
            );
        }
        "registry" => {
            closed(
                painter,
                &[(0.14, 0.2), (0.86, 0.2), (0.86, 0.36), (0.14, 0.36)],
            );
            closed(
                painter,
                &[(0.2, 0.36), (0.8, 0.36), (0.8, 0.82), (0.2, 0.82)],
            );
            line(painter, &[(0.4, 0.5), (0.6, 0.5)]);
        }
        "serving" => {
            closed(
                painter,
                &[(0.16, 0.18), (0.84, 0.18), (0.84, 0.45), (0.16, 0.45)],
            );
            closed(
                painter,
                &[(0.16, 0.55), (0.84, 0.55), (0.84, 0.82), (0.16, 0.82)],
            );
            painter.circle_filled(p(0.3, 0.315), w * 0.9, color);
            painter.circle_filled(p(0.3, 0.685), w * 0.9, color);
            line(painter, &[(0.46, 0.315), (0.72, 0.315)]);
            line(painter, &[(0.46, 0.685), (0.72, 0.685)]);
        }
        "retrieval" => {
            painter.circle_stroke(p(0.42, 0.42), 0.23 * s, stroke);
            line(painter, &[(0.59, 0.59), (0.84, 0.84)]);
        }
        "cache" => {
            closed(
                painter,
                &[
                    (0.58, 0.12),
                    (0.26, 0.56),
                    (0.48, 0.56),
                    (0.4, 0.88),
                    (0.74, 0.42),
                    (0.52, 0.42),
                ],
            );
        }
        "experiment" => {
            line(painter, &[(0.36, 0.16), (0.64, 0.16)]);
            line(
                painter,
                &[
                    (0.42, 0.16),
                    (0.42, 0.42),
                    (0.18, 0.84),
                    (0.82, 0.84),
                    (0.58, 0.42),
                    (0.58, 0.16),
                ],
            );
            line(painter, &[(0.3, 0.64), (0.7, 0.64)]);
        }
        "monitoring" => {
            line(
                painter,
                &[
                    (0.08, 0.56),
                    (0.3, 0.56),
                    (0.4, 0.26),
                    (0.54, 0.8),
                    (0.64, 0.46),
                    (0.92, 0.46),
                ],
            );
        }
        "infrastructure" => {
            closed(
                painter,
                &[(0.5, 0.18), (0.86, 0.36), (0.5, 0.54), (0.14, 0.36)],
            );
            line(painter, &[(0.14, 0.5), (0.5, 0.68), (0.86, 0.5)]);
            line(painter, &[(0.14, 0.64), (0.5, 0.82), (0.86, 0.64)]);
        }
        "custom" => {
            closed(painter, &[(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8)]);
            line(painter, &[(0.5, 0.34), (0.5, 0.66)]);
            line(painter, &[(0.34, 0.5), (0.66, 0.5)]);
        }
        _ => {
            painter.text(
                rect.center(),
                epaint::emath::Align2::CENTER_CENTER,
                "?",
                epaint::FontId::proportional(s * 0.8),
                color,
            );
            return false;
        }
    }
    true
}

/// A round badge in `fill` with the icon in white, as components show it.
pub fn badge(painter: &mut Painter<'_, '_>, name: &str, center: Pos2, radius: f32, fill: Color32) {
    painter.circle_filled(center, radius, fill);
    let r = Rect::from_center_size(center, Vec2::splat(radius * 1.35));
    paint(painter, name, r, Color32::WHITE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_icon_is_drawn() {
        let mut fonts = crate::render::fonts();
        let mut view = fonts.with_pixels_per_point(1.0);
        let r = Rect::from_min_size(Pos2::ZERO, Vec2::splat(24.0));
        let mut painter = Painter::new(&mut view, r);
        for name in crate::model::ICONS {
            let before = painter.len();
            assert!(
                paint(&mut painter, name, r, Color32::WHITE),
                "icon {name} is not known"
            );
            assert!(painter.len() > before, "icon {name} draws nothing");
        }
        assert!(!paint(&mut painter, "no-such-icon", r, Color32::WHITE));
    }
}
