//! Crash safety: `sacoche apply` killed (SIGKILL) at random instants never leaves a
//! mixed dossier once the next sacoche command has run: exactly the old state or
//! exactly the new one, and the archive is then either integrated or still applies.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::time::{Duration, Instant};

use common::{sacoche, write};

#[test]
fn apply_killed_at_any_instant_leaves_old_or_new() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let fk = common::new_user(&farmer, "GAEC LE GUYON");
    common::new_user(&accountant, "Cabinet Dupont");
    common::trust(&accountant, fk, "GAEC LE GUYON", &["8502182"]);

    // A dossier of 400 files; then a changes archive touching most of them.
    let farm = root.join("farm");
    for i in 0..400 {
        write(
            &farm.join(format!("Pièces/{:03}/facture {i}.txt", i % 20)),
            format!("facture {i}\n").repeat(200),
        );
    }
    sacoche(&farmer)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC"])
        .assert()
        .success();
    let stick = root.join("stick");
    fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));
    let pack = |extra: &[&str]| -> String {
        let out = sacoche(&farmer)
            .arg("pack")
            .arg(&farm)
            .arg("--out")
            .arg(&stick)
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let full = pack(&[]);
    let old_template = root.join("office-old");
    sacoche(&accountant)
        .arg("apply")
        .arg(&full)
        .arg(&old_template)
        .assert()
        .success();
    for i in 0..400 {
        let p = farm.join(format!("Pièces/{:03}/facture {i}.txt", i % 20));
        match i % 4 {
            0 => fs::remove_file(&p).unwrap_or_else(|e| panic!("{e}")),
            1 => write(&p, format!("facture {i} corrigée\n").repeat(300)),
            2 => fs::rename(&p, farm.join(format!("Archives/facture {i}.txt")))
                .or_else(|_| {
                    fs::create_dir_all(farm.join("Archives"))?;
                    fs::rename(&p, farm.join(format!("Archives/facture {i}.txt")))
                })
                .unwrap_or_else(|e| panic!("{e}")),
            _ => {}
        }
    }
    for i in 0..100 {
        write(
            &farm.join(format!("Nouveau/{i}.txt")),
            format!("nouveau {i}\n").repeat(100),
        );
    }
    let changes = pack(&[]);
    let old = common::dossier_files(&old_template);
    let new = common::dossier_files(&farm);
    assert_ne!(old, new);

    // How long an uninterrupted apply takes, to spread the kills over it.
    let probe = root.join("probe");
    common::copy_dossier(&old_template, &probe);
    let started = Instant::now();
    sacoche(&accountant)
        .arg("apply")
        .arg(&changes)
        .arg(&probe)
        .assert()
        .success();
    let span = started.elapsed().as_micros().max(1000) as u64;
    assert_eq!(common::dossier_files(&probe), new);

    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let mut outcomes = BTreeMap::<&str, usize>::new();
    let mut seed = 0x5eed_u64;
    for run in 0..20 {
        let office = root.join(format!("office-{run}"));
        common::copy_dossier(&old_template, &office);
        let mut child = std::process::Command::new(&bin)
            .env("SACOCHE_HOME", &accountant)
            .arg("apply")
            .arg(&changes)
            .arg(&office)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // A pseudo-random instant within the apply's usual duration.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_micros((seed >> 33) % span));
        let _ = child.kill();
        let _ = child.wait();
        // The next command finishes or rolls back whatever was interrupted.
        sacoche(&accountant)
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
            panic!("run {run}: a mixed dossier after the crash")
        };
        *outcomes.entry(state).or_default() += 1;
        // Either way the archive ends integrated, exactly once.
        sacoche(&accountant)
            .arg("apply")
            .arg(&changes)
            .arg(&office)
            .assert()
            .success();
        assert_eq!(common::dossier_files(&office), new, "run {run}");
        fs::remove_dir_all(&office).unwrap_or_else(|e| panic!("{e}"));
    }
    eprintln!("outcomes after kill -9: {outcomes:?}");
}
