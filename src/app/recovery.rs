//! Crash recovery: the open board is journaled about a second after it
//! changes (written on a background thread), journaled boards are offered
//! at start, restored or discarded.

use super::document::Document;
use super::{Dialog, MlsdApp};

impl MlsdApp {
    /// The key of the open document's journal entry (`None` without a
    /// claim on the journal folder: then nothing is journaled).
    pub(super) fn journal_key(&self) -> Option<String> {
        self.services
            .journal_instance
            .as_ref()
            .map(|i| i.key(self.doc.generation()))
    }

    /// The board's file and its stamp, for a journal entry.
    fn saved_at(&self) -> crate::io::SavedAt {
        self.doc.path.clone().map(|p| (p, self.doc.disk))
    }

    /// Shows the recovery dialog when the journal holds boards (a crash or
    /// a kill left them), or what is left to recover.
    pub fn offer_recovery(&mut self) {
        let (Some(j), Some(me)) = (
            &self.services.journal,
            self.services.journal_instance.as_mut(),
        ) else {
            return;
        };
        // Only what gone instances left: a live one's journal is its own.
        let (found, unreadable) = j.offerable(me);
        let unreadable: Vec<(String, String)> = unreadable
            .into_iter()
            .map(|u| {
                let path = u.path.display().to_string();
                // The reason names the file too; say it once.
                let reason = u
                    .reason
                    .strip_prefix(&format!("{path}: "))
                    .map_or_else(|| u.reason.clone(), str::to_owned);
                (path, reason)
            })
            .collect();
        if found.is_empty() && unreadable.is_empty() {
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
        self.ui.dialog = Some(Dialog::Recover(list, unreadable));
        // Recovering comes first; the start screen can wait.
        self.ui.show_start = false;
    }

    /// Opens a recovered board as an unsaved document. Its entry is
    /// written again at once under this instance's key and only then is
    /// the old one removed, so a crash right after Restore still leaves it
    /// to recover. Its file, if it had one, keeps the stamp it had: a save
    /// there asks first when the file has changed since.
    pub fn restore(&mut self, key: &str) {
        let (Some(j), Some(me)) = (
            self.services.journal.clone(),
            self.services.journal_instance.as_mut(),
        ) else {
            return;
        };
        // Only an entry offered to this instance (its lock is held), and
        // only that one file read.
        if !me.offers(key) {
            return;
        }
        let Ok(entry) = j.read_key(key) else {
            return;
        };
        let crate::io::BoardFile { board, session, .. } = entry.file;
        let mut doc = Document::new(board);
        doc.path = entry.saved_path;
        doc.disk = entry.saved_stamp;
        doc.session = session;
        doc.mark_unsaved();
        self.doc = doc;
        self.canvas.request_fit();
        if let (Some(w), Some(new_key)) = (&self.services.journal_writer, self.journal_key()) {
            let rev = self.journal_revision();
            w.write(&new_key, self.saved_at(), rev, self.doc.to_file());
            self.services.autosave.written(rev);
            self.services.journaled = Some((new_key, true));
        }
        // After the write above (the writer keeps the order).
        self.discard_recovered(key);
        eprintln!(
            "mlsd-board: restored an unsaved board ({} components)",
            self.doc.board.counts().components
        );
        self.ui.status = "Restored an unsaved board. Save it to keep it.".to_owned();
    }

    /// Removes a recovered board for good (only one this instance may
    /// offer: a live instance's entries are never touched).
    pub fn discard_recovered(&mut self, key: &str) {
        let (Some(j), Some(me)) = (
            self.services.journal.clone(),
            self.services.journal_instance.as_mut(),
        ) else {
            return;
        };
        if !me.offers(key) {
            return;
        }
        if let Some(w) = &self.services.journal_writer {
            w.discard(key);
        } else {
            j.discard(key);
        }
        me.release_if_empty(&j);
    }

    /// The number a journal write is stamped with (and the autosave keyed
    /// on): the revision, told apart across documents.
    fn journal_revision(&self) -> u64 {
        self.doc.history.revision() ^ (self.doc.generation() << 40)
    }

    /// Writes the open board to the journal about a second after it
    /// changes; removes its entry when it is saved or replaced.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(j) = &self.services.journal_writer else {
            return;
        };
        for e in j.errors() {
            self.ui.error = Some(format!("Autosave failed: {e}"));
        }
        if self.session.replay.is_some() {
            return;
        }
        let Some(key) = self.journal_key() else {
            return;
        };
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
        let rev = self.journal_revision();
        let now = (ctx.input(|i| i.time).max(0.0) * 1000.0) as u64;
        if self.services.autosave.due(rev, now) {
            // Only the snapshot is taken here; the writer thread turns it
            // into text and writes it (with its fsyncs).
            j.write(&key, self.saved_at(), rev, self.doc.to_file());
            self.services.autosave.written(rev);
            self.services.journaled = Some((key, true));
        } else if let Some(wait) = self.services.autosave.wait_ms(now) {
            ctx.request_repaint_after(std::time::Duration::from_millis(wait + 10));
        }
    }
}
