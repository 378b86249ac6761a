//! Versions of files and knowledge of replicas, as version vectors (`docs/INTEGRATION.md`).
//!
//! A **replica** is one dossier folder, named by a random 64-bit [`ReplicaId`]. Each local
//! change is an *event*, numbered by its replica's counter. A file's [`Version`] maps
//! replicas to event numbers; `a ≤ b` when `b` has seen every event of `a`. Neither
//! `a ≤ b` nor `b ≤ a`: the two were made independently (a conflict). A replica's
//! *knowledge* is a version too: every event it has integrated, per replica.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Fixed-size random ids written as lowercase hex: replica and history ids.
macro_rules! hex_id {
    ($name:ident, $len:expr, $what:expr) => {
        #[doc = $what]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; $len]);

        impl $name {
            /// A new random id.
            pub fn random() -> Result<$name, getrandom::Error> {
                let mut bytes = [0u8; $len];
                getrandom::fill(&mut bytes)?;
                Ok($name(bytes))
            }
            /// Parses lowercase hex of the exact length.
            pub fn from_hex(text: &str) -> Option<$name> {
                if text.len() != 2 * $len
                    || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                {
                    return None;
                }
                let mut out = [0u8; $len];
                hex::decode_to_slice(text, &mut out).ok()?;
                Some($name(out))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&hex::encode(self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    s.collect_str(self)
                } else {
                    self.0.serialize(s)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                if !d.is_human_readable() {
                    return <[u8; $len]>::deserialize(d).map($name);
                }
                let text = String::deserialize(d)?;
                $name::from_hex(&text).ok_or_else(|| {
                    serde::de::Error::custom(concat!(
                        "expected ",
                        stringify!($len),
                        " bytes in lowercase hex"
                    ))
                })
            }
        }
    };
}

hex_id!(
    ReplicaId,
    8,
    "One dossier folder's id: 16 lowercase hex digits."
);
hex_id!(
    HistoryId,
    16,
    "A dossier's history (lineage) id: 32 lowercase hex digits."
);

/// The first `N` bytes of SHA-256 of `text`: ids derived, the same on every machine.
fn derived<const N: usize>(text: &str) -> [u8; N] {
    let digest = super::manifest::Sha256::of(text.as_bytes());
    let mut id = [0u8; N];
    id.iter_mut()
        .zip(digest.0.iter())
        .for_each(|(d, s)| *d = *s);
    id
}

impl HistoryId {
    /// The history of dossiers migrated from records of format 1, which had none: the
    /// same on every replica of the dossier, so that migrated replicas agree.
    pub fn legacy(dossier: &str) -> HistoryId {
        HistoryId(derived(&format!("sacoche-legacy-history\n{dossier}")))
    }
}

impl ReplicaId {
    /// The replica standing for a sender of format-1 archives, which carried no replica:
    /// derived from the signing key id.
    pub fn legacy(key_id: &str) -> ReplicaId {
        ReplicaId(derived(&format!("sacoche-legacy-replica\n{key_id}")))
    }
}

/// How two versions relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The same events.
    Equal,
    /// The first is older: the second saw it.
    Before,
    /// The first is newer: it saw the second.
    After,
    /// Made independently.
    Concurrent,
}

/// A version vector: for each replica, the number of its latest event seen. Entries
/// are kept sorted by replica and never zero (a missing entry is zero).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Version(Vec<(ReplicaId, u64)>);

impl Version {
    /// The empty version: seen by everyone.
    pub fn new() -> Version {
        Version(Vec::new())
    }

    /// A version with one event.
    pub fn of(replica: ReplicaId, event: u64) -> Version {
        let mut v = Version::new();
        v.set(replica, event);
        v
    }

    /// The entry for `replica` (zero when absent).
    pub fn get(&self, replica: ReplicaId) -> u64 {
        self.0
            .binary_search_by(|(r, _)| r.cmp(&replica))
            .ok()
            .and_then(|i| self.0.get(i))
            .map_or(0, |(_, n)| *n)
    }

