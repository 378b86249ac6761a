//! Reading an archive safely, in two stages.
//!
//! 1. [`Opened::open`] is the gate: it reads only the end record and its signed
//!    statement, checks the Ed25519 signature and the SHA-256 of every byte before it,
//!    and decides how far the signer is trusted. No zip entry has been parsed yet.
//! 2. [`Opened::contents`], for trusted signers only, parses the zip and the manifest and
//!    checks their structure; [`Contents::read_files`] then streams each file through
//!    size and SHA-256 checks. A caller writes what it reads to a staging area and keeps
//!    it only if the whole read succeeds.

use crate::error::IoAction;
use crate::ids::DossierId;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest;
use zip::CompressionMethod;
use zip::read::{ArchiveOffset, Config, ZipArchive};

use super::Error;
use super::manifest::{DELTA_FOLDER, DeltaEntry, FileEntry, MAX_MANIFEST_BYTES, Manifest, Sha256};
use super::seal::{self, Statement};
use super::{MANIFEST_NAME, Rejection, path};
use crate::keys::{Trust, TrustStore};

/// An archive whose seal has been checked: the signature is valid and covers every byte.
#[derive(Debug)]
pub struct Opened {
    path: PathBuf,
    file: File,
    statement: Statement,
    trust: Trust,
    /// Where the signed bytes end (the comment begins).
    signed_len: u64,
}

/// A file's identity on disk, to recognise it unchanged without reading it: its size and
/// modification time, and where the platform gives them, its device, inode and
/// status-change time (which no program can set back, unlike the modification time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    size: u64,
    modified_ns: i128,
    changed_ns: i128,
    device: u64,
    inode: u64,
}

impl FileStamp {
    /// The stamp of a file, from its metadata.
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        let ns = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128)
        };
        #[cfg(unix)]
        let (changed_ns, device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.dev(),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed_ns, device, inode) = (ns(meta.created()), 0, 0);
        FileStamp {
            size: meta.len(),
            modified_ns: ns(meta.modified()),
            changed_ns,
            device,
            inode,
        }
    }
}

/// Archive digests already checked, by file and stamp: lets a listing skip re-reading
/// an archive it checked before. An archive being integrated or extracted is always
/// checked in full; this only serves to show a list quickly.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CheckedDigests {
    files: HashMap<PathBuf, (FileStamp, Sha256)>,
}

impl CheckedDigests {
    /// Forgets every file not in `keep`.
    pub fn retain(&mut self, keep: &std::collections::HashSet<PathBuf>) {
        self.files.retain(|path, _| keep.contains(path));
    }
}

impl Opened {
    /// The gate. Rejects anything not validly signed; parses no zip entry.
    /// Untrusted signers are *not* rejected here: see [`Opened::require_trusted`].
    pub fn open(path: &Path, trust: &TrustStore) -> Result<Opened, Error> {
        Self::open_with(path, trust, None)
    }

    /// [`Opened::open`] for listing: the digest of a file whose stamp is unchanged since
    /// `checked` recorded it is not recomputed (the statement and signature are still
    /// checked); a newly checked digest is recorded.
    pub fn open_listing(
        path: &Path,
        trust: &TrustStore,
        checked: &mut CheckedDigests,
    ) -> Result<Opened, Error> {
        Self::open_with(path, trust, Some(checked))
    }

