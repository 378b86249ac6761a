//! The round trip between a farmer and an accountant with separate `SACOCHE_HOME`s who
//! trust each other, through the real binary: full archive, changes both ways, receipts,
//! and the rules of `docs/INTEGRATION.md`. Each situation users met with the first
//! version (where work was dropped without a word) is one test named after the
//! behaviour; most start from a synced dossier ([`synced`]).
//!
//! Receipts: `apply` writes one next to the archive (on the stick), and `pack --out STICK`
//! records those it finds there first; a test that must not acknowledge something
//! sends it through another folder (`back`, `mail`, `lost`).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{sacoche, write};
use predicates::prelude::*;
use sacoche::keys::PublicKey;
use serde_json::{Value, json};

/// Files of the sample dossier the tests change.
const CA12A: &str = "TVA/CA12A 2020 - déclaration annuelle.txt";
const TIERS: &str = "Référentiel/Tiers.csv";
const SITUATION: &str = "Situation intermédiaire/Situation au 30-06-2020.txt";
const LISEZ_MOI: &str = "LISEZ-MOI.txt";
/// A file the farmer adds.
const VETO: &str = "Pièces/2020-11 facture vétérinaire.pdf";

/// Modification times set on the two versions of a file changed on both sides, so that
/// which one keeps the name (the later) and the copy's date (the loser's) are known.
const EARLIER: &str = "2020-10-28T10:00:00Z";
const LATER: &str = "2020-10-29T10:00:00Z";
/// The conflict copies of CA12A: the farmer's version, and the accountant's, both dated
/// [`EARLIER`] (the loser's modification date, as the copy is named after its author).
const CA12A_FARMER_COPY: &str =
    "TVA/CA12A 2020 - déclaration annuelle (conflit GAEC LE GUYON 28-10-2020).txt";
const CA12A_ACCOUNTANT_COPY: &str =
    "TVA/CA12A 2020 - déclaration annuelle (conflit Cabinet Dupont 28-10-2020).txt";

