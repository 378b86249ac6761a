//! Regenerates `samples/archives/`: sample archives, valid and invalid, each with a
//! `.expect` file stating the outcome `sacoche verify` must give (checked by
//! `tests/samples.rs`). All are signed with the fixed test key of `samples/keys/`.
//! The valid version 2 archives are written by the library's writer; the version 1 ones
//! (still read) and the hostile ones are built by hand (`tests/common/hostile.rs`).
//!
//! Run: cargo run --example make_samples

#[path = "../tests/common/hostile.rs"]
#[allow(dead_code)]
mod hostile;

use std::fs;
use std::path::{Path, PathBuf};

use hostile::{Item, TEST_REPLICA, deflated, entry, manifest_for, seal_with, sealed, write_zip};
use sacoche::archive::delta;
use sacoche::archive::manifest::StateEntry;
use sacoche::archive::manifest::{
    self, Ack, DossierRef, FiscalPeriod, Kind, Part, Receipt, ReceiptOutcome,
};
use sacoche::archive::version::{ReplicaId, Version};
use sacoche::archive::write::{self, ArchiveSpec, DeltaBody, Payload, Written};
use sacoche::dossier::scan;
use sacoche::keys::OwnKey;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = root.join("archives");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(&out)?;
    let keys = root.join("keys");
    fs::create_dir_all(&keys)?;
    fs::write(
        keys.join("test-key.pub"),
        format!("{}\n", hostile::test_key().public_key()),
    )?;

    // The whole sample dossier, packed as `sacoche pack` would.
    let key = hostile::test_key();
    let dossier = root.join("dossier-8502182");
    let found = scan::scan(&dossier)?;
    let entries = scan::hash_files(&dossier, &found.files)?;
    let payloads: Vec<Payload> = entries
        .into_iter()
        .zip(&found.files)
        .map(|(entry, s)| Payload {
            entry,
            source: s.abs(&dossier),
        })
        .collect();
    // Keep the sample archive's file times stable whatever the checkout time.
    let payloads: Vec<Payload> = payloads
        .into_iter()
        .map(|mut p| {
            p.entry.modified = hostile::created().to_utc();
            p
        })
        .collect();
    let entries: Vec<_> = payloads.iter().map(|p| p.entry.clone()).collect();
    let mut spec = ArchiveSpec::standalone_full(
        DossierRef {
            id: "8502182".parse()?,
            name: "GAEC LE GUYON".into(),
        },
        hostile::created(),
        &entries,
        &key,
    );
    spec.fiscal_period = FiscalPeriod::parse("2020-01-01..2020-12-31");
    spec.purpose = Some("Envoi pour révision".into());
    spec.comment = Some("Dossier complet de l'exercice 2020".into());
    let written = write::write(&out, &spec, &payloads, &key, &mut |_| {})?;
    expect(&written.path, "valid")?;

    // A small valid archive, and damaged copies of it.
    let small = out.join("small-valid.sacoche");
    hostile::good_archive(
        &small,
        &key,
        &[
            ("TVA/CA12A 2020.txt", "TVA due : 1 234,56\r\n".as_bytes()),
            ("LISEZ-MOI.txt", b"Dossier 8502182\r\n"),
        ],
    );
    expect(&small, "valid")?;
    let bytes = fs::read(&small)?;
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 0x20;
    derived(&out, "one-byte-changed", &flipped, "content-altered")?;
    derived(&out, "cut-short", &bytes[..bytes.len() / 2], "truncated")?;
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"\r\n--boundary--\r\n");
    derived(&out, "bytes-appended", &longer, "trailing-bytes")?;

    let path = out.join("unknown-signer.sacoche");
    hostile::good_archive(&path, &hostile::stranger_key(), &[("a.txt", b"a")]);
    expect(&path, "rejected: unknown-signer")?;

    let path = out.join("unsigned-zip.sacoche");
    write_zip(&path, None, &[Item::File("a.txt", b"a", deflated())]);
    expect(&path, "rejected: unsigned")?;

    // Validly signed by the trusted test key, hostile inside.
    let path = out.join("signed-path-traversal.sacoche");
    let mut m = manifest_for(&key, &[]);
    m.files = vec![entry("../../evil.txt", b"owned")];
    m.state_id = manifest::state_id(&m.files);
    let json = m.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(
        &path,
        Some(&json),
        &[Item::File("../../evil.txt", b"owned", deflated())],
    );
    seal_with(&path, &key, &m, &json);
    expect(&path, "rejected: unsafe-path")?;

    let path = out.join("signed-unlisted-entry.sacoche");
    let m = manifest_for(&key, &[("a.txt", b"a")]);
    let json = m.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(
        &path,
        Some(&json),
        &[
            Item::File("a.txt", b"a", deflated()),
            Item::File("autorun.exe", b"MZ", deflated()),
        ],
    );
    seal_with(&path, &key, &m, &json);
    expect(&path, "rejected: entry-not-in-manifest")?;

    let path = out.join("signed-overlapping-entries.sacoche");
    let m = manifest_for(&key, &[("a.txt", b"bomb"), ("b.txt", b"bomb")]);
    let json = m.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(
        &path,
        Some(&json),
        &[
            Item::File("a.txt", b"bomb", deflated()),
            Item::ShallowCopy("a.txt", "b.txt"),
        ],
    );
    seal_with(&path, &key, &m, &json);
    expect(&path, "rejected: overlapping-entries")?;

    let path = out.join("signed-symlink.sacoche");
    let m = manifest_for(&key, &[]);
    let json = m.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(
        &path,
        Some(&json),
        &[Item::Symlink("passwd", "/etc/passwd")],
    );
    seal_with(&path, &key, &m, &json);
    expect(&path, "rejected: not-a-regular-file")?;

    let path = out.join("signed-case-collision.sacoche");
    hostile::good_archive(&path, &key, &[("Facture.pdf", b"1"), ("facture.pdf", b"2")]);
    expect(&path, "rejected: name-collision")?;

    // Changes archives: a valid one, and one whose ops contradict its files.
    let base = manifest::state_id(&m_files_of(&key, &[("LISEZ-MOI.txt", b"v1")]));
    for (name, content, op_content, outcome) in [
        ("changes-valid", &b"v2"[..], &b"v2"[..], "valid"),
        (
            "signed-changes-contradicting-ops",
            b"v2",
            b"something else",
            "rejected: ops-contradict-files",
        ),
    ] {
        let path = out.join(format!("{name}.sacoche"));
        let mut m = manifest_for(&key, &[("LISEZ-MOI.txt", content)]);
        m.kind = manifest::Kind::Changes;
        m.sequence = 2;
        m.base_state = Some(base);
        m.ops = vec![
            manifest::Op::Modify {
                path: "LISEZ-MOI.txt".into(),
                old_sha256: manifest::Sha256::of(b"v1"),
                sha256: manifest::Sha256::of(op_content),
                size: op_content.len() as u64,
            },
            manifest::Op::Delete {
                path: "TVA/brouillon.txt".into(),
                old_sha256: manifest::Sha256::of(b"brouillon"),
            },
        ];
        m.state_id = manifest::state_id(&m.files);
        let json = m.to_json().unwrap_or_else(|e| panic!("{e}"));
        write_zip(
            &path,
            Some(&json),
            &[Item::File("LISEZ-MOI.txt", content, deflated())],
        );
        seal_with(&path, &key, &m, &json);
        expect(&path, outcome)?;
    }

    let path = out.join("signed-metadata-folder.sacoche");
    let mut m = manifest_for(&key, &[]);
    m.files = vec![entry(".sacoche/history.json", b"{}")];
    m.state_id = manifest::state_id(&m.files);
    let json = m.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(
        &path,
        Some(&json),
        &[Item::File(".sacoche/history.json", b"{}", deflated())],
    );
    seal_with(&path, &key, &m, &json);
    expect(&path, "rejected: unsafe-path")?;

    version_2(&out, &key, &written)?;

    println!("samples written to {}", out.display());
    Ok(())
}

