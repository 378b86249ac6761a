//! Preparing an integration's journal: the content it needs staged (verified, synced),
//! then a last check that no local file it touches changed since the snapshot, then
//! the steps (`docs/INTEGRATION.md`, "Crash safety").

use crate::error::IoAction;
use crate::trash::TrashReason;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::archive::manifest::DeltaEntry;
use crate::archive::manifest::{FileEntry, Sha256};
use crate::archive::path::{collision_key, native};
use crate::archive::{Carried, Contents, Rejection};
use crate::dossier::Error;
use crate::dossier::journal::Step;
use crate::dossier::meta::Meta;
use crate::fsx;

use super::merge::{Action, Source};
use super::receive::{Plan, file_name};
use super::replica::Replica;

/// Stages what `plan` needs and returns its journal steps.
pub fn stage(
    replica: &Replica,
    contents: &mut [Contents],
    plan: &Plan,
    local: &[FileEntry],
) -> Result<Vec<Step>, Error> {
    let meta = Meta::of(&replica.dir);
    let id = plan.archive_id().to_string();
    let staging = meta.staging().join(id.get(..16).unwrap_or("incoming"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(IoAction::Clean, &staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| Error::io(IoAction::Create, &staging, e))?;

    // Which archive entries and which local files each new file comes from.
    let mut from_archive: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut from_local: Vec<(&str, &str)> = Vec::new();
    let mut made: Vec<(&str, &Sha256)> = Vec::new();
    for a in &plan.actions {
        if let Action::Add { path, source } | Action::Replace { path, source } = a {
            match source {
                Source::Archive(at) => from_archive.entry(at).or_default().push(path),
                Source::Local(q) => from_local.push((path, q)),
                Source::Made(sha) => made.push((path, sha)),
            }
        }
    }
    let mut staged: HashMap<String, PathBuf> = HashMap::new();
    for (target, sha) in made {
        let Some(bytes) = plan.ledgers.made.get(sha) else {
            return Err(Error::Internal(format!("'{target}' was not made")));
        };
        let at = staging.join(staged.len().to_string());
        fsx::write_file(&at, &mut bytes.as_slice())?;
        if let Some(m) = plan.ledgers.ledgers.values().next() {
            set_mtime(&at, m.modified);
        }
        staged.insert(target.to_string(), at);
    }
    for part in contents.iter_mut() {
        part.read_files(|carried, reader| {
            let (path, modified) = match carried {
                Carried::File(f) => (f.path.as_str(), f.modified),
                Carried::Delta(d) => match plan.manifest.target_of(d) {
                    Some(target) => (d.path.as_str(), target.modified),
                    None => return Ok(()),
                },
            };
            let Some(targets) = from_archive.get(path) else {
                return Ok(());
            };
            let first = staging.join(staged.len().to_string());
            match carried {
                Carried::File(_) => fsx::write_file(&first, reader)?,
                Carried::Delta(d) => rebuild(plan, d, reader, &first)?,
            }
            set_mtime(&first, modified);
            for (i, target) in targets.iter().enumerate() {
                let at = if i == 0 {
                    first.clone()
                } else {
                    let copy = staging.join(format!("{}-{i}", staged.len()));
                    fs::copy(&first, &copy)
                        .map_err(|e| crate::archive::Error::io(IoAction::Copy, &copy, e))?;
                    set_mtime(&copy, modified);
                    copy
                };
                staged.insert((*target).to_string(), at);
            }
            Ok(())
        })?;
    }
    let sha_of: HashMap<&str, Sha256> = replica
        .index
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256))
        .collect();
    for (target, q) in from_local {
        let at = staging.join(staged.len().to_string());
        let src = native(&replica.dir, q);
        let mut reader = fs::File::open(&src).map_err(|e| Error::io(IoAction::Read, &src, e))?;
        let mut hashing = HashingReader::new(&mut reader);
        fsx::write_file(&at, &mut hashing)?;
        if Some(&hashing.finish()) != sha_of.get(target) {
            return Err(Error::ChangedDuringIntegration(src));
        }
        staged.insert(target.to_string(), at);
    }
    // Staged content is durable before the journal commit.
    fsx::sync_files(&staging, &staged.values().cloned().collect::<Vec<_>>())?;
    if let Err(e) = unchanged_since_snapshot(replica, plan, local) {
        // Nothing was committed: what was staged goes, the dossier stays as it was.
        let _ = fs::remove_dir_all(meta.staging());
        return Err(e);
    }

    let reason = TrashReason::Integration {
        archive: plan
            .archives
            .first()
            .map(|a| file_name(a))
            .unwrap_or_default(),
    };
    let seen: HashMap<&str, &FileEntry> = local.iter().map(|f| (f.path.as_str(), f)).collect();
    let sha_here = |path: &str| {
        seen.get(path)
            .map(|f| f.sha256)
            .ok_or_else(|| Error::Internal(format!("'{path}' is not in the snapshot")))
    };
    let staged_for = |path: &str| {
        staged
            .get(path)
            .cloned()
            .ok_or_else(|| Error::Internal(format!("'{path}' was not staged")))
    };
    plan.actions
        .iter()
        .map(|a| {
            Ok(match a {
                Action::Remove { path } => Step::Trash {
                    path: path.clone(),
                    reason: reason.clone(),
                    sha256: sha_here(path)?,
                },
                Action::Move { from, path } => Step::Move {
                    from: from.clone(),
                    path: path.clone(),
                    reason: reason.clone(),
                    sha256: sha_here(from)?,
                },
                Action::Add { path, .. } => Step::Put {
                    path: path.clone(),
                    staged: staged_for(path)?,
                    reason: reason.clone(),
                },
                Action::Replace { path, .. } => Step::Replace {
                    path: path.clone(),
                    staged: staged_for(path)?,
                    reason: reason.clone(),
                },
            })
        })
        .collect()
}

