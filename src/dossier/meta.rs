//! The `.sacoche` folder at a dossier's root (like `.git`): the dossier's identity, the
//! replica's index and exchange records (`crate::exchange`), the stat cache, the lock
//! and the integration journal. Never packed, never counted in the state id. Also reads
//! the records of format 1 (`history.json`, `shared.bin`), for their migration.

use crate::error::IoAction;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::METADATA_DIR;
use crate::archive::manifest::{FileEntry, FiscalPeriod, Kind, Sha256};
use crate::archive::version::{HistoryId, ReplicaId};
use crate::dossier::Error;
use crate::fsx;
use crate::ids::{DossierId, KeyId};

/// Who the dossier is: `.sacoche/dossier.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// The dossier number.
    pub id: DossierId,
    /// The holder's name.
    pub name: String,
    /// The fiscal period, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_period: Option<FiscalPeriod>,
    /// The dossier's history (absent in records of format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryId>,
    /// This folder's replica id (absent in records of format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica: Option<ReplicaId>,
}

/// One archive integrated into this dossier (records of format 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrated {
    /// The archive id (SHA-256 of its signed bytes).
    pub archive_id: Sha256,
    /// Its file name when integrated.
    pub file_name: String,
    /// Who signed it.
    pub sender_key_id: KeyId,
    /// Their name.
    pub sender_name: String,
    /// Their sequence number.
    pub sequence: u64,
    /// Full or changes.
    pub kind: Kind,
    /// The sender's state it carried.
    pub state_id: Sha256,
    /// When it was integrated.
    pub at: DateTime<Utc>,
}

/// One archive sent from this dossier (records of format 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The archive id.
    pub archive_id: Sha256,
    /// Its file name.
    pub file_name: String,
    /// Our sequence number.
    pub sequence: u64,
    /// Full or changes.
    pub kind: Kind,
    /// The state it carried.
    pub state_id: Sha256,
    /// When it was made.
    pub at: DateTime<Utc>,
}

/// The exchange history of format 1: `.sacoche/history.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct History {
    /// Archives integrated, oldest first.
    #[serde(default)]
    pub integrated: Vec<Integrated>,
    /// Archives sent, oldest first.
    #[serde(default)]
    pub sent: Vec<Sent>,
}

impl History {
    /// The last archive integrated from `key_id`, if any.
    pub fn last_from(&self, key_id: &KeyId) -> Option<&Integrated> {
        self.integrated
            .iter()
            .filter(|i| &i.sender_key_id == key_id)
            .max_by_key(|i| i.sequence)
    }

    /// Whether this archive id was integrated already.
    pub fn has_integrated(&self, archive_id: &Sha256) -> Option<&Integrated> {
        self.integrated.iter().find(|i| &i.archive_id == archive_id)
    }
}

/// The last state shared with the other side in records of format 1 (sent or
/// received, whichever is newer), with its file list: `.sacoche/shared.bin`. Read only
/// to migrate a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// Its state id.
    pub state_id: Sha256,
    /// When it was shared.
    pub at: DateTime<Utc>,
    /// `sent` or `received`.
    pub how: String,
    /// The archive that carried it.
    pub archive: String,
    /// Its files.
    pub files: Vec<FileEntry>,
}

/// Paths inside a dossier's metadata folder.
#[derive(Debug, Clone)]
pub struct Meta {
    dir: PathBuf,
}

impl Meta {
    /// The metadata folder of the dossier at `dossier`.
    pub fn of(dossier: &Path) -> Meta {
        Meta {
            dir: dossier.join(METADATA_DIR),
        }
    }
    /// The folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// Whether the dossier has been initialised.
    pub fn exists(&self) -> bool {
        self.dir.join("dossier.toml").is_file()
    }
    /// The integration journal (present only while an integration is under way).
    pub fn journal(&self) -> PathBuf {
        self.dir.join("journal.json")
    }
    /// Where incoming content is staged before a journal commit.
    pub fn staging(&self) -> PathBuf {
        self.dir.join("staging")
    }
    /// The dossier's own trash (same disk as the dossier: moves are atomic renames).
    pub fn trash(&self) -> PathBuf {
        self.dir.join("trash")
    }
    /// Incoming versions of conflicting files kept aside by sacoche 0.1 (`--keep-both`).
    pub fn conflicts(&self) -> PathBuf {
        self.dir.join("conflicts")
    }
    /// The dossier lock.
    pub fn lock(&self) -> PathBuf {
        self.dir.join("lock")
    }
    /// The replica's index.
    pub fn index(&self) -> PathBuf {
        self.dir.join(INDEX)
    }
    /// The exchange records.
    pub fn exchanges(&self) -> PathBuf {
        self.dir.join(EXCHANGES)
    }
    /// Copies of the ledger versions exchanged, the bases of deltas.
    pub fn bases(&self) -> PathBuf {
        self.dir.join("bases")
    }
    /// The stat cache.
    pub fn cache(&self) -> PathBuf {
        self.dir.join("cache.bin")
    }

