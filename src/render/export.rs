//! Pictures of a board, with no display and no GPU: SVG, PNG (with the
//! board inside) and Excalidraw scenes.
//!
//! SVG and PNG are made from exactly what the canvas paints. The board (or
//! the selection) is drawn with the canvas's own draw calls ([`super::draw`])
//! at full detail with fonts of its own; the resulting shapes are written
//! out as SVG elements ([`super::svg`]), or tessellated and filled into
//! pixels by a small software rasterizer ([`super::raster`]), the same
//! triangles a GPU would fill. So an export has the canvas's shapes, icons,
//! colours, fonts, labels and arrows, in either theme.

use std::collections::HashSet;

use epaint::text::Fonts;
use epaint::{ClippedShape, Color32, ColorImage, ImageDelta, Pos2, Rect, TextureId, Vec2};
use thiserror::Error;

use super::draw::{self, Detail};
use super::raster;
use super::theme::Palette;
use crate::model::{Board, Catalog, Element, ElementId, Point};

/// Empty space around the drawing, in points.
pub const PADDING: f32 = 32.0;
/// The longest side of an exported PNG, in pixels.
pub const MAX_SIDE_PX: f32 = 16_384.0;
/// The most pixels in an exported PNG (about 160 MB of RGBA while drawing).
pub const MAX_PIXELS: f32 = 40.0e6;
/// Elements up to which a PNG may have [`MAX_PIXELS`]; above, the pixel
/// budget shrinks in proportion (a board of 200,000 gets 4 megapixels), so
/// that drawing every element stays bounded in time: long arrows cost
/// their length in pixels, and a picture that large is unreadable anyway.
pub const FULL_BUDGET_ELEMENTS: usize = 20_000;
/// The smallest pixel budget the element count can lower it to.
pub const MIN_BUDGET_PIXELS: f32 = 4.0e6;

/// The pixel budget of a PNG of `elements` elements.
#[must_use]
pub fn pixel_budget(elements: usize) -> f32 {
    if elements <= FULL_BUDGET_ELEMENTS {
        MAX_PIXELS
    } else {
        (MAX_PIXELS * FULL_BUDGET_ELEMENTS as f32 / elements as f32).max(MIN_BUDGET_PIXELS)
    }
}
/// The largest scale accepted.
pub const MAX_SCALE: f32 = 8.0;

/// How to draw the picture.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Pixels per board unit for PNG (SVG is always in board units).
    pub scale: f32,
    /// Dark theme colours.
    pub dark: bool,
    /// Only these elements (and nothing else); `None` for the whole board.
    pub only: Option<Vec<ElementId>>,
    /// Fill the background with the canvas colour (else transparent).
    pub background: bool,
    /// The most pixels the PNG may have; the scale is lowered to fit.
    pub max_pixels: f32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            scale: 2.0,
            dark: false,
            only: None,
            background: true,
            max_pixels: MAX_PIXELS,
        }
    }
}

/// Why no picture could be made.
#[derive(Debug, Error, PartialEq)]
pub enum ExportError {
    /// Nothing to draw.
    #[error("there is nothing to export: the board (or the selection) is empty")]
    Empty,
    /// A scale that is not a positive number up to [`MAX_SCALE`].
    #[error("the scale must be a number above 0 and at most {MAX_SCALE} (got {0})")]
    BadScale(f32),
    /// The PNG could not be encoded.
    #[error("could not write the file: {0}")]
    Encode(String),
}

/// A board drawn by the canvas code, ready to be written out.
pub struct Scene {
    /// What the canvas code painted, in points.
    pub shapes: Vec<ClippedShape>,
    /// The picture's size in points.
    pub size: Vec2,
    /// Pixels per point for a raster image.
    pub pixels_per_point: f32,
    /// Background colour, if filled.
    pub background: Option<Color32>,
    /// Whether the scale asked for was lowered to keep the PNG in bounds.
    pub scaled_down: bool,
    /// The fonts the text was laid out with (their atlas is the texture
    /// the text is filled from).
    fonts: Fonts,
}

