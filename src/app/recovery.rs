//! Crash recovery: the open board is journaled about a second after it
//! changes (written on a background thread), journaled boards are offered
//! at start, restored or discarded.

use super::document::Document;
use super::{Dialog, MlsdApp};

impl MlsdApp {
    pub(super) fn journal_key(&self) -> String {
        format!("board-{}-{}", std::process::id(), self.doc.generation())
    }

    /// Shows the recovery dialog when the journal holds boards (a crash or
    /// a kill left them), or what is left to recover.
    pub fn offer_recovery(&mut self) {
        let Some(j) = &self.services.journal else {
            return;
        };
        let (found, errors) = j.list();
        if let Some(first) = errors.first() {
            self.ui.status = format!(
                "{} recovery file(s) could not be read: {first}",
                errors.len()
            );
        }
        if found.is_empty() {
            return;
        }
        let list = found
            .iter()
            .map(|r| {
                let name = r.entry.saved_path.as_ref().map_or_else(
                    || {
                        let t = &r.entry.file.board.meta.title;
                        if t.is_empty() {
                            "Untitled".to_owned()
                        } else {
                            t.clone()
                        }
                    },
                    |p| p.display().to_string(),
                );
                let n = r.entry.file.board.counts().components;
                let plural = if n == 1 { "" } else { "s" };
                (r.key.clone(), format!("{name} ({n} component{plural})"))
            })
            .collect::<Vec<(String, String)>>();
        // A line on stderr too, for logs and for the end-to-end test that
        // kills the app and looks for this offer.
        eprintln!(
            "mlsd-board: offering to recover {} unsaved board(s): {}",
            list.len(),
            list.iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.ui.dialog = Some(Dialog::Recover(list));
        // Recovering comes first; the start screen can wait.
        self.ui.show_start = false;
    }

    /// Opens a recovered board as an unsaved document and removes its
    /// journal entry (the open board is journaled again as it changes).
    pub fn restore(&mut self, key: &str) {
        let Some(j) = self.services.journal.clone() else {
            return;
        };
        let (found, _) = j.list();
        let Some(r) = found.into_iter().find(|r| r.key == key) else {
            return;
        };
        let crate::io::BoardFile { board, session, .. } = r.entry.file;
        let mut doc = Document::new(board);
        doc.path = r.entry.saved_path;
        doc.session = session;
        doc.mark_unsaved();
        self.doc = doc;
        self.canvas.request_fit();
        self.discard_recovered(key);
        eprintln!(
            "mlsd-board: restored an unsaved board ({} components)",
            self.doc.board.counts().components
        );
        self.ui.status = "Restored an unsaved board. Save it to keep it.".to_owned();
    }

    /// Removes a recovered board for good.
    pub fn discard_recovered(&mut self, key: &str) {
        if let Some(w) = &self.services.journal_writer {
            w.discard(key);
        } else if let Some(j) = &self.services.journal {
            j.discard(key);
        }
    }

    /// Writes the open board to the journal about a second after it
    /// changes; removes its entry when it is saved or replaced.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(j) = &self.services.journal_writer else {
            return;
        };
        for e in j.errors() {
            self.ui.status = format!("Autosave failed: {e}");
        }
        if self.session.replay.is_some() {
            return;
        }
        let key = self.journal_key();
        if let Some((old, true)) = &self.services.journaled
            && *old != key
        {
            // The board was replaced (New, Open): its question was asked.
            j.discard(old);
            self.services.journaled = None;
        }
        if !self.doc.is_dirty() {
            if let Some((k, true)) = &self.services.journaled {
                j.discard(k);
                self.services.journaled = Some((k.clone(), false));
            }
            return;
        }
        let rev = self.doc.history.revision() ^ (self.doc.generation() << 40);
        let now = (ctx.input(|i| i.time).max(0.0) * 1000.0) as u64;
        if self.services.autosave.due(rev, now) {
            // Only the snapshot is taken here; the writer thread turns it
            // into text and writes it (with its fsyncs).
            j.write(&key, self.doc.path.as_deref(), rev, self.doc.to_file());
            self.services.autosave.written(rev);
            self.services.journaled = Some((key, true));
        } else if let Some(wait) = self.services.autosave.wait_ms(now) {
            ctx.request_repaint_after(std::time::Duration::from_millis(wait + 10));
        }
    }
}
