//! The whiteboard canvas: pan and zoom, selection, moving, resizing,
//! connecting, in-place text editing, and painting only what is visible.
//!
//! This file keeps the frame in order; each job has a room of its own:
//! [`hit`] (what is under the pointer), [`gesture`] (the pointer's state
//! machine), [`text_edit`] (typing into an element), [`paint`] (drawing
//! the board with [`crate::render`]) and [`pictures`] (the cached pictures
//! busy boards are drawn from). What an edit does to the board is decided
//! in [`crate::ops::actions`]; every change goes through
//! [`Document::apply`] as an [`Edit`], so it is one undoable, recorded
//! transaction.

pub mod gesture;
pub mod hit;
mod paint;
mod pictures;
pub mod text_edit;

use egui::{CursorIcon, Pos2, Rect, Sense, Ui, Vec2, WidgetInfo};

use self::gesture::{Gesture, Gestures, Input};
pub use self::hit::Handle;
use self::hit::Probe;
pub use self::paint::draw_with;
use self::paint::hash_ids;
pub use self::pictures::font_atlas;
pub use self::text_edit::TextEditing;
use super::document::{Document, Edit};
use super::view::View;
use crate::io::clipboard;
use crate::model::spatial::SpatialIndex;
use crate::model::{
    self, Arrow, Catalog, Element, ElementId, Endpoint, LineStyle, Point, Routing, Selection, Side,
    Size,
};
use crate::ops::actions::{self, Action};
use crate::ops::{Op, Owner};
use crate::render::theme::Palette;

/// Grid step in board units.
pub const GRID: f32 = actions::GRID;

/// What a primary drag on the canvas does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Select, move, resize, connect.
    #[default]
    Select,
    /// Draw freehand strokes (P).
    Pen,
    /// Erase freehand strokes (E).
    Eraser,
}

/// The canvas's state (view, selection, gestures); the board itself lives
/// in the [`Document`].
pub struct Canvas {
    /// Pan and zoom.
    pub view: View,
    /// Selected elements.
    pub selection: Selection,
    /// Whether the dot grid is drawn.
    pub show_grid: bool,
    /// Label text scale (the user's text size setting).
    pub text_scale: f32,
    /// How new arrows run (the user's setting; elbow unless changed).
    pub arrow_routing: Routing,
    /// What a primary drag on the canvas does: select and move, draw, or
    /// erase pen strokes.
    pub tool: Tool,
    /// The stroke being drawn (board points).
    pen_points: Vec<Point>,
    /// How hard the pen pressed at each of them (empty: the device says not).
    pen_pressure: Vec<f32>,
    /// The last pressure the device reported during this stroke.
    pen_force: Option<f32>,
    /// The erase in progress (one undo step).
    erasing: Option<Owner>,
    /// The selection and board revision groups were last expanded for.
    groups_seen: Option<(u64, u64)>,
    /// Elements to mark (the find bar's hits).
    pub highlight: Vec<ElementId>,
    /// Where the last right click was, on the board (the context menu's
    /// "here").
    pub context_at: Option<Point>,
    /// A connection dragged from a box (id) to empty canvas (point): the
    /// app opens quick add to pick what goes there.
    pub add_connected_request: Option<(ElementId, Point)>,
    /// Fill the canvas with its background colour. The app leaves it off:
    /// the window is cleared to that colour already (a full-window fill is
    /// expensive with a software renderer).
    pub paint_background: bool,
    /// Whether moves and resizes snap to the grid.
    pub snap: bool,
    /// The text edit in progress.
    pub editing: Option<TextEditing>,
    gestures: Gestures,
    index: SpatialIndex,
    indexed_doc: Option<u64>,
    pub(crate) rect: Rect,
    hover: Option<ElementId>,
    paste_count: u32,
    fit_pending: bool,
    /// How many elements the last frame drew (for tests and the status bar).
    pub drawn: usize,
    /// Whether the last frame drew the board (its still part, during a
    /// move) from a picture rather than shape by shape.
    pub from_picture: bool,
    /// Elements wholly under a box drawn after them (not drawn).
    culled: Culled,
    /// The kind of the component last added through the canvas (drop,
    /// quick add), for the palette's "recent" row; the app takes it.
    pub last_added_kind: Option<String>,
    /// A reference design to draw faintly with the board.
    pub ghost: Option<Ghost>,
    /// Whether the board may only be looked at (replay).
    pub read_only: bool,
    /// Draw busy or zoomed-out boards from cached pictures (see [`pictures`]).
    pub use_cache: bool,
    pictures: pictures::Pictures,
    /// The bounds of a big selection, for the state it was computed at.
    selection_bounds: std::cell::Cell<Option<([u64; 3], Option<model::Rect>)>>,
}

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

