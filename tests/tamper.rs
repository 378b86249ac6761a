//! Any change to a signed archive is caught: every byte flipped, every truncation,
//! bytes appended. Verification runs through the library (fast) on a real packed
//! archive of several files.

mod common;

use std::fs;

use common::hostile;
use sacoche::archive;
use sacoche::archive::Error;
use sacoche::keys::TrustStore;

fn archive_bytes(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let path = dir.join("8502182-20201027171147.sacoche");
    hostile::good_archive(
        &path,
        &hostile::test_key(),
        &[
            (
                "Comptabilité/123456782FEC20201231.txt",
                "JournalCode\tJournalLib\r\nVTE\tVentes\r\n".as_bytes(),
            ),
            ("TVA/CA12A.txt", b"TVA due: 1234,56"),
            ("vide.txt", b""),
        ],
    );
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    (path, bytes)
}

fn trust() -> TrustStore {
    let mut store = TrustStore::default();
    store
        .add(hostile::test_key().public_key(), "GAEC LE GUYON", &[])
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

#[test]
fn flipping_any_single_byte_is_rejected() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (path, good) = archive_bytes(dir.path());
    let trust = trust();
    assert!(
        archive::verify(&path, &trust).is_ok(),
        "the untouched archive must verify"
    );
    let mut accepted = Vec::new();
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        fs::write(&path, &bad).unwrap_or_else(|e| panic!("{e}"));
        match archive::verify(&path, &trust) {
            Err(Error::Rejected { .. }) => {}
            other => accepted.push(format!("byte {at}: {other:?}")),
        }
    }
    assert!(
        accepted.is_empty(),
        "{} of {} changes not rejected: {:?}",
        accepted.len(),
        good.len(),
        &accepted[..accepted.len().min(5)]
    );
}

#[test]
fn every_truncation_and_any_appended_byte_is_rejected() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (path, good) = archive_bytes(dir.path());
    let trust = trust();
    for len in 0..good.len() {
        fs::write(&path, &good[..len]).unwrap_or_else(|e| panic!("{e}"));
        match archive::verify(&path, &trust) {
            Err(Error::Rejected { reason, .. }) => {
                let code = reason.code();
                assert!(
                    matches!(code, "truncated" | "not-an-archive"),
                    "cut at {len}: unexpected reason {code}"
                );
                if len >= 4 {
                    assert_eq!(code, "truncated", "cut at {len}");
                }
            }
            other => panic!("cut at {len} of {}: {other:?}", good.len()),
        }
    }
    for extra in [&b"\n"[..], b"\0", b"PK\x05\x06", &[0u8; 4096]] {
        let mut longer = good.clone();
        longer.extend_from_slice(extra);
        fs::write(&path, &longer).unwrap_or_else(|e| panic!("{e}"));
        match archive::verify(&path, &trust) {
            Err(Error::Rejected { reason, .. }) => assert_eq!(reason.code(), "trailing-bytes"),
            other => panic!("{} appended: {other:?}", extra.len()),
        }
    }
}