    fn open_with(
        path: &Path,
        trust: &TrustStore,
        checked: Option<&mut CheckedDigests>,
    ) -> Result<Opened, Error> {
        let file = File::open(path).map_err(|e| Error::io(IoAction::Open, path, e))?;
        let meta = file
            .metadata()
            .map_err(|e| Error::io(IoAction::Read, path, e))?;
        if !meta.is_file() {
            return Err(Error::io(
                IoAction::Read,
                path,
                io::Error::new(io::ErrorKind::InvalidInput, "not a file"),
            ));
        }
        let stamp = FileStamp::of(&meta);
        let known = checked.as_ref().and_then(|c| {
            c.files
                .get(path)
                .filter(|(s, _)| *s == stamp)
                .map(|(_, digest)| *digest)
        });
        if known.is_none() {
            super::meter::begin(path, super::meter::Phase::Signature, meta.len());
        }
        let seal = seal::check_with(&file, known)
            .map_err(|e| Error::io(IoAction::Read, path, e))?
            .map_err(|reason| Error::Rejected {
                archive: path.to_path_buf(),
                reason,
            })?;
        let (statement, signed_len) = (seal.statement, seal.signed_len);
        if let Some(c) = checked {
            c.files
                .insert(path.to_path_buf(), (stamp, statement.archive_digest));
        }
        let trust = trust.trust_for(&statement.public_key, &statement.dossier);
        Ok(Opened {
            path: path.to_path_buf(),
            file,
            statement,
            trust,
            signed_len,
        })
    }

    /// The archive's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// What the signer vouched for (dossier, time, kind, sequence, key).
    pub fn statement(&self) -> &Statement {
        &self.statement
    }
    /// How far the signer is trusted for this archive's dossier.
    pub fn trust(&self) -> &Trust {
        &self.trust
    }
    /// The archive id: SHA-256 of its signed bytes.
    pub fn archive_id(&self) -> Sha256 {
        self.statement.archive_digest
    }

    /// Rejects archives from signers not trusted for their dossier.
    pub fn require_trusted(&self) -> Result<(), Error> {
        let key = &self.statement.public_key;
        let reason = match &self.trust {
            Trust::Own { .. } | Trust::Trusted { .. } => return Ok(()),
            Trust::Unknown => Rejection::UnknownSigner {
                key_id: key.key_id(),
                public_key: key.to_string(),
                dossier: self.statement.dossier.clone(),
            },
            Trust::OtherDossiers { name, .. } => Rejection::SignerNotTrustedForDossier {
                key_id: key.key_id(),
                name: name.clone(),
                dossier: self.statement.dossier.clone(),
            },
        };
        Err(self.reject(reason))
    }

    fn reject(&self, reason: Rejection) -> Error {
        Error::Rejected {
            archive: self.path.clone(),
            reason,
        }
    }

    /// Parses the zip and the manifest of a trusted archive and checks their structure.
    pub fn contents(self) -> Result<Contents, Error> {
        self.require_trusted()?;
        let Opened {
            path,
            file,
            statement,
            trust,
            signed_len,
        } = self;
        let reject = |reason| Error::Rejected {
            archive: path.clone(),
            reason,
        };
        // The zip's records, byte by byte, before the zip parser sees them.
        super::structure::check(&file, signed_len)
            .map_err(|e| Error::io(IoAction::Read, &path, e))?
            .map_err(reject)?;
        let config = Config {
            archive_offset: ArchiveOffset::Known(0),
        };
        let mut zip = ZipArchive::with_config(config, file).map_err(|e| zip_error(&path, e))?;
        let (manifest, index) = check_structure(&mut zip, &statement).map_err(reject)?;
        Ok(Contents {
            path,
            zip,
            entries: manifest.entries(),
            manifest,
            index,
            statement,
            trust,
        })
    }
}

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(e) if e.kind() != io::ErrorKind::UnexpectedEof => {
            Error::io(IoAction::Read, path, e)
        }
        other => Error::Rejected {
            archive: path.to_path_buf(),
            reason: Rejection::BadZip(other.to_string()),
        },
    }
}

