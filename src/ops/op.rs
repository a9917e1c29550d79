//! One invertible change to a board, carrying explicit before/after values.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Board, CustomKind, Element, ElementId, Framework, Meta, Point};

/// Why an op could not be applied (a log that does not fit the board it is
/// replayed on, usually a damaged or hand-edited file).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OpError {
    /// The op names an element the board does not have.
    #[error("element {0} is not on the board")]
    Missing(ElementId),
    /// The op adds an element whose id is already taken.
    #[error("element {0} is already on the board")]
    Duplicate(ElementId),
    /// The element is not in the state the op expects.
    #[error("element {0} is not in the state the change expects")]
    Mismatch(ElementId),
    /// The checklist or metadata is not in the state the op expects.
    #[error("the {0} is not in the state the change expects")]
    StateMismatch(&'static str),
}

/// An element together with its position in drawing order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placed {
    /// Position in drawing order (0 is at the back).
    #[serde(default)]
    pub index: usize,
    /// The element.
    pub element: Element,
}

/// A change to a board that knows how to undo itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// Adds elements at the given positions.
    Insert(Vec<Placed>),
    /// Removes elements; records where they were so undo puts them back.
    Remove(Vec<Placed>),
    /// Changes an element (move, resize, text, style, reconnect).
    Update {
        /// The element before.
        before: Element,
        /// The element after; same id.
        after: Element,
    },
    /// Moves a box-like element (component, note, frame): only its corner
    /// changes. A compact form of `Update` for the most common edit.
    Move {
        /// The element.
        id: ElementId,
        /// Its top-left corner before.
        before: Point,
        /// Its top-left corner after.
        after: Point,
    },
    /// Moves an element within the drawing order.
    Reorder {
        /// The element.
        id: ElementId,
        /// Its position before.
        from: usize,
        /// Its position after.
        to: usize,
    },
    /// Ticks or unticks a checklist item.
    SetDone {
        /// Step id.
        step: String,
        /// Item id.
        item: String,
        /// Ticked before?
        before: bool,
        /// Ticked after?
        after: bool,
    },
    /// Replaces a step's notes.
    SetStepNote {
        /// Step id.
        step: String,
        /// Notes before.
        before: String,
        /// Notes after.
        after: String,
    },
    /// Changes the step the user is working on.
    SetCurrentStep {
        /// Step id before.
        before: Option<String>,
        /// Step id after.
        after: Option<String>,
    },
    /// Adds, changes or removes one of the board's custom kinds.
    SetCustomKind {
        /// The kind id.
        id: String,
        /// The kind before (`None`: it did not exist).
        before: Option<CustomKind>,
        /// The kind after (`None`: it is removed).
        after: Option<CustomKind>,
    },
    /// Switches the board to another framework (its checklist state stays).
    SetFramework {
        /// The framework before.
        before: Framework,
        /// The framework after.
        after: Framework,
    },
    /// Points the checklist at the board's metrics card.
    SetMetricsCard {
        /// The card before.
        before: Option<ElementId>,
        /// The card after.
        after: Option<ElementId>,
    },
    /// Changes title or template.
    SetMeta {
        /// Metadata before.
        before: Meta,
        /// Metadata after.
        after: Meta,
    },
}

impl Op {
    /// An op adding one element on top of everything.
    #[must_use]
    pub fn add_on_top(board: &Board, element: Element) -> Op {
        Op::Insert(vec![Placed {
            index: board.elements().len(),
            element,
        }])
    }

    /// An op removing these elements from `board` as it is now (ids not on
    /// the board are ignored).
    #[must_use]
    pub fn remove(board: &Board, ids: &[ElementId]) -> Op {
        let mut items: Vec<Placed> = ids
            .iter()
            .filter_map(|id| {
                let index = board.elements.index_of(*id)?;
                Some(Placed {
                    index,
                    element: board.elements()[index].clone(),
                })
            })
            .collect();
        items.sort_by_key(|p| p.index);
        items.dedup_by_key(|p| p.index);
        Op::Remove(items)
    }

