//! Painting board elements with level of detail: full detail when text is
//! readable, plain shapes when zoomed far out.

use epaint::emath::Align2;
use epaint::{
    Color32, CornerRadius, FontId, Mesh, PathShape, PathStroke, Pos2, Rect, Shape, Stroke,
    StrokeKind, Vec2,
};

use super::painter::Painter;
use super::theme::{Palette, lerp};
use crate::model::{
    Arrow, BoxShape, Catalog, Component, CustomKind, Frame, KindInfo, LineStyle, Note,
};

/// Label font size in board units.
pub const LABEL_SIZE: f32 = 15.0;
/// Below this on-screen font size, text is not drawn (it cannot be read,
/// and laying it out for thousands of boxes costs frames).
const MIN_TEXT_PX: f32 = 6.0;
/// The most dashes one dashed arrow is drawn with.
const MAX_DASHES: f32 = 2000.0;
/// A dash pattern shorter than this (dash and gap, in pixels) cannot be
/// told from a solid line: drawn solid (a picture of a huge board at a tiny
/// scale would otherwise cut every dashed arrow into thousands of
/// sub-pixel dashes: 40,000 of them took 21 GB).
const MIN_DASH_PERIOD_PX: f32 = 6.0;
/// Frame title bar height in board units.
pub const FRAME_TITLE_H: f32 = 26.0;

/// How much detail to draw at a zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything: rounded boxes, icons, labels, arrowheads, arrow labels.
    Full,
    /// Boxes with borders, lines with arrowheads and dashes, no text (it
    /// would be unreadable), drawn as one batched mesh.
    NoText,
    /// Flat rectangles and hairlines, one batched mesh.
    Minimal,
}

impl Detail {
    /// The detail for a zoom level.
    #[must_use]
    pub fn for_zoom(zoom: f32) -> Self {
        if LABEL_SIZE * zoom >= MIN_TEXT_PX {
            Detail::Full
        } else if zoom >= 0.1 {
            Detail::NoText
        } else {
            Detail::Minimal
        }
    }
}

/// Everything a draw call needs besides the element and where it goes.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// Colours.
    pub pal: &'a Palette,
    /// The catalog (for category colours and kind names).
    pub catalog: &'a Catalog,
    /// The board's own custom kinds.
    pub custom: &'a [CustomKind],
    /// Screen points per board unit.
    pub zoom: f32,
    /// Level of detail.
    pub detail: Detail,
    /// How much larger than the board's own size text is drawn (the user's
    /// text size setting on screen; 1 in exports).
    pub text_scale: f32,
    /// Drawing for the window: what takes long to compute (an estimate
    /// card's values) is computed on a worker and shows when ready, rather
    /// than holding up the frame. Exports wait for it.
    pub live: bool,
}

impl Ctx<'_> {
    fn font(&self, board_size: f32) -> FontId {
        FontId::proportional(board_size * self.zoom * self.text_scale)
    }

    fn text_in(
        &self,
        p: &mut Painter<'_, '_>,
        rect: Rect,
        text: &str,
        size: f32,
        color: Color32,
        align: Align2,
    ) {
        if text.is_empty() {
            return;
        }
        let font = self.font(size);
        let shown = fitting(text, rect.size(), font.size);
        let width = rect.width().max(1.0);
        // Top-left text is a block (a note): a right-to-left paragraph in
        // it goes to the right edge.
        let galley = if align == Align2::LEFT_TOP {
            p.layout_block(shown.into_owned(), font, color, width)
        } else {
            p.layout(shown.into_owned(), font, color, width)
        };
        let gs = galley.size();
        let pos = align.align_size_within_rect(gs, rect).min;
        let clip = p.clip_rect().intersect(rect.expand(2.0));
        if !galley.is_empty() {
            p.add_clipped(clip, Shape::galley(pos, galley, color));
        }
    }
}

