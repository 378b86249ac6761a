//! The names every layer shares: a dossier's number and a key's id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A dossier number (`8502182`): 1 to 40 ASCII letters, digits, `_` or `-`, not
/// starting with `-`. It names archives (`<dossier>-<time>.sacoche`) and restricts
/// trust, so it must be one word on every file system.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DossierId(String);

/// Text that is not a dossier number (the first 60 characters of it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid-dossier-id {0:?}")]
pub struct InvalidDossierId(pub String);

impl DossierId {
    /// `text` as a dossier number, or why not.
    pub fn parse(text: &str) -> Result<DossierId, InvalidDossierId> {
        if is_dossier_id(text) {
            Ok(DossierId(text.to_string()))
        } else {
            Err(InvalidDossierId(text.chars().take(60).collect()))
        }
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DossierId {
    type Err = InvalidDossierId;
    fn from_str(text: &str) -> Result<DossierId, InvalidDossierId> {
        DossierId::parse(text)
    }
}

impl PartialEq<&str> for DossierId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl TryFrom<String> for DossierId {
    type Error = InvalidDossierId;
    fn try_from(text: String) -> Result<DossierId, InvalidDossierId> {
        DossierId::parse(&text)
    }
}

impl From<DossierId> for String {
    fn from(id: DossierId) -> String {
        id.0
    }
}

impl fmt::Display for DossierId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for DossierId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A dossier number is one safe path component on every file system (`received/8502182`).
impl AsRef<std::path::Path> for DossierId {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(&self.0)
    }
}

impl AsRef<str> for DossierId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Whether `id` is a dossier number ([`DossierId`]).
pub fn is_dossier_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The short, human-readable id of a public key: `3F2A-91C0-77BE-0D14` (the first 8
/// bytes of SHA-256 of the key). It travels as that text in manifests and records.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeyId([u8; 8]);

/// Text that is not a key id (the first 60 characters of it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid-key-id {0:?}")]
pub struct InvalidKeyId(pub String);

impl KeyId {
    /// The id made of these 8 bytes.
    pub fn from_bytes(bytes: [u8; 8]) -> KeyId {
        KeyId(bytes)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = hex::encode_upper(self.0);
        write!(f, "{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for KeyId {
    type Err = InvalidKeyId;
    /// Parses the canonical form only: four groups of four upper-case hex digits.
    fn from_str(text: &str) -> Result<KeyId, InvalidKeyId> {
        let bad = || InvalidKeyId(text.chars().take(60).collect());
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() != 4
            || parts
                .iter()
                .any(|p| p.len() != 4 || !p.bytes().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F')))
        {
            return Err(bad());
        }
        let mut id = [0u8; 8];
        hex::decode_to_slice(parts.concat(), &mut id).map_err(|_| bad())?;
        Ok(KeyId(id))
    }
}

impl TryFrom<String> for KeyId {
    type Error = InvalidKeyId;
    fn try_from(text: String) -> Result<KeyId, InvalidKeyId> {
        text.parse()
    }
}

impl From<KeyId> for String {
    fn from(id: KeyId) -> String {
        id.to_string()
    }
}

impl PartialEq<DossierId> for str {
    fn eq(&self, other: &DossierId) -> bool {
        self == other.0
    }
}

impl PartialEq<str> for DossierId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dossier_numbers() {
        assert!(DossierId::parse("8502182").is_ok());
        assert!(DossierId::parse("GAEC_01-b").is_ok());
        for bad in ["", "-x", "a/b", "é", &"9".repeat(41)] {
            assert!(DossierId::parse(bad).is_err(), "{bad}");
        }
        let json = serde_json::to_string(&DossierId::parse("8502182").unwrap()).unwrap();
        assert_eq!(json, "\"8502182\"");
        assert!(serde_json::from_str::<DossierId>("\"a/b\"").is_err());
    }

    #[test]
    fn key_ids() {
        let id: KeyId = "3F2A-91C0-77BE-0D14".parse().unwrap();
        assert_eq!(id.to_string(), "3F2A-91C0-77BE-0D14");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"3F2A-91C0-77BE-0D14\"");
        assert_eq!(serde_json::from_str::<KeyId>(&json).unwrap(), id);
        for bad in [
            "",
            "3f2a-91c0-77be-0d14",
            "3F2A91C077BE0D14",
            "3F2A-91C0-77BE-0D1",
            "3F2A-91C0-77BE-0D14-",
        ] {
            assert!(bad.parse::<KeyId>().is_err(), "{bad}");
        }
    }
}