/// Version 2 vectors (FORMAT.md §4.3): a receipt acknowledging the main sample, a
/// changes archive, a part of a split set; then signed archives breaking one rule each.
fn version_2(out: &Path, key: &OwnKey, main: &Written) -> Result<(), Box<dyn std::error::Error>> {
    let dossier = DossierRef {
        id: "8502182".parse()?,
        name: "GAEC LE GUYON".into(),
    };
    // The main sample was made by the farmer's replica; the accountant's copy is another.
    let farmer = main
        .manifest
        .sender
        .replica
        .ok_or("the main sample has no replica")?;
    let accountant = hostile::OTHER_REPLICA;
    let main_id = main.statement.archive_digest;
    let blank = ArchiveSpec::standalone_full(dossier, hostile::created(), &[], key);
    let of = |entries: &[(ReplicaId, u64)]| {
        Version::from_entries(entries.to_vec()).unwrap_or_else(|| panic!("bad version"))
    };

    // The accountant's copy acknowledges the main sample: integrated, no conflict.
    let mut spec = blank.clone();
    spec.kind = Kind::Receipt;
    spec.replica = accountant;
    spec.replicas = [(accountant, "Cabinet Dupont (copie d'essai)".to_string())]
        .into_iter()
        .collect();
    spec.knowledge = main
        .manifest
        .knowledge
        .clone()
        .ok_or("the main sample has no knowledge")?;
    spec.acks = vec![Ack {
        replica: farmer,
        sequence: main.manifest.sequence,
        archive: main_id,
    }];
    spec.receipt = Some(Receipt {
        archive: main_id,
        replica: farmer,
        sequence: main.manifest.sequence,
        outcome: ReceiptOutcome::Integrated,
        reason: None,
        conflicts: 0,
        state_id: main.manifest.state_id,
    });
    let receipt = write_v2(out, "v2-receipt-valid", &spec, &[], key)?;

    // The farmer's next archive: the whole state, the content of one file only.
    let fec: &[u8] = b"JournalCode|JournalLib|EcritureNum|EcritureDate\r\n";
    let readme = "Dossier 8502182 : bilan 2020 en révision\r\n".as_bytes();
    let tva = "TVA due : 1 234,56 (corrigée par le cabinet)\r\n".as_bytes();
    let mut spec = blank.clone();
    spec.kind = Kind::Changes;
    spec.sequence = 2;
    spec.replicas.insert(accountant, "Cabinet Dupont".into());
    spec.state = vec![
        hostile::state_entry("Comptabilité/FEC.txt", fec, of(&[(farmer, 1)]), farmer),
        hostile::state_entry("LISEZ-MOI.txt", readme, of(&[(farmer, 4)]), farmer),
        hostile::state_entry(
            "TVA/CA12A 2020.txt",
            tva,
            of(&[(farmer, 2), (accountant, 1)]),
            accountant,
        ),
    ];
    spec.knowledge = of(&[(farmer, 4), (accountant, 1)]);
    spec.acks = vec![Ack {
        replica: accountant,
        sequence: receipt.manifest.sequence,
        archive: receipt.statement.archive_digest,
    }];
    write_v2(
        out,
        "v2-changes-valid",
        &spec,
        &[("LISEZ-MOI.txt", readme)],
        key,
    )?;

    // Part 1 of a full archive split in two for mail.
    let mut spec = blank.clone();
    spec.sequence = 3;
    spec.state = vec![
        hostile::state_entry("LISEZ-MOI.txt", readme, of(&[(farmer, 1)]), farmer),
        hostile::state_entry("TVA/CA12A 2020.txt", tva, of(&[(farmer, 2)]), farmer),
    ];
    spec.knowledge = of(&[(farmer, 2)]);
    spec.part = Some(Part {
        set: ReplicaId([0x5e; 8]),
        index: 1,
        count: 2,
    });
    write_v2(
        out,
        "v2-part-valid",
        &spec,
        &[("LISEZ-MOI.txt", readme)],
        key,
    )?;

    // Validly signed, invalid inside.
    let two: &[(&str, &[u8])] = &[("LISEZ-MOI.txt", b"v1"), ("TVA/CA12A 2020.txt", tva)];
    let path = out.join("v2-files-contradict-state.sacoche");
    let mut m = hostile::changes_v2_for(key, two, &["LISEZ-MOI.txt"]);
    m.files = vec![entry("LISEZ-MOI.txt", b"v2")];
    sealed(&path, key, &m, &[("LISEZ-MOI.txt", b"v2")]);
    expect(&path, "rejected: files-contradict-state")?;

    let path = out.join("v2-full-missing-a-file.sacoche");
    let mut m = hostile::manifest_v2_for(key, two);
    m.files.truncate(1);
    sealed(&path, key, &m, &[("LISEZ-MOI.txt", b"v1")]);
    expect(&path, "rejected: files-contradict-state")?;

    let path = out.join("v2-state-id-mismatch.sacoche");
    let mut m = hostile::changes_v2_for(key, two, &["LISEZ-MOI.txt"]);
    m.state_id = manifest::state_id(&m.files);
    sealed(&path, key, &m, &[("LISEZ-MOI.txt", b"v1")]);
    expect(&path, "rejected: state-id-mismatch")?;

    let path = out.join("v2-version-beyond-knowledge.sacoche");
    let mut m = hostile::manifest_v2_for(key, two);
    m.knowledge = Some(Version::of(TEST_REPLICA, 1));
    sealed(&path, key, &m, two);
    expect(&path, "rejected: manifest-invalid")?;

    let path = out.join("v2-receipt-carrying-files.sacoche");
    let mut m = hostile::receipt_v2_for(key);
    m.files = vec![entry("LISEZ-MOI.txt", b"v1")];
    sealed(&path, key, &m, &[("LISEZ-MOI.txt", b"v1")]);
    expect(&path, "rejected: manifest-invalid")?;

    let path = out.join("v2-carrying-ops.sacoche");
    let mut m = hostile::manifest_v2_for(key, &[("LISEZ-MOI.txt", b"v1")]);
    m.ops = vec![manifest::Op::Delete {
        path: "TVA/brouillon.txt".into(),
        old_sha256: manifest::Sha256::of(b"brouillon"),
    }];
    sealed(&path, key, &m, &[("LISEZ-MOI.txt", b"v1")]);
    expect(&path, "rejected: manifest-invalid")?;
    version_3(out, key, main)
}

