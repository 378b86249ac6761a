//! The rules an archive must pass before it is merged (`docs/INTEGRATION.md`, rules 3
//! to 6): not our own, right dossier and history, once, fiscal year; and the parts of a
//! split archive, all there and in order.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use crate::archive::Contents;
use crate::archive::manifest::{Kind, Manifest, Sha256, StateEntry};
use crate::archive::version::{ReplicaId, Version};
use crate::dossier::meta::Identity;
use crate::dossier::{Confirm, Error};

use super::receive::ApplyOptions;
use super::records::Integrated;
use super::replica::Replica;

/// What the checks found that the merge needs.
pub struct Go {
    pub incoming_state: Vec<StateEntry>,
    pub knowledge: Version,
    pub sender: ReplicaId,
    pub carried: HashSet<String>,
    pub confirm: Vec<Confirm>,
    pub never_arrived: Vec<u64>,
    pub adopt_history: bool,
}

pub enum Checked {
    Go(Go),
    Done(Integrated),
}

/// Rules 3 to 6 of `apply`: not our own, right dossier and history, once, fiscal year.
pub fn check(
    replica: &Replica,
    contents: &[Contents],
    m: &Manifest,
    archive: &Path,
    options: &ApplyOptions,
) -> Result<Checked, Error> {
    let archive_id = contents
        .first()
        .map(|c| c.statement().archive_digest)
        .unwrap_or(Sha256([0; 32]));
    let sender = m
        .sender
        .replica
        .unwrap_or_else(|| ReplicaId::legacy(&m.sender.key_id.to_string()));
    if sender == replica.me() {
        return Err(Error::OwnArchive {
            archive: archive.to_path_buf(),
        });
    }
    if replica.identity.id != m.dossier.id {
        return Err(Error::WrongDossier {
            archive: archive.to_path_buf(),
            archive_dossier: m.dossier.id.clone(),
            dir: replica.dir.clone(),
            dossier: replica.identity.id.clone(),
        });
    }
    if let Some(done) = replica.exchanges.integrated(&archive_id) {
        return Ok(Checked::Done(done.clone()));
    }
    let last = replica
        .exchanges
        .correspondents
        .get(&sender)
        .map_or(0, |c| c.last_sequence);
    let sequence = m.sequence;
    if sequence <= last {
        let newer = replica
            .exchanges
            .integrated
            .iter()
            .rev()
            .find(|i| i.replica == sender)
            .map_or_else(|| format!("number {last}"), |i| i.file_name.clone());
        return Err(Error::Stale {
            archive: archive.to_path_buf(),
            newer,
        });
    }
    if let (Some(ours), Some(theirs)) = (replica.identity.fiscal_period, m.fiscal_period)
        && ours != theirs
        && !options.accept_fiscal_year
    {
        return Err(Error::FiscalYearMismatch {
            archive: archive.to_path_buf(),
            theirs,
            ours,
        });
    }
    let never_arrived: Vec<u64> = if last > 0 {
        (last + 1..sequence).collect()
    } else {
        Vec::new()
    };
    let mut confirm = Vec::new();
    let never_exchanged =
        replica.exchanges.integrated.is_empty() && replica.exchanges.sent.is_empty();
    let mut adopt_history = false;
    if m.version == crate::archive::manifest::VERSION_1 {
        if m.kind != Kind::Full {
            return Err(Error::LegacyChanges {
                archive: archive.to_path_buf(),
            });
        }
        // sacoche 0.1: no versions. Each file is the sender's event; nothing is known to
        // have been deleted by it.
        let state = m
            .files
            .iter()
            .map(|f| StateEntry {
                path: f.path.clone(),
                size: f.size,
                sha256: f.sha256,
                modified: f.modified,
                version: Version::of(sender, sequence),
                by: sender,
            })
            .collect();
        return Ok(Checked::Go(Go {
            incoming_state: state,
            knowledge: Version::new(),
            sender,
            carried: m.files.iter().map(|f| f.path.clone()).collect(),
            confirm,
            never_arrived,
            adopt_history: false,
        }));
    }
    if let Some(theirs) = m.history
        && theirs != replica.history()
        && !replica.exchanges.accepted_histories.contains(&theirs)
    {
        if never_exchanged {
            adopt_history = true;
        } else {
            confirm.push(Confirm::OtherHistory);
        }
    }
    if m.reset {
        confirm.push(Confirm::Reset);
    }
    let carried = contents
        .iter()
        .flat_map(|c| c.manifest().files.iter().map(|f| f.path.clone()))
        .collect();
    Ok(Checked::Go(Go {
        incoming_state: m.state.clone(),
        knowledge: m.knowledge.clone().unwrap_or_default(),
        sender,
        carried,
        confirm,
        never_arrived,
        adopt_history,
    }))
}

/// The parts of a split content, in order; an error naming the missing ones.
pub fn order_parts(contents: &mut [Contents], archive: &Path) -> Result<(), Error> {
    contents.sort_by_key(|c| c.manifest().part.map_or(0, |p| p.index));
    let parts: Vec<_> = contents.iter().map(|c| c.manifest().part).collect();
    match parts.first().copied().flatten() {
        None if parts.len() == 1 => Ok(()),
        None => Err(Error::NotParts),
        Some(first) => {
            let same_set = contents.iter().all(|c| {
                c.manifest()
                    .part
                    .is_some_and(|p| p.set == first.set && p.count == first.count)
                    && c.manifest().state_id
                        == contents
                            .first()
                            .map_or(c.manifest().state_id, |f| f.manifest().state_id)
            });
            if !same_set {
                return Err(Error::NotOneSplit);
            }
            let have: Vec<u32> = parts.iter().flatten().map(|p| p.index).collect();
            let missing: Vec<u32> = (1..=first.count).filter(|i| !have.contains(i)).collect();
            let repeated = have.windows(2).any(|w| matches!(w, [a, b] if a == b));
            if repeated {
                return Err(Error::PartTwice);
            }
            if missing.is_empty() {
                Ok(())
            } else {
                Err(Error::WaitingForParts {
                    archive: archive.to_path_buf(),
                    have,
                    missing,
                    count: first.count,
                })
            }
        }
    }
}

/// A first full archive creates the dossier in a new or empty folder (a folder holding
/// only what an interrupted first integration left in `.sacoche/` counts as empty).
pub fn new_replica(dir: &Path, m: &Manifest, archive: &Path) -> Result<Replica, Error> {
    if m.kind != Kind::Full {
        return Err(Error::NeedsFullArchive {
            archive: archive.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    let occupied = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name() != crate::dossier::METADATA_DIR)
        })
        .unwrap_or(false);
    if occupied {
        return Err(Error::NotADossier(dir.to_path_buf()));
    }
    Replica::create(
        dir,
        Identity {
            id: m.dossier.id.clone(),
            name: m.dossier.name.clone(),
            fiscal_period: m.fiscal_period,
            history: m.history,
            replica: None,
        },
    )
}
