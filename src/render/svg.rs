//! Writes egui shapes as SVG: rectangles, circles, paths and lines as
//! themselves, text as `<text>` with every glyph at the x position egui laid
//! it out at (so wrapping and alignment match the canvas whatever font the
//! viewer substitutes), meshes as triangles. Clip rectangles become
//! `<clipPath>`s.

use std::collections::HashMap;
use std::fmt::Write as _;

use epaint::{
    ClippedShape, ColorMode, CubicBezierShape, PathStroke, QuadraticBezierShape, RectShape,
    TextShape,
};
use epaint::{Color32, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};

/// The fonts egui draws with, then common fallbacks, then families that
/// cover other scripts (CJK, Hangul, Arabic, Hebrew, Devanagari, emoji),
/// so a viewer without the first finds the same kind of face.
const FONT_FAMILY: &str = "Ubuntu, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, \
     'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans CJK KR', 'Microsoft YaHei', \
     'PingFang SC', 'Hiragino Sans', 'Malgun Gothic', 'Noto Sans Arabic', \
     'Noto Sans Hebrew', 'Noto Sans Devanagari', 'Nirmala UI', 'Noto Color Emoji', \
     'Apple Color Emoji', 'Segoe UI Emoji', sans-serif";

/// The SVG document for `shapes` on a `size` (points) canvas.
#[must_use]
pub fn write(shapes: &[ClippedShape], size: Vec2, background: Option<Color32>) -> String {
    let mut w = Writer {
        out: String::with_capacity(shapes.len() * 120 + 512),
        clips: HashMap::new(),
        defs: String::new(),
        whole: Rect::from_min_size(Pos2::ZERO, size),
    };
    if let Some(bg) = background {
        w.out.push_str(&format!(
            "<rect width=\"{}\" height=\"{}\"{}/>\n",
            num(size.x),
            num(size.y),
            fill(bg)
        ));
    }
    for s in shapes {
        w.clipped(s.clip_rect, &s.shape);
    }
    let mut doc = String::with_capacity(w.out.len() + w.defs.len() + 400);
    let _ = write!(
        doc,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\">\n\
         <!-- Made by MLSD Board -->\n",
        w = num(size.x),
        h = num(size.y),
    );
    if !w.defs.is_empty() {
        doc.push_str("<defs>\n");
        doc.push_str(&w.defs);
        doc.push_str("</defs>\n");
    }
    doc.push_str(&w.out);
    doc.push_str("</svg>\n");
    doc
}

struct Writer {
    out: String,
    /// Clip rectangle (as bits) to its clipPath id.
    clips: HashMap<[u32; 4], usize>,
    defs: String,
    whole: Rect,
}

/// A number with at most two decimals and no trailing zeros.
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// `#rrggbb` and the opacity of a (premultiplied) colour.
fn rgb(c: Color32) -> (String, f32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    (format!("#{r:02x}{g:02x}{b:02x}"), f32::from(a) / 255.0)
}

fn paint_attr(name: &str, c: Color32) -> String {
    if c.a() == 0 {
        return format!(" {name}=\"none\"");
    }
    let (hex, a) = rgb(c);
    if a >= 0.999 {
        format!(" {name}=\"{hex}\"")
    } else {
        format!(" {name}=\"{hex}\" {name}-opacity=\"{}\"", num_opacity(a))
    }
}

fn num_opacity(a: f32) -> String {
    let s = format!("{a:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn fill(c: Color32) -> String {
    paint_attr("fill", c)
}

fn stroke(s: Stroke) -> String {
    if s.width <= 0.0 || s.color.a() == 0 {
        return String::new();
    }
    format!(
        "{} stroke-width=\"{}\"",
        paint_attr("stroke", s.color),
        num(s.width)
    )
}

fn path_stroke(s: &PathStroke) -> String {
    match &s.color {
        ColorMode::Solid(c) => stroke(Stroke::new(s.width, *c)),
        // Gradients along a path are not used by the canvas.
        ColorMode::UV(_) => String::new(),
    }
}

fn points(pts: &[Pos2]) -> String {
    let mut s = String::with_capacity(pts.len() * 12);
    for (i, p) in pts.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&num(p.x));
        s.push(',');
        s.push_str(&num(p.y));
    }
    s
}

