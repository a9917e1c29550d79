//! The things drawn on a board: components, notes, frames and arrows.

use serde::{Deserialize, Serialize};

use super::geometry::{Point, Rect, Side, Size};
use super::route::Routing;
use super::style::{BoxShape, FontSize};

/// The identity of an element: a number from the board's counter, never reused.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ElementId(pub u64);

impl ElementId {
    /// The largest id: 2^53 - 1, the largest integer a JSON number (as
    /// JavaScript reads it) holds exactly. Files with larger ids are
    /// renumbered on load.
    pub const MAX: u64 = (1 << 53) - 1;

    /// Whether this is an id a board may hold (1 to [`ElementId::MAX`]).
    #[must_use]
    pub fn is_valid(self) -> bool {
        (1..=Self::MAX).contains(&self.0)
    }
}

impl std::fmt::Display for ElementId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// An sRGB colour, written in files as `"#rrggbb"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color(pub [u8; 3]);

impl Color {
    /// The colour as `#rrggbb`.
    #[must_use]
    pub fn to_hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Parses `#rrggbb` (or `rrggbb`); `None` for anything else.
    #[must_use]
    pub fn from_hex(s: &str) -> Option<Self> {
        let s = s.strip_prefix('#').unwrap_or(s);
        if s.len() != 6 || !s.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Color::from_hex(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a colour; write it as \"#rrggbb\""))
        })
    }
}

/// A part of the ML system: a box with a catalog kind, a label and notes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Component {
    /// Identity on the board.
    pub id: ElementId,
    /// Catalog kind id, e.g. `"feature_store"`; kept as written even when the
    /// catalog does not know it.
    pub kind: String,
    /// The text shown in the box.
    pub label: String,
    /// Top-left corner.
    pub pos: Point,
    /// Width and height.
    pub size: Size,
    /// Free-text notes about this part of the design.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// A colour chosen by the user instead of the category colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// The outline; the kind's default (a cylinder for a store, a queue for
    /// a bus, else a rounded box) when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<BoxShape>,
    /// Label size.
    #[serde(skip_serializing_if = "FontSize::is_medium")]
    pub font: FontSize,
    /// The group it moves and is selected with (Ctrl+G), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u64>,
    /// Locked: not picked by clicks or marquees, not moved or deleted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// The kind's failure modes and talking points the user ticked as
    /// addressed in this design (their texts).
    #[serde(skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub addressed: std::collections::BTreeSet<String>,
}

/// A text card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Note {
    /// Identity on the board.
    pub id: ElementId,
    /// The card's text.
    pub text: String,
    /// Top-left corner.
    pub pos: Point,
    /// Width and height.
    pub size: Size,
    /// Card colour; the theme's note colour when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Text size.
    #[serde(skip_serializing_if = "FontSize::is_medium")]
    pub font: FontSize,
    /// The group it moves and is selected with (Ctrl+G), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u64>,
    /// Locked: not picked by clicks or marquees, not moved or deleted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

impl Default for Note {
    fn default() -> Self {
        Self {
            id: ElementId::default(),
            text: String::new(),
            pos: Point::default(),
            size: Size::new(200.0, 120.0),
            color: None,
            font: FontSize::M,
            group: None,
            locked: false,
        }
    }
}

/// A titled region that groups what lies inside it ("Offline training").
///
/// Membership is geometric: an element belongs to a frame while its bounds
/// lie inside the frame's rectangle, so moving a frame moves its contents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Frame {
    /// Identity on the board.
    pub id: ElementId,
    /// The title shown above the region.
    pub title: String,
    /// Top-left corner.
    pub pos: Point,
    /// Width and height.
    pub size: Size,
    /// Tint of the region; the theme's frame colour when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Title size.
    #[serde(skip_serializing_if = "FontSize::is_medium")]
    pub font: FontSize,
    /// The group it moves and is selected with (Ctrl+G), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u64>,
    /// Locked: not picked by clicks or marquees, not moved or deleted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

impl Frame {
    /// The height of the title bar above the region, in board units (it
    /// grows with the title's size).
    #[must_use]
    pub fn title_height(&self) -> f32 {
        26.0 * self.font.factor().max(1.0)
    }
}

impl Default for Frame {
    fn default() -> Self {
        Self {
            id: ElementId::default(),
            title: String::new(),
            pos: Point::default(),
            size: Size::new(480.0, 320.0),
            color: None,
            font: FontSize::M,
            group: None,
            locked: false,
        }
    }
}

/// Where an arrow end is: attached to an element, or a free point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Endpoint {
    /// A free end at a point on the board.
    Free(Point),
    /// Attached to an element's border; follows the element when it moves.
    Element {
        /// The element the end is attached to (not an arrow).
        id: ElementId,
        /// Which side of it.
        #[serde(default)]
        side: Side,
    },
}

impl Default for Endpoint {
    fn default() -> Self {
        Endpoint::Free(Point::default())
    }
}

