//! Excalidraw files: the two benchmark scenes import with every arrow bound
//! to the right pair; an Excalidraw export of each template imports back
//! equal; damaged and hostile files give typed errors or counted skips.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use mlsd_board::io::excalidraw::{ExcalidrawError, export, import_bytes, import_path};
use mlsd_board::model::{Catalog, Element, Endpoint, Framework, Template};
use serde_json::{Value, json};

fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

/// The benchmark scenes (copies of the peer's, in Excalidraw's format).
fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bench")
}

fn bench_scene(name: &str) -> (PathBuf, Value) {
    let path = bench_dir().join(format!("{name}.excalidraw.gz"));
    let bytes = std::fs::read(&path).unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut json)
        .unwrap();
    (path, serde_json::from_str(&json).unwrap())
}

/// Checks a bench scene's import against the scene itself: counts, and
/// every arrow bound to the boxes whose labels its Excalidraw bindings name.
fn check_scene(name: &str, boxes: usize, arrows: usize) {
    let (path, scene) = bench_scene(name);
    let imported = import_path(&path, &catalog()).unwrap();
    let c = imported.board.counts();
    assert_eq!(
        (c.components, c.arrows, c.notes),
        (boxes, arrows, 0),
        "{name}"
    );
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    assert_eq!(imported.loose_bindings, 0);
    // Label of each Excalidraw rectangle, through its bound text.
    let els = scene["elements"].as_array().unwrap();
    let mut label_of: HashMap<&str, &str> = HashMap::new();
    for e in els {
        if e["type"] == "text"
            && let Some(c) = e["containerId"].as_str()
        {
            label_of.insert(c, e["text"].as_str().unwrap());
        }
    }
    let board = &imported.board;
    let label = |end: &Endpoint| -> String {
        let Endpoint::Element { id, .. } = end else {
            panic!("{name}: an arrow end is free")
        };
        match board.get(*id) {
            Some(Element::Component(c)) => c.label.clone(),
            other => panic!("{name}: bound to {other:?}"),
        }
    };
    let ours: Vec<(String, String)> = board
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Arrow(a) => Some((label(&a.from), label(&a.to))),
            _ => None,
        })
        .collect();
    let theirs: Vec<(String, String)> = els
        .iter()
        .filter(|e| e["type"] == "arrow")
        .map(|e| {
            let end = |b: &str| label_of[e[b]["elementId"].as_str().unwrap()].to_owned();
            (end("startBinding"), end("endBinding"))
        })
        .collect();
    assert_eq!(ours.len(), arrows);
    assert_eq!(ours, theirs, "{name}: every arrow joins the same pair");
}

#[test]
fn the_small_bench_scene_imports_with_every_arrow_bound() {
    check_scene("scene-500-800", 500, 800);
}

#[test]
fn the_large_bench_scene_imports_with_every_arrow_bound() {
    check_scene("scene-5000-8000", 5000, 8000);
}

#[test]
fn every_template_exported_to_excalidraw_imports_back_equal() {
    let catalog = catalog();
    let frameworks = Framework::builtin().unwrap();
    for t in Template::builtin().unwrap() {
        for board in [
            t.study_board(&frameworks, 1_763_780_000),
            t.practice_board(&frameworks, 1_763_780_000),
        ] {
            if board.elements().is_empty() {
                continue;
            }
            let text = export(&board, &catalog).unwrap();
            let scene: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(scene["type"], "excalidraw");
            // Excalidraw's own fields are right, not only our customData.
            let rects = scene["elements"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["type"] == "rectangle")
                .count();
            let c = board.counts();
            assert_eq!(rects, c.components + c.notes, "{}", t.id);
            let back = import_bytes(text.as_bytes(), Path::new("t.excalidraw"), &catalog)
                .unwrap_or_else(|e| panic!("{}: {e}", t.id));
            assert!(back.skipped.is_empty(), "{}: {:?}", t.id, back.skipped);
            assert_eq!(back.board, board, "{}", t.id);
        }
    }
}

