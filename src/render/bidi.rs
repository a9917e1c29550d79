//! Right-to-left text on the canvas and in PNG exports.
//!
//! epaint shapes each run of one font face with harfrust, which writes a
//! run of Arabic or Hebrew right to left. But it puts the runs side by side
//! left to right in the order they come, and it has no paragraph direction.
//! A space or a Latin word is its own run (another face), so "مرحبا بالعالم"
//! came out with its words swapped, and "API" inside an Arabic sentence sat
//! at the wrong end.
//!
//! This module applies the Unicode Bidirectional Algorithm (UAX #9, through
//! `unicode-bidi`) to each laid-out row. It gives the row's text in the
//! order its pieces go on the line, left to right. Every right-to-left word
//! is still in logical order, because the shaper writes it right to left
//! itself. It also says which rows belong to a right-to-left paragraph, so
//! they can be right-aligned. The stored string is never changed.

use std::ops::Range;
use std::sync::Arc;

use epaint::Rect;
use epaint::text::{ByteRange, ByteRangeExt as _, Galley};
use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};

/// Whether `text` has anything written right to left, so that it needs
/// reordering at all. Text without it (nearly all) is laid out as it is.
#[must_use]
pub fn needs_reordering(text: &str) -> bool {
    // Every right-to-left letter and control is at U+0590 (Hebrew) or
    // above: the common text never reaches the class lookup.
    text.chars().any(|c| {
        c >= '\u{0590}'
            && matches!(
                bidi_class(c),
                BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
            )
    })
}

/// Whether `text` nests explicit embeddings or isolates so deep (more than
/// 60) that reordering it could reach the algorithm's level limit, where
/// unicode-bidi 0.3.18 can panic: such text is laid out as it is.
#[must_use]
pub fn too_nested(text: &str) -> bool {
    text.chars()
        .filter(|&c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .count()
        > 60
}

/// The explicit direction marks and embeddings: they steer the algorithm
/// and are not drawn.
fn is_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The mirror image of a paired character, as drawn in right-to-left text.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

/// Appends a right-to-left run in visual order for a shaper that writes
/// each right-to-left word itself: the words and the characters between
/// them in reverse order, each word still in logical order, and paired
/// characters mirrored.
fn push_rtl_run(piece: &str, out: &mut String) {
    let mut units: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in piece.char_indices() {
        let class = bidi_class(c);
        let strong = matches!(class, BidiClass::R | BidiClass::AL);
        if i == 0 {
            in_word = strong;
            continue;
        }
        // Marks and joiners stay with what they follow.
        if matches!(class, BidiClass::NSM | BidiClass::BN) || (strong && in_word) {
            continue;
        }
        units.push(&piece[start..i]);
        start = i;
        in_word = strong;
    }
    units.push(&piece[start..]);
    for unit in units.into_iter().rev() {
        let mut chars = unit.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => out.push(mirrored(c)),
            _ => out.push_str(unit),
        }
    }
}

/// Appends the part `line` (bytes) of a paragraph in visual order.
fn push_line(info: &ParagraphBidiInfo<'_>, line: Range<usize>, out: &mut String) {
    if line.is_empty() {
        return;
    }
    let (levels, runs) = info.visual_runs(line);
    let start = out.len();
    for run in runs {
        let (Some(piece), Some(level)) = (info.text.get(run.clone()), levels.get(run.start)) else {
            continue;
        };
        if level.is_rtl() {
            push_rtl_run(piece, out);
        } else {
            out.push_str(piece);
        }
    }
    if out[start..].chars().any(is_control) {
        let kept: String = out[start..].chars().filter(|&c| !is_control(c)).collect();
        out.truncate(start);
        out.push_str(&kept);
    }
}

