//! The `sacoche` command end to end, as a farmer and an accountant would use it: two
//! users with separate `SACOCHE_HOME`s.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{files_of, sacoche, write};
use predicates::prelude::*;
use serde_json::Value;

struct World {
    _dir: tempfile::TempDir,
    root: PathBuf,
    farmer: PathBuf,
    accountant: PathBuf,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    World {
        farmer: root.join("farmer-home"),
        accountant: root.join("accountant-home"),
        root,
        _dir: dir,
    }
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "command failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn key_line(home: &Path) -> String {
    stdout_of(sacoche(home).args(["key", "show"]))
}

/// Farmer with a key, packing a copy of the sample dossier; returns the archive path.
fn farmer_packs(w: &World) -> PathBuf {
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    let dossier = w.root.join("GAEC LE GUYON");
    common::copy_tree(&common::sample_dossier(), &dossier);
    let out = w.root.join("clé USB");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let archive = stdout_of(
        sacoche(&w.farmer)
            .arg("pack")
            .arg(&dossier)
            .args(["--dossier", "8502182", "--name", "GAEC LE GUYON", "--out"])
            .arg(&out)
            .args([
                "--fiscal-year",
                "2020-01-01..2020-12-31",
                "--purpose",
                "Envoi pour révision",
            ]),
    );
    PathBuf::from(archive)
}

