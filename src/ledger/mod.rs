//! The FEC ledger (Fichier des Écritures Comptables, article A47 A-1 of the LPF),
//! understood: read tolerantly (encodings, separators, the three variants), checked
//! strictly, compared in écritures. Bytes in, typed values out: no files opened here,
//! no sentences (the binary says them).

pub mod columns;
pub mod diff;
pub mod merge;
pub mod read;
pub mod scan;
pub mod text;

use chrono::{Datelike, NaiveDate};

pub use columns::{Column, HeaderProblem, Layout};
pub use diff::{Diff, diff};
pub use read::OpenError;
pub use scan::{Defect, DefectKind, Entry, Scan, ScanError, Year, scan};
pub use text::{Cents, Encoding};

/// The closing date a ledger's file name gives: `<SIREN>FEC<AAAAMMJJ>` (nine digits,
/// `FEC`, a date), with any extension.
pub fn closing_date(file_name: &str) -> Option<NaiveDate> {
    let stem = file_name.split('.').next()?;
    let (siren, date) = stem.split_once("FEC").or_else(|| stem.split_once("fec"))?;
    let siren_ok = siren.len() == 9 && siren.bytes().all(|b| b.is_ascii_digit());
    siren_ok.then(|| text::date(date)).flatten()
}

/// Whether a file of that name is a ledger by the FEC naming rule.
pub fn is_ledger_name(file_name: &str) -> bool {
    closing_date(file_name).is_some()
}

/// Whether a file starting with `first_line` is a ledger by its header.
pub fn has_ledger_header(first_line: &[u8]) -> bool {
    read::Reader::new(first_line).is_ok()
}

/// The fiscal year that closes on `end`: the day after the same date a year before,
/// through `end` (a GAEC may close on another day than 31 December).
pub fn year_closing_on(end: NaiveDate) -> Year {
    let before = NaiveDate::from_ymd_opt(end.year() - 1, end.month(), end.day())
        // 29 February closes a year that started on 1 March.
        .or_else(|| NaiveDate::from_ymd_opt(end.year() - 1, 2, 28))
        .unwrap_or(end);
    Year {
        start: before.succ_opt().unwrap_or(before),
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledgers_by_their_name() {
        assert_eq!(
            closing_date("123456782FEC20201231.txt"),
            NaiveDate::from_ymd_opt(2020, 12, 31)
        );
        assert!(is_ledger_name("123456782FEC20200630"));
        for other in [
            "FEC20201231.txt",
            "12345678FEC20201231.txt",
            "123456782FEC2020.txt",
            "modèles.csv",
        ] {
            assert!(!is_ledger_name(other), "{other}");
        }
    }

    #[test]
    fn the_year_a_closing_date_ends() {
        let d = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap_or_default();
        assert_eq!(
            year_closing_on(d(2020, 12, 31)),
            Year {
                start: d(2020, 1, 1),
                end: d(2020, 12, 31)
            }
        );
        assert_eq!(
            year_closing_on(d(2021, 6, 30)),
            Year {
                start: d(2020, 7, 1),
                end: d(2021, 6, 30)
            }
        );
        assert_eq!(
            year_closing_on(d(2024, 2, 29)),
            Year {
                start: d(2023, 3, 1),
                end: d(2024, 2, 29)
            }
        );
    }
}
