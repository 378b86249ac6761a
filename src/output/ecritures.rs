//! Ledgers merged in écritures at integration, in the preview: the écritures changed on
//! both sides (which the merged ledger keeps, which the conflict copy has), and the
//! ledgers that could not be merged so, with why.

use sacoche::exchange::Plan;
use sacoche::exchange::ledger_merge::{NotMerged, Why};
use sacoche::ledger::merge::{ConflictKind, EcritureConflict, Side, Unmergeable, Version};
use serde_json::{Value, json};

use super::ledger::{entry_json, entry_text};
use crate::words::escape::escaped;
use crate::words::format::amount;
use crate::words::{self, t};

/// The écritures of the ledger at `path` the merge had to decide.
pub(super) fn decided<'a>(plan: &'a Plan, path: &str) -> &'a [EcritureConflict] {
    plan.ledgers
        .merges
        .iter()
        .find(|m| m.path == path)
        .map_or(&[], |m| m.conflicts.as_slice())
}

/// One decided écriture on a line: what each side did, and which the ledger keeps.
pub(super) fn decided_line(c: &EcritureConflict) -> String {
    let entry = entry_text(&c.base);
    let kept = match c.kept {
        Side::Mine => t!("ecriture-kept-local"),
        Side::Theirs => t!("ecriture-kept-incoming"),
    };
    // What each side has says it all: no écriture on a side is its deletion.
    match (&c.mine, &c.theirs) {
        (Some(here), Some(incoming)) => t!(
            "plan-ecriture-both-modified",
            entry = entry,
            here = side_text(here),
            incoming = side_text(incoming),
            kept = kept
        ),
        (None, _) => t!("plan-ecriture-deleted-here", entry = entry, kept = kept),
        (Some(_), None) => t!("plan-ecriture-deleted-there", entry = entry, kept = kept),
    }
}

/// What one side made of an écriture, shortly: its label and amount.
fn side_text(e: &sacoche::ledger::Entry) -> String {
    t!(
        "ecriture-side",
        label = escaped(e.label()),
        amount = amount(e.debit.max(e.credit), words::current())
    )
}

pub(super) fn decided_json(c: &EcritureConflict) -> Value {
    let (kind, deleted_by) = match c.kind {
        ConflictKind::BothModified => ("both-modified", Value::Null),
        ConflictKind::ModifiedDeleted { deleted_by } => ("modified-deleted", side(deleted_by)),
    };
    json!({
        "kind": kind,
        "deleted_by": deleted_by,
        "kept": side(c.kept),
        "base": entry_json("base", &c.base),
        "local": c.mine.as_ref().map(|e| entry_json("local", e)),
        "incoming": c.theirs.as_ref().map(|e| entry_json("incoming", e)),
    })
}

fn side(s: Side) -> Value {
    json!(match s {
        Side::Mine => "local",
        Side::Theirs => "incoming",
    })
}

/// A ledger left a conflict of files, and why, on a line.
pub(super) fn not_merged_line(n: &NotMerged) -> String {
    t!(
        "plan-ledger-not-merged",
        path = escaped(&n.path),
        why = why_text(&n.why)
    )
}

fn why_text(why: &Why) -> String {
    match why {
        Why::NoCommonVersion => t!("ledger-why-no-common"),
        Why::Unmergeable(Unmergeable::NotValid(v)) => {
            t!("ledger-why-not-valid", version = version_text(*v))
        }
        Why::Unmergeable(Unmergeable::NotAlike(v)) => {
            t!("ledger-why-not-alike", version = version_text(*v))
        }
        Why::Unmergeable(Unmergeable::ResultNotValid) => t!("ledger-why-result"),
    }
}

fn version_text(v: Version) -> String {
    match v {
        Version::Base => t!("ledger-version-common"),
        Version::Mine => t!("ledger-version-local"),
        Version::Theirs => t!("ledger-version-incoming"),
    }
}

pub(super) fn not_merged_json(n: &NotMerged) -> Value {
    let (reason, version) = match &n.why {
        Why::NoCommonVersion => ("no-common-version", None),
        Why::Unmergeable(Unmergeable::NotValid(v)) => ("not-valid", Some(*v)),
        Why::Unmergeable(Unmergeable::NotAlike(v)) => ("not-alike", Some(*v)),
        Why::Unmergeable(Unmergeable::ResultNotValid) => ("result-not-valid", None),
    };
    json!({
        "note": "ledger-not-merged",
        "path": n.path,
        "reason": reason,
        "version": version.map(|v| match v {
            Version::Base => "common",
            Version::Mine => "local",
            Version::Theirs => "incoming",
        }),
    })
}
