//! What `fec check` prints, and a pack about its ledgers: a ledger's report in words
//! with its line numbers, or a JSON object (`schemas/cli-output.schema.json`,
//! `ledger_check`). The difference in écritures is in [`super::ledger_diff`].

use std::path::Path;

use sacoche::exchange::ledgers::{LedgerCheck, Verdict};
use sacoche::ledger::{Column, Defect, DefectKind, Entry, Scan, Year, text};
use serde_json::{Value, json};

use super::Out;
use crate::failure::Failure;
use crate::words::escape::{escaped, path as path_text};
use crate::words::format::{amount, calendar_day};
use crate::words::{self, t};

pub(super) fn year_json(year: Option<Year>) -> Value {
    year.map_or(Value::Null, |y| json!({"start": y.start, "end": y.end}))
}

/// A ledger date as written (`AAAAMMJJ`), as people read it.
fn day_text(raw: &str) -> String {
    match text::date(raw) {
        Some(day) => calendar_day(day, words::current()),
        None => escaped(raw),
    }
}

/// One defect, in words.
pub fn defect_text(d: &Defect) -> String {
    let lang = words::current();
    let line = d.line;
    let column = |c: &Column| c.name().to_string();
    match &d.kind {
        DefectKind::FieldCount { expected, found } => {
            t!(
                "fec-defect-field-count",
                line = line,
                expected = expected,
                found = found
            )
        }
        DefectKind::Missing { column: c } => {
            t!("fec-defect-missing", line = line, column = column(c))
        }
        DefectKind::BadAmount { column: c, value } => t!(
            "fec-defect-bad-amount",
            line = line,
            column = column(c),
            value = escaped(value)
        ),
        DefectKind::DebitAndCredit => t!("fec-defect-debit-and-credit", line = line),
        DefectKind::NoAmount => t!("fec-defect-no-amount", line = line),
        DefectKind::BadSens => t!("fec-defect-bad-sens", line = line),
        DefectKind::BadAccount { account } => {
            t!(
                "fec-defect-bad-account",
                line = line,
                account = escaped(account)
            )
        }
        DefectKind::BadDate { column: c, value } => t!(
            "fec-defect-bad-date",
            line = line,
            column = column(c),
            value = escaped(value)
        ),
        DefectKind::OutsideYear { date } => {
            t!(
                "fec-defect-outside-year",
                line = line,
                date = calendar_day(*date, lang)
            )
        }
        DefectKind::Unbalanced {
            journal,
            number,
            debit,
            credit,
        } => t!(
            "fec-defect-unbalanced",
            line = line,
            entry = format!("{} {}", escaped(journal), escaped(number)),
            debit = amount(*debit, lang),
            credit = amount(*credit, lang)
        ),
    }
}

/// A ledger a pack carries, in words: one line, then its first defects.
pub fn ledger_lines(l: &LedgerCheck) -> (String, Vec<String>) {
    let path = escaped(&l.path);
    match &l.verdict {
        Verdict::Valid { entries } => (
            t!("pack-ledger-valid", path = path, entries = entries),
            Vec::new(),
        ),
        Verdict::Defects { count, first } => (
            t!("pack-ledger-defects", path = path, count = count),
            first.iter().map(defect_text).collect(),
        ),
        Verdict::NotALedger(problem) => {
            let why = crate::words::errors::header_problem(problem.as_ref());
            (
                t!("pack-ledger-not-a-ledger", path = path, why = why),
                Vec::new(),
            )
        }
    }
}

/// The ledgers a pack carries, on stderr: checked, or a warning with their first
/// defects and how to see them all.
pub fn tell_ledgers(ledgers: &[LedgerCheck]) {
    for l in ledgers {
        let (line, defects) = ledger_lines(l);
        tell!("{line}");
        for d in &defects {
            tell!("  {d}");
        }
        if !l.valid() {
            tell!("{}", t!("hint-pack-ledger", path = escaped(&l.path)));
        }
    }
}

/// The ledgers a pack carries, for `packed` lines.
pub fn ledgers_json(ledgers: &[LedgerCheck]) -> Value {
    ledgers
        .iter()
        .map(|l| match &l.verdict {
            Verdict::Valid { entries } => {
                json!({"path": l.path, "valid": true, "entries": entries, "defect_count": 0, "defects": []})
            }
            Verdict::Defects { count, first } => {
                json!({"path": l.path, "valid": false, "defect_count": count, "defects": first})
            }
            Verdict::NotALedger(_) => {
                json!({"path": l.path, "valid": false, "not_a_ledger": true, "defect_count": 0, "defects": []})
            }
        })
        .collect()
}

/// "Grand livre 2020", or "Grand livre" when the year is not known.
pub(super) fn ledger_title(year: Option<Year>) -> String {
    match year {
        Some(y) => t!("fec-ledger-of", year = y.end.format("%Y").to_string()),
        None => t!("fec-ledger"),
    }
}

/// One écriture on a line: journal, number, date, label, amount.
pub(super) fn entry_text(e: &Entry) -> String {
    t!(
        "fec-entry",
        entry = format!("{} {}", escaped(e.journal()), escaped(e.number())),
        date = day_text(e.date()),
        label = escaped(e.label()),
        amount = amount(e.debit.max(e.credit), words::current())
    )
}

pub(super) fn entry_json(change: &str, e: &Entry) -> Value {
    json!({
        "change": change,
        "journal": e.journal(),
        "number": e.number(),
        "date": e.date(),
        "piece": e.piece(),
        "label": e.label(),
        "debit": e.debit,
        "credit": e.credit,
        "line": e.first_line,
    })
}

impl Out {
    /// A failure among several files: said, and the others go on.
    pub fn failure(&self, failure: &Failure) {
        if self.json {
            self.emit(words::errors::json(failure));
        } else {
            words::errors::report(failure);
        }
    }

    pub fn ledger_checked(&self, file: &Path, scan: &Scan, year: Option<Year>) {
        if self.json {
            self.emit(json!({
                "type": "ledger_check",
                "file": file,
                "valid": scan.valid(),
                "encoding": scan.encoding,
                "separator": scan.layout.separator,
                "amounts": scan.layout.amounts,
                "cash_basis": scan.layout.cash_basis,
                "crlf": scan.crlf,
                "lines": scan.lines,
                "entries": scan.entries.len(),
                "year": year_json(year),
                "validated_until": scan.validated_until,
                "defect_count": scan.defect_count,
                "defects": scan.defects,
            }));
            return;
        }
        let file = path_text(file);
        let entries = scan.entries.len();
        if scan.valid() {
            say!(
                "{}",
                t!(
                    "fec-check-valid",
                    file = file,
                    title = ledger_title(year),
                    entries = entries,
                    lines = scan.lines
                )
            );
        } else {
            say!(
                "{}",
                t!(
                    "fec-check-defects",
                    file = file,
                    count = scan.defect_count,
                    entries = entries,
                    lines = scan.lines
                )
            );
            for d in &scan.defects {
                say!("  {}", defect_text(d));
            }
            let more = scan.defect_count.saturating_sub(scan.defects.len() as u64);
            if more > 0 {
                say!("  {}", t!("fec-check-more", count = more));
            }
        }
        if year.is_none() {
            tell!("{}", t!("hint-fec-no-year"));
        }
    }
}
