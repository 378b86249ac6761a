//! Regenerates `samples/archives/`: sample archives, valid and invalid, each with a
//! `.expect` file stating the outcome `sacoche verify` must give (checked by
//! `tests/samples.rs`). All are signed with the fixed test key of `samples/keys/`.
//!
//! Run: cargo run --example make_samples

#[path = "../tests/common/hostile.rs"]
#[allow(dead_code)]
mod hostile;

use std::fs;
use std::path::{Path, PathBuf};

use hostile::{Item, deflated, entry, manifest_for, seal_with, write_zip};
use sacoche::archive::manifest::{self, DossierRef, FiscalPeriod};
use sacoche::archive::write::{self, ArchiveSpec, Payload};
use sacoche::dossier::scan;

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
            id: "8502182".into(),
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

    println!("samples written to {}", out.display());
    Ok(())
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
