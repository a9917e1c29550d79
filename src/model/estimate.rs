//! Back-of-envelope estimates: a note whose first line is "Estimate"
//! (or "Estimate: what") is a calculator card. Each line `name = value`
//! names an input with its unit (`daily_users = 100 million`,
//! `bytes_per_value = 4 bytes`); each line whose right side uses earlier
//! names is a formula, computed live with units and shown in readable
//! magnitudes (`qps = daily_users * requests_per_user to 1/s` shows
//! "≈ 11,574 /s"). A division by zero or a unit mismatch shows as an
//! error on its line. Lines starting with `#` or `//` are comments.
//!
//! The arithmetic and the units are fend's (the `fend-core` crate: SI and
//! binary prefixes, bytes and bits, time, rates, conversions with `to`).
//! The card is a note, so it is saved, undone, recorded and exported like
//! one; only what it shows is computed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The colour a new estimate card gets (a pale green).
pub const CARD_COLOR: super::Color = super::Color([0xdc, 0xf5, 0xe3]);

/// What a new estimate card holds: the usual inputs of a recommendation
/// or search system, and the formulas interviewers ask for.
pub const TEMPLATE: &str = "Estimate: scale\n\
daily_users = 100 million\n\
requests_per_user = 10 / day\n\
peak_factor = 3\n\
qps = daily_users * requests_per_user to 1/s\n\
peak_qps = qps * peak_factor\n\
bytes_per_request = 2 KB\n\
storage_per_day = qps * bytes_per_request * 1 day to GB\n\
storage_per_year = storage_per_day * 365 to TB\n\
bandwidth = peak_qps * bytes_per_request to MB/s\n\
items = 1 billion\n\
dims = 256\n\
bytes_per_value = 4 bytes\n\
index_memory = items * dims * bytes_per_value to GB\n\
latency_budget = 200 ms\n\
left_for_ranking = latency_budget - 20 ms - 50 ms\n";

/// What one line of an estimate card shows beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing (the title, a comment, a blank line, an input).
    Nothing,
    /// A formula's value, readable ("≈ 11,574 /s").
    Value(String),
    /// Why the line could not be computed.
    Error(String),
}

/// Longest time one line may compute (`10^10^10` would take forever).
const LINE_BUDGET: Duration = Duration::from_millis(50);

/// Longest time one card may compute (the lines after it show an error).
const CARD_BUDGET: Duration = Duration::from_millis(250);

/// Lines computed per card (the rest show nothing).
const MAX_LINES: usize = 64;

/// Longest line computed.
const MAX_LINE: usize = 400;

/// Cards remembered (their text and results).
const CACHE: usize = 1024;

/// What separates a line from its value where a card is written out as
/// plain text (Excalidraw): `qps = a * b to 1/s ⇒ ≈ 11,574 /s`. Reading
/// a card, anything from it to the end of the line is left out, so a card
/// edited elsewhere computes again.
pub const SHOWN: &str = " ⇒ ";

