//! Painting the canvas: the board with [`crate::render::draw`] (only what
//! is visible, with level of detail), from pictures where they are ready
//! (see [`super::pictures`]), the reference ghost, the selection and
//! gesture overlays, and accessibility nodes for what is drawn.
//!
//! Element drawing goes through a [`crate::render::Painter`] with the
//! window's fonts, and the shapes it collects are added to the canvas's
//! layer: the same calls make PNG and SVG exports.

use std::borrow::Cow;

use egui::{Pos2, Rect, Sense, Stroke, StrokeKind, Ui, WidgetInfo};

use super::gesture::{Drag, Gesture};
use super::hit::{CONNECT_MIN_ZOOM, CONNECT_RADIUS, Handle, handle_box};
use super::{Canvas, GRID};
use crate::app::document::Document;
use crate::model::spatial::SpatialIndex;
use crate::model::{
    self, Arrow, Board, Catalog, Component, Element, ElementId, LineStyle, Note, Point, Routing,
    Side,
};
use crate::render::draw::{self, Detail};
use crate::render::picture::MIN_ELEMENTS;
use crate::render::raster::Hairline;
use crate::render::theme::{self, Palette};

/// Selections larger than this are outlined as a whole, not element by
/// element.
const BIG_SELECTION: usize = 200;

/// The width of arrows on a board zoomed out to [`Detail::Minimal`]: a
/// fainter line rather than a thinner one.
const HAIRLINE_WIDTH: f32 = 0.6;

/// Where things are drawn while a move is in progress: moving elements
/// offset by the drag, arrows attached to them stretched.
#[derive(Clone, Copy)]
pub(super) struct Placement<'a> {
    board: &'a Board,
    index: &'a SpatialIndex,
    drag: Option<&'a Drag>,
}

impl<'a> Placement<'a> {
    pub(super) fn new(board: &'a Board, index: &'a SpatialIndex, drag: Option<&'a Drag>) -> Self {
        Self { board, index, drag }
    }

    /// Whether `id` is drawn apart from the rest (moving, or stretching).
    fn apart(&self, id: ElementId) -> bool {
        self.drag.is_some_and(|d| d.is_apart(id))
    }

    fn delta(&self, id: ElementId) -> Option<(f32, f32)> {
        self.drag.filter(|d| d.moves(id)).map(|d| d.delta)
    }

    /// The element as drawn now.
    pub(super) fn element<'e>(&self, e: &'e Element) -> Cow<'e, Element> {
        match self.delta(e.id()) {
            Some((dx, dy)) => Cow::Owned(e.translated(dx, dy)),
            None => Cow::Borrowed(e),
        }
    }

    /// A box's rectangle as drawn now.
    fn rect_of(&self, id: ElementId) -> Option<model::Rect> {
        let r = self.board.get(id)?.rect()?;
        Some(match self.delta(id) {
            Some((dx, dy)) => {
                model::Rect::from_two_points(r.min.offset(dx, dy), r.max.offset(dx, dy))
            }
            None => r,
        })
    }

    /// Where an arrow's ends are drawn now.
    pub(super) fn arrow_points(&self, a: &Arrow) -> Option<(Point, Point)> {
        if self.drag.is_none() {
            return self.board.arrow_points(a);
        }
        self.board.arrow_points_with(a, |id| self.rect_of(id))
    }

    /// An arrow's path as drawn now: the routed path the index keeps, or,
    /// for an arrow whose box is moving, routed again around the boxes
    /// where they are drawn.
    pub(super) fn arrow_path(&self, a: &Arrow) -> Option<Cow<'a, [Point]>> {
        let live = self.drag.is_some_and(|d| {
            d.is_apart(a.id)
                || [a.from.element(), a.to.element()]
                    .into_iter()
                    .flatten()
                    .any(|id| d.moves(id))
        });
        if !live && let Some(path) = self.index.path(a.id) {
            return Some(Cow::Borrowed(path));
        }
        if a.routing == Routing::Straight {
            return self.arrow_points(a).map(|(p, q)| Cow::Owned(vec![p, q]));
        }
        let drag = self.drag;
        let shifts =
            self.board
                .port_shifts(a, |id| self.rect_of(id), |id| self.index.arrows_of(id));
        self.board
            .arrow_path_with(
                a,
                |id| self.rect_of(id),
                |area| {
                    let mut rects: Vec<model::Rect> = self
                        .index
                        .obstacles_by_id(area)
                        .into_iter()
                        .filter(|(id, _)| !drag.is_some_and(|d| d.moves(*id)))
                        .map(|(_, r)| r)
                        .collect();
                    if let Some(d) = drag {
                        rects.extend(
                            d.originals
                                .iter()
                                .filter(|e| model::is_obstacle(e))
                                .filter_map(|e| self.rect_of(e.id()))
                                .filter(|r| r.intersects(area)),
                        );
                    }
                    rects
                },
                shifts,
            )
            .map(Cow::Owned)
    }

    /// An element's bounds as drawn now.
    pub(super) fn bounds(&self, e: &Element) -> Option<model::Rect> {
        match e {
            Element::Arrow(a) => self.arrow_path(a).map(|p| model::bounds_of(&p)),
            other => self.rect_of(other.id()),
        }
    }
}

