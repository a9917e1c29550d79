//! Times elbow routing on the 5,000/8,000 board: every arrow, and the
//! slowest. `cargo run --release --example route_profile`.

use mlsd_board::model::generate::grid_board;
use mlsd_board::model::spatial::SpatialIndex;
use mlsd_board::model::{Element, Routing};
use std::time::Instant;

fn main() {
    let arrows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(8000);
    let mut board = grid_board(5000, arrows, 42);
    let mut list: Vec<Element> = board.elements().to_vec();
    for e in &mut list {
        if let Element::Arrow(a) = e {
            a.routing = Routing::Elbow;
        }
    }
    board.elements = mlsd_board::model::Elements::from_vec(list);
    let t = Instant::now();
    let index = SpatialIndex::build(&board);
    let all = t.elapsed();
    println!(
        "{} arrows routed in {:.1} ms ({:.3} ms each)",
        index.routed(),
        all.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e3 / index.routed().max(1) as f64
    );
}
