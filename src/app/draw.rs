//! Painting board elements with level of detail: full detail when text is
//! readable, plain shapes when zoomed far out.

use egui::epaint::{Mesh, PathShape, PathStroke};
use egui::{
    Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2,
};

use super::theme::{Palette, lerp};
use crate::model::{Arrow, Catalog, Component, Frame, LineStyle, Note};

/// Label font size in board units.
pub const LABEL_SIZE: f32 = 15.0;
/// Below this on-screen font size, text is not drawn.
const MIN_TEXT_PX: f32 = 4.5;
/// Frame title bar height in board units.
pub const FRAME_TITLE_H: f32 = 26.0;

/// How much detail to draw at a zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything: rounded boxes, icons, labels, arrowheads, arrow labels.
    Full,
    /// Shapes and arrowheads but no text (text would be unreadable).
    NoText,
    /// Plain rectangles and lines.
    Minimal,
}

impl Detail {
    /// The detail for a zoom level.
    #[must_use]
    pub fn for_zoom(zoom: f32) -> Self {
        if LABEL_SIZE * zoom >= MIN_TEXT_PX {
            Detail::Full
        } else if zoom >= 0.12 {
            Detail::NoText
        } else {
            Detail::Minimal
        }
    }
}

/// Everything a draw call needs besides the element.
pub struct Ctx<'a> {
    /// Where to paint.
    pub painter: &'a Painter,
    /// Colours.
    pub pal: &'a Palette,
    /// The catalog (for category colours and kind names).
    pub catalog: &'a Catalog,
    /// Screen points per board unit.
    pub zoom: f32,
    /// Level of detail.
    pub detail: Detail,
}

impl Ctx<'_> {
    fn font(&self, board_size: f32) -> FontId {
        FontId::proportional(board_size * self.zoom)
    }

    fn text_in(&self, rect: Rect, text: &str, size: f32, color: Color32, align: Align2) {
        if text.is_empty() {
            return;
        }
        let galley = self.painter.layout(
            text.to_owned(),
            self.font(size),
            color,
            rect.width().max(1.0),
        );
        let gs = galley.size();
        let pos = align.align_size_within_rect(gs, rect).min;
        let clip = self.painter.clip_rect().intersect(rect.expand(2.0));
        self.painter.with_clip_rect(clip).galley(pos, galley, color);
    }
}

/// The accent colour and glyph of a component's kind.
#[must_use]
pub fn kind_style(c: &Component, cx: &Ctx<'_>) -> (Color32, String, String) {
    let cat = cx.catalog.category_of(&c.kind);
    let accent = c
        .color
        .or_else(|| cat.and_then(|k| k.color))
        .map_or(cx.pal.unknown, Palette::color);
    let glyph = cat.map_or_else(|| "?".to_owned(), |k| k.glyph.clone());
    let kind_name = cx
        .catalog
        .kind(&c.kind)
        .map_or_else(|| c.kind.clone(), |k| k.name.clone());
    (accent, glyph, kind_name)
}

/// A component: a rounded box tinted by category, an icon, label and kind.
pub fn component(cx: &Ctx<'_>, c: &Component, r: Rect) {
    let (accent, glyph, kind_name) = kind_style(c, cx);
    let fill = cx.pal.component_fill(accent);
    if cx.detail == Detail::Minimal {
        cx.painter.rect_filled(r, 0.0, lerp(fill, accent, 0.5));
        return;
    }
    let radius = CornerRadius::same((8.0 * cx.zoom).clamp(0.0, 12.0) as u8);
    cx.painter.rect(
        r,
        radius,
        fill,
        Stroke::new((1.5 * cx.zoom).clamp(0.6, 2.5), accent),
        StrokeKind::Inside,
    );
    if cx.detail == Detail::NoText {
        return;
    }
    let z = cx.zoom;
    // Icon: a filled circle with the category glyph.
    let icon_r = 12.0 * z;
    let icon_c = Pos2::new(r.min.x + 10.0 * z + icon_r, r.center().y);
    cx.painter.circle_filled(icon_c, icon_r, accent);
    cx.painter.text(
        icon_c,
        Align2::CENTER_CENTER,
        glyph,
        FontId::proportional(13.0 * z),
        Color32::WHITE,
    );
    let text_rect = Rect::from_min_max(
        Pos2::new(icon_c.x + icon_r + 8.0 * z, r.min.y + 4.0 * z),
        Pos2::new(r.max.x - 8.0 * z, r.max.y - 4.0 * z),
    );
    let label = if c.label.is_empty() {
        &kind_name
    } else {
        &c.label
    };
    let show_kind = !c.label.is_empty() && !kind_name.is_empty() && kind_name != c.label;
    if show_kind && r.height() > 50.0 * z {
        let (top, bottom) = text_rect.split_top_bottom_at_fraction(0.62);
        cx.text_in(top, label, LABEL_SIZE, cx.pal.text, Align2::LEFT_BOTTOM);
        cx.text_in(bottom, &kind_name, 11.0, cx.pal.muted, Align2::LEFT_TOP);
    } else {
        cx.text_in(
            text_rect,
            label,
            LABEL_SIZE,
            cx.pal.text,
            Align2::LEFT_CENTER,
        );
    }
}

