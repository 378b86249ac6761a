//! Writing an archive: manifest first, then each payload file streamed from disk
//! (deflated, or stored when already compressed), then the seal. The archive is written
//! under a temporary name, synced, and only then renamed to its final name, which is
//! never overwritten.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDateTime, Timelike};
use sha2::Digest;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::manifest::{
    self, DossierRef, FileEntry, FiscalPeriod, Kind, Manifest, Op, Sender, Sha256,
};
use super::seal::{self, Statement};
use super::{MANIFEST_NAME, name};
use crate::error::Error;
use crate::fsx;
use crate::keys::OwnKey;

/// What the archive says about itself, besides its files.
#[derive(Debug, Clone)]
pub struct ArchiveSpec {
    /// Which dossier.
    pub dossier: DossierRef,
    /// Creation time (sender's local time and offset); also gives the file name.
    pub created: DateTime<FixedOffset>,
    /// The sender's sequence number for this dossier.
    pub sequence: u64,
    /// The fiscal period, when known.
    pub fiscal_period: Option<FiscalPeriod>,
    /// Why it is sent.
    pub purpose: Option<String>,
    /// Free comment.
    pub comment: Option<String>,
    /// For a changes archive: what changed since which state. `None`: a full archive.
    pub changes: Option<ChangeSet>,
}

/// What a changes archive carries besides the content of added and modified files.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    /// The state the ops apply to.
    pub base_state: Sha256,
    /// One op per changed path.
    pub ops: Vec<Op>,
    /// The whole dossier's state once the ops are applied.
    pub state_id: Sha256,
}

/// One file to pack: its manifest entry (already hashed) and where to read it.
#[derive(Debug, Clone)]
pub struct Payload {
    /// The manifest entry; the content read must match it exactly.
    pub entry: FileEntry,
    /// The file on disk.
    pub source: PathBuf,
}

/// An archive written to disk.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its final path.
    pub path: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// Its signed statement.
    pub statement: Statement,
    /// Its size in bytes.
    pub size: u64,
}

/// Extensions of formats that are already compressed: stored as they are.
const STORED_EXTENSIONS: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "heic", "zip", "gz", "tgz", "bz2", "xz", "zst",
    "7z", "rar", "docx", "xlsx", "pptx", "odt", "ods", "odp", "mp3", "mp4", "m4a", "mov", "avi",
    "sacoche",
];

/// Whether a file of this name is stored rather than deflated.
pub fn is_stored(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| {
        STORED_EXTENSIONS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(ext))
    })
}

/// Files at least this large are deflated at level 1 (about three times faster than
/// the default level 6, for a slightly larger result): one big ledger must not hold a
/// pack up for long, since one file is compressed by one core.
pub const FAST_DEFLATE_FROM: u64 = 16 << 20;

fn level_for(method: CompressionMethod, size: u64) -> Option<i64> {
    (method == CompressionMethod::Deflated && size >= FAST_DEFLATE_FROM).then_some(1)
}

