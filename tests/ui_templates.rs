//! Case studies in the app: the start screen, Practice and Study, and the
//! review against the reference.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::app::{AppOptions, MlsdApp};

fn app_with_start() -> Harness<'static, MlsdApp> {
    common::ui::harness(AppOptions {
        show_start: true,
        ..AppOptions::default()
    })
}

fn index_of(h: &Harness<'_, MlsdApp>, id: &str) -> usize {
    h.state()
        .library
        .templates
        .iter()
        .position(|t| t.id == id)
        .unwrap()
}

#[test]
fn practice_from_the_start_screen_shows_the_prompt_and_an_empty_canvas() {
    let mut h = app_with_start();
    assert!(
        h.query_by_label("Practice an ML system design interview")
            .is_some()
    );
    assert!(h.query_by_label("Video recommendation").is_some());
    let i = index_of(&h, "video-recommendation");
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    assert!(!h.state().ui.show_start, "the start screen closes");
    let b = &h.state().doc.board;
    assert!(b.elements().is_empty(), "an empty canvas");
    assert_eq!(b.meta.template.as_deref(), Some("video-recommendation"));
    assert_eq!(b.framework.id, "mlsd-7");
    let prompt = b.meta.prompt.clone();
    assert!(
        h.query_by_label(&prompt).is_some(),
        "the prompt is shown in the sidebar"
    );
    // Issue #14: the interviewer's answers come only when asked for.
    assert!(h.query_by_label("Interviewer's answers").is_none());
    assert!(h.query_by_label("Ask the interviewer").is_some());
    // The reference stays hidden until asked for.
    assert!(h.state().canvas.ghost.is_none());
}