/// What [`crate::render::cull`] leaves out of a board state.
#[derive(Default)]
struct Culled {
    /// The board state (generation, revision).
    key: Option<(u64, u64)>,
    /// Elements wholly under a box drawn after them.
    hidden: std::collections::HashSet<ElementId>,
    /// The rest, in drawing order (walked instead of the board when it is
    /// the shorter list).
    kept: Vec<ElementId>,
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            view: View::default(),
            selection: Selection::new(),
            show_grid: true,
            text_scale: 1.0,
            arrow_routing: Routing::Elbow,
            add_connected_request: None,
            context_at: None,
            highlight: Vec::new(),
            groups_seen: None,
            tool: Tool::Select,
            pen_points: Vec::new(),
            pen_pressure: Vec::new(),
            pen_force: None,
            erasing: None,
            paint_background: true,
            use_cache: true,
            pictures: pictures::Pictures::default(),
            selection_bounds: std::cell::Cell::new(None),
            snap: true,
            editing: None,
            gestures: Gestures::default(),
            index: SpatialIndex::default(),
            indexed_doc: None,
            rect: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            hover: None,
            paste_count: 0,
            fit_pending: false,
            drawn: 0,
            from_picture: false,
            culled: Culled::default(),
            last_added_kind: None,
            ghost: None,
            read_only: false,
        }
    }
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
        self.gestures.active()
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

    /// The board as seen through the canvas, for asking what is where.
    fn probe<'a>(&'a self, doc: &'a Document) -> Probe<'a> {
        Probe {
            board: &doc.board,
            index: &self.index,
            view: &self.view,
            canvas: self.rect,
        }
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
        self.probe(doc).connect_handle_pos(id, side)
    }

    /// Where resize handle `h` of element `id` is on screen.
    #[must_use]
    pub fn resize_handle_pos(&self, doc: &Document, id: ElementId, h: Handle) -> Option<Pos2> {
        self.probe(doc).resize_handle_pos(id, h)
    }

    /// The screen rectangle of an element (for tests and overlays).
    #[must_use]
    pub fn element_screen_rect(&self, doc: &Document, id: ElementId) -> Option<Rect> {
        self.probe(doc).element_screen_rect(id)
    }

    /// An arrow's path as the canvas draws it (routed around boxes for an
    /// elbow arrow), tail first.
    #[must_use]
    pub fn arrow_path(&self, id: ElementId) -> Option<Vec<Point>> {
        self.index.path(id).map(<[Point]>::to_vec)
    }

    /// The bend handles of the selected elbow arrow: the arrow, where each
    /// handle is on screen, and whether its segment is vertical.
    #[must_use]
    pub fn bend_handles(&self, doc: &Document) -> Vec<(ElementId, Pos2, bool)> {
        self.probe(doc).bend_handles(&self.selection)
    }

    /// The smart guides shown now (while boxes move).
    #[must_use]
    pub fn guides(&self) -> Vec<crate::ops::guides::Guide> {
        self.gestures
            .drag()
            .map_or_else(|| self.gestures.resize_guides.clone(), |d| d.guides.clone())
    }

    /// Whether elements are being moved by a drag now.
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.gestures.drag().is_some()
    }

    /// The topmost element at a board point.
    #[must_use]
    pub fn hit(&self, doc: &Document, p: Point) -> Option<ElementId> {
        self.probe(doc).hit(p)
    }

    /// Keeps the spatial index, selection and text edit in step with the
    /// document: rebuilt when the document was replaced, updated for what
    /// changed otherwise.
    fn sync_index(&mut self, doc: &mut Document) {
        if self.indexed_doc != Some(doc.generation()) {
            self.index = SpatialIndex::build(&doc.board);
            self.indexed_doc = Some(doc.generation());
            doc.history.take_touched();
            self.selection.clear();
            self.editing = None;
            self.gestures.reset();
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
            // A move in progress over elements that are gone is over.
            if let Some(d) = self.gestures.drag()
                && d.originals.iter().any(|o| doc.board.get(o.id()).is_none())
            {
                self.gestures.reset();
            }
        }
    }

    /// Shows the canvas and handles its input; changes go to `doc`. The
    /// response carries the right-click menu the app fills.
    pub fn ui(&mut self, ui: &mut Ui, doc: &mut Document, catalog: &Catalog) -> egui::Response {
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
        } else if self.tool == Tool::Select {
            self.handle_pointer(ui, &response, doc);
        } else {
            self.handle_pen(ui, &response, doc);
        }
        self.expand_groups(doc);
        // A right click selects what is under it (keeping a selection it
        // is part of) before the menu opens; on empty canvas, nothing.
        if response.secondary_clicked()
            && !self.read_only
            && let Some(pos) = response.interact_pointer_pos()
        {
            let at = self.to_board(pos);
            self.context_at = Some(at);
            match self.hit(doc, at) {
                Some(id) if !self.selection.contains(&id) => self.selection = Selection::one(id),
                Some(_) => {}
                None => self.selection.clear(),
            }
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
        self.notes_tooltip(&response, doc);
        self.sync_index(doc);
        response
    }

    /// A component's notes at the pointer while it is hovered: a Study
    /// board's reasons read without selecting each part.
    fn notes_tooltip(&self, response: &egui::Response, doc: &Document) {
        if self.gestures.active() || self.editing.is_some() {
            return;
        }
        let Some(Element::Component(c)) = self.hover.and_then(|id| doc.board.get(id)) else {
            return;
        };
        if c.notes.trim().is_empty() {
            return;
        }
        let (label, notes) = (c.label.clone(), c.notes.clone());
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(360.0);
            ui.label(egui::RichText::new(label).strong());
            ui.label(notes);
        });
    }

    fn handle_view_input(&mut self, ui: &Ui, response: &egui::Response) {
        if !response.contains_pointer() {
            return;
        }
        let (scroll, zoom, hover) = ui.input(|i| {
            // A pinch on a touch screen measures the fingers; otherwise
            // Ctrl+wheel and trackpad zoom in even steps.
            let zoom = i
                .multi_touch()
                .map_or_else(|| super::view::zoom_factor(&i.events), |t| t.zoom_delta);
            (i.smooth_scroll_delta, zoom, i.pointer.hover_pos())
        });
        if (zoom - 1.0).abs() > f32::EPSILON {
            let at = hover.unwrap_or(self.rect.center());
            self.view.zoom_around(self.rect.min, at, zoom);
        } else if scroll != Vec2::ZERO {
            self.view.offset += scroll;
        }
    }

    /// One frame of pointer input through the gesture state machine.
    fn handle_pointer(&mut self, ui: &Ui, response: &egui::Response, doc: &mut Document) {
        use egui::{Key, PointerButton};
        let input = ui.input(|i| Input {
            pos: i.pointer.interact_pos(),
            pressed: i.pointer.button_pressed(PointerButton::Primary),
            down: i.pointer.button_down(PointerButton::Primary),
            released: i.pointer.button_released(PointerButton::Primary),
            middle_pressed: i.pointer.button_pressed(PointerButton::Middle),
            middle_down: i.pointer.button_down(PointerButton::Middle),
            shift: i.modifiers.shift,
            space: i.key_down(Key::Space),
            escape: i.key_pressed(Key::Escape),
            typing: false,
            hovered: response.hovered(),
            editing: self.editing.is_some(),
            snap: self.snap,
            time: i.time,
        });
        let input = Input {
            typing: ui.ctx().egui_wants_keyboard_input(),
            ..input
        };
        let probe = Probe {
            board: &doc.board,
            index: &self.index,
            view: &self.view,
            canvas: self.rect,
        };
        let out = self.gestures.step(&probe, &mut self.selection, &input);
        if let Some(hover) = out.hover {
            self.hover = hover;
        }
        if out.stop_text_input {
            ui.memory_mut(egui::Memory::stop_text_input);
        }
        if out.finish_text_edit {
            self.finish_text_edit(doc);
        }
        for edit in out.edits {
            doc.apply(edit);
        }
        if let Some(drag) = out.dropped {
            self.pictures
                .settle(doc.history.revision(), self.view.zoom, &drag);
        }
        self.view.offset += out.pan;
        if let Some(c) = out.cursor {
            ui.ctx().set_cursor_icon(c);
        }
        match out.connect {
            Some((from, Some(to), at)) => self.connect(doc, from, Some(to), at),
            // Dropped on empty canvas: the app asks what to add there.
            Some((from, None, at)) => self.add_connected_request = Some((from, at)),
            None => {}
        }
        if let Some(id) = out.edit_text
            && self.editing.is_none()
        {
            self.start_text_edit(doc, id);
        }
        if let Some(p) = out.add_note_at {
            self.add_note_at(doc, p, true);
        }
    }

    /// Read-only boards: any drag pans the view.
    fn handle_pan_only(&mut self, ui: &Ui, response: &egui::Response) {
        if response.dragged() {
            self.view.offset += response.drag_delta();
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
        }
    }

    /// Adds an arrow from box `from` to box `to` (or the free point `at`).
    fn connect(&mut self, doc: &mut Document, from: ElementId, to: Option<ElementId>, at: Point) {
        let to = match to {
            Some(id) => Endpoint::Element {
                id,
                side: Side::Auto,
            },
            None => Endpoint::Free(at),
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
            routing: self.arrow_routing,
            ..Default::default()
        });
        let op = Op::add_on_top(&doc.board, arrow);
        doc.apply(Edit::Apply("Connect".to_owned(), vec![op]));
        self.selection = Selection::one(id);
    }

    /// Applies an action and selects what it says.
    fn run(&mut self, doc: &mut Document, action: Action) {
        if let Some(select) = &action.select {
            self.selection = select.iter().copied().collect();
        }
        doc.apply(Edit::Apply(action.label, action.ops));
    }

    // ---- Commands the canvas carries out -------------------------------

    /// How many boxes (components, notes, frames) are selected: what align
    /// and distribute work on.
    #[must_use]
    pub fn selected_boxes(&self, doc: &Document) -> usize {
        self.selection
            .iter()
            .filter(|id| doc.board.get(**id).and_then(Element::rect).is_some())
            .count()
    }

    /// Changes the look of the selection (one undo step).
    pub fn set_style(&mut self, doc: &mut Document, change: actions::StyleChange) {
        let action = actions::set_style(&doc.board, self.selection.as_slice(), change);
        if !action.ops.is_empty() {
            self.run(doc, action);
        }
    }

    /// The pen and the eraser: a primary drag draws a stroke (one undo
    /// step), or removes the strokes it passes over (one undo step); other
    /// buttons still pan; Escape goes back to selecting.
    fn handle_pen(&mut self, ui: &Ui, response: &egui::Response, doc: &mut Document) {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && !ui.ctx().egui_wants_keyboard_input() {
            self.tool = Tool::Select;
            self.pen_points.clear();
            return;
        }
        let primary = ui.input(|i| i.pointer.primary_down());
        let pos = response
            .interact_pointer_pos()
            .or_else(|| ui.input(|i| i.pointer.hover_pos()));
        let Some(pos) = pos else { return };
        let p = self.to_board(pos);
        let pressed = response.drag_started_by(egui::PointerButton::Primary)
            || (response.clicked() && self.pen_points.is_empty());
        // A stylus or touch screen says how hard it presses; a mouse does not.
        let force = ui.input(|i| {
            i.events.iter().rev().find_map(|e| match e {
                egui::Event::Touch { force, .. } => *force,
                _ => None,
            })
        });
        if force.is_some() {
            self.pen_force = force;
        }
        match self.tool {
            Tool::Pen => {
                let mut added = false;
                if pressed && self.pen_points.is_empty() {
                    self.pen_points.push(p);
                    self.pen_pressure.clear();
                    added = true;
                } else if primary && !self.pen_points.is_empty() {
                    let last = *self.pen_points.last().unwrap_or(&p);
                    if last.distance(p) * self.view.zoom >= 1.0 {
                        self.pen_points.push(p);
                        added = true;
                    }
                }
                if added && let Some(f) = self.pen_force {
                    // Points before the first reading take it too.
                    self.pen_pressure.resize(self.pen_points.len() - 1, f);
                    self.pen_pressure.push(f);
                }
                if !primary && !self.pen_points.is_empty() {
                    let pts = std::mem::take(&mut self.pen_points);
                    let pressure = std::mem::take(&mut self.pen_pressure);
                    self.pen_force = None;
                    let origin = pts[0];
                    let rel: Vec<[f32; 2]> = pts
                        .iter()
                        .map(|q| [q.x - origin.x, q.y - origin.y])
                        .collect();
                    let (points, pressure) =
                        model::route::simplify_stroke_with(&rel, &pressure, 0.6 / self.view.zoom);
                    let id = doc.board.alloc_id();
                    let ink = Element::Ink(model::Ink {
                        id,
                        pos: origin,
                        points,
                        pressure,
                        ..model::Ink::default()
                    });
                    let op = Op::add_on_top(&doc.board, ink);
                    doc.apply(Edit::Apply("Draw".to_owned(), vec![op]));
                }
            }
            Tool::Eraser => {
                if primary {
                    let owner = *self.erasing.get_or_insert_with(|| {
                        let owner = Owner::new();
                        doc.apply(Edit::Begin(owner, "Erase".to_owned()));
                        owner
                    });
                    let hits: Vec<ElementId> = self
                        .probe(doc)
                        .hits(p)
                        .into_iter()
                        .filter(|id| matches!(doc.board.get(*id), Some(Element::Ink(_))))
                        .collect();
                    if !hits.is_empty() {
                        let op = Op::remove(&doc.board, &hits);
                        doc.apply(Edit::Push(owner, op));
                        self.sync_index(doc);
                    }
                } else if let Some(owner) = self.erasing.take() {
                    doc.apply(Edit::Commit(owner));
                }
            }
            Tool::Select => {}
        }
    }

    /// The stroke being drawn, in board points.
    #[must_use]
    pub fn pen_stroke(&self) -> &[Point] {
        &self.pen_points
    }

    /// Widens the selection to whole groups: selecting one member selects
    /// its group.
    fn expand_groups(&mut self, doc: &Document) {
        let key = (self.selection.fingerprint(), doc.history.revision());
        if self.groups_seen == Some(key) {
            return;
        }
        let ids = self.selection.as_slice();
        if ids
            .iter()
            .any(|id| doc.board.get(*id).and_then(Element::group).is_some())
        {
            let all = actions::with_groups(&doc.board, ids);
            if all.len() != ids.len() {
                self.selection = all.into();
            }
        }
        self.groups_seen = Some((self.selection.fingerprint(), doc.history.revision()));
    }

    /// Groups the selection (Ctrl+G).
    pub fn group_selection(&mut self, doc: &mut Document) {
        let action = actions::group(&mut doc.board, self.selection.as_slice());
        if !action.ops.is_empty() {
            self.run(doc, action);
        }
    }

    /// Ungroups the selection's groups (Ctrl+Shift+G).
    pub fn ungroup_selection(&mut self, doc: &mut Document) {
        let action = actions::ungroup(&doc.board, self.selection.as_slice());
        if !action.ops.is_empty() {
            self.run(doc, action);
        }
    }

    /// Locks the selection, or unlocks it when all of it is locked.
    pub fn toggle_lock(&mut self, doc: &mut Document) {
        let ids = self.selection.to_vec();
        let all_locked = !ids.is_empty()
            && ids
                .iter()
                .all(|id| doc.board.get(*id).is_some_and(Element::locked));
        let action = actions::set_locked(&doc.board, &ids, !all_locked);
        if !action.ops.is_empty() {
            self.run(doc, action);
        }
    }

    /// Unlocks everything on the board.
    pub fn unlock_all(&mut self, doc: &mut Document) {
        let ids: Vec<ElementId> = doc
            .board
            .elements()
            .iter()
            .filter(|e| e.locked())
            .map(Element::id)
            .collect();
        let action = actions::set_locked(&doc.board, &ids, false);
        if !action.ops.is_empty() {
            self.run(doc, action);
        }
    }

    /// Sets how the selected arrows run (one undo step).
    pub fn set_routing(&mut self, doc: &mut Document, routing: Routing) {
        let action = actions::set_routing(&doc.board, self.selection.as_slice(), routing);
        if !action.ops.is_empty() {
            self.run(doc, action);
        }
    }

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

    /// Selects an element and brings it into view: centred, at 100 % or
    /// as close as shows it whole with some of what is around it.
    pub fn show_element(&mut self, doc: &Document, id: ElementId) {
        let Some(b) = doc.board.get(id).and_then(|e| doc.board.element_bounds(e)) else {
            return;
        };
        self.selection = Selection::one(id);
        self.view.fit(self.rect, &b.expand(120.0));
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
    #[must_use]
    pub fn free_spot(&self, doc: &Document, p: Point, size: Size) -> Point {
        let visible = self.view.visible(self.rect);
        actions::free_spot(&doc.board, &self.index, &visible, p, size, self.snap)
    }

    /// Adds a component of a kind in free space: beside the selected box if
    /// one is selected, else near the centre of the view. Never connects
    /// (see [`Self::add_component_connected`]). Returns its id.
    pub fn add_component(&mut self, doc: &mut Document, kind: &str, label: &str) -> ElementId {
        self.add_component_at(doc, kind, label, None)
    }

    /// Adds a component beside the selected box, connected from it (the
    /// quick add's Ctrl+Enter); unconnected when no single box is selected.
    pub fn add_component_connected(
        &mut self,
        doc: &mut Document,
        kind: &str,
        label: &str,
    ) -> ElementId {
        let from = self.probe(doc).single_box_selected(&self.selection);
        self.add_component_placed(doc, kind, label, None, from)
    }

    /// Adds a plain shape (no catalog kind) in free space and starts
    /// editing its text.
    pub fn add_shape(&mut self, doc: &mut Document, shape: model::BoxShape) -> ElementId {
        self.finish_text_edit(doc);
        let size = if shape == model::BoxShape::Text {
            Size::new(160.0, 40.0)
        } else {
            Size::default()
        };
        let pos = self.place_new(doc, size);
        let id = doc.board.alloc_id();
        let element = Element::Component(model::Component {
            id,
            pos,
            size,
            shape: Some(shape),
            ..model::Component::default()
        });
        let op = Op::add_on_top(&doc.board, element);
        doc.apply(Edit::Apply(format!("Add {}", shape.label()), vec![op]));
        self.selection = Selection::one(id);
        self.start_text_edit(doc, id);
        id
    }

    /// Adds a component near `at`, connected from the box `from` (a
    /// connection dragged to empty canvas, then quick add).
    pub fn add_component_connected_at(
        &mut self,
        doc: &mut Document,
        kind: &str,
        label: &str,
        from: ElementId,
        at: Point,
    ) -> ElementId {
        self.add_component_placed(doc, kind, label, Some(at), Some(from))
    }

    /// Where a new element of `size` goes: beside the selected box (to its
    /// right), else centred in the view; then the nearest place where it
    /// covers nothing.
    #[must_use]
    pub fn place_new(&self, doc: &Document, size: Size) -> Point {
        let beside = self
            .probe(doc)
            .single_box_selected(&self.selection)
            .and_then(|id| doc.board.get(id).and_then(Element::rect))
            .map(|r| Point::new(r.max.x + 80.0, r.min.y));
        let start = beside.unwrap_or_else(|| {
            self.view
                .center(self.rect)
                .offset(-size.w * 0.5, -size.h * 0.5)
        });
        self.free_spot(doc, start, size)
    }

    /// The box a connected add would start from: the single selected box.
    #[must_use]
    pub fn connect_source(&self, doc: &Document) -> Option<ElementId> {
        self.probe(doc).single_box_selected(&self.selection)
    }

    /// Adds a component centred on `at` (a drop), or in free space (`None`:
    /// beside the selected box, else near the view's centre). Returns its id.
    pub fn add_component_at(
        &mut self,
        doc: &mut Document,
        kind: &str,
        label: &str,
        at: Option<Point>,
    ) -> ElementId {
        self.add_component_placed(doc, kind, label, at, None)
    }

    fn add_component_placed(
        &mut self,
        doc: &mut Document,
        kind: &str,
        label: &str,
        at: Option<Point>,
        from: Option<ElementId>,
    ) -> ElementId {
        let size = Size::default();
        let pos = match (at, from) {
            // Dragged from a box to empty canvas: there, or the nearest
            // free space to it.
            (Some(p), Some(_)) => {
                let corner = p.offset(-size.w * 0.5, -size.h * 0.5);
                self.free_spot(doc, actions::snap_point(corner, self.snap), size)
            }
            (Some(p), None) => {
                let corner = p.offset(-size.w * 0.5, -size.h * 0.5);
                actions::snap_point(corner, self.snap)
            }
            (None, _) => self.place_new(doc, size),
        };
        let from = from.map(|f| (f, self.arrow_routing));
        let (action, id) = actions::add_component(&mut doc.board, kind, label, pos, from);
        self.run(doc, action);
        if !kind.is_empty() {
            self.last_added_kind = Some(kind.to_owned());
        }
        id
    }

    /// Adds a note at `p` (or the view centre) and, if asked, starts editing it.
    pub fn add_note_at(&mut self, doc: &mut Document, p: Point, edit: bool) -> ElementId {
        self.finish_text_edit(doc);
        let (action, id) = actions::add_note(&mut doc.board, actions::snap_point(p, self.snap));
        if edit {
            // One undo step for "add a note and type into it".
            let owner = Owner::new();
            doc.apply(Edit::Begin(owner, action.label.clone()));
            for op in action.ops {
                doc.apply(Edit::Push(owner, op));
            }
            self.editing = Some(TextEditing::new(id, String::new(), owner));
            self.selection = Selection::one(id);
        } else {
            self.run(doc, action);
        }
        id
    }

    /// Adds a frame around the selected boxes, or in free space near the
    /// view centre.
    pub fn add_frame(&mut self, doc: &mut Document) -> ElementId {
        let s = model::Frame::default().size;
        let center = if self.selection.is_empty() {
            self.place_new(doc, s).offset(s.w * 0.5, s.h * 0.5)
        } else {
            self.view.center(self.rect)
        };
        let (action, id) = actions::add_frame(&mut doc.board, self.selection.as_slice(), center);
        self.run(doc, action);
        id
    }

    /// Lines up or spaces the selected boxes (one undo step).
    pub fn arrange(&mut self, doc: &mut Document, how: actions::Arrange) {
        let action = actions::arrange(&doc.board, self.selection.as_slice(), how);
        if !action.is_empty() {
            self.run(doc, action);
        }
    }

    /// Deletes the selection; arrows attached to deleted boxes stay, with
    /// free ends where they were drawn.
    pub fn delete_selection(&mut self, doc: &mut Document) {
        let action = actions::delete(&doc.board, &self.index, self.selection.as_slice());
        if !action.is_empty() {
            self.run(doc, action);
        }
    }

    /// The selection as clipboard text.
    #[must_use]
    pub fn copy_text(&self, doc: &Document) -> Option<String> {
        (!self.selection.is_empty())
            .then(|| clipboard::copy_text(&doc.board, self.selection.as_slice()))
    }

    /// Pastes clipboard text: elements copied from a board, or any other
    /// text as a note. Pasted elements land under the pointer or offset
    /// from where they were copied, and become the selection.
    pub fn paste_text(&mut self, doc: &mut Document, text: &str, pointer: Option<Pos2>) {
        let Some(elements) = clipboard::parse_text(text) else {
            if !text.trim().is_empty() {
                let p = self.place_new(doc, model::Note::default().size);
                let id = self.add_note_at(doc, p, false);
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
                (
                    actions::snap_value(at.x - c.x),
                    actions::snap_value(at.y - c.y),
                )
            }
            _ => {
                self.paste_count += 1;
                let d = GRID * self.paste_count as f32;
                (d, d)
            }
        };
        // Then to the nearest free space: pasted boxes never cover others.
        let (dx, dy) = match bounds {
            Some(b) => {
                let want = b.min.offset(dx, dy);
                let spot = self.free_spot(doc, want, Size::new(b.width(), b.height()));
                (spot.x - b.min.x, spot.y - b.min.y)
            }
            None => (dx, dy),
        };
        let action = actions::insert_copies(&mut doc.board, elements, dx, dy, "Paste");
        if !action.is_empty() {
            self.run(doc, action);
        }
    }

    /// Duplicates the selection, offset by two grid steps.
    pub fn duplicate(&mut self, doc: &mut Document) {
        let action = actions::duplicate(&mut doc.board, self.selection.as_slice());
        if !action.is_empty() {
            self.run(doc, action);
        }
    }

    /// Moves the selection to the front (`front`) or the back.
    pub fn restack(&mut self, doc: &mut Document, front: bool) {
        let action = actions::restack(&doc.board, self.selection.as_slice(), front);
        self.run(doc, action);
    }

    /// Moves the selection by a number of grid steps (or units without snapping).
    pub fn nudge(&mut self, doc: &mut Document, dx: f32, dy: f32) {
        let action = actions::nudge(&doc.board, self.selection.as_slice(), dx, dy);
        self.run(doc, action);
    }

    /// Switches selected arrows between solid and dashed.
    pub fn toggle_arrow_style(&mut self, doc: &mut Document) {
        let action = actions::toggle_arrow_style(&doc.board, self.selection.as_slice());
        self.run(doc, action);
    }

    /// The move in progress, if any (for tests and the measurements).
    #[must_use]
    pub fn dragging(&self) -> Option<&gesture::Drag> {
        self.gestures.drag()
    }

    /// Whether the gesture in progress is a marquee (its rectangle is drawn).
    fn marquee(&self) -> Option<(Point, Point)> {
        match &self.gestures.state {
            Gesture::Marquee { start, now, .. } => Some((*start, *now)),
            _ => None,
        }
    }
}