#[test]
fn round_trip_from_farmer_to_accountant() {
    let w = world();
    let archive = farmer_packs(&w);
    let name = archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(
        predicate::str::is_match(r"^8502182-\d{14}\.sacoche$")
            .map(|p| p.eval(&name))
            .unwrap_or(false),
        "bad archive name {name}"
    );
    assert_eq!(
        fs::read_dir(archive.parent().unwrap_or(&w.root))
            .map(|d| d.count())
            .ok(),
        Some(1),
        "only the archive, no temp file"
    );

    // The accountant doesn't know the farmer yet: rejected, with the command to fix it.
    sacoche(&w.accountant)
        .arg("verify")
        .arg(&archive)
        .assert()
        .code(3)
        .stderr(
            // The fingerprint to check by phone first; never a ready-to-paste trust of
            // a stranger's key.
            predicate::str::contains("unknown key")
                .and(predicate::str::contains("phone the sender"))
                .and(predicate::str::contains("sacochepk").not()),
        );
    sacoche(&w.accountant)
        .args(["key", "new", "--name", "Cabinet Dupont"])
        .assert()
        .success();
    // Trusted for another dossier only: still rejected.
    let farmer_key = key_line(&w.farmer);
    sacoche(&w.accountant)
        .args([
            "trust",
            "add",
            &farmer_key,
            "--name",
            "GAEC LE GUYON",
            "--dossier",
            "1111111",
        ])
        .assert()
        .success();
    sacoche(&w.accountant)
        .arg("verify")
        .arg(&archive)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not trusted for dossier 8502182"));
    sacoche(&w.accountant)
        .args([
            "trust",
            "add",
            &farmer_key,
            "--name",
            "GAEC LE GUYON",
            "--dossier",
            "8502182",
        ])
        .assert()
        .success();
    sacoche(&w.accountant)
        .arg("verify")
        .arg(&archive)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid").and(predicate::str::contains("GAEC LE GUYON")));

    // show: what the receiver needs to decide.
    let shown = stdout_of(sacoche(&w.accountant).arg("show").arg(&archive));
    for want in [
        "8502182 — GAEC LE GUYON",
        "01/01/2020 – 31/12/2020",
        "full",
        "Envoi pour révision",
        "trusted",
    ] {
        assert!(shown.contains(want), "show lacks {want}:\n{shown}");
    }
    let json: Value = serde_json::from_str(&stdout_of(
        sacoche(&w.accountant)
            .args(["show", "--json"])
            .arg(&archive),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["type"], "archive");
    assert_eq!(json["manifest"]["dossier"]["id"], "8502182");
    assert_eq!(json["signer"]["trust"], "trusted");
    let sample_files = files_of(&common::sample_dossier());
    assert_eq!(
        json["manifest"]["files"].as_array().map(Vec::len),
        Some(sample_files.len())
    );

    // extract gives back the identical tree.
    let target = w.root.join("cabinet/8502182");
    sacoche(&w.accountant)
        .arg("extract")
        .arg(&archive)
        .arg("--to")
        .arg(&target)
        .assert()
        .success();
    assert_eq!(files_of(&target), sample_files);

    // Standard tools read it.
    common::zip_tools_accept(Path::new(&archive));
}

#[test]
fn keys_are_created_once_and_private() {
    let w = world();
    sacoche(&w.farmer)
        .args(["pack", "."])
        .args(["--dossier", "8502182", "--name", "X"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sacoche key new --name"));
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "GAEC LE GUYON"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("sacochepk"));
    let first = key_line(&w.farmer);
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "Autre"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        key_line(&w.farmer),
        first,
        "an existing key is never replaced"
    );
    sacoche(&w.farmer).args(["key", "show"]).assert().stderr(
        predicate::str::is_match(r"Fingerprint: [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}")
            .unwrap_or_else(|e| panic!("{e}")),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(w.farmer.join("keys/secret.key"))
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(
            mode, 0o600,
            "the secret key must be readable by its owner only"
        );
    }
}

#[test]
fn extract_never_overwrites_without_force_and_keeps_replaced_files() {
    let w = world();
    let archive = farmer_packs(&w);
    let target = w.root.join("copie");
    write(&target.join("LISEZ-MOI.txt"), "ma version locale");
    write(&target.join("mes notes.txt"), "à garder");
    let before = common::snapshot(&target);
    sacoche(&w.farmer)
        .arg("extract")
        .arg(&archive)
        .arg("--to")
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("LISEZ-MOI.txt").and(predicate::str::contains("--force")));
    assert_eq!(common::snapshot(&target), before, "nothing may be written");

    sacoche(&w.farmer)
        .arg("extract")
        .arg(&archive)
        .arg("--to")
        .arg(&target)
        .arg("--force")
        .assert()
        .success();
    let mut expected = files_of(&common::sample_dossier());
    expected.insert("mes notes.txt".into(), "à garder".as_bytes().to_vec());
    assert_eq!(files_of(&target), expected);

    // The replaced file is in the trash and comes back.
    let list = stdout_of(sacoche(&w.farmer).args(["trash", "list", "--json"]));
    let item: Value = serde_json::from_str(list.lines().next().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {list}"));
    let id = item["id"].as_str().unwrap_or_default().to_string();
    assert!(
        item["original"]
            .as_str()
            .unwrap_or_default()
            .ends_with("LISEZ-MOI.txt")
    );
    // Why, as a code, and in the reader's words.
    assert_eq!(item["reason_code"], "extraction", "{item}");
    let french = stdout_of(
        sacoche(&w.farmer)
            .env("SACOCHE_LANG", "fr")
            .args(["trash", "list"]),
    );
    assert!(
        french.contains("remplacé par une extraction dans"),
        "{french}"
    );
    let restored = w.root.join("restored.txt");
    sacoche(&w.farmer)
        .args(["trash", "restore", &id, "--to"])
        .arg(&restored)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&restored).ok().as_deref(),
        Some("ma version locale")
    );
}

#[cfg(unix)]
#[test]
fn extract_never_writes_through_a_link_out_of_the_target() {
    let w = world();
    let archive = farmer_packs(&w);
    let target = w.root.join("target");
    let outside = w.root.join("outside");
    fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir_all(&outside).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&outside, target.join("TVA")).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&w.farmer)
        .arg("extract")
        .arg(&archive)
        .arg("--to")
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a link"));
    assert!(
        common::snapshot(&outside).len() <= 1,
        "nothing may be written through the link"
    );
}

