//! Everything the `sacoche` command prints: human lines or JSON lines (one object per
//! line, with a `type` field; documented in `schemas/cli-output.schema.json`).
//! All user-facing text of the binary lives here.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use sacoche::Error;
use sacoche::archive::manifest::ReceiptOutcome;
use sacoche::archive::{Contents, Kind, Op, Opened, Rejection, Verified};
use sacoche::dossier::Extracted;
use sacoche::dossier::scan::SkipReason;
use sacoche::exchange::index::LocalKind;
use sacoche::exchange::merge::{Action, ConflictKind, Note, Side};
use sacoche::exchange::receipt::{ReceiptFile, Recorded};
use sacoche::exchange::records::Delivery;
use sacoche::exchange::resolve::Resolved;
use sacoche::exchange::send::{Packed, Progress};
use sacoche::exchange::status::Status;
use sacoche::exchange::{Outcome, Plan};
use sacoche::inbox::log::{LogAction, LogEntry};
use sacoche::inbox::watch::WatchEvent;
use sacoche::inbox::{Entry, Handled, Handling, Reason, Status as InboxStatus};
use sacoche::keys::{PublicKey, Trust, TrustedKey};
use sacoche::trash::TrashItem;
use serde_json::{Value, json};

use crate::words::escape::escaped;
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
        say!("{value}");
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
                escaped(&key.dossiers.join(", "))
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

    pub fn packed(&self, packed: &Packed) {
        let parts = packed.archives.len();
        let lang = words::current();
        if !self.json {
            for (path, why) in &packed.skipped {
                tell!(
                    "{}",
                    t!("left-out", path = escaped(path), why = skip_reason(*why))
                );
            }
        }
        for r in &packed.receipts {
            self.receipt_recorded(r);
        }
        let sum = packed.summary;
        for (i, w) in packed.archives.iter().enumerate() {
            let m = &w.manifest;
            if self.json {
                let skipped: Vec<Value> = packed
                    .skipped
                    .iter()
                    .map(|(path, why)| json!({"path": path, "reason": why.to_string()}))
                    .collect();
                self.emit(json!({
                    "type": "packed",
                    "archive": w.path,
                    "archive_id": w.statement.archive_digest.to_string(),
                    "dossier": m.dossier.id,
                    "kind": m.kind.as_str(),
                    "reset": m.reset,
                    "sequence": m.sequence,
                    "part": i + 1,
                    "parts": parts,
                    "files": m.files.len(),
                    "dossier_files": packed.dossier_files,
                    "bytes": m.total_size(),
                    "size": w.size,
                    "state_id": m.state_id.to_string(),
                    "never_acknowledged": packed.never_acknowledged,
                    "added": sum.added, "modified": sum.modified, "deleted": sum.deleted, "moved": sum.moved,
                    "receipts_recorded": packed.receipts.len(),
                    "skipped": skipped,
                }));
                continue;
            }
            if m.kind == Kind::Receipt {
                tell!(
                    "{}",
                    t!(
                        "packed-receipt-only",
                        id = escaped(&m.dossier.id),
                        name = escaped(&m.dossier.name)
                    )
                );
                say!("{}", path_text(&w.path));
                continue;
            }
            let part = if parts > 1 {
                t!("packed-part", part = i + 1, parts = parts)
            } else {
                String::new()
            };
            let what = match m.kind {
                Kind::Full if m.reset => t!("packed-full-reset"),
                Kind::Full => t!("packed-full"),
                _ => t!(
                    "packed-changes",
                    counts = counts(sum.added, sum.modified, sum.deleted, sum.moved)
                ),
            };
            tell!(
                "{}",
                t!(
                    "packed",
                    id = escaped(&m.dossier.id),
                    name = escaped(&m.dossier.name),
                    part = part,
                    what = what,
                    files = m.files.len(),
                    bytes = size(m.total_size(), lang),
                    size = size(w.size, lang),
                    sequence = m.sequence
                )
            );
            say!("{}", path_text(&w.path));
        }
        if !self.json && packed.never_acknowledged && packed.kind == Kind::Full {
            tell!("{}", t!("packed-never-acknowledged"));
        }
        if parts > 1 && !self.json {
            tell!("{}", t!("packed-parts", parts = parts));
        }
    }

    pub fn receipt_recorded(&self, r: &Recorded) {
        let about = r
            .about
            .as_deref()
            .map_or_else(|| t!("receipt-about", sequence = r.sequence), escaped);
        let from = escaped(&r.from);
        let text = match r.outcome {
            ReceiptOutcome::Integrated if r.conflicts > 0 => t!(
                "receipt-integrated-conflicts",
                from = from,
                about = about,
                conflicts = r.conflicts
            ),
            ReceiptOutcome::Integrated => t!("receipt-integrated", from = from, about = about),
            ReceiptOutcome::Refused => t!(
                "receipt-refused",
                from = from,
                about = about,
                reason = r
                    .reason
                    .as_deref()
                    .map_or_else(|| t!("receipt-no-reason"), escaped)
            ),
        };
        if self.json {
            self.emit(json!({
                "type": "receipt",
                "file": r.file,
                "from": r.from,
                "about": r.about,
                "sequence": r.sequence,
                "outcome": match r.outcome { ReceiptOutcome::Integrated => "integrated", ReceiptOutcome::Refused => "refused" },
                "reason": r.reason,
                "conflicts": r.conflicts,
                "already": r.already,
            }));
        } else if r.already {
            tell!("{}", t!("receipt-already", text = text));
        } else {
            tell!("{}", t!("receipt-line", text = text));
        }
    }

    pub fn verified(&self, path: &Path, v: &Verified) {
        let m = &v.manifest;
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "valid",
                "archive_id": v.statement.archive_digest.to_string(),
                "dossier": m.dossier.id,
                "kind": m.kind.as_str(),
                "sequence": m.sequence,
                "files": m.files.len(),
                "bytes": m.total_size(),
                "signer": signer_json(&v.trust, &v.statement.public_key),
            }));
        } else {
            say!(
                "{}",
                t!(
                    "verified",
                    archive = path_text(path),
                    id = escaped(&m.dossier.id),
                    kind = kind_word(m.kind),
                    files = m.files.len(),
                    signer = signer_text(&v.trust, &v.statement.public_key)
                )
            );
        }
    }

    pub fn rejected(&self, path: &Path, reason: &Rejection) {
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "rejected",
                "reason_code": reason.code(),
                "reason": words::rejections::rejection(reason),
            }));
        } else {
            words::errors::report(&Error::Rejected {
                archive: path.to_path_buf(),
                reason: reason.clone(),
            });
        }
    }

    pub fn failed(&self, path: &Path, error: &Error) {
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "error",
                "reason": words::errors::one_line(error),
            }));
        } else {
            words::errors::report(error);
        }
    }

    pub fn summary(&self, valid: usize, rejected: usize, failed: usize) {
        if self.json {
            self.emit(
                json!({"type": "summary", "valid": valid, "rejected": rejected, "errors": failed}),
            );
        } else if valid + rejected + failed > 1 {
            tell!(
                "{}",
                t!(
                    "verify-summary",
                    valid = valid,
                    rejected = rejected,
                    failed = failed
                )
            );
        }
    }

    pub fn shown(&self, path: &Path, contents: &Contents) {
        let m = contents.manifest();
        let s = contents.statement();
        let lang = words::current();
        if self.json {
            self.emit(json!({
                "type": "archive",
                "archive": path,
                "archive_id": s.archive_digest.to_string(),
                "trusted": true,
                "signer": signer_json(contents.trust(), &s.public_key),
                "manifest": m,
            }));
            return;
        }
        let row = |label: String, value: &str| say!("{label:<13}{value}");
        row(t!("show-archive"), &file_name(path));
        row(
            t!("show-dossier"),
            &format!("{} — {}", escaped(&m.dossier.id), escaped(&m.dossier.name)),
        );
        row(
            t!("show-generated"),
            &format::second(m.created.with_timezone(&chrono::Utc), lang),
        );
        row(
            t!("show-fiscal-year"),
            &m.fiscal_period
                .map_or_else(|| t!("show-not-stated"), |p| p.to_string()),
        );
        row(t!("show-kind"), &kind_text(m));
        row(
            t!("show-contents"),
            &t!(
                "show-files",
                files = m.files.len(),
                bytes = size(m.total_size(), lang)
            ),
        );
        row(
            t!("show-sender"),
            &signer_text(contents.trust(), &s.public_key),
        );
        row(t!("show-sequence"), &m.sequence.to_string());
        if let Some(p) = &m.purpose {
            row(t!("show-purpose"), &escaped(p));
        }
        if let Some(c) = &m.comment {
            row(t!("show-comment"), &escaped(c));
        }
        row(t!("show-archive-id"), &s.archive_digest.to_string());
        for f in &m.files {
            say!("  {:>10}  {}", size(f.size, lang), escaped(&f.path));
        }
    }

    pub fn shown_untrusted(&self, opened: &Opened) {
        let s = opened.statement();
        if self.json {
            self.emit(json!({
                "type": "archive",
                "archive": opened.path(),
                "archive_id": s.archive_digest.to_string(),
                "trusted": false,
                "signer": signer_json(opened.trust(), &s.public_key),
                "statement": {
                    "dossier": s.dossier,
                    "created": s.created,
                    "kind": s.kind.as_str(),
                    "sequence": s.sequence,
                },
            }));
            return;
        }
        let row = |label: String, value: &str| say!("{label:<13}{value}");
        row(t!("show-archive"), &file_name(opened.path()));
        row(t!("show-dossier"), &escaped(&s.dossier));
        row(t!("show-generated"), &escaped(&s.created));
        row(t!("show-kind"), &kind_word(s.kind));
        row(t!("show-sequence"), &s.sequence.to_string());
        row(
            t!("show-sender"),
            &signer_text(opened.trust(), &s.public_key),
        );
        row(t!("show-contents"), &t!("show-not-opened"));
    }

    pub fn extracted(&self, archive: &Path, e: &Extracted) {
        if self.json {
            self.emit(json!({
                "type": "extracted",
                "archive": archive,
                "to": e.dir,
                "files": e.manifest.files.len(),
                "bytes": e.manifest.total_size(),
                "replaced": e.replaced,
            }));
            return;
        }
        for path in &e.replaced {
            tell!("{}", t!("extracted-replaced", path = escaped(path)));
        }
        tell!(
            "{}",
            t!(
                "extracted",
                files = e.manifest.files.len(),
                bytes = size(e.manifest.total_size(), words::current()),
                id = escaped(&e.manifest.dossier.id)
            )
        );
        say!("{}", path_text(&e.dir));
    }

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
                    json!({
                        "path": c.path,
                        "copy": c.copy,
                        "kind": conflict_kind(c.kind),
                        "kept": match c.kept { Side::Local => "local", Side::Incoming => "incoming" },
                        "local_modified": c.local.modified.to_rfc3339(),
                        "incoming_modified": c.incoming.modified.to_rfc3339(),
                    })
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
                })
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
                "confirm": plan.confirm.iter().map(words::errors::confirm).collect::<Vec<_>>(),
                "never_arrived": plan.never_arrived,
                "signed_by_you": plan.signed_by_you,
                "actions": actions,
            }));
            return;
        }
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
        }
        for c in &plan.conflicts {
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
                    incoming = format::second(c.incoming.modified, lang),
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
            }
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
        let original = escaped(&r.original);
        match (&r.renamed, &r.trashed) {
            (Some(renamed), _) => tell!(
                "{}",
                t!(
                    "resolved-both",
                    original = original,
                    renamed = escaped(renamed)
                )
            ),
            (None, Some(id)) => tell!(
                "{}",
                t!("resolved-trashed", original = original, id = escaped(id))
            ),
            (None, None) => tell!("{}", t!("resolved", original = original)),
        }
    }

    pub fn status(&self, dir: &Path, s: &Status) {
        let change_json =
            |(path, kind): &(String, LocalKind)| json!({"path": path, "change": local_kind(*kind)});
        let delivery = |d: &Delivery| match d {
            Delivery::Integrated { at, conflicts } => {
                json!({"status": "integrated", "at": at.to_rfc3339(), "conflicts": conflicts})
            }
            Delivery::Refused { at, reason } => {
                json!({"status": "refused", "at": at.to_rfc3339(), "reason": reason})
            }
            Delivery::Acknowledged => json!({"status": "acknowledged"}),
            Delivery::Unacknowledged => json!({"status": "unacknowledged"}),
        };
        if self.json {
            self.emit(json!({
                "type": "status",
                "dir": dir,
                "dossier": s.identity.id,
                "name": s.identity.name,
                "fiscal_period": s.identity.fiscal_period.map(|p| p.to_string()),
                "replica": s.replica.to_string(),
                "history": s.identity.history.map(|h| h.to_string()),
                "state_id": s.state_id.to_string(),
                "files": s.files,
                "bytes": s.bytes,
                "never_acknowledged": s.never_acknowledged,
                "local_changes": s.unacknowledged.iter().map(change_json).collect::<Vec<_>>(),
                "correspondents": s.correspondents.iter().map(|(r, c)| json!({"replica": r.to_string(), "name": c.name, "last_heard": c.last_heard.map(|t| t.to_rfc3339()), "last_sequence": c.last_sequence})).collect::<Vec<_>>(),
                "integrated": s.integrated.iter().map(|i| json!({"archive": i.file_name, "sender": i.sender_name, "sequence": i.sequence, "kind": i.kind.as_str(), "at": i.at.to_rfc3339(), "conflicts": i.conflicts})).collect::<Vec<_>>(),
                "sent": s.sent.iter().map(|x| json!({"archive": x.sent.file_name, "sequence": x.sent.sequence, "kind": x.sent.kind.as_str(), "at": x.sent.at.to_rfc3339(), "deliveries": x.deliveries.iter().map(|(name, d)| { let mut v = delivery(d); v["to"] = json!(name); v }).collect::<Vec<_>>()})).collect::<Vec<_>>(),
                "conflicts": s.conflicts.iter().map(|c| json!({"copy": c.copy, "original": c.original})).collect::<Vec<_>>(),
                "recovered": s.recovered,
                "conflicts_aside": s.kept_aside,
            }));
            return;
        }
        let lang = words::current();
        // Labels in a column as wide as the longest (French ones are longer).
        let width = [
            "status-dossier",
            "status-fiscal-year",
            "status-content",
            "status-recovered",
            "status-exchanges",
            "status-to-send",
            "status-local-changes",
        ]
        .iter()
        .map(|id| words::dynamic(&words::CATALOG, id, &[]).map_or(0, |l| l.chars().count()))
        .max()
        .unwrap_or(14)
            + 2;
        let row = |label: String, value: &str| say!("{label:<width$}{value}");
        row(
            t!("status-dossier"),
            &format!(
                "{} — {}",
                escaped(&s.identity.id),
                escaped(&s.identity.name)
            ),
        );
        row(
            t!("status-fiscal-year"),
            &s.identity
                .fiscal_period
                .map_or_else(|| t!("show-not-stated"), |p| p.to_string()),
        );
        row(
            t!("status-content"),
            &t!("show-files", files = s.files, bytes = size(s.bytes, lang)),
        );
        if s.recovered {
            row(t!("status-recovered"), &t!("status-recovered-text"));
        }
        for (_, c) in &s.correspondents {
            let name = escaped(&c.name);
            let heard = c.last_heard.map_or_else(
                || t!("status-never-heard", name = name.clone()),
                |at| {
                    t!(
                        "status-last-heard",
                        name = name.clone(),
                        when = format::minute(at, lang)
                    )
                },
            );
            row(t!("status-exchanges"), &heard);
        }
        if s.never_acknowledged {
            row(t!("status-to-send"), &t!("status-to-send-everything"));
        }
        if s.unacknowledged.is_empty() {
            row(t!("status-local-changes"), &t!("status-no-local-changes"));
        } else {
            row(
                t!("status-local-changes"),
                &t!(
                    "status-local-changes-waiting",
                    count = s.unacknowledged.len()
                ),
            );
            for (path, kind) in &s.unacknowledged {
                let change = format!("{:<9}", change_word(*kind));
                say!(
                    "{}",
                    t!("status-change", change = change, path = escaped(path))
                );
            }
        }
        for c in &s.conflicts {
            say!(
                "{}",
                t!(
                    "status-conflict",
                    copy = escaped(&c.copy),
                    original = escaped(&c.original)
                )
            );
        }
        for i in &s.integrated {
            say!(
                "{}",
                t!(
                    "status-received",
                    archive = escaped(&i.file_name),
                    sender = escaped(&i.sender_name),
                    sequence = i.sequence,
                    kind = kind_word(i.kind),
                    when = format::minute(i.at, lang)
                )
            );
        }
        let now = chrono::Utc::now();
        for x in &s.sent {
            let fate: Vec<String> = x
                .deliveries
                .iter()
                .map(|(name, d)| {
                    let name = escaped(name);
                    match d {
                        Delivery::Integrated { at, conflicts } if *conflicts > 0 => t!(
                            "fate-integrated-conflicts",
                            name = name,
                            when = format::day(*at, lang),
                            conflicts = *conflicts
                        ),
                        Delivery::Integrated { at, .. } => {
                            t!(
                                "fate-integrated",
                                name = name,
                                when = format::day(*at, lang)
                            )
                        }
                        Delivery::Refused { reason, .. } => t!(
                            "fate-refused",
                            name = name,
                            reason = reason
                                .as_deref()
                                .map_or_else(|| t!("receipt-no-reason"), escaped)
                        ),
                        Delivery::Acknowledged => t!("fate-acknowledged", name = name),
                        Delivery::Unacknowledged => t!(
                            "fate-unacknowledged",
                            name = name,
                            days = (now - x.sent.at).num_days()
                        ),
                    }
                })
                .collect();
            say!(
                "{}",
                t!(
                    "status-sent",
                    archive = escaped(&x.sent.file_name),
                    sequence = x.sent.sequence,
                    kind = kind_word(x.sent.kind),
                    when = format::minute(x.sent.at, lang),
                    fate = if fate.is_empty() {
                        String::new()
                    } else {
                        t!("status-fate", fates = fate.join(" ; "))
                    }
                )
            );
        }
        for c in &s.kept_aside {
            say!("{}", t!("status-kept-aside", name = escaped(c)));
        }
    }

    fn entry_json(e: &Entry) -> Value {
        json!({
            "type": "inbox",
            "file": e.file,
            "archive_id": e.archive_id.map(|a| a.to_string()),
            "dossier": e.dossier,
            "dossier_name": e.dossier_name,
            "kind": e.kind.map(|k| k.as_str()),
            "reset": e.reset,
            "part": e.part.map(|p| json!({"index": p.index, "count": p.count})),
            "created": e.created,
            "sequence": e.sequence,
            "size": e.size,
            "sender": e.sender_name,
            "sender_key": e.sender_key,
            "trusted": e.trusted,
            "status": e.status.word(),
            "reason": e.reason.as_ref().map(reason_text),
            "reason_code": e.reason.as_ref().map(|r| r.code()).or(e.reason_code.as_deref()),
        })
    }

    pub fn inbox_list(&self, entries: &[Entry]) {
        if self.json {
            for e in entries {
                self.emit(Self::entry_json(e));
            }
            return;
        }
        if entries.is_empty() {
            tell!("{}", t!("inbox-empty"));
            return;
        }
        say!(
            "{}",
            t!(
                "inbox-heading",
                status = format!("{:<19}", t!("inbox-status")),
                dossier = format!("{:<9}", t!("inbox-dossier")),
                name = format!("{:<24}", t!("inbox-name")),
                kind = format!("{:<w$}", t!("inbox-kind"), w = kind_width()),
                number = format!("{:>3}", t!("inbox-number")),
                created = format!("{:<19}", t!("inbox-created")),
                sender = format!("{:<22}", t!("inbox-sender"))
            )
        );
        for e in entries {
            say!("{}", entry_line(e));
            if let Some(reason) = &e.reason {
                say!("    {}", reason_text(reason));
            }
        }
    }

    pub fn handled(&self, h: &Handled) {
        if self.json {
            self.emit(json!({
                "type": "processed",
                "file": h.entry.file,
                "archive_id": h.entry.archive_id.map(|a| a.to_string()),
                "dossier": h.entry.dossier,
                "sequence": h.entry.sequence,
                "outcome": handling_word(&h.outcome),
                "receipt": match &h.outcome { Handling::Integrated { receipt: ReceiptFile::Written(p), .. } => json!(p), _ => Value::Null },
                "reason": h.reason.as_ref().map(reason_text),
                "reason_code": h.reason.as_ref().map(|r| r.code()),
            }));
            return;
        }
        let name = file_name(&h.entry.file);
        let line = match &h.outcome {
            Handling::Integrated { plan, receipt } => {
                let (a, m, d, mv) = plan.counts();
                let conflicts = if plan.conflicts.is_empty() {
                    String::new()
                } else {
                    t!("handled-conflicts", count = plan.conflicts.len())
                };
                if let ReceiptFile::Failed(e) = receipt {
                    tell!(
                        "{}",
                        t!("applied-no-receipt", error = words::errors::one_line(e))
                    );
                }
                t!(
                    "handled-integrated",
                    file = name,
                    dossier = h
                        .entry
                        .dossier
                        .as_deref()
                        .map_or_else(|| "?".into(), escaped),
                    counts = counts(a, m, d, mv),
                    conflicts = conflicts
                )
            }
            Handling::WouldIntegrate(plan) => {
                let (a, m, d, mv) = plan.counts();
                t!(
                    "handled-would-integrate",
                    file = name,
                    counts = counts(a, m, d, mv),
                    conflicts = plan.conflicts.len()
                )
            }
            Handling::Recorded(r) => {
                say!("{}", t!("handled-recorded", file = name));
                self.receipt_recorded(r);
                return;
            }
            Handling::AlreadyIntegrated => t!("handled-already", file = name),
            Handling::Left(status) => match &h.reason {
                Some(reason) => t!(
                    "handled-left-why",
                    file = name,
                    status = status_word(*status),
                    reason = reason_text(reason)
                ),
                None => t!("handled-left", file = name, status = status_word(*status)),
            },
        };
        say!("{line}");
    }

    pub fn watch_event(&self, event: &WatchEvent) {
        let now = chrono::Local::now().format("%H:%M:%S");
        match event {
            WatchEvent::Status(e) => {
                if self.json {
                    let mut v = Self::entry_json(e);
                    v["type"] = json!("watch");
                    v["event"] = json!("status");
                    self.emit(v);
                } else {
                    say!("{now} {}", entry_line(e));
                    if let Some(reason) = &e.reason {
                        say!("         {}", reason_text(reason));
                    }
                }
            }
            WatchEvent::Gone(path) => {
                if self.json {
                    self.emit(json!({"type": "watch", "event": "gone", "file": path}));
                } else {
                    say!("{now} {}", t!("watch-gone", file = file_name(path)));
                }
            }
            WatchEvent::Imported(r) => {
                if self.json {
                    self.emit(json!({
                        "type": "watch",
                        "event": "imported",
                        "added": r.added,
                        "duplicates": r.duplicates,
                        "invalid": r.invalid.iter().map(|(n, why)| json!({"name": n, "reason": why})).collect::<Vec<_>>(),
                    }));
                } else {
                    for path in &r.added {
                        say!("{now} {}", t!("watch-from-mail", file = file_name(path)));
                    }
                    for (name, why) in &r.invalid {
                        say!(
                            "{now} {}",
                            t!(
                                "watch-bad-attachment",
                                name = escaped(name),
                                why = escaped(why)
                            )
                        );
                    }
                }
            }
            WatchEvent::Processed(h) => {
                if self.json {
                    self.emit(json!({
                        "type": "watch",
                        "event": "processed",
                        "file": h.entry.file,
                        "dossier": h.entry.dossier,
                        "outcome": handling_word(&h.outcome),
                        "reason": h.reason.as_ref().map(reason_text),
                        "reason_code": h.reason.as_ref().map(|r| r.code()),
                    }));
                } else {
                    self.handled(h);
                }
            }
        }
    }

    pub fn log_entry(&self, e: &LogEntry) {
        if self.json {
            self.emit(json!({
                "type": "log",
                "at": e.at.to_rfc3339(),
                "action": e.action,
                "file": e.file,
                "archive_id": e.archive_id,
                "dossier": e.dossier,
                "outcome": e.outcome,
            }));
        } else {
            say!(
                "{}  {:<14} {:<9} {}  {}",
                format::second(e.at, words::current()),
                log_action(e.action),
                e.dossier.as_deref().map_or_else(|| "-".into(), escaped),
                file_name(Path::new(&e.file)),
                log_outcome(&e.outcome)
            );
        }
    }

    pub fn imported(&self, r: &sacoche::mail::Imported) {
        if self.json {
            self.emit(json!({
                "type": "imported",
                "messages": r.messages,
                "added": r.added,
                "duplicates": r.duplicates,
                "invalid": r.invalid.iter().map(|(n, why)| json!({"name": n, "reason": why})).collect::<Vec<_>>(),
            }));
            return;
        }
        for path in &r.added {
            say!("{}", path_text(path));
        }
        for name in &r.duplicates {
            tell!("{}", t!("imported-duplicate", name = escaped(name)));
        }
        for (name, why) in &r.invalid {
            tell!(
                "{}",
                t!("imported-invalid", name = escaped(name), why = escaped(why))
            );
        }
        tell!(
            "{}",
            t!(
                "imported",
                messages = r.messages,
                added = r.added.len(),
                duplicates = r.duplicates.len(),
                invalid = r.invalid.len()
            )
        );
    }

    pub fn trash_item(&self, item: &TrashItem) {
        if self.json {
            self.emit(json!({
                "type": "trash_item",
                "id": item.id,
                "original": item.original,
                "trashed": item.trashed.to_rfc3339(),
                "reason": item.reason,
            }));
        } else {
            say!(
                "{}",
                t!(
                    "trash-item",
                    id = escaped(&item.id),
                    path = path_text(&item.original),
                    when = format::minute(item.trashed, words::current()),
                    reason = escaped(&item.reason)
                )
            );
        }
    }
}

