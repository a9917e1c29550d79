//! Fonts for every script (issue #17): what the system font fallback costs.
//!
//! - Once per process: enumerating the system's fonts (on a background
//!   thread, from the first lookup) and loading the fonts a multilingual
//!   board needs. Printed once, with the resident memory before and after.
//! - Per export: fresh fonts laying out a multilingual label set (the
//!   provider and its font files are shared, so this is what every export
//!   and picture pays), next to Latin-only text for comparison.
//!
//! `cargo bench --bench fonts`

use criterion::{Criterion, criterion_group, criterion_main};
use epaint::{Color32, FontId};

const MULTILINGUAL: &[&str] = &[
    "推荐系统",
    "ランキング",
    "추천 시스템",
    "Рекомендации",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "שלום עולם",
    "🚀 ✅ →",
];
const LATIN: &[&str] = &[
    "Candidate generator",
    "Ranking model",
    "Feature store",
    "Re-ranking",
    "Event logger",
    "Model registry",
    "A/B test",
    "Drift monitor",
];

fn rss_kb() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
}

fn lay_out(fonts: &mut epaint::text::Fonts, texts: &[&str]) -> f32 {
    let mut view = fonts.with_pixels_per_point(2.0);
    texts
        .iter()
        .map(|t| {
            view.layout(
                (*t).to_owned(),
                FontId::proportional(15.0),
                Color32::BLACK,
                200.0,
            )
            .size()
            .x
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let before = rss_kb();
    let t = std::time::Instant::now();
    let mut fonts = mlsd_board::render::fonts();
    let w = lay_out(&mut fonts, MULTILINGUAL);
    let first = t.elapsed();
    let after = rss_kb();
    eprintln!(
        "first multilingual layout (system fonts enumerated and loaded): {first:?}; \
         resident memory {} kB -> {} kB; width {w:.0}",
        before.unwrap_or(0),
        after.unwrap_or(0)
    );
    let missing = mlsd_board::render::fonts::system().take_missing();
    if !missing.is_empty() {
        eprintln!("{}", mlsd_board::render::fonts::missing_message(&missing));
    }
    let mut g = c.benchmark_group("fonts");
    g.bench_function("new_fonts_multilingual_labels", |b| {
        b.iter(|| {
            let mut f = mlsd_board::render::fonts();
            lay_out(&mut f, MULTILINGUAL)
        });
    });
    g.bench_function("new_fonts_latin_labels", |b| {
        b.iter(|| {
            let mut f = mlsd_board::render::fonts();
            lay_out(&mut f, LATIN)
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