/// Whether a character is written right to left (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether a paragraph reads right to left: its first strong letter does.
fn rtl(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(is_rtl)
}

/// Whether text needs shaping or reordering that per-glyph positions
/// cannot carry: right-to-left scripts, and the Brahmic and other
/// South and Southeast Asian scripts whose letters combine.
fn complex(text: &str) -> bool {
    text.chars().any(|c| {
        is_rtl(c)
            || matches!(c as u32, 0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x0F00..=0x109F | 0x1780..=0x17FF)
    })
}

/// Escapes text for XML content or attributes.
fn escape(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// A run of equal, evenly spaced dashes along one line (what
/// `Shape::dashed_line` makes) as a single `<line>` with a dash pattern.
fn dashed_line(v: &[Shape]) -> Option<String> {
    let segs: Vec<([Pos2; 2], Stroke)> = v
        .iter()
        .map(|s| match s {
            Shape::LineSegment { points, stroke } => Some((*points, *stroke)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if segs.len() < 2 {
        return None;
    }
    let (first, st) = segs[0];
    let dash = (first[1] - first[0]).length();
    let gap = (segs[1].0[0] - first[1]).length();
    let dir = (first[1] - first[0]).normalized();
    let even = segs
        .iter()
        .all(|(p, s)| *s == st && (p[1] - p[0]).normalized().dot(dir) > 0.999)
        && segs.windows(2).all(|w| {
            ((w[1].0[0] - w[0].0[1]).length() - gap).abs() < 0.01 * gap.max(1.0)
                && ((w[0].0[1] - w[0].0[0]).length() - dash).abs() < 0.01 * dash.max(1.0)
        });
    if !even || dash <= 0.0 {
        return None;
    }
    let last = segs[segs.len() - 1].0[1];
    Some(format!(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{} stroke-dasharray=\"{} {}\"/>\n",
        num(first[0].x),
        num(first[0].y),
        num(last.x),
        num(last.y),
        stroke(st),
        num(dash),
        num(gap)
    ))
}

impl Writer {
    fn clipped(&mut self, clip: Rect, shape: &Shape) {
        if clip.contains_rect(self.whole) || !clip.is_finite() {
            self.shape(shape);
            return;
        }
        let key = [clip.min.x, clip.min.y, clip.max.x, clip.max.y].map(f32::to_bits);
        let next = self.clips.len();
        let id = *self.clips.entry(key).or_insert(next);
        if id == next {
            let _ = writeln!(
                self.defs,
                "<clipPath id=\"c{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
                num(clip.min.x),
                num(clip.min.y),
                num(clip.width()),
                num(clip.height())
            );
        }
        let _ = writeln!(self.out, "<g clip-path=\"url(#c{id})\">");
        self.shape(shape);
        self.out.push_str("</g>\n");
    }

    fn shape(&mut self, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) | Shape::Band(_) => {}
            Shape::Vec(v) => {
                if let Some(line) = dashed_line(v) {
                    self.out.push_str(&line);
                    return;
                }
                for s in v {
                    self.shape(s);
                }
            }
            Shape::Circle(c) => {
                let _ = writeln!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                    num(c.center.x),
                    num(c.center.y),
                    num(c.radius),
                    fill(c.fill),
                    stroke(c.stroke)
                );
            }
            Shape::Ellipse(e) => {
                let rotate = if e.angle == 0.0 {
                    String::new()
                } else {
                    format!(
                        " transform=\"rotate({} {} {})\"",
                        num(e.angle.to_degrees()),
                        num(e.center.x),
                        num(e.center.y)
                    )
                };
                let _ = writeln!(
                    self.out,
                    "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\"{}{}{rotate}/>",
                    num(e.center.x),
                    num(e.center.y),
                    num(e.radius.x),
                    num(e.radius.y),
                    fill(e.fill),
                    stroke(e.stroke)
                );
            }
            Shape::LineSegment {
                points: p,
                stroke: s,
            } => {
                let _ = writeln!(
                    self.out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
                    num(p[0].x),
                    num(p[0].y),
                    num(p[1].x),
                    num(p[1].y),
                    stroke(*s)
                );
            }
            Shape::Path(p) => {
                if p.points.len() < 2 {
                    return;
                }
                let tag = if p.closed { "polygon" } else { "polyline" };
                let f = if p.closed {
                    fill(p.fill)
                } else {
                    fill(Color32::TRANSPARENT)
                };
                let _ = writeln!(
                    self.out,
                    "<{tag} points=\"{}\"{f}{} stroke-linejoin=\"round\"/>",
                    points(&p.points),
                    path_stroke(&p.stroke)
                );
            }
            Shape::Rect(r) => self.rect(r),
            Shape::Text(t) => self.text(t),
            Shape::Mesh(mesh) => {
                for tri in mesh.indices.chunks_exact(3) {
                    let v = |i: u32| mesh.vertices.get(i as usize);
                    if let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) {
                        if a.color.a() == 0 && b.color.a() == 0 && c.color.a() == 0 {
                            continue;
                        }
                        let _ = writeln!(
                            self.out,
                            "<polygon points=\"{}\"{}/>",
                            points(&[a.pos, b.pos, c.pos]),
                            fill(a.color)
                        );
                    }
                }
            }
            Shape::QuadraticBezier(q) => self.quadratic(q),
            Shape::CubicBezier(c) => self.cubic(c),
        }
    }

    fn rect(&mut self, r: &RectShape) {
        let rect = r.rect;
        let cr = r.corner_radius;
        let radius = f32::from(cr.nw.max(cr.ne).max(cr.sw).max(cr.se));
        if r.fill.a() > 0 {
            let _ = writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{}/>",
                num(rect.min.x),
                num(rect.min.y),
                num(rect.width()),
                num(rect.height()),
                num(radius),
                fill(r.fill)
            );
        }
        if r.stroke.width > 0.0 && r.stroke.color.a() > 0 {
            // SVG strokes are centred on the outline; move the outline so
            // the stroke lies where egui's `StrokeKind` puts it.
            let half = r.stroke.width * 0.5;
            let (o, rr) = match r.stroke_kind {
                StrokeKind::Inside => (rect.shrink(half), (radius - half).max(0.0)),
                StrokeKind::Middle => (rect, radius),
                StrokeKind::Outside => (rect.expand(half), radius + half),
            };
            let _ = writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"none\"{}/>",
                num(o.min.x),
                num(o.min.y),
                num(o.width().max(0.0)),
                num(o.height().max(0.0)),
                num(rr),
                stroke(r.stroke)
            );
        }
    }

    fn text(&mut self, t: &TextShape) {
        let galley = &t.galley;
        let Some(section) = galley.job.sections.first() else {
            return;
        };
        let mut color =
            t.override_text_color
                .unwrap_or(if section.format.color == Color32::PLACEHOLDER {
                    t.fallback_color
                } else {
                    section.format.color
                });
        if t.opacity_factor < 1.0 {
            color = color.gamma_multiply(t.opacity_factor.max(0.0));
        }
        let size = section.format.font_id.size;
        let style = if matches!(section.format.font_id.family, epaint::FontFamily::Monospace) {
            " font-family=\"'Hack', 'DejaVu Sans Mono', monospace\""
        } else {
            ""
        };
        // Paragraphs of the source text, in logical order, matched to the
        // rows they were laid out in: a paragraph in a script that is
        // shaped or written right to left goes out as its own text for the
        // viewer to shape (egui's glyphs are then in visual order, and
        // some stand for several characters).
        let mut paragraphs = galley.job.text.split('\n');
        let mut paragraph = paragraphs.next().unwrap_or("");
        let mut written = false;
        for row in &galley.rows {
            let glyphs = &row.row.glyphs;
            let origin = t.pos + row.pos.to_vec2();
            // Where the line goes (its x attributes) and what it says.
            let line = if complex(paragraph) {
                (!written && !glyphs.is_empty()).then(|| {
                    written = true;
                    let mut text = String::with_capacity(paragraph.len());
                    escape(paragraph, &mut text);
                    let place = if rtl(paragraph) {
                        let right = glyphs
                            .iter()
                            .map(|g| g.pos.x + g.advance_width)
                            .fold(f32::NEG_INFINITY, f32::max);
                        format!(
                            "x=\"{}\" text-anchor=\"end\" direction=\"rtl\"",
                            num(origin.x + right)
                        )
                    } else {
                        let left = glyphs.iter().map(|g| g.pos.x).fold(f32::INFINITY, f32::min);
                        format!("x=\"{}\"", num(origin.x + left))
                    };
                    (place, text)
                })
            } else if glyphs.iter().all(|g| g.chr.is_whitespace()) {
                None
            } else {
                let mut xs = String::with_capacity(glyphs.len() * 7);
                let mut text = String::with_capacity(glyphs.len());
                for (i, g) in glyphs.iter().enumerate() {
                    if i > 0 {
                        xs.push(' ');
                    }
                    xs.push_str(&num(origin.x + g.pos.x));
                    escape(&g.chr.to_string(), &mut text);
                }
                Some((format!("x=\"{xs}\""), text))
            };
            if let Some((place, text)) = line {
                let y = origin.y + glyphs[0].pos.y;
                let _ = writeln!(
                    self.out,
                    "<text {place} y=\"{}\" font-size=\"{}\"{style}{} xml:space=\"preserve\" \
                     style=\"white-space:pre\">{text}</text>",
                    num(y),
                    num(size),
                    fill(color)
                );
            }
            if row.ends_with_newline {
                paragraph = paragraphs.next().unwrap_or("");
                written = false;
            }
        }
    }

    fn quadratic(&mut self, q: &QuadraticBezierShape) {
        let [a, b, c] = q.points;
        let close = if q.closed { " Z" } else { "" };
        let f = if q.closed {
            fill(q.fill)
        } else {
            fill(Color32::TRANSPARENT)
        };
        let _ = writeln!(
            self.out,
            "<path d=\"M{},{} Q{},{} {},{}{close}\"{f}{}/>",
            num(a.x),
            num(a.y),
            num(b.x),
            num(b.y),
            num(c.x),
            num(c.y),
            path_stroke(&q.stroke)
        );
    }

    fn cubic(&mut self, c: &CubicBezierShape) {
        let [a, b, d, e] = c.points;
        let close = if c.closed { " Z" } else { "" };
        let f = if c.closed {
            fill(c.fill)
        } else {
            fill(Color32::TRANSPARENT)
        };
        let _ = writeln!(
            self.out,
            "<path d=\"M{},{} C{},{} {},{} {},{}{close}\"{f}{}/>",
            num(a.x),
            num(a.y),
            num(b.x),
            num(b.y),
            num(d.x),
            num(d.y),
            num(e.x),
            num(e.y),
            path_stroke(&c.stroke)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.25");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn text_is_escaped() {
        let mut s = String::new();
        escape("a<b & \"c\"\u{1}", &mut s);
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn clip_paths_are_shared() {
        let clip = Rect::from_min_size(Pos2::new(1.0, 1.0), Vec2::splat(5.0));
        let shape = Shape::line_segment(
            [Pos2::ZERO, Pos2::new(3.0, 3.0)],
            Stroke::new(1.0, Color32::RED),
        );
        let shapes = vec![
            ClippedShape {
                clip_rect: clip,
                shape: shape.clone(),
                transform_after_tessellation: epaint::emath::TSTransform::IDENTITY,
            },
            ClippedShape {
                clip_rect: clip,
                shape,
                transform_after_tessellation: epaint::emath::TSTransform::IDENTITY,
            },
        ];
        let svg = write(&shapes, Vec2::splat(10.0), None);
        assert_eq!(svg.matches("<clipPath").count(), 1);
        assert_eq!(svg.matches("url(#c0)").count(), 2);
        assert!(svg.contains("stroke=\"#ff0000\""));
    }
}
