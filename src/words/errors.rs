//! The library's errors in words: what happened, to which file, and the fix, in the
//! user's language. `sacoche: erreur : …` then `conseil : …` on the next line.

use std::io;
use std::path::Path;

use sacoche::Error;
use sacoche::error::{Blocker, Confirm, IoAction, Usage, shell_quoted};

use super::escape::{escaped, path as p};
use super::format::size;
use super::{current, t};

/// An error as a person reads it.
pub struct Said {
    /// What happened.
    pub message: String,
    /// What to do, when there is something to do.
    pub hint: Option<String>,
}

impl Said {
    fn new(message: String) -> Said {
        Said {
            message,
            hint: None,
        }
    }

    fn hint(mut self, hint: String) -> Said {
        self.hint = Some(hint);
        self
    }

    /// The lines to print on stderr.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![t!("error-line", message = self.message.clone())];
        if let Some(hint) = &self.hint {
            lines.push(t!("hint-line", hint = hint.clone()));
        }
        lines
    }
}

/// Prints `error` on stderr, in words.
pub fn report(error: &Error) {
    for line in said(error).lines() {
        tell!("{line}");
    }
}

/// The error as a `--json` line (`schemas/cli-output.schema.json`, `error`).
pub fn json(error: &Error) -> serde_json::Value {
    let said = said(error);
    let reason_code = match error {
        Error::Rejected { reason, .. } => Some(reason.code()),
        _ => None,
    };
    serde_json::json!({
        "type": "error",
        "code": error.code(),
        "reason_code": reason_code,
        "exit_code": error.exit_code(),
        "message": said.message,
        "hint": said.hint,
    })
}

/// The error in one line (for JSON and lists): the message, then the hint.
pub fn one_line(error: &Error) -> String {
    let said = said(error);
    match said.hint {
        Some(hint) => format!("{} ({hint})", said.message),
        None => said.message,
    }
}

/// The first few items, then "and N more": an error stays one readable line.
pub fn list(items: &[String]) -> String {
    said_list(items, |s| t!("list-item", item = escaped(s)))
}

/// [`list`], each item put into words by `say` (which quotes and escapes what needs it).
fn said_list<T>(items: &[T], say: impl Fn(&T) -> String) -> String {
    const SHOWN: usize = 5;
    let shown = items
        .iter()
        .take(SHOWN)
        .map(say)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        let more = items.len() - SHOWN;
        t!("list-more", shown = shown, more = more)
    } else {
        shown
    }
}

fn numbers<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(path: &Path) -> String {
    escaped(&shell_quoted(path))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| p(path), |n| escaped(&n.to_string_lossy()))
}

