//! The recoverable trash: files that sacoche replaces or removes are moved here, never
//! deleted for good. Each item is a folder holding the file and a note of where it came
//! from, so `sacoche trash restore` can put it back.

use crate::error::IoAction;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

use crate::dossier::Error;
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
    pub reason: TrashReason,
}

/// Why a file went to the trash: a code and its arguments, put into words when shown
/// (in the reader's language). Stored as `reason = { code = "integration", … }`; a note
/// written before reasons were typed holds an English sentence, read as [`Legacy`].
///
/// [`Legacy`]: TrashReason::Legacy
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "OnDisk", into = "OnDisk")]
pub enum TrashReason {
    /// Replaced, moved aside or removed by integrating the archive named `archive`.
    Integration { archive: String },
    /// Replaced by `sacoche extract` into the folder `into`.
    Extraction { into: PathBuf },
    /// The version `sacoche resolve` did not keep.
    Resolved,
    /// Deleted from the inbox (`sacoche inbox delete`).
    InboxDelete,
    /// Written by an earlier sacoche: its words, as they were.
    Legacy(String),
}

impl TrashReason {
    /// A stable code (`--json`).
    pub fn code(&self) -> &'static str {
        match self {
            TrashReason::Integration { .. } => "integration",
            TrashReason::Extraction { .. } => "extraction",
            TrashReason::Resolved => "resolved",
            TrashReason::InboxDelete => "inbox-delete",
            TrashReason::Legacy(_) => "legacy",
        }
    }
}

/// How a reason is written: a tagged table, or (read only) an old sentence.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum OnDisk {
    Typed(Typed),
    Text(String),
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
enum Typed {
    Integration { archive: String },
    Extraction { into: PathBuf },
    Resolved,
    InboxDelete,
}

impl From<OnDisk> for TrashReason {
    fn from(on_disk: OnDisk) -> TrashReason {
        match on_disk {
            OnDisk::Typed(Typed::Integration { archive }) => TrashReason::Integration { archive },
            OnDisk::Typed(Typed::Extraction { into }) => TrashReason::Extraction { into },
            OnDisk::Typed(Typed::Resolved) => TrashReason::Resolved,
            OnDisk::Typed(Typed::InboxDelete) => TrashReason::InboxDelete,
            OnDisk::Text(text) => TrashReason::Legacy(text),
        }
    }
}

impl From<TrashReason> for OnDisk {
    fn from(reason: TrashReason) -> OnDisk {
        match reason {
            TrashReason::Integration { archive } => OnDisk::Typed(Typed::Integration { archive }),
            TrashReason::Extraction { into } => OnDisk::Typed(Typed::Extraction { into }),
            TrashReason::Resolved => OnDisk::Typed(Typed::Resolved),
            TrashReason::InboxDelete => OnDisk::Typed(Typed::InboxDelete),
            TrashReason::Legacy(text) => OnDisk::Text(text),
        }
    }
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
    pub fn put(&self, file: &Path, reason: &TrashReason) -> Result<TrashItem, Error> {
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
            reason: reason.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_stored_as_a_code_and_an_old_sentence_still_reads() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let trash = Trash::at(dir.path().join("trash"));
        let file = dir.path().join("FEC.txt");
        fs::write(&file, "VTE").unwrap_or_else(|e| panic!("{e}"));
        let reason = TrashReason::Integration {
            archive: "8502182-20201027171147.sacoche".into(),
        };
        let item = trash.put(&file, &reason).unwrap_or_else(|e| panic!("{e}"));
        let note = fs::read_to_string(dir.path().join("trash").join(&item.id).join(NOTE))
            .unwrap_or_default();
        assert!(note.contains("code = \"integration\""), "{note}");
        assert!(!note.contains("replaced"), "{note}");

        // A note of an earlier sacoche: an English sentence.
        let old = dir.path().join("trash/20200101-000000-00000000");
        fs::create_dir_all(&old).unwrap_or_else(|e| panic!("{e}"));
        fs::write(old.join(ITEM), "x").unwrap_or_else(|e| panic!("{e}"));
        fs::write(
            old.join(NOTE),
            "original = \"/f\"\ntrashed = \"2020-01-01T00:00:00Z\"\nreason = \"deleted from the inbox\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let reasons: Vec<TrashReason> = trash
            .list()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|i| i.reason)
            .collect();
        assert_eq!(
            reasons,
            vec![TrashReason::Legacy("deleted from the inbox".into()), reason]
        );
        // The same in a journal (JSON), old and new.
        let old: TrashReason = serde_json::from_str("\"replaced or removed by a.sacoche\"")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            old,
            TrashReason::Legacy("replaced or removed by a.sacoche".into())
        );
        let new = serde_json::to_string(&TrashReason::Resolved).unwrap_or_default();
        assert_eq!(new, r#"{"code":"resolved"}"#);
        let back: TrashReason = serde_json::from_str(&new).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, TrashReason::Resolved);
    }
}