    /// Sets the entry for `replica` (zero removes it).
    pub fn set(&mut self, replica: ReplicaId, event: u64) {
        match self.0.binary_search_by(|(r, _)| r.cmp(&replica)) {
            Ok(i) if event == 0 => {
                self.0.remove(i);
            }
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = event;
                }
            }
            Err(_) if event == 0 => {}
            Err(i) => self.0.insert(i, (replica, event)),
        }
    }

    /// Whether nothing was ever seen.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, sorted by replica.
    pub fn entries(&self) -> &[(ReplicaId, u64)] {
        &self.0
    }

    /// `self ≤ other`: `other` has seen every event of `self`.
    pub fn le(&self, other: &Version) -> bool {
        self.0.iter().all(|(r, n)| *n <= other.get(*r))
    }

    /// How `self` relates to `other`.
    pub fn compare(&self, other: &Version) -> Order {
        match (self.le(other), other.le(self)) {
            (true, true) => Order::Equal,
            (true, false) => Order::Before,
            (false, true) => Order::After,
            (false, false) => Order::Concurrent,
        }
    }

    /// The least version that has seen both (entry-wise maximum).
    pub fn join(&self, other: &Version) -> Version {
        let mut out = self.clone();
        for (r, n) in &other.0 {
            if *n > out.get(*r) {
                out.set(*r, *n);
            }
        }
        out
    }

    /// The greatest version both have seen (entry-wise minimum).
    pub fn meet(&self, other: &Version) -> Version {
        let mut out = Version::new();
        for (r, n) in &self.0 {
            out.set(*r, (*n).min(other.get(*r)));
        }
        out
    }

    /// Whether some event of `self` is also seen by `other` (they share history).
    pub fn shares_with(&self, other: &Version) -> bool {
        self.0.iter().any(|(r, n)| *n <= other.get(*r))
    }

    /// Builds a version from entries in any order; `None` if a replica repeats or a
    /// counter is zero.
    pub fn from_entries(mut entries: Vec<(ReplicaId, u64)>) -> Option<Version> {
        entries.sort_by_key(|e| e.0);
        let repeated = entries
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.0 == b.0));
        if repeated || entries.iter().any(|(_, n)| *n == 0) {
            return None;
        }
        Some(Version(entries))
    }
}

impl fmt::Debug for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (r, n)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}:{n}", &r.to_string()[..4])?;
        }
        f.write_str("}")
    }
}

/// JSON: an object `{"<replica>": counter}`; binary: the sorted pairs.
impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (r, n) in &self.0 {
                map.serialize_entry(&r.to_string(), n)?;
            }
            map.end()
        } else {
            self.0.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries: Vec<(ReplicaId, u64)> = if d.is_human_readable() {
            unique_map::<D, ReplicaId, u64>(d)?.into_iter().collect()
        } else {
            Vec::deserialize(d)?
        };
        Version::from_entries(entries)
            .ok_or_else(|| serde::de::Error::custom("a version counts each replica once, from 1"))
    }
}

/// Deserializes a JSON object into a map, refusing a key that appears twice (serde's
/// own maps keep the last one silently; a signed manifest must say one thing).
pub fn unique_map<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<K, V> {
        type Value = std::collections::BTreeMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object whose names appear once")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut access: A,
        ) -> Result<Self::Value, A::Error> {
            let mut map = std::collections::BTreeMap::new();
            while let Some((k, v)) = access.next_entry::<K, V>()? {
                if map.insert(k, v).is_some() {
                    return Err(serde::de::Error::custom(
                        "a name appears twice in an object",
                    ));
                }
            }
            Ok(map)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: ReplicaId = ReplicaId([1; 8]);
    const B: ReplicaId = ReplicaId([2; 8]);

    #[test]
    fn versions_compare_by_what_they_have_seen() {
        let a1 = Version::of(A, 1);
        let mut a1b1 = a1.clone();
        a1b1.set(B, 1);
        let b1 = Version::of(B, 1);
        assert_eq!(a1.compare(&a1), Order::Equal);
        assert_eq!(a1.compare(&a1b1), Order::Before);
        assert_eq!(a1b1.compare(&a1), Order::After);
        assert_eq!(a1.compare(&b1), Order::Concurrent);
        assert_eq!(a1.join(&b1), a1b1);
        assert_eq!(a1b1.meet(&b1), b1);
        assert!(Version::new().le(&a1));
        assert!(!a1.le(&Version::new()));
        assert!(a1b1.shares_with(&b1) && !a1.shares_with(&b1));
    }

    #[test]
    fn versions_round_trip_in_json_and_postcard() {
        let mut v = Version::of(B, 7);
        v.set(A, 3);
        let json = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(json, r#"{"0101010101010101":3,"0202020202020202":7}"#);
        assert_eq!(serde_json::from_str::<Version>(&json).ok(), Some(v.clone()));
        let bin = postcard::to_stdvec(&v).unwrap_or_default();
        assert_eq!(postcard::from_bytes::<Version>(&bin).ok(), Some(v));
        assert!(serde_json::from_str::<Version>(r#"{"0101010101010101":0}"#).is_err());
        assert!(serde_json::from_str::<Version>(r#"{"01":1}"#).is_err());
        let twice = r#"{"0101010101010101":3,"0101010101010101":4}"#;
        assert!(serde_json::from_str::<Version>(twice).is_err());
    }
}
