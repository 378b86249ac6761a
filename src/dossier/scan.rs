//! Scanning a dossier folder: which files travel, which are skipped (junk, links), and
//! which names can't travel; then hashing them, in parallel, into a snapshot.

use crate::error::IoAction;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use sha2::Digest;

use super::METADATA_DIR;
use crate::archive::manifest::{FileEntry, Sha256};
use crate::archive::path::{self, PathProblem};
use crate::dossier::Error;

/// A file found by a scan, not hashed yet.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// Relative path, `/`-separated.
    pub path: String,
    /// Size at scan time.
    pub size: u64,
    /// Modification time at scan time.
    pub modified: DateTime<Utc>,
    /// Modification time in nanoseconds since the epoch, and the inode (0 where the
    /// platform has none): with the size, what the stat cache compares.
    pub mtime_ns: i128,
    /// The file's inode number (Unix), or 0.
    pub inode: u64,
}

impl Scanned {
    /// Where it is on disk, in the dossier at `dir`.
    pub fn abs(&self, dir: &Path) -> PathBuf {
        dir.join(&self.path)
    }
}

/// Why a file was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// System clutter: `Thumbs.db`, `.DS_Store`, `desktop.ini`, Office lock files `~$…`,
    /// macOS `._…` files, recycle bins.
    Junk,
    /// A symbolic link (links can't travel to Windows or a stick).
    Link,
    /// A device, socket or pipe.
    Special,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::Junk => "system clutter",
            SkipReason::Link => "link",
            SkipReason::Special => "not a plain file",
        })
    }
}

/// What a scan found.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Files that travel, sorted by path (byte order).
    pub files: Vec<Scanned>,
    /// Files left out, and why.
    pub skipped: Vec<(String, SkipReason)>,
    /// Names that can't travel, and why.
    pub problems: Vec<(String, PathProblem)>,
}

/// Longest relative path packed: Windows' classic limit is 260 characters for the whole
/// path, and the receiver's dossier folder takes some of them.
pub const MAX_WINDOWS_RELATIVE: usize = 220;

/// Whether a file or folder name is system clutter that never travels.
pub fn is_junk(name: &str) -> bool {
    let lower = name.to_lowercase();
    matches!(
        lower.as_str(),
        "thumbs.db"
            | "ehthumbs.db"
            | ".ds_store"
            | "desktop.ini"
            | "$recycle.bin"
            | "system volume information"
            | ".trashes"
            | ".spotlight-v100"
            | ".fseventsd"
    ) || name.starts_with("~$")
        || name.starts_with("._")
}

/// Lists a dossier's files. Never follows links; skips the `.sacoche` metadata folder.
/// Folders are listed, and files checked and statted, on all cores.
pub fn scan(dir: &Path) -> Result<Scan, Error> {
    let mut scan = Scan::default();
    for found in walk(dir, None)? {
        match found {
            Found::File(f) => scan.files.push(f),
            Found::Skipped(path, why) => scan.skipped.push((path, why)),
            Found::Problem(path, why) => scan.problems.push((path, why)),
        }
    }
    scan.files
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    scan.skipped.sort();
    scan.problems.sort();
    find_collisions(&mut scan);
    Ok(scan)
}

/// One thing a scan found.
enum Found {
    File(Scanned),
    Skipped(String, SkipReason),
    Problem(String, PathProblem),
}

/// Lists the folder `abs` (`rel` inside the dossier; `None` at its root): its files,
/// then its subfolders, in parallel.
fn walk(abs: &Path, rel: Option<&str>) -> Result<Vec<Found>, Error> {
    let join = |name: &str| match rel {
        Some(r) => format!("{r}/{name}"),
        None => name.to_string(),
    };
    let mut found = Vec::new();
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(abs).map_err(|e| Error::io(IoAction::Read, abs, e))? {
        let entry = entry.map_err(|e| Error::io(IoAction::Read, abs, e))?;
        let os_name = entry.file_name();
        let Some(name) = os_name.to_str() else {
            let shown = join(&os_name.to_string_lossy());
            found.push(Found::Problem(shown, PathProblem::NotUnicode));
            continue;
        };
        if rel.is_none() && name == METADATA_DIR {
            continue;
        }
        let file_type = entry
            .file_type()
            .map_err(|e| Error::io(IoAction::Read, entry.path(), e))?;
        if file_type.is_dir() {
            if is_junk(name) {
                continue;
            }
            let sub = join(name);
            if sub.len() > path::MAX_PATH_BYTES {
                found.push(Found::Problem(sub, PathProblem::TooLong));
            } else {
                folders.push((entry.path(), sub));
            }
        } else if is_junk(name) {
            found.push(Found::Skipped(join(name), SkipReason::Junk));
        } else if file_type.is_symlink() {
            found.push(Found::Skipped(join(name), SkipReason::Link));
        } else if !file_type.is_file() {
            found.push(Found::Skipped(join(name), SkipReason::Special));
        } else {
            files.push((entry, join(name)));
        }
    }
    let checked = files
        .into_par_iter()
        .map(|(entry, rel)| check_file(&entry, rel))
        .collect::<Result<Vec<Found>, Error>>()?;
    found.extend(checked);
    let below = folders
        .into_par_iter()
        .map(|(abs, rel)| walk(&abs, Some(&rel)))
        .collect::<Result<Vec<Vec<Found>>, Error>>()?;
    found.extend(below.into_iter().flatten());
    Ok(found)
}

