//! The merge of an incoming archive into a replica, file by file, decided without
//! touching the disk (`docs/INTEGRATION.md`, "The merge"). Its result says what to do
//! on disk ([`Action`]), the conflicts and the notable decisions, and the index the
//! replica has afterwards.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::archive::manifest::{Sha256, StateEntry};
use crate::archive::path::collision_key;
use crate::archive::version::{Order, ReplicaId, Version};

use super::conflict;
use super::index::Index;

/// What an archive brings, as the merge sees it.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// What the sender has integrated.
    pub knowledge: &'a Version,
    /// The sender's whole dossier, sorted by path.
    pub state: &'a [StateEntry],
    /// The paths whose content the archive carries.
    pub carried: &'a HashSet<String>,
    /// Make this replica exactly the sender's content.
    pub reset: bool,
    /// Ledgers changed on both sides, merged in écritures beforehand, by path.
    pub ledgers: &'a BTreeMap<String, MergedLedger>,
}

/// A ledger changed on both sides, merged in écritures against the version both had
/// (`super::ledger_merge`): what the merge of the files then does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedLedger {
    /// The local version merged.
    pub local: Sha256,
    /// The incoming version merged.
    pub incoming: Sha256,
    /// The merged ledger (SHA-256, size).
    pub merged: (Sha256, u64),
    /// When écritures conflicted: the merge with each of them taken the other way,
    /// for the conflict copy.
    pub other_way: Option<(Sha256, u64)>,
    /// The time the merged files get.
    pub modified: DateTime<Utc>,
}

/// Where the content of a file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The archive's entry of this path.
    Archive(String),
    /// A copy of this local file (same SHA-256).
    Local(String),
    /// Content this integration made (a ledger merged in écritures), by SHA-256.
    Made(Sha256),
}

/// One change on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new file.
    Add { path: String, source: Source },
    /// A file replaced by another version (the old one goes to the trash).
    Replace { path: String, source: Source },
    /// A file removed (to the trash).
    Remove { path: String },
    /// A local file moved (a rename, or a local version becoming a conflict copy).
    Move { from: String, path: String },
}

impl Action {
    /// The path the action results in (or removes).
    pub fn path(&self) -> &str {
        match self {
            Action::Add { path, .. }
            | Action::Replace { path, .. }
            | Action::Remove { path }
            | Action::Move { path, .. } => path,
        }
    }
}

/// Why two versions could not both keep the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both sides changed the file.
    BothModified,
    /// Both sides created a file of that name.
    BothAdded,
    /// Two names that are one file on Windows (`Facture.pdf`, `facture.pdf`).
    CaseTwins,
    /// A ledger changed on both sides, merged in écritures, some of them changed on both
    /// sides: the ledger has the merge's choice for each, the copy the other choice.
    Ecritures,
}

/// Which version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The one this replica had.
    Local,
    /// The archive's.
    Incoming,
}

/// A conflict, resolved by keeping both versions visibly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The file's name.
    pub path: String,
    /// The conflict copy made.
    pub copy: String,
    /// What happened.
    pub kind: ConflictKind,
    /// Which version stayed at `path` (the other is in `copy`).
    pub kept: Side,
    /// The local version.
    pub local: StateEntry,
    /// The incoming version.
    pub incoming: StateEntry,
}

/// Decisions worth telling, besides conflicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Modified here, deleted by the sender: kept (a modification beats a deletion).
    KeptModifiedHere { path: String },
    /// Deleted here, modified by the sender: it comes back.
    RestoredModifiedThere { path: String },
    /// Changed on both sides, a ledger merged in écritures without conflict.
    LedgerMerged { path: String },
}

/// What the merge decided.
#[derive(Debug, Clone)]
pub struct Merge {
    /// Changes on disk, in the order to run them (removals first).
    pub actions: Vec<Action>,
    /// Conflicts, each with its copy.
    pub conflicts: Vec<Conflict>,
    /// Other decisions worth telling.
    pub notes: Vec<Note>,
    /// The index once the actions are done.
    pub index: Index,
    /// Files the merge takes from the sender whose content is neither in the archive
    /// nor here: the archive can't be integrated.
    pub missing: Vec<String>,
    /// A file here where the sender has a folder, or the reverse: can't be integrated.
    pub clashes: Vec<(String, String)>,
}

/// Content of a file of the result: what it is, and where its bytes come from.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) entry: StateEntry,
    pub(super) from: Source,
}

