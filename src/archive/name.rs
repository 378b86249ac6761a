//! Archive file names: `<dossier>-<YYYYMMDDHHMMSS>.sacoche`, the sender's local time.
//!
//! A name is for people. Order and identity come from the signed manifest, never from
//! a file name (mail clients rename, FAT32 dates are local and coarse).

use chrono::NaiveDateTime;

use crate::ids::{DossierId, InvalidDossierId};

const TIME_FORMAT: &str = "%Y%m%d%H%M%S";

pub use crate::ids::is_dossier_id;

/// Checks a dossier id ([`is_dossier_id`]).
pub fn check_dossier_id(id: &str) -> Result<(), InvalidDossierId> {
    DossierId::parse(id).map(drop)
}

/// The canonical file name of an archive.
pub fn file_name(dossier: &DossierId, created_local: NaiveDateTime) -> String {
    format!(
        "{dossier}-{}.{}",
        created_local.format(TIME_FORMAT),
        super::EXTENSION
    )
}

/// What a receipt's name adds to an archive's name: receipts are told apart at a glance
/// (and never take the name an archive just left).
pub const RECEIPT_SUFFIX: &str = "-accuse-reception";

/// The file name of a receipt: `8502182-20201028093000-accuse-reception.sacoche`.
pub fn receipt_file_name(dossier: &DossierId, created_local: NaiveDateTime) -> String {
    format!(
        "{dossier}-{}{RECEIPT_SUFFIX}.{}",
        created_local.format(TIME_FORMAT),
        super::EXTENSION
    )
}

/// What a canonical name says: dossier id and local creation time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedName {
    /// The dossier id.
    pub dossier: DossierId,
    /// The sender's local time at creation.
    pub created_local: NaiveDateTime,
}

/// Parses a canonical archive name. A mail client's renamed copy
/// (`8502182-20201027171147 (1).sacoche`) parses too: the suffix is ignored.
pub fn parse(name: &str) -> Option<ParsedName> {
    let stem = name.strip_suffix(&format!(".{}", super::EXTENSION))?;
    let stem = match stem.rfind(" (") {
        Some(i) if stem.ends_with(')') => &stem[..i],
        _ => stem,
    };
    let stem = stem.strip_suffix(RECEIPT_SUFFIX).unwrap_or(stem);
    let (dossier, time) = stem.rsplit_once('-')?;
    if time.len() != 14 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let dossier = DossierId::parse(dossier).ok()?;
    let created_local = NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?;
    Some(ParsedName {
        dossier,
        created_local,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let t = NaiveDateTime::parse_from_str("20201027171147", TIME_FORMAT)
            .unwrap_or_else(|e| panic!("{e}"));
        let name = file_name(&"8502182".parse().unwrap(), t);
        assert_eq!(name, "8502182-20201027171147.sacoche");
        let parsed = parse(&name).unwrap_or_else(|| panic!("no parse"));
        assert_eq!(parsed.dossier, "8502182");
        assert_eq!(parsed.created_local, t);
        let copy = parse("8502182-20201027171147 (1).sacoche").map(|p| p.dossier);
        assert_eq!(copy.as_deref(), Some("8502182"));
    }

    #[test]
    fn bad_names_and_ids_are_refused() {
        for bad in [
            "8502182-2020102717114.sacoche",
            "8502182-20201327171147.sacoche",
            "8502182-20201027171147.zip",
            "-20201027171147.sacoche",
            "a b-20201027171147.sacoche",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
        assert!(check_dossier_id("8502182").is_ok());
        assert!(check_dossier_id("GAEC_01-b").is_ok());
        for bad in ["", "-x", "a/b", "é", &"9".repeat(41)] {
            assert!(check_dossier_id(bad).is_err(), "{bad}");
        }
    }
}
