//! Progress bars on stderr for the commands that can take more than a second: `pack`
//! (through its progress callback), and everything that reads an archive — `verify`,
//! `extract`, `apply`, `inbox process` — through the archive reader's meter. A bar shows
//! only on a terminal, never under `--json`, and only once the work has lasted half a
//! second (small dossiers never flash one). Sizes are written as the language writes
//! them (`1,1 Mo`), not in indicatif's English units.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use sacoche::archive::meter::{self, Meter, Phase};
use sacoche::exchange::send::Progress;

use crate::words::escape::escaped;
use crate::words::format::size;
use crate::words::{self, t};

/// How long work goes on before its bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(500);

/// A bar with the catalog's sizes, hidden until [`SHOW_AFTER`].
fn new_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    let lang = words::current();
    let style =
        ProgressStyle::with_template("{prefix} [{bar:20}] {done} / {whole} {left}  {wide_msg}")
            .map(|s| {
                s.progress_chars("=> ")
                    .with_key(
                        "done",
                        move |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = w.write_str(&size(st.pos(), lang));
                        },
                    )
                    .with_key(
                        "whole",
                        move |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = w.write_str(&size(st.len().unwrap_or(0), lang));
                        },
                    )
                    .with_key("left", |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let secs = st.eta().as_secs();
                        if st.pos() > 0 && secs > 0 {
                            let _ = w.write_str(&t!(
                                "progress-left",
                                minutes = secs / 60,
                                seconds = secs % 60
                            ));
                        }
                    })
            });
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

/// Draws `bar` on stderr once it has been running for [`SHOW_AFTER`] (indicatif itself
/// draws nothing when stderr is not a terminal).
fn reveal_when_due(bar: &ProgressBar) {
    if bar.is_hidden() && bar.elapsed() >= SHOW_AFTER {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
}

/// The bar of `sacoche pack`, fed by the pack's progress callback.
pub struct PackBar {
    bar: Option<ProgressBar>,
}

impl PackBar {
    pub fn new(json: bool) -> PackBar {
        PackBar {
            bar: (!json).then(new_bar),
        }
    }

    pub fn update(&mut self, progress: Progress) {
        let Some(bar) = &self.bar else { return };
        match progress {
            Progress::Hashing { bytes, .. } => {
                bar.set_prefix(t!("progress-checking"));
                bar.set_length(bytes);
            }
            Progress::Writing { done, total } => {
                bar.set_prefix(t!("progress-packing"));
                bar.set_length(total);
                bar.set_position(done);
            }
        }
        reveal_when_due(bar);
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// The bar of the commands that read archives: installed as the reader's meter for as
/// long as it lives, removed (and cleared from the screen) when dropped.
pub struct ReadBar {
    bar: Option<ProgressBar>,
}

struct Shown(ProgressBar);

impl Meter for Shown {
    fn begin(&self, archive: &Path, phase: Phase, total: u64) {
        let name = archive
            .file_name()
            .map_or_else(String::new, |n| escaped(&n.to_string_lossy()));
        let what = match phase {
            Phase::Signature => t!("progress-signature"),
            Phase::Files => t!("progress-files"),
        };
        self.0.set_prefix(what);
        self.0.set_message(name);
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.reset_eta();
        reveal_when_due(&self.0);
    }

    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
        reveal_when_due(&self.0);
    }
}

impl ReadBar {
    /// A bar for the archives read from now on (none under `--json`).
    pub fn install(json: bool) -> ReadBar {
        let bar = (!json).then(new_bar);
        if let Some(bar) = &bar {
            meter::install(Arc::new(Shown(bar.clone())));
        }
        ReadBar { bar }
    }

    /// Runs `f` (which prints or asks something) with the bar off the screen.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for ReadBar {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            meter::remove();
            bar.finish_and_clear();
        }
    }
}
