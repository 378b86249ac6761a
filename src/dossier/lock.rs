//! One command at a time per dossier: `apply`, `pack` and `status` (which may finish an
//! interrupted integration) hold an exclusive lock on the dossier while they work, so
//! two integrations started at once apply each archive exactly once.

use std::fs::{self, File};
use std::path::Path;

use sha2::Digest;

use crate::error::Error;
use crate::home::Home;

/// Held while working on a dossier; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct DossierLock {
    _file: File,
}

impl DossierLock {
    /// Waits for and takes the lock of the dossier at `dir` (which need not exist yet).
    pub fn acquire(home: &Home, dir: &Path) -> Result<DossierLock, Error> {
        let absolute = std::path::absolute(dir).map_err(|e| Error::io("read", dir, e))?;
        let digest = sha2::Sha256::digest(absolute.to_string_lossy().as_bytes());
        let locks = home.locks_dir();
        fs::create_dir_all(&locks).map_err(|e| Error::io("create", &locks, e))?;
        let path = locks.join(format!(
            "{}.lock",
            hex::encode(digest.get(..8).unwrap_or_default())
        ));
        let file = File::create(&path).map_err(|e| Error::io("create", &path, e))?;
        file.lock().map_err(|e| Error::io("lock", &path, e))?;
        Ok(DossierLock { _file: file })
    }
}
