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

/// The x of the first glyph drawn for `c` in a galley (rows placed).
/// epaint pads a right-to-left run with zero-width glyphs; those are not
/// drawn and are skipped.
fn x_of(galley: &epaint::text::Galley, c: char) -> f32 {
    galley
        .rows
        .iter()
        .flat_map(|r| {
            r.glyphs
                .iter()
                .filter(|g| g.advance_width > 0.0)
                .map(move |g| (r.pos.x + g.pos.x, g.chr))
        })
        .find(|&(_, chr)| chr == c)
        .map_or_else(|| panic!("{c} is drawn"), |(x, _)| x)
}

/// The row (index) holding the first glyph drawn for `c`.
fn row_of(galley: &epaint::text::Galley, c: char) -> usize {
    galley
        .rows
        .iter()
        .position(|r| r.glyphs.iter().any(|g| g.chr == c))
        .unwrap_or_else(|| panic!("{c} is drawn"))
}

fn laid_out(text: &str, wrap: f32) -> std::sync::Arc<epaint::text::Galley> {
    let mut fonts = mlsd_board::render::fonts();
    let mut view = fonts.with_pixels_per_point(1.0);
    let mut p = mlsd_board::render::Painter::new(&mut view, epaint::Rect::EVERYTHING);
    p.layout(
        text.to_owned(),
        epaint::FontId::proportional(16.0),
        epaint::Color32::BLACK,
        wrap,
    )
}

#[test]
fn right_to_left_lines_read_right_to_left() {
    // Two Arabic words with no letter in common ("thanks, beautiful"):
    // the first is on the right, and each is written right to left.
    let g = laid_out("شكرا جميل", f32::INFINITY);
    assert!(x_of(&g, 'ش') > x_of(&g, 'ج'), "first word on the right");
    assert!(x_of(&g, 'ش') > x_of(&g, 'ك'), "first letter on the right");
    // Hebrew the same ("peace, world").
    let g = laid_out("שלום עד", f32::INFINITY);
    assert!(x_of(&g, 'ש') > x_of(&g, 'ע'));
    // Punctuation and a Latin word in a Hebrew line ("metrics: CTR, watch
    // time"): the first word at the right, then CTR, then the last two.
    let g = laid_out("מדדים: CTR, זמן צפייה", f32::INFINITY);
    assert!(x_of(&g, 'צ') < x_of(&g, 'ז'));
    assert!(x_of(&g, 'ז') < x_of(&g, 'C'));
    assert!(x_of(&g, 'C') < x_of(&g, 'ד'));
    // A Latin word in an Arabic line sits to the left of the Arabic before it.
    let g = laid_out("شكرا API", f32::INFINITY);
    assert!(x_of(&g, 'A') < x_of(&g, 'ش'));
    assert!(x_of(&g, 'A') < x_of(&g, 'P'), "Latin still left to right");
    // An Arabic phrase in an English line: its words swap, the English
    // stays in place around it.
    let g = laid_out("Ranker شكرا جميل v2", f32::INFINITY);
    assert!(x_of(&g, 'R') < x_of(&g, 'ج'));
    assert!(x_of(&g, 'ج') < x_of(&g, 'ش'));
    assert!(x_of(&g, 'ش') < x_of(&g, 'v'));
}

#[test]
fn wrapped_right_to_left_text_starts_on_the_first_row_at_the_right() {
    // "one two three four five six luck": the first word is the only one
    // with و, the last the only one with ظ.
    let text = "واحد اثنان ثلاثة أربعة خمسة ستة حظ";
    let one_line = laid_out(text, f32::INFINITY);
    let g = laid_out(text, one_line.size().x * 0.45);
    assert!(g.rows.len() >= 2, "wraps");
    // The first word is on the first row, the last word on the last.
    assert_eq!(row_of(&g, 'و'), 0);
    assert_eq!(row_of(&g, 'ظ'), g.rows.len() - 1);
    // Rows are aligned right: each ends at the galley's right edge.
    for row in &g.rows {
        assert!(
            (row.pos.x + row.size.x - g.rect.max.x).abs() < 0.5,
            "row aligned right"
        );
    }
    // In a note (a block as wide as its box), a right-to-left paragraph
    // goes to the box's right edge and an English one stays at the left.
    let mut fonts = mlsd_board::render::fonts();
    let mut view = fonts.with_pixels_per_point(1.0);
    let mut p = mlsd_board::render::Painter::new(&mut view, epaint::Rect::EVERYTHING);
    let g = p.layout_block(
        "Offline: nDCG\nالمقاييس: CTR".to_owned(),
        epaint::FontId::proportional(16.0),
        epaint::Color32::BLACK,
        300.0,
    );
    assert_eq!(g.rows.len(), 2);
    assert_eq!(g.rows[0].pos.x, 0.0);
    assert!((g.rows[1].pos.x + g.rows[1].size.x - 300.0).abs() < 0.5);
    // English text is laid out as before, aligned left.
    let g = laid_out("one two three four five six seven", 60.0);
    assert!(g.rows.iter().all(|r| r.pos.x == 0.0));
}

#[test]
fn the_svg_keeps_right_to_left_sentences_in_logical_order() {
    let catalog = Catalog::builtin().unwrap();
    let mut b = Board::new("rtl");
    let labels = [
        "إعادة الترتيب",
        "Ranker شكرا جميل v2",
        "מדדים: CTR, זמן צפייה",
    ];
    b.elements = Elements::from_vec(
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                Element::Component(Component {
                    id: ElementId(i as u64 + 1),
                    kind: String::new(),
                    label: (*label).to_owned(),
                    pos: Point::new(0.0, i as f32 * 100.0),
                    size: Size::new(W, H),
                    ..Component::default()
                })
            })
            .collect(),
    );
    let svg = Scene::new(&b, &catalog, &RenderOptions::default())
        .unwrap()
        .to_svg();
    for label in labels {
        assert!(
            svg.contains(&format!(">{label}</text>")),
            "{label} as written"
        );
    }
}