/// A hash of some ids (for picture keys).
pub(super) fn hash_ids(ids: impl IntoIterator<Item = ElementId>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for id in ids {
        id.hash(&mut h);
    }
    h.finish()
}

/// Draws with a [`crate::render::Painter`] that uses the window's fonts,
/// onto `painter`'s layer (clipped as `painter` is), each shape under its
/// own clip rectangle.
pub fn draw_with(
    ctx: &egui::Context,
    painter: &egui::Painter,
    f: impl FnOnce(&mut crate::render::Painter<'_, '_>),
) {
    let shapes = ctx.fonts_mut(|fonts| {
        let mut p = crate::render::Painter::new(fonts, painter.clip_rect());
        f(&mut p);
        p.into_shapes()
    });
    if shapes.is_empty() {
        return;
    }
    let layer = painter.layer_id();
    ctx.graphics_mut(|g| {
        let list = g.entry(layer);
        for c in shapes {
            list.add(c.clip_rect, c.shape);
        }
    });
}

impl Canvas {
    /// Paints the board, the ghost and the overlays for this frame.
    pub(super) fn paint(&mut self, ui: &Ui, doc: &Document, catalog: &Catalog, pal: &Palette) {
        let painter = ui.painter_at(self.rect);
        if self.paint_background {
            painter.rect_filled(self.rect, 0.0, pal.background);
        }
        let origin = self.rect.min + self.view.offset;
        let visible = self.view.visible(self.rect).expand(40.0 / self.view.zoom);
        let detail = Detail::for_zoom(self.view.zoom);
        let cx = draw::Ctx {
            pal,
            catalog,
            custom: &doc.board.custom_kinds,
            zoom: self.view.zoom,
            text_scale: self.text_scale,
            detail,
            live: true,
        };
        self.refresh_culled(doc);
        let ids = self.visible_ids(doc, &visible);
        self.drawn = ids.len();
        // Busy boards at full detail come from a picture of the region
        // around the view (grid included) once one is ready.
        let from_image = detail == Detail::Full
            && self.use_cache
            && self.ghost.is_none()
            && ids.len() >= MIN_ELEMENTS
            && self.paint_region(ui, &painter, &cx, doc);
        // Zoomed out: the whole board from a picture; a move's elements
        // from one of their own.
        let zoomed_drawn = detail != Detail::Full
            && self.use_cache
            && self.paint_zoomed_layers(ui, &painter, &cx, doc);
        // Full detail: a move's elements in view, drawn from a picture of
        // them when there are many.
        let moving_in_view = if detail == Detail::Full {
            self.moving_in_view(doc, &visible)
        } else {
            Vec::new()
        };
        let moving_drawn = detail == Detail::Full
            && self.use_cache
            && self.ghost.is_none()
            && self.paint_moving_region(ui, &painter, &cx, doc, moving_in_view.len());
        self.from_picture = from_image || zoomed_drawn;
        let place = Placement::new(&doc.board, &self.index, self.gestures.drag());
        let grid = self.show_grid && self.view.zoom >= 0.25 && !from_image;
        draw_with(ui.ctx(), &painter, |p| {
            if grid {
                draw::grid(p, self.rect, origin, self.view.zoom, GRID, pal.grid);
            }
            if let Some(ghost) = &self.ghost {
                p.multiply_opacity(0.35);
                let gcx = draw::Ctx {
                    custom: &ghost.board.custom_kinds,
                    detail: if detail == Detail::Full {
                        Detail::Full
                    } else {
                        Detail::NoText
                    },
                    ..cx
                };
                for e in ghost.board.elements() {
                    self.paint_element(p, &gcx, &ghost.board, e, None);
                }
                p.set_opacity(1.0);
            }
            if detail == Detail::Full {
                if !from_image {
                    for id in &ids {
                        if let Some(e) = doc.board.get(*id)
                            && !place.apart(*id)
                        {
                            self.paint_element(p, &cx, &doc.board, e, None);
                        }
                    }
                }
                if !moving_drawn {
                    self.paint_moving_directly(p, &cx, doc, &place, &moving_in_view);
                }
                self.paint_bridges(p, &cx, doc, &place, &visible);
            }
        });
        if detail != Detail::Full && !zoomed_drawn {
            let shown: Vec<ElementId> =
                ids.iter().copied().filter(|id| !place.apart(*id)).collect();
            let mesh = self.batched_mesh(&cx, doc, &shown, self.rect.expand(20.0), None, false);
            painter.add(egui::Shape::mesh(mesh));
            if let Some(d) = self.gestures.drag() {
                let apart: Vec<ElementId> = d
                    .originals
                    .iter()
                    .map(Element::id)
                    .chain(d.bridges.iter().copied())
                    .collect();
                let mesh = self.batched_mesh(&cx, doc, &apart, self.rect.expand(20.0), None, true);
                painter.add(egui::Shape::mesh(mesh));
            }
        }
        let accesskit = detail == Detail::Full
            && ids.len() <= 400
            && ui
                .ctx()
                .accesskit_node_builder(ui.scope_id(), |_| ())
                .is_some();
        if accesskit {
            for id in &ids {
                if let Some(e) = doc.board.get(*id) {
                    self.register_accessible(ui, &place, e);
                }
            }
        }
        self.paint_overlays(ui, &painter, doc, pal);
        // Estimate cards computing on their worker show when done.
        if model::estimate::busy() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
    }

