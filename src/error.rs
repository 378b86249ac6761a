//! The library's errors. Every message is one line that names the file and the fix;
//! all user-facing error text of the library lives here.

use std::io;
use std::path::{Path, PathBuf};

use crate::archive::Rejection;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for an operational error (a file that can't be read, a full disk…).
pub const EXIT_ERROR: u8 = 1;
/// Exit code for a usage error (bad arguments).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when an archive was rejected (bad signature, untrusted, corrupt, hostile).
pub const EXIT_REJECTED: u8 = 3;

/// Everything that can go wrong in sacoche.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An archive failed verification; nothing was written.
    #[error("{}: rejected: {reason}", archive.display())]
    Rejected {
        /// The archive file.
        archive: PathBuf,
        /// Why.
        reason: Rejection,
    },

    /// An I/O operation failed.
    #[error("cannot {action} {}: {}{}", path.display(), source, io_hint(source))]
    Io {
        /// What was being done.
        action: IoAction,
        /// On which file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },

    #[error("no signing key yet ({}); create yours with: sacoche key new --name \"YOUR NAME\"", path.display())]
    NoKey { path: PathBuf },

    #[error("a signing key already exists at {}; it was kept (a new key would have to be trusted again by everyone you exchange with)", path.display())]
    KeyExists { path: PathBuf },

    #[error("the key file {} is damaged ({detail}); restore it from a backup, or move it away and run: sacoche key new", path.display())]
    BadKeyFile { path: PathBuf, detail: String },

    #[error("the trust file {} is damaged ({detail}); fix it by hand or move it away and trust the keys again", path.display())]
    BadTrustFile { path: PathBuf, detail: String },

    #[error(
        "'{0}' is not a sacoche public key; ask the sender for the line printed by: sacoche key show"
    )]
    BadPublicKey(String),

    #[error(
        "'{0}' is a weak key (a point of small order): no signature made with it proves anything; it was not trusted"
    )]
    WeakPublicKey(String),

    #[error("no trusted key matches '{0}'; see the list with: sacoche trust list")]
    NotTrusted(String),

    #[error("'{0}' is not a usable name: give a non-empty name on one line")]
    InvalidName(String),

    #[error(
        "'{0}' is not a valid dossier number: use 1 to 40 letters, digits, '_' or '-' (e.g. 8502182)"
    )]
    InvalidDossierId(String),

    #[error("'{0}' is not a fiscal period: write it as 2020-01-01..2020-12-31")]
    InvalidFiscalPeriod(String),

    #[error("{} is not a folder; give the dossier's folder", .0.display())]
    NotADirectory(PathBuf),

    #[error("{} holds {} name(s) that cannot travel to Windows or a FAT32 stick: {}; rename them and pack again", dir.display(), problems.len(), list_problems(problems))]
    UnportableNames {
        dir: PathBuf,
        problems: Vec<(String, crate::archive::path::PathProblem)>,
    },

    #[error("{} changed while it was being packed; nothing was written: pack again once it is saved and closed", .0.display())]
    FileChanged(PathBuf),

    #[error("the output folder {} is inside the dossier {}; choose another with --out", out.display(), dossier.display())]
    OutputInsideDossier { out: PathBuf, dossier: PathBuf },

    #[error("{} already holds {} of the archive's file(s) ({}); nothing was written: extract into an empty folder, or add --force to replace them (the old ones go to the trash)", dir.display(), files.len(), list(files))]
    WouldOverwrite { dir: PathBuf, files: Vec<String> },

    #[error("{} already exists; nothing was overwritten: wait a second and pack again", .0.display())]
    ArchiveExists(PathBuf),

    #[error("cannot find the user's home folder; set SACOCHE_HOME to a folder sacoche may use")]
    NoHomeFolder,

    #[error("the operating system gave no random bytes for a new key: {0}")]
    Random(String),

    #[error("the file {} is damaged ({detail}); move it away and run the command again", path.display())]
    BadStateFile { path: PathBuf, detail: String },

    #[error("nothing in the trash has the id '{0}'; see the ids with: sacoche trash list")]
    NotInTrash(String),

    #[error("{} already exists; nothing was overwritten: move it away or restore elsewhere with --to", .0.display())]
    RestoreWouldOverwrite(PathBuf),

    #[error("{} is not a sacoche dossier; set it up with: sacoche init {} --dossier ID --name NAME (or give an empty or new folder for a first full archive)", .0.display(), shell_quoted(.0))]
    NotADossier(PathBuf),

    #[error("{} already is dossier {id} ({name}); nothing was changed", dir.display())]
    DossierExists {
        dir: PathBuf,
        id: String,
        name: String,
    },

    #[error("{} holds only changes, and {} has not received the whole dossier yet; ask the sender for a full archive (sacoche pack --full), or give the folder that holds this dossier", archive.display(), dir.display())]
    NeedsFullArchive { archive: PathBuf, dir: PathBuf },

    #[error("{} is for dossier {archive_dossier}, but {} is dossier {dossier}; nothing was changed", archive.display(), dir.display())]
    WrongDossier {
        archive: PathBuf,
        archive_dossier: String,
        dir: PathBuf,
        dossier: String,
    },

    #[error("{} is older than {newer}, already integrated; an old file is never applied over newer work (nothing was changed)", archive.display())]
    Stale { archive: PathBuf, newer: String },

    #[error("{} waits: archive(s) number {} from {sender} must be integrated first (the last one integrated is {last}); apply the missing one(s), ask {sender} for a full archive, or apply with --force", archive.display(), missing.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))]
    MissingPredecessor {
        archive: PathBuf,
        sender: String,
        missing: Vec<u64>,
        last: String,
    },

    #[error("{} is for fiscal period {theirs}, but this dossier is {ours}; importing the wrong year loses data. If you are sure, apply with --accept-fiscal-year", archive.display())]
    FiscalYearMismatch {
        archive: PathBuf,
        theirs: crate::archive::manifest::FiscalPeriod,
        ours: crate::archive::manifest::FiscalPeriod,
    },

    #[error("{} conflicts with work in this dossier ({count} file(s), listed above); nothing was changed. Apply the rest and keep the incoming versions aside with --keep-both", archive.display())]
    Conflicts { archive: PathBuf, count: usize },

    #[error("nothing changed in {} since the last exchange ({last}); nothing to send (use --full to send everything anyway)", dir.display())]
    NothingChanged { dir: PathBuf, last: String },

    #[error("{} has no exchange yet to send changes against; send a full archive first (sacoche pack without --changes)", .0.display())]
    NoBase(PathBuf),

    #[error("{} is dossier {recorded}, not {given}; leave out --dossier, or pack the right folder", dir.display())]
    IdentityMismatch {
        dir: PathBuf,
        recorded: String,
        given: String,
    },

    #[error("{} has no dossier number yet; run: sacoche init {} --dossier ID --name NAME (or give --dossier and --name)", .0.display(), shell_quoted(.0))]
    NoIdentity(PathBuf),

    #[error("the configuration file {} is damaged ({detail}); fix it (see the README)", path.display())]
    BadConfig {
        path: PathBuf,
        /// The line it is on, when the parser knows.
        line: Option<usize>,
        /// The parser's own words (English, technical).
        detail: String,
    },

    #[error("in {}, line {line}, a Windows path is written with single backslashes between double quotes ({text}); write it between single quotes, '{fixed}', or double each backslash", path.display())]
    ConfigBackslash {
        path: PathBuf,
        line: usize,
        text: String,
        fixed: String,
    },

    #[error("no inbox folder: give one with --inbox DIR, or set inboxes = [\"…\"] in {}", .0.display())]
    NoInbox(PathBuf),

    #[error(
        "no dossiers folder: give one with --dossiers DIR, or set dossiers = \"…\" in config.toml"
    )]
    NoDossiersRoot,

    #[error("{} is not in an inbox folder; give a file listed by: sacoche inbox", .0.display())]
    NotInInbox(PathBuf),

    #[error("usage: {0:?}")]
    Usage(Usage),

    #[error("{} is {} MB, over the {} MB that mail can carry; pack it again in several smaller archives with: sacoche pack DOSSIER --max-size {}M (or copy it to a USB stick)", archive.display(), size / 1_000_000, max / 1_000_000, max / 1_000_000)]
    TooBigForMail {
        archive: PathBuf,
        size: u64,
        max: u64,
    },

    #[error(
        "sending through the SMTP server {host} failed: {detail}; check [smtp] in config.toml and the password in SACOCHE_SMTP_PASSWORD"
    )]
    Smtp { host: String, detail: String },

    #[error("'{path}' ({} MB) does not fit in an archive of {} MB by itself; send the dossier on a USB stick, or raise --max-size", size / 1_000_000, limit / 1_000_000)]
    TooBigToSplit { path: String, size: u64, limit: u64 },

    #[error("{} cannot hold a file over 4 GiB (a FAT32 stick?), and this archive would be {} MB; nothing was written: pack with --max-size 4000M to split it, or use an exFAT or NTFS stick", dir.display(), size / 1_000_000)]
    TooBigForDestination { dir: PathBuf, size: u64 },

    #[error("{} was sent by you (this dossier made it); your own archives are never integrated into your own dossier, it was left where it is", archive.display())]
    OwnArchive { archive: PathBuf },

    #[error("{} needs your confirmation ({}); nothing was changed: check the preview (--dry-run), then apply again with --confirm", archive.display(), reasons.iter().map(Confirm::describe).collect::<Vec<_>>().join("; "))]
    NeedsConfirmation {
        archive: PathBuf,
        reasons: Vec<Confirm>,
    },

    #[error("{} does not carry the content of {} file(s) this dossier needs ({}); nothing was changed: ask the sender for a full archive (sacoche pack --full)", archive.display(), files.len(), list(files))]
    MissingContent {
        archive: PathBuf,
        files: Vec<String>,
    },

    #[error("{} has '{folder}' where this dossier has a file '{file}' (or the reverse); nothing was changed: rename one of them on either side, then exchange again", archive.display())]
    FolderClash {
        archive: PathBuf,
        file: String,
        folder: String,
    },

    #[error("{} is part {} of {count}; the other part(s) ({}) have not arrived yet: integrate all the parts together once they are all here", archive.display(), have.iter().map(u32::to_string).collect::<Vec<_>>().join(", "), missing.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))]
    WaitingForParts {
        archive: PathBuf,
        have: Vec<u32>,
        missing: Vec<u32>,
        count: u32,
    },

    #[error("{} holds changes made by sacoche 0.1, which this version cannot merge safely; nothing was changed: ask the sender to install this version of sacoche and send a full archive", archive.display())]
    LegacyChanges { archive: PathBuf },

    #[error("{} is open in another program (Excel, perhaps), which stops sacoche from replacing it; nothing was changed: close it there, then run the command again", .0.display())]
    HeldOpen(PathBuf),

    #[error("{} changed while it was being integrated; nothing was changed: run the command again once the file is saved and closed", .0.display())]
    ChangedDuringIntegration(PathBuf),

    #[error("{} has no correspondent named '{name}'; see them with: sacoche status {}", dir.display(), shell_quoted(dir))]
    UnknownCorrespondent { dir: PathBuf, name: String },

    #[error("{} is not a conflict copy, nor a file with one; see them with: sacoche status DIR", .0.display())]
    NoConflict(PathBuf),

    #[error("an integration of {} was interrupted; the next sacoche apply or inbox process finishes it", .0.display())]
    Interrupted(PathBuf),

    #[error("{} is in the way ({what:?}); move it away and extract again", path.display())]
    DestinationBlocked { path: PathBuf, what: Blocker },

    #[error("{} already exists; nothing was overwritten", .0.display())]
    MessageExists(PathBuf),

    #[error("the folder {} does not exist", .0.display())]
    NoSuchFolder(PathBuf),

    #[error("{name} is trusted only for dossier(s) {dossiers:?}; nothing was changed")]
    WouldWidenTrust { name: String, dossiers: Vec<String> },

    #[error("internal error: {0}; please report it")]
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

