//! The pictures busy boards are drawn from, so that a pan costs one
//! textured quad instead of thousands of thin triangles on a software
//! renderer:
//!
//! - zoomed out ([`Detail::NoText`] and below): the whole board, batched,
//!   in one picture moved with the view;
//! - at full detail with many elements in view: the region around the
//!   view (about a view and a half each way, dot grid included), filled
//!   again ahead of time when the view nears its edge.
//!
//! One policy for both: a picture shows one state of the board (its key:
//! document, revision, zoom, theme, selection, what a move hides...); when
//! the key changes, a new picture is filled by the rasterizer on a worker
//! thread, and the previous fill, if still running, is cancelled. No
//! picture is ever filled on the UI thread. Until the new one lands the
//! canvas draws directly, except zoomed out, where the previous picture
//! stands in for the few frames the fill takes (it may lag an edit by
//! that long), and a big board just opened, which shows nothing rather
//! than spend a slow frame drawing what the picture will show.
//!
//! During a move the moving elements are left out of the pictures and
//! drawn on top, offset by the drag: directly when few of them are in view
//! (only those in view, found through the index), else from a picture of
//! their own moved with the pointer (zoomed out: all of them; full detail:
//! the region around the view).

use egui::{Pos2, Rect, TextureOptions, Ui, Vec2};

use super::Canvas;
use crate::app::document::Document;
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Element, ElementId, Point};
use crate::render::draw::{self, Detail};
use crate::render::picture::{Fill, Plan, Poll};
use crate::render::raster::{self, Hairline};

/// Elements from which the first zoomed-out picture of a board just opened
/// is waited for (smaller boards take a few milliseconds to draw).
const BACKGROUND_FILL_MIN: usize = 2000;
/// Moving elements from which a zoomed-out move gets a picture of its own.
const MOVING_PICTURE_MIN: usize = 100;
/// Moving elements in view from which a move at full detail draws them
/// from a picture of their own. Below it they are drawn directly: on a
/// software renderer (llvmpipe, 1280x800) blending a picture the size of
/// the view costs about what drawing 150-200 elements does. Measured
/// (bench-drag, 5,000/8,000 scene at 100 %, 93 moving in view): 16.7 ms a
/// frame from a picture, 14.4 ms directly; 500/800 scene, all 1,300
/// moving, 156 in view: 16.0 ms and 15.8 ms.
const MOVING_REGION_MIN: usize = 200;

/// What a picture shows besides where it is.
pub type Key = [u64; 11];

/// A picture on the GPU: its key, texture, where its top-left pixel is on
/// the board and its size in pixels.
struct Shown {
    key: Key,
    texture: egui::TextureHandle,
    origin: Point,
    size: [usize; 2],
    /// For region pictures: the board area it covers and the area the view
    /// may move in before the next fill.
    plan: Option<Plan>,
}

/// A picture being filled.
struct Pending {
    key: Key,
    origin: Point,
    size: [usize; 2],
    plan: Option<Plan>,
    fill: Fill,
}

/// One kind of picture: the one shown and the one being filled.
#[derive(Default)]
struct Slot {
    shown: Option<Shown>,
    pending: Option<Pending>,
    /// The key of the last frame (a region is filled once it is stable).
    last_key: Option<Key>,
    /// Fills started.
    fills: u64,
}

