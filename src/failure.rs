//! What a command can fail with: one layer's error, or the binary's own refusal of
//! what it was given. The library's layers each have their own error type
//! (`sacoche::keys::Error`, `archive::Error`, `dossier::Error`, `inbox::Error`,
//! `mail::Error`); the binary gathers them here and `words::errors` says them.

use std::path::PathBuf;

use sacoche::archive::{self, Rejection};
use sacoche::error::{ConfigError, EXIT_ERROR, EXIT_USAGE, IoError};
use sacoche::home::NoHomeFolder;
use sacoche::{dossier, inbox, keys, mail};

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The operating system refused.
    Io(IoError),
    /// `config.toml` cannot be understood.
    Config(ConfigError),
    /// The platform gives no user folder and `SACOCHE_HOME` is not set.
    NoHomeFolder,
    Keys(keys::Error),
    Archive(archive::Error),
    Dossier(dossier::Error),
    Inbox(inbox::Error),
    Mail(mail::Error),
    /// `--fiscal-year` that is not `YYYY-MM-DD..YYYY-MM-DD`.
    InvalidFiscalPeriod(String),
    /// A folder given that does not exist.
    NoSuchFolder(PathBuf),
    /// `mail write` where a message already is (it was kept).
    MessageExists(PathBuf),
    /// `--max-size` that is not a size.
    NotASize(String),
    /// `mail send` without an `[smtp] server` in this configuration file.
    NoSmtpServer(PathBuf),
    /// `mail send` without `[smtp] from`.
    NoSender,
    /// `inbox process` without a file nor `--all`.
    ProcessWhich,
    /// `ui`: the page cannot listen on this port of this computer (taken, or refused).
    CannotListen(u16),
    /// `ui`: the page was stopping when asked for something.
    PageStopping,
    /// `ui`: what was given to put in the inbox is not a `.sacoche` file.
    NotAnArchiveFile(PathBuf),
    /// `ui`: an archive of that name is in the inbox already (it was kept).
    AlreadyInInbox(PathBuf),
    /// `ui`: the browser stopped sending an archive before its end (nothing was kept).
    UploadBroken(PathBuf),
    /// `fec`: the file is empty (`None`) or its first line is not a FEC header.
    NotALedger(PathBuf, Option<sacoche::ledger::HeaderProblem>),
    /// `ui`: a folder to send is needed.
    NoDossierChosen,
    /// `ui`: where to write the archive is needed.
    NoDestination,
    /// `ui`: a conflict's choice (mine, theirs, both) is needed.
    NoChoice,
}

macro_rules! from {
    ($($variant:ident($type:ty)),*) => {$(
        impl From<$type> for Failure {
            fn from(e: $type) -> Failure {
                Failure::$variant(e)
            }
        }
    )*};
}

from!(
    Io(IoError),
    Config(ConfigError),
    Keys(keys::Error),
    Archive(archive::Error),
    Dossier(dossier::Error),
    Inbox(inbox::Error),
    Mail(mail::Error)
);

impl From<NoHomeFolder> for Failure {
    fn from(_: NoHomeFolder) -> Failure {
        Failure::NoHomeFolder
    }
}

impl Failure {
    /// A stable code (`kebab-case`) for `--json` (`schemas/cli-output.schema.json`).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Io(_) => "io",
            Failure::Config(e) => e.code(),
            Failure::NoHomeFolder => "no-home-folder",
            Failure::Keys(e) => e.code(),
            Failure::Archive(e) => e.code(),
            Failure::Dossier(e) => e.code(),
            Failure::Inbox(e) => e.code(),
            Failure::Mail(e) => e.code(),
            Failure::InvalidFiscalPeriod(_) => "invalid-fiscal-period",
            Failure::NoSuchFolder(_) => "no-such-folder",
            Failure::MessageExists(_) => "message-exists",
            Failure::CannotListen(_) => "cannot-listen",
            Failure::PageStopping => "page-stopping",
            Failure::NotAnArchiveFile(_) => "not-an-archive-file",
            Failure::AlreadyInInbox(_) => "already-in-inbox",
            Failure::UploadBroken(_) => "upload-broken",
            Failure::NotALedger(..) => "not-a-ledger",
            Failure::NoDossierChosen => "no-dossier-chosen",
            Failure::NoDestination => "no-destination",
            Failure::NoChoice => "no-choice",
            Failure::NotASize(_)
            | Failure::NoSmtpServer(_)
            | Failure::NoSender
            | Failure::ProcessWhich => "usage",
        }
    }

    /// The process exit code. A folder that is missing or not a folder is an
    /// operational error (1) for every command, like a file that can't be read; 2 is
    /// for commands written wrong.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Keys(e) => e.exit_code(),
            Failure::Archive(e) => e.exit_code(),
            Failure::Dossier(e) => e.exit_code(),
            Failure::Inbox(e) => e.exit_code(),
            Failure::Mail(e) => e.exit_code(),
            Failure::InvalidFiscalPeriod(_)
            | Failure::NotASize(_)
            | Failure::NoSmtpServer(_)
            | Failure::NoSender
            | Failure::ProcessWhich => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }

    /// The archive rejection inside, when this is one.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            Failure::Archive(e) => e.rejection(),
            Failure::Dossier(e) => e.rejection(),
            Failure::Inbox(e) => e.rejection(),
            Failure::Mail(e) => e.rejection(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sacoche::error::EXIT_REJECTED;

    #[test]
    fn a_rejection_exits_3_from_whichever_layer_it_comes() {
        let rejected = || archive::Error::Rejected {
            archive: PathBuf::from("a.sacoche"),
            reason: Rejection::Unsigned,
        };
        for failure in [
            Failure::from(rejected()),
            Failure::from(dossier::Error::from(rejected())),
            Failure::from(inbox::Error::from(rejected())),
            Failure::from(mail::Error::from(rejected())),
        ] {
            assert_eq!(failure.exit_code(), EXIT_REJECTED, "{failure:?}");
            assert_eq!(failure.code(), "rejected");
            assert_eq!(failure.rejection(), Some(&Rejection::Unsigned));
        }
        assert_eq!(Failure::ProcessWhich.exit_code(), EXIT_USAGE);
        assert_eq!(Failure::NoHomeFolder.exit_code(), EXIT_ERROR);
    }
}