/// Every structural check that needs no payload decompression. Returns the manifest and,
/// for each manifest file, its zip entry index.
fn check_structure<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    statement: &Statement,
) -> Result<(Manifest, Vec<usize>), Rejection> {
    if zip.has_duplicate_names() {
        let mut seen = std::collections::HashSet::new();
        let dup = zip
            .file_names_raw()
            .find(|n| !seen.insert(n.to_vec()))
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        return Err(Rejection::DuplicateName(dup));
    }
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip
            .by_index_data(i)
            .map_err(|e| Rejection::BadZip(e.to_string()))?;
        let raw = entry.name_raw();
        let name = std::str::from_utf8(raw)
            .map_err(|_| Rejection::UnsafePath {
                name: String::from_utf8_lossy(raw).into_owned(),
                why: super::path::PathProblem::NotUnicode,
            })?
            .to_string();
        let kind = entry.unix_mode().map(|m| m & 0o170_000);
        if entry.is_dir() || entry.is_symlink() || kind.is_some_and(|k| k != 0 && k != 0o100_000) {
            return Err(Rejection::NotARegularFile(name));
        }
        if i == 0 && (name != MANIFEST_NAME || entry.header_start() != 0) {
            return Err(Rejection::ManifestNotFirst);
        }
        if i > 0 {
            if name == MANIFEST_NAME {
                return Err(Rejection::ManifestNotFirst);
            }
            // A delta body's name is its file's path in the deltas folder (§4.6).
            let payload = name.strip_prefix(DELTA_FOLDER).unwrap_or(&name);
            path::check_payload(payload).map_err(|why| Rejection::UnsafePath {
                name: name.clone(),
                why,
            })?;
        }
        if entry.encrypted() {
            return Err(Rejection::Encrypted(name));
        }
        let method = entry.compression();
        if method != CompressionMethod::Stored && method != CompressionMethod::Deflated {
            return Err(Rejection::UnsupportedCompression {
                name,
                method: format!("{method}"),
            });
        }
        names.push((name, entry.size()));
    }
    if names.is_empty() {
        return Err(Rejection::ManifestNotFirst);
    }
    if zip
        .has_overlapping_entries()
        .map_err(|e| Rejection::BadZip(e.to_string()))?
    {
        return Err(Rejection::OverlappingEntries);
    }
    zip.validate_header_consistency()
        .map_err(|e| Rejection::HeaderMismatch(e.to_string()))?;

    let manifest = read_manifest(zip, statement)?;
    let entries = manifest.entries();
    let wanted: HashMap<&str, &FileEntry> = entries.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut found: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for (i, (name, size)) in names.iter().enumerate().skip(1) {
        let Some(file) = wanted.get(name.as_str()) else {
            return Err(Rejection::EntryNotInManifest(name.clone()));
        };
        if *size != file.size {
            return Err(Rejection::SizeMismatch {
                name: name.clone(),
                expected: file.size,
                found: *size,
            });
        }
        found.insert(name.as_str(), i);
    }
    let mut index = Vec::with_capacity(entries.len());
    for file in &entries {
        match found.get(file.path.as_str()) {
            Some(&i) => index.push(i),
            None => return Err(Rejection::FileMissing(file.path.clone())),
        }
    }
    Ok((manifest, index))
}

fn read_manifest<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    statement: &Statement,
) -> Result<Manifest, Rejection> {
    let mut entry = zip
        .by_index(0)
        .map_err(|e| Rejection::BadZip(e.to_string()))?;
    if entry.size() > MAX_MANIFEST_BYTES {
        return Err(Rejection::ManifestTooLarge(entry.size()));
    }
    let mut bytes = Vec::new();
    entry
        .by_ref()
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Rejection::CorruptEntry {
            name: MANIFEST_NAME.into(),
            detail: e.to_string(),
        })?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(Rejection::ManifestTooLarge(bytes.len() as u64));
    }
    if Sha256::of(&bytes) != statement.manifest_sha256 {
        return Err(Rejection::StatementMismatch("manifest hash"));
    }
    let manifest = Manifest::from_json(&bytes)?;
    // The manifest's own text, byte for byte (not the time it parses to: `…47.000+01:00`
    // is not `…47+01:00`).
    let created = super::manifest::created_text_of(&bytes).unwrap_or_default();
    let checks: [(&'static str, bool); 5] = [
        ("dossier", manifest.dossier.id == statement.dossier),
        (
            "creation time",
            created == statement.created
                // Archives of sacoche 0.1 wrote `+00:00` in the statement where the
                // manifest says `Z`, the rest identical.
                || (manifest.version == super::manifest::VERSION_1
                    && created.strip_suffix('Z').is_some_and(|at| {
                        statement.created.strip_suffix("+00:00") == Some(at)
                    })),
        ),
        ("kind", manifest.kind == statement.kind),
        ("sequence number", manifest.sequence == statement.sequence),
        (
            "key id",
            manifest.sender.key_id == statement.public_key.key_id(),
        ),
    ];
    if let Some((field, _)) = checks.iter().find(|(_, ok)| !ok) {
        return Err(Rejection::StatementMismatch(field));
    }
    Ok(manifest)
}

