//! `sacoche pack`: what to send, decided from what the correspondents acknowledged —
//! never from what was sent (`docs/INTEGRATION.md`, "What an archive carries").

use crate::error::IoAction;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use crate::archive::manifest::{DeltaEntry, DossierRef, FiscalPeriod, Kind, Part, StateEntry};
use crate::archive::version::{ReplicaId, Version};
use crate::archive::write::{self, ArchiveSpec, Payload, Written};
use crate::dossier::Error;
use crate::dossier::journal;
use crate::dossier::lock::DossierLock;
use crate::dossier::meta::{Identity, Meta};
use crate::dossier::scan::SkipReason;
use crate::dossier::snapshot;
use crate::fsx;
use crate::home::Home;
use crate::keys::OwnKey;

use super::bases::Bases;
use super::intake::take_receipts;
use super::ledger_deltas::deltas_for;
use super::ledgers::{LedgerCheck, check_carried};
use super::parts::{MOVE_WITHOUT_BYTES, PART_OVERHEAD, cost, free_name_time, split, state_cost};
use super::receipt::{self, Recorded};
use super::records::Sent;
use super::replica::Replica;

/// Full, changes, or whichever fits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PackMode {
    /// Changes when a correspondent acknowledged something, else full.
    #[default]
    Auto,
    /// The whole dossier.
    Full,
    /// Only what the correspondents have not acknowledged; refused when nothing was
    /// ever acknowledged.
    Changes,
}

/// What to pack, besides the folder.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// Which dossier, for a folder never initialised; `None`: the recorded identity.
    pub dossier: Option<DossierRef>,
    /// Where to write the archive.
    pub out_dir: PathBuf,
    /// The fiscal period; `None`: the recorded one, if any.
    pub fiscal_period: Option<FiscalPeriod>,
    /// Why it is sent.
    pub purpose: Option<String>,
    /// Free comment.
    pub comment: Option<String>,
    /// Creation time; `None` means now (tests and samples fix it).
    pub created: Option<DateTime<FixedOffset>>,
    /// Full or changes.
    pub mode: PackMode,
    /// A full archive that asks the receiver to become exactly this content.
    pub reset: bool,
    /// Largest archive, in bytes: above it the content is split into parts (for mail).
    pub max_size: Option<u64>,
    /// Only for the correspondents of this name (their acknowledgements decide what
    /// travels); `None`: every correspondent.
    pub to: Option<String>,
    /// Refuse to pack a ledger that does not pass `fec check` (else it is packed, and
    /// named in [`Packed::ledgers`]).
    pub strict: bool,
}

/// What a pack sends, counted against what the correspondents acknowledged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files they never had.
    pub added: usize,
    /// Files they had in an earlier version.
    pub modified: usize,
    /// Files deleted here that they may still have.
    pub deleted: usize,
    /// Of those, files that only moved (same content elsewhere).
    pub moved: usize,
}

/// The archives packed (one, or the parts of a split one), and what was left out.
#[derive(Debug)]
pub struct Packed {
    /// The archives written, in part order (a receipt when nothing else was to send).
    pub archives: Vec<Written>,
    /// Full, changes or receipt.
    pub kind: Kind,
    /// No correspondent has acknowledged anything yet (why a full archive was made).
    pub never_acknowledged: bool,
    /// What it sends.
    pub summary: Summary,
    /// Files left out (junk, links), and why.
    pub skipped: Vec<(String, SkipReason)>,
    /// Files in the dossier (a changes archive carries fewer).
    pub dossier_files: usize,
    /// Receipts found in the output folder and recorded first.
    pub receipts: Vec<Recorded>,
    /// The FEC ledgers it carries, checked.
    pub ledgers: Vec<LedgerCheck>,
    /// The ledgers it carries as écritures (a delta against the version the
    /// correspondents have), not whole.
    pub deltas: Vec<DeltaEntry>,
}