    /// Zoomed out with pictures: the still part of the board, then a move's
    /// elements (from their picture, or batched) and the arrows they
    /// stretch. Returns whether the still part came from a picture.
    fn paint_zoomed_layers(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        cx: &draw::Ctx<'_>,
        doc: &Document,
    ) -> bool {
        if !self.paint_zoomed(ui, painter, cx, doc) {
            return false;
        }
        let Some(drag) = self.gestures.drag() else {
            return true;
        };
        let bridges = drag.bridges.clone();
        let moving: Vec<ElementId> = drag.originals.iter().map(Element::id).collect();
        let clip = self.rect.expand(20.0);
        if !self.paint_moving(ui, painter, cx, doc) {
            let mesh = self.batched_mesh(cx, doc, &moving, clip, None, true);
            painter.add(egui::Shape::mesh(mesh));
        }
        let mesh = self.batched_mesh(cx, doc, &bridges, clip, None, true);
        painter.add(egui::Shape::mesh(mesh));
        true
    }

    /// At full detail during a move: the ids of the moving elements that
    /// are in view where the drag has taken them, in drawing order (read
    /// from the index at their places before the move, so a move of
    /// thousands costs what is in view).
    fn moving_in_view(&self, doc: &Document, visible: &model::Rect) -> Vec<ElementId> {
        let Some(drag) = self.gestures.drag() else {
            return Vec::new();
        };
        let (dx, dy) = drag.delta;
        let before = model::Rect::from_two_points(
            visible.min.offset(-dx, -dy),
            visible.max.offset(-dx, -dy),
        );
        let mut ids = self.visible_ids(doc, &before);
        ids.retain(|id| drag.moving.contains(id));
        ids
    }

