//! Elbow routing on the 5,000-box / 8,000-arrow board (every arrow an
//! elbow; the arrows join random boxes, so most cross the board through
//! dozens of boxes, far harder than a diagram's): routing them all when the
//! board opens, routing again after one box with 50 arrows moved, and a
//! canvas frame while that box is dragged (its 50 arrows routed live
//! around the boxes where they are drawn).

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, Vec2};
use mlsd_board::app::canvas::Canvas;
use mlsd_board::app::document::Document;
use mlsd_board::model::generate::grid_board;
use mlsd_board::model::spatial::SpatialIndex;
use mlsd_board::model::{Arrow, Board, Catalog, Element, ElementId, Endpoint, Routing, Side};

/// The bench board with every arrow an elbow, and 50 more elbow arrows
/// from the first box to its neighbours. Returns the board and that box.
fn elbow_board() -> (Board, ElementId) {
    let mut board = grid_board(5000, 8000, 42);
    let mut list: Vec<Element> = board.elements().to_vec();
    for e in &mut list {
        if let Element::Arrow(a) = e {
            a.routing = Routing::Elbow;
        }
    }
    let boxes: Vec<ElementId> = list
        .iter()
        .filter(|e| e.rect().is_some())
        .map(Element::id)
        .collect();
    let hub = boxes[0];
    // Its neighbours: the rest of the first two rows' start (71 columns).
    let near: Vec<ElementId> = boxes[1..26].iter().chain(&boxes[71..96]).copied().collect();
    for to in near {
        let id = board.alloc_id();
        list.push(Element::Arrow(Arrow {
            id,
            from: Endpoint::Element {
                id: hub,
                side: Side::Auto,
            },
            to: Endpoint::Element {
                id: to,
                side: Side::Auto,
            },
            routing: Routing::Elbow,
            ..Arrow::default()
        }));
    }
    board.elements = mlsd_board::model::Elements::from_vec(list);
    (board, hub)
}

fn routing(c: &mut Criterion) {
    let (board, hub) = elbow_board();
    let straight = grid_board(5000, 8000, 42);
    let mut g = c.benchmark_group("routing_5000_8000");
    g.sample_size(10);
    g.bench_function("index_straight_arrows", |b| {
        b.iter(|| SpatialIndex::build(&straight));
    });
    g.bench_function("index_route_all_elbows", |b| {
        b.iter(|| SpatialIndex::build(&board));
    });
    let index = SpatialIndex::build(&board);
    eprintln!("routed {} arrows", index.routed());
    // One box with 50 arrows moved: update the index (routes its arrows
    // and any whose path the box now meets or left).
    let original = board.get(hub).unwrap().clone();
    let mut moved = board.clone();
    let mut step = 0.0f32;
    g.bench_function("update_after_moving_a_box_with_50_arrows", |b| {
        b.iter_batched(
            || index.clone(),
            |mut index| {
                step = if step > 0.0 { -20.0 } else { 20.0 };
                moved
                    .elements
                    .replace(original.translated(step, step * 0.5));
                let before = index.routed();
                index.update(&moved, [hub]);
                index.routed() - before
            },
            criterion::BatchSize::LargeInput,
        );
    });
    g.finish();

    // A canvas frame at 1:1 while the hub is dragged a pixel at a time.
    let mut g = c.benchmark_group("canvas_drag_5000_8000");
    g.sample_size(30);
    let mut scene = DragScene::new(board, hub);
    g.bench_function("frame_dragging_a_box_with_50_arrows", |b| {
        b.iter(|| scene.frame());
    });
    g.finish();
}

struct DragScene {
    ctx: egui::Context,
    canvas: Canvas,
    doc: Document,
    catalog: Catalog,
    at: Pos2,
    step: f32,
}

impl DragScene {
    fn new(board: Board, hub: ElementId) -> Self {
        let mut s = Self {
            ctx: egui::Context::default(),
            canvas: Canvas::default(),
            doc: Document::new(board),
            catalog: Catalog::builtin().unwrap(),
            at: Pos2::ZERO,
            step: 1.0,
        };
        s.run(Vec::new());
        let r = s
            .canvas
            .element_screen_rect(&s.doc, hub)
            .expect("hub on screen");
        s.at = r.center();
        let at = s.at;
        s.run(vec![
            Event::PointerMoved(at),
            Event::PointerButton {
                pos: at,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            },
        ]);
        // Past the drag threshold.
        for k in 1..=10 {
            s.at = at + Vec2::new(k as f32 * 2.0, 0.0);
            let p = s.at;
            s.run(vec![Event::PointerMoved(p)]);
        }
        assert!(s.canvas.is_dragging(), "the hub is being dragged");
        s
    }

    fn run(&mut self, events: Vec<Event>) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
            max_texture_side: Some(8192),
            events,
            ..RawInput::default()
        };
        let (canvas, doc, catalog) = (&mut self.canvas, &mut self.doc, &self.catalog);
        let mut out = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::no_frame().show(ui, |ui| canvas.ui(ui, doc, catalog));
        });
        out.textures_delta.clear();
        self.ctx.tessellate(out.shapes, out.pixels_per_point).len()
    }

    fn frame(&mut self) -> usize {
        self.step = -self.step;
        self.at.x += self.step;
        let p = self.at;
        self.run(vec![Event::PointerMoved(p)])
    }
}

criterion_group!(benches, routing);
criterion_main!(benches);