/// Version 3: the sample ledger carried as a delta (two écritures added) against the
/// ledger of the main sample; and deltas that break one rule each.
fn version_3(out: &Path, key: &OwnKey, main: &Written) -> Result<(), Box<dyn std::error::Error>> {
    const LEDGER: &str = "Comptabilité/123456782FEC20201231.txt";
    let base = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/dossier-8502182")
            .join(LEDGER),
    )?;
    let mut new = base.clone();
    for (account, debit, credit) in [("411000", "1250,00", "0,00"), ("701000", "0,00", "1250,00")] {
        new.extend_from_slice(
            format!(
                "VE\tVentes\tVE00999\t20201215\t{account}\tVentes\t\t\tF999\t20201215\tVente de veaux\t{debit}\t{credit}\t\t\t20201215\t\t\r\n"
            )
            .as_bytes(),
        );
    }
    let made = delta::make(&base[..], &new[..], u64::MAX)?.ok_or("no delta")?;
    let farmer = main.manifest.sender.replica.ok_or("no replica")?;
    let base_version = main
        .manifest
        .state
        .iter()
        .find(|f| f.path == LEDGER)
        .map(|f| f.version.clone())
        .ok_or("the main sample has no ledger")?;
    let next = main
        .manifest
        .knowledge
        .clone()
        .ok_or("no knowledge")?
        .get(farmer)
        + 1;
    let mut version = base_version;
    version.set(farmer, next);
    let mut spec =
        ArchiveSpec::standalone_full(main.manifest.dossier.clone(), hostile::created(), &[], key);
    spec.kind = Kind::Changes;
    spec.sequence = main.manifest.sequence + 1;
    spec.fiscal_period = main.manifest.fiscal_period;
    spec.replica = farmer;
    spec.history = main.manifest.history.ok_or("no history")?;
    spec.replicas = main.manifest.replicas.clone();
    spec.knowledge = main.manifest.knowledge.clone().ok_or("no knowledge")?;
    spec.knowledge.set(farmer, next);
    spec.state = main.manifest.state.clone();
    for f in &mut spec.state {
        if f.path == LEDGER {
            *f = StateEntry {
                size: new.len() as u64,
                sha256: manifest::Sha256::of(&new),
                version: version.clone(),
                ..f.clone()
            };
        }
    }
    spec.deltas = vec![DeltaBody {
        entry: manifest::DeltaEntry {
            path: LEDGER.into(),
            base_sha256: made.base_sha256,
            base_size: made.base_size,
            size: made.body.len() as u64,
            sha256: manifest::Sha256::of(&made.body),
        },
        body: made.body.clone(),
    }];
    write_v2(out, "v3-delta-valid", &spec, &[], key)?;

    // Validly signed, a delta breaking one rule each.
    let fec: &[u8] = b"JournalCode\tEcritureNum\r\nVE\t1\r\n";
    let fec2: &[u8] = b"JournalCode\tEcritureNum\r\nVE\t1\r\nVE\t2\r\n";
    let good: &[u8] = b"sacoche-delta-v1\nC 0 31\nI 6\nVE\t2\r\n";
    let state: &[(&str, &[u8])] = &[("FEC.txt", fec2), ("LISEZ-MOI.txt", b"v1")];
    let body_name = format!("{}FEC.txt", manifest::DELTA_FOLDER);
    for (name, body, code) in [
        (
            "v3-delta-malformed",
            &b"sacoche-delta-v1\nC 0 31\nX 6\nVE\t2\r\n"[..],
            "delta-invalid",
        ),
        (
            "v3-delta-outside-base",
            b"sacoche-delta-v1\nC 1 31\nI 6\nVE\t2\r\n",
            "delta-invalid",
        ),
        (
            "v3-delta-wrong-size",
            b"sacoche-delta-v1\nC 0 31\nI 5\nVE\t2\r",
            "delta-invalid",
        ),
    ] {
        let path = out.join(format!("{name}.sacoche"));
        let m = hostile::changes_v3_for(key, state, &["LISEZ-MOI.txt"], &[("FEC.txt", fec, body)]);
        sealed(
            &path,
            key,
            &m,
            &[("LISEZ-MOI.txt", b"v1"), (&body_name, body)],
        );
        expect(&path, &format!("rejected: {code}"))?;
    }
    let valid = hostile::changes_v3_for(key, state, &["LISEZ-MOI.txt"], &[("FEC.txt", fec, good)]);
    let path = out.join("v3-small-delta-valid.sacoche");
    sealed(
        &path,
        key,
        &valid,
        &[("LISEZ-MOI.txt", b"v1"), (&body_name, good)],
    );
    expect(&path, "valid")?;

    let path = out.join("v3-delta-not-in-state.sacoche");
    let mut m = valid.clone();
    if let Some(d) = m.deltas.first_mut() {
        d.path = "Autre.txt".into();
    }
    let other = format!("{}Autre.txt", manifest::DELTA_FOLDER);
    sealed(&path, key, &m, &[("LISEZ-MOI.txt", b"v1"), (&other, good)]);
    expect(&path, "rejected: files-contradict-state")?;

    let path = out.join("v3-delta-also-in-files.sacoche");
    let m = hostile::changes_v3_for(
        key,
        state,
        &["FEC.txt", "LISEZ-MOI.txt"],
        &[("FEC.txt", fec, good)],
    );
    sealed(
        &path,
        key,
        &m,
        &[
            ("FEC.txt", fec2),
            ("LISEZ-MOI.txt", b"v1"),
            (&body_name, good),
        ],
    );
    expect(&path, "rejected: files-contradict-state")?;

    let path = out.join("v2-carrying-deltas.sacoche");
    let mut m = valid.clone();
    m.version = manifest::VERSION_2;
    sealed(
        &path,
        key,
        &m,
        &[("LISEZ-MOI.txt", b"v1"), (&body_name, good)],
    );
    expect(&path, "rejected: manifest-invalid")?;

    let path = out.join("v3-delta-in-full.sacoche");
    let mut m = valid.clone();
    m.kind = Kind::Full;
    m.part = Some(Part {
        set: ReplicaId([0x5e; 8]),
        index: 1,
        count: 2,
    });
    sealed(
        &path,
        key,
        &m,
        &[("LISEZ-MOI.txt", b"v1"), (&body_name, good)],
    );
    expect(&path, "rejected: manifest-invalid")?;
    Ok(())
}

