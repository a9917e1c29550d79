//! Issue #16: elbow arrows routed around boxes. Routes are orthogonal,
//! never pass through a box other than their ends (nor back through
//! those), start and end square on the ends' sides; moving a box routes
//! again only the arrows it concerns; old boards keep their straight
//! arrows.

use mlsd_board::model::route::{self, End, Routing, path_enters};
use mlsd_board::model::spatial::SpatialIndex;
use mlsd_board::model::{
    Arrow, Board, Component, Element, ElementId, Elements, Endpoint, Point, Rect, Side, Size,
};
use mlsd_board::ops::Op;
use proptest::prelude::*;

fn component(id: u64, x: f32, y: f32, w: f32, h: f32) -> Element {
    Element::Component(Component {
        id: ElementId(id),
        kind: "ranker".to_owned(),
        label: format!("Box {id}"),
        pos: Point::new(x, y),
        size: Size::new(w, h),
        notes: String::new(),
        color: None,
        addressed: Default::default(),
        ..Component::default()
    })
}

fn elbow(id: u64, from: u64, to: u64) -> Element {
    let end = |i| Endpoint::Element {
        id: ElementId(i),
        side: Side::Auto,
    };
    Element::Arrow(Arrow {
        id: ElementId(id),
        from: end(from),
        to: end(to),
        routing: Routing::Elbow,
        ..Arrow::default()
    })
}

fn board_of(list: Vec<Element>) -> Board {
    let mut b = Board::new("routing");
    b.next_id = list.iter().map(|e| e.id().0).max().unwrap_or(0) + 1;
    b.elements = Elements::from_vec(list);
    b
}

fn orthogonal(path: &[Point]) -> bool {
    path.windows(2)
        .all(|w| (w[0].x - w[1].x).abs() < 1e-3 || (w[0].y - w[1].y).abs() < 1e-3)
}

/// Whether `p` lies on `r`'s side facing `dir` and `next` is out from it.
fn leaves(r: &Rect, dir: route::Dir, p: Point, next: Point) -> bool {
    let eps = 1e-3;
    let within_x = p.x >= r.min.x - eps && p.x <= r.max.x + eps;
    let within_y = p.y >= r.min.y - eps && p.y <= r.max.y + eps;
    match dir {
        route::Dir::Up => (p.y - r.min.y).abs() < eps && within_x && next.y < p.y,
        route::Dir::Down => (p.y - r.max.y).abs() < eps && within_x && next.y > p.y,
        route::Dir::Left => (p.x - r.min.x).abs() < eps && within_y && next.x < p.x,
        route::Dir::Right => (p.x - r.max.x).abs() < eps && within_y && next.x > p.x,
    }
}

fn rect_of(board: &Board, id: ElementId) -> Rect {
    board.get(id).and_then(Element::rect).unwrap()
}

/// Checks every arrow's route on `board` against its boxes.
fn check_routes(board: &Board, index: &SpatialIndex) -> Result<(), TestCaseError> {
    let boxes: Vec<(ElementId, Rect)> = board
        .elements()
        .iter()
        .filter_map(|e| e.rect().map(|r| (e.id(), r)))
        .collect();
    for e in board.elements() {
        let Element::Arrow(a) = e else { continue };
        let path = index.path(a.id).expect("routed");
        prop_assert!(orthogonal(path), "not orthogonal: {path:?}");
        let (from, to) = (a.from.element().unwrap(), a.to.element().unwrap());
        // Ends on the sides chosen for them, leaving and entering square.
        let (ra, rb) = (rect_of(board, from), rect_of(board, to));
        let (ea, eb) = (End::on(ra, Side::Auto), End::on(rb, Side::Auto));
        let (da, db) = (
            route::side_dir(&ea, &eb).unwrap(),
            route::side_dir(&eb, &ea).unwrap(),
        );
        let n = path.len();
        prop_assert!(
            leaves(&ra, da, path[0], path[1]),
            "{path:?} leaves {ra:?} by {da:?}"
        );
        prop_assert!(
            leaves(&rb, db, path[n - 1], path[n - 2]),
            "{path:?} enters {rb:?} by {db:?}"
        );
        for (id, r) in &boxes {
            prop_assert!(
                !path_enters(r, path),
                "arrow {:?} ({:?} -> {:?}) enters box {:?} {:?}: {:?}",
                a.id,
                from,
                to,
                id,
                r,
                path
            );
        }
    }
    Ok(())
}

