//! Copies of the ledger versions exchanged (sent, or integrated), kept in
//! `.sacoche/bases/`: the versions a correspondent has, that a delta is made against
//! (`docs/INTEGRATION.md`, "Ledgers travel as écritures").
//!
//! A cache, never a record: a copy missing or damaged only means the next ledger travels
//! whole. Each copy is named by its SHA-256 and checked against it when it is used.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::archive::manifest::Sha256;
use crate::archive::version::Version;
use crate::dossier::Error;
use crate::dossier::meta::{Meta, read_json, write_json};
use crate::error::IoAction;

/// Versions kept per ledger: the one the correspondents have, the ones on the way, and
/// the two of a merge in écritures (each side's next delta is made against either).
const KEEP_PER_PATH: usize = 4;

/// One copy kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// The ledger's path in the dossier.
    pub path: String,
    /// SHA-256 of the content (also the copy's file name).
    pub sha256: Sha256,
    /// Its size.
    pub size: u64,
    /// The version of that content.
    pub version: Version,
    /// When it was kept.
    pub at: DateTime<Utc>,
}

/// The copies of one dossier.
#[derive(Debug, Clone)]
pub struct Bases {
    dir: PathBuf,
    kept: Vec<Kept>,
}

impl Bases {
    /// The copies kept in the dossier at `dossier` (none when the list is unreadable).
    pub fn load(dossier: &Path) -> Bases {
        let dir = Meta::of(dossier).bases();
        let kept = read_json::<Vec<Kept>>(&dir.join("list.json"))
            .ok()
            .flatten()
            .unwrap_or_default();
        Bases { dir, kept }
    }

    /// The copy of this content, if kept.
    pub fn copy_of(&self, sha256: &Sha256, size: u64) -> Option<PathBuf> {
        let path = self.dir.join(sha256.to_string());
        fs::metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() == size)
            .then_some(path)
    }

    /// The version of `path` the correspondents have, as far as they acknowledged:
    /// the latest copy whose version `acknowledged` covers.
    pub fn acknowledged(&self, path: &str, acknowledged: &Version) -> Option<&Kept> {
        self.latest(path, |v| v.le(acknowledged))
    }

    /// The latest copy of `path` both `a` and `b` were made from.
    pub fn common(&self, path: &str, a: &Version, b: &Version) -> Option<&Kept> {
        self.latest(path, |v| v.le(a) && v.le(b))
    }

    /// The latest copy of `path` whose version passes `wanted`.
    fn latest(&self, path: &str, wanted: impl Fn(&Version) -> bool) -> Option<&Kept> {
        self.kept
            .iter()
            .filter(|k| k.path == path && wanted(&k.version))
            .filter(|k| self.copy_of(&k.sha256, k.size).is_some())
            .max_by(|a, b| {
                let order = if a.version.le(&b.version) && a.version != b.version {
                    std::cmp::Ordering::Less
                } else if b.version.le(&a.version) && a.version != b.version {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                };
                order.then(a.at.cmp(&b.at))
            })
    }

    /// Keeps `bytes` as the content of `path` at `version` (see [`Bases::keep`]).
    pub fn keep_bytes(&mut self, path: &str, bytes: &[u8], version: &Version) -> Result<(), Error> {
        let key = (Sha256::of(bytes), bytes.len() as u64);
        if self.store(key, &mut &*bytes)? {
            self.record(path, key, version)?;
        }
        Ok(())
    }

    /// Keeps a copy of `source` as the content `sha256` of `path` at `version`. A
    /// source that is not that content (changed meanwhile) is not kept. Older copies
    /// of the path beyond the last few are let go.
    pub fn keep(
        &mut self,
        path: &str,
        key: (Sha256, u64),
        version: &Version,
        source: &Path,
    ) -> Result<(), Error> {
        if self.copy_of(&key.0, key.1).is_none() {
            let mut from =
                fs::File::open(source).map_err(|e| Error::io(IoAction::Read, source, e))?;
            if !self.store(key, &mut from)? {
                return Ok(());
            }
        }
        self.record(path, key, version)
    }

    /// Stores the content `(sha256, size)` read from `from`, unless a copy is there
    /// already; false when `from` was not that content.
    fn store(&self, (sha256, size): (Sha256, u64), from: &mut dyn Read) -> Result<bool, Error> {
        if self.copy_of(&sha256, size).is_some() {
            return Ok(true);
        }
        fs::create_dir_all(&self.dir).map_err(|e| Error::io(IoAction::Create, &self.dir, e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".copy-")
            .tempfile_in(&self.dir)
            .map_err(|e| Error::io(IoAction::CreateTempIn, &self.dir, e))?;
        let copied = copy_hashing(from, tmp.as_file_mut())
            .map_err(|e| Error::io(IoAction::Write, tmp.path(), e))?;
        if copied != (sha256, size) {
            return Ok(false);
        }
        tmp.persist(self.dir.join(sha256.to_string()))
            .map_err(|e| Error::io(IoAction::Replace, &self.dir, e.error))?;
        Ok(true)
    }

    /// Lists the copy of `(sha256, size)` (present) as `path` at `version`.
    fn record(
        &mut self,
        path: &str,
        (sha256, size): (Sha256, u64),
        version: &Version,
    ) -> Result<(), Error> {
        self.kept
            .retain(|k| !(k.path == path && k.sha256 == sha256 && &k.version == version));
        self.kept.push(Kept {
            path: path.to_string(),
            sha256,
            size,
            version: version.clone(),
            at: Utc::now(),
        });
        self.prune();
        self.save()
    }

    /// Lets go of the copies beyond the last few of each path.
    fn prune(&mut self) {
        self.kept
            .sort_by(|a, b| a.path.cmp(&b.path).then(b.at.cmp(&a.at)));
        let mut count = 0;
        let mut last: Option<String> = None;
        self.kept.retain(|k| {
            if last.as_deref() != Some(k.path.as_str()) {
                last = Some(k.path.clone());
                count = 0;
            }
            count += 1;
            count <= KEEP_PER_PATH
        });
        let wanted: std::collections::HashSet<String> =
            self.kept.iter().map(|k| k.sha256.to_string()).collect();
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.len() == 64 && !wanted.contains(&name) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }

    fn save(&self) -> Result<(), Error> {
        write_json(&self.dir.join("list.json"), &self.kept)
    }
}

/// Copies `from` into `to` (synced); the SHA-256 and size of what was copied.
fn copy_hashing(from: &mut dyn Read, to: &mut fs::File) -> io::Result<(Sha256, u64)> {
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..n).unwrap_or_default();
        hasher.update(chunk);
        to.write_all(chunk)?;
        size += n as u64;
    }
    to.sync_all()?;
    Ok((hasher.into(), size))
}

/// For each file an archive carries as a delta, the content here it applies to: the
/// dossier's own file when it still has that content, else a kept copy. A delta whose
/// base is nowhere here is missing (the merge then asks for the whole file).
pub fn bases_here(
    dir: &Path,
    local: &[crate::archive::StateEntry],
    deltas: &[&crate::archive::manifest::DeltaEntry],
) -> std::collections::BTreeMap<String, PathBuf> {
    let kept = Bases::load(dir);
    deltas
        .iter()
        .filter_map(|d| {
            let here = local
                .iter()
                .filter(|f| f.sha256 == d.base_sha256 && f.size == d.base_size)
                .min_by_key(|f| f.path != d.path)
                .map(|f| crate::archive::path::native(dir, &f.path));
            here.or_else(|| kept.copy_of(&d.base_sha256, d.base_size))
                .map(|base| (d.path.clone(), base))
        })
        .collect()
}
