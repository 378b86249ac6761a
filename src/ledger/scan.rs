//! One pass over a ledger: its écritures (lines with the same JournalCode and
//! EcritureNum), each summed up in a few dozen bytes, and its defects with their line
//! numbers. What `fec check` reports and what `fec diff` compares.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::io::BufRead;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::columns::{Amounts, Column, Layout, REQUIRED};
use super::read::{Line, OpenError, Reader};
use super::text::{self, Cents, Encoding};

/// A fiscal year, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Year {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// What is wrong on one line (or, for an écriture, on its first line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Defect {
    pub line: u64,
    #[serde(flatten)]
    pub kind: DefectKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "defect", rename_all = "kebab-case")]
pub enum DefectKind {
    /// Not as many fields as the header names.
    FieldCount { expected: usize, found: usize },
    /// A field every line must fill is empty.
    Missing { column: Column },
    /// An amount that is not one.
    BadAmount { column: Column, value: String },
    /// Both a debit and a credit on the line.
    DebitAndCredit,
    /// Neither a debit nor a credit.
    NoAmount,
    /// A Sens that is neither D nor C (nor +1 / -1).
    BadSens,
    /// A CompteNum that does not start with three digits.
    BadAccount { account: String },
    /// A date that is not `AAAAMMJJ` or not a real day.
    BadDate { column: Column, value: String },
    /// An EcritureDate outside the fiscal year.
    OutsideYear { date: NaiveDate },
    /// An écriture whose debits and credits differ.
    Unbalanced {
        journal: String,
        number: String,
        debit: Cents,
        credit: Cents,
    },
}

/// One écriture, summed up. Its words are kept in one allocation (a 300 MB ledger has
/// over a million écritures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// JournalCode, EcritureNum, EcritureDate (as written), PieceRef and EcritureLib of
    /// its first line, one after the other; `ends` says where each stops.
    words: Box<str>,
    ends: [u32; 4],
    /// Its first line's number in the file.
    pub first_line: u64,
    pub lines: u32,
    pub debit: Cents,
    pub credit: Cents,
    /// SHA-256 over its lines in order, every field but EcritureNum: two écritures
    /// with the same content have the same one, whatever their numbers.
    pub content: [u8; 32],
}

impl Entry {
    /// An écriture of one line so far.
    pub fn new(
        words: [&str; 5],
        first_line: u64,
        debit: Cents,
        credit: Cents,
        content: [u8; 32],
    ) -> Entry {
        let mut text = String::with_capacity(words.iter().map(|w| w.len()).sum());
        let mut ends = [0u32; 4];
        for (i, w) in words.iter().enumerate() {
            text.push_str(w);
            if let Some(end) = ends.get_mut(i) {
                *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
        }
        Entry {
            words: text.into_boxed_str(),
            ends,
            first_line,
            lines: 1,
            debit,
            credit,
            content,
        }
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(u32::MAX);
        let end = (end as usize).min(self.words.len());
        self.words.get(start as usize..end).unwrap_or("")
    }

    pub fn journal(&self) -> &str {
        self.word(0)
    }
    pub fn number(&self) -> &str {
        self.word(1)
    }
    /// EcritureDate, as written.
    pub fn date(&self) -> &str {
        self.word(2)
    }
    /// PieceRef of its first line.
    pub fn piece(&self) -> &str {
        self.word(3)
    }
    /// EcritureLib of its first line.
    pub fn label(&self) -> &str {
        self.word(4)
    }

    pub fn balanced(&self) -> bool {
        self.debit == self.credit
    }
}

/// What one pass found.
#[derive(Debug, Clone)]
pub struct Scan {
    pub layout: Layout,
    pub encoding: Encoding,
    pub crlf: bool,
    /// Lines after the header (blank ones left out).
    pub lines: u64,
    /// In the order of their first lines.
    pub entries: Vec<Entry>,
    /// The first [`KEPT_DEFECTS`], by line.
    pub defects: Vec<Defect>,
    /// All of them.
    pub defect_count: u64,
    /// The latest ValidDate (the ledger is validated up to that day).
    pub validated_until: Option<NaiveDate>,
}

/// How many defects a scan keeps (it counts them all).
pub const KEPT_DEFECTS: usize = 1000;

/// Reading failed.
#[derive(Debug)]
pub enum ScanError {
    Open(OpenError),
    Io(std::io::Error),
}

impl Scan {
    /// True when nothing is wrong.
    pub fn valid(&self) -> bool {
        self.defect_count == 0
    }

