//! The whiteboard canvas: pan and zoom, selection, moving, resizing,
//! connecting, in-place text editing, and painting only what is visible.
//!
//! Every change goes through [`Document::apply`] as an [`Edit`]: a drag is
//! one transaction (begin on press, fold the moves, commit on release,
//! cancel with Escape).

use std::collections::HashSet;

use egui::{
    CursorIcon, Id, Key, PointerButton, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo,
};

use super::detail_cache::{self, DetailCache};
use super::document::{Document, Edit};
use super::draw::{self, Detail, FRAME_TITLE_H};
use super::export::raster::{self, Hairline};
use super::theme::{self, Palette};
use super::view::View;
use crate::io::clipboard;
use crate::model::spatial::SpatialIndex;
use crate::model::{
    self, Arrow, Catalog, Component, Element, ElementId, Endpoint, Frame, LineStyle, Note, Point,
    Side, Size,
};
use crate::ops::Op;

/// Grid step in board units.
pub const GRID: f32 = 20.0;
/// The width of arrows on a board zoomed out to [`Detail::Minimal`]: a
/// fainter line rather than a thinner one.
const HAIRLINE_WIDTH: f32 = 0.6;
/// Elements from which the first zoomed-out picture of a board just opened
/// is filled in the background (smaller boards take a few milliseconds).
const BACKGROUND_FILL_MIN: usize = 2000;
/// Pointer travel (screen points) before a press becomes a drag.
const DRAG_THRESHOLD: f32 = 3.0;
/// Smallest box side a resize allows.
const MIN_BOX: f32 = 24.0;
/// Distance of connect handles outside the box edge (screen points).
const CONNECT_OFFSET: f32 = 16.0;
/// Radius of connect handles (screen points).
const CONNECT_RADIUS: f32 = 6.0;
/// Half size of resize handles (screen points).
const HANDLE_HALF: f32 = 4.5;
/// Longest time between the clicks of a double-click, in seconds.
const DOUBLE_CLICK_S: f64 = 0.4;

/// Which resize handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    /// Top-left corner.
    NW,
    /// Top edge.
    N,
    /// Top-right corner.
    NE,
    /// Right edge.
    E,
    /// Bottom-right corner.
    SE,
    /// Bottom edge.
    S,
    /// Bottom-left corner.
    SW,
    /// Left edge.
    W,
}

impl Handle {
    const ALL: [Handle; 8] = [
        Handle::NW,
        Handle::N,
        Handle::NE,
        Handle::E,
        Handle::SE,
        Handle::S,
        Handle::SW,
        Handle::W,
    ];

    /// Where on the rect (fractions of width and height).
    fn anchor(self) -> (f32, f32) {
        match self {
            Handle::NW => (0.0, 0.0),
            Handle::N => (0.5, 0.0),
            Handle::NE => (1.0, 0.0),
            Handle::E => (1.0, 0.5),
            Handle::SE => (1.0, 1.0),
            Handle::S => (0.5, 1.0),
            Handle::SW => (0.0, 1.0),
            Handle::W => (0.0, 0.5),
        }
    }

    fn cursor(self) -> CursorIcon {
        match self {
            Handle::NW | Handle::SE => CursorIcon::ResizeNwSe,
            Handle::NE | Handle::SW => CursorIcon::ResizeNeSw,
            Handle::N | Handle::S => CursorIcon::ResizeVertical,
            Handle::E | Handle::W => CursorIcon::ResizeHorizontal,
        }
    }
}

/// A pointer gesture in progress.
#[derive(Clone, Debug, Default)]
enum Gesture {
    #[default]
    Idle,
    /// Pressed on an element; a drag past the threshold moves the selection.
    Pressed {
        at: Pos2,
        hit: ElementId,
        /// Whether the press changed the selection (so release keeps it).
        selected_on_press: bool,
    },
    Pan {
        last: Pos2,
    },
    Marquee {
        start: Point,
        now: Point,
        base: Vec<ElementId>,
    },
    Move {
        start: Point,
        originals: Vec<Element>,
    },
    Resize {
        handle: Handle,
        original: Element,
    },
    Connect {
        from: ElementId,
        now: Point,
        target: Option<ElementId>,
    },
    /// Dragging one end of a selected arrow to re-attach or free it.
    ArrowEnd {
        id: ElementId,
        head: bool,
        target: Option<ElementId>,
    },
}

/// A text being edited in place.
#[derive(Clone, Debug)]
pub struct TextEditing {
    /// The element.
    pub id: ElementId,
    /// The text as typed so far.
    pub text: String,
    focus_requested: bool,
}

/// The canvas's state (view, selection, gestures); the board itself lives
/// in the [`Document`].
pub struct Canvas {
    /// Pan and zoom.
    pub view: View,
    /// Selected elements.
    pub selection: Vec<ElementId>,
    /// Whether the dot grid is drawn.
    pub show_grid: bool,
    /// Fill the canvas with its background colour. The app leaves it off:
    /// the window is cleared to that colour already (a full-window fill is
    /// expensive with a software renderer).
    pub paint_background: bool,
    /// Whether moves and resizes snap to the grid.
    pub snap: bool,
    /// The text edit in progress.
    pub editing: Option<TextEditing>,
    gesture: Gesture,
    index: SpatialIndex,
    indexed_doc: Option<u64>,
    rect: Rect,
    hover: Option<ElementId>,
    paste_count: u32,
    fit_pending: bool,
    /// Time and place of the last click, for double-click detection.
    last_click: Option<(f64, Pos2)>,
    /// Where the primary button went down on the canvas.
    press_at: Option<Pos2>,
    /// How many elements the last frame drew (for tests and the status bar).
    pub drawn: usize,
    /// The kind of the component last added through the canvas (drop,
    /// quick add), for the palette's "recent" row; the app takes it.
    pub last_added_kind: Option<String>,
    /// A reference design to draw faintly with the board.
    pub ghost: Option<Ghost>,
    /// Whether the board may only be looked at (replay).
    pub read_only: bool,
    /// Draw zoomed-out boards from a cached texture (see `paint_cached`).
    pub use_cache: bool,
    cache: Option<CanvasCache>,
    /// The zoomed-out picture of a board just opened, being filled.
    cache_pending: Option<PendingPicture>,
    /// The region around the view at full detail (see [`detail_cache`]).
    detail_cache: DetailCache,
}

/// The zoomed-out board filled into a texture, and what it was made from.
struct CanvasCache {
    key: [u64; 9],
    texture: egui::TextureHandle,
    /// The board point at the texture's top-left corner.
    origin: Point,
}

/// A hash of `v`, for picture keys.
fn hash_of<T: std::hash::Hash + ?Sized>(v: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// A zoomed-out picture being filled: its key, the board point at its
/// top-left, and where it arrives.
type PendingPicture = ([u64; 9], Point, std::sync::mpsc::Receiver<egui::ColorImage>);

/// A faint copy of a reference design drawn with the board (for review).
#[derive(Clone, Debug)]
pub struct Ghost {
    /// The reference board, already moved to where it is drawn.
    pub board: model::Board,
}

impl Ghost {
    /// A ghost of `board` moved by `(dx, dy)`.
    #[must_use]
    pub fn new(board: &model::Board, dx: f32, dy: f32) -> Self {
        let mut b = board.clone();
        let moved: Vec<Element> = b.elements().iter().map(|e| e.translated(dx, dy)).collect();
        b.elements = model::Elements::from_vec(moved);
        Self { board: b }
    }
}

/// What is dragged from the palette onto the canvas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindDrop {
    /// The kind id.
    pub kind: String,
    /// Its name (the new component's label).
    pub name: String,
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            view: View::default(),
            selection: Vec::new(),
            show_grid: true,
            paint_background: true,
            use_cache: true,
            cache: None,
            cache_pending: None,
            detail_cache: DetailCache::default(),
            snap: true,
            editing: None,
            gesture: Gesture::Idle,
            index: SpatialIndex::default(),
            indexed_doc: None,
            rect: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            hover: None,
            paste_count: 0,
            fit_pending: false,
            last_click: None,
            press_at: None,
            drawn: 0,
            last_added_kind: None,
            ghost: None,
            read_only: false,
        }
    }
}

fn snap_value(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

fn dist_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0);
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

impl Canvas {
    /// The canvas's screen rectangle in the last frame.
    #[must_use]
    pub fn screen_rect(&self) -> Rect {
        self.rect
    }

