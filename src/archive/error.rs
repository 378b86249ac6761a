//! What can go wrong reading or writing an archive.

use std::path::{Path, PathBuf};

use super::Rejection;
use crate::error::{EXIT_ERROR, EXIT_REJECTED, EXIT_USAGE, IoAction, IoError};
use crate::ids::InvalidDossierId;

/// An error of the archive layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused.
    #[error(transparent)]
    Io(#[from] IoError),
    /// An archive failed verification; nothing was written.
    #[error("rejected {}: {}", archive.display(), reason.code())]
    Rejected {
        /// The archive file.
        archive: PathBuf,
        /// Why.
        reason: Rejection,
    },
    /// The archive to write already exists (nothing was overwritten).
    #[error("archive-exists {}", .0.display())]
    ArchiveExists(PathBuf),
    /// A file changed while it was being packed (nothing was written).
    #[error("file-changed {}", .0.display())]
    FileChanged(PathBuf),
    /// The destination cannot hold a file this big (FAT32: 4 GiB).
    #[error("too-big-for-destination {}: {size}", dir.display())]
    TooBigForDestination { dir: PathBuf, size: u64 },
    /// A manifest whose dossier is not a dossier number.
    #[error(transparent)]
    InvalidDossierId(#[from] InvalidDossierId),
    /// A bug.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    /// Wraps an I/O error with what was being done and where.
    pub fn io(action: IoAction, path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io(IoError::new(action, path, source))
    }

    /// A stable code (`kebab-case`), for `--json` and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io(_) => "io",
            Error::Rejected { .. } => "rejected",
            Error::ArchiveExists(_) => "archive-exists",
            Error::FileChanged(_) => "file-changed",
            Error::TooBigForDestination { .. } => "too-big-for-destination",
            Error::InvalidDossierId(_) => "invalid-dossier-id",
            Error::Internal(_) => "internal",
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Rejected { .. } => EXIT_REJECTED,
            Error::InvalidDossierId(_) => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }

    /// The rejection, when this is one.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            Error::Rejected { reason, .. } => Some(reason),
            _ => None,
        }
    }
}
