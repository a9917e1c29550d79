//! Practice over weeks (issue #19): what the journal and the estimate cards
//! cost at their limits.
//!
//! - A full journal (2,000 entries, the cap): reading and parsing it, the
//!   summary with the FSRS schedule (what the Progress view and the start
//!   screen compute on every change), and appending one entry (lock, read,
//!   atomic write with its fsyncs). Its size on disk is printed once.
//! - An estimate card: computing its 16 lines the first time (fend), and
//!   again from the cache (what every frame pays).
//!
//! `cargo bench --bench practice`

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd_board::practice::{Entry, Mode, PracticeJournal, StepGrade, StepTime, summarize};

const DAY: i64 = 86_400;
const T0: i64 = 1_764_460_800;

fn entry(i: usize) -> Entry {
    let cases = [
        "visual-search",
        "video-recommendation",
        "ad-click-prediction",
        "news-feed",
        "people-you-may-know",
    ];
    Entry {
        at: T0 + i as i64 * DAY / 3,
        case: cases[i % cases.len()].to_owned(),
        case_title: cases[i % cases.len()].to_owned(),
        mode: if i % 4 == 3 {
            Mode::Recall
        } else {
            Mode::Session
        },
        length_s: 2_500,
        budget_s: 2_700,
        steps: (0..7)
            .map(|s| StepTime {
                id: format!("step-{s}"),
                title: format!("Step {s}"),
                spent_s: 300 + (i as u32 * 37 + s * 11) % 200,
                budget_s: 360,
            })
            .collect(),
        diagram: Some(0.5),
        overall: Some(((i * 13) % 100) as f32 / 100.0),
        rubric: (0..3)
            .map(|s| StepGrade {
                step: format!("step-{s}"),
                grade: ((i + s) % 5) as f32 / 4.0,
                missed: vec![format!("decision {}", (i + s) % 9)],
            })
            .collect(),
        stages_drawn: vec!["Candidate generation".to_owned(); 3],
        stages_missed: vec!["Re-ranking".to_owned(); 2],
        follow_ups: vec![1, 2, 0],
        board: Some(format!("/home/user/boards/practice-{i}.ron").into()),
        ..Entry::default()
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.ron");
    let j = PracticeJournal::new(&path);
    // Fill to the cap through the journal's own writer, once.
    for i in 0..mlsd_board::practice::journal::MAX_ENTRIES {
        if i % 500 == 0 {
            eprintln!("filling the journal: {i}");
        }
        j.append(entry(i)).unwrap();
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "a full journal: {} entries, {:.2} MB on disk",
        mlsd_board::practice::journal::MAX_ENTRIES,
        bytes as f64 / 1e6
    );
    let cases: Vec<(String, String)> = mlsd_board::model::Template::builtin()
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let mut g = c.benchmark_group("practice");
    g.sample_size(20);
    g.bench_function("read_full_journal", |b| {
        b.iter(|| j.read().unwrap().entries.len());
    });
    let read = j.read().unwrap();
    g.bench_function("summary_and_schedule_full_journal", |b| {
        b.iter(|| {
            summarize(&read.entries, 0, &cases, T0 + 800 * DAY)
                .due
                .len()
        });
    });
    let mut n = 0usize;
    g.bench_function("append_to_full_journal", |b| {
        b.iter(|| {
            n += 1;
            j.append(entry(100_000 + n)).unwrap().id
        });
    });
    let card = mlsd_board::model::estimate::TEMPLATE;
    let mut salt = 0u64;
    g.bench_function("estimate_card_first_time", |b| {
        b.iter(|| {
            // A different text each time, so the cache does not answer.
            salt += 1;
            mlsd_board::model::estimate::evaluate(&format!("{card}# {salt}\n")).len()
        });
    });
    g.bench_function("estimate_card_cached", |b| {
        b.iter(|| mlsd_board::model::estimate::evaluate(card).len());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
