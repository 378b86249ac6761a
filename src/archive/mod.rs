//! The exchange archive format v1 (specified in `docs/FORMAT.md`): naming, manifest,
//! writing, sealing with a whole-file signature, and safe reading.
//!
//! This module knows nothing of dossier folders or inboxes: it turns a list of files
//! into a signed archive, and a signed archive back into verified file contents.

pub mod delta;
mod error;
pub mod manifest;
pub mod meter;
pub mod name;
pub mod path;
pub mod read;
pub mod seal;
pub mod structure;
pub mod version;
pub mod write;
pub mod zipout;

use std::fmt;

use crate::ids::{DossierId, KeyId};

pub use error::Error;
pub use manifest::{FileEntry, Kind, Manifest, Op, Sha256, StateEntry};
pub use read::{Carried, CheckedDigests, Contents, FileStamp, Opened, Verified, verify};
pub use seal::Statement;
pub use version::{HistoryId, Order, ReplicaId, Version};
pub use write::{ArchiveSpec, Payload, Written};

/// The name of the manifest entry, first in every archive. It sits in the `.sacoche`
/// folder, which is never part of a dossier's payload, so it cannot collide with a file.
pub const MANIFEST_NAME: &str = ".sacoche/manifest.json";

/// File name extension of exchange archives.
pub const EXTENSION: &str = "sacoche";

/// Why an archive was rejected. Each reason has a stable [`code`](Rejection::code), used by
/// the samples' expected outcomes and by `--json` output; its message is for people.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// Too short, or not a zip at all.
    NotAnArchive,
    /// A zip whose end record is missing: cut short (a copy interrupted, a stick pulled).
    Truncated,
    /// Bytes were added after the signed end of the archive.
    TrailingBytes(u64),
    /// A zip without a sacoche signature.
    Unsigned,
    /// The signature block is not in the v1 form.
    MalformedSignature(String),
    /// The signature does not verify with the key it names.
    BadSignature,
    /// The bytes do not match what was signed (altered or damaged after signing).
    ContentAltered,
    /// Signed by a key the user does not trust.
    UnknownSigner {
        key_id: KeyId,
        public_key: String,
        dossier: DossierId,
    },
    /// Signed by a trusted key, but not for this dossier.
    SignerNotTrustedForDossier {
        key_id: KeyId,
        name: String,
        dossier: DossierId,
    },
    /// The zip structure is unreadable.
    BadZip(String),
    /// Local and central headers disagree.
    HeaderMismatch(String),
    /// Two entries share bytes (zip-bomb style).
    OverlappingEntries,
    /// The same name appears twice.
    DuplicateName(String),
    /// Two names would be the same file on Windows or macOS (case or Unicode form).
    NameCollision(String, String),
    /// A name that could write outside the destination, or that Windows can't hold.
    UnsafePath {
        name: String,
        why: path::PathProblem,
    },
    /// A symlink, directory, device or other non-file entry.
    NotARegularFile(String),
    /// An encrypted entry.
    Encrypted(String),
    /// A compression method other than stored or deflate.
    UnsupportedCompression { name: String, method: String },
    /// The first entry is not the manifest.
    ManifestNotFirst,
    /// The manifest is larger than any reader should load.
    ManifestTooLarge(u64),
    /// The manifest is not valid v1 JSON.
    ManifestInvalid(String),
    /// The manifest's format version is not one this reader knows.
    UnsupportedVersion(u64),
    /// The signed statement and the manifest disagree.
    StatementMismatch(&'static str),
    /// The manifest's state id is not the one its file list gives.
    StateIdMismatch,
    /// A changes archive whose ops contradict its own file list.
    OpsContradictFiles(String),
    /// A version 2 archive whose carried files disagree with its state list.
    FilesContradictState(String),
    /// A zip entry the manifest does not list.
    EntryNotInManifest(String),
    /// A file the manifest lists but the zip lacks.
    FileMissing(String),
    /// A file's size differs from the manifest's.
    SizeMismatch {
        name: String,
        expected: u64,
        found: u64,
    },
    /// A file decompresses to more than the manifest declares.
    SizeExceedsDeclared { name: String, declared: u64 },
    /// A file's SHA-256 differs from the manifest's.
    HashMismatch(String),
    /// A compressed entry is damaged (bad deflate data or CRC).
    CorruptEntry { name: String, detail: String },
    /// A delta body (§4.6) that is not one: bad form, a copy beyond its base, not the
    /// size of the file it makes. Names the file.
    DeltaInvalid(String),
    /// A delta that, applied to its base, does not make the file its state entry
    /// describes. Names the file.
    DeltaMismatch(String),
}

impl Rejection {
    /// A stable, machine-readable code for this reason (`kebab-case`).
    pub fn code(&self) -> &'static str {
        use Rejection::*;
        match self {
            NotAnArchive => "not-an-archive",
            Truncated => "truncated",
            TrailingBytes(_) => "trailing-bytes",
            Unsigned => "unsigned",
            MalformedSignature(_) => "malformed-signature",
            BadSignature => "bad-signature",
            ContentAltered => "content-altered",
            UnknownSigner { .. } => "unknown-signer",
            SignerNotTrustedForDossier { .. } => "signer-not-trusted-for-dossier",
            BadZip(_) => "bad-zip",
            HeaderMismatch(_) => "header-mismatch",
            OverlappingEntries => "overlapping-entries",
            DuplicateName(_) => "duplicate-name",
            NameCollision(..) => "name-collision",
            UnsafePath { .. } => "unsafe-path",
            NotARegularFile(_) => "not-a-regular-file",
            Encrypted(_) => "encrypted-entry",
            UnsupportedCompression { .. } => "unsupported-compression",
            ManifestNotFirst => "manifest-not-first",
            ManifestTooLarge(_) => "manifest-too-large",
            ManifestInvalid(_) => "manifest-invalid",
            UnsupportedVersion(_) => "unsupported-version",
            StatementMismatch(_) => "statement-mismatch",
            StateIdMismatch => "state-id-mismatch",
            OpsContradictFiles(_) => "ops-contradict-files",
            FilesContradictState(_) => "files-contradict-state",
            EntryNotInManifest(_) => "entry-not-in-manifest",
            FileMissing(_) => "file-missing",
            SizeMismatch { .. } => "size-mismatch",
            SizeExceedsDeclared { .. } => "size-exceeds-declared",
            HashMismatch(_) => "hash-mismatch",
            CorruptEntry { .. } => "corrupt-entry",
            DeltaInvalid(_) => "delta-invalid",
            DeltaMismatch(_) => "delta-mismatch",
        }
    }
}

/// The stable code, with the fields a person needs only in the binary's words
/// (`src/words/rejections.rs`): the library says no sentence.
impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
