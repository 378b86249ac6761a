//! Long work (packing, integrating) runs on a thread of its own while the page shows
//! how far it has got: the form's answer sends the browser to `/travail/N`, which
//! refreshes itself every second with a progress bar until the result is there (no
//! script needed). The reader's progress comes from the library's meter.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, State as Extract};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use sacoche::archive::meter::{self, Meter, Phase};

use super::State;
use super::layout::{self, Tab};
use crate::failure::Failure;
use crate::words::{self, format, t};

/// How far a piece of work has got, in bytes.
#[derive(Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    /// Sets both counts (packing knows its total).
    pub fn set(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done.min(total), Ordering::Relaxed);
    }
}

/// The reader's progress, counted into the job's.
struct Counted(Arc<Progress>);

impl Meter for Counted {
    fn begin(&self, _archive: &Path, _phase: Phase, total: u64) {
        self.0.total.fetch_add(total, Ordering::Relaxed);
    }
    fn advance(&self, bytes: u64) {
        self.0.done.fetch_add(bytes, Ordering::Relaxed);
    }
}

enum Outcome {
    Running,
    Done(Markup),
    /// The failure's lines, as the terminal says them.
    Failed(Vec<String>),
}

struct Job {
    tab: Tab,
    title: String,
    progress: Arc<Progress>,
    outcome: Mutex<Outcome>,
}

/// How many pieces of work are remembered (their results can be shown again).
const KEPT: u64 = 64;

/// The work started from the page.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    running: Mutex<HashMap<u64, Arc<Job>>>,
}

impl Jobs {
    /// Starts `work` on a thread of its own; the address that follows it.
    /// `reads`: the bar counts the archives the work reads (integrating); packing
    /// counts its own bytes instead.
    pub fn start(
        &self,
        tab: Tab,
        title: String,
        reads: bool,
        work: impl FnOnce(&Progress) -> Result<Markup, Failure> + Send + 'static,
    ) -> String {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let job = Arc::new(Job {
            tab,
            title,
            progress: Arc::new(Progress::default()),
            outcome: Mutex::new(Outcome::Running),
        });
        if let Ok(mut running) = self.running.lock() {
            // The last results stay to be seen again; older ones are forgotten.
            running.retain(|&other, _| other + KEPT > id);
            running.insert(id, job.clone());
        }
        let lang = words::current();
        tokio::task::spawn_blocking(move || {
            // The archives read by this work count into its bar.
            if reads {
                meter::install(Arc::new(Counted(job.progress.clone())));
            }
            // In the language of the request that started it.
            let outcome = words::with(lang, || match work(&job.progress) {
                Ok(markup) => Outcome::Done(markup),
                Err(e) => Outcome::Failed(super::said(&e)),
            });
            if reads {
                meter::remove();
            }
            if let Ok(mut slot) = job.outcome.lock() {
                *slot = outcome;
            }
        });
        format!("/travail/{id}")
    }
}

/// The answer to a form that started work: "see how it goes over there".
pub fn follow(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

pub async fn page(Extract(shared): Extract<State>, UrlPath(id): UrlPath<u64>) -> Response {
    let job = shared
        .jobs
        .running
        .lock()
        .ok()
        .and_then(|r| r.get(&id).cloned());
    let Some(job) = job else {
        return (
            StatusCode::NOT_FOUND,
            layout::bare(&t!("ui-job-gone-title"), &t!("ui-job-gone")),
        )
            .into_response();
    };
    let outcome = job.outcome.lock();
    match outcome.as_deref() {
        Ok(Outcome::Done(body)) => {
            layout::page(&shared, job.tab, &job.title, body.clone()).into_response()
        }
        Ok(Outcome::Failed(lines)) => super::trouble_page(lines),
        _ => {
            let done = job.progress.done.load(Ordering::Relaxed);
            let total = job.progress.total.load(Ordering::Relaxed);
            let lang = words::current();
            layout::refreshing(
                &shared,
                job.tab,
                &t!("ui-working-title"),
                html! {
                    p { (t!("ui-busy")) }
                    @if total > 0 {
                        progress max=(total) value=(done) aria-label=(t!("ui-progress")) {}
                        p class="muted" { (t!("ui-progress-bytes", done = format::size(done, lang), total = format::size(total, lang))) }
                    } @else {
                        progress aria-label=(t!("ui-progress")) {}
                    }
                },
            )
            .into_response()
        }
    }
}
