//! Pictures of part of a board for the canvas: where a picture of the
//! region around the view goes ([`plan`]), and filling tessellated shapes
//! into its pixels on a worker thread ([`spawn_fill`]), with the same
//! rasterizer exports use. The canvas keeps the textures; this module
//! only makes pixels.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use epaint::{ClippedPrimitive, ColorImage, Pos2, Rect, Vec2};

use super::raster;
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

/// A picture being filled on a worker thread. Dropping it (or
/// [`Fill::cancel`]) tells the worker to stop.
pub struct Fill {
    rx: mpsc::Receiver<ColorImage>,
    cancel: Arc<AtomicBool>,
}

/// Where a fill is.
pub enum Poll {
    /// Still filling.
    Pending,
    /// Done: the picture.
    Ready(ColorImage),
    /// The worker stopped without a picture.
    Failed,
}

impl Fill {
    /// Fills `prims`, then `lines`, into an image of `size` pixels on a
    /// worker thread (in `threads` bands), `texture` standing for the
    /// font atlas. `None` if no thread could be started.
    #[must_use]
    pub fn spawn(
        prims: Vec<ClippedPrimitive>,
        lines: Vec<raster::Hairline>,
        texture: ColorImage,
        size: [usize; 2],
        ppp: f32,
        threads: usize,
    ) -> Option<Self> {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::Builder::new()
            .name("canvas-fill".into())
            .spawn(move || {
                let image =
                    raster::picture_unless(&prims, &lines, texture, size, ppp, threads, &flag);
                if !flag.load(Ordering::Relaxed) {
                    // The canvas may have moved on (and dropped the receiver).
                    let _ = tx.send(image);
                }
            })
            .ok()?;
        Some(Self { rx, cancel })
    }

    /// Whether the picture is ready.
    #[must_use]
    pub fn poll(&self) -> Poll {
        match self.rx.try_recv() {
            Ok(image) => Poll::Ready(image),
            Err(mpsc::TryRecvError::Empty) => Poll::Pending,
            Err(mpsc::TryRecvError::Disconnected) => Poll::Failed,
        }
    }

    /// Tells the worker to stop: the picture is no longer wanted.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Waits for the picture (for tests and benches).
    #[must_use]
    pub fn wait(self) -> Option<ColorImage> {
        self.rx.recv().ok()
    }
}

impl Drop for Fill {
    fn drop(&mut self) {
        self.cancel();
    }
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

    #[test]
    fn a_fill_arrives_and_a_dropped_one_stops() {
        let mut mesh = epaint::Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(1.0, 1.0), Pos2::new(3.0, 3.0)),
            epaint::Color32::RED,
        );
        let prims = vec![ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: epaint::Primitive::Mesh(mesh),
        }];
        let white = ColorImage::filled([1, 1], epaint::Color32::WHITE);
        let fill = Fill::spawn(prims.clone(), Vec::new(), white.clone(), [4, 4], 1.0, 1)
            .expect("a thread");
        let image = fill.wait().expect("a picture");
        assert_eq!(image.pixels[4 + 1], epaint::Color32::RED);
        let fill = Fill::spawn(prims, Vec::new(), white, [4, 4], 1.0, 1).expect("a thread");
        fill.cancel();
        // Cancelled before or after filling: no picture, or one nobody takes.
        drop(fill);
    }

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
