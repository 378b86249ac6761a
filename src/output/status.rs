//! `sacoche status`: what a person needs to know of a dossier — who it is, when it
//! last went out and came in (and what became of it), the local changes waiting to be
//! sent, conflicts, then the recent history. The ids only with `--verbose` or `--json`.

use chrono::{DateTime, Utc};
use sacoche::exchange::records::Integrated;
use sacoche::exchange::status::SentStatus;

use super::integration::{change_word, local_kind};
use super::*;

/// History lines shown without `--verbose` (the most recent).
const RECENT: usize = 10;
/// Local changes listed without `--verbose`.
const CHANGES: usize = 20;

/// One line of the history: an archive received or sent.
enum Event<'a> {
    Received(&'a Integrated),
    Sent(&'a SentStatus),
}

impl Event<'_> {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Event::Received(i) => i.at,
            Event::Sent(x) => x.sent.at,
        }
    }
}

/// Labels of the first column, to align the values (French ones are longer).
const LABELS: [&str; 10] = [
    "status-dossier",
    "status-fiscal-year",
    "status-content",
    "status-recovered",
    "status-last-sent",
    "status-last-received",
    "status-exchanges",
    "status-to-send",
    "status-local-changes",
    "status-ids",
];

impl Out {
    pub fn status(&self, dir: &Path, s: &Status, verbose: bool) {
        if self.json {
            self.status_json(dir, s);
            return;
        }
        let lang = words::current();
        let width = LABELS
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
        if verbose {
            row(
                t!("status-ids"),
                &t!(
                    "status-ids-text",
                    state = s.state_id.to_string(),
                    replica = s.replica.to_string()
                ),
            );
        }
        if s.recovered {
            row(t!("status-recovered"), &t!("status-recovered-text"));
        }
        row(
            t!("status-last-sent"),
            &s.sent
                .last()
                .map_or_else(|| t!("status-nothing-yet"), |x| sent_text(x, true)),
        );
        row(
            t!("status-last-received"),
            &s.integrated
                .last()
                .map_or_else(|| t!("status-nothing-yet"), |i| received_text(i, true)),
        );
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
        self.local_changes(s, verbose, &row);
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
        for c in &s.kept_aside {
            say!("{}", t!("status-kept-aside", name = escaped(c)));
        }
        history(s, verbose);
    }

    fn local_changes(&self, s: &Status, verbose: bool, row: &dyn Fn(String, &str)) {
        if s.unacknowledged.is_empty() {
            row(t!("status-local-changes"), &t!("status-no-local-changes"));
            return;
        }
        row(
            t!("status-local-changes"),
            &t!(
                "status-local-changes-waiting",
                count = s.unacknowledged.len()
            ),
        );
        let shown = if verbose { usize::MAX } else { CHANGES };
        for (path, kind) in s.unacknowledged.iter().take(shown) {
            let change = format!("{:<9}", change_word(*kind));
            say!(
                "{}",
                t!("status-change", change = change, path = escaped(path))
            );
        }
        let more = s.unacknowledged.len().saturating_sub(shown);
        if more > 0 {
            say!("{}", t!("status-more-changes", count = more));
        }
    }

    fn status_json(&self, dir: &Path, s: &Status) {
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
    }
}

/// The history under its heading, oldest first: the most recent lines, or all of them.
fn history(s: &Status, verbose: bool) {
    let mut events: Vec<Event> = s
        .integrated
        .iter()
        .map(Event::Received)
        .chain(s.sent.iter().map(Event::Sent))
        .collect();
    if events.is_empty() {
        return;
    }
    events.sort_by_key(|e| e.at());
    say!("{}", t!("status-history"));
    let skip = if verbose {
        0
    } else {
        events.len().saturating_sub(RECENT)
    };
    if skip > 0 {
        say!("{}", t!("status-earlier", count = skip));
    }
    for e in events.iter().skip(skip) {
        let line = match e {
            Event::Received(i) => received_text(i, false),
            Event::Sent(x) => sent_text(x, false),
        };
        say!("  {line}");
    }
}

/// An archive received: when, its number, kind and sender (`short`: without the file
/// name, for the "last received" row).
fn received_text(i: &Integrated, short: bool) -> String {
    let lang = words::current();
    let when = format::minute(i.at, lang);
    if short {
        return t!(
            "status-received-short",
            sender = escaped(&i.sender_name),
            sequence = i.sequence,
            kind = kind_word(i.kind),
            when = when
        );
    }
    t!(
        "status-received",
        archive = escaped(&i.file_name),
        sender = escaped(&i.sender_name),
        sequence = i.sequence,
        kind = kind_word(i.kind),
        when = when
    )
}

/// An archive sent, and what became of it with each correspondent.
fn sent_text(x: &SentStatus, short: bool) -> String {
    let lang = words::current();
    let fates: Vec<String> = x
        .deliveries
        .iter()
        .map(|(name, d)| fate(name, d, x.sent.at))
        .collect();
    let fate = if fates.is_empty() {
        String::new()
    } else {
        t!("status-fate", fates = fates.join(" ; "))
    };
    let when = format::minute(x.sent.at, lang);
    if short {
        return t!(
            "status-sent-short",
            sequence = x.sent.sequence,
            kind = kind_word(x.sent.kind),
            when = when,
            fate = fate
        );
    }
    t!(
        "status-sent",
        archive = escaped(&x.sent.file_name),
        sequence = x.sent.sequence,
        kind = kind_word(x.sent.kind),
        when = when,
        fate = fate
    )
}

/// What became of an archive sent, with one correspondent.
fn fate(name: &str, d: &Delivery, sent: DateTime<Utc>) -> String {
    let lang = words::current();
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
            days = (Utc::now() - sent).num_days().max(0)
        ),
    }
}