impl Slot {
    /// Takes in a finished fill; returns whether one landed.
    fn land(&mut self, ui: &Ui, name: &str) -> bool {
        let Some(p) = &self.pending else {
            return false;
        };
        match p.fill.poll() {
            Poll::Pending => {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(10));
                false
            }
            Poll::Failed => {
                self.pending = None;
                false
            }
            Poll::Ready(image) => {
                let Some(p) = self.pending.take() else {
                    return false;
                };
                // A new texture each time, so a new picture has a new id.
                let texture = ui.ctx().load_texture(name, image, TextureOptions::NEAREST);
                self.shown = Some(Shown {
                    key: p.key,
                    texture,
                    origin: p.origin,
                    size: p.size,
                    plan: p.plan,
                });
                true
            }
        }
    }

    /// Starts filling a picture for `key` (cancelling one under way).
    #[expect(clippy::too_many_arguments, reason = "the plan of one fill")]
    fn start(
        &mut self,
        key: Key,
        origin: Point,
        size: [usize; 2],
        plan: Option<Plan>,
        prims: Vec<epaint::ClippedPrimitive>,
        lines: Vec<Hairline>,
        texture: egui::ColorImage,
        ppp: f32,
        threads: usize,
    ) {
        if let Some(old) = self.pending.take() {
            old.fill.cancel();
        }
        if let Some(fill) = Fill::spawn(prims, lines, texture, size, ppp, threads) {
            self.fills += 1;
            self.pending = Some(Pending {
                key,
                origin,
                size,
                plan,
                fill,
            });
        }
    }

    /// For a frame that wants a picture of `key`: drops a fill made for a
    /// state that is gone and takes in one that has landed.
    fn refresh(&mut self, ui: &Ui, name: &str, key: Key) {
        if self.pending.as_ref().is_some_and(|p| p.key != key) {
            self.pending = None;
        }
        self.land(ui, name);
    }

    /// Whether the picture shown is of `key`.
    fn shows(&self, key: Key) -> bool {
        self.shown.as_ref().is_some_and(|s| s.key == key)
    }
}

/// A zoomed-out move that just ended: until the picture of the board as
/// it is now lands, the pictures of the move (the still part, the moving
/// part at its last offset) stand in, so the elements do not jump back.
struct Settling {
    revision: u64,
    zoom: f32,
    delta: (f32, f32),
    bridges: Vec<ElementId>,
}

/// Remembered extents: (generation, revision, what) and the bounds and ids.
type Extents = Vec<(
    [u64; 3],
    Option<(model::Rect, std::sync::Arc<Vec<ElementId>>)>,
)>;

/// The bounds of the elements `keep` accepts and those elements, in board
/// order, remembered for `memo` (what `keep` depends on) at this state of
/// the board, so that a frame drawn from pictures does not walk the board.
fn extent_memo(
    extents: &mut Extents,
    index: &SpatialIndex,
    doc: &Document,
    memo: u64,
    keep: impl Fn(ElementId) -> bool,
) -> Option<(model::Rect, std::sync::Arc<Vec<ElementId>>)> {
    let key = [doc.generation(), doc.history.revision(), memo];
    if let Some((_, found)) = extents.iter().find(|(k, _)| *k == key) {
        return found.clone();
    }
    let mut bounds: Option<model::Rect> = None;
    let mut ids = Vec::new();
    for e in doc.board.elements() {
        let id = e.id();
        if !keep(id) {
            continue;
        }
        if let Some(b) = index.bounds(id) {
            bounds = Some(bounds.map_or(b, |a| a.union(&b)));
        }
        ids.push(id);
    }
    let found = bounds.map(|b| (b, std::sync::Arc::new(ids)));
    if extents.len() >= 4 {
        extents.remove(0);
    }
    extents.push((key, found.clone()));
    found
}

/// The canvas's pictures.
#[derive(Default)]
pub(super) struct Pictures {
    /// The whole board zoomed out.
    zoomed: Slot,
    /// The region around the view at full detail.
    region: Slot,
    /// The moving elements of a zoomed-out move.
    moving: Slot,
    /// A move that just ended, while its picture is filled.
    settling: Option<Settling>,
    /// Extents of parts of the board (see [`extent_memo`]).
    extents: Extents,
}

impl Pictures {
    /// A move ended at `revision` with `drag`'s offset.
    pub(super) fn settle(&mut self, revision: u64, zoom: f32, drag: &super::gesture::Drag) {
        self.settling = Some(Settling {
            revision,
            zoom,
            delta: drag.delta,
            bridges: drag.bridges.clone(),
        });
    }

    /// Whether any picture is being filled.
    pub(super) fn filling(&self) -> bool {
        self.zoomed.pending.is_some()
            || self.region.pending.is_some()
            || self.moving.pending.is_some()
    }
}

impl Canvas {
    /// The texture the zoomed-out board is drawn from, when in use.
    #[must_use]
    pub fn cached_texture(&self) -> Option<egui::TextureId> {
        self.pictures.zoomed.shown.as_ref().map(|s| s.texture.id())
    }

    /// The picture the board at full detail is drawn from, when in use.
    #[must_use]
    pub fn detail_texture(&self) -> Option<egui::TextureId> {
        self.pictures.region.shown.as_ref().map(|s| s.texture.id())
    }

