//! Integrating an archive into a dossier, safely.
//!
//! 1. **Plan** (writes nothing): verify the archive, check it belongs to this dossier,
//!    is not already integrated, not older than what was integrated from its sender,
//!    not missing a predecessor, and for the same fiscal year; then compare, file by
//!    file, the incoming change with the local file and with the last shared state
//!    (three-way): local work is never overwritten, anything else is a conflict.
//! 2. **Stage**: the incoming content is written and synced under `.sacoche/staging/`,
//!    every byte verified against the signed manifest.
//! 3. **Commit**: a journal listing every step is written atomically. From then on the
//!    integration is decided: the steps (old files to the trash, staged files renamed
//!    into place) are idempotent, and any later sacoche command on the dossier finishes
//!    an interrupted journal ([`recover`]). Without a journal, leftover staging is
//!    simply removed. The dossier is thus exactly the old state or the new one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::meta::{self, Identity, Integrated, Meta, Shared};
use super::snapshot;
use crate::archive::manifest::{self, FileEntry, Kind, Manifest, Op, Sha256};
use crate::archive::{Contents, Opened, path};
use crate::error::Error;
use crate::failpoint;
use crate::fsx;
use crate::home::Home;
use crate::keys::TrustStore;
use crate::trash::Trash;

/// How to apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplyOptions {
    /// Plan and report only.
    pub dry_run: bool,
    /// Apply what doesn't conflict; keep incoming versions of conflicting files aside.
    pub keep_both: bool,
    /// Apply even though an earlier archive from the same sender is missing.
    pub force: bool,
    /// Accept an archive for another fiscal period than the dossier's.
    pub accept_fiscal_year: bool,
}

/// One change the integration makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new file.
    Add { path: String },
    /// A file replaced by a new version (the old one goes to the trash).
    Replace { path: String },
    /// A file removed (to the trash).
    Remove { path: String },
    /// A file moved or renamed.
    Move { from: String, path: String },
}

/// A file where the incoming change and local work disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The file.
    pub path: String,
    /// What happened on each side.
    pub why: String,
    /// The local version's modification time, if it exists.
    pub local_modified: Option<DateTime<Utc>>,
    /// The incoming version's modification time, if it carries one.
    pub incoming_modified: Option<DateTime<Utc>>,
    incoming: Option<Sha256>,
}

/// What an integration will do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The archive.
    pub archive: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// Its id.
    pub archive_id: Sha256,
    /// The dossier folder.
    pub dossier: PathBuf,
    /// The dossier does not exist yet: this full archive creates it.
    pub creates_dossier: bool,
    /// Changes that apply.
    pub actions: Vec<Action>,
    /// Files in conflict.
    pub conflicts: Vec<Conflict>,
}

impl Plan {
    /// (added, modified, deleted, moved)
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for a in &self.actions {
            match a {
                Action::Add { .. } => c.0 += 1,
                Action::Replace { .. } => c.1 += 1,
                Action::Remove { .. } => c.2 += 1,
                Action::Move { .. } => c.3 += 1,
            }
        }
        c
    }
}

/// How an `apply` ended.
#[derive(Debug)]
pub enum Outcome {
    /// This archive was integrated before: nothing changed.
    AlreadyIntegrated(Integrated),
    /// `--dry-run`: the plan, nothing changed.
    Planned(Plan),
    /// Applied.
    Applied(Plan),
}

/// Integrates `archive` into the dossier at `dir`. `on_plan` sees the plan before
/// anything is changed (the preview). Conflicts stop everything unless `keep_both`.
pub fn apply(
    home: &Home,
    archive: &Path,
    dir: &Path,
    options: ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
) -> Result<Outcome, Error> {
    let trust = TrustStore::load(home)?;
    let opened = Opened::open(archive, &trust)?;
    apply_opened(home, opened, dir, options, on_plan)
}