fn entry_line(e: &Entry) -> String {
    let lang = words::current();
    let created = e
        .created
        .as_deref()
        .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
        .map(|c| format::second(c.with_timezone(&chrono::Utc), lang))
        .unwrap_or_else(|| "-".into());
    let sender = match (&e.sender_name, &e.sender_key) {
        (Some(name), _) if e.trusted => escaped(name),
        (Some(name), _) => t!("sender-untrusted", name = escaped(name)),
        (None, Some(key)) => t!("sender-unknown", key = escaped(key)),
        (None, None) => "-".into(),
    };
    format!(
        "{:<19} {:<9} {:<24} {:<kw$} {:>3}  {:<19}  {:<22} {}",
        status_word(e.status),
        e.dossier.as_deref().map_or_else(|| "-".into(), escaped),
        e.dossier_name
            .as_deref()
            .map_or_else(|| "-".into(), escaped)
            .chars()
            .take(24)
            .collect::<String>(),
        e.kind.map_or_else(|| "-".into(), kind_word),
        e.sequence.map_or_else(|| "-".into(), |s| s.to_string()),
        created,
        sender.chars().take(22).collect::<String>(),
        file_name(&e.file),
        kw = kind_width()
    )
}

/// The width of the kind column: its longest word.
fn kind_width() -> usize {
    [
        t!("kind-full"),
        t!("kind-changes"),
        t!("kind-receipt"),
        t!("inbox-kind"),
    ]
    .iter()
    .map(|w| w.chars().count())
    .max()
    .unwrap_or(7)
}

