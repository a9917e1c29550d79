//! Measuring the app as it runs: frame times, frames per second and
//! resident memory for View > Performance, and the scripted measurements
//! in a real window: `bench-pan` (pan a board for some seconds) and
//! `bench-drag` (select, then drag with a real pointer), each reporting
//! JSON.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::Pos2;
use serde::Serialize;

/// Frames further apart than this are idle gaps, not frame times.
const IDLE_GAP: Duration = Duration::from_millis(500);
/// How far back the readout looks.
const WINDOW: Duration = Duration::from_secs(3);

/// Recent frames: when each started, the interval from the previous one
/// (the whole frame: our UI, egui, tessellation, rendering, presenting) and
/// the time spent building our UI.
#[derive(Default)]
pub struct FrameStats {
    frames: VecDeque<(Instant, f32, f32)>,
    last_start: Option<Instant>,
    ui_started: Option<Instant>,
}

/// Medians and 95th percentiles of recent frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Frames counted.
    pub frames: usize,
    /// Median whole-frame time (ms).
    pub frame_ms_median: f32,
    /// 95th percentile whole-frame time (ms).
    pub frame_ms_p95: f32,
    /// Median time building the UI (ms).
    pub ui_ms_median: f32,
    /// Frames drawn per second over the window.
    pub fps: f32,
}

/// The `q` quantile (0..=1) of the values, nearest rank.
#[must_use]
pub fn quantile(values: &mut [f32], q: f32) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    let rank = ((values.len() as f32 * q).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

impl FrameStats {
    /// Call at the start of every frame.
    pub fn frame_start(&mut self, now: Instant) {
        self.ui_started = Some(now);
        if let Some(prev) = self.last_start.replace(now) {
            let gap = now - prev;
            if gap < IDLE_GAP {
                self.frames
                    .push_back((now, gap.as_secs_f32() * 1000.0, 0.0));
            }
        }
        while self
            .frames
            .front()
            .is_some_and(|(t, _, _)| now.duration_since(*t) > WINDOW)
        {
            self.frames.pop_front();
        }
    }

    /// Call when the UI is built, to record its share of the frame.
    pub fn ui_done(&mut self, now: Instant) {
        if let (Some(start), Some(last)) = (self.ui_started.take(), self.frames.back_mut()) {
            last.2 = (now - start).as_secs_f32() * 1000.0;
        }
    }

    /// The UI share of the last recorded frame (ms).
    #[must_use]
    pub fn last_ui_ms(&self) -> f32 {
        self.frames.back().map_or(0.0, |f| f.2)
    }

    /// The frames of the last few seconds.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let mut frame: Vec<f32> = self.frames.iter().map(|f| f.1).collect();
        let mut ui: Vec<f32> = self.frames.iter().map(|f| f.2).collect();
        let span: f32 = frame.iter().sum::<f32>() / 1000.0;
        Summary {
            frames: frame.len(),
            frame_ms_median: quantile(&mut frame, 0.5),
            frame_ms_p95: quantile(&mut frame, 0.95),
            ui_ms_median: quantile(&mut ui, 0.5),
            fps: if span > 0.0 {
                frame.len() as f32 / span
            } else {
                0.0
            },
        }
    }
}

/// The frame times of a measured run: how many, the median and 95th
/// percentile of whole frames, and the median time building the UI.
struct Timing {
    frames: usize,
    median: f32,
    p95: f32,
    ui_median: f32,
}

impl Timing {
    /// From `(frame ms, UI ms)` pairs.
    fn of(frames: &[(f32, f32)]) -> Self {
        let mut frame: Vec<f32> = frames.iter().map(|f| f.0).collect();
        let mut ui: Vec<f32> = frames.iter().map(|f| f.1).collect();
        Self {
            frames: frame.len(),
            median: quantile(&mut frame, 0.5),
            p95: quantile(&mut frame, 0.95),
            ui_median: quantile(&mut ui, 0.5),
        }
    }
}

/// Peak resident memory in MB (0 where it cannot be read).
fn peak_rss_mb() -> f32 {
    resident_memory().map_or(0.0, |(_, peak)| peak as f32 / 1_048_576.0)
}

/// Resident memory now and at its peak, in bytes (Linux: `/proc`).
#[must_use]
pub fn resident_memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some((kb("VmRSS:")? * 1024, kb("VmHWM:")? * 1024))
}

/// The zoom `bench-pan` measures at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum BenchZoom {
    /// The whole board in view.
    Fit,
    /// 100 %, the board's top-left corner in view.
    #[value(name = "1")]
    One,
}