    /// Draws `ids` (moving elements in view) offset by the drag.
    fn paint_moving_directly(
        &self,
        p: &mut crate::render::Painter<'_, '_>,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        place: &Placement<'_>,
        ids: &[ElementId],
    ) {
        for id in ids {
            if let Some(e) = doc.board.get(*id) {
                self.paint_element(p, cx, &doc.board, e, Some(place));
            }
        }
    }

    /// At full detail during a move: the arrows it stretches, where they
    /// are visible now.
    fn paint_bridges(
        &self,
        p: &mut crate::render::Painter<'_, '_>,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        place: &Placement<'_>,
        visible: &model::Rect,
    ) {
        let Some(drag) = self.gestures.drag() else {
            return;
        };
        for id in &drag.bridges {
            let Some(e) = doc.board.get(*id) else {
                continue;
            };
            if place.bounds(e).is_some_and(|b| b.intersects(visible)) {
                self.paint_element(p, cx, &doc.board, e, Some(place));
            }
        }
    }

    /// Finds again, when the board changed, the elements wholly under a box
    /// drawn after them (a stack of notes costs its top one to draw).
    fn refresh_culled(&mut self, doc: &Document) {
        let key = (doc.generation(), doc.history.revision());
        if self.culled.key != Some(key) {
            let all: Vec<&Element> = doc.board.elements().iter().collect();
            let hidden = crate::render::cull::hidden(&doc.board, &all);
            let kept = if hidden.is_empty() {
                Vec::new()
            } else {
                all.iter()
                    .map(|e| e.id())
                    .filter(|id| !hidden.contains(id))
                    .collect()
            };
            self.culled = super::Culled {
                key: Some(key),
                hidden,
                kept,
            };
        }
    }

    /// The ids of elements that may be visible, in drawing order (those
    /// wholly under a box left out, except during a move, which may uncover
    /// them). When most
    /// of the board is in view the board is walked directly (cheaper than
    /// the index); otherwise only the index's cells under the view are read.
    pub(super) fn visible_ids(&self, doc: &Document, visible: &model::Rect) -> Vec<ElementId> {
        let cull = self.gestures.drag().is_none() && !self.culled.hidden.is_empty();
        if cull && self.culled.kept.len() < self.index.query_cost(visible) {
            // Fewer kept than the index would return: walk those.
            return self
                .culled
                .kept
                .iter()
                .copied()
                .filter(|id| {
                    self.index
                        .bounds(*id)
                        .is_some_and(|b| b.intersects(visible))
                })
                .collect();
        }
        let mut ids = self.visible_ids_all(doc, visible);
        if cull {
            ids.retain(|id| !self.culled.hidden.contains(id));
        }
        ids
    }

    /// [`Canvas::visible_ids`] with nothing left out.
    fn visible_ids_all(&self, doc: &Document, visible: &model::Rect) -> Vec<ElementId> {
        // Reading the index costs about its entries under the view (long
        // arrows sit in many cells); walking the board costs one bounds
        // check per element. Take the cheaper.
        let walk_all = self.index.query_cost(visible) >= doc.board.elements().len() / 2;
        if walk_all {
            doc.board
                .elements()
                .iter()
                .filter(|e| {
                    self.index
                        .bounds(e.id())
                        .is_some_and(|b| b.intersects(visible))
                })
                .map(Element::id)
                .collect()
        } else {
            let mut ids = self.index.query(visible);
            ids.sort_by_cached_key(|id| doc.board.elements.index_of(*id));
            ids
        }
    }

