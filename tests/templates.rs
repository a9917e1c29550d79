//! The ten case-study templates: they parse, use only catalog kinds, lay
//! out without overlaps, have no dangling arrows, budgets that add up; and
//! the review score behaves: 100% for the reference itself, 0% for an empty
//! board, and the right drop for a board missing one component.

use std::process::Command;

use mlsd_board::io::load_path;
use mlsd_board::model::{Board, Catalog, Element, Framework, Template};
use mlsd_board::ops::Op;
use mlsd_board::review::{COMPONENT_WEIGHT, CONNECTION_WEIGHT, METRIC_WEIGHT, score};

fn all() -> Vec<Template> {
    Template::builtin().unwrap()
}

#[test]
fn every_template_parses_and_is_well_formed() {
    let templates = all();
    assert_eq!(templates.len(), 10);
    let catalog = Catalog::builtin().unwrap();
    let frameworks = Framework::builtin().unwrap();
    for t in &templates {
        let b = &t.reference;
        assert!(!t.prompt.is_empty() && !t.summary.is_empty(), "{}", t.id);
        assert!(
            t.clarifications.len() >= 3,
            "{}: clarifying questions",
            t.id
        );
        assert!(t.follow_ups.len() >= 3, "{}: follow-ups", t.id);
        assert!(
            !t.metrics.offline.is_empty() && !t.metrics.online.is_empty(),
            "{}",
            t.id
        );
        let f = t.framework_from(&frameworks);
        assert_eq!(f.id, t.framework, "{}: its framework ships", t.id);
        assert!(
            (f.sum_of_budgets() - 45.0).abs() < 1e-3,
            "{}: budgets add up to 45",
            t.id
        );
        let comps: Vec<_> = b
            .elements()
            .iter()
            .filter_map(|e| match e {
                Element::Component(c) => Some(c),
                _ => None,
            })
            .collect();
        assert!(comps.len() >= 8, "{}: a real design", t.id);
        for c in &comps {
            assert!(
                catalog.kind(&c.kind).is_some(),
                "{}: {} is not a catalog kind",
                t.id,
                c.kind
            );
        }
        for (i, a) in comps.iter().enumerate() {
            for c in &comps[i + 1..] {
                let (ra, rc) = (
                    mlsd_board::model::Rect::from_pos_size(a.pos, a.size),
                    mlsd_board::model::Rect::from_pos_size(c.pos, c.size),
                );
                assert!(
                    !ra.intersects(&rc),
                    "{}: {} overlaps {}",
                    t.id,
                    a.label,
                    c.label
                );
            }
        }
        let frames: Vec<_> = b.elements().iter().filter_map(Element::rect).collect();
        assert!(frames.len() > comps.len(), "{}: frames present", t.id);
        for e in b.elements() {
            if let Element::Arrow(a) = e {
                for end in [a.from, a.to] {
                    let id = end.element().expect("arrows connect components");
                    assert!(
                        matches!(b.get(id), Some(Element::Component(_))),
                        "{}: arrow {} dangles",
                        t.id,
                        a.id
                    );
                }
            }
        }
        let mut ids: Vec<u64> = b.elements().iter().map(|e| e.id().0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), b.elements().len(), "{}: unique ids", t.id);
    }
}

#[test]
fn the_reference_scores_100_and_an_empty_board_0() {
    let catalog = Catalog::builtin().unwrap();
    for t in all() {
        let s = score(&t.reference, &t, &catalog);
        assert!((s.coverage - 1.0).abs() < 1e-9, "{}: {s:?}", t.id);
        let empty = Board::new("empty");
        let s = score(&empty, &t, &catalog);
        assert!(s.coverage.abs() < 1e-9, "{}: {}", t.id, s.coverage);
    }
}

#[test]
fn missing_one_component_drops_the_score_by_its_share() {
    let catalog = Catalog::builtin().unwrap();
    for t in all() {
        let b = &t.reference;
        let comps: Vec<(mlsd_board::model::ElementId, String)> = b
            .elements()
            .iter()
            .filter_map(|e| match e {
                Element::Component(c) => Some((c.id, c.kind.clone())),
                _ => None,
            })
            .collect();
        // A component whose kind appears once, so nothing else stands in.
        let (gone, kind) = comps
            .iter()
            .find(|(_, k)| comps.iter().filter(|(_, k2)| k2 == k).count() == 1)
            .cloned()
            .unwrap();
        let arrows: Vec<&mlsd_board::model::Arrow> = b
            .elements()
            .iter()
            .filter_map(|e| match e {
                Element::Arrow(a) => Some(a),
                _ => None,
            })
            .collect();
        let touching: Vec<_> = arrows
            .iter()
            .filter(|a| a.from.element() == Some(gone) || a.to.element() == Some(gone))
            .map(|a| a.id)
            .collect();
        let mut board = b.clone();
        let mut ids = touching.clone();
        ids.push(gone);
        Op::remove(&board, &ids).apply(&mut board).unwrap();
        let n = comps.len() as f64;
        let want = COMPONENT_WEIGHT * (n - 1.0) / n
            + CONNECTION_WEIGHT * (arrows.len() - touching.len()) as f64 / arrows.len() as f64
            + METRIC_WEIGHT;
        let s = score(&board, &t, &catalog);
        assert!(
            (s.coverage - want).abs() < 1e-9,
            "{}: without {kind}: {} != {want}",
            t.id,
            s.coverage
        );
        assert!(s.coverage < 1.0);
    }
}

#[test]
fn cli_new_and_score_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_mlsd-board");
    let out = Command::new(bin).arg("templates").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 10);
    let practice = dir.path().join("practice.ron");
    let out = Command::new(bin)
        .args(["new", "--template", "news-feed", "-o"])
        .arg(&practice)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let b = load_path(&practice).unwrap().file.board;
    assert!(
        b.elements().is_empty(),
        "practice starts on an empty canvas"
    );
    assert_eq!(b.meta.template.as_deref(), Some("news-feed"));
    assert!(b.meta.prompt.contains("news feed"));
    assert_eq!(b.framework.steps.len(), 7);
    let out = Command::new(bin)
        .arg("score")
        .arg(&practice)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Coverage: 0%")
    );
    let study = dir.path().join("study.ron");
    let out = Command::new(bin)
        .args(["new", "--template", "news-feed", "--study", "-o"])
        .arg(&study)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(bin).arg("score").arg(&study).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Coverage: 100%")
    );
    let out = Command::new(bin)
        .args(["new", "--template", "no-such-case", "-o"])
        .arg(dir.path().join("x.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("no template")
    );
}
