//! The inbox: folders where received archives are dropped (from a USB stick, or saved
//! from an email), listed with a status, then processed (integrated into their dossier,
//! in order) or deleted (to the trash) — never lost.
//!
//! Statuses: `ready`, `waiting` (a predecessor is missing), `conflict` (would conflict
//! with local work, or the wrong fiscal year), `stale` (older than what was
//! integrated), `already-integrated`, `invalid` (bad, forged, untrusted), `incomplete`
//! (still arriving).

pub mod config;
pub mod log;
pub mod watch;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::Utc;
use serde::{Deserialize, Serialize};

pub use config::Config;
use log::LogEntry;

use crate::archive::{CheckedDigests, Opened, Rejection, Sha256};
use crate::dossier::apply::{ApplyOptions, Outcome};
use crate::dossier::{self, meta};
use crate::error::Error;
use crate::home::Home;
use crate::keys::TrustStore;
use crate::trash::Trash;

/// A file modified this recently that is not (yet) a complete archive is `incomplete`,
/// not `invalid`: it may still be arriving.
pub const SETTLE: Duration = Duration::from_secs(10);

/// Where an archive stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Can be integrated now.
    Ready,
    /// An earlier archive from the same sender must be integrated first.
    Waiting,
    /// Would conflict with work in the dossier, or is for another fiscal year.
    Conflict,
    /// Older than an archive already integrated.
    Stale,
    /// Already integrated.
    AlreadyIntegrated,
    /// Damaged, forged, hostile, or from an untrusted sender.
    Invalid,
    /// Still being copied.
    Incomplete,
}

impl Status {
    /// The word shown and used in JSON.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::Waiting => "waiting",
            Status::Conflict => "conflict",
            Status::Stale => "stale",
            Status::AlreadyIntegrated => "already-integrated",
            Status::Invalid => "invalid",
            Status::Incomplete => "incomplete",
        }
    }
}

/// One archive found in an inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file.
    pub file: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Its modification time (to notice a file still growing).
    pub modified: Option<SystemTime>,
    /// The archive id, once its seal verified.
    pub archive_id: Option<Sha256>,
    /// Dossier number (from the signed statement).
    pub dossier: Option<String>,
    /// Dossier holder's name (from the manifest; trusted archives only).
    pub dossier_name: Option<String>,
    /// Creation time as signed.
    pub created: Option<String>,
    /// `full` or `changes`.
    pub kind: Option<String>,
    /// The sender's sequence number.
    pub sequence: Option<u64>,
    /// The signer's key id.
    pub sender_key: Option<String>,
    /// The signer's name, when known.
    pub sender_name: Option<String>,
    /// Whether the signer is trusted for this dossier.
    pub trusted: bool,
    /// Where it stands.
    pub status: Status,
    /// Why (for every status but ready).
    pub reason: Option<String>,
    /// The rejection code, for `invalid`.
    pub reason_code: Option<String>,
}

/// Names that are never archives: partial downloads, temporary and lock files, system
/// clutter (and sacoche's own temporary files).
pub fn is_junk_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".part", ".crdownload", ".tmp", ".partial", ".download"]
        .iter()
        .any(|s| lower.ends_with(s))
        || name.starts_with("~$")
        || name.starts_with("._")
        || name.starts_with(".sacoche-")
        || lower == ".ds_store"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// Lists every archive in the inbox folders, ordered by dossier, then sequence.
pub fn list(home: &Home, config: &Config) -> Result<Vec<Entry>, Error> {
    let mut examiner = Examiner::new(home)?;
    let mut entries = Vec::new();
    let files = inbox_files(config)?;
    for file in &files {
        if let Some(entry) = examiner.examine(home, config, file, false)? {
            entries.push(entry);
        }
    }
    examiner.save(home, &files);
    sort(&mut entries);
    point_to_predecessors(&mut entries);
    Ok(entries)
}