    /// Reads the identity.
    pub fn identity(&self) -> Result<Identity, Error> {
        let path = self.dir.join("dossier.toml");
        let text = fs::read_to_string(&path).map_err(|e| Error::io(IoAction::Read, &path, e))?;
        toml::from_str(&text).map_err(|e| Error::BadStateFile {
            path,
            detail: e.message().to_string(),
        })
    }

    /// Writes the identity.
    pub fn save_identity(&self, identity: &Identity) -> Result<(), Error> {
        Ok(fsx::write_atomic(
            &self.dir.join(IDENTITY),
            &identity_text(identity)?,
        )?)
    }

    /// Reads the history (empty when none yet).
    pub fn history(&self) -> Result<History, Error> {
        Ok(read_json(&self.dir.join("history.json"))?.unwrap_or_default())
    }
    /// Writes the history.
    pub fn save_history(&self, history: &History) -> Result<(), Error> {
        write_json(&self.dir.join("history.json"), history)
    }
    /// Reads the last shared state, if any.
    pub fn shared(&self) -> Result<Option<Shared>, Error> {
        read_bin(&self.dir.join("shared.bin"), SHARED_MAGIC)
    }
    /// Writes the last shared state.
    pub fn save_shared(&self, shared: &Shared) -> Result<(), Error> {
        let bytes = to_bin(shared, SHARED_MAGIC)?;
        Ok(fsx::write_atomic(&self.dir.join("shared.bin"), &bytes)?)
    }
}

/// The index's file name in `.sacoche/`.
pub const INDEX: &str = "index.bin";
/// The exchange records' file name in `.sacoche/`.
pub const EXCHANGES: &str = "exchanges.json";
/// The identity's file name in `.sacoche/`.
pub const IDENTITY: &str = "dossier.toml";

/// The bytes of `dossier.toml`.
pub fn identity_text(identity: &Identity) -> Result<Vec<u8>, Error> {
    let text = toml::to_string(identity).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(
        format!("# sacoche dossier identity. This folder (.sacoche) is never sent.\n{text}")
            .into_bytes(),
    )
}

/// Reads a JSON state file; `None` when absent.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, Error> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::BadStateFile {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(IoAction::Read, path, e)),
    }
}

/// First bytes of `shared.bin`: what it is, and the layout version.
const SHARED_MAGIC: &[u8] = b"sacoche-shared-v1\n";

/// Encodes a binary state file: `magic`, then the value in postcard.
pub fn to_bin<T: Serialize>(value: &T, magic: &[u8]) -> Result<Vec<u8>, Error> {
    let bytes = magic.to_vec();
    postcard::to_extend(value, bytes).map_err(|e| Error::Internal(e.to_string()))
}

/// Reads a binary state file written by [`to_bin`]; `None` when absent.
pub fn read_bin<T: DeserializeOwned>(path: &Path, magic: &[u8]) -> Result<Option<T>, Error> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(IoAction::Read, path, e)),
    };
    let bad = |detail: String| Error::BadStateFile {
        path: path.to_path_buf(),
        detail,
    };
    let body = bytes
        .strip_prefix(magic)
        .ok_or_else(|| bad("unknown layout".into()))?;
    postcard::from_bytes(body)
        .map(Some)
        .map_err(|e| bad(e.to_string()))
}

/// Writes a JSON state file atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    let bytes = serde_json::to_vec(value).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(fsx::write_atomic(path, &bytes)?)
}

/// Identity and history of a dossier, as `sacoche status` shows them.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Who the dossier is.
    pub identity: Identity,
    /// What was exchanged.
    pub history: History,
    /// The last shared state.
    pub shared: Option<Shared>,
}

/// Reads everything recorded about a dossier; a clear error if it was never initialised.
pub fn recorded(dossier: &Path) -> Result<Recorded, Error> {
    let meta = Meta::of(dossier);
    if !meta.exists() {
        return Err(Error::NotADossier(dossier.to_path_buf()));
    }
    Ok(Recorded {
        identity: meta.identity()?,
        history: meta.history()?,
        shared: meta.shared()?,
    })
}

/// Latest integration per sender key, for display.
pub fn senders(history: &History) -> BTreeMap<KeyId, &Integrated> {
    let mut out: BTreeMap<KeyId, &Integrated> = BTreeMap::new();
    for i in &history.integrated {
        let keep = out
            .get(&i.sender_key_id)
            .is_none_or(|prev| prev.sequence < i.sequence);
        if keep {
            out.insert(i.sender_key_id, i);
        }
    }
    out
}