/// `error` in words.
pub fn said(error: &Error) -> Said {
    let lang = current();
    match error {
        Error::Rejected { archive, reason } => Said::new(t!(
            "error-rejected",
            archive = p(archive),
            reason = super::rejections::rejection(reason)
        )),
        Error::Io {
            action,
            path,
            source,
        } => io_error(*action, path, source),
        Error::NoKey { path } => {
            Said::new(t!("error-no-key", path = p(path))).hint(t!("hint-no-key"))
        }
        Error::KeyExists { path } => Said::new(t!("error-key-exists", path = p(path))),
        Error::BadKeyFile { path, detail } => Said::new(t!(
            "error-bad-key-file",
            path = p(path),
            detail = escaped(detail)
        ))
        .hint(t!("hint-bad-key-file")),
        Error::BadTrustFile { path, detail } => Said::new(t!(
            "error-bad-trust-file",
            path = p(path),
            detail = escaped(detail)
        ))
        .hint(t!("hint-bad-trust-file")),
        Error::BadPublicKey(key) => Said::new(t!("error-bad-public-key", key = escaped(key)))
            .hint(t!("hint-bad-public-key")),
        Error::WeakPublicKey(key) => Said::new(t!("error-weak-public-key", key = escaped(key)))
            .hint(t!("hint-weak-public-key")),
        Error::NotTrusted(key) => {
            Said::new(t!("error-not-trusted", key = escaped(key))).hint(t!("hint-not-trusted"))
        }
        Error::InvalidName(name) => {
            Said::new(t!("error-invalid-name", name = escaped(name))).hint(t!("hint-invalid-name"))
        }
        Error::InvalidDossierId(id) => Said::new(t!("error-invalid-dossier-id", id = escaped(id)))
            .hint(t!("hint-invalid-dossier-id")),
        Error::InvalidFiscalPeriod(text) => {
            Said::new(t!("error-invalid-fiscal-period", text = escaped(text)))
                .hint(t!("hint-invalid-fiscal-period"))
        }
        Error::NotADirectory(path) => {
            Said::new(t!("error-not-a-directory", path = p(path))).hint(t!("hint-not-a-directory"))
        }
        Error::UnportableNames { dir, problems } => {
            let names = said_list(problems, |(name, why)| {
                format!(
                    "{} ({})",
                    t!("list-item", item = escaped(name)),
                    super::names::problem(why)
                )
            });
            Said::new(t!(
                "error-unportable-names",
                path = p(dir),
                count = problems.len(),
                names = names
            ))
            .hint(t!("hint-unportable-names"))
        }
        Error::FileChanged(path) => {
            Said::new(t!("error-file-changed", path = p(path))).hint(t!("hint-file-changed"))
        }
        Error::OutputInsideDossier { out, dossier } => Said::new(t!(
            "error-output-inside-dossier",
            out = p(out),
            dossier = p(dossier)
        ))
        .hint(t!("hint-output-inside-dossier")),
        Error::WouldOverwrite { dir, files } => Said::new(t!(
            "error-would-overwrite",
            path = p(dir),
            count = files.len(),
            files = list(files)
        ))
        .hint(t!("hint-would-overwrite")),
        Error::ArchiveExists(path) => {
            Said::new(t!("error-archive-exists", path = p(path))).hint(t!("hint-archive-exists"))
        }
        Error::NoHomeFolder => {
            Said::new(t!("error-no-home-folder")).hint(t!("hint-no-home-folder"))
        }
        Error::Random(detail) => Said::new(t!("error-random", detail = escaped(detail))),
        Error::BadStateFile { path, detail } => Said::new(t!(
            "error-bad-state-file",
            path = p(path),
            detail = escaped(detail)
        ))
        .hint(t!("hint-bad-state-file")),
        Error::NotInTrash(id) => {
            Said::new(t!("error-not-in-trash", id = escaped(id))).hint(t!("hint-not-in-trash"))
        }
        Error::RestoreWouldOverwrite(path) => {
            Said::new(t!("error-restore-would-overwrite", path = p(path)))
                .hint(t!("hint-restore-would-overwrite"))
        }
        Error::NotADossier(path) => Said::new(t!("error-not-a-dossier", path = p(path)))
            .hint(t!("hint-not-a-dossier", quoted = quoted(path))),
        Error::DossierExists { dir, id, name } => Said::new(t!(
            "error-dossier-exists",
            path = p(dir),
            id = escaped(id),
            name = escaped(name)
        )),
        Error::NeedsFullArchive { archive, dir } => Said::new(t!(
            "error-needs-full-archive",
            archive = p(archive),
            path = p(dir)
        ))
        .hint(t!("hint-needs-full-archive")),
        Error::WrongDossier {
            archive,
            archive_dossier,
            dir,
            dossier,
        } => Said::new(t!(
            "error-wrong-dossier",
            archive = p(archive),
            theirs = escaped(archive_dossier),
            path = p(dir),
            ours = escaped(dossier)
        )),
        Error::Stale { archive, newer } => Said::new(t!(
            "error-stale",
            archive = p(archive),
            newer = escaped(newer)
        )),
        Error::MissingPredecessor {
            archive,
            sender,
            missing,
            last,
        } => Said::new(t!(
            "error-missing-predecessor",
            archive = p(archive),
            count = missing.len(),
            missing = numbers(missing),
            sender = escaped(sender),
            last = escaped(last)
        ))
        .hint(t!("hint-missing-predecessor", sender = escaped(sender))),
        Error::FiscalYearMismatch {
            archive,
            theirs,
            ours,
        } => Said::new(t!(
            "error-fiscal-year-mismatch",
            archive = p(archive),
            theirs = theirs.to_string(),
            ours = ours.to_string()
        ))
        .hint(if theirs.start > ours.start {
            t!("hint-fiscal-year-later", theirs = theirs.to_string())
        } else {
            t!("hint-fiscal-year-earlier", ours = ours.to_string())
        }),
        Error::Conflicts { archive, count } => {
            Said::new(t!("error-conflicts", archive = p(archive), count = *count))
        }
        Error::NothingChanged { dir, last } => Said::new(t!(
            "error-nothing-changed",
            path = p(dir),
            last = escaped(last)
        ))
        .hint(t!("hint-nothing-changed")),
        Error::NoBase(path) => {
            Said::new(t!("error-no-base", path = p(path))).hint(t!("hint-no-base"))
        }
        Error::IdentityMismatch {
            dir,
            recorded,
            given,
        } => Said::new(t!(
            "error-identity-mismatch",
            path = p(dir),
            recorded = escaped(recorded),
            given = escaped(given)
        ))
        .hint(t!("hint-identity-mismatch")),
        Error::NoIdentity(path) => Said::new(t!("error-no-identity", path = p(path)))
            .hint(t!("hint-no-identity", quoted = quoted(path))),
        Error::BadConfig { path, line, detail } => Said::new(match line {
            Some(line) => t!(
                "error-bad-config-line",
                path = p(path),
                line = *line,
                detail = escaped(detail.trim())
            ),
            None => t!(
                "error-bad-config",
                path = p(path),
                detail = escaped(detail.trim())
            ),
        })
        .hint(t!("hint-bad-config")),
        Error::ConfigBackslash {
            path,
            line,
            text,
            fixed,
        } => Said::new(t!(
            "error-config-backslash",
            path = p(path),
            line = *line,
            text = escaped(text)
        ))
        .hint(t!("hint-config-backslash", fixed = escaped(fixed))),
        Error::NoInbox(path) => {
            Said::new(t!("error-no-inbox")).hint(t!("hint-no-inbox", path = p(path)))
        }
        Error::NoDossiersRoot => {
            Said::new(t!("error-no-dossiers-root")).hint(t!("hint-no-dossiers-root"))
        }
        Error::NotInInbox(path) => {
            Said::new(t!("error-not-in-inbox", path = p(path))).hint(t!("hint-not-in-inbox"))
        }
        Error::Usage(usage) => usage_error(usage),
        Error::TooBigForMail {
            archive,
            size: s,
            max,
        } => Said::new(t!(
            "error-too-big-for-mail",
            archive = p(archive),
            size = size(*s, lang),
            max = size(*max, lang)
        ))
        .hint(t!(
            "hint-too-big-for-mail",
            max_arg = format!("{}M", max / 1_000_000)
        )),
        Error::Smtp { host, detail } => Said::new(t!(
            "error-smtp",
            host = escaped(host),
            detail = escaped(detail)
        ))
        .hint(t!("hint-smtp")),
        Error::TooBigToSplit {
            path,
            size: s,
            limit,
        } => Said::new(t!(
            "error-too-big-to-split",
            name = escaped(path),
            size = size(*s, lang),
            limit = size(*limit, lang)
        ))
        .hint(t!("hint-too-big-to-split")),
        Error::TooBigForDestination { dir, size: s } => Said::new(t!(
            "error-too-big-for-destination",
            path = p(dir),
            size = size(*s, lang)
        ))
        .hint(t!("hint-too-big-for-destination")),
        Error::OwnArchive { archive } => Said::new(t!("error-own-archive", archive = p(archive))),
        Error::NeedsConfirmation { archive, reasons } => Said::new(t!(
            "error-needs-confirmation",
            archive = p(archive),
            reasons = reasons.iter().map(confirm).collect::<Vec<_>>().join(" ; ")
        ))
        .hint(t!("hint-needs-confirmation")),
        Error::MissingContent { archive, files } => Said::new(t!(
            "error-missing-content",
            archive = p(archive),
            count = files.len(),
            files = list(files)
        ))
        .hint(t!("hint-missing-content")),
        Error::FolderClash {
            archive,
            file,
            folder,
        } => Said::new(t!(
            "error-folder-clash",
            archive = p(archive),
            folder = escaped(folder),
            file = escaped(file)
        ))
        .hint(t!("hint-folder-clash")),
        Error::WaitingForParts {
            archive,
            have,
            missing,
            count,
        } => Said::new(t!(
            "error-waiting-for-parts",
            archive = p(archive),
            have = numbers(have),
            count = *count,
            missing_count = missing.len(),
            missing = numbers(missing)
        ))
        .hint(t!("hint-waiting-for-parts")),
        Error::LegacyChanges { archive } => {
            Said::new(t!("error-legacy-changes", archive = p(archive)))
                .hint(t!("hint-legacy-changes"))
        }
        Error::HeldOpen(path) => Said::new(t!("error-held-open", path = p(path)))
            .hint(t!("hint-held-open", name = file_name(path))),
        Error::ChangedDuringIntegration(path) => {
            Said::new(t!("error-changed-during-integration", path = p(path)))
                .hint(t!("hint-changed-during-integration"))
        }
        Error::UnknownCorrespondent { dir, name } => Said::new(t!(
            "error-unknown-correspondent",
            path = p(dir),
            name = escaped(name)
        ))
        .hint(t!("hint-unknown-correspondent", quoted = quoted(dir))),
        Error::NoConflict(path) => {
            Said::new(t!("error-no-conflict", path = p(path))).hint(t!("hint-no-conflict"))
        }
        Error::Interrupted(path) => {
            Said::new(t!("error-interrupted", path = p(path))).hint(t!("hint-interrupted"))
        }
        Error::DestinationBlocked { path, what } => Said::new(t!(
            "error-destination-blocked",
            path = p(path),
            what = match what {
                Blocker::Link => t!("blocker-link"),
                Blocker::Folder => t!("blocker-folder"),
                Blocker::NotPlainFile => t!("blocker-not-plain-file"),
                Blocker::FileForFolder => t!("blocker-file-for-folder"),
            }
        ))
        .hint(t!("hint-destination-blocked")),
        Error::WouldWidenTrust { name, dossiers } => Said::new(t!(
            "error-would-widen-trust",
            name = escaped(name),
            count = dossiers.len(),
            dossiers = escaped(&dossiers.join(", "))
        ))
        .hint(t!("hint-would-widen-trust")),
        Error::NoSuchFolder(path) => Said::new(t!("error-no-such-folder", path = p(path)))
            .hint(t!("hint-no-such-folder", quoted = quoted(path))),
        Error::MessageExists(path) => {
            Said::new(t!("error-message-exists", path = p(path))).hint(t!("hint-message-exists"))
        }
        Error::Internal(detail) => {
            Said::new(t!("error-internal", detail = escaped(detail))).hint(t!("hint-internal"))
        }
    }
}