/// Progress of a pack, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Hashing the files found.
    Hashing { files: usize, bytes: u64 },
    /// Writing the archive: bytes packed out of the total.
    Writing { done: u64, total: u64 },
}

/// Records a dossier's identity in its `.sacoche` folder (`sacoche init`): a new
/// replica, of a new history.
pub fn init(dir: &Path, identity: &Identity) -> Result<(), Error> {
    if identity.name.trim().is_empty() || identity.name.contains(['\n', '\r']) {
        return Err(Error::InvalidName(identity.name.clone()));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::NotADirectory(dir.to_path_buf()));
    }
    let meta = Meta::of(dir);
    if meta.exists() {
        let existing = meta.identity()?;
        return Err(Error::DossierExists {
            dir: dir.to_path_buf(),
            id: existing.id,
            name: existing.name,
        });
    }
    let _lock = DossierLock::exclusive(dir)?;
    Replica::create(dir, identity.clone())?.save()
}

/// Moves the dossier in `dir` to another fiscal period (the yearly rollover); the
/// period it had. Archives for the old period are then refused unless accepted
/// (`apply --accept-fiscal-year`).
pub fn set_fiscal_period(dir: &Path, period: FiscalPeriod) -> Result<Option<FiscalPeriod>, Error> {
    let meta = Meta::of(dir);
    if !meta.exists() {
        return Err(Error::NotADossier(dir.to_path_buf()));
    }
    let _lock = DossierLock::exclusive(dir)?;
    let mut identity = meta.identity()?;
    let old = identity.fiscal_period.replace(period);
    meta.save_identity(&identity)?;
    Ok(old)
}

