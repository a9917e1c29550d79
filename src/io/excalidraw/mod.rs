//! Excalidraw files (`.excalidraw` JSON, optionally gzipped): import into a
//! board and export a board for Excalidraw users.
//!
//! Import maps rectangles, diamonds and ellipses to components (labelled by
//! their bound text), lone texts to notes, arrows and lines to arrows bound
//! to the same elements (free ends stay free; intermediate points are
//! dropped, board arrows are straight), frames to frames, and keeps stroke
//! colours. What a board cannot hold (freehand strokes, images, embeds...)
//! is skipped and counted; deleted elements are ignored. Every element is
//! read on its own, so one damaged element is skipped (and counted) rather
//! than failing the file; the file as a whole has a size cap, a nesting
//! limit and typed errors, and the result gets the same checks as a board
//! file.
//!
//! Export writes every element with its board form (RON) in Excalidraw's
//! `customData`, which Excalidraw keeps, so kinds, ids, sides, notes and
//! colours survive a trip; the board's own settings (title, framework,
//! checklist, custom kinds) go in a top-level `mlsd` key, kept by our import
//! though Excalidraw drops it when it saves. Geometry and text are read
//! from Excalidraw's own fields, so edits made there come back.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

mod export;

pub use self::export::export;
use super::board_file::{MAX_FILE_BYTES, check_board, load_bytes};
use super::error::LoadError;
use crate::model::{
    Arrow, Board, Catalog, Color, Component, Element, ElementId, Endpoint, Frame, LineStyle, Note,
    Point, Side, Size, coord_ok,
};

/// Why an Excalidraw file could not be imported.
#[derive(Debug, Error)]
pub enum ExcalidrawError {
    /// The file could not be read (or is too large; see the message).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Not JSON.
    #[error(
        "{path}:{line}:{col}: not an Excalidraw file: {message}. Open a .excalidraw file saved by Excalidraw."
    )]
    NotJson {
        /// The file.
        path: String,
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        col: usize,
        /// The parser's message.
        message: String,
    },
    /// Nested deeper than any Excalidraw file.
    #[error(
        "{path}: the file nests deeper than any Excalidraw file does; it is damaged or hostile and was not opened."
    )]
    TooDeep {
        /// The file.
        path: String,
    },
    /// JSON, but not an Excalidraw scene.
    #[error("{path}: not an Excalidraw file: {why}.")]
    NotExcalidraw {
        /// The file.
        path: String,
        /// What is missing or wrong.
        why: String,
    },
    /// The compressed file inflates past the size cap.
    #[error("{path}: the compressed file unpacks to more than {cap} bytes; it was not opened.")]
    TooLarge {
        /// The file.
        path: String,
        /// The cap.
        cap: u64,
    },
}

/// A board imported from Excalidraw, and what was left out.
#[derive(Debug)]
pub struct Imported {
    /// The board.
    pub board: Board,
    /// Elements skipped, by reason ("3 freehand strokes"), in first-seen order.
    pub skipped: Vec<(String, usize)>,
    /// Arrow ends whose bound element was missing (left free).
    pub loose_bindings: usize,
}

impl Imported {
    /// One line for the user: what came in, what was skipped.
    #[must_use]
    pub fn summary(&self) -> String {
        let c = self.board.counts();
        let mut s = format!(
            "{} components, {} arrows, {} notes, {} frames",
            c.components, c.arrows, c.notes, c.frames
        );
        if c.ink > 0 {
            s.push_str(&format!(", {} pen strokes", c.ink));
        }
        if !self.skipped.is_empty() {
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(what, n)| format!("{n} {what}"))
                .collect();
            s.push_str(&format!(
                "; skipped (the board cannot hold them): {}",
                parts.join(", ")
            ));
        }
        if self.loose_bindings > 0 {
            s.push_str(&format!(
                "; {} arrow end(s) were bound to missing elements and were left free",
                self.loose_bindings
            ));
        }
        s
    }

    fn skip(&mut self, what: &str) {
        if let Some(e) = self.skipped.iter_mut().find(|(w, _)| w == what) {
            e.1 += 1;
        } else {
            self.skipped.push((what.to_owned(), 1));
        }
    }
}

