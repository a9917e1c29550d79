//! Undo and redo as pointers into the append-only log, and gestures
//! (begin, fold, commit or cancel) as transactions, each owned by whoever
//! began it: only its [`Owner`] can fold ops into it, commit it or cancel it.

use std::collections::HashMap;
use std::sync::Arc;

use super::op::{Op, OpError, Transaction, TxnId};
use crate::model::{Board, ElementId};
use crate::session::{Clock, Event, LogEntry, Recorder};

/// Who began a transaction (a canvas gesture, an inspector field, a text
/// edit): a token only that widget holds, so another widget can neither
/// fold its changes into the transaction nor end it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Owner(u64);

impl Owner {
    /// A token no one else has.
    #[must_use]
    #[expect(
        clippy::new_without_default,
        reason = "each call makes a different token; a default one would be shared"
    )]
    pub fn new() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Self(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// A gesture in progress: its ops are already on the board.
#[derive(Debug)]
struct Pending {
    owner: Owner,
    txn: Transaction,
    /// For the trailing run of `Update` ops: element id -> op index, so a
    /// drag folds into one op per element.
    folds: HashMap<ElementId, usize>,
}

/// The edit history of one board.
///
/// Every committed transaction, undo and redo is appended to the log; undo
/// and redo only move entries between two stacks of log positions.
#[derive(Debug, Default)]
pub struct History {
    log: Recorder,
    /// Log positions of the `Do` entries currently applied, oldest first.
    undo: Vec<usize>,
    /// Log positions of undone `Do` entries that can be redone, last undone on top.
    redo: Vec<usize>,
    pending: Option<Pending>,
    next_txn: u64,
    /// Elements changed since the last [`History::take_touched`].
    touched: Vec<ElementId>,
    /// Bumped on every change to the board made through this history.
    revision: u64,
}

impl History {
    /// An empty history on the given clock.
    #[must_use]
    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self {
            log: Recorder::new(clock),
            ..Self::default()
        }
    }

    /// The log.
    #[must_use]
    pub fn log(&self) -> &Recorder {
        &self.log
    }

    /// The log's entries.
    #[must_use]
    pub fn entries(&self) -> &[LogEntry] {
        self.log.entries()
    }

    /// Records a non-edit event (step change, pause...).
    pub fn record(&mut self, event: Event) {
        self.log.record(event);
    }

    /// Whether a gesture is in progress.
    #[must_use]
    pub fn in_gesture(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.pending.is_some()
    }

    /// Whether there is something to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The label of what undo would undo.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo
            .last()
            .and_then(|i| self.txn_at(*i))
            .map(|t| t.label.as_str())
    }

    /// The label of what redo would redo.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo
            .last()
            .and_then(|i| self.txn_at(*i))
            .map(|t| t.label.as_str())
    }

    fn txn_at(&self, index: usize) -> Option<&Transaction> {
        match self.log.get(index).map(|e| &e.event) {
            Some(Event::Do(t)) => Some(t),
            _ => None,
        }
    }

    fn note_txn(&mut self, txn: &Transaction) {
        for op in &txn.ops {
            self.touched.extend(op.touched());
        }
        self.revision += 1;
    }

    /// The elements changed (added, removed, updated, reordered) since the
    /// last call, for keeping derived data such as a spatial index current.
    pub fn take_touched(&mut self) -> Vec<ElementId> {
        let mut t = std::mem::take(&mut self.touched);
        t.sort_unstable();
        t.dedup();
        t
    }

    /// A number that changes whenever the board changes through this history.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Identifies the committed state: equal markers mean the same sequence
    /// of applied transactions (used to tell whether a board has unsaved
    /// changes, even after undoing back to the saved state).
    #[must_use]
    pub fn state_marker(&self) -> (usize, Option<usize>, bool) {
        (
            self.undo.len(),
            self.undo.last().copied(),
            self.pending.is_some(),
        )
    }

    /// Whether `owner` has a gesture in progress.
    #[must_use]
    pub fn owns_open(&self, owner: Owner) -> bool {
        self.pending.as_ref().is_some_and(|p| p.owner == owner)
    }

    /// Starts a gesture owned by `owner`. A gesture already in progress
    /// (anyone's) is committed first: its changes are one undo step.
    pub fn begin(&mut self, owner: Owner, label: &str) {
        self.commit_open();
        let id = TxnId(self.next_txn);
        self.next_txn += 1;
        self.pending = Some(Pending {
            owner,
            txn: Transaction {
                id,
                label: label.to_owned(),
                ops: Vec::new(),
            },
            folds: HashMap::new(),
        });
    }

    /// Applies an op as part of `owner`'s gesture; when `owner` has none
    /// open, one is started (committing anyone else's first), so a change
    /// never folds into another owner's gesture. Successive updates of one
    /// element fold into a single op.
    ///
    /// # Errors
    /// When the op does not fit the board; the board is then unchanged.
    pub fn push(&mut self, owner: Owner, board: &mut Board, op: Op) -> Result<(), OpError> {
        if !self.owns_open(owner) {
            self.begin(owner, "Edit");
        }
        op.apply(board)?;
        self.touched.extend(op.touched());
        self.revision += 1;
        let Some(p) = self.pending.as_mut() else {
            return Ok(());
        };
        // Typing into a step's notes folds into one op per gesture too.
        if let Op::SetStepNote { step, after, .. } = &op
            && let Some(Op::SetStepNote {
                step: s, after: a, ..
            }) = p.txn.ops.last_mut()
            && s == step
        {
            a.clone_from(after);
            return Ok(());
        }
        if let Op::Update { after, .. } = &op {
            let id = after.id();
            if let Some(&i) = p.folds.get(&id)
                && let Some(Op::Update { after: a, .. }) = p.txn.ops.get_mut(i)
            {
                a.clone_from(after);
                return Ok(());
            }
            p.folds.insert(id, p.txn.ops.len());
        } else {
            p.folds.clear();
        }
        p.txn.ops.push(op);
        Ok(())
    }

    /// Ends `owner`'s gesture: its transaction enters the log and the undo
    /// stack. Returns its id, or `None` when it changed nothing or `owner`
    /// has no gesture open (someone else's is left alone).
    pub fn commit(&mut self, owner: Owner) -> Option<TxnId> {
        if !self.owns_open(owner) {
            return None;
        }
        self.commit_open()
    }

    /// Commits whatever gesture is open.
    fn commit_open(&mut self) -> Option<TxnId> {
        let Pending { mut txn, .. } = self.pending.take()?;
        txn.ops.retain(|op| !op.is_noop());
        // Moves are the most common edit: keep them small in the log.
        txn.ops = txn.ops.into_iter().map(Op::compact).collect();
        if txn.ops.is_empty() {
            return None;
        }
        let id = txn.id;
        let at = self.log.record(Event::Do(txn));
        self.undo.push(at);
        self.redo.clear();
        Some(id)
    }

    /// Abandons `owner`'s gesture: its ops are taken back off the board.
    /// Someone else's gesture is left alone.
    pub fn cancel(&mut self, owner: Owner, board: &mut Board) {
        if self.owns_open(owner) {
            self.cancel_open(board);
        }
    }

    /// Abandons whatever gesture is open.
    fn cancel_open(&mut self, board: &mut Board) {
        if let Some(p) = self.pending.take() {
            let reverted = p.txn.revert(board);
            debug_assert!(reverted.is_ok(), "a gesture's own ops always revert");
            self.note_txn(&p.txn);
        }
    }

    /// Applies a whole transaction at once (a command, not a gesture). A
    /// gesture in progress is committed first, so the log keeps the order
    /// the changes were made in.
    ///
    /// # Errors
    /// When an op does not fit; nothing is applied then.
    pub fn apply(
        &mut self,
        board: &mut Board,
        label: &str,
        ops: Vec<Op>,
    ) -> Result<Option<TxnId>, OpError> {
        self.commit_open();
        let txn = Transaction {
            id: TxnId(self.next_txn),
            label: label.to_owned(),
            ops,
        };
        txn.apply(board)?;
        self.note_txn(&txn);
        self.pending = Some(Pending {
            owner: Owner(0),
            txn,
            folds: HashMap::new(),
        });
        self.next_txn += 1;
        Ok(self.commit_open())
    }

    /// Undoes the last transaction (a gesture in progress is cancelled
    /// instead). Returns whether anything changed.
    pub fn undo(&mut self, board: &mut Board) -> bool {
        if self.pending.is_some() {
            self.cancel_open(board);
            return true;
        }
        let Some(at) = self.undo.pop() else {
            return false;
        };
        let Some(txn) = self.txn_at(at).cloned() else {
            return false;
        };
        if txn.revert(board).is_err() {
            // Should not happen: the board is exactly as the txn left it.
            self.undo.push(at);
            return false;
        }
        self.note_txn(&txn);
        self.log.record(Event::Undo(txn.id));
        self.redo.push(at);
        true
    }

    /// Redoes the last undone transaction. Returns whether anything changed.
    pub fn redo(&mut self, board: &mut Board) -> bool {
        self.cancel_open(board);
        let Some(at) = self.redo.pop() else {
            return false;
        };
        let Some(txn) = self.txn_at(at).cloned() else {
            return false;
        };
        if txn.apply(board).is_err() {
            self.redo.push(at);
            return false;
        }
        self.note_txn(&txn);
        self.log.record(Event::Redo(txn.id));
        self.undo.push(at);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Element, Point};
    use crate::session::{ManualClock, replay};

    fn comp(board: &mut Board, x: f32) -> Element {
        Element::Component(Component {
            id: board.alloc_id(),
            pos: Point::new(x, 0.0),
            ..Component::default()
        })
    }

    #[test]
    fn a_drag_is_one_step_and_undo_keeps_the_log() {
        let clock = ManualClock::at(1000);
        let mut h = History::with_clock(Arc::new(clock.clone()));
        let mut b = Board::new("t");
        let c = comp(&mut b, 0.0);
        {
            let op = Op::add_on_top(&b, c.clone());
            h.apply(&mut b, "Add", vec![op])
        }
        .unwrap();
        let start = b.clone();

        let me = Owner::new();
        h.begin(me, "Move");
        let mut cur = c.clone();
        for step in 1..=10 {
            clock.advance(16);
            let next = c.translated(step as f32 * 5.0, 0.0);
            h.push(
                me,
                &mut b,
                Op::Update {
                    before: cur,
                    after: next.clone(),
                },
            )
            .unwrap();
            cur = next;
        }
        h.commit(me);
        assert_eq!(h.entries().len(), 2, "ten drag frames make one log entry");
        assert!(matches!(&h.entries()[1].event, Event::Do(t) if t.ops.len() == 1));
        assert_eq!(h.entries()[1].t_ms, 160);

        assert!(h.undo(&mut b));
        assert_eq!(b, start);
        assert_eq!(h.entries().len(), 3, "undo appends, never deletes");
        assert!(h.redo(&mut b));
        assert_eq!(b.get(c.id()).unwrap().rect().unwrap().min.x, 50.0);
        let replayed = replay(&Board::new("t"), h.entries(), None).unwrap();
        assert_eq!(replayed, b);
    }

    #[test]
    fn cancel_restores_and_records_nothing() {
        let mut h = History::default();
        let mut b = Board::new("t");
        let c = comp(&mut b, 0.0);
        {
            let op = Op::add_on_top(&b, c.clone());
            h.apply(&mut b, "Add", vec![op])
        }
        .unwrap();
        let before = b.clone();
        let me = Owner::new();
        h.begin(me, "Move");
        h.push(
            me,
            &mut b,
            Op::Update {
                before: c.clone(),
                after: c.translated(40.0, 0.0),
            },
        )
        .unwrap();
        assert_ne!(b, before);
        h.cancel(Owner::new(), &mut b);
        assert_ne!(b, before, "someone else cannot cancel it");
        h.cancel(me, &mut b);
        assert_eq!(b, before);
        assert_eq!(h.entries().len(), 1);
    }

    #[test]
    fn a_click_without_movement_is_not_an_undo_step() {
        let mut h = History::default();
        let mut b = Board::new("t");
        let c = comp(&mut b, 0.0);
        {
            let op = Op::add_on_top(&b, c.clone());
            h.apply(&mut b, "Add", vec![op])
        }
        .unwrap();
        let me = Owner::new();
        h.begin(me, "Move");
        h.push(
            me,
            &mut b,
            Op::Update {
                before: c.clone(),
                after: c.translated(5.0, 0.0),
            },
        )
        .unwrap();
        h.push(
            me,
            &mut b,
            Op::Update {
                before: c.translated(5.0, 0.0),
                after: c.clone(),
            },
        )
        .unwrap();
        assert_eq!(h.commit(me), None);
        assert_eq!(h.undo_label(), Some("Add"));
    }

    #[test]
    fn only_the_owner_ends_or_folds_into_a_gesture() {
        let mut h = History::default();
        let mut b = Board::new("t");
        let c = comp(&mut b, 0.0);
        let add = Op::add_on_top(&b, c.clone());
        h.apply(&mut b, "Add", vec![add]).unwrap();
        let (canvas, inspector) = (Owner::new(), Owner::new());
        h.begin(canvas, "Resize");
        let moved = c.translated(10.0, 0.0);
        h.push(
            canvas,
            &mut b,
            Op::Update {
                before: c.clone(),
                after: moved.clone(),
            },
        )
        .unwrap();
        // An inspector field losing focus commits only its own gesture.
        assert_eq!(h.commit(inspector), None);
        assert!(h.owns_open(canvas), "the canvas gesture goes on");
        let further = c.translated(20.0, 0.0);
        h.push(
            canvas,
            &mut b,
            Op::Update {
                before: moved,
                after: further,
            },
        )
        .unwrap();
        assert!(h.commit(canvas).is_some());
        assert_eq!(h.entries().len(), 2, "one undo step for the whole gesture");
        assert_eq!(h.undo_label(), Some("Resize"));
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut h = History::default();
        let mut b = Board::new("t");
        let c = comp(&mut b, 0.0);
        {
            let op = Op::add_on_top(&b, c);
            h.apply(&mut b, "Add", vec![op])
        }
        .unwrap();
        h.undo(&mut b);
        assert!(h.can_redo());
        let d = comp(&mut b, 10.0);
        {
            let op = Op::add_on_top(&b, d);
            h.apply(&mut b, "Add 2", vec![op])
        }
        .unwrap();
        assert!(!h.can_redo());
    }
}
