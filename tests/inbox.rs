//! The inbox as an accountant uses it: archives dropped in a folder, listed with their
//! status, processed in order or deleted, every action logged; and the watcher.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{sacoche, write};
use serde_json::{Value, json};

struct Office {
    _dir: tempfile::TempDir,
    root: PathBuf,
    farmer: PathBuf,
    accountant: PathBuf,
    farm: PathBuf,
    inbox: PathBuf,
    dossiers: PathBuf,
    out: PathBuf,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let o = Office {
        farmer: root.join("farmer"),
        accountant: root.join("accountant"),
        farm: root.join("farm"),
        inbox: root.join("inbox"),
        dossiers: root.join("dossiers"),
        out: root.join("out"),
        root,
        _dir: dir,
    };
    let fk = common::new_user(&o.farmer, "GAEC LE GUYON");
    common::new_user(&o.accountant, "Cabinet Dupont");
    common::trust(&o.accountant, fk, "GAEC LE GUYON", &["8502182"]);
    for d in [&o.inbox, &o.dossiers, &o.out] {
        fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    common::copy_tree(&common::sample_dossier(), &o.farm);
    sacoche(&o.farmer)
        .arg("init")
        .arg(&o.farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    // Where the accountant's sacoche finds things.
    write(
        &o.accountant.join("config.toml"),
        format!(
            "inboxes = [{:?}]\ndossiers = {:?}\n",
            o.inbox.display().to_string(),
            o.dossiers.display().to_string()
        ),
    );
    o
}

/// The farmer packs; the archive lands in the farmer's out folder.
fn farmer_packs(o: &Office) -> PathBuf {
    let out = sacoche(&o.farmer)
        .arg("pack")
        .arg(&o.farm)
        .arg("--out")
        .arg(&o.out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn drop_in(o: &Office, archive: &Path, name: &str) -> PathBuf {
    let dest = o.inbox.join(name);
    fs::copy(archive, &dest).unwrap_or_else(|e| panic!("{e}"));
    // As if it had been there a while (a just-written file may still be arriving).
    let old = filetime::FileTime::from_unix_time(1_600_000_000, 0);
    filetime::set_file_mtime(&dest, old).unwrap_or_else(|e| panic!("{e}"));
    dest
}

/// What the accountant's `sacoche ARGS` printed on stdout.
fn stdout_of(o: &Office, args: &[&str]) -> String {
    let out = sacoche(&o.accountant)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `sacoche inbox --json`, as file name -> line.
fn listing(o: &Office) -> BTreeMap<String, Value> {
    let out = sacoche(&o.accountant)
        .args(["inbox", "--json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .map(|v| {
            (
                name_of(Path::new(v["file"].as_str().unwrap_or_default())),
                v,
            )
        })
        .collect()
}

#[test]
fn the_inbox_lists_each_archive_with_its_status() {
    let o = office();
    let first = farmer_packs(&o);
    write(&o.farm.join("Révision/a.txt"), "a");
    let second = farmer_packs(&o);
    let n1 = drop_in(&o, &first, &name_of(&first));
    drop_in(&o, &second, &name_of(&second));
    // A mail client's renamed copy, junk, a file that is no archive, a damaged one.
    drop_in(&o, &first, "8502182-copie (1).sacoche");
    write(&o.inbox.join("Thumbs.db"), "junk");
    write(&o.inbox.join("8502182.sacoche.part"), "partial download");
    write(&o.inbox.join("notes.txt"), "pas une archive");
    let mut bytes = fs::read(&first).unwrap_or_default();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    write(&o.inbox.join("abîmée.sacoche"), &bytes);
    filetime::set_file_mtime(
        o.inbox.join("abîmée.sacoche"),
        filetime::FileTime::from_unix_time(1_600_000_000, 0),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A copy still arriving: cut short, written just now.
    write(
        &o.inbox.join("en-cours.sacoche"),
        &fs::read(&first).unwrap_or_default()[..500],
    );
    // From a stranger.
    let stranger = o.root.join("stranger");
    common::new_user(&stranger, "Inconnu");
    let sfarm = o.root.join("sfarm");
    write(&sfarm.join("x.txt"), "x");
    let out = sacoche(&stranger)
        .arg("pack")
        .arg(&sfarm)
        .args(["--dossier", "8502182", "--name", "X", "--out"])
        .arg(&o.out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    drop_in(
        &o,
        Path::new(String::from_utf8_lossy(&out.stdout).trim()),
        "inconnu.sacoche",
    );

    let list = listing(&o);
    let status = |name: &str| {
        list.get(name)
            .map(|v| v["status"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(
        status(&name_of(&first)).as_deref(),
        Some("ready"),
        "{list:#?}"
    );
    assert_eq!(status("8502182-copie (1).sacoche").as_deref(), Some("copy"));
    // Nothing acknowledged the first one yet: the second is full too, and ready.
    assert_eq!(status(&name_of(&second)).as_deref(), Some("ready"));
    assert_eq!(status("abîmée.sacoche").as_deref(), Some("invalid"));
    assert_eq!(list["abîmée.sacoche"]["reason_code"], "content-altered");
    assert_eq!(status("en-cours.sacoche").as_deref(), Some("incomplete"));
    assert_eq!(status("inconnu.sacoche").as_deref(), Some("invalid"));
    assert_eq!(list["inconnu.sacoche"]["reason_code"], "unknown-signer");
    for ignored in ["Thumbs.db", "8502182.sacoche.part", "notes.txt"] {
        assert!(!list.contains_key(ignored), "{ignored} listed");
    }
    assert_eq!(list[&name_of(&first)]["dossier"], "8502182");
    assert_eq!(list[&name_of(&first)]["kind"], "full");
    assert_eq!(list[&name_of(&second)]["kind"], "full");
    assert_eq!(list[&name_of(&first)]["sender"], "GAEC LE GUYON");
    // Ordered by dossier, then sender (name, then key), then the sender's sequence number.
    let keys: Vec<(String, String, String, u64)> = String::from_utf8_lossy(
        &sacoche(&o.accountant)
            .args(["inbox", "--json"])
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default(),
    )
    .lines()
    .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    .filter_map(|v| {
        Some((
            v["dossier"].as_str()?.to_string(),
            v["sender"].as_str().unwrap_or_default().to_string(),
            v["sender_key"].as_str()?.to_string(),
            v["sequence"].as_u64()?,
        ))
    })
    .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // Processing: in order, each once; what can't be integrated stays, with its reason.
    let out = sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(3),
        "invalid archives remain: exit 3"
    );
    assert_eq!(
        common::files_of(&o.dossiers.join("8502182"))
            .into_iter()
            .filter(|(k, _)| !k.starts_with(".sacoche"))
            .collect::<BTreeMap<_, _>>(),
        common::files_of(&o.farm)
            .into_iter()
            .filter(|(k, _)| !k.starts_with(".sacoche"))
            .collect::<BTreeMap<_, _>>()
    );
    assert!(!n1.exists(), "integrated archives leave the inbox");
    let received = o.accountant.join("received/8502182");
    assert!(received.join(name_of(&first)).exists() && received.join(name_of(&second)).exists());
    let left: Vec<String> = listing(&o).into_keys().collect();
    assert_eq!(
        left,
        ["abîmée.sacoche", "en-cours.sacoche", "inconnu.sacoche"]
    );

    // The log has every action.
    let log = stdout_of(&o, &["log", "--json", "--dossier", "8502182"]);
    let actions: Vec<String> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| v["action"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "integrated").count(),
        2,
        "{log}"
    );
    assert!(
        actions.contains(&"seen".to_string()),
        "the duplicate copy: {log}"
    );
    assert!(actions.contains(&"refused".to_string()), "{log}");
}

#[test]
fn stale_and_conflicting_archives_are_shown_as_such() {
    let o = office();
    let first = farmer_packs(&o);
    write(&o.farm.join("LISEZ-MOI.txt"), "v2");
    let second = farmer_packs(&o);
    drop_in(&o, &first, &name_of(&first));
    drop_in(&o, &second, &name_of(&second));
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    // The old one arrives again, under another name: stale.
    let bytes =
        fs::read(o.accountant.join("received/8502182").join(name_of(&first))).unwrap_or_default();
    let again = o.inbox.join("renvoi.sacoche");
    fs::write(&again, &bytes).unwrap_or_else(|e| panic!("{e}"));
    filetime::set_file_mtime(&again, filetime::FileTime::from_unix_time(1_600_000_000, 0))
        .unwrap_or_else(|e| panic!("{e}"));
    // A change to a file the accountant has also changed: conflict.
    write(
        &o.dossiers.join("8502182/LISEZ-MOI.txt"),
        "version du cabinet",
    );
    write(&o.farm.join("LISEZ-MOI.txt"), "v3");
    let third = farmer_packs(&o);
    drop_in(&o, &third, &name_of(&third));
    let list = listing(&o);
    assert_eq!(
        list["renvoi.sacoche"]["status"], "already-integrated",
        "{list:#?}"
    );
    assert_eq!(list[&name_of(&third)]["status"], "conflict");
    assert!(
        list[&name_of(&third)]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("LISEZ-MOI.txt")
    );
    // Processing integrates it and keeps both versions, visibly: nothing waits, nothing
    // is lost. (Which one keeps the name depends on the modification times, here a
    // few microseconds apart: the copy is named after the author of the other.)
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    assert!(!o.inbox.join(name_of(&third)).exists());
    let office = common::files_of(&o.dossiers.join("8502182"));
    let copies: Vec<(&String, &Vec<u8>)> = office
        .iter()
        .filter(|(k, _)| k.starts_with("LISEZ-MOI (conflit "))
        .collect();
    assert_eq!(copies.len(), 1, "{:?}", office.keys().collect::<Vec<_>>());
    let mut versions = vec![
        String::from_utf8_lossy(&office["LISEZ-MOI.txt"]).into_owned(),
        String::from_utf8_lossy(copies[0].1).into_owned(),
    ];
    versions.sort();
    assert_eq!(versions, ["v3", "version du cabinet"]);
    let author = if copies[0].1 == b"v3" {
        "GAEC LE GUYON"
    } else {
        "Cabinet Dupont"
    };
    assert!(copies[0].0.contains(author), "{}", copies[0].0);
}

#[test]
fn deleted_archives_go_to_the_trash_and_come_back() {
    let o = office();
    let first = farmer_packs(&o);
    let in_inbox = drop_in(&o, &first, &name_of(&first));
    let original = fs::read(&in_inbox).unwrap_or_default();
    let out = sacoche(&o.accountant)
        .args(["inbox", "delete", "--json"])
        .arg(&in_inbox)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!in_inbox.exists());
    let item: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    // Something outside the inbox cannot be deleted through it.
    sacoche(&o.accountant)
        .args(["inbox", "delete"])
        .arg(&first)
        .assert()
        .code(1);
    sacoche(&o.accountant)
        .args(["inbox", "restore", item["id"].as_str().unwrap_or_default()])
        .assert()
        .success();
    assert_eq!(fs::read(&in_inbox).unwrap_or_default(), original);
    // The name as `sacoche inbox` lists it is enough (run from elsewhere).
    let listed = name_of(&first);
    let by_name = sacoche(&o.accountant)
        .current_dir(o.root.as_path())
        .args(["inbox", "delete", "--json", &listed])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        by_name.status.success(),
        "{}",
        String::from_utf8_lossy(&by_name.stderr)
    );
    assert!(!in_inbox.exists());
    let again: Value = serde_json::from_slice(&by_name.stdout).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&o.accountant)
        .args(["inbox", "restore", again["id"].as_str().unwrap_or_default()])
        .assert()
        .success();
    let log = stdout_of(&o, &["log"]);
    assert!(log.contains("deleted") && log.contains("restored"), "{log}");
}

#[test]
fn two_process_runs_at_once_integrate_each_archive_once() {
    let o = office();
    let mut names = Vec::new();
    for i in 0..3 {
        write(&o.farm.join(format!("Révision/{i}.txt")), format!("{i}"));
        let a = farmer_packs(&o);
        names.push(name_of(&drop_in(&o, &a, &name_of(&a))));
    }
    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let spawn = || {
        std::process::Command::new(&bin)
            .env("SACOCHE_HOME", &o.accountant)
            .args(["inbox", "process", "--all"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
    let log = stdout_of(&o, &["log", "--json"]);
    let integrated: Vec<String> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["action"] == "integrated")
        .map(|v| name_of(Path::new(v["file"].as_str().unwrap_or_default())))
        .collect();
    let mut sorted = integrated.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), integrated.len(), "integrated twice: {log}");
    let dossier: BTreeMap<String, Vec<u8>> = common::files_of(&o.dossiers.join("8502182"))
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".sacoche"))
        .collect();
    assert!(dossier.contains_key("Révision/2.txt"));
}

#[test]
fn a_dossier_can_live_in_a_folder_of_its_own() {
    let o = office();
    let first = farmer_packs(&o);
    drop_in(&o, &first, &name_of(&first));
    let special = o.root.join("clients/GAEC LE GUYON");
    let mut config = fs::read_to_string(o.accountant.join("config.toml")).unwrap_or_default();
    config.push_str(&format!(
        "\n[dossier_folders]\n\"8502182\" = {:?}\n",
        special.display().to_string()
    ));
    write(&o.accountant.join("config.toml"), config);
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    assert!(special.join("LISEZ-MOI.txt").exists());
    assert!(!o.dossiers.join("8502182").exists());
    // --inbox and --dossiers override the configuration.
    let other = o.root.join("autre-boite");
    fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
    let out = sacoche(&o.accountant)
        .args(["inbox", "--json", "--inbox"])
        .arg(&other)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success() && out.stdout.is_empty());
}

#[test]
fn the_watcher_never_calls_a_half_copied_file_ready() {
    let o = office();
    let first = farmer_packs(&o);
    let bytes = fs::read(&first).unwrap_or_default();
    let args: Vec<&std::ffi::OsStr> = ["--poll", "0.1", "--settle", "0.5", "--process"]
        .iter()
        .map(std::ffi::OsStr::new)
        .collect();
    let (mut child, rx) = common::spawn_watch(&o.accountant, &args);
    // Wait for a line matching `want`; fail after a generous limit (never a fixed sleep).
    let wait_for = |want: &dyn Fn(&Value) -> bool, seen: &mut Vec<Value>| -> Value {
        loop {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(v) => {
                    seen.push(v.clone());
                    if want(&v) {
                        return v;
                    }
                }
                Err(_) => panic!("no such event; saw {seen:#?}"),
            }
        }
    };
    let mut seen = Vec::new();
    let target = o.inbox.join(name_of(&first));
    // The copy begins: half the bytes.
    fs::write(&target, &bytes[..bytes.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    let v = wait_for(&|v| v["event"] == "status", &mut seen);
    assert_eq!(v["status"], "incomplete", "{v}");
    // The copy ends.
    fs::write(&target, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let v = wait_for(
        &|v| v["event"] == "status" && v["status"] != "incomplete",
        &mut seen,
    );
    assert_eq!(v["status"], "ready", "{seen:#?}");
    let v = wait_for(&|v| v["event"] == "processed", &mut seen);
    assert_eq!(v["outcome"], "integrated");
    wait_for(&|v| v["event"] == "gone", &mut seen);
    let _ = child.kill();
    let _ = child.wait();
    assert!(o.dossiers.join("8502182/LISEZ-MOI.txt").exists());
    let log = stdout_of(&o, &["log"]);
    assert!(log.contains("seen") && log.contains("integrated"), "{log}");
    // Every line it printed is a documented `watch` line.
    let lines: String = seen.iter().map(|v| format!("{v}\n")).collect();
    common::schema::check("cli-output", &lines);
}

#[test]
fn the_watcher_takes_archives_out_of_new_mail() {
    let o = office();
    let archive = farmer_packs(&o);
    let eml = o.root.join("message.eml");
    sacoche(&o.farmer)
        .arg("mail")
        .arg(&archive)
        .args([
            "--to",
            "cabinet@example.fr",
            "--from",
            "gaec@example.fr",
            "--out",
        ])
        .arg(&eml)
        .assert()
        .success();
    let maildir = o.root.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        fs::create_dir_all(maildir.join(sub)).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut args: Vec<&std::ffi::OsStr> =
        ["--poll", "0.1", "--settle", "0.3", "--process", "--maildir"]
            .iter()
            .map(std::ffi::OsStr::new)
            .collect();
    args.push(maildir.as_os_str());
    let (mut child, rx) = common::spawn_watch(&o.accountant, &args);
    // The mail client delivers the message: written in tmp/, then moved into new/.
    fs::copy(&eml, maildir.join("tmp/1.eml")).unwrap_or_else(|e| panic!("{e}"));
    fs::rename(maildir.join("tmp/1.eml"), maildir.join("new/1.eml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    let mut events = Vec::new();
    while !events.contains(&"processed".to_string()) {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(v) => {
                events.push(v["event"].as_str().unwrap_or_default().to_string());
                seen.push(v);
            }
            Err(_) => panic!("no processed event; saw {seen:#?}"),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        events.first().map(String::as_str),
        Some("imported"),
        "{seen:#?}"
    );
    assert!(o.dossiers.join("8502182/LISEZ-MOI.txt").exists());
}

#[test]
fn a_listing_never_reuses_the_check_of_a_file_changed_since() {
    use std::io::{Seek, SeekFrom, Write};
    let o = office();
    let first = farmer_packs(&o);
    let name = name_of(&first);
    let dropped = drop_in(&o, &first, &name);
    assert_eq!(listing(&o)[&name]["status"], "ready");
    let remembered = o.accountant.join("cache/checked-digests.bin");
    assert!(
        remembered.is_file(),
        "the listing remembers what it checked"
    );
    // Listed again from what it remembers: the same answer.
    assert_eq!(listing(&o)[&name]["status"], "ready");
    // One byte changed in place, same size, modification time put back: what a
    // remembered check must not hide.
    let size = fs::metadata(&dropped).map(|m| m.len()).unwrap_or(0);
    let mut bytes = fs::read(&dropped).unwrap_or_default();
    let middle = bytes.len() / 2;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(&dropped)
        .unwrap_or_else(|e| panic!("{e}"));
    file.seek(SeekFrom::Start(middle as u64))
        .unwrap_or_else(|e| panic!("{e}"));
    bytes[middle] ^= 1;
    file.write_all(&bytes[middle..=middle])
        .unwrap_or_else(|e| panic!("{e}"));
    drop(file);
    filetime::set_file_mtime(
        &dropped,
        filetime::FileTime::from_unix_time(1_600_000_000, 0),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fs::metadata(&dropped).map(|m| m.len()).unwrap_or(0), size);
    let after = listing(&o);
    assert_eq!(after[&name]["status"], "invalid", "{}", after[&name]);
    assert_eq!(after[&name]["reason_code"], "content-altered");
}

#[test]
fn a_listing_changes_nothing_and_reports_an_interrupted_integration() {
    let o = office();
    let first = farmer_packs(&o);
    drop_in(&o, &first, &name_of(&first));
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    write(&o.farm.join("LISEZ-MOI.txt"), "v2 de la ferme");
    let second = farmer_packs(&o);
    drop_in(&o, &second, &name_of(&second));
    // Work in the dossier since the last look: a listing sees it, and writes nothing
    // (not even the stat cache).
    let office = o.dossiers.join("8502182");
    write(&office.join("Révision/note.txt"), "note du cabinet");
    let before = common::snapshot(&office);
    assert_eq!(listing(&o)[&name_of(&second)]["status"], "ready");
    assert_eq!(
        common::snapshot(&office),
        before,
        "a listing wrote into the dossier"
    );

    // An integration interrupted half-way: the listing says so, and still writes nothing.
    let out = sacoche(&o.accountant)
        .env("SACOCHE_FAILPOINT", "apply.mid-rename=error")
        .args(["inbox", "process", "--all"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success());
    assert!(office.join(".sacoche/journal.json").exists());
    let before = common::snapshot(&office);
    let list = listing(&o);
    assert_eq!(list[&name_of(&second)]["status"], "waiting", "{list:#?}");
    assert!(
        list[&name_of(&second)]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("interrupted"),
        "{list:#?}"
    );
    assert_eq!(
        common::snapshot(&office),
        before,
        "a listing finished the journal"
    );
    // The next processing finishes it: integrated once, the note still there.
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    assert!(!office.join(".sacoche/journal.json").exists());
    assert_eq!(
        fs::read_to_string(office.join("LISEZ-MOI.txt"))
            .ok()
            .as_deref(),
        Some("v2 de la ferme")
    );
    assert!(office.join("Révision/note.txt").exists());
}

#[test]
fn a_windows_path_with_single_backslashes_in_the_config_gets_the_fix() {
    let o = office();
    write(
        &o.accountant.join("config.toml"),
        "# la configuration\ndossiers = 'D:\\Dossiers'\ninboxes = [\"C:\\sacoche\\inbox\"]\n",
    );
    sacoche(&o.accountant)
        .arg("inbox")
        .assert()
        .code(1)
        .stderr({
            use predicates::prelude::*;
            predicate::str::contains("line 3")
                .and(predicate::str::contains("'C:\\sacoche\\inbox'"))
                .and(predicate::str::contains("damaged").not())
        });
}

#[test]
fn an_archive_saved_twice_from_the_mail_is_listed_once_and_integrated_once() {
    let o = office();
    let first = farmer_packs(&o);
    let name = name_of(&first);
    let original = drop_in(&o, &first, &name);
    let copy = drop_in(&o, &first, &name.replace(".sacoche", " (1).sacoche"));
    let listed = sacoche(&o.accountant)
        .args(["inbox", "--json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let entries: Vec<Value> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let status_of = |file: &Path| {
        entries
            .iter()
            .find(|e| e["file"].as_str().map(Path::new) == Some(file))
            .map(|e| e["status"].clone())
    };
    assert_eq!(status_of(&original), Some(json!("ready")), "{entries:?}");
    assert_eq!(status_of(&copy), Some(json!("copy")), "{entries:?}");
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    // Integrated once; both names leave the inbox.
    assert!(!original.exists() && !copy.exists());
    let log = stdout_of(&o, &["log", "--json"]);
    assert_eq!(log.matches("\"action\":\"integrated\"").count(), 1, "{log}");
}

#[test]
fn a_bad_file_left_in_the_inbox_fails_the_run_that_finds_it_not_every_later_one() {
    let o = office();
    let first = farmer_packs(&o);
    let mut bytes = fs::read(&first).unwrap_or_default();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    let bad = o.inbox.join("abîmée.sacoche");
    write(&bad, &bytes);
    filetime::set_file_mtime(&bad, filetime::FileTime::from_unix_time(1_600_000_000, 0))
        .unwrap_or_else(|e| panic!("{e}"));
    let process = || {
        let mut cmd = sacoche(&o.accountant);
        cmd.args(["inbox", "process", "--all"]);
        cmd
    };
    process().assert().code(3);
    // Still there, still said, but no longer a new rejection.
    process()
        .assert()
        .success()
        .stdout(predicates::str::contains("refused before"));
    let log = stdout_of(&o, &["log", "--json"]);
    assert_eq!(log.matches("\"action\":\"refused\"").count(), 1, "{log}");
    // Replaced by another bad copy: a new rejection.
    bytes[middle] ^= 3;
    bytes.push(0);
    write(&bad, &bytes);
    filetime::set_file_mtime(&bad, filetime::FileTime::from_unix_time(1_600_000_100, 0))
        .unwrap_or_else(|e| panic!("{e}"));
    process().assert().code(3);
}

/// `inbox process --json` lines, as file name -> (outcome, changes).
fn processed(o: &Office, args: &[&str]) -> BTreeMap<String, (String, Value)> {
    let out = stdout_of(
        o,
        &[&["inbox", "process", "--all", "--json"], args].concat(),
    );
    out.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "processed")
        .map(|v| {
            (
                name_of(Path::new(v["file"].as_str().unwrap_or_default())),
                (
                    v["outcome"].as_str().unwrap_or_default().to_string(),
                    v["changes"].clone(),
                ),
            )
        })
        .collect()
}

#[test]
fn a_dry_run_plans_the_whole_batch_in_order_as_the_real_run_integrates_it() {
    let o = office();
    let back = o.root.join("back");
    fs::create_dir_all(&back).unwrap_or_else(|e| panic!("{e}"));
    let config = o.accountant.join("config.toml");
    let text = fs::read_to_string(&config).unwrap_or_default();
    write(
        &config,
        format!(
            "{text}[receipts]\nfolder = {:?}\n",
            back.display().to_string()
        ),
    );
    let key = stdout_of(&o, &["key", "show"]);
    let key = key.lines().next().unwrap_or_default().to_string();
    sacoche(&o.farmer)
        .args(["trust", "add", &key, "--name", "Cabinet Dupont"])
        .assert()
        .success();
    // The first exchange, acknowledged: from now on only changes travel.
    let first = farmer_packs(&o);
    drop_in(&o, &first, &name_of(&first));
    sacoche(&o.accountant)
        .args(["inbox", "process", "--all"])
        .assert()
        .success();
    let receipts: Vec<PathBuf> = fs::read_dir(&back)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    sacoche(&o.farmer)
        .arg("apply")
        .args(&receipts)
        .arg(&o.farm)
        .assert()
        .success();
    // Two changes archives in a row: the second carries a file the first added, changed
    // since (modified, once the first is in), and a new one.
    write(&o.farm.join("Révision/a.txt"), "a");
    let second = farmer_packs(&o);
    write(&o.farm.join("Révision/a.txt"), "aa");
    write(&o.farm.join("Révision/b.txt"), "b");
    let third = farmer_packs(&o);
    for a in [&second, &third] {
        drop_in(&o, a, &name_of(a));
    }
    let dossier = o.dossiers.join("8502182");
    let before = common::snapshot(&dossier);

    let dry = processed(&o, &["--dry-run"]);
    assert_eq!(
        common::snapshot(&dossier),
        before,
        "a dry run changes nothing"
    );
    assert_eq!(listing(&o).len(), 2, "both archives still in the inbox");
    let real = processed(&o, &[]);
    assert_eq!(real.len(), 2, "{real:?}");
    let changes = |added, modified| json!({"added": added, "modified": modified, "deleted": 0, "moved": 0, "conflicts": 0});
    assert_eq!(
        real[&name_of(&second)],
        ("integrated".into(), changes(1, 0))
    );
    assert_eq!(real[&name_of(&third)], ("integrated".into(), changes(1, 1)));
    for (name, (outcome, planned)) in &dry {
        assert_eq!(outcome, "ready", "{name}: {dry:?}");
        assert_eq!(Some(planned), real.get(name).map(|r| &r.1), "{name}");
    }
    assert_eq!(dry.len(), real.len());
}

/// What fails for one folder or file is reported and the watch goes on; the count comes
/// back at the end (the binary's exit status remembers it). Here the Maildir the
/// watcher reads vanishes under it, at the moment it reports an archive.
#[test]
fn the_watcher_reports_what_fails_and_goes_on() {
    use sacoche::inbox::watch::{WatchEvent, WatchOptions, watch};
    let o = office();
    let archive = farmer_packs(&o);
    fs::copy(
        &archive,
        o.inbox.join(archive.file_name().unwrap_or_default()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let maildir = o.root.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        fs::create_dir_all(maildir.join(sub)).unwrap_or_else(|e| panic!("{e}"));
    }
    let home = sacoche::home::Home::at(&o.accountant);
    let config = sacoche::inbox::Config::load(&home, &[], None).unwrap_or_else(|e| panic!("{e}"));
    let options = WatchOptions {
        settle: Duration::ZERO,
        rescan: Duration::from_millis(20),
        maildirs: vec![maildir.clone()],
        ..WatchOptions::default()
    };
    let mut events = Vec::new();
    let watched = watch(&home, &config, options, &mut |event| {
        let go_on = match &event {
            // The archive is seen: the Maildir goes away before the next pass.
            WatchEvent::Status(_) => {
                let _ = fs::remove_dir_all(maildir.join("new"));
                true
            }
            // Reported, not fatal: one more pass proves the watch went on.
            WatchEvent::Failed { .. } => events.iter().all(|e: &String| !e.starts_with("failed")),
            _ => true,
        };
        events.push(match &event {
            WatchEvent::Status(e) => format!("status {:?}", e.status),
            WatchEvent::Failed { path, .. } => format!("failed {}", path.display()),
            other => format!("{other:?}"),
        });
        go_on && events.iter().filter(|e| e.starts_with("failed")).count() < 2
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // The Maildir's failure was reported at least once, then again on a later pass: the
    // watch did not stop at the first one.
    let failures: Vec<&String> = events.iter().filter(|e| e.starts_with("failed")).collect();
    assert_eq!(failures.len(), 2, "{events:#?}");
    assert!(failures[0].ends_with("new"), "{events:#?}");
    assert_eq!(watched.failures, failures.len(), "{events:#?}");
    assert!(
        events.first().is_some_and(|e| e.starts_with("status")),
        "{events:#?}"
    );
}

/// Runs the watcher of the accountant's inbox on a thread of its own, with `failpoint`
/// set on that thread; each event comes back as a line of text. The watch stops when
/// the receiver is dropped; `on_failed` runs on the watcher's thread at each failure.
fn watch_on_a_thread(
    o: &Office,
    options: sacoche::inbox::watch::WatchOptions,
    failpoint: &'static str,
    mut on_failed: Box<dyn FnMut() + Send>,
) -> std::sync::mpsc::Receiver<String> {
    use sacoche::inbox::watch::{WatchEvent, watch};
    let home = sacoche::home::Home::at(&o.accountant);
    let config = sacoche::inbox::Config::load(&home, &[], None).unwrap_or_else(|e| panic!("{e}"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        sacoche::failpoint::set(Some(failpoint));
        let _ = watch(&home, &config, options, &mut |event| {
            let line = match &event {
                WatchEvent::Status(e) => {
                    format!("status {} {:?} {:?}", name_of(&e.file), e.reason, e.status)
                }
                WatchEvent::Processed(h) => format!("processed {:?}", h.outcome),
                WatchEvent::Failed { path, .. } => {
                    on_failed();
                    format!("failed {}", name_of(path))
                }
                other => format!("{other:?}"),
            };
            tx.send(line).is_ok()
        });
    });
    rx
}

/// The next line of `rx` for which `want` holds; fails after a generous limit.
fn wait_for_line(
    rx: &std::sync::mpsc::Receiver<String>,
    want: impl Fn(&str) -> bool,
    seen: &mut Vec<String>,
) -> String {
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                seen.push(line.clone());
                if want(&line) {
                    return line;
                }
            }
            Err(_) => panic!("no such event; saw {seen:#?}"),
        }
    }
}

/// When the system's file-system events cannot be set up, the watcher says so and
/// polls the folders by itself: a file that arrives afterwards is seen without waiting
/// for the periodic rescan (an hour here).
#[test]
fn the_watcher_polls_by_itself_when_events_do_not_work() {
    let o = office();
    // A ready archive at the start (nothing left to look at again soon), and a later
    // one, kept aside for now.
    let first = farmer_packs(&o);
    fs::copy(&first, o.inbox.join(name_of(&first))).unwrap_or_else(|e| panic!("{e}"));
    write(&o.farm.join("LISEZ-MOI.txt"), "changé");
    let later = farmer_packs(&o);
    let options = sacoche::inbox::watch::WatchOptions {
        settle: Duration::ZERO,
        rescan: Duration::from_secs(3600),
        ..Default::default()
    };
    let rx = watch_on_a_thread(&o, options, "watch.events=error", Box::new(|| {}));
    let mut seen = Vec::new();
    let polling = wait_for_line(&rx, |l| l.starts_with("Polling"), &mut seen);
    assert!(polling.contains("Unavailable"), "{seen:#?}");
    let status = wait_for_line(
        &rx,
        |l| l.starts_with(&format!("status {}", name_of(&first))),
        &mut seen,
    );
    assert!(status.ends_with("Ready"), "{seen:#?}");
    // Everything listed at the start has been seen; this one comes later, and only
    // polling can tell.
    fs::copy(&later, o.inbox.join(name_of(&later))).unwrap_or_else(|e| panic!("{e}"));
    wait_for_line(
        &rx,
        |l| l.starts_with(&format!("status {}", name_of(&later))),
        &mut seen,
    );
}

/// An integration that fails is tried again by the watcher, without the file having to
/// change: the archive is integrated on a later pass. Reading the archive fails once
/// (nothing staged yet: tried again later), or the staged files are refused once (the
/// dossier is left with an interrupted integration, which the watcher finishes first,
/// as `inbox process` does).
#[test]
fn the_watcher_tries_a_failed_integration_again() {
    for failpoint in ["read.files=error", "apply.after-staging=error", ""] {
        a_failed_integration_is_tried_again(failpoint);
    }
}

/// With `failpoint` set once; without one, the dossiers' folder is a file at first
/// (a stick not plugged in yet, a mistyped path), which nothing staged can get past.
fn a_failed_integration_is_tried_again(failpoint: &'static str) {
    let o = office();
    if failpoint.is_empty() {
        fs::remove_dir_all(&o.dossiers).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&o.dossiers, b"in the way").unwrap_or_else(|e| panic!("{e}"));
    }
    let dossiers = o.dossiers.clone();
    let archive = farmer_packs(&o);
    fs::copy(&archive, o.inbox.join(name_of(&archive))).unwrap_or_else(|e| panic!("{e}"));
    let options = sacoche::inbox::watch::WatchOptions {
        poll: Some(Duration::from_millis(100)),
        process: true,
        settle: Duration::ZERO,
        rescan: Duration::from_millis(20),
        ..Default::default()
    };
    // The first attempt fails; the failure clears the fault, as a program closing the
    // file it held would.
    let rx = watch_on_a_thread(
        &o,
        options,
        failpoint,
        Box::new(move || {
            sacoche::failpoint::set(None);
            if dossiers.is_file() {
                let _ = fs::remove_file(&dossiers);
            }
        }),
    );
    let mut seen = Vec::new();
    wait_for_line(&rx, |l| l.starts_with("failed"), &mut seen);
    let processed = wait_for_line(&rx, |l| l.starts_with("processed"), &mut seen);
    assert!(processed.contains("Integrated"), "{failpoint}: {seen:#?}");
    assert!(
        o.dossiers.join("8502182/LISEZ-MOI.txt").exists(),
        "{failpoint}: {seen:#?}"
    );
    eprintln!("{failpoint:?}: {seen:#?}");
}
