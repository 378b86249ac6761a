//! Packing a dossier: the whole dossier, or only what changed since the last state
//! shared with the other side.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, TimeDelta, Timelike, Utc};

use super::changes;
use super::meta::{Identity, Meta, Sent, Shared};
use super::scan::SkipReason;
use super::snapshot;
use crate::archive::manifest::{DossierRef, FiscalPeriod};
use crate::archive::name;
use crate::archive::write::{self, ArchiveSpec, ChangeSet, Payload, Written};
use crate::error::Error;
use crate::fsx;
use crate::home::Home;
use crate::keys::OwnKey;

/// Full, changes, or whichever fits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PackMode {
    /// Changes since the last shared state when there is one, else full.
    #[default]
    Auto,
    /// The whole dossier.
    Full,
    /// Only the changes; refused when nothing was shared yet.
    Changes,
}

/// What to pack, besides the folder.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// Which dossier; `None`: the identity recorded by `sacoche init`.
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
}

/// A packed archive, and what was left out.
#[derive(Debug)]
pub struct Packed {
    /// The archive written.
    pub written: Written,
    /// Files left out (junk, links), and why.
    pub skipped: Vec<(String, SkipReason)>,
    /// Files in the dossier (a changes archive carries fewer).
    pub dossier_files: usize,
}

/// Progress of a pack, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Hashing the files found.
    Hashing { files: usize, bytes: u64 },
    /// Writing the archive: bytes packed out of the total.
    Writing { done: u64, total: u64 },
}

/// Records a dossier's identity in its `.sacoche` folder (`sacoche init`).
pub fn init(dir: &Path, identity: &Identity) -> Result<(), Error> {
    name::check_dossier_id(&identity.id)?;
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
    fs::create_dir_all(meta.dir()).map_err(|e| Error::io("create", meta.dir(), e))?;
    meta.save_identity(identity)
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
    let meta = Meta::of(dir);
    let _lock = super::lock::DossierLock::acquire(home, dir)?;
    let tracked = meta.exists();
    let recorded = if tracked {
        super::apply::recover(dir)?;
        Some(meta.identity()?)
    } else {
        None
    };
    let dossier = match (&options.dossier, &recorded) {
        (Some(given), Some(rec)) if given.id != rec.id => {
            return Err(Error::IdentityMismatch {
                dir: dir.to_path_buf(),
                recorded: rec.id.clone(),
                given: given.id.clone(),
            });
        }
        (Some(given), _) => given.clone(),
        (None, Some(rec)) => DossierRef {
            id: rec.id.clone(),
            name: rec.name.clone(),
        },
        (None, None) => return Err(Error::NoIdentity(dir.to_path_buf())),
    };
    name::check_dossier_id(&dossier.id)?;
    if dossier.name.trim().is_empty() || dossier.name.contains(['\n', '\r']) {
        return Err(Error::InvalidName(dossier.name.clone()));
    }
    let fiscal_period = options
        .fiscal_period
        .or_else(|| recorded.as_ref().and_then(|r| r.fiscal_period));
    let key = OwnKey::load(home)?;
    let out_dir = &options.out_dir;
    if !out_dir.is_dir() {
        return Err(Error::NotADirectory(out_dir.clone()));
    }
    let dossier_real = fs::canonicalize(dir).map_err(|e| Error::io("read", dir, e))?;
    let out_real = fs::canonicalize(out_dir).map_err(|e| Error::io("read", out_dir, e))?;
    if out_real.starts_with(&dossier_real) {
        return Err(Error::OutputInsideDossier {
            out: out_dir.clone(),
            dossier: dir.to_path_buf(),
        });
    }

    let snap = snapshot::take(dir)?;
    let base = match (options.mode, tracked) {
        (PackMode::Full, _) => None,
        (mode, true) => {
            let shared = meta.shared()?;
            if shared.is_none() && mode == PackMode::Changes {
                return Err(Error::NoBase(dir.to_path_buf()));
            }
            shared
        }
        (PackMode::Changes, false) => return Err(Error::NoBase(dir.to_path_buf())),
        (PackMode::Auto, false) => None,
    };
    let sources: HashMap<&str, PathBuf> = snap
        .scan
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.abs.clone()))
        .collect();
    let payload = |entry: &crate::archive::FileEntry| -> Result<Payload, Error> {
        let source = sources
            .get(entry.path.as_str())
            .ok_or_else(|| Error::Internal(format!("no source for {}", entry.path)))?;
        Ok(Payload {
            entry: entry.clone(),
            source: source.clone(),
        })
    };
    let (changes, payloads) = match &base {
        None => (
            None,
            snap.files
                .iter()
                .map(payload)
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(shared) => {
            let ops = changes::diff(&shared.files, &snap.files);
            if ops.is_empty() {
                return Err(Error::NothingChanged {
                    dir: dir.to_path_buf(),
                    last: shared.archive.clone(),
                });
            }
            let carried: std::collections::HashSet<&str> = ops
                .iter()
                .filter(|op| op.carried().is_some())
                .map(|op| op.path())
                .collect();
            let payloads = snap
                .files
                .iter()
                .filter(|f| carried.contains(f.path.as_str()))
                .map(payload)
                .collect::<Result<Vec<_>, _>>()?;
            let set = ChangeSet {
                base_state: shared.state_id,
                ops,
                state_id: snap.state_id,
            };
            (Some(set), payloads)
        }
    };
    let total: u64 = payloads.iter().map(|p| p.entry.size).sum();
    progress(Progress::Hashing {
        files: payloads.len(),
        bytes: total,
    });

    let sequence = Sequences::load(home)?.next(&dossier.id);
    let created = free_name_time(out_dir, &dossier.id, options.created);
    let spec = ArchiveSpec {
        dossier: dossier.clone(),
        created,
        sequence,
        fiscal_period,
        purpose: options.purpose.clone(),
        comment: options.comment.clone(),
        changes,
    };
    let written = write::write(out_dir, &spec, &payloads, &key, &mut |done| {
        progress(Progress::Writing { done, total })
    })?;
    // Only an archive that exists consumes its sequence number.
    let mut sequences = Sequences::load(home)?;
    sequences.record(&dossier.id, sequence);
    sequences.save(home)?;
    if tracked {
        record_sent(&meta, &written, &snap.files)?;
    }
    Ok(Packed {
        dossier_files: snap.files.len(),
        written,
        skipped: snap.scan.skipped,
    })
}

