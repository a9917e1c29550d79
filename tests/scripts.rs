//! Issue #17: text in every script, in PNG and SVG. Exports lay text out
//! with the system's fonts (the same provider as the window), so two
//! different Chinese labels are two different pictures, not two rows of
//! empty boxes; and the SVG keeps each label as written, in logical order,
//! for the viewer to shape.
//!
//! Needs the fonts the README lists (`fonts-noto-core`, `fonts-noto-cjk`,
//! `fonts-noto-color-emoji`); `.ci/run` installs them.

use mlsd_board::model::{Board, Catalog, Component, Element, ElementId, Elements, Point, Size};
use mlsd_board::render::export::{PADDING, RenderOptions, Scene};

/// Pairs of different labels of the same length, one pair per script.
const PAIRS: &[(&str, &str, &str)] = &[
    ("Chinese", "推荐系统", "召回排序"),
    ("Japanese", "ランキング", "レコメンド"),
    ("Korean", "추천시스템", "랭킹모델들"),
    ("Russian", "Рекомендации", "Ранжирование"),
    ("Arabic", "مرحبا", "شكرا"),
    ("Hebrew", "שלום", "תודה"),
    ("Devanagari", "नमस्ते", "धन्यवाद"),
    ("Emoji", "🚀", "✅"),
    ("Symbols", "→", "⇄"),
];

const W: f32 = 220.0;
const H: f32 = 72.0;

/// A board of plain boxes (label centred), one row per script, the two
/// labels of a pair side by side.
fn board() -> Board {
    let mut list = Vec::new();
    for (i, (_, a, b)) in PAIRS.iter().enumerate() {
        for (j, label) in [a, b].iter().enumerate() {
            list.push(Element::Component(Component {
                id: ElementId((i * 2 + j + 1) as u64),
                kind: String::new(),
                label: (**label).to_owned(),
                pos: Point::new(j as f32 * (W + 40.0), i as f32 * (H + 40.0)),
                size: Size::new(W, H),
                ..Component::default()
            }));
        }
    }
    let mut b = Board::new("scripts");
    b.elements = Elements::from_vec(list);
    b
}

/// The pixels of the inside of the box at board position `(x, y)`.
fn inside(img: &epaint::ColorImage, scale: f32, x: f32, y: f32) -> Vec<[u8; 4]> {
    let x0 = ((x + PADDING + 10.0) * scale) as usize;
    let y0 = ((y + PADDING + 8.0) * scale) as usize;
    let (w, h) = (((W - 20.0) * scale) as usize, ((H - 16.0) * scale) as usize);
    let mut out = Vec::with_capacity(w * h);
    for yy in y0..y0 + h {
        for xx in x0..x0 + w {
            out.push(img.pixels[yy * img.size[0] + xx].to_array());
        }
    }
    out
}

#[test]
fn every_script_draws_its_own_glyphs_in_a_png() {
    let catalog = Catalog::builtin().unwrap();
    let scale = 2.0;
    let scene = Scene::new(
        &board(),
        &catalog,
        &RenderOptions {
            scale,
            ..Default::default()
        },
    )
    .unwrap();
    let img = scene.to_image();
    let empty = Scene::new(
        &{
            let mut b = board();
            let list = b
                .elements()
                .iter()
                .map(|e| match e {
                    Element::Component(c) => Element::Component(Component {
                        label: String::new(),
                        ..c.clone()
                    }),
                    e => e.clone(),
                })
                .collect();
            b.elements = Elements::from_vec(list);
            b
        },
        &catalog,
        &RenderOptions {
            scale,
            ..Default::default()
        },
    )
    .unwrap()
    .to_image();
    for (i, (script, a, b)) in PAIRS.iter().enumerate() {
        let y = i as f32 * (H + 40.0);
        let pa = inside(&img, scale, 0.0, y);
        let pb = inside(&img, scale, W + 40.0, y);
        let blank = inside(&empty, scale, 0.0, y);
        assert_ne!(pa, blank, "{script}: {a} draws something");
        assert_ne!(pb, blank, "{script}: {b} draws something");
        assert_ne!(pa, pb, "{script}: {a} and {b} draw differently");
    }
}

#[test]
fn the_svg_keeps_every_label_as_written() {
    let catalog = Catalog::builtin().unwrap();
    let svg = Scene::new(&board(), &catalog, &RenderOptions::default())
        .unwrap()
        .to_svg();
    for (script, a, b) in PAIRS {
        for label in [a, b] {
            assert!(
                svg.contains(&format!(">{label}</text>")),
                "{script}: {label} in logical order"
            );
        }
    }
    // Right-to-left labels are marked so for the viewer.
    assert!(svg.contains("direction=\"rtl\""));
    // The font list names faces for the other scripts.
    assert!(svg.contains("Noto Sans CJK SC") && svg.contains("Noto Sans Arabic"));
}
