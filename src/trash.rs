//! The recoverable trash: files that sacoche replaces or removes are moved here, never
//! deleted for good. Each item is a folder holding the file and a note of where it came
//! from, so `sacoche trash restore` can put it back.

use crate::error::IoAction;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::fsx;
use crate::home::Home;

const NOTE: &str = "origin.toml";
const ITEM: &str = "item";

/// One item in the trash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrashItem {
    /// Its id (the folder name in the trash).
    #[serde(skip)]
    pub id: String,
    /// Where the file was.
    pub original: PathBuf,
    /// When it was trashed.
    pub trashed: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// The trash of one sacoche home.
#[derive(Debug, Clone)]
pub struct Trash {
    dir: PathBuf,
}

impl Trash {
    /// The trash under `home`.
    pub fn new(home: &Home) -> Trash {
        Trash {
            dir: home.trash_dir(),
        }
    }

    /// A trash kept in `dir` (a dossier's own trash, on the dossier's disk).
    pub fn at(dir: PathBuf) -> Trash {
        Trash { dir }
    }

    /// Moves `file` into the trash, recording where it came from.
    pub fn put(&self, file: &Path, reason: &str) -> Result<TrashItem, Error> {
        let original = dunce::canonicalize(file).map_err(|e| Error::io(IoAction::Read, file, e))?;
        let mut rand = [0u8; 4];
        getrandom::fill(&mut rand).map_err(|e| Error::Random(e.to_string()))?;
        let id = format!(
            "{}-{}",
            Local::now().format("%Y%m%d-%H%M%S"),
            hex::encode(rand)
        );
        let item_dir = self.dir.join(&id);
        fs::create_dir_all(&item_dir).map_err(|e| Error::io(IoAction::Create, &item_dir, e))?;
        let item = TrashItem {
            id,
            original,
            trashed: Utc::now(),
            reason: reason.to_string(),
        };
        let note = toml::to_string(&item).map_err(|e| Error::Internal(e.to_string()))?;
        fsx::write_atomic(&item_dir.join(NOTE), note.as_bytes())?;
        crate::failpoint::hit("trash.move")?;
        move_file(file, &item_dir.join(ITEM))?;
        Ok(item)
    }

    /// Every item, oldest first.
    pub fn list(&self) -> Result<Vec<TrashItem>, Error> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(IoAction::Read, &self.dir, e)),
        };
        let mut items = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(IoAction::Read, &self.dir, e))?;
            let note = entry.path().join(NOTE);
            let Ok(text) = fs::read_to_string(&note) else {
                continue;
            };
            if !entry.path().join(ITEM).exists() {
                continue;
            }
            let mut item: TrashItem = toml::from_str(&text).map_err(|e| Error::BadStateFile {
                path: note.clone(),
                detail: e.message().to_string(),
            })?;
            item.id = entry.file_name().to_string_lossy().into_owned();
            items.push(item);
        }
        items.sort_by(|a, b| a.trashed.cmp(&b.trashed).then(a.id.cmp(&b.id)));
        Ok(items)
    }

    /// Puts item `id` back where it was (or at `to`). Never overwrites.
    pub fn restore(&self, id: &str, to: Option<&Path>) -> Result<PathBuf, Error> {
        let item = self
            .list()?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| Error::NotInTrash(id.to_string()))?;
        let dest = to.map_or_else(|| item.original.clone(), Path::to_path_buf);
        if fs::symlink_metadata(&dest).is_ok() {
            return Err(Error::RestoreWouldOverwrite(dest));
        }
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(IoAction::Create, parent, e))?;
        }
        let item_dir = self.dir.join(&item.id);
        move_file(&item_dir.join(ITEM), &dest)?;
        fs::remove_dir_all(&item_dir).map_err(|e| Error::io(IoAction::Remove, &item_dir, e))?;
        Ok(dest)
    }
}

/// Moves a file, across file systems if needed (copy, sync, then remove the source).
fn move_file(from: &Path, to: &Path) -> Result<(), Error> {
    if fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let copied = fs::copy(from, to).and_then(|_| crate::fsx::sync_file(to));
    if let Err(e) = copied {
        let _ = fs::remove_file(to);
        return Err(Error::io(IoAction::MoveToTrash, from, e));
    }
    fs::remove_file(from).map_err(|e| Error::io(IoAction::Remove, from, e))
}
