//! How an element looks beyond its place: a component's outline shape and
//! the size of an element's text.

use serde::{Deserialize, Serialize};

/// The outline a component is drawn with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BoxShape {
    /// A rounded box (services; the default).
    #[default]
    Box,
    /// A box with square corners.
    Rectangle,
    /// A cylinder standing up (stores and databases).
    Cylinder,
    /// A cylinder lying down (queues, buses and streams).
    Queue,
    /// An ellipse.
    Ellipse,
    /// A diamond (decisions, gates).
    Diamond,
    /// A person (users, clients).
    Person,
    /// Text alone, no outline.
    Text,
}

impl BoxShape {
    /// Every shape, in menu order.
    pub const ALL: [BoxShape; 8] = [
        BoxShape::Box,
        BoxShape::Rectangle,
        BoxShape::Cylinder,
        BoxShape::Queue,
        BoxShape::Ellipse,
        BoxShape::Diamond,
        BoxShape::Person,
        BoxShape::Text,
    ];

    /// The shapes offered as plain shapes (no catalog kind) in the palette.
    pub const PLAIN: [BoxShape; 4] = [
        BoxShape::Rectangle,
        BoxShape::Ellipse,
        BoxShape::Diamond,
        BoxShape::Text,
    ];

    /// The name shown in menus.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            BoxShape::Box => "Rounded box",
            BoxShape::Rectangle => "Rectangle",
            BoxShape::Cylinder => "Cylinder (store)",
            BoxShape::Queue => "Queue (stream)",
            BoxShape::Ellipse => "Ellipse",
            BoxShape::Diamond => "Diamond",
            BoxShape::Person => "Person",
            BoxShape::Text => "Text",
        }
    }

    /// Whether the kind's badge and name are drawn inside (shapes with room
    /// for them); the others show the label alone, centred.
    #[must_use]
    pub fn has_badge(self) -> bool {
        matches!(
            self,
            BoxShape::Box | BoxShape::Rectangle | BoxShape::Cylinder | BoxShape::Queue
        )
    }
}

/// The size of an element's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FontSize {
    /// Small.
    S,
    /// Medium (the default).
    #[default]
    M,
    /// Large.
    L,
    /// Extra large (titles).
    XL,
}

impl FontSize {
    /// Every size, smallest first.
    pub const ALL: [FontSize; 4] = [FontSize::S, FontSize::M, FontSize::L, FontSize::XL];

    /// How much larger than medium.
    #[must_use]
    pub fn factor(self) -> f32 {
        match self {
            FontSize::S => 0.8,
            FontSize::M => 1.0,
            FontSize::L => 1.35,
            FontSize::XL => 1.8,
        }
    }

    /// Whether this is the default, medium size (left out of files).
    #[must_use]
    pub fn is_medium(&self) -> bool {
        *self == FontSize::M
    }

    /// The name shown on buttons.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FontSize::S => "S",
            FontSize::M => "M",
            FontSize::L => "L",
            FontSize::XL => "XL",
        }
    }
}