/// A trusted archive whose structure and manifest have been checked.
pub struct Contents {
    path: PathBuf,
    zip: ZipArchive<File>,
    manifest: Manifest,
    /// The zip entries after the manifest, as the manifest lists them: files, then
    /// delta bodies.
    entries: Vec<FileEntry>,
    index: Vec<usize>,
    statement: Statement,
    trust: Trust,
}

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contents")
            .field("path", &self.path)
            .field("files", &self.manifest.files.len())
            .finish()
    }
}

impl Contents {
    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
    /// The signed statement.
    pub fn statement(&self) -> &Statement {
        &self.statement
    }
    /// The signer's trust.
    pub fn trust(&self) -> &Trust {
        &self.trust
    }
    /// The archive's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Streams every file, in manifest order, then every delta body, through `sink`.
    /// Each reader yields exactly the declared bytes; after the sink returns, the size
    /// and SHA-256 are checked. A delta body is checked (hash and form) before the sink
    /// sees it. If anything fails, the error says why, and what the sink wrote must be
    /// discarded.
    pub fn read_files(
        &mut self,
        mut sink: impl FnMut(Carried<'_>, &mut dyn Read) -> Result<(), Error>,
    ) -> Result<(), Error> {
        super::meter::begin(
            &self.path,
            super::meter::Phase::Files,
            self.manifest.total_size(),
        );
        crate::failpoint::hit("read.files")?;
        let files = self.manifest.files.len();
        for (k, (file, &i)) in self.entries.iter().zip(&self.index).enumerate() {
            let reject = |reason| Error::Rejected {
                archive: self.path.clone(),
                reason,
            };
            let entry = self
                .zip
                .by_index_raw(i)
                .map_err(|e| zip_error(&self.path, e))?;
            if let Some(delta) = k
                .checked_sub(files)
                .and_then(|d| self.manifest.deltas.get(d))
            {
                let body = match read_delta(entry, file, &self.manifest, delta) {
                    Ok(body) => body,
                    Err(Checked::Rejected(reason)) => return Err(reject(reason)),
                    Err(Checked::Io(e)) => return Err(Error::io(IoAction::Read, &self.path, e)),
                };
                sink(Carried::Delta(delta), &mut body.as_slice())?;
                continue;
            }
            let mut reader = Verifying::new(entry, file);
            let sunk = sink(Carried::File(file), &mut reader);
            if let Some(reason) = reader.failure.take() {
                return Err(reject(reason));
            }
            sunk?;
            // Whatever the sink left unread is still checked.
            io::copy(&mut reader, &mut io::sink()).map_err(|e| match reader.failure.take() {
                Some(reason) => reject(reason),
                None => Error::io(IoAction::Read, &self.path, e),
            })?;
            reader.finish().map_err(reject)?;
        }
        Ok(())
    }

    /// Reads every file and checks it, writing nothing, on all cores. The seal was
    /// checked first; each extra thread opens its own handle on the file, and every entry
    /// is still checked against the signed manifest, so a file swapped meanwhile fails.
    pub fn verify_all(&mut self) -> Result<(), Error> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let total: u64 = self.manifest.total_size();
        if threads < 2 || total < (8 << 20) {
            // (read_files tells the meter it begins.)
            return self.read_files(|_, reader| {
                io::copy(reader, &mut io::sink())
                    .map_err(|e| Error::io(IoAction::Read, "archive", e))?;
                Ok(())
            });
        }
        // Share the bytes out evenly: entry k goes to the thread with the least so far.
        let mut shares: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); threads];
        let entries = &self.entries;
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(entries.get(k).map_or(0, |f| f.size)));
        for k in order {
            if let Some(least) = shares.iter_mut().min_by_key(|(bytes, _)| *bytes) {
                least.0 += entries.get(k).map_or(0, |f| f.size);
                least.1.push(k);
            }
        }
        let (path, manifest, index) = (&self.path, &self.manifest, &self.index);
        super::meter::begin(path, super::meter::Phase::Files, total);
        std::thread::scope(|scope| {
            let workers: Vec<_> = shares
                .into_iter()
                .map(|(_, ks)| {
                    scope.spawn(move || verify_some(path, (manifest, entries), index, &ks))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join().unwrap_or_else(|_| {
                        Err(Error::Internal("a verifying thread failed".into()))
                    })
                })
                .collect::<Result<Vec<()>, Error>>()
                .map(|_| ())
        })
    }
}