/// Boxes each in its own 260x200 cell of a grid, at least 40 apart, of
/// random sizes and places; arrows between random pairs.
fn arb_scene() -> impl Strategy<Value = Board> {
    (2usize..6, 2usize..5)
        .prop_flat_map(|(cols, rows)| {
            let n = cols * rows;
            (
                Just(cols),
                prop::collection::vec(
                    (60.0f32..180.0, 40.0f32..120.0, 0.0f32..1.0, 0.0f32..1.0),
                    n,
                ),
                prop::collection::vec((0..n, 0..n), 1..12),
            )
        })
        .prop_map(|(cols, cells, pairs)| {
            let mut list = Vec::new();
            for (i, (w, h, fx, fy)) in cells.iter().enumerate() {
                let (col, row) = ((i % cols) as f32, (i / cols) as f32);
                // Inset 20 from the cell's sides: neighbours stay 40 apart.
                let x = col * 260.0 + 20.0 + fx * (220.0 - w);
                let y = row * 200.0 + 20.0 + fy * (160.0 - h);
                list.push(component(i as u64 + 1, x, y, *w, *h));
            }
            let n = cells.len() as u64;
            for (k, (a, b)) in pairs.into_iter().enumerate() {
                if a != b {
                    list.push(elbow(1000 + k as u64, a as u64 + 1, b as u64 + 1));
                }
            }
            let _ = n;
            board_of(list)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Routes are orthogonal and never pass through a box.
    #[test]
    fn routes_are_orthogonal_and_go_around_every_box(board in arb_scene()) {
        let index = SpatialIndex::build(&board);
        check_routes(&board, &index)?;
    }

    /// After any box moves to another free cell, every route is still
    /// orthogonal and clear of every box.
    #[test]
    fn routes_stay_clear_after_a_move(board in arb_scene(), pick in 0usize..64, to_x in 0u32..4, to_y in 0u32..3) {
        let mut board = board;
        let mut index = SpatialIndex::build(&board);
        let boxes: Vec<Element> = board.elements().iter().filter(|e| e.rect().is_some()).cloned().collect();
        let before = boxes[pick % boxes.len()].clone();
        // Below the grid (rows < 5), in a free cell of a second grid.
        let r = before.rect().unwrap();
        let (nx, ny) = (to_x as f32 * 260.0 + 20.0, 1100.0 + to_y as f32 * 200.0 + 20.0);
        let after = before.translated(nx - r.min.x, ny - r.min.y);
        Op::Update { before: before.clone(), after }.apply(&mut board).unwrap();
        index.update(&board, [before.id()]);
        check_routes(&board, &index)?;
    }
}

#[test]
fn moving_a_box_routes_again_only_its_arrows() {
    // Two pairs far apart, and a lone pair.
    let mut board = board_of(vec![
        component(1, 0.0, 0.0, 120.0, 60.0),
        component(2, 400.0, 0.0, 120.0, 60.0),
        component(3, 0.0, 600.0, 120.0, 60.0),
        component(4, 400.0, 700.0, 120.0, 60.0),
        component(5, 2000.0, 0.0, 120.0, 60.0),
        component(6, 2400.0, 200.0, 120.0, 60.0),
        elbow(10, 1, 2),
        elbow(11, 3, 4),
        elbow(12, 5, 6),
        elbow(13, 6, 5),
    ]);
    let mut index = SpatialIndex::build(&board);
    assert_eq!(index.routed(), 4);
    let paths = |index: &SpatialIndex| -> Vec<Vec<Point>> {
        (10..14)
            .map(|i| index.path(ElementId(i)).unwrap().to_vec())
            .collect()
    };
    let before = paths(&index);
    // Box 6 moves into empty space: its two arrows, nothing else.
    let six = board.get(ElementId(6)).unwrap().clone();
    Op::Update {
        before: six.clone(),
        after: six.translated(300.0, 500.0),
    }
    .apply(&mut board)
    .unwrap();
    index.update(&board, [ElementId(6)]);
    assert_eq!(index.routed(), 6, "only the two arrows of box 6");
    let after = paths(&index);
    assert_eq!(before[0], after[0]);
    assert_eq!(before[1], after[1]);
    assert_ne!(before[2], after[2]);

    // A box dropped onto the route of 1 -> 2 sends that arrow around it,
    // and leaves the others be.
    let wall = component(7, 220.0, -60.0, 60.0, 180.0);
    Op::add_on_top(&board, wall).apply(&mut board).unwrap();
    index.update(&board, [ElementId(7)]);
    assert_eq!(index.routed(), 7, "only the arrow the new box is on");
    let path = index.path(ElementId(10)).unwrap();
    assert!(
        !path_enters(&rect_of(&board, ElementId(7)), path),
        "{path:?}"
    );
    assert!(orthogonal(path));
    assert_eq!(paths(&index)[1], after[1]);
}

#[test]
fn arrows_sharing_a_side_spread_along_it_in_the_order_of_their_targets() {
    // Three boxes to the right of A, one above another: all three arrows
    // leave A's right side, at three points ordered top to bottom.
    let mut board = board_of(vec![
        component(1, 0.0, 100.0, 120.0, 80.0),
        component(2, 400.0, 0.0, 120.0, 60.0),
        component(3, 400.0, 110.0, 120.0, 60.0),
        component(4, 400.0, 220.0, 120.0, 60.0),
        elbow(10, 1, 4),
        elbow(11, 1, 2),
        elbow(12, 1, 3),
    ]);
    let index = SpatialIndex::build(&board);
    let start = |index: &SpatialIndex, id| index.path(ElementId(id)).unwrap()[0];
    let (top, mid, low) = (start(&index, 11), start(&index, 12), start(&index, 10));
    for p in [top, mid, low] {
        assert_eq!(p.x, 120.0, "on A's right side");
    }
    assert!(top.y < mid.y && mid.y < low.y, "{top:?} {mid:?} {low:?}");
    assert!(
        (mid.y - 140.0).abs() < 1e-3,
        "the middle one stays in the middle"
    );
    // Deleting one spreads the other two again.
    let op = Op::remove(&board, &[ElementId(12)]);
    op.apply(&mut board).unwrap();
    let mut index = index;
    index.update(&board, [ElementId(12)]);
    let (top, low) = (start(&index, 11), start(&index, 10));
    assert!(
        ((top.y + low.y) * 0.5 - 140.0).abs() < 1e-3,
        "{top:?} {low:?}"
    );
    assert!(top.y < low.y);
}

#[test]
fn an_old_board_keeps_its_arrows_straight_and_elbows_survive_a_round_trip() {
    // A board file from before routing: no `routing` field.
    let old = r#"(format: 1, board: (meta: (title: "old"), elements: [
  Component((id: 1, kind: "ranker", label: "A", pos: (x: 0, y: 0), size: (w: 120, h: 60))),
  Component((id: 2, kind: "ranker", label: "B", pos: (x: 300, y: 200), size: (w: 120, h: 60))),
  Arrow((id: 3, from: Element(id: 1), to: Element(id: 2))),
]))"#;
    let load = |text: &str| match mlsd_board::io::load_bytes(
        text.as_bytes(),
        std::path::Path::new("old.ron"),
    ) {
        Ok(l) => l.file.board,
        Err(e) => panic!("load: {e}"),
    };
    let board = load(old);
    let Some(Element::Arrow(a)) = board.get(ElementId(3)) else {
        panic!("arrow")
    };
    assert_eq!(a.routing, Routing::Straight);
    let index = SpatialIndex::build(&board);
    let (s, t) = board.arrow_points(a).unwrap();
    assert_eq!(
        index.path(a.id).unwrap(),
        &[s, t],
        "drawn straight as before"
    );

    // An elbow arrow is written with its routing and read back the same.
    let mut b = board.clone();
    let mut elbowed = a.clone();
    elbowed.routing = Routing::Elbow;
    b.elements.replace(Element::Arrow(elbowed));
    let text = mlsd_board::io::to_ron(&mlsd_board::io::BoardFile::new(b.clone())).unwrap();
    assert!(text.contains("routing: Elbow"), "{text}");
    let back = load(&text);
    assert_eq!(back, b);
    // And the straight one wrote no routing at all (files stay as they were).
    let plain = mlsd_board::io::to_ron(&mlsd_board::io::BoardFile::new(board)).unwrap();
    assert!(!plain.contains("routing"), "{plain}");
}
