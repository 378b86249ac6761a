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
use crate::archive::manifest::{self, DossierRef, FileEntry, FiscalPeriod, Op};
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
    /// Largest archive, in bytes: above it the content is split into several archives,
    /// each valid on its own and chained by sequence (for mail).
    pub max_size: Option<u64>,
}

/// The archives packed (one, or several with a size limit), and what was left out.
#[derive(Debug)]
pub struct Packed {
    /// The archives written, in the order they must be integrated.
    pub archives: Vec<Written>,
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
    // Everything is expressed as ops from a base: for a full archive, the base is empty
    // and every file is an add.
    let (base_files, ops) = match &base {
        None => (
            Vec::new(),
            snap.files
                .iter()
                .map(|f| Op::Add {
                    path: f.path.clone(),
                    sha256: f.sha256,
                    size: f.size,
                })
                .collect::<Vec<_>>(),
        ),
        Some(shared) => {
            let ops = changes::diff(&shared.files, &snap.files);
            if ops.is_empty() {
                return Err(Error::NothingChanged {
                    dir: dir.to_path_buf(),
                    last: shared.archive.clone(),
                });
            }
            (shared.files.clone(), ops)
        }
    };
    // A FAT32 stick holds files of at most 4 GiB: refuse before writing (an upper bound
    // of the archive's size decides), unless the content is split anyway.
    let bound: u64 = ops.iter().map(op_cost).sum::<u64>() + PART_OVERHEAD;
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
        Some(limit) => split(&ops, limit)?,
        None => vec![ops],
    };
    let by_path: HashMap<&str, &FileEntry> =
        snap.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let payload = |path: &str| -> Result<Payload, Error> {
        let entry = by_path
            .get(path)
            .ok_or_else(|| Error::Internal(format!("no entry for {path}")))?;
        Ok(Payload {
            entry: (*entry).clone(),
            source: dir.join(path),
        })
    };

    let first_sequence = Sequences::load(home)?.next(&dossier.id);
    let mut state: BTreeMap<String, FileEntry> = base_files
        .iter()
        .map(|f| (f.path.clone(), f.clone()))
        .collect();
    let mut archives: Vec<Written> = Vec::with_capacity(groups.len());
    let total: u64 = groups
        .iter()
        .flatten()
        .filter_map(|op| op.carried())
        .map(|(_, n)| n)
        .sum();
    let mut done_before = 0u64;
    for (i, group) in groups.iter().enumerate() {
        let base_state = manifest::state_id(&state.values().cloned().collect::<Vec<_>>());
        changes::apply_ops(&mut state, group, &by_path);
        let after: Vec<FileEntry> = state.values().cloned().collect();
        let mut payloads = group
            .iter()
            .filter(|op| op.carried().is_some())
            .map(|op| payload(op.path()))
            .collect::<Result<Vec<_>, _>>()?;
        payloads.sort_by(|a, b| a.entry.path.as_bytes().cmp(b.entry.path.as_bytes()));
        let changes = if base.is_none() && i == 0 {
            None
        } else {
            Some(ChangeSet {
                base_state,
                ops: group.clone(),
                state_id: manifest::state_id(&after),
            })
        };
        progress(Progress::Hashing {
            files: payloads.len(),
            bytes: total,
        });
        let spec = ArchiveSpec {
            dossier: dossier.clone(),
            created: free_name_time(out_dir, &dossier.id, options.created),
            sequence: first_sequence + i as u64,
            fiscal_period,
            purpose: options.purpose.clone(),
            comment: options.comment.clone(),
            changes,
        };
        let result = write::write(out_dir, &spec, &payloads, &key, &mut |done| {
            progress(Progress::Writing {
                done: done_before + done,
                total,
            })
        })
        .and_then(|w| match options.max_size {
            Some(limit) if w.size > limit => Err(Error::Internal(format!(
                "part {} is {} bytes, over the limit {limit}",
                i + 1,
                w.size
            ))),
            _ => Ok(w),
        });
        match result {
            Ok(w) => archives.push(w),
            Err(e) => {
                // All or nothing: parts already written are removed, their numbers unused.
                for w in &archives {
                    let _ = fs::remove_file(&w.path);
                }
                return Err(e);
            }
        }
        done_before += payloads.iter().map(|p| p.entry.size).sum::<u64>();
    }
    // Only archives that exist consume their sequence numbers.
    let mut sequences = Sequences::load(home)?;
    sequences.record(&dossier.id, first_sequence + archives.len() as u64 - 1);
    sequences.save(home)?;
    if tracked && let Some(last) = archives.last() {
        record_sent(&meta, archives.as_slice(), last, &snap.files)?;
    }
    Ok(Packed {
        dossier_files: snap.files.len(),
        archives,
        skipped: snap.skipped,
    })
}

/// After sending, the sent state is the base of the next changes archive.
fn record_sent(
    meta: &Meta,
    archives: &[Written],
    written: &Written,
    files: &[FileEntry],
) -> Result<(), Error> {
    let name = |w: &Written| {
        w.path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    let file_name = name(written);
    let mut history = meta.history()?;
    for w in archives {
        history.sent.push(Sent {
            archive_id: w.statement.archive_digest,
            file_name: name(w),
            sequence: w.manifest.sequence,
            kind: w.manifest.kind,
            state_id: w.manifest.state_id,
            at: Utc::now(),
        });
    }
    meta.save_history(&history)?;
    meta.save_shared(&Shared {
        state_id: written.manifest.state_id,
        at: Utc::now(),
        how: "sent".into(),
        archive: file_name,
        files: files.to_vec(),
    })
}

/// Bytes an archive needs besides its entries: manifest head, seal, end records.
const PART_OVERHEAD: u64 = 4096;

/// An upper bound of what one op adds to an archive: its manifest lines, and for
/// carried content the zip headers and the data (deflate can grow incompressible data
/// by 5 bytes per 16 KiB block; stored data does not grow).
fn op_cost(op: &Op) -> u64 {
    let name = op.path().len() as u64;
    let manifest = 2 * name + 480;
    match op.carried() {
        Some((_, size)) => manifest + 200 + 2 * name + size + size / 1000 + 64,
        None => manifest,
    }
}

/// Splits ops into groups whose archives stay under `limit` bytes. Ops that carry no
/// bytes (deletions, renames) go in the first group.
fn split(ops: &[Op], limit: u64) -> Result<Vec<Vec<Op>>, Error> {
    let budget = limit.saturating_sub(PART_OVERHEAD);
    let mut groups: Vec<Vec<Op>> = vec![Vec::new()];
    let mut used = 0u64;
    let (light, heavy): (Vec<&Op>, Vec<&Op>) = ops.iter().partition(|op| op.carried().is_none());
    for op in light.into_iter().chain(heavy) {
        let cost = op_cost(op);
        if cost > budget {
            return Err(Error::TooBigToSplit {
                path: op.path().to_string(),
                size: op.carried().map_or(0, |(_, n)| n),
                limit,
            });
        }
        if used + cost > budget && groups.last().is_some_and(|g| !g.is_empty()) {
            groups.push(Vec::new());
            used = 0;
        }
        used += cost;
        if let Some(g) = groups.last_mut() {
            g.push(op.clone());
        }
    }
    for g in &mut groups {
        g.sort_by(|a, b| a.path().as_bytes().cmp(b.path().as_bytes()));
    }
    Ok(groups)
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
