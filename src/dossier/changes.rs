//! What changed between two snapshots, as the ops of a changes archive. Deletions are
//! explicit (states are compared, not timestamps); a deleted path whose exact content
//! reappears elsewhere is a rename, and no bytes travel for it.

use std::collections::{BTreeMap, HashMap};

use crate::archive::manifest::{FileEntry, Op, Sha256};

/// The ops that turn `base` into `current`, sorted by path.
pub fn diff(base: &[FileEntry], current: &[FileEntry]) -> Vec<Op> {
    let old: BTreeMap<&str, &FileEntry> = base.iter().map(|f| (f.path.as_str(), f)).collect();
    let new: BTreeMap<&str, &FileEntry> = current.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut ops = Vec::new();
    let mut added: Vec<&FileEntry> = Vec::new();
    let mut deleted: HashMap<(Sha256, u64), Vec<&FileEntry>> = HashMap::new();
    for (path, f) in &new {
        match old.get(path) {
            None => added.push(f),
            Some(o) if o.sha256 != f.sha256 || o.size != f.size => ops.push(Op::Modify {
                path: f.path.clone(),
                old_sha256: o.sha256,
                sha256: f.sha256,
                size: f.size,
            }),
            Some(_) => {}
        }
    }
    for (path, o) in &old {
        if !new.contains_key(path) {
            deleted.entry((o.sha256, o.size)).or_default().push(o);
        }
    }
    for f in added {
        let source = deleted
            .get_mut(&(f.sha256, f.size))
            .and_then(|candidates| candidates.pop());
        ops.push(match source {
            Some(from) => Op::Rename {
                from: from.path.clone(),
                path: f.path.clone(),
                sha256: f.sha256,
                size: f.size,
            },
            None => Op::Add {
                path: f.path.clone(),
                sha256: f.sha256,
                size: f.size,
            },
        });
    }
    for o in deleted.into_values().flatten() {
        ops.push(Op::Delete {
            path: o.path.clone(),
            old_sha256: o.sha256,
        });
    }
    ops.sort_by(|a, b| a.path().as_bytes().cmp(b.path().as_bytes()));
    ops
}

/// Applies `ops` to a file list. `content` gives the entries of files added, modified
/// or renamed, by their new path; a renamed file missing from it keeps its old entry
/// under the new path (a rename carries the same content).
pub fn apply_ops(
    files: &mut BTreeMap<String, FileEntry>,
    ops: &[Op],
    content: &HashMap<&str, &FileEntry>,
) {
    for op in ops {
        match op {
            Op::Add { path, .. } | Op::Modify { path, .. } => {
                if let Some(f) = content.get(path.as_str()) {
                    files.insert(path.clone(), (*f).clone());
                }
            }
            Op::Delete { path, .. } => {
                files.remove(path);
            }
            Op::Rename { from, path, .. } => {
                let moved = files.remove(from);
                let entry = content
                    .get(path.as_str())
                    .map(|f| (*f).clone())
                    .or(moved.map(|mut f| {
                        f.path = path.clone();
                        f
                    }));
                if let Some(f) = entry {
                    files.insert(path.clone(), f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn f(path: &str, content: &str) -> FileEntry {
        FileEntry {
            path: path.into(),
            size: content.len() as u64,
            sha256: Sha256::of(content.as_bytes()),
            modified: DateTime::from_timestamp(0, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn diff_finds_every_kind_of_change() {
        let base = vec![f("a", "1"), f("b", "2"), f("c", "3"), f("d", "4")];
        let current = vec![f("a", "1"), f("b", "2*"), f("e", "3"), f("n", "new")];
        let ops = diff(&base, &current);
        let words: Vec<String> = ops
            .iter()
            .map(|op| match op {
                Op::Add { path, .. } => format!("add {path}"),
                Op::Modify { path, .. } => format!("modify {path}"),
                Op::Delete { path, .. } => format!("delete {path}"),
                Op::Rename { from, path, .. } => format!("rename {from}->{path}"),
            })
            .collect();
        assert_eq!(words, ["modify b", "delete d", "rename c->e", "add n"]);
        assert!(diff(&base, &base).is_empty());

        // Applying the diff to the base gives the current files back.
        let mut files: BTreeMap<String, FileEntry> =
            base.iter().map(|f| (f.path.clone(), f.clone())).collect();
        let content: HashMap<&str, &FileEntry> =
            current.iter().map(|f| (f.path.as_str(), f)).collect();
        apply_ops(&mut files, &ops, &content);
        assert_eq!(files.into_values().collect::<Vec<_>>(), current);
        // A rename whose new entry is not given keeps its content under the new path.
        let mut files: BTreeMap<String, FileEntry> =
            base.iter().map(|f| (f.path.clone(), f.clone())).collect();
        let rename = [Op::Rename {
            from: "c".into(),
            path: "z".into(),
            sha256: Sha256::of(b"3"),
            size: 1,
        }];
        apply_ops(&mut files, &rename, &HashMap::new());
        assert_eq!(files.get("z").map(|f| f.sha256), Some(Sha256::of(b"3")));
        assert!(!files.contains_key("c"));
    }
}