impl Endpoint {
    /// The element this end is attached to, if any.
    #[must_use]
    pub fn element(&self) -> Option<ElementId> {
        match self {
            Endpoint::Element { id, .. } => Some(*id),
            Endpoint::Free(_) => None,
        }
    }
}

/// How an arrow's line is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineStyle {
    /// A continuous line (data flows, calls).
    #[default]
    Solid,
    /// A dashed line (async, offline, optional paths).
    Dashed,
}

impl LineStyle {
    /// Whether this is the default, solid style (left out of files).
    #[must_use]
    pub fn is_solid(&self) -> bool {
        *self == LineStyle::Solid
    }
}

/// A connection between two elements (or free points), with an optional label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Arrow {
    /// Identity on the board.
    pub id: ElementId,
    /// The tail.
    pub from: Endpoint,
    /// The head (where the arrowhead is drawn).
    pub to: Endpoint,
    /// Text shown at the middle of the arrow.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Solid or dashed.
    #[serde(skip_serializing_if = "LineStyle::is_solid")]
    pub style: LineStyle,
    /// Straight, elbow (routed around boxes) or curved. Files from before
    /// routing have none and stay straight.
    #[serde(skip_serializing_if = "Routing::is_straight")]
    pub routing: Routing,
    /// A bend the user fixed by dragging an elbow's middle segment: that
    /// segment stays on this line while boxes move.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bend: Option<super::route::Bend>,
    /// Line colour; the theme's arrow colour when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Label size.
    #[serde(skip_serializing_if = "FontSize::is_medium")]
    pub font: FontSize,
    /// The group it moves and is selected with (Ctrl+G), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u64>,
    /// Locked: not picked by clicks or marquees, not moved or deleted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

/// A freehand pen stroke: points relative to `pos`, already smoothed and
/// simplified when drawn, so a file holds few of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ink {
    /// Identity on the board.
    pub id: ElementId,
    /// Where the stroke's points are measured from.
    pub pos: Point,
    /// The stroke's points, relative to `pos`, as `(x, y)`.
    pub points: Vec<[f32; 2]>,
    /// Line width in board units (at full pressure when `pressure` is set).
    pub width: f32,
    /// How hard the pen pressed at each point, 0 to 1, where the device
    /// told (a stylus, a touch screen); empty for a mouse.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pressure: Vec<f32>,
    /// Ink colour; the theme's text colour when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// The group it moves and is selected with, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u64>,
    /// Locked: not picked by clicks or marquees, not moved or deleted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

impl Default for Ink {
    fn default() -> Self {
        Self {
            id: ElementId::default(),
            pos: Point::default(),
            points: Vec::new(),
            width: 3.0,
            pressure: Vec::new(),
            color: None,
            group: None,
            locked: false,
        }
    }
}

impl Ink {
    /// The stroke's points on the board.
    pub fn board_points(&self) -> impl Iterator<Item = Point> + '_ {
        self.points
            .iter()
            .map(|p| Point::new(self.pos.x + p[0], self.pos.y + p[1]))
    }

    /// The stroke's width at each point, in board units: `width`, thinner
    /// where the pen pressed lightly.
    #[must_use]
    pub fn widths(&self) -> Vec<f32> {
        if self.pressure.len() == self.points.len() {
            self.pressure
                .iter()
                .map(|p| self.width * (0.3 + 0.7 * p.clamp(0.0, 1.0)))
                .collect()
        } else {
            vec![self.width; self.points.len()]
        }
    }

    /// The rectangle the stroke covers, its width included.
    #[must_use]
    pub fn bounds(&self) -> Rect {
        let mut pts = self.board_points();
        let first = pts.next().unwrap_or(self.pos);
        let b = pts.fold(Rect::from_two_points(first, first), |b, p| {
            b.union(&Rect::from_two_points(p, p))
        });
        b.expand(self.width * 0.5)
    }
}

/// Anything on the board. Externally tagged in files: `Component((...))`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Element {
    /// A part of the system.
    Component(Component),
    /// A text card.
    Note(Note),
    /// A titled region.
    Frame(Frame),
    /// A connection.
    Arrow(Arrow),
    /// A freehand pen stroke.
    Ink(Ink),
}

/// The four kinds of element, for counting and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElementKind {
    /// [`Component`]
    Component,
    /// [`Note`]
    Note,
    /// [`Frame`]
    Frame,
    /// [`Arrow`]
    Arrow,
    /// [`Ink`]
    Ink,
}

impl Element {
    /// The element's id.
    #[must_use]
    pub fn id(&self) -> ElementId {
        match self {
            Element::Component(c) => c.id,
            Element::Note(n) => n.id,
            Element::Frame(f) => f.id,
            Element::Arrow(a) => a.id,
            Element::Ink(i) => i.id,
        }
    }

    /// Gives the element another id.
    pub fn set_id(&mut self, id: ElementId) {
        match self {
            Element::Component(c) => c.id = id,
            Element::Note(n) => n.id = id,
            Element::Frame(f) => f.id = id,
            Element::Arrow(a) => a.id = id,
            Element::Ink(i) => i.id = id,
        }
    }