/// `text` in visual order, one line per row, where `rows` are the number
/// of characters on each row of its left-to-right layout (a row that ends
/// a paragraph counting its line break). Also whether each row reads right
/// to left. `None` when the rows do not add up to the text.
#[must_use]
pub fn visual_rows(text: &str, rows: &[(usize, bool)]) -> Option<(String, Vec<bool>)> {
    let mut out = String::with_capacity(text.len() + rows.len());
    let mut rtl = Vec::with_capacity(rows.len());
    let mut rows = rows.iter().copied();
    let mut paragraphs = text.split('\n').peekable();
    while let Some(paragraph) = paragraphs.next() {
        let info = ParagraphBidiInfo::new(paragraph, None);
        let right_to_left = info.paragraph_level.is_rtl();
        let mut at = 0;
        let ended = loop {
            let (chars, ends_with_newline) = rows.next()?;
            let line_chars = chars - usize::from(ends_with_newline);
            let rest = paragraph.get(at..)?;
            let len = rest
                .char_indices()
                .nth(line_chars)
                .map_or(rest.len(), |(i, _)| i);
            if !rtl.is_empty() {
                out.push('\n');
            }
            push_line(&info, at..at + len, &mut out);
            rtl.push(right_to_left);
            at += len;
            if ends_with_newline || at >= paragraph.len() {
                break ends_with_newline;
            }
        };
        // The rows must end where the paragraph does, and only a row that
        // ends with a line break may have another paragraph after it.
        if at != paragraph.len() || ended != paragraphs.peek().is_some() {
            return None;
        }
    }
    rows.next().is_none().then_some((out, rtl))
}

/// Where `text` breaks into rows no wider than `wrap_width`, as
/// [`visual_rows`] takes them: at line breaks, and greedily between words
/// (a run of spaces stays at the end of the row before it; a word wider
/// than a row gets a row of its own). `measure` gives the width of a piece
/// laid out alone.
///
/// epaint's own rows cannot be used: for a right-to-left run it pads a row
/// with extra zero-width glyphs, so its glyph counts are not character
/// counts.
pub fn wrap(
    text: &str,
    wrap_width: f32,
    mut measure: impl FnMut(&str) -> f32,
) -> Vec<(usize, bool)> {
    let mut rows = Vec::new();
    let mut paragraphs = text.split('\n').peekable();
    while let Some(paragraph) = paragraphs.next() {
        let newline = paragraphs.peek().is_some();
        if !wrap_width.is_finite() || paragraph.is_empty() {
            rows.push((paragraph.chars().count() + usize::from(newline), newline));
            continue;
        }
        let (mut chars, mut width) = (0usize, 0.0f32);
        for word in paragraph.split_inclusive(' ') {
            let shown = measure(word.trim_end_matches(' '));
            if chars > 0 && width + shown > wrap_width {
                rows.push((chars, false));
                (chars, width) = (0, 0.0);
            }
            chars += word.chars().count();
            width += if word.ends_with(' ') {
                measure(word)
            } else {
                shown
            };
        }
        rows.push((chars + usize::from(newline), newline));
    }
    rows
}

