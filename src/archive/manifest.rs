//! The manifest: the archive's first entry, a JSON document saying what the archive is
//! and listing every payload file with its size and SHA-256.
//! Its JSON Schema is `schemas/manifest.schema.json`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::Rejection;
use super::path;
use super::version::{HistoryId, ReplicaId, Version};
use crate::ids::{DossierId, KeyId};

/// The value of the manifest's `format` field.
pub const FORMAT: &str = "sacoche-archive";
/// The newest manifest version: version 2 with `deltas` (files carried as a delta
/// against a version the receiver has). A writer writes it only for an archive that
/// carries a delta, and version 2 otherwise, so that a receiver with an older sacoche
/// still reads every other archive. It also reads version 1 (archives made by
/// sacoche 0.1, before version vectors), which it can verify, show and extract.
pub const VERSION: u64 = 3;
/// The version of an archive that carries no delta.
pub const VERSION_2: u64 = 2;
/// The first manifest version.
pub const VERSION_1: u64 = 1;
/// The largest manifest a reader loads (about 300,000 files).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// A SHA-256 digest, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// Digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256 {
        Sha256(sha2::Sha256::digest(bytes).into())
    }
    /// Parses 64 lowercase hex digits.
    pub fn from_hex(text: &str) -> Option<Sha256> {
        if text.len() != 64 || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).ok()?;
        Some(Sha256(out))
    }
}

impl From<sha2::Sha256> for Sha256 {
    fn from(hasher: sha2::Sha256) -> Sha256 {
        Sha256(hasher.finalize().into())
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({self})")
    }
}

/// Hex in text formats (the manifest, JSON); 32 raw bytes in binary ones (the stat
/// cache and shared state, in postcard).
impl Serialize for Sha256 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            self.0.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Sha256 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            return <[u8; 32]>::deserialize(d).map(Sha256);
        }
        let text = String::deserialize(d)?;
        Sha256::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom("expected 64 lowercase hex digits"))
    }
}

/// What an archive carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The whole dossier: the content of every file of `state`.
    Full,
    /// The content of the files the correspondents have not acknowledged (version 1:
    /// the ops since `base_state`).
    Changes,
    /// An acknowledgement of an archive received: no files (version 2 only).
    Receipt,
}

impl Kind {
    /// The word used in the manifest and the signed statement.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Changes => "changes",
            Kind::Receipt => "receipt",
        }
    }
    /// Parses the word.
    pub fn parse(word: &str) -> Option<Kind> {
        match word {
            "full" => Some(Kind::Full),
            "changes" => Some(Kind::Changes),
            "receipt" => Some(Kind::Receipt),
            _ => None,
        }
    }
}

/// Which dossier an archive belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierRef {
    /// The dossier number, e.g. `8502182`.
    pub id: DossierId,
    /// The holder's name, e.g. `GAEC LE GUYON`.
    pub name: String,
}

/// Who made the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The name in the sender's key.
    pub name: String,
    /// The signing key's id, `XXXX-XXXX-XXXX-XXXX`.
    pub key_id: KeyId,
    /// The dossier folder (replica) that made the archive (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica: Option<ReplicaId>,
}

/// A fiscal year (or any accounting period), both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalPeriod {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl FiscalPeriod {
    /// Parses `2020-01-01..2020-12-31`.
    pub fn parse(text: &str) -> Option<FiscalPeriod> {
        let (a, b) = text.trim().split_once("..")?;
        let start = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").ok()?;
        let end = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").ok()?;
        (start <= end).then_some(FiscalPeriod { start, end })
    }
}

impl fmt::Display for FiscalPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} – {}",
            self.start.format("%d/%m/%Y"),
            self.end.format("%d/%m/%Y")
        )
    }
}

/// One payload file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative path, UTF-8, `/`-separated; also the zip entry's name.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content.
    pub sha256: Sha256,
    /// Last modification time (UTC).
    pub modified: DateTime<Utc>,
}

/// One change in a changes archive. Paths follow the same rules as payload paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase", deny_unknown_fields)]
pub enum Op {
    /// A new file; its content travels in the archive.
    Add {
        path: String,
        sha256: Sha256,
        size: u64,
    },
    /// A changed file: applies only where the receiver still has `old_sha256`.
    Modify {
        path: String,
        old_sha256: Sha256,
        sha256: Sha256,
        size: u64,
    },
    /// A removed file: applies only where the receiver still has `old_sha256`.
    Delete { path: String, old_sha256: Sha256 },
    /// A file moved or renamed, same content: no bytes travel.
    Rename {
        from: String,
        path: String,
        sha256: Sha256,
        size: u64,
    },
}

