//! The board model: elements, ids, geometry, frameworks and checklist state.
//! Pure data with no UI; everything else reads and changes it.

mod board;
pub mod catalog;
mod element;
pub mod estimate;
mod framework;
pub mod generate;
mod geometry;
pub mod route;
pub mod selection;
pub mod spatial;
mod style;
mod template;
mod tolerant;

pub use board::{Board, Counts, Elements, Meta, bounds_of, is_obstacle};
pub use catalog::{Catalog, Category, CustomKind, ICONS, Kind, KindInfo};
pub use element::{
    Arrow, Color, Component, Element, ElementId, ElementKind, Endpoint, Frame, Ink, LineStyle, Note,
};
pub use framework::{
    Checklist, ChecklistItem, DEFAULT_FRAMEWORK, Framework, Step, StepHelper, TradeOff,
};
pub use geometry::{MAX_COORD, Point, Rect, Side, Size, coord_ok};
pub use route::Routing;
pub use selection::Selection;
pub use style::{BoxShape, FontSize};
pub use template::{
    Asked, Clarification, Difficulty, DrillAnswer, ExpectedMetrics, FollowUpKey, Rejected,
    RubricItem, Template, match_question,
};

/// Parses files embedded in the binary; an error names the broken file
/// (`dir` + name + `ext`).
pub(crate) fn parse_embedded<T: serde::de::DeserializeOwned>(
    dir: &str,
    ext: &str,
    files: &[(&str, &str)],
) -> Result<Vec<T>, String> {
    files
        .iter()
        .map(|(name, text)| {
            ron::Options::default()
                .from_str::<T>(text)
                .map_err(|e| format!("{dir}{name}{ext}: {e}"))
        })
        .collect()
}
