//! The canvas's pointer gestures as a state machine, in the style of
//! tldraw's select tool: one state per gesture (idle, pressed on an
//! element, moving, resizing, connecting, dragging an arrow end, marquee,
//! panning), each reacting to the pointer going down, moving, coming up
//! and to Escape, and naming the state it goes to.
//!
//! A step reads a plain [`Input`] (no egui context), asks the board what
//! is where through a [`Probe`], may change the selection, and returns an
//! [`Output`]: the edits to apply (in order) and what else the canvas
//! should do. Edits that belong to a gesture carry the gesture's
//! [`Owner`], so nothing else folds into its transaction or ends it.
//!
//! A move does not change the board until the pointer comes up: while it
//! lasts the canvas draws the moving elements offset by the drag (see
//! [`Drag`]), and the release applies the whole move as one transaction.
//! So a drag of thousands of elements costs no board edits, index updates
//! or picture fills per frame.

use std::collections::HashSet;

use egui::{CursorIcon, Pos2, Vec2};

use super::hit::{Handle, Probe};
use crate::app::document::Edit;
use crate::model::{Element, ElementId, Endpoint, Point, Selection, Side, Size};
use crate::ops::{Op, Owner, actions, guides};

/// Pointer travel (screen points) before a press becomes a drag.
pub const DRAG_THRESHOLD: f32 = 3.0;
/// Smallest box side a resize allows.
pub const MIN_BOX: f32 = 24.0;
/// Longest time between the clicks of a double-click, in seconds.
pub const DOUBLE_CLICK_S: f64 = 0.4;

/// What the pointer and keyboard did this frame, as the canvas saw it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Input {
    /// Where the pointer is (screen points), if anywhere.
    pub pos: Option<Pos2>,
    /// The primary button went down this frame.
    pub pressed: bool,
    /// The primary button is down.
    pub down: bool,
    /// The primary button came up this frame.
    pub released: bool,
    /// The middle button went down this frame.
    pub middle_pressed: bool,
    /// The middle button is down.
    pub middle_down: bool,
    /// Shift is held.
    pub shift: bool,
    /// Space is held (pan with the primary button).
    pub space: bool,
    /// Escape was pressed.
    pub escape: bool,
    /// A text field has the keyboard.
    pub typing: bool,
    /// The pointer is over the canvas (and nothing covers it).
    pub hovered: bool,
    /// A text is being edited in place on the canvas.
    pub editing: bool,
    /// Moves and resizes snap to the grid.
    pub snap: bool,
    /// Seconds since start (for double clicks).
    pub time: f64,
}

/// How near (screen points) an edge must come to another box's edge or
/// centre to snap to it.
const GUIDE_SNAP_PX: f32 = 6.0;
/// The most boxes smart guides look at (a board zoomed far out has
/// thousands in view).
const MAX_GUIDE_BOXES: usize = 2000;

/// A move in progress: what moves, and by how much so far.
#[derive(Clone, Debug)]
pub struct Drag {
    /// Where the drag started (board point).
    pub start: Point,
    /// The moving elements as they were when the drag began.
    pub originals: Vec<Element>,
    /// Their ids.
    pub moving: HashSet<ElementId>,
    /// Arrows that are not moving but have an end on a moving element:
    /// they stretch.
    pub bridges: Vec<ElementId>,
    /// The moving elements and the stretching arrows: what is drawn apart
    /// from the still part of the board.
    pub apart: HashSet<ElementId>,
    /// The offset so far, in board units.
    pub delta: (f32, f32),
    /// A number standing for the moving set (for picture keys).
    pub fingerprint: u64,
    /// What moves, as drawn when the move began (the selection's outline).
    pub bounds: Option<crate::model::Rect>,
    /// The moving boxes' outline (arrows left out): what lines up.
    pub box_bounds: Option<crate::model::Rect>,
    /// The boxes around that do not move: what smart guides line up with.
    pub others: Vec<crate::model::Rect>,
    /// How near (board units) an edge must come to snap to a guide.
    pub tolerance: f32,
    /// The guides lined up on now, to draw.
    pub guides: Vec<guides::Guide>,
}

