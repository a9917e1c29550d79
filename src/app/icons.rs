//! The palette's icons, filled into one texture so that a list of them
//! costs one textured quad each instead of hundreds of tiny feathered
//! triangles; and drawing icons with egui painters. The icons themselves
//! are [`crate::render::icons`].

use egui::{Color32, ColorImage, Painter, Pos2, Rect, Shape, Vec2};

use super::canvas::draw_with;
use crate::render::icons::paint;

/// A round badge in `fill` with the icon in white, as components show it,
/// drawn with an egui painter.
pub fn badge(
    ctx: &egui::Context,
    painter: &Painter,
    name: &str,
    center: Pos2,
    radius: f32,
    fill: Color32,
) {
    draw_with(ctx, painter, |p| {
        crate::render::icons::badge(p, name, center, radius, fill);
    });
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
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::splat(n as f32 / self.ppp));
        let shapes = ctx.fonts_mut(|fonts| {
            let mut p = crate::render::Painter::new(fonts, rect);
            paint(&mut p, name, rect, Color32::WHITE);
            p.into_shapes()
        });
        let prims = ctx.tessellate(shapes, self.ppp);
        let font = super::canvas::font_atlas(ctx);
        let icon = crate::render::raster::picture(&prims, &[], font, [n, n], self.ppp, 1);
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
        let mut mesh = epaint::Mesh::with_texture(texture.id());
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
        draw_with(ui.ctx(), ui.painter(), |p| {
            paint(p, name, rect, color);
        });
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
}
