//! Ledgers travel as écritures: once both sides have a version of the FEC ledger, a
//! changes archive carries a delta against it (a few kilobytes for two écritures in a
//! large ledger), the receiver rebuilds the new ledger byte for byte, and a receiver
//! without that version is refused, then gets the whole file — never a wrong ledger.
//! When archives cross, a ledger changed on both sides is merged écriture by écriture:
//! both sides end with the same ledger, and only an écriture changed on both sides is a
//! conflict, named.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{sacoche, write};
use serde_json::Value;

const LEDGER: &str = "Comptabilité/123456782FEC20201231.txt";
const HEADER: &str = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

/// One balanced écriture of two lines, CRLF.
fn ecriture(n: u32, label: &str) -> String {
    let day = 1 + n % 28;
    let month = 1 + (n / 28) % 12;
    let date = format!("2020{month:02}{day:02}");
    let amount = format!("{},{:02}", 100 + n % 9000, n % 100);
    format!(
        "VE\tVentes\tVE{n:06}\t{date}\t411000\tClients\t\t\tF{n}\t{date}\t{label}\t{amount}\t0,00\t\t\t{date}\t\t\r\n\
         VE\tVentes\tVE{n:06}\t{date}\t701000\tVentes de produits\t\t\tF{n}\t{date}\t{label}\t0,00\t{amount}\t\t\t{date}\t\t\r\n"
    )
}

/// A ledger of `count` écritures.
fn ledger(count: u32) -> String {
    let mut text = format!("{HEADER}\r\n");
    for n in 1..=count {
        text.push_str(&ecriture(n, &format!("Vente de lait lot {n}")));
    }
    text
}

struct Pair {
    _dir: tempfile::TempDir,
    farmer: PathBuf,
    accountant: PathBuf,
    farm: PathBuf,
    office: PathBuf,
    stick: PathBuf,
}

fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let p = Pair {
        farmer: root.join("farmer-home"),
        accountant: root.join("accountant-home"),
        farm: root.join("farm"),
        office: root.join("office"),
        stick: root.join("stick"),
        _dir: dir,
    };
    let farmer_key = common::new_user(&p.farmer, "GAEC LE GUYON");
    let accountant_key = common::new_user(&p.accountant, "Cabinet Dupont");
    common::trust(&p.farmer, accountant_key, "Cabinet Dupont", &["8502182"]);
    common::trust(&p.accountant, farmer_key, "GAEC LE GUYON", &["8502182"]);
    for (rel, bytes) in common::dossier_files(&common::sample_dossier()) {
        write(&p.farm.join(rel), bytes);
    }
    write(&p.farm.join(LEDGER), ledger(20_000));
    fs::create_dir_all(&p.stick).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&p.farmer)
        .arg("init")
        .arg(&p.farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .args(["--fiscal-year", "2020-01-01..2020-12-31"])
        .assert()
        .success();
    p
}

/// Packs `dir` onto the stick (recording the receipts found there): the archive.
fn pack(home: &Path, dir: &Path, out: &Path) -> (PathBuf, Value) {
    let run = sacoche(home)
        .arg("pack")
        .arg(dir)
        .args(["--json", "--out"])
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let packed: Value = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["type"] == "packed")
        .unwrap_or_else(|| panic!("no packed line: {text}"));
    (
        PathBuf::from(packed["archive"].as_str().unwrap_or_default()),
        packed,
    )
}

