//! Dossier folders on disk: scanning a folder into a snapshot, packing it into an
//! archive, and extracting an archive into a folder.

pub mod extract;
pub mod pack;
pub mod scan;

pub use extract::{Extracted, extract};
pub use pack::{PackOptions, Packed, pack};
pub use scan::{Scan, SkipReason, scan};

/// The metadata folder at a dossier's root (like `.git`): never packed.
pub const METADATA_DIR: &str = ".sacoche";