    /// Whether a gesture (drag, resize, connect, marquee, pan) is in progress.
    #[must_use]
    pub fn in_gesture(&self) -> bool {
        !matches!(self.gesture, Gesture::Idle)
    }

    /// Asks for "zoom to fit" once the canvas knows its size.
    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    /// Shows the board at 100 % with its top-left corner in view (instead
    /// of a pending fit).
    pub fn show_top_left(&mut self, doc: &Document) {
        self.fit_pending = false;
        self.view.zoom = 1.0;
        let min = doc.board.bounds().map_or(Point::new(0.0, 0.0), |b| b.min);
        self.view.offset = Vec2::new(20.0 - min.x, 20.0 - min.y);
    }

    /// Board point to screen point in the last frame's canvas.
    #[must_use]
    pub fn to_screen(&self, p: Point) -> Pos2 {
        self.view.to_screen(self.rect.min, p)
    }

    /// Screen point to board point.
    #[must_use]
    pub fn to_board(&self, s: Pos2) -> Point {
        self.view.to_board(self.rect.min, s)
    }

    /// Where the connect handle on `side` of element `id` is on screen.
    #[must_use]
    pub fn connect_handle_pos(&self, doc: &Document, id: ElementId, side: Side) -> Option<Pos2> {
        let r = self
            .view
            .rect_to_screen(self.rect.min, &doc.board.get(id)?.rect()?);
        Some(match side {
            Side::Top => Pos2::new(r.center().x, r.min.y - CONNECT_OFFSET),
            Side::Bottom => Pos2::new(r.center().x, r.max.y + CONNECT_OFFSET),
            Side::Left => Pos2::new(r.min.x - CONNECT_OFFSET, r.center().y),
            Side::Right | Side::Auto => Pos2::new(r.max.x + CONNECT_OFFSET, r.center().y),
        })
    }

    /// Where resize handle `h` of element `id` is on screen.
    #[must_use]
    pub fn resize_handle_pos(&self, doc: &Document, id: ElementId, h: Handle) -> Option<Pos2> {
        let r = self
            .view
            .rect_to_screen(self.rect.min, &doc.board.get(id)?.rect()?);
        let (fx, fy) = h.anchor();
        Some(Pos2::new(
            r.min.x + r.width() * fx,
            r.min.y + r.height() * fy,
        ))
    }

    /// The screen rectangle of an element (for tests and overlays).
    #[must_use]
    pub fn element_screen_rect(&self, doc: &Document, id: ElementId) -> Option<Rect> {
        let e = doc.board.get(id)?;
        let b = doc.board.element_bounds(e)?;
        Some(self.view.rect_to_screen(self.rect.min, &b))
    }

    fn sync_index(&mut self, doc: &mut Document) {
        if self.indexed_doc != Some(doc.generation()) {
            self.index = SpatialIndex::build(&doc.board);
            self.indexed_doc = Some(doc.generation());
            doc.history.take_touched();
            self.selection.clear();
            self.editing = None;
            self.gesture = Gesture::Idle;
            return;
        }
        let touched = doc.history.take_touched();
        if !touched.is_empty() {
            self.index.update(&doc.board, touched);
            self.selection.retain(|id| doc.board.get(*id).is_some());
            if let Some(ed) = &self.editing
                && doc.board.get(ed.id).is_none()
            {
                self.editing = None;
            }
        }
    }

    /// Elements under a board point, topmost first.
    fn hits(&self, doc: &Document, p: Point) -> Vec<ElementId> {
        let tol = 6.0 / self.view.zoom;
        let probe = model::Rect::from_two_points(p.offset(-tol, -tol), p.offset(tol, tol));
        let mut cands = self.index.query(&probe);
        cands.sort_by_key(|id| std::cmp::Reverse(doc.board.elements.index_of(*id)));
        cands
            .into_iter()
            .filter(|id| {
                let Some(e) = doc.board.get(*id) else {
                    return false;
                };
                match e {
                    Element::Arrow(a) => doc
                        .board
                        .arrow_points(a)
                        .is_some_and(|(s, t)| dist_to_segment(p, s, t) <= tol),
                    Element::Frame(f) => {
                        let r = model::Rect::from_pos_size(f.pos, f.size);
                        let title = model::Rect::from_two_points(
                            f.pos.offset(0.0, -FRAME_TITLE_H),
                            f.pos.offset(f.size.w.min(320.0), 0.0),
                        );
                        let on_border = r.expand(tol).contains(p) && !r.expand(-tol).contains(p);
                        title.contains(p) || on_border
                    }
                    other => other.rect().is_some_and(|r| r.contains(p)),
                }
            })
            .collect()
    }

    /// The topmost element at a board point.
    #[must_use]
    pub fn hit(&self, doc: &Document, p: Point) -> Option<ElementId> {
        self.hits(doc, p).into_iter().next()
    }

    /// The topmost box-like element at a point, other than `except`.
    fn hit_box(&self, doc: &Document, p: Point, except: Option<ElementId>) -> Option<ElementId> {
        let mut cands = self.index.query(&model::Rect::from_two_points(p, p));
        cands.sort_by_key(|id| std::cmp::Reverse(doc.board.elements.index_of(*id)));
        cands.into_iter().find(|id| {
            Some(*id) != except
                && doc.board.get(*id).is_some_and(|e| {
                    !matches!(e, Element::Arrow(_)) && e.rect().is_some_and(|r| r.contains(p))
                })
        })
    }

    fn single_box_selected(&self, doc: &Document) -> Option<ElementId> {
        match self.selection.as_slice() {
            [id] if doc.board.get(*id).is_some_and(|e| e.rect().is_some()) => Some(*id),
            _ => None,
        }
    }

    fn connect_handle_at(&self, doc: &Document, pos: Pos2) -> Option<(ElementId, Side)> {
        let id = self.single_box_selected(doc)?;
        if self.view.zoom < 0.2 {
            return None;
        }
        [Side::Top, Side::Right, Side::Bottom, Side::Left]
            .into_iter()
            .find(|s| {
                self.connect_handle_pos(doc, id, *s)
                    .is_some_and(|h| h.distance(pos) <= CONNECT_RADIUS + 3.0)
            })
            .map(|s| (id, s))
    }

    /// The end handle of the single selected arrow under `pos`: `true` for
    /// the head, `false` for the tail.
    fn arrow_end_at(&self, doc: &Document, pos: Pos2) -> Option<(ElementId, bool)> {
        let [id] = self.selection.as_slice() else {
            return None;
        };
        let Some(Element::Arrow(a)) = doc.board.get(*id) else {
            return None;
        };
        let (s, t) = doc.board.arrow_points(a)?;
        if self.to_screen(t).distance(pos) <= 8.0 {
            Some((*id, true))
        } else if self.to_screen(s).distance(pos) <= 8.0 {
            Some((*id, false))
        } else {
            None
        }
    }

    fn resize_handle_at(&self, doc: &Document, pos: Pos2) -> Option<(ElementId, Handle)> {
        let id = self.single_box_selected(doc)?;
        Handle::ALL
            .into_iter()
            .find(|h| {
                self.resize_handle_pos(doc, id, *h)
                    .is_some_and(|p| (p - pos).abs().max_elem() <= HANDLE_HALF + 3.0)
            })
            .map(|h| (id, h))
    }