/// A waiting archive whose predecessor is right here in the inbox says so: processing
/// the inbox integrates them in order.
fn point_to_predecessors(entries: &mut [Entry]) {
    for i in 0..entries.len() {
        let Some(e) = entries.get(i) else { continue };
        if e.status != Status::Waiting {
            continue;
        }
        let earlier = entries.iter().take(i).rev().find(|p| {
            p.dossier == e.dossier
                && p.sender_key == e.sender_key
                && matches!(p.status, Status::Ready | Status::Waiting)
        });
        if let Some(p) = earlier {
            let reason = format!(
                "waits for {} (number {}, in the inbox): `sacoche inbox process --all` integrates them in order",
                p.file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                p.sequence.unwrap_or(0)
            );
            if let Some(e) = entries.get_mut(i) {
                e.reason = Some(reason);
            }
        }
    }
}

fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        (
            a.dossier.as_deref().unwrap_or("~"),
            a.sequence.unwrap_or(u64::MAX),
            &a.file,
        )
            .cmp(&(
                b.dossier.as_deref().unwrap_or("~"),
                b.sequence.unwrap_or(u64::MAX),
                &b.file,
            ))
    })
}

/// The regular, non-junk files directly in the inbox folders.
pub fn inbox_files(config: &Config) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for inbox in &config.inboxes {
        let entries = fs::read_dir(inbox).map_err(|e| Error::io("read", inbox, e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
            if is_file && !is_junk_name(&name) {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Everything [`examine`] needs that is loaded once per listing.
pub struct Examiner {
    trust: TrustStore,
    processed: Processed,
    checked: CheckedDigests,
}

/// First bytes of the file of checked digests: what it is, and the layout version.
const CHECKED_MAGIC: &[u8] = b"sacoche-checked-digests-v1\n";

impl Examiner {
    /// Loads the trust store, the processed ids and the digests checked before.
    pub fn new(home: &Home) -> Result<Examiner, Error> {
        Ok(Examiner {
            trust: TrustStore::load(home)?,
            processed: Processed::load(home)?,
            // A cache: missing, torn or outdated only means checking every byte again.
            checked: meta::read_bin(&home.checked_digests_file(), CHECKED_MAGIC)
                .ok()
                .flatten()
                .unwrap_or_default(),
        })
    }
    /// What `file` is; `changed_recently`: the caller saw it change within [`SETTLE`].
    pub fn examine(
        &mut self,
        home: &Home,
        config: &Config,
        file: &Path,
        changed_recently: bool,
    ) -> Result<Option<Entry>, Error> {
        examine(
            home,
            config,
            &self.trust,
            &self.processed,
            &mut self.checked,
            file,
            changed_recently,
        )
    }
    /// Keeps the digests checked for the files still in the inbox, for the next listing.
    /// Best effort: a cache that can't be written only costs time.
    pub fn save(&mut self, home: &Home, files: &[PathBuf]) {
        self.checked.retain(&files.iter().cloned().collect());
        let path = home.checked_digests_file();
        if let (Ok(bytes), Some(dir)) = (meta::to_bin(&self.checked, CHECKED_MAGIC), path.parent())
        {
            let _ = fs::create_dir_all(dir);
            let _ = crate::fsx::write_atomic_unsynced(&path, &bytes);
        }
    }
}

/// What one file is. `None`: not an archive at all (ignored).
fn examine(
    home: &Home,
    config: &Config,
    trust: &TrustStore,
    processed: &Processed,
    checked: &mut CheckedDigests,
    file: &Path,
    changed_recently: bool,
) -> Result<Option<Entry>, Error> {
    let Ok(meta) = fs::metadata(file) else {
        return Ok(None); // vanished meanwhile
    };
    let named = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(crate::archive::EXTENSION));
    let mut entry = Entry {
        file: file.to_path_buf(),
        size: meta.len(),
        modified: meta.modified().ok(),
        archive_id: None,
        dossier: None,
        dossier_name: None,
        created: None,
        kind: None,
        sequence: None,
        sender_key: None,
        sender_name: None,
        trusted: false,
        status: Status::Invalid,
        reason: None,
        reason_code: None,
    };
    let recent = changed_recently
        || meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_none_or(|age| age < SETTLE);
    let opened = match Opened::open_listing(file, trust, checked) {
        Ok(o) => o,
        Err(Error::Rejected { reason, .. }) => {
            let not_archive = matches!(reason, Rejection::NotAnArchive | Rejection::Unsigned);
            if not_archive && !named {
                return Ok(None);
            }
            let arriving = recent
                && matches!(
                    reason,
                    Rejection::Truncated | Rejection::NotAnArchive | Rejection::ContentAltered
                );
            entry.status = if arriving {
                Status::Incomplete
            } else {
                Status::Invalid
            };
            entry.reason = Some(if arriving {
                "still arriving (or cut short)".to_string()
            } else {
                reason.to_string()
            });
            entry.reason_code = Some(reason.code().to_string());
            return Ok(Some(entry));
        }
        Err(Error::Io { .. }) if recent => {
            entry.status = Status::Incomplete;
            entry.reason = Some("cannot be read yet".into());
            return Ok(Some(entry));
        }
        Err(e) => return Err(e),
    };
    let s = opened.statement();
    entry.archive_id = Some(s.archive_digest);
    entry.dossier = Some(s.dossier.clone());
    entry.created = Some(s.created.clone());
    entry.kind = Some(s.kind.as_str().to_string());
    entry.sequence = Some(s.sequence);
    entry.sender_key = Some(s.public_key.key_id().to_string());
    entry.sender_name = opened.trust().name().map(str::to_string);
    entry.trusted = opened.trust().is_trusted();
    if processed.contains(&s.archive_digest) {
        entry.status = Status::AlreadyIntegrated;
        entry.reason = Some("already integrated (remembered by archive id)".into());
        return Ok(Some(entry));
    }
    if let Err(Error::Rejected { reason, .. }) = opened.require_trusted() {
        entry.status = Status::Invalid;
        entry.reason = Some(reason.to_string());
        entry.reason_code = Some(reason.code().to_string());
        return Ok(Some(entry));
    }
    let dir = config.dossier_folder(&s.dossier)?;
    let options = ApplyOptions {
        dry_run: true,
        ..ApplyOptions::default()
    };
    let verdict = dossier::apply::apply_opened(home, opened, &dir, options, &mut |plan| {
        entry.dossier_name = Some(plan.manifest.dossier.name.clone());
    });
    let (status, reason) = match &verdict {
        Ok(Outcome::Planned(plan)) if plan.conflicts.is_empty() => (Status::Ready, None),
        Ok(Outcome::Planned(plan)) => (
            Status::Conflict,
            Some(format!(
                "{} file(s) in conflict with the dossier: {}",
                plan.conflicts.len(),
                plan.conflicts
                    .iter()
                    .take(3)
                    .map(|c| c.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
        Ok(Outcome::AlreadyIntegrated(_)) => (Status::AlreadyIntegrated, None),
        Ok(Outcome::Applied(_)) => (Status::AlreadyIntegrated, None),
        Err(e) => classify(e),
    };
    entry.status = status;
    entry.reason = reason;
    if let Err(Error::Rejected { reason, .. }) = &verdict {
        entry.reason_code = Some(reason.code().to_string());
    }
    Ok(Some(entry))
}

/// The status an `apply` refusal means for an inbox entry.
fn classify(e: &Error) -> (Status, Option<String>) {
    let status = match e {
        Error::Stale { .. } => Status::Stale,
        Error::MissingPredecessor { .. } | Error::NeedsFullArchive { .. } => Status::Waiting,
        Error::FiscalYearMismatch { .. }
        | Error::Conflicts { .. }
        | Error::NotADossier(_)
        | Error::WrongDossier { .. }
        | Error::UnportableNames { .. } => Status::Conflict,
        _ => Status::Invalid,
    };
    (status, Some(e.to_string()))
}

/// What processing did with one archive.
#[derive(Debug)]
pub struct Handled {
    /// The archive as it was in the inbox.
    pub entry: Entry,
    /// `integrated`, `already-integrated`, or the status that kept it pending.
    pub outcome: String,
    /// Why, for archives left pending.
    pub reason: Option<String>,
    /// The integration plan, when applied.
    pub plan: Option<crate::dossier::apply::Plan>,
}

/// Integrates archives, in order (by dossier, then sequence), through the same rules as
/// `apply`. `files`: only these (by path); empty: every archive. An integrated archive
/// is kept in `$SACOCHE_HOME/received/` and leaves the inbox (or, in a read-only inbox,
/// is remembered by id). Archives that can't be integrated stay, with their reason.
pub fn process(
    home: &Home,
    config: &Config,
    files: &[PathBuf],
    dry_run: bool,
) -> Result<Vec<Handled>, Error> {
    let mut entries = list(home, config)?;
    if !files.is_empty() {
        let wanted: Vec<PathBuf> = files
            .iter()
            .map(|f| fs::canonicalize(f).map_err(|e| Error::io("read", f, e)))
            .collect::<Result<_, _>>()?;
        for (want, given) in wanted.iter().zip(files) {
            let known = entries
                .iter()
                .any(|e| fs::canonicalize(&e.file).ok().as_ref() == Some(want));
            if !known {
                return Err(Error::NotInInbox(given.clone()));
            }
        }
        entries.retain(|e| {
            fs::canonicalize(&e.file)
                .ok()
                .is_some_and(|c| wanted.contains(&c))
        });
    }
    let mut results = Vec::new();
    for entry in entries {
        results.push(process_one(home, config, entry, dry_run)?);
    }
    Ok(results)
}

/// Integrates one listed archive (see [`process`]).
pub fn process_one(
    home: &Home,
    config: &Config,
    entry: Entry,
    dry_run: bool,
) -> Result<Handled, Error> {
    let pending = |entry: Entry, outcome: &str, reason: Option<String>| Handled {
        entry,
        outcome: outcome.to_string(),
        reason,
        plan: None,
    };
    match entry.status {
        Status::Invalid | Status::Incomplete => {
            let reason = entry.reason.clone();
            let word = entry.status.word();
            if !dry_run && entry.status == Status::Invalid {
                record(home, &entry, "refused", reason.as_deref().unwrap_or(word))?;
            }
            return Ok(pending(entry, word, reason));
        }
        Status::AlreadyIntegrated => {
            if !dry_run {
                file_duplicate(home, &entry)?;
            }
            return Ok(pending(entry, "already-integrated", None));
        }
        _ => {}
    }
    let Some(dossier_id) = entry.dossier.clone() else {
        return Ok(pending(entry, "invalid", None));
    };
    let dir = config.dossier_folder(&dossier_id)?;
    let options = ApplyOptions {
        dry_run,
        ..ApplyOptions::default()
    };
    match dossier::apply(home, &entry.file, &dir, options, &mut |_| {}) {
        Ok(Outcome::Applied(plan)) => {
            record(
                home,
                &entry,
                "integrated",
                &format!("integrated into {}", dir.display()),
            )?;
            file_away(home, &entry)?;
            Ok(Handled {
                entry,
                outcome: "integrated".into(),
                reason: None,
                plan: Some(plan),
            })
        }
        Ok(Outcome::Planned(plan)) => Ok(Handled {
            entry,
            outcome: "ready".into(),
            reason: None,
            plan: Some(plan),
        }),
        Ok(Outcome::AlreadyIntegrated(_)) => {
            if !dry_run {
                file_duplicate(home, &entry)?;
            }
            Ok(pending(entry, "already-integrated", None))
        }
        Err(e) => {
            let (status, reason) = classify(&e);
            if matches!(e, Error::Io { .. } | Error::Internal(_)) {
                return Err(e);
            }
            if !dry_run {
                let action = if status == Status::Conflict {
                    "conflict"
                } else {
                    "refused"
                };
                record(home, &entry, action, &e.to_string())?;
            }
            Ok(pending(entry, status.word(), reason))
        }
    }
}

/// An archive integrated before: logged as seen and kept with the received archives.
fn file_duplicate(home: &Home, entry: &Entry) -> Result<(), Error> {
    record(
        home,
        entry,
        "seen",
        "already integrated; kept with the received archives",
    )?;
    file_away(home, entry)
}

fn record(home: &Home, entry: &Entry, action: &str, outcome: &str) -> Result<(), Error> {
    log::append(
        home,
        &LogEntry {
            at: Utc::now(),
            action: action.to_string(),
            file: entry.file.display().to_string(),
            archive_id: entry.archive_id.map(|a| a.to_string()),
            dossier: entry.dossier.clone(),
            outcome: outcome.to_string(),
        },
    )
}

/// Keeps an integrated archive in `received/<dossier>/` and takes it out of the inbox.
/// In a read-only inbox the file stays, and its id is remembered instead.
fn file_away(home: &Home, entry: &Entry) -> Result<(), Error> {
    if let Some(id) = entry.archive_id {
        let mut processed = Processed::load(home)?;
        processed.insert(id);
        processed.save(home)?;
    }
    let dossier = entry.dossier.clone().unwrap_or_else(|| "unknown".into());
    let dir = home.received_dir().join(&dossier);
    fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let name = entry.file.file_name().map_or_else(
        || "archive.sacoche".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut dest = dir.join(&name);
    let mut n = 1;
    while dest.exists() {
        dest = dir.join(format!("{n}-{name}"));
        n += 1;
    }
    if !entry.file.exists() {
        return Ok(()); // another `process` run filed it away already
    }
    // Copy and sync first: the inbox copy is removed only once the kept one is safe.
    fs::copy(&entry.file, &dest)
        .and_then(|_| fs::File::open(&dest))
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io("keep", &dest, e))?;
    // A write-protected stick: the copy stays there, remembered as processed.
    let _ = fs::remove_file(&entry.file);
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
        let inside = fs::canonicalize(file)
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .is_some_and(|parent| {
                config
                    .inboxes
                    .iter()
                    .any(|i| fs::canonicalize(i).ok().as_ref() == Some(&parent))
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
        let item = trash.put(file, "deleted from the inbox")?;
        if let Some(entry) = entry {
            record(
                home,
                &entry,
                "deleted",
                &format!("moved to the trash as {}", item.id),
            )?;
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
            action: "restored".into(),
            file: restored.display().to_string(),
            archive_id: None,
            dossier: None,
            outcome: format!("restored from the trash ({id})"),
        },
    )?;
    Ok(restored)
}

/// Ids of the archives processed from an inbox so far.
pub fn processed_ids(home: &Home) -> Result<std::collections::HashSet<Sha256>, Error> {
    Ok(Processed::load(home)?.ids.into_iter().collect())
}

/// Archive ids processed from an inbox.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Processed {
    ids: BTreeSet<Sha256>,
}

impl Processed {
    fn load(home: &Home) -> Result<Processed, Error> {
        Ok(meta::read_json(&home.processed_file())?.unwrap_or_default())
    }
    fn contains(&self, id: &Sha256) -> bool {
        self.ids.contains(id)
    }
    fn insert(&mut self, id: Sha256) {
        self.ids.insert(id);
    }
    fn save(&self, home: &Home) -> Result<(), Error> {
        meta::write_json(&home.processed_file(), self)
    }
}
