//! `sacoche fec check` and `sacoche fec diff`: the ledger module on files.

use std::fs::File;
use std::path::{Path, PathBuf};

use sacoche::error::{EXIT_ERROR, EXIT_OK, IoAction, IoError};
use sacoche::exchange::ledgers::scan_opened;
use sacoche::ledger::{self, Scan, Year};

use super::dossier::fiscal_period;
use crate::failure::Failure;
use crate::output::Out;

/// The fiscal year to check `file` against: the one given, else its name's.
fn year_of(file: &Path, given: Option<Year>) -> Option<Year> {
    given.or_else(|| {
        let name = file.file_name()?.to_str()?;
        ledger::closing_date(name).map(ledger::year_closing_on)
    })
}

/// One pass over the ledger at `file`.
pub fn scan_file(file: &Path, year: Option<Year>) -> Result<Scan, Failure> {
    let opened = File::open(file).map_err(|e| IoError::new(IoAction::Open, file, e))?;
    scan_opened(opened, year)
        .map_err(|e| IoError::new(IoAction::Read, file, e))?
        .map_err(|problem| Failure::NotALedger(file.to_path_buf(), problem))
}

pub fn check(files: &[PathBuf], fiscal_year: Option<&str>, json: bool) -> Result<u8, Failure> {
    let given = fiscal_period(fiscal_year)?.map(|p| Year {
        start: p.start,
        end: p.end,
    });
    let out = Out::new(json);
    let mut code = EXIT_OK;
    for file in files {
        let year = year_of(file, given);
        match scan_file(file, year) {
            Ok(scan) => {
                out.ledger_checked(file, &scan, year);
                if !scan.valid() {
                    code = code.max(EXIT_ERROR);
                }
            }
            Err(failure) if files.len() > 1 => {
                out.failure(&failure);
                code = code.max(failure.exit_code());
            }
            Err(failure) => return Err(failure),
        }
    }
    Ok(code)
}

pub fn diff(old: &Path, new: &Path, verbose: bool, json: bool) -> Result<u8, Failure> {
    let year = year_of(new, None).or_else(|| year_of(old, None));
    // Both versions at once, one per core.
    let (before, after) = std::thread::scope(|scope| {
        let before = scope.spawn(|| scan_file(old, year));
        let after = scan_file(new, year);
        (before.join(), after)
    });
    let before = before.map_err(|_| {
        Failure::Io(IoError::new(
            IoAction::Read,
            old,
            std::io::Error::other("reader stopped"),
        ))
    })??;
    let after = after?;
    let diff = ledger::diff(&before.entries, &after.entries);
    Out::new(json).ledger_diff(new, &after, year, &diff, verbose);
    Ok(EXIT_OK)
}
