//! `sacoche apply`: integrating an archive (or every part of a split one) into a
//! dossier, by the rules of `docs/INTEGRATION.md`: checks, merge, preview, then the
//! journal. A receipt goes back to the sender, whether the archive was integrated or
//! refused.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::archive::manifest::{FileEntry, FiscalPeriod, Kind, Manifest, Sha256};
use crate::archive::version::ReplicaId;
use crate::archive::{Contents, Opened};
use crate::dossier::journal;
use crate::dossier::lock::DossierLock;
use crate::dossier::meta::Meta;
use crate::dossier::snapshot;
use crate::dossier::{Confirm, Error};
use crate::home::Home;
use crate::keys::{OwnKey, Trust, TrustStore};

use super::bases;
use super::checks::{Checked, Go, check, new_replica, order_parts};
use super::index::Index;
use super::ledger_merge;
use super::ledger_preview::{self, LedgerChange};
use super::merge::{self, Action, Conflict, Incoming, Note, Source};
use super::receipt::{self, ReceiptFile, ReceiptTo};
use super::records::Integrated;
use super::rehearsal::Rehearsal;
use super::replica::Replica;
use super::stage;

/// How to apply.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Plan and report only.
    pub dry_run: bool,
    /// Go ahead with what needs confirming (a reset, another history, a mass deletion).
    pub confirm: bool,
    /// Accept an archive for another fiscal period than the dossier's.
    pub accept_fiscal_year: bool,
    /// Where the receipt goes.
    pub receipt: ReceiptTo,
    /// A dry run also compares, in écritures, each ledger it would replace with the
    /// one here (the preview a person reads; not the inbox's listing, which must stay
    /// quick on hundreds of dossiers).
    pub preview_ledgers: bool,
}

/// What an integration will do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The archive files (several for a split content), in part order.
    pub archives: Vec<PathBuf>,
    /// The manifest of the first one.
    pub manifest: Manifest,
    /// Their ids.
    pub archive_ids: Vec<Sha256>,
    /// The dossier folder.
    pub dossier: PathBuf,
    /// The dossier does not exist yet: this archive creates it.
    pub creates_dossier: bool,
    /// Changes on disk.
    pub actions: Vec<Action>,
    /// Conflicts, each kept as a visible copy.
    pub conflicts: Vec<Conflict>,
    /// Other decisions worth telling.
    pub notes: Vec<Note>,
    /// What needs `--confirm`.
    pub confirm: Vec<Confirm>,
    /// Archives of this sender that never arrived (their changes come with this one).
    pub never_arrived: Vec<u64>,
    /// Signed with your own key, by another copy of the dossier (a workstation
    /// sharing your key: give each workstation its own).
    pub signed_by_you: bool,
    /// This dossier's replica, and the names of the replicas known here (to say who
    /// made each version of a conflicting file).
    pub me: ReplicaId,
    /// Names of the replicas, by id.
    pub names: BTreeMap<ReplicaId, String>,
    /// The archive is for another fiscal period than the dossier's (accepted with
    /// `--accept-fiscal-year`): what that does to the dossier.
    pub fiscal_year: Option<FiscalYearChange>,
    /// For each file carried as a delta, the content here it is rebuilt from.
    pub delta_bases: BTreeMap<String, PathBuf>,
    /// Ledgers changed on both sides merged in écritures, the contents the merges
    /// made, and the ledgers that stay conflicts of files.
    pub ledgers: ledger_merge::Prepared,
    /// Of a dry run asked to preview ledgers: each ledger replaced, in écritures.
    pub ledger_changes: Vec<LedgerChange>,
}

/// What an archive for another fiscal period than the dossier's, once accepted, does
/// to the dossier's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiscalYearChange {
    /// The archive is for a later period: the dossier moves to it (the yearly rollover,
    /// as `sacoche dossier set --fiscal-year` does it).
    MovesTo {
        from: FiscalPeriod,
        to: FiscalPeriod,
    },
    /// The archive is for an earlier period (a late correction of a closed year): its
    /// files are integrated, the dossier stays on its own period.
    Stays {
        ours: FiscalPeriod,
        theirs: FiscalPeriod,
    },
}