/// `galley`, laid out from the visual rows of `text` one row per line,
/// made to stand for `text` again: the rows of a right-to-left paragraph
/// (`rtl`) moved to its right edge, the galley made at least `min_width`
/// wide when it has such rows, and its job's text and its rows' line
/// breaks those of `text` and `rows` (as [`visual_rows`] took them), so
/// that what reads the text back (SVG export, accessibility) gets it in
/// logical order.
#[must_use]
pub fn finish(
    galley: &Galley,
    text: String,
    rows: &[(usize, bool)],
    rtl: &[bool],
    min_width: f32,
) -> Option<Arc<Galley>> {
    if galley.rows.len() != rtl.len() || rows.len() != rtl.len() {
        return None;
    }
    let mut g = galley.clone();
    let left = g.rect.min.x;
    if rtl.iter().any(|&r| r) {
        let width = g.rect.width().max(if min_width.is_finite() {
            min_width
        } else {
            0.0
        });
        g.rect.max.x = left + width;
        let mut bounds = Rect::NOTHING;
        for (row, &r) in g.rows.iter_mut().zip(rtl) {
            if r {
                row.pos.x = left + (width - row.size.x).max(0.0);
            }
            bounds = bounds.union(row.visuals.mesh_bounds.translate(row.pos.to_vec2()));
        }
        g.mesh_bounds = bounds;
    }
    for (row, &(_, newline)) in g.rows.iter_mut().zip(rows) {
        row.ends_with_newline = newline;
    }
    let mut job = (*g.job).clone();
    for section in &mut job.sections {
        section.byte_range = ByteRange::full(&text);
    }
    job.text = text;
    g.job = Arc::new(job);
    Some(Arc::new(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_row(text: &str) -> String {
        visual_rows(text, &[(text.chars().count(), false)])
            .unwrap()
            .0
    }

    #[test]
    fn left_to_right_text_is_left_alone() {
        assert!(!needs_reordering("Feature store → ranker (v2)"));
        assert!(!needs_reordering("推荐系统 ランキング 추천 Рекомендации"));
        assert!(needs_reordering("مرحبا"));
        assert!(needs_reordering("Ranker שלום"));
        assert_eq!(one_row("Ranker v2"), "Ranker v2");
    }

    #[test]
    fn words_of_a_right_to_left_line_go_in_reverse_order() {
        // Each word keeps its logical order: the shaper writes it right to
        // left.
        assert_eq!(one_row("مرحبا بالعالم"), "بالعالم مرحبا");
        assert_eq!(one_row("שלום עולם"), "עולם שלום");
    }

    #[test]
    fn mixed_lines_put_each_run_where_it_reads() {
        // A right-to-left paragraph: the Latin word sits to the left.
        assert_eq!(one_row("مرحبا API"), "API مرحبا");
        assert_eq!(one_row("نموذج GPT 4 جديد"), "جديد GPT 4 نموذج");
        // A left-to-right paragraph with an Arabic phrase inside.
        assert_eq!(
            one_row("Ranker مرحبا بالعالم v2"),
            "Ranker بالعالم مرحبا v2"
        );
        // Brackets mirror in right-to-left text.
        assert_eq!(one_row("مرحبا (عالم)"), "(عالم) مرحبا");
    }

    #[test]
    fn marks_stay_on_their_letters_and_controls_are_not_drawn() {
        // Arabic with a vowel mark (fatha) on its first letter.
        assert_eq!(one_row("مَرحبا بك"), "بك مَرحبا");
        assert_eq!(one_row("\u{200F}abc"), "abc");
    }

    #[test]
    fn each_row_is_reordered_on_its_own_and_rtl_rows_are_marked() {
        // "w1 w2 w3 w4" wrapped after w2: the first row holds w1 and w2.
        let text = "واحد اثنان ثلاثة أربعة\nAPI";
        let first = "واحد اثنان ".chars().count();
        let second = "ثلاثة أربعة".chars().count() + 1;
        let (out, rtl) = visual_rows(text, &[(first, false), (second, true), (3, false)]).unwrap();
        assert_eq!(out, " اثنان واحد\nأربعة ثلاثة\nAPI");
        assert_eq!(rtl, vec![true, true, false]);
    }

    #[test]
    fn wrapping_breaks_between_words_and_at_line_breaks() {
        // Every character 1 wide.
        let measure = |s: &str| s.chars().count() as f32;
        assert_eq!(wrap("ab cd ef", 5.0, measure), vec![(6, false), (2, false)]);
        assert_eq!(wrap("ab cd ef", f32::INFINITY, measure), vec![(8, false)]);
        assert_eq!(
            wrap("ab\n\ncd", 5.0, measure),
            vec![(3, true), (1, true), (2, false)]
        );
        // A word wider than a row gets a row of its own.
        assert_eq!(
            wrap("a bcdefgh i", 3.0, measure),
            vec![(2, false), (8, false), (1, false)]
        );
        // The rows always add up to the text.
        let text = "واحد اثنان ثلاثة أربعة\nAPI";
        let rows = wrap(text, 12.0, measure);
        assert!(visual_rows(text, &rows).is_some());
    }

    #[test]
    fn deeply_nested_embeddings_are_left_alone() {
        let text = format!("{}word 9", "\u{2067}".repeat(125));
        assert!(too_nested(&text));
        assert!(!too_nested("مرحبا \u{2067}API\u{2069}"));
    }

    #[test]
    fn rows_that_do_not_add_up_give_none() {
        assert!(visual_rows("مرحبا", &[(2, false)]).is_none());
        assert!(visual_rows("مرحبا", &[(5, false), (1, false)]).is_none());
        assert!(visual_rows("a\nب", &[(2, true)]).is_none());
    }
}
