//! The difference between two versions of a ledger, in écritures: what `fec diff`
//! prints, and what the preview of an integration says of each ledger it replaces
//! (`schemas/cli-output.schema.json`, `ledger_diff`, and `ledgers` in `plan`).

use std::path::Path;

use sacoche::exchange::ledger_preview::LedgerChange;
use sacoche::ledger::{Diff, Scan, Year};
use serde_json::{Value, json};

use super::Out;
use super::ledger::{entry_json, entry_text, ledger_title, year_json};
use crate::words::escape::{escaped, path as path_text};
use crate::words::t;

/// How many écritures of each ledger a preview lists (`fec diff --verbose` lists all).
const SHOWN: usize = 10;

/// Each écriture added, modified or deleted, as JSON.
fn changes_json(diff: &Diff) -> Vec<Value> {
    diff.added
        .iter()
        .map(|e| entry_json("added", e))
        .chain(diff.modified.iter().map(|(old, new)| {
            let mut v = entry_json("modified", new);
            v["old_number"] = json!(old.number());
            v["old_debit"] = json!(old.debit);
            v["old_credit"] = json!(old.credit);
            v["old_label"] = json!(old.label());
            v["old_line"] = json!(old.first_line);
            v
        }))
        .chain(diff.deleted.iter().map(|e| entry_json("deleted", e)))
        .collect()
}

/// The counts and the balance of a difference, as JSON fields.
fn counts_json(diff: &Diff, unbalanced: usize) -> Value {
    json!({
        "added": diff.added.len(),
        "modified": diff.modified.len(),
        "deleted": diff.deleted.len(),
        "unchanged": diff.unchanged,
        "renumbered": diff.renumbered,
        "balanced": unbalanced == 0,
        "changes": changes_json(diff),
    })
}

/// "Grand livre 2020 (file) : 2 écritures ajoutées, …, toujours équilibré".
fn summary(file: &str, year: Option<Year>, diff: &Diff, unbalanced: usize) -> String {
    let balance = if unbalanced == 0 {
        t!("fec-diff-balanced")
    } else {
        t!("fec-diff-unbalanced", count = unbalanced)
    };
    let what = if diff.is_empty() {
        t!("fec-diff-nothing")
    } else {
        t!(
            "fec-diff-counts",
            added = diff.added.len(),
            modified = diff.modified.len(),
            deleted = diff.deleted.len()
        )
    };
    t!(
        "fec-diff",
        title = ledger_title(year),
        file = file,
        what = what,
        balance = balance
    )
}

/// The écritures changed, one per line (`+` added, `~` modified, `-` deleted), the
/// first `limit` of them.
fn entry_lines(diff: &Diff, limit: usize) -> Vec<String> {
    diff.added
        .iter()
        .map(|e| format!("+ {}", entry_text(e)))
        .chain(diff.modified.iter().map(|(old, new)| {
            format!(
                "~ {}",
                t!(
                    "fec-diff-modified",
                    old = entry_text(old),
                    new = entry_text(new)
                )
            )
        }))
        .chain(diff.deleted.iter().map(|e| format!("- {}", entry_text(e))))
        .take(limit)
        .collect()
}

fn changed(diff: &Diff) -> usize {
    diff.added.len() + diff.modified.len() + diff.deleted.len()
}

/// What the preview of an integration says of a ledger it replaces: a summary, then
/// its first écritures changed, indented under the line "modifié <path>".
pub(crate) fn change_lines(change: &LedgerChange) -> Vec<String> {
    let diff = &change.diff;
    let mut lines = vec![format!(
        "    {}",
        summary(&escaped(&change.path), change.year, diff, change.unbalanced)
    )];
    if diff.renumbered > 0 {
        lines.push(format!(
            "      {}",
            t!("fec-diff-renumbered", count = diff.renumbered)
        ));
    }
    lines.extend(
        entry_lines(diff, SHOWN)
            .into_iter()
            .map(|l| format!("      {l}")),
    );
    let more = changed(diff).saturating_sub(SHOWN);
    if more > 0 {
        lines.push(format!("      {}", t!("plan-ledger-more", count = more)));
    }
    lines
}

/// The same, for `plan` lines' `ledgers`.
pub(super) fn change_json(change: &LedgerChange) -> Value {
    let mut v = counts_json(&change.diff, change.unbalanced);
    v["path"] = json!(change.path);
    v["year"] = year_json(change.year);
    v
}

impl Out {
    pub fn ledger_diff(
        &self,
        file: &Path,
        after: &Scan,
        year: Option<Year>,
        diff: &Diff,
        verbose: bool,
    ) {
        let unbalanced = after.entries.iter().filter(|e| !e.balanced()).count();
        if self.json {
            let mut v = counts_json(diff, unbalanced);
            v["type"] = json!("ledger_diff");
            v["file"] = json!(file);
            v["year"] = year_json(year);
            self.emit(v);
            return;
        }
        say!("{}", summary(&path_text(file), year, diff, unbalanced));
        if diff.renumbered > 0 {
            say!("  {}", t!("fec-diff-renumbered", count = diff.renumbered));
        }
        if verbose {
            for line in entry_lines(diff, usize::MAX) {
                say!("  {line}");
            }
        } else if !diff.is_empty() {
            tell!("{}", t!("hint-fec-diff-verbose"));
        }
    }
}
