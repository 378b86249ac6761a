//! The watcher: an always-on view of the inbox folders.
//!
//! File-system events are only hints (watchers miss events: queue overflows, network
//! shares that send none). On start the folders are listed; after each debounced batch
//! of events they are listed again; and they are rescanned on a timer anyway. With
//! `poll`, events come from polling (network shares, sticks).
//!
//! A file is `ready` only when its size and modification time have not changed for
//! `settle` *and* its whole-file signature verifies: a file still being copied is
//! `incomplete`, never ready, and never called invalid before it has settled.

use crate::error::IoAction;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify::{PollWatcher, RecursiveMode, Watcher};

use super::{Config, Entry, Examiner, Handled, Status};
use crate::error::Error;
use crate::home::Home;

/// How the watcher runs.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Poll the folders at this interval instead of using file-system events.
    pub poll: Option<Duration>,
    /// Integrate ready archives from trusted senders automatically.
    pub process: bool,
    /// How long size and time must stay unchanged before a file is judged.
    pub settle: Duration,
    /// Full rescan interval, events or not.
    pub rescan: Duration,
    /// Maildirs whose `new/` messages have their archives copied into the first inbox.
    pub maildirs: Vec<PathBuf>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: None,
            process: false,
            settle: Duration::from_secs(2),
            rescan: Duration::from_secs(30),
            maildirs: Vec::new(),
        }
    }
}

/// What the watcher reports.
#[derive(Debug)]
pub enum WatchEvent {
    /// An archive appeared or changed status.
    Status(Box<Entry>),
    /// A file left the inbox.
    Gone(PathBuf),
    /// An archive was processed (`process` option).
    Processed(Box<Handled>),
    /// Archives copied from new mail into the inbox.
    Imported(Box<crate::mail::Imported>),
}

struct Seen {
    stamp: (u64, Option<SystemTime>),
    changed_at: Instant,
    reported: Option<(Status, Option<super::Reason>)>,
}

/// Watches until `on_event` returns `false`.
pub fn watch(
    home: &Home,
    config: &Config,
    options: WatchOptions,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> Result<(), Error> {
    let (tx, rx) = mpsc::channel();
    let mut watcher: Box<dyn Watcher> = match options.poll {
        Some(interval) => Box::new(
            PollWatcher::new(tx, notify::Config::default().with_poll_interval(interval))
                .map_err(watch_error)?,
        ),
        None => Box::new(notify::recommended_watcher(tx).map_err(watch_error)?),
    };
    let new_mail: Vec<PathBuf> = options.maildirs.iter().map(|m| m.join("new")).collect();
    for folder in config.inboxes.iter().chain(&new_mail) {
        watcher
            .watch(folder, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Error::io(
                    IoAction::Watch,
                    folder,
                    std::io::Error::other(e.to_string()),
                )
            })?;
    }
    let mut seen: HashMap<PathBuf, Seen> = HashMap::new();
    let mut mail_read: HashSet<PathBuf> = HashSet::new();
    loop {
        if !import_new_mail(home, config, &new_mail, &mut mail_read, on_event)? {
            return Ok(());
        }
        let next_due = scan(home, config, &options, &mut seen, on_event)?;
        let Some(wait) = next_due else {
            return Ok(()); // on_event asked to stop
        };
        // Sleep until an event, the next settle deadline, or the periodic rescan.
        match rx.recv_timeout(wait) {
            Ok(_) => {
                // Debounce: let a burst of events (a copy in progress) finish first.
                while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Internal("the file watcher stopped".into()));
            }
        }
    }
}

