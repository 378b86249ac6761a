//! Dossiers made by sacoche 0.1 (records `history.json` and `shared.bin`, no versions)
//! go on exchanging after the upgrade: the files of the last shared state count as known
//! to both sides, work done since on either side is a local change, nothing conflicts
//! that did not change, and nothing is lost.

mod common;

use std::fs;
use std::path::Path;

use chrono::Utc;
use common::{sacoche, write};
use sacoche::archive::manifest::{self, Kind};
use sacoche::dossier::meta::{History, Identity, Meta, Sent, Shared};
use sacoche::dossier::scan;
use serde_json::Value;

/// Writes the records sacoche 0.1 left in `dir`: its identity, one exchange, and the
/// state shared then (the folder as it is now).
fn records_of_version_1(dir: &Path) {
    let meta = Meta::of(dir);
    fs::create_dir_all(meta.dir()).unwrap_or_else(|e| panic!("{e}"));
    meta.save_identity(&Identity {
        id: "8502182".parse().unwrap(),
        name: "GAEC LE GUYON".into(),
        fiscal_period: None,
        history: None,
        replica: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let found = scan::scan(dir).unwrap_or_else(|e| panic!("{e}"));
    let files = scan::hash_files(dir, &found.files).unwrap_or_else(|e| panic!("{e}"));
    let state_id = manifest::state_id(&files);
    meta.save_history(&History {
        integrated: Vec::new(),
        sent: vec![Sent {
            archive_id: manifest::Sha256([1; 32]),
            file_name: "8502182-20201027171147.sacoche".into(),
            sequence: 1,
            kind: Kind::Full,
            state_id,
            at: Utc::now(),
        }],
    })
    .unwrap_or_else(|e| panic!("{e}"));
    meta.save_shared(&Shared {
        state_id,
        at: Utc::now(),
        how: "sent".into(),
        archive: "8502182-20201027171147.sacoche".into(),
        files,
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

fn last_json(cmd: &mut assert_cmd::Command, kind: &str) -> Value {
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .rfind(|v| v["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} line"))
}

#[test]
fn dossiers_of_version_1_go_on_exchanging_without_losing_local_work() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let fk = common::new_user(&farmer, "GAEC LE GUYON");
    let ak = common::new_user(&accountant, "Cabinet Dupont");
    common::trust(&accountant, fk, "GAEC LE GUYON", &["8502182"]);
    common::trust(&farmer, ak, "Cabinet Dupont", &["8502182"]);
    // Both sides in sync under sacoche 0.1; then the accountant revised the VAT return
    // and did not send it yet.
    let (farm, office) = (root.join("farm"), root.join("office"));
    common::copy_tree(&common::sample_dossier(), &farm);
    common::copy_tree(&common::sample_dossier(), &office);
    records_of_version_1(&farm);
    records_of_version_1(&office);
    let vat = "TVA/CA12A 2020 - déclaration annuelle.txt";
    write(&office.join(vat), "CA12A révisée par le cabinet\r\n");
    let stick = root.join("stick");
    fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));

    // After the upgrade, nothing is known to be acknowledged: the farmer sends all.
    let packed = last_json(
        sacoche(&farmer)
            .arg("pack")
            .arg(&farm)
            .args(["--json", "--out"])
            .arg(&stick),
        "packed",
    );
    assert_eq!(packed["kind"], "full");
    let archive = packed["archive"].as_str().unwrap_or_default().to_string();
    // The accountant's revision is newer than what the farmer sends: kept, no conflict.
    let plan = last_json(
        sacoche(&accountant)
            .arg("apply")
            .arg(&archive)
            .arg(&office)
            .arg("--json"),
        "plan",
    );
    assert_eq!(plan["conflicts"], serde_json::json!([]), "{plan}");
    assert_eq!(plan["actions"], serde_json::json!([]), "{plan}");
    assert_eq!(
        fs::read_to_string(office.join(vat)).ok().as_deref(),
        Some("CA12A révisée par le cabinet\r\n")
    );
    // The records are of the new format now.
    let identity = fs::read_to_string(office.join(".sacoche/dossier.toml")).unwrap_or_default();
    assert!(
        identity.contains("history") && identity.contains("replica"),
        "{identity}"
    );

    // The accountant's next archive carries only the revision, and the farmer takes it.
    let back = last_json(
        sacoche(&accountant)
            .arg("pack")
            .arg(&office)
            .args(["--json", "--out"])
            .arg(&stick),
        "packed",
    );
    assert_eq!(back["kind"], "changes");
    assert_eq!(back["files"], 1);
    let plan = last_json(
        sacoche(&farmer)
            .arg("apply")
            .arg(back["archive"].as_str().unwrap_or_default())
            .arg(&farm)
            .arg("--json"),
        "plan",
    );
    assert_eq!(plan["modified"], 1, "{plan}");
    assert_eq!(plan["conflicts"], serde_json::json!([]), "{plan}");
    let dossier = |d: &Path| {
        common::files_of(d)
            .into_iter()
            .filter(|(k, _)| !k.starts_with(".sacoche"))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(dossier(&farm), dossier(&office));
}
