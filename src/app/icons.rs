//! The category icons, drawn as vector strokes so they stay sharp from 12
//! to 48 points and take any colour (white on the coloured badge on the
//! canvas and in the palette, in both themes).

use egui::epaint::{PathShape, PathStroke};
use egui::{Color32, ColorImage, Painter, Pos2, Rect, Shape, Stroke, Vec2};

/// Draws the named icon into `rect` with strokes of `color`. Unknown names
/// draw a question mark. Returns whether the name was known.
pub fn paint(painter: &Painter, name: &str, rect: Rect, color: Color32) -> bool {
    let s = rect.width().min(rect.height());
    let o = rect.center() - Vec2::splat(s * 0.5);
    let p = |x: f32, y: f32| o + Vec2::new(x * s, y * s);
    let w = (s / 14.0).clamp(0.8, 3.5);
    let stroke = Stroke::new(w, color);
    let line = |pts: &[(f32, f32)]| {
        let pts: Vec<Pos2> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
        painter.add(Shape::Path(PathShape::line(pts, PathStroke::new(w, color))));
    };
    let closed = |pts: &[(f32, f32)]| {
        let pts: Vec<Pos2> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
        painter.add(Shape::Path(PathShape::closed_line(
            pts,
            PathStroke::new(w, color),
        )));
    };
    let ellipse = |cx: f32, cy: f32, rx: f32, ry: f32, from: f32, to: f32| {
        let n = 16;
        let pts: Vec<Pos2> = (0..=n)
            .map(|i| {
                let t = from + (to - from) * i as f32 / n as f32;
                p(cx + rx * t.cos(), cy + ry * t.sin())
            })
            .collect();
        painter.add(Shape::Path(PathShape::line(pts, PathStroke::new(w, color))));
    };
    let pi = std::f32::consts::PI;
    match name {
        "client" => {
            closed(&[(0.14, 0.2), (0.86, 0.2), (0.86, 0.64), (0.14, 0.64)]);
            line(&[(0.5, 0.64), (0.5, 0.8)]);
            line(&[(0.3, 0.8), (0.7, 0.8)]);
        }
        "ingest" => {
            closed(&[
                (0.14, 0.2),
                (0.86, 0.2),
                (0.58, 0.52),
                (0.58, 0.84),
                (0.42, 0.74),
                (0.42, 0.52),
            ]);
        }
        "storage" => {
            ellipse(0.5, 0.26, 0.32, 0.1, 0.0, 2.0 * pi);
            line(&[(0.18, 0.26), (0.18, 0.74)]);
            line(&[(0.82, 0.26), (0.82, 0.74)]);
            ellipse(0.5, 0.5, 0.32, 0.1, 0.0, pi);
            ellipse(0.5, 0.74, 0.32, 0.1, 0.0, pi);
        }
        "processing" => {
            painter.circle_stroke(p(0.5, 0.5), 0.16 * s, stroke);
            for i in 0..8 {
                let a = i as f32 * pi / 4.0;
                let (c, d) = (a.cos(), a.sin());
                line(&[
                    (0.5 + 0.25 * c, 0.5 + 0.25 * d),
                    (0.5 + 0.37 * c, 0.5 + 0.37 * d),
                ]);
            }
        }
        "labels" => {
            closed(&[
                (0.16, 0.24),
                (0.58, 0.24),
                (0.86, 0.5),
                (0.58, 0.76),
                (0.16, 0.76),
            ]);
            painter.circle_stroke(p(0.34, 0.5), 0.06 * s, stroke);
        }
        "features" => {
            closed(&[(0.18, 0.18), (0.82, 0.18), (0.82, 0.82), (0.18, 0.82)]);
            for t in [0.393, 0.607] {
                line(&[(t, 0.18), (t, 0.82)]);
                line(&[(0.18, t), (0.82, t)]);
            }
        }
        "training" => {
            line(&[(0.18, 0.16), (0.18, 0.82), (0.86, 0.82)]);
            line(&[
                (0.28, 0.24),
                (0.38, 0.46),
                (0.5, 0.6),
                (0.64, 0.67),
                (0.82, 0.7),
            ]);
        }
        "registry" => {
            closed(&[(0.14, 0.2), (0.86, 0.2), (0.86, 0.36), (0.14, 0.36)]);
            closed(&[(0.2, 0.36), (0.8, 0.36), (0.8, 0.82), (0.2, 0.82)]);
            line(&[(0.4, 0.5), (0.6, 0.5)]);
        }
        "serving" => {
            closed(&[(0.16, 0.18), (0.84, 0.18), (0.84, 0.45), (0.16, 0.45)]);
            closed(&[(0.16, 0.55), (0.84, 0.55), (0.84, 0.82), (0.16, 0.82)]);
            painter.circle_filled(p(0.3, 0.315), w * 0.9, color);
            painter.circle_filled(p(0.3, 0.685), w * 0.9, color);
            line(&[(0.46, 0.315), (0.72, 0.315)]);
            line(&[(0.46, 0.685), (0.72, 0.685)]);
        }
        "retrieval" => {
            painter.circle_stroke(p(0.42, 0.42), 0.23 * s, stroke);
            line(&[(0.59, 0.59), (0.84, 0.84)]);
        }
        "cache" => {
            closed(&[
                (0.58, 0.12),
                (0.26, 0.56),
                (0.48, 0.56),
                (0.4, 0.88),
                (0.74, 0.42),
                (0.52, 0.42),
            ]);
        }
        "experiment" => {
            line(&[(0.36, 0.16), (0.64, 0.16)]);
            line(&[
                (0.42, 0.16),
                (0.42, 0.42),
                (0.18, 0.84),
                (0.82, 0.84),
                (0.58, 0.42),
                (0.58, 0.16),
            ]);
            line(&[(0.3, 0.64), (0.7, 0.64)]);
        }
        "monitoring" => {
            line(&[
                (0.08, 0.56),
                (0.3, 0.56),
                (0.4, 0.26),
                (0.54, 0.8),
                (0.64, 0.46),
                (0.92, 0.46),
            ]);
        }
        "infrastructure" => {
            closed(&[(0.5, 0.18), (0.86, 0.36), (0.5, 0.54), (0.14, 0.36)]);
            line(&[(0.14, 0.5), (0.5, 0.68), (0.86, 0.5)]);
            line(&[(0.14, 0.64), (0.5, 0.82), (0.86, 0.64)]);
        }
        "custom" => {
            closed(&[(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8)]);
            line(&[(0.5, 0.34), (0.5, 0.66)]);
            line(&[(0.34, 0.5), (0.66, 0.5)]);
        }
        _ => {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "?",
                egui::FontId::proportional(s * 0.8),
                color,
            );
            return false;
        }
    }
    true
}