/// What `bench-pan` reports.
#[derive(Debug, Serialize)]
pub struct BenchReport {
    /// The board measured.
    pub file: String,
    /// The zoom.
    pub zoom: BenchZoom,
    /// The zoom factor used.
    pub zoom_factor: f32,
    /// Seconds of panning.
    pub seconds: f32,
    /// Frames drawn while panning.
    pub frames: usize,
    /// Frames per second while panning.
    pub fps: f32,
    /// Median whole-frame time (ms), wall clock between frame starts.
    pub frame_ms_median: f32,
    /// 95th percentile whole-frame time (ms).
    pub frame_ms_p95: f32,
    /// Median time building the UI (ms), part of the frame.
    pub ui_ms_median: f32,
    /// From process start to the first frame with the board drawn (ms).
    pub first_frame_ms: f32,
    /// Elements drawn in the last frame.
    pub elements_drawn: usize,
    /// Peak resident memory (MB).
    pub peak_rss_mb: f32,
    /// The canvas area (window minus panels) in points.
    pub canvas: [f32; 2],
    /// Pictures filled while panning.
    pub fills: u64,
}

/// The `bench-pan` run in progress.
pub struct BenchPan {
    /// The board file (for the report).
    pub file: PathBuf,
    /// Zoom to measure at.
    pub zoom: BenchZoom,
    /// Seconds to pan.
    pub seconds: f32,
    /// Where to write the JSON report (stdout when `None`).
    pub out: Option<PathBuf>,
    /// When the process started.
    pub process_start: Instant,
    first_frame_ms: Option<f32>,
    drawn_once: bool,
    pan_start: Option<Instant>,
    frames: Vec<(f32, f32)>,
    last: Option<Instant>,
    frame_no: u64,
    fills_before: u64,
    /// The report, once done.
    pub report: Option<BenchReport>,
}

impl BenchPan {
    /// A run that has not started.
    #[must_use]
    pub fn new(
        file: PathBuf,
        zoom: BenchZoom,
        seconds: f32,
        out: Option<PathBuf>,
        process_start: Instant,
    ) -> Self {
        Self {
            file,
            zoom,
            seconds,
            out,
            process_start,
            first_frame_ms: None,
            drawn_once: false,
            pan_start: None,
            frames: Vec::new(),
            last: None,
            frame_no: 0,
            fills_before: 0,
            report: None,
        }
    }

    /// Drives one frame: sets the zoom once the board is drawn, then pans
    /// by a fixed step per frame and records frame times. Returns true when
    /// the run is over (the report is ready).
    pub fn frame(
        &mut self,
        now: Instant,
        canvas: &mut super::canvas::Canvas,
        doc: &super::document::Document,
        last_ui_ms: f32,
    ) -> bool {
        if self.report.is_some() {
            return true;
        }
        if !self.drawn_once {
            if canvas.drawn > 0 {
                // The frame that drew the board has been presented by now.
                self.drawn_once = true;
                self.first_frame_ms = Some((now - self.process_start).as_secs_f32() * 1000.0);
            } else if self.zoom == BenchZoom::One {
                // The first frame already at 100 %, top-left (as the peer
                // opens its scenes), rather than fitted and then zoomed.
                canvas.show_top_left(doc);
            }
            return false;
        }
        let start = *self.pan_start.get_or_insert_with(|| {
            self.fills_before = canvas.zoomed_fills() + canvas.detail_fills();
            now
        });
        if let Some(prev) = self.last.replace(now) {
            self.frames
                .push(((now - prev).as_secs_f32() * 1000.0, last_ui_ms));
        }
        // A fixed step per frame, turning back every 120 frames so the view
        // stays over the board.
        self.frame_no += 1;
        let dir = if (self.frame_no / 120).is_multiple_of(2) {
            -1.0
        } else {
            1.0
        };
        canvas.view.offset.x += 3.0 * dir;
        canvas.view.offset.y += 2.0 * dir;
        if (now - start).as_secs_f32() >= self.seconds {
            let t = Timing::of(&self.frames);
            let span = (now - start).as_secs_f32();
            self.report = Some(BenchReport {
                file: self.file.display().to_string(),
                zoom: self.zoom,
                zoom_factor: canvas.view.zoom,
                seconds: span,
                frames: t.frames,
                fps: t.frames as f32 / span.max(1e-6),
                frame_ms_median: t.median,
                frame_ms_p95: t.p95,
                ui_ms_median: t.ui_median,
                first_frame_ms: self.first_frame_ms.unwrap_or_default(),
                elements_drawn: canvas.drawn,
                peak_rss_mb: peak_rss_mb(),
                canvas: [canvas.screen_rect().width(), canvas.screen_rect().height()],
                fills: canvas.zoomed_fills() + canvas.detail_fills() - self.fills_before,
            });
            return true;
        }
        false
    }
}

