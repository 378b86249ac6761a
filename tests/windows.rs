//! The Windows build, run for real under Wine: a farmer on Windows and an accountant on
//! Linux exchange the sample dossier both ways (changes, a conflict), the farmer uses
//! the inbox, the trash, mail, extract and the watcher, and a file held open by another
//! program stops an integration cleanly.
//!
//! `.ci/run` builds `sacoche.exe` (x86_64-pc-windows-gnu), a Wine prefix with the
//! stand-in `bcryptprimitives.dll` (`tests/windows/bcryptprimitives.c`) and the file
//! holder (`tests/windows/hold.c`), and sets `SACOCHE_WINE_EXE`, `SACOCHE_WINE_HOLDER`,
//! `WINEPREFIX`. Without them this test says it was skipped and passes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{files_of, sacoche, write};
use serde_json::Value;

/// The Windows binary and how to run it.
struct Wine {
    loader: PathBuf,
    exe: PathBuf,
    holder: Option<PathBuf>,
}

impl Wine {
    fn find() -> Option<Wine> {
        let exe = PathBuf::from(std::env::var_os("SACOCHE_WINE_EXE")?);
        let loader = std::env::var_os("SACOCHE_WINE")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/lib/wine/wine64"));
        if !exe.is_file() || !loader.is_file() {
            return None;
        }
        let holder = std::env::var_os("SACOCHE_WINE_HOLDER").map(PathBuf::from);
        Some(Wine {
            loader,
            exe,
            holder,
        })
    }

    /// `sacoche.exe ARGS` for the user whose home is `home`.
    fn sacoche(&self, home: &Path) -> Command {
        let mut cmd = Command::new(&self.loader);
        cmd.arg(&self.exe)
            .env("SACOCHE_HOME", win(home))
            .env("SACOCHE_LANG", "en")
            .env("WINEDEBUG", "-all")
            .env_remove("RUST_BACKTRACE");
        cmd
    }
}

/// A path as Windows programs under Wine see it (`Z:` is the Unix root).
fn win(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// A path printed by the Windows binary, back as a Unix path.
fn unix(printed: &str) -> PathBuf {
    PathBuf::from(printed.trim().trim_start_matches("Z:").replace('\\', "/"))
}

/// Runs `cmd`; its stdout, or a panic with everything it said.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({:?}):\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The JSON line of `kind` in what `cmd` printed.
fn json_line(cmd: &mut Command, kind: &str) -> Value {
    let out = ok(cmd);
    out.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .rfind(|v| v["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} line in:\n{out}"))
}

fn dossier(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_of(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".sacoche/"))
        .collect()
}

