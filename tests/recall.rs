//! Issue #19, the draw-from-memory drill's stage diff: each reference
//! component in its pipeline (the reference frame around it), drawn or
//! skipped, against a board drawn from memory.

use mlsd_board::model::{Board, Catalog, Element, Elements, Template};
use mlsd_board::review::{Match, stages, stages_text};

fn visual_search() -> Template {
    Template::builtin()
        .unwrap()
        .into_iter()
        .find(|t| t.id == "visual-search")
        .unwrap()
}

/// A board holding the reference components for which `keep` says so
/// (same kinds, other labels and places).
fn drawn(t: &Template, keep: impl Fn(usize) -> bool) -> Board {
    let mut b = Board::new("from memory");
    let list = t
        .reference
        .elements()
        .iter()
        .filter_map(|e| match e {
            Element::Component(c) => Some(c.clone()),
            _ => None,
        })
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(i, mut c)| {
            c.label = format!("mine {i}");
            c.pos = mlsd_board::model::Point::new(i as f32 * 300.0, 0.0);
            Element::Component(c)
        })
        .collect();
    b.elements = Elements::from_vec(list);
    b
}

#[test]
fn the_stage_diff_names_what_was_drawn_and_skipped_per_pipeline() {
    let t = visual_search();
    let catalog = Catalog::builtin().unwrap();
    let all = stages(&drawn(&t, |_| true), &t, &catalog);
    assert!(all.len() >= 6);
    assert!(all.iter().all(mlsd_board::review::StageLine::drawn));
    // Every stage sits in one of the reference's pipelines.
    let pipelines: Vec<&str> = all.iter().map(|l| l.pipeline.as_str()).collect();
    assert!(pipelines.iter().all(|p| !p.is_empty()), "{pipelines:?}");
    assert!(pipelines.contains(&"Online serving (prediction pipeline)"));
    assert!(pipelines.contains(&"Indexing and release (offline)"));

    // Draw only the even ones: the odd ones are skipped, by name.
    let half = stages(&drawn(&t, |i| i % 2 == 0), &t, &catalog);
    for (i, l) in half.iter().enumerate() {
        assert_eq!(l.stage, all[i].stage);
        if i % 2 == 0 {
            assert!(l.drawn(), "{} drawn", l.stage);
        }
    }
    let skipped: Vec<&str> = half
        .iter()
        .filter(|l| !l.drawn())
        .map(|l| l.stage.as_str())
        .collect();
    assert!(!skipped.is_empty());
    let text = stages_text(&half).join("\n");
    for s in &skipped {
        assert!(text.contains(s), "{s} named in:\n{text}");
    }
    assert!(text.contains("you skipped"), "{text}");
    assert!(text.contains("You drew"), "{text}");

    // A blank board skips everything.
    let none = stages(&Board::new("blank"), &t, &catalog);
    assert!(none.iter().all(|l| l.matched == Match::Missing));
    assert!(
        stages_text(&none)
            .iter()
            .all(|l| l.contains("You skipped all of it"))
    );
}