/// Writes a valid version 2 archive carrying `carried` with the library's writer, as
/// `out/NAME.sacoche`.
fn write_v2(
    out: &Path,
    name: &str,
    spec: &ArchiveSpec,
    carried: &[(&str, &[u8])],
    key: &OwnKey,
) -> Result<Written, Box<dyn std::error::Error>> {
    let work = tempfile::tempdir_in(out)?;
    let mut payloads = Vec::new();
    for (rel, content) in carried {
        let source = work.path().join("src").join(rel);
        if let Some(parent) = source.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&source, content)?;
        payloads.push(Payload {
            entry: entry(rel, content),
            source,
        });
    }
    payloads.sort_by(|a, b| a.entry.path.as_bytes().cmp(b.entry.path.as_bytes()));
    let written = write::write(work.path(), spec, &payloads, key, &mut |_| {})?;
    let path = out.join(format!("{name}.sacoche"));
    fs::rename(&written.path, &path)?;
    expect(&path, "valid")?;
    Ok(Written { path, ..written })
}

fn m_files_of(key: &sacoche::keys::OwnKey, files: &[(&str, &[u8])]) -> Vec<manifest::FileEntry> {
    manifest_for(key, files).files
}

fn derived(out: &Path, name: &str, bytes: &[u8], code: &str) -> std::io::Result<()> {
    let path: PathBuf = out.join(format!("{name}.sacoche"));
    fs::write(&path, bytes)?;
    expect(&path, &format!("rejected: {code}"))
}

fn expect(archive: &Path, outcome: &str) -> std::io::Result<()> {
    fs::write(
        archive.with_extension("expect"),
        format!("expect: {outcome}\n"),
    )
}
