//! A dry run of several integrations in a row (`inbox process --dry-run`): each archive
//! is planned against the dossier as the archives before it in the batch will have left
//! it, exactly as the real run will integrate them — not against the dossier as it is
//! on disk, where archive 3 would still wait for archive 2.
//!
//! Nothing is written: the records and the files each planned integration would leave
//! are kept in memory, per dossier folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::archive::manifest::FileEntry;

use super::replica::Replica;

/// A dossier as the integrations rehearsed so far would leave it.
#[derive(Debug, Clone)]
pub struct Rehearsed {
    /// Its records after them.
    pub replica: Replica,
    /// Its files after them (what a scan of the folder would then find).
    pub files: Vec<FileEntry>,
}

/// The dossiers touched by a rehearsal, by folder.
#[derive(Debug, Default)]
pub struct Rehearsal {
    dossiers: HashMap<PathBuf, Rehearsed>,
}

impl Rehearsal {
    /// A rehearsal that has planned nothing yet.
    pub fn new() -> Rehearsal {
        Rehearsal::default()
    }

    /// The dossier at `dir` as the rehearsed integrations left it; `None`: untouched so
    /// far (it is as on disk).
    pub fn dossier(&self, dir: &Path) -> Option<&Rehearsed> {
        self.dossiers.get(dir)
    }

    /// Whether an integration into `dir` was rehearsed.
    pub fn touched(&self, dir: &Path) -> bool {
        self.dossiers.contains_key(dir)
    }

    /// Records the state an integration leaves: the replica's records after it, its
    /// files being exactly those its index now lists.
    pub fn keep(&mut self, replica: Replica) {
        let files = replica.index.files.iter().map(|f| f.file()).collect();
        self.dossiers
            .insert(replica.dir.clone(), Rehearsed { replica, files });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::meta::Identity;

    #[test]
    fn a_kept_dossier_is_found_by_its_folder_only() {
        let identity = Identity {
            id: "8502182".parse().unwrap(),
            name: "GAEC LE GUYON".into(),
            fiscal_period: None,
            history: None,
            replica: None,
        };
        let Ok(replica) = Replica::create(Path::new("/d/8502182"), identity) else {
            panic!("a replica");
        };
        let mut r = Rehearsal::new();
        assert!(!r.touched(Path::new("/d/8502182")));
        r.keep(replica);
        assert!(r.touched(Path::new("/d/8502182")));
        assert!(r.dossier(Path::new("/d/8502182")).is_some());
        assert!(r.dossier(Path::new("/d/other")).is_none());
    }
}