/// Writes and seals an archive into `out_dir`. `files` must be sorted by path.
/// `progress` is called with the number of payload bytes packed so far.
pub fn write(
    out_dir: &Path,
    spec: &ArchiveSpec,
    files: &[Payload],
    key: &OwnKey,
    progress: &mut dyn FnMut(u64),
) -> Result<Written, Error> {
    let entries: Vec<FileEntry> = files.iter().map(|p| p.entry.clone()).collect();
    manifest::check_files(&entries).map_err(|r| Error::Internal(format!("file list: {r}")))?;
    if let Some(c) = &spec.changes {
        manifest::check_ops(&c.ops, &entries)
            .map_err(|r| Error::Internal(format!("changes: {r}")))?;
    }
    let (kind, state_id, base_state, ops) = match &spec.changes {
        None => (Kind::Full, manifest::state_id(&entries), None, Vec::new()),
        Some(c) => (Kind::Changes, c.state_id, Some(c.base_state), c.ops.clone()),
    };
    let manifest = Manifest {
        format: manifest::FORMAT.to_string(),
        version: manifest::VERSION,
        kind,
        dossier: spec.dossier.clone(),
        created: spec.created,
        sender: Sender {
            name: key.name.clone(),
            key_id: key.public_key().key_id().to_string(),
        },
        sequence: spec.sequence,
        fiscal_period: spec.fiscal_period,
        purpose: spec.purpose.clone(),
        comment: spec.comment.clone(),
        state_id,
        base_state,
        ops,
        generator: format!("sacoche {}", env!("CARGO_PKG_VERSION")),
        files: entries,
    };
    let manifest_json = manifest.to_json();
    let final_path = out_dir.join(name::file_name(
        &spec.dossier.id,
        spec.created.naive_local(),
    ));
    if final_path.exists() {
        return Err(Error::ArchiveExists(final_path));
    }

    let tmp = tempfile::Builder::new()
        .prefix(".sacoche-")
        .suffix(".part")
        .tempfile_in(out_dir)
        .map_err(|e| Error::io("create a temporary file in", out_dir, e))?;
    let tmp_path = tmp.path().to_path_buf();
    let io_err = |e: io::Error| {
        if e.kind() == io::ErrorKind::FileTooLarge {
            // FAT32 and some network shares stop at 4 GiB per file.
            Error::TooBigForDestination {
                dir: out_dir.to_path_buf(),
                size: files.iter().map(|p| p.entry.size).sum(),
            }
        } else {
            Error::io("write", &tmp_path, e)
        }
    };
    let zip_err = |e: zip::result::ZipError| match e {
        zip::result::ZipError::Io(e) => Error::io("write", &tmp_path, e),
        other => Error::Internal(format!("zip writer: {other}")),
    };

    let mut zip = ZipWriter::new(BufWriter::with_capacity(
        1 << 20,
        tmp.reopen().map_err(io_err)?,
    ));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip_time(spec.created.naive_local()))
        .unix_permissions(0o644);
    zip.start_file(MANIFEST_NAME, options).map_err(zip_err)?;
    zip.write_all(&manifest_json).map_err(io_err)?;

    let mut done = 0u64;
    let mut buf = vec![0u8; 1 << 18];
    for payload in files {
        let entry = &payload.entry;
        let method = if is_stored(&entry.path) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(level_for(method, entry.size))
            .last_modified_time(zip_time(entry.modified.with_timezone(&Local).naive_local()))
            .unix_permissions(0o644)
            .large_file(entry.size >= u64::from(u32::MAX) - (1 << 20));
        let mut source =
            File::open(&payload.source).map_err(|e| Error::io("read", &payload.source, e))?;
        zip.start_file(entry.path.as_str(), options)
            .map_err(zip_err)?;
        let mut hasher = sha2::Sha256::new();
        let mut count = 0u64;
        loop {
            let n = match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io("read", &payload.source, e)),
            };
            let chunk = buf.get(..n).unwrap_or_default();
            hasher.update(chunk);
            zip.write_all(chunk).map_err(io_err)?;
            count += n as u64;
            done += n as u64;
            if count > entry.size {
                return Err(Error::FileChanged(payload.source.clone()));
            }
            progress(done);
        }
        if count != entry.size || Sha256::from(hasher) != entry.sha256 {
            return Err(Error::FileChanged(payload.source.clone()));
        }
        crate::failpoint::hit("pack.mid-write")?;
    }
    let mut file = zip
        .finish()
        .map_err(zip_err)?
        .into_inner()
        .map_err(|e| io_err(e.into_error()))?;

    let statement = Statement {
        dossier: spec.dossier.id.clone(),
        created: spec.created.to_rfc3339(),
        kind,
        sequence: spec.sequence,
        public_key: key.public_key(),
        manifest_sha256: Sha256::of(&manifest_json),
        archive_digest: Sha256([0; 32]),
    };
    let statement = seal::seal(&mut file, statement, key).map_err(io_err)?;
    // Temporary files are private; an archive is meant to be shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io_err)?;
    }
    file.sync_all().map_err(io_err)?;
    let size = file.metadata().map_err(io_err)?.len();
    drop(file);
    crate::failpoint::hit("pack.before-rename")?;
    tmp.persist_noclobber(&final_path).map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            Error::ArchiveExists(final_path.clone())
        } else {
            Error::io("rename into place", &final_path, e.error)
        }
    })?;
    fsx::sync_dir(out_dir);
    Ok(Written {
        path: final_path,
        manifest,
        statement,
        size,
    })
}

/// A zip (MS-DOS) time; outside 1980–2107 the zip default is used (the manifest keeps
/// the exact time anyway).
fn zip_time(t: NaiveDateTime) -> zip::DateTime {
    let parts = (
        u16::try_from(t.year()).ok(),
        u8::try_from(t.month()).ok(),
        u8::try_from(t.day()).ok(),
        u8::try_from(t.hour()).ok(),
        u8::try_from(t.minute()).ok(),
        u8::try_from(t.second()).ok(),
    );
    if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = parts
        && let Ok(dt) = zip::DateTime::from_date_and_time(y, mo, d, h, mi, s)
    {
        return dt;
    }
    zip::DateTime::default()
}
