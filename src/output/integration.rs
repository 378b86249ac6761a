//! The preview of an integration, its outcome, and `resolve`.

use super::*;

use sacoche::dossier::Confirm;

use super::ecritures;
use super::ledger_diff;

impl Out {
    /// The preview of an integration (printed before anything changes).
    pub fn plan(&self, plan: &Plan) {
        let m = &plan.manifest;
        let (added, modified, deleted, moved) = plan.counts();
        let copies: std::collections::HashSet<&str> =
            plan.conflicts.iter().map(|c| c.copy.as_str()).collect();
        let archive = plan
            .archives
            .first()
            .map(|a| a.as_path())
            .unwrap_or(Path::new(""));
        if self.json {
            let actions: Vec<Value> = plan
                .actions
                .iter()
                .filter(|a| !copies.contains(a.path()))
                .map(|a| match a {
                    Action::Add { path, .. } => json!({"action": "add", "path": path}),
                    Action::Replace { path, .. } => json!({"action": "modify", "path": path}),
                    Action::Remove { path } => json!({"action": "delete", "path": path}),
                    Action::Move { from, path } => {
                        json!({"action": "move", "from": from, "path": path})
                    }
                })
                .collect();
            let conflicts: Vec<Value> = plan
                .conflicts
                .iter()
                .map(|c| {
                    let mut value = json!({
                        "path": c.path,
                        "copy": c.copy,
                        "kind": conflict_kind(c.kind),
                        "kept": match c.kept { Side::Local => "local", Side::Incoming => "incoming" },
                        "local_modified": c.local.modified.to_rfc3339(),
                        "incoming_modified": c.incoming.modified.to_rfc3339(),
                    });
                    if c.kind == ConflictKind::Ecritures {
                        value["ecritures"] = ecritures::decided(plan, &c.path)
                            .iter()
                            .map(ecritures::decided_json)
                            .collect();
                    }
                    value
                })
                .collect();
            let notes: Vec<Value> = plan
                .notes
                .iter()
                .map(|n| match n {
                    Note::KeptModifiedHere { path } => {
                        json!({"note": "kept-modified-here", "path": path})
                    }
                    Note::RestoredModifiedThere { path } => {
                        json!({"note": "restored-modified-there", "path": path})
                    }
                    Note::LedgerMerged { path } => {
                        json!({"note": "ledger-merged", "path": path})
                    }
                })
                .chain(
                    plan.ledgers
                        .not_merged
                        .iter()
                        .map(ecritures::not_merged_json),
                )
                .collect();
            self.emit(json!({
                "type": "plan",
                "archive": archive,
                "archives": plan.archives,
                "archive_id": plan.archive_id().to_string(),
                "dossier": m.dossier.id,
                "kind": m.kind.as_str(),
                "reset": m.reset,
                "sequence": m.sequence,
                "sender": m.sender.name,
                "added": added, "modified": modified, "deleted": deleted, "moved": moved,
                "conflicts": conflicts,
                "notes": notes,
                "confirm": plan.confirm.iter().map(confirm_json).collect::<Vec<_>>(),
                "never_arrived": plan.never_arrived,
                "signed_by_you": plan.signed_by_you,
                "fiscal_year": plan.fiscal_year.map(|f| match f {
                    FiscalYearChange::MovesTo { from, to } => json!({
                        "change": "moves-to", "dossier": from.to_string(), "archive": to.to_string()
                    }),
                    FiscalYearChange::Stays { ours, theirs } => json!({
                        "change": "stays", "dossier": ours.to_string(), "archive": theirs.to_string()
                    }),
                }),
                "actions": actions,
                "ledgers": plan.ledger_changes.iter().map(ledger_diff::change_json).collect::<Vec<_>>(),
            }));
            return;
        }
        for line in plan_lines(plan) {
            say!("{line}");
        }
    }

