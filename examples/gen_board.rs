//! Writes a generated board (a grid of labelled components and random
//! arrows between them), for trying the app on big boards:
//! `cargo run --release --example gen_board -- 5000 8000 big.ron`.

use mlsd_board::io::{BoardFile, save_path};
use mlsd_board::model::generate::grid_board;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(c), Some(a), Some(out)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: gen_board COMPONENTS ARROWS OUT.ron");
        std::process::exit(2);
    };
    let (Ok(c), Ok(a)) = (c.parse(), a.parse()) else {
        eprintln!("COMPONENTS and ARROWS must be whole numbers");
        std::process::exit(2);
    };
    if let Err(e) = save_path(
        std::path::Path::new(out),
        &BoardFile::new(grid_board(c, a, 42)),
    ) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
