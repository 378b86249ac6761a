//! A replica's index (`.sacoche/index.bin`): every file with its version, the local
//! deletions not yet acknowledged, what the replica has integrated (its knowledge), its
//! event counter and its next sequence number. [`Index::observe`] turns what changed on
//! disk since the last look into events (`docs/INTEGRATION.md`, "Noticing local changes").

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::archive::manifest::{FileEntry, Sha256, StateEntry};
use crate::archive::version::{ReplicaId, Version};

/// A file deleted here, remembered until every correspondent has acknowledged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The path it had.
    pub path: String,
    /// Its last content.
    pub sha256: Sha256,
    /// Its last size.
    pub size: u64,
    /// Its last version joined with the deletion event.
    pub version: Version,
    /// Its last version (before the deletion): whoever acknowledged it has the content.
    pub before: Version,
}

/// The replica's index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// The number of this replica's last event.
    pub counter: u64,
    /// The sequence number of the next archive made here.
    pub next_sequence: u64,
    /// The number of the last receipt made here (receipts are numbered apart).
    #[serde(default)]
    pub receipts: u64,
    /// Every event integrated here, per replica (this replica's own included).
    pub knowledge: Version,
    /// Every file, sorted by path (byte order).
    pub files: Vec<StateEntry>,
    /// Local deletions not yet acknowledged, sorted by path.
    pub tombstones: Vec<Tombstone>,
    /// For each file, the version it had when its path appeared here (created, or
    /// received): a correspondent who acknowledged it had the file, so a later change is
    /// a modification for them, not an addition. For display only.
    pub origins: std::collections::BTreeMap<String, Version>,
}

/// One local change found by [`Index::observe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind {
    /// A new file.
    Added,
    /// A file whose content changed.
    Modified,
    /// A file removed.
    Deleted,
}

impl Index {
    /// A new replica's index: nothing yet, sequence numbers from 1.
    pub fn new() -> Index {
        Index {
            next_sequence: 1,
            ..Index::default()
        }
    }

    /// A new event of replica `me`.
    pub fn event(&mut self, me: ReplicaId) -> u64 {
        self.counter += 1;
        self.knowledge.set(me, self.counter);
        self.counter
    }

    /// The file at `path`, if any.
    pub fn file(&self, path: &str) -> Option<&StateEntry> {
        self.files
            .binary_search_by(|f| f.path.as_bytes().cmp(path.as_bytes()))
            .ok()
            .and_then(|i| self.files.get(i))
    }

    /// Brings the index up to date with `current` (a snapshot, sorted by path): each
    /// added, modified or deleted file becomes an event of `me`. Returns the changes.
    pub fn observe(&mut self, me: ReplicaId, current: &[FileEntry]) -> Vec<(String, LocalKind)> {
        let old_files = std::mem::take(&mut self.files);
        let mut tombstones: Vec<Tombstone> = std::mem::take(&mut self.tombstones);
        let mut files = Vec::with_capacity(current.len());
        let mut changes = Vec::new();
        let mut old = old_files.into_iter().peekable();
        let mut new = current.iter().peekable();
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(o), Some(n)) => o.path.as_bytes().cmp(n.path.as_bytes()),
            };
            match order {
                Ordering::Equal => {
                    let (Some(mut o), Some(n)) = (old.next(), new.next()) else {
                        break;
                    };
                    if o.sha256 != n.sha256 || o.size != n.size {
                        let event = self.event(me);
                        o.version.set(me, event);
                        o.by = me;
                        o.sha256 = n.sha256;
                        o.size = n.size;
                        o.modified = n.modified;
                        changes.push((o.path.clone(), LocalKind::Modified));
                    }
                    files.push(o);
                }
                Ordering::Less => {
                    let Some(o) = old.next() else { break };
                    let event = self.event(me);
                    let mut version = o.version.clone();
                    version.set(me, event);
                    changes.push((o.path.clone(), LocalKind::Deleted));
                    self.origins.remove(&o.path);
                    tombstones.retain(|t| t.path != o.path);
                    tombstones.push(Tombstone {
                        path: o.path,
                        sha256: o.sha256,
                        size: o.size,
                        version,
                        before: o.version,
                    });
                }
                Ordering::Greater => {
                    let Some(n) = new.next() else { break };
                    let event = self.event(me);
                    // A file back where one was deleted supersedes that deletion.
                    let mut version = tombstones
                        .iter()
                        .position(|t| t.path == n.path)
                        .map(|i| tombstones.swap_remove(i).version)
                        .unwrap_or_default();
                    version.set(me, event);
                    changes.push((n.path.clone(), LocalKind::Added));
                    self.origins.insert(n.path.clone(), version.clone());
                    files.push(StateEntry {
                        path: n.path.clone(),
                        size: n.size,
                        sha256: n.sha256,
                        modified: n.modified,
                        version,
                        by: me,
                    });
                }
            }
        }
        tombstones.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        self.files = files;
        self.tombstones = tombstones;
        changes
    }

    /// Whether a correspondent that acknowledged `known` had the file at `path` (so a
    /// change of it is a modification for them).
    pub fn known_path(&self, entry: &StateEntry, known: &Version) -> bool {
        match self.origins.get(&entry.path) {
            Some(origin) => origin.le(known),
            None => entry.version.shares_with(known),
        }
    }

    /// Forgets the deletions every correspondent has acknowledged (`acknowledged`: the
    /// knowledge they all have).
    pub fn prune(&mut self, acknowledged: &Version) {
        self.tombstones.retain(|t| !t.version.le(acknowledged));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    const ME: ReplicaId = ReplicaId([7; 8]);

    fn f(path: &str, content: &str) -> FileEntry {
        FileEntry {
            path: path.into(),
            size: content.len() as u64,
            sha256: Sha256::of(content.as_bytes()),
            modified: DateTime::from_timestamp(0, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn observing_turns_each_change_into_an_event() {
        let mut index = Index::new();
        let changes = index.observe(ME, &[f("a", "1"), f("b", "2")]);
        assert_eq!(changes.len(), 2);
        assert_eq!(index.counter, 2);
        assert_eq!(index.knowledge, Version::of(ME, 2));
        // Nothing changed: no event.
        assert!(index.observe(ME, &[f("a", "1"), f("b", "2")]).is_empty());
        assert_eq!(index.counter, 2);
        // Modify a, delete b, add c.
        let changes = index.observe(ME, &[f("a", "1*"), f("c", "3")]);
        assert_eq!(
            changes,
            [
                ("a".to_string(), LocalKind::Modified),
                ("b".to_string(), LocalKind::Deleted),
                ("c".to_string(), LocalKind::Added)
            ]
        );
        assert_eq!(index.file("a").map(|e| e.version.get(ME)), Some(3));
        assert_eq!(index.tombstones.len(), 1);
        // b comes back: its version supersedes the deletion.
        index.observe(ME, &[f("a", "1*"), f("b", "new"), f("c", "3")]);
        let b = index
            .file("b")
            .map(|e| e.version.clone())
            .unwrap_or_default();
        assert!(index.tombstones.is_empty());
        assert_eq!(b.get(ME), index.counter);
        index.prune(&index.knowledge.clone());
    }
}