impl FiscalYearChange {
    /// The change an archive for `theirs` makes to a dossier on `ours`, if any.
    pub fn of(ours: Option<FiscalPeriod>, theirs: Option<FiscalPeriod>) -> Option<Self> {
        match (ours, theirs) {
            (Some(ours), Some(theirs)) if ours != theirs => Some(if theirs.start > ours.start {
                FiscalYearChange::MovesTo {
                    from: ours,
                    to: theirs,
                }
            } else {
                FiscalYearChange::Stays { ours, theirs }
            }),
            _ => None,
        }
    }
}

impl Plan {
    /// The first archive's id.
    pub fn archive_id(&self) -> Sha256 {
        self.archive_ids.first().copied().unwrap_or(Sha256([0; 32]))
    }
    /// (added, modified, deleted, moved), conflict copies of local files not counted as moves.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let copies: HashSet<&str> = self.conflicts.iter().map(|c| c.copy.as_str()).collect();
        let mut c = (0, 0, 0, 0);
        for a in &self.actions {
            match a {
                Action::Add { path, .. } if !copies.contains(path.as_str()) => c.0 += 1,
                Action::Replace { .. } => c.1 += 1,
                Action::Remove { .. } => c.2 += 1,
                Action::Move { path, .. } if !copies.contains(path.as_str()) => c.3 += 1,
                _ => {}
            }
        }
        c
    }
}

/// How an `apply` ended.
#[derive(Debug)]
pub enum Outcome {
    /// This archive was integrated before: nothing changed.
    AlreadyIntegrated(Integrated),
    /// `--dry-run`: the plan, nothing changed.
    Planned(Plan),
    /// Integrated; and the receipt sent back.
    Applied { plan: Plan, receipt: ReceiptFile },
    /// A receipt, recorded: what a correspondent said of one of our archives.
    ReceiptRecorded(receipt::Recorded),
}

/// Integrates `archives` (one archive, or all the parts of a split one) into the dossier
/// at `dir`. `on_plan` sees the plan before anything is changed (the preview).
pub fn apply(
    home: &Home,
    archives: &[PathBuf],
    dir: &Path,
    options: &ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
) -> Result<Outcome, Error> {
    let trust = TrustStore::load(home)?;
    let opened = archives
        .iter()
        .map(|a| Opened::open(a, &trust))
        .collect::<Result<Vec<_>, _>>()?;
    apply_opened(home, opened, dir, options, on_plan)
}

/// [`apply`] of archives whose seals were checked already.
pub fn apply_opened(
    home: &Home,
    opened: Vec<Opened>,
    dir: &Path,
    options: &ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
) -> Result<Outcome, Error> {
    let contents = opened
        .into_iter()
        .map(Opened::contents)
        .collect::<Result<Vec<_>, _>>()?;
    apply_contents(home, contents, dir, options, on_plan)
}

/// [`apply`] of archives whose structure and manifest were checked already.
pub fn apply_contents(
    home: &Home,
    contents: Vec<Contents>,
    dir: &Path,
    options: &ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
) -> Result<Outcome, Error> {
    run(home, contents, dir, options, on_plan, None).map(|(outcome, _)| outcome)
}

/// A dry run of [`apply_contents`] against the dossier as the integrations of
/// `rehearsal` leave it (see [`Rehearsal`]). With the plan comes the replica's records
/// as this integration would leave them, for [`Rehearsal::keep`] when the real run
/// will integrate it.
pub fn rehearse(
    home: &Home,
    contents: Vec<Contents>,
    dir: &Path,
    options: &ApplyOptions,
    rehearsal: &Rehearsal,
) -> Result<(Outcome, Option<Replica>), Error> {
    let options = ApplyOptions {
        dry_run: true,
        ..options.clone()
    };
    run(home, contents, dir, &options, &mut |_| {}, Some(rehearsal))
}