#[test]
fn pack_refuses_names_that_cannot_travel_and_skips_junk() {
    let w = world();
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "GAEC"])
        .assert()
        .success();
    let dossier = w.root.join("d");
    write(&dossier.join("bon.txt"), "ok");
    write(&dossier.join("Thumbs.db"), "junk");
    write(&dossier.join("~$bilan.xlsx"), "lock");
    write(&dossier.join(".sacoche/state"), "metadata never travels");
    let out = w.root.join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));

    let json = stdout_of(
        sacoche(&w.farmer)
            .arg("pack")
            .arg(&dossier)
            .args(["--dossier", "8502182", "--name", "GAEC", "--json", "--out"])
            .arg(&out),
    );
    let packed: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(packed["files"], 1);
    assert_eq!(packed["sequence"], 1);
    assert_eq!(packed["skipped"].as_array().map(Vec::len), Some(2));

    write(&dossier.join("CON.txt"), "reserved");
    write(&dossier.join("Factures/Mars.pdf"), "1");
    write(&dossier.join("Factures/mars.pdf"), "2");
    write(&dossier.join("fin."), "trailing dot");
    let long = format!(
        "{}/{}.pdf",
        "Pièces justificatives de l'exercice".repeat(3),
        "facture".repeat(20)
    );
    write(&dossier.join(&long), "too long for Windows");
    let before = common::snapshot(&out);
    sacoche(&w.farmer)
        .arg("pack")
        .arg(&dossier)
        .args(["--dossier", "8502182", "--name", "GAEC", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("CON.txt")
                .and(predicate::str::contains("mars.pdf"))
                .and(predicate::str::contains("fin."))
                .and(predicate::str::contains(
                    "Windows opens paths of at most 260",
                ))
                .and(predicate::str::contains("rename them")),
        );
    assert_eq!(common::snapshot(&out), before, "no archive, no temp file");
}

#[test]
fn pack_never_reuses_a_name_and_numbers_archives() {
    let w = world();
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "GAEC"])
        .assert()
        .success();
    let dossier = w.root.join("d");
    write(&dossier.join("a.txt"), "a");
    sacoche(&w.farmer)
        .arg("init")
        .arg(&dossier)
        .args(["--dossier", "8502182", "--name", "GAEC"])
        .assert()
        .success();
    let out = w.root.join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let mut names = Vec::new();
    for expected_sequence in 1..=3 {
        let json = stdout_of(
            sacoche(&w.farmer)
                .arg("pack")
                .arg(&dossier)
                .args(["--full", "--json", "--out"])
                .arg(&out),
        );
        let packed: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(packed["sequence"], expected_sequence);
        names.push(packed["archive"].as_str().unwrap_or_default().to_string());
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 3, "three packs, three distinct files");
    assert_eq!(fs::read_dir(&out).map(|d| d.count()).ok(), Some(3));

    sacoche(&w.farmer)
        .arg("pack")
        .arg(&dossier)
        .args(["--dossier", "8502182", "--name", "GAEC", "--out"])
        .arg(dossier.join("."))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("inside the dossier"));
}

#[test]
fn verify_goes_through_the_whole_list_and_reports_each() {
    let w = world();
    let good = farmer_packs(&w);
    let bad = w.root.join("8502182-20201027171147.sacoche");
    let mut bytes = fs::read(&good).unwrap_or_default();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&bad, bytes).unwrap_or_else(|e| panic!("{e}"));
    let missing = w.root.join("absent.sacoche");

    let out = sacoche(&w.farmer)
        .arg("verify")
        .arg(&bad)
        .arg(&good)
        .arg(&missing)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["status"], "rejected");
    assert_eq!(lines[0]["reason_code"], "content-altered");
    assert_eq!(lines[1]["status"], "valid");
    assert_eq!(lines[1]["signer"]["trust"], "own");
    assert_eq!(lines[2]["status"], "error");
    assert_eq!(lines[3]["type"], "summary");
    assert_eq!(
        (
            lines[3]["valid"].clone(),
            lines[3]["rejected"].clone(),
            lines[3]["errors"].clone()
        ),
        (1.into(), 1.into(), 1.into())
    );
}

