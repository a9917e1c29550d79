//! Drawing a board, with no window: the board's elements as epaint shapes
//! ([`draw`], in the colours of [`theme`], with the icons of [`icons`]),
//! collected by a [`Painter`]; written out as SVG ([`svg`]) or tessellated
//! and filled into pixels by a software rasterizer ([`raster`]); pictures
//! filled on a worker thread ([`picture`]); and whole exports ([`export`]).
//!
//! Nothing here knows egui: the canvas hands the painter the window's fonts
//! and adds the shapes to its layer; an export or the command line makes
//! its own fonts with [`fonts`]. So what the canvas shows and what a PNG
//! holds come from the same calls.

pub mod bidi;
pub mod cull;
pub mod draw;
pub mod export;
pub mod fonts;
pub mod icons;
pub mod painter;
pub mod picture;
pub mod raster;
pub mod svg;
pub mod theme;

pub use painter::Painter;

use epaint::text::{FontDefinitions, Fonts, TextOptions};
use epaint::{ClippedPrimitive, ClippedShape, FontColorTransferFunction, TessellationOptions};

/// How text is rasterized in pictures made without a window: egui's
/// defaults for a context that has not been told the system's theme.
#[must_use]
pub fn text_options() -> TextOptions {
    TextOptions {
        color_transfer_function: FontColorTransferFunction::DARK_MODE_DEFAULT,
        ..TextOptions::default()
    }
}

/// Fonts for drawing without a window: egui's built-in fonts, then the
/// system's for every other script, as in the window.
#[must_use]
pub fn fonts() -> Fonts {
    Fonts::new(text_options(), FontDefinitions::default())
        .with_font_providers(vec![fonts::system()])
}

/// Turns shapes (in points) into triangles at `pixels_per_point`, with the
/// font atlas of `fonts` (where text and small discs are drawn from).
#[must_use]
pub fn tessellate(
    fonts: &Fonts,
    shapes: Vec<ClippedShape>,
    pixels_per_point: f32,
) -> Vec<ClippedPrimitive> {
    let atlas = fonts.texture_atlas();
    epaint::Tessellator::new(
        pixels_per_point,
        TessellationOptions::default(),
        atlas.size(),
        atlas.prepared_discs(),
    )
    .tessellate_shapes(shapes)
}