impl Op {
    /// The path the op results in (or removes).
    pub fn path(&self) -> &str {
        match self {
            Op::Add { path, .. }
            | Op::Modify { path, .. }
            | Op::Delete { path, .. }
            | Op::Rename { path, .. } => path,
        }
    }

    /// The content the op carries in the archive, if any: (sha256, size).
    pub fn carried(&self) -> Option<(Sha256, u64)> {
        match self {
            Op::Add { sha256, size, .. } | Op::Modify { sha256, size, .. } => {
                Some((*sha256, *size))
            }
            Op::Delete { .. } | Op::Rename { .. } => None,
        }
    }
}

/// One file of the sender's whole dossier (version 2): what it is, and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateEntry {
    /// Relative path, as in [`FileEntry`].
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content.
    pub sha256: Sha256,
    /// Last modification time (UTC).
    pub modified: DateTime<Utc>,
    /// Which changes of which replicas this content has seen.
    pub version: Version,
    /// The replica that made this content.
    pub by: ReplicaId,
}

impl StateEntry {
    /// The entry without its version, as `files` lists it.
    pub fn file(&self) -> FileEntry {
        FileEntry {
            path: self.path.clone(),
            size: self.size,
            sha256: self.sha256,
            modified: self.modified,
        }
    }
}

/// A file of `state` carried as a delta against a version of it the receiver has
/// (version 3, `docs/FORMAT.md` §4.6). Its zip entry is [`DeltaEntry::entry_name`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeltaEntry {
    /// The file's path, as in `state`.
    pub path: String,
    /// SHA-256 of the content the delta applies to.
    pub base_sha256: Sha256,
    /// Size of that content.
    pub base_size: u64,
    /// Size of the delta body (the zip entry).
    pub size: u64,
    /// SHA-256 of the delta body.
    pub sha256: Sha256,
}

/// The folder of the zip entries holding delta bodies.
pub const DELTA_FOLDER: &str = ".sacoche/deltas/";

impl DeltaEntry {
    /// The name of its zip entry: `.sacoche/deltas/` then the path.
    pub fn entry_name(&self) -> String {
        format!("{DELTA_FOLDER}{}", self.path)
    }

    /// Its body as a zip entry to read and check like a carried file.
    pub fn body(&self, modified: DateTime<Utc>) -> FileEntry {
        FileEntry {
            path: self.entry_name(),
            size: self.size,
            sha256: self.sha256,
            modified,
        }
    }
}

/// The last archive integrated from one correspondent, acknowledged to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    /// The correspondent's replica.
    pub replica: ReplicaId,
    /// The sequence number of its archive.
    pub sequence: u64,
    /// The archive's id.
    pub archive: Sha256,
}

/// One part of a content split into several archives (for mail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The set the part belongs to (random).
    pub set: ReplicaId,
    /// Its number in the set, from 1.
    pub index: u32,
    /// How many parts the set has (2 or more).
    pub count: u32,
}

/// What became of an archive at its receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptOutcome {
    /// Integrated (possibly with conflict copies).
    Integrated,
    /// Refused; `reason` says why.
    Refused,
}

/// A receipt: the acknowledgement of one archive (kind `receipt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// The archive acknowledged.
    pub archive: Sha256,
    /// Its sender's replica.
    pub replica: ReplicaId,
    /// Its sequence number.
    pub sequence: u64,
    /// Integrated or refused.
    pub outcome: ReceiptOutcome,
    /// For a refusal: the reason code (`stale`, `fiscal-year-mismatch`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Conflict copies the integration made.
    #[serde(default)]
    pub conflicts: u64,
    /// The receiver's state id afterwards.
    pub state_id: Sha256,
}

