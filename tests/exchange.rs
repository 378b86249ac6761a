//! The round trip between a farmer and an accountant with separate `SACOCHE_HOME`s who
//! trust each other: full archive, changes both ways, and every integration rule.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{files_of, sacoche, write};
use predicates::prelude::*;
use serde_json::Value;

struct Pair {
    _dir: tempfile::TempDir,
    root: PathBuf,
    farmer: PathBuf,
    accountant: PathBuf,
    farm: PathBuf,
    office: PathBuf,
    stick: PathBuf,
}

fn ok_stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Two users who trust each other; the farmer's dossier initialised from the sample.
fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let p = Pair {
        farmer: root.join("farmer-home"),
        accountant: root.join("accountant-home"),
        farm: root.join("ferme/GAEC LE GUYON"),
        office: root.join("cabinet/8502182"),
        stick: root.join("stick"),
        root,
        _dir: dir,
    };
    let fk = common::new_user(&p.farmer, "GAEC LE GUYON");
    let ak = common::new_user(&p.accountant, "Cabinet Dupont");
    common::trust(&p.farmer, ak, "Cabinet Dupont", &["8502182"]);
    common::trust(&p.accountant, fk, "GAEC LE GUYON", &["8502182"]);
    common::copy_tree(&common::sample_dossier(), &p.farm);
    fs::create_dir_all(&p.stick).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&p.farmer)
        .arg("init")
        .arg(&p.farm)
        .args([
            "--dossier",
            "8502182",
            "--name",
            "GAEC LE GUYON",
            "--fiscal-year",
            "2020-01-01..2020-12-31",
        ])
        .assert()
        .success();
    p
}

/// Packs `dir` as `home`; returns (archive path, pack JSON).
fn pack(home: &Path, dir: &Path, out: &Path, extra: &[&str]) -> (PathBuf, Value) {
    let json = ok_stdout(
        sacoche(home)
            .arg("pack")
            .arg(dir)
            .args(["--json", "--out"])
            .arg(out)
            .args(extra),
    );
    let v: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    (PathBuf::from(v["archive"].as_str().unwrap_or_default()), v)
}

fn apply(home: &Path, archive: &Path, dir: &Path) -> assert_cmd::assert::Assert {
    sacoche(home).arg("apply").arg(archive).arg(dir).assert()
}