/// [`apply`] of an archive whose seal was checked already.
pub fn apply_opened(
    home: &Home,
    opened: Opened,
    dir: &Path,
    options: ApplyOptions,
    on_plan: &mut dyn FnMut(&Plan),
) -> Result<Outcome, Error> {
    let archive = opened.path().to_path_buf();
    let archive = archive.as_path();
    let _lock = super::lock::DossierLock::acquire(home, dir)?;
    recover(dir)?;
    let mut contents = opened.contents()?;
    let m = contents.manifest().clone();
    let archive_id = contents.statement().archive_digest;
    let meta = Meta::of(dir);
    let file_name = archive
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());

    let creates_dossier = !meta.exists();
    let (identity, history, shared) = if creates_dossier {
        if m.kind != Kind::Full {
            return Err(Error::NeedsFullArchive {
                archive: archive.to_path_buf(),
                dir: dir.to_path_buf(),
            });
        }
        if dir.exists()
            && fs::read_dir(dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(Error::NotADossier(dir.to_path_buf()));
        }
        let identity = Identity {
            id: m.dossier.id.clone(),
            name: m.dossier.name.clone(),
            fiscal_period: m.fiscal_period,
        };
        (identity, meta::History::default(), None)
    } else {
        (meta.identity()?, meta.history()?, meta.shared()?)
    };
    if identity.id != m.dossier.id {
        return Err(Error::WrongDossier {
            archive: archive.to_path_buf(),
            archive_dossier: m.dossier.id.clone(),
            dir: dir.to_path_buf(),
            dossier: identity.id.clone(),
        });
    }
    if let Some(done) = history.has_integrated(&archive_id) {
        return Ok(Outcome::AlreadyIntegrated(done.clone()));
    }
    if let Some(last) = history.last_from(&m.sender.key_id) {
        if m.sequence <= last.sequence {
            return Err(Error::Stale {
                archive: archive.to_path_buf(),
                newer: last.file_name.clone(),
            });
        }
        if m.kind == Kind::Changes && m.sequence != last.sequence + 1 && !options.force {
            return Err(Error::MissingPredecessor {
                archive: archive.to_path_buf(),
                sender: m.sender.name.clone(),
                missing: (last.sequence + 1..m.sequence).collect(),
                last: last.file_name.clone(),
            });
        }
    } else if m.kind == Kind::Changes && !options.force {
        // The sender's first archive here: it must be their number 1, built on a
        // state this dossier knows (one it sent or received).
        if m.sequence > 1 {
            return Err(Error::MissingPredecessor {
                archive: archive.to_path_buf(),
                sender: m.sender.name.clone(),
                missing: (1..m.sequence).collect(),
                last: "none".into(),
            });
        }
        let known = |state: &Sha256| {
            shared.as_ref().is_some_and(|s| &s.state_id == state)
                || history.sent.iter().any(|s| &s.state_id == state)
                || history.integrated.iter().any(|i| &i.state_id == state)
        };
        if !m.base_state.as_ref().is_some_and(known) {
            return Err(Error::NeedsFullArchive {
                archive: archive.to_path_buf(),
                dir: dir.to_path_buf(),
            });
        }
    }
    if let (Some(ours), Some(theirs)) = (identity.fiscal_period, m.fiscal_period)
        && ours != theirs
        && !options.accept_fiscal_year
    {
        return Err(Error::FiscalYearMismatch {
            archive: archive.to_path_buf(),
            theirs: theirs.to_string(),
            ours: ours.to_string(),
        });
    }

    let local = if creates_dossier {
        Vec::new()
    } else {
        snapshot::take(dir)?.files
    };
    let (actions, conflicts) = match m.kind {
        Kind::Full => plan_full(&m.files, &local, shared.as_ref()),
        Kind::Changes => plan_changes(&m, &local),
    };
    let plan = Plan {
        archive: archive.to_path_buf(),
        manifest: m,
        archive_id,
        dossier: dir.to_path_buf(),
        creates_dossier,
        actions,
        conflicts,
    };
    on_plan(&plan);
    if options.dry_run {
        return Ok(Outcome::Planned(plan));
    }
    if !plan.conflicts.is_empty() && !options.keep_both {
        return Err(Error::Conflicts {
            archive: archive.to_path_buf(),
            count: plan.conflicts.len(),
        });
    }

    // Stage, commit, run.
    fs::create_dir_all(meta.dir()).map_err(|e| Error::io("create", meta.dir(), e))?;
    let integrated = Integrated {
        archive_id,
        file_name: file_name.clone(),
        sender_key_id: plan.manifest.sender.key_id.clone(),
        sender_name: plan.manifest.sender.name.clone(),
        sequence: plan.manifest.sequence,
        kind: plan.manifest.kind,
        state_id: plan.manifest.state_id,
        at: Utc::now(),
    };
    let mut identity = identity;
    if identity.fiscal_period.is_none() {
        identity.fiscal_period = plan.manifest.fiscal_period;
    }
    let journal = stage(
        &mut contents,
        &plan,
        &meta,
        &file_name,
        identity,
        integrated,
        &local,
        shared,
    )?;
    failpoint::hit("apply.after-staging")?;
    meta::write_json(&meta.journal(), &journal)?;
    failpoint::hit("apply.after-journal")?;
    run(dir, &journal)?;
    Ok(Outcome::Applied(plan))
}

