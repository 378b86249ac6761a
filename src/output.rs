//! Everything the `sacoche` command prints: human lines or JSON lines (one object per
//! line, with a `type` field; documented in `schemas/cli-output.schema.json`).
//! All user-facing text of the binary lives here.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use sacoche::Error;
use sacoche::archive::manifest::ReceiptOutcome;
use sacoche::archive::{Contents, Kind, Op, Opened, Rejection, Verified};
use sacoche::dossier::Extracted;
use sacoche::exchange::index::LocalKind;
use sacoche::exchange::merge::{Action, ConflictKind, Note, Side};
use sacoche::exchange::receipt::{ReceiptFile, Recorded};
use sacoche::exchange::records::Delivery;
use sacoche::exchange::resolve::Resolved;
use sacoche::exchange::send::{Packed, Progress};
use sacoche::exchange::status::Status;
use sacoche::exchange::{Outcome, Plan};
use sacoche::inbox::log::LogEntry;
use sacoche::inbox::watch::WatchEvent;
use sacoche::inbox::{Entry, Handled, Handling};
use sacoche::keys::{PublicKey, Trust, TrustedKey};
use sacoche::trash::TrashItem;
use serde_json::{Value, json};

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
            tell!("Name:        {name}");
            tell!("Fingerprint: {}", key.key_id());
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
                "all dossiers".to_string()
            } else {
                key.dossiers.join(", ")
            };
            say!("{}  {}  ({scope})", key.public_key.key_id(), key.name);
        }
    }

    pub fn packed(&self, packed: &Packed) {
        let parts = packed.archives.len();
        if !self.json {
            for (path, why) in &packed.skipped {
                tell!("left out: {path} ({why})");
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
                    "Nothing new to send for dossier {} ({}): wrote a receipt acknowledging what you integrated, so that your correspondent knows.",
                    m.dossier.id,
                    m.dossier.name
                );
                say!("{}", w.path.display());
                continue;
            }
            let part = if parts > 1 {
                format!(" part {} of {parts},", i + 1)
            } else {
                String::new()
            };
            let what = match m.kind {
                Kind::Full if m.reset => {
                    "full reset (the receiver's copy becomes this one, once confirmed there)"
                        .to_string()
                }
                Kind::Full => "full (the whole dossier)".to_string(),
                _ => format!(
                    "changes ({} added, {} modified, {} deleted, {} moved, not yet acknowledged)",
                    sum.added, sum.modified, sum.deleted, sum.moved
                ),
            };
            tell!(
                "Packed dossier {} ({}),{part} {what}: {} file(s) carried, {} → {} archive, number {}.",
                m.dossier.id,
                m.dossier.name,
                m.files.len(),
                human_bytes(m.total_size()),
                human_bytes(w.size),
                m.sequence
            );
            say!("{}", w.path.display());
        }
        if !self.json && packed.never_acknowledged && packed.kind == Kind::Full {
            tell!(
                "Your correspondent has not acknowledged anything yet, so the whole dossier travels; once their receipt comes back, only what they lack does."
            );
        }
        if parts > 1 && !self.json {
            tell!(
                "{parts} archives: the receiver integrates them together once all have arrived (sacoche inbox process --all)."
            );
        }
    }

    pub fn receipt_recorded(&self, r: &Recorded) {
        let about = r
            .about
            .clone()
            .unwrap_or_else(|| format!("archive number {}", r.sequence));
        let text = match r.outcome {
            ReceiptOutcome::Integrated if r.conflicts > 0 => format!(
                "{} integrated {about} ({} file(s) changed on both sides: both versions kept)",
                r.from, r.conflicts
            ),
            ReceiptOutcome::Integrated => format!("{} integrated {about}", r.from),
            ReceiptOutcome::Refused => format!(
                "{} REFUSED {about} ({})",
                r.from,
                r.reason.as_deref().unwrap_or("no reason given")
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
            tell!("receipt already recorded: {text}");
        } else {
            tell!("receipt: {text}");
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
                "valid: {}: dossier {}, {}, {} files, signed by {}",
                path.display(),
                m.dossier.id,
                m.kind.as_str(),
                m.files.len(),
                signer_text(&v.trust, &v.statement.public_key)
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
                "reason": reason.to_string(),
            }));
        } else {
            tell!("sacoche: {}: rejected: {reason}", path.display());
        }
    }

    pub fn failed(&self, path: &Path, error: &Error) {
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "error",
                "reason": error.to_string(),
            }));
        } else {
            tell!("sacoche: {error}");
        }
    }

    pub fn summary(&self, valid: usize, rejected: usize, failed: usize) {
        if self.json {
            self.emit(
                json!({"type": "summary", "valid": valid, "rejected": rejected, "errors": failed}),
            );
        } else if valid + rejected + failed > 1 {
            tell!("{valid} valid, {rejected} rejected, {failed} unreadable");
        }
    }

    pub fn shown(&self, path: &Path, contents: &Contents) {
        let m = contents.manifest();
        let s = contents.statement();
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
        let row = |label: &str, value: &str| say!("{label:<13}{value}");
        row("Archive", &file_name(path));
        row("Dossier", &format!("{} — {}", m.dossier.id, m.dossier.name));
        row(
            "Generated",
            &m.created.format("%d/%m/%Y %H:%M:%S (UTC%:z)").to_string(),
        );
        row(
            "Fiscal year",
            &m.fiscal_period
                .map_or_else(|| "not stated".to_string(), |p| p.to_string()),
        );
        row("Kind", &kind_text(m));
        row(
            "Contents",
            &format!("{} files, {}", m.files.len(), human_bytes(m.total_size())),
        );
        row("Sender", &signer_text(contents.trust(), &s.public_key));
        row("Sequence", &m.sequence.to_string());
        if let Some(p) = &m.purpose {
            row("Purpose", p);
        }
        if let Some(c) = &m.comment {
            row("Comment", c);
        }
        row("Archive id", &s.archive_digest.to_string());
        for f in &m.files {
            say!("  {:>10}  {}", human_bytes(f.size), f.path);
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
        let row = |label: &str, value: &str| say!("{label:<13}{value}");
        row("Archive", &file_name(opened.path()));
        row("Dossier", &s.dossier);
        row("Generated", &s.created);
        row("Kind", s.kind.as_str());
        row("Sequence", &s.sequence.to_string());
        row("Sender", &signer_text(opened.trust(), &s.public_key));
        row(
            "Contents",
            "not opened: the sender is not trusted for this dossier",
        );
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
            tell!("replaced: {path} (the old file is in the trash: sacoche trash list)");
        }
        tell!(
            "Extracted {} files ({}) of dossier {}.",
            e.manifest.files.len(),
            human_bytes(e.manifest.total_size()),
            e.manifest.dossier.id
        );
        say!("{}", e.dir.display());
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
                "confirm": plan.confirm.iter().map(|c| c.describe()).collect::<Vec<_>>(),
                "never_arrived": plan.never_arrived,
                "signed_by_you": plan.signed_by_you,
                "actions": actions,
            }));
            return;
        }
        say!(
            "{} — dossier {} ({}), {}{} number {} from {}",
            file_name(archive),
            m.dossier.id,
            m.dossier.name,
            m.kind.as_str(),
            if m.reset { " RESET" } else { "" },
            m.sequence,
            m.sender.name
        );
        if plan.archives.len() > 1 {
            say!("  in {} parts", plan.archives.len());
        }
        say!(
            "{added} added, {modified} modified, {deleted} deleted, {moved} moved, {} conflict(s)",
            plan.conflicts.len()
        );
        for a in plan.actions.iter().filter(|a| !copies.contains(a.path())) {
            match a {
                Action::Add { path, .. } => say!("  added     {path}"),
                Action::Replace { path, .. } => say!("  modified  {path}"),
                Action::Remove { path } => say!("  deleted   {path}"),
                Action::Move { from, path } => say!("  moved     {from} -> {path}"),
            }
        }
        let when = |t: chrono::DateTime<chrono::Utc>| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        };
        for c in &plan.conflicts {
            let kept = match c.kept {
                Side::Local => "yours stays",
                Side::Incoming => "theirs takes the name",
            };
            say!(
                "  CONFLICT  {}: {} (here: {}, incoming: {}); both kept: {kept}, the other becomes {}",
                c.path,
                conflict_text(c.kind),
                when(c.local.modified),
                when(c.incoming.modified),
                c.copy
            );
        }
        for n in &plan.notes {
            match n {
                Note::KeptModifiedHere { path } => say!(
                    "  kept      {path} (modified here, deleted by the sender: a modification wins)"
                ),
                Note::RestoredModifiedThere { path } => say!(
                    "  restored  {path} (deleted here, modified by the sender: a modification wins)"
                ),
            }
        }
        if !plan.never_arrived.is_empty() {
            say!(
                "  note: archive(s) number {} from {} never arrived; their changes come with this one",
                plan.never_arrived
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                m.sender.name
            );
        }
        for c in &plan.confirm {
            say!("  TO CONFIRM  {}", c.describe());
        }
        if plan.signed_by_you {
            say!(
                "  note: signed with your own key by another copy of this dossier (a workstation sharing your key); give each workstation its own key (sacoche key new) and trust it on the others"
            );
        }
    }

    pub fn applied(&self, outcome: &Outcome) {
        let (kind, text) = match outcome {
            Outcome::AlreadyIntegrated(i) => (
                "already_integrated",
                format!(
                    "already integrated on {}: nothing changed",
                    i.at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M")
                ),
            ),
            Outcome::Planned(_) => ("dry_run", "dry run: nothing changed".to_string()),
            Outcome::ReceiptRecorded(r) => {
                self.receipt_recorded(r);
                return;
            }
            Outcome::Applied { plan, receipt } => {
                let mut text = if plan.conflicts.is_empty() {
                    "integrated; replaced and deleted files are in the dossier's trash (sacoche trash list --dossier DIR)".to_string()
                } else {
                    format!(
                        "integrated; {} file(s) were changed on both sides: both versions are kept, see them with sacoche status and choose with sacoche resolve",
                        plan.conflicts.len()
                    )
                };
                match receipt {
                    ReceiptFile::Written(path) => {
                        text.push_str(&format!("\nreceipt for the sender: {}", path.display()))
                    }
                    ReceiptFile::Failed(e) => {
                        text.push_str(&format!("\nno receipt could be written: {e}"))
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
        match (&r.renamed, &r.trashed) {
            (Some(renamed), _) => tell!("kept both: {} and {renamed}", r.original),
            (None, Some(id)) => tell!(
                "kept {}; the other version is in the trash ({id})",
                r.original
            ),
            (None, None) => tell!("kept {}", r.original),
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
        let row = |label: &str, value: &str| say!("{label:<16}{value}");
        row(
            "Dossier",
            &format!("{} — {}", s.identity.id, s.identity.name),
        );
        row(
            "Fiscal year",
            &s.identity
                .fiscal_period
                .map_or_else(|| "not stated".into(), |p| p.to_string()),
        );
        row(
            "Content",
            &format!("{} files, {}", s.files, human_bytes(s.bytes)),
        );
        row("State", &s.state_id.to_string());
        if s.recovered {
            row("Recovered", "an interrupted integration was completed");
        }
        for (_, c) in &s.correspondents {
            let heard = c.last_heard.map_or_else(
                || "never heard from".to_string(),
                |t| {
                    format!(
                        "last heard from on {}",
                        t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M")
                    )
                },
            );
            row("Exchanges with", &format!("{} ({heard})", c.name));
        }
        if s.never_acknowledged {
            row(
                "To send",
                "no correspondent has acknowledged anything yet: the next pack sends the whole dossier",
            );
        }
        if s.unacknowledged.is_empty() {
            row(
                "Local changes",
                "none waiting: your correspondents have everything",
            );
        } else {
            row(
                "Local changes",
                &format!(
                    "{} not yet acknowledged (the next pack sends them)",
                    s.unacknowledged.len()
                ),
            );
            for (path, kind) in &s.unacknowledged {
                say!("  {:<9} {path}", local_kind(*kind));
            }
        }
        for c in &s.conflicts {
            say!(
                "  CONFLICT  {} is a version of {}: choose with sacoche resolve DIR \"{}\" --keep mine|theirs|both",
                c.copy,
                c.original,
                c.copy
            );
        }
        for i in &s.integrated {
            say!(
                "  received  {} from {} (number {}, {})",
                i.file_name,
                i.sender_name,
                i.sequence,
                i.kind.as_str()
            );
        }
        let now = chrono::Utc::now();
        for x in &s.sent {
            let fate: Vec<String> = x
                .deliveries
                .iter()
                .map(|(name, d)| match d {
                    Delivery::Integrated { at, conflicts } => format!(
                        "integrated by {name} on {}{}",
                        at.with_timezone(&chrono::Local).format("%d/%m/%Y"),
                        if *conflicts > 0 {
                            format!(" ({conflicts} conflict copies)")
                        } else {
                            String::new()
                        }
                    ),
                    Delivery::Refused { reason, .. } => format!(
                        "REFUSED by {name} ({})",
                        reason.as_deref().unwrap_or("no reason")
                    ),
                    Delivery::Acknowledged => format!("acknowledged by {name}"),
                    Delivery::Unacknowledged => format!(
                        "not acknowledged by {name} for {} day(s)",
                        (now - x.sent.at).num_days()
                    ),
                })
                .collect();
            say!(
                "  sent      {} (number {}, {}){}",
                x.sent.file_name,
                x.sent.sequence,
                x.sent.kind.as_str(),
                if fate.is_empty() {
                    String::new()
                } else {
                    format!(": {}", fate.join("; "))
                }
            );
        }
        for c in &s.kept_aside {
            say!("  kept aside by sacoche 0.1 (conflict)  .sacoche/conflicts/{c}");
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
            "reason": e.reason,
            "reason_code": e.reason_code,
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
            tell!("The inbox is empty.");
            return;
        }
        say!(
            "{:<19} {:<9} {:<24} {:<7} {:>3}  {:<19}  {:<22} FILE",
            "STATUS",
            "DOSSIER",
            "NAME",
            "KIND",
            "NO",
            "CREATED",
            "SENDER"
        );
        for e in entries {
            say!("{}", entry_line(e));
            if let Some(reason) = &e.reason {
                say!("    {reason}");
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
                "reason": h.reason,
            }));
            return;
        }
        let name = file_name(&h.entry.file);
        match &h.outcome {
            Handling::Integrated { plan, receipt } => {
                let (a, m, d, mv) = plan.counts();
                let conflicts = if plan.conflicts.is_empty() {
                    String::new()
                } else {
                    format!(", {} conflict(s): both versions kept", plan.conflicts.len())
                };
                say!(
                    "integrated  {name} → dossier {} ({a} added, {m} modified, {d} deleted, {mv} moved{conflicts})",
                    h.entry.dossier.as_deref().unwrap_or("?")
                );
                if let ReceiptFile::Failed(e) = receipt {
                    tell!("no receipt could be written: {e}");
                }
            }
            Handling::WouldIntegrate(plan) => {
                let (a, m, d, mv) = plan.counts();
                say!(
                    "would integrate  {name} ({a} added, {m} modified, {d} deleted, {mv} moved, {} conflict(s))",
                    plan.conflicts.len()
                );
            }
            Handling::Recorded(r) => {
                say!("recorded  {name}");
                self.receipt_recorded(r);
            }
            Handling::AlreadyIntegrated => {
                say!("already integrated  {name} (kept with the received archives)")
            }
            Handling::Left(status) => say!(
                "left in the inbox  {name}: {}{}",
                status.word(),
                h.reason
                    .as_deref()
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default()
            ),
        }
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
                        say!("         {reason}");
                    }
                }
            }
            WatchEvent::Gone(path) => {
                if self.json {
                    self.emit(json!({"type": "watch", "event": "gone", "file": path}));
                } else {
                    say!("{now} gone                {}", file_name(path));
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
                        say!("{now} from mail          {}", file_name(path));
                    }
                    for (name, why) in &r.invalid {
                        say!("{now} bad attachment     {name}: {why}");
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
                        "reason": h.reason,
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
                "{}  {:<10} {:<9} {}  {}",
                e.at.with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M:%S"),
                e.action,
                e.dossier.as_deref().unwrap_or("-"),
                file_name(Path::new(&e.file)),
                e.outcome
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
            say!("{}", path.display());
        }
        for name in &r.duplicates {
            tell!("already in the inbox: {name}");
        }
        for (name, why) in &r.invalid {
            tell!("not copied: {name}: {why}");
        }
        tell!(
            "{} message(s) read: {} archive(s) added to the inbox, {} already there, {} invalid.",
            r.messages,
            r.added.len(),
            r.duplicates.len(),
            r.invalid.len()
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
                "{}  {}  ({})",
                item.id,
                item.original.display(),
                item.reason
            );
        }
    }
}