/// The state of the pointer gesture.
#[derive(Clone, Debug, Default)]
pub enum Gesture {
    /// Nothing going on.
    #[default]
    Idle,
    /// Pressed on an element; a drag past the threshold moves the selection.
    Pressed {
        /// Where (screen).
        at: Pos2,
        /// The element under the press.
        hit: ElementId,
        /// Whether the press changed the selection (so release keeps it).
        selected_on_press: bool,
    },
    /// Moving the view.
    Pan {
        /// The pointer's last position (screen).
        last: Pos2,
    },
    /// Dragging a selection rectangle.
    Marquee {
        /// Where it started (board).
        start: Point,
        /// Where the pointer is (board).
        now: Point,
        /// What was selected before (kept with Shift).
        base: Selection,
    },
    /// Moving the selection.
    Move(Box<Drag>),
    /// Resizing one box.
    Resize {
        /// Which handle.
        handle: Handle,
        /// The box before.
        original: Element,
    },
    /// Drawing a new arrow from a box.
    Connect {
        /// The box it starts at.
        from: ElementId,
        /// Where the pointer is (board).
        now: Point,
        /// The box under the pointer, if any.
        target: Option<ElementId>,
    },
    /// Dragging one end of a selected arrow to re-attach or free it.
    ArrowEnd {
        /// The arrow.
        id: ElementId,
        /// The head (true) or the tail.
        head: bool,
        /// The box under the pointer, if any.
        target: Option<ElementId>,
    },
    /// Dragging an elbow arrow's middle segment: the bend it keeps.
    Bend {
        /// The arrow.
        id: ElementId,
        /// The segment is vertical (it moves sideways), else horizontal.
        vertical: bool,
    },
}

/// What a step asks of the canvas besides changing the selection.
#[derive(Debug, Default)]
pub struct Output {
    /// End the text edit in progress first.
    pub finish_text_edit: bool,
    /// Take the keyboard away from text fields.
    pub stop_text_input: bool,
    /// Edits to apply, in order.
    pub edits: Vec<Edit>,
    /// The mouse cursor to show.
    pub cursor: Option<CursorIcon>,
    /// Move the view by this much (screen points).
    pub pan: Vec2,
    /// The element under the pointer, when it was looked up.
    pub hover: Option<Option<ElementId>>,
    /// Connect `from` to the box `to` (or to a free point).
    pub connect: Option<(ElementId, Option<ElementId>, Point)>,
    /// Start editing this element's text.
    pub edit_text: Option<ElementId>,
    /// Add a note here and edit it.
    pub add_note_at: Option<Point>,
    /// A move ended: it was applied with this offset, these elements
    /// moving and these arrows stretching.
    pub dropped: Option<Box<Drag>>,
}

/// The gesture state machine.
#[derive(Debug)]
pub struct Gestures {
    /// The gesture in progress.
    pub state: Gesture,
    /// Where the primary button went down on the canvas.
    press_at: Option<Pos2>,
    /// Time and place of the last click, for double clicks.
    last_click: Option<(f64, Pos2)>,
    /// The owner of the transactions gestures open.
    owner: Owner,
    /// The smart guides a resize lines up on now.
    pub resize_guides: Vec<guides::Guide>,
}

impl Default for Gestures {
    fn default() -> Self {
        Self {
            state: Gesture::Idle,
            press_at: None,
            last_click: None,
            owner: Owner::new(),
            resize_guides: Vec::new(),
        }
    }
}

impl Gestures {
    /// Whether a gesture is in progress.
    #[must_use]
    pub fn active(&self) -> bool {
        !matches!(self.state, Gesture::Idle)
    }

    /// The move in progress, if any.
    #[must_use]
    pub fn drag(&self) -> Option<&Drag> {
        match &self.state {
            Gesture::Move(d) => Some(d),
            _ => None,
        }
    }

    /// Drops the gesture without a trace (the board it worked on is gone).
    pub fn reset(&mut self) {
        self.state = Gesture::Idle;
        self.press_at = None;
    }

