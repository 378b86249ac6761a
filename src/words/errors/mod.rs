//! The library's errors in words: what happened, to which file, and the fix, in the
//! user's language. `sacoche: erreur : …` then `conseil : …` on the next line.

/// The `Told` methods a layer's error already has as its own (inherent methods win).
macro_rules! told_codes {
    () => {
        fn code(&self) -> &'static str {
            self.code()
        }
        fn exit_code(&self) -> u8 {
            self.exit_code()
        }
    };
    (rejection) => {
        told_codes!();
        fn rejection(&self) -> Option<&sacoche::archive::Rejection> {
            self.rejection()
        }
    };
}

mod dossier;
mod io;
mod layers;

use std::path::Path;

use sacoche::archive::Rejection;
use sacoche::dossier::Confirm;

use super::escape::{escaped, path as p};
use super::t;
use crate::failure::Failure;

use io::io_error;
pub use io::shell_quoted;

/// An error that can be put into words, with its stable codes for `--json`.
pub trait Told {
    /// In words, in the user's language.
    fn said(&self) -> Said;
    /// The stable code (`kebab-case`).
    fn code(&self) -> &'static str;
    /// The process exit code.
    fn exit_code(&self) -> u8;
    /// The archive rejection inside, when this is one.
    fn rejection(&self) -> Option<&Rejection> {
        None
    }
}

/// An error as a person reads it.
pub struct Said {
    /// What happened.
    pub message: String,
    /// What to do, when there is something to do.
    pub hint: Option<String>,
}

impl Said {
    pub(super) fn new(message: String) -> Said {
        Said {
            message,
            hint: None,
        }
    }

    pub(super) fn hint(mut self, hint: String) -> Said {
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
pub fn report(error: &dyn Told) {
    for line in error.said().lines() {
        tell!("{line}");
    }
}

/// Why a file is not a FEC ledger (`None`: it is empty).
pub fn header_problem(problem: Option<&sacoche::ledger::HeaderProblem>) -> String {
    use sacoche::ledger::HeaderProblem;
    match problem {
        None => t!("fec-header-empty"),
        Some(HeaderProblem::NoSeparator) => t!("fec-header-no-separator"),
        Some(HeaderProblem::Missing(columns)) => {
            let names: Vec<String> = columns.iter().map(|c| c.name().to_string()).collect();
            t!("fec-header-missing", columns = list(&names))
        }
        Some(HeaderProblem::Twice(column)) => t!("fec-header-twice", column = column.name()),
    }
}

/// The error as a `--json` line (`schemas/cli-output.schema.json`, `error`).
pub fn json(error: &dyn Told) -> serde_json::Value {
    let said = error.said();
    let reason_code = error.rejection().map(Rejection::code);
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
pub fn one_line(error: &dyn Told) -> String {
    let said = error.said();
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
pub(super) fn said_list<T>(items: &[T], say: impl Fn(&T) -> String) -> String {
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

pub(super) fn numbers<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn quoted(path: &Path) -> String {
    escaped(&shell_quoted(path))
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| p(path), |n| escaped(&n.to_string_lossy()))
}

impl Told for Failure {
    fn said(&self) -> Said {
        match self {
            Failure::Io(e) => io_error(e),
            Failure::Config(e) => e.said(),
            Failure::Keys(e) => e.said(),
            Failure::Archive(e) => e.said(),
            Failure::Dossier(e) => e.said(),
            Failure::Inbox(e) => e.said(),
            Failure::Mail(e) => e.said(),
            Failure::NoHomeFolder => {
                Said::new(t!("error-no-home-folder")).hint(t!("hint-no-home-folder"))
            }
            Failure::InvalidFiscalPeriod(text) => {
                Said::new(t!("error-invalid-fiscal-period", text = escaped(text)))
                    .hint(t!("hint-invalid-fiscal-period"))
            }
            Failure::NoSuchFolder(path) => Said::new(t!("error-no-such-folder", path = p(path)))
                .hint(t!("hint-no-such-folder", quoted = quoted(path))),
            Failure::MessageExists(path) => Said::new(t!("error-message-exists", path = p(path)))
                .hint(t!("hint-message-exists")),
            Failure::NotASize(text) => Said::new(t!("usage-not-a-size", text = escaped(text)))
                .hint(t!("hint-usage-not-a-size")),
            Failure::NoSmtpServer(path) => Said::new(t!("usage-no-smtp-server"))
                .hint(t!("hint-usage-no-smtp-server", path = p(path))),
            Failure::NoSender => Said::new(t!("usage-no-sender")).hint(t!("hint-usage-no-sender")),
            Failure::ProcessWhich => {
                Said::new(t!("usage-process-which")).hint(t!("hint-usage-process-which"))
            }
            Failure::PageStopping => Said::new(t!("error-page-stopping")),
            Failure::NotAnArchiveFile(path) => {
                Said::new(t!("error-not-an-archive-file", path = p(path)))
                    .hint(t!("hint-not-an-archive-file"))
            }
            Failure::AlreadyInInbox(path) => {
                Said::new(t!("error-already-in-inbox", path = p(path)))
                    .hint(t!("hint-already-in-inbox"))
            }
            Failure::UploadBroken(path) => {
                Said::new(t!("error-upload-broken", path = p(path))).hint(t!("hint-upload-broken"))
            }
            Failure::NotALedger(path, problem) => Said::new(t!(
                "error-not-a-ledger",
                path = p(path),
                why = header_problem(problem.as_ref())
            ))
            .hint(t!("hint-not-a-ledger")),
            Failure::NoChoice => Said::new(t!("error-no-choice")),
            Failure::NoDestination => {
                Said::new(t!("error-no-destination")).hint(t!("hint-no-destination"))
            }
            Failure::NoDossierChosen => {
                Said::new(t!("error-no-dossier-chosen")).hint(t!("hint-no-dossier-chosen"))
            }
            Failure::CannotListen(port) => {
                Said::new(t!("error-cannot-listen", port = port)).hint(t!("hint-cannot-listen"))
            }
        }
    }
    told_codes!(rejection);
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
