//! Processing the inbox: archives integrated in order through the rules of `apply`,
//! receipts recorded, archives deleted to the trash and restored; every action logged.

use crate::error::IoAction;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::Error;
use super::log::{self, LogAction, LogEntry};
use super::{Config, Entry, Status, classify, examine, list};
use crate::archive::{CheckedDigests, Sha256};
use crate::dossier::meta::{self, Meta};
use crate::exchange::receipt::{ReceiptFile, Recorded};
use crate::exchange::receive::{self, ApplyOptions, Outcome as Applied, Plan};
use crate::exchange::rehearsal::Rehearsal;
use crate::home::Home;
use crate::ids::DossierId;
use crate::keys::TrustStore;
use crate::trash::{Trash, TrashReason};

/// What processing did with one archive (or one split archive).
#[derive(Debug)]
pub enum Outcome {
    /// Integrated into its dossier; the receipt sent back.
    Integrated {
        plan: Box<Plan>,
        receipt: ReceiptFile,
    },
    /// A receipt, recorded.
    Recorded(Recorded),
    /// Integrated before: kept with the received archives.
    AlreadyIntegrated,
    /// `--dry-run`: would be integrated like this.
    WouldIntegrate(Box<Plan>),
    /// Left in the inbox, with its status (and why, in the entry).
    Left(Status),
    /// Invalid, and refused already by an earlier run: reported again, not a new
    /// rejection (one bad file left in the inbox does not fail every later run).
    RefusedBefore,
}

/// What processing did with one listed archive.
#[derive(Debug)]
pub struct Handled {
    /// The archive as it was in the inbox.
    pub entry: Entry,
    /// What became of it.
    pub outcome: Outcome,
    /// Why, for archives left pending.
    pub reason: Option<super::Reason>,
}

/// Integrates archives, in order (by dossier, then sequence), through the same rules as
/// `apply`. `files`: only these (by path); empty: every archive. An integrated archive
/// is kept in `$SACOCHE_HOME/received/` and leaves the inbox (or, in a read-only inbox,
/// is remembered by id). Archives that can't be integrated stay, with their reason.
/// `confirm`: also integrate those waiting for a confirmation.
pub fn process(
    home: &Home,
    config: &Config,
    files: &[PathBuf],
    dry_run: bool,
    confirm: bool,
) -> Result<Vec<Handled>, Error> {
    let mut entries = list(home, config)?;
    // Interrupted integrations are finished first (listings never do it themselves).
    if !dry_run && recover_interrupted(config, &entries)? {
        entries = list(home, config)?;
    }
    if !files.is_empty() {
        let wanted: Vec<PathBuf> = files
            .iter()
            .map(|f| {
                let f = in_inbox(config, f);
                dunce::canonicalize(&f).map_err(|e| Error::io(IoAction::Read, &f, e))
            })
            .collect::<Result<_, _>>()?;
        for (want, given) in wanted.iter().zip(files) {
            let known = entries
                .iter()
                .any(|e| dunce::canonicalize(&e.file).ok().as_ref() == Some(want));
            if !known {
                return Err(Error::NotInInbox(given.clone()));
            }
        }
        entries.retain(|e| {
            dunce::canonicalize(&e.file)
                .ok()
                .is_some_and(|c| wanted.contains(&c))
        });
    }
    let mut results = Vec::new();
    let mut done_sets: HashSet<PathBuf> = HashSet::new();
    // The batch in order: each archive judged against its dossier as the archives
    // before it left it — for real, or (dry run) as rehearsed, so that the dry run
    // plans exactly what the real run does.
    let mut batch = Batch {
        rehearsal: dry_run.then(Rehearsal::new),
        integrated: HashSet::new(),
        examiner: None,
    };
    for mut entry in entries {
        // The parts of a split archive are integrated together, once.
        if let Some(first) = entry.set_files.first()
            && entry.part.is_some()
            && !done_sets.insert(first.clone())
        {
            continue;
        }
        batch.rejudge(home, config, &mut entry)?;
        let dir = entry
            .dossier
            .as_ref()
            .and_then(|d| config.dossier_folder(d).ok());
        let handled = process_in(home, config, entry, confirm, batch.rehearsal.as_mut())?;
        if let (Outcome::Integrated { .. }, Some(dir)) = (&handled.outcome, dir) {
            batch.integrated.insert(dir);
        }
        results.push(handled);
    }
    Ok(results)
}

