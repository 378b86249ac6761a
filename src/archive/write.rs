//! Writing an archive: manifest first, then each payload file (deflated, or stored when
//! already compressed), then the seal. Files are read in 1 MiB pieces that are
//! compressed on all cores a few pieces ahead of the writing, which stays in order and
//! checks every file's SHA-256 again; memory stays bounded whatever the file sizes. The
//! archive is written under a temporary name, synced, and only then renamed to its
//! final name, which is never overwritten.

use crate::error::IoAction;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDateTime, Timelike};
use flate2::write::DeflateEncoder;
use rayon::prelude::*;
use sha2::Digest;

use std::collections::BTreeMap;

use super::Error;
use super::manifest::{
    self, Ack, DeltaEntry, DossierRef, FileEntry, FiscalPeriod, Kind, Manifest, Part, Receipt,
    Sender, Sha256, StateEntry,
};
use super::seal::{self, Statement};
use super::version::{HistoryId, ReplicaId, Version};
use super::zipout::{Method, ZipOut};
use super::{MANIFEST_NAME, name};
use crate::fsx;
use crate::keys::OwnKey;

/// What the archive says about itself, besides the content it carries (manifest
/// version 2; see `docs/FORMAT.md` §4).
#[derive(Debug, Clone)]
pub struct ArchiveSpec {
    /// Which dossier.
    pub dossier: DossierRef,
    /// Creation time (sender's local time and offset); also gives the file name.
    pub created: DateTime<FixedOffset>,
    /// The sender replica's sequence number.
    pub sequence: u64,
    /// The fiscal period, when known.
    pub fiscal_period: Option<FiscalPeriod>,
    /// Why it is sent.
    pub purpose: Option<String>,
    /// Free comment.
    pub comment: Option<String>,
    /// Full (every file of `state` carried), changes (some), or receipt (none).
    pub kind: Kind,
    /// A full archive asking the receiver to become exactly this content.
    pub reset: bool,
    /// The dossier's history.
    pub history: HistoryId,
    /// The sender's replica.
    pub replica: ReplicaId,
    /// What the sender has integrated.
    pub knowledge: Version,
    /// The last archive integrated from each correspondent.
    pub acks: Vec<Ack>,
    /// Names of the replicas in `state` and of the sender.
    pub replicas: BTreeMap<ReplicaId, String>,
    /// The sender's whole dossier with versions, sorted by path.
    pub state: Vec<StateEntry>,
    /// A part of a split content.
    pub part: Option<Part>,
    /// For a receipt: what it acknowledges.
    pub receipt: Option<Receipt>,
    /// Files of `state` carried as a delta (a changes archive only), sorted by path.
    pub deltas: Vec<DeltaBody>,
}

/// A file carried as a delta: its manifest entry and its body.
#[derive(Debug, Clone)]
pub struct DeltaBody {
    /// The manifest entry; `size` and `sha256` are those of `body`.
    pub entry: DeltaEntry,
    /// The delta body (`docs/FORMAT.md` §4.6).
    pub body: Vec<u8>,
}

