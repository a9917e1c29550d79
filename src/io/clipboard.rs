//! Copy and paste of elements as RON text, so copying between two windows
//! of the app (or into a chat and back) works. Pasted text is untrusted and
//! gets the same checks as a board file.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Board, Element, ElementId, Endpoint, coord_ok};

/// Clipboard text longer than this is not parsed as elements.
const MAX_CLIPBOARD_BYTES: usize = 16 * 1024 * 1024;

/// What the clipboard holds: `(mlsd_board_clipboard: 1, elements: [...])`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct Clip {
    mlsd_board_clipboard: u32,
    elements: Vec<Element>,
}

/// The elements with these ids, plus arrows that connect two of them, as
/// clipboard text (in drawing order).
#[must_use]
pub fn copy_text(board: &Board, ids: &[ElementId]) -> String {
    let elements: Vec<Element> = with_connecting_arrows(board, ids)
        .filter_map(|id| board.get(id).cloned())
        .collect();
    let clip = Clip {
        mlsd_board_clipboard: 1,
        elements,
    };
    ron::Options::default()
        .to_string_pretty(&clip, ron::ser::PrettyConfig::new().depth_limit(2))
        .unwrap_or_default()
}

/// The ids of `ids` plus the arrows that connect two of them, in drawing
/// order: what copying (and exporting) a selection takes.
pub fn with_connecting_arrows<'a>(
    board: &'a Board,
    ids: &[ElementId],
) -> impl Iterator<Item = ElementId> + 'a {
    let chosen: HashSet<ElementId> = ids.iter().copied().collect();
    board
        .elements()
        .iter()
        .filter(move |e| {
            chosen.contains(&e.id())
                || matches!(e, Element::Arrow(a)
                    if a.from.element().is_some_and(|i| chosen.contains(&i))
                    && a.to.element().is_some_and(|i| chosen.contains(&i)))
        })
        .map(Element::id)
}

/// Parses clipboard text made by [`copy_text`]; `None` for any other text
/// (which the app may paste as a note instead), or for elements with bad
/// numbers.
#[must_use]
pub fn parse_text(text: &str) -> Option<Vec<Element>> {
    if text.len() > MAX_CLIPBOARD_BYTES || !text.contains("mlsd_board_clipboard") {
        return None;
    }
    let clip: Clip = ron::Options::default().from_str(text).ok()?;
    if clip.mlsd_board_clipboard == 0 {
        return None;
    }
    let all_ok = clip
        .elements
        .iter()
        .all(|e| e.coordinates().into_iter().all(coord_ok));
    all_ok.then_some(clip.elements)
}

/// Gives pasted elements fresh ids from `board`'s counter, moves them by
/// `(dx, dy)`, and keeps arrows attached only to elements pasted with them
/// (other ends become free where they were drawn, or stay attached when the
/// element is on this board).
pub fn prepare_paste(board: &mut Board, elements: Vec<Element>, dx: f32, dy: f32) -> Vec<Element> {
    let mut map: HashMap<ElementId, ElementId> = HashMap::new();
    let originals: HashMap<ElementId, Element> =
        elements.iter().map(|e| (e.id(), e.clone())).collect();
    let mut out = Vec::with_capacity(elements.len());
    for e in &elements {
        map.insert(e.id(), board.alloc_id());
    }
    for e in elements {
        let mut e = e.translated(dx, dy);
        e.set_id(map[&e.id()]);
        if let Element::Arrow(a) = &mut e {
            for end in [&mut a.from, &mut a.to] {
                if let Endpoint::Element { id, side } = *end {
                    if let Some(new) = map.get(&id)
                        && originals
                            .get(&id)
                            .is_some_and(|o| !matches!(o, Element::Arrow(_)))
                    {
                        *end = Endpoint::Element { id: *new, side };
                        continue;
                    }
                    // Not pasted along: a free end at the element's centre
                    // if this board knows it, else near the other end.
                    let at = board
                        .get(id)
                        .and_then(Element::rect)
                        .map(|r| r.center().offset(dx, dy))
                        .unwrap_or_default();
                    *end = Endpoint::Free(at);
                }
            }
        }
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::grid_board;

    #[test]
    fn copy_then_paste_gives_fresh_ids_and_keeps_connections() {
        let mut board = grid_board(3, 0, 1);
        let ids: Vec<ElementId> = board.elements().iter().map(Element::id).collect();
        let arrow = Element::Arrow(crate::model::Arrow {
            id: board.alloc_id(),
            from: Endpoint::Element {
                id: ids[0],
                side: crate::model::Side::Auto,
            },
            to: Endpoint::Element {
                id: ids[1],
                side: crate::model::Side::Auto,
            },
            ..Default::default()
        });
        crate::ops::Op::add_on_top(&board, arrow)
            .apply(&mut board)
            .unwrap();
        let text = copy_text(&board, &ids[..2]);
        let parsed = parse_text(&text).unwrap();
        assert_eq!(parsed.len(), 3, "two boxes and the arrow between them");
        let pasted = prepare_paste(&mut board, parsed, 20.0, 20.0);
        let new_ids: HashSet<ElementId> = pasted.iter().map(Element::id).collect();
        assert!(new_ids.iter().all(|id| board.get(*id).is_none()));
        let Element::Arrow(a) = &pasted[2] else {
            panic!()
        };
        assert!(new_ids.contains(&a.from.element().unwrap()));
        assert!(new_ids.contains(&a.to.element().unwrap()));
    }

    #[test]
    fn other_text_and_bad_numbers_are_not_elements() {
        assert!(parse_text("hello").is_none());
        assert!(
            parse_text(
                "(mlsd_board_clipboard: 1, elements: [Component((id: 1, pos: (x: NaN, y: 0)))])"
            )
            .is_none()
        );
        assert!(
            parse_text(&format!(
                "(mlsd_board_clipboard: 1, x: {}{})",
                "[".repeat(5000),
                "]".repeat(5000)
            ))
            .is_none()
        );
    }
}