/// Whether a path or its first bytes look like an Excalidraw file.
#[must_use]
pub fn looks_like_excalidraw(path: &Path, bytes: &[u8]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".excalidraw")
        || name.ends_with(".excalidraw.gz")
        || name.ends_with(".excalidraw.json")
    {
        return true;
    }
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    text.trim_start().starts_with('{') && text.contains("\"excalidraw\"")
}

/// Reads and imports the Excalidraw file at `path` (gzipped or not).
///
/// # Errors
/// An [`ExcalidrawError`] saying what is wrong.
pub fn import_path(path: &Path, catalog: &Catalog) -> Result<Imported, ExcalidrawError> {
    let bytes = super::board_file::read_capped(path, MAX_FILE_BYTES)?;
    import_bytes(&bytes, path, catalog)
}

/// Imports Excalidraw JSON (or gzipped JSON); `path` names it in messages.
///
/// # Errors
/// An [`ExcalidrawError`] saying what is wrong.
pub fn import_bytes(
    bytes: &[u8],
    path: &Path,
    catalog: &Catalog,
) -> Result<Imported, ExcalidrawError> {
    let name = path.display().to_string();
    let inflated;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| ExcalidrawError::NotExcalidraw {
                path: name.clone(),
                why: format!("the gzip data is damaged ({e})"),
            })?;
        if out.len() as u64 > MAX_FILE_BYTES {
            return Err(ExcalidrawError::TooLarge {
                path: name,
                cap: MAX_FILE_BYTES,
            });
        }
        inflated = out;
        &inflated[..]
    } else {
        bytes
    };
    if nesting(bytes) > MAX_NESTING {
        return Err(ExcalidrawError::TooDeep { path: name });
    }
    let file: SceneFile = serde_json::from_slice(bytes).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            ExcalidrawError::TooDeep { path: name.clone() }
        } else if e.is_data() {
            ExcalidrawError::NotExcalidraw {
                path: name.clone(),
                why: format!("{e}"),
            }
        } else {
            ExcalidrawError::NotJson {
                path: name.clone(),
                line: e.line(),
                col: e.column(),
                message: e.to_string(),
            }
        }
    })?;
    if file.kind.as_deref() != Some("excalidraw") {
        return Err(ExcalidrawError::NotExcalidraw {
            path: name,
            why: "its \"type\" is not \"excalidraw\"".to_owned(),
        });
    }
    let mut board = match &file.mlsd {
        Some(text) => load_bytes(text.as_bytes(), path)?.file.board,
        None => Board::new(
            path.file_stem()
                .map(|s| {
                    s.to_string_lossy()
                        .trim_end_matches(".excalidraw")
                        .to_owned()
                })
                .unwrap_or_default()
                .as_str(),
        ),
    };
    board.elements = crate::model::Elements::default();
    let mut out = Imported {
        board,
        skipped: Vec::new(),
        loose_bindings: 0,
    };
    convert(file.elements, &mut out, catalog);
    let mut repairs = Vec::new();
    check_board(&mut out.board, path, "", &mut repairs)?;
    Ok(out)
}

/// Excalidraw scenes nest about six levels (elements, element, points,
/// point, customData); anything far deeper is refused before parsing.
const MAX_NESTING: usize = 100;

