//! Reader safety: validly signed archives with hostile content, and forged or damaged
//! ones. Each case names the exact rejection it must get; each is also run through
//! `sacoche extract`, which must exit 3 and write nothing anywhere near its target.

mod common;

use std::fs;
use std::path::Path;

use common::hostile::{
    self, Header, Item, OTHER_REPLICA, TEST_REPLICA, deflated, entry, manifest_for, seal_with,
    write_zip,
};
use sacoche::archive::Error;
use sacoche::archive::manifest::{self, Ack, Kind, Manifest, Op, Part, ReceiptOutcome, Sha256};
use sacoche::archive::version::{ReplicaId, Version};
use sacoche::archive::{self, Rejection, Statement};
use sacoche::keys::{OwnKey, TrustStore};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

type Build = fn(&Path);

/// A manifest for `files` and the zip of exactly those files, sealed by the test key.
fn plain(path: &Path, files: &[(&str, &[u8])]) {
    hostile::good_archive(path, &hostile::test_key(), files);
}

/// Writes `items` after the manifest of `listed`, seals it.
fn listed_but(path: &Path, listed: &[(&str, &[u8])], items: &[Item<'_>]) {
    let key = hostile::test_key();
    let manifest = manifest_for(&key, listed);
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(path, Some(&json), items);
    seal_with(path, &key, &manifest, &json);
}

/// Writes the manifest of `files` and the files, lets `patch` edit the raw zip, seals.
fn patched(path: &Path, files: &[(&str, &[u8])], patch: impl Fn(&Path)) {
    let key = hostile::test_key();
    let manifest = manifest_for(&key, files);
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    let items: Vec<Item<'_>> = files
        .iter()
        .map(|(p, c)| Item::File(p, c, deflated()))
        .collect();
    write_zip(path, Some(&json), &items);
    patch(path);
    seal_with(path, &key, &manifest, &json);
}

/// [`patched`] on the bytes of the unsealed zip (its end record is the last 22 bytes).
fn bytes_patched(path: &Path, files: &[(&str, &[u8])], patch: impl Fn(&mut Vec<u8>)) {
    patched(path, files, |z| {
        let mut bytes = fs::read(z).unwrap_or_else(|e| panic!("{e}"));
        patch(&mut bytes);
        fs::write(z, bytes).unwrap_or_else(|e| panic!("{e}"));
    })
}

/// The offset of the end record in an unsealed zip.
fn eocd_of(bytes: &[u8]) -> usize {
    bytes.len() - 22
}

/// Adds `delta` to the little-endian u16 at `at`.
fn bump16(bytes: &mut [u8], at: usize, delta: u16) {
    let v = u16::from_le_bytes([bytes[at], bytes[at + 1]]).wrapping_add(delta);
    bytes[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

/// Adds `delta` to the little-endian u32 at `at`.
fn bump32(bytes: &mut [u8], at: usize, delta: u32) {
    let v = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        .wrapping_add(delta);
    bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// Inserts a zip64 end record and locator before the end record, agreeing with it
/// unless `edit` changes the record (`edit(record, locator)`).
fn with_zip64(bytes: &mut Vec<u8>, edit: impl Fn(&mut [u8], &mut [u8])) {
    let e = eocd_of(bytes);
    let u16_at = |at: usize| u64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
        ]))
    };
    let (count, size, offset) = (u16_at(e + 10), u32_at(e + 12), u32_at(e + 16));
    let mut record = Vec::new();
    record.extend_from_slice(b"PK\x06\x06");
    record.extend_from_slice(&44u64.to_le_bytes());
    record.extend_from_slice(&((3u16 << 8) | 45).to_le_bytes());
    record.extend_from_slice(&45u16.to_le_bytes());
    record.extend_from_slice(&0u32.to_le_bytes());
    record.extend_from_slice(&0u32.to_le_bytes());
    record.extend_from_slice(&count.to_le_bytes());
    record.extend_from_slice(&count.to_le_bytes());
    record.extend_from_slice(&size.to_le_bytes());
    record.extend_from_slice(&offset.to_le_bytes());
    let mut locator = Vec::new();
    locator.extend_from_slice(b"PK\x06\x07");
    locator.extend_from_slice(&0u32.to_le_bytes());
    locator.extend_from_slice(&(e as u64).to_le_bytes());
    locator.extend_from_slice(&1u32.to_le_bytes());
    edit(&mut record, &mut locator);
    let tail: Vec<u8> = [record, locator].concat();
    bytes.splice(e..e, tail);
}

/// A zip entry `name` whose extra field (in both headers) holds a record `id`.
fn with_extra(path: &Path, id: u16, method: CompressionMethod) {
    let key = hostile::test_key();
    let manifest = manifest_for(&key, &[("a.txt", b"secret")]);
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    let mut options = zip::write::FullFileOptions::default().compression_method(method);
    // A harmless record first (the zip writer refuses some ids), renamed below. (The
    // method's replacement, add_extra_field, takes typed fields only.)
    #[allow(deprecated)]
    options
        .add_extra_data(0xCAFE, vec![1, 2, 3, 4, 5, 6, 7].into_boxed_slice(), false)
        .unwrap_or_else(|e| panic!("{e}"));
    let file = fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file(sacoche::archive::MANIFEST_NAME, deflated())
        .unwrap_or_else(|e| panic!("{e}"));
    std::io::Write::write_all(&mut zip, &json).unwrap_or_else(|e| panic!("{e}"));
    zip.start_file("a.txt", options)
        .unwrap_or_else(|e| panic!("{e}"));
    std::io::Write::write_all(&mut zip, b"secret").unwrap_or_else(|e| panic!("{e}"));
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    let mut renamed = 0;
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], &[0xFE, 0xCA, 7, 0]) {
        bytes[at + i..at + i + 2].copy_from_slice(&id.to_le_bytes());
        at += i + 4;
        renamed += 1;
    }
    assert!(renamed >= 1, "no extra record to rename");
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
    seal_with(path, &key, &manifest, &json);
}

