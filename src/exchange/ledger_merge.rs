//! Ledgers changed on both sides since the last exchange, merged in écritures before
//! the files are (`docs/INTEGRATION.md`, "Merging écritures"): for each ledger the file
//! merge finds modified on both sides, the version both had (a copy in
//! `.sacoche/bases/`), the local version and the incoming one (read from the archive,
//! rebuilt from its delta if it travelled as one) are merged by [`crate::ledger::merge`].
//!
//! What cannot be merged so — no common version kept, a version that is not a valid
//! ledger, a result that would not be — stays a conflict of files, as any other file.
//! Nothing here changes the disk: the merged bytes wait in the plan until the journal.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{SubsecRound, Utc};

use crate::archive::manifest::{Sha256, StateEntry};
use crate::archive::path::native;
use crate::archive::version::Version;
use crate::archive::{Carried, Contents, Rejection};
use crate::dossier::Error;
use crate::error::IoAction;
use crate::ledger::merge::{EcritureConflict, Unmergeable, merge_both};

use super::bases::Bases;
use super::merge::{Conflict, ConflictKind, MergedLedger};

/// Bytes held for the journal, shared (a ledger can be hundreds of megabytes).
#[derive(Clone, PartialEq, Eq)]
pub struct Bytes(Arc<Vec<u8>>);

impl Bytes {
    pub fn as_slice(&self) -> &[u8] {
        self.0.as_slice()
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.0.len())
    }
}

/// One ledger merged in écritures.
#[derive(Debug, Clone)]
pub struct LedgerMerge {
    /// Its path in the dossier.
    pub path: String,
    /// What the file merge does with it.
    pub merged: MergedLedger,
    /// The écritures changed on both sides, as the merge decided them (in the order of
    /// the common version).
    pub conflicts: Vec<EcritureConflict>,
    /// The incoming version and its version vector: kept as a base once integrated (the
    /// sender's next delta is made against it).
    pub incoming: (Bytes, Version),
}

/// A ledger changed on both sides that stays a conflict of files, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMerged {
    pub path: String,
    pub why: Why,
}

/// Why a ledger could not be merged in écritures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// No copy of a version both sides had is kept here.
    NoCommonVersion,
    /// The versions are not all valid ledgers alike, or their merge is not one.
    Unmergeable(Unmergeable),
}

/// The merges made for one integration.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// By path, for the file merge.
    pub ledgers: BTreeMap<String, MergedLedger>,
    /// The contents made, by SHA-256, for the journal.
    pub made: BTreeMap<Sha256, Bytes>,
    /// What was merged.
    pub merges: Vec<LedgerMerge>,
    /// Ledgers changed on both sides left as conflicts of files.
    pub not_merged: Vec<NotMerged>,
}

/// Merges in écritures the ledgers among `conflicts` (a first file merge's) changed on
/// both sides. `ledger` says which paths are ledgers; `delta_bases`, where the bases
/// of the archive's deltas are here.
pub fn prepare(
    dir: &Path,
    contents: &mut [Contents],
    conflicts: &[Conflict],
    ledger: &dyn Fn(&str) -> bool,
    delta_bases: &BTreeMap<String, PathBuf>,
) -> Result<Prepared, Error> {
    let mut prepared = Prepared::default();
    let bases = Bases::load(dir);
    // Those whose common version and local version are here.
    let mut ready: Vec<(&Conflict, Vec<u8>, Vec<u8>)> = Vec::new();
    for c in conflicts
        .iter()
        .filter(|c| c.kind == ConflictKind::BothModified && ledger(&c.path))
    {
        let Some(base) = common_version(&bases, &c.local, &c.incoming) else {
            prepared.not_merged.push(NotMerged {
                path: c.path.clone(),
                why: Why::NoCommonVersion,
            });
            continue;
        };
        let at = native(dir, &c.path);
        let mine = fs::read(&at).map_err(|e| Error::io(IoAction::Read, &at, e))?;
        // Not the version the merge knows (a rehearsal's, or changed meanwhile): the
        // file merge decides, and staging finds out whether it changed.
        if Sha256::of(&mine) == c.local.sha256 {
            ready.push((c, base, mine));
        }
    }
    if ready.is_empty() {
        return Ok(prepared);
    }
    let wanted: BTreeMap<&str, &StateEntry> = ready
        .iter()
        .map(|(c, _, _)| (c.path.as_str(), &c.incoming))
        .collect();
    let mut theirs = incoming_versions(contents, &wanted, delta_bases)?;
    let modified = Utc::now().trunc_subsecs(0);
    for (c, base, mine) in ready {
        let Some(theirs) = theirs.remove(c.path.as_str()) else {
            continue; // not carried: the file merge says what is missing
        };
        // The versions are not needed past the merge: the incoming one is kept as the
        // sender's next base; the others are freed before the next ledger.
        let theirs = Arc::new(theirs);
        let merged = merge_both(&base, &mine, &theirs).map(|(m, o)| {
            let other = o.map(|o| Bytes(Arc::new(o.bytes)));
            (Bytes(Arc::new(m.bytes)), m.conflicts, other)
        });
        drop((base, mine));
        let (merged, conflicts, other) = match merged {
            Ok(done) => done,
            Err(why) => {
                prepared.not_merged.push(NotMerged {
                    path: c.path.clone(),
                    why: Why::Unmergeable(why),
                });
                continue;
            }
        };
        let mut hold = |bytes: Bytes| {
            let key = (Sha256::of(bytes.as_slice()), bytes.as_slice().len() as u64);
            prepared.made.insert(key.0, bytes);
            key
        };
        let merged_key = hold(merged);
        let other_key = other.map(&mut hold);
        prepared.ledgers.insert(
            c.path.clone(),
            MergedLedger {
                local: c.local.sha256,
                incoming: c.incoming.sha256,
                merged: merged_key,
                other_way: other_key,
                modified,
            },
        );
        prepared.merges.push(LedgerMerge {
            path: c.path.clone(),
            merged: prepared
                .ledgers
                .get(&c.path)
                .cloned()
                .ok_or_else(|| Error::Internal(format!("'{}' was not merged", c.path)))?,
            conflicts,
            incoming: (Bytes(theirs), c.incoming.version.clone()),
        });
    }
    Ok(prepared)
}