/// A command given in a way that cannot work (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// `--max-size` that is not a size.
    NotASize(String),
    /// `[mail] max_size` that is not a size.
    NotASizeInConfig(String),
    /// Not an email address.
    NotAnAddress(String),
    /// `[smtp] tls` other than none, starttls, tls.
    BadTls(String),
    /// `[smtp] user` without `SACOCHE_SMTP_PASSWORD`.
    NoSmtpPassword,
    /// `--smtp` without `[smtp]` in this config file.
    NoSmtpServer(PathBuf),
    /// `--smtp` without a sender's address.
    NoSender,
    /// Several archives that are not parts of a split archive.
    NotParts,
    /// Parts of different split archives.
    NotOneSplit,
    /// The same part twice.
    PartTwice,
    /// No archive at all.
    NoArchive,
    /// `inbox process` with neither files nor `--all`.
    ProcessWhich,
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

impl std::fmt::Display for IoAction {
    /// The English verb, for `Debug`-like uses; people read the binary's words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IoAction::Read => "read",
            IoAction::Create => "create",
            IoAction::Write => "write",
            IoAction::Open => "open",
            IoAction::CreateTempIn => "create a temporary file in",
            IoAction::Remove => "remove",
            IoAction::Move => "move",
            IoAction::Watch => "watch",
            IoAction::Sync => "sync",
            IoAction::Replace => "replace",
            IoAction::MoveIntoPlace => "move into place",
            IoAction::Lock => "lock",
            IoAction::Clean => "clean",
            IoAction::Update => "update",
            IoAction::Restore => "restore",
            IoAction::RenameIntoPlace => "rename into place",
            IoAction::Record => "record",
            IoAction::MoveToTrash => "move to the trash",
            IoAction::Keep => "keep",
            IoAction::CreateStagingIn => "create a staging folder in",
            IoAction::Copy => "copy",
            IoAction::Compress => "compress",
            IoAction::Complete => "complete",
        })
    }
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
    /// One phrase for people.
    pub fn describe(&self) -> String {
        match self {
            Confirm::Reset => "the sender resets the dossier to its own content: local changes go to the trash".into(),
            Confirm::OtherHistory => "it comes from another history of this dossier (the sender's folder was set up again): nothing of yours is deleted, differing files become conflict copies".into(),
            Confirm::MassDeletion { removed, total } => format!("it deletes {removed} of the {total} files"),
        }
    }
}

