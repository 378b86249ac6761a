//! What can go wrong with a dossier folder and the exchange around it: packing,
//! integrating, extracting, the trash. Typed facts; the binary says them.

use std::path::{Path, PathBuf};

use crate::archive::manifest::FiscalPeriod;
use crate::archive::path::PathProblem;
use crate::archive::{self, Rejection};
use crate::error::{EXIT_ERROR, EXIT_USAGE, IoAction, IoError};
use crate::ids::DossierId;
use crate::keys;

/// An error of the dossier layer (`dossier`, `exchange`, `trash`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused.
    #[error(transparent)]
    Io(#[from] IoError),
    /// Reading or writing an archive failed.
    #[error(transparent)]
    Archive(#[from] archive::Error),
    /// The signing key or the trust store failed.
    #[error(transparent)]
    Keys(#[from] keys::Error),

    #[error("not-a-directory {}", .0.display())]
    NotADirectory(PathBuf),
    #[error("unportable-names {}: {}", dir.display(), problems.len())]
    UnportableNames {
        dir: PathBuf,
        problems: Vec<(String, PathProblem)>,
    },
    #[error("file-changed {}", .0.display())]
    FileChanged(PathBuf),
    #[error("output-inside-dossier {}", out.display())]
    OutputInsideDossier { out: PathBuf, dossier: PathBuf },
    #[error("would-overwrite {}: {}", dir.display(), files.len())]
    WouldOverwrite { dir: PathBuf, files: Vec<String> },
    #[error("random: {0}")]
    Random(String),
    #[error("bad-state-file {}: {detail}", path.display())]
    BadStateFile { path: PathBuf, detail: String },
    #[error("not-in-trash {0:?}")]
    NotInTrash(String),
    #[error("restore-would-overwrite {}", .0.display())]
    RestoreWouldOverwrite(PathBuf),
    #[error("not-a-dossier {}", .0.display())]
    NotADossier(PathBuf),
    #[error("dossier-exists {}: {id}", dir.display())]
    DossierExists {
        dir: PathBuf,
        id: DossierId,
        name: String,
    },
    #[error("needs-full-archive {}", archive.display())]
    NeedsFullArchive { archive: PathBuf, dir: PathBuf },
    #[error("wrong-dossier {}: {archive_dossier} not {dossier}", archive.display())]
    WrongDossier {
        archive: PathBuf,
        archive_dossier: DossierId,
        dir: PathBuf,
        dossier: DossierId,
    },
    #[error("stale {}: {newer}", archive.display())]
    Stale { archive: PathBuf, newer: String },
    #[error("fiscal-year-mismatch {}", archive.display())]
    FiscalYearMismatch {
        archive: PathBuf,
        theirs: FiscalPeriod,
        ours: FiscalPeriod,
    },
    #[error("nothing-changed {}", dir.display())]
    NothingChanged { dir: PathBuf, last: String },
    #[error("no-base {}", .0.display())]
    NoBase(PathBuf),
    #[error("identity-mismatch {}: {recorded} not {given}", dir.display())]
    IdentityMismatch {
        dir: PathBuf,
        recorded: DossierId,
        given: DossierId,
    },
    #[error("no-identity {}", .0.display())]
    NoIdentity(PathBuf),
    #[error("invalid-name {0:?}")]
    InvalidName(String),
    /// A dossier number that is not one.
    #[error(transparent)]
    InvalidDossierId(#[from] crate::ids::InvalidDossierId),
    #[error("too-big-to-split {path:?}: {size}")]
    TooBigToSplit { path: String, size: u64, limit: u64 },
    /// `pack --strict`: a ledger it would carry does not pass `fec check`.
    #[error("invalid-ledger {}: {path}", dir.display())]
    InvalidLedger { dir: PathBuf, path: String },
    #[error("too-big-for-destination {}: {size}", dir.display())]
    TooBigForDestination { dir: PathBuf, size: u64 },
    #[error("own-archive {}", archive.display())]
    OwnArchive { archive: PathBuf },
    #[error("needs-confirmation {}", archive.display())]
    NeedsConfirmation {
        archive: PathBuf,
        reasons: Vec<Confirm>,
    },
    #[error("missing-content {}: {}", archive.display(), files.len())]
    MissingContent {
        archive: PathBuf,
        files: Vec<String>,
    },
    #[error("folder-clash {}: {file:?}", archive.display())]
    FolderClash {
        archive: PathBuf,
        file: String,
        folder: String,
    },
    #[error("waiting-for-parts {}: {missing:?}", archive.display())]
    WaitingForParts {
        archive: PathBuf,
        have: Vec<u32>,
        missing: Vec<u32>,
        count: u32,
    },
    #[error("legacy-changes {}", archive.display())]
    LegacyChanges { archive: PathBuf },
    #[error("held-open {}", .0.display())]
    HeldOpen(PathBuf),
    #[error("changed-during-integration {}", .0.display())]
    ChangedDuringIntegration(PathBuf),
    #[error("unknown-correspondent {}: {name:?}", dir.display())]
    UnknownCorrespondent { dir: PathBuf, name: String },
    #[error("no-conflict {}", .0.display())]
    NoConflict(PathBuf),
    #[error("interrupted {}", .0.display())]
    Interrupted(PathBuf),
    #[error("destination-blocked {}: {what:?}", path.display())]
    DestinationBlocked { path: PathBuf, what: Blocker },
    /// Several archives given together that are not the parts of one split archive.
    #[error("not-parts")]
    NotParts,
    /// Parts of different split archives.
    #[error("not-one-split")]
    NotOneSplit,
    /// The same part twice.
    #[error("part-twice")]
    PartTwice,
    /// No archive at all.
    #[error("no-archive")]
    NoArchive,
    #[error("internal: {0}")]
    Internal(String),
}

/// What stands where an extracted file must go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    /// A link (nothing is written through one).
    Link,
    /// A folder where the file goes.
    Folder,
    /// A device, pipe or socket.
    NotPlainFile,
    /// A file where a folder is needed.
    FileForFolder,
}

/// What an integration needs confirmed before it changes anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// The sender asks that the dossier become exactly its content (`pack --reset`).
    Reset,
    /// The archive comes from another history of the dossier (its folder was set up
    /// again).
    OtherHistory,
    /// The integration would delete most of the dossier.
    MassDeletion { removed: usize, total: usize },
}

impl Confirm {
    /// A stable code, for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            Confirm::Reset => "reset",
            Confirm::OtherHistory => "other-history",
            Confirm::MassDeletion { .. } => "mass-deletion",
        }
    }
}