fn apply(home: &Path, archive: &Path, dir: &Path) -> std::process::Output {
    sacoche(home)
        .arg("apply")
        .arg(archive)
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn applied(home: &Path, archive: &Path, dir: &Path) {
    let out = apply(home, archive, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(dir: &Path) -> Vec<u8> {
    fs::read(dir.join(LEDGER)).unwrap_or_else(|e| panic!("{e}"))
}

fn size(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX)
}

/// The farmer's dossier sent whole, integrated at the office, its receipt on the stick.
fn synced() -> Pair {
    let p = pair();
    let (full, _) = pack(&p.farmer, &p.farm, &p.stick);
    applied(&p.accountant, &full, &p.office);
    assert_eq!(read(&p.office), read(&p.farm));
    p
}

#[test]
fn two_new_ecritures_travel_as_a_few_kilobytes_and_rebuild_the_ledger_exactly() {
    let p = synced();
    let whole = size(&p.farm.join(LEDGER));
    let mut text = String::from_utf8(read(&p.farm)).unwrap_or_else(|e| panic!("{e}"));
    text.push_str(&ecriture(20_001, "Vente de veaux"));
    text.push_str(&ecriture(20_002, "Vente de céréales"));
    write(&p.farm.join(LEDGER), &text);

    let (changes, packed) = pack(&p.farmer, &p.farm, &p.stick);
    assert_eq!(packed["kind"], "changes", "{packed}");
    let small = size(&changes);
    assert!(
        small < 8 * 1024,
        "a two-écriture change is {small} bytes (the ledger is {whole})"
    );
    assert_eq!(packed["deltas"][0]["path"], LEDGER, "{packed}");
    assert_eq!(packed["deltas"][0]["whole"], text.len(), "{packed}");
    let report = common::schema::check("cli-output", &format!("{packed}\n"));
    assert!(report.contains("1 passed, 0 failed"), "{report}");

    applied(&p.accountant, &changes, &p.office);
    assert_eq!(read(&p.office), text.as_bytes(), "rebuilt byte for byte");

    // Back the other way: the accountant corrects one label; the farmer gets it as a delta.
    let corrected = text.replacen(
        "Vente de lait lot 77\t",
        "Vente de lait lot 77 corrigé\t",
        2,
    );
    assert_ne!(corrected, text);
    write(&p.office.join(LEDGER), &corrected);
    let back = p
        .office
        .parent()
        .map(|r| r.join("back"))
        .unwrap_or_default();
    fs::create_dir_all(&back).unwrap_or_else(|e| panic!("{e}"));
    let (reply, packed) = pack(&p.accountant, &p.office, &back);
    assert_eq!(packed["deltas"][0]["path"], LEDGER, "{packed}");
    assert!(size(&reply) < 8 * 1024, "{} bytes", size(&reply));
    applied(&p.farmer, &reply, &p.farm);
    assert_eq!(read(&p.farm), corrected.as_bytes());
}

#[test]
fn a_receiver_without_the_base_is_refused_then_gets_the_whole_ledger() {
    let p = synced();
    let mut text = String::from_utf8(read(&p.farm)).unwrap_or_else(|e| panic!("{e}"));
    text.push_str(&ecriture(20_001, "Vente de veaux"));
    write(&p.farm.join(LEDGER), &text);
    let (changes, packed) = pack(&p.farmer, &p.farm, &p.stick);
    assert_eq!(packed["deltas"][0]["path"], LEDGER, "{packed}");

    // The office lost its copy of the version the delta applies to (its ledger changed
    // by hand since, and its kept copies are gone).
    let mut theirs = String::from_utf8(read(&p.office)).unwrap_or_else(|e| panic!("{e}"));
    theirs.push_str(&ecriture(30_000, "Saisie du cabinet"));
    write(&p.office.join(LEDGER), &theirs);
    fs::remove_dir_all(p.office.join(".sacoche/bases")).unwrap_or_else(|e| panic!("{e}"));
    let before = common::snapshot(&p.office);
    let refused = apply(&p.accountant, &changes, &p.office);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let after = common::snapshot(&p.office);
    for (path, bytes) in &before {
        if !path.starts_with(".sacoche") {
            assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
        }
    }
    assert_eq!(
        read(&p.office),
        theirs.as_bytes(),
        "the office's ledger untouched"
    );

    // The refusal's receipt reaches the farmer: the next archive carries the whole file.
    let (again, packed) = pack(&p.farmer, &p.farm, &p.stick);
    assert!(
        packed["deltas"].as_array().is_none_or(Vec::is_empty),
        "{packed}"
    );
    assert!(size(&again) > 100 * 1024, "{} bytes", size(&again));
}

/// `text` with écriture `n`'s label changed (its two lines).
fn relabelled(text: &str, n: u32, label: &str) -> String {
    let old = format!("Vente de lait lot {n}\t");
    let new = format!("{label}\t");
    assert_eq!(text.matches(&old).count(), 2, "écriture {n}");
    text.replacen(&old, &new, 2)
}

fn ledger_text(dir: &Path) -> String {
    String::from_utf8(read(dir)).unwrap_or_else(|e| panic!("{e}"))
}

/// The dossier's own files (not sacoche's), with their bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    common::snapshot(dir)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(".sacoche"))
        .collect()
}

/// `apply --json`: the plan printed, once the archive is integrated.
fn apply_json(home: &Path, archive: &Path, dir: &Path) -> Value {
    let run = sacoche(home)
        .arg("apply")
        .arg(archive)
        .arg(dir)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}{text}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = common::schema::check("cli-output", &text);
    assert!(report.contains(", 0 failed"), "{report}\n{text}");
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["type"] == "plan")
        .unwrap_or_else(|| panic!("no plan: {text}"))
}

/// The office's reply packed in its own folder next to the stick.
fn reply(p: &Pair) -> PathBuf {
    let back = p.office.with_file_name("back");
    fs::create_dir_all(&back).unwrap_or_else(|e| panic!("{e}"));
    pack(&p.accountant, &p.office, &back).0
}