/// The start of `text` worth laying out in a box of `size` at `font_px`
/// (both in the same units): a generous bound on what could show (narrow
/// glyphs, tight lines), with an ellipsis when cut. A long text (up to
/// [`crate::io::MAX_TEXT_CHARS`]) then costs what its box shows, not what
/// the file holds; the file keeps the whole text.
#[must_use]
pub fn fitting(text: &str, size: Vec2, font_px: f32) -> std::borrow::Cow<'_, str> {
    let font_px = font_px.max(0.1);
    let per_line = (size.x / (0.25 * font_px)).clamp(1.0, 10_000.0);
    let lines = (size.y / (0.9 * font_px)).clamp(1.0, 10_000.0);
    let cap = ((per_line * lines) as usize + 64).clamp(256, crate::io::MAX_TEXT_CHARS);
    if text.len() <= cap {
        return std::borrow::Cow::Borrowed(text);
    }
    match text.char_indices().nth(cap) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// What the component's kind is, wherever it is defined.
#[must_use]
pub fn kind_info<'a>(c: &'a Component, cx: &'a Ctx<'_>) -> KindInfo<'a> {
    cx.catalog.resolve(cx.custom, &c.kind)
}

/// The accent colour of a component: its own, its kind's, or grey.
#[must_use]
pub fn accent(c: &Component, cx: &Ctx<'_>) -> Color32 {
    c.color
        .or_else(|| kind_info(c, cx).color)
        .map_or(cx.pal.unknown, Palette::color)
}

/// The outline a component is drawn with: its own, else its kind's, else a
/// rounded box.
#[must_use]
pub fn shape_of(c: &Component, cx: &Ctx<'_>) -> BoxShape {
    c.shape
        .or_else(|| kind_info(c, cx).kind.and_then(|k| k.shape))
        .unwrap_or_default()
}

/// Points around an ellipse inscribed in `r`, clockwise from the right.
fn ellipse_points(r: Rect, n: usize) -> Vec<Pos2> {
    let (c, a, b) = (r.center(), r.width() * 0.5, r.height() * 0.5);
    (0..n)
        .map(|i| {
            let t = i as f32 / n as f32 * std::f32::consts::TAU;
            Pos2::new(c.x + a * t.cos(), c.y + b * t.sin())
        })
        .collect()
}

/// Points along the arc of the ellipse centred `c` with radii `a`, `b`
/// from angle `t0` to `t1` (radians, y down).
fn arc(c: Pos2, a: f32, b: f32, t0: f32, t1: f32, n: usize) -> Vec<Pos2> {
    (0..=n)
        .map(|i| {
            let t = t0 + (t1 - t0) * i as f32 / n as f32;
            Pos2::new(c.x + a * t.cos(), c.y + b * t.sin())
        })
        .collect()
}