/// Checks a file's name for travel and stats it (through its folder's handle where the
/// platform allows: no path lookup).
fn check_file(entry: &std::fs::DirEntry, rel: String) -> Result<Found, Error> {
    if let Err(why) = path::check(&rel) {
        return Ok(Found::Problem(rel, why));
    }
    let chars = rel.chars().count();
    if chars > MAX_WINDOWS_RELATIVE {
        return Ok(Found::Problem(rel, PathProblem::TooLongForWindows(chars)));
    }
    let meta = entry
        .metadata()
        .map_err(|e| Error::io(IoAction::Read, entry.path(), e))?;
    let modified = meta
        .modified()
        .map(DateTime::<Utc>::from)
        .unwrap_or_default();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Ok(Found::File(Scanned {
        path: rel,
        size: meta.len(),
        mtime_ns: i128::from(modified.timestamp()) * 1_000_000_000
            + i128::from(modified.timestamp_subsec_nanos()),
        modified,
        inode,
    }))
}

/// Names that would be the same file on Windows, macOS or FAT32.
fn find_collisions(scan: &mut Scan) {
    let keys: Vec<String> = scan
        .files
        .par_iter()
        .map(|f| path::collision_key(&f.path))
        .collect();
    let mut by_key: HashMap<&str, &str> = HashMap::with_capacity(keys.len());
    let mut problems = Vec::new();
    for (f, key) in scan.files.iter().zip(&keys) {
        if let Some(other) = by_key.insert(key, &f.path) {
            problems.push((f.path.clone(), PathProblem::SameNameAs(other.to_string())));
        }
    }
    // A folder named like a file: each folder is looked up once, not once per file.
    let mut folders_seen = std::collections::HashSet::new();
    for (f, key) in scan.files.iter().zip(&keys) {
        for (cut, _) in key.match_indices('/') {
            let folder = key.get(..cut).unwrap_or_default();
            if !folders_seen.insert(folder) {
                continue;
            }
            if let Some(other) = by_key.get(folder) {
                problems.push((
                    f.path.clone(),
                    PathProblem::FolderNamedLikeFile(other.to_string()),
                ));
            }
        }
    }
    scan.problems.extend(problems);
}

/// Hashes every scanned file of the dossier at `dir`, in parallel, into manifest
/// entries. A file whose size differs from the scan's is reported as changed.
pub fn hash_files(dir: &Path, files: &[Scanned]) -> Result<Vec<FileEntry>, Error> {
    files
        .par_iter()
        .map(|f| {
            let abs = f.abs(dir);
            let (sha256, size) = hash_file(&abs).map_err(|e| Error::io(IoAction::Read, &abs, e))?;
            if size != f.size {
                return Err(Error::FileChanged(abs));
            }
            Ok(FileEntry {
                path: f.path.clone(),
                size,
                sha256,
                modified: f.modified,
            })
        })
        .collect()
}

/// SHA-256 and length of a file's content.
pub fn hash_file(path: &Path) -> io::Result<(Sha256, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 18];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(buf.get(..n).unwrap_or_default());
        size += n as u64;
    }
    Ok((hasher.into(), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_recognised_and_real_files_are_not() {
        for junk in [
            "Thumbs.db",
            ".DS_Store",
            "desktop.ini",
            "~$bilan.xlsx",
            "._facture.pdf",
        ] {
            assert!(is_junk(junk), "{junk}");
        }
        for real in ["bilan.xlsx", "thumbs.db.bak", "DS_Store", "facture~$.pdf"] {
            assert!(!is_junk(real), "{real}");
        }
    }
}
