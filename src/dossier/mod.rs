//! Dossier folders on disk: scanning a folder into a snapshot, the records in its
//! `.sacoche` folder, the integration journal and the lock, and extracting an archive
//! into a folder.

mod error;
pub mod extract;
pub mod journal;
pub mod lock;
pub mod meta;
pub mod scan;
pub mod snapshot;

pub use error::{Blocker, Confirm, Error};
pub use extract::{Extracted, extract};
pub use scan::{Scan, SkipReason, scan};

/// The metadata folder at a dossier's root (like `.git`): never packed.
pub use crate::archive::path::METADATA_DIR;