fn state_id(home: &Path, dir: &Path) -> String {
    let v: Value = serde_json::from_str(&ok_stdout(
        sacoche(home).arg("status").arg(dir).arg("--json"),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    v["state_id"].as_str().unwrap_or_default().to_string()
}

/// Farmer sends the full dossier; the accountant integrates it into a new folder.
fn first_exchange(p: &Pair) -> PathBuf {
    let (full, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "full");
    apply(&p.accountant, &full, &p.office)
        .success()
        .stdout(predicate::str::contains("14 added, 0 modified, 0 deleted"));
    assert_eq!(files_of_dossier(&p.office), files_of_dossier(&p.farm));
    full
}

/// A dossier's whole state (content and metadata) except the stat cache, which any
/// scan may refresh: what "nothing was changed" compares.
fn untouched(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut s = common::snapshot(dir);
    s.remove(Path::new(".sacoche/cache.bin"));
    s
}

/// A dossier's files, without its `.sacoche` metadata.
fn files_of_dossier(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_of(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".sacoche/"))
        .collect()
}

#[test]
fn full_then_changes_back_and_forth() {
    let p = pair();
    let full = first_exchange(&p);
    assert_eq!(
        state_id(&p.farmer, &p.farm),
        state_id(&p.accountant, &p.office)
    );

    // The accountant works: modifies, adds, deletes, moves.
    write(
        &p.office.join("TVA/CA12A 2020 - déclaration annuelle.txt"),
        "TVA révisée par le cabinet\r\n",
    );
    write(
        &p.office.join("Révision/Notes de révision.txt"),
        "Écart de lettrage 401 COOPAL\r\n",
    );
    fs::remove_file(
        p.office
            .join("Situation intermédiaire/Situation au 30-06-2020.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    fs::rename(
        p.office.join("Pièces/Photos/compteur tank à lait.jpg"),
        p.office.join("Pièces/compteur tank à lait.jpg"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let back = p.root.join("back");
    fs::create_dir_all(&back).unwrap_or_else(|e| panic!("{e}"));
    let (changes, v) = pack(
        &p.accountant,
        &p.office,
        &back,
        &["--purpose", "Retour de révision"],
    );
    assert_eq!(v["kind"], "changes");
    assert_eq!(
        v["files"], 2,
        "only added and modified content travels: {v}"
    );
    let full_size = fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
    let changes_size = fs::metadata(&changes).map(|m| m.len()).unwrap_or(u64::MAX);
    assert!(
        changes_size * 10 < full_size,
        "changes {changes_size} vs full {full_size}"
    );

    // The farmer previews, then applies.
    sacoche(&p.farmer)
        .args(["apply", "--dry-run"])
        .arg(&changes)
        .arg(&p.farm)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 added, 1 modified, 1 deleted, 1 moved, 0 conflict(s)",
        ));
    apply(&p.farmer, &changes, &p.farm).success();
    assert_eq!(files_of_dossier(&p.farm), files_of_dossier(&p.office));
    assert_eq!(
        state_id(&p.farmer, &p.farm),
        state_id(&p.accountant, &p.office)
    );

    // Applying it again changes nothing.
    let before = untouched(&p.farm);
    apply(&p.farmer, &changes, &p.farm)
        .success()
        .stderr(predicate::str::contains("already integrated"));
    assert!(untouched(&p.farm) == before);

    // The replaced and deleted files are in the dossier's trash, and come back.
    let list = ok_stdout(
        sacoche(&p.farmer)
            .args(["trash", "list", "--json", "--dossier"])
            .arg(&p.farm),
    );
    let items: Vec<Value> = list
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(items.len(), 2, "{list}");
    let situation = items
        .iter()
        .find(|i| {
            i["original"]
                .as_str()
                .unwrap_or_default()
                .ends_with("Situation au 30-06-2020.txt")
        })
        .unwrap_or_else(|| panic!("deleted file not in the trash: {list}"));
    let restored = p.root.join("situation.txt");
    sacoche(&p.farmer)
        .args([
            "trash",
            "restore",
            situation["id"].as_str().unwrap_or_default(),
            "--dossier",
        ])
        .arg(&p.farm)
        .arg("--to")
        .arg(&restored)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&restored)
            .unwrap_or_default()
            .contains("SITUATION INTERMÉDIAIRE")
    );

    // And the farmer's next change goes back as changes too, based on what both share.
    write(
        &p.farm.join("Pièces/2020-11 facture vétérinaire.pdf"),
        "%PDF-1.4 véto",
    );
    let (next, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "changes");
    assert_eq!(v["files"], 1);
    apply(&p.accountant, &next, &p.office).success();
    assert_eq!(files_of_dossier(&p.farm), files_of_dossier(&p.office));

    // Nothing left to send.
    sacoche(&p.farmer)
        .arg("pack")
        .arg(&p.farm)
        .arg("--out")
        .arg(&p.stick)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing changed"));
}

