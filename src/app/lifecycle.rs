//! The open board's life: opening (boards, board PNGs, Excalidraw),
//! saving (with or without the session, as a template), importing shared
//! templates, and "save changes first?" before replacing the board.

use std::path::{Path, PathBuf};

use super::document::{self, Document};
use super::files::Picked;
use super::{Dialog, MlsdApp, Opened, PathPurpose, Then, read_file, start, view};

impl MlsdApp {
    /// Opens a board file, replacing the current board (no questions asked:
    /// callers check for unsaved changes first). On failure the current
    /// board stays and the error is shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        let opened = read_file(path, &self.library.catalog);
        self.show_opened(path, opened)
    }

    /// Takes in what [`read_file`] made of `path`.
    pub(super) fn show_opened(&mut self, path: &Path, opened: Opened) -> bool {
        let loaded = match opened {
            Opened::Excalidraw(imported) => return self.show_imported(path, imported),
            Opened::Board(loaded) => loaded,
        };
        match loaded {
            Ok(loaded) => {
                let repairs: Vec<String> = loaded.repairs.iter().map(ToString::to_string).collect();
                self.doc = Document::from_loaded(path, loaded);
                start::set_ghost(self, start::GhostMode::Off);
                self.canvas.request_fit();
                self.settings.add_recent(path);
                self.save_settings();
                if document::is_picture(path) {
                    self.ui.status = format!(
                        "Opened the board inside the picture {}; Save keeps it as a .ron board file",
                        path.display()
                    );
                } else if repairs.is_empty() {
                    self.ui.status = format!("Opened {}", path.display());
                } else {
                    self.ui.status = format!("Opened {} with repairs", path.display());
                    self.ui.dialog = Some(Dialog::Message {
                        title: "The board was repaired".to_owned(),
                        text: format!(
                            "{} opened, with these repairs:\n\n• {}\n\nSave to keep the repaired board.",
                            path.display(),
                            repairs.join("\n• ")
                        ),
                    });
                }
                true
            }
            Err(e) => {
                self.ui.error = Some(format!("Could not open {}", path.display()));
                self.ui.dialog = Some(Dialog::Message {
                    title: "Could not open the board".to_owned(),
                    text: e.to_string(),
                });
                false
            }
        }
    }

    /// Imports an Excalidraw file as a new, unsaved board (Save asks where
    /// to keep it as a board file). What the board cannot hold is counted
    /// in a message.
    pub fn import_excalidraw(&mut self, path: &Path) -> bool {
        let imported = crate::io::excalidraw::import_path(path, &self.library.catalog);
        self.show_imported(path, imported)
    }

    pub(super) fn show_imported(
        &mut self,
        path: &Path,
        imported: Result<crate::io::excalidraw::Imported, crate::io::excalidraw::ExcalidrawError>,
    ) -> bool {
        match imported {
            Ok(imported) => {
                let summary = imported.summary();
                let mut doc = Document::new(imported.board);
                doc.mark_unsaved();
                self.doc = doc;
                start::set_ghost(self, start::GhostMode::Off);
                self.canvas.request_fit();
                self.canvas.selection.clear();
                self.ui.status = format!("Imported {}: {summary}", path.display());
                if !imported.skipped.is_empty() || imported.loose_bindings > 0 {
                    self.ui.dialog = Some(Dialog::Message {
                        title: "Imported from Excalidraw".to_owned(),
                        text: format!("{}: {summary}.", path.display()),
                    });
                }
                true
            }
            Err(e) => {
                self.ui.error = Some(format!("Could not import {}", path.display()));
                self.ui.dialog = Some(Dialog::Message {
                    title: "Could not import the Excalidraw file".to_owned(),
                    text: e.to_string(),
                });
                false
            }
        }
    }

    /// Saves to `path`; on success carries on with `then`.
    pub fn save_to(&mut self, path: &Path, then: Option<Then>) -> bool {
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path.to_path_buf()
        };
        match self.doc.save_to(&path) {
            Ok(()) => {
                self.ui.status = format!("Saved {}", path.display());
                super::progress::regrade(self);
                self.settings.add_recent(&path);
                self.save_settings();
                if let Some(then) = then {
                    self.carry_on(then);
                }
                true
            }
            Err(e) => {
                self.ui.dialog = Some(Dialog::SaveFailed {
                    text: e.to_string(),
                    then,
                });
                false
            }
        }
    }

    /// Saves to the board's file, asking first when that file changed on
    /// disk since the board was read from or saved to it; to a new file
    /// when it has none.
    pub(super) fn save(&mut self, then: Option<Then>) {
        match self.doc.path.clone() {
            Some(p) if document::changed_on_disk(&p, self.doc.disk) => {
                self.ui.dialog = Some(Dialog::ChangedOnDisk(then));
            }
            Some(p) => {
                self.save_to(&p, then);
            }
            None => self.save_as(then),
        }
    }

    /// The folder the built-in path prompt starts in: the board's, or the
    /// working directory.
    pub(super) fn prompt_dir(&self) -> PathBuf {
        self.doc
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    pub(super) fn save_as(&mut self, then: Option<Then>) {
        let name = format!("{}.ron", self.suggested_name());
        match self.services.chooser.pick_save(&name) {
            Picked::Path(p) => {
                self.save_to(&p, then);
            }
            Picked::Cancelled => {}
            Picked::Unavailable(reason) => {
                self.ui.dialog = Some(Dialog::PathPrompt {
                    purpose: PathPurpose::SaveAs(then),
                    text: self.prompt_dir().join(name).display().to_string(),
                    reason,
                });
            }
        }
    }

    pub(super) fn suggested_name(&self) -> String {
        let t = self.doc.board.meta.title.trim();
        if t.is_empty() {
            "board".to_owned()
        } else {
            t.chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect()
        }
    }

    pub(super) fn add_user_template(
        &mut self,
        t: crate::model::Template,
    ) -> Result<PathBuf, String> {
        let Some(dir) = self.library.user_templates_dir.clone() else {
            return Err("there is no folder for your templates on this machine".to_owned());
        };
        let path = crate::io::save_user_template(&dir, &t).map_err(|e| e.to_string())?;
        self.library.templates.retain(|x| x.id != t.id);
        self.library.templates.push(t);
        Ok(path)
    }

    /// Writes a copy of the board without its recorded session, for
    /// sharing only the result. The open board keeps its session.
    pub fn save_without_history(&mut self) {
        let name = format!("{}-result.ron", self.suggested_name());
        if let Picked::Path(p) = self.services.chooser.pick_save(&name) {
            let mut board = self.doc.board.clone();
            board.meta.modified = document::now_unix();
            match crate::io::save_path(&p, &crate::io::BoardFile::new(board)) {
                Ok(()) => self.ui.status = format!("Saved {} without its session", p.display()),
                Err(e) => {
                    self.ui.dialog = Some(Dialog::Message {
                        title: "Could not save".to_owned(),
                        text: e.to_string(),
                    });
                }
            }
        } else {
            self.ui.status =
                "Save without history needs a file path (no file dialog here).".to_owned();
        }
    }

    /// Saves the board as a template of the user's own (listed on the
    /// start screen beside the built-in ones).
    pub fn save_as_template(&mut self) {
        // Saving the same title again updates that template; titles the
        // slug cannot spell (other scripts) get a hash of the title, so two
        // of them never share an id.
        let title = self.doc.board.meta.title.trim();
        let mut base = crate::io::template_slug(&format!("my {title}"));
        if !title.is_ascii() {
            let h = title.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            base = format!("{base}-{:06x}", h & 0xff_ffff);
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.library.templates[..self.library.builtin_templates]
            .iter()
            .any(|t| t.id == id)
        {
            id = format!("{base}-{n}");
            n += 1;
        }
        let t = crate::io::template_from_board(&self.doc.board, &id);
        match self.add_user_template(t) {
            Ok(path) => self.ui.status = format!("Saved as a template in {}", path.display()),
            Err(e) => {
                self.ui.dialog = Some(Dialog::Message {
                    title: "Could not save the template".to_owned(),
                    text: e,
                });
            }
        }
    }

    /// Adds a template file someone shared to the user's templates.
    pub fn import_template(&mut self) {
        let path = match self.services.chooser.pick_open() {
            Picked::Path(p) => p,
            Picked::Cancelled => return,
            Picked::Unavailable(reason) => {
                self.ui.dialog = Some(Dialog::Message {
                    title: "Import template".to_owned(),
                    text: format!(
                        "The system file dialog is not available ({reason}). Copy the template file into {} instead.",
                        self.library.user_templates_dir.as_ref().map_or_else(
                            || "your templates folder".to_owned(),
                            |d| d.display().to_string()
                        )
                    ),
                });
                return;
            }
        };
        let result = crate::io::load_template(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                if !crate::io::is_template_id(&t.id) {
                    return Err(format!(
                        "{} has the id \"{}\", which is not allowed: a template id is 1 to {} \
                         lower-case letters (a-z), digits and dashes. Nothing was written. Ask \
                         for a copy with such an id, or open it in a text editor and change the \
                         id.",
                        path.display(),
                        t.id.escape_debug(),
                        crate::io::MAX_TEMPLATE_ID
                    ));
                }
                if self.library.templates[..self.library.builtin_templates]
                    .iter()
                    .any(|b| b.id == t.id)
                {
                    return Err(format!(
                        "a built-in case study already has the id \"{}\"",
                        t.id
                    ));
                }
                let title = t.title.clone();
                self.add_user_template(t).map(|_| title)
            });
        match result {
            Ok(title) => {
                self.ui.status = format!("Imported the template \"{title}\"");
                self.ui.show_start = true;
            }
            Err(e) => {
                self.ui.dialog = Some(Dialog::Message {
                    title: "Could not import the template".to_owned(),
                    text: e,
                });
            }
        }
    }

    /// Runs `then` now, or asks about unsaved changes first.
    pub fn guarded(&mut self, then: Then) {
        if self.doc.is_dirty() {
            self.ui.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.carry_on(then);
        }
    }

    pub(super) fn carry_on(&mut self, then: Then) {
        match then {
            Then::New => {
                self.doc = Document::new(self.new_board());
                self.canvas.view = view::View::default();
                self.ui.status = "New board".to_owned();
            }
            Then::Open(Some(p)) => {
                self.open_path(&p);
            }
            Then::Open(None) => match self.services.chooser.pick_open() {
                Picked::Path(p) => {
                    self.open_path(&p);
                }
                Picked::Cancelled => {}
                Picked::Unavailable(reason) => {
                    let dir = std::env::current_dir().unwrap_or_default();
                    self.ui.dialog = Some(Dialog::PathPrompt {
                        purpose: PathPurpose::Open,
                        text: format!("{}/", dir.display()),
                        reason,
                    });
                }
            },
            Then::Close => {
                self.ui.allow_close = true;
                self.ui.close_requested = true;
            }
            Then::Recall { id } => {
                let known = self.library.templates.iter().any(|t| t.id == id);
                self.carry_on(Then::Template {
                    id: id.clone(),
                    study: false,
                });
                if known && self.doc.board.meta.template.as_deref() == Some(id.as_str()) {
                    // Only the prompt: one step, no checklist to hint at
                    // the design (the board is new; nothing to undo).
                    let board = &mut self.doc.board;
                    board.meta.title = format!("{} (from memory)", board.meta.title);
                    board.framework = super::session_bar::recall_framework();
                    board.checklist.current_step = None;
                    super::session_bar::start_recall(self);
                }
            }
            Then::Template { id, study } => {
                let Some(t) = self.library.templates.iter().find(|t| t.id == id).cloned() else {
                    self.ui.dialog = Some(Dialog::Message {
                        title: "No such case study".to_owned(),
                        text: format!("The template \"{id}\" is not available in this version."),
                    });
                    return;
                };
                let now = document::now_unix();
                let board = if study {
                    t.study_board(&self.library.frameworks, now)
                } else {
                    t.practice_board(&self.library.frameworks, now)
                };
                self.doc = Document::new(board);
                self.canvas.view = view::View::default();
                self.canvas.request_fit();
                start::set_ghost(self, start::GhostMode::Off);
                self.ui.status = format!(
                    "{}: {}",
                    if study { "Studying" } else { "Practising" },
                    t.title
                );
            }
        }
    }
}
