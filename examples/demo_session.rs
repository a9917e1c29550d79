//! Writes a board with a recorded practice session (made with a manual
//! clock), to try replay: `cargo run --example demo_session -- out.ron`.

use std::sync::Arc;

use mlsd_board::io::{BoardFile, save_path};
use mlsd_board::model::{
    Arrow, Component, Element, Endpoint, Framework, Point, Side, Size, Template,
};
use mlsd_board::ops::{History, Op};
use mlsd_board::session::{Event, ManualClock, SessionRecord};

fn main() {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: demo_session OUT.ron");
        std::process::exit(2);
    };
    let frameworks = Framework::builtin().unwrap_or_default();
    let Some(t) = Template::builtin()
        .ok()
        .and_then(|all| all.into_iter().find(|t| t.id == "video-recommendation"))
    else {
        eprintln!("the video recommendation template is missing");
        std::process::exit(1);
    };
    let mut board = t.practice_board(&frameworks, 1_763_780_000);
    let initial = board.clone();
    let clock = ManualClock::at(0);
    let mut h = History::with_clock(Arc::new(clock.clone()));
    let plan: &[(&str, &str, &str, f32, f32, u64)] = &[
        ("clarify", "client", "Home page", 0.0, 100.0, 240),
        (
            "framing",
            "candidate_generator",
            "Two-tower candidates",
            260.0,
            0.0,
            200,
        ),
        ("data", "feature_store", "Feature store", 520.0, 200.0, 300),
        ("model", "ranker", "Ranking model", 520.0, 0.0, 260),
        ("model", "ann_index", "Video index", 260.0, 200.0, 200),
        ("evaluation", "reranker", "Re-ranking", 780.0, 0.0, 300),
        (
            "serving",
            "inference_server",
            "Ranking service",
            780.0,
            200.0,
            260,
        ),
        (
            "monitoring",
            "drift_monitor",
            "Drift monitor",
            1040.0,
            200.0,
            240,
        ),
    ];
    let mut prev = None;
    let mut step = "";
    for (s, kind, label, x, y, secs) in plan {
        if *s != step {
            h.record(Event::StepChanged((*s).to_owned()));
            step = s;
        }
        clock.advance(secs * 1000);
        let id = board.alloc_id();
        let mut ops = vec![Op::add_on_top(
            &board,
            Element::Component(Component {
                id,
                kind: (*kind).to_owned(),
                label: (*label).to_owned(),
                pos: Point::new(*x, *y),
                size: Size::new(180.0, 72.0),
                ..Component::default()
            }),
        )];
        if let Some(p) = prev {
            let aid = board.alloc_id();
            ops.push(Op::Insert(vec![mlsd_board::ops::Placed {
                index: board.elements().len() + 1,
                element: Element::Arrow(Arrow {
                    id: aid,
                    from: Endpoint::Element {
                        id: p,
                        side: Side::Auto,
                    },
                    to: Endpoint::Element {
                        id,
                        side: Side::Auto,
                    },
                    ..Arrow::default()
                }),
            }]));
        }
        h.apply(&mut board, &format!("Add {label}"), ops).unwrap();
        prev = Some(id);
    }
    clock.advance(60_000);
    h.record(Event::Finished);
    let file = BoardFile {
        session: Some(SessionRecord {
            started: 1_763_780_000,
            initial,
            log: h.entries().to_vec(),
        }),
        ..BoardFile::new(board)
    };
    if let Err(e) = save_path(std::path::Path::new(&out), &file) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
