//! Receipts: the signed word of a receiver about one archive — integrated (with how many
//! conflict copies) or refused (and why), its state afterwards, and everything it has
//! integrated. A receipt is a tiny archive of kind `receipt`; the sender's sacoche
//! records it like an acknowledgement carried by an archive.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::archive::Contents;
use crate::archive::manifest::{
    self, Ack, DossierRef, FileEntry, Kind, Receipt, ReceiptOutcome, StateEntry,
};
use crate::archive::write::{self, ArchiveSpec};
use crate::dossier::Error;
use crate::keys::OwnKey;

use super::receive::Plan;
use super::records::{ReceiptSeen, Reply, ReplyKind};
use super::replica::Replica;

/// Where receipts go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReceiptTo {
    /// Next to the archive received (a USB stick goes back with it).
    #[default]
    Beside,
    /// Into this folder.
    Folder(PathBuf),
    /// Nowhere: no receipt.
    Off,
}

/// What became of the receipt of an integration.
#[derive(Debug)]
pub enum ReceiptFile {
    /// None was made (turned off, or no signing key here).
    Off,
    /// Written there.
    Written(PathBuf),
    /// Could not be written (a write-protected stick…); the integration itself is done.
    Failed(Error),
}

/// A receipt recorded: what a correspondent said of one of our archives.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The receipt file.
    pub file: PathBuf,
    /// Who sent it.
    pub from: String,
    /// The archive of ours it is about (its file name), when known here.
    pub about: Option<String>,
    /// Its sequence number.
    pub sequence: u64,
    /// Integrated or refused.
    pub outcome: ReceiptOutcome,
    /// Why, for a refusal (a reason code).
    pub reason: Option<String>,
    /// Conflict copies made there.
    pub conflicts: u64,
    /// It had been recorded before.
    pub already: bool,
}

/// Numbers the receipt of an integration about to be committed; `None` when no
/// receipt will be made.
pub fn reserve(replica: &mut Replica, key: Option<&OwnKey>, to: &ReceiptTo) -> Option<u64> {
    if key.is_none() || *to == ReceiptTo::Off {
        return None;
    }
    replica.index.receipts += 1;
    Some(replica.index.receipts)
}

/// The receipt of an integration just committed.
pub fn integrated(
    replica: &Replica,
    key: &OwnKey,
    contents: &[Contents],
    plan: &Plan,
    number: u64,
    to: &ReceiptTo,
) -> ReceiptFile {
    let Some(last) = contents.last() else {
        return ReceiptFile::Off;
    };
    let conflicts = plan.conflicts.len() as u64;
    let Some(dir) = out_dir(to, last.path()) else {
        return ReceiptFile::Off;
    };
    match write_receipt(
        replica,
        key,
        &About::of(last),
        number,
        ReceiptOutcome::Integrated,
        None,
        conflicts,
        &dir,
    ) {
        Ok(w) => ReceiptFile::Written(w.path),
        Err(e) => ReceiptFile::Failed(e),
    }
}

/// The receipt of a refusal, written right away (best effort: a refusal is reported to
/// the user whatever becomes of its receipt). A refusal changes nothing in the dossier,
/// its records included: the receipt takes the next number without recording it
/// (receipts are told apart by their id, not their number).
pub fn refused(
    replica: &Replica,
    key: Option<&OwnKey>,
    contents: &[Contents],
    error: &Error,
    to: &ReceiptTo,
) {
    let reason = match error {
        Error::Stale { .. } => "stale",
        Error::FiscalYearMismatch { .. } => "fiscal-year-mismatch",
        Error::MissingContent { .. } => "missing-content",
        Error::FolderClash { .. } => "folder-clash",
        Error::LegacyChanges { .. } => "legacy-changes",
        _ => return,
    };
    let (Some(key), Some(last), Some(dir)) = (
        key,
        contents.last(),
        contents.last().and_then(|c| out_dir(to, c.path())),
    ) else {
        return;
    };
    let _ = write_receipt(
        replica,
        key,
        &About::of(last),
        replica.index.receipts + 1,
        ReceiptOutcome::Refused,
        Some(reason),
        0,
        &dir,
    );
}

/// A receipt for the last archive integrated, made by `pack` when nothing else is to
/// send; written into `out_dir` (the archive's destination).
pub fn acknowledge(
    replica: &mut Replica,
    key: &OwnKey,
    last: &super::records::Integrated,
    out_dir: &Path,
) -> Result<crate::archive::write::Written, Error> {
    replica.index.receipts += 1;
    let number = replica.index.receipts;
    replica.save()?;
    let about = About {
        archive: last.archive_id,
        replica: last.replica,
        sequence: last.sequence,
    };
    write_receipt(
        replica,
        key,
        &about,
        number,
        ReceiptOutcome::Integrated,
        None,
        last.conflicts,
        out_dir,
    )
}

/// The archive a receipt is about.
struct About {
    archive: crate::archive::Sha256,
    replica: crate::archive::ReplicaId,
    sequence: u64,
}

impl About {
    fn of(c: &Contents) -> About {
        let m = c.manifest();
        About {
            archive: c.statement().archive_digest,
            replica: m
                .sender
                .replica
                .unwrap_or_else(|| crate::archive::ReplicaId::legacy(&m.sender.key_id.to_string())),
            sequence: m.sequence,
        }
    }
}