impl Error {
    /// A configuration file that TOML refuses. The usual mistake, a Windows path in
    /// double quotes with single backslashes (`"C:\sacoche"`, where `\s` is read as an
    /// escape), gets its own message showing the fix.
    pub fn bad_config(path: &Path, text: &str, e: &toml::de::Error) -> Error {
        if e.message().contains("escape")
            && let Some(span) = e.span()
            && let Some(line) = text.get(..span.start).map(|t| t.matches('\n').count())
            && let Some(bad) = text.lines().nth(line)
            && let Some((open, close)) = bad.find('"').zip(bad.rfind('"'))
            && close > open
            && let Some(inner) = bad.get(open + 1..close)
        {
            return Error::ConfigBackslash {
                path: path.to_path_buf(),
                line: line + 1,
                text: format!("\"{inner}\""),
                fixed: inner.to_string(),
            };
        }
        Error::BadConfig {
            path: path.to_path_buf(),
            line: e
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.matches('\n').count() + 1),
            detail: e.message().to_string(),
        }
    }

    /// Wraps an I/O error with what was being done and where.
    pub fn io(action: IoAction, path: impl AsRef<Path>, source: io::Error) -> Error {
        Error::Io {
            action,
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A stable code for this error (`kebab-case`), for `--json` and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Rejected { .. } => "rejected",
            Error::Io { .. } => "io",
            Error::NoKey { .. } => "no-key",
            Error::KeyExists { .. } => "key-exists",
            Error::BadKeyFile { .. } => "bad-key-file",
            Error::BadTrustFile { .. } => "bad-trust-file",
            Error::BadPublicKey { .. } => "bad-public-key",
            Error::WeakPublicKey { .. } => "weak-public-key",
            Error::NotTrusted { .. } => "not-trusted",
            Error::InvalidName { .. } => "invalid-name",
            Error::InvalidDossierId { .. } => "invalid-dossier-id",
            Error::InvalidFiscalPeriod { .. } => "invalid-fiscal-period",
            Error::NotADirectory { .. } => "not-a-directory",
            Error::UnportableNames { .. } => "unportable-names",
            Error::FileChanged { .. } => "file-changed",
            Error::OutputInsideDossier { .. } => "output-inside-dossier",
            Error::WouldOverwrite { .. } => "would-overwrite",
            Error::ArchiveExists { .. } => "archive-exists",
            Error::NoHomeFolder => "no-home-folder",
            Error::Random { .. } => "random",
            Error::BadStateFile { .. } => "bad-state-file",
            Error::NotInTrash { .. } => "not-in-trash",
            Error::RestoreWouldOverwrite { .. } => "restore-would-overwrite",
            Error::NotADossier { .. } => "not-a-dossier",
            Error::DossierExists { .. } => "dossier-exists",
            Error::NeedsFullArchive { .. } => "needs-full-archive",
            Error::WrongDossier { .. } => "wrong-dossier",
            Error::Stale { .. } => "stale",
            Error::MissingPredecessor { .. } => "missing-predecessor",
            Error::FiscalYearMismatch { .. } => "fiscal-year-mismatch",
            Error::Conflicts { .. } => "conflicts",
            Error::NothingChanged { .. } => "nothing-changed",
            Error::NoBase { .. } => "no-base",
            Error::IdentityMismatch { .. } => "identity-mismatch",
            Error::NoIdentity { .. } => "no-identity",
            Error::BadConfig { .. } => "bad-config",
            Error::ConfigBackslash { .. } => "config-backslash",
            Error::NoInbox { .. } => "no-inbox",
            Error::NoDossiersRoot => "no-dossiers-root",
            Error::NotInInbox { .. } => "not-in-inbox",
            Error::Usage { .. } => "usage",
            Error::TooBigForMail { .. } => "too-big-for-mail",
            Error::Smtp { .. } => "smtp",
            Error::TooBigToSplit { .. } => "too-big-to-split",
            Error::TooBigForDestination { .. } => "too-big-for-destination",
            Error::OwnArchive { .. } => "own-archive",
            Error::NeedsConfirmation { .. } => "needs-confirmation",
            Error::MissingContent { .. } => "missing-content",
            Error::FolderClash { .. } => "folder-clash",
            Error::WaitingForParts { .. } => "waiting-for-parts",
            Error::LegacyChanges { .. } => "legacy-changes",
            Error::HeldOpen { .. } => "held-open",
            Error::ChangedDuringIntegration { .. } => "changed-during-integration",
            Error::UnknownCorrespondent { .. } => "unknown-correspondent",
            Error::NoConflict { .. } => "no-conflict",
            Error::Interrupted { .. } => "interrupted",
            Error::DestinationBlocked { .. } => "destination-blocked",
            Error::MessageExists { .. } => "message-exists",
            Error::NoSuchFolder { .. } => "no-such-folder",
            Error::WouldWidenTrust { .. } => "would-widen-trust",
            Error::Internal { .. } => "internal",
        }
    }

    /// The process exit code this error maps to. A folder that is missing or not a
    /// folder is an operational error (1) for every command, like a file that can't be
    /// read; 2 is for commands written wrong.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Rejected { .. } => EXIT_REJECTED,
            Error::BadPublicKey(_)
            | Error::WeakPublicKey(_)
            | Error::InvalidName(_)
            | Error::InvalidDossierId(_)
            | Error::InvalidFiscalPeriod(_)
            | Error::WouldWidenTrust { .. }
            | Error::Usage(_) => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }
}

