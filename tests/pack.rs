//! Packing: a file that changes while it is packed is detected, and nothing is left
//! behind (no archive, no temporary file).

mod common;

use std::fs;

use common::hostile;
use sacoche::archive::Error;
use sacoche::archive::manifest::DossierRef;
use sacoche::archive::write::{self, ArchiveSpec, Payload};
use sacoche::dossier::scan;

fn payloads(dir: &std::path::Path) -> Vec<Payload> {
    let found = scan::scan(dir).unwrap_or_else(|e| panic!("{e}"));
    let entries = scan::hash_files(dir, &found.files).unwrap_or_else(|e| panic!("{e}"));
    entries
        .into_iter()
        .zip(&found.files)
        .map(|(entry, s)| Payload {
            entry,
            source: s.abs(dir),
        })
        .collect()
}

fn spec(files: &[Payload]) -> ArchiveSpec {
    let entries: Vec<_> = files.iter().map(|p| p.entry.clone()).collect();
    ArchiveSpec::standalone_full(
        DossierRef {
            id: "8502182".parse().unwrap(),
            name: "GAEC LE GUYON".into(),
        },
        hostile::created(),
        &entries,
        &hostile::test_key(),
    )
}

#[test]
fn a_file_changed_after_it_was_hashed_is_not_packed_half_old() {
    for (what, change) in [
        ("same size, other bytes", &b"VTE;31234,57"[..]),
        ("grown", &b"VTE;31234,56;and a new line"[..]),
        ("shrunk", &b"VTE"[..]),
    ] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dossier = dir.path().join("dossier");
        common::write(&dossier.join("FEC.txt"), "VTE;31234,56");
        common::write(&dossier.join("TVA.txt"), "TVA");
        let out = dir.path().join("out");
        fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
        let files = payloads(&dossier);
        // The farmer saves the ledger again between the scan and the write.
        fs::write(dossier.join("FEC.txt"), change).unwrap_or_else(|e| panic!("{e}"));
        match write::write(
            &out,
            &spec(&files),
            &files,
            &hostile::test_key(),
            &mut |_| {},
        ) {
            Err(Error::FileChanged(path)) => assert!(path.ends_with("FEC.txt"), "{what}: {path:?}"),
            other => panic!("{what}: expected FileChanged, got {other:?}"),
        }
        assert_eq!(
            fs::read_dir(&out).map(|d| d.count()).ok(),
            Some(0),
            "{what}: nothing left in the output folder"
        );
    }
}

#[test]
fn an_unchanged_dossier_packs_and_the_archive_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dossier = dir.path().join("dossier");
    common::write(&dossier.join("FEC.txt"), "VTE;31234,56");
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let written = write::write(
        &out,
        &spec(&payloads(&dossier)),
        &payloads(&dossier),
        &hostile::test_key(),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(written.path.ends_with("8502182-20201027171147.sacoche"));
    // The same name is never written twice.
    match write::write(
        &out,
        &spec(&payloads(&dossier)),
        &payloads(&dossier),
        &hostile::test_key(),
        &mut |_| {},
    ) {
        Err(Error::ArchiveExists(path)) => assert_eq!(path, written.path),
        other => panic!("expected ArchiveExists, got {other:?}"),
    }
    assert_eq!(fs::read_dir(&out).map(|d| d.count()).ok(), Some(1));
}

#[test]
fn an_unchanged_dossier_is_rescanned_without_reading_its_files() {
    use sacoche::dossier::meta::Identity;
    use sacoche::dossier::snapshot;
    use sacoche::exchange::init;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dossier = dir.path().join("dossier");
    for i in 0..50 {
        common::write(
            &dossier.join(format!("Pièces/{i}.pdf")),
            format!("scan {i}"),
        );
    }
    init(
        &dossier,
        &Identity {
            id: "8502182".parse().unwrap(),
            name: "GAEC".into(),
            fiscal_period: None,
            history: None,
            replica: None,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Files saved long ago: their times can be trusted (not within the racy window).
    let old = filetime::FileTime::from_unix_time(1_600_000_000, 0);
    for i in 0..50 {
        filetime::set_file_mtime(dossier.join(format!("Pièces/{i}.pdf")), old)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let first = snapshot::take(&dossier).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.hashed, 50);
    let second = snapshot::take(&dossier).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.hashed, 0, "nothing re-read");
    assert_eq!(second.state_id, first.state_id);

    // Same size, same second, new content: the nanoseconds or inode change gives it away;
    // a file saved just now is always re-read.
    common::write(&dossier.join("Pièces/7.pdf"), "scan X");
    let third = snapshot::take(&dossier).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(third.hashed, 1);
    assert_ne!(third.state_id, first.state_id);
    // A file whose time was put back to the cached one but whose content changed is
    // caught when its inode changed (rewritten through a new file).
    let p = dossier.join("Pièces/8.pdf");
    let tmp = dossier.join("tmp");
    fs::write(&tmp, "scan Y").unwrap_or_else(|e| panic!("{e}"));
    filetime::set_file_mtime(&tmp, old).unwrap_or_else(|e| panic!("{e}"));
    fs::rename(&tmp, &p).unwrap_or_else(|e| panic!("{e}"));
    let fourth = snapshot::take(&dossier).unwrap_or_else(|e| panic!("{e}"));
    let entry = fourth
        .files
        .iter()
        .find(|f| f.path == "Pièces/8.pdf")
        .map(|f| f.sha256);
    assert_eq!(entry, Some(sacoche::archive::Sha256::of(b"scan Y")));
}

#[test]
fn a_file_deleted_while_packing_is_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dossier = dir.path().join("dossier");
    common::write(&dossier.join("FEC.txt"), "VTE;31234,56");
    common::write(&dossier.join("TVA.txt"), "TVA");
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let files = payloads(&dossier);
    fs::remove_file(dossier.join("TVA.txt")).unwrap_or_else(|e| panic!("{e}"));
    match write::write(
        &out,
        &spec(&files),
        &files,
        &hostile::test_key(),
        &mut |_| {},
    ) {
        // Typed: the file and the operating system's reason; the binary says it.
        Err(Error::Io(e)) => {
            assert!(e.path.ends_with("TVA.txt"), "{e}");
            assert_eq!(e.source.kind(), std::io::ErrorKind::NotFound, "{e}");
        }
        other => panic!("expected an I/O error naming the file, got {other:?}"),
    }
    assert_eq!(fs::read_dir(&out).map(|d| d.count()).ok(), Some(0));
}

