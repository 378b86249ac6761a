//! A dossier folder as a replica: its identity, index and exchange records, read
//! together, migrated from the records of format 1 when needed, and written either
//! directly (`pack`) or as `*.next` files for an integration journal (`apply`).

use std::path::{Path, PathBuf};

use crate::archive::manifest::StateEntry;
use crate::archive::version::{HistoryId, ReplicaId, Version};
use crate::dossier::Error;
use crate::dossier::meta::{self, EXCHANGES, IDENTITY, INDEX, Identity, Meta};
use crate::fsx;

use super::index::Index;
use super::records::{Exchanges, Integrated, Sent};

/// First bytes of `index.bin`: what it is, and the layout version.
const INDEX_MAGIC: &[u8] = b"sacoche-index-v1\n";

/// A dossier folder's records.
#[derive(Debug, Clone)]
pub struct Replica {
    /// The folder.
    pub dir: PathBuf,
    /// Who the dossier is (with its history and replica ids set).
    pub identity: Identity,
    /// The files and their versions, the knowledge, the counters.
    pub index: Index,
    /// Correspondents, archives integrated and sent.
    pub exchanges: Exchanges,
    /// The records were of format 1 and are migrated (in memory until saved).
    pub migrated: bool,
}

impl Replica {
    /// This replica's id.
    pub fn me(&self) -> ReplicaId {
        self.identity.replica.unwrap_or(ReplicaId([0; 8]))
    }
    /// The dossier's history.
    pub fn history(&self) -> HistoryId {
        self.identity
            .history
            .unwrap_or_else(|| HistoryId::legacy(self.identity.id.as_str()))
    }

    /// A new replica with this identity (random history unless given).
    pub fn create(dir: &Path, mut identity: Identity) -> Result<Replica, Error> {
        let random = |e: getrandom::Error| Error::Random(e.to_string());
        if identity.history.is_none() {
            identity.history = Some(HistoryId::random().map_err(random)?);
        }
        identity.replica = Some(ReplicaId::random().map_err(random)?);
        Ok(Replica {
            dir: dir.to_path_buf(),
            identity,
            index: Index::new(),
            exchanges: Exchanges::default(),
            migrated: false,
        })
    }

    /// Reads the records of the dossier at `dir` (initialised); records of format 1 are
    /// migrated in memory (`docs/INTEGRATION.md`, "The records").
    pub fn load(dir: &Path) -> Result<Replica, Error> {
        let meta = Meta::of(dir);
        if !meta.exists() {
            return Err(Error::NotADossier(dir.to_path_buf()));
        }
        let identity = meta.identity()?;
        if identity.replica.is_some() {
            let index: Index =
                meta::read_bin(&meta.index(), INDEX_MAGIC)?.unwrap_or_else(Index::new);
            let exchanges: Exchanges = meta::read_json(&meta.exchanges())?.unwrap_or_default();
            return Ok(Replica {
                dir: dir.to_path_buf(),
                identity,
                index,
                exchanges,
                migrated: false,
            });
        }
        migrate(dir, &meta, identity)
    }

    /// Writes every record now (under the dossier lock): index first, synced.
    pub fn save(&self) -> Result<(), Error> {
        let meta = Meta::of(&self.dir);
        fsx::write_atomic(&meta.index(), &self.index_bytes()?)?;
        meta::write_json(&meta.exchanges(), &self.exchanges)?;
        fsx::write_atomic(
            &meta.dir().join(IDENTITY),
            &meta::identity_text(&self.identity)?,
        )?;
        Ok(())
    }

    /// Writes only the exchange records.
    pub fn save_exchanges(&self) -> Result<(), Error> {
        meta::write_json(&Meta::of(&self.dir).exchanges(), &self.exchanges)
    }

    /// Writes every record as `NAME.next` (synced), for a journal to put in place; returns
    /// their names.
    pub fn write_next(&self) -> Result<Vec<String>, Error> {
        let meta = Meta::of(&self.dir);
        let exchanges =
            serde_json::to_vec(&self.exchanges).map_err(|e| Error::Internal(e.to_string()))?;
        let records = [
            (INDEX, self.index_bytes()?),
            (EXCHANGES, exchanges),
            (IDENTITY, meta::identity_text(&self.identity)?),
        ];
        let mut names = Vec::new();
        for (name, bytes) in records {
            fsx::write_atomic(&meta.next_of(name), &bytes)?;
            names.push(name.to_string());
        }
        Ok(names)
    }

    fn index_bytes(&self) -> Result<Vec<u8>, Error> {
        meta::to_bin(&self.index, INDEX_MAGIC)
    }
}

/// The replica standing for the state both sides had when records of format 1 were
/// last shared: its one event is every file of that state.
pub fn genesis(dossier: &crate::ids::DossierId) -> ReplicaId {
    ReplicaId::legacy(&format!("genesis {dossier}"))
}

/// Records of format 1 (`history.json`, `shared.bin`): the files of the last shared
/// state get the genesis version (the same on both migrated replicas), everything else
/// is noticed as a local change; no correspondent counts as having acknowledged
/// anything, so the first archive is full.
fn migrate(dir: &Path, meta: &Meta, mut identity: Identity) -> Result<Replica, Error> {
    let random = |e: getrandom::Error| Error::Random(e.to_string());
    identity.history = Some(HistoryId::legacy(identity.id.as_str()));
    identity.replica = Some(ReplicaId::random().map_err(random)?);
    let mut index = Index::new();
    let origin = genesis(&identity.id);
    if let Some(shared) = meta.shared()? {
        index.files = shared
            .files
            .into_iter()
            .map(|f| StateEntry {
                path: f.path,
                size: f.size,
                sha256: f.sha256,
                modified: f.modified,
                version: Version::of(origin, 1),
                by: origin,
            })
            .collect();
        index
            .files
            .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        index.knowledge = Version::of(origin, 1);
    }
    let old = meta.history()?;
    let mut exchanges = Exchanges::default();
    exchanges.names.insert(origin, "sacoche 0.1".to_string());
    for i in old.integrated {
        exchanges.integrated.push(Integrated {
            archive_id: i.archive_id,
            file_name: i.file_name,
            replica: ReplicaId::legacy(&i.sender_key_id.to_string()),
            key_id: i.sender_key_id,
            sender_name: i.sender_name,
            sequence: i.sequence,
            kind: i.kind,
            state_id: i.state_id,
            at: i.at,
            conflicts: 0,
        });
    }
    for s in old.sent {
        exchanges.sent.push(Sent {
            archive_id: s.archive_id,
            file_name: s.file_name,
            sequence: s.sequence,
            kind: s.kind,
            state_id: s.state_id,
            at: s.at,
            counter: 0,
            part: None,
            reset: false,
            replies: Vec::new(),
        });
    }
    // The old `history.json` and `shared.bin` stay on disk, no longer read once the
    // migrated records are saved.
    Ok(Replica {
        dir: dir.to_path_buf(),
        identity,
        index,
        exchanges,
        migrated: true,
    })
}
