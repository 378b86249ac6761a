//! Crash safety: `sacoche apply` killed (SIGKILL) at 100 instants spread over the
//! integration itself (each kill is checked to have landed while staging, the
//! journal or its clean-up was under way) never leaves a mixed dossier once the next sacoche command
//! has run: exactly the old state or exactly the new one, and the archive is then
//! either integrated or still applies.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::time::{Duration, Instant};

use common::{sacoche, write};

#[test]
fn apply_killed_at_any_instant_leaves_old_or_new() {
    let dir = common::memory_tempdir();
    let root = dir.path();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let fk = common::new_user(&farmer, "GAEC LE GUYON");
    let ak = common::new_user(&accountant, "Cabinet Dupont");
    common::trust(&accountant, fk, "GAEC LE GUYON", &["8502182"]);
    common::trust(&farmer, ak, "Cabinet Dupont", &["8502182"]);

    // A dossier of 400 files; then a changes archive touching most of them.
    let farm = root.join("farm");
    for i in 0..200 {
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
    for i in 0..200 {
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

    // How long an uninterrupted integration takes once it has begun staging, to spread
    // the kills over it.
    let probe = root.join("probe");
    common::copy_dossier(&old_template, &probe);
    let bin = assert_cmd::cargo::cargo_bin("sacoche");
    let start = |office: &std::path::Path| {
        std::process::Command::new(&bin)
            .env("SACOCHE_HOME", &accountant)
            .arg("apply")
            .arg(&changes)
            .arg(office)
            .arg("--no-receipt")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // The integration is under way while the dossier holds staging or a journal.
    let under_way = |office: &std::path::Path| {
        office.join(".sacoche/staging").exists() || office.join(".sacoche/journal.json").exists()
    };
    let mut child = start(&probe);
    while !under_way(&probe) && child.try_wait().ok().flatten().is_none() {
        std::thread::sleep(Duration::from_micros(20));
    }
    let began = Instant::now();
    let _ = child.wait();
    let span = began.elapsed().as_micros().max(200) as u64;
    assert_eq!(common::dossier_files(&probe), new);

    let mut outcomes = BTreeMap::<String, usize>::new();
    let mut seed = 0x5eed_u64;
    let (mut landed, mut attempts) = (0, 0);
    while landed < 100 {
        attempts += 1;
        assert!(
            attempts < 400,
            "kills keep missing the integration: {outcomes:?}"
        );
        let office = root.join(format!("office-{attempts}"));
        common::copy_dossier(&old_template, &office);
        let mut child = start(&office);
        // Wait for the integration to begin, then a pseudo-random part of its span.
        while !under_way(&office) && child.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_micros(20));
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % span);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // Where the kill landed: while staging, while running the journal, or while
        // removing the staging once the journal was done and gone (the dossier then
        // already holds the new state: it is never touched before the commit).
        let phase = if office.join(".sacoche/journal.json").exists() {
            "journal"
        } else if office.join(".sacoche/staging").exists() {
            if common::dossier_files(&office) == new {
                "cleanup"
            } else {
                "staging"
            }
        } else {
            // Finished before the kill (or never began): not a kill mid-integration.
            fs::remove_dir_all(&office).unwrap_or_else(|e| panic!("{e}"));
            continue;
        };
        landed += 1;
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
            panic!("kill {landed} ({phase}): a mixed dossier after the crash")
        };
        // A kill before the journal commit leaves the old state; after it, the new one.
        assert_eq!(
            state,
            if phase == "staging" { "old" } else { "new" },
            "kill {landed} ({phase})"
        );
        *outcomes.entry(format!("{phase} -> {state}")).or_default() += 1;
        // Either way the archive ends integrated, exactly once.
        sacoche(&accountant)
            .arg("apply")
            .arg(&changes)
            .arg(&office)
            .arg("--no-receipt")
            .assert()
            .success();
        assert_eq!(common::dossier_files(&office), new, "kill {landed}");
        fs::remove_dir_all(&office).unwrap_or_else(|e| panic!("{e}"));
    }
    // Both halves of an integration were hit.
    assert!(
        outcomes.keys().any(|k| k.starts_with("staging"))
            && outcomes.keys().any(|k| k.starts_with("journal")),
        "{outcomes:?}"
    );
    eprintln!("100 kills mid-integration ({attempts} tries): {outcomes:?}");
}