impl Scene {
    /// Draws `board` (or the elements in `opts.only`) as the canvas would at
    /// full detail, 1 point per board unit.
    ///
    /// # Errors
    /// [`ExportError::Empty`] with nothing to draw; [`ExportError::BadScale`].
    pub fn new(
        board: &Board,
        catalog: &Catalog,
        opts: &RenderOptions,
    ) -> Result<Self, ExportError> {
        if !(opts.scale.is_finite() && opts.scale > 0.0 && opts.scale <= MAX_SCALE) {
            return Err(ExportError::BadScale(opts.scale));
        }
        let only: Option<HashSet<ElementId>> =
            opts.only.as_ref().map(|ids| ids.iter().copied().collect());
        let elements: Vec<&Element> = board
            .elements()
            .iter()
            .filter(|e| only.as_ref().is_none_or(|o| o.contains(&e.id())))
            .collect();
        // What a box drawn later covers completely is not drawn.
        let hidden = super::cull::hidden(board, &elements);
        // Routes for elbow arrows, found once around the boxes near them.
        let index = crate::model::spatial::SpatialIndex::build(board);
        let path_of = |a: &crate::model::Arrow| index.path(a.id);
        let bounds = elements
            .iter()
            .filter_map(|e| {
                let mut b = match e {
                    Element::Arrow(a) => crate::model::bounds_of(path_of(a)?),
                    other => board.element_bounds(other)?,
                };
                if let Element::Frame(f) = e
                    && !f.title.is_empty()
                {
                    b.min.y -= f.title_height();
                    b.max.x = b.max.x.max(b.min.x + 200.0);
                }
                Some(b)
            })
            .reduce(|a, b| a.union(&b))
            .ok_or(ExportError::Empty)?
            .expand(PADDING);
        let size = Vec2::new(bounds.width().max(1.0), bounds.height().max(1.0));
        let budget = opts.max_pixels.min(pixel_budget(elements.len()));
        let (scale, scaled_down) = fit_scale(size, opts.scale, budget);
        let pal = Palette::new(opts.dark);
        let mut fonts = super::fonts();
        let origin = Vec2::new(-bounds.min.x, -bounds.min.y);
        let to_screen = |p: Point| Pos2::new(p.x, p.y) + origin;
        let shapes = {
            let mut view = fonts.with_pixels_per_point(scale);
            let mut painter = super::Painter::new(&mut view, Rect::from_min_size(Pos2::ZERO, size));
            painter.set_pixels_per_point(scale);
            let p = &mut painter;
            let cx = draw::Ctx {
                pal: &pal,
                catalog,
                custom: &board.custom_kinds,
                zoom: 1.0,
                text_scale: 1.0,
                detail: Detail::Full,
                live: false,
            };
            for e in elements.iter().filter(|e| !hidden.contains(&e.id())) {
                let rect =
                    |r: crate::model::Rect| Rect::from_min_max(to_screen(r.min), to_screen(r.max));
                match (e, e.rect()) {
                    (Element::Component(c), Some(r)) => draw::component(p, &cx, c, rect(r)),
                    (Element::Note(n), Some(r)) => draw::note(p, &cx, n, rect(r)),
                    (Element::Frame(f), Some(r)) => draw::frame(p, &cx, f, rect(r)),
                    (Element::Ink(i), _) => {
                        let pts: Vec<Pos2> = i.board_points().map(to_screen).collect();
                        let color = i.color.map_or(pal.text, Palette::color);
                        draw::ink_pressed(p, &pts, &i.widths(), color);
                    }
                    (Element::Arrow(a), _) => {
                        if let Some(path) = path_of(a) {
                            let path: Vec<Pos2> = path.iter().map(|q| to_screen(*q)).collect();
                            draw::arrow(
                                p,
                                &cx,
                                a,
                                &path,
                                a.color.map_or(pal.arrow, Palette::color),
                            );
                        }
                    }
                    _ => {}
                }
            }
            painter.into_shapes()
        };
        Ok(Self {
            shapes,
            size,
            pixels_per_point: scale,
            background: opts.background.then_some(pal.background),
            scaled_down,
            fonts,
        })
    }

    /// The picture's size in pixels.
    #[must_use]
    pub fn size_px(&self) -> [usize; 2] {
        [
            (self.size.x * self.pixels_per_point).round().max(1.0) as usize,
            (self.size.y * self.pixels_per_point).round().max(1.0) as usize,
        ]
    }

    /// The picture as SVG text.
    #[must_use]
    pub fn to_svg(&self) -> String {
        super::svg::write(&self.shapes, self.size, self.background)
    }

    /// The picture as pixels (premultiplied RGBA).
    #[must_use]
    pub fn to_image(&self) -> ColorImage {
        let prims = super::tessellate(&self.fonts, self.shapes.clone(), self.pixels_per_point);
        let mut textures = raster::Textures::default();
        textures.apply(
            TextureId::default(),
            &ImageDelta::full(self.fonts.image(), epaint::textures::TextureOptions::LINEAR),
        );
        raster::rasterize(
            &prims,
            &textures,
            self.size_px(),
            self.pixels_per_point,
            self.background.unwrap_or(Color32::TRANSPARENT),
        )
    }
}