/// Every local file the plan replaces, moves or removes is as the snapshot saw it, and
/// nothing appeared where it puts a new one: else someone is working in the dossier, and
/// the integration waits for the next run rather than move their work aside.
fn unchanged_since_snapshot(
    replica: &Replica,
    plan: &Plan,
    local: &[FileEntry],
) -> Result<(), Error> {
    let seen: HashMap<&str, &FileEntry> = local.iter().map(|f| (f.path.as_str(), f)).collect();
    let same = |path: &str| -> bool {
        let Some(entry) = seen.get(path) else {
            return false;
        };
        fs::symlink_metadata(native(&replica.dir, path)).is_ok_and(|m| {
            m.len() == entry.size
                && m.modified().ok().map(DateTime::<Utc>::from) == Some(entry.modified)
        })
    };
    // Paths the plan empties before it puts anything (removals and moves run first).
    let vacated: std::collections::HashSet<String> = plan
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Remove { path } => Some(collision_key(path)),
            Action::Move { from, .. } => Some(collision_key(from)),
            _ => None,
        })
        .collect();
    let free = |path: &str| {
        vacated.contains(&collision_key(path))
            || fs::symlink_metadata(native(&replica.dir, path)).is_err()
    };
    for a in &plan.actions {
        let ok = match a {
            Action::Remove { path } | Action::Replace { path, .. } => same(path),
            Action::Move { from, path } => {
                same(from) && (free(path) || collision_key(from) == collision_key(path))
            }
            Action::Add { path, .. } => free(path),
        };
        if !ok {
            return Err(Error::ChangedDuringIntegration(native(
                &replica.dir,
                a.path(),
            )));
        }
    }
    Ok(())
}

/// Writes at `to` the file the delta `d` (whose body `reader` yields) makes from its
/// base here, and checks it is the content the archive's state describes: else the
/// archive is refused (`delta-mismatch`) — unless the base itself changed meanwhile.
fn rebuild(
    plan: &Plan,
    d: &DeltaEntry,
    reader: &mut dyn Read,
    to: &std::path::Path,
) -> Result<(), crate::archive::Error> {
    use crate::archive::Error as E;
    let archive = plan.archives.first().cloned().unwrap_or_default();
    let rejected = |reason| E::Rejected {
        archive: archive.clone(),
        reason,
    };
    let (Some(target), Some(base_path)) =
        (plan.manifest.target_of(d), plan.delta_bases.get(&d.path))
    else {
        return Err(E::Internal(format!("no base for '{}'", d.path)));
    };
    let mut body = Vec::new();
    reader
        .read_to_end(&mut body)
        .map_err(|e| E::io(IoAction::Read, &archive, e))?;
    let commands = crate::archive::delta::parse(&body, d.base_size, target.size)
        .map_err(|_| rejected(Rejection::DeltaInvalid(d.path.clone())))?;
    let mut base = fs::File::open(base_path).map_err(|e| E::io(IoAction::Read, base_path, e))?;
    let out = fs::File::create(to).map_err(|e| E::io(IoAction::Write, to, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    let made = crate::archive::delta::apply(&body, &commands, &mut base, &mut out)
        .and_then(|sha| {
            std::io::Write::flush(&mut out)?;
            Ok(sha)
        })
        .map_err(|e| E::io(IoAction::Write, to, e))?;
    if made == target.sha256 {
        return Ok(());
    }
    // The base read was not the base (changed since it was found)? Else the archive.
    let mut again = fs::File::open(base_path).map_err(|e| E::io(IoAction::Read, base_path, e))?;
    let mut hashing = HashingReader::new(&mut again);
    std::io::copy(&mut hashing, &mut std::io::sink())
        .map_err(|e| E::io(IoAction::Read, base_path, e))?;
    if hashing.finish() != d.base_sha256 {
        return Err(E::io(
            IoAction::Read,
            base_path,
            std::io::Error::other("changed during the integration"),
        ));
    }
    Err(rejected(Rejection::DeltaMismatch(d.path.clone())))
}

fn set_mtime(path: &std::path::Path, modified: DateTime<Utc>) {
    let mtime = filetime::FileTime::from_system_time(modified.into());
    let _ = filetime::set_file_mtime(path, mtime);
}

/// A reader that hashes what passes through it.
struct HashingReader<'a> {
    inner: &'a mut dyn Read,
    hasher: sha2::Sha256,
}

impl<'a> HashingReader<'a> {
    fn new(inner: &'a mut dyn Read) -> Self {
        HashingReader {
            inner,
            hasher: sha2::Digest::new(),
        }
    }
    fn finish(self) -> Sha256 {
        self.hasher.into()
    }
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        sha2::Digest::update(&mut self.hasher, buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}
