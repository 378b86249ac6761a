//! The names every layer shares: a dossier's number.

use std::fmt;

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
}
