//! Test-only fault injection. Built with the `failpoints` feature (the tests enable it;
//! releases don't), `SACOCHE_FAILPOINT=NAME=ACTION` makes the step NAME:
//! - `abort`: end the process on the spot, like a power cut or `kill -9`;
//! - `error`: fail with an I/O error;
//! - `full`: fail as a full disk does;
//! - `pause`: go on after a second, as from a slow USB stick (the progress-bar tests).
//!
//! Without the feature, [`hit`] does nothing and compiles away.

#[cfg(feature = "failpoints")]
use crate::error::IoAction;
use crate::error::IoError;

/// The environment variable naming the failpoint to trigger.
pub const ENV: &str = "SACOCHE_FAILPOINT";

#[cfg(feature = "failpoints")]
thread_local! {
    /// A failpoint set from inside the process (the in-process simulation), for the
    /// calling thread only, taking precedence over the environment.
    static OVERRIDE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Sets (or clears) the calling thread's failpoint, e.g. `Some("apply.mid-rename=error")`.
/// `abort` is not meant for it: the test process itself would end.
#[cfg(feature = "failpoints")]
pub fn set(spec: Option<&str>) {
    OVERRIDE.with(|slot| *slot.borrow_mut() = spec.map(str::to_string));
}

/// Marks a step where a fault can be injected.
#[cfg(feature = "failpoints")]
pub fn hit(name: &str) -> Result<(), IoError> {
    use std::io;
    let local = OVERRIDE.with(|slot| slot.borrow().clone());
    let Some(spec) = local.or_else(|| std::env::var(ENV).ok()) else {
        return Ok(());
    };
    let (point, action) = spec.split_once('=').unwrap_or((spec.as_str(), "abort"));
    if point != name {
        return Ok(());
    }
    match action {
        "error" => Err(IoError::new(
            IoAction::Complete,
            name,
            io::Error::other("injected failure"),
        )),
        "full" => Err(IoError::new(
            IoAction::Write,
            name,
            io::Error::from(io::ErrorKind::StorageFull),
        )),
        "pause" => {
            std::thread::sleep(std::time::Duration::from_secs(1));
            Ok(())
        }
        _ => std::process::abort(),
    }
}

/// Marks a step where a fault can be injected (no-op: built without `failpoints`).
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn hit(_name: &str) -> Result<(), IoError> {
    Ok(())
}
