//! What can go wrong with the inbox folders, the watcher and the audit log.

use std::path::{Path, PathBuf};

use crate::archive::{self, Rejection};
use crate::dossier;
use crate::error::{ConfigError, EXIT_ERROR, IoAction, IoError};
use crate::keys;

/// An error of the inbox layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused.
    #[error(transparent)]
    Io(#[from] IoError),
    /// Integrating, or reading the dossiers, failed.
    #[error(transparent)]
    Dossier(#[from] dossier::Error),
    /// Taking archives out of received mail failed.
    #[error(transparent)]
    Mail(#[from] crate::mail::Error),
    /// `config.toml` cannot be understood.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No inbox folder given nor configured.
    #[error("no-inbox {}", .0.display())]
    NoInbox(PathBuf),
    /// No dossiers folder given nor configured.
    #[error("no-dossiers-root")]
    NoDossiersRoot,
    /// A file given to `inbox process` or `delete` that is not in an inbox.
    #[error("not-in-inbox {}", .0.display())]
    NotInInbox(PathBuf),
    /// A bug.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<archive::Error> for Error {
    fn from(e: archive::Error) -> Error {
        Error::Dossier(e.into())
    }
}

impl From<keys::Error> for Error {
    fn from(e: keys::Error) -> Error {
        Error::Dossier(e.into())
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
            Error::Dossier(e) => e.rejection(),
            Error::Mail(e) => e.rejection(),
            _ => None,
        }
    }

    /// Whether this is the operating system refusing, or a bug.
    pub fn is_operational(&self) -> bool {
        match self {
            Error::Io(_) | Error::Internal(_) => true,
            Error::Dossier(e) => e.is_operational(),
            Error::Mail(e) => e.is_operational(),
            _ => false,
        }
    }

    /// A stable code (`kebab-case`), for `--json` and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io(_) => "io",
            Error::Dossier(e) => e.code(),
            Error::Mail(e) => e.code(),
            Error::Config(e) => e.code(),
            Error::NoInbox(_) => "no-inbox",
            Error::NoDossiersRoot => "no-dossiers-root",
            Error::NotInInbox(_) => "not-in-inbox",
            Error::Internal(_) => "internal",
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Dossier(e) => e.exit_code(),
            Error::Mail(e) => e.exit_code(),
            _ => EXIT_ERROR,
        }
    }
}
