//! Receipts brought back on a stick: `pack` records those it finds in its output folder
//! before deciding what to send, then keeps them with the received archives.

use std::fs;
use std::path::Path;

use crate::archive::manifest::Kind;
use crate::dossier::meta::Meta;
use crate::home::Home;
use crate::keys::TrustStore;

use super::receipt::{self, Recorded};

/// Receipts addressed to this dossier in the output folder (a stick come back) are
/// recorded before deciding what to send. Small files only: a receipt is a few KB,
/// and archives on the stick are not read. (`pack` does it; a caller that wants to
/// tell the user first may call it before.)
pub fn take_receipts(home: &Home, dir: &Path, out_dir: &Path) -> Vec<Recorded> {
    if !Meta::of(dir).exists() {
        return Vec::new();
    }
    let Ok(trust) = TrustStore::load(home) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(out_dir) else {
        return Vec::new();
    };
    let mut recorded = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let small = entry
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() < 256 * 1024);
        let named = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(crate::archive::EXTENSION));
        if !small || !named {
            continue;
        }
        let Ok(opened) = crate::archive::Opened::open(&path, &trust) else {
            continue;
        };
        if opened.statement().kind != Kind::Receipt || !opened.trust().is_trusted() {
            continue;
        }
        let Ok(contents) = opened.contents() else {
            continue;
        };
        if let Ok(r) = receipt::record(dir, std::slice::from_ref(&contents), false) {
            // Recorded: kept with the received archives, off the stick.
            keep_received(home, &r.file, &contents.manifest().dossier.id);
            if !r.already {
                recorded.push(r);
            }
        }
    }
    recorded
}

/// Moves a recorded receipt into `received/<dossier>/` (best effort: on a
/// write-protected stick it stays, and is recognised as recorded next time).
fn keep_received(home: &Home, file: &Path, dossier: &crate::ids::DossierId) {
    let dir = home.received_dir().join(dossier.as_str());
    let Some(name) = file.file_name() else { return };
    let dest = dir.join(name);
    let kept = fs::create_dir_all(&dir).is_ok()
        && !dest.exists()
        && fs::copy(file, &dest).is_ok()
        && crate::fsx::sync_file(&dest).is_ok();
    if kept {
        let _ = fs::remove_file(file);
    }
}