/// The card's text with each line's value (or error) after [`SHOWN`], for
/// places that show plain text only.
#[must_use]
pub fn with_values(text: &str) -> String {
    let out = evaluate(text);
    let mut s = String::with_capacity(text.len() + 16 * out.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(line);
        match out.get(i) {
            Some(Outcome::Value(v)) => {
                s.push_str(SHOWN);
                s.push_str(v);
            }
            Some(Outcome::Error(e)) => {
                s.push_str(SHOWN);
                s.push_str("error: ");
                s.push_str(e);
            }
            _ => {}
        }
    }
    if text.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// A card's text without the values [`with_values`] wrote into it.
#[must_use]
pub fn without_values(text: &str) -> String {
    let mut s = text
        .lines()
        .map(|l| l.split_once(SHOWN).map_or(l, |(line, _)| line))
        .collect::<Vec<_>>()
        .join("\n");
    if text.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Whether a note's `text` is an estimate card: its first line is
/// "Estimate" or starts with "Estimate:".
#[must_use]
pub fn is_estimate(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim();
    let lower = first.to_ascii_lowercase();
    lower == "estimate" || lower.starts_with("estimate:")
}

struct Deadline(Instant);

impl fend_core::Interrupt for Deadline {
    fn should_interrupt(&self) -> bool {
        Instant::now() > self.0
    }
}

/// The name a line gives (`name = ...`), if it is an assignment.
fn assigned(line: &str) -> Option<(&str, &str)> {
    let (name, rhs) = line.split_once('=')?;
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    ok.then_some((name, rhs.trim()))
}

/// Whether `rhs` uses any of `names` as a whole word.
fn uses(rhs: &str, names: &[String]) -> bool {
    rhs.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| names.iter().any(|n| n == w))
}

type Cache = Mutex<HashMap<String, Arc<Vec<Outcome>>>>;

fn cache() -> &'static Cache {
    static CACHED: OnceLock<Cache> = OnceLock::new();
    CACHED.get_or_init(|| Mutex::new(HashMap::new()))
}

fn cached(text: &str) -> Option<Arc<Vec<Outcome>>> {
    cache().lock().ok()?.get(text).cloned()
}

/// What every line of the card `text` shows, one per line (the title's
/// included), computed once per distinct text (at most a quarter of a
/// second for a card).
#[must_use]
pub fn evaluate(text: &str) -> Arc<Vec<Outcome>> {
    if let Some(hit) = cached(text) {
        return hit;
    }
    let out = Arc::new(compute(text));
    if let Ok(mut c) = cache().lock() {
        // Full: one card makes room (not all of them, so a board of many
        // cards does not compute them over and over).
        if c.len() >= CACHE
            && let Some(k) = c.keys().next().cloned()
        {
            c.remove(&k);
        }
        c.insert(text.to_owned(), out.clone());
    }
    out
}

/// Cards waiting for the worker (their texts).
fn queued() -> &'static Mutex<std::collections::HashSet<String>> {
    static QUEUED: OnceLock<Mutex<std::collections::HashSet<String>>> = OnceLock::new();
    QUEUED.get_or_init(|| Mutex::new(std::collections::HashSet::new()))
}

/// [`evaluate`] for the window: what it gives at once if computed before,
/// else `None` while a worker thread computes it ([`busy`] says so until
/// then), so that a card that takes long never holds up a frame.
#[must_use]
pub fn evaluate_in_background(text: &str) -> Option<Arc<Vec<Outcome>>> {
    if let Some(hit) = cached(text) {
        return Some(hit);
    }
    static WORKER: OnceLock<Option<Mutex<std::sync::mpsc::Sender<String>>>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        std::thread::Builder::new()
            .name("estimate cards".into())
            .spawn(move || {
                for text in rx {
                    let _ = evaluate(&text);
                    if let Ok(mut q) = queued().lock() {
                        q.remove(&text);
                    }
                }
            })
            .ok()
            .map(|_| Mutex::new(tx))
    });
    let Some(tx) = worker else {
        // No thread to be had: compute here.
        return Some(evaluate(text));
    };
    let mut q = queued().lock().ok()?;
    if q.insert(text.to_owned()) {
        let sent = tx
            .lock()
            .ok()
            .is_some_and(|tx| tx.send(text.to_owned()).is_ok());
        if !sent {
            q.remove(text);
            drop(q);
            return Some(evaluate(text));
        }
    }
    None
}

/// Whether cards are being computed for the window (it should draw again
/// soon to show them).
#[must_use]
pub fn busy() -> bool {
    queued().lock().is_ok_and(|q| !q.is_empty())
}

