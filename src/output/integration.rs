//! The preview of an integration, its outcome, `resolve` and `status`.

use super::*;

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
                    "status-conflict-line",
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

/// Who made a version: you (this dossier), or a correspondent by name.
fn author(plan: &Plan, by: sacoche::archive::version::ReplicaId) -> String {
    if by == plan.me {
        return t!("conflict-by-you");
    }
    plan.names
        .get(&by)
        .map_or_else(|| t!("conflict-by-unknown"), |name| escaped(name))
}
