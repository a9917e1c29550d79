//! The keyboard shortcuts window (F1): every shortcut of the command
//! table, grouped by task, with human key names ("Ctrl+]"), in a titled,
//! closable window that scrolls and fits a small screen.

use egui::{Key, KeyboardShortcut, RichText};

use crate::app::MlsdApp;
use crate::app::commands::Command;

/// The commands by task, in the order the window lists them.
pub const GROUPS: &[(&str, &[Command])] = &[
    (
        "Files and sharing",
        &[
            Command::New,
            Command::NewFromTemplate,
            Command::Open,
            Command::Save,
            Command::SaveAs,
            Command::SaveWithoutHistory,
            Command::SaveAsTemplate,
            Command::ImportTemplate,
            Command::ImportExcalidraw,
            Command::ExportPicture,
            Command::CopyAsPng,
            Command::Quit,
        ],
    ),
    (
        "Editing",
        &[
            Command::Undo,
            Command::Redo,
            Command::Cut,
            Command::Copy,
            Command::Paste,
            Command::Duplicate,
            Command::Delete,
            Command::SelectAll,
            Command::Find,
            Command::BringToFront,
            Command::SendToBack,
        ],
    ),
    ("Arrange", &crate::app::commands::ARRANGE),
    ("Group and lock", &crate::app::commands::GROUPING),
    (
        "Add to the board",
        &[
            Command::QuickAdd,
            Command::AddNote,
            Command::AddEstimate,
            Command::AddFrame,
            Command::Pen,
            Command::Eraser,
            Command::EditText,
            Command::ToggleArrowStyle,
        ],
    ),
    (
        "Zoom and view",
        &[
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomToFit,
            Command::ResetZoom,
            Command::ToggleGrid,
            Command::ToggleSnap,
            Command::ThemeSystem,
            Command::ThemeLight,
            Command::ThemeDark,
            Command::TextSmall,
            Command::TextMedium,
            Command::TextLarge,
            Command::CompareWithReference,
            Command::Progress,
            Command::Performance,
            Command::Shortcuts,
        ],
    ),
];

/// What the mouse and keys do on the canvas, beyond the command table.
pub const ON_THE_CANVAS: &[(&str, &str)] = &[
    ("Pan", "Middle drag, Space+drag, or scroll"),
    ("Zoom", "Ctrl+scroll, or pinch"),
    ("Move the selection", "Arrow keys (with Shift: 1 unit)"),
    (
        "Connect two parts",
        "Drag from a blue dot on a selected box",
    ),
    (
        "Add a part connected to the selection",
        "/ then Ctrl+Enter in quick add",
    ),
    (
        "Select several",
        "Shift+click, or drag a box on empty canvas",
    ),
    ("Cancel a drag or close a box", "Esc"),
];

/// A key as people write it: "]" rather than "CloseBracket", "Del"
/// rather than "Delete".
#[must_use]
pub fn key_name(key: Key) -> &'static str {
    match key {
        Key::Delete => "Del",
        Key::Minus => "-",
        Key::Escape => "Esc",
        Key::ArrowUp => "Up",
        Key::ArrowDown => "Down",
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        Key::Quote => "'",
        other => other.symbol_or_name(),
    }
}

/// A shortcut as people write it: "Ctrl+Shift+]".
#[must_use]
pub fn shortcut_text(s: &KeyboardShortcut) -> String {
    let m = s.modifiers;
    let mut out = String::new();
    if m.command || m.ctrl || m.mac_cmd {
        out.push_str("Ctrl+");
    }
    if m.shift {
        out.push_str("Shift+");
    }
    if m.alt {
        out.push_str("Alt+");
    }
    out.push_str(key_name(s.logical_key));
    out
}

/// All of a command's shortcuts, "Ctrl+Shift+Z or Ctrl+Y"; "" for none.
#[must_use]
pub fn command_keys(cmd: Command) -> String {
    cmd.shortcuts()
        .iter()
        .map(shortcut_text)
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The window, while open.
pub fn window(app: &mut MlsdApp, ctx: &egui::Context) {
    let mut open = app.ui.show_shortcuts;
    let screen = ctx.content_rect();
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(460.0)
        .default_height((screen.height() - 140.0).clamp(200.0, 620.0))
        .max_height((screen.height() - 80.0).max(200.0))
        .default_pos(screen.center() - egui::vec2(230.0, screen.height() * 0.4))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // One grid, so the key column lines up across groups.
                    egui::Grid::new("shortcuts")
                        .num_columns(2)
                        .striped(true)
                        .min_col_width(170.0)
                        .show(ui, |ui| {
                            for (group, commands) in GROUPS {
                                ui.label(RichText::new(*group).strong());
                                ui.end_row();
                                for cmd in *commands {
                                    let keys = command_keys(*cmd);
                                    ui.label(cmd.label());
                                    if keys.is_empty() {
                                        ui.label(RichText::new("menu only").weak());
                                    } else {
                                        ui.label(keys);
                                    }
                                    ui.end_row();
                                }
                            }
                            ui.label(RichText::new("On the canvas").strong());
                            ui.end_row();
                            for (what, keys) in ON_THE_CANVAS {
                                ui.label(*what);
                                ui.label(*keys);
                                ui.end_row();
                            }
                        });
                });
        });
    app.ui.show_shortcuts = open;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_listed_once() {
        let mut listed: Vec<Command> = GROUPS.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        assert_eq!(listed.len(), Command::ALL.len());
        for c in Command::ALL {
            assert_eq!(listed.iter().filter(|x| *x == c).count(), 1, "{c:?}");
        }
        listed.dedup();
    }

    #[test]
    fn keys_have_human_names() {
        assert_eq!(command_keys(Command::BringToFront), "Ctrl+Shift+]");
        assert_eq!(command_keys(Command::SendToBack), "Ctrl+Shift+[");
        assert_eq!(command_keys(Command::Redo), "Ctrl+Shift+Z or Ctrl+Y");
        assert_eq!(command_keys(Command::Delete), "Del or Backspace");
        assert_eq!(command_keys(Command::QuickAdd), "/ or Ctrl+K");
        assert_eq!(command_keys(Command::CopyAsPng), "Shift+Alt+C");
        assert_eq!(command_keys(Command::ToggleGrid), "Ctrl+'");
        assert_eq!(command_keys(Command::Shortcuts), "F1");
        for c in Command::ALL {
            let text = command_keys(*c);
            assert!(
                !text.contains("Bracket") && !text.contains("Quote"),
                "{c:?}: {text}"
            );
        }
    }
}
