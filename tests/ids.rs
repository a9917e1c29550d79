//! Element ids in files that were shared: whatever ids a board file or an
//! Excalidraw scene holds (none, repeated, huge), the board that loads has
//! unique ids of at most 2^53 - 1, arrows stay attached to the elements
//! they named, and elements added afterwards never collide.

use std::collections::HashSet;
use std::path::Path;

use mlsd_board::io::{BoardFile, Repair, load_bytes, to_ron};
use mlsd_board::model::{
    Arrow, Board, Catalog, Component, Element, ElementId, Endpoint, Point, Side,
};
use mlsd_board::ops::Op;
use proptest::prelude::*;

/// Ids a hostile or careless file might hold.
fn arb_id() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        1u64..20,
        Just(ElementId::MAX - 1),
        Just(ElementId::MAX),
        Just(ElementId::MAX + 1),
        Just(u64::MAX),
        Just(u64::MAX - 1),
        any::<u64>(),
    ]
}

/// A board whose elements carry the given ids as they are (no checks), with
/// arrows between some of them.
fn board_with_ids(boxes: &[u64], arrows: &[(u64, usize, usize)], next_id: u64) -> Board {
    let mut b = Board::new("ids");
    let mut list = Vec::new();
    for (i, id) in boxes.iter().enumerate() {
        list.push(Element::Component(Component {
            id: ElementId(*id),
            label: format!("box {i}"),
            pos: Point::new(i as f32 * 200.0, 0.0),
            ..Component::default()
        }));
    }
    for (id, from, to) in arrows {
        if boxes.is_empty() {
            break;
        }
        let end = |i: usize| Endpoint::Element {
            id: ElementId(boxes[i % boxes.len()]),
            side: Side::Auto,
        };
        list.push(Element::Arrow(Arrow {
            id: ElementId(*id),
            from: end(*from),
            to: end(*to),
            ..Arrow::default()
        }));
    }
    b.elements = mlsd_board::model::Elements::from_vec(list);
    b.next_id = next_id;
    b
}

fn assert_sound(board: &mut Board) -> Result<(), TestCaseError> {
    let ids: Vec<ElementId> = board.elements().iter().map(Element::id).collect();
    let unique: HashSet<ElementId> = ids.iter().copied().collect();
    prop_assert_eq!(unique.len(), ids.len(), "ids are unique: {:?}", ids);
    prop_assert!(
        ids.iter().all(|id| id.is_valid()),
        "ids in range: {:?}",
        ids
    );
    for e in board.elements() {
        if let Element::Arrow(a) = e {
            for end in [a.from, a.to] {
                if let Endpoint::Element { id, .. } = end {
                    prop_assert!(
                        board.get(id).is_some_and(|t| t.rect().is_some()),
                        "arrow {} is attached to a box on the board",
                        a.id
                    );
                }
            }
        }
    }
    // Adding elements afterwards never collides.
    for _ in 0..20 {
        let id = board.alloc_id();
        prop_assert!(id.is_valid());
        prop_assert!(board.get(id).is_none(), "{} is free", id);
        let e = Element::Component(Component {
            id,
            ..Component::default()
        });
        let op = Op::add_on_top(board, e);
        prop_assert!(op.apply(board).is_ok());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_board_file_that_loads_has_unique_ids_and_room_for_more(
        boxes in prop::collection::vec(arb_id(), 0..12),
        arrows in prop::collection::vec((arb_id(), 0usize..12, 0usize..12), 0..8),
        next_id in arb_id(),
    ) {
        let board = board_with_ids(&boxes, &arrows, next_id);
        let text = to_ron(&BoardFile::new(board)).unwrap();
        let Ok(loaded) = load_bytes(text.as_bytes(), Path::new("ids.ron")) else {
            return Ok(());
        };
        let mut board = loaded.file.board;
        assert_sound(&mut board)?;
    }

    #[test]
    fn any_excalidraw_scene_imports_with_unique_ids(
        boxes in prop::collection::vec(arb_id(), 1..10),
        arrows in prop::collection::vec((arb_id(), 0usize..10, 0usize..10), 0..6),
    ) {
        let catalog = Catalog::builtin().unwrap();
        let board = board_with_ids(&boxes, &arrows, 1);
        // The scene carries our ids in customData, as an export does.
        let scene = mlsd_board::io::excalidraw::export(&board, &catalog).unwrap();
        let imported = mlsd_board::io::excalidraw::import_bytes(scene.as_bytes(), Path::new("s.excalidraw"), &catalog).unwrap();
        let mut board = imported.board;
        assert_sound(&mut board)?;
    }
}

#[test]
fn a_huge_id_and_a_missing_one_become_two_ids_and_arrows_follow() {
    let text = format!(
        "(format: 1, board: (elements: [\
         Component((id: {}, label: \"huge\", pos: (x: 0, y: 0))),\
         Component((label: \"none\", pos: (x: 300, y: 0))),\
         Arrow((id: 7, from: Element(id: {}, side: Auto), to: Free((x: 500, y: 0))))]))",
        u64::MAX,
        u64::MAX
    );
    let loaded = load_bytes(text.as_bytes(), Path::new("huge.ron")).unwrap();
    let b = &loaded.file.board;
    let ids: Vec<u64> = b.elements().iter().map(|e| e.id().0).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 3, "{ids:?}");
    assert!(
        ids.iter().all(|i| *i >= 1 && *i <= ElementId::MAX),
        "{ids:?}"
    );
    assert!(
        loaded.repairs.contains(&Repair::OutOfRangeIds(1)),
        "{:?}",
        loaded.repairs
    );
    let huge = b.elements()[0].id();
    let Element::Arrow(a) = &b.elements()[2] else {
        panic!("an arrow");
    };
    assert_eq!(a.from.element(), Some(huge), "the arrow follows its box");
}