/// Draws a component's outline in `r`; returns the rectangle its text
/// goes in.
fn outline(
    p: &mut Painter<'_, '_>,
    cx: &Ctx<'_>,
    shape: BoxShape,
    r: Rect,
    fill: Color32,
    stroke: Stroke,
) -> Rect {
    use std::f32::consts::{FRAC_PI_2, PI};
    let z = cx.zoom;
    let poly = |p: &mut Painter<'_, '_>, pts: Vec<Pos2>| {
        p.add(Shape::Path(PathShape {
            points: pts,
            closed: true,
            fill,
            stroke: stroke.into(),
        }));
    };
    let open = |p: &mut Painter<'_, '_>, pts: Vec<Pos2>| {
        p.add(Shape::Path(PathShape::line(pts, stroke)));
    };
    match shape {
        BoxShape::Box => {
            let radius = CornerRadius::same((8.0 * z).clamp(0.0, 12.0) as u8);
            p.rect(r, radius, fill, stroke, StrokeKind::Inside);
            r
        }
        BoxShape::Rectangle => {
            p.rect(r, CornerRadius::ZERO, fill, stroke, StrokeKind::Inside);
            r
        }
        BoxShape::Cylinder => {
            // Caps a sixth of the height deep, at most 12 units.
            let e = (r.height() / 6.0).min(12.0 * z);
            let (a, cx_) = (r.width() * 0.5, r.center().x);
            let top = Pos2::new(cx_, r.min.y + e);
            let bottom = Pos2::new(cx_, r.max.y - e);
            // Outline: the top cap's back half, down the right side, the
            // bottom cap's front half, up the left side.
            let mut pts = arc(top, a, e, PI, 2.0 * PI, 16);
            pts.extend(arc(bottom, a, e, 0.0, PI, 16));
            poly(p, pts);
            // The top cap's front edge.
            open(p, arc(top, a, e, 0.0, PI, 16));
            Rect::from_min_max(Pos2::new(r.min.x, r.min.y + 2.0 * e), r.max)
        }
        BoxShape::Queue => {
            let e = (r.width() / 8.0).min(12.0 * z);
            let (b, cy) = (r.height() * 0.5, r.center().y);
            let left = Pos2::new(r.min.x + e, cy);
            let right = Pos2::new(r.max.x - e, cy);
            let mut pts = arc(right, e, b, -FRAC_PI_2, FRAC_PI_2, 16);
            pts.extend(arc(left, e, b, FRAC_PI_2, 3.0 * FRAC_PI_2, 16));
            poly(p, pts);
            // The right cap's front edge: the end the stream flows out of.
            open(p, arc(right, e, b, FRAC_PI_2, 3.0 * FRAC_PI_2, 16));
            Rect::from_min_max(r.min, Pos2::new(r.max.x - 2.0 * e, r.max.y))
        }
        BoxShape::Ellipse => {
            poly(p, ellipse_points(r, 48));
            r.shrink2(Vec2::new(r.width() * 0.15, r.height() * 0.15))
        }
        BoxShape::Diamond => {
            let c = r.center();
            poly(
                p,
                vec![
                    Pos2::new(c.x, r.min.y),
                    Pos2::new(r.max.x, c.y),
                    Pos2::new(c.x, r.max.y),
                    Pos2::new(r.min.x, c.y),
                ],
            );
            r.shrink2(Vec2::new(r.width() * 0.25, r.height() * 0.25))
        }
        BoxShape::Person => {
            // A head and shoulders at the left, the text beside them.
            let h = r.height();
            let w = (h * 0.7).min(r.width() * 0.4);
            let head_r = h * 0.16;
            let cxp = r.min.x + w * 0.5;
            let head = Pos2::new(cxp, r.min.y + h * 0.12 + head_r);
            p.add(Shape::circle_filled(head, head_r, fill));
            p.add(Shape::circle_stroke(head, head_r, stroke));
            let body = Rect::from_min_max(
                Pos2::new(r.min.x + w * 0.08, head.y + head_r + h * 0.06),
                Pos2::new(r.min.x + w * 0.92, r.max.y - h * 0.06),
            );
            let mut pts = arc(
                Pos2::new(body.center().x, body.max.y),
                body.width() * 0.5,
                body.height(),
                PI,
                2.0 * PI,
                20,
            );
            pts.push(Pos2::new(body.max.x, body.max.y));
            poly(p, pts);
            Rect::from_min_max(Pos2::new(r.min.x + w + 4.0 * z, r.min.y), r.max)
        }
        BoxShape::Text => r,
    }
}

