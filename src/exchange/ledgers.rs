//! The ledgers a pack carries, checked on the way out: an invalid FEC ledger is named
//! before it reaches the accountant (`pack` warns; `pack --strict` refuses).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::archive::manifest::{FiscalPeriod, StateEntry};
use crate::archive::path::native;
use crate::dossier::Error;
use crate::error::IoAction;
use crate::ledger::{self, Defect, HeaderProblem, OpenError, Scan, ScanError, Year};

/// How many defects of each ledger a pack keeps to show.
const SHOWN: usize = 5;

/// Extensions a ledger exported under another name may have (its header tells).
const TEXT: [&str; 4] = ["txt", "csv", "tsv", "fec"];

/// One ledger among the files packed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerCheck {
    /// Its path in the dossier (`/`-separated).
    pub path: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid {
        entries: usize,
    },
    /// Its first defects, and how many there are.
    Defects {
        count: u64,
        first: Vec<Defect>,
    },
    /// Named as a ledger, but its first line is not a FEC header (`None`: empty).
    NotALedger(Option<HeaderProblem>),
}

impl LedgerCheck {
    pub fn valid(&self) -> bool {
        matches!(self.verdict, Verdict::Valid { .. })
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether the file at `rel` is a ledger: by its name, or (a text file) its header.
pub fn is_ledger(dir: &Path, rel: &str) -> Result<bool, Error> {
    let name = file_name(rel);
    if ledger::is_ledger_name(name) {
        return Ok(true);
    }
    let text_like = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| TEXT.iter().any(|t| t.eq_ignore_ascii_case(ext)));
    if !text_like {
        return Ok(false);
    }
    let path = native(dir, rel);
    let file = File::open(&path).map_err(|e| Error::io(IoAction::Read, &path, e))?;
    let mut first = Vec::new();
    BufReader::new(file.take(64 * 1024))
        .read_until(b'\n', &mut first)
        .map_err(|e| Error::io(IoAction::Read, &path, e))?;
    Ok(ledger::has_ledger_header(&first))
}

/// Reads are buffered this much: big enough for a 300 MB ledger to stream quickly.
const BUFFER: usize = 256 * 1024;

/// The ledger in `file`, read once: its scan, or why it is not a ledger (`None`: it
/// is empty).
pub fn scan_opened(
    file: File,
    year: Option<Year>,
) -> std::io::Result<Result<Scan, Option<HeaderProblem>>> {
    match ledger::scan(BufReader::with_capacity(BUFFER, file), year) {
        Ok(scan) => Ok(Ok(scan)),
        Err(ScanError::Open(OpenError::Empty)) => Ok(Err(None)),
        Err(ScanError::Open(OpenError::Header(p))) => Ok(Err(Some(p))),
        Err(ScanError::Io(e) | ScanError::Open(OpenError::Io(e))) => Err(e),
    }
}

/// Checks every ledger among `carried`. The fiscal year: `period`, else each file's
/// name's closing date.
pub fn check_carried(
    dir: &Path,
    carried: &[&StateEntry],
    period: Option<FiscalPeriod>,
) -> Result<Vec<LedgerCheck>, Error> {
    let mut checks = Vec::new();
    for f in carried {
        if !is_ledger(dir, &f.path)? {
            continue;
        }
        let year = period
            .map(|p| Year {
                start: p.start,
                end: p.end,
            })
            .or_else(|| ledger::closing_date(file_name(&f.path)).map(ledger::year_closing_on));
        let path = native(dir, &f.path);
        let file = File::open(&path).map_err(|e| Error::io(IoAction::Read, &path, e))?;
        let verdict =
            match scan_opened(file, year).map_err(|e| Error::io(IoAction::Read, &path, e))? {
                Ok(scan) if scan.valid() => Verdict::Valid {
                    entries: scan.entries.len(),
                },
                Ok(scan) => Verdict::Defects {
                    count: scan.defect_count,
                    first: scan.defects.into_iter().take(SHOWN).collect(),
                },
                Err(problem) => Verdict::NotALedger(problem),
            };
        checks.push(LedgerCheck {
            path: f.path.clone(),
            verdict,
        });
    }
    Ok(checks)
}