/// Merges `incoming` into the replica `me` whose index (already up to date with the
/// disk) is `index`. `names` gives replica names for conflict copies.
pub fn merge(
    me: ReplicaId,
    index: &Index,
    incoming: &Incoming<'_>,
    names: &BTreeMap<ReplicaId, String>,
) -> Merge {
    let mut next = index.clone();
    let mut notes = Vec::new();
    let mut result: BTreeMap<String, Placed> = BTreeMap::new();
    let mut losers: Vec<(
        StateEntry,
        Source,
        ConflictKind,
        Side,
        StateEntry,
        StateEntry,
    )> = Vec::new();
    let local: BTreeMap<&str, &StateEntry> =
        index.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let theirs: BTreeMap<&str, &StateEntry> = incoming
        .state
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let deleted_here: HashSet<&str> = index.tombstones.iter().map(|t| t.path.as_str()).collect();
    let paths: std::collections::BTreeSet<&str> =
        local.keys().chain(theirs.keys()).copied().collect();
    let keep = |l: &StateEntry| Placed {
        entry: l.clone(),
        from: Source::Local(l.path.clone()),
    };
    let take = |s: &StateEntry, version: Version| Placed {
        entry: StateEntry {
            version,
            ..s.clone()
        },
        from: Source::Archive(s.path.clone()),
    };
    for path in paths {
        match (local.get(path).copied(), theirs.get(path).copied()) {
            (Some(l), Some(s)) if incoming.reset => {
                let joined = l.version.join(&s.version);
                if l.sha256 == s.sha256 {
                    result.insert(path.into(), keep_with(l, joined));
                } else {
                    let mut version = joined;
                    version.set(me, next.event(me));
                    result.insert(path.into(), take(s, version));
                }
            }
            (Some(l), Some(s)) => match l.version.compare(&s.version) {
                Order::Equal | Order::After => {
                    result.insert(path.into(), keep(l));
                }
                Order::Before if l.sha256 == s.sha256 => {
                    let mut entry = s.clone();
                    entry.modified = l.modified;
                    result.insert(
                        path.into(),
                        Placed {
                            entry,
                            from: Source::Local(l.path.clone()),
                        },
                    );
                }
                Order::Before => {
                    result.insert(path.into(), take(s, s.version.clone()));
                }
                Order::Concurrent if l.sha256 == s.sha256 => {
                    result.insert(path.into(), keep_with(l, l.version.join(&s.version)));
                }
                // Made independently, but one side has already seen the other's
                // version and dropped it (deleted it, then made a new file of that
                // name): as for a file absent on one side, that is no conflict.
                Order::Concurrent
                    if s.version.le(&index.knowledge) || l.version.le(incoming.knowledge) =>
                {
                    let seen_here = s.version.le(&index.knowledge);
                    let seen_there = l.version.le(incoming.knowledge);
                    match (seen_here, seen_there) {
                        // Each dropped the other's: both versions are deleted ones.
                        (true, true) => continue,
                        // Theirs was dropped here: ours stays.
                        (true, false) => {
                            result.insert(path.into(), keep(l));
                        }
                        // Ours was dropped there: theirs comes.
                        _ => {
                            result.insert(path.into(), take(s, s.version.clone()));
                        }
                    }
                }
                Order::Concurrent => {
                    // Both versions keep a name; the join gets a new event of this
                    // replica, so that neither is ever mistaken for a version some
                    // other replica saw and dropped.
                    let mut joined = l.version.join(&s.version);
                    joined.set(me, next.event(me));
                    let known = index.known_path(l, &s.version);
                    if let Some(m) = incoming
                        .ledgers
                        .get(path)
                        .filter(|m| known && m.local == l.sha256 && m.incoming == s.sha256)
                    {
                        let (placed, loser) = merged_ledger(me, m, l, s, joined);
                        result.insert(path.into(), placed);
                        match loser {
                            Some((entry, from, kept)) => losers.push((
                                entry,
                                from,
                                ConflictKind::Ecritures,
                                kept,
                                l.clone(),
                                s.clone(),
                            )),
                            // Nothing here the incoming version lacks: it is taken.
                            None if m.merged.0 == s.sha256 => {}
                            None => notes.push(Note::LedgerMerged { path: path.into() }),
                        }
                        continue;
                    }
                    let kind = if known {
                        ConflictKind::BothModified
                    } else {
                        ConflictKind::BothAdded
                    };
                    let (l2, s2) = (keep_with(l, joined.clone()), take(s, joined));
                    let (winner, loser, kept) = if wins(&s2.entry, &l2.entry) {
                        (s2, l2, Side::Incoming)
                    } else {
                        (l2, s2, Side::Local)
                    };
                    losers.push((loser.entry, loser.from, kind, kept, l.clone(), s.clone()));
                    result.insert(path.into(), winner);
                }
            },
            (Some(l), None) => {
                if incoming.reset || l.version.le(incoming.knowledge) {
                    continue; // deleted by the sender after seeing this version
                }
                if index.known_path(l, incoming.knowledge) {
                    notes.push(Note::KeptModifiedHere { path: path.into() });
                }
                result.insert(path.into(), keep(l));
            }
            (None, Some(s)) => {
                if incoming.reset {
                    let mut version = s.version.clone();
                    if let Some(t) = index.tombstones.iter().find(|t| t.path == path) {
                        version = version.join(&t.version);
                    }
                    version.set(me, next.event(me));
                    result.insert(path.into(), take(s, version));
                    continue;
                }
                if s.version.le(&index.knowledge) {
                    continue; // seen here, and deleted since: the deletion travels back
                }
                if deleted_here.contains(path) {
                    notes.push(Note::RestoredModifiedThere { path: path.into() });
                }
                result.insert(path.into(), take(s, s.version.clone()));
            }
            (None, None) => {}
        }
    }

    // Conflict copies next to the originals; then names that are one file on Windows.
    let mut conflicts = Vec::new();
    for (mut entry, from, kind, kept, l, s) in losers {
        let original = entry.path.clone();
        // The sender met the same conflict and made the same copy: one copy, versions
        // joined (not a second copy under another name).
        let author = names.get(&entry.by).map_or("inconnu", String::as_str);
        let same = conflict::copy_name(&entry.path, author, entry.modified, 0);
        if let Some(existing) = result.get_mut(&same)
            && existing.entry.sha256 == entry.sha256
        {
            existing.entry.version = existing.entry.version.join(&entry.version);
            conflicts.push(Conflict {
                path: original,
                copy: same,
                kind,
                kept,
                local: l,
                incoming: s,
            });
            continue;
        }
        let copy = free_copy_name(&entry, names, &result);
        // A copy is a new file, made here: a new event of this replica. (Replicas that
        // saw both versions need not have made the same copy — one may have deleted
        // the file in between — so its version must not be one they already know.)
        entry.version.set(me, next.event(me));
        result.insert(
            copy.clone(),
            Placed {
                entry: StateEntry {
                    path: copy.clone(),
                    ..entry
                },
                from,
            },
        );
        conflicts.push(Conflict {
            path: original,
            copy,
            kind,
            kept,
            local: l,
            incoming: s,
        });
    }
    separate_case_twins(
        &mut result,
        &mut conflicts,
        names,
        &local,
        &theirs,
        me,
        &mut next,
    );
    let clashes = folder_clashes(&result);

    let (actions, missing) = super::actions::actions_for(index, &result, incoming.carried);
    // Where each path came from: kept from here, or new here with its version.
    next.origins = result
        .iter()
        .map(|(path, placed)| {
            let origin = index
                .origins
                .get(path)
                .filter(|_| index.file(path).is_some())
                .cloned()
                .unwrap_or_else(|| placed.entry.version.clone());
            (path.clone(), origin)
        })
        .collect();
    next.files = result.into_values().map(|p| p.entry).collect();
    let present: HashSet<&str> = next.files.iter().map(|f| f.path.as_str()).collect();
    next.tombstones
        .retain(|t| !present.contains(t.path.as_str()));
    next.knowledge = next.knowledge.join(incoming.knowledge);
    Merge {
        actions,
        conflicts,
        notes,
        index: next,
        missing,
        clashes,
    }
}

