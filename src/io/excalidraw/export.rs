//! A board as an Excalidraw scene: every element with its board form in
//! `customData`, the board's own settings in a top-level `mlsd` key.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::shown_label;
use crate::io::board_file::{BoardFile, to_ron};
use crate::model::{Board, BoxShape, Catalog, Color, Element, ElementId, LineStyle, Routing};

/// Excalidraw's id for a board element.
fn ex_id(id: ElementId) -> String {
    format!("mlsd-{}", id.0)
}

fn hex(c: Color) -> String {
    c.to_hex()
}

/// A light tint of a colour for box fills.
fn tint(c: Color) -> String {
    let m = |v: u8| (f32::from(v) + (255.0 - f32::from(v)) * 0.85).round() as u8;
    let [r, g, b] = c.0;
    Color([m(r), m(g), m(b)]).to_hex()
}

fn base(id: &str, kind: &str, x: f32, y: f32, w: f32, h: f32, seed: u64) -> Value {
    json!({
        "id": id, "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0,
        "strokeColor": "#1e1e1e", "backgroundColor": "transparent", "fillStyle": "solid",
        "strokeWidth": 2, "strokeStyle": "solid", "roughness": 0, "opacity": 100,
        "groupIds": [], "frameId": null, "roundness": null, "seed": seed, "version": 1,
        "versionNonce": seed.wrapping_mul(2_654_435_761) % 2_147_483_647, "isDeleted": false,
        "boundElements": [], "updated": 1, "link": null, "locked": false,
    })
}

fn text_el(
    owner: &str,
    text: &str,
    rect: (f32, f32, f32, f32),
    size: f32,
    top_left: bool,
    seed: u64,
) -> Value {
    let (x, y, w, h) = rect;
    let mut t = base(&format!("{owner}-text"), "text", x, y, w, h, seed);
    let o = t.as_object_mut().expect("an object");
    o.insert("text".into(), json!(text));
    o.insert("originalText".into(), json!(text));
    o.insert("fontSize".into(), json!(size));
    o.insert("fontFamily".into(), json!(2));
    o.insert(
        "textAlign".into(),
        json!(if top_left { "left" } else { "center" }),
    );
    o.insert(
        "verticalAlign".into(),
        json!(if top_left { "top" } else { "middle" }),
    );
    o.insert("containerId".into(), json!(owner));
    o.insert("autoResize".into(), json!(true));
    o.insert("lineHeight".into(), json!(1.25));
    t
}