#[test]
fn an_older_archive_is_refused_after_a_newer_one() {
    let p = pair();
    let (first, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    write(&p.farm.join("LISEZ-MOI.txt"), "v2");
    let (second, _) = pack(&p.farmer, &p.farm, &p.stick, &["--full"]);
    apply(&p.accountant, &second, &p.office).success();
    let before = untouched(&p.office);
    apply(&p.accountant, &first, &p.office).code(1).stderr(
        predicate::str::contains("is older than").and(predicate::str::contains(
            second
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )),
    );
    assert!(untouched(&p.office) == before);
    assert_eq!(
        fs::read_to_string(p.office.join("LISEZ-MOI.txt"))
            .ok()
            .as_deref(),
        Some("v2")
    );
}

#[test]
fn a_missing_predecessor_makes_the_archive_wait() {
    let p = pair();
    first_exchange(&p);
    write(&p.farm.join("a.txt"), "a");
    let (lost, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    write(&p.farm.join("b.txt"), "b");
    let (later, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let before = untouched(&p.office);
    apply(&p.accountant, &later, &p.office)
        .code(1)
        .stderr(predicate::str::contains("waits").and(predicate::str::contains("number 2")));
    assert!(untouched(&p.office) == before);
    // In order, both integrate.
    apply(&p.accountant, &lost, &p.office).success();
    apply(&p.accountant, &later, &p.office).success();
    assert_eq!(files_of_dossier(&p.office), files_of_dossier(&p.farm));
}

#[test]
fn local_work_is_never_overwritten() {
    let p = pair();
    first_exchange(&p);
    let fec = "Comptabilité/123456782FEC20201231.txt";
    write(&p.office.join(fec), "FEC corrigé par le cabinet");
    write(&p.office.join("Révision/Notes.txt"), "notes");
    let (changes, _) = pack(&p.accountant, &p.office, &p.stick, &[]);

    // Meanwhile the farmer edited the same ledger.
    write(&p.farm.join(fec), "FEC saisi par la ferme");
    let before = untouched(&p.farm);
    apply(&p.farmer, &changes, &p.farm)
        .code(1)
        .stdout(predicate::str::contains("CONFLICT").and(predicate::str::contains(fec)))
        .stderr(predicate::str::contains("--keep-both"));
    assert!(untouched(&p.farm) == before, "nothing applied");

    // --keep-both applies the rest and keeps the incoming version aside.
    sacoche(&p.farmer)
        .args(["apply", "--keep-both"])
        .arg(&changes)
        .arg(&p.farm)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(p.farm.join(fec)).ok().as_deref(),
        Some("FEC saisi par la ferme")
    );
    assert_eq!(
        fs::read_to_string(p.farm.join("Révision/Notes.txt"))
            .ok()
            .as_deref(),
        Some("notes")
    );
    let stem = changes
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = p.farm.join(".sacoche/conflicts").join(stem).join(fec);
    assert_eq!(
        fs::read_to_string(aside).ok().as_deref(),
        Some("FEC corrigé par le cabinet")
    );
}

#[test]
fn a_local_modification_beats_an_incoming_deletion() {
    let p = pair();
    first_exchange(&p);
    fs::remove_file(p.office.join("LISEZ-MOI.txt")).unwrap_or_else(|e| panic!("{e}"));
    let (changes, _) = pack(&p.accountant, &p.office, &p.stick, &[]);
    write(&p.farm.join("LISEZ-MOI.txt"), "complété par la ferme");
    apply(&p.farmer, &changes, &p.farm)
        .code(1)
        .stdout(predicate::str::contains(
            "changed here, deleted in the archive",
        ));
    sacoche(&p.farmer)
        .args(["apply", "--keep-both"])
        .arg(&changes)
        .arg(&p.farm)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(p.farm.join("LISEZ-MOI.txt"))
            .ok()
            .as_deref(),
        Some("complété par la ferme")
    );
}

#[test]
fn the_wrong_fiscal_year_or_dossier_is_refused() {
    let p = pair();
    first_exchange(&p);
    // An archive of the same dossier, for 2021.
    let other = p.root.join("2021");
    write(&other.join("FEC 2021.txt"), "2021");
    let out = p.root.join("out2021");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let (y2021, _) = pack(
        &p.farmer,
        &other,
        &out,
        &[
            "--dossier",
            "8502182",
            "--name",
            "GAEC LE GUYON",
            "--fiscal-year",
            "2021-01-01..2021-12-31",
        ],
    );
    let before = untouched(&p.office);
    apply(&p.accountant, &y2021, &p.office).code(1).stderr(
        predicate::str::contains("fiscal period")
            .and(predicate::str::contains("--accept-fiscal-year")),
    );
    assert!(untouched(&p.office) == before);

    // An archive of another dossier (the accountant trusts the farmer for 8502182 only).
    let stranger = p.root.join("autre");
    write(&stranger.join("x.txt"), "x");
    let (wrong, _) = pack(
        &p.farmer,
        &stranger,
        &out,
        &["--dossier", "9999999", "--name", "AUTRE"],
    );
    apply(&p.accountant, &wrong, &p.office).code(3);
    assert!(untouched(&p.office) == before);
}

#[test]
fn changes_need_a_first_full_archive() {
    let p = pair();
    first_exchange(&p);
    write(&p.farm.join("a.txt"), "a");
    let (changes, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let fresh = p.root.join("nouveau");
    apply(&p.accountant, &changes, &fresh)
        .code(1)
        .stderr(predicate::str::contains("full archive"));
    assert!(!fresh.exists(), "nothing created");
    // --changes refuses when nothing was exchanged yet.
    let new_dossier = p.root.join("new");
    write(&new_dossier.join("a.txt"), "a");
    sacoche(&p.farmer)
        .args(["init"])
        .arg(&new_dossier)
        .args(["--dossier", "1234", "--name", "X"])
        .assert()
        .success();
    sacoche(&p.farmer)
        .args(["pack", "--changes", "--out"])
        .arg(&p.stick)
        .arg(&new_dossier)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("send a full archive first"));
}

#[test]
fn status_shows_identity_history_and_local_changes() {
    let p = pair();
    first_exchange(&p);
    write(&p.farm.join("nouveau.txt"), "n");
    let out = ok_stdout(sacoche(&p.farmer).arg("status").arg(&p.farm));
    for want in [
        "8502182 — GAEC LE GUYON",
        "01/01/2020 – 31/12/2020",
        "sent",
        "added     nouveau.txt",
    ] {
        assert!(out.contains(want), "status lacks {want}:\n{out}");
    }
    let office = ok_stdout(sacoche(&p.accountant).arg("status").arg(&p.office));
    assert!(
        office.contains("received") && office.contains("Local changes none"),
        "{office}"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_output_never_stops_an_integration() {
    // `sacoche apply … | head`, a closed terminal, a full disk: printing the preview fails
    // (here stdout is /dev/full, where every write fails), the
    // integration must still happen, with no panic.
    let p = pair();
    let (full, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec >/dev/full; \"$0\" apply \"$1\" \"$2\"")
        .arg(&bin)
        .arg(&full)
        .arg(&p.office)
        .env("SACOCHE_HOME", &p.accountant)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(files_of_dossier(&p.office), files_of_dossier(&p.farm));
}

#[test]
fn two_integrations_at_once_apply_the_archive_exactly_once() {
    let p = pair();
    first_exchange(&p);
    write(&p.farm.join("Révision/a.txt"), "a");
    write(&p.farm.join("LISEZ-MOI.txt"), "v2");
    let (changes, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let spawn = || {
        std::process::Command::new(&bin)
            .env("SACOCHE_HOME", &p.accountant)
            .arg("apply")
            .arg(&changes)
            .arg(&p.office)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (a, b) = (spawn(), spawn());
    let outputs: Vec<String> = [a, b]
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stderr).into_owned()
        })
        .collect();
    let already = outputs
        .iter()
        .filter(|o| o.contains("already integrated"))
        .count();
    assert_eq!(already, 1, "{outputs:?}");
    assert_eq!(files_of_dossier(&p.office), files_of_dossier(&p.farm));
    let status: Value = serde_json::from_str(&ok_stdout(
        sacoche(&p.accountant)
            .arg("status")
            .arg(&p.office)
            .arg("--json"),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        status["integrated"].as_array().map(Vec::len),
        Some(2),
        "{status}"
    );
    // One replaced file (LISEZ-MOI.txt) in the trash, not two.
    let trash = ok_stdout(
        sacoche(&p.accountant)
            .args(["trash", "list", "--json", "--dossier"])
            .arg(&p.office),
    );
    assert_eq!(trash.lines().count(), 1, "{trash}");
}