#[test]
fn show_of_an_untrusted_archive_does_not_open_it() {
    let w = world();
    let archive = farmer_packs(&w);
    let out = sacoche(&w.accountant)
        .arg("show")
        .arg(&archive)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("8502182") && stdout.contains("not opened"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("LISEZ-MOI"),
        "no file list from an untrusted archive"
    );
}

#[test]
fn usage_errors_exit_2() {
    let w = world();
    sacoche(&w.farmer).arg("pack").assert().code(2);
    sacoche(&w.farmer).args(["frobnicate"]).assert().code(2);
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "GAEC"])
        .assert()
        .success();
    let dir = w.root.join("d");
    write(&dir.join("a.txt"), "a");
    sacoche(&w.farmer)
        .arg("pack")
        .arg(&dir)
        .args(["--dossier", "85/02", "--name", "GAEC"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a valid dossier number"));
    sacoche(&w.farmer)
        .arg("pack")
        .arg(&dir)
        .args([
            "--dossier",
            "8502182",
            "--name",
            "GAEC",
            "--fiscal-year",
            "2020",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2020-01-01..2020-12-31"));
    sacoche(&w.farmer)
        .args(["trust", "add", "not-a-key", "--name", "X"])
        .assert()
        .code(2);
    sacoche(&w.farmer).arg("--help").assert().success().stdout(
        predicate::str::contains("Exit codes")
            .and(predicate::str::contains("3  an archive was rejected")),
    );
    // The version, its commit and the format it writes, in words.
    sacoche(&w.farmer)
        .env("SACOCHE_LANG", "fr")
        .arg("--version")
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with(format!("sacoche {} (commit ", env!("CARGO_PKG_VERSION")))
                .and(predicate::str::ends_with(", format d’archive 3)\n")),
        );
    // What clap could not read is said in the user's language, with clap's suggestion …
    sacoche(&w.farmer)
        .env("SACOCHE_LANG", "fr")
        .args(["pack", "d", "--jsn"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::starts_with("erreur : l’option « --jsn » n’existe pas ici\n")
                .and(predicate::str::contains(
                    "conseil : vouliez-vous dire « --json » ?",
                ))
                .and(predicate::str::contains(
                    "Pour en savoir plus : sacoche pack --help",
                )),
        );
    // … what was typed escaped …
    sacoche(&w.farmer)
        .env("SACOCHE_LANG", "fr")
        .args(["pack", "d", "--x\x1b]0;pwned\x07"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\x1b").not());
    // … and under --json as an error line on stdout, nothing on stderr.
    let out = sacoche(&w.farmer)
        .args(["verify", "--json", "--bogus"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(line["type"], "error");
    assert_eq!(line["code"], "usage");
    assert_eq!(line["exit_code"], 2);
    assert!(
        line["message"]
            .as_str()
            .is_some_and(|m| m.contains("--bogus")),
        "{line}"
    );
}

#[test]
fn a_size_without_its_unit_is_refused_with_the_way_to_write_it() {
    let w = world();
    common::new_user(&w.farmer, "GAEC LE GUYON");
    let farm = w.root.join("farm");
    write(&farm.join("a.txt"), "a");
    for (lang, hint) in [
        ("en", "like 15M, 15 MB or 500k"),
        ("fr", "comme 15M, 15 Mo ou 500k"),
    ] {
        sacoche(&w.farmer)
            .env("SACOCHE_LANG", lang)
            .arg("pack")
            .arg(&farm)
            .args([
                "--dossier",
                "8502182",
                "--name",
                "GAEC LE GUYON",
                "--max-size",
                "15",
            ])
            .arg("--out")
            .arg(&w.root)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(hint));
    }
    // With its unit, in either language's way, it packs.
    for size in ["15M", "15 Mo", "1,5 Mo"] {
        fs::create_dir_all(w.root.join(size)).unwrap_or_else(|e| panic!("{e}"));
        sacoche(&w.farmer)
            .arg("pack")
            .arg(&farm)
            .args([
                "--dossier",
                "8502182",
                "--name",
                "GAEC LE GUYON",
                "--max-size",
                size,
            ])
            .arg("--out")
            .arg(w.root.join(size))
            .assert()
            .success();
    }
}

#[test]
fn init_refuses_a_mistyped_folder_unless_asked_to_create_it() {
    let w = world();
    let typo = w.root.join("GAEC LE GUYNO");
    for (lang, words) in [("en", "does not exist"), ("fr", "n’existe pas")] {
        sacoche(&w.farmer)
            .env("SACOCHE_LANG", lang)
            .arg("init")
            .arg(&typo)
            .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(words).and(predicate::str::contains("--create")));
        assert!(!typo.exists(), "a mistyped folder was created");
    }
    // The same cause, the same exit code: status and pack of a missing folder.
    for args in [&["status"][..], &["pack"][..]] {
        sacoche(&w.farmer).args(args).arg(&typo).assert().code(1);
    }
    sacoche(&w.farmer)
        .arg("init")
        .arg(&typo)
        .args([
            "--create",
            "--dossier",
            "8502182",
            "--name",
            "GAEC LE GUYON",
        ])
        .assert()
        .success();
    assert!(typo.is_dir());
}

#[test]
fn trust_is_never_widened_silently_and_what_it_says_is_true() {
    let w = world();
    let key = common::new_user(&w.root.join("cabinet"), "Cabinet Dupont").to_string();
    let add = |args: &[&str]| {
        let mut cmd = sacoche(&w.farmer);
        cmd.args(["trust", "add", &key, "--name", "Cabinet Dupont"])
            .args(args);
        cmd
    };
    let list = || stdout_of(sacoche(&w.farmer).args(["trust", "list"]));
    add(&["--dossier", "8502182"]).assert().success();
    assert!(list().contains("(8502182)"), "{}", list());
    // Without --dossier, a key trusted for one dossier is not quietly trusted for all.
    add(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--all-dossiers"));
    assert!(list().contains("(8502182)"), "{}", list());
    add(&["--all-dossiers"])
        .assert()
        .success()
        .stderr(predicate::str::contains("for every dossier"));
    assert!(list().contains("(all dossiers)"), "{}", list());
    // Trusted everywhere, asking for one dossier says nothing changed, truly.
    add(&["--dossier", "8502183"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "already trusted for every dossier",
        ));
    assert!(list().contains("(all dossiers)"), "{}", list());
}

#[test]
fn completions_and_the_manual_page_come_from_the_same_commands() {
    let w = world();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = stdout_of(sacoche(&w.farmer).args(["completions", shell]));
        assert!(
            out.contains("sacoche") && out.contains("inbox"),
            "{shell}: {out}"
        );
    }
    let fr = stdout_of(sacoche(&w.farmer).args(["--lang", "fr", "man"]));
    assert!(
        fr.starts_with(".ie") && fr.contains(".TH sacoche 1"),
        "{fr}"
    );
    assert!(fr.contains("Transporte les dossiers comptables"), "{fr}");
    let en = stdout_of(sacoche(&w.farmer).args(["man"]));
    assert!(en.contains("Carries accounting dossiers"), "{en}");
}

#[test]
fn the_yearly_rollover_moves_the_dossier_to_the_new_fiscal_year() {
    let w = world();
    let farmer_key = common::new_user(&w.farmer, "GAEC LE GUYON");
    let accountant_key = common::new_user(&w.accountant, "Cabinet Dupont");
    common::trust(&w.accountant, farmer_key, "GAEC LE GUYON", &["8502182"]);
    common::trust(&w.farmer, accountant_key, "Cabinet Dupont", &["8502182"]);
    let (farm, office, stick) = (
        w.root.join("farm"),
        w.root.join("office"),
        w.root.join("stick"),
    );
    common::copy_tree(&common::sample_dossier(), &farm);
    fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&w.farmer)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .args(["--fiscal-year", "2020-01-01..2020-12-31"])
        .assert()
        .success();
    let full = PathBuf::from(
        stdout_of(
            sacoche(&w.farmer)
                .arg("pack")
                .arg(&farm)
                .arg("--out")
                .arg(&stick),
        )
        .trim(),
    );
    sacoche(&w.accountant)
        .arg("apply")
        .arg(&full)
        .arg(&office)
        .assert()
        .success();
    // The accountant's archive for 2020, then the farmer moves to 2021.
    write(&office.join("Révision/Notes.txt"), "2020 clos");
    let late = PathBuf::from(
        stdout_of(
            sacoche(&w.accountant)
                .arg("pack")
                .arg(&office)
                .arg("--out")
                .arg(&stick),
        )
        .trim(),
    );
    sacoche(&w.farmer)
        .env("SACOCHE_LANG", "fr")
        .args(["dossier", "set"])
        .arg(&farm)
        .args(["--fiscal-year", "2021-01-01..2021-12-31"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains(
                "est maintenant sur l’exercice 01/01/2021 – 31/12/2021 (il était sur 01/01/2020 – 31/12/2020)",
            ),
        );
    let status = stdout_of(sacoche(&w.farmer).arg("status").arg(&farm));
    assert!(status.contains("2021"), "{status}");
    // The 2020 archive is refused, with the way through; nothing changed.
    let before = common::dossier_files(&farm);
    sacoche(&w.farmer)
        .arg("apply")
        .arg(&late)
        .arg(&farm)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "to integrate this archive of a past year all the same (the dossier stays on \
             01/01/2021 – 31/12/2021), apply with --accept-fiscal-year",
        ));
    assert_eq!(common::dossier_files(&farm), before);
    // The refusal went back on the stick in a receipt, which says why in words.
    let shown: String = fs::read_dir(&stick)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("-accuse-reception.sacoche"))
        .map(|p| {
            stdout_of(
                sacoche(&w.accountant)
                    .env("SACOCHE_LANG", "fr")
                    .arg("show")
                    .arg(&p),
            )
        })
        .collect();
    assert!(
        shown.contains("elle était d’un autre exercice que son dossier"),
        "{shown}"
    );
    assert!(!shown.contains("fiscal-year-mismatch"), "{shown}");
    // Accepted: the late correction comes in, the farm stays on 2021.
    sacoche(&w.farmer)
        .env("SACOCHE_LANG", "fr")
        .args(["apply", "--accept-fiscal-year"])
        .arg(&late)
        .arg(&farm)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "exercice : une archive de l’exercice 01/01/2020 – 31/12/2020 ; le dossier reste sur \
             01/01/2021 – 31/12/2021",
        ));
    assert!(farm.join("Révision/Notes.txt").is_file());
    let fiscal = |home: &Path, dir: &Path| {
        let out = stdout_of(sacoche(home).args(["status", "--json"]).arg(dir));
        let v: serde_json::Value =
            serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}"));
        v["fiscal_period"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(fiscal(&w.farmer, &farm), "01/01/2021 – 31/12/2021");

    // The farm's first archive of 2021 reaches the office, still on 2020: refused, with
    // the rollover offered; a dry run says it and changes nothing; then accepted, the
    // office moves to 2021 with it.
    write(&farm.join("Pièces/2021-01 facture.txt"), "2021");
    let next = PathBuf::from(
        stdout_of(
            sacoche(&w.farmer)
                .arg("pack")
                .arg(&farm)
                .arg("--out")
                .arg(&stick),
        )
        .trim(),
    );
    sacoche(&w.accountant)
        .env("SACOCHE_LANG", "fr")
        .arg("apply")
        .arg(&next)
        .arg(&office)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "conseil : si votre correspondant est passé à l’exercice suivant, intégrez avec \
             --accept-fiscal-year : le dossier passe avec lui à 01/01/2021 – 31/12/2021",
        ));
    let moves = "exercice : le dossier passe à l’exercice 01/01/2021 – 31/12/2021 (il était sur \
                 01/01/2020 – 31/12/2020)";
    sacoche(&w.accountant)
        .env("SACOCHE_LANG", "fr")
        .args(["apply", "--dry-run", "--accept-fiscal-year"])
        .arg(&next)
        .arg(&office)
        .assert()
        .success()
        .stdout(predicate::str::contains(moves));
    assert_eq!(fiscal(&w.accountant, &office), "01/01/2020 – 31/12/2020");
    let out = stdout_of(
        sacoche(&w.accountant)
            .args(["apply", "--json", "--accept-fiscal-year"])
            .arg(&next)
            .arg(&office),
    );
    let plan: serde_json::Value = out
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .find(|v: &serde_json::Value| v["type"] == "plan")
        .unwrap_or_else(|| panic!("no plan in {out}"));
    assert_eq!(
        plan["fiscal_year"],
        serde_json::json!({"change": "moves-to", "dossier": "01/01/2020 – 31/12/2020", "archive": "01/01/2021 – 31/12/2021"})
    );
    assert_eq!(fiscal(&w.accountant, &office), "01/01/2021 – 31/12/2021");
    assert!(office.join("Pièces/2021-01 facture.txt").is_file());
}