/// A component: its outline (a rounded box unless its kind or the user
/// picks another) tinted by category, an icon, label and kind.
pub fn component(p: &mut Painter<'_, '_>, cx: &Ctx<'_>, c: &Component, r: Rect) {
    let info = kind_info(c, cx);
    let accent = c
        .color
        .or(info.color)
        .map_or(cx.pal.unknown, Palette::color);
    let kind_name = info.name;
    let shape = shape_of(c, cx);
    // A plain box (no kind, e.g. drawn in Excalidraw) is outlined only;
    // text alone has neither.
    let fill = if c.kind.is_empty() || shape == BoxShape::Text {
        Color32::TRANSPARENT
    } else {
        cx.pal.component_fill(accent)
    };
    if cx.detail == Detail::Minimal {
        p.rect_filled(r, 0.0, lerp(fill, accent, 0.5));
        return;
    }
    let stroke = if shape == BoxShape::Text {
        Stroke::NONE
    } else {
        Stroke::new((1.5 * cx.zoom).clamp(0.6, 2.5), accent)
    };
    let inner = outline(p, cx, shape, r, fill, stroke);
    if cx.detail == Detail::NoText {
        return;
    }
    let z = cx.zoom;
    let size = LABEL_SIZE * c.font.factor();
    if !c.notes.trim().is_empty() {
        // A dot in the corner: this part has notes (a Study board's
        // reasons; hover or select it to read them).
        p.circle_filled(
            Pos2::new(r.max.x - 9.0 * z, r.min.y + 9.0 * z),
            3.5 * z,
            accent,
        );
    }
    let text_color = if fill.a() == 0 {
        cx.pal.text
    } else {
        cx.pal.text_on(fill)
    };
    if c.kind.is_empty() || !shape.has_badge() {
        // A plain shape, or one without room for a badge: the label (or
        // the kind's name) centred.
        let label = if c.label.is_empty() {
            kind_name
        } else {
            c.label.as_str()
        };
        cx.text_in(
            p,
            inner.shrink(6.0 * z),
            label,
            size,
            text_color,
            Align2::CENTER_CENTER,
        );
        return;
    }
    // Icon: the category's icon on a badge of the accent colour.
    let icon_r = 12.0 * z;
    let icon_c = Pos2::new(inner.min.x + 10.0 * z + icon_r, inner.center().y);
    super::icons::badge(p, info.icon, icon_c, icon_r, accent);
    let text_rect = Rect::from_min_max(
        Pos2::new(icon_c.x + icon_r + 8.0 * z, inner.min.y + 4.0 * z),
        Pos2::new(inner.max.x - 8.0 * z, inner.max.y - 4.0 * z),
    );
    let label = if c.label.is_empty() {
        kind_name
    } else {
        c.label.as_str()
    };
    let show_kind = !c.label.is_empty() && !kind_name.is_empty() && kind_name != c.label;
    if show_kind && text_rect.height() > 42.0 * z {
        let (top, bottom) = text_rect.split_top_bottom_at_fraction(0.62);
        cx.text_in(p, top, label, size, text_color, Align2::LEFT_BOTTOM);
        cx.text_in(p, bottom, kind_name, 11.0, cx.pal.muted, Align2::LEFT_TOP);
    } else {
        cx.text_in(p, text_rect, label, size, text_color, Align2::LEFT_CENTER);
    }
}

/// A pen stroke whose width changes along it (`widths`, screen points, one
/// per point): each stretch as wide as its ends' average, round joins.
pub fn ink_pressed(p: &mut Painter<'_, '_>, points: &[Pos2], widths: &[f32], color: Color32) {
    if widths.len() != points.len() || widths.windows(2).all(|w| (w[0] - w[1]).abs() < 0.01) {
        ink(p, points, widths.first().copied().unwrap_or(1.0), color);
        return;
    }
    for (seg, w) in points.windows(2).zip(widths.windows(2)) {
        let width = ((w[0] + w[1]) * 0.5).max(0.5);
        p.line_segment([seg[0], seg[1]], Stroke::new(width, color));
    }
    for (q, w) in points.iter().zip(widths) {
        if *w >= 2.0 {
            p.circle_filled(*q, w * 0.5, color);
        }
    }
}

/// A pen stroke along `points` (screen points), `width` screen points wide,
/// with round ends.
pub fn ink(p: &mut Painter<'_, '_>, points: &[Pos2], width: f32, color: Color32) {
    let stroke = Stroke::new(width.max(0.5), color);
    match points {
        [] => {}
        [one] => p.circle_filled(*one, width * 0.5, color),
        _ => {
            p.add(Shape::Path(PathShape::line(points.to_vec(), stroke)));
            if width >= 2.0 {
                // Round caps and joins: a dot on every point.
                for q in points {
                    p.circle_filled(*q, width * 0.5, color);
                }
            }
        }
    }
}