/// The deepest nesting of `[` and `{` in JSON text (outside strings).
fn nesting(bytes: &[u8]) -> usize {
    let (mut depth, mut max, mut in_str, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[derive(Deserialize)]
struct SceneFile<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    /// Each element is kept as its raw text and read on its own.
    #[serde(default, borrow)]
    elements: Vec<&'a serde_json::value::RawValue>,
    #[serde(default)]
    mlsd: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExElement {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    x: f64,
    #[serde(default)]
    y: f64,
    #[serde(default)]
    width: f64,
    #[serde(default)]
    height: f64,
    #[serde(default)]
    is_deleted: bool,
    #[serde(default)]
    stroke_color: Option<String>,
    #[serde(default)]
    background_color: Option<String>,
    #[serde(default)]
    stroke_style: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    original_text: Option<String>,
    #[serde(default)]
    container_id: Option<String>,
    #[serde(default)]
    points: Option<Vec<[f64; 2]>>,
    #[serde(default)]
    elbowed: bool,
    #[serde(default)]
    stroke_width: Option<f64>,
    #[serde(default)]
    pressures: Option<Vec<f64>>,
    #[serde(default)]
    start_binding: Option<Binding>,
    #[serde(default)]
    end_binding: Option<Binding>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    custom_data: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Binding {
    element_id: String,
}

/// Excalidraw's default ink, which means "no colour of its own".
fn ink(hex: Option<&str>) -> Option<Color> {
    let h = hex?.trim();
    if h.eq_ignore_ascii_case("transparent") {
        return None;
    }
    let c = Color::from_hex(h)?;
    let [r, g, b] = c.0;
    // Near-black and near-white are Excalidraw's default inks.
    let dark = u32::from(r) + u32::from(g) + u32::from(b) < 3 * 0x30;
    (!dark).then_some(c)
}

fn f(v: f64) -> Option<f32> {
    let x = v as f32;
    coord_ok(x).then_some(x)
}

/// Our element stored in `customData.mlsd`, if present and readable.
fn stored(e: &ExElement) -> Option<Element> {
    let text = e.custom_data.as_ref()?.get("mlsd")?.as_str()?;
    if text.len() > 1 << 20 {
        return None;
    }
    let el: Element = ron::Options::default().from_str(text).ok()?;
    el.coordinates().into_iter().all(coord_ok).then_some(el)
}

/// A note's text as it came in: an estimate card without the values it
/// went out with.
fn note_text(text: String) -> String {
    if crate::model::estimate::is_estimate(&text) {
        crate::model::estimate::without_values(&text)
    } else {
        text
    }
}

/// The text a component shows when its label is empty.
fn shown_label(c: &Component, catalog: &Catalog, board: &Board) -> String {
    if c.label.is_empty() {
        catalog
            .resolve(&board.custom_kinds, &c.kind)
            .name
            .to_owned()
    } else {
        c.label.clone()
    }
}

fn convert(values: Vec<&serde_json::value::RawValue>, out: &mut Imported, catalog: &Catalog) {
    let mut elements = Vec::with_capacity(values.len());
    for v in values {
        match serde_json::from_str::<ExElement>(v.get()) {
            Ok(e) if e.is_deleted => {}
            Ok(e) => elements.push(e),
            Err(_) => out.skip("damaged elements"),
        }
    }
    let ids: HashSet<&str> = elements.iter().map(|e| e.id.as_str()).collect();
    // Bound texts by container.
    let mut texts: HashMap<&str, &ExElement> = HashMap::new();
    for e in &elements {
        if e.kind == "text"
            && let Some(c) = e.container_id.as_deref()
            && ids.contains(c)
        {
            texts.entry(c).or_insert(e);
        }
    }
    // Ids: keep the board id stored with an element when it is free.
    let mut wanted: HashMap<&str, ElementId> = HashMap::new();
    let mut used: HashSet<ElementId> = HashSet::new();
    let stored_els: HashMap<&str, Element> = elements
        .iter()
        .filter_map(|e| stored(e).map(|s| (e.id.as_str(), s)))
        .collect();
    for e in &elements {
        if let Some(s) = stored_els.get(e.id.as_str())
            && s.id().is_valid()
            && used.insert(s.id())
        {
            wanted.insert(&e.id, s.id());
        }
    }
    out.board.next_id = used.iter().map(|i| i.0).max().unwrap_or(0) + 1;
    // Each element gets the id it wants once; a duplicate gets a fresh one.
    let mut taken: HashSet<ElementId> = HashSet::new();
    let mut id_for = |board: &mut Board, ex: &str| -> ElementId {
        match wanted.get(ex) {
            Some(id) if taken.insert(*id) => *id,
            _ => loop {
                let id = board.alloc_id();
                if !used.contains(&id) && taken.insert(id) {
                    break id;
                }
            },
        }
    };
    let mut boxes: HashMap<&str, ElementId> = HashMap::new();
    // Boxes first (so arrows can bind to any of them), in file order.
    let mut made: Vec<(usize, Element)> = Vec::new();
    for (order, e) in elements.iter().enumerate() {
        let base = stored_els.get(e.id.as_str());
        let rect = (f(e.x), f(e.y), f(e.width), f(e.height));
        let geometry = match rect {
            (Some(x), Some(y), Some(w), Some(h)) => {
                Some((Point::new(x, y), Size::new(w.abs(), h.abs())))
            }
            _ => None,
        };
        let el = match e.kind.as_str() {
            "rectangle" | "diamond" | "ellipse" => {
                let Some((pos, size)) = geometry else {
                    out.skip("elements with invalid numbers");
                    continue;
                };
                let text = texts
                    .get(e.id.as_str())
                    .and_then(|t| t.original_text.clone().or_else(|| t.text.clone()));
                let id = id_for(&mut out.board, &e.id);
                boxes.insert(&e.id, id);
                match base {
                    Some(Element::Note(n)) => Element::Note(Note {
                        id,
                        pos,
                        size,
                        text: note_text(text.unwrap_or_default()),
                        ..n.clone()
                    }),
                    Some(Element::Component(c)) => {
                        let label = match text {
                            Some(t) if t != shown_label(c, catalog, &out.board) => t,
                            _ => c.label.clone(),
                        };
                        Element::Component(Component {
                            id,
                            pos,
                            size,
                            label,
                            ..c.clone()
                        })
                    }
                    _ => Element::Component(Component {
                        id,
                        pos,
                        size,
                        label: text.unwrap_or_default(),
                        color: ink(e.stroke_color.as_deref())
                            .or_else(|| ink(e.background_color.as_deref())),
                        shape: match e.kind.as_str() {
                            "diamond" => Some(crate::model::BoxShape::Diamond),
                            "ellipse" => Some(crate::model::BoxShape::Ellipse),
                            _ => None,
                        },
                        ..Component::default()
                    }),
                }
            }
            "text" if e.container_id.as_deref().is_some_and(|c| ids.contains(c)) => continue,
            "text" => {
                let Some((pos, size)) = geometry else {
                    out.skip("elements with invalid numbers");
                    continue;
                };
                let id = id_for(&mut out.board, &e.id);
                let text = e
                    .original_text
                    .clone()
                    .or_else(|| e.text.clone())
                    .unwrap_or_default();
                match base {
                    Some(Element::Note(n)) => Element::Note(Note {
                        id,
                        pos,
                        size,
                        text,
                        ..n.clone()
                    }),
                    _ => Element::Note(Note {
                        id,
                        pos,
                        size: Size::new(size.w.max(40.0), size.h.max(24.0)),
                        text,
                        ..Note::default()
                    }),
                }
            }
            "frame" | "magicframe" => {
                let Some((pos, size)) = geometry else {
                    out.skip("elements with invalid numbers");
                    continue;
                };
                let id = id_for(&mut out.board, &e.id);
                boxes.insert(&e.id, id);
                let title = e.name.clone().unwrap_or_default();
                match base {
                    Some(Element::Frame(fr)) => Element::Frame(Frame {
                        id,
                        pos,
                        size,
                        title,
                        ..fr.clone()
                    }),
                    _ => Element::Frame(Frame {
                        id,
                        pos,
                        size,
                        title,
                        color: ink(e.stroke_color.as_deref()),
                        ..Default::default()
                    }),
                }
            }
            "arrow" | "line" => continue,
            "freedraw" => {
                // A pen stroke: its points are relative to (x, y), as ours.
                let (Some(x), Some(y)) = (f(e.x), f(e.y)) else {
                    out.skip("elements with invalid numbers");
                    continue;
                };
                let points: Option<Vec<[f32; 2]>> = e
                    .points
                    .as_deref()
                    .unwrap_or(&[])
                    .iter()
                    .map(|p| Some([f(p[0])?, f(p[1])?]))
                    .collect();
                let Some(points) = points.filter(|p| !p.is_empty()) else {
                    out.skip("elements with invalid numbers");
                    continue;
                };
                let id = id_for(&mut out.board, &e.id);
                let pressure: Vec<f32> = e
                    .pressures
                    .as_deref()
                    .unwrap_or(&[])
                    .iter()
                    .map(|p| f(*p).unwrap_or(0.5).clamp(0.0, 1.0))
                    .collect();
                let (points, pressure) =
                    crate::model::route::simplify_stroke_with(&points, &pressure, 0.5);
                Element::Ink(crate::model::Ink {
                    id,
                    pos: Point::new(x, y),
                    points,
                    pressure,
                    width: e
                        .stroke_width
                        .and_then(f)
                        .map_or(2.0, |w| w.clamp(0.5, 40.0)),
                    color: ink(e.stroke_color.as_deref()),
                    ..Default::default()
                })
            }
            "image" => {
                out.skip("images");
                continue;
            }
            "embeddable" | "iframe" => {
                out.skip("embedded web pages");
                continue;
            }
            _ => {
                out.skip("elements of other types");
                continue;
            }
        };
        made.push((order, el));
    }
    // Arrows and lines.
    for (order, e) in elements.iter().enumerate() {
        if e.kind != "arrow" && e.kind != "line" {
            continue;
        }
        let pts = e.points.as_deref().unwrap_or(&[]);
        let (Some(x), Some(y)) = (f(e.x), f(e.y)) else {
            out.skip("elements with invalid numbers");
            continue;
        };
        let first = pts.first().copied().unwrap_or([0.0, 0.0]);
        let last = pts.last().copied().unwrap_or([0.0, 0.0]);
        let at =
            |p: [f64; 2]| -> Option<Point> { Some(Point::new(f(e.x + p[0])?, f(e.y + p[1])?)) };
        let (Some(start), Some(end)) = (at(first), at(last)) else {
            out.skip("elements with invalid numbers");
            continue;
        };
        let _ = (x, y);
        let base = match stored_els.get(e.id.as_str()) {
            Some(Element::Arrow(a)) => Some(a),
            _ => None,
        };
        let mut end_of =
            |b: &Option<Binding>, free: Point, stored_end: Option<&Endpoint>| -> Endpoint {
                match b {
                    Some(b) => match boxes.get(b.element_id.as_str()) {
                        Some(id) => Endpoint::Element {
                            id: *id,
                            side: match stored_end {
                                Some(Endpoint::Element { side, .. }) => *side,
                                _ => Side::Auto,
                            },
                        },
                        None => {
                            out.loose_bindings += 1;
                            Endpoint::Free(free)
                        }
                    },
                    None => Endpoint::Free(free),
                }
            };
        let from = end_of(&e.start_binding, start, base.map(|a| &a.from));
        let to = end_of(&e.end_binding, end, base.map(|a| &a.to));
        let id = id_for(&mut out.board, &e.id);
        let label = texts
            .get(e.id.as_str())
            .and_then(|t| t.original_text.clone().or_else(|| t.text.clone()))
            .unwrap_or_default();
        let style = match e.stroke_style.as_deref() {
            Some("dashed" | "dotted") => LineStyle::Dashed,
            _ => LineStyle::Solid,
        };
        made.push((
            order,
            Element::Arrow(Arrow {
                id,
                from,
                to,
                label,
                style,
                // Excalidraw's stored points are only a hint: our router
                // finds the elbow's path around the boxes.
                routing: if e.elbowed {
                    crate::model::Routing::Elbow
                } else {
                    crate::model::Routing::Straight
                },
                ..Default::default()
            }),
        ));
    }
    made.sort_by_key(|(order, _)| *order);
    out.board.elements =
        crate::model::Elements::from_vec(made.into_iter().map(|(_, e)| e).collect());
    let top = out
        .board
        .elements()
        .iter()
        .map(|e| e.id().0)
        .max()
        .unwrap_or(0);
    out.board.next_id = out.board.next_id.max(top + 1);
}