#[test]
fn edits_made_in_excalidraw_come_back() {
    let catalog = catalog();
    let t = Template::builtin().unwrap().swap_remove(0);
    let board = t.study_board(&Framework::builtin().unwrap(), 0);
    let mut scene: Value = serde_json::from_str(&export(&board, &catalog).unwrap()).unwrap();
    // Move the first rectangle, rename its label, delete an arrow; and
    // drop our top-level key, as Excalidraw does when it saves.
    let els = scene["elements"].as_array_mut().unwrap();
    let rect = els.iter().position(|e| e["type"] == "rectangle").unwrap();
    els[rect]["x"] = json!(-500.0);
    let rect_id = els[rect]["id"].as_str().unwrap().to_owned();
    let text = els
        .iter()
        .position(|e| e["containerId"] == rect_id.as_str())
        .unwrap();
    els[text]["text"] = json!("Renamed");
    els[text]["originalText"] = json!("Renamed");
    let arrow = els.iter().position(|e| e["type"] == "arrow").unwrap();
    els[arrow]["isDeleted"] = json!(true);
    scene.as_object_mut().unwrap().remove("mlsd");
    let back = import_bytes(
        scene.to_string().as_bytes(),
        Path::new("edited.excalidraw"),
        &catalog,
    )
    .unwrap();
    let c = back.board.counts();
    assert_eq!(c.arrows, board.counts().arrows - 1);
    let moved = back
        .board
        .elements()
        .iter()
        .find_map(|e| match e {
            Element::Component(c) if c.label == "Renamed" => Some(c),
            _ => None,
        })
        .expect("the renamed component");
    assert_eq!(moved.pos.x, -500.0);
    assert!(!moved.kind.is_empty(), "its kind came back from customData");
}

#[test]
fn plain_excalidraw_drawings_map_and_count_what_is_skipped() {
    let scene = json!({
        "type": "excalidraw", "version": 2,
        "elements": [
            {"id": "a", "type": "rectangle", "x": 0, "y": 0, "width": 100, "height": 50, "strokeColor": "#e03131"},
            {"id": "at", "type": "text", "x": 10, "y": 10, "width": 80, "height": 20, "text": "Ranker", "containerId": "a"},
            {"id": "b", "type": "ellipse", "x": 300, "y": 0, "width": 100, "height": 50},
            {"id": "n", "type": "text", "x": 0, "y": 200, "width": 120, "height": 20, "text": "a note"},
            {"id": "f", "type": "frame", "x": -20, "y": -20, "width": 500, "height": 300, "name": "Serving"},
            {"id": "x", "type": "arrow", "x": 100, "y": 25, "points": [[0, 0], [100, 10], [200, 0]],
             "startBinding": {"elementId": "a"}, "endBinding": {"elementId": "b"}, "strokeStyle": "dashed"},
            {"id": "y", "type": "line", "x": 0, "y": 400, "points": [[0, 0], [50, 50]],
             "startBinding": {"elementId": "gone"}},
            {"id": "d", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10, "isDeleted": true},
            {"id": "p", "type": "freedraw", "x": 0, "y": 0, "points": [[0, 0], [1, 1]]},
            {"id": "p2", "type": "freedraw", "x": 0, "y": 0},
            {"id": "i", "type": "image", "x": 0, "y": 0, "width": 10, "height": 10},
            {"id": "w", "type": "rectangle", "x": "left", "y": 0},
            {"id": "h", "type": "rectangle", "x": 1e300, "y": 0, "width": 1, "height": 1},
            42
        ]
    });
    let got = import_bytes(
        scene.to_string().as_bytes(),
        Path::new("plain.excalidraw"),
        &catalog(),
    )
    .unwrap();
    let c = got.board.counts();
    assert_eq!((c.components, c.notes, c.frames, c.arrows), (2, 1, 1, 2));
    assert_eq!(c.ink, 1, "a freehand stroke comes in as a pen stroke");
    let skipped: HashMap<&str, usize> = got.skipped.iter().map(|(w, n)| (w.as_str(), *n)).collect();
    assert_eq!(skipped["images"], 1);
    assert_eq!(
        skipped["damaged elements"], 2,
        "a string x and a bare number"
    );
    assert_eq!(
        skipped["elements with invalid numbers"], 2,
        "x at 1e300, and a stroke without points"
    );
    assert_eq!(got.loose_bindings, 1);
    let summary = got.summary();
    assert!(
        summary.contains("1 pen strokes") && summary.contains("1 images"),
        "{summary}"
    );
    let ranker = got
        .board
        .elements()
        .iter()
        .find_map(|e| match e {
            Element::Component(c) => Some(c),
            _ => None,
        })
        .unwrap();
    assert_eq!(ranker.label, "Ranker");
    assert_eq!(
        ranker.color.map(mlsd_board::model::Color::to_hex),
        Some("#e03131".to_owned())
    );
    let arrow = got
        .board
        .elements()
        .iter()
        .find_map(|e| match e {
            Element::Arrow(a) if a.from.element().is_some() => Some(a),
            _ => None,
        })
        .unwrap();
    assert_eq!(arrow.style, mlsd_board::model::LineStyle::Dashed);
    assert!(arrow.to.element().is_some(), "bound at both ends");
}

