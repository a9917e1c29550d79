//! Everything a user can ask for by menu, shortcut or quick-add: one table
//! of commands with their labels and keyboard shortcuts, read by the menus
//! and the shortcut handler alike.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::ops::actions::Arrange;

/// A user command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Start an empty board.
    New,
    /// Pick a case study to practise or study.
    NewFromTemplate,
    /// Save this board as a case study of one's own.
    SaveAsTemplate,
    /// Save a copy of the board without its recorded session.
    SaveWithoutHistory,
    /// Add a template file someone shared.
    ImportTemplate,
    /// Open a board file.
    Open,
    /// Save the board.
    Save,
    /// Save under a new name.
    SaveAs,
    /// Close the window.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Copy the selection to the clipboard and delete it.
    Cut,
    /// Copy the selection to the clipboard.
    Copy,
    /// Paste from the clipboard.
    Paste,
    /// Duplicate the selection.
    Duplicate,
    /// Delete the selection.
    Delete,
    /// Select everything.
    SelectAll,
    /// Draw the selection above everything else.
    BringToFront,
    /// Draw the selection below everything else.
    SendToBack,
    /// Open the quick-add box.
    QuickAdd,
    /// Add a note at the centre of the view.
    AddNote,
    /// Add a back-of-envelope estimate card (inputs with units, formulas).
    AddEstimate,
    /// Add a frame (around the selection, if any).
    AddFrame,
    /// Edit the selected element's text.
    EditText,
    /// Switch selected arrows between solid and dashed.
    ToggleArrowStyle,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Show the whole board.
    ZoomToFit,
    /// Back to 100 %.
    ResetZoom,
    /// Show or hide the dot grid.
    ToggleGrid,
    /// Snap to the grid or not.
    ToggleSnap,
    /// Follow the system's theme.
    ThemeSystem,
    /// Light theme.
    ThemeLight,
    /// Dark theme.
    ThemeDark,
    /// Small text in panels and on the canvas.
    TextSmall,
    /// Medium (default) text.
    TextMedium,
    /// Large text.
    TextLarge,
    /// Line up the selection's left edges.
    AlignLeft,
    /// Line up the selection's centres on a vertical line.
    AlignCentre,
    /// Line up the selection's right edges.
    AlignRight,
    /// Line up the selection's top edges.
    AlignTop,
    /// Line up the selection's centres on a horizontal line.
    AlignMiddle,
    /// Line up the selection's bottom edges.
    AlignBottom,
    /// Equal gaps between the selected boxes, left to right.
    DistributeHorizontally,
    /// Equal gaps between the selected boxes, top to bottom.
    DistributeVertically,
    /// Find text on the board.
    Find,
    /// Draw freehand strokes (again: back to selecting).
    Pen,
    /// Erase freehand strokes (again: back to selecting).
    Eraser,
    /// Group the selection.
    Group,
    /// Ungroup the selection's groups.
    Ungroup,
    /// Lock the selection (or unlock it, when all locked).
    Lock,
    /// Unlock everything.
    UnlockAll,
    /// Show the keyboard shortcuts.
    Shortcuts,
    /// Show the case study's reference beside the board, and the score.
    CompareWithReference,
    /// Export the board or the selection as a PNG or SVG picture.
    ExportPicture,
    /// Open an Excalidraw file as a new board.
    ImportExcalidraw,
    /// Show frame times, FPS and memory.
    Performance,
    /// Show practice over weeks: grades, time per step, what is due.
    Progress,
    /// Copy the selection (or the board) to the clipboard as a picture.
    CopyAsPng,
}

/// The align and distribute commands, in menu order.
pub const ARRANGE: [Command; 8] = [
    Command::AlignLeft,
    Command::AlignCentre,
    Command::AlignRight,
    Command::AlignTop,
    Command::AlignMiddle,
    Command::AlignBottom,
    Command::DistributeHorizontally,
    Command::DistributeVertically,
];

/// Grouping and locking, in menu order.
pub const GROUPING: [Command; 4] = [
    Command::Group,
    Command::Ungroup,
    Command::Lock,
    Command::UnlockAll,
];

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    )
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn shift_alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: true,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: false,
        },
        key,
    )
}

const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