    pub fn applied(&self, outcome: &Outcome) {
        let (kind, text) = match outcome {
            Outcome::AlreadyIntegrated(i) => (
                "already_integrated",
                t!(
                    "applied-already",
                    when = format::minute(i.at, words::current())
                ),
            ),
            Outcome::Planned(_) => ("dry_run", t!("applied-dry-run")),
            Outcome::ReceiptRecorded(r) => {
                self.receipt_recorded(r);
                return;
            }
            Outcome::Applied { plan, receipt } => {
                let mut text = if plan.conflicts.is_empty() {
                    t!("applied")
                } else {
                    t!("applied-conflicts", count = plan.conflicts.len())
                };
                match receipt {
                    ReceiptFile::Written(path) => {
                        text.push('\n');
                        text.push_str(&t!("applied-receipt", path = path_text(path)));
                    }
                    ReceiptFile::Failed(e) => {
                        text.push('\n');
                        text.push_str(&t!(
                            "applied-no-receipt",
                            error = words::errors::one_line(e)
                        ));
                    }
                    ReceiptFile::Off => {}
                }
                ("applied", text)
            }
        };
        if self.json {
            let receipt = match outcome {
                Outcome::Applied {
                    receipt: ReceiptFile::Written(p),
                    ..
                } => json!(p),
                _ => Value::Null,
            };
            self.emit(
                json!({"type": "outcome", "outcome": kind, "message": text, "receipt": receipt}),
            );
        } else {
            tell!("{text}");
        }
    }

    pub fn resolved(&self, r: &Resolved) {
        tell!("{}", resolved_line(r));
    }
}

/// What `resolve` did, in one line (the terminal and the page).
pub(crate) fn resolved_line(r: &Resolved) -> String {
    let original = escaped(&r.original);
    match (&r.renamed, &r.trashed) {
        (Some(renamed), _) => t!(
            "resolved-both",
            original = original,
            renamed = escaped(renamed)
        ),
        (None, Some(id)) => t!("resolved-trashed", original = original, id = escaped(id)),
        (None, None) => t!("resolved", original = original),
    }
}