/// Copies the archives of messages that arrived in the Maildirs' `new/` folders into the
/// first inbox (each message read once per run; each archive once, by id). Returns
/// `false` when told to stop.
fn import_new_mail(
    home: &Home,
    config: &Config,
    new_mail: &[PathBuf],
    read: &mut HashSet<PathBuf>,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> Result<bool, Error> {
    let Some(inbox) = config.inboxes.first() else {
        return Ok(true);
    };
    let mut fresh = Vec::new();
    for folder in new_mail {
        let entries =
            std::fs::read_dir(folder).map_err(|e| Error::io(IoAction::Read, folder, e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && !read.contains(&path) {
                fresh.push(path);
            }
        }
    }
    if fresh.is_empty() {
        return Ok(true);
    }
    let already = super::integrated_before(home, config)?;
    let report = crate::mail::import(home, inbox, &fresh, &already)?;
    read.extend(fresh);
    if report.added.is_empty() && report.invalid.is_empty() {
        return Ok(true);
    }
    Ok(on_event(WatchEvent::Imported(Box::new(report))))
}

fn watch_error(e: notify::Error) -> Error {
    Error::io(
        IoAction::Watch,
        "inbox",
        std::io::Error::other(e.to_string()),
    )
}

/// One pass over the folders. Returns how long to wait before the next pass, or `None`
/// when told to stop.
fn scan(
    home: &Home,
    config: &Config,
    options: &WatchOptions,
    seen: &mut HashMap<PathBuf, Seen>,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> Result<Option<Duration>, Error> {
    let now = Instant::now();
    let files = super::inbox_files(config)?;
    let gone: Vec<PathBuf> = seen
        .keys()
        .filter(|p| !files.contains(p))
        .cloned()
        .collect();
    for path in gone {
        let was_reported = seen.remove(&path).and_then(|s| s.reported).is_some();
        if was_reported && !on_event(WatchEvent::Gone(path)) {
            return Ok(None);
        }
    }
    let mut examiner = Examiner::new(home)?;
    let mut wait = options.rescan;
    let listed = files.clone();
    let mut found_all: Vec<Entry> = Vec::new();
    for file in files {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let stamp = (meta.len(), meta.modified().ok());
        let entry = seen.entry(file.clone()).or_insert(Seen {
            stamp,
            changed_at: now,
            reported: None,
        });
        if entry.stamp != stamp {
            entry.stamp = stamp;
            entry.changed_at = now;
        }
        let quiet_for = now.saturating_duration_since(entry.changed_at);
        let settled = quiet_for >= options.settle;
        if !settled {
            wait = wait.min(options.settle - quiet_for + Duration::from_millis(50));
        }
        let Some(mut found) = examiner.examine(home, config, &file, !settled)? else {
            continue;
        };
        if !settled && found.status != Status::Incomplete {
            // Judged only once it has settled; until then it is still arriving.
            found.status = Status::Incomplete;
            found.reason = Some(super::Reason::StillArriving);
            found.reason_code = None;
        }
        found_all.push(found);
    }
    // The parts of a split archive are judged together once all have settled.
    super::complete_sets(home, config, &mut examiner, &mut found_all)?;
    let mut done_sets: HashSet<PathBuf> = HashSet::new();
    for found in found_all {
        let Some(entry) = seen.get_mut(&found.file) else {
            continue;
        };
        let key = (found.status, found.reason.clone());
        if entry.reported.as_ref() != Some(&key) {
            let first_judgement = entry
                .reported
                .as_ref()
                .is_none_or(|(s, _)| *s == Status::Incomplete);
            if first_judgement && found.status != Status::Incomplete {
                super::record(
                    home,
                    &found,
                    super::log::LogAction::Seen,
                    found.status.word(),
                )?;
            }
            entry.reported = Some(key);
            let ready = found.status.processable(false) && found.trusted;
            if !on_event(WatchEvent::Status(Box::new(found.clone()))) {
                return Ok(None);
            }
            let first_of_set = found
                .set_files
                .first()
                .is_none_or(|f| done_sets.insert(f.clone()));
            if options.process && ready && first_of_set {
                let handled = super::process_one(home, config, found, false, false)?;
                if !on_event(WatchEvent::Processed(Box::new(handled))) {
                    return Ok(None);
                }
                // Others may have become ready (a predecessor arrived): look again soon.
                wait = Duration::from_millis(50);
            }
        }
    }
    examiner.save(home, &listed);
    Ok(Some(wait))
}