    /// Abandons the gesture in progress: its changes are taken back.
    pub fn cancel(&mut self, selection: &mut Selection, out: &mut Output) {
        match std::mem::take(&mut self.state) {
            Gesture::Resize { .. } | Gesture::ArrowEnd { .. } | Gesture::Bend { .. } => {
                out.edits.push(Edit::Cancel(self.owner));
            }
            Gesture::Marquee { base, .. } => *selection = base,
            // A move has changed nothing yet.
            _ => {}
        }
    }

    /// One frame of pointer input.
    pub fn step(&mut self, probe: &Probe<'_>, selection: &mut Selection, input: &Input) -> Output {
        let mut out = Output::default();
        // Escape: cancel the gesture in progress, else clear the selection.
        if input.escape && !input.typing {
            if self.active() {
                self.cancel(selection, &mut out);
                return out;
            }
            if !input.editing {
                selection.clear();
            }
        }
        let Some(pos) = input.pos else {
            return out;
        };
        let p = probe.to_board(pos);
        if input.hovered && matches!(self.state, Gesture::Idle) {
            let hover = probe.hit(p);
            out.hover = Some(hover);
            out.cursor = if probe.arrow_end_at(selection, pos).is_some() {
                Some(CursorIcon::Crosshair)
            } else if let Some((_, h)) = probe.resize_handle_at(selection, pos) {
                Some(h.cursor())
            } else if probe.connect_handle_at(selection, pos).is_some() {
                Some(CursorIcon::Crosshair)
            } else if input.space {
                Some(CursorIcon::Grab)
            } else {
                hover.map(|_| CursorIcon::Move)
            };
        }
        if input.middle_pressed && input.hovered {
            out.finish_text_edit = true;
            self.state = Gesture::Pan { last: pos };
        } else if input.pressed && input.hovered {
            self.down(probe, selection, input, pos, p, &mut out);
        }
        self.moved(probe, selection, input, pos, p, &mut out);
        self.clicks(probe, selection, input, pos, p, &mut out);
        out
    }

    /// The primary button went down on the canvas: pick the gesture.
    fn down(
        &mut self,
        probe: &Probe<'_>,
        selection: &mut Selection,
        input: &Input,
        pos: Pos2,
        p: Point,
        out: &mut Output,
    ) {
        self.press_at = Some(pos);
        out.stop_text_input = true;
        out.finish_text_edit = true;
        if input.space && !input.typing {
            self.state = Gesture::Pan { last: pos };
        } else if let Some((id, head)) = probe.arrow_end_at(selection, pos) {
            out.edits
                .push(Edit::Begin(self.owner, "Move arrow end".to_owned()));
            self.state = Gesture::ArrowEnd {
                id,
                head,
                target: None,
            };
        } else if let Some((id, vertical)) = probe.bend_handle_at(selection, pos) {
            out.edits
                .push(Edit::Begin(self.owner, "Move bend".to_owned()));
            self.state = Gesture::Bend { id, vertical };
        } else if let Some((id, _)) = probe.connect_handle_at(selection, pos) {
            // New arrows attach with `Side::Auto`, whichever handle they
            // were dragged from, so they stay neat when boxes move.
            self.state = Gesture::Connect {
                from: id,
                now: p,
                target: None,
            };
        } else if let Some((id, handle)) = probe.resize_handle_at(selection, pos) {
            if let Some(e) = probe.board.get(id).cloned() {
                out.edits.push(Edit::Begin(self.owner, "Resize".to_owned()));
                self.state = Gesture::Resize {
                    handle,
                    original: e,
                };
            }
        } else if let Some(hit) = probe.hit(p) {
            let was_selected = selection.contains(&hit);
            if input.shift {
                if was_selected {
                    selection.remove(&hit);
                } else {
                    selection.insert(hit);
                }
            } else if !was_selected {
                *selection = Selection::one(hit);
            }
            self.state = Gesture::Pressed {
                at: pos,
                hit,
                selected_on_press: input.shift || !was_selected,
            };
        } else {
            let base = if input.shift {
                selection.clone()
            } else {
                Selection::new()
            };
            selection.clone_from(&base);
            self.state = Gesture::Marquee {
                start: p,
                now: p,
                base,
            };
        }
    }