#[test]
fn crossing_archives_bring_both_sides_ecritures_together_without_a_conflict() {
    let p = synced();
    let base = ledger_text(&p.farm);
    // The farmer records two sales while the accountant corrects two labels; each
    // sends before receiving the other's archive.
    let farm_text = format!(
        "{base}{}{}",
        ecriture(20_001, "Vente de veaux"),
        ecriture(20_002, "Vente de céréales")
    );
    write(&p.farm.join(LEDGER), &farm_text);
    let office_text = relabelled(&relabelled(&base, 77, "Lait lot 77 corrigé"), 500, "Avoir");
    write(&p.office.join(LEDGER), &office_text);
    let (from_farm, _) = pack(&p.farmer, &p.farm, &p.stick);
    let from_office = reply(&p);

    let plan = apply_json(&p.accountant, &from_farm, &p.office);
    assert_eq!(plan["conflicts"], serde_json::json!([]), "{plan}");
    assert_eq!(
        plan["notes"],
        serde_json::json!([{"note": "ledger-merged", "path": LEDGER}]),
        "{plan}"
    );
    let both = relabelled(
        &relabelled(&farm_text, 77, "Lait lot 77 corrigé"),
        500,
        "Avoir",
    );
    assert!(
        ledger_text(&p.office) == both,
        "the office has both sides' work"
    );

    applied(&p.farmer, &from_office, &p.farm);
    assert!(
        ledger_text(&p.farm) == both,
        "the farm has both sides' work"
    );
    assert_eq!(
        files(&p.farm),
        files(&p.office),
        "no conflict copy, nothing else"
    );

    // The merged ledger is a version both sides have: the next change is a delta again.
    let next = format!("{both}{}", ecriture(20_003, "Vente de paille"));
    write(&p.farm.join(LEDGER), &next);
    let (again, packed) = pack(&p.farmer, &p.farm, &p.stick);
    assert_eq!(packed["deltas"][0]["path"], LEDGER, "{packed}");
    // Each side's merge is its own version: merged again against a kept copy, the
    // result is the farmer's ledger, taken as it is (no "merged" note).
    let plan = apply_json(&p.accountant, &again, &p.office);
    assert_eq!(plan["notes"], serde_json::json!([]), "{plan}");
    assert_eq!(plan["conflicts"], serde_json::json!([]), "{plan}");
    assert!(ledger_text(&p.office) == next);
}

