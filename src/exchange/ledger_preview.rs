//! What an integration does to each ledger it replaces, in écritures: the preview of
//! `apply --dry-run`, `inbox process --dry-run` and the page's "Aperçu" says "Grand
//! livre 2020 : 2 écritures ajoutées, 1 modifiée, toujours équilibré" under the line
//! "modifié <ledger>" (`docs/LEDGER.md`, "What the exchange says about a ledger").
//!
//! The version here is the file on disk, when it is the one the plan replaces; the
//! version put is read from the archive (rebuilt from its delta when it travelled as
//! one), from a merge's result, or from the local file it is a copy of. A version that
//! cannot be read as a ledger, or a file here that changed since the plan, gets no
//! difference: the preview then says only that the file is modified. Nothing here
//! changes the disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::archive::Contents;
use crate::archive::manifest::{FiscalPeriod, Sha256, StateEntry};
use crate::archive::path::native;
use crate::dossier::Error;
use crate::error::IoAction;
use crate::ledger::{self, Diff, Scan, Year};

use super::index::Index;
use super::ledger_merge::{Bytes, incoming_versions};
use super::merge::{Action, Source};

/// A ledger the integration replaces, compared in écritures with the one here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerChange {
    /// Its path in the dossier (`/`-separated).
    pub path: String,
    /// The fiscal year its dates were checked against (the dossier's, else its name's).
    pub year: Option<Year>,
    /// From the version here to the one the integration puts.
    pub diff: Diff,
    /// Écritures of the version put that do not balance.
    pub unbalanced: usize,
}

/// Where the versions a preview compares are.
pub struct Sources<'a> {
    /// The dossier folder.
    pub dir: &'a Path,
    /// The local files as the plan knows them.
    pub index: &'a Index,
    /// The sender's files.
    pub incoming: &'a [StateEntry],
    /// Contents made by merges in écritures, by SHA-256.
    pub made: &'a BTreeMap<Sha256, Bytes>,
    /// Where the bases of the archive's deltas are here.
    pub delta_bases: &'a BTreeMap<String, PathBuf>,
    /// The dossier's fiscal period.
    pub period: Option<FiscalPeriod>,
}

/// The difference in écritures of each ledger among `actions` that is replaced.
pub fn preview(
    sources: &Sources<'_>,
    contents: &mut [Contents],
    actions: &[Action],
    is_ledger: &dyn Fn(&str) -> bool,
) -> Result<Vec<LedgerChange>, Error> {
    let replaced: Vec<(&str, &Source)> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Replace { path, source } if is_ledger(path) => Some((path.as_str(), source)),
            _ => None,
        })
        .collect();
    if replaced.is_empty() {
        return Ok(Vec::new());
    }
    let incoming: BTreeMap<&str, &StateEntry> = sources
        .incoming
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    // The versions put that are in the archive, read in one pass over it.
    let wanted: BTreeMap<&str, &StateEntry> = replaced
        .iter()
        .filter_map(|(_, source)| match source {
            Source::Archive(at) => incoming.get(at.as_str()).map(|f| (at.as_str(), *f)),
            _ => None,
        })
        .collect();
    let mut from_archive = if wanted.is_empty() {
        BTreeMap::new()
    } else {
        incoming_versions(contents, &wanted, sources.delta_bases)?
    };
    let mut changes = Vec::new();
    for (path, source) in replaced {
        let Some(old) = version_here(sources, path)? else {
            continue;
        };
        let new = match source {
            Source::Archive(at) => from_archive.remove(at.as_str()),
            Source::Made(sha) => sources.made.get(sha).map(|b| b.as_slice().to_vec()),
            Source::Local(from) => version_here(sources, from)?,
        };
        let Some(new) = new else {
            continue;
        };
        let year = year_of(path, sources.period);
        if let Some(change) = compare(path, year, &old, &new) {
            changes.push(change);
        }
    }
    Ok(changes)
}

/// The file at `path` here, when it is the version the plan knows.
fn version_here(sources: &Sources<'_>, path: &str) -> Result<Option<Vec<u8>>, Error> {
    let Some(known) = sources.index.file(path) else {
        return Ok(None);
    };
    let at = native(sources.dir, path);
    let bytes = match fs::read(&at) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(IoAction::Read, &at, e)),
    };
    Ok((Sha256::of(&bytes) == known.sha256).then_some(bytes))
}

/// The fiscal year a ledger's dates belong to: the dossier's, else its name's.
fn year_of(path: &str, period: Option<FiscalPeriod>) -> Option<Year> {
    period
        .map(|p| Year {
            start: p.start,
            end: p.end,
        })
        .or_else(|| {
            let name = path.rsplit('/').next().unwrap_or(path);
            ledger::closing_date(name).map(ledger::year_closing_on)
        })
}

/// Both versions read as ledgers (one per core) and compared; `None` when either is
/// not one.
fn compare(path: &str, year: Option<Year>, old: &[u8], new: &[u8]) -> Option<LedgerChange> {
    let read = |bytes: &[u8]| -> Option<Scan> { ledger::scan(bytes, year).ok() };
    let (before, after) = std::thread::scope(|scope| {
        let before = scope.spawn(|| read(old));
        let after = read(new);
        (before.join().ok().flatten(), after)
    });
    let (before, after) = (before?, after?);
    Some(LedgerChange {
        path: path.to_string(),
        year,
        diff: ledger::diff(&before.entries, &after.entries),
        unbalanced: after.entries.iter().filter(|e| !e.balanced()).count(),
    })
}