/// The scale to use: the one asked for, lowered when the picture would be
/// over [`MAX_SIDE_PX`] or `max_pixels` (at most [`MAX_PIXELS`]); and
/// whether it was lowered.
#[must_use]
pub fn fit_scale(size: Vec2, wanted: f32, max_pixels: f32) -> (f32, bool) {
    let by_side = MAX_SIDE_PX / size.x.max(size.y);
    let by_area = (max_pixels.clamp(1.0, MAX_PIXELS) / (size.x * size.y)).sqrt();
    let max = by_side.min(by_area);
    if wanted > max {
        (max, true)
    } else {
        (wanted, false)
    }
}

/// The picture formats a board exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics.
    Svg,
    /// A PNG picture with the board inside.
    Png,
    /// An Excalidraw scene (`.excalidraw` JSON).
    Excalidraw,
}

impl Format {
    /// The format a file name asks for, by its extension.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "excalidraw" => Some(Format::Excalidraw),
            _ => None,
        }
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Excalidraw => "excalidraw",
        }
    }
}

/// The elements a selection exports: the selected ones plus the arrows
/// that connect two of them (as copying does), in drawing order.
#[must_use]
pub fn selection_ids(board: &Board, selected: &[ElementId]) -> Vec<ElementId> {
    crate::io::clipboard::with_connecting_arrows(board, selected).collect()
}

/// A board holding only `ids` from `board` (its framework, checklist and
/// custom kinds kept); arrow ends attached to elements left out become free
/// where they were drawn.
#[must_use]
pub fn sub_board(board: &Board, ids: &[ElementId]) -> Board {
    let keep: HashSet<ElementId> = ids.iter().copied().collect();
    let mut out = board.clone();
    let drop: Vec<ElementId> = board
        .elements()
        .iter()
        .map(Element::id)
        .filter(|id| !keep.contains(id))
        .collect();
    out.elements.remove_many(&drop);
    for id in ids {
        let Some(Element::Arrow(a)) = board.get(*id) else {
            continue;
        };
        let Some((s, t)) = board.arrow_tips(a) else {
            continue;
        };
        let mut a = a.clone();
        if a.from.element().is_some_and(|i| !keep.contains(&i)) {
            a.from = crate::model::Endpoint::Free(s);
        }
        if a.to.element().is_some_and(|i| !keep.contains(&i)) {
            a.to = crate::model::Endpoint::Free(t);
        }
        out.elements.replace(Element::Arrow(a));
    }
    out
}

/// What an export produced.
pub struct Exported {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Picture size in pixels (PNG) or points (SVG).
    pub size: [usize; 2],
    /// Whether the scale asked for was lowered to keep the PNG in bounds.
    pub scaled_down: bool,
}

/// Renders `file`'s board (or only `opts.only`) in `format`. A PNG carries
/// the board file inside: the whole file with its session, or for a
/// selection a board of just the selection.
///
/// # Errors
/// An [`ExportError`] saying why.
pub fn export(
    file: &crate::io::BoardFile,
    catalog: &Catalog,
    format: Format,
    opts: &RenderOptions,
) -> Result<Exported, ExportError> {
    let mut opts = opts.clone();
    if let Some(only) = &opts.only {
        opts.only = Some(selection_ids(&file.board, only));
    }
    if format == Format::Excalidraw {
        let board = match &opts.only {
            Some(ids) => sub_board(&file.board, ids),
            None => file.board.clone(),
        };
        if board.elements().is_empty() {
            return Err(ExportError::Empty);
        }
        let text = crate::io::excalidraw::export(&board, catalog).map_err(ExportError::Encode)?;
        let size = board.bounds().map_or([0, 0], |b| {
            [b.width().round() as usize, b.height().round() as usize]
        });
        return Ok(Exported {
            bytes: text.into_bytes(),
            size,
            scaled_down: false,
        });
    }
    let scene = Scene::new(&file.board, catalog, &opts)?;
    match format {
        Format::Svg | Format::Excalidraw => Ok(Exported {
            bytes: scene.to_svg().into_bytes(),
            size: [scene.size.x.round() as usize, scene.size.y.round() as usize],
            scaled_down: false,
        }),
        Format::Png => {
            let image = scene.to_image();
            let embedded = match &opts.only {
                None => crate::io::to_ron(file),
                Some(ids) => {
                    crate::io::to_ron(&crate::io::BoardFile::new(sub_board(&file.board, ids)))
                }
            }
            .map_err(|e| ExportError::Encode(e.to_string()))?;
            let rgba: Vec<u8> = image
                .pixels
                .iter()
                .flat_map(Color32::to_srgba_unmultiplied)
                .collect();
            let [w, h] = image.size;
            let bytes = crate::io::png_board::encode(w as u32, h as u32, &rgba, Some(&embedded))
                .map_err(ExportError::Encode)?;
            Ok(Exported {
                bytes,
                size: image.size,
                scaled_down: scene.scaled_down,
            })
        }
    }
}
