//! What can go wrong writing, sending or importing a message.

use std::path::{Path, PathBuf};

use crate::archive;
use crate::error::{ConfigError, EXIT_ERROR, EXIT_USAGE, IoAction, IoError};

/// An error of the mail layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The archive to attach, or an attachment, cannot be read as one.
    #[error(transparent)]
    Archive(#[from] archive::Error),
    /// The trust store cannot be read.
    #[error(transparent)]
    Keys(#[from] crate::keys::Error),
    /// `config.toml` cannot be understood.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The archive is bigger than mail carries.
    #[error("too-big-for-mail {}: {size} > {max}", archive.display())]
    TooBigForMail {
        archive: PathBuf,
        size: u64,
        max: u64,
    },
    /// The SMTP server refused or could not be reached.
    #[error("smtp {host}: {detail}")]
    Smtp { host: String, detail: String },
    /// `[mail] max_size` that is not a size.
    #[error("not-a-size-in-config {0:?}")]
    NotASizeInConfig(String),
    /// Not an email address.
    #[error("not-an-address {0:?}")]
    NotAnAddress(String),
    /// `[smtp] tls` other than none, starttls, tls.
    #[error("bad-tls {0:?}")]
    BadTls(String),
    /// `[smtp] user` without `SACOCHE_SMTP_PASSWORD`.
    #[error("no-smtp-password")]
    NoSmtpPassword,
    /// A bug.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    /// Wraps an I/O error with what was being done and where.
    pub fn io(action: IoAction, path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io(IoError::new(action, path, source))
    }

    /// The archive rejection inside, when this is one.
    pub fn rejection(&self) -> Option<&archive::Rejection> {
        match self {
            Error::Archive(e) => e.rejection(),
            _ => None,
        }
    }

    /// Whether this is the operating system refusing, or a bug.
    pub fn is_operational(&self) -> bool {
        matches!(
            self,
            Error::Io(_)
                | Error::Internal(_)
                | Error::Archive(archive::Error::Io(_) | archive::Error::Internal(_))
                | Error::Keys(crate::keys::Error::Io(_) | crate::keys::Error::Internal(_))
        )
    }

    /// A stable code (`kebab-case`), for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io(_) => "io",
            Error::Archive(e) => e.code(),
            Error::Keys(e) => e.code(),
            Error::Config(e) => e.code(),
            Error::TooBigForMail { .. } => "too-big-for-mail",
            Error::Smtp { .. } => "smtp",
            Error::NotASizeInConfig(_)
            | Error::NotAnAddress(_)
            | Error::BadTls(_)
            | Error::NoSmtpPassword => "usage",
            Error::Internal(_) => "internal",
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Archive(e) => e.exit_code(),
            Error::Keys(e) => e.exit_code(),
            Error::NotASizeInConfig(_)
            | Error::NotAnAddress(_)
            | Error::BadTls(_)
            | Error::NoSmtpPassword => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }
}
