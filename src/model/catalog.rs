//! The catalog of ML system component kinds and their categories (palette
//! groups), loaded from `assets/catalog.ron`, and searching it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::element::Color;

/// A palette group, e.g. "Storage".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Category {
    /// Stable id, e.g. `"storage"`.
    pub id: String,
    /// Name shown in the palette.
    pub name: String,
    /// The colour components of this category are drawn with.
    pub color: Option<Color>,
    /// A short glyph drawn as the category's icon.
    pub glyph: String,
}

/// A kind of component, e.g. "ANN index".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Kind {
    /// Stable id stored in boards, e.g. `"ann_index"`.
    pub id: String,
    /// Name shown in the palette and as a new component's label.
    pub name: String,
    /// Category id.
    pub category: String,
    /// One line on what it does.
    pub description: String,
    /// Real systems of this kind ("FAISS", "ScaNN").
    pub examples: Vec<String>,
    /// Other words people search for it by.
    pub keywords: Vec<String>,
    /// What breaks and what an interviewer probes.
    pub failure_modes: Vec<String>,
    /// Points worth raising about it.
    pub talking_points: Vec<String>,
}

/// The catalog as written in `assets/catalog.ron`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct CatalogData {
    categories: Vec<Category>,
    kinds: Vec<Kind>,
}

/// All kinds and categories, with lookups by id.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(from = "CatalogData")]
pub struct Catalog {
    categories: Vec<Category>,
    kinds: Vec<Kind>,
    kind_index: HashMap<String, usize>,
    category_index: HashMap<String, usize>,
}

impl From<CatalogData> for Catalog {
    fn from(d: CatalogData) -> Self {
        Self::new(d.categories, d.kinds)
    }
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        self.categories == other.categories && self.kinds == other.kinds
    }
}

/// The catalog shipped inside the binary.
const BUILTIN: &str = include_str!("../../assets/catalog.ron");

impl Catalog {
    /// The catalog shipped with the app.
    ///
    /// # Errors
    /// Only if the embedded file is broken (a test guards against that).
    pub fn builtin() -> Result<Catalog, ron::error::SpannedError> {
        ron::Options::default().from_str(BUILTIN)
    }

    /// A catalog of these categories and kinds (the first of a repeated id wins).
    #[must_use]
    pub fn new(categories: Vec<Category>, kinds: Vec<Kind>) -> Self {
        let mut kind_index = HashMap::with_capacity(kinds.len());
        for (i, k) in kinds.iter().enumerate() {
            kind_index.entry(k.id.clone()).or_insert(i);
        }
        let mut category_index = HashMap::with_capacity(categories.len());
        for (i, c) in categories.iter().enumerate() {
            category_index.entry(c.id.clone()).or_insert(i);
        }
        Self {
            categories,
            kinds,
            kind_index,
            category_index,
        }
    }

    /// Palette groups in display order.
    #[must_use]
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Component kinds in catalog order.
    #[must_use]
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The kind with this id.
    #[must_use]
    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kind_index.get(id).map(|i| &self.kinds[*i])
    }

    /// The category with this id.
    #[must_use]
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.category_index.get(id).map(|i| &self.categories[*i])
    }

    /// The category of a kind id, if both are known.
    #[must_use]
    pub fn category_of(&self, kind_id: &str) -> Option<&Category> {
        self.kind(kind_id).and_then(|k| self.category(&k.category))
    }

    /// Kinds matching `query`, best first: name prefix, then word prefix in
    /// the name, then substring of name, keyword or example.
    #[must_use]
    pub fn search(&self, query: &str) -> Vec<&Kind> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return self.kinds.iter().collect();
        }
        let mut scored: Vec<(u8, usize, &Kind)> = self
            .kinds
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((match_score(k, &q)?, i, k)))
            .collect();
        scored.sort_by_key(|(s, i, _)| (*s, *i));
        scored.into_iter().map(|(_, _, k)| k).collect()
    }
}

fn match_score(k: &Kind, q: &str) -> Option<u8> {
    let name = k.name.to_lowercase();
    if name == q || k.id == q {
        return Some(0);
    }
    if name.starts_with(q) {
        return Some(1);
    }
    if name
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(q))
    {
        return Some(2);
    }
    let in_list = |list: &[String]| list.iter().any(|s| s.to_lowercase().contains(q));
    if in_list(&k.examples) || in_list(&k.keywords) {
        return Some(3);
    }
    if name.contains(q) || k.description.to_lowercase().contains(q) {
        return Some(4);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_parses_and_is_consistent() {
        let c = Catalog::builtin().unwrap();
        assert!(c.kinds.len() >= 20);
        for k in &c.kinds {
            assert!(
                c.category(&k.category).is_some(),
                "{} has unknown category {}",
                k.id,
                k.category
            );
        }
        let mut ids: Vec<&str> = c.kinds.iter().map(|k| k.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "kind ids are unique");
    }

    #[test]
    fn search_finds_by_name_example_and_keyword() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(c.search("faiss")[0].id, "ann_index");
        assert_eq!(c.search("kafka")[0].id, "message_bus");
        assert_eq!(c.search("feature st")[0].id, "feature_store");
        assert_eq!(c.search("ranker")[0].id, "ranker");
        assert!(c.search("zzzz-nothing").is_empty());
    }
}