    /// Draws one element at full detail (or the ghost's level): its text
    /// left out while it is being edited, arrows in the selection colour
    /// when selected; placed by `place` during a move.
    pub(super) fn paint_element(
        &self,
        p: &mut crate::render::Painter<'_, '_>,
        cx: &draw::Ctx<'_>,
        board: &Board,
        e: &Element,
        place: Option<&Placement<'_>>,
    ) {
        let editing = self.editing.as_ref().map(|ed| ed.id) == Some(e.id());
        let screen = |r: model::Rect| self.view.rect_to_screen(self.rect.min, &r);
        let e = match place {
            Some(pl) => pl.element(e),
            None => Cow::Borrowed(e),
        };
        match e.as_ref() {
            Element::Ink(i) => {
                let color = if self.selection.contains(&i.id) {
                    cx.pal.selection
                } else {
                    i.color.map_or(cx.pal.text, Palette::color)
                };
                let pts: Vec<Pos2> = i.board_points().map(|q| self.to_screen(q)).collect();
                let widths: Vec<f32> = i.widths().iter().map(|w| w * cx.zoom).collect();
                draw::ink_pressed(p, &pts, &widths, color);
            }
            Element::Arrow(a) => {
                let path = match place {
                    Some(pl) => pl.arrow_path(a),
                    None => board.arrow_path(a).map(Cow::Owned),
                };
                if let Some(path) = path {
                    let screen: Vec<Pos2> = path.iter().map(|q| self.to_screen(*q)).collect();
                    let color = if self.selection.contains(&a.id) {
                        cx.pal.selection
                    } else {
                        a.color.map_or(cx.pal.arrow, Palette::color)
                    };
                    if editing {
                        let a = Arrow {
                            label: String::new(),
                            ..a.clone()
                        };
                        draw::arrow(p, cx, &a, &screen, color);
                    } else {
                        draw::arrow(p, cx, a, &screen, color);
                    }
                }
            }
            Element::Component(c) => {
                let r = screen(model::Rect::from_pos_size(c.pos, c.size));
                if editing {
                    let c = Component {
                        label: String::new(),
                        kind: String::new(),
                        ..c.clone()
                    };
                    draw::component(p, cx, &c, r);
                } else {
                    draw::component(p, cx, c, r);
                }
            }
            Element::Note(n) => {
                let r = screen(model::Rect::from_pos_size(n.pos, n.size));
                if editing {
                    let n = Note {
                        text: String::new(),
                        ..n.clone()
                    };
                    draw::note(p, cx, &n, r);
                } else {
                    draw::note(p, cx, n, r);
                }
            }
            Element::Frame(f) => {
                draw::frame(p, cx, f, screen(model::Rect::from_pos_size(f.pos, f.size)));
            }
        }
    }