impl ArchiveSpec {
    /// A full archive of `files` outside any dossier's records (samples, tests,
    /// benchmarks): each file one event of a replica derived from the signer's key id,
    /// in a history derived from the dossier id.
    pub fn standalone_full(
        dossier: DossierRef,
        created: DateTime<FixedOffset>,
        files: &[FileEntry],
        key: &OwnKey,
    ) -> ArchiveSpec {
        let replica = ReplicaId::legacy(&key.public_key().key_id().to_string());
        let state: Vec<StateEntry> = files
            .iter()
            .enumerate()
            .map(|(i, f)| StateEntry {
                path: f.path.clone(),
                size: f.size,
                sha256: f.sha256,
                modified: f.modified,
                version: Version::of(replica, i as u64 + 1),
                by: replica,
            })
            .collect();
        ArchiveSpec {
            history: HistoryId::legacy(dossier.id.as_str()),
            dossier,
            created,
            sequence: 1,
            fiscal_period: None,
            purpose: None,
            comment: None,
            kind: Kind::Full,
            reset: false,
            replica,
            knowledge: Version::of(replica, files.len() as u64),
            acks: Vec::new(),
            replicas: [(replica, key.name.clone())].into_iter().collect(),
            state,
            part: None,
            receipt: None,
            deltas: Vec::new(),
        }
    }
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
/// the default level 6, for an archive 3.5 % larger on the reference dossier): a 300 MB
/// ledger at level 6 would cost more than everything else in a pack.
pub const FAST_DEFLATE_FROM: u64 = 16 << 20;

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
    let state_id = match &spec.receipt {
        Some(r) => r.state_id,
        None => {
            let listed: Vec<FileEntry> = spec.state.iter().map(StateEntry::file).collect();
            manifest::state_id(&listed)
        }
    };
    let manifest = Manifest {
        format: manifest::FORMAT.to_string(),
        // Version 3 only where it is needed: older readers read the rest.
        version: if spec.deltas.is_empty() {
            manifest::VERSION_2
        } else {
            manifest::VERSION
        },
        kind: spec.kind,
        reset: spec.reset,
        dossier: spec.dossier.clone(),
        history: Some(spec.history),
        created: spec.created,
        sender: Sender {
            name: key.name.clone(),
            key_id: key.public_key().key_id(),
            replica: Some(spec.replica),
        },
        sequence: spec.sequence,
        fiscal_period: spec.fiscal_period,
        purpose: spec.purpose.clone(),
        comment: spec.comment.clone(),
        state_id,
        base_state: None,
        ops: Vec::new(),
        generator: format!("sacoche {}", env!("CARGO_PKG_VERSION")),
        knowledge: Some(spec.knowledge.clone()),
        acks: spec.acks.clone(),
        replicas: spec.replicas.clone(),
        part: spec.part,
        receipt: spec.receipt.clone(),
        state: spec.state.clone(),
        deltas: spec.deltas.iter().map(|d| d.entry.clone()).collect(),
        files: entries,
    };
    // What we write must be what any reader accepts: checked like an incoming manifest.
    let manifest_json = manifest
        .to_json()
        .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
    Manifest::from_json(&manifest_json).map_err(|r| Error::Internal(format!("manifest: {r}")))?;
    let kind = spec.kind;
    let final_path = out_dir.join(if kind == Kind::Receipt {
        name::receipt_file_name(&spec.dossier.id, spec.created.naive_local())
    } else {
        name::file_name(&spec.dossier.id, spec.created.naive_local())
    });
    if final_path.exists() {
        return Err(Error::ArchiveExists(final_path));
    }

    let tmp = tempfile::Builder::new()
        .prefix(".sacoche-")
        .suffix(".part")
        .tempfile_in(out_dir)
        .map_err(|e| Error::io(IoAction::CreateTempIn, out_dir, e))?;
    let tmp_path = tmp.path().to_path_buf();
    let io_err = |e: io::Error| {
        if e.kind() == io::ErrorKind::FileTooLarge {
            // FAT32 and some network shares stop at 4 GiB per file.
            Error::TooBigForDestination {
                dir: out_dir.to_path_buf(),
                size: files.iter().map(|p| p.entry.size).sum(),
            }
        } else {
            Error::io(IoAction::Write, &tmp_path, e)
        }
    };

    let mut zip = ZipOut::new(BufWriter::with_capacity(
        1 << 20,
        tmp.reopen().map_err(io_err)?,
    ));
    let (crc, deflated) = deflate_whole(&manifest_json).map_err(io_err)?;
    zip.entry(
        MANIFEST_NAME,
        Method::Deflated,
        dos_time(spec.created.naive_local()),
        manifest_json.len() as u64,
        crc,
        &deflated,
    )
    .map_err(io_err)?;
    write_payloads(&mut zip, files, progress, &io_err)?;
    for delta in &spec.deltas {
        let (crc, deflated) = deflate_whole(&delta.body).map_err(io_err)?;
        zip.entry(
            &delta.entry.entry_name(),
            Method::Deflated,
            dos_time(spec.created.naive_local()),
            delta.body.len() as u64,
            crc,
            &deflated,
        )
        .map_err(io_err)?;
    }
    let mut file = zip
        .finish()
        .map_err(io_err)?
        .into_inner()
        .map_err(|e| io_err(e.into_error()))?;