fn compute(text: &str) -> Vec<Outcome> {
    let mut ctx = fend_core::Context::new();
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let card_deadline = Instant::now() + CARD_BUDGET;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split_once(SHOWN).map_or(raw, |(line, _)| line).trim();
        if i == 0
            || i > MAX_LINES
            || line.is_empty()
            || line.starts_with('#')
            || line.starts_with("//")
        {
            out.push(Outcome::Nothing);
            continue;
        }
        if line.len() > MAX_LINE {
            out.push(Outcome::Error("line too long to compute".to_owned()));
            continue;
        }
        let (formula, name) = match assigned(line) {
            Some((name, rhs)) => (uses(rhs, &names) || rhs.contains(" to "), Some(name)),
            None if line.contains('=') => {
                out.push(Outcome::Error(
                    "name it with letters, digits and _ (e.g. daily_users = 100 million)"
                        .to_owned(),
                ));
                continue;
            }
            None => (true, None),
        };
        let now = Instant::now();
        if now >= card_deadline {
            out.push(Outcome::Error(
                "not computed: the card took too long".to_owned(),
            ));
            continue;
        }
        let deadline = Deadline((now + LINE_BUDGET).min(card_deadline));
        // fend is not expected to panic; a hostile board must not take the
        // app down if it does.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            fend_core::evaluate_with_interrupt(line, &mut ctx, &deadline)
        }));
        let outcome = match result {
            Ok(Ok(r)) => {
                if let Some(n) = name {
                    names.push(n.to_owned());
                }
                if formula {
                    Outcome::Value(readable(r.get_main_result()))
                } else {
                    Outcome::Nothing
                }
            }
            Ok(Err(e)) => Outcome::Error(explain(&e)),
            Err(_) => {
                // The context may be half-changed: start a fresh one.
                ctx = fend_core::Context::new();
                names.clear();
                Outcome::Error("could not be computed".to_owned())
            }
        };
        out.push(outcome);
    }
    out
}

/// fend's error, said plainly.
fn explain(e: &str) -> String {
    if e == "interrupted" {
        "too large to compute".to_owned()
    } else if e.contains("incompatible") {
        // "cannot convert from s to bytes: units 'second' and 'bit' are
        // incompatible": the first half says it.
        format!(
            "units do not match: {}",
            e.split(':').next().unwrap_or(e).trim()
        )
    } else {
        e.to_owned()
    }
}

/// A number in words a reader takes in at a glance: 4 significant
/// digits, thousands grouped, millions and up named.
#[must_use]
pub fn readable_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    for (scale, word) in [
        (1e15, "quadrillion"),
        (1e12, "trillion"),
        (1e9, "billion"),
        (1e6, "million"),
    ] {
        if a >= scale {
            return format!("{sign}{} {word}", sig4(a / scale));
        }
    }
    if a >= 1000.0 {
        let n = a.round() as u64;
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        return format!("{sign}{grouped}");
    }
    if a == 0.0 || a >= 0.001 {
        return format!("{sign}{}", sig4(a));
    }
    format!("{sign}{a:.2e}")
}