/// What a run has done so far, for judging the next archive of the batch.
struct Batch {
    /// Dry run: the dossiers as the archives planned so far leave them.
    rehearsal: Option<Rehearsal>,
    /// Real run: the dossiers an archive was integrated into.
    integrated: HashSet<PathBuf>,
    /// Opens archives for a new judgement (made when first needed).
    examiner: Option<super::Examiner>,
}

impl Batch {
    /// The status the listing gave an archive was judged against the dossier before
    /// this run: if an earlier archive of the batch changed that dossier (or would
    /// have, in a dry run), it is judged again, as it stands now.
    fn rejudge(&mut self, home: &Home, config: &Config, entry: &mut Entry) -> Result<(), Error> {
        let judged_on_dossier = matches!(
            entry.status,
            Status::Ready | Status::Conflict | Status::Confirm | Status::Blocked | Status::Stale
        ) || (entry.status == Status::Waiting
            && entry.part.is_none()
            && !entry.interrupted);
        let Some(dir) = entry
            .dossier
            .as_ref()
            .and_then(|d| config.dossier_folder(d).ok())
        else {
            return Ok(());
        };
        let changed = match &self.rehearsal {
            Some(r) => r.touched(&dir),
            None => self.integrated.contains(&dir),
        };
        if !judged_on_dossier || !changed {
            return Ok(());
        }
        let files = if entry.set_files.is_empty() {
            vec![entry.file.clone()]
        } else {
            entry.set_files.clone()
        };
        let examiner = match &mut self.examiner {
            Some(e) => e,
            None => self.examiner.insert(super::Examiner::new(home)?),
        };
        let (status, reason, code, _) =
            examiner.judge(home, config, &files, self.rehearsal.as_ref())?;
        entry.status = status;
        entry.reason = reason;
        entry.reason_code = code;
        Ok(())
    }
}

/// Integrates one listed archive (see [`process`]).
/// Finishes the integrations that were interrupted in the dossiers these entries wait
/// for, or clears what they left when their journal was never committed (each dossier
/// once, holding its lock). Whether there was any: the entries must be judged again.
pub fn recover_interrupted(config: &Config, entries: &[Entry]) -> Result<bool, Error> {
    let mut dirs: Vec<PathBuf> = entries
        .iter()
        .filter(|e| e.interrupted)
        .filter_map(|e| e.dossier.as_ref())
        .filter_map(|d| config.dossier_folder(d).ok())
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        let _lock = crate::dossier::lock::DossierLock::exclusive(dir)?;
        crate::dossier::journal::recover(dir)?;
    }
    Ok(!dirs.is_empty())
}

pub fn process_one(
    home: &Home,
    config: &Config,
    entry: Entry,
    dry_run: bool,
    confirm: bool,
) -> Result<Handled, Error> {
    let mut rehearsal = dry_run.then(Rehearsal::new);
    process_in(home, config, entry, confirm, rehearsal.as_mut())
}