/// Packs the dossier in `dir` into a signed archive in `options.out_dir`.
pub fn pack(
    home: &Home,
    dir: &Path,
    options: &PackOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Packed, Error> {
    if !dir.is_dir() {
        return Err(Error::NotADirectory(dir.to_path_buf()));
    }
    let key = OwnKey::load(home)?;
    let out_dir = &options.out_dir;
    if !out_dir.is_dir() {
        return Err(Error::NotADirectory(out_dir.clone()));
    }
    let dossier_real = dunce::canonicalize(dir).map_err(|e| Error::io(IoAction::Read, dir, e))?;
    let out_real =
        dunce::canonicalize(out_dir).map_err(|e| Error::io(IoAction::Read, out_dir, e))?;
    if out_real.starts_with(&dossier_real) {
        return Err(Error::OutputInsideDossier {
            out: out_dir.clone(),
            dossier: dir.to_path_buf(),
        });
    }
    let meta = Meta::of(dir);
    // A folder never initialised: a one-off full archive, nothing written into it (a
    // replica of its own that nothing records; its receiver sees a new history).
    let detached = !meta.exists();
    let _lock = if detached {
        None
    } else {
        let lock = DossierLock::exclusive(dir)?;
        journal::recover(dir)?;
        Some(lock)
    };
    let mut replica = if detached {
        let Some(given) = &options.dossier else {
            return Err(Error::NoIdentity(dir.to_path_buf()));
        };
        if given.name.trim().is_empty() || given.name.contains(['\n', '\r']) {
            return Err(Error::InvalidName(given.name.clone()));
        }
        Replica::create(
            dir,
            Identity {
                id: given.id.clone(),
                name: given.name.clone(),
                fiscal_period: options.fiscal_period,
                history: None,
                replica: None,
            },
        )?
    } else {
        Replica::load(dir)?
    };
    if let Some(given) = &options.dossier
        && given.id != replica.identity.id
    {
        return Err(Error::IdentityMismatch {
            dir: dir.to_path_buf(),
            recorded: replica.identity.id.clone(),
            given: given.id.clone(),
        });
    }
    let receipts = if detached {
        Vec::new()
    } else {
        take_receipts(home, dir, out_dir)
    };
    if !receipts.is_empty() {
        replica = Replica::load(dir)?;
    }
    let me = replica.me();
    let snap = snapshot::take(dir)?;
    replica.index.observe(me, &snap.files);
    let acknowledged = replica.exchanges.acknowledged_by(options.to.as_deref());
    if let Some(to) = &options.to
        && !replica
            .exchanges
            .correspondents
            .values()
            .any(|c| c.name.eq_ignore_ascii_case(to))
    {
        return Err(Error::UnknownCorrespondent {
            dir: dir.to_path_buf(),
            name: to.clone(),
        });
    }
    if let Some(a) = &acknowledged {
        replica.index.prune(a);
    }
    let full = options.mode == PackMode::Full || options.reset || acknowledged.is_none();
    if options.mode == PackMode::Changes && acknowledged.is_none() {
        return Err(Error::NoBase(dir.to_path_buf()));
    }
    let base = acknowledged.clone().unwrap_or_default();
    // A file that only moved here travels without its bytes: the correspondents
    // acknowledged its content at its old name, and find it there (unless one of them
    // said it lacked content: then everything travels).
    // Only in the first archive that carries the move: should that one be lost or
    // refused (without a receipt saying so), the next one carries the bytes.
    let last_sent = replica
        .exchanges
        .sent
        .iter()
        .filter(|s| s.kind != Kind::Receipt)
        .map(|s| s.counter)
        .max()
        .unwrap_or(0);
    let moved_known = |f: &StateEntry| {
        f.size >= MOVE_WITHOUT_BYTES
            && f.version.get(me) > last_sent
            && !replica.exchanges.lacks_content(options.to.as_deref())
            && replica
                .index
                .tombstones
                .iter()
                .any(|t| t.sha256 == f.sha256 && t.size == f.size && t.before.le(&base))
    };
    let mut carried: Vec<&StateEntry> = replica
        .index
        .files
        .iter()
        .filter(|f| full || (!f.version.le(&base) && !moved_known(f)))
        .collect();
    let summary = summarise(&replica, &base, full);
    let nothing_new = !full && replica.index.knowledge.le(&base);
    if nothing_new {
        return nothing_to_send(&key, &mut replica, options, receipts, snap.skipped);
    }

    let ledgers = check_carried(
        dir,
        &carried,
        options.fiscal_period.or(replica.identity.fiscal_period),
    )?;
    if options.strict
        && let Some(bad) = ledgers.iter().find(|l| !l.valid())
    {
        return Err(Error::InvalidLedger {
            dir: dir.to_path_buf(),
            path: bad.path.clone(),
        });
    }

    // Ledgers the correspondents have in an earlier version travel as écritures.
    let mut bases = Bases::load(dir);
    let ledger_paths: Vec<&str> = ledgers.iter().map(|l| l.path.as_str()).collect();
    let deltas = if full || detached || replica.exchanges.lacks_content(options.to.as_deref()) {
        Vec::new()
    } else {
        deltas_for(dir, &bases, &carried, &ledger_paths, &base)
    };
    carried.retain(|f| !deltas.iter().any(|d| d.entry.path == f.path));
    let deltas_cost: u64 = deltas
        .iter()
        .map(|d| cost(&d.entry.entry_name(), d.entry.size))
        .sum();

    let bound: u64 = carried.iter().map(|f| cost(&f.path, f.size)).sum::<u64>()
        + deltas_cost
        + state_cost(&replica.index.files)
        + PART_OVERHEAD;
    if options.max_size.is_none_or(|m| m > fsx::FAT32_MAX_FILE)
        && bound > fsx::FAT32_MAX_FILE
        && fsx::is_fat(out_dir)
    {
        return Err(Error::TooBigForDestination {
            dir: out_dir.clone(),
            size: bound,
        });
    }
    let groups = match options.max_size {
        Some(limit) => split(
            &carried,
            limit.saturating_sub(state_cost(&replica.index.files) + deltas_cost),
            limit,
        )?,
        None => vec![carried.clone()],
    };
    // Events and sequence numbers are durable before any archive carrying them exists.
    let first_sequence = replica.index.next_sequence;
    replica.index.next_sequence += groups.len() as u64;
    if !detached {
        replica.save()?;
    }

    let kind = if full { Kind::Full } else { Kind::Changes };
    let set = if groups.len() > 1 {
        Some(ReplicaId::random().map_err(|e| Error::Random(e.to_string()))?)
    } else {
        None
    };
    let spec_for = |i: usize, created| ArchiveSpec {
        dossier: DossierRef {
            id: replica.identity.id.clone(),
            name: replica.identity.name.clone(),
        },
        created,
        sequence: first_sequence + i as u64,
        fiscal_period: options.fiscal_period.or(replica.identity.fiscal_period),
        purpose: options.purpose.clone(),
        comment: options.comment.clone(),
        kind,
        reset: options.reset,
        history: replica.history(),
        replica: me,
        knowledge: replica.index.knowledge.clone(),
        acks: receipt::acks(&replica),
        replicas: names_for(&replica, &key),
        state: replica.index.files.clone(),
        part: set.map(|set| Part {
            set,
            index: i as u32 + 1,
            count: groups.len() as u32,
        }),
        receipt: None,
        // The deltas, small, go in the first part.
        deltas: if i == 0 { deltas.clone() } else { Vec::new() },
    };
    // Each part's name is free when it is written (parts a second apart).
    let mut specs = Vec::with_capacity(groups.len());
    let mut created = free_name_time(out_dir, &replica.identity.id, options.created);
    for i in 0..groups.len() {
        specs.push(spec_for(i, created));
        created = free_name_time(
            out_dir,
            &replica.identity.id,
            Some(created + TimeDelta::seconds(1)),
        );
    }
    let total: u64 = carried.iter().map(|f| f.size).sum();
    let mut done_before = 0u64;
    let mut archives: Vec<Written> = Vec::with_capacity(groups.len());
    for (i, group) in groups.iter().enumerate() {
        let mut payloads: Vec<Payload> = group
            .iter()
            .map(|f| Payload {
                entry: f.file(),
                source: dir.join(&f.path),
            })
            .collect();
        payloads.sort_by(|a, b| a.entry.path.as_bytes().cmp(b.entry.path.as_bytes()));
        progress(Progress::Hashing {
            files: payloads.len(),
            bytes: total,
        });
        let Some(spec) = specs.get(i) else { break };
        let result = write::write(out_dir, spec, &payloads, &key, &mut |done| {
            progress(Progress::Writing {
                done: done_before + done,
                total,
            })
        })
        .and_then(|w| match options.max_size {
            Some(limit) if w.size > limit => Err(crate::archive::Error::Internal(format!(
                "part {} is {} bytes, over the limit {limit}",
                i + 1,
                w.size
            ))),
            _ => Ok(w),
        });
        match result {
            Ok(w) => archives.push(w),
            Err(e) => {
                // All or nothing: parts already written are removed, their numbers given back.
                for w in &archives {
                    let _ = fs::remove_file(&w.path);
                }
                replica.index.next_sequence = first_sequence;
                if !detached {
                    let _ = replica.save();
                }
                return Err(e.into());
            }
        }
        done_before += payloads.iter().map(|p| p.entry.size).sum::<u64>();
    }
    if !detached {
        record_sent(&mut replica, &archives, options.reset)?;
        // What the correspondents will have: the base of the next delta. A cache: a
        // copy not kept only means the next ledger travels whole.
        for f in replica
            .index
            .files
            .iter()
            .filter(|f| ledger_paths.contains(&f.path.as_str()))
        {
            let _ = bases.keep(
                &f.path,
                (f.sha256, f.size),
                &f.version,
                &crate::archive::path::native(dir, &f.path),
            );
        }
    }
    Ok(Packed {
        deltas: deltas.into_iter().map(|d| d.entry).collect(),
        archives,
        kind,
        never_acknowledged: acknowledged.is_none(),
        summary,
        skipped: snap.skipped,
        dossier_files: snap.files.len(),
        receipts,
        ledgers,
    })
}

/// Nothing the correspondents lack: a receipt when an archive was integrated here since
/// the last one sent, else the refusal "nothing to send".
fn nothing_to_send(
    key: &OwnKey,
    replica: &mut Replica,
    options: &PackOptions,
    receipts: Vec<Recorded>,
    skipped: Vec<(String, SkipReason)>,
) -> Result<Packed, Error> {
    let last_sent = replica.exchanges.sent.last().map(|s| s.at);
    let unacknowledged = replica
        .exchanges
        .integrated
        .iter()
        .rfind(|i| i.kind != Kind::Receipt)
        .filter(|i| last_sent.is_none_or(|t| i.at > t))
        .cloned();
    let Some(last) = unacknowledged else {
        return Err(Error::NothingChanged {
            dir: replica.dir.clone(),
            last: replica
                .exchanges
                .sent
                .last()
                .map(|s| s.file_name.clone())
                .unwrap_or_default(),
        });
    };
    let written = receipt::acknowledge(replica, key, &last, &options.out_dir)?;
    record_sent(replica, std::slice::from_ref(&written), false)?;
    Ok(Packed {
        dossier_files: replica.index.files.len(),
        archives: vec![written],
        kind: Kind::Receipt,
        never_acknowledged: false,
        summary: Summary::default(),
        skipped,
        receipts,
        ledgers: Vec::new(),
        deltas: Vec::new(),
    })
}

/// Records the archives just written as sent, with the last event they carry.
fn record_sent(replica: &mut Replica, archives: &[Written], reset: bool) -> Result<(), Error> {
    let counter = replica.index.counter;
    for w in archives {
        replica.exchanges.sent.push(Sent {
            archive_id: w.statement.archive_digest,
            file_name: super::receive::file_name(&w.path),
            sequence: w.manifest.sequence,
            kind: w.manifest.kind,
            state_id: w.manifest.state_id,
            at: Utc::now(),
            counter: if w.manifest.kind == Kind::Receipt {
                0
            } else {
                counter
            },
            part: w.manifest.part,
            reset,
            replies: Vec::new(),
        });
    }
    replica.save()
}

/// What is sent, in words people count in: added, modified, deleted, moved.
fn summarise(replica: &Replica, base: &Version, full: bool) -> Summary {
    let mut s = Summary::default();
    let mut added_by_sha: HashMap<crate::archive::Sha256, usize> = HashMap::new();
    for f in &replica.index.files {
        if full || !f.version.le(base) {
            if !full && replica.index.known_path(f, base) {
                s.modified += 1;
            } else {
                s.added += 1;
                *added_by_sha.entry(f.sha256).or_default() += 1;
            }
        }
    }
    if !full {
        for t in replica
            .index
            .tombstones
            .iter()
            .filter(|t| !t.version.le(base))
        {
            s.deleted += 1;
            if let Some(n) = added_by_sha.get_mut(&t.sha256).filter(|n| **n > 0) {
                *n -= 1;
                s.moved += 1;
            }
        }
    }
    s
}

/// Names of this replica and of the authors of its files.
fn names_for(replica: &Replica, key: &OwnKey) -> BTreeMap<ReplicaId, String> {
    let me = replica.me();
    let mut names = BTreeMap::new();
    names.insert(me, key.name.clone());
    for f in &replica.index.files {
        if f.by != me && !names.contains_key(&f.by) {
            let name = replica
                .exchanges
                .names
                .get(&f.by)
                .or_else(|| replica.exchanges.correspondents.get(&f.by).map(|c| &c.name))
                .cloned()
                .unwrap_or_else(|| "inconnu".to_string());
            names.insert(f.by, name);
        }
    }
    names
}