#[test]
fn study_then_compare_with_the_reference() {
    let mut h = app_with_start();
    let i = index_of(&h, "visual-search");
    h.get_all_by_label("Study").nth(i).unwrap().click();
    h.run();
    assert!(
        h.state().doc.board.counts().components >= 8,
        "the reference is the board"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.run();
    assert!(h.state().canvas.ghost.is_some(), "the ghost is drawn");
    assert!(h.query_by_label("Coverage 100%").is_some());
}

#[test]
fn a_practice_board_scores_as_it_grows() {
    let mut h = app_with_start();
    let i = index_of(&h, "video-recommendation");
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.run();
    assert!(h.query_by_label("Coverage 0%").is_some());
    h.key_press(Key::Slash);
    h.run();
    h.event(egui::Event::Text("ranker".to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    // Adding selects the new component (the inspector shows); back to Review.
    h.get_by_label("Review").click();
    h.run();
    assert!(h.query_by_label("Have: Ranking model").is_some());
    // Each line says why it got its credit.
    assert!(
        h.query_by_label("your \"Ranker\" (Ranker): full credit")
            .is_some()
    );
    assert!(h.query_by_label("Coverage 0%").is_none());
}

#[test]
fn escape_or_blank_board_closes_the_start_screen() {
    let mut h = app_with_start();
    h.get_by_label("Blank board").click();
    h.run();
    assert!(!h.state().ui.show_start);
    assert_eq!(h.state().doc.board.framework.id, "mlsd-7");
}

fn app_with_dir(
    dir: &std::path::Path,
    chooser: mlsd_board::app::files::ScriptedChooser,
) -> Harness<'static, MlsdApp> {
    common::ui::harness(AppOptions {
        user_templates_dir: Some(dir.to_path_buf()),
        chooser: Box::new(chooser),
        ..AppOptions::default()
    })
}

#[test]
fn save_a_board_as_a_template_and_find_it_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_with_dir(dir.path(), Default::default());
    // A study board of a case, renamed, saved as the user's own template.
    let i = index_of(&h, "news-feed");
    h.state_mut().ui.show_start = true;
    h.run();
    h.get_all_by_label("Study").nth(i).unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label("Study").nth(i).unwrap().click();
    h.run();
    let meta = h.state().doc.board.meta.clone();
    h.state_mut().doc.board.meta = mlsd_board::model::Meta {
        title: "Feed v2".to_owned(),
        ..meta
    };
    h.state_mut().save_as_template();
    h.run();
    assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    let saved = dir.path().join("my-feed-v2.ron");
    assert!(
        saved.exists(),
        "{:?}",
        std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
    );
    let t = mlsd_board::io::load_template(&saved).unwrap();
    assert!(t.prompt.contains("news feed"));
    assert!(t.reference.counts().components >= 8);
    // A fresh app lists it with the built-in ones.
    let h2 = app_with_dir(dir.path(), Default::default());
    assert_eq!(
        h2.state().library.templates.len(),
        h2.state().library.builtin_templates + 1
    );
    assert!(
        h2.state()
            .library
            .templates
            .iter()
            .any(|t| t.title == "Feed v2")
    );
}

#[test]
fn import_a_shared_template_or_refuse_a_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let good = shared.path().join("fraud.ron");
    std::fs::write(
        &good,
        r#"(id: "fraud-detection", title: "Fraud detection", summary: "Flag fraudulent payments.", prompt: "Design fraud detection for card payments.",
            framework: "mlsd-7", metrics: (offline: ["PR-AUC"], online: ["Chargeback rate"]),
            reference: (elements: [Component((id: 1, kind: "ranker", label: "Fraud model")), Component((id: 2, kind: "feature_store", label: "Features", pos: (x: 300, y: 0)))]))"#,
    )
    .unwrap();
    let bad = shared.path().join("bad.ron");
    std::fs::write(
        &bad,
        r#"(id: "bad", reference: (elements: [Component((id: 1, pos: (x: inf, y: 0)))]))"#,
    )
    .unwrap();
    let mut chooser = mlsd_board::app::files::ScriptedChooser::default();
    chooser
        .answers
        .push_back(mlsd_board::app::files::Picked::Path(good));
    chooser
        .answers
        .push_back(mlsd_board::app::files::Picked::Path(bad));
    let mut h = app_with_dir(dir.path(), chooser);
    h.state_mut().import_template();
    h.run();
    assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    assert!(
        h.state().ui.show_start,
        "the start screen shows the new card"
    );
    assert!(h.query_by_label("Fraud detection").is_some());
    assert!(
        dir.path().join("fraud-detection.ron").exists(),
        "copied into the user's templates"
    );
    h.state_mut().ui.show_start = false;
    h.state_mut().import_template();
    h.run();
    match &h.state().ui.dialog {
        Some(mlsd_board::app::Dialog::Message { text, .. }) => {
            assert!(text.contains("bad.ron"), "{text}");
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

/// Issue #20, 1: a shared template whose id is a path wrote a board
/// elsewhere on disk (creating folders on the way). Now the import is
/// refused with a message, and nothing outside the templates folder, nor
/// inside it, is written.
#[test]
fn a_shared_template_with_a_path_for_an_id_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let templates = root.path().join("data/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let victim = root.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("board.ron"), "the user's board").unwrap();
    let shared = tempfile::tempdir().unwrap();
    let mut chooser = mlsd_board::app::files::ScriptedChooser::default();
    for id in [
        "../../victim/board",
        "../../fresh/folder/board",
        "/tmp/absolute",
        "Caps",
        "",
    ] {
        let file = shared
            .path()
            .join(format!("t{}.ron", chooser.answers.len()));
        std::fs::write(
            &file,
            format!(
                r#"(id: "{id}", title: "Hostile", reference: (elements: [Component((id: 1, kind: "ranker"))]))"#
            ),
        )
        .unwrap();
        chooser
            .answers
            .push_back(mlsd_board::app::files::Picked::Path(file));
    }
    let mut h = app_with_dir(&templates, chooser);
    let builtin = h.state().library.templates.len();
    for id in [
        "../../victim/board",
        "../../fresh/folder/board",
        "/tmp/absolute",
        "Caps",
    ] {
        h.state_mut().import_template();
        h.run();
        match h.state_mut().ui.dialog.take() {
            Some(mlsd_board::app::Dialog::Message { text, .. }) => {
                assert!(text.contains("not allowed"), "{id}: {text}");
            }
            other => panic!("{id}: expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(
        std::fs::read_to_string(victim.join("board.ron")).unwrap(),
        "the user's board"
    );
    assert!(!root.path().join("fresh").exists(), "no folder was made");
    assert_eq!(
        std::fs::read_dir(&templates).unwrap().count(),
        0,
        "nothing written in the templates folder either"
    );
    assert_eq!(h.state().library.templates.len(), builtin);
    // No id at all: the app makes one from the file's name, a slug.
    h.state_mut().import_template();
    h.run();
    assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    let names: Vec<String> = std::fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["t4.ron"]);
}

/// A template saved from a board titled in another script gets an id the
/// app spells (a slug with a hash of the title), so two such titles never
/// replace each other, and saving the same title again updates it.
#[test]
fn templates_saved_from_titles_in_other_scripts_keep_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_with_dir(dir.path(), Default::default());
    for title in ["推荐系统", "Рекомендации", "推荐系统"] {
        h.state_mut().doc.board.meta.title = title.to_owned();
        h.state_mut().save_as_template();
        h.run();
        assert!(h.state().ui.dialog.is_none(), "{:?}", h.state().ui.dialog);
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    for n in &names {
        let stem = n.strip_suffix(".ron").unwrap();
        assert!(mlsd_board::io::is_template_id(stem), "{n}");
        assert!(stem.starts_with("my-"), "{n}");
    }
    let titles: Vec<String> = names
        .iter()
        .map(|n| {
            mlsd_board::io::load_template(&dir.path().join(n))
                .unwrap()
                .title
        })
        .collect();
    assert!(titles.contains(&"推荐系统".to_owned()), "{titles:?}");
    assert!(titles.contains(&"Рекомендации".to_owned()), "{titles:?}");
}

/// Issue #14, 4: practice showed the interviewer's answers before anything
/// was asked. Now they start hidden; a question that matches reveals its
/// answer, one that does not is told to assume; both are reported with
/// the questions never asked. Study still shows everything.
#[test]
fn practice_answers_come_only_when_asked_for() {
    let mut h = app_with_start();
    let i = index_of(&h, "video-recommendation");
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    assert!(h.query_by_label("Interviewer's answers").is_none());
    assert!(h.query_by_label_contains("Ten billion videos").is_none());
    assert!(h.query_by_label("Ask the interviewer").is_some());
    h.get_by_label_contains("Start timed session").click();
    h.run();
    // Typed and asked through the box.
    h.state_mut().ui.ask_text = "How many users are there?".to_owned();
    h.get_by_label("Ask").click();
    h.run();
    assert!(
        h.query_by_label("Interviewer: Ten billion videos, two billion users.")
            .is_some()
    );
    mlsd_board::app::start::ask_interviewer(h.state_mut(), "What colour is the logo?");
    h.run();
    assert!(
        h.query_by_label(mlsd_board::session::report::ASSUME)
            .is_some()
    );
    assert_eq!(h.state().doc.board.meta.asked.len(), 2);
    h.get_by_label("Finish").click();
    h.run();
    let report = h.state().session.report.clone().unwrap();
    assert!(report.contains("## Clarifying questions"), "{report}");
    assert!(
        report.contains("Asked \"How many users are there?\": answered (Ten billion videos"),
        "{report}"
    );
    assert!(
        report.contains("Asked \"What colour is the logo?\": no such answer; assume"),
        "{report}"
    );
    assert!(report.contains("Never asked:"), "{report}");
    assert!(report.contains("- Latency?"), "{report}");
    assert!(
        !report.contains("- Scale?"),
        "asked, so not listed: {report}"
    );

    // Study shows every answer.
    let mut h = app_with_start();
    h.get_all_by_label("Study").nth(i).unwrap().click();
    h.run();
    assert!(h.query_by_label("Interviewer's answers").is_some());
    assert!(h.query_by_label("Ask the interviewer").is_none());
}

/// Issue #14, 2: after a session the candidate grades each rubric item 0,
/// 1 or 2 with the answer key beside it; the grades are saved in the board
/// and reported, and the overall grade weighs the rubric above the diagram.
#[test]
fn grading_the_rubric_is_saved_and_reported() {
    let mut h = app_with_start();
    let i = index_of(&h, "video-recommendation");
    let item = |id: &str, step: &str, q: &str| mlsd_board::model::RubricItem {
        id: id.into(),
        step: step.into(),
        question: q.into(),
        options: vec!["Watch time".into(), "Clicks".into()],
        pick: "Watch time".into(),
        why: "Clicks reward clickbait.".into(),
        rejected: vec![mlsd_board::model::Rejected {
            option: "Clicks".into(),
            why: "Clickbait.".into(),
        }],
    };
    h.state_mut().library.templates[i].rubric = vec![
        item("framing-objective", "framing", "Which ML objective?"),
        item("model-baseline", "model", "Which baseline?"),
    ];
    h.get_all_by_label("Practice").nth(i).unwrap().click();
    h.run();
    h.get_by_label_contains("Start timed session").click();
    h.run();
    // Sealed while the session runs: no rubric to see.
    h.get_by_label("Review").click();
    h.run();
    assert!(h.query_by_label("Which ML objective?").is_none());
    h.get_by_label("Finish").click();
    h.run();
    h.state_mut().session.report = None;
    h.state_mut().session.report_view = None;
    h.run();
    assert!(h.query_by_label("Which ML objective?").is_some());
    assert!(h.query_by_label("Overall 0%").is_some());
    // Grade: 2 for the first, 1 for the second (the second "2" and "1"
    // buttons belong to the second item).
    h.get_all_by_label("2").next().unwrap().click();
    h.run();
    h.get_all_by_label("1").nth(1).unwrap().click();
    h.run();
    let grades = h.state().doc.board.meta.grades.clone();
    assert_eq!(grades.get("framing-objective"), Some(&2));
    assert_eq!(grades.get("model-baseline"), Some(&1));
    // 3 of 4 points: rubric 75 %, weighed 60 %; the empty diagram 0 %.
    assert!(h.query_by_label("Overall 45%").is_some());
    // Undoable, like any change to the board.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.board.meta.grades.get("model-baseline"), None);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    // Reported.
    h.get_by_label("Session report").click();
    h.run();
    let report = h.state().session.report.clone().unwrap();
    assert!(report.contains("## Grade"), "{report}");
    assert!(report.contains("Overall: 45%"), "{report}");
    assert!(
        report.contains("| framing | 100% (1 of 1 graded) |"),
        "{report}"
    );
}