#[test]
fn one_ecriture_changed_on_both_sides_is_one_conflict_naming_it_and_nothing_is_lost() {
    let p = synced();
    let base = ledger_text(&p.farm);
    let farm_text = format!(
        "{}{}",
        relabelled(&base, 77, "Lait lot 77 ferme"),
        ecriture(20_001, "Vente de veaux")
    );
    write(&p.farm.join(LEDGER), &farm_text);
    let office_text = relabelled(&relabelled(&base, 77, "Lait lot 77 cabinet"), 500, "Avoir");
    write(&p.office.join(LEDGER), &office_text);
    let (from_farm, _) = pack(&p.farmer, &p.farm, &p.stick);
    let from_office = reply(&p);

    // In words, first (a rehearsal): the écriture, both sides' labels, and the copy.
    let rehearsal = sacoche(&p.accountant)
        .env("SACOCHE_LANG", "fr")
        .arg("apply")
        .arg(&from_farm)
        .arg(&p.office)
        .arg("--dry-run")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let words = String::from_utf8_lossy(&rehearsal.stdout);
    for said in [
        "CONFLIT  Comptabilité/123456782FEC20201231.txt : grand livre modifié des deux côtés",
        "une écriture a été changée des deux côtés",
        "VE VE000077 du ",
        "modifiée ici (« Lait lot 77 cabinet »",
        "et par l’expéditeur (« Lait lot 77 ferme »",
        "(conflit ",
    ] {
        assert!(words.contains(said), "{said:?} not in:\n{words}");
    }

    let plan = apply_json(&p.accountant, &from_farm, &p.office);
    let conflicts = plan["conflicts"].as_array().cloned().unwrap_or_default();
    assert_eq!(conflicts.len(), 1, "{plan}");
    let conflict = &conflicts[0];
    assert_eq!(conflict["path"], LEDGER, "{plan}");
    assert_eq!(conflict["kind"], "ecritures", "{plan}");
    let ecritures = conflict["ecritures"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(ecritures.len(), 1, "{plan}");
    assert_eq!(ecritures[0]["kind"], "both-modified");
    assert_eq!(ecritures[0]["base"]["number"], "VE000077");
    assert_eq!(ecritures[0]["local"]["label"], "Lait lot 77 cabinet");
    assert_eq!(ecritures[0]["incoming"]["label"], "Lait lot 77 ferme");

    // The ledger has every other change of both sides and one choice for écriture 77;
    // the copy has the same with the other choice.
    let with = |label: &str| {
        relabelled(
            &relabelled(
                &format!("{base}{}", ecriture(20_001, "Vente de veaux")),
                77,
                label,
            ),
            500,
            "Avoir",
        )
    };
    let (farm_way, office_way) = (with("Lait lot 77 ferme"), with("Lait lot 77 cabinet"));
    let copy = conflict["copy"].as_str().unwrap_or_default();
    let (kept, other) = if ecritures[0]["kept"] == "local" {
        (&office_way, &farm_way)
    } else {
        (&farm_way, &office_way)
    };
    assert!(
        ledger_text(&p.office) == *kept,
        "the merge's choice at its name"
    );
    let copied = fs::read(p.office.join(copy)).unwrap_or_else(|e| panic!("{copy}: {e}"));
    assert!(copied == other.as_bytes(), "the other choice in {copy}");

    // The farm, merging the other way round, ends the same: same ledger, same copy.
    applied(&p.farmer, &from_office, &p.farm);
    assert_eq!(files(&p.farm), files(&p.office));
}

/// `apply --dry-run` in French, and with `--json`: its words and its plan.
fn preview(home: &Path, archive: &Path, dir: &Path) -> (String, Value) {
    let run = |json: bool| {
        let mut cmd = sacoche(home);
        cmd.env("SACOCHE_LANG", "fr")
            .arg("apply")
            .arg(archive)
            .arg(dir)
            .arg("--dry-run");
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run(true);
    let report = common::schema::check("cli-output", &text);
    assert!(report.contains(", 0 failed"), "{report}\n{text}");
    let plan = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["type"] == "plan")
        .unwrap_or_else(|| panic!("no plan: {text}"));
    (run(false), plan)
}

#[test]
fn the_preview_says_what_changes_in_the_ledger_in_ecritures() {
    let p = synced();
    let base = ledger_text(&p.farm);
    // Two sales added and one label corrected at the farm, sent as a delta.
    let farm_text = format!(
        "{}{}{}",
        relabelled(&base, 77, "Lait lot 77 corrigé"),
        ecriture(20_001, "Vente de veaux"),
        ecriture(20_002, "Vente de céréales")
    );
    write(&p.farm.join(LEDGER), &farm_text);
    let (changes, packed) = pack(&p.farmer, &p.farm, &p.stick);
    assert_eq!(packed["deltas"][0]["path"], LEDGER, "{packed}");
    let before = files(&p.office);

    let (words, plan) = preview(&p.accountant, &changes, &p.office);
    for said in [
        "modifié    Comptabilité/123456782FEC20201231.txt",
        "Grand livre 2020 (Comptabilité/123456782FEC20201231.txt) : 2 écritures ajoutées, 1 modifiée, 0 supprimée, toujours équilibré",
        "+ VE VE020001 du ",
        "« Vente de veaux »",
        "~ VE VE000077 du ",
        "« Lait lot 77 corrigé »",
    ] {
        assert!(words.contains(said), "{said:?} not in:\n{words}");
    }
    let ledgers = plan["ledgers"].as_array().cloned().unwrap_or_default();
    assert_eq!(ledgers.len(), 1, "{plan}");
    let l = &ledgers[0];
    assert_eq!(l["path"], LEDGER);
    assert_eq!(
        (&l["added"], &l["modified"], &l["deleted"]),
        (
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(0)
        ),
        "{l}"
    );
    assert_eq!(l["balanced"], true);
    assert_eq!(l["unchanged"], 19_999);
    assert_eq!(l["year"]["end"], "2020-12-31");
    assert_eq!(l["changes"][2]["old_label"], "Vente de lait lot 77", "{l}");
    assert_eq!(files(&p.office), before, "a preview changes nothing");

    // When the office changed the ledger too, the preview compares its ledger with the
    // merged one: only what comes from the farm.
    write(
        &p.office.join(LEDGER),
        relabelled(&base, 500, "Avoir").as_bytes(),
    );
    let (_, plan) = preview(&p.accountant, &changes, &p.office);
    assert_eq!(
        plan["notes"],
        serde_json::json!([{"note": "ledger-merged", "path": LEDGER}]),
        "{plan}"
    );
    let l = &plan["ledgers"][0];
    assert_eq!(
        (&l["added"], &l["modified"], &l["deleted"]),
        (
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(0)
        ),
        "{plan}"
    );
}