/// A ledger merged in écritures: the merged ledger at its name, made here; and with
/// conflicting écritures, the copy taken the other way, named after the version that
/// would have lost the name (the same copy on every replica).
#[allow(clippy::type_complexity)]
fn merged_ledger(
    me: ReplicaId,
    m: &MergedLedger,
    l: &StateEntry,
    s: &StateEntry,
    version: Version,
) -> (Placed, Option<(StateEntry, Source, Side)>) {
    let made = |(sha256, size): (Sha256, u64)| StateEntry {
        sha256,
        size,
        modified: m.modified,
        by: me,
        version: version.clone(),
        ..l.clone()
    };
    let placed = Placed {
        entry: made(m.merged),
        from: Source::Made(m.merged.0),
    };
    let loser = m.other_way.map(|other| {
        let (named_after, kept) = if wins(s, l) {
            (l, Side::Incoming)
        } else {
            (s, Side::Local)
        };
        let entry = StateEntry {
            by: named_after.by,
            modified: named_after.modified,
            ..made(other)
        };
        (entry, Source::Made(other.0), kept)
    });
    (placed, loser)
}

fn keep_with(l: &StateEntry, version: Version) -> Placed {
    Placed {
        entry: StateEntry {
            version,
            ..l.clone()
        },
        from: Source::Local(l.path.clone()),
    }
}