/// The preview of an integration in words, line by line (the terminal and the page
/// show the same).
pub(crate) fn plan_lines(plan: &Plan) -> Vec<String> {
    let mut lines = Vec::new();
    // Each line is kept rather than printed.
    macro_rules! say {
        ($($arg:tt)*) => {
            lines.push(format!($($arg)*))
        };
    }
    let m = &plan.manifest;
    let (added, modified, deleted, moved) = plan.counts();
    let copies: std::collections::HashSet<&str> =
        plan.conflicts.iter().map(|c| c.copy.as_str()).collect();
    let archive = plan
        .archives
        .first()
        .map(|a| a.as_path())
        .unwrap_or(Path::new(""));
    let lang = words::current();
    say!(
        "{}",
        t!(
            "plan-head",
            archive = file_name(archive),
            id = escaped(&m.dossier.id),
            name = escaped(&m.dossier.name),
            kind = kind_word(m.kind),
            reset = if m.reset {
                t!("kind-reset")
            } else {
                String::new()
            },
            sequence = m.sequence,
            sender = escaped(&m.sender.name)
        )
    );
    if plan.archives.len() > 1 {
        say!("{}", t!("plan-parts", parts = plan.archives.len()));
    }
    say!(
        "{}",
        t!(
            "plan-counts",
            counts = counts(added, modified, deleted, moved),
            conflicts = plan.conflicts.len()
        )
    );
    match plan.fiscal_year {
        Some(FiscalYearChange::MovesTo { from, to }) => say!(
            "{}",
            t!(
                "plan-fiscal-moves",
                from = from.to_string(),
                to = to.to_string()
            )
        ),
        Some(FiscalYearChange::Stays { ours, theirs }) => say!(
            "{}",
            t!(
                "plan-fiscal-stays",
                ours = ours.to_string(),
                theirs = theirs.to_string()
            )
        ),
        None => {}
    }
    for a in plan.actions.iter().filter(|a| !copies.contains(a.path())) {
        let line = match a {
            Action::Add { path, .. } => t!("plan-added", path = escaped(path)),
            Action::Replace { path, .. } => t!("plan-modified", path = escaped(path)),
            Action::Remove { path } => t!("plan-deleted", path = escaped(path)),
            Action::Move { from, path } => {
                t!("plan-moved", from = escaped(from), path = escaped(path))
            }
        };
        say!("{line}");
        if let Some(change) = plan.ledger_changes.iter().find(|c| c.path == a.path()) {
            for line in ledger_diff::change_lines(change) {
                say!("{line}");
            }
        }
    }
    for c in &plan.conflicts {
        if c.kind == ConflictKind::Ecritures {
            let decided = ecritures::decided(plan, &c.path);
            say!(
                "{}",
                t!(
                    "plan-conflict-ecritures",
                    path = escaped(&c.path),
                    count = decided.len(),
                    copy = escaped(&c.copy)
                )
            );
            for e in decided {
                say!("{}", ecritures::decided_line(e));
            }
            continue;
        }
        let kept = match c.kept {
            Side::Local => t!("conflict-kept-local"),
            Side::Incoming => t!("conflict-kept-incoming"),
        };
        say!(
            "{}",
            t!(
                "plan-conflict",
                path = escaped(&c.path),
                what = conflict_text(c.kind),
                here = format::second(c.local.modified, lang),
                here_by = author(plan, c.local.by),
                incoming = format::second(c.incoming.modified, lang),
                incoming_by = author(plan, c.incoming.by),
                kept = kept,
                copy = escaped(&c.copy)
            )
        );
    }
    for n in &plan.notes {
        match n {
            Note::KeptModifiedHere { path } => {
                say!("{}", t!("plan-kept", path = escaped(path)))
            }
            Note::RestoredModifiedThere { path } => {
                say!("{}", t!("plan-restored", path = escaped(path)))
            }
            Note::LedgerMerged { path } => {
                say!("{}", t!("plan-ledger-merged", path = escaped(path)))
            }
        }
    }
    for n in &plan.ledgers.not_merged {
        say!("{}", ecritures::not_merged_line(n));
    }
    if !plan.never_arrived.is_empty() {
        say!(
            "{}",
            t!(
                "plan-never-arrived",
                count = plan.never_arrived.len(),
                numbers = plan
                    .never_arrived
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                sender = escaped(&m.sender.name)
            )
        );
    }
    for c in &plan.confirm {
        say!("{}", t!("plan-confirm", reason = words::errors::confirm(c)));
    }
    if plan.signed_by_you {
        say!("{}", t!("plan-signed-by-you"));
    }
    lines
}

fn conflict_kind(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::BothModified => "both-modified",
        ConflictKind::BothAdded => "both-added",
        ConflictKind::CaseTwins => "case-twins",
        ConflictKind::Ecritures => "ecritures",
    }
}

fn conflict_text(kind: ConflictKind) -> String {
    match kind {
        ConflictKind::BothModified => t!("conflict-both-modified"),
        ConflictKind::BothAdded => t!("conflict-both-added"),
        ConflictKind::CaseTwins => t!("conflict-case-twins"),
        ConflictKind::Ecritures => t!("conflict-ecritures"),
    }
}

pub(super) fn change_word(kind: LocalKind) -> String {
    match kind {
        LocalKind::Added => t!("change-added"),
        LocalKind::Modified => t!("change-modified"),
        LocalKind::Deleted => t!("change-deleted"),
    }
}

pub(super) fn local_kind(kind: LocalKind) -> &'static str {
    match kind {
        LocalKind::Added => "added",
        LocalKind::Modified => "modified",
        LocalKind::Deleted => "deleted",
    }
}

/// Who made a version: you (this dossier), or a correspondent by name.
fn author(plan: &Plan, by: sacoche::archive::version::ReplicaId) -> String {
    if by == plan.me {
        return t!("conflict-by-you");
    }
    plan.names
        .get(&by)
        .map_or_else(|| t!("conflict-by-unknown"), |name| escaped(name))
}

/// One thing `--confirm` would go ahead with: its code, its numbers, and in words.
fn confirm_json(reason: &Confirm) -> Value {
    let mut value = json!({"code": reason.code(), "message": words::errors::confirm(reason)});
    if let Confirm::MassDeletion { removed, total } = reason {
        value["removed"] = json!(removed);
        value["total"] = json!(total);
    }
    value
}
