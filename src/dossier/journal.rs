//! The integration journal: every step of an integration, written down (and synced)
//! before the first one runs, so that a crash at any instant ends in exactly the old
//! dossier or exactly the new one (`docs/INTEGRATION.md`, "Crash safety").
//!
//! Staged content lives in `.sacoche/staging/`; the records the integration leaves
//! (index, exchanges, identity) are written beside theirs as `*.next` files before the
//! commit. Running a journal is idempotent: each step checks whether it was done.

use crate::error::IoAction;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::meta::{self, Meta};
use crate::archive::manifest::Sha256;
use crate::archive::path::{collision_key, native};
use crate::dossier::Error;
use crate::failpoint;
use crate::fsx;
use crate::trash::{Trash, TrashReason};

/// The journal: every step of an integration, decided before the first one runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Journal {
    /// The archive integrated.
    pub archive_id: Sha256,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Records written as `NAME.next` in `.sacoche/`, renamed to `NAME` at the end.
    pub records: Vec<String>,
}

/// One step on disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "lowercase")]
pub enum Step {
    /// Move the file at `path`, which has `sha256`, to the dossier's trash. Skipped if
    /// gone — or, when a run is resumed, if what is there now is another file (a later
    /// step may have put a new one at that name).
    Trash {
        path: String,
        reason: TrashReason,
        sha256: Sha256,
    },
    /// While the staged file exists: move what is at `path` to the trash, then rename
    /// the staged file into place. Once the staged file is gone, done.
    Replace {
        path: String,
        staged: PathBuf,
        reason: TrashReason,
    },
    /// While the staged file exists: rename it into place (anything found at `path`
    /// meanwhile goes to the trash first).
    Put {
        path: String,
        staged: PathBuf,
        reason: TrashReason,
    },
    /// Rename `from`, which has `sha256`, to `path` (a case-only rename included).
    /// Skipped if `from` is gone — or, when a run is resumed, holds another file.
    Move {
        from: String,
        path: String,
        reason: TrashReason,
        sha256: Sha256,
    },
}

impl Meta {
    /// Where a record is written before the commit.
    pub fn next_of(&self, record: &str) -> PathBuf {
        self.dir().join(format!("{record}.next"))
    }
}

/// Commits `journal` (durably) and runs it. Everything it needs must be staged and
/// synced, and its records written as `.next` files, before this is called.
pub fn commit_and_run(dir: &Path, journal: &Journal) -> Result<(), Error> {
    let meta = Meta::of(dir);
    failpoint::hit("apply.after-staging")?;
    meta::write_json(&meta.journal(), journal)?;
    failpoint::hit("apply.after-journal")?;
    run(dir, journal, false)
}

/// Runs a committed journal to the end (each step is skipped if already done), puts
/// the new records in place, then removes the journal and the staging area.
/// `resuming`: after an interruption, where a step may have run already and a later
/// one reused its path: moves and removals then check the content they expect.
pub fn run(dir: &Path, journal: &Journal, resuming: bool) -> Result<(), Error> {
    let expected = |at: &Path, sha: &Sha256| -> bool {
        !resuming || crate::dossier::scan::hash_file(at).is_ok_and(|(h, _)| &h == sha)
    };
    let meta = Meta::of(dir);
    let trash = Trash::at(meta.trash());
    let mut emptied: Vec<PathBuf> = Vec::new();
    let middle = journal.steps.len() / 2;
    for (n, step) in journal.steps.iter().enumerate() {
        if n == middle {
            failpoint::hit("apply.mid-rename")?;
        }
        match step {
            Step::Trash {
                path,
                reason,
                sha256,
            } => {
                let at = native(dir, path);
                if fs::symlink_metadata(&at).is_ok() && expected(&at, sha256) {
                    trash.put(&at, reason)?;
                    emptied.push(at);
                }
            }
            Step::Replace {
                path,
                staged,
                reason,
            }
            | Step::Put {
                path,
                staged,
                reason,
            } => {
                if staged.exists() {
                    let dest = native(dir, path);
                    if fs::symlink_metadata(&dest).is_ok() {
                        trash.put(&dest, reason)?;
                    }
                    make_parent(dir, &dest)?;
                    fs::rename(staged, &dest)
                        .map_err(|e| Error::io(IoAction::MoveIntoPlace, &dest, e))?;
                }
            }
            Step::Move {
                from,
                path,
                reason,
                sha256,
            } => {
                let (src, dest) = (native(dir, from), native(dir, path));
                if fs::symlink_metadata(&src).is_ok() && expected(&src, sha256) {
                    let case_only = collision_key(from) == collision_key(path);
                    if !case_only && fs::symlink_metadata(&dest).is_ok() {
                        // Never over a file: whatever appeared there is kept in the trash.
                        trash.put(&dest, reason)?;
                    }
                    make_parent(dir, &dest)?;
                    fs::rename(&src, &dest).map_err(|e| Error::io(IoAction::Move, &dest, e))?;
                    if !case_only {
                        emptied.push(src);
                    }
                }
            }
        }
    }
    fsx::sync_dir(dir);
    // Folders left empty by removals and moves go too (never a non-empty one).
    for gone in emptied {
        let mut at = gone.parent().map(Path::to_path_buf);
        while let Some(folder) = at {
            if folder == dir || !folder.starts_with(dir) || fs::remove_dir(&folder).is_err() {
                break;
            }
            at = folder.parent().map(Path::to_path_buf);
        }
    }
    failpoint::hit("apply.before-record")?;
    for record in &journal.records {
        let next = meta.next_of(record);
        if next.exists() {
            let to = meta.dir().join(record);
            fs::rename(&next, &to).map_err(|e| Error::io(IoAction::Record, &to, e))?;
        }
    }
    fsx::sync_dir(meta.dir());
    fs::remove_file(meta.journal()).map_err(|e| Error::io(IoAction::Remove, meta.journal(), e))?;
    let _ = fs::remove_dir_all(meta.staging());
    Ok(())
}

/// Whether an integration of the dossier at `dir` was interrupted (a journal or staging
/// left behind): read-only commands report it, [`recover`] finishes it.
pub fn interrupted(dir: &Path) -> bool {
    let meta = Meta::of(dir);
    meta.journal().exists() || meta.staging().exists()
}

/// Finishes an interrupted integration of the dossier at `dir` (journal committed), or
/// removes leftover staging and records (journal never committed). Commands that
/// change a dossier call this first, holding its lock.
pub fn recover(dir: &Path) -> Result<bool, Error> {
    let meta = Meta::of(dir);
    if let Some(journal) = meta::read_json::<Journal>(&meta.journal())? {
        run(dir, &journal, true)?;
        return Ok(true);
    }
    if meta.staging().exists() {
        fs::remove_dir_all(meta.staging())
            .map_err(|e| Error::io(IoAction::Clean, meta.staging(), e))?;
    }
    if let Ok(entries) = fs::read_dir(meta.dir()) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().ends_with(".next") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(false)
}

fn make_parent(root: &Path, dest: &Path) -> Result<(), Error> {
    if let Some(parent) = dest.parent() {
        super::extract::make_dirs(root, parent)?;
    }
    Ok(())
}