    /// Whether a picture of the board is being filled in the background.
    #[must_use]
    pub fn filling(&self) -> bool {
        self.pictures.filling()
    }

    /// How many full-detail region pictures have been started.
    #[must_use]
    pub fn detail_fills(&self) -> u64 {
        self.pictures.region.fills
    }

    /// How many zoomed-out pictures (whole board, or moving elements) have
    /// been started.
    #[must_use]
    pub fn zoomed_fills(&self) -> u64 {
        self.pictures.zoomed.fills + self.pictures.moving.fills
    }

    /// What a picture depends on besides where it is.
    fn picture_key(&self, doc: &Document, dark: bool, detail: Detail, ppp: f32) -> Key {
        let hidden = self.gestures.drag().map_or(0, |d| d.fingerprint);
        [
            doc.generation(),
            doc.history.revision(),
            u64::from(self.view.zoom.to_bits()),
            u64::from(dark),
            self.selection.fingerprint(),
            super::hash_ids(self.editing.as_ref().map(|e| e.id)),
            // Pixel density and text scale: a picture at another of either
            // cannot stand in, even scaled.
            u64::from(ppp.to_bits()) | u64::from(self.text_scale.to_bits()) << 32,
            u64::from(self.show_grid),
            detail as u64,
            hidden,
            0,
        ]
    }

    /// Draws a picture of `size` pixels whose top-left pixel shows the
    /// board point `origin`, moved by `shift` screen points, on whole pixels
    /// so that it maps 1:1 onto the screen.
    fn paint_picture(
        &self,
        painter: &egui::Painter,
        texture: egui::TextureId,
        origin: Point,
        size: [usize; 2],
        ppp: f32,
        shift: Vec2,
    ) {
        let at = self.to_screen(origin) + shift;
        let at = Pos2::new((at.x * ppp).round() / ppp, (at.y * ppp).round() / ppp);
        let rect = Rect::from_min_size(at, Vec2::new(size[0] as f32, size[1] as f32) / ppp);
        painter.image(
            texture,
            rect,
            Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
            egui::Color32::WHITE,
        );
    }

    /// [`Canvas::paint_picture`] for a picture filled at another zoom:
    /// drawn `scale` times its size (a stand-in until a sharp one lands).
    fn paint_picture_scaled(
        &self,
        painter: &egui::Painter,
        texture: egui::TextureId,
        origin: Point,
        size: [usize; 2],
        ppp: f32,
        scale: f32,
    ) {
        if (scale - 1.0).abs() < 1e-6 {
            self.paint_picture(painter, texture, origin, size, ppp, Vec2::ZERO);
            return;
        }
        let at = self.to_screen(origin);
        let rect = Rect::from_min_size(at, Vec2::new(size[0] as f32, size[1] as f32) * scale / ppp);
        painter.image(
            texture,
            rect,
            Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
            egui::Color32::WHITE,
        );
    }

    /// Full detail, busy view: draws the board from the picture of the
    /// region around the view when one is ready and covers the view
    /// (returns whether it did), and starts filling the next region when
    /// the view nears the edge of the current one or the board changed and
    /// then kept still for a frame.
    pub(super) fn paint_region(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
    ) -> bool {
        self.paint_around_view(ui, painter, cx, doc, false)
    }

    /// Full detail during a move of many elements in view (`in_view`):
    /// draws them from a
    /// picture of the region around the view as they were when the move
    /// began, moved with the pointer; filled again (on a worker) when the
    /// move nears its edge. Returns whether it drew (else the caller draws
    /// them directly).
    pub(super) fn paint_moving_region(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        in_view: usize,
    ) -> bool {
        in_view >= MOVING_REGION_MIN && self.paint_around_view(ui, painter, cx, doc, true)
    }

