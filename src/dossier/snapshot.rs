//! A dossier's snapshot: every file with its size, SHA-256 and modification time.
//!
//! A stat cache in `.sacoche/cache.bin` (postcard) remembers each file's size, modification time
//! (ns) and inode with its hash, so an unchanged dossier is rescanned without reading
//! file contents. A file is rehashed when any of those changed, and also when its
//! modification time is too close to when the cache was written to be trusted (a file
//! saved again within the same tick, or FAT's 2-second times), as git does.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::meta::{self, Meta};
use super::scan::{self, Scanned, SkipReason};
use crate::archive::manifest::{self, FileEntry, Sha256};
use crate::dossier::Error;

/// A file whose modification time is this close to (or after) the cache's writing
/// time is rehashed: 2 s covers FAT's resolution.
const RACY_NS: i128 = 2_000_000_000;

/// First bytes of the stat cache: what it is, and the layout version.
const CACHE_MAGIC: &[u8] = b"sacoche-cache-v1\n";

/// A dossier's content at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Every file, sorted by path.
    pub files: Vec<FileEntry>,
    /// The state id of that content.
    pub state_id: Sha256,
    /// Files left out by the scan (junk, links), and why.
    pub skipped: Vec<(String, SkipReason)>,
    /// How many files had to be read (not served by the stat cache).
    pub hashed: usize,
}

/// The stat cache as read: one record per file, sorted by path (byte order).
#[derive(Debug, Default, Deserialize)]
struct Cache {
    written_ns: i128,
    files: Vec<CacheEntry>,
}

#[derive(Debug, Clone, Deserialize)]
struct CacheEntry {
    path: String,
    size: u64,
    mtime_ns: i128,
    inode: u64,
    sha256: Sha256,
}

impl Cache {
    fn get(&self, path: &str) -> Option<&CacheEntry> {
        self.files
            .binary_search_by(|c| c.path.as_bytes().cmp(path.as_bytes()))
            .ok()
            .and_then(|i| self.files.get(i))
    }
}

/// The stat cache as written (the same layout as [`Cache`], borrowing the paths).
#[derive(Serialize)]
struct CacheOut<'a> {
    written_ns: i128,
    files: Vec<CacheEntryOut<'a>>,
}

#[derive(Serialize)]
struct CacheEntryOut<'a> {
    path: &'a str,
    size: u64,
    mtime_ns: i128,
    inode: u64,
    sha256: Sha256,
}

/// Scans `dir` into a snapshot, using and refreshing its stat cache when the dossier
/// has a `.sacoche` folder. Names that can't travel are an error listing them all.
pub fn take(dir: &std::path::Path) -> Result<Snapshot, Error> {
    take_with(dir, true)
}

/// [`take`] for read-only commands (listings, previews): the stat cache is used but
/// never written, so that they change nothing in the dossier.
pub fn take_readonly(dir: &std::path::Path) -> Result<Snapshot, Error> {
    take_with(dir, false)
}

fn take_with(dir: &std::path::Path, refresh: bool) -> Result<Snapshot, Error> {
    let found = scan::scan(dir)?;
    if !found.problems.is_empty() {
        return Err(Error::UnportableNames {
            dir: dir.to_path_buf(),
            problems: found.problems,
        });
    }
    let meta = Meta::of(dir);
    let use_cache = meta.exists();
    let cache: Cache = if use_cache {
        // A missing, torn or outdated cache only means reading the files again.
        meta::read_bin(&meta.cache(), CACHE_MAGIC)
            .unwrap_or_default()
            .unwrap_or_default()
    } else {
        Cache::default()
    };
    let mut known: Vec<Option<Sha256>> = Vec::with_capacity(found.files.len());
    let mut to_hash: Vec<Scanned> = Vec::new();
    for f in &found.files {
        let hit = cache.get(&f.path).filter(|c| {
            c.size == f.size
                && c.mtime_ns == f.mtime_ns
                && c.inode == f.inode
                && f.mtime_ns < cache.written_ns - RACY_NS
        });
        known.push(hit.map(|c| c.sha256));
        if hit.is_none() {
            to_hash.push(f.clone());
        }
    }
    let now_ns = now_ns();
    let hashed = scan::hash_files(dir, &to_hash)?;
    let mut fresh = hashed.into_iter();
    let same_files = cache.files.len() == found.files.len();
    drop(cache);
    let mut files = Vec::with_capacity(found.files.len());
    let mut stats = Vec::with_capacity(found.files.len());
    for (f, hit) in found.files.into_iter().zip(known) {
        stats.push((f.mtime_ns, f.inode));
        files.push(match hit {
            Some(sha256) => FileEntry {
                path: f.path,
                size: f.size,
                sha256,
                modified: f.modified,
            },
            None => fresh
                .next()
                .ok_or_else(|| Error::Internal("hash count mismatch".into()))?,
        });
    }
    // Unchanged (nothing hashed, the same files): not rewritten. Otherwise written
    // without waiting for the disk; a cache that can't be written only costs speed.
    if refresh && use_cache && !(to_hash.is_empty() && same_files) {
        let new_cache = CacheOut {
            written_ns: now_ns,
            files: files
                .iter()
                .zip(&stats)
                .map(|(e, &(mtime_ns, inode))| CacheEntryOut {
                    path: &e.path,
                    size: e.size,
                    mtime_ns,
                    inode,
                    sha256: e.sha256,
                })
                .collect(),
        };
        if let Ok(bytes) = meta::to_bin(&new_cache, CACHE_MAGIC) {
            let _ = crate::fsx::write_atomic_unsynced(&meta.cache(), &bytes);
        }
    }
    Ok(Snapshot {
        state_id: manifest::state_id(&files),
        hashed: to_hash.len(),
        files,
        skipped: found.skipped,
    })
}

fn now_ns() -> i128 {
    let now: DateTime<Utc> = Utc::now();
    i128::from(now.timestamp()) * 1_000_000_000 + i128::from(now.timestamp_subsec_nanos())
}