#[test]
fn status_says_when_the_dossier_last_went_out_and_came_in_with_the_ids_only_on_request() {
    let w = world();
    let farm = w.root.join("GAEC LE GUYON");
    let stick = w.root.join("clé USB");
    common::copy_tree(&common::sample_dossier(), &farm);
    fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&w.farmer)
        .args(["key", "new", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    sacoche(&w.farmer)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    let archive = PathBuf::from(stdout_of(
        sacoche(&w.farmer)
            .arg("pack")
            .arg(&farm)
            .arg("--out")
            .arg(&stick),
    ));
    sacoche(&w.accountant)
        .args(["key", "new", "--name", "Cabinet Dupont"])
        .assert()
        .success();
    let (farmer_key, accountant_key) = (key_line(&w.farmer), key_line(&w.accountant));
    for (home, key, name) in [
        (&w.accountant, &farmer_key, "GAEC LE GUYON"),
        (&w.farmer, &accountant_key, "Cabinet Dupont"),
    ] {
        sacoche(home)
            .args(["trust", "add", key, "--name", name])
            .assert()
            .success();
    }
    let office = w.root.join("cabinet/8502182");
    sacoche(&w.accountant)
        .arg("apply")
        .arg(&archive)
        .arg(&office)
        .assert()
        .success();
    // The receipt came back on the stick.
    let receipt: Vec<PathBuf> = fs::read_dir(&stick)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p != &archive)
        .collect();
    sacoche(&w.farmer)
        .arg("apply")
        .args(&receipt)
        .arg(&farm)
        .assert()
        .success();
    write(&farm.join("Révision/nouveau.txt"), "à envoyer");
    let status = |home: &Path, dir: &Path, verbose: bool| {
        let mut cmd = sacoche(home);
        cmd.env("SACOCHE_LANG", "fr").arg("status").arg(dir);
        if verbose {
            cmd.arg("--verbose");
        }
        stdout_of(&mut cmd)
    };
    let row = |text: &str, label: &str| {
        text.lines()
            .find(|l| l.starts_with(label))
            .map(|l| l[label.len()..].trim().to_string())
            .unwrap_or_else(|| panic!("no {label} in\n{text}"))
    };
    let farmer = status(&w.farmer, &farm, false);
    let sent = row(&farmer, "Dernier envoi");
    assert!(
        sent.starts_with("numéro 1 (complète), le ")
            && sent.contains("intégrée par Cabinet Dupont"),
        "{farmer}"
    );
    assert_eq!(row(&farmer, "Dernière réception"), "rien encore");
    assert_eq!(
        row(&farmer, "Vos modifications"),
        "1 pas encore confirmée (le prochain envoi l’emporte)"
    );
    assert!(farmer.contains("\nHistorique\n"), "{farmer}");
    let hex_id = predicate::str::is_match("[0-9a-f]{64}").unwrap_or_else(|e| panic!("{e}"));
    assert!(!hex_id.eval(&farmer), "no ids without --verbose: {farmer}");
    assert!(
        hex_id.eval(&row(&status(&w.farmer, &farm, true), "Identifiants")),
        "the state id with --verbose"
    );
    let accountant = status(&w.accountant, &office, false);
    let received = row(&accountant, "Dernière réception");
    assert!(
        received.starts_with("numéro 1 de GAEC LE GUYON (complète), le "),
        "{accountant}"
    );
    assert_eq!(row(&accountant, "Dernier envoi"), "rien encore");
}

