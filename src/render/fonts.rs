//! Fonts for every script: the system's fonts found through the OS's own
//! fallback (fontconfig on Linux, by `egui_system_font_provider`), one
//! provider for the whole process, shared by the window and every export;
//! and the scripts no installed font covers, noted with the Debian package
//! that would, so the app can say so once.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock};

use epaint::text::{FallbackRequest, FontInsert, FontProvider};

/// A font package that covers a group of scripts, and what to call them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Missing {
    /// The Debian/Ubuntu package to install.
    pub package: &'static str,
    /// The scripts it covers, for the message.
    pub scripts: &'static str,
}

const CJK: Missing = Missing {
    package: "fonts-noto-cjk",
    scripts: "Chinese, Japanese and Korean",
};
const EMOJI: Missing = Missing {
    package: "fonts-noto-color-emoji",
    scripts: "emoji",
};
const CORE: Missing = Missing {
    package: "fonts-noto-core",
    scripts: "Arabic, Hebrew, Devanagari and other scripts",
};

/// The package that has a font for `c`, by the character's block.
#[must_use]
pub fn package_for(c: char) -> Missing {
    match c as u32 {
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3000..=0x30FF
        | 0x3130..=0x318F
        | 0x3190..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF => CJK,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF => EMOJI,
        _ => CORE,
    }
}

/// A font provider that asks another and notes the characters it could
/// not find a font for, by the package that would have one.
pub struct Noticing {
    inner: Arc<dyn FontProvider>,
    missing: Mutex<BTreeSet<Missing>>,
}

impl Noticing {
    /// Wraps `inner`.
    #[must_use]
    pub fn new(inner: Arc<dyn FontProvider>) -> Self {
        Self {
            inner,
            missing: Mutex::new(BTreeSet::new()),
        }
    }

    /// The packages missing so far (each reported once: taken).
    pub fn take_missing(&self) -> Vec<Missing> {
        let mut m = self
            .missing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::mem::take(&mut *m).into_iter().collect()
    }
}

impl FontProvider for Noticing {
    fn fonts_for_family(&self, family: &epaint::FontFamily) -> Vec<FontInsert> {
        self.inner.fonts_for_family(family)
    }

    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let found = self.inner.font_for(request);
        if found.is_none()
            && let Some(c) = request.cluster.chars().next()
            && !c.is_whitespace()
            && !c.is_control()
        {
            self.missing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(package_for(c));
        }
        found
    }
}

static PROVIDER: OnceLock<Arc<Noticing>> = OnceLock::new();

/// The process's system font provider, noting what it could not find.
/// Made on first use (the system's fonts are enumerated on a background
/// thread from then on), shared by the window and every export.
#[must_use]
pub fn system() -> Arc<Noticing> {
    PROVIDER
        .get_or_init(|| {
            Arc::new(Noticing::new(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            )))
        })
        .clone()
}

/// The process's provider if anything has made it yet (the window does at
/// start; tests and headless runs may never).
#[must_use]
pub fn system_if_made() -> Option<Arc<Noticing>> {
    PROVIDER.get().cloned()
}

/// The message for missing fonts: which package to install for what.
#[must_use]
pub fn missing_message(missing: &[Missing]) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| format!("{} ({})", m.package, m.scripts))
        .collect();
    format!(
        "Some text has no installed font and shows as boxes. Install {} and restart.",
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_map_to_the_package_that_covers_them() {
        assert_eq!(package_for('推').package, "fonts-noto-cjk");
        assert_eq!(package_for('ラ').package, "fonts-noto-cjk");
        assert_eq!(package_for('추').package, "fonts-noto-cjk");
        assert_eq!(package_for('🚀').package, "fonts-noto-color-emoji");
        assert_eq!(package_for('✅').package, "fonts-noto-color-emoji");
        assert_eq!(package_for('م').package, "fonts-noto-core");
        assert_eq!(package_for('न').package, "fonts-noto-core");
    }

    /// What the provider could not find is noted once, by package.
    #[test]
    fn misses_are_noted_once_by_package() {
        let none = |_: &FallbackRequest<'_>| -> Option<FontInsert> { None };
        let p = Noticing::new(Arc::new(none));
        for cluster in ["추", "천", "🚀", " "] {
            let r = FallbackRequest {
                cluster,
                family: &epaint::FontFamily::Proportional,
            };
            assert!(p.font_for(&r).is_none());
        }
        let missing = p.take_missing();
        let packages: Vec<&str> = missing.iter().map(|m| m.package).collect();
        assert_eq!(packages, ["fonts-noto-cjk", "fonts-noto-color-emoji"]);
        assert!(p.take_missing().is_empty(), "taken");
        assert!(missing_message(&missing).contains("Install fonts-noto-cjk (Chinese"));
    }
}
