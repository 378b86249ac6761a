//! The inbox: its listing and what processing did.

use super::*;

impl Out {
    pub(super) fn entry_json(e: &Entry) -> Value {
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
                "changes": match &h.outcome {
                    Handling::Integrated { plan, .. } | Handling::WouldIntegrate(plan) => {
                        let (a, m, d, mv) = plan.counts();
                        json!({"added": a, "modified": m, "deleted": d, "moved": mv, "conflicts": plan.conflicts.len()})
                    }
                    _ => Value::Null,
                },
            }));
            return;
        }
        if let Handling::Integrated {
            receipt: ReceiptFile::Failed(e),
            ..
        } = &h.outcome
        {
            tell!(
                "{}",
                t!("applied-no-receipt", error = words::errors::one_line(e))
            );
        }
        say!("{}", handled_line(h));
        if let Handling::Recorded(r) = &h.outcome {
            self.receipt_recorded(r);
        }
    }
}

/// What processing did with one archive, in one line (the terminal and the page).
pub(crate) fn handled_line(h: &Handled) -> String {
    let name = file_name(&h.entry.file);
    match &h.outcome {
        Handling::Integrated { plan, .. } => {
            let (a, m, d, mv) = plan.counts();
            let conflicts = if plan.conflicts.is_empty() {
                String::new()
            } else {
                t!("handled-conflicts", count = plan.conflicts.len())
            };
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
        Handling::Recorded(_) => t!("handled-recorded", file = name),
        Handling::AlreadyIntegrated => t!("handled-already", file = name),
        Handling::RefusedBefore => t!(
            "handled-refused-before",
            file = name,
            reason = h.reason.as_ref().map_or_else(String::new, reason_text)
        ),
        Handling::Left(status) => match &h.reason {
            Some(reason) => t!(
                "handled-left-why",
                file = name,
                status = status_word(*status),
                reason = reason_text(reason)
            ),
            None => t!("handled-left", file = name, status = status_word(*status)),
        },
    }
}

/// When the archive was made, in words (`-` when unknown).
pub(crate) fn created_text(e: &Entry, lang: words::Lang) -> String {
    e.created
        .as_deref()
        .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
        .map(|c| format::second(c.with_timezone(&chrono::Utc), lang))
        .unwrap_or_else(|| "-".into())
}

/// Who sent it, said as far as trust goes.
pub(crate) fn sender_text(e: &Entry) -> String {
    match (&e.sender_name, &e.sender_key) {
        (Some(name), _) if e.trusted => escaped(name),
        (Some(name), _) => t!("sender-untrusted", name = escaped(name)),
        (None, Some(key)) => t!("sender-unknown", key = escaped(key)),
        (None, None) => "-".into(),
    }
}

pub(super) fn entry_line(e: &Entry) -> String {
    let lang = words::current();
    let created = created_text(e, lang);
    let sender = sender_text(e);
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
pub(crate) fn status_word(status: InboxStatus) -> String {
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
pub(crate) fn reason_text(reason: &Reason) -> String {
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
        Reason::Refused(e) => words::errors::one_line(e.as_ref()),
        Reason::CopyOf(original) => t!("reason-copy-of", file = file_name(original)),
    }
}

pub(super) fn handling_word(h: &Handling) -> &'static str {
    match h {
        Handling::Integrated { .. } => "integrated",
        Handling::Recorded(_) => "recorded",
        Handling::AlreadyIntegrated => "already-integrated",
        Handling::WouldIntegrate(_) => "ready",
        Handling::Left(status) => status.word(),
        Handling::RefusedBefore => "invalid",
    }
}