/// An inbox status, in words (`--json` keeps `Status::word`).
fn status_word(status: InboxStatus) -> String {
    match status {
        InboxStatus::Ready => t!("status-ready"),
        InboxStatus::Conflict => t!("status-conflict"),
        InboxStatus::Confirm => t!("status-confirm"),
        InboxStatus::Waiting => t!("status-waiting"),
        InboxStatus::Blocked => t!("status-blocked"),
        InboxStatus::Own => t!("status-own"),
        InboxStatus::Stale => t!("status-stale"),
        InboxStatus::AlreadyIntegrated => t!("status-already-integrated"),
        InboxStatus::Invalid => t!("status-invalid"),
        InboxStatus::Incomplete => t!("status-incomplete"),
        InboxStatus::Copy => t!("status-copy"),
    }
}

/// Why an archive waits, in words.
fn reason_text(reason: &Reason) -> String {
    match reason {
        Reason::Rejected(r) => words::rejections::rejection(r),
        Reason::StillArriving => t!("reason-still-arriving"),
        Reason::CannotReadYet => t!("reason-cannot-read-yet"),
        Reason::AlreadyIntegrated => t!("reason-already-integrated"),
        Reason::OwnArchive => t!("reason-own-archive"),
        Reason::NeedsConfirmation(c) => c
            .iter()
            .map(words::errors::confirm)
            .collect::<Vec<_>>()
            .join(" ; "),
        Reason::Conflicts { count, paths } => t!(
            "reason-conflicts",
            count = *count,
            paths = paths
                .iter()
                .map(|p| escaped(p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Reason::Refused(e) => words::errors::one_line(e),
        Reason::CopyOf(original) => t!("reason-copy-of", file = file_name(original)),
    }
}

fn kind_text(m: &sacoche::archive::Manifest) -> String {
    match m.kind {
        Kind::Full if m.reset => t!("show-kind-reset"),
        Kind::Full => t!("show-kind-full"),
        Kind::Receipt => match &m.receipt {
            Some(r) => match r.outcome {
                ReceiptOutcome::Integrated => {
                    t!("show-kind-receipt-integrated", sequence = r.sequence)
                }
                ReceiptOutcome::Refused => t!(
                    "show-kind-receipt-refused",
                    sequence = r.sequence,
                    reason = r
                        .reason
                        .as_deref()
                        .map_or_else(|| t!("receipt-no-reason"), escaped)
                ),
            },
            None => t!("show-kind-receipt"),
        },
        Kind::Changes if m.version == 1 => {
            let count = |f: fn(&Op) -> bool| m.ops.iter().filter(|o| f(o)).count();
            t!(
                "show-kind-changes-v1",
                counts = counts(
                    count(|o| matches!(o, Op::Add { .. })),
                    count(|o| matches!(o, Op::Modify { .. })),
                    count(|o| matches!(o, Op::Delete { .. })),
                    count(|o| matches!(o, Op::Rename { .. }))
                )
            )
        }
        Kind::Changes => t!(
            "show-kind-changes",
            carried = m.files.len(),
            files = m.state.len()
        ),
    }
}

/// `3 added, 1 modified, 0 deleted, 0 moved`, with the language's plurals.
fn counts(added: usize, modified: usize, deleted: usize, moved: usize) -> String {
    t!(
        "counts",
        added = added,
        modified = modified,
        deleted = deleted,
        moved = moved
    )
}

fn kind_word(kind: Kind) -> String {
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

/// An audit-log action in words (the log stores stable English codes).
fn log_action(action: LogAction) -> String {
    match action {
        LogAction::Seen => t!("log-seen"),
        LogAction::Integrated => t!("log-integrated"),
        LogAction::Recorded => t!("log-recorded"),
        LogAction::Deleted => t!("log-deleted"),
        LogAction::Restored => t!("log-restored"),
        LogAction::Refused => t!("log-refused"),
        LogAction::Blocked => t!("log-blocked"),
        LogAction::Other => t!("log-other"),
    }
}

/// What a log entry says came of it: its codes in words; a refusal's code, a trash id
/// and the English words of logs written before version 2 as they are.
fn log_outcome(outcome: &str) -> String {
    match outcome {
        "integrated" => t!("log-outcome-integrated"),
        "conflicts" => t!("log-outcome-conflicts"),
        "receipt" => t!("log-outcome-receipt"),
        "already-integrated" => t!("log-outcome-already"),
        other => InboxStatus::parse(other).map_or_else(|| escaped(other), status_word),
    }
}

/// A path to print, escaped.
fn path_text(path: &Path) -> String {
    words::escape::path(path)
}

fn conflict_kind(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::BothModified => "both-modified",
        ConflictKind::BothAdded => "both-added",
        ConflictKind::CaseTwins => "case-twins",
    }
}

fn conflict_text(kind: ConflictKind) -> String {
    match kind {
        ConflictKind::BothModified => t!("conflict-both-modified"),
        ConflictKind::BothAdded => t!("conflict-both-added"),
        ConflictKind::CaseTwins => t!("conflict-case-twins"),
    }
}

fn change_word(kind: LocalKind) -> String {
    match kind {
        LocalKind::Added => t!("change-added"),
        LocalKind::Modified => t!("change-modified"),
        LocalKind::Deleted => t!("change-deleted"),
    }
}

fn local_kind(kind: LocalKind) -> &'static str {
    match kind {
        LocalKind::Added => "added",
        LocalKind::Modified => "modified",
        LocalKind::Deleted => "deleted",
    }
}

fn handling_word(h: &Handling) -> &'static str {
    match h {
        Handling::Integrated { .. } => "integrated",
        Handling::Recorded(_) => "recorded",
        Handling::AlreadyIntegrated => "already-integrated",
        Handling::WouldIntegrate(_) => "ready",
        Handling::Left(status) => status.word(),
    }
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
            dossiers = escaped(&dossiers.join(", "))
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

/// A progress bar on stderr while packing (hidden when stderr is not a terminal).
pub struct PackBar {
    bar: Option<ProgressBar>,
}

impl PackBar {
    pub fn new(json: bool) -> PackBar {
        let bar = (!json).then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template(
                "{msg:12} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        PackBar { bar }
    }

    pub fn update(&mut self, progress: Progress) {
        let Some(bar) = &self.bar else { return };
        match progress {
            Progress::Hashing { bytes, .. } => {
                bar.set_message(t!("progress-checking"));
                bar.set_length(bytes);
            }
            Progress::Writing { done, total } => {
                bar.set_message(t!("progress-packing"));
                bar.set_length(total);
                bar.set_position(done);
            }
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
