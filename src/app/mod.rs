//! The eframe application. The only module that knows egui.
//!
//! For now a read-only view of a board; the canvas issue makes it editable.

use std::path::PathBuf;

use egui::{Color32, CornerRadius, FontId, Pos2, Rect, Stroke, StrokeKind, Vec2};

use crate::io::{BoardFile, load_path};
use crate::model::{Board, Element, LineStyle};

/// Opens the app window, with `file` loaded if given.
///
/// # Errors
/// When no window can be opened (no display, no graphics driver).
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_title("MLSD Board"),
        ..Default::default()
    };
    eframe::run_native(
        "MLSD Board",
        options,
        Box::new(move |_cc| Ok(Box::new(MlsdApp::open(file)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open a window: {e}"))
}

/// The application state.
#[derive(Default)]
pub struct MlsdApp {
    /// The open board.
    pub board: Board,
    /// Where it came from.
    pub path: Option<PathBuf>,
    /// A message for the status bar (errors, repairs).
    pub status: String,
}

impl MlsdApp {
    /// The app with `file` loaded (or an empty board and a message when it
    /// cannot be loaded).
    #[must_use]
    pub fn open(file: Option<PathBuf>) -> Self {
        let Some(path) = file else {
            return Self::default();
        };
        match load_path(&path) {
            Ok(loaded) => {
                let repairs: Vec<String> = loaded.repairs.iter().map(ToString::to_string).collect();
                let BoardFile { board, .. } = loaded.file;
                Self {
                    status: if repairs.is_empty() {
                        format!("Opened {}", path.display())
                    } else {
                        format!(
                            "Opened {} (repaired: {})",
                            path.display(),
                            repairs.join("; ")
                        )
                    },
                    board,
                    path: Some(path),
                }
            }
            Err(e) => Self {
                status: e.to_string(),
                ..Self::default()
            },
        }
    }
}

impl eframe::App for MlsdApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.label(&self.status);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let (response, painter) =
                ui.allocate_painter(ui.available_size(), egui::Sense::hover());
            paint_fit(&self.board, &painter, response.rect);
        });
    }
}

fn paint_fit(board: &Board, painter: &egui::Painter, screen: Rect) {
    let Some(b) = board.bounds() else {
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            "Empty board",
            FontId::proportional(18.0),
            Color32::GRAY,
        );
        return;
    };
    let bw = b.width().max(1.0);
    let bh = b.height().max(1.0);
    let scale = ((screen.width() - 40.0) / bw)
        .min((screen.height() - 40.0) / bh)
        .min(1.0);
    let origin = screen.center() - Vec2::new(bw, bh) * scale * 0.5;
    let to_screen = |p: crate::model::Point| {
        origin + Vec2::new((p.x - b.min.x) * scale, (p.y - b.min.y) * scale)
    };
    let text_color = ui_text_color(painter);
    for e in board.elements() {
        match e {
            Element::Arrow(a) => {
                if let Some((p, q)) = board.arrow_points(a) {
                    let (p, q) = (to_screen(p), to_screen(q));
                    let stroke = Stroke::new(1.5, text_color);
                    if a.style == LineStyle::Dashed {
                        painter.extend(egui::Shape::dashed_line(&[p, q], stroke, 6.0, 4.0));
                    } else {
                        painter.line_segment([p, q], stroke);
                    }
                    painter.arrow(
                        q - (q - p).normalized() * 10.0,
                        (q - p).normalized() * 10.0,
                        stroke,
                    );
                }
            }
            other => {
                let Some(r) = other.rect() else { continue };
                let rect = Rect::from_min_max(to_screen(r.min), to_screen(r.max));
                let fill = match other {
                    Element::Note(_) => Color32::from_rgb(255, 244, 179),
                    Element::Frame(_) => Color32::TRANSPARENT,
                    _ => Color32::from_rgb(222, 235, 255),
                };
                painter.rect(
                    rect,
                    CornerRadius::same(6),
                    fill,
                    Stroke::new(1.0, Color32::GRAY),
                    StrokeKind::Inside,
                );
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    other.text(),
                    FontId::proportional((14.0 * scale).max(6.0)),
                    Color32::BLACK,
                );
            }
        }
    }
    let _ = Pos2::ZERO;
}

fn ui_text_color(painter: &egui::Painter) -> Color32 {
    painter.ctx().global_style().visuals.text_color()
}
