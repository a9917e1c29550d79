//! Canvas frame cost, headless (egui run + tessellate, no GPU), on a
//! generated board of 5,000 components and 8,000 arrows in a 1920x1080
//! window, panning by a pixel every frame. Goals on the 2-core reference
//! machine: <= 2 ms median at 1:1 zoom, <= 8 ms with the whole board visible.

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, Vec2};
use mlsd_board::app::canvas::Canvas;
use mlsd_board::app::document::Document;
use mlsd_board::model::Catalog;
use mlsd_board::model::generate::grid_board;

struct Scene {
    ctx: egui::Context,
    canvas: Canvas,
    doc: Document,
    catalog: Catalog,
    step: f32,
}

impl Scene {
    fn new(fit: bool) -> Self {
        let mut s = Self {
            ctx: egui::Context::default(),
            canvas: Canvas::default(),
            doc: Document::new(grid_board(5000, 8000, 42)),
            catalog: Catalog::builtin().unwrap(),
            step: 1.0,
        };
        s.frame();
        if fit {
            s.canvas.zoom_to_fit(&s.doc);
        }
        // Warm the font atlas and the text layout cache.
        for _ in 0..3 {
            s.frame();
        }
        s
    }

    fn frame(&mut self) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
            ..RawInput::default()
        };
        // Pan back and forth by a pixel, as a user dragging the view would.
        self.step = -self.step;
        self.canvas.view.offset.x += self.step;
        let (canvas, doc, catalog) = (&mut self.canvas, &mut self.doc, &self.catalog);
        let mut out = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::no_frame().show(ui, |ui| canvas.ui(ui, doc, catalog));
        });
        out.textures_delta.clear();
        self.ctx.tessellate(out.shapes, out.pixels_per_point).len()
    }
}

fn canvas_frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("canvas_5000_8000");
    g.sample_size(30);
    let mut at_1 = Scene::new(false);
    eprintln!("1:1 zoom draws {} elements", at_1.canvas.drawn);
    g.bench_function("frame_zoom_1", |b| b.iter(|| at_1.frame()));
    let mut fit = Scene::new(true);
    eprintln!(
        "fit zoom {:.3} draws {} elements",
        fit.canvas.view.zoom, fit.canvas.drawn
    );
    g.bench_function("frame_zoom_fit", |b| b.iter(|| fit.frame()));
    g.finish();
}

criterion_group!(benches, canvas_frames);
criterion_main!(benches);