/// The manifest: version 2 (written), or version 1 (read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `sacoche-archive`.
    pub format: String,
    /// 2 (1 for archives of sacoche 0.1).
    pub version: u64,
    /// Full, changes or receipt.
    pub kind: Kind,
    /// A full archive asking the receiver to become exactly this content (version 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reset: bool,
    /// Which dossier.
    pub dossier: DossierRef,
    /// The dossier's history (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryId>,
    /// When the archive was made, sender's local time with its offset.
    pub created: DateTime<FixedOffset>,
    /// Who made it.
    pub sender: Sender,
    /// The sender's sequence number for this dossier: 1, 2, 3… (version 2: per replica).
    pub sequence: u64,
    /// The fiscal period the dossier covers, when known.
    #[serde(default)]
    pub fiscal_period: Option<FiscalPeriod>,
    /// Why it was sent ("Envoi pour révision").
    #[serde(default)]
    pub purpose: Option<String>,
    /// Free comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// The sender's state: of `state` (version 2), of `files` (version 1 full), after
    /// the ops (version 1 changes), or after integrating the archive acknowledged
    /// (receipts: the same as `receipt.state_id`).
    pub state_id: Sha256,
    /// Version 1 changes archives: the state the ops apply to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_state: Option<Sha256>,
    /// Version 1 changes archives: one op per changed path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<Op>,
    /// The program that wrote the archive, e.g. `sacoche 0.2.0`.
    pub generator: String,
    /// What the sender has integrated: per replica, its events up to this number
    /// (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowledge: Option<Version>,
    /// The last archive integrated from each correspondent (version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acks: Vec<Ack>,
    /// Names of the replicas that made the files of `state`, and of the sender (version 2).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "super::version::unique_map"
    )]
    pub replicas: BTreeMap<ReplicaId, String>,
    /// A part of a split content (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// For a receipt: what it acknowledges (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
    /// The sender's whole dossier with versions, sorted by path (version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state: Vec<StateEntry>,
    /// Files of `state` carried as a delta, sorted by path (version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deltas: Vec<DeltaEntry>,
    /// Every payload file, sorted by path (byte order), each once.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Parses and checks manifest bytes: version, field forms, paths, order, state id.
    pub fn from_json(bytes: &[u8]) -> Result<Manifest, Rejection> {
        #[derive(Deserialize)]
        struct Probe {
            format: Option<String>,
            version: Option<u64>,
            created: Option<String>,
        }
        let probe: Probe =
            serde_json::from_slice(bytes).map_err(|e| Rejection::ManifestInvalid(e.to_string()))?;
        if probe.format.as_deref() != Some(FORMAT) {
            return Err(Rejection::ManifestInvalid(format!(
                "format is not \"{FORMAT}\""
            )));
        }
        match probe.version {
            Some(VERSION | VERSION_2 | VERSION_1) => {}
            Some(v) => return Err(Rejection::UnsupportedVersion(v)),
            None => return Err(Rejection::ManifestInvalid("no version".into())),
        }
        // Whole seconds, the offset `Z` or `±HH:MM` (§4).
        if let Some(created) = &probe.created
            && !super::seal::is_canonical_time(created)
        {
            return Err(Rejection::ManifestInvalid(
                "created is not in the form 2020-10-27T17:11:47+01:00".into(),
            ));
        }
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|e| Rejection::ManifestInvalid(e.to_string()))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// The manifest as written into an archive (pretty JSON, so `unzip -p` is readable).
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    fn check(&self) -> Result<(), Rejection> {
        let invalid = |why: &str| Rejection::ManifestInvalid(why.to_string());
        if self.sequence == 0 {
            return Err(invalid("sequence starts at 1"));
        }
        check_files(&self.files)?;
        if self.version == VERSION_1 {
            self.check_v1()
        } else {
            self.check_v2()
        }
    }

    fn check_v1(&self) -> Result<(), Rejection> {
        let invalid = |why: &str| Rejection::ManifestInvalid(why.to_string());
        let v2_fields = self.reset
            || self.history.is_some()
            || self.sender.replica.is_some()
            || self.knowledge.is_some()
            || !self.acks.is_empty()
            || !self.replicas.is_empty()
            || self.part.is_some()
            || self.receipt.is_some()
            || !self.state.is_empty()
            || !self.deltas.is_empty();
        if v2_fields {
            return Err(invalid("a version 1 manifest has only version 1 fields"));
        }
        match self.kind {
            Kind::Full => {
                if self.base_state.is_some() || !self.ops.is_empty() {
                    return Err(invalid("a full archive has no base state or ops"));
                }
                if state_id(&self.files) != self.state_id {
                    return Err(Rejection::StateIdMismatch);
                }
            }
            Kind::Changes => {
                if self.base_state.is_none() {
                    return Err(invalid("a changes archive needs a base state"));
                }
                check_ops(&self.ops, &self.files)?;
            }
            Kind::Receipt => return Err(invalid("version 1 has no receipts")),
        }
        Ok(())
    }

    fn check_v2(&self) -> Result<(), Rejection> {
        let invalid = |why: &str| Rejection::ManifestInvalid(why.to_string());
        let contradiction = |why: String| Rejection::FilesContradictState(why);
        if self.base_state.is_some() || !self.ops.is_empty() {
            return Err(invalid("version 2 has no base_state or ops"));
        }
        let (Some(_), Some(sender), Some(knowledge)) =
            (self.history, self.sender.replica, &self.knowledge)
        else {
            return Err(invalid(
                "history, sender.replica and knowledge are required",
            ));
        };
        for name in self.replicas.values() {
            if name.trim().is_empty()
                || name.chars().count() > 200
                || name.chars().any(char::is_control)
            {
                return Err(invalid("a replica name is one line of 1 to 200 characters"));
            }
        }
        if !self.replicas.contains_key(&sender) {
            return Err(invalid("the sender's replica has no name"));
        }
        let mut acked = std::collections::HashSet::new();
        if self
            .acks
            .iter()
            .any(|a| !acked.insert(a.replica) || a.sequence == 0)
        {
            return Err(invalid(
                "acks name each replica once, with a sequence from 1",
            ));
        }
        if let Some(part) = self.part
            && (part.count < 2 || part.index == 0 || part.index > part.count || part.count > 10_000)
        {
            return Err(invalid("a part is number 1 to count, of 2 to 10000 parts"));
        }
        if self.reset && self.kind != Kind::Full {
            return Err(invalid("only a full archive can be a reset"));
        }
        match (self.kind, &self.receipt) {
            (Kind::Receipt, Some(r)) => {
                if !self.state.is_empty()
                    || !self.files.is_empty()
                    || !self.deltas.is_empty()
                    || self.part.is_some()
                {
                    return Err(invalid("a receipt carries no state, files or part"));
                }
                if r.sequence == 0 {
                    return Err(invalid("a receipt names a sequence from 1"));
                }
                if r.state_id != self.state_id {
                    return Err(Rejection::StateIdMismatch);
                }
                return Ok(());
            }
            (Kind::Receipt, None) => return Err(invalid("a receipt needs its receipt field")),
            (_, Some(_)) => return Err(invalid("only a receipt has a receipt field")),
            (_, None) => {}
        }
        let listed: Vec<FileEntry> = self.state.iter().map(StateEntry::file).collect();
        check_files(&listed)?;
        if state_id(&listed) != self.state_id {
            return Err(Rejection::StateIdMismatch);
        }
        for entry in &self.state {
            if entry.version.get(entry.by) == 0 {
                return Err(invalid("a file's version includes an event of its author"));
            }
            if !self.replicas.contains_key(&entry.by) {
                return Err(invalid("the author of a file has no name"));
            }
            if !entry.version.le(knowledge) {
                return Err(invalid("a file's version is beyond the sender's knowledge"));
            }
        }
        // Carried contents: each one a file of `state`, identical.
        let mut by_path: HashMap<&str, &FileEntry> =
            listed.iter().map(|f| (f.path.as_str(), f)).collect();
        for file in &self.files {
            match by_path.remove(file.path.as_str()) {
                Some(listed) if listed == file => {}
                Some(_) => {
                    return Err(contradiction(format!(
                        "'{}' differs from its state entry",
                        file.path
                    )));
                }
                None => {
                    return Err(contradiction(format!(
                        "'{}' is not in the state",
                        file.path
                    )));
                }
            }
        }
        if self.kind == Kind::Full && self.part.is_none() && !by_path.is_empty() {
            return Err(contradiction(
                "a full archive carries every file of its state".into(),
            ));
        }
        self.check_deltas(&by_path)
    }

    /// Version 3's deltas (§4.6): for a changes archive, each a file of `state` not
    /// carried whole, against another content, sorted, at most 64 MiB. `uncarried`: the
    /// state entries `files` does not carry.
    fn check_deltas(&self, uncarried: &HashMap<&str, &FileEntry>) -> Result<(), Rejection> {
        let invalid = |why: &str| Rejection::ManifestInvalid(why.to_string());
        if self.deltas.is_empty() {
            return Ok(());
        }
        if self.version != VERSION {
            return Err(invalid("deltas are a version 3 field"));
        }
        if self.kind != Kind::Changes {
            return Err(invalid("only a changes archive carries deltas"));
        }
        for (i, delta) in self.deltas.iter().enumerate() {
            if let Some(previous) = i.checked_sub(1).and_then(|p| self.deltas.get(p)) {
                if previous.path == delta.path {
                    return Err(Rejection::DuplicateName(delta.path.clone()));
                }
                if previous.path.as_bytes() > delta.path.as_bytes() {
                    return Err(invalid("deltas are not sorted by path"));
                }
            }
            let Some(target) = uncarried.get(delta.path.as_str()) else {
                return Err(Rejection::FilesContradictState(format!(
                    "'{}' is carried as a delta but is not a state file left out of files",
                    delta.path
                )));
            };
            if target.sha256 == delta.base_sha256 {
                return Err(invalid("a delta makes another content than its base"));
            }
            if delta.size > super::delta::MAX_DELTA_BYTES
                || delta.size < super::delta::MAGIC.len() as u64
            {
                return Err(invalid("a delta body is 17 bytes to 64 MiB"));
            }
        }
        Ok(())
    }

    /// The state entry of a carried delta: the content it makes.
    pub fn target_of(&self, delta: &DeltaEntry) -> Option<&StateEntry> {
        self.state
            .binary_search_by(|s| s.path.as_bytes().cmp(delta.path.as_bytes()))
            .ok()
            .and_then(|i| self.state.get(i))
    }

    /// Every zip entry after the manifest: the carried files, then the delta bodies.
    pub fn entries(&self) -> Vec<FileEntry> {
        let mut all = self.files.clone();
        all.extend(self.deltas.iter().map(|d| d.body(self.created.to_utc())));
        all
    }

    /// `created` exactly as the manifest's JSON writes it (`…+01:00`, or `…Z` at UTC):
    /// the form the signed statement repeats.
    pub fn created_text(&self) -> String {
        serde_json::to_value(self.created)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| self.created.to_rfc3339())
    }

    /// Total payload bytes (carried files and delta bodies).
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum::<u64>()
            + self.deltas.iter().map(|d| d.size).sum::<u64>()
    }
}

