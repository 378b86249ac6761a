//! The watcher: an always-on view of the inbox folders.
//!
//! File-system events are only hints (watchers miss events: queue overflows, network
//! shares that send none). On start the folders are listed; after each debounced batch
//! of events they are listed again (a burst delays a pass by at most two seconds); and
//! they are rescanned on a timer anyway. With `poll`, events come from polling (network
//! shares, sticks); when the system's events cannot be set up, report an error or stop,
//! the watcher polls by itself and says so. What fails for one file or folder is
//! reported and the watch goes on; the count comes back when it ends.
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

use super::Error;
use super::{Config, Entry, Examiner, Handled, Status};
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
    /// Something failed for one file or folder (it is left as it is); the watch goes on.
    Failed { path: PathBuf, error: Box<Error> },
    /// File-system events do not work (or stopped working) here: the watcher polls the
    /// folders every `every` instead.
    Polling {
        why: PollingWhy,
        /// What the system said went wrong, as far as it can be told.
        trouble: EventsTrouble,
        /// The folder concerned, when the system named one.
        folder: Option<PathBuf>,
        every: Duration,
    },
}

/// What went wrong with the system's file-system events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventsTrouble {
    /// The system's limit on watched folders is reached (inotify's `max_user_watches`).
    WatchLimit,
    /// A watched folder is not there any more.
    FolderGone,
    /// The system refused to watch the folder.
    Denied,
    /// Nothing more precise (the events stopped, or an error without a kind).
    Other,
}

impl EventsTrouble {
    fn of(error: &notify::Error) -> EventsTrouble {
        match &error.kind {
            notify::ErrorKind::MaxFilesWatch => EventsTrouble::WatchLimit,
            notify::ErrorKind::PathNotFound | notify::ErrorKind::WatchNotFound => {
                EventsTrouble::FolderGone
            }
            notify::ErrorKind::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => EventsTrouble::FolderGone,
                std::io::ErrorKind::PermissionDenied => EventsTrouble::Denied,
                // inotify says ENOSPC when the watch limit is reached.
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    EventsTrouble::WatchLimit
                }
                _ => EventsTrouble::Other,
            },
            _ => EventsTrouble::Other,
        }
    }
}

/// Why events could not be had, for [`WatchEvent::Polling`] and, when even polling
/// cannot be set up, for the error.
struct EventsFailed {
    folder: Option<PathBuf>,
    trouble: EventsTrouble,
    error: std::io::Error,
}

impl EventsFailed {
    fn new(folder: Option<&std::path::Path>, error: notify::Error) -> EventsFailed {
        let trouble = EventsTrouble::of(&error);
        let folder = folder
            .map(std::path::Path::to_path_buf)
            .or_else(|| error.paths.first().cloned());
        let error = match error.kind {
            notify::ErrorKind::Io(e) => e,
            notify::ErrorKind::PathNotFound | notify::ErrorKind::WatchNotFound => {
                std::io::ErrorKind::NotFound.into()
            }
            notify::ErrorKind::MaxFilesWatch => std::io::ErrorKind::QuotaExceeded.into(),
            _ => std::io::Error::other("file-system events"),
        };
        EventsFailed {
            folder,
            trouble,
            error,
        }
    }
}

/// Why the watcher fell back to polling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollingWhy {
    /// The system's file-system events could not be set up for a folder.
    Unavailable,
    /// The events reported an error (lost events, a watch limit reached).
    Failed,
    /// The events stopped coming altogether.
    Stopped,
}

/// How the watch ended (when `on_event` asked it to stop).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Watched {
    /// How many times something failed for a file or folder along the way.
    pub failures: usize,
}

/// How long a burst of events may delay a pass at most (a copy that never ends still
/// gets looked at).
const DEBOUNCE_CEILING: Duration = Duration::from_secs(2);
/// How often to poll once events have failed.
const FALLBACK_POLL: Duration = Duration::from_secs(2);

struct Seen {
    stamp: (u64, Option<SystemTime>),
    changed_at: Instant,
    reported: Option<(Status, Option<super::Reason>)>,
    /// After a failed integration (a dossier file held open, a full disk): how many
    /// attempts failed, and when to try again.
    retry: Option<(u32, Instant)>,
}

/// The longest wait between two attempts at integrating an archive that failed.
const RETRY_CEILING: Duration = Duration::from_secs(300);

/// How long to wait after `failed` failed attempts: the rescan interval, doubled after
/// each failure, at most [`RETRY_CEILING`].
fn retry_after(rescan: Duration, failed: u32) -> Duration {
    rescan
        .saturating_mul(1 << failed.saturating_sub(1).min(16))
        .min(RETRY_CEILING)
}

/// The events of a watcher, and the watcher (dropped, it stops).
type Events = (
    Box<dyn Watcher>,
    mpsc::Receiver<notify::Result<notify::Event>>,
);

