//! The inbox: folders where received archives are dropped (from a USB stick, or saved
//! from an email), listed with a status, then processed (integrated into their dossier,
//! in order) or deleted (to the trash) — never lost.
//!
//! Statuses: `ready`, `conflict` (integrating it makes conflict copies), `confirm`
//! (a reset, another history, or a mass deletion: waits for the user's confirmation),
//! `waiting` (other parts of a split archive, or an interrupted integration), `blocked`
//! (another fiscal year, the wrong folder…: the reason says what to do), `stale`
//! (older than what was integrated), `already-integrated`, `own` (sent by you: never
//! integrated, never moved), `invalid` (bad, forged, untrusted), `incomplete` (still
//! arriving).

pub mod config;
mod error;
pub mod log;
mod process;
pub mod watch;

use crate::error::IoAction;
use process::Processed;
use process::record;
pub use process::{
    Handled, Outcome as Handling, delete, integrated_before, process, process_one, processed_ids,
    restore,
};

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

pub use config::Config;

use crate::archive::manifest::{Kind, Part};
use crate::archive::{self, CheckedDigests, Contents, Opened, Rejection, Sha256};
use crate::dossier::Error as DossierError;
use crate::dossier::meta;
use crate::exchange::receive::{self, ApplyOptions, Outcome};
use crate::exchange::rehearsal::Rehearsal;
use crate::home::Home;
use crate::ids::DossierId;
use crate::keys::{Trust, TrustStore};
pub use error::Error;

/// A file modified this recently that is not (yet) a complete archive is `incomplete`,
/// not `invalid`: it may still be arriving.
pub const SETTLE: Duration = Duration::from_secs(10);

/// Where an archive stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Can be integrated now.
    Ready,
    /// Can be integrated; doing so keeps both versions of some files (conflict copies).
    Conflict,
    /// Can be integrated once the user confirms (a reset, another history, a mass
    /// deletion).
    Confirm,
    /// Waits for the other parts of a split archive, or for an interrupted integration
    /// to be finished.
    Waiting,
    /// Can't be integrated as it is (another fiscal year, the wrong folder, content
    /// missing…): the reason says what to do.
    Blocked,
    /// Sent by you: never integrated into your own dossier, never moved.
    Own,
    /// Older than an archive already integrated.
    Stale,
    /// Already integrated.
    AlreadyIntegrated,
    /// Damaged, forged, hostile, or from an untrusted sender.
    Invalid,
    /// Still being copied.
    Incomplete,
    /// Another copy of an archive listed under another name (a mail client's
    /// `… (1).sacoche`): integrated once, with the original.
    Copy,
}

impl Status {
    /// Whether `inbox process` integrates an archive of this status (`confirm` ones
    /// only when confirmed).
    pub fn processable(&self, confirmed: bool) -> bool {
        matches!(self, Status::Ready | Status::Conflict) || (confirmed && *self == Status::Confirm)
    }
}

impl Status {
    /// The status a word names (the inverse of [`Status::word`]).
    pub fn parse(word: &str) -> Option<Status> {
        [
            Status::Ready,
            Status::Conflict,
            Status::Confirm,
            Status::Waiting,
            Status::Blocked,
            Status::Own,
            Status::Stale,
            Status::AlreadyIntegrated,
            Status::Invalid,
            Status::Incomplete,
            Status::Copy,
        ]
        .into_iter()
        .find(|s| s.word() == word)
    }

    /// The word shown and used in JSON.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::Conflict => "conflict",
            Status::Confirm => "confirm",
            Status::Waiting => "waiting",
            Status::Blocked => "blocked",
            Status::Own => "own",
            Status::Stale => "stale",
            Status::AlreadyIntegrated => "already-integrated",
            Status::Invalid => "invalid",
            Status::Incomplete => "incomplete",
            Status::Copy => "copy",
        }
    }
}

/// Why an archive is not (or not yet) integrated: typed, put into words by the reader.
#[derive(Debug, Clone)]
pub enum Reason {
    /// Refused by the reader.
    Rejected(Rejection),
    /// Still being copied, or cut short.
    StillArriving,
    /// Can't be read yet (still being copied, or held by another program).
    CannotReadYet,
    /// Integrated before (remembered by its archive id).
    AlreadyIntegrated,
    /// Made by this dossier.
    OwnArchive,
    /// What needs confirming.
    NeedsConfirmation(Vec<crate::dossier::Confirm>),
    /// Files changed on both sides (both versions will be kept); the first few.
    Conflicts { count: usize, paths: Vec<String> },
    /// What `apply` said.
    Refused(std::sync::Arc<DossierError>),
    /// The same archive as this file.
    CopyOf(PathBuf),
}