/// What needs confirming, in words.
pub fn confirm(reason: &Confirm) -> String {
    match reason {
        Confirm::Reset => t!("confirm-reset"),
        Confirm::OtherHistory => t!("confirm-other-history"),
        Confirm::MassDeletion { removed, total } => {
            t!("confirm-mass-deletion", removed = *removed, total = *total)
        }
    }
}

fn io_error(action: IoAction, path: &Path, source: &io::Error) -> Said {
    use io::ErrorKind as K;
    let reason = match source.kind() {
        K::NotFound => t!("os-not-found"),
        K::PermissionDenied => t!("os-permission-denied"),
        K::StorageFull => t!("os-storage-full"),
        K::ReadOnlyFilesystem => t!("os-read-only"),
        K::AlreadyExists => t!("os-already-exists"),
        K::ResourceBusy => t!("os-busy"),
        K::NotADirectory => t!("os-not-a-folder"),
        K::IsADirectory => t!("os-is-a-folder"),
        K::InvalidFilename => t!("os-bad-name"),
        K::FileTooLarge => t!("os-too-large"),
        _ => t!("os-other", detail = escaped(&source.to_string())),
    };
    let said = Said::new(t!(
        "error-io",
        action = action_code(action),
        path = p(path),
        reason = reason
    ));
    match source.kind() {
        K::PermissionDenied => said.hint(t!("hint-io-permission-denied")),
        K::StorageFull => said.hint(t!("hint-io-storage-full")),
        K::ReadOnlyFilesystem => said.hint(t!("hint-io-read-only")),
        K::NotFound => said.hint(t!("hint-io-not-found")),
        K::ResourceBusy => said.hint(t!("hint-io-busy")),
        _ => said,
    }
}

