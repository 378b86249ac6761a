//! One writer at a time per dossier: `.sacoche/lock`, inside the dossier itself, so that
//! every spelling of its path (case, a trailing `\`, `\\?\`, a network drive letter or
//! a UNC name) is one lock, and two workstations opening a dossier on a network share
//! are serialised by the share's own file locking. Commands that change the dossier
//! (`apply`, `pack`, `status`, which may finish an interrupted integration) hold it
//! exclusively; listings hold it shared and never write.

use crate::error::IoAction;
use std::fs::{self, File, OpenOptions};
use std::path::Path;

use super::meta::Meta;
use crate::dossier::Error;

/// Held while working on a dossier; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct DossierLock {
    _file: Option<File>,
}

impl DossierLock {
    /// Waits for and takes the exclusive lock of the dossier at `dir`, creating its
    /// metadata folder (and `dir`) if needed.
    pub fn exclusive(dir: &Path) -> Result<DossierLock, Error> {
        let meta = Meta::of(dir);
        let new = !meta.dir().exists();
        fs::create_dir_all(meta.dir()).map_err(|e| Error::io(IoAction::Create, meta.dir(), e))?;
        if new {
            crate::fsx::hide(meta.dir());
        }
        let path = meta.lock();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(IoAction::Create, &path, e))?;
        file.lock()
            .map_err(|e| Error::io(IoAction::Lock, &path, e))?;
        Ok(DossierLock { _file: Some(file) })
    }

    /// Waits for and takes a shared lock (readers only), without creating anything: a
    /// dossier without a lock file yet is read unlocked.
    pub fn shared(dir: &Path) -> Result<DossierLock, Error> {
        let path = Meta::of(dir).lock();
        match File::open(&path) {
            Ok(file) => {
                file.lock_shared()
                    .map_err(|e| Error::io(IoAction::Lock, &path, e))?;
                Ok(DossierLock { _file: Some(file) })
            }
            Err(_) => Ok(DossierLock { _file: None }),
        }
    }
}
