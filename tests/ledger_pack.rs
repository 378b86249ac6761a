//! `pack` checks the FEC ledgers it carries: an invalid one is named with its defects
//! (and still sent); with `--strict` nothing is packed and nothing is recorded.

mod common;

use std::fs;
use std::path::Path;

const LEDGER: &str = "Comptabilité/123456782FEC20201231.txt";

/// The farmer's dossier, initialised, with its ledger's line 2 debit changed to 1,00 (its écriture no longer balances).
fn farm_with_a_broken_ledger(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let home = root.join("farmer");
    common::new_user(&home, "GAEC LE GUYON");
    let farm = root.join("farm");
    common::copy_tree(&common::sample_dossier(), &farm);
    common::sacoche(&home)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    let path = farm.join(LEDGER);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut lines: Vec<String> = text.split("\r\n").map(String::from).collect();
    let line = lines.get_mut(1).unwrap_or_else(|| panic!("a short ledger"));
    let fields: Vec<&str> = line.split('\t').collect();
    let debit = fields.get(11).copied().unwrap_or_default();
    assert!(
        debit != "0,00" && !debit.is_empty(),
        "line 2 has a debit: {line}"
    );
    *line = line.replacen(&format!("\t{debit}\t"), "\t1,00\t", 1);
    fs::write(&path, lines.join("\r\n")).unwrap_or_else(|e| panic!("{e}"));
    (home, farm)
}

fn archives_in(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "sacoche"))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn an_invalid_ledger_is_named_at_pack_and_refused_with_strict() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (home, farm) = farm_with_a_broken_ledger(dir.path());
    let out = dir.path().join("stick");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));

    let strict = common::sacoche(&home)
        .args(["--lang", "fr", "pack", "--strict", "--out"])
        .arg(&out)
        .arg(&farm)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let said = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{said}");
    assert!(said.contains("rien n’a été emballé (--strict)"), "{said}");
    assert!(said.contains("123456782FEC20201231.txt"), "{said}");
    assert!(said.contains("sacoche fec check"), "{said}");
    assert_eq!(archives_in(&out), 0, "nothing packed");

    // Without --strict: packed, and the ledger is named with the line at fault.
    let packed = common::sacoche(&home)
        .args(["--lang", "fr", "pack", "--out"])
        .arg(&out)
        .arg(&farm)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let said = String::from_utf8_lossy(&packed.stderr);
    assert!(packed.status.success(), "{said}");
    assert_eq!(archives_in(&out), 1);
    assert!(
        said.contains(
            "attention : le grand livre Comptabilité/123456782FEC20201231.txt a 1 anomalie"
        ),
        "{said}"
    );
    assert!(said.contains("n’est pas équilibrée"), "{said}");
    assert!(said.contains("ligne 2 : l’écriture AN AN00001"), "{said}");
    // The first attempt recorded nothing: this is the dossier's first archive.
    let shown = common::sacoche(&home)
        .args(["status", "--json"])
        .arg(&farm)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let status: serde_json::Value =
        serde_json::from_slice(&shown.stdout).unwrap_or_else(|e| panic!("{e}"));
    let sent = status["sent"].as_array().map_or(0, Vec::len);
    assert_eq!(sent, 1, "{status}");
}

#[test]
fn a_valid_ledger_is_said_checked_and_listed_in_json() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = dir.path().join("farmer");
    common::new_user(&home, "GAEC LE GUYON");
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let packed = common::sacoche(&home)
        .args([
            "pack",
            "--json",
            "--strict",
            "--dossier",
            "8502182",
            "--name",
            "GAEC LE GUYON",
            "--out",
        ])
        .arg(&out)
        .arg(common::sample_dossier())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        packed.status.success(),
        "{}",
        String::from_utf8_lossy(&packed.stderr)
    );
    let line: serde_json::Value =
        serde_json::from_slice(&packed.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        line["ledgers"],
        serde_json::json!([{"path": LEDGER, "valid": true, "entries": 238, "defect_count": 0, "defects": []}])
    );
}
