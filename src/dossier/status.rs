//! `sacoche status`: a dossier's identity, current state, exchange history, local
//! changes since the last shared state, and conflicting versions kept aside.

use std::path::Path;

use super::changes;
use super::meta::{self, Identity, Integrated, Meta, Sent};
use super::snapshot;
use crate::archive::manifest::{Op, Sha256};
use crate::error::Error;
use crate::home::Home;

/// What `sacoche status` reports.
#[derive(Debug)]
pub struct Status {
    /// Who the dossier is.
    pub identity: Identity,
    /// The current content's state id.
    pub state_id: Sha256,
    /// Number of files, and their bytes.
    pub files: usize,
    /// Total bytes.
    pub bytes: u64,
    /// The last shared state: (state id, sent/received, archive name).
    pub shared: Option<(Sha256, String, String)>,
    /// Changes since the last shared state (what the next `pack` sends).
    pub local_changes: Vec<Op>,
    /// Archives integrated.
    pub integrated: Vec<Integrated>,
    /// Archives sent.
    pub sent: Vec<Sent>,
    /// An interrupted integration was just completed.
    pub recovered: bool,
    /// Incoming versions of conflicting files kept aside (relative to `.sacoche/conflicts`).
    pub conflicts_aside: Vec<String>,
}

/// Reads a dossier's status (finishing any interrupted integration first).
pub fn status(home: &Home, dir: &Path) -> Result<Status, Error> {
    let recorded = meta::recorded(dir)?;
    let _lock = super::lock::DossierLock::acquire(home, dir)?;
    let recovered = super::apply::recover(dir)?;
    let snap = snapshot::take(dir)?;
    let local_changes = recorded
        .shared
        .as_ref()
        .map(|s| changes::diff(&s.files, &snap.files))
        .unwrap_or_default();
    let conflicts_dir = Meta::of(dir).conflicts();
    let conflicts_aside = walkdir::WalkDir::new(&conflicts_dir)
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
        .collect();
    Ok(Status {
        identity: recorded.identity,
        state_id: snap.state_id,
        files: snap.files.len(),
        bytes: snap.files.iter().map(|f| f.size).sum(),
        shared: recorded.shared.map(|s| (s.state_id, s.how, s.archive)),
        local_changes,
        integrated: recorded.history.integrated,
        sent: recorded.history.sent,
        recovered,
        conflicts_aside,
    })
}
