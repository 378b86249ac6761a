//! What fuzzing found stays found: every input in `fuzz/regressions/TARGET/` (named after
//! what it broke) is replayed through the same function its fuzz target calls, and must
//! get a verdict, not a panic. The sample archives are replayed through the reader's
//! post-gate checks too, which must agree with their `.expect` files.

use std::fs;
use std::path::Path;

use sacoche::archive::{Manifest, name, path, read, seal};

fn replay(target: &str, data: &[u8]) {
    match target {
        "reader" => {
            let _ = read::checks_after_gate(data);
        }
        "gate" => {
            let _ = seal::check(data);
        }
        "manifest" => {
            let _ = Manifest::from_json(data);
        }
        "names" => {
            if let Ok(text) = std::str::from_utf8(data) {
                let _ = name::parse(text);
                let _ = path::check_payload(text);
                let _ = path::collision_key(text);
            }
        }
        other => panic!("no fuzz target {other}"),
    }
}

#[test]
fn every_input_fuzzing_found_gets_a_verdict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for target in ["reader", "gate", "manifest", "names"] {
        let Ok(entries) = fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let data = fs::read(entry.path()).unwrap_or_else(|e| panic!("{e}"));
            replay(target, &data);
        }
    }
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
