//! What can go wrong with keys and trust.

use std::path::PathBuf;

use crate::error::{EXIT_ERROR, EXIT_USAGE, IoAction, IoError};
use crate::ids::{DossierId, InvalidDossierId};

/// An error of the keys layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused.
    #[error(transparent)]
    Io(#[from] IoError),
    /// No signing key yet.
    #[error("no-key {}", path.display())]
    NoKey { path: PathBuf },
    /// `key new` when a key exists (it was kept).
    #[error("key-exists {}", path.display())]
    KeyExists { path: PathBuf },
    /// The secret key file cannot be read as one.
    #[error("bad-key-file {}: {detail}", path.display())]
    BadKeyFile { path: PathBuf, detail: String },
    /// The trust file cannot be read as one.
    #[error("bad-trust-file {}: {detail}", path.display())]
    BadTrustFile { path: PathBuf, detail: String },
    /// Text that is not a `sacochepk…` line.
    #[error("bad-public-key {0:?}")]
    BadPublicKey(String),
    /// A point of small order: no signature made with it proves anything.
    #[error("weak-public-key {0}")]
    WeakPublicKey(String),
    /// No trusted key matches.
    #[error("not-trusted {0:?}")]
    NotTrusted(String),
    /// A name that is empty or on several lines.
    #[error("invalid-name {0:?}")]
    InvalidName(String),
    /// A dossier restriction that is not a dossier number.
    #[error(transparent)]
    InvalidDossierId(#[from] InvalidDossierId),
    /// Adding a key trusted for some dossiers only, for all of them, without saying so.
    #[error("would-widen-trust {name:?} {dossiers:?}")]
    WouldWidenTrust {
        name: String,
        dossiers: Vec<DossierId>,
    },
    /// The operating system gave no random bytes.
    #[error("random: {0}")]
    Random(String),
    /// A bug.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    /// Wraps an I/O error with what was being done and where.
    pub fn io(
        action: IoAction,
        path: impl AsRef<std::path::Path>,
        source: std::io::Error,
    ) -> Error {
        Error::Io(IoError::new(action, path, source))
    }

    /// A stable code (`kebab-case`), for `--json` and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io(_) => "io",
            Error::NoKey { .. } => "no-key",
            Error::KeyExists { .. } => "key-exists",
            Error::BadKeyFile { .. } => "bad-key-file",
            Error::BadTrustFile { .. } => "bad-trust-file",
            Error::BadPublicKey(_) => "bad-public-key",
            Error::WeakPublicKey(_) => "weak-public-key",
            Error::NotTrusted(_) => "not-trusted",
            Error::InvalidName(_) => "invalid-name",
            Error::InvalidDossierId(_) => "invalid-dossier-id",
            Error::WouldWidenTrust { .. } => "would-widen-trust",
            Error::Random(_) => "random",
            Error::Internal(_) => "internal",
        }
    }

    /// The process exit code: a key or name written wrong is a usage error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::BadPublicKey(_)
            | Error::WeakPublicKey(_)
            | Error::InvalidName(_)
            | Error::InvalidDossierId(_)
            | Error::WouldWidenTrust { .. } => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }
}