struct Pair {
    _dir: tempfile::TempDir,
    root: PathBuf,
    farmer: PathBuf,
    accountant: PathBuf,
    farmer_key: PublicKey,
    accountant_key: PublicKey,
    farm: PathBuf,
    office: PathBuf,
    /// The USB stick: the farmer's archives go on it, receipts come back on it.
    stick: PathBuf,
    /// The accountant's mail: archives that cross the farmer's.
    back: PathBuf,
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

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Two users who trust each other; the farmer's dossier initialised from the sample.
fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let farmer = root.join("farmer-home");
    let accountant = root.join("accountant-home");
    let farmer_key = common::new_user(&farmer, "GAEC LE GUYON");
    let accountant_key = common::new_user(&accountant, "Cabinet Dupont");
    let p = Pair {
        farmer,
        accountant,
        farmer_key,
        accountant_key,
        farm: root.join("ferme/GAEC LE GUYON"),
        office: root.join("cabinet/8502182"),
        stick: root.join("stick"),
        back: root.join("back"),
        root,
        _dir: dir,
    };
    common::trust(&p.farmer, p.accountant_key, "Cabinet Dupont", &["8502182"]);
    common::trust(&p.accountant, p.farmer_key, "GAEC LE GUYON", &["8502182"]);
    // The sample's files only: never records some other run may have left in it.
    for (rel, bytes) in common::dossier_files(&common::sample_dossier()) {
        write(&p.farm.join(rel), bytes);
    }
    for d in [&p.stick, &p.back] {
        fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    init(&p.farmer, &p.farm);
    p
}

fn init(home: &Path, dir: &Path) {
    sacoche(home)
        .arg("init")
        .arg(dir)
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
}

/// A new folder under the test's root.
fn folder(p: &Pair, name: &str) -> PathBuf {
    let dir = p.root.join(name);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
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
    // One JSON object per line: receipts recorded first, then what was packed.
    let v: Value = json
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {json}")))
        .find(|v| v["type"] == "packed")
        .unwrap_or_else(|| panic!("no packed line: {json}"));
    (PathBuf::from(v["archive"].as_str().unwrap_or_default()), v)
}

/// `apply` as people run it (the receipt goes next to the archive).
fn apply(home: &Path, archive: &Path, dir: &Path) -> assert_cmd::assert::Assert {
    sacoche(home).arg("apply").arg(archive).arg(dir).assert()
}

/// `apply --json EXTRA…`, which must succeed: (the plan, the outcome), `Null` if absent.
fn apply_json(home: &Path, archive: &Path, dir: &Path, extra: &[&str]) -> (Value, Value) {
    let lines = json_lines(&ok_stdout(
        sacoche(home)
            .args(["apply", "--json"])
            .args(extra)
            .arg(archive)
            .arg(dir),
    ));
    let of = |t: &str| {
        lines
            .iter()
            .find(|l| l["type"] == t)
            .cloned()
            .unwrap_or(Value::Null)
    };
    (of("plan"), of("outcome"))
}

/// Integrates `archive`; returns the receipt written for its sender.
fn apply_for_receipt(home: &Path, archive: &Path, dir: &Path) -> PathBuf {
    let (_, outcome) = apply_json(home, archive, dir, &[]);
    let receipt = outcome["receipt"]
        .as_str()
        .unwrap_or_else(|| panic!("no receipt written: {outcome}"));
    PathBuf::from(receipt)
}

/// What the plan JSON of an integration says it does, in the preview's counts.
fn counts(plan: &Value) -> [u64; 4] {
    ["added", "modified", "deleted", "moved"].map(|k| plan[k].as_u64().unwrap_or(u64::MAX))
}

fn status(home: &Path, dir: &Path) -> Value {
    let out = ok_stdout(sacoche(home).arg("status").arg(dir).arg("--json"));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `status --json`'s `local_changes`: (path, change), in the order listed.
fn local_changes(home: &Path, dir: &Path) -> Vec<(String, String)> {
    let s = status(home, dir);
    s["local_changes"]
        .as_array()
        .unwrap_or_else(|| panic!("{s}"))
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap_or_default().to_string(),
                c["change"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The paths of `status --json`'s `local_changes`. (Where a test edits a file the other
/// side has, the kind is not compared here: see
/// `an_edit_of_a_file_the_other_side_has_is_called_a_modification`.)
fn local_paths(home: &Path, dir: &Path) -> Vec<String> {
    local_changes(home, dir)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

fn changes(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
}

/// `status --json`'s `conflicts`: (copy, original).
fn conflict_copies(home: &Path, dir: &Path) -> Vec<(String, String)> {
    let s = status(home, dir);
    s["conflicts"]
        .as_array()
        .unwrap_or_else(|| panic!("{s}"))
        .iter()
        .map(|c| {
            (
                c["copy"].as_str().unwrap_or_default().to_string(),
                c["original"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Where the archive sent with number `sequence` stands with each correspondent.
fn deliveries(status: &Value, sequence: u64) -> Vec<String> {
    let sent = status["sent"]
        .as_array()
        .and_then(|s| s.iter().find(|x| x["sequence"] == sequence))
        .unwrap_or_else(|| panic!("no archive number {sequence} sent: {status}"));
    sent["deliveries"]
        .as_array()
        .unwrap_or_else(|| panic!("{sent}"))
        .iter()
        .map(|d| d["status"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The paths whose content an archive carries.
fn carried(home: &Path, archive: &Path) -> Vec<String> {
    let out = ok_stdout(sacoche(home).arg("show").arg(archive).arg("--json"));
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut paths: Vec<String> = v["manifest"]["files"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    paths.sort();
    paths
}

fn sorted(paths: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    v.sort();
    v
}

fn read(dir: &Path, rel: &str) -> Option<String> {
    fs::read_to_string(dir.join(rel)).ok()
}

/// Writes a file and gives it a modification time (RFC 3339).
fn write_at(path: &Path, content: &str, when: &str) {
    write(path, content);
    let t = chrono::DateTime::parse_from_rfc3339(when).unwrap_or_else(|e| panic!("{e}"));
    let mtime = filetime::FileTime::from_unix_time(t.timestamp(), 0);
    filetime::set_file_mtime(path, mtime).unwrap_or_else(|e| panic!("{e}"));
}

fn remove(path: &Path) {
    fs::remove_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn rename(from: &Path, to: &Path) {
    fs::rename(from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
}

fn state_id(home: &Path, dir: &Path) -> String {
    status(home, dir)["state_id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A dossier's whole state (content and metadata) except the stat cache, which any
/// scan may refresh: what "nothing was changed" compares.
fn untouched(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut s = common::snapshot(dir);
    s.remove(Path::new(".sacoche/cache.bin"));
    s
}

/// A dossier's files, without its `.sacoche` metadata.
fn files_of_dossier(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::dossier_files(dir)
}

/// Both dossiers hold the same files with the same contents.
fn assert_same_dossier(a: &Path, b: &Path) {
    let (fa, fb) = (files_of_dossier(a), files_of_dossier(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{} and {} list different files",
        a.display(),
        b.display()
    );
    assert!(
        fa == fb,
        "{} and {} differ in content",
        a.display(),
        b.display()
    );
}

fn trash_items(home: &Path, dir: &Path) -> Vec<Value> {
    json_lines(&ok_stdout(
        sacoche(home)
            .args(["trash", "list", "--json", "--dossier"])
            .arg(dir),
    ))
}

/// Farmer sends the full dossier (on the stick); the accountant integrates it into a new
/// folder. Returns (the full archive, the accountant's receipt, on the stick).
fn first_exchange(p: &Pair) -> (PathBuf, PathBuf) {
    let (full, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "full");
    assert_eq!(v["never_acknowledged"], true);
    let (plan, outcome) = apply_json(&p.accountant, &full, &p.office, &[]);
    assert_eq!(counts(&plan), [14, 0, 0, 0], "{plan}");
    let receipt = PathBuf::from(outcome["receipt"].as_str().unwrap_or_default());
    assert_eq!(receipt.parent(), Some(p.stick.as_path()), "{outcome}");
    assert_same_dossier(&p.office, &p.farm);
    (full, receipt)
}

/// A synced dossier: the farmer's full archive integrated by the accountant, whose
/// receipt came back and was recorded.
fn synced() -> Pair {
    let p = pair();
    let (_, receipt) = first_exchange(&p);
    apply(&p.farmer, &receipt, &p.farm)
        .success()
        .stderr(predicate::str::contains("Cabinet Dupont integrated"));
    assert_eq!(local_changes(&p.farmer, &p.farm), changes(&[]));
    assert_eq!(local_changes(&p.accountant, &p.office), changes(&[]));
    p
}

#[test]
fn full_then_changes_back_and_forth() {
    let p = pair();
    let (full, receipt) = first_exchange(&p);
    assert_eq!(
        state_id(&p.farmer, &p.farm),
        state_id(&p.accountant, &p.office)
    );
    apply(&p.farmer, &receipt, &p.farm).success();

    // The accountant works: modifies, adds, deletes, moves.
    write(&p.office.join(CA12A), "TVA révisée par le cabinet\r\n");
    write(
        &p.office.join("Révision/Notes de révision.txt"),
        "Écart de lettrage 401 COOPAL\r\n",
    );
    remove(&p.office.join(SITUATION));
    rename(
        &p.office.join("Pièces/Photos/compteur tank à lait.jpg"),
        &p.office.join("Pièces/compteur tank à lait.jpg"),
    );
    let (returned, v) = pack(
        &p.accountant,
        &p.office,
        &p.back,
        &["--purpose", "Retour de révision"],
    );
    assert_eq!(v["kind"], "changes");
    // Only what the farmer has not acknowledged travels: the modified and added files.
    // The moved photo travels without its bytes (the farmer has them at the old name);
    // deletions and moves are in the state list.
    assert_eq!(
        carried(&p.farmer, &returned),
        sorted(&[CA12A, "Révision/Notes de révision.txt"])
    );
    let full_size = fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
    let changes_size = fs::metadata(&returned).map(|m| m.len()).unwrap_or(u64::MAX);
    assert!(
        changes_size * 4 < full_size,
        "changes {changes_size} vs full {full_size}"
    );

    // The farmer previews, then applies.
    sacoche(&p.farmer)
        .args(["apply", "--dry-run"])
        .arg(&returned)
        .arg(&p.farm)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 added, 1 modified, 1 deleted, 1 moved, 0 conflicts",
        ));
    apply(&p.farmer, &returned, &p.farm).success();
    assert_same_dossier(&p.farm, &p.office);
    assert_eq!(
        state_id(&p.farmer, &p.farm),
        state_id(&p.accountant, &p.office)
    );

    // Applying it again changes nothing.
    let before = untouched(&p.farm);
    apply(&p.farmer, &returned, &p.farm)
        .success()
        .stderr(predicate::str::contains("already integrated"));
    assert!(untouched(&p.farm) == before);

    // The replaced and deleted files are in the dossier's trash, and come back.
    let items = trash_items(&p.farmer, &p.farm);
    assert_eq!(items.len(), 2, "{items:?}");
    let situation = items
        .iter()
        .find(|i| {
            i["original"]
                .as_str()
                .unwrap_or_default()
                .ends_with("Situation au 30-06-2020.txt")
        })
        .unwrap_or_else(|| panic!("deleted file not in the trash: {items:?}"));
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

    // The farmer's next change goes back as changes too: only what is unacknowledged.
    write(&p.farm.join(VETO), "%PDF-1.4 véto");
    let (next, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "changes");
    assert_eq!(carried(&p.accountant, &next), sorted(&[VETO]));
    apply(&p.accountant, &next, &p.office).success();
    assert_same_dossier(&p.farm, &p.office);

    // Its receipt is on the stick: nothing is left to send.
    sacoche(&p.farmer)
        .arg("pack")
        .arg(&p.farm)
        .arg("--out")
        .arg(&p.stick)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing changed"));
    assert_eq!(local_changes(&p.farmer, &p.farm), changes(&[]));
}

/// Old behaviour: applying D1 made D1's state the "shared" one (the state both sides
/// were assumed to have), as if the farmer had nothing else. `a` (sent in C1, not yet
/// integrated by then) and `c` (never sent) were "already shared": the farmer's next
/// pack said "nothing changed", and `c` never reached the accountant. Here `a` and `c`
/// stay listed until acknowledged, and the next pack carries both.
///
/// It fails if `pack` counts what was sent (or the sender's state) as received instead
/// of what receipts and archives acknowledged (`carried` would lack `a`, or the pack be
/// refused as "nothing changed"), or if integrating D1 set the farmer's knowledge or
/// index to D1's instead of merging (`c`, then `a`, would vanish from `local_changes`).
#[test]
fn crossing_archives_lose_no_unsent_work() {
    let p = synced();
    write(&p.farm.join(CA12A), "CA12A revue par la ferme\r\n");
    let (c1, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "changes");
    write(&p.office.join(TIERS), "Tiers revus par le cabinet\r\n");
    let (d1, v) = pack(&p.accountant, &p.office, &p.back, &[]);
    assert_eq!(v["kind"], "changes");
    // Not sent yet.
    write(&p.farm.join(VETO), "%PDF-1.4 véto");

    let (plan, _) = apply_json(&p.farmer, &d1, &p.farm, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": TIERS}])
    );
    assert_eq!(plan["conflicts"], json!([]));
    let (plan, _) = apply_json(&p.accountant, &c1, &p.office, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": CA12A}])
    );
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(
        read(&p.farm, CA12A).as_deref(),
        Some("CA12A revue par la ferme\r\n")
    );
    assert_eq!(
        read(&p.farm, TIERS).as_deref(),
        Some("Tiers revus par le cabinet\r\n")
    );

    // The farmer's work not acknowledged yet: `a` (sent) and `c` (never sent); the
    // accountant's `b`, integrated here, is not the farmer's to send.
    let listed = local_changes(&p.farmer, &p.farm);
    assert_eq!(local_paths(&p.farmer, &p.farm), [VETO, CA12A], "{listed:?}");
    assert_eq!(
        listed.first(),
        Some(&(VETO.to_string(), "added".to_string()))
    );

    // The next archive (by mail: the receipt for C1 on the stick is not seen) carries both.
    let mail = folder(&p, "mail");
    let (next, v) = pack(&p.farmer, &p.farm, &mail, &[]);
    assert_eq!(v["kind"], "changes");
    assert_eq!(carried(&p.accountant, &next), sorted(&[VETO, CA12A]));
    let receipt = apply_for_receipt(&p.accountant, &next, &p.office);
    assert_same_dossier(&p.farm, &p.office);
    assert_eq!(
        read(&p.office, VETO).as_deref(),
        Some("%PDF-1.4 véto"),
        "the file never sent arrived"
    );
    assert_eq!(
        state_id(&p.farmer, &p.farm),
        state_id(&p.accountant, &p.office)
    );
    // Once its receipt is back, nothing is left unacknowledged on either side.
    apply(&p.farmer, &receipt, &p.farm).success();
    assert_eq!(local_changes(&p.farmer, &p.farm), changes(&[]));
    assert_eq!(local_changes(&p.accountant, &p.office), changes(&[]));
}

#[test]
fn a_file_changed_on_both_sides_keeps_both_versions_until_resolved() {
    let p = synced();
    write_at(
        &p.farm.join(CA12A),
        "CA12A : version de la ferme\r\n",
        EARLIER,
    );
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    write_at(
        &p.office.join(CA12A),
        "CA12A : version du cabinet, révisée\r\n",
        LATER,
    );
    let (d1, _) = pack(&p.accountant, &p.office, &p.back, &[]);

    // Each side integrates the other's: the later version keeps the name, the other
    // becomes a copy named after its author and date — the same on both sides.
    let (plan, outcome) = apply_json(&p.farmer, &d1, &p.farm, &[]);
    let conflicts = plan["conflicts"].as_array().cloned().unwrap_or_default();
    assert_eq!(conflicts.len(), 1, "{plan}");
    assert_eq!(conflicts[0]["path"], CA12A);
    assert_eq!(conflicts[0]["copy"], CA12A_FARMER_COPY);
    assert_eq!(conflicts[0]["kept"], "incoming");
    assert!(
        outcome["message"]
            .as_str()
            .unwrap_or_default()
            .contains("both versions are kept"),
        "{outcome}"
    );
    let (plan, _) = apply_json(&p.accountant, &c1, &p.office, &[]);
    let conflicts = plan["conflicts"].as_array().cloned().unwrap_or_default();
    assert_eq!(conflicts.len(), 1, "{plan}");
    assert_eq!(conflicts[0]["copy"], CA12A_FARMER_COPY);
    assert_eq!(conflicts[0]["kept"], "local");
    for dir in [&p.farm, &p.office] {
        assert_eq!(
            read(dir, CA12A).as_deref(),
            Some("CA12A : version du cabinet, révisée\r\n")
        );
        assert_eq!(
            read(dir, CA12A_FARMER_COPY).as_deref(),
            Some("CA12A : version de la ferme\r\n")
        );
    }
    assert_same_dossier(&p.farm, &p.office);

    // One more exchange each way, over the stick: no new conflict, same files and state.
    let (f2, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let (plan, _) = apply_json(&p.accountant, &f2, &p.office, &[]);
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(plan["actions"], json!([]));
    let (a2, _) = pack(&p.accountant, &p.office, &p.stick, &[]);
    let (plan, _) = apply_json(&p.farmer, &a2, &p.farm, &[]);
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(plan["actions"], json!([]));
    assert_same_dossier(&p.farm, &p.office);
    assert_eq!(
        state_id(&p.farmer, &p.farm),
        state_id(&p.accountant, &p.office)
    );
    let listed = vec![(CA12A_FARMER_COPY.to_string(), CA12A.to_string())];
    assert_eq!(conflict_copies(&p.farmer, &p.farm), listed);
    assert_eq!(conflict_copies(&p.accountant, &p.office), listed);
    sacoche(&p.farmer)
        .arg("status")
        .arg(&p.farm)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "CONFLICT  {CA12A_FARMER_COPY} is a version of {CA12A}"
        )));

    // The farmer keeps their own version: the accountant's goes to the trash.
    sacoche(&p.farmer)
        .args(["resolve"])
        .arg(&p.farm)
        .arg(CA12A_FARMER_COPY)
        .args(["--keep", "mine"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "kept {CA12A}; the other version is in the trash"
        )));
    assert_eq!(
        read(&p.farm, CA12A).as_deref(),
        Some("CA12A : version de la ferme\r\n")
    );
    assert!(!p.farm.join(CA12A_FARMER_COPY).exists());
    let trashed: Vec<Value> = trash_items(&p.farmer, &p.farm)
        .into_iter()
        .filter(|i| i["reason_code"] == "resolved")
        .collect();
    assert_eq!(trashed.len(), 1, "{trashed:?}");
    assert_eq!(conflict_copies(&p.farmer, &p.farm), vec![]);

    // The next exchange resolves it at the accountant's too.
    let (f3, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let (plan, _) = apply_json(&p.accountant, &f3, &p.office, &[]);
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(counts(&plan), [0, 1, 1, 0], "{plan}");
    assert_eq!(
        read(&p.office, CA12A).as_deref(),
        Some("CA12A : version de la ferme\r\n")
    );
    assert!(!p.office.join(CA12A_FARMER_COPY).exists());
    assert_eq!(conflict_copies(&p.accountant, &p.office), vec![]);
    assert_same_dossier(&p.farm, &p.office);
}

/// Old behaviour: a full archive made the receiver's dossier its content wherever the
/// local file equalled the last "shared" state: a file deleted here came back (it was
/// in the archive and not here, so it was added), the renamed file's old name came
/// back too (the new name was a conflict), and the deletion was never sent. Here the
/// receiver's knowledge says it saw those versions and deleted them: they stay deleted,
/// and stay listed.
///
/// It fails if the merge adds every file it lacks from a full archive (dropping the
/// rule "not here, `Vs ≤ K`: stays deleted"), or if a full archive clears the
/// tombstones or counts as acknowledging the receiver's changes.
#[test]
fn a_full_archive_does_not_undo_unsent_deletions_and_renames() {
    let p = synced();
    // The accountant deletes one file and renames another; nothing sent yet.
    remove(&p.office.join(SITUATION));
    rename(
        &p.office.join(TIERS),
        &p.office.join("Référentiel/Tiers 2020.csv"),
    );
    let listed = changes(&[
        ("Référentiel/Tiers 2020.csv", "added"),
        (TIERS, "deleted"),
        (SITUATION, "deleted"),
    ]);
    assert_eq!(local_changes(&p.accountant, &p.office), listed);
    // The farmer sends everything again, with one change.
    write(&p.farm.join(LISEZ_MOI), "v2 de la ferme");
    let (full, v) = pack(&p.farmer, &p.farm, &p.stick, &["--full"]);
    assert_eq!(v["kind"], "full");

    let (plan, _) = apply_json(&p.accountant, &full, &p.office, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": LISEZ_MOI}])
    );
    assert_eq!(plan["conflicts"], json!([]));
    assert!(!p.office.join(SITUATION).exists(), "deleted file came back");
    assert!(!p.office.join(TIERS).exists(), "old name came back");
    assert_eq!(
        fs::read(p.office.join("Référentiel/Tiers 2020.csv")).ok(),
        fs::read(p.farm.join(TIERS)).ok()
    );
    assert_eq!(
        read(&p.office, LISEZ_MOI).as_deref(),
        Some("v2 de la ferme")
    );
    assert_eq!(local_changes(&p.accountant, &p.office), listed);

    // The accountant's next archive takes them to the farmer.
    let (changes_back, v) = pack(&p.accountant, &p.office, &p.back, &[]);
    assert_eq!(v["kind"], "changes");
    let (plan, _) = apply_json(&p.farmer, &changes_back, &p.farm, &[]);
    assert_eq!(counts(&plan), [0, 0, 1, 1], "{plan}");
    assert_same_dossier(&p.farm, &p.office);
}

/// Old behaviour: `pack` recorded the state it sent as "shared", assumed received. A
/// full archive from the accountant, made before C1 arrived there, then looked like a
/// newer version of `a` (the local `a` equalled the shared state), and replaced it:
/// the farmer's edit was reverted. Here the farmer's version is later than the one
/// in the archive (it saw it), so it stays, with no conflict.
///
/// It fails if a full archive's files replace differing local ones (the "resync"
/// reading of `--full`), or if versions are compared by content or time instead of
/// `Vs ≤ Vl` (a conflict copy would appear).
#[test]
fn a_full_archive_does_not_revert_edits_its_sender_had_not_received() {
    let p = synced();
    write(&p.farm.join(CA12A), "CA12A complétée par la ferme\r\n");
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    // The accountant, who has not received C1, sends everything with its own edit.
    write(&p.office.join(TIERS), "Tiers revus par le cabinet\r\n");
    let (full, v) = pack(&p.accountant, &p.office, &p.back, &["--full"]);
    assert_eq!(v["kind"], "full");

    let (plan, _) = apply_json(&p.farmer, &full, &p.farm, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": TIERS}])
    );
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(
        read(&p.farm, CA12A).as_deref(),
        Some("CA12A complétée par la ferme\r\n")
    );
    assert_eq!(
        read(&p.farm, TIERS).as_deref(),
        Some("Tiers revus par le cabinet\r\n")
    );
    // Still not acknowledged: C1 is on its way.
    assert_eq!(local_paths(&p.farmer, &p.farm), [CA12A]);

    let (plan, _) = apply_json(&p.accountant, &c1, &p.office, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": CA12A}])
    );
    assert_eq!(plan["conflicts"], json!([]));
    assert_same_dossier(&p.farm, &p.office);
}

#[test]
fn a_case_only_rename_travels_and_later_packs_still_work() {
    let p = synced();
    write(&p.farm.join("Révision/notes.md"), "# Notes\n");
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    apply(&p.accountant, &c1, &p.office).success();

    rename(
        &p.farm.join("Révision/notes.md"),
        &p.farm.join("Révision/Notes.md"),
    );
    let (c2, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "changes");
    assert_eq!(v["moved"], 1, "{v}");
    let (plan, _) = apply_json(&p.accountant, &c2, &p.office, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "move", "from": "Révision/notes.md", "path": "Révision/Notes.md"}])
    );
    let names = |dir: &Path| {
        files_of_dossier(dir)
            .into_keys()
            .filter(|k| k.starts_with("Révision/"))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&p.office), ["Révision/Notes.md"]);
    assert_same_dossier(&p.farm, &p.office);

    // Every later pack works, both ways.
    write(
        &p.farm.join("Révision/Notes.md"),
        "# Notes\nstock au 31/12\n",
    );
    let (c3, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let (plan, _) = apply_json(&p.accountant, &c3, &p.office, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": "Révision/Notes.md"}])
    );
    write(
        &p.office.join("Révision/Notes.md"),
        "# Notes\nstock au 31/12 : vu\n",
    );
    let (d1, _) = pack(&p.accountant, &p.office, &p.stick, &[]);
    let (plan, _) = apply_json(&p.farmer, &d1, &p.farm, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": "Révision/Notes.md"}])
    );
    let (receipt, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "receipt", "nothing new: a receipt");
    apply(&p.accountant, &receipt, &p.office).success();
    assert_eq!(names(&p.farm), ["Révision/Notes.md"]);
    assert_same_dossier(&p.farm, &p.office);
}

#[test]
fn names_that_are_one_file_on_windows_are_both_kept_visibly() {
    const UPPER: &str = "Pièces/Facture.pdf";
    const LOWER: &str = "Pièces/facture.pdf";
    const COPY: &str = "Pièces/facture (conflit Cabinet Dupont 28-10-2020).pdf";
    let p = synced();
    write_at(&p.farm.join(UPPER), "%PDF facture saisie à la ferme", LATER);
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    write_at(
        &p.office.join(LOWER),
        "%PDF facture reçue au cabinet, scannée",
        EARLIER,
    );
    let (d1, _) = pack(&p.accountant, &p.office, &p.back, &[]);

    for (home, archive, dir) in [(&p.farmer, &d1, &p.farm), (&p.accountant, &c1, &p.office)] {
        let (plan, _) = apply_json(home, archive, dir, &[]);
        let conflicts = plan["conflicts"].as_array().cloned().unwrap_or_default();
        assert_eq!(conflicts.len(), 1, "{plan}");
        assert_eq!(conflicts[0]["kind"], "case-twins");
        assert_eq!(conflicts[0]["path"], LOWER);
        assert_eq!(conflicts[0]["copy"], COPY);
        assert_eq!(plan["deleted"], 0, "{plan}");
    }
    let expect = |dir: &Path| {
        assert_eq!(
            read(dir, UPPER).as_deref(),
            Some("%PDF facture saisie à la ferme")
        );
        assert_eq!(
            read(dir, COPY).as_deref(),
            Some("%PDF facture reçue au cabinet, scannée")
        );
        assert!(!dir.join(LOWER).exists(), "{}", dir.display());
    };
    expect(&p.farm);
    expect(&p.office);
    assert_same_dossier(&p.farm, &p.office);

    // Later exchanges keep both, delete nothing, and make no new conflict.
    let (f2, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let (plan, _) = apply_json(&p.accountant, &f2, &p.office, &[]);
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(plan["actions"], json!([]));
    let (a2, _) = pack(&p.accountant, &p.office, &p.stick, &[]);
    let (plan, _) = apply_json(&p.farmer, &a2, &p.farm, &[]);
    assert_eq!(plan["conflicts"], json!([]));
    assert_eq!(plan["actions"], json!([]));
    expect(&p.farm);
    expect(&p.office);
    assert_same_dossier(&p.farm, &p.office);
    let listed = vec![(COPY.to_string(), LOWER.to_string())];
    assert_eq!(conflict_copies(&p.farmer, &p.farm), listed);
    assert_eq!(conflict_copies(&p.accountant, &p.office), listed);
}

#[test]
fn your_own_archive_is_never_integrated_into_your_dossier() {
    let p = synced();
    write(&p.farm.join(CA12A), "CA12A revue par la ferme\r\n");
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let before = untouched(&p.farm);
    for extra in [&[][..], &["--dry-run"][..]] {
        sacoche(&p.farmer)
            .arg("apply")
            .args(extra)
            .arg(&c1)
            .arg(&p.farm)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("sent by you"));
    }
    assert!(untouched(&p.farm) == before, "nothing changed");
    assert!(c1.exists(), "left where it is");

    // The accountant's stick is its inbox and where it packs: its own archive is
    // listed as such and stays there; the farmer's is integrated.
    write(&p.office.join(TIERS), "Tiers revus par le cabinet\r\n");
    let (d1, _) = pack(&p.accountant, &p.office, &p.stick, &[]);
    let place = |cmd: &mut assert_cmd::Command| {
        cmd.arg("--inbox")
            .arg(&p.stick)
            .arg("--dossiers")
            .arg(p.office.parent().unwrap_or(&p.root))
            .arg("--json");
    };
    let mut list = sacoche(&p.accountant);
    list.arg("inbox");
    place(&mut list);
    let listed = json_lines(&ok_stdout(&mut list));
    let status_of = |lines: &[Value], file: &Path, field: &str| {
        lines
            .iter()
            .find(|l| l["file"].as_str().map(Path::new) == Some(file))
            .map(|l| l[field].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("{} not listed: {lines:?}", file.display()))
    };
    assert_eq!(status_of(&listed, &d1, "status"), "own");
    assert_eq!(status_of(&listed, &c1, "status"), "ready");

    let mut process = sacoche(&p.accountant);
    process.args(["inbox", "process", "--all"]);
    place(&mut process);
    let handled = json_lines(&ok_stdout(&mut process));
    assert_eq!(status_of(&handled, &d1, "outcome"), "own");
    assert_eq!(status_of(&handled, &c1, "outcome"), "integrated");
    assert!(d1.exists(), "own archive moved off the stick");
    assert!(!c1.exists(), "integrated archive still in the inbox");
    assert_eq!(
        read(&p.office, CA12A).as_deref(),
        Some("CA12A revue par la ferme\r\n")
    );
    assert_eq!(
        read(&p.office, TIERS).as_deref(),
        Some("Tiers revus par le cabinet\r\n")
    );
    let mut again = sacoche(&p.accountant);
    again.arg("inbox");
    place(&mut again);
    assert_eq!(
        status_of(&json_lines(&ok_stdout(&mut again)), &d1, "status"),
        "own"
    );
}

/// The message for your own archive says what happened: made by this very dossier (not
/// a key shared with another workstation, whose advice is to make a new key).
#[test]
fn your_own_archive_is_named_as_made_by_this_dossier() {
    let p = synced();
    write(&p.farm.join(CA12A), "CA12A revue par la ferme\r\n");
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    apply(&p.farmer, &c1, &p.farm).code(1).stderr(
        predicate::str::contains("this dossier made it")
            .and(predicate::str::contains("another workstation").not()),
    );
}

/// Old behaviour: C2 "waited" for C1 (its changes were relative to C1's state) and was
/// refused until C1 came or `--force` was given; with `--force`, C1's changes were
/// silently missing. Here C2 carries everything the accountant has not acknowledged,
/// the gap is reported, and the farmer sees C1 unacknowledged until a receipt says more.
///
/// It fails if a gap makes the archive wait (the apply would exit 1), if C2 carries
/// only what changed since C1 was sent (the apply would be refused for missing content,
/// or `a`, `c` and the deletion would not arrive), or if `status` calls an archive
/// delivered before a receipt or a later archive says so.
#[test]
fn a_lost_archive_is_visible_and_superseded_by_the_next() {
    let p = synced();
    write(&p.farm.join(CA12A), "CA12A revue par la ferme\r\n");
    write(&p.farm.join(VETO), "%PDF-1.4 véto");
    remove(&p.farm.join(SITUATION));
    let lost = folder(&p, "lost");
    let (c1, v1) = pack(&p.farmer, &p.farm, &lost, &[]);
    assert_eq!(v1["sequence"], 2, "the full was number 1");
    write(&p.farm.join(TIERS), "Tiers complétés par la ferme\r\n");
    let (c2, v2) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v2["sequence"], 3);

    let s = status(&p.farmer, &p.farm);
    assert_eq!(deliveries(&s, 1), ["integrated"]);
    assert_eq!(deliveries(&s, 2), ["unacknowledged"]);
    assert_eq!(deliveries(&s, 3), ["unacknowledged"]);
    let listed = local_changes(&p.farmer, &p.farm);
    assert_eq!(
        local_paths(&p.farmer, &p.farm),
        [VETO, TIERS, SITUATION, CA12A],
        "{listed:?}"
    );
    assert_eq!(listed.get(2).map(|c| c.1.as_str()), Some("deleted"));

    // The accountant gets C2 alone: the preview names the archive that never came,
    // and C2 brings its changes too.
    let (plan, _) = apply_json(&p.accountant, &c2, &p.office, &["--dry-run"]);
    assert_eq!(plan["never_arrived"], json!([2]));
    assert_eq!(counts(&plan), [1, 2, 1, 0], "{plan}");
    sacoche(&p.accountant)
        .args(["apply", "--dry-run"])
        .arg(&c2)
        .arg(&p.office)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "archive number 2 from GAEC LE GUYON never arrived",
        ));
    let receipt = apply_for_receipt(&p.accountant, &c2, &p.office);
    assert_same_dossier(&p.farm, &p.office);

    // The receipt comes back on the stick.
    apply(&p.farmer, &receipt, &p.farm)
        .success()
        .stderr(predicate::str::contains("Cabinet Dupont integrated"));
    let s = status(&p.farmer, &p.farm);
    assert_eq!(deliveries(&s, 3), ["integrated"]);
    assert_eq!(
        deliveries(&s, 2),
        ["acknowledged"],
        "superseded by number 3"
    );
    assert_eq!(local_changes(&p.farmer, &p.farm), changes(&[]));

    // The lost archive turning up late changes nothing.
    let before = untouched(&p.office);
    apply(&p.accountant, &c1, &p.office)
        .code(1)
        .stderr(predicate::str::contains("is older than"));
    assert!(untouched(&p.office) == before);
}

#[test]
fn a_conflict_never_sends_back_reverse_changes() {
    const TIERS_2020: &str = "Référentiel/Tiers 2020.csv";
    let p = synced();
    // The farmer deletes a file, renames another and edits CA12A (later than the
    // accountant did).
    remove(&p.farm.join(SITUATION));
    rename(&p.farm.join(TIERS), &p.farm.join(TIERS_2020));
    write_at(
        &p.farm.join(CA12A),
        "CA12A : version de la ferme\r\n",
        LATER,
    );
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    write_at(
        &p.office.join(CA12A),
        "CA12A : version du cabinet, révisée\r\n",
        EARLIER,
    );
    let (plan, _) = apply_json(&p.accountant, &c1, &p.office, &[]);
    let conflicts = plan["conflicts"].as_array().cloned().unwrap_or_default();
    assert_eq!(conflicts.len(), 1, "{plan}");
    assert_eq!(conflicts[0]["copy"], CA12A_ACCOUNTANT_COPY);
    assert_eq!(conflicts[0]["kept"], "incoming");
    assert!(!p.office.join(SITUATION).exists());
    assert!(!p.office.join(TIERS).exists());
    assert!(p.office.join(TIERS_2020).exists());

    // The accountant's next archive brings the farmer only the accountant's version,
    // as the conflict copy: nothing the farmer did is undone.
    let before = files_of_dossier(&p.farm);
    let (d1, _) = pack(&p.accountant, &p.office, &p.stick, &[]);
    let (plan, _) = apply_json(&p.farmer, &d1, &p.farm, &[]);
    assert_eq!(
        plan["actions"],
        json!([{"action": "add", "path": CA12A_ACCOUNTANT_COPY}])
    );
    assert_eq!(plan["conflicts"], json!([]));
    let mut expected = before;
    expected.insert(
        CA12A_ACCOUNTANT_COPY.to_string(),
        b"CA12A : version du cabinet, r\xc3\xa9vis\xc3\xa9e\r\n".to_vec(),
    );
    assert!(files_of_dossier(&p.farm) == expected, "only the copy added");
    assert_same_dossier(&p.farm, &p.office);
}

/// A second accountant's workstation with its own home, key and copy of the dossier.
fn workstation(p: &Pair, name: &str, share_key: bool) -> (PathBuf, PathBuf) {
    let home = p.root.join(format!("{name}-home"));
    if share_key {
        common::copy_tree(&p.accountant.join("keys"), &home.join("keys"));
    } else {
        let key = common::new_user(&home, "Cabinet Dupont");
        common::trust(&p.farmer, key, "Cabinet Dupont", &["8502182"]);
    }
    common::trust(&home, p.farmer_key, "GAEC LE GUYON", &["8502182"]);
    (home, p.root.join(format!("{name}/8502182")))
}

#[test]
fn two_workstations_converge_with_the_farmer_without_spurious_conflicts() {
    let p = pair();
    let (a2, office2) = workstation(&p, "poste-2", false);
    let (full, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    apply(&p.accountant, &full, &p.office).success();
    apply(&a2, &full, &office2).success();
    let no_conflict = |plan: &Value| assert_eq!(plan["conflicts"], json!([]), "{plan}");

    // Everyone edits a different file.
    write(&p.farm.join(LISEZ_MOI), "v2 de la ferme");
    let (c1, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["receipts_recorded"], 2, "{v}");
    assert_eq!(carried(&p.farmer, &c1), sorted(&[LISEZ_MOI]));
    write(&p.office.join(CA12A), "CA12A du poste 1\r\n");
    let out1 = folder(&p, "out-1");
    let (d1, _) = pack(&p.accountant, &p.office, &out1, &[]);
    write(&office2.join(TIERS), "Tiers du poste 2\r\n");
    let out2 = folder(&p, "out-2");
    let (e1, _) = pack(&a2, &office2, &out2, &[]);

    no_conflict(&apply_json(&p.accountant, &c1, &p.office, &[]).0);
    no_conflict(&apply_json(&a2, &c1, &office2, &[]).0);
    no_conflict(&apply_json(&p.farmer, &d1, &p.farm, &[]).0);
    no_conflict(&apply_json(&p.farmer, &e1, &p.farm, &[]).0);

    // The farmer's next archive (both receipts for C1 recorded) carries what one
    // workstation or the other lacks.
    let (c2, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(carried(&p.farmer, &c2), sorted(&[TIERS, CA12A]));
    let (plan, _) = apply_json(&p.accountant, &c2, &p.office, &[]);
    no_conflict(&plan);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": TIERS}])
    );
    let (plan, _) = apply_json(&a2, &c2, &office2, &[]);
    no_conflict(&plan);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": CA12A}])
    );
    assert_same_dossier(&p.farm, &p.office);
    assert_same_dossier(&p.farm, &office2);

    // Workstation 1 edits again the farmer's file (it had seen the farmer's version):
    // a later edit, not a conflict, at the farmer's and at workstation 2.
    write(&p.office.join(LISEZ_MOI), "v3 du poste 1");
    let (d2, _) = pack(&p.accountant, &p.office, &out1, &[]);
    let (plan, _) = apply_json(&p.farmer, &d2, &p.farm, &[]);
    no_conflict(&plan);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": LISEZ_MOI}])
    );
    let (c3, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let (plan, _) = apply_json(&a2, &c3, &office2, &[]);
    no_conflict(&plan);
    assert_eq!(
        plan["actions"],
        json!([{"action": "modify", "path": LISEZ_MOI}])
    );
    let (plan, _) = apply_json(&p.accountant, &c3, &p.office, &[]);
    no_conflict(&plan);
    assert_eq!(plan["actions"], json!([]));
    assert_same_dossier(&p.farm, &p.office);
    assert_same_dossier(&p.farm, &office2);
    for (home, dir) in [
        (&p.farmer, &p.farm),
        (&p.accountant, &p.office),
        (&a2, &office2),
    ] {
        assert_eq!(conflict_copies(home, dir), vec![], "{}", dir.display());
    }
}

#[test]
fn two_workstations_sharing_one_key_do_not_collide_on_sequence_numbers() {
    let p = pair();
    let (a2, office2) = workstation(&p, "poste-2", true);
    let (full, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    apply(&p.accountant, &full, &p.office).success();
    apply(&a2, &full, &office2).success();

    write(&p.office.join(CA12A), "CA12A du poste 1\r\n");
    let out1 = folder(&p, "out-1");
    let (d1, v) = pack(&p.accountant, &p.office, &out1, &[]);
    assert_eq!(v["sequence"], 1);
    write(&office2.join(TIERS), "Tiers du poste 2\r\n");
    let out2 = folder(&p, "out-2");
    let (e1, v) = pack(&a2, &office2, &out2, &[]);
    assert_eq!(v["sequence"], 1, "numbers count per dossier copy");

    apply(&p.farmer, &d1, &p.farm).success();
    apply(&p.farmer, &e1, &p.farm)
        .success()
        .stderr(predicate::str::contains("older than").not());
    assert_eq!(
        read(&p.farm, CA12A).as_deref(),
        Some("CA12A du poste 1\r\n")
    );
    assert_eq!(
        read(&p.farm, TIERS).as_deref(),
        Some("Tiers du poste 2\r\n")
    );
    let s = status(&p.farmer, &p.farm);
    assert_eq!(s["integrated"].as_array().map(Vec::len), Some(2), "{s}");
    // One key on two workstations: they exchange too (each copy is its own replica),
    // with a word of advice.
    apply(&a2, &d1, &office2)
        .success()
        .stdout(predicate::str::contains(
            "signed with your own key by another copy",
        ));
    assert_eq!(
        read(&office2, CA12A).as_deref(),
        Some("CA12A du poste 1\r\n")
    );
}

#[test]
fn an_interrupted_first_integration_can_be_retried() {
    let p = pair();
    let (full, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    sacoche(&p.accountant)
        .env("SACOCHE_FAILPOINT", "apply.after-staging=error")
        .arg("apply")
        .arg(&full)
        .arg(&p.office)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("injected failure"));
    assert_eq!(
        files_of_dossier(&p.office),
        BTreeMap::new(),
        "nothing placed"
    );
    apply(&p.accountant, &full, &p.office)
        .success()
        .stdout(predicate::str::contains("14 added"));
    assert_same_dossier(&p.farm, &p.office);
    assert_eq!(local_changes(&p.accountant, &p.office), changes(&[]));
}

#[test]
fn status_after_an_interrupted_integration_finishes_it_without_false_local_changes() {
    let p = synced();
    write(&p.farm.join(CA12A), "CA12A revue par la ferme\r\n");
    write(&p.farm.join(TIERS), "Tiers complétés par la ferme\r\n");
    write(&p.farm.join(VETO), "%PDF-1.4 véto");
    remove(&p.farm.join(SITUATION));
    let (c1, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let interrupted = |archive: &Path| {
        sacoche(&p.accountant)
            .env("SACOCHE_FAILPOINT", "apply.mid-rename=error")
            .arg("apply")
            .arg(archive)
            .arg(&p.office)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("injected failure"));
        assert!(p.office.join(".sacoche/journal.json").exists(), "committed");
    };
    interrupted(&c1);
    assert!(
        files_of_dossier(&p.office) != files_of_dossier(&p.farm),
        "stopped half-way"
    );

    let s = status(&p.accountant, &p.office);
    assert_eq!(s["recovered"], true, "{s}");
    assert_eq!(s["local_changes"], json!([]), "{s}");
    assert_same_dossier(&p.farm, &p.office);
    apply(&p.accountant, &c1, &p.office)
        .success()
        .stderr(predicate::str::contains("already integrated"));
    // Nothing to send back but a receipt: no incoming change passes for local work.
    let (receipt, v) = pack(&p.accountant, &p.office, &p.back, &[]);
    assert_eq!(v["kind"], "receipt", "{v}");

    // The same, read by a person.
    apply(&p.farmer, &receipt, &p.farm).success();
    write(&p.farm.join(CA12A), "CA12A revue deux fois\r\n");
    write(&p.farm.join(VETO), "%PDF-1.4 véto, corrigée");
    let (c2, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    interrupted(&c2);
    let text = ok_stdout(sacoche(&p.accountant).arg("status").arg(&p.office));
    for want in [
        "an interrupted integration was completed",
        "Local changes   none waiting",
    ] {
        assert!(text.contains(want), "status lacks {want}:\n{text}");
    }
    assert_same_dossier(&p.farm, &p.office);
}

#[test]
fn a_full_archive_from_another_history_needs_confirmation_and_deletes_nothing() {
    let p = synced();
    // A colleague at the farm sets up a new, empty folder for the same dossier.
    let fresh = p.root.join("ferme-bis/GAEC LE GUYON");
    fs::create_dir_all(&fresh).unwrap_or_else(|e| panic!("{e}"));
    init(&p.farmer, &fresh);
    let out = folder(&p, "bis");
    let (other, v) = pack(&p.farmer, &fresh, &out, &[]);
    assert_eq!(v["kind"], "full");
    assert_eq!(v["files"], 0);

    let before = untouched(&p.office);
    let files = files_of_dossier(&p.office);
    apply(&p.accountant, &other, &p.office)
        .code(1)
        .stdout(predicate::str::contains("TO CONFIRM"))
        .stderr(
            predicate::str::contains("another history").and(predicate::str::contains("--confirm")),
        );
    assert!(untouched(&p.office) == before, "nothing changed");

    let (plan, _) = apply_json(&p.accountant, &other, &p.office, &["--confirm"]);
    assert_eq!(counts(&plan), [0, 0, 0, 0], "{plan}");
    assert!(files_of_dossier(&p.office) == files, "nothing deleted");
}

#[test]
fn a_full_archive_deleting_most_of_the_dossier_asks_for_confirmation_first() {
    let p = synced();
    let keep = [LISEZ_MOI, "Comptabilité/123456782FEC20201231.txt"];
    for path in files_of_dossier(&p.farm).into_keys() {
        if !keep.contains(&path.as_str()) {
            remove(&p.farm.join(path));
        }
    }
    let (full, _) = pack(&p.farmer, &p.farm, &p.stick, &["--full"]);
    let before = untouched(&p.office);
    apply(&p.accountant, &full, &p.office).code(1).stderr(
        predicate::str::contains("it deletes 12 of the 14 files")
            .and(predicate::str::contains("--confirm")),
    );
    assert!(untouched(&p.office) == before, "nothing changed");

    let (plan, _) = apply_json(&p.accountant, &full, &p.office, &["--confirm"]);
    assert_eq!(counts(&plan), [0, 0, 12, 0], "{plan}");
    assert_same_dossier(&p.farm, &p.office);
    assert_eq!(trash_items(&p.accountant, &p.office).len(), 12);
}

#[test]
fn a_local_modification_beats_an_incoming_deletion() {
    let p = synced();
    remove(&p.office.join(LISEZ_MOI));
    let (changes_in, _) = pack(&p.accountant, &p.office, &p.back, &[]);
    write(&p.farm.join(LISEZ_MOI), "complété par la ferme");
    // (The preview's note "kept … (modified here, deleted by the sender…)": see
    // an_edit_of_a_file_the_other_side_has_is_called_a_modification.)
    let (plan, _) = apply_json(&p.farmer, &changes_in, &p.farm, &[]);
    assert_eq!(counts(&plan), [0, 0, 0, 0], "{plan}");
    assert_eq!(
        read(&p.farm, LISEZ_MOI).as_deref(),
        Some("complété par la ferme")
    );
    // And it goes back to the accountant, who deleted it: the modification wins there too.
    let (back, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    sacoche(&p.accountant)
        .arg("apply")
        .arg(&back)
        .arg(&p.office)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "restored  {LISEZ_MOI} (deleted here, modified by the sender"
        )));
    assert_same_dossier(&p.farm, &p.office);
}

#[test]
fn an_older_archive_is_refused_after_a_newer_one() {
    let p = pair();
    let (first, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    write(&p.farm.join(LISEZ_MOI), "v2");
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
    assert_eq!(read(&p.office, LISEZ_MOI).as_deref(), Some("v2"));
}

#[test]
fn the_wrong_fiscal_year_or_dossier_is_refused() {
    let p = synced();
    // An archive of the same dossier, for 2021.
    let other = p.root.join("2021");
    write(&other.join("FEC 2021.txt"), "2021");
    let out = folder(&p, "out2021");
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

/// A changes archive can't start a dossier: refused, and the new folder is not made.
#[test]
fn changes_need_a_first_full_archive() {
    let p = synced();
    write(&p.farm.join("a.txt"), "a");
    let (changes_only, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(v["kind"], "changes");
    let fresh = p.root.join("nouveau");
    apply(&p.accountant, &changes_only, &fresh).code(1).stderr(
        predicate::str::contains("full archive").and(predicate::str::contains("--force").not()),
    );
    assert!(!fresh.exists(), "nothing created");
}

#[test]
fn pack_changes_refuses_when_nothing_was_acknowledged_yet() {
    let p = pair();
    sacoche(&p.farmer)
        .args(["pack", "--changes", "--out"])
        .arg(&p.stick)
        .arg(&p.farm)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("send a full archive first"));
    assert_eq!(fs::read_dir(&p.stick).map(|d| d.count()).ok(), Some(0));
}

/// An edit of a file the other side already has is told as a modification: in
/// `status`, in what `pack` says it sends, in a conflict's kind, and in the preview's
/// note when the other side deleted it.
#[test]
fn an_edit_of_a_file_the_other_side_has_is_called_a_modification() {
    let p = synced();
    write(&p.farm.join(LISEZ_MOI), "complété par la ferme");
    write(&p.farm.join(CA12A), "CA12A : version de la ferme\r\n");
    assert_eq!(
        local_changes(&p.farmer, &p.farm),
        changes(&[(LISEZ_MOI, "modified"), (CA12A, "modified")])
    );
    let (_, v) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    assert_eq!(
        (v["added"].clone(), v["modified"].clone()),
        (json!(0), json!(2)),
        "{v}"
    );
    remove(&p.office.join(LISEZ_MOI));
    write(
        &p.office.join(CA12A),
        "CA12A : version du cabinet, révisée\r\n",
    );
    let (d1, _) = pack(&p.accountant, &p.office, &p.back, &[]);
    let (plan, _) = apply_json(&p.farmer, &d1, &p.farm, &[]);
    assert_eq!(plan["conflicts"][0]["kind"], "both-modified", "{plan}");
    assert_eq!(
        plan["notes"],
        json!([{"note": "kept-modified-here", "path": LISEZ_MOI}])
    );
}

#[test]
fn status_shows_identity_history_and_local_changes() {
    let p = synced();
    write(&p.farm.join("nouveau.txt"), "n");
    let out = ok_stdout(sacoche(&p.farmer).arg("status").arg(&p.farm));
    for want in [
        "8502182 — GAEC LE GUYON",
        "01/01/2020 – 31/12/2020",
        "Cabinet Dupont (last heard from on",
        "Last sent       number 1 (full), on ",
        "sent      8502182-",
        "(number 1, full): integrated by Cabinet Dupont on ",
        "1 not yet acknowledged (the next pack sends them)",
        "added     nouveau.txt",
    ] {
        assert!(out.contains(want), "status lacks {want}:\n{out}");
    }
    let office = ok_stdout(sacoche(&p.accountant).arg("status").arg(&p.office));
    for want in [
        "Last received   number 1 from GAEC LE GUYON (full), on ",
        ".sacoche from GAEC LE GUYON (number 1, full)",
        "Local changes   none waiting",
    ] {
        assert!(office.contains(want), "status lacks {want}:\n{office}");
    }

    // Both copies are one dossier of one history, each its own replica.
    let (f, a) = (status(&p.farmer, &p.farm), status(&p.accountant, &p.office));
    for key in ["dossier", "name", "fiscal_period", "history"] {
        assert_eq!(f[key], a[key], "{key}");
        assert!(!f[key].is_null(), "{key}");
    }
    assert_ne!(f["replica"], a["replica"]);
    assert_eq!(
        f["local_changes"],
        json!([{"path": "nouveau.txt", "change": "added"}])
    );
    assert_eq!(a["local_changes"], json!([]));
    assert_eq!(a["integrated"].as_array().map(Vec::len), Some(1), "{a}");
}

/// `status` names each correspondent on its own line, readable.
#[test]
fn status_names_each_correspondent_readably() {
    let p = synced();
    let out = ok_stdout(sacoche(&p.farmer).arg("status").arg(&p.farm));
    assert!(out.contains("Exchanges with  Cabinet Dupont"), "{out}");
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
    assert_same_dossier(&p.office, &p.farm);
}

#[test]
fn two_integrations_at_once_apply_the_archive_exactly_once() {
    let p = synced();
    write(&p.farm.join("Révision/a.txt"), "a");
    write(&p.farm.join(LISEZ_MOI), "v2");
    let (changes_in, _) = pack(&p.farmer, &p.farm, &p.stick, &[]);
    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let spawn = || {
        std::process::Command::new(&bin)
            .env("SACOCHE_HOME", &p.accountant)
            .arg("apply")
            .arg(&changes_in)
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
    assert_same_dossier(&p.office, &p.farm);
    let status = status(&p.accountant, &p.office);
    assert_eq!(
        status["integrated"].as_array().map(Vec::len),
        Some(2),
        "{status}"
    );
    // One replaced file (LISEZ-MOI.txt) in the trash, not two.
    assert_eq!(trash_items(&p.accountant, &p.office).len(), 1);
}
