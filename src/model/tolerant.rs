//! Reading an element list that may hold kinds this version does not know
//! (a board from a newer MLSD Board): those are skipped, and counted so the
//! user is told, instead of failing the whole file.

use std::fmt;

use serde::de::{EnumAccess, IgnoredAny, VariantAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::element::Element;

/// One entry of the element list as read.
pub(crate) enum Slot {
    /// An element this version knows.
    Known(Element),
    /// An element of an unknown kind, skipped; the kind's name.
    Unknown(String),
}

/// An enum variant's name, whatever it is.
struct Tag(String);

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an element kind")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Tag, E> {
                Ok(Tag(v.to_owned()))
            }
        }
        d.deserialize_identifier(V)
    }
}

const KINDS: &[&str] = &["Component", "Note", "Frame", "Arrow", "Ink"];

impl<'de> Deserialize<'de> for Slot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Slot;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an element: Component(..), Note(..), Frame(..), Arrow(..) or Ink(..)")
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Slot, A::Error> {
                let (tag, v): (Tag, _) = data.variant()?;
                Ok(match tag.0.as_str() {
                    "Component" => Slot::Known(Element::Component(v.newtype_variant()?)),
                    "Note" => Slot::Known(Element::Note(v.newtype_variant()?)),
                    "Frame" => Slot::Known(Element::Frame(v.newtype_variant()?)),
                    "Arrow" => Slot::Known(Element::Arrow(v.newtype_variant()?)),
                    "Ink" => Slot::Known(Element::Ink(v.newtype_variant()?)),
                    _ => {
                        v.newtype_variant::<IgnoredAny>()?;
                        Slot::Unknown(tag.0)
                    }
                })
            }
        }
        d.deserialize_enum("Element", KINDS, V)
    }
}