/// The text of a manifest's `created` field, exactly as written in `bytes` (JSON
/// escapes decoded), for the byte-for-byte match with the signed statement.
pub fn created_text_of(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Created {
        created: String,
    }
    serde_json::from_slice::<Created>(bytes)
        .ok()
        .map(|c| c.created)
}

/// Checks a file list: every path passes the path guard, the list is sorted by path
/// with no duplicates, and no two paths collide on a case-insensitive file system.
pub fn check_files(files: &[FileEntry]) -> Result<(), Rejection> {
    let mut seen: HashMap<String, &str> = HashMap::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        path::check_payload(&file.path).map_err(|why| Rejection::UnsafePath {
            name: file.path.clone(),
            why,
        })?;
        if let Some(previous) = i.checked_sub(1).and_then(|p| files.get(p)) {
            if previous.path == file.path {
                return Err(Rejection::DuplicateName(file.path.clone()));
            }
            if previous.path.as_bytes() > file.path.as_bytes() {
                return Err(Rejection::ManifestInvalid(
                    "files are not sorted by path".into(),
                ));
            }
        }
        if let Some(other) = seen.insert(path::collision_key(&file.path), &file.path) {
            return Err(Rejection::NameCollision(
                other.to_string(),
                file.path.clone(),
            ));
        }
    }
    // A file may not also be a folder of another file ("a" and "a/b").
    for file in files {
        for (cut, _) in file.path.match_indices('/') {
            if let Some(other) = seen.get(&path::collision_key(&file.path[..cut])) {
                return Err(Rejection::NameCollision(
                    other.to_string(),
                    file.path.clone(),
                ));
            }
        }
    }
    Ok(())
}