/// The board as an Excalidraw scene (JSON text). The session is not
/// included: Excalidraw has no notion of one.
///
/// # Errors
/// When the board's own settings cannot be written as RON (not expected).
pub fn export(board: &Board, catalog: &Catalog) -> Result<String, String> {
    let mut out: Vec<Value> = Vec::with_capacity(board.elements().len() * 2);
    let mut bound: HashMap<ElementId, Vec<Value>> = HashMap::new();
    let index = crate::model::spatial::SpatialIndex::build(board);
    for e in board.elements() {
        if let Element::Arrow(a) = e {
            for end in [&a.from, &a.to] {
                if let Some(id) = end.element() {
                    bound
                        .entry(id)
                        .or_default()
                        .push(json!({"type": "arrow", "id": ex_id(a.id)}));
                }
            }
        }
    }
    let frames: Vec<(ElementId, crate::model::Rect)> = board
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Frame(f) => Some((f.id, crate::model::Rect::from_pos_size(f.pos, f.size))),
            _ => None,
        })
        .collect();
    let frame_of = |r: &crate::model::Rect| -> Value {
        frames
            .iter()
            .filter(|(_, fr)| fr.contains_rect(r))
            .min_by(|a, b| (a.1.width() * a.1.height()).total_cmp(&(b.1.width() * b.1.height())))
            .map_or(Value::Null, |(id, _)| json!(ex_id(*id)))
    };
    for e in board.elements() {
        let id = ex_id(e.id());
        let seed = e.id().0;
        let stored = ron::Options::default()
            .to_string(e)
            .map_err(|err| err.to_string())?;
        let mut label_el: Option<Value> = None;
        let mut el = match e {
            Element::Ink(i) => {
                let b = i.bounds();
                let mut v = base(
                    &id,
                    "freedraw",
                    i.pos.x,
                    i.pos.y,
                    b.width(),
                    b.height(),
                    seed,
                );
                v["points"] = Value::Array(
                    i.points
                        .iter()
                        .map(|p| json!([f64::from(p[0]), f64::from(p[1])]))
                        .collect(),
                );
                v["strokeWidth"] = json!(i.width);
                v["pressures"] = json!(i.pressure);
                v["simulatePressure"] = json!(i.pressure.is_empty());
                v["lastCommittedPoint"] = Value::Null;
                if let Some(c) = i.color {
                    v["strokeColor"] = json!(hex(c));
                }
                v
            }
            Element::Component(c) => {
                let accent = c
                    .color
                    .or(catalog.resolve(&board.custom_kinds, &c.kind).color);
                // Excalidraw has rectangles, ellipses and diamonds; a
                // cylinder or a queue goes as a rectangle (the file keeps
                // the shape for MLSD Board in customData).
                let shape = c
                    .shape
                    .or_else(|| {
                        catalog
                            .resolve(&board.custom_kinds, &c.kind)
                            .kind
                            .and_then(|k| k.shape)
                    })
                    .unwrap_or_default();
                let kind = match shape {
                    BoxShape::Ellipse => "ellipse",
                    BoxShape::Diamond => "diamond",
                    _ => "rectangle",
                };
                let mut v = base(&id, kind, c.pos.x, c.pos.y, c.size.w, c.size.h, seed);
                if let Some(a) = accent {
                    v["strokeColor"] = json!(hex(a));
                    v["backgroundColor"] = json!(tint(a));
                }
                if shape == BoxShape::Text {
                    v["strokeColor"] = json!("transparent");
                    v["backgroundColor"] = json!("transparent");
                }
                v["roundness"] = match shape {
                    BoxShape::Rectangle | BoxShape::Diamond | BoxShape::Ellipse => Value::Null,
                    _ => json!({"type": 3}),
                };
                let label = shown_label(c, catalog, board);
                if !label.is_empty() {
                    label_el = Some(text_el(
                        &id,
                        &label,
                        (
                            c.pos.x + 8.0,
                            c.pos.y + 8.0,
                            (c.size.w - 16.0).max(1.0),
                            (c.size.h - 16.0).max(1.0),
                        ),
                        16.0,
                        false,
                        seed.wrapping_add(1),
                    ));
                }
                v["frameId"] = frame_of(&crate::model::Rect::from_pos_size(c.pos, c.size));
                with_text(v, &id, !label.is_empty())
            }
            Element::Note(n) => {
                let mut v = base(&id, "rectangle", n.pos.x, n.pos.y, n.size.w, n.size.h, seed);
                v["backgroundColor"] = json!(n.color.map_or_else(|| "#fff3bf".to_owned(), hex));
                v["strokeColor"] = json!("#e0c060");
                v["strokeWidth"] = json!(1);
                if !n.text.is_empty() {
                    // An estimate card goes out with its values, so they
                    // show in Excalidraw too; the exact text rides along in
                    // customData.
                    let shown = if crate::model::estimate::is_estimate(&n.text) {
                        crate::model::estimate::with_values(&n.text)
                    } else {
                        n.text.clone()
                    };
                    label_el = Some(text_el(
                        &id,
                        &shown,
                        (
                            n.pos.x + 10.0,
                            n.pos.y + 10.0,
                            (n.size.w - 20.0).max(1.0),
                            (n.size.h - 20.0).max(1.0),
                        ),
                        16.0,
                        true,
                        seed.wrapping_add(1),
                    ));
                }
                v["frameId"] = frame_of(&crate::model::Rect::from_pos_size(n.pos, n.size));
                with_text(v, &id, !n.text.is_empty())
            }
            Element::Frame(f) => {
                let mut v = base(&id, "frame", f.pos.x, f.pos.y, f.size.w, f.size.h, seed);
                v["name"] = json!(f.title);
                if let Some(c) = f.color {
                    v["strokeColor"] = json!(hex(c));
                }
                v["roughness"] = json!(0);
                v
            }
            Element::Arrow(a) => {
                let Some(path) = index.path(a.id) else {
                    continue;
                };
                let (s, t) = (path[0], path[path.len() - 1]);
                let b = crate::model::bounds_of(path);
                let mut v = base(&id, "arrow", s.x, s.y, b.width(), b.height(), seed);
                v["points"] = Value::Array(
                    path.iter()
                        .map(|q| {
                            json!([
                                f64::from(q.x) - f64::from(s.x),
                                f64::from(q.y) - f64::from(s.y)
                            ])
                        })
                        .collect(),
                );
                v["startBinding"] = a.from.element().map_or(
                    Value::Null,
                    |i| json!({"elementId": ex_id(i), "focus": 0, "gap": 4}),
                );
                v["endBinding"] = a.to.element().map_or(
                    Value::Null,
                    |i| json!({"elementId": ex_id(i), "focus": 0, "gap": 4}),
                );
                v["startArrowhead"] = Value::Null;
                v["endArrowhead"] = json!("arrow");
                // Excalidraw rounds a line with "roundness" into a curve
                // through its points; elbow arrows are square-cornered.
                v["roundness"] = match a.routing {
                    Routing::Elbow => Value::Null,
                    Routing::Straight | Routing::Curved => json!({"type": 2}),
                };
                v["elbowed"] = json!(a.routing == Routing::Elbow);
                v["lastCommittedPoint"] = Value::Null;
                if a.style == LineStyle::Dashed {
                    v["strokeStyle"] = json!("dashed");
                }
                if let Some(c) = a.color {
                    v["strokeColor"] = json!(hex(c));
                }
                if !a.label.is_empty() {
                    let mid = crate::model::route::label_anchor(path)
                        .map_or(((s.x + t.x) / 2.0, (s.y + t.y) / 2.0), |(m, _, _)| {
                            (m.x, m.y)
                        });
                    label_el = Some(text_el(
                        &id,
                        &a.label,
                        (mid.0 - 60.0, mid.1 - 10.0, 120.0, 20.0),
                        14.0,
                        false,
                        seed.wrapping_add(1),
                    ));
                }
                with_text(v, &id, !a.label.is_empty())
            }
        };
        if let Some(arrows) = bound.remove(&e.id())
            && let Some(list) = el["boundElements"].as_array_mut()
        {
            list.extend(arrows);
        }
        el["customData"] = json!({ "mlsd": stored });
        if let Some(t) = label_el.as_mut() {
            t["frameId"] = el["frameId"].clone();
        }
        out.push(el);
        out.extend(label_el);
    }
    let mut settings = board.clone();
    settings.elements = crate::model::Elements::default();
    let settings = to_ron(&BoardFile::new(settings)).map_err(|e| e.to_string())?;
    let scene = json!({
        "type": "excalidraw",
        "version": 2,
        "source": "https://github.com/mlsd-board (MLSD Board export)",
        "elements": out,
        "appState": { "viewBackgroundColor": "#ffffff", "gridSize": 20 },
        "files": {},
        "mlsd": settings,
    });
    serde_json::to_string_pretty(&scene).map_err(|e| e.to_string())
}

fn with_text(mut v: Value, id: &str, has_text: bool) -> Value {
    if has_text && let Some(list) = v["boundElements"].as_array_mut() {
        list.push(json!({"type": "text", "id": format!("{id}-text")}));
    }
    v
}