/// [`process_one`]; a dry run when given a rehearsal, which then keeps what the
/// integration would leave.
fn process_in(
    home: &Home,
    config: &Config,
    entry: Entry,
    confirm: bool,
    rehearsal: Option<&mut Rehearsal>,
) -> Result<Handled, Error> {
    let dry_run = rehearsal.is_some();
    let left = |entry: Entry, status: Status| {
        let reason = entry.reason.clone();
        Handled {
            entry,
            outcome: Outcome::Left(status),
            reason,
        }
    };
    match entry.status {
        Status::Invalid => {
            let mut refused = Refused::load(home)?;
            if refused.contains(&entry) {
                let reason = entry.reason.clone();
                return Ok(Handled {
                    entry,
                    outcome: Outcome::RefusedBefore,
                    reason,
                });
            }
            if !dry_run {
                let reason = entry.reason.as_ref().map_or("invalid", |r| r.code());
                record(home, &entry, LogAction::Refused, reason)?;
                refused.insert(&entry);
                refused.save(home)?;
            }
            return Ok(left(entry, Status::Invalid));
        }
        Status::AlreadyIntegrated => {
            if !dry_run {
                file_duplicate(home, &entry)?;
            }
            return Ok(Handled {
                entry,
                outcome: Outcome::AlreadyIntegrated,
                reason: None,
            });
        }
        Status::Copy => {
            // Filed away with the original once that one is integrated.
            let integrated = entry
                .archive_id
                .is_some_and(|id| Processed::load(home).is_ok_and(|p| p.contains(&id)));
            if integrated && !dry_run {
                file_duplicate(home, &entry)?;
                return Ok(Handled {
                    entry,
                    outcome: Outcome::AlreadyIntegrated,
                    reason: None,
                });
            }
            return Ok(left(entry, Status::Copy));
        }
        status if !status.processable(confirm) => return Ok(left(entry, status)),
        _ => {}
    }
    let Some(dossier_id) = entry.dossier.clone() else {
        return Ok(left(entry, Status::Invalid));
    };
    let dir = config.dossier_folder(&dossier_id)?;
    let options = ApplyOptions {
        dry_run,
        confirm,
        accept_fiscal_year: false,
        receipt: config.receipt_to(),
        preview_ledgers: dry_run,
    };
    let files = if entry.set_files.is_empty() {
        vec![entry.file.clone()]
    } else {
        entry.set_files.clone()
    };
    let applied = match rehearsal {
        Some(rehearsal) => rehearse(home, &files, &dir, &options, rehearsal),
        None => receive::apply(home, &files, &dir, &options, &mut |_| {}).map_err(Error::from),
    };
    match applied {
        Ok(Applied::Applied { plan, receipt }) => {
            let what = if plan.conflicts.is_empty() {
                "integrated"
            } else {
                "conflicts"
            };
            record(home, &entry, LogAction::Integrated, what)?;
            for f in &files {
                file_away(home, &entry, f)?;
            }
            Ok(Handled {
                entry,
                outcome: Outcome::Integrated {
                    plan: Box::new(plan),
                    receipt,
                },
                reason: None,
            })
        }
        Ok(Applied::Planned(plan)) => Ok(Handled {
            entry,
            outcome: Outcome::WouldIntegrate(Box::new(plan)),
            reason: None,
        }),
        Ok(Applied::ReceiptRecorded(r)) => {
            if !dry_run {
                record(home, &entry, LogAction::Recorded, "receipt")?;
                file_away(home, &entry, &entry.file)?;
            }
            Ok(Handled {
                entry,
                outcome: Outcome::Recorded(r),
                reason: None,
            })
        }
        Ok(Applied::AlreadyIntegrated(_)) => {
            if !dry_run {
                file_duplicate(home, &entry)?;
            }
            Ok(Handled {
                entry,
                outcome: Outcome::AlreadyIntegrated,
                reason: None,
            })
        }
        Err(e) => {
            let e = match e {
                Error::Dossier(e) if !e.is_operational() => e,
                e => return Err(e),
            };
            let code = e.code();
            let (status, reason) = classify(e);
            if !dry_run && status != Status::Own {
                let action = if status == Status::Blocked {
                    LogAction::Blocked
                } else {
                    LogAction::Refused
                };
                record(home, &entry, action, code)?;
            }
            Ok(Handled {
                entry,
                outcome: Outcome::Left(status),
                reason,
            })
        }
    }
}

