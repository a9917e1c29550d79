//! The worst boards that load (issue #20): the element limit (200,000) and
//! the text limit (100,000 characters), from their file text to a picture.
//! Goals: each PNG in at most 30 s and 2 GB (peak memory is measured
//! outside criterion, with `/usr/bin/time -v mlsd-board render`; see
//! docs/file-format.md). Slow by design: run it on its own,
//! `cargo bench --bench limits`.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd_board::io::{BoardFile, load_bytes, to_ron};
use mlsd_board::model::Catalog;
use mlsd_board::model::generate::{grid_board, long_label, stacked_notes};
use mlsd_board::render::export::{Format, RenderOptions, export};

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let cases = [
        ("200k stacked notes", stacked_notes(200_000)),
        ("80k boxes + 120k arrows", grid_board(80_000, 120_000, 7)),
        ("100k-character label and note", long_label(100_000)),
    ];
    let mut g = c.benchmark_group("limits");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    for (name, board) in cases {
        let text = to_ron(&BoardFile::new(board)).unwrap();
        g.bench_function(format!("load {name}"), |b| {
            b.iter(|| load_bytes(text.as_bytes(), std::path::Path::new("worst.ron")).unwrap());
        });
        let file = load_bytes(text.as_bytes(), std::path::Path::new("worst.ron"))
            .unwrap()
            .file;
        for (fmt, format) in [("PNG", Format::Png), ("SVG", Format::Svg)] {
            g.bench_function(format!("{fmt} of {name}"), |b| {
                b.iter(|| export(&file, &catalog, format, &RenderOptions::default()).unwrap());
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