fn local_map(local: &[FileEntry]) -> HashMap<&str, &FileEntry> {
    local.iter().map(|f| (f.path.as_str(), f)).collect()
}

fn conflict(
    path: &str,
    why: &str,
    local: Option<&FileEntry>,
    incoming: Option<&FileEntry>,
) -> Conflict {
    Conflict {
        path: path.to_string(),
        why: why.to_string(),
        local_modified: local.map(|f| f.modified),
        incoming_modified: incoming.map(|f| f.modified),
        incoming: incoming.map(|f| f.sha256),
    }
}

/// A full archive: the dossier becomes its content, except where that would lose local
/// work (a file changed or created here since the last shared state).
fn plan_full(
    target: &[FileEntry],
    local: &[FileEntry],
    shared: Option<&Shared>,
) -> (Vec<Action>, Vec<Conflict>) {
    let here = local_map(local);
    let base: HashMap<&str, Sha256> = shared
        .map(|s| {
            s.files
                .iter()
                .map(|f| (f.path.as_str(), f.sha256))
                .collect()
        })
        .unwrap_or_default();
    let unchanged_here = |f: &FileEntry| base.get(f.path.as_str()) == Some(&f.sha256);
    let mut actions = Vec::new();
    let mut conflicts = Vec::new();
    let wanted: HashSet<&str> = target.iter().map(|f| f.path.as_str()).collect();
    for t in target {
        match here.get(t.path.as_str()) {
            None => actions.push(Action::Add {
                path: t.path.clone(),
            }),
            Some(l) if l.sha256 == t.sha256 => {}
            Some(l) if unchanged_here(l) => actions.push(Action::Replace {
                path: t.path.clone(),
            }),
            Some(l) => conflicts.push(conflict(
                &t.path,
                "changed here and in the archive",
                Some(l),
                Some(t),
            )),
        }
    }
    for l in local {
        if wanted.contains(l.path.as_str()) {
            continue;
        }
        if unchanged_here(l) {
            actions.push(Action::Remove {
                path: l.path.clone(),
            });
        } else {
            conflicts.push(conflict(
                &l.path,
                "changed or created here, absent from the archive",
                Some(l),
                None,
            ));
        }
    }
    add_collisions(&mut actions, &mut conflicts, local);
    (actions, conflicts)
}