#[test]
fn a_farmer_on_windows_and_an_accountant_on_linux_exchange_both_ways() {
    let Some(w) = Wine::find() else {
        println!("skipped: no Windows binary under Wine (SACOCHE_WINE_EXE; .ci/run sets it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let (farm, office, stick) = (
        root.join("GAEC LE GUYON"),
        root.join("office"),
        root.join("clé USB"),
    );
    fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));

    // Keys and trust, both ways; the farmer's key made on Windows.
    ok(w.sacoche(&farmer)
        .args(["key", "new", "--name", "GAEC LE GUYON"]));
    let farmer_key = ok(w.sacoche(&farmer).args(["key", "show"]));
    let farmer_key = farmer_key
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let accountant_key = common::new_user(&accountant, "Cabinet Dupont");
    ok(w.sacoche(&farmer)
        .args(["trust", "add", &accountant_key.to_string()])
        .args(["--name", "Cabinet Dupont", "--dossier", "8502182"]));
    common::trust(
        &accountant,
        farmer_key
            .parse()
            .unwrap_or_else(|e| panic!("{e}: {farmer_key:?}")),
        "GAEC LE GUYON",
        &["8502182"],
    );

    // The farmer sets up the dossier on Windows and sends it whole.
    common::copy_tree(&common::sample_dossier(), &farm);
    ok(w.sacoche(&farmer)
        .arg("init")
        .arg(win(&farm))
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .args(["--fiscal-year", "2020-01-01..2020-12-31"]));
    let full = json_line(
        w.sacoche(&farmer)
            .arg("pack")
            .arg(win(&farm))
            .args(["--purpose", "Envoi pour révision", "--json", "--out"])
            .arg(win(&stick)),
        "packed",
    );
    let full = unix(full["archive"].as_str().unwrap_or_default());
    // The accountant, on Linux, checks and integrates it.
    sacoche(&accountant)
        .arg("verify")
        .arg(&full)
        .assert()
        .success();
    sacoche(&accountant)
        .arg("apply")
        .arg(&full)
        .arg(&office)
        .assert()
        .success();
    assert_eq!(
        dossier(&office),
        dossier(&farm),
        "packed on Windows, applied on Linux"
    );

    // Changes back from Linux, applied on Windows (the receipt on the stick first).
    let vat = "TVA/CA12A 2020 - déclaration annuelle.txt";
    write(&office.join(vat), "CA12A révisée par le cabinet\r\n");
    write(
        &office.join("Révision/Notes.txt"),
        "Lettrage 401 à revoir\r\n",
    );
    let back = sacoche(&accountant)
        .arg("pack")
        .arg(&office)
        .arg("--out")
        .arg(&stick)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let back = PathBuf::from(String::from_utf8_lossy(&back.stdout).trim());
    let preview = ok(w
        .sacoche(&farmer)
        .arg("apply")
        .arg("--dry-run")
        .arg(win(&back))
        .arg(win(&farm)));
    assert!(preview.contains("1 added, 1 modified"), "{preview}");
    ok(w.sacoche(&farmer)
        .arg("apply")
        .arg(win(&back))
        .arg(win(&farm)));
    assert_eq!(
        dossier(&farm),
        dossier(&office),
        "packed on Linux, applied on Windows"
    );
    // (The inbox will file it away from the stick later: a copy for verify and show.)
    let kept = root.join("retour.sacoche");
    fs::copy(&back, &kept).unwrap_or_else(|e| panic!("{e}"));
    // Only the changes now travel from Windows (the accountant's receipt was on the stick).
    write(
        &farm.join("Pièces/2020-11 facture.pdf"),
        common::noise(3, 20_000),
    );
    let changes = json_line(
        w.sacoche(&farmer)
            .arg("pack")
            .arg(win(&farm))
            .args(["--json", "--out"])
            .arg(win(&stick)),
        "packed",
    );
    assert_eq!(changes["kind"], "changes", "{changes}");
    sacoche(&accountant)
        .arg("apply")
        .arg(unix(changes["archive"].as_str().unwrap_or_default()))
        .arg(&office)
        .assert()
        .success();
    assert_eq!(dossier(&office), dossier(&farm));

    // Both change the same file, the archives cross: both versions kept on both sides.
    write(&farm.join("LISEZ-MOI.txt"), "version de la ferme\r\n");
    write(&office.join("LISEZ-MOI.txt"), "version du cabinet\r\n");
    let from_farm = json_line(
        w.sacoche(&farmer)
            .arg("pack")
            .arg(win(&farm))
            .args(["--json", "--out"])
            .arg(win(&stick)),
        "packed",
    );
    let from_office = root.join("depuis-cabinet");
    fs::create_dir_all(&from_office).unwrap_or_else(|e| panic!("{e}"));
    let out = sacoche(&accountant)
        .arg("pack")
        .arg(&office)
        .arg("--out")
        .arg(&from_office)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let from_office = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    ok(w.sacoche(&farmer)
        .arg("apply")
        .arg(win(&from_office))
        .arg(win(&farm)));
    sacoche(&accountant)
        .arg("apply")
        .arg(unix(from_farm["archive"].as_str().unwrap_or_default()))
        .arg(&office)
        .assert()
        .success();
    assert_eq!(
        dossier(&farm),
        dossier(&office),
        "the same two versions on both sides"
    );
    let copies = dossier(&farm)
        .into_keys()
        .filter(|k| k.contains("(conflit "))
        .count();
    assert_eq!(copies, 1, "{:?}", dossier(&farm).keys().collect::<Vec<_>>());
    let status = json_line(
        w.sacoche(&farmer)
            .arg("status")
            .arg(win(&farm))
            .arg("--json"),
        "status",
    );
    assert_eq!(
        status["conflicts"].as_array().map(Vec::len),
        Some(1),
        "{status}"
    );

    // The farmer's inbox is the stick: list, process, delete and restore on Windows.
    write(
        &farmer.join("config.toml"),
        format!(
            "inboxes = ['{}']\n[dossier_folders]\n\"8502182\" = '{}'\n",
            win(&stick),
            win(&farm)
        ),
    );
    write(&office.join("Révision/Notes.txt"), "Lettrage fait\r\n");
    let inbox_dir = root.join("boite");
    fs::create_dir_all(&inbox_dir).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&accountant)
        .arg("pack")
        .arg(&office)
        .arg("--out")
        .arg(&stick)
        .assert()
        .success();
    let listing = ok(w.sacoche(&farmer).args(["inbox", "--json"]));
    let statuses: Vec<String> = listing
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| v["status"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(statuses.contains(&"ready".to_string()), "{listing}");
    assert!(
        statuses.contains(&"own".to_string()),
        "the farmer's own archives on the stick: {listing}"
    );
    ok(w.sacoche(&farmer).args(["inbox", "process", "--all"]));
    assert_eq!(
        fs::read_to_string(farm.join("Révision/Notes.txt"))
            .ok()
            .as_deref(),
        Some("Lettrage fait\r\n")
    );
    let spare = stick.join("copie.sacoche");
    fs::copy(&full, &spare).unwrap_or_else(|e| panic!("{e}"));
    let deleted = json_line(
        w.sacoche(&farmer)
            .args(["inbox", "delete", "--json"])
            .arg(win(&spare)),
        "trash_item",
    );
    assert!(!spare.exists());
    ok(w.sacoche(&farmer).args([
        "inbox",
        "restore",
        deleted["id"].as_str().unwrap_or_default(),
    ]));
    assert!(spare.exists(), "restored into the inbox");
    // The dossier's trash holds what the integrations replaced.
    let trash = ok(w
        .sacoche(&farmer)
        .args(["trash", "list", "--json", "--dossier"])
        .arg(win(&farm)));
    assert!(trash.lines().count() >= 2, "{trash}");
    assert!(!trash.contains("\\\\?\\"), "no \\\\?\\ paths: {trash}");

    // Mail, verify, show and extract on Windows.
    let eml = root.join("message.eml");
    ok(w.sacoche(&farmer)
        .arg("mail")
        .arg(win(&full))
        .args([
            "--to",
            "cabinet@example.fr",
            "--from",
            "gaec@example.fr",
            "--out",
        ])
        .arg(win(&eml)));
    let message = fs::read_to_string(&eml).unwrap_or_default();
    assert!(
        message.contains(
            &full
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )
    );
    ok(w.sacoche(&farmer).arg("verify").arg(win(&kept)));
    ok(w.sacoche(&farmer).arg("show").arg(win(&kept)));
    let copy = root.join("extrait");
    ok(w.sacoche(&farmer)
        .arg("extract")
        .arg(win(&full))
        .arg("--to")
        .arg(win(&copy)));
    assert_eq!(dossier(&copy), dossier(&common::sample_dossier()));

    // The watcher, polling, integrates what arrives.
    write(&office.join("Révision/Notes.txt"), "Lettrage vérifié\r\n");
    let watched = root.join("arrivee");
    fs::create_dir_all(&watched).unwrap_or_else(|e| panic!("{e}"));
    let mut child = w
        .sacoche(&farmer)
        .args([
            "watch",
            "--poll",
            "0.2",
            "--settle",
            "0.3",
            "--process",
            "--json",
            "--inbox",
        ])
        .arg(win(&watched))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    sacoche(&accountant)
        .arg("pack")
        .arg(&office)
        .arg("--out")
        .arg(&watched)
        .assert()
        .success();
    let (tx, rx) = std::sync::mpsc::channel();
    if let Some(out) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let started = Instant::now();
    let mut seen = Vec::new();
    let processed = loop {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(line) if line.contains("\"processed\"") => break true,
            Ok(line) => seen.push(line),
            Err(_) if started.elapsed() > Duration::from_secs(120) => break false,
            Err(_) => {}
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(processed, "the watcher did not integrate it: {seen:?}");
    assert_eq!(
        fs::read_to_string(farm.join("Révision/Notes.txt"))
            .ok()
            .as_deref(),
        Some("Lettrage vérifié\r\n")
    );

    // A file held open by another program: nothing changes, and the message says which.
    let Some(holder) = &w.holder else {
        println!("held-open part skipped: no SACOCHE_WINE_HOLDER");
        return;
    };
    write(&office.join(vat), "CA12A, deuxième révision\r\n");
    let out = sacoche(&accountant)
        .arg("pack")
        .arg(&office)
        .arg("--out")
        .arg(&stick)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let second = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let release = root.join("release.flag");
    let mut held = Command::new(&w.loader)
        .arg(holder)
        .arg(win(&farm.join(vat)))
        .arg(win(&release))
        .env("WINEDEBUG", "-all")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut line = String::new();
    if let Some(out) = held.stdout.as_mut() {
        let _ = std::io::BufReader::new(out).read_line(&mut line);
    }
    assert_eq!(line.trim(), "held", "the holder could not open the file");
    let before = common::snapshot(&farm);
    let refused = w
        .sacoche(&farmer)
        .arg("apply")
        .arg(win(&second))
        .arg(win(&farm))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("CA12A 2020") && stderr.contains("open in another program"),
        "{stderr}"
    );
    let mut after = common::snapshot(&farm);
    after.remove(Path::new(".sacoche/cache.bin"));
    let mut before = before;
    before.remove(Path::new(".sacoche/cache.bin"));
    assert_eq!(after, before, "a refusal changed the dossier");
    write(&release, "");
    let _ = held.wait();
    ok(w.sacoche(&farmer)
        .arg("apply")
        .arg(win(&second))
        .arg(win(&farm)));
    assert_eq!(
        fs::read_to_string(farm.join(vat)).ok().as_deref(),
        Some("CA12A, deuxième révision\r\n")
    );
}