/// What a zip entry after the manifest carries.
#[derive(Debug, Clone, Copy)]
pub enum Carried<'a> {
    /// A file's whole content.
    File(&'a FileEntry),
    /// A delta body (already checked: its reader holds it in memory).
    Delta(&'a DeltaEntry),
}

/// Reads a delta body through its size and SHA-256 checks and checks its form against
/// the sizes of its base and target (§4.6).
fn read_delta<Z: Read>(
    entry: zip::read::ZipFile<'_, Z>,
    file: &FileEntry,
    manifest: &Manifest,
    delta: &DeltaEntry,
) -> Result<Vec<u8>, Checked> {
    let mut reader = Verifying::new(entry, file);
    let mut body = Vec::new();
    let read = reader.read_to_end(&mut body);
    if let Some(reason) = reader.failure.take() {
        return Err(Checked::Rejected(reason));
    }
    read.map_err(Checked::Io)?;
    reader.finish().map_err(Checked::Rejected)?;
    let target = manifest
        .target_of(delta)
        .ok_or_else(|| Checked::Rejected(Rejection::DeltaInvalid(delta.path.clone())))?;
    super::delta::parse(&body, delta.base_size, target.size)
        .map_err(|_| Checked::Rejected(Rejection::DeltaInvalid(delta.path.clone())))?;
    Ok(body)
}

/// Checks entry `k` of `entries` (a file, or a delta body past the files).
fn check_entry<Z: Read>(
    entry: zip::read::ZipFile<'_, Z>,
    (manifest, entries): (&Manifest, &[FileEntry]),
    k: usize,
) -> Result<(), Checked> {
    let Some(file) = entries.get(k) else {
        return Ok(());
    };
    match k
        .checked_sub(manifest.files.len())
        .and_then(|d| manifest.deltas.get(d))
    {
        Some(delta) => read_delta(entry, file, manifest, delta).map(|_| ()),
        None => drain_checked(entry, file),
    }
}

/// Why an entry failed its check: the archive's fault, or the reading's.
enum Checked {
    Rejected(Rejection),
    Io(io::Error),
}

/// Reads an entry to the end through its size and SHA-256 checks, keeping nothing.
fn drain_checked<Z: Read>(
    entry: zip::read::ZipFile<'_, Z>,
    file: &FileEntry,
) -> Result<(), Checked> {
    let mut reader = Verifying::new(entry, file);
    let copied = io::copy(&mut reader, &mut io::sink());
    if let Some(reason) = reader.failure.take() {
        return Err(Checked::Rejected(reason));
    }
    copied.map_err(Checked::Io)?;
    reader.finish().map_err(Checked::Rejected)
}

/// Verifies the manifest files numbered `ks` through a handle of its own.
fn verify_some(
    path: &Path,
    listed: (&Manifest, &[FileEntry]),
    index: &[usize],
    ks: &[usize],
) -> Result<(), Error> {
    let reject = |reason| Error::Rejected {
        archive: path.to_path_buf(),
        reason,
    };
    let file = File::open(path).map_err(|e| Error::io(IoAction::Open, path, e))?;
    let config = Config {
        archive_offset: ArchiveOffset::Known(0),
    };
    let mut zip = ZipArchive::with_config(config, file).map_err(|e| zip_error(path, e))?;
    for &k in ks {
        let Some(&i) = index.get(k) else {
            continue;
        };
        let entry = zip.by_index_raw(i).map_err(|e| zip_error(path, e))?;
        match check_entry(entry, listed, k) {
            Ok(()) => {}
            Err(Checked::Rejected(reason)) => return Err(reject(reason)),
            Err(Checked::Io(e)) => return Err(Error::io(IoAction::Read, path, e)),
        }
    }
    Ok(())
}

/// Yields an entry's bytes while counting and hashing them, and fails as soon as they
/// go beyond the declared size.
struct Verifying<'a, R: Read> {
    inner: Decoded<R>,
    file: &'a FileEntry,
    hasher: sha2::Sha256,
    crc: crc32fast::Hasher,
    /// The CRC-32 the zip records for the entry.
    expected_crc: u32,
    count: u64,
    failure: Option<Rejection>,
    tally: super::meter::Tally,
}

