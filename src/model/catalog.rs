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
    /// A short glyph standing in for the icon where it cannot be drawn.
    pub glyph: String,
    /// Which of the app's vector icons the category shows (see [`ICONS`]).
    pub icon: String,
}

/// The icon names the app knows how to draw.
pub const ICONS: &[&str] = &[
    "client",
    "ingest",
    "storage",
    "processing",
    "labels",
    "features",
    "training",
    "registry",
    "serving",
    "retrieval",
    "cache",
    "experiment",
    "monitoring",
    "infrastructure",
    "custom",
];

/// A component kind that a user defined on one board (it travels inside
/// the board file, so a shared board shows it the same everywhere).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomKind {
    /// Stable id, `custom:` followed by a slug of the name.
    pub id: String,
    /// Name shown in the palette and on new components.
    pub name: String,
    /// Category id (a catalog category, or anything: unknown ones show grey).
    pub category: String,
    /// Colour of its components; the category's when `None`.
    pub color: Option<Color>,
}

impl CustomKind {
    /// The id a custom kind of this name gets.
    #[must_use]
    pub fn id_for(name: &str) -> String {
        let slug: String = name
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        format!("custom:{}", slug.trim_matches('_'))
    }
}

/// Everything the app shows about a component's kind, wherever it is
/// defined: the catalog, the board's custom kinds, or nowhere (a kind from
/// another catalog, shown by its stored id).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindInfo<'a> {
    /// The kind id as stored.
    pub id: &'a str,
    /// Name to show.
    pub name: &'a str,
    /// The catalog entry, if the catalog knows the kind.
    pub kind: Option<&'a Kind>,
    /// The category, if known.
    pub category: Option<&'a Category>,
    /// The colour: the custom kind's, else the category's.
    pub color: Option<Color>,
    /// The icon name (`"custom"` for custom kinds, `""` when unknown).
    pub icon: &'a str,
    /// Whether this is one of the board's custom kinds.
    pub custom: bool,
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
    /// The outline its components get unless the user picks another (a
    /// cylinder for stores, a queue for buses); a rounded box when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<super::BoxShape>,
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

    /// What to show for a kind id, looking in the catalog first, then in
    /// the board's custom kinds.
    #[must_use]
    pub fn resolve<'a>(&'a self, custom: &'a [CustomKind], id: &'a str) -> KindInfo<'a> {
        if let Some(kind) = self.kind(id) {
            let category = self.category(&kind.category);
            return KindInfo {
                id,
                name: &kind.name,
                kind: Some(kind),
                category,
                color: category.and_then(|c| c.color),
                icon: category.map_or("", |c| c.icon.as_str()),
                custom: false,
            };
        }
        if let Some(c) = custom.iter().find(|c| c.id == id) {
            let category = self.category(&c.category);
            return KindInfo {
                id,
                name: &c.name,
                kind: None,
                category,
                color: c.color.or_else(|| category.and_then(|k| k.color)),
                icon: "custom",
                custom: true,
            };
        }
        KindInfo {
            id,
            name: id,
            kind: None,
            category: None,
            color: None,
            icon: "",
            custom: false,
        }
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

    fn builtin() -> Catalog {
        Catalog::builtin().unwrap()
    }

    #[test]
    fn the_builtin_catalog_parses_and_is_complete() {
        let c = builtin();
        assert!(c.kinds.len() >= 55, "{} kinds", c.kinds.len());
        assert!(c.categories.len() >= 13);
        let mut ids: Vec<&str> = c.kinds.iter().map(|k| k.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "kind ids are unique");
        let mut cat_ids: Vec<&str> = c.categories.iter().map(|k| k.id.as_str()).collect();
        cat_ids.sort_unstable();
        cat_ids.dedup();
        assert_eq!(cat_ids.len(), c.categories.len(), "category ids are unique");
        for cat in &c.categories {
            assert!(
                ICONS.contains(&cat.icon.as_str()),
                "category {} has no known icon",
                cat.id
            );
            assert!(cat.color.is_some(), "category {} has a colour", cat.id);
            assert!(
                c.kinds.iter().any(|k| k.category == cat.id),
                "category {} is empty",
                cat.id
            );
        }
        let mut icons: Vec<&str> = c.categories.iter().map(|k| k.icon.as_str()).collect();
        icons.sort_unstable();
        icons.dedup();
        assert_eq!(
            icons.len(),
            c.categories.len(),
            "each category has its own icon"
        );
        for k in &c.kinds {
            assert!(
                c.category(&k.category).is_some(),
                "{} has unknown category {}",
                k.id,
                k.category
            );
            assert!(!k.description.is_empty(), "{} has a description", k.id);
            assert!(!k.examples.is_empty(), "{} has examples", k.id);
            assert!(!k.failure_modes.is_empty(), "{} has a failure mode", k.id);
            assert!(!k.talking_points.is_empty(), "{} has a talking point", k.id);
            assert!(!k.keywords.is_empty(), "{} has keywords", k.id);
        }
    }

    #[test]
    fn the_catalog_covers_the_domain_notes() {
        let c = builtin();
        // Section 4 of the domain notes, one query per listed part.
        let missing = [
            "mobile client",
            "api gateway",
            "load balancer",
            "cdn",
            "event logger",
            "kafka",
            "kinesis",
            "pub/sub",
            "change-data capture",
            "etl",
            "s3",
            "hdfs",
            "iceberg",
            "bigquery",
            "snowflake",
            "relational",
            "cassandra",
            "dynamodb",
            "graph",
            "elasticsearch",
            "spark",
            "beam",
            "flink",
            "airflow",
            "kubeflow",
            "great expectations",
            "tfdv",
            "ffmpeg",
            "opencv",
            "human annotation",
            "natural-label",
            "snorkel",
            "moderation",
            "hard-negative",
            "active-learning",
            "feast",
            "tecton",
            "real-time feature",
            "bert",
            "clip",
            "text preprocessing",
            "pytorch ddp",
            "ray train",
            "optuna",
            "mlflow",
            "w&b",
            "continual learning",
            "evaluation gate",
            "model registry",
            "quantization",
            "distillation",
            "tensorrt",
            "onnx runtime",
            "canary",
            "feature flags",
            "triton",
            "torchserve",
            "kserve",
            "batch prediction",
            "precomputed",
            "tflite",
            "core ml",
            "two-tower",
            "popular",
            "trending",
            "faiss",
            "scann",
            "hnsw",
            "milvus",
            "indexing pipeline",
            "gbdt",
            "dcn",
            "deepfm",
            "multitask",
            "re-ranker",
            "fusion",
            "non-maximum suppression",
            "blender",
            "redis",
            "memcached",
            "embedding cache",
            "a/b",
            "interleaving",
            "bandit",
            "shadow",
            "prometheus",
            "grafana",
            "evidently",
            "alerting",
            "tracing",
            "business dashboard",
            "kubernetes",
            "gpu",
            "iam",
        ]
        .into_iter()
        .filter(|q| c.search(q).is_empty())
        .collect::<Vec<_>>();
        assert!(missing.is_empty(), "nothing in the catalog for {missing:?}");
    }

    #[test]
    fn search_finds_by_name_keyword_and_example() {
        let c = builtin();
        let table = [
            // by example
            ("faiss", "ann_index"),
            ("kafka", "message_bus"),
            ("feast", "feature_store"),
            ("triton", "inference_server"),
            ("airflow", "orchestrator"),
            ("snorkel", "weak_supervision"),
            ("evidently", "drift_monitor"),
            // by name
            ("ranker", "ranker"),
            ("feature st", "feature_store"),
            ("model registry", "model_registry"),
            ("cdn", "cdn"),
            // by keyword
            ("k8s", "kubernetes"),
            ("nearest neighbour", "ann_index"),
            ("delayed feedback", "label_joiner"),
            ("drift", "drift_monitor"),
        ];
        for (q, want) in table {
            let hits = c.search(q);
            assert_eq!(
                hits.first().map(|k| k.id.as_str()),
                Some(want),
                "query {q:?} gave {:?}",
                hits.iter().map(|k| &k.id).collect::<Vec<_>>()
            );
        }
        assert!(c.search("zzzz-nothing").is_empty());
        assert_eq!(c.search("").len(), c.kinds.len());
    }

    #[test]
    fn kinds_resolve_from_catalog_custom_or_nowhere() {
        let c = builtin();
        let custom = vec![CustomKind {
            id: CustomKind::id_for("Fraud rules"),
            name: "Fraud rules".to_owned(),
            category: "serving".to_owned(),
            color: None,
        }];
        assert_eq!(custom[0].id, "custom:fraud_rules");
        let k = c.resolve(&custom, "ann_index");
        assert_eq!((k.name, k.custom), ("ANN index", false));
        let k = c.resolve(&custom, "custom:fraud_rules");
        assert_eq!((k.name, k.custom, k.icon), ("Fraud rules", true, "custom"));
        assert!(k.color.is_some(), "takes its category's colour");
        let k = c.resolve(&custom, "quantum_teleporter");
        assert_eq!((k.name, k.category.is_none()), ("quantum_teleporter", true));
    }
}
