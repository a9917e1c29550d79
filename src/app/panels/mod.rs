//! The panels around the canvas, one file each: the menu bar, the status
//! bar, the component palette, the inspector, the sidebar, the quick-add
//! box, the dialogs and the shortcuts window. Each reads the app and asks for changes through
//! the document's transactions or the command queue.

mod context_menu;
mod dialogs;
mod find;
mod inspector;
mod menu_bar;
mod palette;
mod quick_add;
pub mod shortcuts;
mod sidebar;
mod status_bar;

pub use context_menu::context_menu;
pub use dialogs::dialogs;
pub use find::{FindBar, find_bar};
pub use inspector::InspectorState;
pub use menu_bar::menu_bar;
pub use palette::{PaletteState, custom_kind_form, palette};
pub use quick_add::quick_add;
pub use sidebar::{SidebarTab, sidebar};
pub use status_bar::status_bar;