/// After sending, the sent state is the base of the next changes archive.
fn record_sent(
    meta: &Meta,
    written: &Written,
    files: &[crate::archive::FileEntry],
) -> Result<(), Error> {
    let file_name = written
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut history = meta.history()?;
    history.sent.push(Sent {
        archive_id: written.statement.archive_sha256,
        file_name: file_name.clone(),
        sequence: written.manifest.sequence,
        kind: written.manifest.kind,
        state_id: written.manifest.state_id,
        at: Utc::now(),
    });
    meta.save_history(&history)?;
    meta.save_shared(&Shared {
        state_id: written.manifest.state_id,
        at: Utc::now(),
        how: "sent".into(),
        archive: file_name,
        files: files.to_vec(),
    })
}

/// The creation time, moved on by whole seconds while an archive of that name exists
/// (two packs within a second): names are never reused.
fn free_name_time(
    out_dir: &Path,
    dossier: &str,
    created: Option<DateTime<FixedOffset>>,
) -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    let mut t = created.unwrap_or(now);
    t = t.with_nanosecond(0).unwrap_or(t);
    for _ in 0..120 {
        if !out_dir
            .join(name::file_name(dossier, t.naive_local()))
            .exists()
        {
            break;
        }
        t += TimeDelta::seconds(1);
    }
    t
}

/// The last sequence number this user used, per dossier.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Sequences {
    #[serde(default)]
    last: BTreeMap<String, u64>,
}

impl Sequences {
    fn load(home: &Home) -> Result<Sequences, Error> {
        let path = home.sequences_file();
        match fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| Error::BadStateFile {
                path,
                detail: e.message().to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Sequences::default()),
            Err(e) => Err(Error::io("read", &path, e)),
        }
    }

    fn next(&self, dossier: &str) -> u64 {
        self.last.get(dossier).copied().unwrap_or(0) + 1
    }

    fn record(&mut self, dossier: &str, sequence: u64) {
        let last = self.last.entry(dossier.to_string()).or_insert(0);
        *last = (*last).max(sequence);
    }

    fn save(&self, home: &Home) -> Result<(), Error> {
        let text = toml::to_string(self).map_err(|e| Error::Internal(e.to_string()))?;
        fsx::write_atomic(&home.sequences_file(), text.as_bytes())
    }
}
