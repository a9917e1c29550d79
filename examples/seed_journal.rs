//! Writes a practice journal of a few weeks' made-up practice, for the
//! README's screenshots of the Progress view:
//! `cargo run --example seed_journal -- PATH` (then open the app with
//! that journal in its data folder).

use mlsd_board::practice::{Entry, Mode, PracticeJournal, StepGrade, StepTime};

const DAY: i64 = 86_400;

fn session(
    case: &str,
    title: &str,
    at: i64,
    grade: f32,
    times: [u32; 7],
    weak: &[(&str, f32, &str)],
) -> Entry {
    let steps = [
        ("clarify", "Clarify requirements", 300),
        ("framing", "Frame as an ML task", 240),
        ("data", "Data preparation", 420),
        ("model", "Model development", 600),
        ("evaluation", "Evaluation", 360),
        ("serving", "Deployment and serving", 420),
        ("monitoring", "Monitoring and infrastructure", 240),
    ];
    Entry {
        at,
        case: case.to_owned(),
        case_title: title.to_owned(),
        mode: Mode::Session,
        length_s: times.iter().sum(),
        budget_s: steps.iter().map(|s| s.2).sum(),
        steps: steps
            .iter()
            .zip(times)
            .map(|((id, t, b), spent)| StepTime {
                id: (*id).to_owned(),
                title: (*t).to_owned(),
                spent_s: spent,
                budget_s: *b,
            })
            .collect(),
        diagram: Some(grade + 0.05),
        overall: Some(grade),
        rubric: weak
            .iter()
            .map(|(step, g, missed)| StepGrade {
                step: (*step).to_owned(),
                grade: *g,
                missed: if missed.is_empty() {
                    vec![]
                } else {
                    vec![(*missed).to_owned()]
                },
            })
            .collect(),
        asked: 3,
        clarifications: 6,
        ..Entry::default()
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: seed_journal PATH");
    let now = mlsd_board::practice::unix_now();
    let j = PracticeJournal::new(path);
    let vs = ("visual-search", "Visual search");
    let ads = ("ad-click-prediction", "Ad click prediction");
    let vr = ("video-recommendation", "Video recommendation");
    let list = [
        session(
            vr.0,
            vr.1,
            now - 24 * DAY,
            0.38,
            [480, 420, 500, 700, 300, 200, 60],
            &[
                (
                    "evaluation",
                    0.25,
                    "Online metric tied to the business goal",
                ),
                ("serving", 0.5, ""),
            ],
        ),
        session(
            vs.0,
            vs.1,
            now - 20 * DAY,
            0.45,
            [420, 360, 480, 650, 280, 300, 120],
            &[
                (
                    "evaluation",
                    0.25,
                    "Online metric tied to the business goal",
                ),
                ("data", 0.5, ""),
            ],
        ),
        session(
            vr.0,
            vr.1,
            now - 15 * DAY,
            0.55,
            [360, 330, 450, 620, 330, 320, 150],
            &[("evaluation", 0.5, ""), ("serving", 0.75, "")],
        ),
        session(
            ads.0,
            ads.1,
            now - 11 * DAY,
            0.62,
            [330, 300, 400, 640, 340, 380, 200],
            &[
                ("evaluation", 0.25, "Calibration of predicted CTR"),
                ("model", 0.75, ""),
            ],
        ),
        session(
            vs.0,
            vs.1,
            now - 8 * DAY,
            0.64,
            [340, 290, 430, 560, 350, 390, 240],
            &[("evaluation", 0.5, ""), ("data", 0.75, "")],
        ),
        session(
            vr.0,
            vr.1,
            now - 4 * DAY,
            0.74,
            [310, 280, 410, 580, 340, 400, 260],
            &[("evaluation", 0.75, ""), ("serving", 1.0, "")],
        ),
        session(
            ads.0,
            ads.1,
            now - 2 * DAY,
            0.71,
            [300, 300, 380, 600, 380, 420, 280],
            &[("evaluation", 0.25, "Calibration of predicted CTR")],
        ),
    ];
    for e in list {
        j.append(e).expect("written");
    }
    j.append(Entry {
        at: now - DAY,
        case: vs.0.to_owned(),
        case_title: vs.1.to_owned(),
        mode: Mode::Recall,
        length_s: 540,
        budget_s: 600,
        stages_drawn: vec![
            "Image embedding model".to_owned(),
            "ANN index".to_owned(),
            "Re-ranking".to_owned(),
        ],
        stages_missed: vec!["Indexing pipeline".to_owned()],
        ..Entry::default()
    })
    .expect("written");
    println!("wrote {}", j.path().display());
}
