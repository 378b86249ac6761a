//! `sacoche fec check` and `sacoche fec diff` on ledgers written independently of the
//! Rust code: the fixed samples of `samples/ledgers/` (each with its hand-checked
//! `.expect`), and the random ledgers of `tests/interop/fec_gen.py` (seeds 1..=40), each
//! written the way some accounting program writes it, with its defects planted on known
//! lines or, for a pair of versions, its known added, modified and deleted écritures.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

const YEAR: &str = "2020-01-01..2020-12-31";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one JSON object of `kind` that `sacoche ARGS` prints, and its exit code.
fn run_json(home: &Path, args: &[&std::ffi::OsStr], kind: &str) -> Result<(Value, i32), String> {
    let out = common::sacoche(home)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let objects: Vec<Value> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("not JSON ({e}): {l}")))
        .collect::<Result<_, _>>()?;
    let mut mine = objects.into_iter().filter(|v| v["type"] == kind);
    let (Some(one), None) = (mine.next(), mine.next()) else {
        return Err(format!(
            "not one {kind} object; stdout: {stdout}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    };
    Ok((one, out.status.code().unwrap_or(-1)))
}

/// `sacoche fec check --json --fiscal-year 2020 FILE`, compared with what `expect`
/// (the JSON of a `.expect` file or of fec_gen.py's expect.json) states: the list of
/// disagreements, empty when none.
fn check_against(home: &Path, ledger: &Path, expect: &Value) -> Vec<String> {
    let (got, code) = match run_json(
        home,
        &[
            "fec".as_ref(),
            "check".as_ref(),
            "--json".as_ref(),
            "--fiscal-year".as_ref(),
            YEAR.as_ref(),
            ledger.as_os_str(),
        ],
        "ledger_check",
    ) {
        Ok(x) => x,
        Err(e) => return vec![e],
    };
    let mut wrong = Vec::new();
    let (amounts, cash_basis) = match expect["variant"].as_str() {
        Some("debit-credit") => ("debit-credit", false),
        Some("montant-sens") => ("montant-sens", false),
        Some("cash-basis") => ("debit-credit", true),
        other => panic!(
            "bad variant {other:?} in the expectation of {}",
            ledger.display()
        ),
    };
    if got["amounts"] != amounts || got["cash_basis"] != cash_basis {
        wrong.push(format!(
            "variant {}: expected amounts {amounts} and cash_basis {cash_basis}, got {} and {}",
            expect["variant"], got["amounts"], got["cash_basis"]
        ));
    }
    for field in ["separator", "encoding", "crlf", "lines", "entries"] {
        if got[field] != expect[field] {
            wrong.push(format!(
                "{field}: expected {}, got {}",
                expect[field], got[field]
            ));
        }
    }
    // (line, defect, column): the column only where the expectation names one.
    let wanted: Vec<(u64, String, String)> = expect["defects"]
        .as_array()
        .unwrap_or_else(|| panic!("no defects list for {}", ledger.display()))
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["defect"].as_str().unwrap_or("").to_string(),
                d["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let columns_named: BTreeSet<(u64, String)> = wanted
        .iter()
        .filter(|w| !w.2.is_empty())
        .map(|w| (w.0, w.1.clone()))
        .collect();
    let mut found: Vec<(u64, String, String)> = got["defects"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|d| {
            let line = d["line"].as_u64().unwrap_or(0);
            let defect = d["defect"].as_str().unwrap_or("").to_string();
            let column = if columns_named.contains(&(line, defect.clone())) {
                d["column"].as_str().unwrap_or("").to_string()
            } else {
                String::new()
            };
            (line, defect, column)
        })
        .collect();
    found.sort();
    let mut wanted_sorted = wanted.clone();
    wanted_sorted.sort();
    if found != wanted_sorted {
        let missed: Vec<_> = wanted_sorted
            .iter()
            .filter(|w| !found.contains(w))
            .collect();
        let extra: Vec<_> = found
            .iter()
            .filter(|f| !wanted_sorted.contains(f))
            .collect();
        wrong.push(format!(
            "defects: not found {missed:?}; found but not planted {extra:?}"
        ));
    }
    if got["defect_count"].as_u64() != Some(wanted.len() as u64) {
        wrong.push(format!(
            "defect_count: expected {}, got {}",
            wanted.len(),
            got["defect_count"]
        ));
    }
    if got["valid"] != wanted.is_empty() {
        wrong.push(format!("valid: got {}", got["valid"]));
    }
    let want_code = if wanted.is_empty() { 0 } else { 1 };
    if code != want_code {
        wrong.push(format!("exit code: expected {want_code}, got {code}"));
    }
    wrong
}

#[test]
fn sample_ledgers_get_their_stated_outcome() {
    let dir = root().join("samples/ledgers");
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut ledgers: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    ledgers.sort();
    let mut wrong = Vec::new();
    for ledger in &ledgers {
        let expect = read_json(&ledger.with_extension("expect"));
        for w in check_against(home.path(), ledger, &expect) {
            wrong.push(format!("{}: {w}", ledger.display()));
        }
    }
    assert!(
        ledgers.len() >= 8,
        "only {} sample ledgers in {}",
        ledgers.len(),
        dir.display()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `python3 tests/interop/fec_gen.py MODE SEED OUTDIR`.
#[cfg(not(windows))]
fn fec_gen(mode: &str, seed: u32, out: &Path) {
    let script = root().join("tests/interop/fec_gen.py");
    let run = std::process::Command::new("python3")
        .arg(&script)
        .arg(mode)
        .arg(seed.to_string())
        .arg(out)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "python3 is needed to run {} (.ci/run installs it): {e}",
                script.display()
            )
        });
    assert!(
        run.status.success(),
        "fec_gen.py {mode} {seed} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[cfg(not(windows))]
#[test]
fn generated_ledgers_have_their_planted_defects_found() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = tmp.path().join("home");
    let mut wrong = Vec::new();
    for seed in 1..=40 {
        let out = tmp.path().join(format!("check-{seed}"));
        fec_gen("check", seed, &out);
        let expect = read_json(&out.join("expect.json"));
        for w in check_against(&home, &out.join("ledger.txt"), &expect) {
            wrong.push(format!(
                "fec_gen.py check {seed} ({} {} {}): {w}",
                expect["variant"], expect["encoding"], expect["separator"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[cfg(not(windows))]
#[test]
fn generated_versions_have_their_changes_found() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = tmp.path().join("home");
    let mut wrong = Vec::new();
    let mut renumbered_seen = 0;
    for seed in 1..=40 {
        let out = tmp.path().join(format!("diff-{seed}"));
        fec_gen("diff", seed, &out);
        let expect = read_json(&out.join("expect.json"));
        let (old, new) = (out.join("old.txt"), out.join("new.txt"));
        let got = match run_json(
            &home,
            &[
                "fec".as_ref(),
                "diff".as_ref(),
                "--json".as_ref(),
                old.as_os_str(),
                new.as_os_str(),
            ],
            "ledger_diff",
        ) {
            Ok((got, _)) => got,
            Err(e) => {
                wrong.push(format!("fec_gen.py diff {seed}: {e}"));
                continue;
            }
        };
        let mut problems = Vec::new();
        let mut wanted = BTreeSet::new();
        for change in ["added", "modified", "deleted"] {
            let list = expect[change]
                .as_array()
                .map(|a| a.as_slice())
                .unwrap_or(&[]);
            for pair in list {
                wanted.insert((
                    change.to_string(),
                    pair[0].as_str().unwrap_or("").to_string(),
                    pair[1].as_str().unwrap_or("").to_string(),
                ));
            }
            if got[change].as_u64() != Some(list.len() as u64) {
                problems.push(format!(
                    "{change}: expected {}, got {}",
                    list.len(),
                    got[change]
                ));
            }
        }
        let changes = got["changes"]
            .as_array()
            .map(|a| a.as_slice())
            .unwrap_or(&[]);
        let found: BTreeSet<(String, String, String)> = changes
            .iter()
            .map(|c| {
                (
                    c["change"].as_str().unwrap_or("").to_string(),
                    c["journal"].as_str().unwrap_or("").to_string(),
                    c["piece"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        if found.len() != changes.len() {
            problems.push(format!(
                "{} changes listed, {} distinct",
                changes.len(),
                found.len()
            ));
        }
        if found != wanted {
            let missed: Vec<_> = wanted.difference(&found).collect();
            let extra: Vec<_> = found.difference(&wanted).collect();
            problems.push(format!(
                "changes: not found {missed:?}; found but not made {extra:?}"
            ));
        }
        if got["unchanged"] != expect["unchanged"] {
            problems.push(format!(
                "unchanged: expected {}, got {}",
                expect["unchanged"], got["unchanged"]
            ));
        }
        let renumbered = got["renumbered"].as_u64().unwrap_or(0);
        if expect["renumbered"] == true {
            renumbered_seen += 1;
            if renumbered == 0 {
                problems.push("renumbered: expected some, got 0".to_string());
            }
        } else if renumbered != 0 {
            problems.push(format!("renumbered: expected 0, got {renumbered}"));
        }
        if got["balanced"] != true {
            problems.push(format!("balanced: expected true, got {}", got["balanced"]));
        }
        for p in problems {
            wrong.push(format!("fec_gen.py diff {seed}: {p}"));
        }
    }
    assert!(renumbered_seen > 0, "no seed renumbered its écritures");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