/// A round badge in `fill` with the icon in white, as components show it.
pub fn badge(painter: &Painter, name: &str, center: Pos2, radius: f32, fill: Color32) {
    painter.circle_filled(center, radius, fill);
    let r = Rect::from_center_size(center, Vec2::splat(radius * 1.35));
    paint(painter, name, r, Color32::WHITE);
}

/// Icons filled into one texture, so that a list of them (the palette)
/// costs one textured quad each instead of hundreds of tiny feathered
/// triangles: on a software renderer the palette's icons were an eighth of
/// a frame. Icons are filled white (by the rasterizer pictures use) and
/// tinted when drawn; quads are queued while a list is laid out and drawn
/// together by [`flush`] (after the badges' discs, in one mesh).
pub struct IconAtlas {
    ppp: f32,
    image: ColorImage,
    texture: Option<egui::TextureHandle>,
    slots: std::collections::HashMap<(String, usize), [usize; 2]>,
    next: usize,
    dirty: bool,
    /// Screen rect, texture rect (pixels), tint; and the pass they belong to.
    quads: Vec<(Rect, [usize; 4], Color32)>,
    pass: u64,
}

/// Side of the atlas texture, and of one slot (the largest icon it holds).
const ATLAS: usize = 512;
const SLOT: usize = 40;

