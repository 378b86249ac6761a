//! Dossier folders on disk: scanning a folder into a snapshot, packing it into an
//! archive, and extracting an archive into a folder.

pub mod apply;
pub mod changes;
pub mod extract;
pub mod meta;
pub mod pack;
pub mod scan;
pub mod snapshot;
pub mod status;

mod lock;

pub use apply::{ApplyOptions, Outcome, apply};
pub use extract::{Extracted, extract};
pub use pack::{PackMode, PackOptions, Packed, init, pack};
pub use scan::{Scan, SkipReason, scan};

/// The metadata folder at a dossier's root (like `.git`): never packed.
pub use crate::archive::path::METADATA_DIR;
