//! Packing a dossier folder into a full archive.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, TimeDelta, Timelike};

use super::scan::{self, SkipReason};
use crate::archive::manifest::{DossierRef, FiscalPeriod};
use crate::archive::name;
use crate::archive::write::{self, ArchiveSpec, Payload, Written};
use crate::error::Error;
use crate::fsx;
use crate::home::Home;
use crate::keys::OwnKey;

/// What to pack, besides the folder.
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// Which dossier.
    pub dossier: DossierRef,
    /// Where to write the archive.
    pub out_dir: PathBuf,
    /// The fiscal period, when known.
    pub fiscal_period: Option<FiscalPeriod>,
    /// Why it is sent.
    pub purpose: Option<String>,
    /// Free comment.
    pub comment: Option<String>,
    /// Creation time; `None` means now (tests and samples fix it).
    pub created: Option<DateTime<FixedOffset>>,
}

/// A packed archive, and what was left out.
#[derive(Debug)]
pub struct Packed {
    /// The archive written.
    pub written: Written,
    /// Files left out (junk, links), and why.
    pub skipped: Vec<(String, SkipReason)>,
}

/// Progress of a pack, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Hashing the files found.
    Hashing { files: usize, bytes: u64 },
    /// Writing the archive: bytes packed out of the total.
    Writing { done: u64, total: u64 },
}

/// Packs the dossier in `dir` into a signed full archive in `options.out_dir`.
pub fn pack(
    home: &Home,
    dir: &Path,
    options: &PackOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Packed, Error> {
    name::check_dossier_id(&options.dossier.id)?;
    if options.dossier.name.trim().is_empty() || options.dossier.name.contains(['\n', '\r']) {
        return Err(Error::InvalidName(options.dossier.name.clone()));
    }
    if !dir.is_dir() {
        return Err(Error::NotADirectory(dir.to_path_buf()));
    }
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

    let scan = scan::scan(dir)?;
    if !scan.problems.is_empty() {
        return Err(Error::UnportableNames {
            dir: dir.to_path_buf(),
            problems: scan.problems,
        });
    }
    let total: u64 = scan.files.iter().map(|f| f.size).sum();
    progress(Progress::Hashing {
        files: scan.files.len(),
        bytes: total,
    });
    let entries = scan::hash_files(&scan.files)?;
    let payloads: Vec<Payload> = entries
        .into_iter()
        .zip(&scan.files)
        .map(|(entry, scanned)| Payload {
            entry,
            source: scanned.abs.clone(),
        })
        .collect();

    let sequence = Sequences::load(home)?.next(&options.dossier.id);
    let created = free_name_time(out_dir, &options.dossier.id, options.created);
    let spec = ArchiveSpec {
        dossier: options.dossier.clone(),
        created,
        sequence,
        fiscal_period: options.fiscal_period,
        purpose: options.purpose.clone(),
        comment: options.comment.clone(),
    };
    let written = write::write(out_dir, &spec, &payloads, &key, &mut |done| {
        progress(Progress::Writing { done, total })
    })?;
    // Only an archive that exists consumes its sequence number.
    let mut sequences = Sequences::load(home)?;
    sequences.record(&options.dossier.id, sequence);
    sequences.save(home)?;
    Ok(Packed {
        written,
        skipped: scan.skipped,
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