#[test]
fn damaged_and_hostile_files_give_typed_errors() {
    let catalog = catalog();
    let load = |bytes: &[u8]| import_bytes(bytes, Path::new("bad.excalidraw"), &catalog);
    let deep = format!(
        "{{\"type\":\"excalidraw\",\"elements\":[{}{}]}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deeper = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let deep_in_a_string = format!(
        "{{\"type\":\"excalidraw\",\"elements\":[{{\"id\":\"t\",\"type\":\"text\",\"x\":0,\"y\":0,\"width\":9,\"height\":9,\"text\":\"{}\"}}]}}",
        "[".repeat(10_000)
    );
    let ok = load(deep_in_a_string.as_bytes()).expect("brackets inside text are only text");
    assert_eq!(ok.board.counts().notes, 1);
    let huge_numbers =
        r#"{"type":"excalidraw","elements":[{"id":"a","type":"rectangle","x":1e999,"y":0}]}"#;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", b"".to_vec()),
        (
            "truncated",
            br#"{"type":"excalidraw","elements":[{"id":"a","ty"#.to_vec(),
        ),
        ("not json", b"hello world".to_vec()),
        ("wrong type", br#"{"type":"tldraw","elements":[]}"#.to_vec()),
        (
            "elements not a list",
            br#"{"type":"excalidraw","elements":{"a":1}}"#.to_vec(),
        ),
        ("type missing", br#"{"elements":[]}"#.to_vec()),
        ("top-level list", b"[1,2,3]".to_vec()),
        ("deep nesting", deep.into_bytes()),
        ("a million deep", deeper.into_bytes()),
        ("number overflow", huge_numbers.as_bytes().to_vec()),
        (
            "random bytes",
            (0..4000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        ("bad gzip", vec![0x1f, 0x8b, 8, 0, 1, 2, 3]),
    ];
    for (what, bytes) in cases {
        match load(&bytes) {
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains("bad.excalidraw"), "{what}: {msg}");
                if what.contains("deep") {
                    assert!(
                        matches!(e, ExcalidrawError::TooDeep { .. }),
                        "{what}: {e:?}"
                    );
                }
            }
            Ok(imported) => {
                // Only the overflow case reads: as a counted skip.
                assert_eq!(what, "number overflow", "{what} was accepted");
                assert_eq!(imported.board.elements().len(), 0);
                assert!(!imported.skipped.is_empty());
            }
        }
    }
}

#[test]
fn an_oversized_gzip_is_refused_after_the_cap() {
    use std::io::Write;
    // 70 MiB of spaces inside a valid scene, gzipped to well under a MiB.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(br#"{"type":"excalidraw","elements":[]"#)
        .unwrap();
    gz.write_all(&vec![b' '; 70 * 1024 * 1024]).unwrap();
    gz.write_all(b"}").unwrap();
    let bytes = gz.finish().unwrap();
    assert!(bytes.len() < 1024 * 1024);
    let err = import_bytes(&bytes, Path::new("bomb.excalidraw.gz"), &catalog()).unwrap_err();
    assert!(matches!(err, ExcalidrawError::TooLarge { .. }), "{err}");
}

#[test]
fn import_and_render_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_mlsd-board");
    let run = |args: &[&str]| Command::new(bin).args(args).output().unwrap();
    let ron = dir.path().join("t.ron");
    assert!(
        run(&[
            "new",
            "--template",
            "visual-search",
            "--study",
            "-o",
            ron.to_str().unwrap()
        ])
        .status
        .success()
    );
    let ex = dir.path().join("t.excalidraw");
    let out = run(&["render", ron.to_str().unwrap(), "-o", ex.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let back = dir.path().join("back.ron");
    let out = run(&["import", ex.to_str().unwrap(), "-o", back.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("components"));
    let a = mlsd_board::io::load_path(&ron).unwrap().file.board;
    let b = mlsd_board::io::load_path(&back).unwrap().file.board;
    assert_eq!(a, b);
    let bad = dir.path().join("bad.excalidraw");
    std::fs::write(&bad, b"{\"type\": \"excalidraw\", \"elements\": [").unwrap();
    let out = run(&[
        "import",
        bad.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("bad.excalidraw"));
}

/// An elbow arrow whose stored points cross a box comes in as an elbow
/// routed around that box by our router, and goes back out elbowed.
#[test]
fn an_elbowed_arrow_comes_in_routed_around_the_box_in_its_way() {
    let scene = json!({
        "type": "excalidraw",
        "version": 2,
        "elements": [
            {"id": "a", "type": "rectangle", "x": 0, "y": 0, "width": 120, "height": 60},
            {"id": "wall", "type": "rectangle", "x": 200, "y": -40, "width": 80, "height": 140},
            {"id": "b", "type": "rectangle", "x": 360, "y": 0, "width": 120, "height": 60},
            {"id": "x", "type": "arrow", "x": 120, "y": 30, "elbowed": true,
             "points": [[0, 0], [240, 0]],
             "startBinding": {"elementId": "a"}, "endBinding": {"elementId": "b"}}
        ]
    });
    let got = import_bytes(
        scene.to_string().as_bytes(),
        Path::new("elbow.excalidraw"),
        &catalog(),
    )
    .unwrap();
    let board = got.board;
    let (arrow, wall) = {
        let mut arrow = None;
        let mut wall = None;
        for e in board.elements() {
            match e {
                Element::Arrow(a) => arrow = Some(a.clone()),
                Element::Component(c) if (c.pos.x - 200.0).abs() < 1e-3 => wall = e.rect(),
                _ => {}
            }
        }
        (arrow.unwrap(), wall.unwrap())
    };
    assert_eq!(arrow.routing, mlsd_board::model::Routing::Elbow);
    let index = mlsd_board::model::spatial::SpatialIndex::build(&board);
    let path = index.path(arrow.id).unwrap();
    assert!(path.len() > 2, "{path:?}");
    assert!(
        !mlsd_board::model::route::path_enters(&wall, path),
        "routed around the box its stored points crossed: {path:?}"
    );
    // And back out as an elbow, with the routed points.
    let out: Value = serde_json::from_str(&export(&board, &catalog()).unwrap()).unwrap();
    let x = out["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "arrow")
        .unwrap();
    assert_eq!(x["elbowed"], json!(true));
    assert_eq!(x["points"].as_array().unwrap().len(), path.len());
}

/// Issue #19: an estimate card goes to Excalidraw with its values in the
/// text (so they show there), comes back as written, and one edited in
/// Excalidraw comes back without the stale values and computes again.
#[test]
fn estimate_cards_go_out_with_their_values_and_come_back_as_written() {
    use mlsd_board::model::estimate::{Outcome, TEMPLATE, evaluate};
    use mlsd_board::model::{Color, Elements, Note, Point, Size};
    let catalog = catalog();
    let mut board = mlsd_board::model::Board::new("estimate");
    board.elements = Elements::from_vec(vec![Element::Note(Note {
        id: mlsd_board::model::ElementId(1),
        text: TEMPLATE.to_owned(),
        pos: Point::new(0.0, 0.0),
        size: Size::new(440.0, 420.0),
        color: Some(Color([0xdc, 0xf5, 0xe3])),
        ..Note::default()
    })]);
    board.next_id = 2;
    let text = export(&board, &catalog).unwrap();
    let mut scene: Value = serde_json::from_str(&text).unwrap();
    let shown = scene["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "text")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(shown.contains("to 1/s ⇒ ≈ 11,574 /s"), "{shown}");
    let back = import_bytes(text.as_bytes(), Path::new("e.excalidraw"), &catalog).unwrap();
    assert_eq!(back.board, board);
    // Edited in Excalidraw: 100 million users become 300 million.
    let edited = shown.replace("100 million", "300 million");
    for e in scene["elements"].as_array_mut().unwrap() {
        if e["type"] == "text" {
            e["text"] = json!(edited);
            e["originalText"] = json!(edited);
        }
    }
    let back = import_bytes(
        scene.to_string().as_bytes(),
        Path::new("e.excalidraw"),
        &catalog,
    )
    .unwrap();
    let Element::Note(n) = &back.board.elements()[0] else {
        panic!()
    };
    assert!(!n.text.contains('⇒'), "{}", n.text);
    let out = evaluate(&n.text);
    let qps = n.text.lines().position(|l| l.starts_with("qps =")).unwrap();
    assert_eq!(out[qps], Outcome::Value("≈ 34,722 /s".to_owned()));
}