/// The dry run of one integration after those rehearsed; kept for the next ones when
/// the real run will integrate it (a plan waiting for a confirmation not given is not).
fn rehearse(
    home: &Home,
    files: &[PathBuf],
    dir: &Path,
    options: &ApplyOptions,
    rehearsal: &mut Rehearsal,
) -> Result<Applied, Error> {
    let trust = TrustStore::load(home)?;
    let contents = files
        .iter()
        .map(|f| crate::archive::Opened::open(f, &trust).and_then(crate::archive::Opened::contents))
        .collect::<Result<Vec<_>, _>>()?;
    let (applied, after) = receive::rehearse(home, contents, dir, options, rehearsal)?;
    if let (Applied::Planned(plan), Some(after)) = (&applied, after)
        && (plan.confirm.is_empty() || options.confirm)
    {
        rehearsal.keep(after);
    }
    Ok(applied)
}

/// An archive integrated before: logged as seen and kept with the received archives.
fn file_duplicate(home: &Home, entry: &Entry) -> Result<(), Error> {
    record(home, entry, LogAction::Seen, "already-integrated")?;
    file_away(home, entry, &entry.file)
}

/// A file as the user gave it: a path, or a name as `sacoche inbox` lists it (found in
/// the one inbox folder that holds it).
fn in_inbox(config: &Config, given: &Path) -> PathBuf {
    let bare = given.components().count() == 1;
    if given.exists() || !bare {
        return given.to_path_buf();
    }
    let mut found = config
        .inboxes
        .iter()
        .map(|inbox| inbox.join(given))
        .filter(|f| f.is_file());
    match (found.next(), found.next()) {
        (Some(only), None) => only,
        _ => given.to_path_buf(),
    }
}

/// Appends to the audit log.
pub fn record(home: &Home, entry: &Entry, action: LogAction, outcome: &str) -> Result<(), Error> {
    log::append(
        home,
        &LogEntry {
            at: Utc::now(),
            action,
            file: entry.file.display().to_string(),
            archive_id: entry.archive_id.map(|a| a.to_string()),
            dossier: entry.dossier.clone(),
            outcome: outcome.to_string(),
        },
    )
}