    fn note(&mut self, line: u64, kind: DefectKind) {
        self.defect_count += 1;
        if self.defects.len() < KEPT_DEFECTS {
            self.defects.push(Defect { line, kind });
        }
    }
}

/// Reads `input` as a ledger; `year`, when known, is the dossier's fiscal year.
pub fn scan<R: BufRead>(input: R, year: Option<Year>) -> Result<Scan, ScanError> {
    let mut reader = Reader::new(input).map_err(ScanError::Open)?;
    let mut scan = Scan {
        layout: reader.layout().clone(),
        encoding: reader.encoding(),
        crlf: reader.crlf(),
        lines: 0,
        entries: Vec::new(),
        defects: Vec::new(),
        defect_count: 0,
        validated_until: None,
    };
    let layout = scan.layout.clone();
    // Écritures by a hash of (journal, number), checked against the écriture found:
    // no allocation per line. Keys whose hashes collide go to `collided`.
    let mut index: FxHashMap<u64, usize> = FxHashMap::default();
    let mut collided: HashMap<(String, String), usize> = HashMap::new();
    let mut last: Option<usize> = None;
    while let Some(line) = reader.next_line().map_err(ScanError::Io)? {
        scan.lines += 1;
        let Some((debit, credit)) = check_line(&mut scan, &layout, &line, year) else {
            continue;
        };
        let journal = line.get(&layout, Column::JournalCode);
        let number = line.get(&layout, Column::EcritureNum);
        let same_as_last = last
            .and_then(|i| scan.entries.get(i))
            .is_some_and(|e| e.journal() == journal && e.number() == number);
        let key = key_hash(journal, number);
        let at = if same_as_last {
            last
        } else {
            match index.get(&key).copied() {
                Some(i)
                    if scan
                        .entries
                        .get(i)
                        .is_some_and(|e| e.journal() == journal && e.number() == number) =>
                {
                    Some(i)
                }
                Some(_) => collided
                    .get(&(journal.to_string(), number.to_string()))
                    .copied(),
                None => None,
            }
        };
        let hash = line_hash(&layout, &line, debit, credit);
        let at = match at.and_then(|i| scan.entries.get_mut(i).map(|e| (i, e))) {
            Some((i, entry)) => {
                entry.lines += 1;
                entry.debit.0 += debit.0;
                entry.credit.0 += credit.0;
                entry.content = chain(&entry.content, &hash);
                i
            }
            None => {
                let i = scan.entries.len();
                match index.entry(key) {
                    std::collections::hash_map::Entry::Occupied(_) => {
                        collided.insert((journal.to_string(), number.to_string()), i);
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(i);
                    }
                }
                scan.entries.push(Entry::new(
                    [
                        journal,
                        number,
                        line.get(&layout, Column::EcritureDate),
                        line.get(&layout, Column::PieceRef),
                        line.get(&layout, Column::EcritureLib),
                    ],
                    line.number,
                    debit,
                    credit,
                    chain(&[0; 32], &hash),
                ));
                i
            }
        };
        last = Some(at);
    }
    scan.encoding = reader.encoding();
    let unbalanced: Vec<(u64, DefectKind)> = scan
        .entries
        .iter()
        .filter(|e| !e.balanced())
        .map(|e| {
            let kind = DefectKind::Unbalanced {
                journal: e.journal().to_string(),
                number: e.number().to_string(),
                debit: e.debit,
                credit: e.credit,
            };
            (e.first_line, kind)
        })
        .collect();
    for (line, kind) in unbalanced {
        scan.note(line, kind);
    }
    scan.defects.sort_by_key(|d| d.line);
    Ok(scan)
}

/// Notes what is wrong with `line`; its debit and credit when it can be counted in
/// its écriture (a line without its journal or number, or of the wrong width, is not).
fn check_line(
    scan: &mut Scan,
    layout: &Layout,
    line: &Line<'_>,
    year: Option<Year>,
) -> Option<(Cents, Cents)> {
    let n = line.number;
    if line.width() != layout.width {
        scan.note(
            n,
            DefectKind::FieldCount {
                expected: layout.width,
                found: line.width(),
            },
        );
        return None;
    }
    for column in REQUIRED {
        if line.get(layout, column).is_empty() {
            scan.note(n, DefectKind::Missing { column });
        }
    }
    let account = line.get(layout, Column::CompteNum);
    let three_digits = account.len() >= 3 && account.bytes().take(3).all(|b| b.is_ascii_digit());
    if !account.is_empty() && !three_digits {
        let account = account.to_string();
        scan.note(n, DefectKind::BadAccount { account });
    }
    let dates = [
        Column::EcritureDate,
        Column::PieceDate,
        Column::ValidDate,
        Column::DateLet,
        Column::DateRglt,
    ];
    for column in dates {
        let value = line.get(layout, column);
        if !value.is_empty() && text::date(value).is_none() {
            let value = value.to_string();
            scan.note(n, DefectKind::BadDate { column, value });
        }
    }
    if let Some(date) = text::date(line.get(layout, Column::EcritureDate))
        && let Some(year) = year
        && !(year.start..=year.end).contains(&date)
    {
        scan.note(n, DefectKind::OutsideYear { date });
    }
    if let Some(valid) = text::date(line.get(layout, Column::ValidDate)) {
        scan.validated_until = scan.validated_until.max(Some(valid));
    }
    let amounts = amounts(scan, layout, line);
    let journal = line.get(layout, Column::JournalCode);
    let number = line.get(layout, Column::EcritureNum);
    (!journal.is_empty() && !number.is_empty()).then_some(amounts)
}

/// The line's debit and credit; a defect for each amount that is wrong.
fn amounts(scan: &mut Scan, layout: &Layout, line: &Line<'_>) -> (Cents, Cents) {
    let n = line.number;
    let mut bad = false;
    let mut read = |column: Column| match Cents::parse(line.get(layout, column)) {
        Ok(value) => value,
        Err(_) => {
            let value = line.get(layout, column).to_string();
            scan.note(n, DefectKind::BadAmount { column, value });
            bad = true;
            None
        }
    };
    let (debit, credit) = match layout.amounts {
        Amounts::DebitCredit => {
            let debit = read(Column::Debit).unwrap_or_default();
            let credit = read(Column::Credit).unwrap_or_default();
            (debit, credit)
        }
        Amounts::MontantSens => {
            let amount = read(Column::Montant).unwrap_or_default();
            match line.get(layout, Column::Sens) {
                s if s.eq_ignore_ascii_case("D") || s == "+1" || s == "1" => (amount, Cents(0)),
                s if s.eq_ignore_ascii_case("C") || s == "-1" => (Cents(0), amount),
                _ => {
                    scan.note(n, DefectKind::BadSens);
                    return (Cents(0), Cents(0));
                }
            }
        }
    };
    match (debit.is_zero(), credit.is_zero()) {
        (false, false) => scan.note(n, DefectKind::DebitAndCredit),
        (true, true) if !bad => scan.note(n, DefectKind::NoAmount),
        _ => {}
    }
    (debit, credit)
}

/// A line's content, every field but EcritureNum, amounts as cents (so that `10,5`
/// and `10,50` are the same).
fn line_hash(layout: &Layout, line: &Line<'_>, debit: Cents, credit: Cents) -> [u8; 32] {
    let mut h = Sha256::new();
    let number = layout.index(Column::EcritureNum);
    let amounts = [
        layout.index(Column::Debit),
        layout.index(Column::Credit),
        layout.index(Column::Montant),
        layout.index(Column::Sens),
    ];
    for i in 0..line.width() {
        if Some(i) == number || amounts.contains(&Some(i)) {
            continue;
        }
        h.update(line.field(i).as_bytes());
        h.update([0x1f]);
    }
    h.update(debit.0.to_le_bytes());
    h.update(credit.0.to_le_bytes());
    h.finalize().into()
}

fn key_hash(journal: &str, number: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(journal.as_bytes());
    h.write_u8(0x1f);
    h.write(number.as_bytes());
    h.finish()
}

fn chain(before: &[u8; 32], line: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(before);
    h.update(line);
    h.finalize().into()
}
