//! Progress: the archive reader reports every byte it checks, in each phase, to the
//! meter the program installs (its own test binary: the meter is one per process); and
//! `sacoche verify` draws a bar from it on a terminal only, once the work has lasted,
//! never under `--json`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::hostile;
use sacoche::archive;
use sacoche::archive::meter::{self, Meter, Phase};
use sacoche::keys::TrustStore;

#[derive(Default)]
struct Recorded {
    begun: Vec<(PathBuf, Phase, u64)>,
    /// Bytes advanced since each begin.
    advanced: Vec<u64>,
}

#[derive(Default)]
struct Recording(Mutex<Recorded>);

impl Meter for Recording {
    fn begin(&self, archive: &Path, phase: Phase, total: u64) {
        if let Ok(mut r) = self.0.lock() {
            r.begun.push((archive.to_path_buf(), phase, total));
            r.advanced.push(0);
        }
    }
    fn advance(&self, bytes: u64) {
        if let Ok(mut r) = self.0.lock()
            && let Some(last) = r.advanced.last_mut()
        {
            *last += bytes;
        }
    }
}

#[test]
fn the_reader_reports_every_byte_it_checks_in_each_phase() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut trust = TrustStore::default();
    trust
        .add(hostile::test_key().public_key(), "GAEC LE GUYON", &[])
        .unwrap_or_else(|e| panic!("{e}"));
    // Small files (read on one thread) and a large one (read on all cores).
    let big = common::noise(7, 9 << 20);
    for (name, files) in [
        (
            "small",
            vec![("FEC.txt", &b"VTE;1"[..]), ("TVA.txt", &b"TVA"[..])],
        ),
        (
            "large",
            vec![("FEC.txt", &b"VTE;1"[..]), ("scan.pdf", &big[..])],
        ),
    ] {
        let path = dir.path().join(format!("{name}.sacoche"));
        let manifest = hostile::good_archive(&path, &hostile::test_key(), &files);
        let recording = Arc::new(Recording::default());
        meter::install(recording.clone());
        let verified = archive::verify(&path, &trust);
        meter::remove();
        assert!(verified.is_ok(), "{name}: {verified:?}");
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let r = recording.0.lock().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            r.begun,
            vec![
                (path.clone(), Phase::Signature, len),
                (path.clone(), Phase::Files, manifest.total_size()),
            ],
            "{name}"
        );
        // The seal covers the archive up to its signature block; every file byte is read.
        let signed = r.advanced.first().copied().unwrap_or(0);
        assert!(signed > 0 && signed <= len, "{name}: {signed} of {len}");
        assert_eq!(
            r.advanced.get(1).copied(),
            Some(manifest.total_size()),
            "{name}"
        );
    }
}

/// Runs `sacoche ARGS` on a pseudo-terminal (util-linux `script`) and returns what the
/// terminal showed.
#[cfg(target_os = "linux")]
fn on_a_terminal(home: &Path, args: &str, failpoint: Option<&str>) -> String {
    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("SACOCHE_HOME", home)
        .env("SACOCHE_LANG", "fr")
        .env("COLUMNS", "120")
        // script runs the command through $SHELL, whatever the caller's is.
        .env("SHELL", "/bin/sh")
        .env_remove(sacoche::failpoint::ENV);
    if let Some(f) = failpoint {
        cmd.env(sacoche::failpoint::ENV, f);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("script (util-linux) is needed for this test: {e}"));
    assert!(
        out.status.success(),
        "{:?}: {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn verify_draws_a_bar_on_a_terminal_once_the_work_lasts_and_never_in_json() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = dir.path().join("home");
    let key = common::new_user(&home, "GAEC LE GUYON");
    let farm = dir.path().join("farm");
    common::write(&farm.join("FEC.txt"), "VTE;1\n".repeat(1000));
    common::sacoche(&home)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC"])
        .assert()
        .success();
    common::trust(&home, key, "GAEC LE GUYON", &[]);
    let out = common::sacoche(&home)
        .arg("pack")
        .arg(&farm)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let archive = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let bar = "vérification des fichiers";

    // Reading slowly (a second's pause, as from a slow stick): the bar shows.
    let slow = on_a_terminal(
        &home,
        &format!("verify '{archive}'"),
        Some("read.files=pause"),
    );
    assert!(slow.contains(bar), "{slow}");
    assert!(slow.contains("valide"), "{slow}");
    // Quick work never flashes a bar.
    let quick = on_a_terminal(&home, &format!("verify '{archive}'"), None);
    assert!(!quick.contains(bar) && quick.contains("valide"), "{quick}");
    // --json: JSON lines only, even on a terminal and slow.
    let json = on_a_terminal(
        &home,
        &format!("verify --json '{archive}'"),
        Some("read.files=pause"),
    );
    assert!(!json.contains(bar), "{json}");
    for line in json.lines().filter(|l| !l.trim().is_empty()) {
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(line.trim());
        assert!(parsed.is_ok(), "not a JSON line: {line:?}");
    }
}