    /// The region pictures at full detail: the still board (`moving` false:
    /// filled once the board kept still for a frame, grid included, a move's
    /// elements left out) or a move's elements (`moving`: as they were when
    /// the move began, drawn offset by the drag). Draws the picture when it
    /// covers the view; starts the next fill when the view nears its edge.
    fn paint_around_view(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        moving: bool,
    ) -> bool {
        let ppp = ui.ctx().pixels_per_point();
        let mut key = self.picture_key(doc, cx.pal.dark, Detail::Full, ppp);
        let (dx, dy) = self.gestures.drag().map_or((0.0, 0.0), |d| d.delta);
        let view = self.view.visible(self.rect);
        let (slot, name) = if moving {
            key[10] = 0x4d4f_5645;
            (&mut self.pictures.moving, "canvas-moving")
        } else {
            (&mut self.pictures.region, "canvas-detail")
        };
        // The view as the picture's content sees it (a move's elements are
        // drawn shifted by the drag).
        let view = if moving {
            model::Rect::from_two_points(view.min.offset(-dx, -dy), view.max.offset(-dx, -dy))
        } else {
            view
        };
        let stable = slot.last_key.replace(key) == Some(key) || moving;
        slot.refresh(ui, name, key);
        let current = slot.shown.as_ref().filter(|s| {
            s.key == key
                && s.plan
                    .as_ref()
                    .is_some_and(|p| p.region.contains_rect(&view))
        });
        let fill = stable
            && slot.pending.is_none()
            && current.is_none_or(|s| {
                s.plan
                    .as_ref()
                    .is_none_or(|p| !p.inner.contains_rect(&view))
            });
        let draw = current.map(|s| (s.texture.id(), s.origin, s.size));
        if fill {
            self.start_fill_around_view(ui, cx, doc, key, ppp, moving);
        }
        let Some((texture, origin, size)) = draw else {
            return false;
        };
        let shift = Vec2::new(dx, dy) * self.view.zoom;
        self.paint_picture(
            painter,
            texture,
            origin,
            size,
            ppp,
            if moving { shift } else { Vec2::ZERO },
        );
        true
    }

    /// Draws the region around the view into shapes, tessellates them and
    /// hands them to a worker to fill: the still board, or (`moving`) a
    /// move's elements where they were when it began.
    fn start_fill_around_view(
        &mut self,
        ui: &Ui,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        key: Key,
        ppp: f32,
        moving: bool,
    ) {
        let ctx = ui.ctx();
        let drag = self.gestures.drag();
        let (dx, dy) = if moving {
            drag.map_or((0.0, 0.0), |d| d.delta)
        } else {
            (0.0, 0.0)
        };
        let max_side = ctx.input(|i| i.max_texture_side).min(4096);
        let Some(plan) = crate::render::picture::plan(self.rect, ppp, max_side, |p| {
            self.to_board(p).offset(-dx, -dy)
        }) else {
            return;
        };
        // Where the region's top-left is drawn now (without the drag).
        let top_left = if moving {
            self.to_screen(plan.origin)
        } else {
            plan.min
        };
        let screen = Rect::from_min_size(
            top_left,
            Vec2::new(plan.size[0] as f32, plan.size[1] as f32) / ppp,
        );
        let region = plan.region.expand(40.0 / self.view.zoom);
        let ids: Vec<ElementId> = if moving {
            drag.map(|d| {
                d.originals
                    .iter()
                    .map(Element::id)
                    .filter(|id| {
                        doc.board
                            .get(*id)
                            .and_then(|e| doc.board.element_bounds(e))
                            .is_some_and(|b| b.intersects(&region))
                    })
                    .collect()
            })
            .unwrap_or_default()
        } else {
            self.visible_ids(doc, &region)
                .into_iter()
                .filter(|id| drag.is_none_or(|d| !d.is_apart(*id)))
                .collect()
        };
        let origin = self.rect.min + self.view.offset;
        let grid = !moving && self.show_grid && self.view.zoom >= 0.25;
        let mut shapes = ctx.fonts_mut(|fonts| {
            let mut p = crate::render::Painter::new(fonts, screen);
            if grid {
                draw::grid(
                    &mut p,
                    screen,
                    origin,
                    self.view.zoom,
                    super::GRID,
                    cx.pal.grid,
                );
            }
            for id in &ids {
                if let Some(e) = doc.board.get(*id) {
                    self.paint_element(&mut p, cx, &doc.board, e, None);
                }
            }
            p.into_shapes()
        });
        // Positions relative to the region's top-left; no clipping beyond
        // the picture's own edges.
        let shift = -top_left.to_vec2();
        for c in &mut shapes {
            c.shape.translate(shift);
            c.clip_rect = Rect::EVERYTHING;
        }
        let prims = ctx.tessellate(shapes, ppp);
        let atlas = font_atlas(ctx);
        let (origin, size) = (plan.origin, plan.size);
        let slot = if moving {
            &mut self.pictures.moving
        } else {
            &mut self.pictures.region
        };
        // One thread: the renderer's own threads are busy drawing frames.
        slot.start(
            key,
            origin,
            size,
            Some(plan),
            prims,
            Vec::new(),
            atlas,
            ppp,
            1,
        );
    }

