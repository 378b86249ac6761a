//! Builds validly *signed* archives with hostile content, to exercise every check the
//! reader makes after the signature gate. Also used by `examples/make_samples.rs`.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use sacoche::archive::MANIFEST_NAME;
use sacoche::archive::manifest::{
    self, Ack, DossierRef, FileEntry, Kind, Manifest, Receipt, ReceiptOutcome, Sender, Sha256,
    StateEntry,
};
use sacoche::archive::seal::{self, Statement};
use sacoche::archive::version::{HistoryId, ReplicaId, Version};
use sacoche::keys::OwnKey;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// The sample and test signer: a fixed key, never used for anything real.
pub fn test_key() -> OwnKey {
    OwnKey::from_secret_bytes("GAEC LE GUYON (clé d'essai)", [0x42; 32])
}

/// Another fixed key, trusted by nobody.
pub fn stranger_key() -> OwnKey {
    OwnKey::from_secret_bytes("Inconnu", [0x66; 32])
}

/// The fixed creation time of test archives.
pub fn created() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2020-10-27T17:11:47+01:00").unwrap_or_else(|e| panic!("{e}"))
}

/// A manifest entry for `content`.
pub fn entry(path: &str, content: &[u8]) -> FileEntry {
    FileEntry {
        path: path.to_string(),
        size: content.len() as u64,
        sha256: Sha256::of(content),
        modified: created().to_utc(),
    }
}

/// A consistent manifest (version 1: the container checks do not depend on the
/// version) for `files` (sorted here), signed by `key`.
pub fn manifest_for(key: &OwnKey, files: &[(&str, &[u8])]) -> Manifest {
    let mut entries: Vec<FileEntry> = files.iter().map(|(p, c)| entry(p, c)).collect();
    entries.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    Manifest {
        format: manifest::FORMAT.into(),
        version: manifest::VERSION_1,
        kind: Kind::Full,
        reset: false,
        history: None,
        dossier: DossierRef {
            id: "8502182".parse().unwrap_or_else(|e| panic!("{e}")),
            name: "GAEC LE GUYON".into(),
        },
        created: created(),
        sender: Sender {
            name: key.name.clone(),
            key_id: key.public_key().key_id(),
            replica: None,
        },
        sequence: 1,
        fiscal_period: None,
        purpose: None,
        comment: None,
        state_id: manifest::state_id(&entries),
        base_state: None,
        ops: Vec::new(),
        generator: "sacoche tests".into(),
        knowledge: None,
        acks: Vec::new(),
        replicas: Default::default(),
        part: None,
        receipt: None,
        state: Vec::new(),
        deltas: Vec::new(),
        files: entries,
    }
}

/// The replica of the test signer in version 2 manifests.
pub const TEST_REPLICA: ReplicaId = ReplicaId([0x42; 8]);

/// A consistent version 2 full manifest for `files`: each file made by the test
/// replica, its knowledge covering them.
pub fn manifest_v2_for(key: &OwnKey, files: &[(&str, &[u8])]) -> Manifest {
    let mut m = manifest_for(key, files);
    m.version = manifest::VERSION_2;
    m.history = Some(HistoryId([0x17; 16]));
    m.sender.replica = Some(TEST_REPLICA);
    m.replicas.insert(TEST_REPLICA, key.name.clone());
    m.state = m
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| StateEntry {
            path: f.path.clone(),
            size: f.size,
            sha256: f.sha256,
            modified: f.modified,
            version: Version::of(TEST_REPLICA, i as u64 + 1),
            by: TEST_REPLICA,
        })
        .collect();
    m.knowledge = Some(Version::of(TEST_REPLICA, m.files.len() as u64 + 1));
    m
}

/// Another correspondent's replica (the accountant's copy) in version 2 manifests.
pub const OTHER_REPLICA: ReplicaId = ReplicaId([0xac; 8]);

/// A version 2 state entry for `content`, of `version`, made by `by`.
pub fn state_entry(path: &str, content: &[u8], version: Version, by: ReplicaId) -> StateEntry {
    let file = entry(path, content);
    StateEntry {
        path: file.path,
        size: file.size,
        sha256: file.sha256,
        modified: file.modified,
        version,
        by,
    }
}

/// A consistent version 2 changes manifest: `state` is the sender's whole dossier (as
/// [`manifest_v2_for`] makes it), of which only the paths in `carried` travel.
pub fn changes_v2_for(key: &OwnKey, state: &[(&str, &[u8])], carried: &[&str]) -> Manifest {
    let mut m = manifest_v2_for(key, state);
    m.kind = Kind::Changes;
    m.sequence = 2;
    m.files.retain(|f| carried.contains(&f.path.as_str()));
    m
}