/// The content of the latest version of the ledger both `local` and `incoming` come
/// from, when a copy of it is kept and intact.
fn common_version(bases: &Bases, local: &StateEntry, incoming: &StateEntry) -> Option<Vec<u8>> {
    let kept = bases.common(&local.path, &local.version, &incoming.version)?;
    let copy = bases.copy_of(&kept.sha256, kept.size)?;
    let bytes = fs::read(copy).ok()?;
    (Sha256::of(&bytes) == kept.sha256).then_some(bytes)
}

/// The incoming content of each path of `wanted`, read from the archive (and rebuilt
/// from its base here when it travelled as a delta), checked against its SHA-256.
pub(super) fn incoming_versions(
    contents: &mut [Contents],
    wanted: &BTreeMap<&str, &StateEntry>,
    delta_bases: &BTreeMap<String, PathBuf>,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut got: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let paths: HashSet<&str> = wanted.keys().copied().collect();
    for part in contents.iter_mut() {
        let archive = part.path().to_path_buf();
        part.read_files(|carried, reader| {
            let (path, delta) = match carried {
                Carried::File(f) => (f.path.as_str(), None),
                Carried::Delta(d) => (d.path.as_str(), Some(d)),
            };
            if !paths.contains(path) || got.contains_key(path) {
                return Ok(());
            }
            let mut bytes = Vec::new();
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| crate::archive::Error::io(IoAction::Read, &archive, e))?;
            if let Some(d) = delta {
                let Some(base) = delta_bases.get(path) else {
                    return Ok(());
                };
                let Some(target) = wanted.get(path) else {
                    return Ok(());
                };
                bytes = rebuilt(&archive, d, &bytes, target, base)?;
            }
            got.insert(path.to_string(), bytes);
            Ok(())
        })?;
    }
    // A file entry is checked once read whole; a rebuilt one was checked above.
    Ok(got
        .into_iter()
        .filter(|(path, bytes)| {
            wanted
                .get(path.as_str())
                .is_some_and(|f| Sha256::of(bytes) == f.sha256)
        })
        .collect())
}

/// The content a delta body makes from its base, which must be the target's.
fn rebuilt(
    archive: &Path,
    d: &crate::archive::manifest::DeltaEntry,
    body: &[u8],
    target: &StateEntry,
    base: &Path,
) -> Result<Vec<u8>, crate::archive::Error> {
    use crate::archive::Error as E;
    let rejected = |reason| E::Rejected {
        archive: archive.to_path_buf(),
        reason,
    };
    let commands = crate::archive::delta::parse(body, d.base_size, target.size)
        .map_err(|_| rejected(Rejection::DeltaInvalid(d.path.clone())))?;
    let mut from = fs::File::open(base).map_err(|e| E::io(IoAction::Read, base, e))?;
    let mut out = Vec::with_capacity(usize::try_from(target.size).unwrap_or(0));
    let made = crate::archive::delta::apply(body, &commands, &mut from, &mut out)
        .map_err(|e| E::io(IoAction::Read, base, e))?;
    if made != target.sha256 {
        return Err(rejected(Rejection::DeltaMismatch(d.path.clone())));
    }
    Ok(out)
}