    /// The pointer moved (or came up) during a gesture.
    fn moved(
        &mut self,
        probe: &Probe<'_>,
        selection: &mut Selection,
        input: &Input,
        pos: Pos2,
        p: Point,
        out: &mut Output,
    ) {
        let (down, released) = (input.down, input.released);
        match &mut self.state {
            Gesture::Idle => {}
            Gesture::Pan { last } => {
                if down || input.middle_down {
                    out.pan += pos - *last;
                    *last = pos;
                    out.cursor = Some(CursorIcon::Grabbing);
                } else {
                    self.state = Gesture::Idle;
                }
            }
            Gesture::Pressed {
                at,
                hit,
                selected_on_press,
            } => {
                let (at, hit, selected_on_press) = (*at, *hit, *selected_on_press);
                if released {
                    if !selected_on_press && !input.shift {
                        *selection = Selection::one(hit);
                    }
                    self.state = Gesture::Idle;
                } else if down && at.distance(pos) > DRAG_THRESHOLD {
                    let ids = actions::movable_set(probe.board, probe.index, selection.as_slice());
                    let moving: HashSet<ElementId> = ids.iter().copied().collect();
                    let mut bridges: Vec<ElementId> = ids
                        .iter()
                        .flat_map(|id| probe.index.arrows_of(*id))
                        .filter(|a| !moving.contains(a))
                        .collect();
                    bridges.sort_by_key(|id| probe.board.elements.index_of(*id));
                    bridges.dedup();
                    let originals: Vec<Element> = ids
                        .iter()
                        .filter_map(|id| probe.board.get(*id).cloned())
                        .collect();
                    let apart = moving.iter().chain(&bridges).copied().collect();
                    let fingerprint = {
                        use std::hash::{Hash, Hasher};
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        ids.hash(&mut h);
                        h.finish()
                    };
                    let bounds = ids
                        .iter()
                        .filter_map(|id| probe.index.bounds(*id))
                        .reduce(|a, b| a.union(&b));
                    // Smart guides line up with the boxes in and near the
                    // view that stay.
                    let near = probe
                        .view
                        .visible(probe.canvas)
                        .expand(200.0 / probe.view.zoom);
                    let others: Vec<crate::model::Rect> = probe
                        .index
                        .query(&near)
                        .into_iter()
                        .filter(|id| !moving.contains(id))
                        .filter_map(|id| probe.board.get(id))
                        .filter(|e| !matches!(e, Element::Arrow(_)))
                        .filter_map(Element::rect)
                        .take(MAX_GUIDE_BOXES)
                        .collect();
                    let box_bounds = originals
                        .iter()
                        .filter(|e| !matches!(e, Element::Arrow(_)))
                        .filter_map(Element::rect)
                        .reduce(|a, b| a.union(&b));
                    let mut drag = Drag {
                        fingerprint,
                        bounds,
                        box_bounds,
                        others,
                        tolerance: GUIDE_SNAP_PX / probe.view.zoom,
                        guides: Vec::new(),
                        start: probe.to_board(at),
                        originals,
                        moving,
                        bridges,
                        apart,
                        delta: (0.0, 0.0),
                    };
                    drag.follow(p, input.snap);
                    self.state = Gesture::Move(Box::new(drag));
                }
            }
            Gesture::Move(drag) => {
                if down || released {
                    drag.follow(p, input.snap);
                    out.cursor = Some(CursorIcon::Grabbing);
                }
                if released || !down {
                    let (dx, dy) = drag.delta;
                    let ops = actions::move_ops(probe.board, &drag.originals, dx, dy);
                    let label = actions::elements_label("Move", drag.originals.len());
                    out.edits.push(Edit::Apply(label, ops));
                    if let Gesture::Move(drag) = std::mem::take(&mut self.state) {
                        out.dropped = Some(drag);
                    }
                }
            }
            Gesture::Resize { handle, original } => {
                let handle = *handle;
                out.cursor = Some(handle.cursor());
                let (op, lined_up) = resize_op(probe, original, handle, p, input.snap);
                self.resize_guides = lined_up;
                if let Some(op) = op {
                    out.edits.push(Edit::Push(self.owner, op));
                }
                if released || !down {
                    out.edits.push(Edit::Commit(self.owner));
                    self.state = Gesture::Idle;
                    self.resize_guides.clear();
                }
            }
            Gesture::Marquee { start, now, base } => {
                *now = p;
                let mut sel = base.clone();
                sel.extend(probe.inside(*start, *now));
                *selection = sel;
                if released || !down {
                    self.state = Gesture::Idle;
                }
            }
            Gesture::Bend { id, vertical } => {
                let (id, vertical) = (*id, *vertical);
                out.cursor = Some(if vertical {
                    CursorIcon::ResizeHorizontal
                } else {
                    CursorIcon::ResizeVertical
                });
                if let Some(before @ Element::Arrow(a)) = probe.board.get(id) {
                    let at = if vertical { p.x } else { p.y };
                    let at = if input.snap {
                        actions::snap_value(at)
                    } else {
                        at
                    };
                    let mut after = a.clone();
                    after.bend = Some(crate::model::route::Bend { vertical, at });
                    if after != *a {
                        out.edits.push(Edit::Push(
                            self.owner,
                            Op::Update {
                                before: before.clone(),
                                after: Element::Arrow(after),
                            },
                        ));
                    }
                }
                if released || !down {
                    out.edits.push(Edit::Commit(self.owner));
                    self.state = Gesture::Idle;
                }
            }
            Gesture::ArrowEnd { id, head, target } => {
                let (id, head) = (*id, *head);
                let other = match probe.board.get(id) {
                    Some(Element::Arrow(a)) if head => a.from.element(),
                    Some(Element::Arrow(a)) => a.to.element(),
                    _ => None,
                };
                let found = probe.hit_box(p, other);
                *target = found;
                if let Some(op) = arrow_end_op(probe, id, head, found, p, input.snap) {
                    out.edits.push(Edit::Push(self.owner, op));
                }
                out.cursor = Some(CursorIcon::Crosshair);
                if released || !down {
                    out.edits.push(Edit::Commit(self.owner));
                    self.state = Gesture::Idle;
                }
            }
            Gesture::Connect { from, now, target } => {
                let found = probe.hit_box(p, Some(*from));
                *now = p;
                *target = found;
                out.cursor = Some(CursorIcon::Crosshair);
                if released || !down {
                    out.connect = Some((*from, found, p));
                    self.state = Gesture::Idle;
                }
            }
        }
    }