    /// Zoomed out: draws the board from its picture (returns whether it
    /// did, or whether nothing is to be drawn while a board just opened is
    /// filled), starting a fill when the board, zoom, selection, theme or
    /// detail changed. Returns false when the board at this zoom is too
    /// large for a texture (the caller draws the mesh instead).
    pub(super) fn paint_zoomed(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
    ) -> bool {
        let ppp = ui.ctx().pixels_per_point();
        let drag = self.gestures.drag();
        let dragging = drag.is_some();
        let memo = drag.map_or(0, |d| d.fingerprint);
        let hidden = |id: ElementId| drag.is_some_and(|d| d.is_apart(id));
        let extent = extent_memo(&mut self.pictures.extents, &self.index, doc, memo, |id| {
            !hidden(id)
        });
        let Some((bounds, ids)) = extent else {
            // Only moving elements: nothing stays put.
            return dragging;
        };
        let Some((sb, size)) = self.texture_box(ui, &bounds) else {
            return false;
        };
        let key = self.picture_key(doc, cx.pal.dark, cx.detail, ppp);
        let mut key_with_size = key;
        key_with_size[10] = (size[0] as u64) << 32 | size[1] as u64;
        let fresh = self.refresh_batched(ui, cx, doc, false, key_with_size, &ids, sb, size);
        if fresh {
            self.pictures.settling = None;
        } else if self.paint_settling(ui, painter, cx, doc, ppp) {
            return true;
        }
        let slot = &self.pictures.zoomed;
        // The previous picture stands in while the next is filled, if it
        // shows this board in this theme at this pixel density (after a
        // zoom, scaled for the few frames until the sharp one lands).
        let usable = slot.shown.as_ref().filter(|s| {
            s.key == key_with_size
                || (s.key[0] == key[0]
                    && s.key[3] == key[3]
                    && s.key[6] == key[6]
                    && s.key[9] == key[9])
        });
        match usable {
            Some(s) => {
                let (texture, origin, size) = (s.texture.id(), s.origin, s.size);
                let scale = self.view.zoom / f32::from_bits(s.key[2] as u32);
                self.paint_picture_scaled(painter, texture, origin, size, ppp, scale);
                true
            }
            None if slot.pending.is_some()
                && doc.board.elements().len() >= BACKGROUND_FILL_MIN
                && !dragging =>
            {
                // A big board just opened: nothing to show for the few
                // frames the fill takes.
                self.drawn = 0;
                true
            }
            None => false,
        }
    }

    /// Right after a zoomed-out move, until the new picture lands: the
    /// still part and the moved part from the move's pictures, the arrows
    /// that stretched drawn directly. Returns whether it drew.
    fn paint_settling(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        ppp: f32,
    ) -> bool {
        let Some(s) = &self.pictures.settling else {
            return false;
        };
        if s.revision != doc.history.revision() || s.zoom != self.view.zoom {
            self.pictures.settling = None;
            return false;
        }
        let Some(moving) = &self.pictures.moving.shown else {
            return false;
        };
        if let Some(still) = &self.pictures.zoomed.shown {
            let (texture, origin, size) = (still.texture.id(), still.origin, still.size);
            self.paint_picture(painter, texture, origin, size, ppp, Vec2::ZERO);
        }
        let shift = Vec2::new(s.delta.0, s.delta.1) * self.view.zoom;
        let (texture, origin, size) = (moving.texture.id(), moving.origin, moving.size);
        self.paint_picture(painter, texture, origin, size, ppp, shift);
        let mesh = self.batched_mesh(cx, doc, &s.bridges, self.rect.expand(20.0), None, false);
        painter.add(egui::Shape::mesh(mesh));
        ui.ctx().request_repaint();
        true
    }