/// A consistent version 3 changes manifest: [`changes_v2_for`], plus each of `deltas`
/// (path, base content, delta body) carried as a delta against that base.
pub fn changes_v3_for(
    key: &OwnKey,
    state: &[(&str, &[u8])],
    carried: &[&str],
    deltas: &[(&str, &[u8], &[u8])],
) -> Manifest {
    let mut m = changes_v2_for(key, state, carried);
    m.version = manifest::VERSION;
    m.deltas = deltas
        .iter()
        .map(|(path, base, body)| manifest::DeltaEntry {
            path: path.to_string(),
            base_sha256: Sha256::of(base),
            base_size: base.len() as u64,
            size: body.len() as u64,
            sha256: Sha256::of(body),
        })
        .collect();
    m
}

/// A consistent version 2 receipt: the test replica acknowledges that archive
/// `[9; 32]`, number 3 of [`OTHER_REPLICA`], was integrated.
pub fn receipt_v2_for(key: &OwnKey) -> Manifest {
    let mut m = manifest_v2_for(key, &[]);
    let after = Sha256([5; 32]);
    m.kind = Kind::Receipt;
    m.sequence = 2;
    m.state_id = after;
    m.knowledge = Some(Version::of(OTHER_REPLICA, 3));
    m.acks = vec![Ack {
        replica: OTHER_REPLICA,
        sequence: 3,
        archive: Sha256([9; 32]),
    }];
    m.receipt = Some(Receipt {
        archive: Sha256([9; 32]),
        replica: OTHER_REPLICA,
        sequence: 3,
        outcome: ReceiptOutcome::Integrated,
        reason: None,
        conflicts: 0,
        state_id: after,
    });
    m
}

/// Writes and seals `manifest` with the zip of exactly `files` (sorted here).
pub fn sealed(path: &Path, key: &OwnKey, manifest: &Manifest, files: &[(&str, &[u8])]) {
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    sealed_json(path, key, manifest, &json, files);
}

/// Writes `json` as the manifest (a manifest's JSON, possibly edited by hand) and the zip
/// of exactly `files` (sorted here), sealed vouching for `manifest`'s statement fields.
pub fn sealed_json(
    path: &Path,
    key: &OwnKey,
    manifest: &Manifest,
    json: &[u8],
    files: &[(&str, &[u8])],
) {
    let mut sorted: Vec<&(&str, &[u8])> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let items: Vec<Item<'_>> = sorted
        .iter()
        .map(|(p, c)| Item::File(p, c, deflated()))
        .collect();
    write_zip(path, Some(json), &items);
    seal_with(path, key, manifest, json);
}

/// One zip entry to write.
pub enum Item<'a> {
    /// A file with its options.
    File(&'a str, &'a [u8], SimpleFileOptions),
    /// A directory entry.
    Dir(&'a str),
    /// A symlink entry.
    Symlink(&'a str, &'a str),
    /// A second central-directory entry sharing the bytes of an earlier one.
    ShallowCopy(&'a str, &'a str),
}