/// What `bench-drag` selects before dragging.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DragSelect {
    /// Everything on the board.
    All,
    /// This many components, the nearest to the centre of the view.
    Count(usize),
}

impl std::str::FromStr for DragSelect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("all") {
            return Ok(Self::All);
        }
        s.parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .map(Self::Count)
            .ok_or_else(|| format!("--select takes `all` or a number of components (got {s})"))
    }
}

/// What `bench-drag` reports.
#[derive(Debug, Serialize)]
pub struct DragReport {
    /// The board measured.
    pub file: String,
    /// The zoom.
    pub zoom: BenchZoom,
    /// The zoom factor used.
    pub zoom_factor: f32,
    /// What was asked to be selected.
    pub select: DragSelect,
    /// Elements selected (all kinds).
    pub selected: usize,
    /// Elements that moved with the drag (frames' contents included).
    pub moving: usize,
    /// Seconds of dragging.
    pub seconds: f32,
    /// Frames drawn while dragging.
    pub frames: usize,
    /// Frames per second while dragging.
    pub fps: f32,
    /// Median whole-frame time while dragging (ms).
    pub frame_ms_median: f32,
    /// 95th percentile whole-frame time while dragging (ms).
    pub frame_ms_p95: f32,
    /// Median time building the UI while dragging (ms).
    pub ui_ms_median: f32,
    /// From releasing the button to the board drawn from its pictures
    /// again (ms).
    pub drop_ms: f32,
    /// Whether the move reached the board (one undo step).
    pub moved: bool,
    /// Pictures filled from the press to the end (zoomed out: the board
    /// and the moving part; full detail: regions).
    pub fills: u64,
    /// Peak resident memory (MB).
    pub peak_rss_mb: f32,
    /// The canvas area in points.
    pub canvas: [f32; 2],
    /// Elements in view (drawn or in the picture) when the drag ended.
    pub in_view: usize,
    /// Share of the dragging frames whose still part came from a picture
    /// (the rest drew it shape by shape).
    pub still_from_picture: f32,
}

/// Where a `bench-drag` run is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum DragPhase {
    /// Waiting for the board to be drawn.
    Opening,
    /// Waiting for the pictures to be filled (at most some frames).
    Settling(u32),
    /// The pointer is over the element to press.
    Hovering(Pos2),
    /// The button went down.
    Pressed(Pos2),
    /// Dragging: the pointer's position.
    Dragging(Pos2),
    /// Released: waiting for the board to settle.
    Released,
    /// Finished.
    Done,
}

/// The `bench-drag` run in progress: it drives a real pointer through the
/// window's input (press on a selected component, move a few points every
/// frame, release), as a user's drag would arrive.
pub struct BenchDrag {
    /// The board file (for the report).
    pub file: PathBuf,
    /// Zoom to measure at.
    pub zoom: BenchZoom,
    /// What to select.
    pub select: DragSelect,
    /// Seconds to drag.
    pub seconds: f32,
    /// Where to write the JSON report (stdout when `None`).
    pub out: Option<PathBuf>,
    phase: DragPhase,
    events: Vec<egui::Event>,
    selected: usize,
    moving: usize,
    revision: u64,
    fills_before: u64,
    from_picture: usize,
    in_view: usize,
    drag_start: Option<Instant>,
    released_at: Option<Instant>,
    frames: Vec<(f32, f32)>,
    last: Option<Instant>,
    frame_no: u64,
    /// The report, once done.
    pub report: Option<DragReport>,
}

impl BenchDrag {
    /// A run that has not started.
    #[must_use]
    pub fn new(
        file: PathBuf,
        zoom: BenchZoom,
        select: DragSelect,
        seconds: f32,
        out: Option<PathBuf>,
    ) -> Self {
        Self {
            file,
            zoom,
            select,
            seconds,
            out,
            phase: DragPhase::Opening,
            events: Vec::new(),
            selected: 0,
            moving: 0,
            revision: 0,
            fills_before: 0,
            from_picture: 0,
            in_view: 0,
            drag_start: None,
            released_at: None,
            frames: Vec::new(),
            last: None,
            frame_no: 0,
            report: None,
        }
    }