impl Error {
    /// Wraps an I/O error with what was being done and where.
    pub fn io(action: IoAction, path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io(IoError::new(action, path, source))
    }

    /// The archive rejection inside, when this is one.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            Error::Archive(e) => e.rejection(),
            _ => None,
        }
    }

    /// Whether this is the operating system refusing, or a bug, rather than something
    /// about the archive or the dossier (worth trying again once it is fixed).
    pub fn is_operational(&self) -> bool {
        matches!(
            self,
            Error::Io(_)
                | Error::Internal(_)
                | Error::Archive(archive::Error::Io(_) | archive::Error::Internal(_))
                | Error::Keys(keys::Error::Io(_) | keys::Error::Internal(_))
        )
    }

    /// The file a change was caught on while it was being packed, from either layer.
    pub fn changed_file(&self) -> Option<&Path> {
        match self {
            Error::FileChanged(p) | Error::Archive(archive::Error::FileChanged(p)) => Some(p),
            _ => None,
        }
    }

    /// A stable code (`kebab-case`), for `--json` and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io(_) => "io",
            Error::Archive(e) => e.code(),
            Error::Keys(e) => e.code(),
            Error::NotADirectory(_) => "not-a-directory",
            Error::UnportableNames { .. } => "unportable-names",
            Error::FileChanged(_) => "file-changed",
            Error::OutputInsideDossier { .. } => "output-inside-dossier",
            Error::WouldOverwrite { .. } => "would-overwrite",
            Error::Random(_) => "random",
            Error::BadStateFile { .. } => "bad-state-file",
            Error::NotInTrash(_) => "not-in-trash",
            Error::RestoreWouldOverwrite(_) => "restore-would-overwrite",
            Error::NotADossier(_) => "not-a-dossier",
            Error::DossierExists { .. } => "dossier-exists",
            Error::NeedsFullArchive { .. } => "needs-full-archive",
            Error::WrongDossier { .. } => "wrong-dossier",
            Error::Stale { .. } => "stale",
            Error::FiscalYearMismatch { .. } => "fiscal-year-mismatch",
            Error::NothingChanged { .. } => "nothing-changed",
            Error::NoBase(_) => "no-base",
            Error::IdentityMismatch { .. } => "identity-mismatch",
            Error::NoIdentity(_) => "no-identity",
            Error::InvalidName(_) => "invalid-name",
            Error::InvalidDossierId(_) => "invalid-dossier-id",
            Error::TooBigToSplit { .. } => "too-big-to-split",
            Error::TooBigForDestination { .. } => "too-big-for-destination",
            Error::InvalidLedger { .. } => "invalid-ledger",
            Error::OwnArchive { .. } => "own-archive",
            Error::NeedsConfirmation { .. } => "needs-confirmation",
            Error::MissingContent { .. } => "missing-content",
            Error::FolderClash { .. } => "folder-clash",
            Error::WaitingForParts { .. } => "waiting-for-parts",
            Error::LegacyChanges { .. } => "legacy-changes",
            Error::HeldOpen(_) => "held-open",
            Error::ChangedDuringIntegration(_) => "changed-during-integration",
            Error::UnknownCorrespondent { .. } => "unknown-correspondent",
            Error::NoConflict(_) => "no-conflict",
            Error::Interrupted(_) => "interrupted",
            Error::DestinationBlocked { .. } => "destination-blocked",
            Error::NotParts | Error::NotOneSplit | Error::PartTwice | Error::NoArchive => "usage",
            Error::Internal(_) => "internal",
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Archive(e) => e.exit_code(),
            Error::Keys(e) => e.exit_code(),
            Error::InvalidName(_)
            | Error::InvalidDossierId(_)
            | Error::NotParts
            | Error::NotOneSplit
            | Error::PartTwice
            | Error::NoArchive => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }
}