impl Default for IconAtlas {
    fn default() -> Self {
        Self {
            ppp: 0.0,
            image: ColorImage::filled([ATLAS, ATLAS], Color32::TRANSPARENT),
            texture: None,
            slots: std::collections::HashMap::new(),
            next: 0,
            dirty: false,
            quads: Vec::new(),
            pass: 0,
        }
    }
}

type SharedAtlas = std::sync::Arc<std::sync::Mutex<IconAtlas>>;

fn atlas(ctx: &egui::Context) -> SharedAtlas {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<SharedAtlas>(egui::Id::unique("icon-atlas"))
            .clone()
    })
}

impl IconAtlas {
    /// Queues the icon `name` into `rect`, tinted; false when it cannot be
    /// (unknown name, too large, atlas full): the caller draws the vectors.
    fn queue(&mut self, ctx: &egui::Context, name: &str, rect: Rect, tint: Color32) -> bool {
        let ppp = ctx.pixels_per_point();
        let pass = ctx.cumulative_pass_nr();
        if ppp != self.ppp {
            *self = Self {
                ppp,
                ..Self::default()
            };
        }
        if pass != self.pass {
            // Quads nobody flushed (a list that was not drawn) are dropped.
            self.quads.clear();
            self.pass = pass;
        }
        let n = (rect.width().min(rect.height()) * ppp).round() as usize;
        if n == 0 || n > SLOT || !crate::model::ICONS.contains(&name) {
            return false;
        }
        let key = (name.to_owned(), n);
        let at = match self.slots.get(&key) {
            Some(at) => *at,
            None => {
                let per_row = ATLAS / SLOT;
                if self.next >= per_row * per_row {
                    return false;
                }
                let at = [(self.next % per_row) * SLOT, (self.next / per_row) * SLOT];
                self.next += 1;
                self.fill(ctx, name, n, at);
                self.slots.insert(key, at);
                at
            }
        };
        // Whole pixels, so the icon maps 1:1 onto the screen.
        let c = rect.center();
        let min = egui::pos2(
            ((c.x * ppp) - n as f32 / 2.0).round() / ppp,
            ((c.y * ppp) - n as f32 / 2.0).round() / ppp,
        );
        let screen = Rect::from_min_size(min, Vec2::splat(n as f32 / ppp));
        self.quads.push((screen, [at[0], at[1], n, n], tint));
        true
    }

    /// Fills the white icon `name`, `n` pixels square, at `at`.
    fn fill(&mut self, ctx: &egui::Context, name: &str, n: usize, at: [usize; 2]) {
        let layer = egui::LayerId::new(egui::Order::Background, egui::Id::unique("icon-scratch"));
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::splat(n as f32 / self.ppp));
        let painter = Painter::new(ctx.clone(), layer, rect);
        paint(&painter, name, rect, Color32::WHITE);
        let shapes = ctx.graphics_mut(|g| std::mem::take(g.entry(layer)));
        let shapes: Vec<egui::epaint::ClippedShape> = shapes.all_entries().cloned().collect();
        let prims = ctx.tessellate(shapes, self.ppp);
        let font = super::export::raster::font_atlas(ctx);
        let icon = super::export::raster::picture(&prims, &[], font, [n, n], self.ppp, 1);
        for y in 0..n {
            let row = (at[1] + y) * ATLAS + at[0];
            self.image.pixels[row..row + n].copy_from_slice(&icon.pixels[y * n..(y + 1) * n]);
        }
        self.dirty = true;
    }

    fn flush(&mut self, ctx: &egui::Context, painter: &Painter) {
        if self.quads.is_empty() {
            return;
        }
        if self.dirty || self.texture.is_none() {
            let options = egui::TextureOptions::NEAREST;
            match &mut self.texture {
                Some(t) => t.set(self.image.clone(), options),
                None => {
                    self.texture =
                        Some(ctx.load_texture("icon-atlas", self.image.clone(), options));
                }
            }
            self.dirty = false;
        }
        let Some(texture) = &self.texture else {
            return;
        };
        let mut mesh = egui::epaint::Mesh::with_texture(texture.id());
        let side = ATLAS as f32;
        for (screen, [x, y, w, h], tint) in self.quads.drain(..) {
            let uv = Rect::from_min_size(
                egui::pos2(x as f32 / side, y as f32 / side),
                Vec2::new(w as f32 / side, h as f32 / side),
            );
            mesh.add_rect_with_uv(screen, uv, tint);
        }
        painter.add(Shape::mesh(mesh));
    }
}