/// A changes archive: each op applies only where the local file is what the sender
/// had (or already what the sender has now).
fn plan_changes(m: &Manifest, local: &[FileEntry]) -> (Vec<Action>, Vec<Conflict>) {
    let here = local_map(local);
    let incoming: HashMap<&str, &FileEntry> =
        m.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut actions = Vec::new();
    let mut conflicts = Vec::new();
    for op in &m.ops {
        let path = op.path();
        let l = here.get(path).copied();
        let inc = incoming.get(path).copied();
        match op {
            Op::Add { sha256, .. } => match l {
                None => actions.push(Action::Add { path: path.into() }),
                Some(l) if l.sha256 == *sha256 => {}
                Some(l) => conflicts.push(conflict(
                    path,
                    "added in the archive, and a different file exists here",
                    Some(l),
                    inc,
                )),
            },
            Op::Modify {
                old_sha256, sha256, ..
            } => match l {
                Some(l) if l.sha256 == *sha256 => {}
                Some(l) if l.sha256 == *old_sha256 => {
                    actions.push(Action::Replace { path: path.into() })
                }
                Some(l) => conflicts.push(conflict(
                    path,
                    "changed here and in the archive",
                    Some(l),
                    inc,
                )),
                None => conflicts.push(conflict(
                    path,
                    "deleted here, changed in the archive",
                    None,
                    inc,
                )),
            },
            Op::Delete { old_sha256, .. } => match l {
                None => {}
                Some(l) if l.sha256 == *old_sha256 => {
                    actions.push(Action::Remove { path: path.into() })
                }
                // A local modification beats an incoming deletion.
                Some(l) => conflicts.push(conflict(
                    path,
                    "changed here, deleted in the archive",
                    Some(l),
                    None,
                )),
            },
            Op::Rename { from, sha256, .. } => {
                let source = here.get(from.as_str()).copied();
                match (source, l) {
                    (Some(s), None) if s.sha256 == *sha256 => actions.push(Action::Move {
                        from: from.clone(),
                        path: path.into(),
                    }),
                    (None, Some(d)) if d.sha256 == *sha256 => {}
                    (s, d) => conflicts.push(conflict(
                        path,
                        &format!("moved from '{from}' in the archive, but the files here differ"),
                        d.or(s),
                        None,
                    )),
                }
            }
        }
    }
    add_collisions(&mut actions, &mut conflicts, local);
    (actions, conflicts)
}

/// A new name that would be the same file as an existing one on Windows is a conflict.
fn add_collisions(actions: &mut Vec<Action>, conflicts: &mut Vec<Conflict>, local: &[FileEntry]) {
    let keys: HashMap<String, &str> = local
        .iter()
        .map(|f| (path::collision_key(&f.path), f.path.as_str()))
        .collect();
    actions.retain(|a| {
        let new_path = match a {
            Action::Add { path } | Action::Move { path, .. } => path,
            _ => return true,
        };
        match keys.get(&path::collision_key(new_path)) {
            Some(existing) if *existing != new_path => {
                conflicts.push(conflict(
                    new_path,
                    &format!("same name as '{existing}' on Windows"),
                    None,
                    None,
                ));
                false
            }
            _ => true,
        }
    });
}

/// The journal: every step of an integration, decided before the first one runs.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    archive_id: Sha256,
    steps: Vec<Step>,
    identity: Identity,
    integrated: Integrated,
    shared: Shared,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "lowercase")]
enum Step {
    /// Move the file at `path` to the dossier's trash (skipped if already gone; no
    /// other step ever writes that path).
    Trash { path: String, reason: String },
    /// While the staged file exists: move what is at `path` to the trash, then rename
    /// the staged file into place. Once the staged file is gone, done.
    Replace {
        path: String,
        staged: PathBuf,
        reason: String,
    },
    /// Rename the staged file into place (skipped if the staged file is gone).
    Put { path: String, staged: PathBuf },
    /// Rename `from` to `path` (skipped if already done).
    Move { from: String, path: String },
    /// Keep an incoming conflicting version aside.
    Aside { staged: PathBuf, to: PathBuf },
}