    /// Which kind of element this is.
    #[must_use]
    pub fn kind(&self) -> ElementKind {
        match self {
            Element::Component(_) => ElementKind::Component,
            Element::Note(_) => ElementKind::Note,
            Element::Frame(_) => ElementKind::Frame,
            Element::Arrow(_) => ElementKind::Arrow,
            Element::Ink(_) => ElementKind::Ink,
        }
    }

    /// Position and size of a box-like element; `None` for arrows.
    #[must_use]
    pub fn pos_size(&self) -> Option<(Point, Size)> {
        match self {
            Element::Component(Component { pos, size, .. })
            | Element::Note(Note { pos, size, .. })
            | Element::Frame(Frame { pos, size, .. }) => Some((*pos, *size)),
            Element::Arrow(_) | Element::Ink(_) => None,
        }
    }

    /// Position and size of a box-like element, mutably.
    pub fn pos_size_mut(&mut self) -> Option<(&mut Point, &mut Size)> {
        match self {
            Element::Component(Component { pos, size, .. })
            | Element::Note(Note { pos, size, .. })
            | Element::Frame(Frame { pos, size, .. }) => Some((pos, size)),
            Element::Arrow(_) | Element::Ink(_) => None,
        }
    }

    /// The rectangle of a box-like element; `None` for arrows, whose
    /// geometry depends on the elements they attach to.
    #[must_use]
    pub fn rect(&self) -> Option<Rect> {
        self.pos_size()
            .map(|(pos, size)| Rect::from_pos_size(pos, size))
    }

    /// The element moved by `(dx, dy)`: box-like elements move their corner,
    /// arrows move their free ends (attached ends follow their elements).
    #[must_use]
    pub fn translated(&self, dx: f32, dy: f32) -> Element {
        let mut e = self.clone();
        if let Element::Arrow(a) = &mut e {
            for end in [&mut a.from, &mut a.to] {
                if let Endpoint::Free(p) = end {
                    *p = p.offset(dx, dy);
                }
            }
        } else if let Element::Ink(i) = &mut e {
            i.pos = i.pos.offset(dx, dy);
        } else if let Some((pos, _)) = e.pos_size_mut() {
            *pos = pos.offset(dx, dy);
        }
        e
    }

    /// The main text of the element: label, note text, frame title or arrow label.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Element::Component(c) => &c.label,
            Element::Note(n) => &n.text,
            Element::Frame(f) => &f.title,
            Element::Arrow(a) => &a.label,
            Element::Ink(_) => "",
        }
    }

    /// The group the element belongs to.
    #[must_use]
    pub fn group(&self) -> Option<u64> {
        match self {
            Element::Component(c) => c.group,
            Element::Note(n) => n.group,
            Element::Frame(f) => f.group,
            Element::Arrow(a) => a.group,
            Element::Ink(i) => i.group,
        }
    }

    /// Puts the element in a group (or none).
    pub fn set_group(&mut self, group: Option<u64>) {
        match self {
            Element::Component(c) => c.group = group,
            Element::Note(n) => n.group = group,
            Element::Frame(f) => f.group = group,
            Element::Arrow(a) => a.group = group,
            Element::Ink(i) => i.group = group,
        }
    }

    /// Whether the element is locked.
    #[must_use]
    pub fn locked(&self) -> bool {
        match self {
            Element::Component(c) => c.locked,
            Element::Note(n) => n.locked,
            Element::Frame(f) => f.locked,
            Element::Arrow(a) => a.locked,
            Element::Ink(i) => i.locked,
        }
    }

    /// Locks or unlocks the element.
    pub fn set_locked(&mut self, locked: bool) {
        match self {
            Element::Component(c) => c.locked = locked,
            Element::Note(n) => n.locked = locked,
            Element::Frame(f) => f.locked = locked,
            Element::Arrow(a) => a.locked = locked,
            Element::Ink(i) => i.locked = locked,
        }
    }

    /// Sets the main text (see [`Element::text`]).
    pub fn set_text(&mut self, text: String) {
        match self {
            Element::Component(c) => c.label = text,
            Element::Note(n) => n.text = text,
            Element::Frame(f) => f.title = text,
            Element::Arrow(a) => a.label = text,
            Element::Ink(_) => {}
        }
    }

    /// Every coordinate the element stores (positions, sizes, free arrow
    /// ends), for validation.
    #[must_use]
    pub fn coordinates(&self) -> Vec<f32> {
        match self {
            Element::Arrow(a) => [a.from, a.to]
                .iter()
                .filter_map(|e| match e {
                    Endpoint::Free(p) => Some([p.x, p.y]),
                    Endpoint::Element { .. } => None,
                })
                .flatten()
                .collect(),
            Element::Ink(i) => {
                let mut v = vec![i.pos.x, i.pos.y, i.width];
                v.extend(i.board_points().flat_map(|p| [p.x, p.y]));
                v
            }
            other => other
                .pos_size()
                .map(|(p, s)| vec![p.x, p.y, s.w, s.h])
                .unwrap_or_default(),
        }
    }
}
