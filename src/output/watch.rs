//! The watcher's events.

use super::inbox::{entry_line, handling_word, reason_text};
use super::*;

impl Out {
    pub fn watch_event(&self, event: &WatchEvent) {
        let now = chrono::Local::now().format("%H:%M:%S");
        match event {
            WatchEvent::Status(e) => {
                if self.json {
                    let mut v = Self::entry_json(e);
                    v["type"] = json!("watch");
                    v["event"] = json!("status");
                    self.emit(v);
                } else {
                    say!("{now} {}", entry_line(e));
                    if let Some(reason) = &e.reason {
                        say!("         {}", reason_text(reason));
                    }
                }
            }
            WatchEvent::Gone(path) => {
                if self.json {
                    self.emit(json!({"type": "watch", "event": "gone", "file": path}));
                } else {
                    say!("{now} {}", t!("watch-gone", file = file_name(path)));
                }
            }
            WatchEvent::Imported(r) => {
                if self.json {
                    self.emit(json!({
                        "type": "watch",
                        "event": "imported",
                        "added": r.added,
                        "duplicates": r.duplicates,
                        "invalid": r.invalid.iter().map(|(n, why)| json!({"name": n, "reason": why.code()})).collect::<Vec<_>>(),
                    }));
                } else {
                    for path in &r.added {
                        say!("{now} {}", t!("watch-from-mail", file = file_name(path)));
                    }
                    for (name, why) in &r.invalid {
                        say!(
                            "{now} {}",
                            t!(
                                "watch-bad-attachment",
                                name = escaped(name),
                                why = words::rejections::rejection(why)
                            )
                        );
                    }
                }
            }
            WatchEvent::Processed(h) => {
                if self.json {
                    self.emit(json!({
                        "type": "watch",
                        "event": "processed",
                        "file": h.entry.file,
                        "dossier": h.entry.dossier,
                        "outcome": handling_word(&h.outcome),
                        "reason": h.reason.as_ref().map(reason_text),
                        "reason_code": h.reason.as_ref().map(|r| r.code()),
                    }));
                } else {
                    self.handled(h);
                }
            }
            WatchEvent::Failed { path, error } => {
                if self.json {
                    let mut v = words::errors::json(error.as_ref());
                    v["type"] = json!("watch");
                    v["event"] = json!("failed");
                    v["file"] = json!(path);
                    self.emit(v);
                } else {
                    // On stderr, as errors are; the watch goes on.
                    tell!(
                        "{now} {}",
                        t!(
                            "watch-failed",
                            error = words::errors::one_line(error.as_ref())
                        )
                    );
                }
            }
            WatchEvent::Polling {
                why,
                trouble,
                folder,
                every,
            } => {
                let why_code = match why {
                    PollingWhy::Unavailable => "unavailable",
                    PollingWhy::Failed => "failed",
                    PollingWhy::Stopped => "stopped",
                };
                if self.json {
                    self.emit(json!({
                        "type": "watch",
                        "event": "polling",
                        "why": why_code,
                        "trouble": match trouble {
                            EventsTrouble::WatchLimit => "watch-limit",
                            EventsTrouble::FolderGone => "folder-gone",
                            EventsTrouble::Denied => "denied",
                            EventsTrouble::Other => "other",
                        },
                        "folder": folder.as_ref().map(|f| f.display().to_string()),
                        "every_seconds": every.as_secs(),
                    }));
                } else {
                    let why = match why {
                        PollingWhy::Unavailable => t!("watch-polling-unavailable"),
                        PollingWhy::Failed => t!("watch-polling-failed"),
                        PollingWhy::Stopped => t!("watch-polling-stopped"),
                    };
                    tell!(
                        "{now} {}",
                        t!("watch-polling", why = why, seconds = every.as_secs())
                    );
                    let hint = match trouble {
                        EventsTrouble::WatchLimit => Some(t!("hint-watch-limit")),
                        EventsTrouble::FolderGone => folder
                            .as_ref()
                            .map(|f| t!("hint-watch-folder-gone", folder = words::escape::path(f))),
                        EventsTrouble::Denied | EventsTrouble::Other => None,
                    };
                    if let Some(hint) = hint {
                        tell!("{}", t!("hint-line", hint = hint));
                    }
                }
            }
        }
    }
}
