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
                muted: Color32::from_rgb(0xae, 0xb1, 0xba),
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
                muted: Color32::from_rgb(0x5f, 0x66, 0x73),
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

    /// The fill of a note card: the theme's note colour, or the card's own
    /// colour; in the dark theme a chosen colour is deepened towards the
    /// background (as Excalidraw does), so the theme's light text stays
    /// readable on the pale colours people pick.
    #[must_use]
    pub fn note_fill(&self, color: Option<Color>) -> Color32 {
        match color {
            None => self.note,
            Some(c) if self.dark => lerp(self.background, Self::color(c), 0.28),
            Some(c) => {
                // A colour no text reads on (a saturated red) is washed
                // towards the background until the theme's text does.
                let c = Self::color(c);
                let other = Palette::new(true).text;
                if contrast(self.text, c).max(contrast(other, c)) >= AA {
                    return c;
                }
                (1..=10)
                    .map(|i| lerp(self.background, c, 1.0 - 0.1 * i as f32))
                    .find(|f| contrast(self.text, *f) >= AA)
                    .unwrap_or(self.background)
            }
        }
    }

    /// The text colour for text on `fill`: the theme's text, or, where that
    /// would fall short of WCAG AA (4.5:1; a dark colour a user picked in
    /// the light theme), the other theme's.
    #[must_use]
    pub fn text_on(&self, fill: Color32) -> Color32 {
        if contrast(self.text, fill) >= AA {
            return self.text;
        }
        let other = Palette::new(!self.dark).text;
        if contrast(other, fill) > contrast(self.text, fill) {
            other
        } else {
            self.text
        }
    }

    /// The colour of an error drawn on `fill` (an estimate card's line that
    /// could not be computed): red, drawn towards the text colour until it
    /// reaches WCAG AA on that fill.
    #[must_use]
    pub fn error_on(&self, fill: Color32) -> Color32 {
        let red = if self.dark {
            Color32::from_rgb(0xfc, 0xa5, 0xa5)
        } else {
            Color32::from_rgb(0xb9, 0x1c, 0x1c)
        };
        let text = self.text_on(fill);
        (0..=10)
            .map(|i| lerp(red, text, i as f32 / 10.0))
            .find(|c| contrast(*c, fill) >= AA)
            .unwrap_or(text)
    }

    /// The colour of a frame's title: the frame's colour where it reads on
    /// the canvas (WCAG AA), else the muted text colour.
    #[must_use]
    pub fn frame_title(&self, color: Option<Color>) -> Color32 {
        let c = color.map_or(self.frame_border, Self::color);
        if contrast(c, self.background) >= AA {
            c
        } else {
            self.muted
        }
    }

    /// The fill of a component box: its category colour washed towards the
    /// background.
    #[must_use]
    pub fn component_fill(&self, accent: Color32) -> Color32 {
        let t = if self.dark { 0.22 } else { 0.12 };
        lerp(self.background, accent, t)
    }
}

/// WCAG AA's least contrast for body text.
pub const AA: f32 = 4.5;

/// The relative luminance of an sRGB colour (WCAG 2).
#[must_use]
pub fn luminance(c: Color32) -> f32 {
    let lin = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.040_45 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// The WCAG contrast ratio of two colours, 1 to 21.
#[must_use]
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Mixes two colours: `t = 0` is `a`, `t = 1` is `b`.
#[must_use]
pub fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;

    /// Issue #17, 2: every text the canvas and the exports draw meets WCAG
    /// AA (4.5:1) against what it is drawn on, in both themes: labels and
    /// kind names on every category's box, notes (the theme's and the
    /// metrics and trade-off cards' colours), arrow labels, frame titles.
    #[test]
    fn every_text_meets_wcag_aa_in_both_themes() {
        let catalog = Catalog::builtin().unwrap();
        let cards = [
            Color([0xdc, 0xec, 0xff]), // metrics card
            Color([0xe8, 0xe0, 0xff]), // trade-off card
            crate::model::estimate::CARD_COLOR,
            Color([0xff, 0xff, 0xff]),
            Color([0x20, 0x20, 0x20]),
            Color([0xff, 0x00, 0x00]),
        ];
        for dark in [false, true] {
            let pal = Palette::new(dark);
            let theme = if dark { "dark" } else { "light" };
            let check = |what: &str, fg: Color32, bg: Color32| {
                let c = contrast(fg, bg);
                assert!(c >= AA, "{theme}: {what}: {c:.2} < 4.5");
            };
            check("text on the canvas", pal.text, pal.background);
            check("muted text on the canvas", pal.muted, pal.background);
            check("arrow labels", pal.text, pal.label_bg);
            check("notes", pal.text, pal.note);
            check("errors on notes", pal.error_on(pal.note), pal.note);
            check("frame titles", pal.frame_title(None), pal.background);
            for c in cards {
                let fill = pal.note_fill(Some(c));
                check(&format!("a card of {c:?}"), pal.text_on(fill), fill);
                check(
                    &format!("errors on a card of {c:?}"),
                    pal.error_on(fill),
                    fill,
                );
                check(
                    &format!("a frame title of {c:?}"),
                    pal.frame_title(Some(c)),
                    pal.background,
                );
            }
            for cat in catalog.categories() {
                let accent = Palette::color(cat.color.unwrap());
                let fill = pal.component_fill(accent);
                check(&format!("{} labels", cat.name), pal.text, fill);
                check(&format!("{} kind names", cat.name), pal.muted, fill);
            }
            let unknown = pal.component_fill(pal.unknown);
            check("unknown kinds' labels", pal.text, unknown);
            check("unknown kinds' names", pal.muted, unknown);
        }
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        // #767676 on white is the classic 4.54:1.
        let grey = Color32::from_rgb(0x76, 0x76, 0x76);
        assert!((contrast(grey, Color32::WHITE) - 4.54).abs() < 0.01);
    }
}
