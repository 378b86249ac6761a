//! The audit log: every inbox action (seen, integrated, deleted, restored, refused,
//! conflict) appended as one JSON line to `$SACOCHE_HOME/log.jsonl`.

use crate::error::IoAction;
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Error;
use crate::home::Home;

/// What was done to an archive. Stored as a stable English code (`seen`,
/// `integrated`…); a code this version does not know reads as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogAction {
    /// Listed by the watcher, or found already integrated.
    Seen,
    /// Integrated into its dossier.
    Integrated,
    /// A receipt recorded.
    Recorded,
    /// Moved to the trash by the user.
    Deleted,
    /// Put back from the trash.
    Restored,
    /// Refused (invalid, stale, untrusted…).
    Refused,
    /// Can't be integrated as it is (another fiscal year…).
    Blocked,
    /// Written by another version.
    #[serde(other)]
    Other,
}

/// One logged action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// What was done.
    pub action: LogAction,
    /// The archive file.
    pub file: String,
    /// Its id, when it could be read.
    #[serde(default)]
    pub archive_id: Option<String>,
    /// Its dossier, when known.
    #[serde(default)]
    pub dossier: Option<crate::ids::DossierId>,
    /// What came of it, as a stable code (`integrated`, `conflicts`, a status or a
    /// refusal's code, the trash id restored from); records written before version 2
    /// of the log hold English words here.
    pub outcome: String,
}

/// Appends one entry (a single write of one line, so concurrent writers don't mix).
pub fn append(home: &Home, entry: &LogEntry) -> Result<(), Error> {
    let path = home.log_file();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(IoAction::Create, dir, e))?;
    }
    let mut line = serde_json::to_vec(entry).map_err(|e| Error::Internal(e.to_string()))?;
    line.push(b'\n');
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| Error::io(IoAction::Open, &path, e))?;
    file.write_all(&line)
        .map_err(|e| Error::io(IoAction::Write, &path, e))
}

/// Reads the log, optionally for one dossier. Damaged lines are skipped.
pub fn read(home: &Home, dossier: Option<&str>) -> Result<Vec<LogEntry>, Error> {
    let path = home.log_file();
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(IoAction::Read, &path, e)),
    };
    Ok(BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<LogEntry>(&l).ok())
        .filter(|e| dossier.is_none_or(|d| e.dossier.as_deref() == Some(d)))
        .collect())
}