/// A dossier whose names cannot travel to Windows is refused before anything is
/// written, each name with its reason in the user's words.
#[cfg(unix)]
#[test]
fn names_that_cannot_travel_are_refused_with_their_reason_in_words() {
    let w = world();
    common::new_user(&w.farmer, "GAEC LE GUYON");
    let farm = w.root.join("farm");
    write(&farm.join("Pièces/facture: mars.txt"), "a");
    write(&farm.join("TVA.txt"), "b");
    write(&farm.join("tva.txt"), "c");
    write(&farm.join("CON.txt"), "d");
    let out = w.root.join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    for (lang, reasons) in [
        (
            "fr",
            [
                "le caractère « : » est interdit sous Windows",
                "même nom que « TVA.txt » sous Windows",
                "« CON » est un nom réservé sous Windows",
            ],
        ),
        (
            "en",
            [
                "character ':' is not allowed on Windows",
                "same name as 'TVA.txt' on Windows",
                "'CON' is a reserved name on Windows",
            ],
        ),
    ] {
        let assert = sacoche(&w.farmer)
            .env("SACOCHE_LANG", lang)
            .arg("pack")
            .arg(&farm)
            .args(["--dossier", "8502182", "--name", "GAEC"])
            .arg("--out")
            .arg(&out)
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        for reason in reasons {
            assert!(stderr.contains(reason), "{lang}: no {reason:?} in {stderr}");
        }
    }
    assert_eq!(fs::read_dir(&out).map(|d| d.count()).ok(), Some(0));
}

/// A key of small order (the identity point among them) proves nothing: refused when it
/// is added, with the way to get the real key, and the trust list unchanged.
#[test]
fn a_weak_key_is_refused_when_it_is_added() {
    let w = world();
    let weak = [
        // The identity point.
        format!("sacochepk01{}", "0".repeat(62)),
        // The point of order 2 (y = -1).
        format!("sacochepk{}7f", "ec".to_string() + &"f".repeat(60)),
        // A point of order 4 (y = 0).
        format!("sacochepk{}", "0".repeat(64)),
    ];
    for key in &weak {
        sacoche(&w.farmer)
            .env("SACOCHE_LANG", "fr")
            .args(["trust", "add", key, "--name", "Faux cabinet"])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("est une clé faible")
                    .and(predicate::str::contains("par téléphone")),
            );
    }
    let list = stdout_of(sacoche(&w.farmer).args(["trust", "list", "--json"]));
    assert!(list.trim().is_empty(), "{list}");
}