    /// Zoomed out during a move of many elements: draws them from a
    /// picture of their own, moved with the pointer. Returns whether it
    /// did (else the caller draws them directly).
    pub(super) fn paint_moving(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
    ) -> bool {
        let Some(drag) = self.gestures.drag() else {
            return false;
        };
        if drag.originals.len() < MOVING_PICTURE_MIN {
            return false;
        }
        let ppp = ui.ctx().pixels_per_point();
        let (dx, dy) = drag.delta;
        let memo = drag.fingerprint ^ 0x4d4f_5645;
        let extent = extent_memo(&mut self.pictures.extents, &self.index, doc, memo, |id| {
            drag.moves(id)
        });
        let Some((bounds, ids)) = extent else {
            return false;
        };
        let Some((sb, size)) = self.texture_box(ui, &bounds) else {
            return false;
        };
        let mut key = self.picture_key(doc, cx.pal.dark, cx.detail, ppp);
        key[10] = 0x4d4f_5645;
        self.refresh_batched(ui, cx, doc, true, key, &ids, sb, size);
        let Some(s) = self.pictures.moving.shown.as_ref().filter(|s| s.key == key) else {
            return false;
        };
        let shift = Vec2::new(dx, dy) * self.view.zoom;
        let (texture, origin, size) = (s.texture.id(), s.origin, s.size);
        self.paint_picture(painter, texture, origin, size, ppp, shift);
        true
    }

    /// The screen box (with a margin) and pixel size of a picture of
    /// `bounds` at this zoom; `None` when it would not fit in a texture.
    fn texture_box(&self, ui: &Ui, bounds: &model::Rect) -> Option<(Rect, [usize; 2])> {
        let ppp = ui.ctx().pixels_per_point();
        let sb = self.view.rect_to_screen(self.rect.min, bounds).expand(24.0);
        let size = [
            (sb.width() * ppp).ceil() as usize,
            (sb.height() * ppp).ceil() as usize,
        ];
        let max = ui.ctx().input(|i| i.max_texture_side).min(4096);
        (size[0] > 0 && size[1] > 0 && size[0] <= max && size[1] <= max).then_some((sb, size))
    }

    /// A zoomed-out picture of `ids` (the whole board's still part, or with
    /// `moving` a move's elements) at `key`: takes in a landed fill, and
    /// starts one on every core when none shows `key` or is under way.
    /// Returns whether the picture shown is of `key`.
    #[expect(clippy::too_many_arguments, reason = "the plan of one picture")]
    fn refresh_batched(
        &mut self,
        ui: &Ui,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        moving: bool,
        key: Key,
        ids: &[ElementId],
        sb: Rect,
        size: [usize; 2],
    ) -> bool {
        let ppp = ui.ctx().pixels_per_point();
        let (slot, name) = if moving {
            (&mut self.pictures.moving, "canvas-moving")
        } else {
            (&mut self.pictures.zoomed, "canvas-cache")
        };
        slot.refresh(ui, name, key);
        let fresh = slot.shows(key);
        if !fresh && slot.pending.is_none() {
            let origin = self.view.to_board(self.rect.min, sb.min);
            let (prims, lines) = self.batched_picture(cx, doc, ids, sb);
            let white = egui::ColorImage::filled([1, 1], egui::Color32::WHITE);
            let slot = if moving {
                &mut self.pictures.moving
            } else {
                &mut self.pictures.zoomed
            };
            slot.start(
                key,
                origin,
                size,
                None,
                prims,
                lines,
                white,
                ppp,
                raster::cores(),
            );
        }
        fresh
    }

    /// The batched drawing of `ids` as one mesh and hairlines, relative to
    /// the top-left of `sb` (screen points).
    fn batched_picture(
        &self,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        ids: &[ElementId],
        sb: Rect,
    ) -> (Vec<epaint::ClippedPrimitive>, Vec<Hairline>) {
        let mut lines = Vec::new();
        let mut mesh = self.batched_mesh(cx, doc, ids, sb, Some(&mut lines), false);
        for v in &mut mesh.vertices {
            v.pos -= sb.min.to_vec2();
        }
        for l in &mut lines {
            l.from -= sb.min.to_vec2();
            l.to -= sb.min.to_vec2();
        }
        let prims = vec![epaint::ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: epaint::Primitive::Mesh(mesh),
        }];
        (prims, lines)
    }
}

/// The window's font atlas as it is now (glyphs, and the discs small
/// circles are drawn from).
#[must_use]
pub fn font_atlas(ctx: &egui::Context) -> egui::ColorImage {
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "the method path does not satisfy the closure's lifetimes"
    )]
    ctx.fonts(|f| f.image())
}