/// `x` (0, or from 0.001 up) to 4 significant digits, without trailing
/// zeros.
fn sig4(x: f64) -> String {
    let decimals = if x >= 100.0 {
        1
    } else if x >= 10.0 {
        2
    } else if x >= 1.0 || x == 0.0 {
        3
    } else {
        // 0.0578 -> 4 decimals (0.0578), 0.00123 -> 5.
        (3 - x.log10().floor() as i32).clamp(0, 7) as usize
    };
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// fend's result ("approx. 11574.074074075 s^-1") made readable
/// ("≈ 11,574 /s").
#[must_use]
pub fn readable(result: &str) -> String {
    let (approx, rest) = match result.strip_prefix("approx. ") {
        Some(r) => (true, r),
        None => (false, result),
    };
    let (number, unit) = rest.split_once(' ').unwrap_or((rest, ""));
    let Ok(x) = number.parse::<f64>() else {
        return result.to_owned();
    };
    let shown = readable_number(x);
    let exact = !approx && shown_value(&shown).is_some_and(|v| (v - x).abs() <= x.abs() * 1e-12);
    let unit = unit_text(unit.trim());
    let mut out = String::new();
    if !exact {
        out.push_str("≈ ");
    }
    out.push_str(&shown);
    if !unit.is_empty() {
        out.push(' ');
        out.push_str(&unit);
    }
    out
}

/// The value a [`readable_number`] text stands for.
fn shown_value(shown: &str) -> Option<f64> {
    let (num, word) = shown.split_once(' ').unwrap_or((shown, ""));
    let scale = match word {
        "" => 1.0,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        "quadrillion" => 1e15,
        _ => return None,
    };
    num.replace(',', "").parse::<f64>().ok().map(|v| v * scale)
}

/// fend's unit text, written as people write rates: "s^-1" is "/s",
/// "MB / s" is "MB/s".
fn unit_text(unit: &str) -> String {
    let unit = unit.replace(" / ", "/");
    if let Some(base) = unit.strip_suffix("^-1")
        && !base.contains(' ')
    {
        return format!("/{base}");
    }
    unit
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISUAL_SEARCH: &str = "Estimate: visual search\n\
        daily_users = 200 million\n\
        searches_per_user = 5 / day\n\
        qps = daily_users * searches_per_user to 1/s\n\
        peak_qps = 3 * qps\n\
        images = 200 billion\n\
        dims = 256\n\
        bytes_per_value = 4 bytes\n\
        index_memory = images * dims * bytes_per_value to TB\n\
        # A comment\n\
        budget = 200 ms\n\
        left = budget - 40 ms - 60 ms\n\
        bad = qps / 0\n\
        mismatch = index_memory + 3 s\n";

    #[test]
    fn estimate_cards_are_notes_that_start_with_estimate() {
        assert!(is_estimate("Estimate\nx = 1"));
        assert!(is_estimate("estimate: scale\nx = 1"));
        assert!(!is_estimate("Estimates are hard"));
        assert!(!is_estimate("Notes\nEstimate"));
    }

    #[test]
    fn formulas_compute_with_units_and_readable_magnitudes() {
        let out = evaluate(VISUAL_SEARCH);
        let lines: Vec<&str> = VISUAL_SEARCH.lines().collect();
        assert_eq!(out.len(), lines.len());
        let at = |prefix: &str| {
            let i = lines.iter().position(|l| l.starts_with(prefix)).unwrap();
            out[i].clone()
        };
        // Inputs show nothing; formulas their values.
        assert_eq!(at("daily_users"), Outcome::Nothing);
        assert_eq!(at("bytes_per_value"), Outcome::Nothing);
        assert_eq!(at("# A comment"), Outcome::Nothing);
        // 200M x 5 / 86,400 s = 11,574.07 /s.
        assert_eq!(at("qps"), Outcome::Value("≈ 11,574 /s".to_owned()));
        assert_eq!(at("peak_qps"), Outcome::Value("≈ 34,722 /s".to_owned()));
        // 200e9 x 256 x 4 B = 204.8 TB.
        assert_eq!(at("index_memory"), Outcome::Value("204.8 TB".to_owned()));
        assert_eq!(at("left"), Outcome::Value("100 ms".to_owned()));
    }

    #[test]
    fn errors_show_on_their_line_and_never_panic() {
        let out = evaluate(VISUAL_SEARCH);
        let n = out.len();
        assert_eq!(out[n - 2], Outcome::Error("division by zero".to_owned()));
        match &out[n - 1] {
            Outcome::Error(e) => assert!(e.starts_with("units do not match"), "{e}"),
            o => panic!("{o:?}"),
        }
        // An unknown name, a runaway power, a bad name.
        let out = evaluate("Estimate\nx = nothing_here * 2\ny = 10^10^10\nmy name = 3\n");
        assert!(matches!(&out[1], Outcome::Error(e) if e.contains("nothing_here")));
        assert_eq!(out[2], Outcome::Error("too large to compute".to_owned()));
        assert!(matches!(&out[3], Outcome::Error(e) if e.starts_with("name it")));
    }

    #[test]
    fn conversions_between_units() {
        let out = evaluate(
            "Estimate\nrate = 10 GB / day\nper_second = rate to MB/s\nyear = rate * 365 days to TB\nhours = 90 minutes to hours\n",
        );
        assert_eq!(out[2], Outcome::Value("≈ 0.1157 MB/s".to_owned()));
        assert_eq!(out[3], Outcome::Value("3.65 TB".to_owned()));
        assert_eq!(out[4], Outcome::Value("1.5 hours".to_owned()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever is typed, every line gets an outcome and nothing
        /// panics (fend's errors become the line's error).
        #[test]
        fn any_card_text_computes_without_panicking(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "a", "b", "=", " ", "1", "0", "3.5", "million", "GB", "s",
                        "ms", "/", "*", "+", "-", "^", "(", ")", "to", "day", "bytes",
                        "%", "é", "→", "\u{0}",
                    ]),
                    0..12,
                ),
                0..8,
            )
        ) {
            let body: Vec<String> = lines.iter().map(|l| l.concat()).collect();
            let text = format!("Estimate\n{}", body.join("\n"));
            let out = evaluate(&text);
            proptest::prop_assert_eq!(out.len(), text.lines().count());
        }
    }

    #[test]
    fn a_hostile_card_is_cut_short_and_the_window_never_waits_for_it() {
        let text = format!("Estimate: hostile\n{}", "x = 10^10^10\n".repeat(60));
        // The window gets nothing at once, and the card later.
        assert!(evaluate_in_background(&text).is_none());
        let start = Instant::now();
        while busy() {
            assert!(start.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(5));
        }
        let out = evaluate_in_background(&text).unwrap();
        assert_eq!(out.len(), 61);
        // A quarter of a second for the card: the first lines ran out of
        // their own time, the rest were not started.
        assert_eq!(out[1], Outcome::Error("too large to compute".to_owned()));
        assert_eq!(
            out[60],
            Outcome::Error("not computed: the card took too long".to_owned())
        );
    }

    #[test]
    fn values_written_out_as_text_come_back_off() {
        let text = "Estimate\nx = 2 GB\ny = x * 3\nz = x + 1 s";
        let shown = with_values(text);
        assert_eq!(
            shown,
            "Estimate\nx = 2 GB\ny = x * 3 ⇒ 6 GB\nz = x + 1 s ⇒ error: units do not match: cannot convert from s to GB"
        );
        assert_eq!(without_values(&shown), text);
        let ends = format!("{text}\n");
        assert_eq!(without_values(&with_values(&ends)), ends);
        // Text edited with stale values still computes from what is left.
        let edited = shown.replace("2 GB", "5 GB");
        assert_eq!(evaluate(&edited)[2], Outcome::Value("15 GB".to_owned()));
    }

    #[test]
    fn numbers_read_at_a_glance() {
        assert_eq!(readable_number(11_574.074), "11,574");
        assert_eq!(readable_number(204.8), "204.8");
        assert_eq!(readable_number(23.148), "23.15");
        assert_eq!(readable_number(2.5), "2.5");
        assert_eq!(readable_number(0.0578), "0.0578");
        assert_eq!(readable_number(0.000_057_8), "5.78e-5");
        assert_eq!(readable_number(100_000_000.0), "100 million");
        assert_eq!(readable_number(1.2e9), "1.2 billion");
        assert_eq!(readable_number(-3.0), "-3");
        assert_eq!(readable("approx. 11574.074074075 s^-1"), "≈ 11,574 /s");
        assert_eq!(readable("2000 GB"), "2,000 GB");
        assert_eq!(readable("not a number"), "not a number");
    }
}
