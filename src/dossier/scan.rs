//! Scanning a dossier folder: which files travel, which are skipped (junk, links), and
//! which names can't travel; then hashing them, in parallel, into a snapshot.

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
use crate::archive::path;
use crate::error::Error;

/// A file found by a scan, not hashed yet.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// Relative path, `/`-separated.
    pub path: String,
    /// Where it is on disk.
    pub abs: PathBuf,
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

/// Why a file was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub problems: Vec<(String, String)>,
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
pub fn scan(dir: &Path) -> Result<Scan, Error> {
    let mut scan = Scan::default();
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let metadata = e.depth() == 1 && name == METADATA_DIR;
            let junk_folder = e.file_type().is_dir() && is_junk(&name);
            !metadata && !junk_folder
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let at = e.path().unwrap_or(dir).to_path_buf();
            Error::io("read", &at, e.into())
        })?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else {
            let shown = rel.to_string_lossy().into_owned();
            scan.problems
                .push((shown, "name is not valid Unicode".into()));
            continue;
        };
        let rel = parts.join("/");
        let file_type = entry.file_type();
        if !file_type.is_dir() && parts.last().is_some_and(|p| is_junk(p)) {
            scan.skipped.push((rel, SkipReason::Junk));
            continue;
        }
        if file_type.is_symlink() {
            scan.skipped.push((rel, SkipReason::Link));
            continue;
        }
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            scan.skipped.push((rel, SkipReason::Special));
            continue;
        }
        if let Err(why) = path::check(&rel) {
            scan.problems.push((rel, why.to_string()));
            continue;
        }
        if rel.chars().count() > MAX_WINDOWS_RELATIVE {
            let why = format!(
                "{} characters: Windows opens paths of at most 260, with the folder it is in",
                rel.chars().count()
            );
            scan.problems.push((rel, why));
            continue;
        }
        let meta = entry
            .metadata()
            .map_err(|e| Error::io("read", entry.path(), e.into()))?;
        let modified = meta
            .modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or_default();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        scan.files.push(Scanned {
            path: rel,
            abs: entry.path().to_path_buf(),
            size: meta.len(),
            mtime_ns: i128::from(modified.timestamp()) * 1_000_000_000
                + i128::from(modified.timestamp_subsec_nanos()),
            modified,
            inode,
        });
    }
    scan.files
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    find_collisions(&mut scan);
    Ok(scan)
}

/// Names that would be the same file on Windows, macOS or FAT32.
fn find_collisions(scan: &mut Scan) {
    let mut keys: HashMap<String, &str> = HashMap::new();
    let mut problems = Vec::new();
    for f in &scan.files {
        if let Some(other) = keys.insert(path::collision_key(&f.path), &f.path) {
            problems.push((f.path.clone(), format!("same name as '{other}' on Windows")));
        }
    }
    for f in &scan.files {
        for (cut, _) in f.path.match_indices('/') {
            if let Some(other) = keys.get(&path::collision_key(&f.path[..cut])) {
                problems.push((
                    f.path.clone(),
                    format!("its folder has the same name as the file '{other}' on Windows"),
                ));
            }
        }
    }
    scan.problems.extend(problems);
}

/// Hashes every scanned file, in parallel, into manifest entries. A file whose size
/// differs from the scan's is reported as changed.
pub fn hash_files(files: &[Scanned]) -> Result<Vec<FileEntry>, Error> {
    files
        .par_iter()
        .map(|f| {
            let (sha256, size) = hash_file(&f.abs).map_err(|e| Error::io("read", &f.abs, e))?;
            if size != f.size {
                return Err(Error::FileChanged(f.abs.clone()));
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