/// Draws the icon `name` into `rect` in `color` from the icon atlas, queued
/// until [`flush`]; vectors when the atlas cannot hold it.
pub fn queued(ui: &egui::Ui, name: &str, rect: Rect, color: Color32) {
    let shared = atlas(ui.ctx());
    let ok = shared
        .lock()
        .is_ok_and(|mut a| a.queue(ui.ctx(), name, rect, color));
    if !ok {
        paint(ui.painter(), name, rect, color);
    }
}

/// [`badge`] with the icon queued in the atlas (see [`queued`]).
pub fn queued_badge(ui: &egui::Ui, name: &str, center: Pos2, radius: f32, fill: Color32) {
    ui.painter().circle_filled(center, radius, fill);
    let r = Rect::from_center_size(center, Vec2::splat(radius * 1.35));
    queued(ui, name, r, Color32::WHITE);
}

/// Draws the icons queued so far, on top of what `ui` has drawn.
pub fn flush(ui: &egui::Ui) {
    let shared = atlas(ui.ctx());
    if let Ok(mut a) = shared.lock() {
        a.flush(ui.ctx(), ui.painter());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_icons_come_from_one_texture_drawn_as_one_mesh() {
        let ctx = egui::Context::default();
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let r = Rect::from_min_size(Pos2::new(10.0, 10.0), Vec2::splat(16.0));
            let shared = atlas(ui.ctx());
            let mut a = shared.lock().unwrap();
            for name in crate::model::ICONS {
                assert!(a.queue(ui.ctx(), name, r, Color32::RED), "{name}");
            }
            // Each icon filled once, whatever its tint.
            let filled = a.next;
            assert!(a.queue(ui.ctx(), crate::model::ICONS[0], r, Color32::BLUE));
            assert_eq!(a.next, filled);
            assert!(!a.queue(ui.ctx(), "no-such-icon", r, Color32::RED));
            let huge = Rect::from_min_size(Pos2::ZERO, Vec2::splat(200.0));
            assert!(!a.queue(ui.ctx(), crate::model::ICONS[0], huge, Color32::RED));
            // The filled icon has ink in its slot.
            let [x, y] = a.slots[&(crate::model::ICONS[0].to_owned(), 16)];
            let ink = (y..y + 16)
                .flat_map(|row| (x..x + 16).map(move |col| (row, col)))
                .filter(|(row, col)| a.image.pixels[row * ATLAS + col].a() > 0)
                .count();
            assert!(ink > 10, "{ink} pixels of ink");
            let before = ui.painter().layer_id();
            a.flush(ui.ctx(), ui.painter());
            assert!(a.quads.is_empty());
            let shapes = ui
                .ctx()
                .graphics(|g| g.get(before).map_or(0, |l| l.all_entries().len()));
            assert_eq!(shapes, 1, "one mesh for all the icons");
        });
        out.textures_delta.clear();
    }

    #[test]
    fn every_catalog_icon_is_drawn() {
        let ctx = egui::Context::default();
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = ui.painter();
            let r = Rect::from_min_size(Pos2::ZERO, Vec2::splat(24.0));
            for name in crate::model::ICONS {
                assert!(
                    paint(painter, name, r, Color32::WHITE),
                    "icon {name} is not drawn"
                );
            }
            assert!(!paint(painter, "no-such-icon", r, Color32::WHITE));
        });
        out.textures_delta.clear();
    }
}