fn entry_line(e: &Entry) -> String {
    let created = e
        .created
        .as_deref()
        .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
        .map(|c| c.format("%d/%m/%Y %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".into());
    let sender = match (&e.sender_name, &e.sender_key) {
        (Some(name), _) if e.trusted => name.clone(),
        (Some(name), _) => format!("{name} (untrusted)"),
        (None, Some(key)) => format!("{key} (unknown)"),
        (None, None) => "-".into(),
    };
    format!(
        "{:<19} {:<9} {:<24} {:<7} {:>3}  {:<19}  {:<22} {}",
        e.status.word(),
        e.dossier.as_deref().unwrap_or("-"),
        e.dossier_name
            .as_deref()
            .unwrap_or("-")
            .chars()
            .take(24)
            .collect::<String>(),
        e.kind.map_or("-", |k| k.as_str()),
        e.sequence.map_or_else(|| "-".into(), |s| s.to_string()),
        created,
        sender.chars().take(22).collect::<String>(),
        file_name(&e.file)
    )
}

fn kind_text(m: &sacoche::archive::Manifest) -> String {
    match m.kind {
        Kind::Full if m.reset => "full RESET (asks to replace your copy by this one)".to_string(),
        Kind::Full => "full (the whole dossier)".to_string(),
        Kind::Receipt => match &m.receipt {
            Some(r) => format!(
                "receipt: archive number {} {}",
                r.sequence,
                match r.outcome {
                    ReceiptOutcome::Integrated => "integrated".to_string(),
                    ReceiptOutcome::Refused =>
                        format!("refused ({})", r.reason.as_deref().unwrap_or("no reason")),
                }
            ),
            None => "receipt".to_string(),
        },
        Kind::Changes if m.version == 1 => {
            let count = |f: fn(&Op) -> bool| m.ops.iter().filter(|o| f(o)).count();
            format!(
                "changes only ({} added, {} modified, {} deleted, {} moved)",
                count(|o| matches!(o, Op::Add { .. })),
                count(|o| matches!(o, Op::Modify { .. })),
                count(|o| matches!(o, Op::Delete { .. })),
                count(|o| matches!(o, Op::Rename { .. }))
            )
        }
        Kind::Changes => format!(
            "changes ({} of the {} files carried)",
            m.files.len(),
            m.state.len()
        ),
    }
}

fn conflict_kind(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::BothModified => "both-modified",
        ConflictKind::BothAdded => "both-added",
        ConflictKind::CaseTwins => "case-twins",
    }
}

fn conflict_text(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::BothModified => "changed on both sides",
        ConflictKind::BothAdded => "created on both sides",
        ConflictKind::CaseTwins => "two names that are one file on Windows",
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
    let id = key.key_id();
    match trust {
        Trust::Own { name } => format!("{name} (key {id}, your own key)"),
        Trust::Trusted { name } => format!("{name} (key {id}, trusted)"),
        Trust::OtherDossiers { name, dossiers } => format!(
            "{name} (key {id}) — NOT trusted for this dossier, only for {}",
            dossiers.join(", ")
        ),
        Trust::Unknown => format!("unknown key {id} — NOT trusted"),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `12.3 MB`, decimal units as file managers show them.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
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
                bar.set_message("checking");
                bar.set_length(bytes);
            }
            Progress::Writing { done, total } => {
                bar.set_message("packing");
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
