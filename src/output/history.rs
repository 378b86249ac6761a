//! What happened: the audit log, mail imports and the trash.

use super::inbox::status_word;
use super::*;

impl Out {
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
                "invalid": r.invalid.iter().map(|(n, why)| json!({"name": n, "reason": why.code()})).collect::<Vec<_>>(),
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
                t!(
                    "imported-invalid",
                    name = escaped(name),
                    why = words::rejections::rejection(why)
                )
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
                "reason": trash_reason(&item.reason),
                "reason_code": item.reason.code(),
            }));
        } else {
            say!(
                "{}",
                t!(
                    "trash-item",
                    id = escaped(&item.id),
                    path = path_text(&item.original),
                    when = format::minute(item.trashed, words::current()),
                    reason = trash_reason(&item.reason)
                )
            );
        }
    }
}

/// An audit-log action in words (the log stores stable English codes).
pub(crate) fn log_action(action: LogAction) -> String {
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
pub(crate) fn log_outcome(outcome: &str) -> String {
    match outcome {
        "integrated" => t!("log-outcome-integrated"),
        "conflicts" => t!("log-outcome-conflicts"),
        "receipt" => t!("log-outcome-receipt"),
        "already-integrated" => t!("log-outcome-already"),
        other => InboxStatus::parse(other).map_or_else(|| escaped(other), status_word),
    }
}

/// Why a file went to the trash, in words.
pub(crate) fn trash_reason(reason: &TrashReason) -> String {
    match reason {
        TrashReason::Integration { archive } => {
            t!("trash-reason-integration", archive = escaped(archive))
        }
        TrashReason::Extraction { into } => {
            t!("trash-reason-extraction", into = path_text(into))
        }
        TrashReason::Resolved => t!("trash-reason-resolved"),
        TrashReason::InboxDelete => t!("trash-reason-inbox-delete"),
        TrashReason::Legacy(text) => escaped(text),
    }
}
