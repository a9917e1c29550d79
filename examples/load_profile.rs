//! Times the phases of loading a board file with a session, for profiling
//! by hand: `cargo run --release --example load_profile -- FILE.ron`.

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_profile FILE.ron");
        std::process::exit(2);
    };
    let path = std::path::Path::new(&path);
    let t = Instant::now();
    let bytes = std::fs::read(path).unwrap_or_default();
    let read = t.elapsed();
    let t = Instant::now();
    let file: Result<mlsd_board::io::BoardFile, _> = ron::Options::default().from_bytes(&bytes);
    let parse = t.elapsed();
    let Ok(file) = file else {
        eprintln!("not a board file");
        std::process::exit(1);
    };
    let t = Instant::now();
    if let Some(s) = &file.session {
        let _ = mlsd_board::session::Player::new(&s.initial, &s.log);
    }
    let player = t.elapsed();
    let t = Instant::now();
    let _ = mlsd_board::io::load_path(path);
    let full = t.elapsed();
    println!("read {read:?}, parse {parse:?}, player {player:?}, load_path {full:?}");
}
