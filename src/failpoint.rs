//! Test-only fault injection. Built with the `failpoints` feature (the tests enable it;
//! releases don't), `SACOCHE_FAILPOINT=NAME=ACTION` makes the step NAME:
//! - `abort`: end the process on the spot, like a power cut or `kill -9`;
//! - `error`: fail with an I/O error;
//! - `full`: fail as a full disk does.
//!
//! Without the feature, [`hit`] does nothing and compiles away.

use crate::error::Error;

/// The environment variable naming the failpoint to trigger.
pub const ENV: &str = "SACOCHE_FAILPOINT";

/// Marks a step where a fault can be injected.
#[cfg(feature = "failpoints")]
pub fn hit(name: &str) -> Result<(), Error> {
    use std::io;
    let Ok(spec) = std::env::var(ENV) else {
        return Ok(());
    };
    let (point, action) = spec.split_once('=').unwrap_or((spec.as_str(), "abort"));
    if point != name {
        return Ok(());
    }
    match action {
        "error" => Err(Error::io(
            "complete",
            name,
            io::Error::other("injected failure"),
        )),
        "full" => Err(Error::io(
            "write",
            name,
            io::Error::from(io::ErrorKind::StorageFull),
        )),
        _ => std::process::abort(),
    }
}

/// Marks a step where a fault can be injected (no-op: built without `failpoints`).
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn hit(_name: &str) -> Result<(), Error> {
    Ok(())
}