/// Two reasons are the same when they say the same thing: compared by their values
/// (an `Error` holds an `io::Error`, which has no equality of its own).
impl PartialEq for Reason {
    fn eq(&self, other: &Reason) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}

impl Eq for Reason {}

impl Reason {
    /// A stable code, for `--json` and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Rejected(r) => r.code(),
            Reason::StillArriving => "still-arriving",
            Reason::CannotReadYet => "cannot-read-yet",
            Reason::AlreadyIntegrated => "already-integrated",
            Reason::OwnArchive => "own-archive",
            Reason::NeedsConfirmation(_) => "needs-confirmation",
            Reason::Conflicts { .. } => "conflicts",
            Reason::Refused(e) => e.code(),
            Reason::CopyOf(_) => "copy",
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
    pub dossier: Option<crate::ids::DossierId>,
    /// Dossier holder's name (from the manifest; trusted archives only).
    pub dossier_name: Option<String>,
    /// Creation time as signed.
    pub created: Option<String>,
    /// Full, changes or receipt.
    pub kind: Option<Kind>,
    /// A reset archive (the sender asks to replace the dossier by its content).
    pub reset: bool,
    /// For a part of a split archive: (set, index, count).
    pub part: Option<Part>,
    /// For a part: every part of its set found in the inbox, in order.
    pub set_files: Vec<PathBuf>,
    /// Waiting because an integration of its dossier was interrupted (processing
    /// finishes that first).
    pub interrupted: bool,
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
    pub reason: Option<Reason>,
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
    complete_sets(home, config, &mut examiner, &mut entries)?;
    mark_copies(&mut entries);
    sort(&mut entries);
    Ok(entries)
}

/// Whether a file's name is one that a second copy gets.
fn copy_name(file: &Path) -> bool {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let numbered = stem
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once(" ("))
        .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    numbered || stem.ends_with(" - copie") || stem.ends_with(" - copy")
}

/// The same archive under several names (saved twice from the mail, `… (1).sacoche`):
/// a name a mail client or Explorer gives a second copy (`… (1)`, `… - Copie`,
/// `… - Copy`) is the copy, else the later name in order.
fn mark_copies(entries: &mut [Entry]) {
    let mut first: std::collections::HashMap<Sha256, (usize, PathBuf)> =
        std::collections::HashMap::new();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries.get(i).map(|e| (copy_name(&e.file), e.file.clone())));
    for i in order {
        let Some(e) = entries.get_mut(i) else {
            continue;
        };
        let Some(id) = e.archive_id else { continue };
        if e.status == Status::Invalid {
            continue;
        }
        match first.get(&id) {
            None => {
                first.insert(id, (i, e.file.clone()));
            }
            Some((_, original)) => {
                e.status = Status::Copy;
                e.reason = Some(Reason::CopyOf(original.clone()));
            }
        }
    }
}

/// The parts of a split archive are judged together once they are all in the inbox.
pub fn complete_sets(
    home: &Home,
    config: &Config,
    examiner: &mut Examiner,
    entries: &mut [Entry],
) -> Result<(), Error> {
    let mut sets: std::collections::BTreeMap<(DossierId, ReplicaSet), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let (Some(p), Some(d), Status::Waiting) = (e.part, &e.dossier, e.status) {
            sets.entry((d.clone(), p.set.0)).or_default().push(i);
        }
    }
    for (_, members) in sets {
        let mut parts: Vec<(u32, PathBuf)> = members
            .iter()
            .filter_map(|&i| entries.get(i))
            .filter_map(|e| e.part.map(|p| (p.index, e.file.clone())))
            .collect();
        parts.sort();
        parts.dedup_by_key(|(n, _)| *n);
        let count = members
            .first()
            .and_then(|&i| entries.get(i))
            .and_then(|e| e.part)
            .map_or(0, |p| p.count);
        let files: Vec<PathBuf> = parts.into_iter().map(|(_, f)| f).collect();
        for &i in &members {
            if let Some(e) = entries.get_mut(i) {
                e.set_files = files.clone();
            }
        }
        if files.len() as u32 != count {
            continue;
        }
        let judged = examiner.judge(home, config, &files, None)?;
        for &i in &members {
            if let Some(e) = entries.get_mut(i) {
                e.status = judged.0;
                e.reason = judged.1.clone();
                e.reason_code = judged.2.clone();
                if let Some(name) = &judged.3 {
                    e.dossier_name = Some(name.clone());
                }
            }
        }
    }
    Ok(())
}

