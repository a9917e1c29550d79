//! The board at full detail, filled into a texture a little larger than the
//! view, so that panning a busy board costs one textured quad.
//!
//! On a software renderer (Mesa's llvmpipe) the cost of a frame is the
//! pixels its triangles touch, and long thin triangles (arrows crossing
//! the view, glyph quads) touch many more than they cover. A pan does not
//! change what is drawn, only where: so once the board's content has been
//! still for a frame, the canvas draws the region around the view once
//! more into shapes, has egui tessellate them, and a worker thread fills
//! the triangles into pixels with the same rasterizer pictures use. Until
//! that image arrives (and whenever the view is outside it) the canvas
//! draws directly, so the cache never makes a frame wait. When the view
//! nears the image's edge, the next region is filled ahead.

use std::sync::mpsc;

use egui::epaint::ClippedPrimitive;
use egui::{ColorImage, Pos2, Rect, TextureOptions, Vec2};

use super::export::raster;
use crate::model::{self, Point};

/// Visible elements from which the cache is worth it: below this, drawing
/// directly costs a couple of milliseconds even on a software renderer,
/// and a fill after every edit would cost more than it saves.
pub const MIN_ELEMENTS: usize = 100;
/// How far (screen points) the filled region reaches past the view on each
/// side, at most.
pub const MARGIN: f32 = 384.0;
/// The smallest margin worth a cache (a large window at a high pixel
/// density may leave no room in a texture).
const MIN_MARGIN: f32 = 96.0;

/// What a filled image shows: the board's generation and revision, zoom,
/// theme, selection, the element being edited, pixels per point, grid.
pub type Key = [u64; 8];

/// A filled region.
struct Filled {
    key: Key,
    texture: egui::TextureHandle,
    plan: Plan,
}

/// A region being filled by the worker.
struct Pending {
    key: Key,
    plan: Plan,
    rx: mpsc::Receiver<ColorImage>,
}

/// Where the next fill goes, in screen points and board units.
pub struct Plan {
    /// The region's top-left on screen, on a whole pixel.
    pub min: Pos2,
    /// Its size in pixels.
    pub size: [usize; 2],
    /// The board area it covers.
    pub region: model::Rect,
    /// The area the view may move in before the next fill.
    pub inner: model::Rect,
    /// The board point at the top-left pixel.
    pub origin: Point,
}

/// The cache: the image in use and the one being filled.
#[derive(Default)]
pub struct DetailCache {
    filled: Option<Filled>,
    pending: Option<Pending>,
    last_key: Option<Key>,
    /// Fills started (for tests and the measurements).
    pub fills: u64,
}

/// What to do this frame.
pub struct Frame {
    /// The image to draw, if one covers the view.
    pub draw: Option<(egui::TextureId, Point, [usize; 2])>,
    /// Whether a new region should be filled now.
    pub fill: bool,
}

impl DetailCache {
    /// Takes a finished fill, and says whether an image covers `view` and
    /// whether to start the next fill.
    pub fn frame(&mut self, ctx: &egui::Context, key: Key, view: &model::Rect) -> Frame {
        let stable = self.last_key.replace(key) == Some(key);
        if let Some(p) = &self.pending {
            match p.rx.try_recv() {
                Ok(image) => {
                    if let Some(p) = self.pending.take()
                        && p.key == key
                    {
                        self.land(ctx, p, image);
                    }
                }
                Err(mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(15));
                }
                Err(mpsc::TryRecvError::Disconnected) => self.pending = None,
            }
        }
        let current = self
            .filled
            .as_ref()
            .filter(|f| f.key == key && f.plan.region.contains_rect(view));
        let fill = stable
            && self.pending.is_none()
            && current.is_none_or(|f| !f.plan.inner.contains_rect(view));
        Frame {
            draw: current.map(|f| (f.texture.id(), f.plan.origin, f.plan.size)),
            fill,
        }
    }

    /// Takes in a finished fill; the texture is reused when the size is.
    fn land(&mut self, ctx: &egui::Context, p: Pending, image: ColorImage) {
        match &mut self.filled {
            Some(f) if f.plan.size == p.plan.size => {
                f.texture.set(image, TextureOptions::NEAREST);
                f.key = p.key;
                f.plan = p.plan;
            }
            _ => {
                self.filled = Some(Filled {
                    key: p.key,
                    texture: ctx.load_texture("canvas-detail", image, TextureOptions::NEAREST),
                    plan: p.plan,
                });
            }
        }
    }

    /// Hands tessellated `prims` (positions relative to the region's
    /// top-left) to a worker thread to fill.
    pub fn start(
        &mut self,
        key: Key,
        plan: Plan,
        prims: Vec<ClippedPrimitive>,
        atlas: ColorImage,
        ppp: f32,
    ) {
        // One thread: the renderer's own threads are busy drawing frames.
        if let Some(rx) = spawn_fill(prims, Vec::new(), atlas, plan.size, ppp, 1) {
            self.fills += 1;
            self.pending = Some(Pending { key, plan, rx });
        }
    }

    /// The texture in use, if any (for tests).
    #[must_use]
    pub fn texture(&self) -> Option<egui::TextureId> {
        self.filled.as_ref().map(|f| f.texture.id())
    }

    /// Whether a fill is under way.
    #[must_use]
    pub fn pending(&self) -> bool {
        self.pending.is_some()
    }
}