    /// Clicks and double clicks (on release, close to the press).
    fn clicks(
        &mut self,
        probe: &Probe<'_>,
        selection: &mut Selection,
        input: &Input,
        pos: Pos2,
        p: Point,
        out: &mut Output,
    ) {
        if !input.released {
            return;
        }
        let clicked = self
            .press_at
            .take()
            .is_some_and(|at| at.distance(pos) <= DRAG_THRESHOLD);
        if !clicked {
            return;
        }
        let now = input.time;
        let double = self
            .last_click
            .is_some_and(|(t, at)| now - t <= DOUBLE_CLICK_S && at.distance(pos) <= 6.0);
        self.last_click = if double { None } else { Some((now, pos)) };
        if double && !input.editing {
            if let Some(hit) = probe.hit(p) {
                *selection = Selection::one(hit);
                out.edit_text = Some(hit);
            } else {
                out.add_note_at = Some(p);
            }
        }
    }
}

impl Drag {
    /// Follows the pointer at `p`: the offset from the start, snapping the
    /// first box's corner to the grid (everything moves alike).
    pub fn follow(&mut self, p: Point, snap: bool) {
        let (raw_x, raw_y) = (p.x - self.start.x, p.y - self.start.y);
        let (mut dx, mut dy) = (raw_x, raw_y);
        if snap && let Some(r) = self.originals.iter().find_map(Element::rect) {
            dx = actions::snap_value(r.min.x + dx) - r.min.x;
            dy = actions::snap_value(r.min.y + dy) - r.min.y;
        }
        self.guides.clear();
        if snap && let Some(b) = self.box_bounds {
            // Lining up with a box nearby wins over the grid.
            let at = |dx: f32, dy: f32| crate::model::Rect {
                min: b.min.offset(dx, dy),
                max: b.max.offset(dx, dy),
            };
            let (sx, sy) = guides::snap(&at(raw_x, raw_y), &self.others, self.tolerance);
            if let Some(s) = sx {
                dx = raw_x + s;
            }
            if let Some(s) = sy {
                dy = raw_y + s;
            }
            self.guides = guides::guides(&at(dx, dy), &self.others);
        }
        self.delta = (dx, dy);
    }