/// A note: a card with its text from the top-left.
pub fn note(p: &mut Painter<'_, '_>, cx: &Ctx<'_>, n: &Note, r: Rect) {
    let fill = cx.pal.note_fill(n.color);
    if cx.detail == Detail::Minimal {
        p.rect_filled(r, 0.0, fill);
        return;
    }
    let z = cx.zoom;
    if cx.detail == Detail::Full {
        // A soft shadow.
        p.rect_filled(
            r.translate(Vec2::splat(3.0 * z)),
            CornerRadius::same((4.0 * z).min(8.0) as u8),
            Color32::from_black_alpha(if cx.pal.dark { 60 } else { 22 }),
        );
    }
    p.rect(
        r,
        CornerRadius::same((4.0 * z).min(8.0) as u8),
        fill,
        Stroke::new((1.0 * z).clamp(0.5, 1.5), cx.pal.note_border),
        StrokeKind::Inside,
    );
    if cx.detail == Detail::Full {
        if crate::model::estimate::is_estimate(&n.text) {
            estimate(p, cx, n, r.shrink(10.0 * z), fill);
        } else {
            cx.text_in(
                p,
                r.shrink(10.0 * z),
                &n.text,
                14.0 * n.font.factor(),
                cx.pal.text_on(fill),
                Align2::LEFT_TOP,
            );
        }
    }
}

/// An estimate card's text, line by line, each formula's value at the
/// right of its line (or under it when the line is long), errors in red.
fn estimate(p: &mut Painter<'_, '_>, cx: &Ctx<'_>, n: &Note, inner: Rect, fill: Color32) {
    use crate::model::estimate::{Outcome, evaluate, evaluate_in_background};
    let outcomes = if cx.live {
        evaluate_in_background(&n.text)
    } else {
        Some(evaluate(&n.text))
    };
    let outcomes = outcomes.as_deref().map_or(&[][..], Vec::as_slice);
    let size = 14.0 * n.font.factor();
    let font = cx.font(size);
    let text = cx.pal.text_on(fill);
    let muted = lerp(text, fill, 0.25);
    let error = cx.pal.error_on(fill);
    let clip = p.clip_rect().intersect(inner.expand(2.0));
    let gap = 12.0 * cx.zoom;
    let mut y = inner.min.y;
    for (i, line) in n.text.lines().enumerate() {
        if y > inner.max.y {
            break;
        }
        let title = i == 0;
        let left = p.layout(
            line.to_owned(),
            if title {
                cx.font(size * 1.15)
            } else {
                font.clone()
            },
            if line.trim_start().starts_with('#') || line.trim_start().starts_with("//") {
                muted
            } else {
                text
            },
            inner.width().max(1.0),
        );
        let row_h = left.size().y.max(font.size * 1.2);
        let right = match outcomes.get(i) {
            Some(Outcome::Value(v)) if v.starts_with('≈') => Some((v.clone(), text)),
            Some(Outcome::Value(v)) => Some((format!("= {v}"), text)),
            Some(Outcome::Error(e)) => Some((format!("⚠ {e}"), error)),
            _ => None,
        };
        p.add_clipped(
            clip,
            Shape::galley(Pos2::new(inner.min.x, y), left.clone(), text),
        );
        y += row_h;
        if let Some((shown, color)) = right {
            let galley = p.layout(shown, font.clone(), color, inner.width().max(1.0));
            let w = galley.size().x;
            // Beside the line when both fit, else on a line of its own.
            let beside = left.rows.len() == 1 && left.size().x + gap + w <= inner.width();
            let at_y = if beside { y - row_h } else { y };
            let pos = Pos2::new(inner.max.x - w, at_y);
            let h = galley.size().y;
            p.add_clipped(clip, Shape::galley(pos, galley, color));
            if !beside {
                y += h;
            }
        }
        if title {
            y += 4.0 * cx.zoom;
        }
    }
}

/// A frame: a tinted region with its title above the top-left corner.
pub fn frame(p: &mut Painter<'_, '_>, cx: &Ctx<'_>, f: &Frame, r: Rect) {
    let border = f.color.map_or(cx.pal.frame_border, Palette::color);
    let fill = f.color.map_or(cx.pal.frame_fill, |c| {
        let c = Palette::color(c);
        Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 0x1c)
    });
    let radius = CornerRadius::same((10.0 * cx.zoom).clamp(0.0, 14.0) as u8);
    p.rect(
        r,
        radius,
        fill,
        Stroke::new((1.2 * cx.zoom).clamp(0.5, 2.0), border),
        StrokeKind::Inside,
    );
    if cx.detail == Detail::Full && !f.title.is_empty() {
        let h = f.title_height() * cx.zoom;
        let title_rect = Rect::from_min_size(
            Pos2::new(r.min.x + 4.0 * cx.zoom, r.min.y - h),
            Vec2::new(r.width().max(200.0 * cx.zoom), h),
        );
        let title = cx.pal.frame_title(f.color);
        cx.text_in(
            p,
            title_rect,
            &f.title,
            18.0 * f.font.factor(),
            title,
            Align2::LEFT_CENTER,
        );
    }
}