/// A version 1 full archive of `files` whose manifest JSON is edited by `edit`.
fn v1_json(path: &Path, files: &[(&str, &[u8])], edit: impl Fn(String) -> String) {
    let key = hostile::test_key();
    let manifest = manifest_for(&key, files);
    let json = String::from_utf8(manifest.to_json().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    hostile::sealed_json(path, &key, &manifest, edit(json).as_bytes(), files);
}

fn traversal(path: &Path, name: &str) {
    // The manifest lists the hostile name too, so only the path guard stops it.
    let key = hostile::test_key();
    let mut manifest = manifest_for(&key, &[]);
    manifest.files = vec![entry(name, b"owned")];
    manifest.state_id = manifest::state_id(&manifest.files);
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(path, Some(&json), &[Item::File(name, b"owned", deflated())]);
    seal_with(path, &key, &manifest, &json);
}

/// A changes archive of `files` with `ops`, sealed by the test key.
fn changes(path: &Path, files: &[(&str, &[u8])], ops: Vec<Op>) {
    let key = hostile::test_key();
    let mut manifest = manifest_for(&key, files);
    manifest.kind = Kind::Changes;
    manifest.base_state = Some(Sha256([1; 32]));
    manifest.ops = ops;
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    let items: Vec<Item<'_>> = files
        .iter()
        .map(|(p, c)| Item::File(p, c, deflated()))
        .collect();
    write_zip(path, Some(&json), &items);
    seal_with(path, &key, &manifest, &json);
}

fn add(path: &str, content: &[u8]) -> Op {
    Op::Add {
        path: path.into(),
        sha256: Sha256::of(content),
        size: content.len() as u64,
    }
}

/// A version 2 manifest of `state` (each file made by the test replica, all carried),
/// edited by `edit`, sealed with the zip of the files it then lists.
fn v2(path: &Path, state: &[(&str, &[u8])], edit: impl Fn(&mut Manifest)) {
    v2_carrying(path, state, &[], edit)
}

/// As [`v2`], the zip's content for a listed file being the one of `state` or `extra`
/// with its SHA-256 (else the one of its path).
fn v2_carrying(
    path: &Path,
    state: &[(&str, &[u8])],
    extra: &[(&str, &[u8])],
    edit: impl Fn(&mut Manifest),
) {
    let key = hostile::test_key();
    let mut manifest = hostile::manifest_v2_for(&key, state);
    edit(&mut manifest);
    sealed_as_listed(path, &manifest, &[state, extra].concat());
}

/// A version 2 receipt (see `hostile::receipt_v2_for`), edited by `edit`, sealed.
fn receipt(path: &Path, edit: impl Fn(&mut Manifest)) {
    let mut manifest = hostile::receipt_v2_for(&hostile::test_key());
    edit(&mut manifest);
    sealed_as_listed(path, &manifest, &[("a.txt", b"a")]);
}

/// Seals `manifest` by the test key, with a zip holding each file it lists, its content
/// taken from `contents` (by SHA-256, else by path).
fn sealed_as_listed(path: &Path, manifest: &Manifest, contents: &[(&str, &[u8])]) {
    let zip: Vec<(&str, &[u8])> = manifest
        .files
        .iter()
        .map(|f| {
            let content = contents
                .iter()
                .find(|(_, c)| Sha256::of(c) == f.sha256)
                .or_else(|| contents.iter().find(|(p, _)| *p == f.path))
                .map_or(&b""[..], |(_, c)| *c);
            (f.path.as_str(), content)
        })
        .collect();
    hostile::sealed(path, &hostile::test_key(), manifest, &zip);
}

/// A version 2 manifest of `state`, its JSON edited by `edit` (text replacement), sealed
/// with the zip of `state`.
fn v2_json(path: &Path, state: &[(&str, &[u8])], edit: impl Fn(String) -> String) {
    let key = hostile::test_key();
    let manifest = hostile::manifest_v2_for(&key, state);
    let json = String::from_utf8(manifest.to_json().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    hostile::sealed_json(path, &key, &manifest, edit(json).as_bytes(), state);
}

/// A version 2 archive of [`AB`] whose manifest JSON is edited by `json` and whose
/// signed statement is edited by `statement` (both by a signer of its own).
fn stated(path: &Path, json: impl Fn(String) -> String, statement: impl FnOnce(&mut Statement)) {
    let (key, manifest, edited) = unsealed(path, json);
    hostile::seal_edited(path, &key, &manifest, edited.as_bytes(), statement);
}

/// [`stated`], the statement's dossier line written `dossier` (text no [`Statement`]
/// can hold).
fn stated_dossier(path: &Path, dossier: &'static str) {
    let (key, manifest, edited) = unsealed(path, |j| j);
    hostile::seal_text_edited(path, &key, &manifest, edited.as_bytes(), |text| {
        text.replace("dossier: 8502182\n", &format!("dossier: {dossier}\n"))
    });
}

/// The zip of [`stated`] before sealing: its key, manifest and manifest text.
fn unsealed(path: &Path, json: impl Fn(String) -> String) -> (OwnKey, Manifest, String) {
    let key = hostile::test_key();
    let manifest = hostile::manifest_v2_for(&key, AB);
    let text = String::from_utf8(manifest.to_json().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let edited = json(text);
    let mut sorted: Vec<&(&str, &[u8])> = AB.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let items: Vec<Item<'_>> = sorted
        .iter()
        .map(|(p, c)| Item::File(p, c, deflated()))
        .collect();
    write_zip(path, Some(edited.as_bytes()), &items);
    (key, manifest, edited)
}

/// The creation time of the test manifests, as they write it.
const CREATED: &str = "2020-10-27T17:11:47+01:00";

/// The manifest's `created` written `to` instead.
fn created_as(to: &'static str) -> impl Fn(String) -> String {
    move |json| json.replace(CREATED, to)
}

/// A version with the events `entries`.
fn version(entries: &[(ReplicaId, u64)]) -> Version {
    Version::from_entries(entries.to_vec()).unwrap_or_else(|| panic!("bad version"))
}

/// The files of most version 2 cases.
const AB: &[(&str, &[u8])] = &[("a.txt", b"a"), ("b/c.txt", b"c")];

const CASES: &[(&str, &str, Build)] = &[
    ("unsigned zip", "unsigned", |p| {
        write_zip(p, None, &[Item::File("a.txt", b"a", deflated())])
    }),
    ("not a zip at all", "not-an-archive", |p| {
        fs::write(p, b"Bonjour, ceci n'est pas une archive.").unwrap_or_else(|e| panic!("{e}"))
    }),
    ("empty file", "not-an-archive", |p| {
        fs::write(p, b"").unwrap_or_else(|e| panic!("{e}"))
    }),
    ("malformed signature block", "malformed-signature", |p| {
        plain(p, &[("a.txt", b"a")]);
        let mut bytes = fs::read(p).unwrap_or_else(|e| panic!("{e}"));
        let at = find(&bytes, b"format: 1").unwrap_or_else(|| panic!("no statement"));
        bytes[at + 8] = b'7';
        fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
    }),
    ("signature bytes altered", "bad-signature", |p| {
        plain(p, &[("a.txt", b"a")]);
        let mut bytes = fs::read(p).unwrap_or_else(|e| panic!("{e}"));
        let at = find(&bytes, b"signature: ").unwrap_or_else(|| panic!("no signature")) + 11;
        bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
    }),
    ("signed statement edited (sequence)", "bad-signature", |p| {
        plain(p, &[("a.txt", b"a")]);
        let mut bytes = fs::read(p).unwrap_or_else(|e| panic!("{e}"));
        let at = find(&bytes, b"sequence: 1").unwrap_or_else(|| panic!("no sequence"));
        bytes[at + 10] = b'9';
        fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
    }),
    (
        "signature transplanted onto other content",
        "content-altered",
        |p| {
            let key = hostile::test_key();
            plain(p, &[("a.txt", b"original")]);
            let good = fs::read(p).unwrap_or_else(|e| panic!("{e}"));
            let comment_at = find(&good, hostile_header()).unwrap_or_else(|| panic!("no seal"));
            // Another archive with the same layout, then the first one's seal glued on.
            let other = p.with_extension("other");
            hostile::good_archive(&other, &key, &[("a.txt", b"replaced")]);
            let mut forged = fs::read(&other).unwrap_or_else(|e| panic!("{e}"));
            let other_at = find(&forged, hostile_header()).unwrap_or_else(|| panic!("no seal"));
            forged.truncate(other_at);
            forged.extend_from_slice(&good[comment_at..]);
            fs::remove_file(&other).unwrap_or_else(|e| panic!("{e}"));
            fs::write(p, forged).unwrap_or_else(|e| panic!("{e}"));
        },
    ),
    ("bytes appended", "trailing-bytes", |p| {
        plain(p, &[("a.txt", b"a")]);
        let mut bytes = fs::read(p).unwrap_or_else(|e| panic!("{e}"));
        bytes.extend_from_slice(b"\r\n");
        fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
    }),
    ("bytes prepended", "content-altered", |p| {
        plain(p, &[("a.txt", b"a")]);
        let mut bytes = b"MZ".to_vec();
        bytes.extend(fs::read(p).unwrap_or_else(|e| panic!("{e}")));
        fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
    }),
    ("signed by an unknown key", "unknown-signer", |p| {
        hostile::good_archive(p, &hostile::stranger_key(), &[("a.txt", b"a")]);
    }),
    ("entry not in the manifest", "entry-not-in-manifest", |p| {
        listed_but(
            p,
            &[("a.txt", b"a")],
            &[
                Item::File("a.txt", b"a", deflated()),
                Item::File("extra.exe", b"MZ", deflated()),
            ],
        )
    }),
    ("listed file missing", "file-missing", |p| {
        listed_but(
            p,
            &[("a.txt", b"a"), ("b.txt", b"b")],
            &[Item::File("a.txt", b"a", deflated())],
        )
    }),
    ("size differs from the manifest", "size-mismatch", |p| {
        listed_but(
            p,
            &[("a.txt", b"short")],
            &[Item::File("a.txt", b"much longer", deflated())],
        )
    }),
    (
        "hash differs, in a large archive (verified on all cores)",
        "hash-mismatch",
        |p| {
            let big = vec![7u8; 3 << 20];
            let mut lie = big.clone();
            lie[1 << 20] = 8;
            let (a, b, c, d): (&[u8], &[u8], &[u8], &[u8]) = (&big, &big, &big, &big);
            listed_but(
                p,
                &[("a.bin", a), ("b.bin", b), ("c.bin", c), ("d.bin", d)],
                &[
                    Item::File("a.bin", a, deflated()),
                    Item::File("b.bin", b, deflated()),
                    Item::File("c.bin", &lie, deflated()),
                    Item::File("d.bin", d, deflated()),
                ],
            )
        },
    ),
    ("hash differs from the manifest", "hash-mismatch", |p| {
        listed_but(
            p,
            &[("a.txt", b"aaaa")],
            &[Item::File("a.txt", b"bbbb", deflated())],
        )
    }),
    ("duplicate names", "duplicate-name", |p| {
        patched(p, &[("a.txt", b"1"), ("b.txt", b"2")], |z| {
            hostile::patch_headers(z, "b.txt", |h, bytes| bytes[h.name()] = b'a')
        })
    }),
    // One name on NTFS or APFS, though lowercasing alone tells them apart (§5).
    ("micro sign and Greek mu", "name-collision", |p| {
        plain(p, &[("\u{00B5}g.txt", b"1"), ("\u{03BC}g.txt", b"2")])
    }),
    ("long s and s", "name-collision", |p| {
        plain(p, &[("Pi\u{017F}te.txt", b"1"), ("Piste.txt", b"2")])
    }),
    ("final sigma and sigma", "name-collision", |p| {
        plain(
            p,
            &[
                ("\u{03C3}\u{03C2}.txt", b"1"),
                ("\u{03C3}\u{03C3}.txt", b"2"),
            ],
        )
    }),
    ("Kelvin sign and K", "name-collision", |p| {
        plain(p, &[("\u{212A}.txt", b"1"), ("k.txt", b"2")])
    }),
    (
        "a folder named with a long s beside a file",
        "name-collision",
        |p| plain(p, &[("Pi\u{017F}te", b"1"), ("PISTE/a.txt", b"2")]),
    ),
    // Invisible characters, short-name shapes; ½ is fine (§5).
    ("right-to-left override in a name", "unsafe-path", |p| {
        plain(p, &[("facture\u{202E}fdp.exe", b"1")])
    }),
    ("isolate in a name", "unsafe-path", |p| {
        plain(p, &[("a\u{2067}b.txt", b"1")])
    }),
    ("zero-width space in a name", "unsafe-path", |p| {
        plain(p, &[("fac\u{200B}ture.pdf", b"1")])
    }),
    ("zero-width joiner in a name", "unsafe-path", |p| {
        plain(p, &[("fac\u{200D}ture.pdf", b"1")])
    }),
    ("byte order mark in a name", "unsafe-path", |p| {
        plain(p, &[("\u{FEFF}facture.pdf", b"1")])
    }),
    ("Windows short name", "unsafe-path", |p| {
        plain(p, &[("FACTUR~1.PDF", b"1")])
    }),
    ("Windows short name of a folder", "unsafe-path", |p| {
        plain(p, &[("PIECES~1/a.txt", b"1")])
    }),
    ("a name with ½ (a control)", "valid", |p| {
        plain(p, &[("\u{00BD} part.txt", b"1")])
    }),
    ("names differing only by case", "name-collision", |p| {
        plain(p, &[("Facture.pdf", b"1"), ("facture.pdf", b"2")])
    }),
    (
        "names differing only by Unicode form",
        "name-collision",
        |p| plain(p, &[("caf\u{e9}.txt", b"1"), ("cafe\u{301}.txt", b"2")]),
    ),
    ("parent traversal", "unsafe-path", |p| {
        traversal(p, "../evil.txt")
    }),
    ("deep traversal", "unsafe-path", |p| {
        traversal(p, "a/../../evil.txt")
    }),
    ("absolute path", "unsafe-path", |p| {
        traversal(p, "/tmp/evil.txt")
    }),
    ("drive letter", "unsafe-path", |p| {
        traversal(p, "C:/Windows/evil.txt")
    }),
    ("UNC path", "unsafe-path", |p| {
        traversal(p, "\\\\server\\share\\evil.txt")
    }),
    ("backslash traversal", "unsafe-path", |p| {
        traversal(p, "..\\evil.txt")
    }),
    ("fullwidth dots", "unsafe-path", |p| {
        traversal(p, "\u{FF0E}\u{FF0E}/evil.txt")
    }),
    ("reserved name CON", "unsafe-path", |p| {
        traversal(p, "CON.txt")
    }),
    ("reserved name in a folder", "unsafe-path", |p| {
        traversal(p, "docs/com1")
    }),
    ("trailing dot", "unsafe-path", |p| traversal(p, "facture.")),
    ("file inside the metadata folder", "unsafe-path", |p| {
        traversal(p, ".sacoche/history.json")
    }),
    (
        "file inside the metadata folder, other case",
        "unsafe-path",
        |p| traversal(p, ".SACOCHE/journal.json"),
    ),
    ("a valid changes archive", "valid", |p| {
        changes(
            p,
            &[("a.txt", b"new")],
            vec![
                add("a.txt", b"new"),
                Op::Delete {
                    path: "old.txt".into(),
                    old_sha256: Sha256::of(b"old"),
                },
            ],
        )
    }),
    (
        "changes whose op and file disagree",
        "ops-contradict-files",
        |p| {
            changes(
                p,
                &[("a.txt", b"what travels")],
                vec![add("a.txt", b"what the op says")],
            )
        },
    ),
    (
        "changes carrying a file without an op",
        "ops-contradict-files",
        |p| {
            changes(
                p,
                &[("a.txt", b"a"), ("b.txt", b"b")],
                vec![add("a.txt", b"a")],
            )
        },
    ),
    (
        "changes with an op but no content",
        "ops-contradict-files",
        |p| changes(p, &[], vec![add("a.txt", b"a")]),
    ),
    (
        "changes touching one path twice",
        "ops-contradict-files",
        |p| {
            changes(
                p,
                &[("a.txt", b"a")],
                vec![
                    add("a.txt", b"a"),
                    Op::Delete {
                        path: "A.TXT".into(),
                        old_sha256: Sha256::of(b"x"),
                    },
                ],
            )
        },
    ),
    (
        "changes deleting in the metadata folder",
        "unsafe-path",
        |p| {
            changes(
                p,
                &[],
                vec![Op::Delete {
                    path: ".sacoche/dossier.toml".into(),
                    old_sha256: Sha256::of(b"x"),
                }],
            )
        },
    ),
    ("changes renaming out of the dossier", "unsafe-path", |p| {
        changes(
            p,
            &[],
            vec![Op::Rename {
                from: "a.txt".into(),
                path: "../a.txt".into(),
                sha256: Sha256::of(b"a"),
                size: 1,
            }],
        )
    }),
    ("changes without a base state", "manifest-invalid", |p| {
        let key = hostile::test_key();
        let mut manifest = manifest_for(&key, &[]);
        manifest.kind = Kind::Changes;
        manifest.ops = vec![Op::Delete {
            path: "x".into(),
            old_sha256: Sha256::of(b"x"),
        }];
        let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
        write_zip(p, Some(&json), &[]);
        seal_with(p, &key, &manifest, &json);
    }),
    ("full archive carrying ops", "manifest-invalid", |p| {
        let key = hostile::test_key();
        let mut manifest = manifest_for(&key, &[]);
        manifest.ops = vec![Op::Delete {
            path: "x".into(),
            old_sha256: Sha256::of(b"x"),
        }];
        let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
        write_zip(p, Some(&json), &[]);
        seal_with(p, &key, &manifest, &json);
    }),
    // Manifest version 2 (FORMAT.md §4.3): valid archives of each kind.
    ("a valid version 2 full archive", "valid", |p| {
        v2(p, AB, |_| {})
    }),
    ("a valid empty version 2 full archive", "valid", |p| {
        v2(p, &[], |_| {})
    }),
    (
        "a valid version 2 changes archive (files a subset of the state)",
        "valid",
        |p| {
            v2(
                p,
                &[("a.txt", b"a"), ("b/c.txt", b"c"), ("d.pdf", b"d")],
                |m| {
                    // b/c.txt was edited by the other replica, after the sender's version.
                    m.kind = Kind::Changes;
                    m.sequence = 5;
                    m.replicas.insert(OTHER_REPLICA, "Cabinet Dupont".into());
                    m.state[1].version = version(&[(TEST_REPLICA, 2), (OTHER_REPLICA, 4)]);
                    m.state[1].by = OTHER_REPLICA;
                    m.knowledge = Some(version(&[(TEST_REPLICA, 3), (OTHER_REPLICA, 4)]));
                    m.acks = vec![Ack {
                        replica: OTHER_REPLICA,
                        sequence: 2,
                        archive: Sha256([9; 32]),
                    }];
                    m.files.retain(|f| f.path == "a.txt");
                },
            )
        },
    ),
    (
        "a valid version 2 changes archive carrying nothing",
        "valid",
        |p| {
            v2(p, AB, |m| {
                m.kind = Kind::Changes;
                m.files.clear();
            })
        },
    ),
    ("a valid receipt", "valid", |p| receipt(p, |_| {})),
    ("a valid receipt of a refusal", "valid", |p| {
        receipt(p, |m| {
            if let Some(r) = m.receipt.as_mut() {
                r.outcome = ReceiptOutcome::Refused;
                r.reason = Some("stale".into());
            }
        })
    }),
    ("a valid part of a split full archive", "valid", |p| {
        v2(p, AB, |m| {
            m.part = Some(Part {
                set: ReplicaId([0x5e; 8]),
                index: 2,
                count: 3,
            });
            m.files.retain(|f| f.path == "b/c.txt");
        })
    }),
    ("a valid reset archive", "valid", |p| {
        v2(p, AB, |m| m.reset = true)
    }),
    (
        "version 2 with optional fields at their defaults (null, false, [])",
        "valid",
        |p| {
            v2_json(p, AB, |json| {
                json.replacen(
                    '{',
                    "{\"reset\": false, \"acks\": [], \"part\": null, \"receipt\": null, \
                     \"base_state\": null, \"ops\": [],",
                    1,
                )
            })
        },
    ),
    (
        "version 1 with version 2 fields at their defaults",
        "valid",
        |p| {
            let key = hostile::test_key();
            let manifest = manifest_for(&key, &[("a.txt", b"a")]);
            let json = String::from_utf8(manifest.to_json().unwrap_or_else(|e| panic!("{e}")))
                .unwrap_or_default()
                .replacen(
                    '{',
                    "{\"history\": null, \"knowledge\": null, \"state\": [], \
                     \"replicas\": {}, \"reset\": false, \"acks\": [],",
                    1,
                );
            hostile::sealed_json(p, &key, &manifest, json.as_bytes(), &[("a.txt", b"a")]);
        },
    ),
    // Carried files against the state.
    (
        "v2: a carried file whose content differs from its state entry",
        "files-contradict-state",
        |p| {
            v2_carrying(p, AB, &[("a.txt", b"other")], |m| {
                m.kind = Kind::Changes;
                m.files[0] = entry("a.txt", b"other");
            })
        },
    ),
    (
        "v2: a carried file whose size differs from its state entry",
        "files-contradict-state",
        |p| v2(p, AB, |m| m.files[0].size = 7),
    ),
    (
        "v2: a carried file whose time differs from its state entry",
        "files-contradict-state",
        |p| {
            v2(p, AB, |m| {
                m.files[0].modified += chrono::TimeDelta::seconds(2)
            })
        },
    ),
    (
        "v2: a carried file that is not in the state",
        "files-contradict-state",
        |p| {
            v2_carrying(p, AB, &[("z.txt", b"z")], |m| {
                m.kind = Kind::Changes;
                m.files.push(entry("z.txt", b"z"));
            })
        },
    ),
    (
        "v2: a carried file named in another case than in the state",
        "files-contradict-state",
        |p| {
            v2_carrying(p, AB, &[("A.txt", b"a")], |m| {
                m.kind = Kind::Changes;
                m.files[0].path = "A.txt".into();
            })
        },
    ),
    (
        "v2: a full archive missing a file of its state",
        "files-contradict-state",
        |p| v2(p, AB, |m| m.files.truncate(1)),
    ),
    (
        "v2: a full archive carrying nothing of its state",
        "files-contradict-state",
        |p| v2(p, AB, |m| m.files.clear()),
    ),
    // State ids.
    (
        "v2: state id of the carried files instead of the state",
        "state-id-mismatch",
        |p| {
            v2(p, AB, |m| {
                m.kind = Kind::Changes;
                m.files.truncate(1);
                m.state_id = manifest::state_id(&m.files);
            })
        },
    ),
    (
        "v2: state id that matches nothing",
        "state-id-mismatch",
        |p| v2(p, AB, |m| m.state_id = Sha256([7; 32])),
    ),
    (
        "v2: state id that ignores a file's new content",
        "state-id-mismatch",
        |p| {
            v2(p, AB, |m| {
                m.state_id = manifest::state_id(&m.files);
                m.state[0].sha256 = Sha256::of(b"newer");
                m.files[0].sha256 = Sha256::of(b"newer");
            })
        },
    ),
    (
        "receipt whose state id is not its receipt's",
        "state-id-mismatch",
        |p| receipt(p, |m| m.state_id = Sha256([8; 32])),
    ),
    // Versions, knowledge and names.
    (
        "v2: a file version beyond the sender's knowledge",
        "manifest-invalid",
        |p| v2(p, AB, |m| m.knowledge = Some(Version::of(TEST_REPLICA, 1))),
    ),
    (
        "v2: a file version with a replica the knowledge lacks",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.replicas.insert(OTHER_REPLICA, "Cabinet Dupont".into());
                m.state[0].version.set(OTHER_REPLICA, 1);
            })
        },
    ),
    (
        "v2: empty knowledge, files with versions",
        "manifest-invalid",
        |p| v2(p, AB, |m| m.knowledge = Some(Version::new())),
    ),
    (
        "v2: a file version without an event of its author",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.replicas.insert(OTHER_REPLICA, "Cabinet Dupont".into());
                m.state[0].by = OTHER_REPLICA;
            })
        },
    ),
    (
        "v2: a file author without a name",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.state[0].by = OTHER_REPLICA;
                m.state[0].version = version(&[(TEST_REPLICA, 1), (OTHER_REPLICA, 1)]);
                m.knowledge = Some(version(&[(TEST_REPLICA, 3), (OTHER_REPLICA, 1)]));
            })
        },
    ),
    (
        "v2: the sender's replica without a name",
        "manifest-invalid",
        |p| {
            v2(p, &[], |m| {
                m.replicas.clear();
                m.replicas.insert(OTHER_REPLICA, "Cabinet Dupont".into());
            })
        },
    ),
    (
        "v2: a replica named with nothing",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.replicas.insert(OTHER_REPLICA, String::new());
            })
        },
    ),
    (
        "v2: a replica named with white space only",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.replicas.insert(OTHER_REPLICA, " \u{3000}\u{a0}".into());
            })
        },
    ),
    ("v2: a replica name of two lines", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            m.replicas.insert(OTHER_REPLICA, "Cabinet\nDupont".into());
        })
    }),
    (
        "v2: a replica name of 201 characters",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.replicas.insert(OTHER_REPLICA, "é".repeat(201));
            })
        },
    ),
    ("v2: a version counter of 0", "manifest-invalid", |p| {
        v2_json(p, AB, |json| {
            json.replacen("\"4242424242424242\": 1", "\"4242424242424242\": 0", 1)
        })
    }),
    (
        "v2: a replica named twice in a version",
        "manifest-invalid",
        |p| {
            v2_json(p, AB, |json| {
                json.replacen(
                    "\"4242424242424242\": 1",
                    "\"4242424242424242\": 1, \"4242424242424242\": 1",
                    1,
                )
            })
        },
    ),
    (
        "v2: a replica named twice in the names",
        "manifest-invalid",
        |p| {
            v2_json(p, AB, |json| {
                json.replacen(
                    "\"replicas\": {",
                    "\"replicas\": {\"4242424242424242\": \"Quelqu'un d'autre\",",
                    1,
                )
            })
        },
    ),
    (
        "v2: a replica id that is not 16 hex digits",
        "manifest-invalid",
        |p| {
            v2_json(p, AB, |json| {
                json.replacen("\"by\": \"4242424242424242\"", "\"by\": \"42424242\"", 1)
            })
        },
    ),
    ("v2: a replica id in capitals", "manifest-invalid", |p| {
        let key = hostile::test_key();
        let mut m = hostile::manifest_v2_for(&key, AB);
        m.acks = vec![Ack {
            replica: OTHER_REPLICA,
            sequence: 1,
            archive: Sha256([9; 32]),
        }];
        let json = String::from_utf8(m.to_json().unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_default()
            .replacen("\"acacacacacacacac\"", "\"ACACACACACACACAC\"", 1);
        hostile::sealed_json(p, &key, &m, json.as_bytes(), AB);
    }),
    // Acks, parts, reset, history, knowledge, sender replica.
    ("v2: two acks for one replica", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            let ack = Ack {
                replica: OTHER_REPLICA,
                sequence: 2,
                archive: Sha256([9; 32]),
            };
            m.acks = vec![ack.clone(), Ack { sequence: 3, ..ack }];
        })
    }),
    ("v2: an ack of sequence 0", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            m.acks = vec![Ack {
                replica: OTHER_REPLICA,
                sequence: 0,
                archive: Sha256([9; 32]),
            }];
        })
    }),
    ("v2: part number 0", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            m.part = Some(Part {
                set: ReplicaId([0x5e; 8]),
                index: 0,
                count: 2,
            })
        })
    }),
    (
        "v2: part number beyond the count",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.part = Some(Part {
                    set: ReplicaId([0x5e; 8]),
                    index: 3,
                    count: 2,
                })
            })
        },
    ),
    ("v2: a set of one part", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            m.part = Some(Part {
                set: ReplicaId([0x5e; 8]),
                index: 1,
                count: 1,
            })
        })
    }),
    ("v2: a set of 10001 parts", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            m.part = Some(Part {
                set: ReplicaId([0x5e; 8]),
                index: 1,
                count: 10_001,
            })
        })
    }),
    (
        "v2: a changes archive marked as a reset",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.kind = Kind::Changes;
                m.reset = true;
            })
        },
    ),
    ("v2: a receipt marked as a reset", "manifest-invalid", |p| {
        receipt(p, |m| m.reset = true)
    }),
    ("v2: no history", "manifest-invalid", |p| {
        v2(p, AB, |m| m.history = None)
    }),
    ("v2: no knowledge", "manifest-invalid", |p| {
        v2(p, AB, |m| m.knowledge = None)
    }),
    ("v2: no sender replica", "manifest-invalid", |p| {
        v2(p, AB, |m| m.sender.replica = None)
    }),
    ("v2: carrying version 1 ops", "manifest-invalid", |p| {
        v2(p, AB, |m| {
            m.ops = vec![Op::Delete {
                path: "x".into(),
                old_sha256: Sha256::of(b"x"),
            }]
        })
    }),
    (
        "v2: carrying a version 1 base state",
        "manifest-invalid",
        |p| {
            v2(p, AB, |m| {
                m.kind = Kind::Changes;
                m.base_state = Some(Sha256([1; 32]));
            })
        },
    ),
    (
        "v2: an unknown field in a state entry",
        "manifest-invalid",
        |p| {
            v2_json(p, AB, |json| {
                json.replacen(
                    "\"by\": \"4242424242424242\"",
                    "\"by\": \"4242424242424242\", \"signed_off\": true",
                    1,
                )
            })
        },
    ),
    ("v2: a member given twice", "manifest-invalid", |p| {
        v2_json(p, AB, |json| {
            json.replacen(
                "\"kind\": \"full\",",
                "\"kind\": \"full\", \"kind\": \"full\",",
                1,
            )
        })
    }),
    ("v2: a state not sorted by path", "manifest-invalid", |p| {
        v2(p, AB, |m| m.state.reverse())
    }),
    // Receipts.
    ("receipt carrying a file", "manifest-invalid", |p| {
        receipt(p, |m| m.files = vec![entry("a.txt", b"a")])
    }),
    ("receipt carrying a state", "manifest-invalid", |p| {
        receipt(p, |m| {
            m.state = vec![hostile::state_entry(
                "a.txt",
                b"a",
                Version::of(TEST_REPLICA, 1),
                TEST_REPLICA,
            )];
            m.knowledge = Some(version(&[(TEST_REPLICA, 1), (OTHER_REPLICA, 3)]));
        })
    }),
    ("receipt that is a part", "manifest-invalid", |p| {
        receipt(p, |m| {
            m.part = Some(Part {
                set: ReplicaId([0x5e; 8]),
                index: 1,
                count: 2,
            })
        })
    }),
    (
        "receipt without its receipt field",
        "manifest-invalid",
        |p| receipt(p, |m| m.receipt = None),
    ),
    (
        "v2: a full archive with a receipt field",
        "manifest-invalid",
        |p| {
            let acknowledged = hostile::receipt_v2_for(&hostile::test_key()).receipt;
            v2(p, AB, move |m| m.receipt = acknowledged.clone())
        },
    ),
    (
        "receipt vouched for as a full archive",
        "statement-mismatch",
        |p| {
            let key = hostile::test_key();
            let manifest = hostile::receipt_v2_for(&key);
            let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
            write_zip(p, Some(&json), &[]);
            let mut vouched = manifest.clone();
            vouched.kind = Kind::Full;
            seal_with(p, &key, &vouched, &json);
        },
    ),
    // Version 1 stays version 1.
    (
        "version 1 with a version 2 field",
        "manifest-invalid",
        |p| {
            let key = hostile::test_key();
            let mut manifest = manifest_for(&key, &[("a.txt", b"a")]);
            manifest.knowledge = Some(Version::of(TEST_REPLICA, 1));
            hostile::sealed(p, &key, &manifest, &[("a.txt", b"a")]);
        },
    ),
    ("version 1 receipt", "manifest-invalid", |p| {
        let key = hostile::test_key();
        let mut manifest = manifest_for(&key, &[]);
        manifest.kind = Kind::Receipt;
        hostile::sealed(p, &key, &manifest, &[]);
    }),
    (
        "version 4 with version 3 fields",
        "unsupported-version",
        |p| {
            v2_json(p, AB, |json| {
                json.replace("\"version\": 2", "\"version\": 4")
            })
        },
    ),
    // The state list obeys the path rules even where no content travels.
    ("v2: a state path outside the dossier", "unsafe-path", |p| {
        let key = hostile::test_key();
        let m =
            hostile::changes_v2_for(&key, &[("../evil.txt", b"x"), ("a.txt", b"a")], &["a.txt"]);
        hostile::sealed(p, &key, &m, &[("a.txt", b"a")]);
    }),
    (
        "v2: a state path in the metadata folder",
        "unsafe-path",
        |p| {
            let key = hostile::test_key();
            let m = hostile::changes_v2_for(
                &key,
                &[(".sacoche/dossier.toml", b"x"), ("a.txt", b"a")],
                &["a.txt"],
            );
            hostile::sealed(p, &key, &m, &[("a.txt", b"a")]);
        },
    ),
    (
        "v2: state paths differing only by case",
        "name-collision",
        |p| {
            let key = hostile::test_key();
            let m = hostile::changes_v2_for(&key, &[("A.txt", b"1"), ("a.txt", b"2")], &["a.txt"]);
            hostile::sealed(p, &key, &m, &[("a.txt", b"2")]);
        },
    ),
    (
        "v2: a state file that is also a folder",
        "name-collision",
        |p| {
            let key = hostile::test_key();
            let m = hostile::changes_v2_for(&key, &[("a", b"1"), ("a/b", b"2")], &["a/b"]);
            hostile::sealed(p, &key, &m, &[("a/b", b"2")]);
        },
    ),
    ("v2: a state path listed twice", "duplicate-name", |p| {
        let key = hostile::test_key();
        let m = hostile::changes_v2_for(&key, &[("a.txt", b"1"), ("a.txt", b"2")], &[]);
        hostile::sealed(p, &key, &m, &[]);
    }),
    ("symlink entry", "not-a-regular-file", |p| {
        listed_but(p, &[], &[Item::Symlink("passwd", "/etc/passwd")])
    }),
    ("directory entry", "not-a-regular-file", |p| {
        listed_but(p, &[], &[Item::Dir("dossier/")])
    }),
    ("device entry", "not-a-regular-file", |p| {
        patched(p, &[("console", b"x")], |z| {
            hostile::patch_headers(z, "console", |h, bytes| {
                if h == Header::Central {
                    // External attributes, high half: a Unix character device.
                    bytes[38..42].copy_from_slice(&((0o020_644u32) << 16).to_le_bytes());
                    bytes[5] = 3; // made by Unix
                }
            })
        })
    }),
    (
        "manifest declaring more than 64 MiB",
        "manifest-too-large",
        |p| {
            patched(p, &[], |z| {
                hostile::patch_headers(z, sacoche::archive::MANIFEST_NAME, |h, bytes| {
                    let at = h.uncompressed_size();
                    bytes[at..at + 4].copy_from_slice(&(100u32 << 20).to_le_bytes());
                })
            })
        },
    ),
    (
        "entries with data descriptors (a streaming writer)",
        "valid",
        |p| {
            let key = hostile::test_key();
            let manifest = manifest_for(&key, &[("a.txt", b"streamed")]);
            let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
            let file = fs::File::create(p).unwrap_or_else(|e| panic!("{e}"));
            let mut zip = zip::ZipWriter::new_stream(file);
            for (name, data) in [(archive::MANIFEST_NAME, &json[..]), ("a.txt", b"streamed")] {
                zip.start_file(name, deflated())
                    .unwrap_or_else(|e| panic!("{e}"));
                std::io::Write::write_all(&mut zip, data).unwrap_or_else(|e| panic!("{e}"));
            }
            zip.finish().unwrap_or_else(|e| panic!("{e}"));
            seal_with(p, &key, &manifest, &json);
        },
    ),
    // Local header and central directory agree on every flag bit (§3).
    (
        "local header says UTF-8 names, central does not",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"a")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Local {
                        b[h.flags() + 1] |= 0x08
                    }
                })
            })
        },
    ),
    (
        "central directory says UTF-8 names, local does not",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"a")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Central {
                        b[h.flags() + 1] |= 0x08
                    }
                })
            })
        },
    ),
    (
        "compression option bit 1 in the local header only",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"a")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Local {
                        b[h.flags()] |= 0x02
                    }
                })
            })
        },
    ),
    (
        "compression option bit 2 in the central directory only",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"a")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Central {
                        b[h.flags()] |= 0x04
                    }
                })
            })
        },
    ),
    (
        "data descriptor bit in the local header only",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"a")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Local {
                        b[h.flags()] |= 0x08
                    }
                })
            })
        },
    ),
    (
        "data descriptor bit in the central directory only",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"a")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Central {
                        b[h.flags()] |= 0x08
                    }
                })
            })
        },
    ),
    // Encryption of any kind, whatever the method.
    ("strong encryption flag", "encrypted-entry", |p| {
        patched(p, &[("a.txt", b"secret")], |z| {
            hostile::patch_headers(z, "a.txt", |h, b| b[h.flags()] |= 0x40)
        })
    }),
    ("masked local header flag", "encrypted-entry", |p| {
        patched(p, &[("a.txt", b"secret")], |z| {
            hostile::patch_headers(z, "a.txt", |h, b| b[h.flags() + 1] |= 0x20)
        })
    }),
    (
        "strong encryption flag in the local header only",
        "encrypted-entry",
        |p| {
            patched(p, &[("a.txt", b"secret")], |z| {
                hostile::patch_headers(z, "a.txt", |h, b| {
                    if h == Header::Local {
                        b[h.flags()] |= 0x40
                    }
                })
            })
        },
    ),
    (
        "AES extra field on a stored entry",
        "encrypted-entry",
        |p| with_extra(p, 0x9901, CompressionMethod::Stored),
    ),
    (
        "AES extra field on a deflated entry",
        "encrypted-entry",
        |p| with_extra(p, 0x9901, CompressionMethod::Deflated),
    ),
    (
        "PKWARE strong encryption header extra field",
        "encrypted-entry",
        |p| with_extra(p, 0x0017, CompressionMethod::Stored),
    ),
    ("PKWARE certificate extra field", "encrypted-entry", |p| {
        with_extra(p, 0x0015, CompressionMethod::Deflated)
    }),
    // (A control: an unknown, harmless extra field is fine.)
    ("an unknown extra field", "valid", |p| {
        with_extra(p, 0xCAFE, CompressionMethod::Deflated)
    }),
    // The end records: one, on disk 0, counting and sizing what is there (§3).
    (
        "junk between the central directory and the end record",
        "bad-zip",
        |p| {
            bytes_patched(p, &[("a.txt", b"a")], |b| {
                let e = eocd_of(b);
                b.splice(e..e, *b"junk");
            })
        },
    ),
    ("a second end record before the real one", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            let e = eocd_of(b);
            let copy = b[e..].to_vec();
            b.splice(e..e, copy);
        })
    }),
    ("central directory size one too large", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            let e = eocd_of(b);
            bump32(b, e + 12, 1)
        })
    }),
    ("central directory size one too small", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            let e = eocd_of(b);
            bump32(b, e + 12, u32::MAX)
        })
    }),
    ("entry count one too many", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            let e = eocd_of(b);
            bump16(b, e + 8, 1);
            bump16(b, e + 10, 1);
        })
    }),
    ("entry count one too few", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a"), ("b.txt", b"b")], |b| {
            let e = eocd_of(b);
            bump16(b, e + 8, u16::MAX);
            bump16(b, e + 10, u16::MAX);
        })
    }),
    (
        "entries on this disk differ from the total",
        "bad-zip",
        |p| {
            bytes_patched(p, &[("a.txt", b"a")], |b| {
                let e = eocd_of(b);
                bump16(b, e + 8, 1)
            })
        },
    ),
    ("end record on disk 1", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            let e = eocd_of(b);
            bump16(b, e + 4, 1);
            bump16(b, e + 6, 1);
        })
    }),
    (
        "central directory said to start on disk 1",
        "bad-zip",
        |p| {
            bytes_patched(p, &[("a.txt", b"a")], |b| {
                let e = eocd_of(b);
                bump16(b, e + 6, 1)
            })
        },
    ),
    ("an entry said to start on disk 1", "bad-zip", |p| {
        patched(p, &[("a.txt", b"a")], |z| {
            hostile::patch_headers(z, "a.txt", |h, b| {
                if h == Header::Central {
                    b[34] = 1
                }
            })
        })
    }),
    // (A control: zip64 end records that agree with the classic one are fine.)
    ("zip64 end records that agree", "valid", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| with_zip64(b, |_, _| {}))
    }),
    ("zip64 end record counting one more entry", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            with_zip64(b, |r, _| {
                bump32(r, 24, 1);
                bump32(r, 32, 1);
            })
        })
    }),
    (
        "zip64 end record with another directory size",
        "bad-zip",
        |p| {
            bytes_patched(p, &[("a.txt", b"a")], |b| {
                with_zip64(b, |r, _| bump32(r, 40, 1))
            })
        },
    ),
    (
        "zip64 end record with another directory offset",
        "bad-zip",
        |p| {
            bytes_patched(p, &[("a.txt", b"a")], |b| {
                with_zip64(b, |r, _| bump32(r, 48, 1))
            })
        },
    ),
    ("zip64 end record on disk 1", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            with_zip64(b, |r, _| bump32(r, 16, 1))
        })
    }),
    ("zip64 locator saying two disks", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            with_zip64(b, |_, l| bump32(l, 16, 1))
        })
    }),
    ("zip64 locator pointing elsewhere", "bad-zip", |p| {
        bytes_patched(p, &[("a.txt", b"a")], |b| {
            with_zip64(b, |_, l| bump32(l, 8, 1))
        })
    }),
    // A full archive has no ops: written with their default (`[]`, `null`), the same as
    // absent (§4, §4.2); one op, or a base state, is refused.
    ("full archive with \"ops\": []", "valid", |p| {
        v1_json(p, &[("a.txt", b"a")], |j| {
            j.replacen("{\n", "{\n  \"ops\": [],\n", 1)
        })
    }),
    ("full archive with \"base_state\": null", "valid", |p| {
        v1_json(p, &[("a.txt", b"a")], |j| {
            j.replacen("{\n", "{\n  \"base_state\": null,\n", 1)
        })
    }),
    ("full archive with one op", "manifest-invalid", |p| {
        v1_json(p, &[("a.txt", b"a")], |j| {
            j.replacen(
                "{\n",
                &format!("{{\n  \"ops\": [{{\"op\": \"delete\", \"path\": \"b.txt\", \"old_sha256\": \"{}\"}}],\n", "0".repeat(64)),
                1,
            )
        })
    }),
    ("full archive with a base state", "manifest-invalid", |p| {
        v1_json(p, &[("a.txt", b"a")], |j| {
            j.replacen(
                "{\n",
                &format!("{{\n  \"base_state\": \"{}\",\n", "0".repeat(64)),
                1,
            )
        })
    }),
    ("encrypted entry", "encrypted-entry", |p| {
        patched(p, &[("a.txt", b"secret")], |z| {
            hostile::patch_headers(z, "a.txt", |h, bytes| bytes[h.flags()] |= 1)
        })
    }),
    (
        "unknown compression method",
        "unsupported-compression",
        |p| {
            patched(p, &[("a.txt", b"bzip2?")], |z| {
                hostile::patch_headers(z, "a.txt", |h, bytes| bytes[h.method()] = 12)
            })
        },
    ),
    (
        "local header disagrees with central directory",
        "header-mismatch",
        |p| {
            patched(p, &[("a.txt", b"1")], |z| {
                hostile::patch_headers(z, "a.txt", |h, bytes| {
                    if h == Header::Local {
                        bytes[h.name()] = b'z';
                    }
                })
            })
        },
    ),
    ("overlapping entries", "overlapping-entries", |p| {
        listed_but(
            p,
            &[("a.txt", b"bomb"), ("b.txt", b"bomb")],
            &[
                Item::File("a.txt", b"bomb", deflated()),
                Item::ShallowCopy("a.txt", "b.txt"),
            ],
        )
    }),
    (
        "decompresses beyond the declared size",
        "size-exceeds-declared",
        |p| {
            // Headers and manifest say 4 bytes; the deflate stream holds a megabyte.
            let big = vec![b'A'; 1 << 20];
            let key = hostile::test_key();
            let manifest = manifest_for(&key, &[("a.txt", &big[..4])]);
            let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
            write_zip(p, Some(&json), &[Item::File("a.txt", &big, deflated())]);
            hostile::patch_headers(p, "a.txt", |h, bytes| {
                bytes[h.uncompressed_size()..h.uncompressed_size() + 4]
                    .copy_from_slice(&4u32.to_le_bytes())
            });
            seal_with(p, &key, &manifest, &json);
        },
    ),
    ("manifest not the first entry", "manifest-not-first", |p| {
        let key = hostile::test_key();
        let manifest = manifest_for(&key, &[("a.txt", b"a")]);
        let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
        write_zip(
            p,
            None,
            &[
                Item::File("a.txt", b"a", deflated()),
                Item::File(archive::MANIFEST_NAME, &json, deflated()),
            ],
        );
        seal_with(p, &key, &manifest, &json);
    }),
    ("manifest is not JSON", "manifest-invalid", |p| {
        let key = hostile::test_key();
        let manifest = manifest_for(&key, &[]);
        let json = b"{ not json".to_vec();
        write_zip(p, Some(&json), &[]);
        seal_with(p, &key, &manifest, &json);
    }),
    (
        "manifest of an unknown version",
        "unsupported-version",
        |p| {
            let key = hostile::test_key();
            let manifest = manifest_for(&key, &[]);
            let json = String::from_utf8(manifest.to_json().unwrap_or_else(|e| panic!("{e}")))
                .unwrap_or_default()
                .replace("\"version\": 1", "\"version\": 4")
                .into_bytes();
            write_zip(p, Some(&json), &[]);
            seal_with(p, &key, &manifest, &json);
        },
    ),
    ("manifest with an unknown field", "manifest-invalid", |p| {
        let key = hostile::test_key();
        let manifest = manifest_for(&key, &[]);
        let json = String::from_utf8(manifest.to_json().unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_default()
            .replacen('{', "{\"run\": \"rm -rf /\",", 1)
            .into_bytes();
        write_zip(p, Some(&json), &[]);
        seal_with(p, &key, &manifest, &json);
    }),
    (
        "state id that does not match the files",
        "state-id-mismatch",
        |p| {
            let key = hostile::test_key();
            let mut manifest = manifest_for(&key, &[("a.txt", b"a")]);
            manifest.state_id = Sha256([7; 32]);
            let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
            write_zip(p, Some(&json), &[Item::File("a.txt", b"a", deflated())]);
            seal_with(p, &key, &manifest, &json);
        },
    ),
    // The signed statement in its one canonical form (§6.2), refused at step 2 …
    (
        "statement time with fractional seconds",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-10-27T17:11:47.000+01:00"), |s| {
                s.created = "2020-10-27T17:11:47.000+01:00".into()
            })
        },
    ),
    // (A control: an archive made in UTC, `Z` in both, as sacoche writes it.)
    ("created in UTC, written Z in both", "valid", |p| {
        stated(p, created_as("2020-10-27T16:11:47Z"), |s| {
            s.created = "2020-10-27T16:11:47Z".into()
        })
    }),
    (
        "statement time with a lowercase z",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-10-27T16:11:47z"), |s| {
                s.created = "2020-10-27T16:11:47z".into()
            })
        },
    ),
    (
        "statement time without seconds",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-10-27T17:11+01:00"), |s| {
                s.created = "2020-10-27T17:11+01:00".into()
            })
        },
    ),
    (
        "statement time with a space for T",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-10-27 17:11:47+01:00"), |s| {
                s.created = "2020-10-27 17:11:47+01:00".into()
            })
        },
    ),
    (
        "statement time with a lowercase t",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-10-27t17:11:47+01:00"), |s| {
                s.created = "2020-10-27t17:11:47+01:00".into()
            })
        },
    ),
    (
        "statement time ending in a carriage return",
        "malformed-signature",
        |p| stated(p, |j| j, |s| s.created.push('\r')),
    ),
    (
        "statement time after two spaces",
        "malformed-signature",
        |p| stated(p, |j| j, |s| s.created.insert(0, ' ')),
    ),
    (
        "statement time that is not a date",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-02-30T17:11:47+01:00"), |s| {
                s.created = "2020-02-30T17:11:47+01:00".into()
            })
        },
    ),
    (
        "statement time with offset -00:00",
        "malformed-signature",
        |p| {
            stated(p, created_as("2020-10-27T16:11:47-00:00"), |s| {
                s.created = "2020-10-27T16:11:47-00:00".into()
            })
        },
    ),
    (
        "statement dossier with a trailing space",
        "malformed-signature",
        |p| stated_dossier(p, "8502182 "),
    ),
    (
        "statement dossier with an escape sequence",
        "malformed-signature",
        |p| stated_dossier(p, "8502182\u{1b}]0;x\u{7}"),
    ),
    ("statement dossier with a NUL", "malformed-signature", |p| {
        stated_dossier(p, "8502182\0")
    }),
    // … and compared with the manifest as text, not as the time it parses to (step 8).
    (
        "manifest time with fractional seconds, statement without",
        "manifest-invalid",
        |p| stated(p, created_as("2020-10-27T17:11:47.000+01:00"), |_| {}),
    ),
    (
        "manifest time of the same instant in UTC",
        "statement-mismatch",
        |p| stated(p, created_as("2020-10-27T16:11:47+00:00"), |_| {}),
    ),
    (
        "manifest time of the same instant written Z",
        "statement-mismatch",
        |p| stated(p, created_as("2020-10-27T16:11:47Z"), |_| {}),
    ),
    (
        "manifest time in UTC written Z, statement +00:00",
        "statement-mismatch",
        |p| {
            stated(p, created_as("2020-10-27T16:11:47Z"), |s| {
                s.created = "2020-10-27T16:11:47+00:00".into()
            })
        },
    ),
    (
        "signed statement disagrees with the manifest",
        "statement-mismatch",
        |p| {
            let key = hostile::test_key();
            let manifest = manifest_for(&key, &[("a.txt", b"a")]);
            let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
            write_zip(p, Some(&json), &[Item::File("a.txt", b"a", deflated())]);
            let mut vouched = manifest.clone();
            vouched.sequence = 99;
            seal_with(p, &key, &vouched, &json);
        },
    ),
    ("stored entry with bad CRC", "corrupt-entry", |p| {
        let key = hostile::test_key();
        let manifest = manifest_for(&key, &[("a.txt", b"abcd")]);
        let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        write_zip(p, Some(&json), &[Item::File("a.txt", b"abcd", stored)]);
        // Same size, other bytes: CRC and hash both wrong; the CRC trips first.
        let mut bytes = fs::read(p).unwrap_or_else(|e| panic!("{e}"));
        let at = find(&bytes, b"abcd").unwrap_or_else(|| panic!("no data"));
        bytes[at] = b'X';
        fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
        seal_with(p, &key, &manifest, &json);
    }),
];