    let statement = Statement {
        dossier: spec.dossier.id.clone(),
        created: manifest.created_text(),
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
            Error::io(IoAction::RenameIntoPlace, &final_path, e.error)
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

/// An MS-DOS (time, date); outside 1980–2107 the zip default (1980-01-01) is used (the
/// manifest keeps the exact time anyway).
fn dos_time(t: NaiveDateTime) -> (u16, u16) {
    let parts = (
        u16::try_from(t.year()).ok(),
        u8::try_from(t.month()).ok(),
        u8::try_from(t.day()).ok(),
        u8::try_from(t.hour()).ok(),
        u8::try_from(t.minute()).ok(),
        u8::try_from(t.second()).ok(),
    );
    let dt = match parts {
        (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) => {
            zip::DateTime::from_date_and_time(y, mo, d, h, mi, s).unwrap_or_default()
        }
        _ => zip::DateTime::default(),
    };
    (dt.timepart(), dt.datepart())
}

/// Pieces of big files are compressed independently, on all cores, and written in
/// order: each piece but a file's last ends with a sync flush (an empty stored block,
/// not final), so that the pieces put end to end are one valid deflate stream.
const PIECE: u64 = 1 << 20;
/// How much is read and compressed ahead of the writing: bounds memory (twice this,
/// plus the compressed copies).
const WINDOW_BYTES: u64 = 4 << 20;
/// At most this many pieces (small files) per window.
const WINDOW_PIECES: usize = 512;

/// A piece of a payload file.
#[derive(Debug, Clone)]
struct Piece {
    file: usize,
    offset: u64,
    len: u64,
    last: bool,
}

/// A piece read and compressed.
struct Done {
    data: Vec<u8>,
    deflated: Option<Vec<u8>>,
    crc: crc32fast::Hasher,
}

fn pieces_of(files: &[Payload]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (file, p) in files.iter().enumerate() {
        let size = p.entry.size;
        let mut offset = 0;
        loop {
            let len = (size - offset).min(PIECE);
            let last = offset + len >= size;
            pieces.push(Piece {
                file,
                offset,
                len,
                last,
            });
            if last {
                break;
            }
            offset += len;
        }
    }
    pieces
}

fn windows_of(pieces: &[Piece]) -> Vec<std::ops::Range<usize>> {
    let mut windows = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, p) in pieces.iter().enumerate() {
        bytes += p.len;
        if bytes >= WINDOW_BYTES || i + 1 - start >= WINDOW_PIECES {
            windows.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < pieces.len() {
        windows.push(start..pieces.len());
    }
    windows
}

/// Reads and compresses one piece.
fn compute(piece: &Piece, files: &[Payload]) -> Result<Done, Error> {
    let payload = files
        .get(piece.file)
        .ok_or_else(|| Error::Internal("piece of no file".into()))?;
    let source = &payload.source;
    let file = File::open(source).map_err(|e| Error::io(IoAction::Read, source, e))?;
    let mut data =
        vec![0u8; usize::try_from(piece.len).map_err(|e| Error::Internal(e.to_string()))?];
    seal::ReadAt::read_exact_at(&file, &mut data, piece.offset).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Error::FileChanged(source.clone())
        } else {
            Error::io(IoAction::Read, source, e)
        }
    })?;
    if piece.last {
        let now = file
            .metadata()
            .map_err(|e| Error::io(IoAction::Read, source, e))?;
        if now.len() != payload.entry.size {
            return Err(Error::FileChanged(source.clone()));
        }
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(&data);
    let deflated = if is_stored(&payload.entry.path) {
        None
    } else {
        let level = if payload.entry.size >= FAST_DEFLATE_FROM {
            1
        } else {
            6
        };
        let mut encoder = DeflateEncoder::new(
            Vec::with_capacity(data.len() / 2 + 64),
            flate2::Compression::new(level),
        );
        let read_err = |e| Error::io(IoAction::Compress, source, e);
        encoder.write_all(&data).map_err(read_err)?;
        Some(if piece.last {
            encoder.finish().map_err(read_err)?
        } else {
            encoder.flush().map_err(read_err)?;
            std::mem::take(encoder.get_mut())
        })
    };
    Ok(Done {
        data,
        deflated,
        crc,
    })
}

/// What the writer carries from one piece of a file to the next.
struct Current {
    sha: sha2::Sha256,
    crc: crc32fast::Hasher,
    compressed: u64,
    method: Method,
}

/// Deflate only where it pays: content that does not shrink (already compressed, or
/// random, whatever its extension) is stored, so that an archive never grows it. For a
/// file cut in pieces, its first piece decides.
fn method_of(done: &Done) -> Method {
    match &done.deflated {
        Some(d) if d.len() < done.data.len() => Method::Deflated,
        _ => Method::Stored,
    }
}

/// Writes every payload: windows of pieces are read and compressed on all cores while
/// the previous window is hashed (SHA-256, in order) and written.
fn write_payloads<W: Write + io::Seek>(
    zip: &mut ZipOut<W>,
    files: &[Payload],
    progress: &mut dyn FnMut(u64),
    io_err: &dyn Fn(io::Error) -> Error,
) -> Result<(), Error> {
    let pieces = pieces_of(files);
    let windows = windows_of(&pieces);
    let mut current: Option<Current> = None;
    let mut done_bytes = 0u64;
    let mut ready: Vec<Done> = Vec::new();
    let mut ready_range = 0..0;
    let mut write_window = |ready: Vec<Done>, range: std::ops::Range<usize>| -> Result<(), Error> {
        for (piece, done) in pieces.get(range).unwrap_or_default().iter().zip(ready) {
            let payload = files
                .get(piece.file)
                .ok_or_else(|| Error::Internal("piece of no file".into()))?;
            let entry = &payload.entry;
            let method = match (&current, piece.offset) {
                (Some(cur), offset) if offset > 0 => cur.method,
                _ => method_of(&done),
            };
            let time = dos_time(entry.modified.with_timezone(&Local).naive_local());
            let bytes = match method {
                Method::Deflated => done.deflated.as_deref().unwrap_or(&done.data),
                Method::Stored => &done.data,
            };
            done_bytes += piece.len;
            if piece.offset == 0 && piece.last {
                if Sha256::of(&done.data) != entry.sha256 {
                    return Err(Error::FileChanged(payload.source.clone()));
                }
                zip.entry(
                    &entry.path,
                    method,
                    time,
                    entry.size,
                    done.crc.finalize(),
                    bytes,
                )
                .map_err(io_err)?;
            } else {
                if piece.offset == 0 {
                    zip.begin(&entry.path, method, time, entry.size)
                        .map_err(io_err)?;
                    current = Some(Current {
                        sha: sha2::Sha256::new(),
                        crc: crc32fast::Hasher::new(),
                        compressed: 0,
                        method,
                    });
                }
                let cur = current
                    .as_mut()
                    .ok_or_else(|| Error::Internal("piece out of order".into()))?;
                cur.sha.update(&done.data);
                cur.crc.combine(&done.crc);
                cur.compressed += bytes.len() as u64;
                zip.data(bytes).map_err(io_err)?;
                if piece.last {
                    let cur = current
                        .take()
                        .ok_or_else(|| Error::Internal("piece out of order".into()))?;
                    if Sha256::from(cur.sha) != entry.sha256 {
                        return Err(Error::FileChanged(payload.source.clone()));
                    }
                    zip.end(cur.crc.finalize(), cur.compressed)
                        .map_err(io_err)?;
                }
            }
            progress(done_bytes);
            if piece.last {
                crate::failpoint::hit("pack.mid-write")?;
            }
        }
        Ok(())
    };
    for next in windows.into_iter().map(Some).chain(std::iter::once(None)) {
        let pieces = &pieces;
        let (computed, written) = std::thread::scope(|scope| {
            let worker = next.clone().map(|range| {
                scope.spawn(move || {
                    pieces
                        .get(range)
                        .unwrap_or_default()
                        .par_iter()
                        .map(|p| compute(p, files))
                        .collect::<Result<Vec<Done>, Error>>()
                })
            });
            let written = write_window(std::mem::take(&mut ready), ready_range.clone());
            let computed = worker.map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(Error::Internal("a packing thread failed".into())))
            });
            (computed, written)
        });
        written?;
        if let (Some(computed), Some(range)) = (computed, next) {
            ready = computed?;
            ready_range = range;
        }
    }
    Ok(())
}

/// Deflates `bytes` in one go (the manifest): its CRC-32 and compressed bytes.
fn deflate_whole(bytes: &[u8]) -> io::Result<(u32, Vec<u8>)> {
    let mut encoder = DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes)?;
    Ok((crc32fast::hash(bytes), encoder.finish()?))
}