/// Default options: deflate.
pub fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// Writes `items` as a zip (the manifest bytes first unless they are in `items`),
/// without sealing it.
pub fn write_zip(path: &Path, manifest_json: Option<&[u8]>, items: &[Item<'_>]) {
    let file = File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = ZipWriter::new(file);
    if let Some(json) = manifest_json {
        zip.start_file(MANIFEST_NAME, deflated())
            .unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(json).unwrap_or_else(|e| panic!("{e}"));
    }
    for item in items {
        match item {
            Item::File(name, data, options) => {
                zip.start_file(*name, *options)
                    .unwrap_or_else(|e| panic!("{e}"));
                zip.write_all(data).unwrap_or_else(|e| panic!("{e}"));
            }
            Item::Dir(name) => zip
                .add_directory(*name, deflated())
                .unwrap_or_else(|e| panic!("{e}")),
            Item::Symlink(name, target) => zip
                .add_symlink(*name, *target, deflated())
                .unwrap_or_else(|e| panic!("{e}")),
            Item::ShallowCopy(from, to) => zip
                .shallow_copy_file(from, to)
                .unwrap_or_else(|e| panic!("{e}")),
        }
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
}

/// The statement that vouches for `manifest` (written as `manifest_json`), signed by
/// `key`; its archive digest is filled in when sealing.
fn statement_for(key: &OwnKey, manifest: &Manifest, manifest_json: &[u8]) -> Statement {
    Statement {
        dossier: manifest.dossier.id.clone(),
        created: manifest.created.to_rfc3339(),
        kind: manifest.kind,
        sequence: manifest.sequence,
        public_key: key.public_key(),
        manifest_sha256: Sha256::of(manifest_json),
        archive_digest: Sha256([0; 32]),
    }
}

/// [`seal_with`], the statement edited by `edit` before it is signed (a signer that
/// writes its statement fields in another form).
pub fn seal_edited(
    path: &Path,
    key: &OwnKey,
    manifest: &Manifest,
    manifest_json: &[u8],
    edit: impl FnOnce(&mut Statement),
) {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut statement = statement_for(key, manifest, manifest_json);
    edit(&mut statement);
    seal::seal(&mut file, statement, key).unwrap_or_else(|e| panic!("{e}"));
}

/// Seals a finished zip with `key` as [`seal::seal`] does, but signs the statement's
/// text as `edit` rewrites it: a statement no [`Statement`] value can hold (a dossier
/// number with a space, a control character).
pub fn seal_text_edited(
    path: &Path,
    key: &OwnKey,
    manifest: &Manifest,
    manifest_json: &[u8],
    edit: impl Fn(String) -> String,
) {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut statement = statement_for(key, manifest, manifest_json);
    let comment = |statement: &Statement, signature: &[u8; 64]| {
        format!(
            "{}signature: {}\n",
            edit(statement.to_text()),
            hex::encode(signature)
        )
    };
    let len = file
        .seek(SeekFrom::End(0))
        .unwrap_or_else(|e| panic!("{e}"));
    let comment_len =
        u16::try_from(comment(&statement, &[0; 64]).len()).unwrap_or_else(|e| panic!("{e}"));
    let mut eocd = [0u8; 22];
    file.seek(SeekFrom::Start(len - 22))
        .and_then(|_| file.read_exact(&mut eocd))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&eocd[20..22], &[0, 0], "the zip already has a comment");
    file.seek(SeekFrom::Start(len - 2))
        .and_then(|_| file.write_all(&comment_len.to_le_bytes()))
        .unwrap_or_else(|e| panic!("{e}"));
    statement.archive_digest = seal::digest(&file, len).unwrap_or_else(|e| panic!("{e}"));
    let signature = key.sign(edit(statement.to_text()).as_bytes());
    file.seek(SeekFrom::Start(len))
        .and_then(|_| file.write_all(comment(&statement, &signature).as_bytes()))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Seals a finished zip with `key`, vouching for `manifest` and `manifest_json`.
pub fn seal_with(path: &Path, key: &OwnKey, manifest: &Manifest, manifest_json: &[u8]) {
    seal_edited(path, key, manifest, manifest_json, |_| {});
}

/// A well-formed archive of `files`, signed by `key`.
pub fn good_archive(path: &Path, key: &OwnKey, files: &[(&str, &[u8])]) -> Manifest {
    let manifest = manifest_for(key, files);
    let json = manifest.to_json().unwrap_or_else(|e| panic!("{e}"));
    let mut sorted: Vec<&(&str, &[u8])> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let items: Vec<Item<'_>> = sorted
        .iter()
        .map(|(p, c)| Item::File(p, c, deflated()))
        .collect();
    write_zip(path, Some(&json), &items);
    seal_with(path, key, &manifest, &json);
    manifest
}

/// Rewrites bytes of an unsealed zip: every occurrence of the local header (`PK\x03\x04`)
/// and central header (`PK\x01\x02`) for `name` is passed to `edit` with its kind.
pub fn patch_headers(path: &Path, name: &str, edit: impl Fn(Header, &mut [u8])) {
    let mut bytes = fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    let mut at = 0;
    while at + 46 <= bytes.len() {
        let sig = &bytes[at..at + 4];
        let (kind, name_len_at, fixed) = if sig == b"PK\x03\x04" {
            (Header::Local, 26, 30)
        } else if sig == b"PK\x01\x02" {
            (Header::Central, 28, 46)
        } else {
            at += 1;
            continue;
        };
        let n = u16::from_le_bytes([bytes[at + name_len_at], bytes[at + name_len_at + 1]]) as usize;
        if at + fixed + n <= bytes.len() && &bytes[at + fixed..at + fixed + n] == name.as_bytes() {
            edit(kind, &mut bytes[at..at + fixed + n]);
        }
        at += 4;
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
}

/// Which zip header `patch_headers` is editing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Header {
    Local,
    Central,
}

impl Header {
    /// Offset of the general-purpose flags.
    pub fn flags(self) -> usize {
        match self {
            Header::Local => 6,
            Header::Central => 8,
        }
    }
    /// Offset of the compression method.
    pub fn method(self) -> usize {
        self.flags() + 2
    }
    /// Offset of the uncompressed size.
    pub fn uncompressed_size(self) -> usize {
        match self {
            Header::Local => 22,
            Header::Central => 24,
        }
    }
    /// Offset of the file name.
    pub fn name(self) -> usize {
        match self {
            Header::Local => 30,
            Header::Central => 46,
        }
    }
}
