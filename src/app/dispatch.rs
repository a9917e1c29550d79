//! Carrying out commands: the queue drained at the end of the frame, what
//! each command does, and the keyboard (shortcuts from the command table,
//! arrow-key nudges, clipboard events).

use egui::{Key, Modifiers, ViewportCommand};

use super::canvas::GRID;
use super::commands::{Command, shortcut_table};
use super::document::Edit;
use super::files::{TextSize, ThemeChoice};
use super::{Dialog, MlsdApp, QuickAdd, Then, export_ui, panels, session_bar, start};

impl MlsdApp {
    /// Asks for a command; it runs at the end of the frame, after every
    /// panel has been drawn (see [`MlsdApp::run_queued`]).
    pub fn queue(&mut self, cmd: Command) {
        self.commands.push(cmd);
    }

    /// Runs the commands asked for this frame, in order, once the panels
    /// are drawn (as rerun's viewer does), so no command changes the app
    /// halfway through drawing it.
    pub fn run_queued(&mut self, ctx: &egui::Context) {
        for cmd in std::mem::take(&mut self.commands) {
            self.run(ctx, cmd);
        }
    }

    /// Runs a command now.
    pub fn run(&mut self, ctx: &egui::Context, cmd: Command) {
        if self.session.replay.is_some()
            && !matches!(
                cmd,
                Command::ZoomIn
                    | Command::ZoomOut
                    | Command::ZoomToFit
                    | Command::ResetZoom
                    | Command::ToggleGrid
                    | Command::ThemeSystem
                    | Command::ThemeLight
                    | Command::ThemeDark
                    | Command::Shortcuts
            )
        {
            session_bar::exit_replay(self);
        }
        let doc = &mut self.doc;
        match cmd {
            Command::New => self.guarded(Then::New),
            Command::NewFromTemplate => self.ui.show_start = true,
            Command::SaveAsTemplate => self.save_as_template(),
            Command::SaveWithoutHistory => self.save_without_history(),
            Command::ImportTemplate => self.import_template(),
            Command::CompareWithReference if self.session.running && !self.session.peeked => {
                // Sealed during a timed session: ask first (the peek is
                // recorded).
                self.ui.dialog = Some(Dialog::ConfirmPeek);
            }
            Command::CompareWithReference => {
                let mode = if self.ui.ghost_mode == start::GhostMode::Off {
                    self.ui.sidebar_tab = panels::SidebarTab::Review;
                    start::GhostMode::Beside
                } else {
                    start::GhostMode::Off
                };
                start::set_ghost(self, mode);
            }
            // The open dialog takes board files, board PNGs and Excalidraw files.
            Command::Open | Command::ImportExcalidraw => self.guarded(Then::Open(None)),
            Command::ExportPicture => self.open_export(ctx.theme() == egui::Theme::Dark),
            Command::CopyAsPng => {
                let s = export_ui::ExportSettings {
                    only_selection: true,
                    dark: ctx.theme() == egui::Theme::Dark,
                    ..export_ui::ExportSettings::default()
                };
                self.copy_as_png(ctx, &s);
            }
            Command::Save => self.save(None),
            Command::SaveAs => self.save_as(None),
            Command::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Command::Undo => {
                self.canvas.finish_text_edit(doc);
                doc.apply(Edit::Undo);
            }
            Command::Redo => {
                self.canvas.finish_text_edit(doc);
                doc.apply(Edit::Redo);
            }
            Command::Cut => {
                if let Some(t) = self.canvas.copy_text(doc) {
                    ctx.copy_text(t);
                    self.canvas.delete_selection(doc);
                }
            }
            Command::Copy => {
                if let Some(t) = self.canvas.copy_text(doc) {
                    ctx.copy_text(t);
                    self.ui.status = format!("Copied {} element(s)", self.canvas.selection.len());
                }
            }
            Command::Paste => {
                self.ui.status =
                    "Paste with Ctrl+V (the clipboard is read when you press it)".to_owned();
            }
            Command::Duplicate => self.canvas.duplicate(doc),
            Command::Delete => self.canvas.delete_selection(doc),
            Command::SelectAll => self.canvas.select_all(doc),
            Command::BringToFront => self.canvas.restack(doc, true),
            Command::SendToBack => self.canvas.restack(doc, false),
            Command::QuickAdd => self.ui.quick_add = Some(QuickAdd::default()),
            Command::AddNote => {
                let p = self
                    .canvas
                    .place_new(doc, crate::model::Note::default().size);
                self.canvas.add_note_at(doc, p, true);
            }
            Command::AddEstimate => super::checklist::add_estimate(self),
            Command::AddFrame => {
                let id = self.canvas.add_frame(doc);
                self.canvas.start_text_edit(doc, id);
            }
            Command::EditText => {
                if let [id] = self.canvas.selection.as_slice() {
                    let id = *id;
                    self.canvas.start_text_edit(doc, id);
                }
            }
            Command::ToggleArrowStyle => self.canvas.toggle_arrow_style(doc),
            Command::ZoomIn => self.canvas.zoom_by(1.25),
            Command::ZoomOut => self.canvas.zoom_by(0.8),
            Command::ZoomToFit => self.canvas.zoom_to_fit(doc),
            Command::ResetZoom => self.canvas.reset_zoom(),
            Command::ToggleGrid => {
                self.canvas.show_grid = !self.canvas.show_grid;
                self.save_settings();
            }
            Command::ToggleSnap => {
                self.canvas.snap = !self.canvas.snap;
                self.save_settings();
            }
            Command::ThemeSystem | Command::ThemeLight | Command::ThemeDark => {
                self.settings.theme = match cmd {
                    Command::ThemeLight => ThemeChoice::Light,
                    Command::ThemeDark => ThemeChoice::Dark,
                    _ => ThemeChoice::System,
                };
                self.apply_theme(ctx);
                self.save_settings();
            }
            Command::TextSmall | Command::TextMedium | Command::TextLarge => {
                self.settings.text_size = match cmd {
                    Command::TextSmall => TextSize::Small,
                    Command::TextLarge => TextSize::Large,
                    _ => TextSize::Medium,
                };
                self.apply_text_size(ctx);
                self.save_settings();
            }
            Command::AlignLeft
            | Command::AlignCentre
            | Command::AlignRight
            | Command::AlignTop
            | Command::AlignMiddle
            | Command::AlignBottom
            | Command::DistributeHorizontally
            | Command::DistributeVertically => {
                if let Some(how) = cmd.arrange() {
                    if self.canvas.selected_boxes(doc) >= how.min_boxes() {
                        self.canvas.arrange(doc, how);
                    } else {
                        self.ui.status = format!(
                            "{} needs {} or more boxes selected",
                            how.label(),
                            how.min_boxes()
                        );
                    }
                }
            }
            Command::Pen | Command::Eraser => {
                use super::canvas::Tool;
                let tool = if cmd == Command::Pen {
                    Tool::Pen
                } else {
                    Tool::Eraser
                };
                self.canvas.tool = if self.canvas.tool == tool {
                    Tool::Select
                } else {
                    tool
                };
                self.ui.status = match self.canvas.tool {
                    Tool::Pen => "Pen: drag to draw. P or Esc to stop.".to_owned(),
                    Tool::Eraser => "Eraser: drag over pen strokes. E or Esc to stop.".to_owned(),
                    Tool::Select => String::new(),
                };
            }
            Command::Group => self.canvas.group_selection(doc),
            Command::Ungroup => self.canvas.ungroup_selection(doc),
            Command::Lock => self.canvas.toggle_lock(doc),
            Command::UnlockAll => self.canvas.unlock_all(doc),
            Command::Find => {
                self.ui.find = Some(panels::FindBar::default());
            }
            Command::Shortcuts => self.ui.show_shortcuts = !self.ui.show_shortcuts,
            Command::Performance => self.ui.show_perf = !self.ui.show_perf,
            Command::Progress => super::progress::open(self),
        }
    }