/// Ledger-like text of `len` bytes.
fn ledger(len: usize) -> Vec<u8> {
    let mut text = String::new();
    let mut n = 0u64;
    while text.len() < len {
        n += 1;
        text.push_str(&format!(
            "VTE\tVentes\tVTE{n:07}\t20200115\t701100\tVentes de lait\t\t\tP{n:06}\t20200115\tPaie de lait\t{},{:02}\t0,00\n",
            n * 7919 % 99_999,
            n % 100
        ));
    }
    text.into_bytes()[..len].to_vec()
}

#[test]
fn files_packed_in_pieces_on_all_cores_come_back_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dossier = dir.path().join("dossier");
    let contents: Vec<(&str, Vec<u8>)> = vec![
        // Deflated at level 6 in pieces of 1 MiB, the last one partial.
        ("Comptabilité/grand livre.txt", ledger(3_500_000)),
        // Over 16 MiB: level 1, in pieces.
        ("Comptabilité/123456782FEC20201231.txt", ledger(17 << 20)),
        // Stored (a scan), in pieces.
        ("Pièces/facture.pdf", common::noise(7, 2_500_000)),
        // Exactly one piece, and an empty file.
        ("exact.csv", ledger(1 << 20)),
        ("vide.txt", Vec::new()),
        ("TVA.txt", b"TVA due: 1234,56".to_vec()),
        // Content that does not compress, under names that do not say so: stored
        // (one piece, and in pieces) rather than made bigger.
        ("Sauvegarde/export.bin", common::noise(11, 200_000)),
        ("Sauvegarde/base.dat", common::noise(12, 2_200_000)),
    ];
    for (path, bytes) in &contents {
        let at = dossier.join(path);
        fs::create_dir_all(at.parent().unwrap_or(&dossier)).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&at, bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let written = write::write(
        &out,
        &spec(&payloads(&dossier)),
        &payloads(&dossier),
        &hostile::test_key(),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let raw: usize = contents.iter().map(|(_, b)| b.len()).sum();
    assert!(
        (written.size as usize) < raw * 2 / 3,
        "the text was deflated: {} of {raw} bytes",
        written.size
    );
    // Nothing that does not compress was made bigger: those entries are stored.
    {
        let mut zip =
            zip::ZipArchive::new(fs::File::open(&written.path).unwrap_or_else(|e| panic!("{e}")))
                .unwrap_or_else(|e| panic!("{e}"));
        for path in ["Sauvegarde/export.bin", "Sauvegarde/base.dat", "vide.txt"] {
            let entry = zip.by_name(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(
                entry.compression(),
                zip::CompressionMethod::Stored,
                "{path} deflated to {} of {} bytes",
                entry.compressed_size(),
                entry.size()
            );
        }
        let ledger = zip
            .by_name("Comptabilité/grand livre.txt")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ledger.compression(), zip::CompressionMethod::Deflated);
    }
    // Our reader: every CRC-32, size and SHA-256.
    let mut trust = sacoche::keys::TrustStore::default();
    trust
        .add(hostile::test_key().public_key(), "GAEC LE GUYON", &[])
        .unwrap_or_else(|e| panic!("{e}"));
    sacoche::archive::verify(&written.path, &trust).unwrap_or_else(|e| panic!("{e}"));
    // Content, through the zip crate's own reading.
    let mut zip =
        zip::ZipArchive::new(fs::File::open(&written.path).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    for (path, bytes) in &contents {
        let mut entry = zip.by_name(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut back).unwrap_or_else(|e| panic!("{e}"));
        assert!(back == *bytes, "{path} differs");
    }
    drop(zip);
    // Python's zipfile, Info-ZIP and the independent reader agree.
    common::zip_tools_accept(&written.path);
    fs::write(written.path.with_extension("expect"), "expect: valid\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let report = common::independent_reader(&out);
    assert!(report.contains("1 passed, 0 failed"), "{report}");
}

#[test]
fn a_big_file_changed_after_it_was_hashed_is_not_packed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dossier = dir.path().join("dossier");
    common::write(&dossier.join("FEC.txt"), ledger(5_000_000));
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let files = payloads(&dossier);
    // One byte in the fourth piece, same size.
    let mut changed = ledger(5_000_000);
    changed[3_500_000] ^= 1;
    fs::write(dossier.join("FEC.txt"), &changed).unwrap_or_else(|e| panic!("{e}"));
    match write::write(
        &out,
        &spec(&files),
        &files,
        &hostile::test_key(),
        &mut |_| {},
    ) {
        Err(Error::FileChanged(path)) => assert!(path.ends_with("FEC.txt"), "{path:?}"),
        other => panic!("expected FileChanged, got {other:?}"),
    }
    assert_eq!(fs::read_dir(&out).map(|d| d.count()).ok(), Some(0));
}
