//! Cutting what a pack carries into parts under a size limit (for mail), and naming
//! archives so that a name is never reused.

use std::path::Path;

use chrono::{DateTime, FixedOffset, Local, TimeDelta, Timelike};

use crate::archive::manifest::StateEntry;
use crate::archive::name;
use crate::dossier::Error;
use crate::ids::DossierId;

/// Moved files at least this large travel without their bytes (smaller ones are not
/// worth a refusal, should the receiver have changed the old one meanwhile).
pub const MOVE_WITHOUT_BYTES: u64 = 4096;

/// Bytes an archive needs besides its entries and state list: manifest head, seal,
/// end records.
pub const PART_OVERHEAD: u64 = 8192;

/// An upper bound of what one carried file adds to an archive: its `files` line, the
/// zip headers and the data (deflate can grow incompressible data by 5 bytes per
/// 16 KiB block; stored data does not grow).
pub fn cost(path: &str, size: u64) -> u64 {
    let name = path.len() as u64;
    4 * name + 700 + size + size / 1000 + 64
}

/// An upper bound of the state list's size in the manifest (every part carries it).
pub fn state_cost(files: &[StateEntry]) -> u64 {
    files
        .iter()
        .map(|f| 2 * f.path.len() as u64 + 300 + 40 * f.version.entries().len() as u64)
        .sum()
}

/// Splits the carried files into groups whose archives stay under `limit` bytes
/// (`budget` once the state list is counted).
pub fn split<'a>(
    files: &[&'a StateEntry],
    budget: u64,
    limit: u64,
) -> Result<Vec<Vec<&'a StateEntry>>, Error> {
    let budget = budget.saturating_sub(PART_OVERHEAD);
    let mut groups: Vec<Vec<&StateEntry>> = vec![Vec::new()];
    let mut used = 0u64;
    for f in files {
        let c = cost(&f.path, f.size);
        if c > budget {
            return Err(Error::TooBigToSplit {
                path: f.path.clone(),
                size: f.size,
                limit,
            });
        }
        if used + c > budget && groups.last().is_some_and(|g| !g.is_empty()) {
            groups.push(Vec::new());
            used = 0;
        }
        used += c;
        if let Some(g) = groups.last_mut() {
            g.push(f);
        }
    }
    Ok(groups)
}

/// The creation time, moved on by whole seconds while an archive of that name exists
/// (two packs within a second): names are never reused.
pub fn free_name_time(
    out_dir: &Path,
    dossier: &DossierId,
    created: Option<DateTime<FixedOffset>>,
) -> DateTime<FixedOffset> {
    free_time(out_dir, dossier, created, name::file_name)
}

/// [`free_name_time`] for a receipt's name.
pub fn free_receipt_time(out_dir: &Path, dossier: &DossierId) -> DateTime<FixedOffset> {
    free_time(out_dir, dossier, None, name::receipt_file_name)
}

fn free_time(
    out_dir: &Path,
    dossier: &DossierId,
    created: Option<DateTime<FixedOffset>>,
    name_of: fn(&DossierId, chrono::NaiveDateTime) -> String,
) -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    let mut t = created.unwrap_or(now);
    t = t.with_nanosecond(0).unwrap_or(t);
    for _ in 0..120 {
        if !out_dir.join(name_of(dossier, t.naive_local())).exists() {
            break;
        }
        t += TimeDelta::seconds(1);
    }
    t
}
