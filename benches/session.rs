//! A generated two-hour practice session of 20,000 events: seeking to any
//! time (goal: p95 <= 16 ms, one frame at 60 Hz) and loading the file with
//! its session (goal: <= 150 ms, including the full replay that checks it).

use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd_board::io::{BoardFile, load_path, save_path};
use mlsd_board::model::{Board, Component, Element, ElementId, Point};
use mlsd_board::ops::{History, Op};
use mlsd_board::session::{Event, ManualClock, Player, SessionRecord};

/// 20,000 events over two hours: adds, drags, renames, undos, redos and
/// step changes, as a long, busy session would have.
fn session() -> (Board, Vec<mlsd_board::session::LogEntry>, Board) {
    let clock = ManualClock::at(0);
    let mut h = History::with_clock(Arc::new(clock.clone()));
    let initial = Board::new("bench");
    let mut b = initial.clone();
    let mut ids: Vec<ElementId> = Vec::new();
    let mut seed: u64 = 7;
    let mut rnd = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n.max(1)
    };
    let steps = [
        "clarify",
        "framing",
        "data",
        "model",
        "evaluation",
        "serving",
        "monitoring",
    ];
    while h.entries().len() < 20_000 {
        // Two hours for 20,000 events.
        clock.set(h.entries().len() as u64 * 360 + 360);
        let n = h.entries().len();
        if n.is_multiple_of(2_800) {
            h.record(Event::StepChanged(
                steps[(n / 2_800) % steps.len()].to_owned(),
            ));
            continue;
        }
        match rnd(10) {
            0..=2 if ids.len() < 2_000 => {
                let id = b.alloc_id();
                let e = Element::Component(Component {
                    id,
                    kind: "ranker".to_owned(),
                    label: format!("Part {id}"),
                    pos: Point::new(rnd(4000) as f32, rnd(3000) as f32),
                    ..Component::default()
                });
                let op = Op::add_on_top(&b, e);
                h.apply(&mut b, "Add", vec![op]).unwrap();
                ids.push(id);
            }
            3..=6 if !ids.is_empty() => {
                let id = ids[rnd(ids.len() as u64) as usize];
                let Some(before) = b.get(id).cloned() else {
                    continue;
                };
                let after = before.translated(rnd(40) as f32 - 20.0, rnd(40) as f32 - 20.0);
                h.apply(&mut b, "Move", vec![Op::Update { before, after }])
                    .unwrap();
            }
            7 if !ids.is_empty() => {
                let id = ids[rnd(ids.len() as u64) as usize];
                let Some(before) = b.get(id).cloned() else {
                    continue;
                };
                let mut after = before.clone();
                after.set_text(format!("Renamed {}", rnd(1000)));
                h.apply(&mut b, "Rename", vec![Op::Update { before, after }])
                    .unwrap();
            }
            8 => {
                h.undo(&mut b);
            }
            _ => {
                h.redo(&mut b);
            }
        }
    }
    (initial, h.entries().to_vec(), b)
}

fn bench(c: &mut Criterion) {
    let (initial, log, live) = session();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.ron");
    let file = BoardFile {
        session: Some(SessionRecord {
            started: 0,
            initial: initial.clone(),
            log: log.clone(),
        }),
        ..BoardFile::new(live.clone())
    };
    save_path(&path, &file).unwrap();
    if let Ok(keep) = std::env::var("MLSD_KEEP_SESSION_FILE") {
        let _ = std::fs::copy(&path, keep);
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let player = Player::new(&initial, &log).unwrap();
    assert_eq!(player.board_after(log.len()), live);
    let duration = player.duration_ms();
    eprintln!(
        "session: {} events over {:.1} min, file {} bytes (checkpoints are built on load, not stored: +0 bytes)",
        log.len(),
        duration as f64 / 60_000.0,
        size
    );
    // p95 of seeks to pseudo-random times.
    let times: Vec<u64> = (0..400u64)
        .map(|i| (i * 7_919_777) % duration.max(1))
        .collect();
    let mut ms: Vec<f64> = times
        .iter()
        .map(|t| {
            let s = Instant::now();
            std::hint::black_box(player.seek(*t));
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "seek: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms[ms.len() / 2],
        ms[ms.len() * 95 / 100],
        ms[ms.len() - 1]
    );

    let mut g = c.benchmark_group("session_20000");
    g.sample_size(20);
    let mut i = 0;
    g.bench_function("seek_random", |b| {
        b.iter(|| {
            i = (i + 1) % times.len();
            player.seek(times[i])
        });
    });
    // Loading checks that the session replays, which builds the same
    // checkpoints a Player keeps: this is the whole cost of opening it.
    g.bench_function("load_file_with_session", |b| {
        b.iter(|| load_path(&path).unwrap());
    });
    g.bench_function("build_player", |b| {
        b.iter(|| Player::new(&initial, &log).unwrap());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