/// Checks a changes archive's ops against its files: each path touched once, every
/// added or modified content present in `files` with the same hash and size, and
/// nothing else in `files`.
pub fn check_ops(ops: &[Op], files: &[FileEntry]) -> Result<(), Rejection> {
    let contradiction = |why: String| Rejection::OpsContradictFiles(why);
    let mut touched: HashMap<String, &str> = HashMap::with_capacity(ops.len() * 2);
    let mut carried: HashMap<&str, (Sha256, u64)> = HashMap::new();
    for op in ops {
        let mut paths = vec![op.path()];
        if let Op::Rename { from, .. } = op {
            paths.push(from);
        }
        for p in paths {
            path::check_payload(p).map_err(|why| Rejection::UnsafePath {
                name: p.to_string(),
                why,
            })?;
            if let Some(other) = touched.insert(path::collision_key(p), p) {
                return Err(contradiction(format!(
                    "'{p}' is changed twice (also as '{other}')"
                )));
            }
        }
        if let Some(content) = op.carried() {
            carried.insert(op.path(), content);
        }
    }
    for file in files {
        match carried.remove(file.path.as_str()) {
            Some((sha, size)) if sha == file.sha256 && size == file.size => {}
            Some(_) => {
                return Err(contradiction(format!(
                    "'{}' differs from its op",
                    file.path
                )));
            }
            None => {
                return Err(contradiction(format!(
                    "'{}' travels without an op",
                    file.path
                )));
            }
        }
    }
    if let Some(path) = carried.keys().next() {
        return Err(contradiction(format!("no content for '{path}'")));
    }
    Ok(())
}

