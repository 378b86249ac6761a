//! From a merge's result to the changes on disk: which local files are removed, moved
//! or replaced, which new ones are put and where their bytes come from (the archive, or
//! a local file with the same content: a move travels without its bytes).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::archive::manifest::{Sha256, StateEntry};

use super::index::Index;
use super::merge::{Action, Placed, Source};

/// The disk changes that turn the local files into `result`, removals first; and the
/// files whose content is nowhere to be found.
pub(super) fn actions_for(
    index: &Index,
    result: &BTreeMap<String, Placed>,
    carried: &HashSet<String>,
) -> (Vec<Action>, Vec<String>) {
    let local: HashMap<&str, &StateEntry> =
        index.files.iter().map(|f| (f.path.as_str(), f)).collect();
    // Local files that stay where they are, and those moved elsewhere.
    let mut stays: HashSet<&str> = HashSet::new();
    let mut moved: HashSet<&str> = HashSet::new();
    for (path, placed) in result {
        if let Source::Local(from) = &placed.from {
            if from == path {
                stays.insert(from);
            } else {
                moved.insert(from);
            }
        }
    }
    // Contents available here: files removed by this merge can become moves.
    let mut removed_by_sha: HashMap<Sha256, Vec<&str>> = HashMap::new();
    let mut removals = Vec::new();
    for f in &index.files {
        let p = f.path.as_str();
        if !stays.contains(p) && !moved.contains(p) && !result.contains_key(p) {
            removed_by_sha.entry(f.sha256).or_default().push(p);
        }
    }
    let mut moves = Vec::new();
    let mut puts = Vec::new();
    let mut missing = Vec::new();
    let mut reused: HashSet<&str> = HashSet::new();
    for (path, placed) in result {
        match &placed.from {
            Source::Local(from) if from == path => {}
            Source::Local(from) => moves.push(Action::Move {
                from: from.clone(),
                path: path.clone(),
            }),
            // Made by this integration: written whole, never taken from elsewhere.
            Source::Made(_) => {
                let here = local
                    .get(path.as_str())
                    .filter(|_| !moved.contains(path.as_str()));
                let source = placed.from.clone();
                puts.push(match here {
                    Some(_) => Action::Replace {
                        path: path.clone(),
                        source,
                    },
                    None => Action::Add {
                        path: path.clone(),
                        source,
                    },
                });
            }
            Source::Archive(at) => {
                let here = local
                    .get(path.as_str())
                    .filter(|_| !moved.contains(path.as_str()));
                if here.is_none()
                    && let Some(from) = removed_by_sha
                        .get_mut(&placed.entry.sha256)
                        .and_then(Vec::pop)
                {
                    reused.insert(from);
                    moves.push(Action::Move {
                        from: from.to_string(),
                        path: path.clone(),
                    });
                    continue;
                }
                let source = if carried.contains(at) {
                    Source::Archive(at.clone())
                } else if let Some(copy) =
                    index.files.iter().find(|f| f.sha256 == placed.entry.sha256)
                {
                    Source::Local(copy.path.clone())
                } else {
                    missing.push(path.clone());
                    continue;
                };
                puts.push(match here {
                    Some(_) => Action::Replace {
                        path: path.clone(),
                        source,
                    },
                    None => Action::Add {
                        path: path.clone(),
                        source,
                    },
                });
            }
        }
    }
    for f in &index.files {
        let p = f.path.as_str();
        if !stays.contains(p)
            && !moved.contains(p)
            && !reused.contains(p)
            && !result.contains_key(p)
        {
            removals.push(Action::Remove {
                path: p.to_string(),
            });
        }
    }
    let mut actions = removals;
    actions.extend(moves);
    actions.extend(puts);
    (actions, missing)
}
