//! `sacoche status`: what each side knows — the correspondents and what they
//! acknowledged, what became of each archive sent, the local changes not yet
//! acknowledged (what the next `pack` sends), and the conflict copies waiting for a
//! choice.

use std::path::Path;

use crate::archive::manifest::{Sha256, StateEntry};
use crate::archive::version::{ReplicaId, Version};
use crate::dossier::Error;
use crate::dossier::journal;
use crate::dossier::lock::DossierLock;
use crate::dossier::meta::{Identity, Meta};
use crate::dossier::snapshot;

use super::conflict;
use super::index::LocalKind;
use super::records::{Correspondent, Delivery, Integrated, Sent};
use super::replica::Replica;

/// A sent archive, and where it stands with each correspondent.
#[derive(Debug, Clone)]
pub struct SentStatus {
    /// The archive.
    pub sent: Sent,
    /// Per correspondent: its name and what became of the archive there.
    pub deliveries: Vec<(String, Delivery)>,
}

/// A conflict copy waiting for a choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictCopy {
    /// The copy.
    pub copy: String,
    /// The file it is a version of.
    pub original: String,
    /// Whether the original still exists.
    pub original_exists: bool,
}

/// What `sacoche status` reports.
#[derive(Debug)]
pub struct Status {
    /// Who the dossier is.
    pub identity: Identity,
    /// This folder's replica id.
    pub replica: ReplicaId,
    /// The current content's state id.
    pub state_id: Sha256,
    /// Number of files.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// An interrupted integration was just completed.
    pub recovered: bool,
    /// The correspondents.
    pub correspondents: Vec<(ReplicaId, Correspondent)>,
    /// Archives sent, oldest first.
    pub sent: Vec<SentStatus>,
    /// Archives integrated, oldest first.
    pub integrated: Vec<Integrated>,
    /// Local changes no correspondent has acknowledged (sent or not yet).
    pub unacknowledged: Vec<(String, LocalKind)>,
    /// No correspondent has acknowledged anything yet: the next `pack` is full.
    pub never_acknowledged: bool,
    /// Conflict copies in the dossier.
    pub conflicts: Vec<ConflictCopy>,
    /// Incoming versions kept aside by sacoche 0.1 (`.sacoche/conflicts/`).
    pub kept_aside: Vec<String>,
}

/// Reads a dossier's status, finishing any interrupted integration first (holding the
/// lock, so that nothing half-done is shown as local work).
pub fn status(dir: &Path) -> Result<Status, Error> {
    if !Meta::of(dir).exists() {
        return Err(Error::NotADossier(dir.to_path_buf()));
    }
    let _lock = DossierLock::exclusive(dir)?;
    let recovered = journal::recover(dir)?;
    let mut replica = Replica::load(dir)?;
    let me = replica.me();
    let snap = snapshot::take(dir)?;
    replica.index.observe(me, &snap.files);
    let acknowledged = replica.exchanges.acknowledged_by_all();
    let base = acknowledged.clone().unwrap_or_default();
    let unacknowledged = unacknowledged(&replica, &base);
    // Receipts are acknowledgements themselves: nobody acknowledges them.
    let deliveries = |s: &Sent| {
        if s.kind == crate::archive::manifest::Kind::Receipt {
            return Vec::new();
        }
        replica
            .exchanges
            .correspondents
            .iter()
            .map(|(r, c)| (c.name.clone(), replica.exchanges.delivery(me, s, *r)))
            .collect()
    };
    let sent = replica
        .exchanges
        .sent
        .iter()
        .map(|s| SentStatus {
            sent: s.clone(),
            deliveries: deliveries(s),
        })
        .collect();
    Ok(Status {
        replica: me,
        state_id: snap.state_id,
        files: snap.files.len(),
        bytes: snap.files.iter().map(|f| f.size).sum(),
        recovered,
        correspondents: replica
            .exchanges
            .correspondents
            .iter()
            .map(|(r, c)| (*r, c.clone()))
            .collect(),
        sent,
        integrated: replica.exchanges.integrated.clone(),
        unacknowledged,
        never_acknowledged: acknowledged.is_none(),
        conflicts: conflict_copies(&replica.index.files),
        kept_aside: kept_aside(dir),
        identity: replica.identity,
    })
}

/// Files and deletions whose version the correspondents have not all acknowledged.
fn unacknowledged(replica: &Replica, base: &Version) -> Vec<(String, LocalKind)> {
    let mut out: Vec<(String, LocalKind)> = replica
        .index
        .files
        .iter()
        .filter(|f| !f.version.le(base))
        .map(|f| {
            let kind = if replica.index.known_path(f, base) {
                LocalKind::Modified
            } else {
                LocalKind::Added
            };
            (f.path.clone(), kind)
        })
        .collect();
    out.extend(
        replica
            .index
            .tombstones
            .iter()
            .filter(|t| !t.version.le(base))
            .map(|t| (t.path.clone(), LocalKind::Deleted)),
    );
    out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out
}

/// The conflict copies among `files`.
pub fn conflict_copies(files: &[StateEntry]) -> Vec<ConflictCopy> {
    let present: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    files
        .iter()
        .filter_map(|f| {
            conflict::original_of(&f.path).map(|original| ConflictCopy {
                copy: f.path.clone(),
                original_exists: present.contains(original.as_str()),
                original,
            })
        })
        .collect()
}

fn kept_aside(dir: &Path) -> Vec<String> {
    let conflicts_dir = Meta::of(dir).conflicts();
    walkdir::WalkDir::new(&conflicts_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&conflicts_dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}
