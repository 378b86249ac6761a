//! What fuzzing found stays found: every input in `fuzz/regressions/TARGET/` (named
//! `<verdict>--<what it is>`) is replayed through the same function its fuzz target
//! calls, and must get that verdict again, not a panic nor another verdict. The sample archives are replayed through the reader's
//! post-gate checks too, which must agree with their `.expect` files.

use std::fs;
use std::path::Path;

use sacoche::archive::{Manifest, name, path, read, seal};

/// The verdict of the function the fuzz target `target` calls on `data`: `valid` or a
/// rejection code (`ok` or `refused` for a name).
fn replay(target: &str, data: &[u8]) -> String {
    let code = |r: Result<(), sacoche::archive::Rejection>| match r {
        Ok(()) => "valid".to_string(),
        Err(r) => r.code().to_string(),
    };
    match target {
        "reader" => code(read::checks_after_gate(data).map(|_| ())),
        "gate" => match seal::check(data) {
            Ok(r) => code(r.map(|_| ())),
            Err(e) => format!("i/o error {e}"),
        },
        "manifest" => code(Manifest::from_json(data).map(|_| ())),
        "names" => match std::str::from_utf8(data) {
            Ok(text) => {
                let _ = name::parse(text);
                let _ = path::collision_key(text);
                if path::check_payload(text).is_ok() {
                    "ok".into()
                } else {
                    "refused".into()
                }
            }
            Err(_) => "refused".into(),
        },
        other => panic!("no fuzz target {other}"),
    }
}

/// Every input in `fuzz/regressions/TARGET/`, named `<verdict>--<what it is>`, gets
/// that verdict again from the function its fuzz target calls (and no panic). A target
/// without inputs fails: a folder of README files proves nothing.
#[test]
fn every_input_fuzzing_found_gets_its_verdict_again() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut wrong = Vec::new();
    for (target, at_least) in [("reader", 20), ("gate", 6), ("manifest", 4), ("names", 10)] {
        let entries = fs::read_dir(root.join(target)).unwrap_or_else(|e| panic!("{target}: {e}"));
        let mut replayed = 0;
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file == "README" {
                continue;
            }
            let data = fs::read(entry.path()).unwrap_or_else(|e| panic!("{e}"));
            let got = replay(target, &data);
            let expected = file.split("--").next().unwrap_or_default();
            if got != expected {
                wrong.push(format!("{target}/{file}: {got}"));
            }
            replayed += 1;
        }
        assert!(
            replayed >= at_least,
            "fuzz/regressions/{target}: {replayed} inputs, fewer than {at_least}"
        );
    }
    assert!(wrong.is_empty(), "verdicts changed:\n{}", wrong.join("\n"));
}

#[test]
fn the_fuzzing_hook_agrees_with_the_sample_verdicts() {
    // Post-gate verdicts only: the hook skips the seal by design.
    let after_gate = [
        "unsafe-path",
        "entry-not-in-manifest",
        "overlapping-entries",
        "not-a-regular-file",
        "name-collision",
        "ops-contradict-files",
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/archives");
    let mut checked = 0;
    for entry in fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) != Some("sacoche") {
            continue;
        }
        let expect = fs::read_to_string(p.with_extension("expect")).unwrap_or_default();
        let expect = expect.trim().trim_start_matches("expect: ");
        let data = fs::read(&p).unwrap_or_else(|e| panic!("{e}"));
        let got = match read::checks_after_gate(&data) {
            Ok(_) => "valid".to_string(),
            Err(r) => format!("rejected: {}", r.code()),
        };
        let code = expect.trim_start_matches("rejected: ");
        if expect == "valid" || after_gate.contains(&code) {
            assert_eq!(got, expect, "{}", p.display());
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked}");
}