/// The bytes of a set id.
type ReplicaSet = [u8; 8];

/// What a dry run of an integration says of an archive: (status, reason, rejection
/// code, dossier name).
pub type Judgement = (Status, Option<Reason>, Option<String>, Option<String>);

fn sort(entries: &mut [Entry]) {
    // By dossier; receipts first (they only record acknowledgements); then by sender
    // (their name, then their key: the same order on every listing) and the sender's
    // signed sequence number; a copy after its original.
    let key = |e: &Entry| {
        (
            e.dossier.as_deref().unwrap_or("~").to_string(),
            e.kind != Some(Kind::Receipt),
            e.sender_name.clone(),
            e.sender_key.clone(),
            e.sequence.unwrap_or(u64::MAX),
            e.status == Status::Copy,
            e.file.clone(),
        )
    };
    entries.sort_by_key(key)
}

/// The regular, non-junk files directly in the inbox folders.
pub fn inbox_files(config: &Config) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for inbox in &config.inboxes {
        let entries = fs::read_dir(inbox).map_err(|e| Error::io(IoAction::Read, inbox, e))?;
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
    /// The status of every part of a split archive (or of one archive), judged
    /// together; against the dossier as `rehearsal` leaves it, if given.
    pub fn judge(
        &mut self,
        home: &Home,
        config: &Config,
        files: &[PathBuf],
        rehearsal: Option<&Rehearsal>,
    ) -> Result<Judgement, Error> {
        let mut contents = Vec::with_capacity(files.len());
        for f in files {
            match Opened::open_listing(f, &self.trust, &mut self.checked).and_then(Opened::contents)
            {
                Ok(c) => contents.push(c),
                Err(archive::Error::Rejected { reason, .. }) => {
                    let code = Some(reason.code().to_string());
                    return Ok((Status::Invalid, Some(Reason::Rejected(reason)), code, None));
                }
                Err(e) => return Err(e.into()),
            }
        }
        judge_contents(home, config, contents, rehearsal)
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
        reset: false,
        part: None,
        set_files: Vec::new(),
        interrupted: false,
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
        Err(archive::Error::Rejected { reason, .. }) => {
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
            entry.reason_code = Some(reason.code().to_string());
            entry.reason = Some(if arriving {
                Reason::StillArriving
            } else {
                Reason::Rejected(reason)
            });
            return Ok(Some(entry));
        }
        Err(archive::Error::Io(_)) if recent => {
            entry.status = Status::Incomplete;
            entry.reason = Some(Reason::CannotReadYet);
            return Ok(Some(entry));
        }
        Err(e) => return Err(e.into()),
    };
    let s = opened.statement();
    entry.archive_id = Some(s.archive_digest);
    entry.dossier = Some(s.dossier.clone());
    entry.created = Some(s.created.clone());
    entry.kind = Some(s.kind);
    entry.sequence = Some(s.sequence);
    entry.sender_key = Some(s.public_key.key_id().to_string());
    entry.sender_name = opened.trust().name().map(str::to_string);
    entry.trusted = opened.trust().is_trusted();
    let own_key = matches!(opened.trust(), Trust::Own { .. });
    let is_receipt = s.kind == Kind::Receipt;
    if processed.contains(&s.archive_digest) {
        entry.status = Status::AlreadyIntegrated;
        entry.reason = Some(Reason::AlreadyIntegrated);
        return Ok(Some(entry));
    }
    if let Err(archive::Error::Rejected { reason, .. }) = opened.require_trusted() {
        entry.status = Status::Invalid;
        entry.reason_code = Some(reason.code().to_string());
        entry.reason = Some(Reason::Rejected(reason));
        return Ok(Some(entry));
    }
    let contents = match opened.contents() {
        Ok(c) => c,
        Err(archive::Error::Rejected { reason, .. }) => {
            entry.status = Status::Invalid;
            entry.reason_code = Some(reason.code().to_string());
            entry.reason = Some(Reason::Rejected(reason));
            return Ok(Some(entry));
        }
        Err(e) => return Err(e.into()),
    };
    // Made by the dossier it is for (its folder here): sent by you, left alone. (Signed
    // with your key by another copy of the dossier, a workstation sharing it, it is
    // integrated like any archive.)
    if own_key {
        let here = config
            .dossier_folder(&contents.manifest().dossier.id)
            .ok()
            .and_then(|d| crate::dossier::meta::Meta::of(&d).identity().ok())
            .and_then(|i| i.replica);
        if here.is_some() && contents.manifest().sender.replica == here {
            if is_receipt {
                // Our own receipts wait for the stick to go back: not for us to process.
                return Ok(None);
            }
            entry.status = Status::Own;
            entry.reason = Some(Reason::OwnArchive);
            return Ok(Some(entry));
        }
    }
    let m = contents.manifest();
    entry.dossier_name = Some(m.dossier.name.clone());
    entry.reset = m.reset;
    entry.part = m.part;
    let (status, reason, code, _) = judge_contents(home, config, vec![contents], None)?;
    entry.interrupted = status == Status::Waiting
        && entry
            .dossier
            .as_ref()
            .and_then(|d| config.dossier_folder(d).ok())
            .is_some_and(|d| crate::dossier::journal::interrupted(&d));
    entry.status = status;
    entry.reason = reason;
    entry.reason_code = code;
    Ok(Some(entry))
}

