//! Every sample archive in `samples/archives/` gets exactly the outcome its `.expect`
//! file states, with the sample test key trusted for dossier 8502182.

use std::fs;
use std::path::Path;

use sacoche::archive;
use sacoche::archive::Error;
use sacoche::keys::{PublicKey, TrustStore};

#[test]
fn sample_archives_get_their_stated_outcome() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let key: PublicKey = fs::read_to_string(root.join("keys/test-key.pub"))
        .unwrap_or_else(|e| panic!("{e}"))
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut trust = TrustStore::default();
    trust
        .add(
            key,
            "GAEC LE GUYON (clé d'essai)",
            &["8502182".parse().unwrap()],
        )
        .unwrap_or_else(|e| panic!("{e}"));

    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(root.join("archives"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "expect" {
            assert!(
                path.with_extension("sacoche").exists(),
                "{} has no archive",
                path.display()
            );
            continue;
        }
        assert_eq!(ext, "sacoche", "unexpected file {}", path.display());
        let expect = fs::read_to_string(path.with_extension("expect"))
            .unwrap_or_else(|e| panic!("{} has no .expect file: {e}", path.display()));
        let expect = expect
            .trim()
            .strip_prefix("expect: ")
            .unwrap_or_else(|| panic!("bad .expect for {}", path.display()));
        let got = match archive::verify(&path, &trust) {
            Ok(_) => "valid".to_string(),
            Err(Error::Rejected { reason, .. }) => format!("rejected: {}", reason.code()),
            Err(e) => format!("error: {e}"),
        };
        if got != expect {
            wrong.push(format!("{}: expected {expect}, got {got}", path.display()));
        }
        checked += 1;
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 12, "only {checked} samples found");
}
