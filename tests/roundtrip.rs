//! Property: for arbitrary file trees, pack → verify → extract gives back the
//! identical tree (names, bytes), and the state id depends only on content.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fs;

use proptest::prelude::*;
use sacoche::archive::{self, manifest::DossierRef, path};
use sacoche::dossier::{self, scan};
use sacoche::exchange::{self, PackOptions};
use sacoche::home::Home;
use sacoche::keys::{OwnKey, TrustStore};

fn component() -> impl Strategy<Value = String> {
    // Letters, digits, accents, spaces, punctuation that Windows allows.
    "[a-zA-Z0-9éèàçÉÀ _().,'+-]{1,12}"
}

fn tree() -> impl Strategy<Value = BTreeMap<String, Vec<u8>>> {
    let path = prop::collection::vec(component(), 1..4).prop_map(|parts| parts.join("/"));
    let content = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..3000),
        (any::<u8>(), 0usize..20_000).prop_map(|(b, n)| vec![b; n]),
    ];
    prop::collection::btree_map(path, content, 0..12).prop_map(|files| {
        // Keep what travels: portable names, no system clutter (skipped by design),
        // no case collisions, no file that is also a folder.
        let mut keys = HashSet::new();
        let mut kept: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (p, c) in files {
            let junk = p.split('/').any(scan::is_junk);
            if !junk && path::check(&p).is_ok() && keys.insert(path::collision_key(&p)) {
                kept.insert(p, c);
            }
        }
        let dirs: HashSet<String> = kept
            .keys()
            .flat_map(|p| {
                p.match_indices('/')
                    .map(|(i, _)| path::collision_key(&p[..i]))
                    .collect::<Vec<_>>()
            })
            .collect();
        kept.retain(|p, _| !dirs.contains(&path::collision_key(p)));
        kept
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn pack_verify_extract_gives_back_the_same_tree(files in tree()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let home = Home::at(dir.path().join("home"));
        OwnKey::create(&home, "GAEC LE GUYON").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let source = dir.path().join("source");
        fs::create_dir_all(&source).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (p, c) in &files {
            common::write(&source.join(p), c);
        }
        let out = dir.path().join("out");
        fs::create_dir_all(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let options = PackOptions {
            dossier: Some(DossierRef { id: "8502182".parse().unwrap(), name: "GAEC LE GUYON".into() }),
            out_dir: out,
            fiscal_period: None,
            purpose: None,
            comment: None,
            created: None,
            mode: Default::default(),
            reset: false,
            max_size: None,
            to: None,
            strict: false,
        };
        let packed = exchange::pack(&home, &source, &options, &mut |_| {})
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let trust = TrustStore::load(&home).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let verified = archive::verify(&packed.archives[0].path, &trust)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(verified.manifest.files.len(), files.len());
        let target = dir.path().join("target");
        dossier::extract(&home, &packed.archives[0].path, &target, false)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(common::files_of(&target), files.clone());
        // The same content packed from elsewhere has the same state id.
        let again = dir.path().join("again");
        fs::create_dir_all(&again).map_err(|e| TestCaseError::fail(e.to_string()))?;
        common::copy_tree(&target, &again);
        let out2 = dir.path().join("out2");
        fs::create_dir_all(&out2).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let packed2 = exchange::pack(&home, &again, &PackOptions { out_dir: out2, ..options }, &mut |_| {})
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(packed2.archives[0].manifest.state_id, packed.archives[0].manifest.state_id);
    }
}