/// A note: a card with its text from the top-left.
pub fn note(cx: &Ctx<'_>, n: &Note, r: Rect) {
    let fill = n.color.map_or(cx.pal.note, Palette::color);
    if cx.detail == Detail::Minimal {
        cx.painter.rect_filled(r, 0.0, fill);
        return;
    }
    let z = cx.zoom;
    if cx.detail == Detail::Full {
        // A soft shadow.
        cx.painter.rect_filled(
            r.translate(Vec2::splat(3.0 * z)),
            CornerRadius::same((4.0 * z).min(8.0) as u8),
            Color32::from_black_alpha(if cx.pal.dark { 60 } else { 22 }),
        );
    }
    cx.painter.rect(
        r,
        CornerRadius::same((4.0 * z).min(8.0) as u8),
        fill,
        Stroke::new((1.0 * z).clamp(0.5, 1.5), cx.pal.note_border),
        StrokeKind::Inside,
    );
    if cx.detail == Detail::Full {
        cx.text_in(
            r.shrink(10.0 * z),
            &n.text,
            14.0,
            cx.pal.text,
            Align2::LEFT_TOP,
        );
    }
}

/// A frame: a tinted region with its title above the top-left corner.
pub fn frame(cx: &Ctx<'_>, f: &Frame, r: Rect) {
    let border = f.color.map_or(cx.pal.frame_border, Palette::color);
    let fill = f.color.map_or(cx.pal.frame_fill, |c| {
        let c = Palette::color(c);
        Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 0x1c)
    });
    let radius = CornerRadius::same((10.0 * cx.zoom).clamp(0.0, 14.0) as u8);
    cx.painter.rect(
        r,
        radius,
        fill,
        Stroke::new((1.2 * cx.zoom).clamp(0.5, 2.0), border),
        StrokeKind::Inside,
    );
    if cx.detail == Detail::Full && !f.title.is_empty() {
        let h = FRAME_TITLE_H * cx.zoom;
        let title_rect = Rect::from_min_size(
            Pos2::new(r.min.x + 4.0 * cx.zoom, r.min.y - h),
            Vec2::new(r.width().max(200.0 * cx.zoom), h),
        );
        cx.text_in(title_rect, &f.title, 15.0, border, Align2::LEFT_CENTER);
    }
}

/// An arrow from `a` to `b` (screen points), with head and label.
pub fn arrow(cx: &Ctx<'_>, arr: &Arrow, a: Pos2, b: Pos2, color: Color32) {
    let width = (1.6 * cx.zoom).clamp(0.6, 3.0);
    let stroke = Stroke::new(width, color);
    let dir = (b - a).normalized();
    if cx.detail == Detail::Minimal {
        cx.painter.line_segment([a, b], stroke);
        return;
    }
    let head_len = (11.0 * cx.zoom).clamp(4.0, 18.0);
    let line_end = if (b - a).length() > head_len {
        b - dir * head_len * 0.8
    } else {
        b
    };
    match arr.style {
        LineStyle::Solid => {
            cx.painter.line_segment([a, line_end], stroke);
        }
        LineStyle::Dashed => {
            let dash = (8.0 * cx.zoom).max(2.0);
            let gap = (6.0 * cx.zoom).max(2.0);
            cx.painter
                .extend(Shape::dashed_line(&[a, line_end], stroke, dash, gap));
        }
    }
    if (b - a).length() > 1.0 {
        let normal = Vec2::new(-dir.y, dir.x);
        let base = b - dir * head_len;
        let pts = vec![
            b,
            base + normal * head_len * 0.45,
            base - normal * head_len * 0.45,
        ];
        cx.painter.add(Shape::Path(PathShape::convex_polygon(
            pts,
            color,
            PathStroke::NONE,
        )));
    }
    if cx.detail == Detail::Full && !arr.label.is_empty() {
        let mid = a + (b - a) * 0.5;
        let galley = cx.painter.layout(
            arr.label.clone(),
            cx.font(13.0),
            cx.pal.text,
            220.0 * cx.zoom,
        );
        let bg = Rect::from_center_size(mid, galley.size() + Vec2::new(10.0, 4.0) * cx.zoom);
        cx.painter
            .rect_filled(bg, CornerRadius::same(4), cx.pal.label_bg);
        cx.painter
            .galley(bg.min + Vec2::new(5.0, 2.0) * cx.zoom, galley, cx.pal.text);
    }
}

/// The dot grid, as one mesh of tiny squares.
pub fn grid(painter: &Painter, canvas: Rect, origin: Pos2, zoom: f32, step: f32, color: Color32) {
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