/// An arrow along `path` (screen points, tail first: two for a straight
/// arrow, more for an elbow or a curve), with its head and label.
pub fn arrow(p: &mut Painter<'_, '_>, cx: &Ctx<'_>, arr: &Arrow, path: &[Pos2], color: Color32) {
    let [.., before, b] = path else {
        return;
    };
    let (before, b) = (*before, *b);
    let width = (1.6 * cx.zoom).clamp(0.6, 3.0);
    let stroke = Stroke::new(width, color);
    if cx.detail == Detail::Minimal {
        for w in path.windows(2) {
            p.line_segment([w[0], w[1]], stroke);
        }
        return;
    }
    let dir = (b - before).normalized();
    let head_len = (11.0 * cx.zoom).clamp(4.0, 18.0);
    let line_end = if (b - before).length() > head_len {
        b - dir * head_len * 0.8
    } else {
        b
    };
    let (dash, gap) = ((8.0 * cx.zoom).max(5.0), (6.0 * cx.zoom).max(4.0));
    let style = if (dash + gap) * p.pixels_per_point() < MIN_DASH_PERIOD_PX {
        LineStyle::Solid
    } else {
        arr.style
    };
    let last = path.len() - 2;
    for (k, w) in path.windows(2).enumerate() {
        let end = if k == last { line_end } else { w[1] };
        segment(p, w[0], end, stroke, style, dash, gap);
    }
    if (b - before).length() > 1.0 {
        let normal = Vec2::new(-dir.y, dir.x);
        let base = b - dir * head_len;
        let pts = vec![
            b,
            base + normal * head_len * 0.45,
            base - normal * head_len * 0.45,
        ];
        p.add(Shape::Path(PathShape::convex_polygon(
            pts,
            color,
            PathStroke::NONE,
        )));
    }
    if cx.detail == Detail::Full && !arr.label.is_empty() {
        arrow_label(p, cx, &arr.label, 13.0 * arr.font.factor(), path);
    }
}

/// One stretch of an arrow's line, solid or dashed, only the part in view.
fn segment(
    p: &mut Painter<'_, '_>,
    a: Pos2,
    line_end: Pos2,
    stroke: Stroke,
    style: LineStyle,
    mut dash: f32,
    mut gap: f32,
) {
    match style {
        LineStyle::Solid => {
            // Only the part in view: a long arrow crossing the view would
            // otherwise make the rasterizer walk far outside it.
            let clip = p.clip_rect().expand(8.0);
            if let Some((t0, t1)) = clip_segment(a, line_end, clip) {
                let d = line_end - a;
                p.line_segment([a + d * t0, a + d * t1], stroke);
            }
        }
        LineStyle::Dashed => {
            // Dash only the visible part: a long arrow crossing the view
            // would otherwise make thousands of dashes off screen. The clip
            // starts on a dash boundary so dashes do not crawl when panning.
            let clip = p.clip_rect().expand(dash + gap);
            if let Some((t0, t1)) = clip_segment(a, line_end, clip) {
                let len = (line_end - a).length().max(f32::EPSILON);
                let period = dash + gap;
                let start = ((t0 * len) / period).floor() * period / len;
                let p0 = a + (line_end - a) * start;
                let p1 = a + (line_end - a) * t1;
                // On screen the clip keeps this to a few hundred dashes; a
                // picture of a huge board shows whole arrows, which could
                // need millions: past MAX_DASHES the dashes get longer.
                let dashes = (p1 - p0).length() / period;
                if dashes > MAX_DASHES {
                    let k = dashes / MAX_DASHES;
                    dash *= k;
                    gap *= k;
                }
                // One shape for all dashes, so an SVG export can write it
                // as one dashed line.
                p.add(Shape::Vec(Shape::dashed_line(&[p0, p1], stroke, dash, gap)));
            }
        }
    }
}

