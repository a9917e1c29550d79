//! Canvas frame cost, headless (egui run + tessellate, no GPU), on a
//! generated board of 5,000 components and 8,000 arrows in a 1920x1080
//! window, panning by a pixel every frame. Goals on the 2-core reference
//! machine: <= 2 ms median at 1:1 zoom, <= 8 ms with the whole board visible,
//! drawing every element (the pictures off); with the pictures on, a pan
//! frame is one image. And the fills those pictures cost: the whole board
//! zoomed out, and a PNG export of a 500/800 board, by the software
//! rasterizer.

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
    fn new(fit: bool, pictures: bool) -> Self {
        let mut s = Self {
            ctx: egui::Context::default(),
            canvas: Canvas::default(),
            doc: Document::new(grid_board(5000, 8000, 42)),
            catalog: Catalog::builtin().unwrap(),
            step: 1.0,
        };
        s.canvas.use_cache = pictures;
        s.frame();
        if fit {
            s.canvas.zoom_to_fit(&s.doc);
        }
        // Warm the font atlas and the text layout cache.
        for _ in 0..3 {
            s.frame();
        }
        // Pictures are filled in the background: wait for them.
        while s.canvas.filling() {
            std::thread::sleep(std::time::Duration::from_millis(5));
            s.frame();
        }
        s.frame();
        s
    }

    fn frame(&mut self) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
            // As OpenGL on these machines reports (egui assumes 2048).
            max_texture_side: Some(8192),
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
    let mut at_1 = Scene::new(false, false);
    eprintln!("1:1 zoom draws {} elements", at_1.canvas.drawn);
    g.bench_function("frame_zoom_1", |b| b.iter(|| at_1.frame()));
    let mut at_1 = Scene::new(false, true);
    assert!(at_1.canvas.detail_texture().is_some());
    g.bench_function("frame_zoom_1_picture", |b| b.iter(|| at_1.frame()));
    let mut fit = Scene::new(true, false);
    eprintln!(
        "fit zoom {:.3} draws {} elements",
        fit.canvas.view.zoom, fit.canvas.drawn
    );
    g.bench_function("frame_zoom_fit", |b| b.iter(|| fit.frame()));
    let mut fit = Scene::new(true, true);
    g.bench_function("frame_zoom_fit_picture", |b| b.iter(|| fit.frame()));
    // A fresh zoomed-out picture every iteration: the board changes (a
    // selection), the picture is filled on a worker, and frames go on
    // until it has landed.
    let first = fit.doc.board.elements()[0].id();
    g.bench_function("fill_zoom_fit_picture", |b| {
        b.iter(|| {
            fit.canvas.selection = if fit.canvas.selection.is_empty() {
                vec![first].into()
            } else {
                mlsd_board::model::Selection::new()
            };
            fit.frame();
            while fit.canvas.filling() {
                std::thread::sleep(std::time::Duration::from_millis(1));
                fit.frame();
            }
        });
    });
    g.finish();

    let mut g = c.benchmark_group("raster");
    g.sample_size(10);
    let board = grid_board(500, 800, 7);
    let catalog = Catalog::builtin().unwrap();
    let scene = mlsd_board::render::export::Scene::new(
        &board,
        &catalog,
        &mlsd_board::render::export::RenderOptions::default(),
    )
    .unwrap();
    eprintln!("PNG export of 500/800 at {:?} px", scene.size_px());
    g.bench_function("png_pixels_500_800", |b| b.iter(|| scene.to_image()));
    g.finish();
}

criterion_group!(benches, canvas_frames);
criterion_main!(benches);