impl Command {
    /// Every command, in menu order.
    pub const ALL: &'static [Command] = &[
        Command::New,
        Command::NewFromTemplate,
        Command::SaveAsTemplate,
        Command::SaveWithoutHistory,
        Command::ImportTemplate,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Cut,
        Command::Copy,
        Command::Paste,
        Command::Duplicate,
        Command::Delete,
        Command::SelectAll,
        Command::BringToFront,
        Command::SendToBack,
        Command::QuickAdd,
        Command::AddNote,
        Command::AddEstimate,
        Command::AddFrame,
        Command::EditText,
        Command::ToggleArrowStyle,
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
        Command::AlignLeft,
        Command::AlignCentre,
        Command::AlignRight,
        Command::AlignTop,
        Command::AlignMiddle,
        Command::AlignBottom,
        Command::DistributeHorizontally,
        Command::DistributeVertically,
        Command::Find,
        Command::Pen,
        Command::Eraser,
        Command::Group,
        Command::Ungroup,
        Command::Lock,
        Command::UnlockAll,
        Command::Shortcuts,
        Command::CompareWithReference,
        Command::ExportPicture,
        Command::ImportExcalidraw,
        Command::Performance,
        Command::Progress,
        Command::CopyAsPng,
    ];

    /// The command's name as shown in menus.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "New",
            Command::NewFromTemplate => "New from template…",
            Command::SaveAsTemplate => "Save as template",
            Command::SaveWithoutHistory => "Save without history…",
            Command::ImportTemplate => "Import template…",
            Command::CompareWithReference => "Compare with reference",
            Command::Open => "Open…",
            Command::Save => "Save",
            Command::SaveAs => "Save As…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Cut => "Cut",
            Command::Copy => "Copy",
            Command::Paste => "Paste",
            Command::Duplicate => "Duplicate",
            Command::Delete => "Delete",
            Command::SelectAll => "Select all",
            Command::BringToFront => "Bring to front",
            Command::SendToBack => "Send to back",
            Command::QuickAdd => "Quick add…",
            Command::AddNote => "Add note",
            Command::AddEstimate => "Add estimate card",
            Command::AddFrame => "Add frame",
            Command::EditText => "Edit text",
            Command::ToggleArrowStyle => "Solid / dashed arrow",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::ZoomToFit => "Zoom to fit",
            Command::ResetZoom => "Reset zoom",
            Command::ToggleGrid => "Show grid",
            Command::ToggleSnap => "Snap to grid",
            Command::ThemeSystem => "Follow system theme",
            Command::ThemeLight => "Light theme",
            Command::ThemeDark => "Dark theme",
            Command::TextSmall => "Small text",
            Command::TextMedium => "Medium text",
            Command::TextLarge => "Large text",
            Command::Find => "Find on board…",
            Command::Pen => "Pen",
            Command::Eraser => "Eraser",
            Command::Group => "Group",
            Command::Ungroup => "Ungroup",
            Command::Lock => "Lock / unlock",
            Command::UnlockAll => "Unlock all",
            Command::AlignLeft
            | Command::AlignCentre
            | Command::AlignRight
            | Command::AlignTop
            | Command::AlignMiddle
            | Command::AlignBottom
            | Command::DistributeHorizontally
            | Command::DistributeVertically => self.arrange().map_or("", Arrange::label),
            Command::Shortcuts => "Keyboard shortcuts",
            Command::ExportPicture => "Export (PNG, SVG, Excalidraw)…",
            Command::ImportExcalidraw => "Import Excalidraw…",
            Command::Performance => "Performance",
            Command::Progress => "Progress…",
            Command::CopyAsPng => "Copy as PNG",
        }
    }

    /// The shortcuts that run the command; the first is shown in menus.
    ///
    /// Copy, cut and paste arrive as clipboard events rather than keys, so
    /// their shortcuts are shown but handled by the canvas.
    #[must_use]
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Command::New => const { &[ctrl(Key::N)] },
            Command::NewFromTemplate => const { &[ctrl_shift(Key::N)] },
            Command::CompareWithReference => const { &[ctrl_shift(Key::R)] },
            Command::Open => const { &[ctrl(Key::O)] },
            Command::Save => const { &[ctrl(Key::S)] },
            Command::SaveAs => const { &[ctrl_shift(Key::S)] },
            Command::Quit => const { &[ctrl(Key::Q)] },
            Command::Undo => const { &[ctrl(Key::Z)] },
            Command::Redo => const { &[ctrl_shift(Key::Z), ctrl(Key::Y)] },
            Command::Cut => const { &[ctrl(Key::X)] },
            Command::Copy => const { &[ctrl(Key::C)] },
            Command::Paste => const { &[ctrl(Key::V)] },
            Command::Duplicate => const { &[ctrl(Key::D)] },
            Command::Delete => const { &[plain(Key::Delete), plain(Key::Backspace)] },
            Command::SelectAll => const { &[ctrl(Key::A)] },
            Command::BringToFront => const { &[ctrl_shift(Key::CloseBracket)] },
            Command::SendToBack => const { &[ctrl_shift(Key::OpenBracket)] },
            Command::QuickAdd => const { &[plain(Key::Slash), ctrl(Key::K)] },
            Command::AddNote => const { &[plain(Key::N)] },
            Command::AddFrame => const { &[plain(Key::F)] },
            Command::EditText => const { &[plain(Key::Enter), plain(Key::F2)] },
            Command::ToggleArrowStyle => const { &[plain(Key::D)] },
            Command::ZoomIn => {
                const {
                    &[
                        plain(Key::Plus),
                        plain(Key::Equals),
                        ctrl(Key::Plus),
                        ctrl(Key::Equals),
                    ]
                }
            }
            Command::ZoomOut => const { &[plain(Key::Minus), ctrl(Key::Minus)] },
            Command::ZoomToFit => const { &[shift(Key::Num1), shift(Key::Exclamationmark)] },
            Command::ResetZoom => const { &[ctrl(Key::Num0)] },
            Command::ToggleGrid => const { &[ctrl(Key::Quote)] },
            Command::SaveAsTemplate
            | Command::SaveWithoutHistory
            | Command::ImportTemplate
            | Command::ToggleSnap
            | Command::ImportExcalidraw
            | Command::Performance
            | Command::Progress
            | Command::AddEstimate
            | Command::ThemeSystem
            | Command::ThemeLight
            | Command::ThemeDark
            | Command::TextSmall
            | Command::TextMedium
            | Command::TextLarge
            | Command::AlignCentre
            | Command::AlignMiddle
            | Command::UnlockAll => &[],
            Command::Shortcuts => const { &[plain(Key::F1)] },
            Command::Find => const { &[ctrl(Key::F)] },
            Command::Pen => const { &[plain(Key::P)] },
            Command::Eraser => const { &[plain(Key::E)] },
            Command::Group => const { &[ctrl(Key::G)] },
            Command::Ungroup => const { &[ctrl_shift(Key::G)] },
            Command::Lock => const { &[ctrl_shift(Key::L)] },
            Command::AlignLeft => const { &[ctrl_shift(Key::ArrowLeft)] },
            Command::AlignRight => const { &[ctrl_shift(Key::ArrowRight)] },
            Command::AlignTop => const { &[ctrl_shift(Key::ArrowUp)] },
            Command::AlignBottom => const { &[ctrl_shift(Key::ArrowDown)] },
            Command::DistributeHorizontally => const { &[alt(Key::H)] },
            Command::DistributeVertically => const { &[alt(Key::V)] },
            Command::ExportPicture => const { &[ctrl_shift(Key::E)] },
            Command::CopyAsPng => const { &[shift_alt(Key::C)] },
        }
    }

    /// The arrangement an align or distribute command asks for.
    #[must_use]
    pub fn arrange(self) -> Option<Arrange> {
        Some(match self {
            Command::AlignLeft => Arrange::Left,
            Command::AlignCentre => Arrange::Centre,
            Command::AlignRight => Arrange::Right,
            Command::AlignTop => Arrange::Top,
            Command::AlignMiddle => Arrange::Middle,
            Command::AlignBottom => Arrange::Bottom,
            Command::DistributeHorizontally => Arrange::DistributeHorizontally,
            Command::DistributeVertically => Arrange::DistributeVertically,
            _ => return None,
        })
    }

    /// Whether the shortcut is handled as a clipboard event, not a key.
    #[must_use]
    pub fn is_clipboard(self) -> bool {
        matches!(self, Command::Cut | Command::Copy | Command::Paste)
    }

    /// Commands whose shortcuts also work while a text field has focus.
    #[must_use]
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Command::New | Command::Open | Command::Save | Command::SaveAs | Command::Quit
        )
    }

    /// The first shortcut as text for menus ("Ctrl+S", "Ctrl+Shift+]").
    #[must_use]
    pub fn shortcut_text(self) -> String {
        self.shortcuts()
            .first()
            .map(super::panels::shortcuts::shortcut_text)
            .unwrap_or_default()
    }
}

/// Shortcuts to check, most modifiers first, so Ctrl+Shift+Z is not taken
/// for Ctrl+Z.
#[must_use]
pub fn shortcut_table() -> Vec<(KeyboardShortcut, Command)> {
    let mut table: Vec<(KeyboardShortcut, Command)> = Command::ALL
        .iter()
        .filter(|c| !c.is_clipboard())
        .flat_map(|c| c.shortcuts().iter().map(move |s| (*s, *c)))
        .collect();
    let weight = |m: Modifiers| u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl);
    table.sort_by_key(|(s, _)| std::cmp::Reverse(weight(s.modifiers)));
    table
}