    /// The op that undoes this one.
    #[must_use]
    pub fn inverse(&self) -> Op {
        match self {
            Op::Insert(items) => Op::Remove(items.clone()),
            Op::Remove(items) => Op::Insert(items.clone()),
            Op::Update { before, after } => Op::Update {
                before: after.clone(),
                after: before.clone(),
            },
            Op::Reorder { id, from, to } => Op::Reorder {
                id: *id,
                from: *to,
                to: *from,
            },
            Op::Move { id, before, after } => Op::Move {
                id: *id,
                before: *after,
                after: *before,
            },
            Op::SetDone {
                step,
                item,
                before,
                after,
            } => Op::SetDone {
                step: step.clone(),
                item: item.clone(),
                before: *after,
                after: *before,
            },
            Op::SetStepNote {
                step,
                before,
                after,
            } => Op::SetStepNote {
                step: step.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Op::SetCurrentStep { before, after } => Op::SetCurrentStep {
                before: after.clone(),
                after: before.clone(),
            },
            Op::SetMeta { before, after } => Op::SetMeta {
                before: after.clone(),
                after: before.clone(),
            },
            Op::SetCustomKind { id, before, after } => Op::SetCustomKind {
                id: id.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Op::SetFramework { before, after } => Op::SetFramework {
                before: after.clone(),
                after: before.clone(),
            },
            Op::SetMetricsCard { before, after } => Op::SetMetricsCard {
                before: *after,
                after: *before,
            },
        }
    }

    /// The elements this op adds, removes or changes.
    #[must_use]
    pub fn touched(&self) -> Vec<ElementId> {
        match self {
            Op::Insert(items) | Op::Remove(items) => items.iter().map(|p| p.element.id()).collect(),
            Op::Update { after, .. } => vec![after.id()],
            Op::Reorder { id, .. } | Op::Move { id, .. } => vec![*id],
            Op::SetDone { .. }
            | Op::SetStepNote { .. }
            | Op::SetCurrentStep { .. }
            | Op::SetMeta { .. }
            | Op::SetCustomKind { .. }
            | Op::SetFramework { .. }
            | Op::SetMetricsCard { .. } => Vec::new(),
        }
    }

    /// The compact form of this op: an `Update` that only moves a box
    /// becomes a `Move`; anything else is returned as it is.
    #[must_use]
    pub fn compact(self) -> Op {
        if let Op::Update { before, after } = &self
            && let (Some((p0, _)), Some((p1, _))) = (before.pos_size(), after.pos_size())
        {
            let mut moved = before.clone();
            if let Some((pos, _)) = moved.pos_size_mut() {
                *pos = p1;
            }
            if moved == *after {
                return Op::Move {
                    id: after.id(),
                    before: p0,
                    after: p1,
                };
            }
        }
        self
    }

    /// Whether applying the op changes nothing.
    #[must_use]
    pub fn is_noop(&self) -> bool {
        match self {
            Op::Insert(items) | Op::Remove(items) => items.is_empty(),
            Op::Update { before, after } => before == after,
            Op::Reorder { from, to, .. } => from == to,
            Op::Move { before, after, .. } => before == after,
            Op::SetDone { before, after, .. } => before == after,
            Op::SetStepNote { before, after, .. } => before == after,
            Op::SetCurrentStep { before, after } => before == after,
            Op::SetMeta { before, after } => before == after,
            Op::SetCustomKind { before, after, .. } => before == after,
            Op::SetFramework { before, after } => before == after,
            Op::SetMetricsCard { before, after } => before == after,
        }
    }

    /// Applies the op. On error the board is unchanged.
    ///
    /// # Errors
    /// When the board is not in the state the op was made for.
    pub fn apply(&self, board: &mut Board) -> Result<(), OpError> {
        match self {
            Op::Insert(items) => {
                let mut seen = std::collections::HashSet::with_capacity(items.len());
                for p in items {
                    let id = p.element.id();
                    if board.get(id).is_some() || !seen.insert(id) {
                        return Err(OpError::Duplicate(id));
                    }
                }
                let max_id = items.iter().map(|p| p.element.id().0).max().unwrap_or(0);
                board.next_id = board.next_id.max(max_id.saturating_add(1));
                board
                    .elements
                    .insert_many(items.iter().map(|p| (p.index, p.element.clone())).collect());
            }
            Op::Remove(items) => {
                let ids: Vec<ElementId> = items.iter().map(|p| p.element.id()).collect();
                if let Some(id) = ids.iter().find(|id| board.get(**id).is_none()) {
                    return Err(OpError::Missing(*id));
                }
                board.elements.remove_many(&ids);
            }
            Op::Update { before, after } => {
                let id = before.id();
                if after.id() != id {
                    return Err(OpError::Mismatch(after.id()));
                }
                match board.get(id) {
                    None => return Err(OpError::Missing(id)),
                    Some(current) if current != before => return Err(OpError::Mismatch(id)),
                    Some(_) => {}
                }
                board.elements.replace(after.clone());
            }
            Op::Move { id, before, after } => {
                let Some(mut e) = board.get(*id).cloned() else {
                    return Err(OpError::Missing(*id));
                };
                match e.pos_size_mut() {
                    Some((pos, _)) if *pos == *before => *pos = *after,
                    _ => return Err(OpError::Mismatch(*id)),
                }
                board.elements.replace(e);
            }
            Op::Reorder { id, from, to } => {
                if board.elements.index_of(*id) != Some(*from) {
                    return Err(OpError::Mismatch(*id));
                }
                if *to >= board.elements.len() {
                    return Err(OpError::Mismatch(*id));
                }
                board.elements.move_to(*id, *to);
            }
            Op::SetDone {
                step,
                item,
                before,
                after,
            } => {
                if board.checklist.is_done(step, item) != *before {
                    return Err(OpError::StateMismatch("checklist"));
                }
                board.checklist.set_done(step, item, *after);
            }
            Op::SetStepNote {
                step,
                before,
                after,
            } => {
                if board.checklist.note(step) != before {
                    return Err(OpError::StateMismatch("step notes"));
                }
                board.checklist.set_note(step, after);
            }
            Op::SetCurrentStep { before, after } => {
                if board.checklist.current_step != *before {
                    return Err(OpError::StateMismatch("current step"));
                }
                board.checklist.current_step.clone_from(after);
            }
            Op::SetMeta { before, after } => {
                if board.meta != *before {
                    return Err(OpError::StateMismatch("board title"));
                }
                board.meta = after.clone();
            }
            Op::SetFramework { before, after } => {
                if board.framework != *before {
                    return Err(OpError::StateMismatch("framework"));
                }
                board.framework = after.clone();
            }
            Op::SetMetricsCard { before, after } => {
                if board.checklist.metrics_card != *before {
                    return Err(OpError::StateMismatch("metrics card"));
                }
                board.checklist.metrics_card = *after;
            }
            Op::SetCustomKind { id, before, after } => {
                let at = board.custom_kinds.iter().position(|k| &k.id == id);
                if at.map(|i| &board.custom_kinds[i]) != before.as_ref()
                    || after.as_ref().is_some_and(|a| &a.id != id)
                {
                    return Err(OpError::StateMismatch("custom component kinds"));
                }
                match (at, after) {
                    (Some(i), Some(a)) => board.custom_kinds[i] = a.clone(),
                    (Some(i), None) => {
                        board.custom_kinds.remove(i);
                    }
                    // Kept sorted by id, so removing and re-adding gives
                    // back an equal board.
                    (None, Some(a)) => {
                        let i = board.custom_kinds.partition_point(|k| k.id < a.id);
                        board.custom_kinds.insert(i, a.clone());
                    }
                    (None, None) => {}
                }
            }
        }
        Ok(())
    }
}

/// Identity of a transaction within a board's log.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct TxnId(pub u64);

/// A user gesture's worth of ops: undone and redone as one step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Transaction {
    /// Identity within the log.
    pub id: TxnId,
    /// What the user did, in their words ("Move 3 elements").
    pub label: String,
    /// The ops, in the order they were applied.
    pub ops: Vec<Op>,
}

impl Transaction {
    /// Applies every op in order; if one fails, the ones already applied are
    /// rolled back and the board is as before.
    ///
    /// # Errors
    /// The first op that does not fit the board.
    pub fn apply(&self, board: &mut Board) -> Result<(), OpError> {
        apply_all(board, self.ops.iter())
    }

    /// Applies the inverse: every op's inverse, last op first.
    ///
    /// # Errors
    /// As [`Transaction::apply`].
    pub fn revert(&self, board: &mut Board) -> Result<(), OpError> {
        let inverses: Vec<Op> = self.ops.iter().rev().map(Op::inverse).collect();
        apply_all(board, inverses.iter())
    }
}

fn apply_all<'a>(board: &mut Board, ops: impl Iterator<Item = &'a Op>) -> Result<(), OpError> {
    let mut done: Vec<&Op> = Vec::new();
    for op in ops {
        if let Err(e) = op.apply(board) {
            for d in done.iter().rev() {
                // The inverse of an op that just applied always fits.
                let undone = d.inverse().apply(board);
                debug_assert!(undone.is_ok());
            }
            return Err(e);
        }
        done.push(op);
    }
    Ok(())
}
