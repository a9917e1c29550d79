//! Rough timing of the canvas frame phases (run vs tessellate), for
//! profiling by hand: `cargo run --release --example frame_profile`.

use std::time::Instant;

use egui::{Pos2, RawInput, Rect, Vec2};
use mlsd_board::app::canvas::Canvas;
use mlsd_board::app::document::Document;
use mlsd_board::model::Catalog;
use mlsd_board::model::generate::grid_board;

fn main() {
    let ctx = egui::Context::default();
    let mut canvas = Canvas::default();
    let mut doc = Document::new(grid_board(5000, 8000, 42));
    let catalog = Catalog::builtin().unwrap_or_default();
    for (name, zoom, grid) in [
        ("1:1", 1.0, true),
        ("1:1 no grid", 1.0, false),
        ("0.45", 0.45, true),
        ("0.3", 0.3, true),
        ("0.15", 0.15, true),
        ("fit", 0.0, true),
    ] {
        canvas.show_grid = grid;
        let fit = zoom == 0.0;
        canvas.view.offset = Vec2::new(80.0, 80.0);
        canvas.view.zoom = if fit { 1.0 } else { zoom };
        let mut run_t = Vec::new();
        let mut tess_t = Vec::new();
        for i in 0..200 {
            let input = RawInput {
                screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
                ..RawInput::default()
            };
            canvas.view.offset.x += if i % 2 == 0 { 1.0 } else { -1.0 };
            let t = Instant::now();
            let mut out = ctx.run_ui(input, |ui| {
                egui::CentralPanel::no_frame().show(ui, |ui| canvas.ui(ui, &mut doc, &catalog));
            });
            let t1 = t.elapsed();
            out.textures_delta.clear();
            let shapes = out.shapes.len();
            let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
            let verts: usize = prims
                .iter()
                .map(|p| match &p.primitive {
                    epaint::Primitive::Mesh(m) => m.vertices.len(),
                    epaint::Primitive::Callback(_) => 0,
                })
                .sum();
            let n = (shapes, verts);
            if i == 199 {
                println!("  shapes {shapes}, vertices {verts}");
            }
            let t2 = t.elapsed() - t1;
            if i == 1 && fit {
                canvas.zoom_to_fit(&doc);
            }
            if i >= 20 {
                run_t.push(t1.as_secs_f64() * 1e3);
                tess_t.push(t2.as_secs_f64() * 1e3);
            }
            std::hint::black_box(n);
        }
        run_t.sort_by(f64::total_cmp);
        tess_t.sort_by(f64::total_cmp);
        println!(
            "{name}: zoom {:.3}, drawn {}, run median {:.2} ms, tessellate median {:.2} ms",
            canvas.view.zoom,
            canvas.drawn,
            run_t[run_t.len() / 2],
            tess_t[tess_t.len() / 2]
        );
    }
}
