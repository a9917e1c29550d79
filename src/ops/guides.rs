//! Smart guides: while boxes move, their edges and centres snap to the
//! edges and centres of the boxes around them, and the lines they line up
//! on are drawn (as in Excalidraw, tldraw and draw.io).

use crate::model::Rect;

/// A line two or more boxes line up on, to draw while moving.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guide {
    /// A vertical line (`x = at`) or a horizontal one (`y = at`).
    pub vertical: bool,
    /// Where the line is.
    pub at: f32,
    /// Where it starts and ends along its length.
    pub from: f32,
    /// See `from`.
    pub to: f32,
}

/// Left, centre, right (or top, middle, bottom).
fn stops(min: f32, max: f32) -> [f32; 3] {
    [min, (min + max) * 0.5, max]
}

/// The smallest shift (within `tolerance`) that lines one of `mine` up
/// with one of `theirs`.
fn best_shift(
    mine: [f32; 3],
    others: impl Iterator<Item = [f32; 3]>,
    tolerance: f32,
) -> Option<f32> {
    let mut best: Option<f32> = None;
    for theirs in others {
        for a in mine {
            for b in theirs {
                let d = b - a;
                if d.abs() <= tolerance && best.is_none_or(|x| d.abs() < x.abs()) {
                    best = Some(d);
                }
            }
        }
    }
    best
}

/// Where an edge being dragged to `v` should go to line up with an edge or
/// centre of one of `others` on that axis (`vertical`: x), if one is within
/// `tolerance`.
#[must_use]
pub fn snap_edge(v: f32, others: &[Rect], vertical: bool, tolerance: f32) -> Option<f32> {
    let axis = |r: &Rect| {
        if vertical {
            stops(r.min.x, r.max.x)
        } else {
            stops(r.min.y, r.max.y)
        }
    };
    best_shift([v, v, v], others.iter().map(axis), tolerance).map(|d| v + d)
}

/// How far `moving` (where the move would put it) should shift on each
/// axis to line an edge or centre up with one of `others`: `None` on an
/// axis where nothing is within `tolerance`.
#[must_use]
pub fn snap(moving: &Rect, others: &[Rect], tolerance: f32) -> (Option<f32>, Option<f32>) {
    let dx = best_shift(
        stops(moving.min.x, moving.max.x),
        others.iter().map(|r| stops(r.min.x, r.max.x)),
        tolerance,
    );
    let dy = best_shift(
        stops(moving.min.y, moving.max.y),
        others.iter().map(|r| stops(r.min.y, r.max.y)),
        tolerance,
    );
    (dx, dy)
}

/// The lines `m` shares with `others` (edges and centres), each drawn
/// across all the boxes on it.
#[must_use]
pub fn guides(m: &Rect, others: &[Rect]) -> Vec<Guide> {
    let mut guides = Vec::new();
    for vertical in [true, false] {
        let (mine, span) = if vertical {
            (stops(m.min.x, m.max.x), (m.min.y, m.max.y))
        } else {
            (stops(m.min.y, m.max.y), (m.min.x, m.max.x))
        };
        for at in mine {
            let (mut from, mut to, mut shared) = (span.0, span.1, false);
            for r in others {
                let (theirs, along) = if vertical {
                    (stops(r.min.x, r.max.x), (r.min.y, r.max.y))
                } else {
                    (stops(r.min.y, r.max.y), (r.min.x, r.max.x))
                };
                if theirs.iter().any(|t| (t - at).abs() < 0.01) {
                    shared = true;
                    from = from.min(along.0);
                    to = to.max(along.1);
                }
            }
            if shared {
                guides.push(Guide {
                    vertical,
                    at,
                    from,
                    to,
                });
            }
        }
    }
    guides
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Point, Size};

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_pos_size(Point::new(x, y), Size::new(w, h))
    }

    #[test]
    fn a_near_edge_snaps_and_draws_its_guide() {
        let other = rect(0.0, 0.0, 100.0, 50.0);
        // Left edge 3 units right of the other's: snaps back by 3.
        let moving = rect(3.0, 200.0, 80.0, 40.0);
        let (dx, dy) = snap(&moving, &[other], 6.0);
        assert_eq!((dx, dy), (Some(-3.0), None));
        let guides = guides(&rect(0.0, 200.0, 80.0, 40.0), &[other]);
        assert!(
            guides
                .iter()
                .any(|g| g.vertical && g.at == 0.0 && g.from == 0.0 && g.to == 240.0),
            "{guides:?}"
        );
    }

    #[test]
    fn centres_line_up_too_and_the_nearest_wins() {
        let other = rect(0.0, 0.0, 100.0, 50.0);
        // Its centre (y 25) is 2 from ours (y 27); its top is further.
        let (_, dy) = snap(&rect(300.0, 7.0, 80.0, 40.0), &[other], 6.0);
        assert_eq!(dy, Some(-2.0));
        let guides = guides(&rect(300.0, 5.0, 80.0, 40.0), &[other]);
        assert!(guides.iter().any(|g| !g.vertical && g.at == 25.0));
    }

    #[test]
    fn nothing_near_means_no_shift_and_no_guide() {
        let other = rect(0.0, 0.0, 100.0, 50.0);
        let moving = rect(300.0, 300.0, 80.0, 40.0);
        assert_eq!(snap(&moving, &[other], 6.0), (None, None));
        assert!(guides(&moving, &[other]).is_empty());
    }
}