/// [`apply_contents`], or (with a rehearsal) its dry run after the integrations
/// rehearsed.
fn run(
    home: &Home,
    mut contents: Vec<Contents>,
    dir: &Path,
    options: &ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
    rehearsal: Option<&Rehearsal>,
) -> Result<(Outcome, Option<Replica>), Error> {
    let rehearsed = rehearsal.and_then(|r| r.dossier(dir));
    let Some(first) = contents.first() else {
        return Err(Error::NoArchive);
    };
    let first_path = first.path().to_path_buf();
    // Signed with this installation's own key: made by this very dossier (never
    // integrated into it), or by another copy of it where the same key is used (a
    // second workstation sharing the key: integrated, and said so).
    let here = match rehearsed {
        Some(r) => r.replica.identity.replica,
        None => Meta::of(dir).identity().ok().and_then(|i| i.replica),
    };
    let signed_by_you = contents
        .iter()
        .any(|c| matches!(c.trust(), Trust::Own { .. }));
    if let Some(own) = contents
        .iter()
        .find(|c| here.is_some() && c.manifest().sender.replica == here)
    {
        return Err(Error::OwnArchive {
            archive: own.path().to_path_buf(),
        });
    }
    order_parts(&mut contents, &first_path)?;
    let dir_existed = dir.exists();
    let _lock = if options.dry_run {
        let lock = DossierLock::shared(dir)?;
        if journal::interrupted(dir) {
            return Err(Error::Interrupted(dir.to_path_buf()));
        }
        lock
    } else {
        let lock = DossierLock::exclusive(dir)?;
        journal::recover(dir)?;
        lock
    };
    let key = OwnKey::load(home).ok();
    let manifest = contents
        .first()
        .map(|c| c.manifest().clone())
        .ok_or_else(|| Error::Internal("no archive".into()))?;
    if manifest.kind == Kind::Receipt {
        return receipt::record(dir, &contents, options.dry_run)
            .map(|r| (Outcome::ReceiptRecorded(r), None));
    }
    let creates = rehearsed.is_none() && !Meta::of(dir).exists();
    let mut replica = if let Some(r) = rehearsed {
        r.replica.clone()
    } else if creates {
        match new_replica(dir, &manifest, &first_path) {
            Ok(r) => r,
            Err(e) => {
                if !options.dry_run {
                    forget_new_folder(dir, dir_existed);
                }
                return Err(e);
            }
        }
    } else {
        Replica::load(dir)?
    };
    let checked = check(&replica, &contents, &manifest, &first_path, options);
    let checked = match checked {
        Ok(Checked::Go(c)) => c,
        Ok(Checked::Done(done)) => return Ok((Outcome::AlreadyIntegrated(done), None)),
        Err(e) => {
            if !options.dry_run && !creates {
                receipt::refused(&replica, key.as_ref(), &contents, &e, &options.receipt);
            }
            if creates && !options.dry_run {
                forget_new_folder(dir, dir_existed);
            }
            return Err(e);
        }
    };
    let result = integrate(
        &mut replica,
        key.as_ref(),
        contents,
        checked,
        (creates, signed_by_you, rehearsed.map(|r| r.files.clone())),
        options,
        on_plan,
    );
    if result.is_err() && creates && !options.dry_run {
        forget_new_folder(dir, dir_existed);
    }
    result
}