/// A watcher of `folders`: the system's events, or polling every `poll`.
fn events(folders: &[PathBuf], poll: Option<Duration>) -> Result<Events, EventsFailed> {
    let (tx, rx) = mpsc::channel();
    let mut watcher: Box<dyn Watcher> = match poll {
        Some(interval) => Box::new(
            PollWatcher::new(tx, notify::Config::default().with_poll_interval(interval))
                .map_err(|e| EventsFailed::new(None, e))?,
        ),
        None => {
            // The tests' way to have a system without working events.
            crate::failpoint::hit("watch.events").map_err(|e| EventsFailed {
                folder: None,
                trouble: EventsTrouble::Other,
                error: std::io::Error::other(e.to_string()),
            })?;
            Box::new(notify::recommended_watcher(tx).map_err(|e| EventsFailed::new(None, e))?)
        }
    };
    for folder in folders {
        watcher
            .watch(folder, RecursiveMode::NonRecursive)
            .map_err(|e| EventsFailed::new(Some(folder), e))?;
    }
    Ok((watcher, rx))
}

/// Watches until `on_event` returns `false`. What fails for one file or folder is
/// reported ([`WatchEvent::Failed`]) and the watch goes on; the count comes back at the
/// end. When the system's events fail, it polls instead, and says so.
pub fn watch(
    home: &Home,
    config: &Config,
    options: WatchOptions,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> Result<Watched, Error> {
    let new_mail: Vec<PathBuf> = options.maildirs.iter().map(|m| m.join("new")).collect();
    let folders: Vec<PathBuf> = config.inboxes.iter().chain(&new_mail).cloned().collect();
    // A folder that is not there is the user's mistake: said at once, before watching.
    for folder in &folders {
        std::fs::read_dir(folder).map_err(|e| Error::io(IoAction::Read, folder, e))?;
    }
    let mut watched = Watched::default();
    let fall_back = |why, failed: EventsFailed, on_event: &mut dyn FnMut(WatchEvent) -> bool| {
        let go_on = on_event(WatchEvent::Polling {
            why,
            trouble: failed.trouble,
            folder: failed.folder,
            every: FALLBACK_POLL,
        });
        events(&folders, Some(FALLBACK_POLL))
            .map(|e| (e, go_on))
            .map_err(|f| Error::io(IoAction::Watch, f.folder.unwrap_or_default(), f.error))
    };
    let (mut _watcher, mut rx) = match events(&folders, options.poll) {
        Ok(e) => e,
        Err(failed) => match fall_back(PollingWhy::Unavailable, failed, on_event)? {
            (_, false) => return Ok(watched),
            (e, true) => e,
        },
    };
    let mut polling = options.poll.is_some();
    let mut seen: HashMap<PathBuf, Seen> = HashMap::new();
    let mut mail_read: HashSet<PathBuf> = HashSet::new();
    loop {
        let failures = &mut watched.failures;
        if !import_new_mail(home, config, &new_mail, &mut mail_read, failures, on_event) {
            return Ok(watched);
        }
        let next_due = scan(home, config, &options, &mut seen, failures, on_event)?;
        let Some(wait) = next_due else {
            return Ok(watched); // on_event asked to stop
        };
        // Sleep until an event, the next settle deadline, or the periodic rescan.
        let trouble = match rx.recv_timeout(wait) {
            Ok(Ok(_)) => {
                // Debounce: let a burst of events (a copy in progress) finish first,
                // but never for more than the ceiling.
                let until = Instant::now() + DEBOUNCE_CEILING;
                let mut trouble = None;
                while let Some(left) = until.checked_duration_since(Instant::now()) {
                    match rx.recv_timeout(left.min(Duration::from_millis(200))) {
                        Ok(Ok(_)) => {}
                        Ok(Err(e)) => {
                            trouble = Some((PollingWhy::Failed, EventsFailed::new(None, e)))
                        }
                        Err(_) => break,
                    }
                }
                trouble
            }
            Ok(Err(e)) => Some((PollingWhy::Failed, EventsFailed::new(None, e))),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => Some((
                PollingWhy::Stopped,
                EventsFailed {
                    folder: None,
                    trouble: EventsTrouble::Other,
                    error: std::io::Error::other("file-system events stopped"),
                },
            )),
        };
        if let Some((why, failed)) = trouble
            && !polling
        {
            polling = true;
            match fall_back(why, failed, &mut *on_event)? {
                (_, false) => return Ok(watched),
                ((w, r), true) => (_watcher, rx) = (w, r),
            }
        }
    }
}

/// Tells `on_event` that something failed for `path` (counted in `failures`); whether
/// to go on.
fn failed(
    path: &std::path::Path,
    error: Error,
    failures: &mut usize,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> bool {
    *failures += 1;
    on_event(WatchEvent::Failed {
        path: path.to_path_buf(),
        error: Box::new(error),
    })
}

/// Finishes the integrations that were interrupted (a failed attempt, a power cut) in
/// the dossiers that ready archives wait for, then judges those archives again, as
/// `inbox process` does before integrating. Returns `false` when told to stop.
fn recover(
    home: &Home,
    config: &Config,
    examiner: &mut Examiner,
    found_all: &mut [Entry],
    failures: &mut usize,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> bool {
    let Some(first) = found_all.iter().find(|f| f.interrupted) else {
        return true;
    };
    let file = first.file.clone();
    match super::process::recover_interrupted(config, found_all) {
        Ok(false) => true,
        Ok(true) => {
            for found in found_all.iter_mut().filter(|f| f.interrupted) {
                let file = found.file.clone();
                if let Ok(Some(again)) = examiner.examine(home, config, &file, false) {
                    *found = again;
                }
            }
            true
        }
        Err(error) => failed(&file, error, failures, on_event),
    }
}

/// Copies the archives of messages that arrived in the Maildirs' `new/` folders into the
/// first inbox (each message read once per run; each archive once, by id). A Maildir
/// that cannot be read, or an import that fails, is reported and the watch goes on.
/// Returns `false` when told to stop.
fn import_new_mail(
    home: &Home,
    config: &Config,
    new_mail: &[PathBuf],
    read: &mut HashSet<PathBuf>,
    failures: &mut usize,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> bool {
    let Some(inbox) = config.inboxes.first() else {
        return true;
    };
    let mut fresh = Vec::new();
    for folder in new_mail {
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(e) => {
                let error = Error::io(IoAction::Read, folder, e);
                if !failed(folder, error, failures, on_event) {
                    return false;
                }
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && !read.contains(&path) {
                fresh.push(path);
            }
        }
    }
    if fresh.is_empty() {
        return true;
    }
    let imported = super::integrated_before(home, config)
        .and_then(|already| Ok(crate::mail::import(home, inbox, &fresh, &already)?));
    // Each message is tried once per run, whatever came of it.
    read.extend(fresh);
    match imported {
        Ok(report) if report.added.is_empty() && report.invalid.is_empty() => true,
        Ok(report) => on_event(WatchEvent::Imported(Box::new(report))),
        Err(error) => failed(inbox, error, failures, on_event),
    }
}

/// One pass over the folders. Returns how long to wait before the next pass, or `None`
/// when told to stop.
fn scan(
    home: &Home,
    config: &Config,
    options: &WatchOptions,
    seen: &mut HashMap<PathBuf, Seen>,
    failures: &mut usize,
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
            retry: None,
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
        let mut found = match examiner.examine(home, config, &file, !settled) {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(error) => {
                if !failed(&file, error, failures, on_event) {
                    return Ok(None);
                }
                continue;
            }
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
    if options.process
        && !recover(
            home,
            config,
            &mut examiner,
            &mut found_all,
            failures,
            on_event,
        )
    {
        return Ok(None);
    }
    let mut done_sets: HashSet<PathBuf> = HashSet::new();
    for found in found_all {
        let Some(entry) = seen.get_mut(&found.file) else {
            continue;
        };
        let key = (found.status, found.reason.clone());
        let changed = entry.reported.as_ref() != Some(&key);
        let ready = found.status.processable(false) && found.trusted;
        if changed {
            entry.retry = None;
            let first_judgement = entry
                .reported
                .as_ref()
                .is_none_or(|(s, _)| *s == Status::Incomplete);
            if first_judgement
                && found.status != Status::Incomplete
                && let Err(error) = super::record(
                    home,
                    &found,
                    super::log::LogAction::Seen,
                    found.status.word(),
                )
                && !failed(&found.file, error, failures, on_event)
            {
                return Ok(None);
            }
            entry.reported = Some(key);
            if !on_event(WatchEvent::Status(Box::new(found.clone()))) {
                return Ok(None);
            }
        }
        // A failed integration is tried again, later and later, as long as the archive
        // stays ready: the file another program held open is closed some time.
        let retry_due = match entry.retry {
            Some((_, at)) if !changed => now >= at,
            _ => changed,
        };
        let first_of_set = found
            .set_files
            .first()
            .is_none_or(|f| done_sets.insert(f.clone()));
        if options.process && ready && retry_due && first_of_set {
            let file = found.file.clone();
            let go_on = match super::process_one(home, config, found, false, false) {
                Ok(handled) => {
                    entry.retry = None;
                    on_event(WatchEvent::Processed(Box::new(handled)))
                }
                Err(error) => {
                    let attempts = entry.retry.map_or(1, |(n, _)| n + 1);
                    let after = retry_after(options.rescan, attempts);
                    entry.retry = Some((attempts, now + after));
                    wait = wait.min(after);
                    failed(&file, error, failures, on_event)
                }
            };
            if !go_on {
                return Ok(None);
            }
            // Others may have become ready (a predecessor arrived): look again soon.
            wait = wait.min(Duration::from_millis(50));
        } else if let Some((_, at)) = entry.retry {
            wait = wait.min(at.saturating_duration_since(now));
        }
    }
    examiner.save(home, &listed);
    Ok(Some(wait))
}
