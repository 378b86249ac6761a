//! Fault injection (SACOCHE_FAILPOINT, compiled in for tests): packing and integration
//! made to fail or to die at each step. After the next sacoche command the dossier is
//! exactly the old or exactly the new state, the archive is still pending or integrated,
//! and nothing is lost.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{sacoche, write};
use predicates::prelude::*;

struct Setup {
    _dir: tempfile::TempDir,
    root: PathBuf,
    farmer: PathBuf,
    accountant: PathBuf,
    farm: PathBuf,
    template: PathBuf,
    changes: PathBuf,
}

/// The accountant has the full dossier; the farmer's changes archive waits to be applied.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let fk = common::new_user(&farmer, "GAEC LE GUYON");
    let ak = common::new_user(&accountant, "Cabinet Dupont");
    common::trust(&accountant, fk, "GAEC LE GUYON", &["8502182"]);
    // The farmer trusts the accountant too: its receipt, left on the stick, tells the
    // farmer's next pack what the accountant has (so it carries only the changes).
    common::trust(&farmer, ak, "Cabinet Dupont", &["8502182"]);
    let farm = root.join("farm");
    common::copy_tree(&common::sample_dossier(), &farm);
    sacoche(&farmer)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC"])
        .assert()
        .success();
    let stick = root.join("stick");
    fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));
    let pack = || -> PathBuf {
        let out = sacoche(&farmer)
            .arg("pack")
            .arg(&farm)
            .arg("--out")
            .arg(&stick)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    };
    let full = pack();
    let template = root.join("office-template");
    sacoche(&accountant)
        .arg("apply")
        .arg(&full)
        .arg(&template)
        .assert()
        .success();
    write(&farm.join("LISEZ-MOI.txt"), "modifié");
    write(
        &farm.join("TVA/CA12A 2020 - déclaration annuelle.txt"),
        "révisée",
    );
    write(&farm.join("Révision/nouveau.txt"), "ajouté");
    fs::remove_file(farm.join("Situation intermédiaire/Situation au 30-06-2020.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    fs::rename(
        farm.join("Référentiel/Tiers.csv"),
        farm.join("Référentiel/Tiers 2020.csv"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let changes = pack();
    Setup {
        _dir: dir,
        root,
        farmer,
        accountant,
        farm,
        template,
        changes,
    }
}

#[test]
fn integration_interrupted_at_any_step_ends_old_or_new() {
    let s = setup();
    let old = common::dossier_files(&s.template);
    let new = common::dossier_files(&s.farm);
    let points = [
        "apply.after-staging",
        "apply.after-journal",
        "apply.mid-rename",
        "trash.move",
        "apply.before-record",
    ];
    let mut outcomes = Vec::new();
    for (i, point) in points.iter().enumerate() {
        for action in ["abort", "error", "full"] {
            let office = s.root.join(format!("office-{i}-{action}"));
            common::copy_dossier(&s.template, &office);
            let out = sacoche(&s.accountant)
                .env("SACOCHE_FAILPOINT", format!("{point}={action}"))
                .arg("apply")
                .arg(&s.changes)
                .arg(&office)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!out.status.success(), "{point}={action} did not fail");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{stderr}");
            if action == "full" {
                assert!(stderr.contains("full"), "{point}: {stderr}");
            }
            // The next command finishes or rolls back.
            sacoche(&s.accountant)
                .arg("status")
                .arg(&office)
                .assert()
                .success();
            let now = common::dossier_files(&office);
            let state = if now == old {
                "old"
            } else if now == new {
                "new"
            } else {
                panic!("{point}={action}: a mixed dossier")
            };
            outcomes.push(format!("{point}={action}: {state}"));
            assert!(!office.join(".sacoche/journal.json").exists());
            assert!(
                !office.join(".sacoche/staging").exists()
                    || fs::read_dir(office.join(".sacoche/staging"))
                        .map(|mut d| d.next().is_none())
                        .unwrap_or(true)
            );
            // The archive is still pending (applies now) or integrated (says so).
            sacoche(&s.accountant)
                .arg("apply")
                .arg(&s.changes)
                .arg(&office)
                .assert()
                .success();
            assert_eq!(common::dossier_files(&office), new, "{point}={action}");
            // Replaced and removed files are in the trash, once each.
            let trash = sacoche(&s.accountant)
                .args(["trash", "list", "--json", "--dossier"])
                .arg(&office)
                .output()
                .map(|o| o.stdout)
                .unwrap_or_default();
            let originals: Vec<String> = String::from_utf8_lossy(&trash)
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .map(|v| v["original"].as_str().unwrap_or_default().to_string())
                .collect();
            let mut unique = originals.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 3, "{point}={action}: {originals:?}");
        }
    }
    // Before the journal commit the old state stays; after it, the new state wins.
    assert!(
        outcomes.iter().any(|o| o.ends_with("old")) && outcomes.iter().any(|o| o.ends_with("new")),
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .filter(|o| o.starts_with("apply.after-staging"))
            .all(|o| o.ends_with("old")),
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .filter(|o| o.starts_with("apply.after-journal"))
            .all(|o| o.ends_with("new")),
        "{outcomes:?}"
    );
}

#[test]
fn packing_interrupted_leaves_no_archive_and_never_reuses_a_number() {
    let s = setup();
    let out = s.root.join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    write(&s.farm.join("encore.txt"), "encore");
    for point in ["pack.mid-write", "pack.before-rename"] {
        for action in ["abort", "error", "full"] {
            let result = sacoche(&s.farmer)
                .env("SACOCHE_FAILPOINT", format!("{point}={action}"))
                .arg("pack")
                .arg(&s.farm)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!result.status.success(), "{point}={action}");
            let archives: Vec<PathBuf> = fs::read_dir(&out)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|x| x == "sacoche"))
                        .collect()
                })
                .unwrap_or_default();
            assert!(archives.is_empty(), "{point}={action}: {archives:?}");
        }
    }
    // The next pack is the one that counts: still the changes not acknowledged. A pack
    // that failed gave its number back; one killed outright (`abort`, twice here) may
    // have had its archive carried away already, so its number is never used again:
    // the receiver only notes that numbers 3 and 4 never arrived.
    let json = sacoche(&s.farmer)
        .arg("pack")
        .arg(&s.farm)
        .args(["--json", "--out"])
        .arg(&out)
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["kind"], "changes");
    assert_eq!(v["sequence"], 5);
    // A failed extraction leaves the target as it was.
    let target = s.root.join("target");
    write(&target.join("mine.txt"), "mine");
    let before = common::snapshot(&target);
    sacoche(&s.farmer)
        .env("SACOCHE_FAILPOINT", "extract.after-staging=full")
        .arg("extract")
        .arg(&s.changes)
        .arg("--to")
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("full"));
    assert_eq!(common::snapshot(&target), before);
}