    pub(super) fn handle_keys(&mut self, ctx: &egui::Context) {
        if self.ui.dialog.is_some() || self.ui.quick_add.is_some() {
            return;
        }
        if self.session.replay.is_some() {
            // Replay is read-only: only the view moves.
            let mut fired = Vec::new();
            ctx.input_mut(|i| {
                for (shortcut, cmd) in shortcut_table() {
                    let view = matches!(
                        cmd,
                        Command::ZoomIn
                            | Command::ZoomOut
                            | Command::ZoomToFit
                            | Command::ResetZoom
                    );
                    if view && i.consume_shortcut(&shortcut) {
                        fired.push(cmd);
                    }
                }
            });
            for cmd in fired {
                self.queue(cmd);
            }
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.editing.is_some();
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, cmd) in shortcut_table() {
                if (!typing || cmd.works_while_typing()) && i.consume_shortcut(&shortcut) {
                    fired.push(cmd);
                }
            }
        });
        for cmd in fired {
            self.queue(cmd);
        }
        if typing {
            return;
        }
        // Arrow keys nudge the selection: a grid step, or 1 unit with Shift
        // (or with snapping off).
        let step = |m: Modifiers, snap: bool| if m.shift || !snap { 1.0 } else { GRID };
        let moves: Vec<(f32, f32)> = ctx.input_mut(|i| {
            let m = i.modifiers;
            let s = step(m, self.canvas.snap);
            [
                (Key::ArrowLeft, (-s, 0.0)),
                (Key::ArrowRight, (s, 0.0)),
                (Key::ArrowUp, (0.0, -s)),
                (Key::ArrowDown, (0.0, s)),
            ]
            .into_iter()
            .filter(|(k, _)| i.consume_key(m, *k))
            .map(|(_, d)| d)
            .collect()
        });
        for (dx, dy) in moves {
            if !self.canvas.selection.is_empty() {
                self.canvas.nudge(&mut self.doc, dx, dy);
            }
        }
        // Clipboard events (Ctrl+C/X/V arrive as these, not as keys).
        let events = ctx.input(|i| i.events.clone());
        let pointer = ctx.input(|i| i.pointer.hover_pos());
        for e in events {
            match e {
                egui::Event::Copy => self.queue(Command::Copy),
                egui::Event::Cut => self.queue(Command::Cut),
                egui::Event::Paste(text) => self.canvas.paste_text(&mut self.doc, &text, pointer),
                _ => {}
            }
        }
    }
}