/// Merge, preview, then stage and commit. `rehearsed`: the dossier's files as a
/// rehearsal left them (instead of a scan); a dry run then also returns the records
/// the integration leaves.
fn integrate(
    replica: &mut Replica,
    key: Option<&OwnKey>,
    mut contents: Vec<Contents>,
    go: Go,
    (creates, signed_by_you, rehearsed): (bool, bool, Option<Vec<FileEntry>>),
    options: &ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
) -> Result<(Outcome, Option<Replica>), Error> {
    let first = contents
        .first()
        .ok_or_else(|| Error::Internal("no archive".into()))?;
    let m = first.manifest().clone();
    let archive = first.path().to_path_buf();
    let me = replica.me();
    let local: Vec<FileEntry> = if let Some(files) = rehearsed {
        files
    } else if creates {
        Vec::new()
    } else if options.dry_run {
        snapshot::take_readonly(&replica.dir)?.files
    } else {
        snapshot::take(&replica.dir)?.files
    };
    // A refusal's receipt speaks only of what is recorded (not of the local changes
    // just noticed, which are recorded only if the integration goes ahead).
    let pristine = replica.clone();
    let refuse = |e: Error, contents: &[Contents]| {
        if !options.dry_run && !creates {
            receipt::refused(&pristine, key, contents, &e, &options.receipt);
        }
        Err(e)
    };
    replica.index.observe(me, &local);
    let mut names: BTreeMap<ReplicaId, String> = replica.exchanges.names.clone();
    names.extend(m.replicas.clone());
    if let Some(k) = key {
        names.insert(me, k.name.clone());
    }
    // A file carried as a delta is carried where its base is here.
    let deltas: Vec<_> = contents
        .iter()
        .flat_map(|c| c.manifest().deltas.iter())
        .collect();
    let delta_bases = bases::bases_here(&replica.dir, &replica.index.files, &deltas);
    let mut carried = go.carried.clone();
    carried.extend(delta_bases.keys().cloned());
    let no_ledgers = BTreeMap::new();
    let mut incoming = Incoming {
        knowledge: &go.knowledge,
        state: &go.incoming_state,
        carried: &carried,
        reset: m.reset,
        ledgers: &no_ledgers,
    };
    let mut merged = merge::merge(me, &replica.index, &incoming, &names);
    // Ledgers changed on both sides are merged in écritures, then the files again.
    let dir = replica.dir.clone();
    let is_ledger = |path: &str| {
        delta_bases.contains_key(path) || super::ledgers::is_ledger(&dir, path).unwrap_or(false)
    };
    let ledgers = match ledger_merge::prepare(
        &replica.dir,
        &mut contents,
        &merged.conflicts,
        &is_ledger,
        &delta_bases,
    ) {
        Ok(prepared) => prepared,
        Err(e) => return refuse(e, &contents),
    };
    if !ledgers.ledgers.is_empty() {
        incoming.ledgers = &ledgers.ledgers;
        merged = merge::merge(me, &replica.index, &incoming, &names);
    }
    if !merged.missing.is_empty() {
        let e = Error::MissingContent {
            archive,
            files: merged.missing,
        };
        return refuse(e, &contents);
    }
    if let Some((file, folder)) = merged.clashes.first() {
        let e = Error::FolderClash {
            archive,
            file: file.clone(),
            folder: folder.clone(),
        };
        return refuse(e, &contents);
    }
    let ledger_changes = if options.dry_run && options.preview_ledgers {
        let sources = ledger_preview::Sources {
            dir: &replica.dir,
            index: &replica.index,
            incoming: &go.incoming_state,
            made: &ledgers.made,
            delta_bases: &delta_bases,
            period: replica.identity.fiscal_period,
        };
        match ledger_preview::preview(&sources, &mut contents, &merged.actions, &is_ledger) {
            Ok(changes) => changes,
            Err(e) => return refuse(e, &contents),
        }
    } else {
        Vec::new()
    };
    let mut confirm = go.confirm.clone();
    let removed = merged
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Remove { .. }))
        .count();
    let total = replica.index.files.len();
    if removed >= 10 && removed * 2 > total {
        confirm.push(Confirm::MassDeletion { removed, total });
    }
    let plan = Plan {
        archives: contents.iter().map(|c| c.path().to_path_buf()).collect(),
        archive_ids: contents
            .iter()
            .map(|c| c.statement().archive_digest)
            .collect(),
        manifest: m.clone(),
        dossier: replica.dir.clone(),
        creates_dossier: creates,
        actions: merged.actions.clone(),
        conflicts: merged.conflicts.clone(),
        notes: merged.notes.clone(),
        confirm: confirm.clone(),
        never_arrived: go.never_arrived.clone(),
        signed_by_you,
        me,
        names: names.clone(),
        fiscal_year: FiscalYearChange::of(replica.identity.fiscal_period, m.fiscal_period),
        delta_bases,
        ledgers,
        ledger_changes,
    };
    on_plan(&plan);
    if options.dry_run {
        // What the records would be: for a rehearsal of the archives after this one.
        let mut after = replica.clone();
        advance(&mut after, &contents, &go, &plan, merged.index);
        return Ok((Outcome::Planned(plan), Some(after)));
    }
    if !confirm.is_empty() && !options.confirm {
        return Err(Error::NeedsConfirmation {
            archive,
            reasons: confirm,
        });
    }
    advance(replica, &contents, &go, &plan, merged.index);
    let receipt_number = receipt::reserve(replica, key, &options.receipt);
    // Every local file the integration replaces, moves or removes can be taken (none is
    // held open by another program), before anything is staged or changed.
    if let Some(held) = plan.actions.iter().find_map(|a| {
        let path = match a {
            Action::Remove { path } | Action::Replace { path, .. } => path,
            Action::Move { from, .. } => from,
            Action::Add { .. } => return None,
        };
        let at = crate::archive::path::native(&replica.dir, path);
        crate::fsx::held_open(&at).then_some(at)
    }) {
        return Err(Error::HeldOpen(held));
    }
    let steps = stage::stage(replica, &mut contents, &plan, &local)?;
    let records = replica.write_next()?;
    journal::commit_and_run(
        &replica.dir,
        &journal::Journal {
            archive_id: plan.archive_id(),
            steps,
            records,
        },
    )?;
    keep_ledgers(replica, &plan);
    let receipt = match (receipt_number, key) {
        (Some(n), Some(key)) => {
            receipt::integrated(replica, key, &contents, &plan, n, &options.receipt)
        }
        _ => ReceiptFile::Off,
    };
    Ok((Outcome::Applied { plan, receipt }, None))
}