/// The catalog's selector for an action.
fn action_code(action: IoAction) -> &'static str {
    match action {
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
        IoAction::Complete => "other",
    }
}

fn usage_error(usage: &Usage) -> Said {
    match usage {
        Usage::NotASize(text) => Said::new(t!("usage-not-a-size", text = escaped(text)))
            .hint(t!("hint-usage-not-a-size")),
        Usage::NotASizeInConfig(text) => {
            Said::new(t!("usage-not-a-size-in-config", text = escaped(text)))
                .hint(t!("hint-usage-not-a-size-in-config"))
        }
        Usage::NotAnAddress(text) => Said::new(t!("usage-not-an-address", text = escaped(text))),
        Usage::BadTls(text) => {
            Said::new(t!("usage-bad-tls", text = escaped(text))).hint(t!("hint-usage-bad-tls"))
        }
        Usage::NoSmtpPassword => {
            Said::new(t!("usage-no-smtp-password")).hint(t!("hint-usage-no-smtp-password"))
        }
        Usage::NoSmtpServer(path) => Said::new(t!("usage-no-smtp-server"))
            .hint(t!("hint-usage-no-smtp-server", path = p(path))),
        Usage::NoSender => Said::new(t!("usage-no-sender")).hint(t!("hint-usage-no-sender")),
        Usage::NotParts => Said::new(t!("usage-not-parts")),
        Usage::NotOneSplit => Said::new(t!("usage-not-one-split")),
        Usage::PartTwice => Said::new(t!("usage-part-twice")),
        Usage::NoArchive => Said::new(t!("usage-no-archive")),
        Usage::ProcessWhich => {
            Said::new(t!("usage-process-which")).hint(t!("hint-usage-process-which"))
        }
    }
}