    /// Shows the canvas and handles its input. Changes go to `doc`;
    /// commands the canvas cannot run itself (none yet) are ignored.
    pub fn ui(&mut self, ui: &mut Ui, doc: &mut Document, catalog: &Catalog) {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Canvas, true, "Canvas"));
        self.rect = rect;
        self.sync_index(doc);
        if self.fit_pending {
            self.fit_pending = false;
            self.zoom_to_fit(doc);
        }
        self.handle_view_input(ui, &response);
        if self.read_only {
            self.handle_pan_only(ui, &response);
        } else {
            self.handle_pointer(ui, &response, doc);
        }
        if let Some(drop) = response.dnd_release_payload::<KindDrop>()
            && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
        {
            let at = self.to_board(pos);
            // The board has the user's attention now, not the search field.
            ui.memory_mut(egui::Memory::stop_text_input);
            self.add_component_at(doc, &drop.kind, &drop.name, Some(at));
        }
        self.sync_index(doc);
        let pal = Palette::new(ui.visuals().dark_mode);
        self.paint(ui, doc, catalog, &pal);
        self.text_editor(ui, doc, catalog, &pal);
        self.sync_index(doc);
    }

    fn handle_view_input(&mut self, ui: &Ui, response: &egui::Response) {
        if !response.contains_pointer() {
            return;
        }
        let (scroll, zoom, hover) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        if (zoom - 1.0).abs() > f32::EPSILON {
            let at = hover.unwrap_or(self.rect.center());
            self.view.zoom_around(self.rect.min, at, zoom);
        } else if scroll != Vec2::ZERO {
            self.view.offset += scroll;
        }
    }

    #[allow(clippy::too_many_lines)]
    fn handle_pointer(&mut self, ui: &Ui, response: &egui::Response, doc: &mut Document) {
        let (pos, pressed, down, released, middle_pressed, middle_down, shift, space, escape) = ui
            .input(|i| {
                (
                    i.pointer.interact_pos(),
                    i.pointer.button_pressed(PointerButton::Primary),
                    i.pointer.button_down(PointerButton::Primary),
                    i.pointer.button_released(PointerButton::Primary),
                    i.pointer.button_pressed(PointerButton::Middle),
                    i.pointer.button_down(PointerButton::Middle),
                    i.modifiers.shift,
                    i.key_down(Key::Space),
                    i.key_pressed(Key::Escape),
                )
            });
        let typing = ui.ctx().egui_wants_keyboard_input();
        let hovered = response.hovered();

        // Escape: cancel the gesture in progress, else clear the selection.
        if escape && !typing {
            if self.in_gesture() {
                self.cancel_gesture(doc);
                return;
            }
            if self.editing.is_none() {
                self.selection.clear();
            }
        }

        let Some(pos) = pos else {
            return;
        };
        let p = self.to_board(pos);
        if hovered && matches!(self.gesture, Gesture::Idle) {
            self.hover = self.hit(doc, p);
            let cursor = if self.arrow_end_at(doc, pos).is_some() {
                Some(CursorIcon::Crosshair)
            } else if let Some((_, h)) = self.resize_handle_at(doc, pos) {
                Some(h.cursor())
            } else if self.connect_handle_at(doc, pos).is_some() {
                Some(CursorIcon::Crosshair)
            } else if space {
                Some(CursorIcon::Grab)
            } else {
                self.hover.map(|_| CursorIcon::Move)
            };
            if let Some(c) = cursor {
                ui.ctx().set_cursor_icon(c);
            }
        }

        // Start of a gesture.
        if middle_pressed && hovered {
            self.finish_text_edit(doc);
            self.gesture = Gesture::Pan { last: pos };
        } else if pressed && hovered {
            self.press_at = Some(pos);
            ui.memory_mut(egui::Memory::stop_text_input);
            self.finish_text_edit(doc);
            if space && !typing {
                self.gesture = Gesture::Pan { last: pos };
            } else if let Some((id, head)) = self.arrow_end_at(doc, pos) {
                doc.apply(Edit::Begin("Move arrow end".to_owned()));
                self.gesture = Gesture::ArrowEnd {
                    id,
                    head,
                    target: None,
                };
            } else if let Some((id, _)) = self.connect_handle_at(doc, pos) {
                // New arrows attach with `Side::Auto`, whichever handle they
                // were dragged from, so they stay neat when boxes move.
                self.gesture = Gesture::Connect {
                    from: id,
                    now: p,
                    target: None,
                };
            } else if let Some((id, handle)) = self.resize_handle_at(doc, pos) {
                if let Some(e) = doc.board.get(id).cloned() {
                    doc.apply(Edit::Begin("Resize".to_owned()));
                    self.gesture = Gesture::Resize {
                        handle,
                        original: e,
                    };
                }
            } else if let Some(hit) = self.hit(doc, p) {
                let was_selected = self.selection.contains(&hit);
                if shift {
                    if was_selected {
                        self.selection.retain(|x| *x != hit);
                    } else {
                        self.selection.push(hit);
                    }
                } else if !was_selected {
                    self.selection = vec![hit];
                }
                self.gesture = Gesture::Pressed {
                    at: pos,
                    hit,
                    selected_on_press: shift || !was_selected,
                };
            } else {
                let base = if shift {
                    self.selection.clone()
                } else {
                    Vec::new()
                };
                self.selection.clone_from(&base);
                self.gesture = Gesture::Marquee {
                    start: p,
                    now: p,
                    base,
                };
            }
        }

        // The gesture continues.
        match &mut self.gesture {
            Gesture::Idle => {}
            Gesture::Pan { last } => {
                if down || middle_down {
                    self.view.offset += pos - *last;
                    *last = pos;
                    ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
                } else {
                    self.gesture = Gesture::Idle;
                }
            }
            Gesture::Pressed {
                at,
                hit,
                selected_on_press,
            } => {
                let (at, hit, selected_on_press) = (*at, *hit, *selected_on_press);
                if released {
                    if !selected_on_press && !shift {
                        self.selection = vec![hit];
                    }
                    self.gesture = Gesture::Idle;
                } else if down && at.distance(pos) > DRAG_THRESHOLD {
                    let start = self.to_board(at);
                    let originals = self.movable_set(doc);
                    let n = originals.len();
                    doc.apply(Edit::Begin(format!(
                        "Move {n} element{}",
                        if n == 1 { "" } else { "s" }
                    )));
                    self.gesture = Gesture::Move { start, originals };
                    self.drag_move(doc, p);
                }
            }
            Gesture::Move { .. } => {
                if down {
                    self.drag_move(doc, p);
                    ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
                }
                if released {
                    self.drag_move(doc, p);
                    doc.apply(Edit::Commit);
                    self.gesture = Gesture::Idle;
                }
            }
            Gesture::Resize { handle, original } => {
                let (handle, original) = (*handle, original.clone());
                ui.ctx().set_cursor_icon(handle.cursor());
                self.drag_resize(doc, &original, handle, p);
                if released {
                    doc.apply(Edit::Commit);
                    self.gesture = Gesture::Idle;
                }
            }
            Gesture::Marquee { start, now, base } => {
                *now = p;
                let r = model::Rect::from_two_points(*start, *now);
                let mut sel = base.clone();
                for id in self.index.query(&r) {
                    if !sel.contains(&id)
                        && self.index.bounds(id).is_some_and(|b| r.contains_rect(&b))
                    {
                        sel.push(id);
                    }
                }
                self.selection = sel;
                if released || !down {
                    self.gesture = Gesture::Idle;
                }
            }
            Gesture::ArrowEnd { id, head, .. } => {
                let (id, head) = (*id, *head);
                let other = match doc.board.get(id) {
                    Some(Element::Arrow(a)) => {
                        if head {
                            a.from.element()
                        } else {
                            a.to.element()
                        }
                    }
                    _ => None,
                };
                let found = self.hit_box(doc, p, other);
                if let Gesture::ArrowEnd { target, .. } = &mut self.gesture {
                    *target = found;
                }
                self.drag_arrow_end(doc, id, head, found, p);
                ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
                if released || !down {
                    doc.apply(Edit::Commit);
                    self.gesture = Gesture::Idle;
                }
            }
            Gesture::Connect { from, .. } => {
                let from = *from;
                let found = self.hit_box(doc, p, Some(from));
                let Gesture::Connect { from, now, target } = &mut self.gesture else {
                    unreachable!()
                };
                *now = p;
                *target = found;
                ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
                if released || !down {
                    let (from, target) = (*from, *target);
                    self.gesture = Gesture::Idle;
                    self.finish_connect(doc, from, target, p);
                }
            }
        }

        let mut clicked = false;
        if released {
            clicked = self
                .press_at
                .take()
                .is_some_and(|at| at.distance(pos) <= DRAG_THRESHOLD);
        }
        let double = clicked && {
            let now = ui.input(|i| i.time);
            let double = self
                .last_click
                .is_some_and(|(t, at)| now - t <= DOUBLE_CLICK_S && at.distance(pos) <= 6.0);
            self.last_click = if double { None } else { Some((now, pos)) };
            double
        };
        if double && self.editing.is_none() {
            if let Some(hit) = self.hit(doc, p) {
                self.selection = vec![hit];
                self.start_text_edit(doc, hit);
            } else {
                self.add_note_at(doc, p, true);
            }
        }
    }

    /// Read-only boards: any drag pans the view.
    fn handle_pan_only(&mut self, ui: &Ui, response: &egui::Response) {
        if response.dragged() {
            self.view.offset += response.drag_delta();
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
        }
    }

    /// The selected elements plus what lies inside selected frames.
    fn movable_set(&self, doc: &Document) -> Vec<Element> {
        let mut ids: Vec<ElementId> = self.selection.clone();
        let mut seen: HashSet<ElementId> = ids.iter().copied().collect();
        for id in &self.selection {
            if let Some(Element::Frame(f)) = doc.board.get(*id) {
                let r = model::Rect::from_pos_size(f.pos, f.size);
                for other in self.index.query(&r) {
                    let inside = doc.board.get(other).is_some_and(|e| match e {
                        Element::Arrow(a) => {
                            [a.from, a.to].iter().all(|end| match end {
                                Endpoint::Free(p) => r.contains(*p),
                                Endpoint::Element { .. } => true,
                            }) && [a.from, a.to]
                                .iter()
                                .any(|end| matches!(end, Endpoint::Free(_)))
                        }
                        e => e.rect().is_some_and(|b| r.contains_rect(&b)),
                    });
                    if inside && seen.insert(other) {
                        ids.push(other);
                    }
                }
            }
        }
        ids.iter()
            .filter_map(|id| doc.board.get(*id).cloned())
            .collect()
    }

    fn drag_move(&mut self, doc: &mut Document, p: Point) {
        let Gesture::Move { start, originals } = &self.gesture else {
            return;
        };
        let (mut dx, mut dy) = (p.x - start.x, p.y - start.y);
        if self.snap {
            // Snap the first box's corner to the grid; everything moves alike.
            if let Some(r) = originals.iter().find_map(Element::rect) {
                dx = snap_value(r.min.x + dx) - r.min.x;
                dy = snap_value(r.min.y + dy) - r.min.y;
            }
        }
        let ops: Vec<Op> = originals
            .iter()
            .filter_map(|o| {
                let before = doc.board.get(o.id())?.clone();
                let after = o.translated(dx, dy);
                (before != after).then_some(Op::Update { before, after })
            })
            .collect();
        for op in ops {
            doc.apply(Edit::Push(op));
        }
    }

    fn drag_arrow_end(
        &mut self,
        doc: &mut Document,
        id: ElementId,
        head: bool,
        target: Option<ElementId>,
        p: Point,
    ) {
        let Some(before) = doc.board.get(id).cloned() else {
            return;
        };
        let Element::Arrow(mut after) = before.clone() else {
            return;
        };
        let end = match target {
            Some(t) => Endpoint::Element {
                id: t,
                side: Side::Auto,
            },
            None => Endpoint::Free(if self.snap {
                Point::new(snap_value(p.x), snap_value(p.y))
            } else {
                p
            }),
        };
        if head {
            after.to = end;
        } else {
            after.from = end;
        }
        let after = Element::Arrow(after);
        if after != before {
            doc.apply(Edit::Push(Op::Update { before, after }));
        }
    }

    fn drag_resize(&mut self, doc: &mut Document, original: &Element, handle: Handle, p: Point) {
        let Some(r) = original.rect() else { return };
        let (fx, fy) = handle.anchor();
        let (mut min, mut max) = (r.min, r.max);
        let (px, py) = if self.snap {
            (snap_value(p.x), snap_value(p.y))
        } else {
            (p.x, p.y)
        };
        if fx == 0.0 {
            min.x = px.min(max.x - MIN_BOX);
        } else if fx == 1.0 {
            max.x = px.max(min.x + MIN_BOX);
        }
        if fy == 0.0 {
            min.y = py.min(max.y - MIN_BOX);
        } else if fy == 1.0 {
            max.y = py.max(min.y + MIN_BOX);
        }
        let mut after = original.clone();
        if let Some((pos, size)) = after.pos_size_mut() {
            *pos = min;
            *size = Size::new(max.x - min.x, max.y - min.y);
        }
        if let Some(before) = doc.board.get(original.id()).cloned()
            && before != after
        {
            doc.apply(Edit::Push(Op::Update { before, after }));
        }
    }

    fn finish_connect(
        &mut self,
        doc: &mut Document,
        from: ElementId,
        target: Option<ElementId>,
        p: Point,
    ) {
        let to = match target {
            Some(id) => Endpoint::Element {
                id,
                side: Side::Auto,
            },
            None => Endpoint::Free(p),
        };
        let id = doc.board.alloc_id();
        let arrow = Element::Arrow(Arrow {
            id,
            from: Endpoint::Element {
                id: from,
                side: Side::Auto,
            },
            to,
            label: String::new(),
            style: LineStyle::Solid,
        });
        let op = Op::add_on_top(&doc.board, arrow);
        doc.apply(Edit::Apply("Connect".to_owned(), vec![op]));
        self.selection = vec![id];
    }

    fn cancel_gesture(&mut self, doc: &mut Document) {
        match std::mem::take(&mut self.gesture) {
            Gesture::Move { .. } | Gesture::Resize { .. } | Gesture::ArrowEnd { .. } => {
                doc.apply(Edit::Cancel);
            }
            Gesture::Marquee { base, .. } => self.selection = base,
            _ => {}
        }
    }

    /// Starts editing the text of an element in place.
    pub fn start_text_edit(&mut self, doc: &mut Document, id: ElementId) {
        let Some(e) = doc.board.get(id) else { return };
        self.editing = Some(TextEditing {
            id,
            text: e.text().to_owned(),
            focus_requested: false,
        });
        doc.apply(Edit::Begin("Edit text".to_owned()));
    }

    /// Ends the text edit in progress, keeping what was typed.
    pub fn finish_text_edit(&mut self, doc: &mut Document) {
        if self.editing.take().is_some() {
            doc.apply(Edit::Commit);
        }
    }

    fn text_editor(&mut self, ui: &mut Ui, doc: &mut Document, catalog: &Catalog, pal: &Palette) {
        let Some(ed) = &mut self.editing else { return };
        let Some(e) = doc.board.get(ed.id).cloned() else {
            self.editing = None;
            return;
        };
        let Some(b) = doc.board.element_bounds(&e) else {
            self.editing = None;
            return;
        };
        let z = self.view.zoom.max(0.6);
        let screen = self.view.rect_to_screen(self.rect.min, &b);
        let (rect, multiline, what) = match &e {
            Element::Note(_) => (screen, true, "note text"),
            Element::Component(_) => (screen, false, "label"),
            Element::Frame(_) => (
                Rect::from_min_size(
                    screen.min - Vec2::new(0.0, FRAME_TITLE_H * z),
                    Vec2::new(screen.width().max(220.0), FRAME_TITLE_H * z),
                ),
                false,
                "frame title",
            ),
            Element::Arrow(_) => (
                Rect::from_center_size(screen.center(), Vec2::new(220.0, 28.0 * z)),
                false,
                "arrow label",
            ),
        };
        let fill = match &e {
            Element::Component(c) => pal.component_fill(draw::accent(
                c,
                &draw::Ctx {
                    painter: ui.painter(),
                    pal,
                    catalog,
                    custom: &doc.board.custom_kinds,
                    zoom: z,
                    detail: Detail::Full,
                },
            )),
            Element::Note(n) => n.color.map_or(pal.note, Palette::color),
            _ => pal.label_bg,
        };
        let mut finished = false;
        egui::Area::new(Id::unique("text-edit-overlay"))
            .order(egui::Order::Foreground)
            .fixed_pos(rect.min - Vec2::new(0.0, 18.0))
            .show(ui.ctx(), |ui| {
                let caption = ui.label(
                    egui::RichText::new(format!(
                        "Editing {what} · {} to finish",
                        if multiline {
                            "Ctrl+Enter or Esc"
                        } else {
                            "Enter or Esc"
                        }
                    ))
                    .small()
                    .color(pal.muted),
                );
                let font = egui::FontId::proportional((draw::LABEL_SIZE * z).clamp(11.0, 40.0));
                let mut edit = if multiline {
                    egui::TextEdit::multiline(&mut ed.text)
                } else {
                    egui::TextEdit::singleline(&mut ed.text)
                };
                edit = edit
                    .font(font)
                    .desired_width(rect.width().max(120.0) - 8.0)
                    .background_color(fill);
                if multiline {
                    edit = edit.desired_rows(((rect.height() / (18.0 * z)) as usize).max(2));
                }
                let resp = ui.add(edit).labelled_by(caption.id);
                if !ed.focus_requested {
                    resp.request_focus();
                    ed.focus_requested = true;
                }
                if resp.changed() {
                    let mut after = e.clone();
                    after.set_text(ed.text.clone());
                    doc.apply(Edit::Push(Op::Update {
                        before: e.clone(),
                        after,
                    }));
                }
                let ctrl_enter = ui.input(|i| i.modifiers.command && i.key_pressed(Key::Enter));
                if resp.lost_focus() || (multiline && ctrl_enter) {
                    finished = true;
                }
            });
        if finished {
            self.finish_text_edit(doc);
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    fn paint(&mut self, ui: &Ui, doc: &Document, catalog: &Catalog, pal: &Palette) {
        let painter = ui.painter_at(self.rect);
        if self.paint_background {
            painter.rect_filled(self.rect, 0.0, pal.background);
        }
        let origin = self.rect.min + self.view.offset;
        let visible = self.view.visible(self.rect).expand(40.0 / self.view.zoom);
        let detail = Detail::for_zoom(self.view.zoom);
        let cx = draw::Ctx {
            painter: &painter,
            pal,
            catalog,
            custom: &doc.board.custom_kinds,
            zoom: self.view.zoom,
            detail,
        };
        let ids = self.visible_ids(doc, &visible);
        self.drawn = ids.len();
        // Busy boards at full detail come from an image of the region
        // around the view (grid included) once one is ready.
        let from_image = detail == Detail::Full
            && self.use_cache
            && self.ghost.is_none()
            && ids.len() >= detail_cache::MIN_ELEMENTS
            && self.paint_detail_cached(ui, &cx, doc);
        if self.show_grid && self.view.zoom >= 0.25 && !from_image {
            draw::grid(&painter, self.rect, origin, self.view.zoom, GRID, pal.grid);
        }
        if let Some(ghost) = &self.ghost {
            let mut faint = painter.clone();
            faint.multiply_opacity(0.35);
            let gcx = draw::Ctx {
                painter: &faint,
                pal,
                catalog,
                custom: &ghost.board.custom_kinds,
                zoom: self.view.zoom,
                detail: if detail == Detail::Full {
                    Detail::Full
                } else {
                    Detail::NoText
                },
            };
            for e in ghost.board.elements() {
                self.paint_element(&gcx, &ghost.board, e);
            }
        }
        if detail != Detail::Full {
            if !(self.use_cache && self.paint_cached(ui, &cx, doc)) {
                self.paint_batched(&cx, doc, &ids);
            }
        } else {
            let accesskit = detail == Detail::Full
                && ids.len() <= 400
                && ui
                    .ctx()
                    .accesskit_node_builder(ui.scope_id(), |_| ())
                    .is_some();
            for id in &ids {
                let Some(e) = doc.board.get(*id) else {
                    continue;
                };
                if !from_image {
                    self.paint_element(&cx, &doc.board, e);
                }
                if accesskit {
                    self.register_accessible(ui, doc, e);
                }
            }
        }
        self.paint_overlays(&painter, doc, pal);
    }

    /// The ids of elements that may be visible, in drawing order. When most
    /// of the board is in view the board is walked directly (cheaper than
    /// the index); otherwise only the index's cells under the view are read.
    fn visible_ids(&self, doc: &Document, visible: &model::Rect) -> Vec<ElementId> {
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

    fn paint_element(&self, cx: &draw::Ctx<'_>, board: &model::Board, e: &Element) {
        let editing = self.editing.as_ref().map(|ed| ed.id) == Some(e.id());
        let screen = |r: model::Rect| self.view.rect_to_screen(self.rect.min, &r);
        match e {
            Element::Arrow(a) => {
                if let Some((s, t)) = board.arrow_points(a) {
                    let color = if self.selection.contains(&a.id) {
                        cx.pal.selection
                    } else {
                        cx.pal.arrow
                    };
                    if editing {
                        let a = Arrow {
                            label: String::new(),
                            ..a.clone()
                        };
                        draw::arrow(cx, &a, self.to_screen(s), self.to_screen(t), color);
                    } else {
                        draw::arrow(cx, a, self.to_screen(s), self.to_screen(t), color);
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
                    draw::component(cx, &c, r);
                } else {
                    draw::component(cx, c, r);
                }
            }
            Element::Note(n) => {
                let r = screen(model::Rect::from_pos_size(n.pos, n.size));
                if editing {
                    draw::note(
                        cx,
                        &Note {
                            text: String::new(),
                            ..n.clone()
                        },
                        r,
                    );
                } else {
                    draw::note(cx, n, r);
                }
            }
            Element::Frame(f) => {
                draw::frame(cx, f, screen(model::Rect::from_pos_size(f.pos, f.size)));
            }
        }
    }

    /// What the full-detail image depends on besides the view's position.
    fn detail_key(&self, doc: &Document, cx: &draw::Ctx<'_>, ppp: f32) -> detail_cache::Key {
        [
            doc.generation(),
            doc.history.revision(),
            u64::from(self.view.zoom.to_bits()),
            u64::from(cx.pal.dark),
            hash_of(&self.selection),
            hash_of(&self.editing.as_ref().map(|e| e.id)),
            u64::from(ppp.to_bits()),
            u64::from(self.show_grid),
        ]
    }

    /// Draws the board from the full-detail image of the region around the
    /// view when one is ready and covers the view (returns whether it did),
    /// and starts filling the next region when the view nears the edge of
    /// the current one or the board changed and then kept still for a
    /// frame. See [`detail_cache`].
    fn paint_detail_cached(&mut self, ui: &Ui, cx: &draw::Ctx<'_>, doc: &Document) -> bool {
        let ctx = ui.ctx().clone();
        let ppp = ctx.pixels_per_point();
        let key = self.detail_key(doc, cx, ppp);
        let view = self.view.visible(self.rect);
        let frame = self.detail_cache.frame(&ctx, key, &view);
        if frame.fill {
            self.start_detail_fill(&ctx, cx, doc, key, ppp);
        }
        let Some((texture, origin, size)) = frame.draw else {
            return false;
        };
        self.paint_picture(cx.painter, texture, origin, size, ppp);
        true
    }

    /// Draws a picture of `size` pixels whose top-left pixel shows the
    /// board point `origin`, on whole pixels so that it maps 1:1 onto the
    /// screen.
    fn paint_picture(
        &self,
        painter: &egui::Painter,
        texture: egui::TextureId,
        origin: Point,
        size: [usize; 2],
        ppp: f32,
    ) {
        let at = self.to_screen(origin);
        let at = Pos2::new((at.x * ppp).round() / ppp, (at.y * ppp).round() / ppp);
        let rect = Rect::from_min_size(at, Vec2::new(size[0] as f32, size[1] as f32) / ppp);
        painter.image(
            texture,
            rect,
            Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
            egui::Color32::WHITE,
        );
    }

    /// Draws the region around the view (as the canvas would) into shapes,
    /// takes them back out of this frame's drawing, tessellates them and
    /// hands them to the cache's worker.
    fn start_detail_fill(
        &mut self,
        ctx: &egui::Context,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        key: detail_cache::Key,
        ppp: f32,
    ) {
        let max_side = ctx.input(|i| i.max_texture_side).min(4096);
        let Some(plan) = detail_cache::plan(self.rect, ppp, max_side, |p| self.to_board(p)) else {
            return;
        };
        let screen = Rect::from_min_size(
            plan.min,
            Vec2::new(plan.size[0] as f32, plan.size[1] as f32) / ppp,
        );
        let layer = cx.painter.layer_id();
        let painter = egui::Painter::new(ctx.clone(), layer, screen);
        let first = ctx.graphics_mut(|g| g.entry(layer).next_idx());
        if self.show_grid && self.view.zoom >= 0.25 {
            let origin = self.rect.min + self.view.offset;
            draw::grid(&painter, screen, origin, self.view.zoom, GRID, cx.pal.grid);
        }
        let fill_cx = draw::Ctx {
            painter: &painter,
            ..*cx
        };
        let ids = self.visible_ids(doc, &plan.region.expand(40.0 / self.view.zoom));
        for id in &ids {
            if let Some(e) = doc.board.get(*id) {
                self.paint_element(&fill_cx, &doc.board, e);
            }
        }
        // Take the shapes back out: this frame draws from what it has.
        let shift = -plan.min.to_vec2();
        let shapes: Vec<egui::epaint::ClippedShape> = ctx.graphics_mut(|g| {
            let list = g.entry(layer);
            let end = list.next_idx();
            let shapes = list
                .all_entries()
                .skip(first.0)
                .map(|c| {
                    let mut c = c.clone();
                    c.shape.translate(shift);
                    c.clip_rect = Rect::EVERYTHING;
                    c
                })
                .collect();
            for i in first.0..end.0 {
                list.reset_shape(egui::layers::ShapeIdx(i));
            }
            shapes
        });
        let prims = ctx.tessellate(shapes, ppp);
        let atlas = raster::font_atlas(ctx);
        self.detail_cache.start(key, plan, prims, atlas, ppp);
    }

    /// The image the board at full detail is drawn from, when in use.
    #[must_use]
    pub fn detail_texture(&self) -> Option<egui::TextureId> {
        self.detail_cache.texture()
    }

    /// Whether a picture of the board (zoomed out, or the region around
    /// the view at full detail) is being filled in the background.
    #[must_use]
    pub fn filling(&self) -> bool {
        self.cache_pending.is_some() || self.detail_cache.pending()
    }

    /// How many full-detail region pictures have been started.
    #[must_use]
    pub fn detail_fills(&self) -> u64 {
        self.detail_cache.fills
    }

    /// Zoomed out: every element as a flat box or line, batched into one
    /// mesh (thousands of shapes would cost more than the drawing). With
    /// [`Detail::NoText`] boxes get borders and arrows heads and dashes.
    fn paint_batched(&self, cx: &draw::Ctx<'_>, doc: &Document, ids: &[ElementId]) {
        let mesh = self.batched_mesh(cx, doc, ids, self.rect.expand(20.0), None);
        cx.painter.add(egui::Shape::mesh(mesh));
    }

    /// The texture the zoomed-out board is drawn from, when in use.
    #[must_use]
    pub fn cached_texture(&self) -> Option<egui::TextureId> {
        self.cache.as_ref().map(|c| c.texture.id())
    }

    /// Zoomed out with the view only moving: the batched drawing of the
    /// whole board is filled into a texture once (by the software
    /// rasterizer pictures use) and then drawn as one image, moved with the
    /// view. A pan then costs one textured quad instead of thousands of
    /// thin triangles. Rebuilt when the board, zoom, selection, theme or
    /// detail changes. Returns false when the board at this zoom is too
    /// large for a texture (the caller draws the mesh instead).
    fn paint_cached(&mut self, ui: &Ui, cx: &draw::Ctx<'_>, doc: &Document) -> bool {
        let Some(bounds) = doc.board.bounds() else {
            return false;
        };
        let ppp = ui.ctx().pixels_per_point();
        let margin = 24.0;
        let sb = self
            .view
            .rect_to_screen(self.rect.min, &bounds)
            .expand(margin);
        let size = [
            (sb.width() * ppp).ceil() as usize,
            (sb.height() * ppp).ceil() as usize,
        ];
        let max = ui.ctx().input(|i| i.max_texture_side).min(4096);
        if size[0] == 0 || size[1] == 0 || size[0] > max || size[1] > max {
            return false;
        }
        let selection = hash_of(&self.selection);
        let key = [
            doc.generation(),
            doc.history.revision(),
            u64::from(self.view.zoom.to_bits()),
            u64::from(cx.pal.dark),
            selection,
            u64::from(cx.detail == Detail::NoText),
            u64::from(ppp.to_bits()),
            size[0] as u64,
            size[1] as u64,
        ];
        // A fill started in the background (see below) that has landed.
        if let Some((pending_key, origin, rx)) = &self.cache_pending {
            match rx.try_recv() {
                Ok(image) => {
                    if *pending_key == key {
                        let texture = ui.ctx().load_texture(
                            "canvas-cache",
                            image,
                            egui::TextureOptions::NEAREST,
                        );
                        self.cache = Some(CanvasCache {
                            key,
                            texture,
                            origin: *origin,
                        });
                    }
                    self.cache_pending = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(10));
                    if *pending_key == key {
                        // Nothing to show yet: the canvas stays empty for
                        // the few frames the fill takes.
                        self.drawn = 0;
                        return true;
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.cache_pending = None,
            }
        }
        let fresh = self.cache.as_ref().is_some_and(|c| c.key == key);
        if !fresh {
            let ids: Vec<ElementId> = doc.board.elements().iter().map(Element::id).collect();
            let mut lines = Vec::new();
            let mut mesh = self.batched_mesh(cx, doc, &ids, sb, Some(&mut lines));
            for v in &mut mesh.vertices {
                v.pos -= sb.min.to_vec2();
            }
            for l in &mut lines {
                l.from -= sb.min.to_vec2();
                l.to -= sb.min.to_vec2();
            }
            let prims = [egui::epaint::ClippedPrimitive {
                clip_rect: Rect::EVERYTHING,
                primitive: egui::epaint::Primitive::Mesh(mesh),
            }];
            let white = egui::ColorImage::filled([1, 1], egui::Color32::WHITE);
            let origin = self.view.to_board(self.rect.min, sb.min);
            // A big board just opened is filled in the background, on
            // every core, while the window finishes starting (its first
            // frames cost the renderer a while anyway); later changes are
            // filled at once, so the picture never lags an edit.
            let just_opened = self
                .cache
                .as_ref()
                .is_none_or(|c| c.key[0] != doc.generation());
            if just_opened
                && doc.board.elements().len() >= BACKGROUND_FILL_MIN
                && self.cache_pending.is_none()
                && let Some(rx) = detail_cache::spawn_fill(
                    prims.to_vec(),
                    lines.clone(),
                    white.clone(),
                    size,
                    ppp,
                    raster::cores(),
                )
            {
                self.cache_pending = Some((key, origin, rx));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(10));
                self.drawn = 0;
                return true;
            }
            let image = raster::picture(&prims, &lines, white, size, ppp, raster::cores());
            let texture =
                ui.ctx()
                    .load_texture("canvas-cache", image, egui::TextureOptions::NEAREST);
            self.cache = Some(CanvasCache {
                key,
                texture,
                origin,
            });
        }
        let Some(cache) = &self.cache else {
            return false;
        };
        self.paint_picture(cx.painter, cache.texture.id(), cache.origin, size, ppp);
        true
    }

    /// The batched mesh of `ids`; arrowheads are drawn for ends in `clip`.
    /// With `lines`, the hairline arrows of [`Detail::Minimal`] go there
    /// instead of into the mesh (the rasterizer draws them faster).
    fn batched_mesh(
        &self,
        cx: &draw::Ctx<'_>,
        doc: &Document,
        ids: &[ElementId],
        clip: Rect,
        mut lines: Option<&mut Vec<Hairline>>,
    ) -> egui::epaint::Mesh {
        let detailed = cx.detail == Detail::NoText;
        let mut mesh = egui::epaint::Mesh::default();
        mesh.reserve_vertices(ids.len() * 12);
        mesh.reserve_triangles(ids.len() * 8);
        let screen = |r: model::Rect| self.view.rect_to_screen(self.rect.min, &r);
        for id in ids {
            match doc.board.get(*id) {
                Some(Element::Component(c)) => {
                    let accent = draw::accent(c, cx);
                    let r = screen(model::Rect::from_pos_size(c.pos, c.size));
                    if detailed {
                        draw::mesh_box(&mut mesh, r, cx.pal.component_fill(accent), Some(accent));
                    } else {
                        let fill = theme::lerp(cx.pal.component_fill(accent), accent, 0.5);
                        draw::mesh_box(&mut mesh, r, fill, None);
                    }
                }
                Some(Element::Note(n)) => {
                    let fill = n.color.map_or(cx.pal.note, Palette::color);
                    let border = detailed.then_some(cx.pal.note_border);
                    draw::mesh_box(
                        &mut mesh,
                        screen(model::Rect::from_pos_size(n.pos, n.size)),
                        fill,
                        border,
                    );
                }
                Some(Element::Frame(f)) => {
                    let r = screen(model::Rect::from_pos_size(f.pos, f.size));
                    draw::mesh_box(&mut mesh, r, cx.pal.frame_fill, Some(cx.pal.frame_border));
                }
                Some(Element::Arrow(a)) => {
                    let Some((s, t)) = doc.board.arrow_points(a) else {
                        continue;
                    };
                    let color = if self.selection.contains(id) {
                        cx.pal.selection
                    } else {
                        cx.pal.arrow
                    };
                    let (p, q) = (self.to_screen(s), self.to_screen(t));
                    if !detailed {
                        match lines.as_deref_mut() {
                            Some(lines) => lines.push(Hairline {
                                from: p,
                                to: q,
                                color: color.gamma_multiply(HAIRLINE_WIDTH),
                            }),
                            None => draw::mesh_line(&mut mesh, p, q, HAIRLINE_WIDTH, color),
                        }
                        continue;
                    }
                    let head = (11.0 * cx.zoom).clamp(3.0, 18.0);
                    let dir = (q - p).normalized();
                    let end = if (q - p).length() > head {
                        q - dir * head * 0.8
                    } else {
                        q
                    };
                    match a.style {
                        LineStyle::Solid => draw::mesh_line(&mut mesh, p, end, 1.0, color),
                        // Thousands of dashes would cost more than everything
                        // else at this zoom: a fainter line stands for dashed.
                        LineStyle::Dashed => {
                            draw::mesh_line(&mut mesh, p, end, 1.0, color.gamma_multiply(0.45));
                        }
                    }
                    if clip.contains(q) {
                        draw::mesh_arrowhead(&mut mesh, q, dir, head, color);
                    }
                }
                None => {}
            }
        }
        mesh
    }

    /// Gives an on-canvas element a node in the accessibility tree (screen
    /// readers, and tests that find elements by their text).
    fn register_accessible(&self, ui: &Ui, doc: &Document, e: &Element) {
        let Some(b) = doc.board.element_bounds(e) else {
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

    fn paint_overlays(&self, painter: &egui::Painter, doc: &Document, pal: &Palette) {
        let sel_stroke = Stroke::new(1.5, pal.selection);
        if let Some(h) = self.hover
            && !self.selection.contains(&h)
            && let Some(r) = self.element_screen_rect(doc, h)
            && !matches!(doc.board.get(h), Some(Element::Arrow(_)))
        {
            painter.rect_stroke(
                r.expand(2.0),
                6.0,
                Stroke::new(1.0, pal.selection.gamma_multiply(0.5)),
                StrokeKind::Outside,
            );
        }
        for id in &self.selection {
            let Some(e) = doc.board.get(*id) else {
                continue;
            };
            if let Element::Arrow(a) = e {
                if let Some((s, t)) = doc.board.arrow_points(a) {
                    for p in [s, t] {
                        painter.circle(self.to_screen(p), 4.5, pal.background, sel_stroke);
                    }
                }
            } else if let Some(r) = self.element_screen_rect(doc, *id) {
                painter.rect_stroke(r.expand(3.0), 4.0, sel_stroke, StrokeKind::Outside);
            }
        }
        if let Some(id) = self.single_box_selected(doc) {
            for h in Handle::ALL {
                if let Some(p) = self.resize_handle_pos(doc, id, h) {
                    let r = Rect::from_center_size(p, Vec2::splat(HANDLE_HALF * 2.0));
                    painter.rect(r, 1.5, pal.background, sel_stroke, StrokeKind::Middle);
                }
            }
            if self.view.zoom >= 0.2 && !self.in_gesture() {
                for s in [Side::Top, Side::Right, Side::Bottom, Side::Left] {
                    if let Some(p) = self.connect_handle_pos(doc, id, s) {
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
        match &self.gesture {
            Gesture::Marquee { start, now, .. } => {
                let r = Rect::from_two_pos(self.to_screen(*start), self.to_screen(*now));
                painter.rect(
                    r,
                    2.0,
                    pal.selection.gamma_multiply(0.08),
                    Stroke::new(1.0, pal.selection),
                    StrokeKind::Inside,
                );
            }
            Gesture::Connect {
                from, now, target, ..
            } => {
                let src = doc.board.get(*from).and_then(Element::rect);
                let end = target
                    .and_then(|t| doc.board.get(t))
                    .and_then(Element::rect)
                    .map_or(*now, |r| r.center());
                if let Some(src) = src {
                    let a = src.border_point_toward(end);
                    let b = target
                        .and_then(|t| doc.board.get(t))
                        .and_then(Element::rect)
                        .map_or(*now, |r| r.border_point_toward(a));
                    let preview = Arrow {
                        style: LineStyle::Dashed,
                        ..Arrow::default()
                    };
                    let cx = draw::Ctx {
                        painter,
                        pal,
                        catalog: &Catalog::default(),
                        custom: &[],
                        zoom: self.view.zoom,
                        detail: Detail::NoText,
                    };
                    draw::arrow(
                        &cx,
                        &preview,
                        self.to_screen(a),
                        self.to_screen(b),
                        pal.selection,
                    );
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
            _ => {}
        }
    }

    // ---- Commands the canvas carries out -------------------------------

    /// Selects everything.
    pub fn select_all(&mut self, doc: &Document) {
        self.selection = doc.board.elements().iter().map(Element::id).collect();
    }

    /// Zooms so the whole board is visible (100 % at most).
    pub fn zoom_to_fit(&mut self, doc: &Document) {
        let ghost = self.ghost.as_ref().and_then(|g| g.board.bounds());
        let bounds = match (doc.board.bounds(), ghost) {
            (Some(a), Some(b)) => Some(a.union(&b)),
            (a, b) => a.or(b),
        };
        if let Some(b) = bounds {
            self.view.fit(self.rect, &b);
        } else {
            self.view = View::default();
        }
    }

    /// Zooms by a factor around the canvas centre.
    pub fn zoom_by(&mut self, factor: f32) {
        self.view
            .zoom_around(self.rect.min, self.rect.center(), factor);
    }

    /// Back to 100 %, keeping the centre of the view.
    pub fn reset_zoom(&mut self) {
        let f = 1.0 / self.view.zoom;
        self.zoom_by(f);
    }

    /// A free spot near `p` for a new box of `size`: `p` itself if nothing
    /// is there, else the nearest free place on rings around it, preferring
    /// places inside the view.
    pub(crate) fn free_spot(&self, doc: &Document, p: Point, size: Size) -> Point {
        let snap = |q: Point| {
            if self.snap {
                Point::new(snap_value(q.x), snap_value(q.y))
            } else {
                q
            }
        };
        let taken = |at: Point| {
            let r = model::Rect::from_pos_size(at, size).expand(10.0);
            self.index.query(&r).into_iter().any(|id| {
                doc.board
                    .get(id)
                    .is_some_and(|e| !matches!(e, Element::Arrow(_) | Element::Frame(_)))
            })
        };
        let visible = self.view.visible(self.rect);
        let (dx, dy) = (size.w + 40.0, size.h + 40.0);
        let mut fallback = None;
        for ring in 0..6_i32 {
            for gx in -ring..=ring {
                for gy in -ring..=ring {
                    if gx.abs().max(gy.abs()) != ring {
                        continue;
                    }
                    let at = snap(p.offset(gx as f32 * dx, gy as f32 * dy));
                    if taken(at) {
                        continue;
                    }
                    if visible.contains_rect(&model::Rect::from_pos_size(at, size)) {
                        return at;
                    }
                    fallback.get_or_insert(at);
                }
            }
        }
        fallback.unwrap_or_else(|| snap(p))
    }

    /// Adds a component of a kind at the centre of the view, connected from
    /// the selected box if exactly one is selected. Returns its id.
    pub fn add_component(&mut self, doc: &mut Document, kind: &str, label: &str) -> ElementId {
        self.add_component_at(doc, kind, label, None)
    }

    /// Adds a component centred on `at` (a drop), or at the centre of the
    /// view connected from the selected box (`None`). Returns its id.
    pub fn add_component_at(
        &mut self,
        doc: &mut Document,
        kind: &str,
        label: &str,
        at: Option<Point>,
    ) -> ElementId {
        let size = Size::default();
        let (pos, from) = match at {
            Some(p) => {
                let corner = p.offset(-size.w * 0.5, -size.h * 0.5);
                let corner = if self.snap {
                    Point::new(snap_value(corner.x), snap_value(corner.y))
                } else {
                    corner
                };
                (corner, None)
            }
            None => {
                let c = self.view.center(self.rect);
                (
                    self.free_spot(doc, c.offset(-size.w * 0.5, -size.h * 0.5), size),
                    self.single_box_selected(doc),
                )
            }
        };
        let id = doc.board.alloc_id();
        let mut ops = vec![Op::add_on_top(
            &doc.board,
            Element::Component(Component {
                id,
                kind: kind.to_owned(),
                label: label.to_owned(),
                pos,
                size,
                ..Component::default()
            }),
        )];
        if let Some(from) = from {
            let arrow_id = doc.board.alloc_id();
            ops.push(Op::Insert(vec![crate::ops::Placed {
                index: doc.board.elements().len() + 1,
                element: Element::Arrow(Arrow {
                    id: arrow_id,
                    from: Endpoint::Element {
                        id: from,
                        side: Side::Auto,
                    },
                    to: Endpoint::Element {
                        id,
                        side: Side::Auto,
                    },
                    ..Arrow::default()
                }),
            }]));
        }
        doc.apply(Edit::Apply(format!("Add {label}"), ops));
        self.selection = vec![id];
        if !kind.is_empty() {
            self.last_added_kind = Some(kind.to_owned());
        }
        id
    }

    /// Adds a note at `p` (or the view centre) and, if asked, starts editing it.
    pub fn add_note_at(&mut self, doc: &mut Document, p: Point, edit: bool) -> ElementId {
        let id = doc.board.alloc_id();
        let pos = if self.snap {
            Point::new(snap_value(p.x), snap_value(p.y))
        } else {
            p
        };
        let op = Op::add_on_top(
            &doc.board,
            Element::Note(Note {
                id,
                pos,
                ..Note::default()
            }),
        );
        if edit {
            // One undo step for "add a note and type into it".
            doc.apply(Edit::Begin("Add note".to_owned()));
            doc.apply(Edit::Push(op));
            self.editing = Some(TextEditing {
                id,
                text: String::new(),
                focus_requested: false,
            });
        } else {
            doc.apply(Edit::Apply("Add note".to_owned(), vec![op]));
        }
        self.selection = vec![id];
        id
    }

    /// Adds a frame around the selected boxes, or at the view centre.
    pub fn add_frame(&mut self, doc: &mut Document) -> ElementId {
        let bounds = self
            .selection
            .iter()
            .filter_map(|id| doc.board.get(*id).and_then(Element::rect))
            .reduce(|a, b| a.union(&b));
        let (pos, size) = match bounds {
            Some(b) => {
                let b = b.expand(30.0);
                (b.min, Size::new(b.width(), b.height()))
            }
            None => {
                let s = Frame::default().size;
                let c = self.view.center(self.rect);
                (c.offset(-s.w * 0.5, -s.h * 0.5), s)
            }
        };
        let id = doc.board.alloc_id();
        // Frames go behind what they contain.
        let index = self
            .selection
            .iter()
            .filter_map(|s| doc.board.elements.index_of(*s))
            .min()
            .unwrap_or(0);
        let frame = Element::Frame(Frame {
            id,
            title: "Frame".to_owned(),
            pos,
            size,
            color: None,
        });
        doc.apply(Edit::Apply(
            "Add frame".to_owned(),
            vec![Op::Insert(vec![crate::ops::Placed {
                index,
                element: frame,
            }])],
        ));
        self.selection = vec![id];
        id
    }

    /// Deletes the selection; arrows attached to deleted boxes stay, with
    /// free ends where they were drawn.
    pub fn delete_selection(&mut self, doc: &mut Document) {
        if self.selection.is_empty() {
            return;
        }
        let ids = self.selection.clone();
        let gone: HashSet<ElementId> = ids.iter().copied().collect();
        let mut ops = Vec::new();
        let mut arrows: Vec<ElementId> = ids
            .iter()
            .flat_map(|id| self.index.arrows_of(*id))
            .collect();
        arrows.sort_unstable();
        arrows.dedup();
        for aid in arrows {
            if gone.contains(&aid) {
                continue;
            }
            let Some(before @ Element::Arrow(a)) = doc.board.get(aid) else {
                continue;
            };
            let Some((s, t)) = doc.board.arrow_points(a) else {
                continue;
            };
            let mut after = a.clone();
            if after.from.element().is_some_and(|i| gone.contains(&i)) {
                after.from = Endpoint::Free(s);
            }
            if after.to.element().is_some_and(|i| gone.contains(&i)) {
                after.to = Endpoint::Free(t);
            }
            ops.push(Op::Update {
                before: before.clone(),
                after: Element::Arrow(after),
            });
        }
        ops.push(Op::remove(&doc.board, &ids));
        let n = ids.len();
        doc.apply(Edit::Apply(
            format!("Delete {n} element{}", if n == 1 { "" } else { "s" }),
            ops,
        ));
        self.selection.clear();
    }

    /// The selection as clipboard text.
    #[must_use]
    pub fn copy_text(&self, doc: &Document) -> Option<String> {
        (!self.selection.is_empty()).then(|| clipboard::copy_text(&doc.board, &self.selection))
    }

    /// Pastes clipboard text: elements copied from a board, or any other
    /// text as a note. Pasted elements land under the pointer or offset
    /// from where they were copied, and become the selection.
    pub fn paste_text(&mut self, doc: &mut Document, text: &str, pointer: Option<Pos2>) {
        let Some(elements) = clipboard::parse_text(text) else {
            if !text.trim().is_empty() {
                let c = self.view.center(self.rect);
                let id = self.add_note_at(doc, c.offset(-100.0, -60.0), false);
                if let Some(before) = doc.board.get(id).cloned() {
                    let mut after = before.clone();
                    after.set_text(text.chars().take(10_000).collect());
                    doc.apply(Edit::Apply(
                        "Paste text".to_owned(),
                        vec![Op::Update { before, after }],
                    ));
                }
            }
            return;
        };
        let bounds = elements
            .iter()
            .filter_map(Element::rect)
            .reduce(|a, b| a.union(&b));
        let (dx, dy) = match (pointer.filter(|p| self.rect.contains(*p)), bounds) {
            (Some(p), Some(b)) => {
                let at = self.to_board(p);
                let c = b.center();
                (snap_value(at.x - c.x), snap_value(at.y - c.y))
            }
            _ => {
                self.paste_count += 1;
                let d = GRID * self.paste_count as f32;
                (d, d)
            }
        };
        self.insert_elements(doc, elements, dx, dy, "Paste");
    }

    fn insert_elements(
        &mut self,
        doc: &mut Document,
        elements: Vec<Element>,
        dx: f32,
        dy: f32,
        label: &str,
    ) {
        let prepared = clipboard::prepare_paste(&mut doc.board, elements, dx, dy);
        if prepared.is_empty() {
            return;
        }
        let base = doc.board.elements().len();
        self.selection = prepared.iter().map(Element::id).collect();
        let items = prepared
            .into_iter()
            .enumerate()
            .map(|(i, element)| crate::ops::Placed {
                index: base + i,
                element,
            })
            .collect();
        doc.apply(Edit::Apply(label.to_owned(), vec![Op::Insert(items)]));
    }

    /// Duplicates the selection, offset by two grid steps.
    pub fn duplicate(&mut self, doc: &mut Document) {
        let Some(text) = self.copy_text(doc) else {
            return;
        };
        if let Some(elements) = clipboard::parse_text(&text) {
            self.insert_elements(doc, elements, GRID * 2.0, GRID * 2.0, "Duplicate");
        }
    }

    /// Moves the selection to the front (`front`) or the back.
    pub fn restack(&mut self, doc: &mut Document, front: bool) {
        let mut sel: Vec<ElementId> = self.selection.clone();
        sel.sort_by_key(|id| doc.board.elements.index_of(*id));
        let mut board = doc.board.clone();
        let mut ops = Vec::new();
        let n = board.elements().len();
        let order: Vec<ElementId> = if front {
            sel.clone()
        } else {
            sel.iter().rev().copied().collect()
        };
        for id in order {
            let Some(from) = board.elements.index_of(id) else {
                continue;
            };
            let to = if front { n - 1 } else { 0 };
            let op = Op::Reorder { id, from, to };
            if op.apply(&mut board).is_ok() && from != to {
                ops.push(op);
            }
        }
        let label = if front {
            "Bring to front"
        } else {
            "Send to back"
        };
        doc.apply(Edit::Apply(label.to_owned(), ops));
    }

    /// Moves the selection by a number of grid steps (or units without snapping).
    pub fn nudge(&mut self, doc: &mut Document, dx: f32, dy: f32) {
        let ops: Vec<Op> = self
            .selection
            .iter()
            .filter_map(|id| {
                let before = doc.board.get(*id)?.clone();
                let after = before.translated(dx, dy);
                (after != before).then_some(Op::Update { before, after })
            })
            .collect();
        doc.apply(Edit::Apply("Move".to_owned(), ops));
    }

    /// Switches selected arrows between solid and dashed.
    pub fn toggle_arrow_style(&mut self, doc: &mut Document) {
        let ops: Vec<Op> = self
            .selection
            .iter()
            .filter_map(|id| match doc.board.get(*id)? {
                before @ Element::Arrow(a) => {
                    let mut after = a.clone();
                    after.style = match a.style {
                        LineStyle::Solid => LineStyle::Dashed,
                        LineStyle::Dashed => LineStyle::Solid,
                    };
                    Some(Op::Update {
                        before: before.clone(),
                        after: Element::Arrow(after),
                    })
                }
                _ => None,
            })
            .collect();
        doc.apply(Edit::Apply("Change arrow style".to_owned(), ops));
    }
}