#[allow(clippy::too_many_arguments)]
fn stage(
    contents: &mut Contents,
    plan: &Plan,
    meta: &Meta,
    file_name: &str,
    identity: Identity,
    integrated: Integrated,
    local: &[FileEntry],
    shared_before: Option<Shared>,
) -> Result<Journal, Error> {
    let staging = meta.staging().join(&plan.archive_id.to_string()[..16]);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io("clean", &staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| Error::io("create", &staging, e))?;
    let mut wanted: HashSet<&str> = HashSet::new();
    for a in &plan.actions {
        if let Action::Add { path } | Action::Replace { path } = a {
            wanted.insert(path);
        }
    }
    let aside: HashSet<&str> = plan
        .conflicts
        .iter()
        .filter(|c| c.incoming.is_some())
        .map(|c| c.path.as_str())
        .collect();
    let mut staged: HashMap<String, PathBuf> = HashMap::new();
    contents.read_files(|entry, reader| {
        if !wanted.contains(entry.path.as_str()) && !aside.contains(entry.path.as_str()) {
            return Ok(());
        }
        let path = staging.join(staged.len().to_string());
        fsx::write_file(&path, reader)?;
        let mtime = filetime::FileTime::from_system_time(entry.modified.into());
        let _ = filetime::set_file_mtime(&path, mtime);
        staged.insert(entry.path.clone(), path);
        Ok(())
    })?;
    // Staged content is durable before the journal commit.
    fsx::sync_files(&staging, &staged.values().cloned().collect::<Vec<_>>())?;

    let reason = format!("replaced or removed by {file_name}");
    let mut steps = Vec::new();
    for a in &plan.actions {
        match a {
            Action::Add { path } => steps.push(Step::Put {
                path: path.clone(),
                staged: staged_for(path, &staged)?,
            }),
            Action::Replace { path } => {
                steps.push(Step::Replace {
                    path: path.clone(),
                    staged: staged_for(path, &staged)?,
                    reason: reason.clone(),
                });
            }
            Action::Remove { path } => steps.push(Step::Trash {
                path: path.clone(),
                reason: reason.clone(),
            }),
            Action::Move { from, path } => steps.push(Step::Move {
                from: from.clone(),
                path: path.clone(),
            }),
        }
    }
    let stem = file_name.strip_suffix(".sacoche").unwrap_or(file_name);
    for c in &plan.conflicts {
        if let Some(s) = staged.get(&c.path) {
            steps.push(Step::Aside {
                staged: s.clone(),
                to: meta.conflicts().join(stem).join(&c.path),
            });
        }
    }
    let shared = shared_after(plan, local, shared_before, file_name);
    Ok(Journal {
        archive_id: plan.archive_id,
        steps,
        identity,
        integrated,
        shared,
    })
}

fn staged_for(path: &str, staged: &HashMap<String, PathBuf>) -> Result<PathBuf, Error> {
    staged
        .get(path)
        .cloned()
        .ok_or_else(|| Error::Internal(format!("'{path}' was not staged")))
}

/// The state both sides now share: the sender's state, when it can be rebuilt exactly
/// from the last shared state and the ops; otherwise what the dossier holds after this
/// integration.
fn shared_after(
    plan: &Plan,
    local: &[FileEntry],
    before: Option<Shared>,
    file_name: &str,
) -> Shared {
    let m = &plan.manifest;
    let files = match (m.kind, &before) {
        (Kind::Full, _) => Some(m.files.clone()),
        (Kind::Changes, Some(b)) if Some(b.state_id) == m.base_state => {
            let mut map: BTreeMap<String, FileEntry> = b
                .files
                .iter()
                .map(|f| (f.path.clone(), f.clone()))
                .collect();
            let incoming: HashMap<&str, &FileEntry> =
                m.files.iter().map(|f| (f.path.as_str(), f)).collect();
            super::changes::apply_ops(&mut map, &m.ops, &incoming);
            let files: Vec<FileEntry> = map.into_values().collect();
            (manifest::state_id(&files) == m.state_id).then_some(files)
        }
        _ => None,
    };
    let files = files.unwrap_or_else(|| after_local(plan, local));
    Shared {
        state_id: manifest::state_id(&files),
        at: Utc::now(),
        how: "received".into(),
        archive: file_name.to_string(),
        files,
    }
}

/// The dossier's files once the plan's actions are done.
fn after_local(plan: &Plan, local: &[FileEntry]) -> Vec<FileEntry> {
    let mut map: BTreeMap<String, FileEntry> =
        local.iter().map(|f| (f.path.clone(), f.clone())).collect();
    let incoming: HashMap<&str, &FileEntry> = plan
        .manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    for a in &plan.actions {
        match a {
            Action::Add { path } | Action::Replace { path } => {
                if let Some(f) = incoming.get(path.as_str()) {
                    map.insert(path.clone(), (*f).clone());
                }
            }
            Action::Remove { path } => {
                map.remove(path);
            }
            Action::Move { from, path } => {
                if let Some(mut f) = map.remove(from) {
                    f.path = path.clone();
                    map.insert(path.clone(), f);
                }
            }
        }
    }
    map.into_values().collect()
}