/// Fills `prims`, then `lines`, into an image of `size` pixels on a worker thread (in
/// `threads` bands), `texture` standing for egui's font atlas; the image
/// arrives on the receiver. `None` if no thread could be started.
pub fn spawn_fill(
    prims: Vec<ClippedPrimitive>,
    lines: Vec<raster::Hairline>,
    texture: ColorImage,
    size: [usize; 2],
    ppp: f32,
    threads: usize,
) -> Option<mpsc::Receiver<ColorImage>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("canvas-fill".into())
        .spawn(move || {
            let image = raster::picture(&prims, &lines, texture, size, ppp, threads);
            // The canvas may have moved on (and dropped the receiver).
            let _ = tx.send(image);
        })
        .ok()?;
    Some(rx)
}

/// The region to fill around a canvas at `canvas` (screen points), given
/// the view's mapping; `None` when no margin fits in a texture of
/// `max_side` pixels.
#[must_use]
pub fn plan(
    canvas: Rect,
    ppp: f32,
    max_side: usize,
    to_board: impl Fn(Pos2) -> Point,
) -> Option<Plan> {
    let room = (max_side as f32 / ppp - canvas.width().max(canvas.height())) / 2.0 - 1.0;
    let margin = room.min(MARGIN);
    if margin.is_nan() || margin < MIN_MARGIN {
        return None;
    }
    let outer = canvas.expand(margin);
    let min = Pos2::new(
        (outer.min.x * ppp).floor() / ppp,
        (outer.min.y * ppp).floor() / ppp,
    );
    let size = [
        ((outer.max.x - min.x) * ppp).ceil() as usize,
        ((outer.max.y - min.y) * ppp).ceil() as usize,
    ];
    let max = min + Vec2::new(size[0] as f32, size[1] as f32) / ppp;
    let region = model::Rect::from_two_points(to_board(min), to_board(max));
    let inner = canvas.expand(margin / 2.0);
    Some(Plan {
        min,
        size,
        region,
        inner: model::Rect::from_two_points(to_board(inner.min), to_board(inner.max)),
        origin: to_board(min),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(p: Pos2) -> Point {
        Point::new(p.x, p.y)
    }

    #[test]
    fn plan_reaches_past_the_view_on_whole_pixels() {
        let canvas = Rect::from_min_size(Pos2::new(230.3, 50.0), Vec2::new(745.0, 725.0));
        let p = plan(canvas, 1.0, 4096, identity).expect("room for a margin");
        assert_eq!(p.min.x, (230.3f32 - MARGIN).floor());
        assert!(p.size[0] >= (745.0 + 2.0 * MARGIN) as usize);
        assert!(p.size[0] <= (745.0 + 2.0 * MARGIN) as usize + 1);
        let view = model::Rect::from_two_points(identity(canvas.min), identity(canvas.max));
        assert!(p.inner.contains_rect(&view));
        assert!(p.region.contains_rect(&p.inner));
        let moved = model::Rect::from_two_points(
            view.min.offset(MARGIN / 2.0 + 1.0, 0.0),
            view.max.offset(MARGIN / 2.0 + 1.0, 0.0),
        );
        assert!(!p.inner.contains_rect(&moved));
    }

    #[test]
    fn plan_shrinks_the_margin_to_fit_a_texture_or_gives_up() {
        let canvas = Rect::from_min_size(Pos2::ZERO, Vec2::new(1800.0, 1000.0));
        let p = plan(canvas, 2.0, 4096, identity).expect("a smaller margin fits");
        assert!(p.size[0] <= 4096);
        assert!(plan(canvas, 2.2, 4096, identity).is_none());
    }
}