/// The state id of a dossier content: SHA-256 over `sacoche-state-v1\n` followed, for
/// each file in byte order of path, by `path NUL size NUL sha256-hex LF`. The same
/// content gives the same id on any machine; modification times do not count.
pub fn state_id(files: &[FileEntry]) -> Sha256 {
    let mut sorted: Vec<&FileEntry> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"sacoche-state-v1\n");
    for f in sorted {
        hasher.update(f.path.as_bytes());
        hasher.update(b"\0");
        hasher.update(f.size.to_string().as_bytes());
        hasher.update(b"\0");
        hasher.update(f.sha256.to_string().as_bytes());
        hasher.update(b"\n");
    }
    hasher.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, content: &[u8]) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            size: content.len() as u64,
            sha256: Sha256::of(content),
            modified: DateTime::<Utc>::from_timestamp(1_600_000_000, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn state_id_ignores_order_and_times_but_not_content() {
        let a = vec![entry("a.txt", b"1"), entry("b/c.txt", b"2")];
        let mut b = vec![a[1].clone(), a[0].clone()];
        b[0].modified = DateTime::<Utc>::from_timestamp(1, 0).unwrap_or_default();
        assert_eq!(state_id(&a), state_id(&b));
        let c = vec![entry("a.txt", b"1"), entry("b/c.txt", b"3")];
        assert_ne!(state_id(&a), state_id(&c));
        let d = vec![entry("a.txt", b"1"), entry("b/C.txt", b"2")];
        assert_ne!(state_id(&a), state_id(&d));
    }

    #[test]
    fn file_lists_must_be_sorted_unique_and_collision_free() {
        assert_eq!(check_files(&[entry("a", b""), entry("b", b"")]), Ok(()));
        assert!(matches!(
            check_files(&[entry("b", b""), entry("a", b"")]),
            Err(Rejection::ManifestInvalid(_))
        ));
        assert!(matches!(
            check_files(&[entry("a", b""), entry("a", b"")]),
            Err(Rejection::DuplicateName(_))
        ));
        assert!(matches!(
            check_files(&[entry("A", b""), entry("a", b"")]),
            Err(Rejection::NameCollision(..))
        ));
        assert!(matches!(
            check_files(&[entry("a", b""), entry("a/b", b"")]),
            Err(Rejection::NameCollision(..))
        ));
        assert!(matches!(
            check_files(&[entry("../x", b"")]),
            Err(Rejection::UnsafePath { .. })
        ));
    }

    #[test]
    fn fiscal_periods_parse() {
        let p = FiscalPeriod::parse("2020-01-01..2020-12-31");
        assert_eq!(
            p.map(|p| p.to_string()).as_deref(),
            Some("01/01/2020 – 31/12/2020")
        );
        assert!(FiscalPeriod::parse("2020-12-31..2020-01-01").is_none());
        assert!(FiscalPeriod::parse("2020").is_none());
    }
}