/// Keeps a copy of each ledger the integration brought: the version both sides now
/// have, the base of the next delta either way; of a ledger merged in écritures, the
/// incoming version too (the sender's next delta may be made against it). A cache: a
/// copy not kept only means the next ledger travels whole.
fn keep_ledgers(replica: &Replica, plan: &Plan) {
    let mut bases = bases::Bases::load(&replica.dir);
    for m in &plan.ledgers.merges {
        let (bytes, version) = &m.incoming;
        let _ = bases.keep_bytes(&m.path, bytes.as_slice(), version);
        if let Some(f) = replica.index.file(&m.path) {
            let at = crate::archive::path::native(&replica.dir, &m.path);
            let _ = bases.keep(&m.path, (f.sha256, f.size), &f.version, &at);
        }
    }
    for action in &plan.actions {
        let (Action::Add { path, source } | Action::Replace { path, source }) = action else {
            continue;
        };
        let ledger = plan.delta_bases.contains_key(path)
            || super::ledgers::is_ledger(&replica.dir, path).unwrap_or(false);
        if let (Source::Archive(_), true, Some(f)) = (source, ledger, replica.index.file(path)) {
            let at = crate::archive::path::native(&replica.dir, path);
            let _ = bases.keep(path, (f.sha256, f.size), &f.version, &at);
        }
    }
}

/// The records after an integration (of `plan`, leaving `index`).
fn advance(replica: &mut Replica, contents: &[Contents], go: &Go, plan: &Plan, index: Index) {
    let m = &plan.manifest;
    let me = replica.me();
    replica.index = index;
    if go.adopt_history {
        replica.identity.history = m.history;
    }
    if plan.confirm.contains(&Confirm::OtherHistory)
        && let Some(h) = m.history
    {
        replica.exchanges.accepted_histories.insert(h);
    }
    if replica.identity.fiscal_period.is_none() {
        replica.identity.fiscal_period = m.fiscal_period;
    }
    if let Some(FiscalYearChange::MovesTo { to, .. }) = plan.fiscal_year {
        replica.identity.fiscal_period = Some(to);
    }
    let now = Utc::now();
    let last_sequence = contents
        .iter()
        .map(|c| c.manifest().sequence)
        .max()
        .unwrap_or(m.sequence);
    let acked = m.acks.iter().find(|a| a.replica == me).map(|a| a.sequence);
    if m.version != crate::archive::manifest::VERSION_1 {
        replica.exchanges.heard_from(
            go.sender,
            &m.sender.name,
            &m.sender.key_id,
            &go.knowledge,
            acked,
            now,
        );
    }
    let correspondent = replica
        .exchanges
        .correspondents
        .entry(go.sender)
        .or_default();
    correspondent.last_sequence = correspondent.last_sequence.max(last_sequence);
    if correspondent.name.is_empty() {
        correspondent.name = m.sender.name.clone();
    }
    replica.exchanges.names.extend(m.replicas.clone());
    for c in contents {
        replica.exchanges.integrated.push(Integrated {
            archive_id: c.statement().archive_digest,
            file_name: file_name(c.path()),
            replica: go.sender,
            key_id: m.sender.key_id,
            sender_name: m.sender.name.clone(),
            sequence: c.manifest().sequence,
            kind: m.kind,
            state_id: m.state_id,
            at: now,
            conflicts: plan.conflicts.len() as u64,
        });
    }
}

/// After a refused first integration, the folder is left as it was found: the lock,
/// the metadata folder and the folder itself made for it go (only if nothing else is in
/// them).
fn forget_new_folder(dir: &Path, existed: bool) {
    let meta = Meta::of(dir);
    if meta.exists() {
        return;
    }
    let _ = fs::remove_file(meta.lock());
    let _ = fs::remove_dir(meta.dir());
    if !existed {
        let _ = fs::remove_dir(dir);
    }
}

/// The file name of an archive, for the records.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
