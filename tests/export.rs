//! Pictures of boards, headless: every template renders to SVG and PNG, the
//! PNG has the expected size and carries its board (session included) so it
//! opens back as an equal board; boards embedded in PNGs get exactly the
//! checks and errors of `.ron` files; `mlsd-board render` and `check` work
//! on them from the command line.

mod common;

use std::path::Path;
use std::process::Command;

use common::{arb_action, arb_board, recorded_file};
use mlsd_board::io::png_board::{self, decode_image};
use mlsd_board::io::{BoardFile, LoadError, load_bytes, load_path};
use mlsd_board::model::{Board, Catalog, Element, Framework, Template};
use mlsd_board::render::export::{self, Format, RenderOptions, Scene};
use proptest::prelude::*;

fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

fn study_boards() -> Vec<(String, Board)> {
    let frameworks = Framework::builtin().unwrap();
    Template::builtin()
        .unwrap()
        .into_iter()
        .map(|t| (t.id.clone(), t.study_board(&frameworks, 1_763_780_000)))
        .collect()
}

/// The `width="..."` and `height="..."` of the `<svg>` element.
fn svg_size(svg: &str) -> (f32, f32) {
    let tag = &svg[svg.find("<svg").unwrap()..];
    let attr = |name: &str| -> f32 {
        let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    (attr("width"), attr("height"))
}

#[test]
fn every_template_renders_to_svg_and_png_with_the_expected_size() {
    let catalog = catalog();
    let boards = study_boards();
    assert_eq!(boards.len(), 10);
    for (id, board) in boards {
        let file = BoardFile::new(board.clone());
        let svg = export::export(&file, &catalog, Format::Svg, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{id}: SVG: {e}"));
        let text = String::from_utf8(svg.bytes).unwrap();
        assert!(
            text.starts_with("<?xml") && text.trim_end().ends_with("</svg>"),
            "{id}"
        );
        // Every component's label is in the SVG as text (spaces kept).
        for e in board.elements() {
            if let Element::Component(c) = e {
                let first_word = c.label.split_whitespace().next().unwrap_or_default();
                let escaped = first_word.replace('&', "&amp;").replace('<', "&lt;");
                assert!(text.contains(&escaped), "{id}: label {:?} missing", c.label);
            }
        }
        let (w, h) = svg_size(&text);
        let opts = RenderOptions {
            scale: 1.0,
            ..RenderOptions::default()
        };
        let png = export::export(&file, &catalog, Format::Png, &opts)
            .unwrap_or_else(|e| panic!("{id}: PNG: {e}"));
        let img = decode_image(&png.bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(
            (img.width() as usize, img.height() as usize),
            (png.size[0], png.size[1]),
            "{id}"
        );
        assert_eq!(
            (img.width(), img.height()),
            (w.round() as u32, h.round() as u32),
            "{id}: PNG at scale 1 has the SVG's size"
        );
        // Something was drawn: many colours (boxes, icons, anti-aliased text).
        let colours: std::collections::HashSet<[u8; 4]> = img.pixels().map(|p| p.0).collect();
        assert!(colours.len() > 200, "{id}: only {} colours", colours.len());
        // And it opens back as the same board.
        let loaded = load_bytes(&png.bytes, Path::new("t.png")).unwrap();
        assert_eq!(loaded.file.board, board, "{id}");
    }
}

#[test]
fn scale_and_theme_change_the_picture() {
    let catalog = catalog();
    let (_, board) = study_boards().swap_remove(0);
    let file = BoardFile::new(board);
    let one = export::export(
        &file,
        &catalog,
        Format::Png,
        &RenderOptions {
            scale: 0.5,
            ..Default::default()
        },
    )
    .unwrap();
    let two = export::export(
        &file,
        &catalog,
        Format::Png,
        &RenderOptions {
            scale: 1.0,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(two.size[0], (one.size[0] as f32 * 2.0).round() as usize);
    let light = decode_image(&one.bytes).unwrap();
    let dark_png = export::export(
        &file,
        &catalog,
        Format::Png,
        &RenderOptions {
            scale: 0.5,
            dark: true,
            ..Default::default()
        },
    )
    .unwrap();
    let dark = decode_image(&dark_png.bytes).unwrap();
    let luma = |p: &image::Rgba<u8>| u32::from(p.0[0]) + u32::from(p.0[1]) + u32::from(p.0[2]);
    assert!(luma(light.get_pixel(1, 1)) > 600, "light background");
    assert!(luma(dark.get_pixel(1, 1)) < 150, "dark background");
    let clear = export::export(
        &file,
        &catalog,
        Format::Png,
        &RenderOptions {
            scale: 0.5,
            background: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        decode_image(&clear.bytes).unwrap().get_pixel(1, 1).0[3],
        0,
        "transparent"
    );
    for bad in [0.0, -1.0, f32::NAN, 100.0] {
        let opts = RenderOptions {
            scale: bad,
            ..Default::default()
        };
        assert!(matches!(
            export::export(&file, &catalog, Format::Png, &opts),
            Err(export::ExportError::BadScale(_))
        ));
    }
}

#[test]
fn a_selection_exports_only_itself_and_embeds_a_board_of_it() {
    let catalog = catalog();
    let (_, board) = study_boards().swap_remove(0);
    let boxes = common::first_components(&board, 2);
    let whole = Scene::new(&board, &catalog, &RenderOptions::default()).unwrap();
    let opts = RenderOptions {
        only: Some(boxes.clone()),
        scale: 1.0,
        ..RenderOptions::default()
    };
    let part = Scene::new(&board, &catalog, &opts).unwrap();
    assert!(part.size.x < whole.size.x && part.shapes.len() < whole.shapes.len());
    let png = export::export(&BoardFile::new(board.clone()), &catalog, Format::Png, &opts).unwrap();
    let inside = load_bytes(&png.bytes, Path::new("sel.png"))
        .unwrap()
        .file
        .board;
    let ids: Vec<_> = inside.elements().iter().map(Element::id).collect();
    let expected = export::selection_ids(&board, &boxes);
    assert_eq!(ids, expected, "the two boxes and arrows between them");
    assert!(expected.len() >= 2);
}

#[test]
fn an_empty_board_has_nothing_to_export() {
    let r = Scene::new(&Board::new("empty"), &catalog(), &RenderOptions::default());
    assert!(matches!(r, Err(export::ExportError::Empty)));
}

#[test]
fn a_huge_board_is_scaled_down_to_stay_in_bounds() {
    let board = mlsd_board::model::generate::grid_board(400, 300, 7);
    let scene = Scene::new(
        &board,
        &catalog(),
        &RenderOptions {
            scale: 8.0,
            ..Default::default()
        },
    )
    .unwrap();
    let [w, h] = scene.size_px();
    assert!(scene.scaled_down);
    assert!(w <= 16_384 && h <= 16_384 && (w * h) as f32 <= export::MAX_PIXELS * 1.01);
}

/// A PNG holding `payload` (any bytes) in the board chunk, compressed or
/// not, spliced after the header chunk.
fn png_with_payload(payload: &[u8], compressed: bool) -> Vec<u8> {
    let plain = png_board::encode(2, 2, &[200; 16], None).unwrap();
    let mut data = png_board::KEYWORD.as_bytes().to_vec();
    data.extend_from_slice(&[0, u8::from(compressed), 0, 0, 0]);
    if compressed {
        data.extend(fdeflate::compress_to_vec(payload));
    } else {
        data.extend_from_slice(payload);
    }
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"iTXt");
    chunk.extend_from_slice(&data);
    let mut h = crc32fast::Hasher::new();
    h.update(b"iTXt");
    h.update(&data);
    chunk.extend_from_slice(&h.finalize().to_be_bytes());
    let after_ihdr = 8 + 8 + 13 + 4;
    let mut out = plain[..after_ihdr].to_vec();
    out.extend(chunk);
    out.extend_from_slice(&plain[after_ihdr..]);
    out
}

#[test]
fn every_damaged_fixture_inside_a_png_gives_the_ron_files_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("ron") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let from_ron = load_bytes(&bytes, &path);
        for compressed in [true, false] {
            let from_png = load_bytes(&png_with_payload(&bytes, compressed), &path);
            match (&from_ron, &from_png) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.file, b.file, "{}", path.display());
                    assert_eq!(format!("{:?}", a.repairs), format!("{:?}", b.repairs));
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{}", path.display()),
                _ => panic!("{}: {from_ron:?} vs {from_png:?}", path.display()),
            }
        }
        n += 1;
    }
    assert!(n >= 30, "{n} fixtures");
}

#[test]
fn a_board_inflating_past_the_cap_is_refused_unread() {
    // 80 MiB of spaces compress to a few hundred kilobytes.
    let bomb = vec![b' '; 80 * 1024 * 1024];
    let png = png_board::encode(2, 2, &[7; 16], Some(std::str::from_utf8(&bomb).unwrap())).unwrap();
    assert!(png.len() < 2 * 1024 * 1024, "{} bytes", png.len());
    let err = load_bytes(&png, Path::new("bomb.png")).unwrap_err();
    // Issue #20, 9: the message quoted the limit plus one as the file's
    // size; it says what the picture holds now.
    assert!(
        matches!(err, LoadError::InflatesTooLarge { packed, .. } if packed < 2 * 1024 * 1024),
        "{err}"
    );
    assert!(err.to_string().contains("unpacks to more than"), "{err}");
}

#[test]
fn damaged_pngs_get_clear_messages() {
    let good = png_with_payload(b"(format: 1, board: ())", true);
    assert!(load_bytes(&good, Path::new("g.png")).is_ok());
    // Cut short inside the board chunk.
    let err = load_bytes(&good[..60], Path::new("cut.png")).unwrap_err();
    assert!(matches!(err, LoadError::BadImage { .. }), "{err}");
    // A flipped byte in the board's compressed text: the checksum catches it.
    let mut flipped = good.clone();
    flipped[60] ^= 0x55;
    let err = load_bytes(&flipped, Path::new("flip.png")).unwrap_err();
    assert!(matches!(err, LoadError::BadImage { .. }), "{err}");
    assert!(err.to_string().contains("flip.png"));
    // A plain picture.
    let plain = png_board::encode(3, 3, &[9; 36], None).unwrap();
    let err = load_bytes(&plain, Path::new("photo.png")).unwrap_err();
    assert!(matches!(err, LoadError::NoBoardInImage { .. }), "{err}");
    assert!(err.to_string().contains("without a board"));
}

#[test]
fn a_decompression_bomb_picture_is_refused_by_the_image_limits() {
    // A valid PNG header claiming 100,000 x 100,000 pixels (40 GB decoded).
    let plain = png_board::encode(1, 1, &[0; 4], None).unwrap();
    let mut bomb = plain.clone();
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let mut h = crc32fast::Hasher::new();
    h.update(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&h.finalize().to_be_bytes());
    let err = decode_image(&bomb).unwrap_err();
    assert!(err.contains("too large"), "{err}");
    // Opening it as a board reads no pixels: it says there is no board.
    let err = load_bytes(&bomb, Path::new("bomb.png")).unwrap_err();
    assert!(matches!(err, LoadError::NoBoardInImage { .. }), "{err}");
}

#[test]
fn render_and_check_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_mlsd-board");
    let ron = dir.path().join("b.ron");
    let run = |args: &[&str]| Command::new(bin).args(args).output().unwrap();
    let out = run(&[
        "new",
        "--template",
        "ad-click-prediction",
        "--study",
        "-o",
        ron.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let png = dir.path().join("b.png");
    let out = run(&[
        "render",
        ron.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
        "--scale",
        "0.5",
        "--theme",
        "dark",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("pixels"));
    let svg = dir.path().join("b.svg");
    let out = run(&["render", png.to_str().unwrap(), "-o", svg.to_str().unwrap()]);
    assert!(out.status.success(), "a PNG renders like its board");
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let out = run(&["check", png.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("OK"));
    assert_eq!(
        load_path(&png).unwrap().file.board,
        load_path(&ron).unwrap().file.board
    );
    // Refusals: unknown extension, bad scale, a plain picture.
    let out = run(&["render", ron.to_str().unwrap(), "-o", "x.gif"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".svg, .png or .excalidraw"));
    let out = run(&[
        "render",
        ron.to_str().unwrap(),
        "-o",
        "x.png",
        "--scale",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let plain = dir.path().join("plain.png");
    std::fs::write(&plain, png_board::encode(2, 2, &[1; 16], None).unwrap()).unwrap();
    let out = run(&["check", plain.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("without a board"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_png_export_round_trips_to_an_equal_board_with_its_session(
        start in arb_board(),
        actions in prop::collection::vec(arb_action(), 0..12),
    ) {
        let file = recorded_file(start, &actions);
        prop_assume!(!file.board.elements().is_empty());
        // Boards reach 2e7 units across; keep the pictures small.
        let opts = RenderOptions { max_pixels: 50_000.0, ..RenderOptions::default() };
        let png = export::export(&file, &catalog(), Format::Png, &opts).unwrap();
        let loaded = load_bytes(&png.bytes, Path::new("p.png")).unwrap();
        prop_assert!(loaded.repairs.is_empty(), "repairs: {:?}", loaded.repairs);
        prop_assert_eq!(loaded.file, file);
    }
}