/// Where an arrow's label goes: on the middle of the path's longest
/// segment; beside it when the label is longer than the segment, so the
/// label never hides the whole line.
#[must_use]
pub fn label_rect(path: &[Pos2], label: Vec2) -> Option<Rect> {
    let w = path
        .windows(2)
        .max_by(|a, b| (a[1] - a[0]).length().total_cmp(&(b[1] - b[0]).length()))?;
    let (a, b) = (w[0], w[1]);
    let mid = a + (b - a) * 0.5;
    let d = b - a;
    let horizontal = d.x.abs() >= d.y.abs();
    let centred = Rect::from_center_size(mid, label);
    // Room left for the line on either side of the label (arrowhead and a
    // little line), along the segment.
    let room = if horizontal {
        d.x.abs() - label.x
    } else {
        d.y.abs() - label.y
    };
    if path.len() == 2 && !horizontal && d.x.abs() > 1.0 {
        // A slanted straight arrow: over its middle, as before.
        return Some(centred);
    }
    if room >= 24.0 {
        return Some(centred);
    }
    Some(if horizontal {
        centred.translate(Vec2::new(0.0, -(label.y * 0.5 + 3.0)))
    } else {
        centred.translate(Vec2::new(label.x * 0.5 + 4.0, 0.0))
    })
}

fn arrow_label(p: &mut Painter<'_, '_>, cx: &Ctx<'_>, label: &str, size: f32, path: &[Pos2]) {
    let font = cx.font(size);
    // An arrow's label box grows with its text: a few lines at most.
    let shown = fitting(label, Vec2::new(220.0, size * 8.0) * cx.zoom, font.size);
    let galley = p.layout(shown.into_owned(), font, cx.pal.text, 220.0 * cx.zoom);
    let size = galley.size() + Vec2::new(10.0, 4.0) * cx.zoom;
    let Some(bg) = label_rect(path, size) else {
        return;
    };
    p.rect_filled(bg, CornerRadius::same(4), cx.pal.label_bg);
    p.galley(bg.min + Vec2::new(5.0, 2.0) * cx.zoom, galley, cx.pal.text);
}