    /// Zoomed out: every element of `ids` as a flat box or line, batched
    /// into one mesh (thousands of shapes would cost more than the
    /// drawing); with [`Detail::NoText`] boxes get borders and arrows heads
    /// and dashes. Arrowheads are drawn for ends in `clip`. With `lines`,
    /// the hairline arrows of [`Detail::Minimal`] go there instead of into
    /// the mesh (the rasterizer draws them faster). With `live`, elements
    /// are placed where a move in progress has them.
    pub(super) fn batched_mesh(
        &self,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        ids: &[ElementId],
        clip: Rect,
        mut lines: Option<&mut Vec<Hairline>>,
        live: bool,
    ) -> epaint::Mesh {
        let place = Placement::new(
            &doc.board,
            &self.index,
            if live { self.gestures.drag() } else { None },
        );
        let detailed = cx.detail == Detail::NoText;
        let mut mesh = epaint::Mesh::default();
        mesh.reserve_vertices(ids.len() * 12);
        mesh.reserve_triangles(ids.len() * 8);
        let screen = |r: model::Rect| self.view.rect_to_screen(self.rect.min, &r);
        for id in ids {
            let Some(e) = doc.board.get(*id) else {
                continue;
            };
            match place.element(e).as_ref() {
                Element::Ink(i) => {
                    let color = i.color.map_or(cx.pal.text, Palette::color);
                    let pts: Vec<Pos2> = i.board_points().map(|q| self.to_screen(q)).collect();
                    let w = (i.width * cx.zoom).max(0.6);
                    for seg in pts.windows(2) {
                        draw::mesh_line(&mut mesh, seg[0], seg[1], w, color);
                    }
                }
                Element::Component(c) => {
                    let accent = draw::accent(c, cx);
                    let r = screen(model::Rect::from_pos_size(c.pos, c.size));
                    if detailed {
                        draw::mesh_box(&mut mesh, r, cx.pal.component_fill(accent), Some(accent));
                    } else {
                        let fill = theme::lerp(cx.pal.component_fill(accent), accent, 0.5);
                        draw::mesh_box(&mut mesh, r, fill, None);
                    }
                }
                Element::Note(n) => {
                    let fill = cx.pal.note_fill(n.color);
                    let border = detailed.then_some(cx.pal.note_border);
                    draw::mesh_box(
                        &mut mesh,
                        screen(model::Rect::from_pos_size(n.pos, n.size)),
                        fill,
                        border,
                    );
                }
                Element::Frame(f) => {
                    let r = screen(model::Rect::from_pos_size(f.pos, f.size));
                    draw::mesh_box(&mut mesh, r, cx.pal.frame_fill, Some(cx.pal.frame_border));
                }
                Element::Arrow(a) => {
                    let Some(path) = place.arrow_path(a) else {
                        continue;
                    };
                    let color = if self.selection.contains(id) {
                        cx.pal.selection
                    } else {
                        a.color.map_or(cx.pal.arrow, Palette::color)
                    };
                    let pts: Vec<Pos2> = path.iter().map(|q| self.to_screen(*q)).collect();
                    let [.., before, q] = pts.as_slice() else {
                        continue;
                    };
                    let (before, q) = (*before, *q);
                    if !detailed {
                        for w in pts.windows(2) {
                            let (p, q) = (w[0], w[1]);
                            match lines.as_deref_mut() {
                                Some(lines) => lines.push(Hairline {
                                    from: p,
                                    to: q,
                                    color: color.gamma_multiply(HAIRLINE_WIDTH),
                                }),
                                None => draw::mesh_line(&mut mesh, p, q, HAIRLINE_WIDTH, color),
                            }
                        }
                        continue;
                    }
                    let head = (11.0 * cx.zoom).clamp(3.0, 18.0);
                    let dir = (q - before).normalized();
                    let end = if (q - before).length() > head {
                        q - dir * head * 0.8
                    } else {
                        q
                    };
                    // Thousands of dashes would cost more than everything
                    // else at this zoom: a fainter line stands for dashed.
                    let line_color = match a.style {
                        LineStyle::Solid => color,
                        LineStyle::Dashed => color.gamma_multiply(0.45),
                    };
                    let last = pts.len() - 2;
                    for (k, w) in pts.windows(2).enumerate() {
                        let to = if k == last { end } else { w[1] };
                        draw::mesh_line(&mut mesh, w[0], to, 1.0, line_color);
                    }
                    if clip.contains(q) {
                        draw::mesh_arrowhead(&mut mesh, q, dir, head, color);
                    }
                }
            }
        }
        mesh
    }