/// An entry's bytes as stored, decompressed here rather than by the zip crate: the size
/// and CRC-32 checks are this reader's own, on the bytes it counts, with no error
/// message of another crate to interpret (so that crate can take patch updates).
enum Decoded<R: Read> {
    Stored(R),
    Deflated(flate2::read::DeflateDecoder<R>),
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Stored(r) => r.read(buf),
            Decoded::Deflated(r) => r.read(buf),
        }
    }
}

impl<'a, 'z, Z: Read> Verifying<'a, zip::read::ZipFile<'z, Z>> {
    /// Checks the raw entry `entry` (from `by_index_raw`) against `file`. The method
    /// was checked to be stored or deflate when the structure was.
    fn new(entry: zip::read::ZipFile<'z, Z>, file: &'a FileEntry) -> Self {
        let expected_crc = entry.crc32();
        let inner = match entry.compression() {
            CompressionMethod::Stored => Decoded::Stored(entry),
            _ => Decoded::Deflated(flate2::read::DeflateDecoder::new(entry)),
        };
        Verifying {
            inner,
            file,
            hasher: sha2::Sha256::new(),
            crc: crc32fast::Hasher::new(),
            expected_crc,
            count: 0,
            failure: None,
            tally: super::meter::Tally::new(),
        }
    }
}

impl<R: Read> Verifying<'_, R> {
    fn fail(&mut self, reason: Rejection) -> io::Error {
        let err = io::Error::new(io::ErrorKind::InvalidData, reason.to_string());
        self.failure.get_or_insert(reason);
        err
    }

    fn finish(self) -> Result<(), Rejection> {
        if self.count != self.file.size {
            return Err(Rejection::SizeMismatch {
                name: self.file.path.clone(),
                expected: self.file.size,
                found: self.count,
            });
        }
        if self.crc.finalize() != self.expected_crc {
            return Err(Rejection::CorruptEntry {
                name: self.file.path.clone(),
                detail: "CRC-32 differs".into(),
            });
        }
        if Sha256::from(self.hasher) != self.file.sha256 {
            return Err(Rejection::HashMismatch(self.file.path.clone()));
        }
        Ok(())
    }
}

impl<R: Read> Read for Verifying<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failure.is_some() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "entry rejected"));
        }
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => {
                let reason = Rejection::CorruptEntry {
                    name: self.file.path.clone(),
                    detail: e.to_string(),
                };
                return Err(self.fail(reason));
            }
        };
        self.count += n as u64;
        if self.count > self.file.size {
            let reason = Rejection::SizeExceedsDeclared {
                name: self.file.path.clone(),
                declared: self.file.size,
            };
            return Err(self.fail(reason));
        }
        let bytes = buf.get(..n).unwrap_or_default();
        self.hasher.update(bytes);
        self.crc.update(bytes);
        self.tally.add(n as u64);
        Ok(n)
    }
}