/// Runs a committed journal to the end (each step is skipped if already done), records
/// the integration, then removes the journal and the staging area.
fn run(dir: &Path, journal: &Journal) -> Result<(), Error> {
    let meta = Meta::of(dir);
    let trash = Trash::at(meta.trash());
    let mut emptied: Vec<PathBuf> = Vec::new();
    let middle = journal.steps.len() / 2;
    for (n, step) in journal.steps.iter().enumerate() {
        if n == middle {
            failpoint::hit("apply.mid-rename")?;
        }
        match step {
            Step::Trash { path, reason } => {
                let at = dir.join(path);
                if fs::symlink_metadata(&at).is_ok() {
                    trash.put(&at, reason)?;
                    emptied.push(at);
                }
            }
            Step::Replace {
                path,
                staged,
                reason,
            } => {
                if staged.exists() {
                    let dest = dir.join(path);
                    if fs::symlink_metadata(&dest).is_ok() {
                        trash.put(&dest, reason)?;
                    }
                    make_parent(dir, &dest)?;
                    fs::rename(staged, &dest)
                        .map_err(|e| Error::io("move into place", &dest, e))?;
                }
            }
            Step::Put { path, staged } => {
                if staged.exists() {
                    let dest = dir.join(path);
                    make_parent(dir, &dest)?;
                    fs::rename(staged, &dest)
                        .map_err(|e| Error::io("move into place", &dest, e))?;
                }
            }
            Step::Move { from, path } => {
                let (src, dest) = (dir.join(from), dir.join(path));
                if src.exists() && !dest.exists() {
                    make_parent(dir, &dest)?;
                    fs::rename(&src, &dest).map_err(|e| Error::io("move", &dest, e))?;
                    emptied.push(src);
                }
            }
            Step::Aside { staged, to } => {
                if staged.exists() {
                    if let Some(parent) = to.parent() {
                        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
                    }
                    fs::rename(staged, to).map_err(|e| Error::io("keep aside", to, e))?;
                }
            }
        }
    }
    fsx::sync_dir(dir);
    // Folders left empty by removals and moves go too (never a non-empty one).
    for gone in emptied {
        let mut at = gone.parent().map(Path::to_path_buf);
        while let Some(folder) = at {
            if folder == dir || !folder.starts_with(dir) || fs::remove_dir(&folder).is_err() {
                break;
            }
            at = folder.parent().map(Path::to_path_buf);
        }
    }
    failpoint::hit("apply.before-record")?;
    meta.save_identity(&journal.identity)?;
    let mut history = meta.history()?;
    if history.has_integrated(&journal.archive_id).is_none() {
        history.integrated.push(journal.integrated.clone());
    }
    meta.save_history(&history)?;
    meta.save_shared(&journal.shared)?;
    fs::remove_file(meta.journal()).map_err(|e| Error::io("remove", meta.journal(), e))?;
    let _ = fs::remove_dir_all(meta.staging());
    Ok(())
}

/// Finishes an interrupted integration of the dossier at `dir` (journal committed), or
/// removes leftover staging (journal never committed). Every command that touches a
/// dossier calls this first.
pub fn recover(dir: &Path) -> Result<bool, Error> {
    let meta = Meta::of(dir);
    if let Some(journal) = meta::read_json::<Journal>(&meta.journal())? {
        run(dir, &journal)?;
        return Ok(true);
    }
    if meta.staging().exists() {
        fs::remove_dir_all(meta.staging()).map_err(|e| Error::io("clean", meta.staging(), e))?;
    }
    Ok(false)
}

fn make_parent(root: &Path, dest: &Path) -> Result<(), Error> {
    if let Some(parent) = dest.parent() {
        super::extract::make_dirs(root, parent)?;
    }
    Ok(())
}