fn hostile_header() -> &'static [u8] {
    sacoche::archive::seal::HEADER.as_bytes()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trusting_test_key() -> TrustStore {
    let mut store = TrustStore::default();
    store
        .add(hostile::test_key().public_key(), "GAEC LE GUYON", &[])
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

#[test]
fn every_hostile_archive_is_rejected_for_its_own_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let trust = trusting_test_key();
    let mut wrong = Vec::new();
    for (i, (what, code, build)) in CASES.iter().enumerate() {
        let path = dir.path().join(format!("case{i}.sacoche"));
        build(&path);
        match archive::verify(&path, &trust) {
            Ok(_) if *code == "valid" => {}
            Err(Error::Rejected { reason, .. }) if reason.code() == *code => {}
            Err(Error::Rejected { reason, .. }) => wrong.push(format!(
                "{what}: expected {code}, got {} ({reason})",
                reason.code()
            )),
            other => wrong.push(format!("{what}: expected {code}, got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn extract_of_a_hostile_archive_exits_3_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = dir.path().join("home");
    common::trust(
        &home,
        hostile::test_key().public_key(),
        "GAEC LE GUYON",
        &[],
    );
    // The target sits in a watched folder that already holds files and a sibling.
    let watched = dir.path().join("watched");
    common::write(&watched.join("target/existing.txt"), "keep me");
    common::write(&watched.join("sibling/evil.txt"), "untouched");
    let archives = dir.path().join("archives");
    fs::create_dir_all(&archives).unwrap_or_else(|e| panic!("{e}"));
    let before = common::snapshot(dir.path());
    let home_before = common::snapshot(&home);
    let mut wrong = Vec::new();
    for (i, (what, code, build)) in CASES.iter().enumerate().filter(|(_, c)| c.1 != "valid") {
        let path = archives.join(format!("case{i}.sacoche"));
        build(&path);
        let bytes_before = fs::read(&path).unwrap_or_default();
        let out = common::sacoche(&home)
            .args(["extract"])
            .arg(&path)
            .arg("--to")
            .arg(watched.join("target"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(3) {
            wrong.push(format!(
                "{what} ({code}): exit {:?}: {stderr}",
                out.status.code()
            ));
        }
        if stderr.lines().count() != 1 || !stderr.contains("rejected") {
            wrong.push(format!("{what}: want one 'rejected' line, got: {stderr}"));
        }
        if stderr.contains("panicked") {
            wrong.push(format!("{what}: panicked"));
        }
        if fs::read(&path).unwrap_or_default() != bytes_before {
            wrong.push(format!("{what}: the archive itself was changed"));
        }
        fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        common::snapshot(dir.path()),
        before,
        "something was written"
    );
    assert_eq!(common::snapshot(&home), home_before);
}

#[test]
fn a_key_trusted_for_another_dossier_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("a.sacoche");
    plain(&path, &[("a.txt", b"a")]);
    let mut store = TrustStore::default();
    store
        .add(
            hostile::test_key().public_key(),
            "GAEC LE GUYON",
            &["9999999".parse().unwrap()],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    match archive::verify(&path, &store) {
        Err(Error::Rejected {
            reason: Rejection::SignerNotTrustedForDossier { dossier, .. },
            ..
        }) => assert_eq!(dossier, "8502182"),
        other => panic!("expected signer-not-trusted-for-dossier, got {other:?}"),
    }
    // The same archive verifies once the key is trusted for its dossier.
    store
        .add(
            hostile::test_key().public_key(),
            "GAEC LE GUYON",
            &["8502182".parse().unwrap()],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(archive::verify(&path, &store).is_ok());
}

#[test]
fn untrusted_archives_are_not_parsed_beyond_the_seal() {
    // A stranger's archive with a hostile name: the gate must stop it as untrusted,
    // before the path guard ever sees it.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("a.sacoche");
    let key = hostile::stranger_key();
    let mut manifest = manifest_for(&key, &[]);
    manifest.files = vec![entry("../evil", b"x")];
    manifest.state_id = manifest::state_id(&manifest.files);
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    write_zip(
        &path,
        Some(&json),
        &[Item::File("../evil", b"x", deflated())],
    );
    seal_with(&path, &key, &manifest, &json);
    match archive::verify(&path, &trusting_test_key()) {
        Err(Error::Rejected { reason, .. }) => assert_eq!(reason.code(), "unknown-signer"),
        other => panic!("expected unknown-signer, got {other:?}"),
    }
}

#[test]
fn the_independent_reader_agrees_on_every_case() {
    // tests/interop/independent_reader.py is written from docs/FORMAT.md alone.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (i, (_, code, build)) in CASES.iter().enumerate() {
        let path = dir.path().join(format!("case{i:02}.sacoche"));
        build(&path);
        let outcome = if *code == "valid" {
            "valid".to_string()
        } else {
            format!("rejected: {code}")
        };
        fs::write(
            path.with_extension("expect"),
            format!("expect: {outcome}\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let good = dir.path().join("good.sacoche");
    hostile::good_archive(
        &good,
        &hostile::test_key(),
        &[("a/b.txt", b"b"), ("c.pdf", &[7u8; 5000])],
    );
    fs::write(good.with_extension("expect"), "expect: valid\n").unwrap_or_else(|e| panic!("{e}"));
    // Three digest blocks (4 MiB each): the reader must agree on the block digest, and
    // a byte changed in the last block must be caught.
    let big = dir.path().join("big.sacoche");
    let scan = common::noise(0x2545_F491_4F6C_DD1D, 9_000_000);
    hostile::good_archive(&big, &hostile::test_key(), &[("scans/facture.pdf", &scan)]);
    fs::write(big.with_extension("expect"), "expect: valid\n").unwrap_or_else(|e| panic!("{e}"));
    let mut flipped = fs::read(&big).unwrap_or_else(|e| panic!("{e}"));
    flipped[8_500_000] ^= 0x40;
    let flipped_path = dir.path().join("big-flipped.sacoche");
    fs::write(&flipped_path, &flipped).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        flipped_path.with_extension("expect"),
        "expect: rejected: content-altered\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = common::independent_reader(dir.path());
    assert!(
        report.contains(&format!("{} passed, 0 failed", CASES.len() + 3)),
        "{report}"
    );
}

#[test]
fn the_independent_reader_agrees_on_the_samples() {
    // The same verdicts on every vector of samples/archives/ (versions 1, 2 and 3).
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/archives");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut archives = 0;
    for entry in fs::read_dir(&samples).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, dir.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
            archives += usize::from(path.extension().is_some_and(|e| e == "sacoche"));
        }
    }
    let report = common::independent_reader(dir.path());
    assert!(
        report.contains(&format!("{archives} passed, 0 failed")),
        "{report}"
    );
}

#[test]
fn the_independent_reader_rebuilds_a_ledger_from_a_sample_delta() {
    // Its own delta parser and apply, from FORMAT.md §4.6 alone, rebuild the ledger of
    // v3-delta-valid from samples/dossier-8502182 to the state's SHA-256.
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/independent_reader.py"))
        .arg("--self-test")
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed (.ci/run installs what it needs): {e}"));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("1 sample delta rebuilt"),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes the fuzz regression seeds (`fuzz/regressions/`) from these cases: for each
/// rejection code, up to two archives whose verdict the fuzz target's own function
/// gives alike — the gate's codes for the `gate` target, the others for `reader` — and
/// the manifests of the manifest cases for `manifest`. Each file is named
/// `<expected verdict>--<case>`; `tests/fuzz_regressions.rs` replays them and checks
/// the verdict. Run it after changing the cases:
/// `SACOCHE_WRITE_SEEDS=1 cargo test --test hostile -- --ignored write_fuzz_seeds`.
#[test]
#[ignore = "writes the fuzz regression seeds into the repository"]
fn write_fuzz_seeds() {
    if std::env::var_os("SACOCHE_WRITE_SEEDS").is_none() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let slug = |what: &str| -> String {
        let s: String = what
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let s = s
            .split('-')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        s.chars().take(60).collect()
    };
    let mut per_code: std::collections::HashMap<(&str, String), usize> = Default::default();
    for (i, (what, code, build)) in CASES.iter().enumerate() {
        let path = dir.path().join(format!("case{i}.sacoche"));
        build(&path);
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let verdict = |r: Result<(), Rejection>| match r {
            Ok(()) => "valid".to_string(),
            Err(r) => r.code().to_string(),
        };
        let gate = verdict(
            archive::seal::check(&data[..])
                .unwrap_or_else(|e| panic!("{e}"))
                .map(|_| ()),
        );
        let (target, got) = if gate != "valid" {
            ("gate", gate)
        } else {
            (
                "reader",
                verdict(archive::read::checks_after_gate(&data).map(|_| ())),
            )
        };
        if got != *code {
            continue;
        }
        let seen = per_code.entry((target, got.clone())).or_default();
        if *seen >= 2 {
            continue;
        }
        *seen += 1;
        let name = format!("{got}--{}.sacoche", slug(what));
        fs::write(root.join(target).join(name), &data).unwrap_or_else(|e| panic!("{e}"));
        // The manifest of a manifest case, for the manifest target.
        if target == "reader"
            && matches!(
                got.as_str(),
                "manifest-invalid" | "unsupported-version" | "valid"
            )
            && let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&data))
            && let Ok(mut entry) = zip.by_name(archive::MANIFEST_NAME)
        {
            let mut json = Vec::new();
            if std::io::Read::read_to_end(&mut entry, &mut json).is_ok() {
                let verdict = verdict(Manifest::from_json(&json).map(|_| ()));
                let name = format!("{verdict}--{}.json", slug(what));
                fs::write(root.join("manifest").join(name), json).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}