/// A fully verified archive: seal, trust, structure, and every file's size and SHA-256.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The manifest.
    pub manifest: Manifest,
    /// The signed statement.
    pub statement: Statement,
    /// How far the signer is trusted (always trusted here).
    pub trust: Trust,
}

/// Verifies an archive completely, reading every byte, writing nothing.
pub fn verify(path: &Path, trust: &TrustStore) -> Result<Verified, Error> {
    let mut contents = Opened::open(path, trust)?.contents()?;
    contents.verify_all()?;
    Ok(Verified {
        manifest: contents.manifest,
        statement: contents.statement,
        trust: contents.trust,
    })
}

/// Every check after the signature gate, on archive bytes in memory, with a statement
/// that vouches for whatever manifest is inside (signed by the samples' test key): for
/// fuzzing and for the regression tests of what fuzzing found. It returns a verdict and
/// writes nothing; it is no way to accept an archive.
#[doc(hidden)]
pub fn checks_after_gate(data: &[u8]) -> Result<Manifest, Rejection> {
    use std::io::Cursor;
    // The signed end: where an end record's comment runs to the end of the data.
    let signed_len = (0..data.len().saturating_sub(21))
        .rev()
        .take(65_536)
        .find(|&p| {
            data.get(p..p + 4) == Some(b"PK\x05\x06")
                && data
                    .get(p + 20..p + 22)
                    .and_then(|n| <[u8; 2]>::try_from(n).ok())
                    .map(|n| usize::from(u16::from_le_bytes(n)))
                    == Some(data.len() - p - 22)
        })
        .map_or(data.len(), |p| p + 22);
    super::structure::check(data, signed_len as u64)
        .map_err(|e| Rejection::BadZip(e.to_string()))??;
    let config = Config {
        archive_offset: ArchiveOffset::Known(0),
    };
    let mut zip = ZipArchive::with_config(config, Cursor::new(data))
        .map_err(|e| Rejection::BadZip(e.to_string()))?;
    let mut manifest_bytes = Vec::new();
    zip.by_index(0)
        .map_err(|e| Rejection::BadZip(e.to_string()))?
        .take(MAX_MANIFEST_BYTES)
        .read_to_end(&mut manifest_bytes)
        .map_err(|e| Rejection::BadZip(e.to_string()))?;
    let vouched = Manifest::from_json(&manifest_bytes).ok();
    let key = crate::keys::OwnKey::from_secret_bytes("fuzz", [0x42; 32]).public_key();
    let statement = Statement {
        dossier: match &vouched {
            Some(m) => m.dossier.id.clone(),
            None => DossierId::parse("0").map_err(|e| Rejection::ManifestInvalid(e.to_string()))?,
        },
        created: vouched
            .as_ref()
            .map_or_else(String::new, |m| m.created_text()),
        kind: vouched.as_ref().map_or(super::Kind::Full, |m| m.kind),
        sequence: vouched.as_ref().map_or(1, |m| m.sequence),
        public_key: key,
        manifest_sha256: Sha256::of(&manifest_bytes),
        archive_digest: Sha256([0; 32]),
    };
    let (manifest, index) = check_structure(&mut zip, &statement)?;
    let entries = manifest.entries();
    for (k, (file, &i)) in entries.iter().zip(&index).enumerate() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| Rejection::BadZip(e.to_string()))?;
        match check_entry(entry, (&manifest, &entries), k) {
            Ok(()) => {}
            Err(Checked::Rejected(reason)) => return Err(reason),
            Err(Checked::Io(e)) => {
                return Err(Rejection::CorruptEntry {
                    name: file.path.clone(),
                    detail: e.to_string(),
                });
            }
        }
    }
    Ok(manifest)
}