    /// Hands the pointer events of this frame to egui.
    pub fn input(&mut self, raw: &mut egui::RawInput) {
        raw.events.append(&mut self.events);
    }

    fn button(&mut self, pos: Pos2, pressed: bool) {
        self.events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }

    /// Selects what the run asks for and picks the point to press: the
    /// centre of the selected component nearest the centre of the view.
    fn select_and_aim(
        &mut self,
        canvas: &mut super::canvas::Canvas,
        doc: &super::document::Document,
    ) -> Option<Pos2> {
        use crate::model::Element;
        let centre = canvas.view.center(canvas.screen_rect());
        let mut boxes: Vec<(f32, crate::model::ElementId)> = doc
            .board
            .elements()
            .iter()
            .filter(|e| matches!(e, Element::Component(_)))
            .filter_map(|e| Some((e.rect()?.center().distance(centre), e.id())))
            .collect();
        boxes.sort_by(|a, b| a.0.total_cmp(&b.0));
        match self.select {
            DragSelect::All => canvas.select_all(doc),
            DragSelect::Count(n) => {
                canvas.selection = boxes.iter().take(n).map(|(_, id)| *id).collect();
            }
        }
        self.selected = canvas.selection.len();
        // Press where a selected component is the topmost thing (an arrow
        // may cross a small box's centre).
        boxes.iter().find_map(|(_, id)| {
            let at = canvas.element_screen_rect(doc, *id)?.center();
            (canvas.selection.contains(id)
                && canvas.screen_rect().contains(at)
                && canvas.hit(doc, canvas.to_board(at)) == Some(*id))
            .then_some(at)
        })
    }

    /// Drives one frame. Returns true when the run is over (the report is
    /// ready).
    pub fn frame(
        &mut self,
        now: Instant,
        canvas: &mut super::canvas::Canvas,
        doc: &super::document::Document,
        last_ui_ms: f32,
    ) -> bool {
        match self.phase {
            DragPhase::Opening => {
                if canvas.drawn > 0 {
                    self.phase = DragPhase::Settling(0);
                } else if self.zoom == BenchZoom::One {
                    canvas.show_top_left(doc);
                }
            }
            DragPhase::Settling(n) => {
                if canvas.filling() && n < 600 {
                    self.phase = DragPhase::Settling(n + 1);
                } else if let Some(at) = self.select_and_aim(canvas, doc) {
                    self.events.push(egui::Event::PointerMoved(at));
                    self.revision = doc.history.revision();
                    self.fills_before = canvas.zoomed_fills() + canvas.detail_fills();
                    self.phase = DragPhase::Hovering(at);
                } else {
                    eprintln!(
                        "mlsd-board: bench-drag: no selected component can be pressed at this zoom (arrows cover them); try --zoom 1"
                    );
                    self.phase = DragPhase::Done;
                }
            }
            DragPhase::Hovering(at) => {
                self.button(at, true);
                self.phase = DragPhase::Pressed(at);
            }
            DragPhase::Pressed(at) | DragPhase::Dragging(at) => {
                if let Some(d) = canvas.dragging() {
                    self.moving = d.originals.len();
                    let start = *self.drag_start.get_or_insert(now);
                    if let Some(prev) = self.last.replace(now) {
                        self.frames
                            .push(((now - prev).as_secs_f32() * 1000.0, last_ui_ms));
                        self.from_picture += usize::from(canvas.from_picture);
                        self.in_view = canvas.drawn;
                    }
                    if (now - start).as_secs_f32() >= self.seconds {
                        self.button(at, false);
                        self.released_at = Some(now);
                        self.phase = DragPhase::Released;
                        return false;
                    }
                }
                // A few points a frame: 120 frames on, 60 back, so the
                // view's edge is crossed and the drop always lands away
                // from where the drag began (a net move under half a grid
                // step would snap back: no edit).
                self.frame_no += 1;
                let dir = if self.frame_no % 180 < 120 { 1.0 } else { -1.0 };
                let next = at + egui::vec2(3.0, 2.0) * dir;
                self.events.push(egui::Event::PointerMoved(next));
                self.phase = DragPhase::Dragging(next);
            }
            DragPhase::Released => {
                if canvas.dragging().is_none() && !canvas.filling() {
                    self.finish(now, canvas, doc);
                    self.phase = DragPhase::Done;
                    return true;
                }
            }
            DragPhase::Done => return true,
        }
        false
    }