/// A path as it can be pasted into cmd, PowerShell or a Unix shell: between double
/// quotes when it holds a space or a character those shells treat specially (a folder
/// path never ends with a backslash here, which would escape the closing quote).
pub fn shell_quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "\\/:._-".contains(c));
    if plain {
        return text;
    }
    format!("\"{}\"", text.trim_end_matches(['\\', '/']))
}

fn io_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::PermissionDenied => {
            " (check the folder is not write-protected and that you may use it)"
        }
        io::ErrorKind::StorageFull => {
            " (the disk or stick is full: free some space and try again; nothing was lost)"
        }
        io::ErrorKind::ReadOnlyFilesystem => " (the disk or stick is write-protected)",
        io::ErrorKind::NotFound => " (check the path)",
        _ => "",
    }
}

fn list(items: &[String]) -> String {
    shorten(items.iter().map(|s| format!("'{s}'")), items.len())
}

fn list_problems(problems: &[(String, crate::archive::path::PathProblem)]) -> String {
    shorten(
        problems
            .iter()
            .map(|(path, why)| format!("'{path}' ({why})")),
        problems.len(),
    )
}

/// The first few items, then "and N more": an error stays one readable line.
fn shorten(items: impl Iterator<Item = String>, total: usize) -> String {
    const SHOWN: usize = 5;
    let mut text = items.take(SHOWN).collect::<Vec<_>>().join(", ");
    if total > SHOWN {
        text.push_str(&format!(" and {} more", total - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_hints_paste_into_a_shell() {
        assert_eq!(shell_quoted(Path::new("D:/GAEC")), "D:/GAEC");
        assert_eq!(shell_quoted(Path::new("C:\\")), "C:\\");
        assert_eq!(
            shell_quoted(Path::new("D:\\GAEC LE GUYON\\")),
            "\"D:\\GAEC LE GUYON\""
        );
        assert_eq!(
            shell_quoted(Path::new("/srv/dossiers/Tiers & co")),
            "\"/srv/dossiers/Tiers & co\""
        );
    }
}