    /// Whether `id` is moving.
    #[must_use]
    pub fn moves(&self, id: ElementId) -> bool {
        self.moving.contains(&id)
    }

    /// Whether `id` is drawn apart from the still board (moving, or an
    /// arrow stretching).
    #[must_use]
    pub fn is_apart(&self, id: ElementId) -> bool {
        self.apart.contains(&id)
    }
}

/// The op resizing `original` by dragging `handle` to `p`.
fn resize_op(
    probe: &Probe<'_>,
    original: &Element,
    handle: Handle,
    p: Point,
    snap: bool,
) -> (Option<Op>, Vec<guides::Guide>) {
    let Some(r) = original.rect() else {
        return (None, Vec::new());
    };
    let (fx, fy) = handle.anchor();
    let (mut min, mut max) = (r.min, r.max);
    let mut q = actions::snap_point(p, snap);
    // Smart guides: a dragged edge lines up with the edges and centres of
    // the boxes around, winning over the grid.
    let others: Vec<crate::model::Rect> = if snap {
        let near = probe
            .view
            .visible(probe.canvas)
            .expand(200.0 / probe.view.zoom);
        probe
            .index
            .obstacles_by_id(&near)
            .into_iter()
            .filter(|(id, _)| *id != original.id())
            .map(|(_, r)| r)
            .take(MAX_GUIDE_BOXES)
            .collect()
    } else {
        Vec::new()
    };
    let tolerance = GUIDE_SNAP_PX / probe.view.zoom;
    if (fx == 0.0 || fx == 1.0)
        && let Some(x) = guides::snap_edge(p.x, &others, true, tolerance)
    {
        q.x = x;
    }
    if (fy == 0.0 || fy == 1.0)
        && let Some(y) = guides::snap_edge(p.y, &others, false, tolerance)
    {
        q.y = y;
    }
    if fx == 0.0 {
        min.x = q.x.min(max.x - MIN_BOX);
    } else if fx == 1.0 {
        max.x = q.x.max(min.x + MIN_BOX);
    }
    if fy == 0.0 {
        min.y = q.y.min(max.y - MIN_BOX);
    } else if fy == 1.0 {
        max.y = q.y.max(min.y + MIN_BOX);
    }
    let mut after = original.clone();
    if let Some((pos, size)) = after.pos_size_mut() {
        *pos = min;
        *size = Size::new(max.x - min.x, max.y - min.y);
    }
    let lined_up = after
        .rect()
        .map(|r| guides::guides(&r, &others))
        .unwrap_or_default();
    let Some(before) = probe.board.get(original.id()).cloned() else {
        return (None, lined_up);
    };
    (
        (before != after).then_some(Op::Update { before, after }),
        lined_up,
    )
}

/// The op moving one end of arrow `id` onto the box `target`, or to the
/// free point `p`.
fn arrow_end_op(
    probe: &Probe<'_>,
    id: ElementId,
    head: bool,
    target: Option<ElementId>,
    p: Point,
    snap: bool,
) -> Option<Op> {
    let before = probe.board.get(id)?.clone();
    let Element::Arrow(mut after) = before.clone() else {
        return None;
    };
    let end = match target {
        Some(t) => Endpoint::Element {
            id: t,
            side: Side::Auto,
        },
        None => Endpoint::Free(actions::snap_point(p, snap)),
    };
    if head {
        after.to = end;
    } else {
        after.from = end;
    }
    let after = Element::Arrow(after);
    (after != before).then_some(Op::Update { before, after })
}

#[cfg(test)]
mod tests;