    fn finish(
        &mut self,
        now: Instant,
        canvas: &super::canvas::Canvas,
        doc: &super::document::Document,
    ) {
        let t = Timing::of(&self.frames);
        let span = self
            .drag_start
            .zip(self.released_at)
            .map_or(0.0, |(a, b)| (b - a).as_secs_f32());
        self.report = Some(DragReport {
            file: self.file.display().to_string(),
            zoom: self.zoom,
            zoom_factor: canvas.view.zoom,
            select: self.select,
            selected: self.selected,
            moving: self.moving,
            seconds: span,
            frames: t.frames,
            fps: t.frames as f32 / span.max(1e-6),
            frame_ms_median: t.median,
            frame_ms_p95: t.p95,
            ui_ms_median: t.ui_median,
            drop_ms: self
                .released_at
                .map_or(0.0, |t| (now - t).as_secs_f32() * 1000.0),
            moved: doc.history.revision() != self.revision,
            fills: canvas.zoomed_fills() + canvas.detail_fills() - self.fills_before,
            peak_rss_mb: peak_rss_mb(),
            canvas: [canvas.screen_rect().width(), canvas.screen_rect().height()],
            in_view: self.in_view,
            still_from_picture: self.from_picture as f32 / t.frames.max(1) as f32,
        });
    }
}

/// A scripted measurement in a real window.
pub enum Bench {
    /// `bench-pan`.
    Pan(BenchPan),
    /// `bench-drag`.
    Drag(BenchDrag),
}

impl Bench {
    /// The board it opens.
    #[must_use]
    pub fn file(&self) -> &std::path::Path {
        match self {
            Bench::Pan(b) => &b.file,
            Bench::Drag(b) => &b.file,
        }
    }

    /// Where the report goes (stdout when `None`).
    #[must_use]
    pub fn out(&self) -> Option<PathBuf> {
        match self {
            Bench::Pan(b) => b.out.clone(),
            Bench::Drag(b) => b.out.clone(),
        }
    }

    /// Its name on the command line.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Bench::Pan(_) => "bench-pan",
            Bench::Drag(_) => "bench-drag",
        }
    }

    /// Drives one frame; true when the run is over.
    pub fn frame(
        &mut self,
        now: Instant,
        canvas: &mut super::canvas::Canvas,
        doc: &super::document::Document,
        last_ui_ms: f32,
    ) -> bool {
        match self {
            Bench::Pan(b) => b.frame(now, canvas, doc, last_ui_ms),
            Bench::Drag(b) => b.frame(now, canvas, doc, last_ui_ms),
        }
    }

    /// The pointer events the run gives this frame.
    pub fn input(&mut self, raw: &mut egui::RawInput) {
        if let Bench::Drag(b) = self {
            b.input(raw);
        }
    }

    /// The report as JSON, once done.
    #[must_use]
    pub fn report_json(&self) -> Option<String> {
        match self {
            Bench::Pan(b) => serde_json::to_string_pretty(b.report.as_ref()?).ok(),
            Bench::Drag(b) => serde_json::to_string_pretty(b.report.as_ref()?).ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut v: Vec<f32> = (1..=100).map(|i| i as f32).collect();
        assert_eq!(quantile(&mut v, 0.5), 50.0);
        assert_eq!(quantile(&mut v, 0.95), 95.0);
        assert_eq!(quantile(&mut [], 0.5), 0.0);
        assert_eq!(quantile(&mut [7.0], 0.95), 7.0);
    }

    #[test]
    fn idle_gaps_are_not_frames_and_old_frames_age_out() {
        let mut s = FrameStats::default();
        let t0 = Instant::now();
        for i in 0..10 {
            s.frame_start(t0 + Duration::from_millis(i * 10));
        }
        assert_eq!(s.summary().frames, 9);
        assert!((s.summary().frame_ms_median - 10.0).abs() < 0.5);
        assert!((s.summary().fps - 100.0).abs() < 5.0);
        // An idle second, then frames again: the gap is not a frame.
        s.frame_start(t0 + Duration::from_millis(1100));
        assert_eq!(s.summary().frames, 9);
        // Four seconds later everything before has aged out.
        s.frame_start(t0 + Duration::from_millis(5100));
        s.frame_start(t0 + Duration::from_millis(5120));
        assert_eq!(s.summary().frames, 1);
    }

    #[test]
    fn memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let (rss, peak) = resident_memory().unwrap();
            assert!(rss > 0 && peak >= rss);
        }
    }
}