fn out_dir(to: &ReceiptTo, archive: &Path) -> Option<PathBuf> {
    match to {
        ReceiptTo::Off => None,
        ReceiptTo::Folder(dir) => Some(dir.clone()),
        ReceiptTo::Beside => Some(
            archive
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn write_receipt(
    replica: &Replica,
    key: &OwnKey,
    about: &About,
    number: u64,
    outcome: ReceiptOutcome,
    reason: Option<&str>,
    conflicts: u64,
    out_dir: &Path,
) -> Result<crate::archive::write::Written, Error> {
    let listed: Vec<FileEntry> = replica.index.files.iter().map(StateEntry::file).collect();
    let spec = ArchiveSpec {
        dossier: DossierRef {
            id: replica.identity.id.clone(),
            name: replica.identity.name.clone(),
        },
        created: super::parts::free_receipt_time(out_dir, &replica.identity.id),
        sequence: number,
        fiscal_period: replica.identity.fiscal_period,
        purpose: None,
        comment: None,
        kind: Kind::Receipt,
        reset: false,
        history: replica.history(),
        replica: replica.me(),
        knowledge: replica.index.knowledge.clone(),
        acks: acks(replica),
        replicas: [(replica.me(), key.name.clone())].into_iter().collect(),
        state: Vec::new(),
        part: None,
        receipt: Some(Receipt {
            archive: about.archive,
            replica: about.replica,
            sequence: about.sequence,
            outcome,
            reason: reason.map(str::to_string),
            conflicts,
            state_id: manifest::state_id(&listed),
        }),
        deltas: Vec::new(),
    };
    Ok(write::write(out_dir, &spec, &[], key, &mut |_| {})?)
}

/// The last archive integrated from each correspondent, as every archive acknowledges.
pub fn acks(replica: &Replica) -> Vec<Ack> {
    replica
        .exchanges
        .correspondents
        .iter()
        .filter(|(_, c)| c.last_sequence > 0)
        .filter_map(|(r, c)| {
            let last = replica
                .exchanges
                .integrated
                .iter()
                .rev()
                .find(|i| i.replica == *r && i.sequence == c.last_sequence)?;
            Some(Ack {
                replica: *r,
                sequence: c.last_sequence,
                archive: last.archive_id,
            })
        })
        .collect()
}

/// Records an incoming receipt (the caller holds the dossier lock).
pub fn record(dir: &Path, contents: &[Contents], dry_run: bool) -> Result<Recorded, Error> {
    let mut replica = Replica::load(dir)?;
    let Some(c) = contents.first() else {
        return Err(Error::Internal("no receipt".into()));
    };
    let m = c.manifest();
    let file = c.path().to_path_buf();
    let (Some(r), Some(sender)) = (&m.receipt, m.sender.replica) else {
        return Err(Error::Internal("a receipt without its fields".into()));
    };
    let me = replica.me();
    if sender == me {
        return Err(Error::OwnArchive { archive: file });
    }
    if replica.identity.id != m.dossier.id {
        return Err(Error::WrongDossier {
            archive: file,
            archive_dossier: m.dossier.id.clone(),
            dir: dir.to_path_buf(),
            dossier: replica.identity.id.clone(),
        });
    }
    let id = c.statement().archive_digest;
    let about_ours = r.replica == me;
    let sent = replica
        .exchanges
        .sent
        .iter()
        .position(|s| about_ours && s.archive_id == r.archive);
    let recorded = Recorded {
        file,
        from: m.sender.name.clone(),
        about: sent
            .and_then(|i| replica.exchanges.sent.get(i))
            .map(|s| s.file_name.clone()),
        sequence: r.sequence,
        outcome: r.outcome,
        reason: r.reason.clone(),
        conflicts: r.conflicts,
        already: replica
            .exchanges
            .receipts
            .iter()
            .any(|s| s.receipt_id == id),
    };
    if dry_run || recorded.already {
        return Ok(recorded);
    }
    let now = Utc::now();
    let acked = (about_ours && r.outcome == ReceiptOutcome::Integrated).then_some(r.sequence);
    let knowledge = m.knowledge.clone().unwrap_or_default();
    replica.exchanges.heard_from(
        sender,
        &m.sender.name,
        &m.sender.key_id,
        &knowledge,
        acked,
        now,
    );
    replica.exchanges.names.extend(m.replicas.clone());
    if let Some(c) = replica.exchanges.correspondents.get_mut(&sender) {
        // A refusal for missing content asks for everything next time; an integration
        // shows it has what it needs again.
        match (r.outcome, r.reason.as_deref()) {
            (ReceiptOutcome::Refused, Some("missing-content")) if about_ours => {
                c.lacks_content = true
            }
            (ReceiptOutcome::Integrated, _) if about_ours => c.lacks_content = false,
            _ => {}
        }
    }
    let reply = Reply {
        replica: sender,
        kind: match r.outcome {
            ReceiptOutcome::Integrated => ReplyKind::Integrated,
            ReceiptOutcome::Refused => ReplyKind::Refused,
        },
        reason: r.reason.clone(),
        conflicts: r.conflicts,
        at: m.created.with_timezone(&Utc),
    };
    // The archive acknowledged, and the other parts of its set.
    let set = sent
        .and_then(|i| replica.exchanges.sent.get(i))
        .and_then(|s| s.part.map(|p| p.set));
    for s in &mut replica.exchanges.sent {
        let same = s.archive_id == r.archive || (set.is_some() && s.part.map(|p| p.set) == set);
        if about_ours && same {
            s.replies.push(reply.clone());
        }
    }
    replica.exchanges.receipts.push(ReceiptSeen {
        receipt_id: id,
        at: now,
    });
    if replica.migrated {
        replica.save()?;
    } else {
        replica.save_exchanges()?;
    }
    Ok(recorded)
}