/// The version that keeps the name: the later modification, then the larger SHA-256 —
/// the same answer on every replica.
fn wins(a: &StateEntry, b: &StateEntry) -> bool {
    (a.modified, a.sha256.0) > (b.modified, b.sha256.0)
}

fn free_copy_name(
    entry: &StateEntry,
    names: &BTreeMap<ReplicaId, String>,
    taken: &BTreeMap<String, Placed>,
) -> String {
    let author = names.get(&entry.by).map_or("inconnu", String::as_str);
    let keys: HashSet<String> = taken.keys().map(|k| collision_key(k)).collect();
    let mut variant = 0;
    loop {
        let name = conflict::copy_name(&entry.path, author, entry.modified, variant);
        if !keys.contains(&collision_key(&name)) || variant > 1000 {
            return name;
        }
        variant += 1;
    }
}

/// Two results that would be one file on Windows: the later one keeps its name, the
/// other becomes a conflict copy.
fn separate_case_twins(
    result: &mut BTreeMap<String, Placed>,
    conflicts: &mut Vec<Conflict>,
    names: &BTreeMap<ReplicaId, String>,
    local: &BTreeMap<&str, &StateEntry>,
    theirs: &BTreeMap<&str, &StateEntry>,
    me: ReplicaId,
    next: &mut Index,
) {
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for path in result.keys() {
        groups
            .entry(collision_key(path))
            .or_default()
            .push(path.clone());
    }
    let mut twins: Vec<Vec<String>> = groups.into_values().filter(|g| g.len() > 1).collect();
    twins.sort();
    for mut group in twins {
        group.sort_by(|a, b| {
            let (ea, eb) = (
                result.get(a).map(|p| &p.entry),
                result.get(b).map(|p| &p.entry),
            );
            match (ea, eb) {
                (Some(x), Some(y)) if wins(x, y) => std::cmp::Ordering::Less,
                (Some(x), Some(y)) if wins(y, x) => std::cmp::Ordering::Greater,
                _ => a.cmp(b),
            }
        });
        let Some((winner, rest)) = group.split_first() else {
            continue;
        };
        let winner_version = result
            .get(winner)
            .map(|p| p.entry.version.clone())
            .unwrap_or_default();
        for loser in rest {
            let Some(placed) = result.remove(loser) else {
                continue;
            };
            let mut entry = placed.entry;
            entry.version = entry.version.join(&winner_version);
            entry.version.set(me, next.event(me));
            let copy = free_copy_name(&entry, names, result);
            let kept = if local.contains_key(winner.as_str()) {
                Side::Local
            } else {
                Side::Incoming
            };
            let pick = |m: &BTreeMap<&str, &StateEntry>| {
                m.get(winner.as_str())
                    .or_else(|| m.get(loser.as_str()))
                    .map(|e| (*e).clone())
                    .unwrap_or_else(|| entry.clone())
            };
            conflicts.push(Conflict {
                path: loser.clone(),
                copy: copy.clone(),
                kind: ConflictKind::CaseTwins,
                kept,
                local: pick(local),
                incoming: pick(theirs),
            });
            entry.path = copy.clone();
            result.insert(
                copy,
                Placed {
                    entry,
                    from: placed.from,
                },
            );
        }
    }
}

/// A path of the result that is also a folder of another (`a` and `a/b`).
fn folder_clashes(result: &BTreeMap<String, Placed>) -> Vec<(String, String)> {
    let files: HashMap<String, &str> = result
        .keys()
        .map(|p| (collision_key(p), p.as_str()))
        .collect();
    let mut clashes = Vec::new();
    for path in result.keys() {
        for (cut, _) in path.match_indices('/') {
            if let Some(file) = path.get(..cut).and_then(|f| files.get(&collision_key(f))) {
                clashes.push(((*file).to_string(), path.clone()));
            }
        }
    }
    clashes
}
