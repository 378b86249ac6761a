//! The audit log: every inbox action (seen, integrated, deleted, restored, refused,
//! conflict) appended as one JSON line to `$SACOCHE_HOME/log.jsonl`.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::home::Home;

/// One logged action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// `seen`, `integrated`, `deleted`, `restored`, `refused`, `conflict`, `waiting`.
    pub action: String,
    /// The archive file.
    pub file: String,
    /// Its id, when it could be read.
    #[serde(default)]
    pub archive_id: Option<String>,
    /// Its dossier, when known.
    #[serde(default)]
    pub dossier: Option<String>,
    /// What happened, in words.
    pub outcome: String,
}

/// Appends one entry (a single write of one line, so concurrent writers don't mix).
pub fn append(home: &Home, entry: &LogEntry) -> Result<(), Error> {
    let path = home.log_file();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    let mut line = serde_json::to_vec(entry).map_err(|e| Error::Internal(e.to_string()))?;
    line.push(b'\n');
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| Error::io("open", &path, e))?;
    file.write_all(&line)
        .map_err(|e| Error::io("write", &path, e))
}

/// Reads the log, optionally for one dossier. Damaged lines are skipped.
pub fn read(home: &Home, dossier: Option<&str>) -> Result<Vec<LogEntry>, Error> {
    let path = home.log_file();
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    Ok(BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<LogEntry>(&l).ok())
        .filter(|e| dossier.is_none_or(|d| e.dossier.as_deref() == Some(d)))
        .collect())
}
