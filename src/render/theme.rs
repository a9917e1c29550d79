//! Colours of the canvas in light and dark themes.

use epaint::Color32;

use crate::model::Color;

/// The colours the canvas draws with.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Whether this is the dark theme.
    pub dark: bool,
    /// Canvas background.
    pub background: Color32,
    /// Grid dots.
    pub grid: Color32,
    /// Main text.
    pub text: Color32,
    /// Secondary text (kind names).
    pub muted: Color32,
    /// Arrow lines.
    pub arrow: Color32,
    /// Background behind arrow labels.
    pub label_bg: Color32,
    /// Note cards.
    pub note: Color32,
    /// Note card border.
    pub note_border: Color32,
    /// Frame fill.
    pub frame_fill: Color32,
    /// Frame border and title.
    pub frame_border: Color32,
    /// Selection outline and handles.
    pub selection: Color32,
    /// Box for components of unknown kinds.
    pub unknown: Color32,
}

impl Palette {
    /// The palette for a theme.
    #[must_use]
    pub fn new(dark: bool) -> Self {
        if dark {
            Self {
                dark,
                background: Color32::from_rgb(0x1e, 0x1f, 0x24),
                grid: Color32::from_rgb(0x3a, 0x3c, 0x44),
                text: Color32::from_rgb(0xe8, 0xe8, 0xec),
                muted: Color32::from_rgb(0xa0, 0xa3, 0xad),
                arrow: Color32::from_rgb(0xc4, 0xc7, 0xd0),
                label_bg: Color32::from_rgb(0x2a, 0x2b, 0x31),
                note: Color32::from_rgb(0x5a, 0x4e, 0x1c),
                note_border: Color32::from_rgb(0x8a, 0x78, 0x2c),
                frame_fill: Color32::from_rgba_unmultiplied(0x60, 0x70, 0x90, 0x22),
                frame_border: Color32::from_rgb(0x70, 0x78, 0x90),
                selection: Color32::from_rgb(0x60, 0xa5, 0xfa),
                unknown: Color32::from_rgb(0x80, 0x80, 0x88),
            }
        } else {
            Self {
                dark,
                background: Color32::from_rgb(0xfa, 0xfa, 0xf7),
                grid: Color32::from_rgb(0xd4, 0xd4, 0xd0),
                text: Color32::from_rgb(0x1f, 0x23, 0x2b),
                muted: Color32::from_rgb(0x6b, 0x72, 0x80),
                arrow: Color32::from_rgb(0x4b, 0x55, 0x63),
                label_bg: Color32::from_rgb(0xfa, 0xfa, 0xf7),
                note: Color32::from_rgb(0xff, 0xf4, 0xb3),
                note_border: Color32::from_rgb(0xe0, 0xc8, 0x5a),
                frame_fill: Color32::from_rgba_unmultiplied(0x90, 0xa0, 0xc0, 0x1c),
                frame_border: Color32::from_rgb(0x8a, 0x94, 0xa8),
                selection: Color32::from_rgb(0x25, 0x63, 0xeb),
                unknown: Color32::from_rgb(0x9c, 0xa3, 0xaf),
            }
        }
    }

    /// A model colour as an egui colour.
    #[must_use]
    pub fn color(c: Color) -> Color32 {
        let [r, g, b] = c.0;
        Color32::from_rgb(r, g, b)
    }

    /// The fill of a component box: its category colour washed towards the
    /// background.
    #[must_use]
    pub fn component_fill(&self, accent: Color32) -> Color32 {
        let t = if self.dark { 0.22 } else { 0.12 };
        lerp(self.background, accent, t)
    }
}

/// Mixes two colours: `t = 0` is `a`, `t = 1` is `b`.
#[must_use]
pub fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}
