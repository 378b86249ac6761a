//! The ground floor of the errors: what every layer shares. Each layer has its own
//! error type (`keys::Error`, `archive::Error`, `dossier::Error`, `inbox::Error`,
//! `mail::Error`) that wraps the ones below it; none holds a sentence. The binary puts
//! them into words (`src/words/errors.rs`) and maps them to exit codes.

use std::io;
use std::path::{Path, PathBuf};

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for an operational error (a file that can't be read, a full disk…).
pub const EXIT_ERROR: u8 = 1;
/// Exit code for a usage error (bad arguments).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when an archive was rejected (bad signature, untrusted, corrupt, hostile).
pub const EXIT_REJECTED: u8 = 3;

/// The operating system refused an operation on a file or folder.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct IoError {
    /// What was being done.
    pub action: IoAction,
    /// On which file or folder.
    pub path: PathBuf,
    /// The operating system's error.
    #[source]
    pub source: io::Error,
}

impl IoError {
    /// `action` on `path` failed with `source`.
    pub fn new(action: IoAction, path: impl AsRef<Path>, source: io::Error) -> IoError {
        IoError {
            action,
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
}

/// What sacoche was doing when the operating system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Create,
    Write,
    Open,
    CreateTempIn,
    Remove,
    Move,
    Watch,
    Sync,
    Replace,
    MoveIntoPlace,
    Lock,
    Clean,
    Update,
    Restore,
    RenameIntoPlace,
    Record,
    MoveToTrash,
    Keep,
    CreateStagingIn,
    Copy,
    Compress,
    /// A test's injected failure (`SACOCHE_FAILPOINT`).
    Complete,
}

impl IoAction {
    /// A stable code (`kebab-case`), for logs and `Debug`-like uses; people read the
    /// binary's words.
    pub fn code(self) -> &'static str {
        match self {
            IoAction::Read => "read",
            IoAction::Create => "create",
            IoAction::Write => "write",
            IoAction::Open => "open",
            IoAction::CreateTempIn => "create-temp-in",
            IoAction::Remove => "remove",
            IoAction::Move => "move",
            IoAction::Watch => "watch",
            IoAction::Sync => "sync",
            IoAction::Replace => "replace",
            IoAction::MoveIntoPlace => "move-into-place",
            IoAction::Lock => "lock",
            IoAction::Clean => "clean",
            IoAction::Update => "update",
            IoAction::Restore => "restore",
            IoAction::RenameIntoPlace => "rename-into-place",
            IoAction::Record => "record",
            IoAction::MoveToTrash => "move-to-trash",
            IoAction::Keep => "keep",
            IoAction::CreateStagingIn => "create-staging-in",
            IoAction::Copy => "copy",
            IoAction::Compress => "compress",
            IoAction::Complete => "complete",
        }
    }
}

impl std::fmt::Display for IoAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// `config.toml` cannot be understood (shared by the inbox and mail, which each read
/// their tables of it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// TOML refuses the file.
    #[error("bad-config {}: {detail}", path.display())]
    Bad {
        /// The file.
        path: PathBuf,
        /// The line it is on, when the parser knows.
        line: Option<usize>,
        /// The parser's own words (English, technical).
        detail: String,
    },
    /// A Windows path in double quotes with single backslashes.
    #[error("config-backslash {}:{line}", path.display())]
    Backslash {
        /// The file.
        path: PathBuf,
        /// The line.
        line: usize,
        /// The string as written, quotes included.
        text: String,
        /// The same path between single quotes, which TOML takes as written.
        fixed: String,
    },
}

impl ConfigError {
    /// A configuration file that TOML refuses. The usual mistake, a Windows path in
    /// double quotes with single backslashes (`"C:\sacoche"`, where `\s` is read as an
    /// escape), gets its own error showing the fix.
    pub fn from_toml(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
        if e.message().contains("escape")
            && let Some(span) = e.span()
            && let Some(line) = text.get(..span.start).map(|t| t.matches('\n').count())
            && let Some(bad) = text.lines().nth(line)
            && let Some((open, close)) = bad.find('"').zip(bad.rfind('"'))
            && close > open
            && let Some(inner) = bad.get(open + 1..close)
        {
            return ConfigError::Backslash {
                path: path.to_path_buf(),
                line: line + 1,
                text: format!("\"{inner}\""),
                fixed: inner.to_string(),
            };
        }
        ConfigError::Bad {
            path: path.to_path_buf(),
            line: e
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.matches('\n').count() + 1),
            detail: e.message().to_string(),
        }
    }

    /// A stable code for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::Bad { .. } => "bad-config",
            ConfigError::Backslash { .. } => "config-backslash",
        }
    }
}
