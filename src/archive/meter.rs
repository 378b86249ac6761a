//! How far reading an archive has got, for a progress bar: the reader reports the bytes
//! it has checked to a [`Meter`] the program installs; the library draws nothing.
//!
//! The meter is installed once for the process, the way the `log` crate installs its
//! logger: the archives are read deep inside `apply`, `extract` and `inbox process`
//! (and on several threads at once), and threading a meter through every one of those
//! calls would change a dozen signatures for something that only ever observes.

use std::path::Path;
use std::sync::{Arc, RwLock};

/// What the reader is doing with an archive's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Checking the signature over every byte of the file.
    Signature,
    /// Reading every file it carries and checking its size and SHA-256.
    Files,
}

/// Receives the reader's progress. Calls may come from several threads at once.
pub trait Meter: Send + Sync {
    /// Reading `archive` for `phase` begins: `total` bytes to go through.
    fn begin(&self, archive: &Path, phase: Phase, total: u64);
    /// `bytes` more bytes were checked.
    fn advance(&self, bytes: u64);
}

static METER: RwLock<Option<Arc<dyn Meter>>> = RwLock::new(None);

/// Installs `meter` for every archive read from now on (replacing any earlier one).
pub fn install(meter: Arc<dyn Meter>) {
    if let Ok(mut slot) = METER.write() {
        *slot = Some(meter);
    }
}

/// Removes the installed meter, if any.
pub fn remove() {
    if let Ok(mut slot) = METER.write() {
        *slot = None;
    }
}

/// The installed meter, if any.
pub(crate) fn current() -> Option<Arc<dyn Meter>> {
    METER.read().ok().and_then(|slot| slot.clone())
}

/// Reading `archive` for `phase` begins (nothing when no meter is installed).
pub(crate) fn begin(archive: &Path, phase: Phase, total: u64) {
    if let Some(meter) = current() {
        meter.begin(archive, phase, total);
    }
}

/// Counts bytes and hands them to the meter in batches, so that a reader calling it for
/// every few kilobytes costs nothing when no meter is installed and little when one is.
pub(crate) struct Tally {
    meter: Option<Arc<dyn Meter>>,
    pending: u64,
}

impl Tally {
    /// Below this, bytes wait for the next call.
    const BATCH: u64 = 1 << 20;

    pub(crate) fn new() -> Tally {
        Tally {
            meter: current(),
            pending: 0,
        }
    }

    pub(crate) fn add(&mut self, bytes: u64) {
        if let Some(meter) = &self.meter {
            self.pending += bytes;
            if self.pending >= Self::BATCH {
                meter.advance(std::mem::take(&mut self.pending));
            }
        }
    }
}

impl Drop for Tally {
    fn drop(&mut self) {
        if let (Some(meter), pending @ 1..) = (&self.meter, self.pending) {
            meter.advance(pending);
        }
    }
}
