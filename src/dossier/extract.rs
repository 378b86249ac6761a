//! Extracting a verified archive into a folder: never outside it, never over an
//! existing file unless asked (and then the old file goes to the trash), and nothing at
//! all unless every file verified.

use crate::dossier::Blocker;
use crate::error::IoAction;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::archive::Opened;
use crate::archive::manifest::Manifest;
use crate::dossier::Error;
use crate::fsx;
use crate::home::Home;
use crate::keys::TrustStore;
use crate::trash::{Trash, TrashReason};

/// The result of an extraction.
#[derive(Debug)]
pub struct Extracted {
    /// The archive's manifest.
    pub manifest: Manifest,
    /// Where the files went.
    pub dir: PathBuf,
    /// Files that were replaced (`--force`), now in the trash.
    pub replaced: Vec<String>,
}

/// Verifies `archive` completely, then writes its files into `to`.
pub fn extract(home: &Home, archive: &Path, to: &Path, force: bool) -> Result<Extracted, Error> {
    let trust = TrustStore::load(home)?;
    let mut contents = Opened::open(archive, &trust)?.contents()?;
    if to.exists() && !to.is_dir() {
        return Err(Error::NotADirectory(to.to_path_buf()));
    }
    // Decide everything about the destination before writing a byte.
    let mut existing = Vec::new();
    for file in &contents.manifest().files {
        match destination_state(to, &file.path)? {
            Dest::Free => {}
            Dest::File => existing.push(file.path.clone()),
        }
    }
    if !existing.is_empty() && !force {
        return Err(Error::WouldOverwrite {
            dir: to.to_path_buf(),
            files: existing,
        });
    }

    let created_dir = !to.exists();
    fs::create_dir_all(to).map_err(|e| Error::io(IoAction::Create, to, e))?;
    let result = stage_and_commit(home, &mut contents, to, &existing);
    if result.is_err() && created_dir {
        // Leave no empty folder behind (fails harmlessly if anything is in it).
        let _ = fs::remove_dir(to);
    }
    let replaced = result?;
    Ok(Extracted {
        manifest: contents.manifest().clone(),
        dir: to.to_path_buf(),
        replaced,
    })
}

fn stage_and_commit(
    home: &Home,
    contents: &mut crate::archive::Contents,
    to: &Path,
    existing: &[String],
) -> Result<Vec<String>, Error> {
    let existing: HashSet<&str> = existing.iter().map(String::as_str).collect();
    let staging = tempfile::Builder::new()
        .prefix(".sacoche-extract-")
        .tempdir_in(to)
        .map_err(|e| Error::io(IoAction::CreateStagingIn, to, e))?;
    let mut staged = Vec::new();
    contents.read_files(|carried, reader| {
        // A delta makes a file only from a version the dossier has: extraction, which
        // has none, writes the files carried whole.
        let crate::archive::Carried::File(entry) = carried else {
            return Ok(());
        };
        let path = staging.path().join(staged.len().to_string());
        fsx::write_file(&path, reader)?;
        staged.push((path, entry.clone()));
        Ok(())
    })?;

    let paths: Vec<std::path::PathBuf> = staged.iter().map(|(p, _)| p.clone()).collect();
    fsx::sync_files(staging.path(), &paths)?;
    crate::failpoint::hit("extract.after-staging")?;
    // Everything verified: move the files into place.
    let trash = Trash::new(home);
    let mut replaced = Vec::new();
    for (staged_path, entry) in &staged {
        let dest = to.join(&entry.path);
        if let Some(parent) = dest.parent() {
            make_dirs(to, parent)?;
        }
        if existing.contains(entry.path.as_str()) {
            trash.put(
                &dest,
                &TrashReason::Extraction {
                    into: to.to_path_buf(),
                },
            )?;
            replaced.push(entry.path.clone());
        } else if fs::symlink_metadata(&dest).is_ok() {
            // Appeared since the check: never overwrite silently.
            return Err(Error::WouldOverwrite {
                dir: to.to_path_buf(),
                files: vec![entry.path.clone()],
            });
        }
        fs::rename(staged_path, &dest).map_err(|e| Error::io(IoAction::MoveIntoPlace, &dest, e))?;
        let mtime = filetime::FileTime::from_system_time(entry.modified.into());
        // Best effort: some file systems refuse to set times.
        let _ = filetime::set_file_mtime(&dest, mtime);
    }
    fsx::sync_dir(to);
    Ok(replaced)
}

enum Dest {
    Free,
    File,
}

/// What is at `root/rel` now. Refuses links and folders on the way, so nothing can be
/// written outside `root` through a link planted in it.
fn destination_state(root: &Path, rel: &str) -> Result<Dest, Error> {
    let mut at = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        match fs::symlink_metadata(&at) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Dest::Free),
            Err(e) => return Err(Error::io(IoAction::Read, &at, e)),
            Ok(m) if m.file_type().is_symlink() => {
                return Err(blocked(&at, Blocker::Link));
            }
            Ok(m) if last && m.is_file() => return Ok(Dest::File),
            Ok(m) if last => {
                return Err(blocked(
                    &at,
                    if m.is_dir() {
                        Blocker::Folder
                    } else {
                        Blocker::NotPlainFile
                    },
                ));
            }
            Ok(m) if !m.is_dir() => return Err(blocked(&at, Blocker::FileForFolder)),
            Ok(_) => {}
        }
    }
    Ok(Dest::Free)
}

fn blocked(at: &Path, what: Blocker) -> Error {
    Error::DestinationBlocked {
        path: at.to_path_buf(),
        what,
    }
}

/// Creates `dir` (inside `root`) refusing to go through links.
pub(crate) fn make_dirs(root: &Path, dir: &Path) -> Result<(), Error> {
    let rel = dir.strip_prefix(root).unwrap_or(Path::new(""));
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() && !m.file_type().is_symlink() => {}
            Ok(_) => return Err(blocked(&at, Blocker::FileForFolder)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&at).map_err(|e| Error::io(IoAction::Create, &at, e))?;
            }
            Err(e) => return Err(Error::io(IoAction::Read, &at, e)),
        }
    }
    Ok(())
}
