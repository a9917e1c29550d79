//! The selected elements: a set with O(1) membership (the paint loops ask
//! it once per element drawn) that remembers the order things were picked.

use std::collections::HashSet;

use super::ElementId;

/// The elements the user has selected, in the order they were picked.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    order: Vec<ElementId>,
    set: HashSet<ElementId>,
    /// The fingerprint, once asked for (until the selection changes).
    fingerprint: std::cell::Cell<Option<u64>>,
}

impl Selection {
    /// Nothing selected.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Just `id`.
    #[must_use]
    pub fn one(id: ElementId) -> Self {
        let mut s = Self::default();
        s.insert(id);
        s
    }

    /// Whether `id` is selected.
    #[must_use]
    pub fn contains(&self, id: &ElementId) -> bool {
        self.set.contains(id)
    }

    /// Adds `id` (at the end); returns whether it was new.
    pub fn insert(&mut self, id: ElementId) -> bool {
        let new = self.set.insert(id);
        if new {
            self.order.push(id);
            self.fingerprint.set(None);
        }
        new
    }

    /// Removes `id`; returns whether it was selected.
    pub fn remove(&mut self, id: &ElementId) -> bool {
        let was = self.set.remove(id);
        if was {
            self.order.retain(|x| x != id);
            self.fingerprint.set(None);
        }
        was
    }

    /// Keeps only the ids for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&ElementId) -> bool) {
        self.fingerprint.set(None);
        let set = &mut self.set;
        self.order.retain(|id| {
            let k = keep(id);
            if !k {
                set.remove(id);
            }
            k
        });
    }

    /// Selects nothing.
    pub fn clear(&mut self) {
        self.order.clear();
        self.set.clear();
        self.fingerprint.set(None);
    }

    /// How many are selected.
    #[must_use]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether nothing is selected.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The selected ids in the order they were picked.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &ElementId> + '_ {
        self.order.iter()
    }

    /// The first one picked.
    #[must_use]
    pub fn first(&self) -> Option<&ElementId> {
        self.order.first()
    }

    /// The one selected element, when exactly one is.
    #[must_use]
    pub fn single(&self) -> Option<ElementId> {
        match self.order.as_slice() {
            [id] => Some(*id),
            _ => None,
        }
    }

    /// The selected ids in the order they were picked.
    #[must_use]
    pub fn as_slice(&self) -> &[ElementId] {
        &self.order
    }

    /// The selected ids as a list.
    #[must_use]
    pub fn to_vec(&self) -> Vec<ElementId> {
        self.order.clone()
    }

    /// A number that changes when the selection does (for picture keys).
    #[must_use]
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        if let Some(f) = self.fingerprint.get() {
            return f;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.order.hash(&mut h);
        let f = h.finish();
        self.fingerprint.set(Some(f));
        f
    }
}

impl PartialEq for Selection {
    /// Two selections are equal when they hold the same ids in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.order == other.order
    }
}

impl Eq for Selection {}

impl PartialEq<Vec<ElementId>> for Selection {
    fn eq(&self, other: &Vec<ElementId>) -> bool {
        &self.order == other
    }
}

impl From<Vec<ElementId>> for Selection {
    fn from(ids: Vec<ElementId>) -> Self {
        ids.into_iter().collect()
    }
}

impl FromIterator<ElementId> for Selection {
    fn from_iter<I: IntoIterator<Item = ElementId>>(iter: I) -> Self {
        let mut s = Self::default();
        for id in iter {
            s.insert(id);
        }
        s
    }
}

impl Extend<ElementId> for Selection {
    fn extend<I: IntoIterator<Item = ElementId>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

impl<'a> IntoIterator for &'a Selection {
    type Item = &'a ElementId;
    type IntoIter = std::slice::Iter<'a, ElementId>;
    fn into_iter(self) -> Self::IntoIter {
        self.order.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_pick_order_and_answers_membership() {
        let mut s = Selection::new();
        assert!(s.insert(ElementId(3)));
        assert!(s.insert(ElementId(1)));
        assert!(!s.insert(ElementId(3)), "no duplicates");
        assert_eq!(s, vec![ElementId(3), ElementId(1)]);
        assert!(s.contains(&ElementId(1)));
        assert_eq!(s.single(), None);
        assert!(s.remove(&ElementId(3)));
        assert!(!s.contains(&ElementId(3)));
        assert_eq!(s.single(), Some(ElementId(1)));
        s.retain(|id| id.0 != 1);
        assert!(s.is_empty() && !s.contains(&ElementId(1)));
    }
}