/// A dry run of the integration (after those of `rehearsal`), turned into a status.
fn judge_contents(
    home: &Home,
    config: &Config,
    contents: Vec<Contents>,
    rehearsal: Option<&Rehearsal>,
) -> Result<Judgement, Error> {
    let Some(first) = contents.first() else {
        return Ok((Status::Invalid, None, None, None));
    };
    let dir = config.dossier_folder(&first.manifest().dossier.id)?;
    let name = Some(first.manifest().dossier.name.clone());
    let options = ApplyOptions {
        dry_run: true,
        ..ApplyOptions::default()
    };
    let verdict = match rehearsal {
        Some(r) => receive::rehearse(home, contents, &dir, &options, r).map(|(v, _)| v),
        None => receive::apply_contents(home, contents, &dir, &options, &mut |_| {}),
    };
    let (status, reason) = match &verdict {
        Ok(Outcome::Planned(plan)) if !plan.confirm.is_empty() => (
            Status::Confirm,
            Some(Reason::NeedsConfirmation(plan.confirm.clone())),
        ),
        Ok(Outcome::Planned(plan)) if !plan.conflicts.is_empty() => (
            Status::Conflict,
            Some(Reason::Conflicts {
                count: plan.conflicts.len(),
                paths: plan
                    .conflicts
                    .iter()
                    .take(3)
                    .map(|c| c.path.clone())
                    .collect(),
            }),
        ),
        Ok(Outcome::Planned(_)) => (Status::Ready, None),
        Ok(Outcome::ReceiptRecorded(r)) if r.already => (Status::AlreadyIntegrated, None),
        Ok(Outcome::ReceiptRecorded(_)) => (Status::Ready, None),
        Ok(Outcome::AlreadyIntegrated(_)) | Ok(Outcome::Applied { .. }) => {
            (Status::AlreadyIntegrated, None)
        }
        Err(_) => (Status::Invalid, None),
    };
    let code = verdict
        .as_ref()
        .err()
        .and_then(DossierError::rejection)
        .map(|reason| reason.code().to_string());
    let (status, reason) = match verdict {
        Err(e) => classify(e),
        Ok(_) => (status, reason),
    };
    Ok((status, reason, code, name))
}

/// The status an `apply` refusal means for an inbox entry.
pub fn classify(e: DossierError) -> (Status, Option<Reason>) {
    use DossierError as Error;
    let status = match &e {
        Error::Stale { .. } => Status::Stale,
        Error::OwnArchive { .. } => Status::Own,
        Error::WaitingForParts { .. } | Error::Interrupted(_) | Error::NeedsFullArchive { .. } => {
            Status::Waiting
        }
        Error::NeedsConfirmation { .. } => Status::Confirm,
        Error::FiscalYearMismatch { .. }
        | Error::NotADossier(_)
        | Error::WrongDossier { .. }
        | Error::UnportableNames { .. }
        | Error::MissingContent { .. }
        | Error::FolderClash { .. }
        | Error::LegacyChanges { .. } => Status::Blocked,
        _ => Status::Invalid,
    };
    (status, Some(Reason::Refused(std::sync::Arc::new(e))))
}