/// Keeps an integrated archive in `received/<dossier>/` and takes it out of the inbox.
/// In a read-only inbox the file stays, and its id is remembered instead.
fn file_away(home: &Home, entry: &Entry, file: &Path) -> Result<(), Error> {
    let id = if file == entry.file {
        entry.archive_id
    } else {
        crate::archive::Opened::open(file, &TrustStore::load(home)?)
            .ok()
            .map(|o| o.archive_id())
    };
    if let Some(id) = id {
        let mut processed = Processed::load(home)?;
        processed.insert(id);
        processed.save(home)?;
    }
    let dir = home
        .received_dir()
        .join(entry.dossier.as_deref().unwrap_or("unknown"));
    fs::create_dir_all(&dir).map_err(|e| Error::io(IoAction::Create, &dir, e))?;
    let name = file.file_name().map_or_else(
        || "archive.sacoche".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut dest = dir.join(&name);
    let mut n = 1;
    while dest.exists() {
        dest = dir.join(format!("{n}-{name}"));
        n += 1;
    }
    if !file.exists() {
        return Ok(()); // another `process` run filed it away already
    }
    // Copy and sync first: the inbox copy is removed only once the kept one is safe.
    fs::copy(file, &dest)
        .and_then(|_| crate::fsx::sync_file(&dest))
        .map_err(|e| Error::io(IoAction::Keep, &dest, e))?;
    // A write-protected stick: the copy stays there, remembered as processed.
    let _ = fs::remove_file(file);
    Ok(())
}

/// Moves archives from the inbox to the trash (`sacoche inbox restore` brings them back).
pub fn delete(
    home: &Home,
    config: &Config,
    files: &[PathBuf],
) -> Result<Vec<crate::trash::TrashItem>, Error> {
    let trust = TrustStore::load(home)?;
    let processed = Processed::load(home)?;
    let trash = Trash::new(home);
    let mut items = Vec::new();
    for file in files {
        let file = &in_inbox(config, file);
        let inside = dunce::canonicalize(file)
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .is_some_and(|parent| {
                config
                    .inboxes
                    .iter()
                    .any(|i| dunce::canonicalize(i).ok().as_ref() == Some(&parent))
            });
        if !inside {
            return Err(Error::NotInInbox(file.clone()));
        }
        let entry = examine(
            home,
            config,
            &trust,
            &processed,
            &mut CheckedDigests::default(),
            file,
            false,
        )?;
        let item = trash.put(file, &TrashReason::InboxDelete)?;
        if let Some(entry) = entry {
            record(home, &entry, LogAction::Deleted, &item.id)?;
        }
        items.push(item);
    }
    Ok(items)
}

/// Puts a deleted archive back into its inbox.
pub fn restore(home: &Home, id: &str) -> Result<PathBuf, Error> {
    let restored = Trash::new(home).restore(id, None)?;
    log::append(
        home,
        &LogEntry {
            at: Utc::now(),
            action: LogAction::Restored,
            file: restored.display().to_string(),
            archive_id: None,
            dossier: None,
            outcome: id.to_string(),
        },
    )?;
    Ok(restored)
}

/// Ids of the archives processed from an inbox so far.
pub fn processed_ids(home: &Home) -> Result<HashSet<Sha256>, Error> {
    Ok(Processed::load(home)?.ids.into_iter().collect())
}

/// Whether an archive was integrated before, by the inbox or by `apply` into its
/// dossier's folder: never imported from the mail again.
pub fn integrated_before(
    home: &Home,
    config: &Config,
) -> Result<impl Fn(&Sha256, &DossierId) -> bool, Error> {
    let processed = processed_ids(home)?;
    let config = config.clone();
    Ok(move |id: &Sha256, dossier: &DossierId| {
        processed.contains(id)
            || config.dossier_folder(dossier).ok().is_some_and(|dir| {
                meta::read_json::<crate::exchange::records::Exchanges>(&Meta::of(&dir).exchanges())
                    .ok()
                    .flatten()
                    .is_some_and(|x| x.integrated(id).is_some())
            })
    })
}

/// Invalid files already refused by `inbox process`, by path, size and time: the same
/// file, unchanged, is not a new rejection (a changed one is judged again).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Refused {
    files: std::collections::BTreeMap<String, (u64, i64)>,
}

impl Refused {
    fn load(home: &Home) -> Result<Refused, Error> {
        Ok(meta::read_json(&home.refused_file())?.unwrap_or_default())
    }
    fn key(entry: &Entry) -> (String, (u64, i64)) {
        let modified = entry
            .modified
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64);
        (entry.file.display().to_string(), (entry.size, modified))
    }
    fn contains(&self, entry: &Entry) -> bool {
        let (file, stamp) = Refused::key(entry);
        self.files.get(&file) == Some(&stamp)
    }
    fn insert(&mut self, entry: &Entry) {
        let (file, stamp) = Refused::key(entry);
        self.files.insert(file, stamp);
    }
    fn save(&self, home: &Home) -> Result<(), Error> {
        Ok(meta::write_json(&home.refused_file(), self)?)
    }
}

/// Archive ids processed from an inbox.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Processed {
    ids: BTreeSet<Sha256>,
}

impl Processed {
    pub(super) fn load(home: &Home) -> Result<Processed, Error> {
        Ok(meta::read_json(&home.processed_file())?.unwrap_or_default())
    }
    pub(super) fn contains(&self, id: &Sha256) -> bool {
        self.ids.contains(id)
    }
    fn insert(&mut self, id: Sha256) {
        self.ids.insert(id);
    }
    fn save(&self, home: &Home) -> Result<(), Error> {
        Ok(meta::write_json(&home.processed_file(), self)?)
    }
}