/// The part of segment `a`-`b` inside `r`, as parameters `(t0, t1)` along
/// it (Liang-Barsky); `None` when it misses.
#[must_use]
pub fn clip_segment(a: Pos2, b: Pos2, r: Rect) -> Option<(f32, f32)> {
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - r.min.x),
        (d.x, r.max.x - a.x),
        (-d.y, a.y - r.min.y),
        (d.y, r.max.y - a.y),
    ] {
        if p.abs() < f32::EPSILON {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// Adds an anti-aliased line to a mesh: a solid core and a one-point
/// feather on each side fading to transparent (for zoomed-out views,
/// where thousands of lines are cheaper batched than one shape each).
pub fn mesh_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.01 {
        return;
    }
    let unit = Vec2::new(-d.y, d.x) / len;
    // Thin lines keep their weight by fading the core instead of widening it.
    let (core, color) = if width < 1.0 {
        (0.0, color.gamma_multiply(width))
    } else {
        ((width - 1.0) * 0.5, color)
    };
    let outer = core + 1.0;
    let clear = Color32::TRANSPARENT;
    let i = mesh.vertices.len() as u32;
    for (off, c) in [
        (outer, clear),
        (core, color),
        (-core, color),
        (-outer, clear),
    ] {
        mesh.colored_vertex(a + unit * off, c);
        mesh.colored_vertex(b + unit * off, c);
    }
    for k in 0..3 {
        let j = i + 2 * k;
        mesh.add_triangle(j, j + 1, j + 3);
        mesh.add_triangle(j, j + 3, j + 2);
    }
}

/// Adds an arrowhead at `tip`, pointing along `dir` (unit), to a mesh.
pub fn mesh_arrowhead(mesh: &mut Mesh, tip: Pos2, dir: Vec2, size: f32, color: Color32) {
    let normal = Vec2::new(-dir.y, dir.x);
    let base = tip - dir * size;
    let i = mesh.vertices.len() as u32;
    mesh.colored_vertex(tip, color);
    mesh.colored_vertex(base + normal * size * 0.45, color);
    mesh.colored_vertex(base - normal * size * 0.45, color);
    mesh.add_triangle(i, i + 1, i + 2);
}

/// Adds a filled rectangle with a border to a mesh.
pub fn mesh_box(mesh: &mut Mesh, r: Rect, fill: Color32, border: Option<Color32>) {
    mesh.add_colored_rect(r, fill);
    if let Some(b) = border {
        let c = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        for w in c.windows(2) {
            mesh_line(mesh, w[0], w[1], 1.0, b);
        }
    }
}

/// The dot grid, as one mesh of tiny squares.
pub fn grid(
    painter: &mut Painter<'_, '_>,
    canvas: Rect,
    origin: Pos2,
    zoom: f32,
    step: f32,
    color: Color32,
) {
    let mut spacing = step * zoom;
    while spacing < 14.0 {
        spacing *= 2.0;
    }
    let first_x = origin.x + ((canvas.min.x - origin.x) / spacing).ceil() * spacing;
    let first_y = origin.y + ((canvas.min.y - origin.y) / spacing).ceil() * spacing;
    let nx = ((canvas.max.x - first_x) / spacing).max(0.0) as usize + 1;
    let ny = ((canvas.max.y - first_y) / spacing).max(0.0) as usize + 1;
    let mut mesh = Mesh::default();
    mesh.reserve_triangles(nx * ny * 2);
    mesh.reserve_vertices(nx * ny * 4);
    let d = 1.2;
    for ix in 0..nx {
        let x = first_x + ix as f32 * spacing;
        for iy in 0..ny {
            let y = first_y + iy as f32 * spacing;
            mesh.add_colored_rect(
                Rect::from_center_size(Pos2::new(x, y), Vec2::splat(d * 2.0)),
                color,
            );
        }
    }
    painter.add(Shape::mesh(mesh));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_its_box_can_show() {
        let short = "Feature store";
        assert_eq!(fitting(short, Vec2::new(160.0, 72.0), 15.0), short);
        let long = "word ".repeat(20_000);
        let cut = fitting(&long, Vec2::new(160.0, 72.0), 15.0);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= 400, "{}", cut.chars().count());
        // A bigger box shows more; the cut is on a character boundary.
        let big = fitting(&long, Vec2::new(2000.0, 2000.0), 15.0);
        assert!(big.len() > cut.len());
        let wide = "推荐系统".repeat(10_000);
        let cut = fitting(&wide, Vec2::new(160.0, 72.0), 15.0);
        assert!(cut.ends_with('…') && cut.starts_with("推荐"));
        // Zoom does not change what is shown (both scale together).
        assert_eq!(
            fitting(&long, Vec2::new(160.0, 72.0) * 3.0, 45.0),
            fitting(&long, Vec2::new(160.0, 72.0), 15.0)
        );
    }

    #[test]
    fn clip_segment_keeps_the_inside_part() {
        let r = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(10.0, 10.0));
        let (t0, t1) = clip_segment(Pos2::new(-10.0, 5.0), Pos2::new(30.0, 5.0), r).unwrap();
        assert!((t0 - 0.25).abs() < 1e-6 && (t1 - 0.5).abs() < 1e-6);
        assert!(clip_segment(Pos2::new(-10.0, 20.0), Pos2::new(30.0, 20.0), r).is_none());
        assert_eq!(
            clip_segment(Pos2::new(1.0, 1.0), Pos2::new(2.0, 2.0), r),
            Some((0.0, 1.0))
        );
    }

    #[test]
    fn detail_drops_text_then_shapes_as_zoom_falls() {
        assert_eq!(Detail::for_zoom(1.0), Detail::Full);
        assert_eq!(Detail::for_zoom(0.3), Detail::NoText);
        assert_eq!(Detail::for_zoom(0.05), Detail::Minimal);
    }
}
