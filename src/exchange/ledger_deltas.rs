//! Ledgers that travel as écritures: a changes archive carries, for each ledger the
//! correspondents have in an earlier version, a delta against that version instead of
//! the whole file (`docs/FORMAT.md` §4.6), checked here by rebuilding it before it is
//! trusted.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::Path;

use crate::archive::delta::{self, MAX_DELTA_BYTES};
use crate::archive::manifest::{DeltaEntry, Sha256, StateEntry};
use crate::archive::path::native;
use crate::archive::version::Version;
use crate::archive::write::DeltaBody;

use super::bases::Bases;

/// Reads are buffered this much: big enough for a 300 MB ledger to stream quickly.
const BUFFER: usize = 256 * 1024;

/// The deltas worth carrying for the ledgers `ledgers` (paths) among `carried`, each
/// against the version the correspondents acknowledged (`acknowledged`). A ledger
/// without a kept base, or whose delta would not be much smaller than the file, or
/// that fails its check, travels whole.
pub fn deltas_for(
    dir: &Path,
    bases: &Bases,
    carried: &[&StateEntry],
    ledgers: &[&str],
    acknowledged: &Version,
) -> Vec<DeltaBody> {
    let mut deltas: Vec<DeltaBody> = carried
        .iter()
        .filter(|f| ledgers.contains(&f.path.as_str()))
        .filter_map(|f| {
            let kept = bases.acknowledged(&f.path, acknowledged)?;
            if kept.sha256 == f.sha256 {
                return None;
            }
            let base = bases.copy_of(&kept.sha256, kept.size)?;
            delta_of(&base, &native(dir, &f.path), (kept.sha256, kept.size), f)
                .ok()
                .flatten()
        })
        .collect();
    deltas.sort_by(|a, b| a.entry.path.as_bytes().cmp(b.entry.path.as_bytes()));
    deltas
}

/// The delta making `f` (the file at `current`) from the copy `base` of the content
/// `(sha256, size)`, when it is at most a quarter of the file and rebuilds it exactly.
fn delta_of(
    base: &Path,
    current: &Path,
    (base_sha256, base_size): (Sha256, u64),
    f: &StateEntry,
) -> io::Result<Option<DeltaBody>> {
    let limit = (f.size / 4).min(MAX_DELTA_BYTES);
    let made = delta::make(
        BufReader::with_capacity(BUFFER, File::open(base)?),
        BufReader::with_capacity(BUFFER, File::open(current)?),
        limit,
    )?;
    let Some(made) = made else {
        return Ok(None);
    };
    if (made.base_sha256, made.base_size) != (base_sha256, base_size) {
        return Ok(None); // the copy kept is damaged
    }
    // Lines were matched by a 64-bit hash: what the receiver will rebuild is rebuilt
    // here first.
    let Ok(commands) = delta::parse(&made.body, base_size, f.size) else {
        return Ok(None);
    };
    let rebuilt = delta::apply(
        &made.body,
        &commands,
        &mut File::open(base)?,
        &mut io::sink().by_ref(),
    )?;
    if rebuilt != f.sha256 {
        return Ok(None);
    }
    Ok(Some(DeltaBody {
        entry: DeltaEntry {
            path: f.path.clone(),
            base_sha256,
            base_size,
            size: made.body.len() as u64,
            sha256: Sha256::of(&made.body),
        },
        body: made.body,
    }))
}