    /// Gives an on-canvas element a node in the accessibility tree (screen
    /// readers, and tests that find elements by their text).
    fn register_accessible(&self, ui: &Ui, place: &Placement<'_>, e: &Element) {
        let Some(b) = place.bounds(e) else {
            return;
        };
        let r = self
            .view
            .rect_to_screen(self.rect.min, &b)
            .intersect(self.rect);
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return;
        }
        let kind = match e {
            Element::Ink(_) => "Pen stroke",
            Element::Component(_) => "Component",
            Element::Note(_) => "Note",
            Element::Frame(_) => "Frame",
            Element::Arrow(_) => "Arrow",
        };
        let text = if e.text().is_empty() {
            kind.to_owned()
        } else {
            e.text().to_owned()
        };
        let resp = ui.interact(r, ui.scope_id().with(("element", e.id())), Sense::hover());
        resp.widget_info(|| WidgetInfo::labeled(egui::Role::Group, true, &text));
    }

    /// Hover and selection outlines, handles, the marquee and the arrow
    /// being connected.
    fn paint_overlays(&self, ui: &Ui, painter: &egui::Painter, doc: &Document, pal: &Palette) {
        let place = Placement::new(&doc.board, &self.index, self.gestures.drag());
        let screen_rect = |id: ElementId| {
            let e = doc.board.get(id)?;
            let b = place.bounds(e)?;
            Some(self.view.rect_to_screen(self.rect.min, &b))
        };
        let sel_stroke = Stroke::new(1.5, pal.selection);
        // Find hits: a warm outline on each one in view.
        let view_rect = self.rect.expand(8.0);
        // Bend handles on the selected elbow arrow's middle segments.
        for (_, at, vertical) in self.probe(doc).bend_handles(&self.selection) {
            let size = if vertical {
                egui::vec2(6.0, 14.0)
            } else {
                egui::vec2(14.0, 6.0)
            };
            let r = Rect::from_center_size(at, size);
            painter.rect_filled(r, 3.0, pal.background);
            painter.rect_stroke(r, 3.0, Stroke::new(1.5, pal.selection), StrokeKind::Middle);
        }
        // The pen stroke being drawn.
        if !self.pen_stroke().is_empty() {
            let pts: Vec<Pos2> = self
                .pen_stroke()
                .iter()
                .map(|q| self.to_screen(*q))
                .collect();
            draw_with(ui.ctx(), painter, |p| {
                draw::ink(p, &pts, 3.0 * self.view.zoom, pal.text);
            });
        }
        // Smart guides while moving: the lines the moving boxes share
        // with boxes around them.
        {
            let guide = Stroke::new(1.0, egui::Color32::from_rgb(0xe0, 0x3c, 0x8a));
            for g in &self.guides() {
                let (a, b) = if g.vertical {
                    (Point::new(g.at, g.from), Point::new(g.at, g.to))
                } else {
                    (Point::new(g.from, g.at), Point::new(g.to, g.at))
                };
                painter.line_segment([self.to_screen(a), self.to_screen(b)], guide);
            }
        }
        let warm = egui::Color32::from_rgb(0xf0, 0xa0, 0x20);
        for id in self.highlight.iter().take(BIG_SELECTION) {
            if let Some(Element::Arrow(a)) = doc.board.get(*id) {
                // An arrow: along its path, not around its bounds.
                if let Some(path) = place.arrow_path(a) {
                    let pts: Vec<Pos2> = path.iter().map(|q| self.to_screen(*q)).collect();
                    painter.add(egui::Shape::line(
                        pts,
                        Stroke::new(6.0, warm.gamma_multiply(0.6)),
                    ));
                }
            } else if let Some(r) = screen_rect(*id)
                && view_rect.intersects(r)
            {
                painter.rect_stroke(
                    r.expand(5.0),
                    8.0,
                    Stroke::new(2.5, warm),
                    StrokeKind::Outside,
                );
            }
        }
        if let Some(h) = self.hover
            && !self.selection.contains(&h)
            && !self.gestures.active()
            && let Some(r) = screen_rect(h)
            && !matches!(doc.board.get(h), Some(Element::Arrow(_)))
        {
            painter.rect_stroke(
                r.expand(2.0),
                6.0,
                Stroke::new(1.0, pal.selection.gamma_multiply(0.5)),
                StrokeKind::Outside,
            );
        }
        // A big selection is one dashed rectangle around all of it (outlines
        // of thousands of elements would cost more than the board); a small
        // one is outlined element by element, where in view.
        let view = self.rect.expand(8.0);
        if self.selection.len() > BIG_SELECTION {
            let bounds = match self.gestures.drag() {
                Some(d) => d.bounds.map(|b| {
                    let (dx, dy) = d.delta;
                    model::Rect::from_two_points(b.min.offset(dx, dy), b.max.offset(dx, dy))
                }),
                None => {
                    let key = [
                        doc.generation(),
                        doc.history.revision(),
                        self.selection.fingerprint(),
                    ];
                    match self.selection_bounds.get() {
                        Some((k, b)) if k == key => b,
                        _ => {
                            let b = self
                                .selection
                                .iter()
                                .filter_map(|id| self.index.bounds(*id))
                                .reduce(|a, b| a.union(&b));
                            self.selection_bounds.set(Some((key, b)));
                            b
                        }
                    }
                }
            };
            if let Some(b) = bounds {
                let r = self.view.rect_to_screen(self.rect.min, &b).expand(6.0);
                let pts = [
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                    r.left_top(),
                ];
                painter.add(egui::Shape::dashed_line(&pts, sel_stroke, 6.0, 4.0));
            }
        }
        for id in self
            .selection
            .iter()
            .take_while(|_| self.selection.len() <= BIG_SELECTION)
        {
            let Some(e) = doc.board.get(*id) else {
                continue;
            };
            if let Element::Arrow(a) = e {
                if let Some(path) = place.arrow_path(a)
                    && let (Some(s), Some(t)) = (path.first().copied(), path.last().copied())
                {
                    for p in [s, t] {
                        let p = self.to_screen(p);
                        if view.contains(p) {
                            painter.circle(p, 4.5, pal.background, sel_stroke);
                        }
                    }
                }
            } else if let Some(r) = screen_rect(*id)
                && r.intersects(view)
            {
                painter.rect_stroke(r.expand(3.0), 4.0, sel_stroke, StrokeKind::Outside);
            }
        }
        let probe = self.probe(doc);
        if let Some(id) = probe.single_box_selected(&self.selection)
            && self.gestures.drag().is_none()
        {
            for h in Handle::ALL {
                if let Some(p) = probe.resize_handle_pos(id, h) {
                    painter.rect(
                        handle_box(p),
                        1.5,
                        pal.background,
                        sel_stroke,
                        StrokeKind::Middle,
                    );
                }
            }
            if self.view.zoom >= CONNECT_MIN_ZOOM && !self.in_gesture() {
                for s in [Side::Top, Side::Right, Side::Bottom, Side::Left] {
                    if let Some(p) = probe.connect_handle_pos(id, s) {
                        painter.circle(
                            p,
                            CONNECT_RADIUS,
                            pal.selection.gamma_multiply(0.18),
                            sel_stroke,
                        );
                        painter.circle_filled(p, 2.0, pal.selection);
                    }
                }
            }
        }
        if let Some((start, now)) = self.marquee() {
            let r = Rect::from_two_pos(self.to_screen(start), self.to_screen(now));
            painter.rect(
                r,
                2.0,
                pal.selection.gamma_multiply(0.08),
                Stroke::new(1.0, pal.selection),
                StrokeKind::Inside,
            );
        }
        if let Gesture::Connect { from, now, target } = &self.gestures.state {
            self.paint_connect_preview(ui, painter, doc, pal, *from, *now, *target);
        }
    }

    /// The dashed arrow from the box being connected to the pointer (or
    /// the box under it, outlined).
    #[expect(clippy::too_many_arguments, reason = "the preview's parts")]
    fn paint_connect_preview(
        &self,
        ui: &Ui,
        painter: &egui::Painter,
        doc: &Document,
        pal: &Palette,
        from: ElementId,
        now: Point,
        target: Option<ElementId>,
    ) {
        let target_rect = target
            .and_then(|t| doc.board.get(t))
            .and_then(Element::rect);
        if let Some(src) = doc.board.get(from).and_then(Element::rect) {
            let end = target_rect.map_or(now, |r| r.center());
            let a = src.border_point_toward(end);
            let b = target_rect.map_or(now, |r| r.border_point_toward(a));
            let preview = Arrow {
                style: LineStyle::Dashed,
                ..Arrow::default()
            };
            let catalog = Catalog::default();
            let cx = draw::Ctx {
                pal,
                catalog: &catalog,
                custom: &[],
                zoom: self.view.zoom,
                text_scale: self.text_scale,
                detail: Detail::NoText,
                live: true,
            };
            let path = [self.to_screen(a), self.to_screen(b)];
            draw_with(ui.ctx(), painter, |p| {
                draw::arrow(p, &cx, &preview, &path, pal.selection);
            });
        }
        if let Some(r) = target.and_then(|t| self.element_screen_rect(doc, t)) {
            painter.rect_stroke(
                r.expand(4.0),
                6.0,
                Stroke::new(2.0, pal.selection),
                StrokeKind::Outside,
            );
        }
    }
}
