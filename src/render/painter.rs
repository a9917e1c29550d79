//! Where drawing goes: a list of clipped shapes in points, with the fonts
//! that lay out its text. The same calls as egui's `Painter`, without a
//! window: the canvas hands it the window's fonts, a picture or an export
//! its own ([`super::fonts`]).

use std::sync::Arc;

use epaint::text::{FontsView, Galley};
use epaint::{
    CircleShape, ClippedShape, Color32, CornerRadius, FontId, Pos2, Rect, RectShape, Shape, Stroke,
    StrokeKind,
};

/// Shapes drawn so far, the clip rectangle and opacity new ones get, and
/// the fonts text is laid out with.
pub struct Painter<'p, 'f> {
    fonts: &'p mut FontsView<'f>,
    clip: Rect,
    opacity: f32,
    shapes: Vec<ClippedShape>,
    pixels_per_point: f32,
}

impl<'p, 'f> Painter<'p, 'f> {
    /// An empty drawing clipped to `clip`, its text laid out by `fonts`.
    pub fn new(fonts: &'p mut FontsView<'f>, clip: Rect) -> Self {
        Self {
            fonts,
            clip,
            opacity: 1.0,
            shapes: Vec::new(),
            pixels_per_point: 1.0,
        }
    }

    /// Pixels per point of the picture the shapes go to (1 unless set):
    /// drawing skips detail smaller than a pixel or two.
    #[must_use]
    pub fn pixels_per_point(&self) -> f32 {
        self.pixels_per_point
    }

    /// Sets [`Painter::pixels_per_point`].
    pub fn set_pixels_per_point(&mut self, ppp: f32) {
        self.pixels_per_point = ppp;
    }

    /// The clip rectangle new shapes get.
    #[must_use]
    pub fn clip_rect(&self) -> Rect {
        self.clip
    }

    /// Sets the clip rectangle new shapes get.
    pub fn set_clip_rect(&mut self, clip: Rect) {
        self.clip = clip;
    }

    /// Multiplies the opacity of shapes added from now on (0 to 1).
    pub fn multiply_opacity(&mut self, opacity: f32) {
        if opacity.is_finite() {
            self.opacity *= opacity.clamp(0.0, 1.0);
        }
    }

    /// Sets the opacity of shapes added from now on (0 to 1).
    pub fn set_opacity(&mut self, opacity: f32) {
        if opacity.is_finite() {
            self.opacity = opacity.clamp(0.0, 1.0);
        }
    }

    /// Adds a shape under the current clip rectangle.
    pub fn add(&mut self, shape: impl Into<Shape>) {
        let clip = self.clip;
        self.add_clipped(clip, shape);
    }

    /// Adds a shape under its own clip rectangle.
    pub fn add_clipped(&mut self, clip: Rect, shape: impl Into<Shape>) {
        if self.opacity == 0.0 {
            // As egui's painter: a shape that cannot be seen is a no-op.
            self.shapes.push(ClippedShape::new(clip, Shape::Noop));
            return;
        }
        let mut shape = shape.into();
        if self.opacity < 1.0 {
            let opacity = self.opacity;
            epaint::shape_transform::adjust_colors(&mut shape, move |c| {
                if *c != Color32::PLACEHOLDER {
                    *c = c.gamma_multiply(opacity);
                }
            });
        }
        self.shapes.push(ClippedShape::new(clip, shape));
    }

    /// Lays out `text` wrapped at `wrap_width` (and at line breaks).
    /// Right-to-left text reads right to left ([`super::bidi`]): the text
    /// is wrapped in logical order, each row is laid out in visual order,
    /// and the rows of a right-to-left paragraph are aligned right.
    pub fn layout(
        &mut self,
        text: String,
        font: FontId,
        color: Color32,
        wrap_width: f32,
    ) -> Arc<Galley> {
        self.layout_aligned(text, font, color, wrap_width, 0.0)
    }

    /// [`Painter::layout`] for a block of text that fills its box's width,
    /// as a note does: the rows of a right-to-left paragraph go to the
    /// box's right edge rather than the longest row's.
    pub fn layout_block(
        &mut self,
        text: String,
        font: FontId,
        color: Color32,
        width: f32,
    ) -> Arc<Galley> {
        self.layout_aligned(text, font, color, width, width)
    }

