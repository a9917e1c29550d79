//! Board file speed on a generated board of 5,000 components and 8,000
//! arrows: load (read + parse + check) and save (serialize + atomic write).
//! Goals on the 2-core reference machine, release build: load <= 100 ms,
//! save <= 50 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd_board::io::{BoardFile, load_path, save_path};
use mlsd_board::model::generate::grid_board;

fn file_io(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let file = BoardFile::new(grid_board(5000, 8000, 42));
    save_path(&path, &file).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("file size: {size} bytes");

    let mut g = c.benchmark_group("file_io_5000_8000");
    g.sample_size(20);
    g.bench_function("load", |b| {
        b.iter(|| {
            let loaded = load_path(&path).unwrap();
            assert_eq!(loaded.file.board.elements().len(), 13_000);
            loaded
        });
    });
    let out = dir.path().join("out.ron");
    g.bench_function("save", |b| b.iter(|| save_path(&out, &file).unwrap()));
    g.finish();
}

criterion_group!(benches, file_io);
criterion_main!(benches);
