//! Everything the `sacoche` command prints: human lines or JSON lines (one object per
//! line, with a `type` field; documented in `schemas/cli-output.schema.json`). The
//! words come from the catalog (`crate::words`); the JSON keeps stable English codes.
//! One file per part of the work: `archives`, `integration`, `status`, `inbox`.

use std::path::Path;

mod archives;
mod ecritures;
mod history;
mod inbox;
mod integration;
mod ledger;
mod ledger_diff;
mod progress;
mod status;
mod watch;

pub use progress::{PackBar, ReadBar};
// The words the page shares with the terminal.
pub(crate) use history::{log_action, log_outcome, trash_reason};
pub(crate) use inbox::{created_text, handled_line, reason_text, sender_text, status_word};
pub(crate) use integration::{plan_lines, resolved_line};
pub(crate) use ledger::ledger_lines;

use sacoche::archive::manifest::ReceiptOutcome;
use sacoche::archive::{Contents, Kind, Op, Opened, Rejection, Verified};
use sacoche::dossier::Extracted;
use sacoche::dossier::scan::SkipReason;
use sacoche::exchange::index::LocalKind;
use sacoche::exchange::merge::{Action, ConflictKind, Note, Side};
use sacoche::exchange::receipt::{ReceiptFile, Recorded};
use sacoche::exchange::records::Delivery;
use sacoche::exchange::resolve::Resolved;
use sacoche::exchange::send::Packed;
use sacoche::exchange::status::Status;
use sacoche::exchange::{FiscalYearChange, Outcome, Plan};
use sacoche::inbox::log::{LogAction, LogEntry};
use sacoche::inbox::watch::{EventsTrouble, PollingWhy, WatchEvent};
use sacoche::inbox::{Entry, Handled, Handling, Reason, Status as InboxStatus};
use sacoche::keys::{PublicKey, Trust, TrustedKey};
use sacoche::trash::{TrashItem, TrashReason};
use serde_json::{Value, json};

use crate::words::escape::{escaped, escaped_ids};
use crate::words::format::{self, size};
use crate::words::{self, t};

/// Prints results to stdout, as text or JSON lines.
pub struct Out {
    json: bool,
}

impl Out {
    pub fn new(json: bool) -> Out {
        Out { json }
    }

    fn emit(&self, value: Value) {
        say!("{}", words::escape::json_line(&value));
    }

    pub fn key(&self, name: &str, key: &PublicKey) {
        if self.json {
            self.emit(json!({"type": "key", "name": name, "public_key": key.to_string(), "key_id": key.key_id().to_string()}));
        } else {
            say!("{key}");
            tell!("{}", t!("key-name", name = escaped(name)));
            tell!(
                "{}",
                t!("key-fingerprint", fingerprint = key.key_id().to_string())
            );
        }
    }

    pub fn trusted_key(&self, key: &TrustedKey) {
        if self.json {
            self.emit(json!({
                "type": "trusted_key",
                "name": key.name,
                "public_key": key.public_key.to_string(),
                "key_id": key.public_key.key_id().to_string(),
                "dossiers": key.dossiers,
                "added": key.added.to_rfc3339(),
            }));
        } else {
            let scope = if key.dossiers.is_empty() {
                t!("trust-all-dossiers")
            } else {
                escaped_ids(&key.dossiers)
            };
            say!(
                "{}",
                t!(
                    "trusted-key",
                    fingerprint = key.public_key.key_id().to_string(),
                    name = escaped(&key.name),
                    scope = scope
                )
            );
        }
    }
}

/// `3 added, 1 modified, 0 deleted, 0 moved`, with the language's plurals.
pub(crate) fn counts(added: usize, modified: usize, deleted: usize, moved: usize) -> String {
    t!(
        "counts",
        added = added,
        modified = modified,
        deleted = deleted,
        moved = moved
    )
}

pub(crate) fn kind_word(kind: Kind) -> String {
    match kind {
        Kind::Full => t!("kind-full"),
        Kind::Changes => t!("kind-changes"),
        Kind::Receipt => t!("kind-receipt"),
    }
}

fn skip_reason(why: SkipReason) -> String {
    match why {
        SkipReason::Junk => t!("skip-junk"),
        SkipReason::Link => t!("skip-link"),
        SkipReason::Special => t!("skip-special"),
    }
}

/// A path to print, escaped.
fn path_text(path: &Path) -> String {
    words::escape::path(path)
}

fn signer_json(trust: &Trust, key: &PublicKey) -> Value {
    let status = match trust {
        Trust::Own { .. } => "own",
        Trust::Trusted { .. } => "trusted",
        Trust::OtherDossiers { .. } => "other_dossiers",
        Trust::Unknown => "unknown",
    };
    json!({
        "key_id": key.key_id().to_string(),
        "name": trust.name(),
        "trust": status,
    })
}

fn signer_text(trust: &Trust, key: &PublicKey) -> String {
    let id = key.key_id().to_string();
    match trust {
        Trust::Own { name } => t!("signer-own", name = escaped(name), key = id),
        Trust::Trusted { name } => t!("signer-trusted", name = escaped(name), key = id),
        Trust::OtherDossiers { name, dossiers } => t!(
            "signer-other-dossiers",
            name = escaped(name),
            key = id,
            dossiers = escaped_ids(dossiers)
        ),
        Trust::Unknown => t!("signer-unknown", key = id),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || words::escape::path(path),
        |n| escaped(&n.to_string_lossy()),
    )
}
