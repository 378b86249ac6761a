//! `sacoche resolve`: the user's choice for a conflict copy — keep mine, take theirs, or
//! keep both. The version not kept goes to the dossier's trash; the choice is a local
//! change like any other, and the next archive carries it, resolving the conflict on
//! the other side too.

use crate::error::IoAction;
use std::fs;
use std::path::Path;

use crate::archive::path::{collision_key, native};
use crate::dossier::Error;
use crate::dossier::journal;
use crate::dossier::lock::DossierLock;
use crate::dossier::meta::Meta;
use crate::dossier::snapshot;
use crate::trash::{Trash, TrashReason};

use super::conflict::{self, MARKER};
use super::replica::Replica;

/// Which version to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The version made in this dossier (when neither was, the one at the original name).
    Mine,
    /// The other one.
    Theirs,
    /// Both, as two ordinary files.
    Both,
}

/// What `resolve` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The file's name.
    pub original: String,
    /// The conflict copy.
    pub copy: String,
    /// The copy's new name, when both are kept.
    pub renamed: Option<String>,
    /// The trash id of the version not kept.
    pub trashed: Option<String>,
}

/// Resolves the conflict of `file` (the original or its copy, relative to `dir`).
pub fn resolve(dir: &Path, file: &str, choice: Choice) -> Result<Resolved, Error> {
    let _lock = DossierLock::exclusive(dir)?;
    journal::recover(dir)?;
    let mut replica = Replica::load(dir)?;
    let snap = snapshot::take(dir)?;
    replica.index.observe(replica.me(), &snap.files);
    let file = file.replace('\\', "/");
    let copies = super::status::conflict_copies(&replica.index.files);
    let found = copies
        .iter()
        .find(|c| c.copy == file)
        .or_else(|| copies.iter().find(|c| c.original == file))
        .ok_or_else(|| Error::NoConflict(native(dir, &file)))?;
    let copy = found.copy.clone();
    // The original as it is named here (a case twin's copy names the other spelling).
    let original = replica
        .index
        .files
        .iter()
        .find(|f| collision_key(&f.path) == collision_key(&found.original))
        .map_or_else(|| found.original.clone(), |f| f.path.clone());
    let me = replica.me();
    let copy_is_mine = replica.index.file(&copy).is_some_and(|f| f.by == me)
        && replica.index.file(&original).is_none_or(|f| f.by != me);
    let keep_copy = match choice {
        Choice::Both => None,
        Choice::Mine => Some(copy_is_mine),
        Choice::Theirs => Some(!copy_is_mine),
    };
    let trash = Trash::at(Meta::of(dir).trash());
    let reason = &TrashReason::Resolved;
    let mut out = Resolved {
        original: original.clone(),
        copy: copy.clone(),
        renamed: None,
        trashed: None,
    };
    match keep_copy {
        Some(false) => out.trashed = Some(trash.put(&native(dir, &copy), reason)?.id),
        Some(true) => {
            let at = native(dir, &original);
            if fs::symlink_metadata(&at).is_ok() {
                out.trashed = Some(trash.put(&at, reason)?.id);
            }
            let to = native(dir, &found.original);
            fs::rename(native(dir, &copy), &to).map_err(|e| Error::io(IoAction::Move, &to, e))?;
        }
        None => {
            let renamed = copy.replacen(MARKER, " (", 1);
            let to = native(dir, &renamed);
            if fs::symlink_metadata(&to).is_ok() || conflict::original_of(&renamed).is_some() {
                return Err(Error::RestoreWouldOverwrite(to));
            }
            fs::rename(native(dir, &copy), &to).map_err(|e| Error::io(IoAction::Move, &to, e))?;
            out.renamed = Some(renamed);
        }
    }
    Ok(out)
}