    fn layout_aligned(
        &mut self,
        text: String,
        font: FontId,
        color: Color32,
        wrap_width: f32,
        min_width: f32,
    ) -> Arc<Galley> {
        if !super::bidi::needs_reordering(&text) || super::bidi::too_nested(&text) {
            return self.fonts.layout(text, font, color, wrap_width);
        }
        let rows = super::bidi::wrap(&text, wrap_width, |piece| {
            self.fonts
                .layout_no_wrap(piece.to_owned(), font.clone(), color)
                .size()
                .x
        });
        // unicode-bidi 0.3.18 can panic on pathological embedding levels
        // (servo/unicode-bidi#145): such text is drawn unreordered.
        let visual = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::bidi::visual_rows(&text, &rows)
        }))
        .ok()
        .flatten();
        let Some((visual, rtl)) = visual else {
            return self.fonts.layout(text, font, color, wrap_width);
        };
        let shown = self
            .fonts
            .layout(visual, font.clone(), color, f32::INFINITY);
        match super::bidi::finish(&shown, text.clone(), &rows, &rtl, min_width) {
            Some(galley) => galley,
            None => self.fonts.layout(text, font, color, wrap_width),
        }
    }

    /// Draws laid-out text with its top-left at `pos`.
    pub fn galley(&mut self, pos: Pos2, galley: Arc<Galley>, fallback_color: Color32) {
        if !galley.is_empty() {
            self.add(Shape::galley(pos, galley, fallback_color));
        }
    }

    /// Draws one line of text anchored at `pos`; returns where it went.
    pub fn text(
        &mut self,
        pos: Pos2,
        anchor: epaint::emath::Align2,
        text: &str,
        font: FontId,
        color: Color32,
    ) -> Rect {
        let galley = self.layout(text.to_owned(), font, color, f32::INFINITY);
        let rect = anchor.anchor_size(pos, galley.size());
        self.galley(rect.min, galley, color);
        rect
    }

    /// A straight line.
    pub fn line_segment(&mut self, points: [Pos2; 2], stroke: impl Into<Stroke>) {
        self.add(Shape::LineSegment {
            points,
            stroke: stroke.into(),
        });
    }

    /// A circle with a fill and an outline.
    pub fn circle(
        &mut self,
        center: Pos2,
        radius: f32,
        fill: impl Into<Color32>,
        stroke: impl Into<Stroke>,
    ) {
        self.add(CircleShape {
            center,
            radius,
            fill: fill.into(),
            stroke: stroke.into(),
        });
    }

    /// A filled circle.
    pub fn circle_filled(&mut self, center: Pos2, radius: f32, fill: impl Into<Color32>) {
        self.add(CircleShape {
            center,
            radius,
            fill: fill.into(),
            stroke: Stroke::default(),
        });
    }

    /// A circle outline.
    pub fn circle_stroke(&mut self, center: Pos2, radius: f32, stroke: impl Into<Stroke>) {
        self.add(CircleShape {
            center,
            radius,
            fill: Color32::default(),
            stroke: stroke.into(),
        });
    }

    /// A rectangle with a fill and an outline.
    pub fn rect(
        &mut self,
        rect: Rect,
        corner_radius: impl Into<CornerRadius>,
        fill: impl Into<Color32>,
        stroke: impl Into<Stroke>,
        stroke_kind: StrokeKind,
    ) {
        self.add(RectShape::new(
            rect,
            corner_radius,
            fill,
            stroke,
            stroke_kind,
        ));
    }

    /// A filled rectangle.
    pub fn rect_filled(
        &mut self,
        rect: Rect,
        corner_radius: impl Into<CornerRadius>,
        fill: impl Into<Color32>,
    ) {
        self.add(RectShape::filled(rect, corner_radius, fill));
    }

    /// A rectangle outline.
    pub fn rect_stroke(
        &mut self,
        rect: Rect,
        corner_radius: impl Into<CornerRadius>,
        stroke: impl Into<Stroke>,
        stroke_kind: StrokeKind,
    ) {
        self.add(RectShape::stroke(rect, corner_radius, stroke, stroke_kind));
    }

    /// How many shapes have been drawn.
    #[must_use]
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether nothing has been drawn.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The shapes drawn, in order.
    #[must_use]
    pub fn into_shapes(self) -> Vec<ClippedShape> {
        self.shapes
    }

    /// Takes the shapes drawn so far, leaving the painter empty.
    pub fn take_shapes(&mut self) -> Vec<ClippedShape> {
        std::mem::take(&mut self.shapes)
    }
}
