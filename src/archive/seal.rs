//! The whole-file signature, kept in the zip's end-of-central-directory (EOCD) comment.
//!
//! The comment is the **signed statement** followed by `signature: <128 hex>\n`. The
//! statement names the format, the dossier, the creation time, the kind, the sequence
//! number, the signer's key, the SHA-256 of the manifest entry's bytes, and the digest
//! of every byte of the file before the comment (the EOCD's comment-length field
//! included): SHA-256 over the SHA-256 of each 4 MiB block, so that all cores can check
//! it. Ed25519 signs the statement. A reader checks all of this before it parses
//! a single zip entry: see `docs/FORMAT.md`.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use rayon::prelude::*;
use sha2::Digest;

use super::Rejection;
use super::manifest::{Kind, Sha256};
use crate::ids::DossierId;
use crate::keys::{OwnKey, PublicKey};

/// First line of every statement: the domain-separation prefix.
pub const HEADER: &str = "sacoche-archive-signature-v1\n";
const EOCD_SIGNATURE: [u8; 4] = *b"PK\x05\x06";
const EOCD_LEN: u64 = 22;
const MAX_COMMENT: u64 = 65_535;
/// How far before the end a reader looks for appended bytes.
const TAIL_WINDOW: u64 = EOCD_LEN + MAX_COMMENT + 64 * 1024;

/// What the signer vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The dossier id.
    pub dossier: DossierId,
    /// Creation time, RFC 3339 with offset, exactly as in the manifest.
    pub created: String,
    /// Full or changes.
    pub kind: Kind,
    /// The sender's sequence number for this dossier.
    pub sequence: u64,
    /// The signer's public key.
    pub public_key: PublicKey,
    /// SHA-256 of the manifest entry's uncompressed bytes.
    pub manifest_sha256: Sha256,
    /// The block digest ([`digest`]) of every byte of the archive before the comment:
    /// the archive id.
    pub archive_digest: Sha256,
}

impl Statement {
    /// The exact bytes that are signed.
    pub fn to_text(&self) -> String {
        format!(
            "{HEADER}format: 1\ndossier: {}\ncreated: {}\nkind: {}\nsequence: {}\nkey-id: {}\npublic-key: {}\nmanifest-sha256: {}\narchive-digest: {}\n",
            self.dossier,
            self.created,
            self.kind.as_str(),
            self.sequence,
            self.public_key.key_id(),
            self.public_key,
            self.manifest_sha256,
            self.archive_digest,
        )
    }

    /// Parses a statement; only the canonical form is accepted.
    fn parse(text: &str) -> Result<Statement, Rejection> {
        let bad = |why: &str| Rejection::MalformedSignature(why.to_string());
        let body = text
            .strip_prefix(HEADER)
            .ok_or_else(|| bad("unknown header"))?;
        let mut lines = body.lines();
        let mut field = |key: &str| -> Result<String, Rejection> {
            lines
                .next()
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(": "))
                .map(str::to_string)
                .ok_or_else(|| bad(&format!("missing {key}")))
        };
        if field("format")? != "1" {
            return Err(bad("unknown statement format"));
        }
        let dossier = DossierId::parse(&field("dossier")?)
            .map_err(|_| bad("dossier id not in canonical form"))?;
        let created = field("created")?;
        if !is_canonical_time(&created) {
            return Err(bad("creation time not in canonical form"));
        }
        let kind = Kind::parse(&field("kind")?).ok_or_else(|| bad("unknown kind"))?;
        let sequence = field("sequence")?
            .parse::<u64>()
            .map_err(|_| bad("sequence is not a number"))?;
        let key_id = field("key-id")?;
        let public_key: PublicKey = field("public-key")?
            .parse()
            .map_err(|_| bad("public key unreadable"))?;
        let manifest_sha256 =
            Sha256::from_hex(&field("manifest-sha256")?).ok_or_else(|| bad("manifest hash"))?;
        let archive_digest =
            Sha256::from_hex(&field("archive-digest")?).ok_or_else(|| bad("archive digest"))?;
        let statement = Statement {
            dossier,
            created,
            kind,
            sequence,
            public_key,
            manifest_sha256,
            archive_digest,
        };
        if key_id != public_key.key_id().to_string() || statement.to_text() != text {
            return Err(bad("not in canonical form"));
        }
        Ok(statement)
    }
}

/// Whether `text` is a creation time in its exact form (§4, §6.2):
/// `YYYY-MM-DDTHH:MM:SS` then the offset, `Z` or `±HH:MM` (never `-00:00`); whole
/// seconds, a real date and time. (sacoche writes `Z` for UTC; version 1 wrote
/// `+00:00` in its statements.)
pub fn is_canonical_time(text: &str) -> bool {
    let b = text.as_bytes();
    let date_time = |b: &[u8]| {
        b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
    };
    let shape = match b.len() {
        20 => b.get(19) == Some(&b'Z') && date_time(b.get(..19).unwrap_or_default()),
        25 => {
            date_time(b.get(..19).unwrap_or_default())
                && matches!(b.get(19), Some(b'+' | b'-'))
                && b.get(22) == Some(&b':')
                && [20, 21, 23, 24]
                    .iter()
                    .all(|&i| b.get(i).is_some_and(u8::is_ascii_digit))
        }
        _ => false,
    };
    shape && !text.ends_with("-00:00") && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// The statement and signature, as read from an archive's comment.
#[derive(Debug, Clone)]
pub struct Seal {
    /// What was signed.
    pub statement: Statement,
    /// Where the comment starts: the number of bytes covered by `archive_digest`.
    pub signed_len: u64,
}

fn comment_text(statement: &Statement, signature: &[u8; 64]) -> String {
    format!(
        "{}signature: {}\n",
        statement.to_text(),
        hex::encode(signature)
    )
}

/// Signs a finished zip in place: `file` must end with an EOCD record whose comment is
/// empty. Sets the comment length, hashes every byte before the comment, signs, and
/// appends the comment. `statement.archive_digest` is filled in here.
pub fn seal(file: &mut File, mut statement: Statement, key: &OwnKey) -> io::Result<Statement> {
    statement.public_key = key.public_key();
    let len = file.seek(SeekFrom::End(0))?;
    if len < EOCD_LEN {
        return Err(io::Error::other("not a finished zip file"));
    }
    let mut eocd = [0u8; EOCD_LEN as usize];
    file.seek(SeekFrom::Start(len - EOCD_LEN))?;
    file.read_exact(&mut eocd)?;
    if eocd[..4] != EOCD_SIGNATURE || eocd[20..22] != [0, 0] {
        return Err(io::Error::other(
            "the zip must end with an end record without comment",
        ));
    }
    let comment_len = comment_text(&statement, &[0; 64]).len();
    let comment_len = u16::try_from(comment_len).map_err(io::Error::other)?;
    file.seek(SeekFrom::Start(len - 2))?;
    file.write_all(&comment_len.to_le_bytes())?;
    file.flush()?;
    statement.archive_digest = digest(&*file, len)?;
    let signature = key.sign(statement.to_text().as_bytes());
    file.seek(SeekFrom::Start(len))?;
    file.write_all(comment_text(&statement, &signature).as_bytes())?;
    file.flush()?;
    Ok(statement)
}

/// The size of the blocks of the archive digest.
pub const DIGEST_BLOCK: u64 = 4 << 20;

/// Positional reads, so that several threads can hash one archive at once.
pub trait ReadAt: Sync {
    /// The number of bytes.
    fn size(&self) -> io::Result<u64>;
    /// Fills `buf` from `offset`; fails if the source ends first.
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()>;
}

impl ReadAt for File {
    fn size(&self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }
    #[cfg(unix)]
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buf, offset)
    }
    #[cfg(windows)]
    fn read_exact_at(&self, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(self, buf, offset) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    buf = buf.get_mut(n..).unwrap_or_default();
                    offset += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl ReadAt for [u8] {
    fn size(&self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        let from = usize::try_from(offset).map_err(io::Error::other)?;
        let src = self
            .get(from..)
            .and_then(|s| s.get(..buf.len()))
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(src);
        Ok(())
    }
}

/// The archive digest of the first `len` bytes of `src`: SHA-256 of the concatenated
/// SHA-256 digests of its consecutive blocks of [`DIGEST_BLOCK`] bytes (the last one
/// may be shorter; no bytes, no block). The blocks are hashed on all cores.
pub fn digest<R: ReadAt + ?Sized>(src: &R, len: u64) -> io::Result<Sha256> {
    const PIECE: usize = 1 << 20;
    let blocks = len.div_ceil(DIGEST_BLOCK);
    let digests = (0..blocks)
        .into_par_iter()
        .map_init(
            || (vec![0u8; PIECE], super::meter::Tally::new()),
            |(buf, tally), block| -> io::Result<[u8; 32]> {
                let start = block * DIGEST_BLOCK;
                let end = (start + DIGEST_BLOCK).min(len);
                let mut hasher = sha2::Sha256::new();
                let mut at = start;
                while at < end {
                    let n = usize::try_from((end - at).min(PIECE as u64)).unwrap_or(PIECE);
                    let piece = buf.get_mut(..n).unwrap_or_default();
                    src.read_exact_at(piece, at)?;
                    hasher.update(&*piece);
                    tally.add(n as u64);
                    at += n as u64;
                }
                Ok(hasher.finalize().into())
            },
        )
        .collect::<io::Result<Vec<[u8; 32]>>>()?;
    let mut outer = sha2::Sha256::new();
    for d in &digests {
        outer.update(d);
    }
    Ok(outer.into())
}

/// Reads the seal of an archive and checks the signature and every signed byte.
/// Parses nothing of the zip but its last record: this is the gate.
pub fn check<R: ReadAt + ?Sized>(file: &R) -> Result<Result<Seal, Rejection>, io::Error> {
    check_with(file, None)
}

/// [`check`], except that the block digest is not recomputed when the statement's
/// digest is `known`: the caller checked this very file (same identity on disk) before.
/// Everything else — the end record, the statement, the signature — is checked again.
pub fn check_with<R: ReadAt + ?Sized>(
    file: &R,
    known: Option<Sha256>,
) -> Result<Result<Seal, Rejection>, io::Error> {
    let len = file.size()?;
    let start = len.saturating_sub(TAIL_WINDOW);
    let mut tail = vec![0u8; usize::try_from(len - start).map_err(io::Error::other)?];
    file.read_exact_at(&mut tail, start)?;
    let head_len = len.min(4) as usize;
    let mut head = [0u8; 4];
    let head = head.get_mut(..head_len).unwrap_or_default();
    file.read_exact_at(head, 0)?;
    let looks_like_zip = head_len > 0 && Some(&*head) == b"PK\x03\x04".get(..head_len);

    let comment = match find_comment(&tail) {
        Found::Exact(at) => tail.get(at..).unwrap_or_default(),
        Found::Appended(n) => return Ok(Err(Rejection::TrailingBytes(n))),
        Found::Nothing if looks_like_zip => return Ok(Err(Rejection::Truncated)),
        Found::Nothing => return Ok(Err(Rejection::NotAnArchive)),
    };
    let signed_len = len - comment.len() as u64;
    if !comment.starts_with(HEADER.as_bytes()) {
        return Ok(Err(Rejection::Unsigned));
    }
    let Ok(text) = std::str::from_utf8(comment) else {
        return Ok(Err(Rejection::MalformedSignature("not text".into())));
    };
    let Some((statement_text, signature_line)) = text
        .rfind("signature: ")
        .map(|at| (&text[..at], &text[at..]))
    else {
        return Ok(Err(Rejection::MalformedSignature("no signature".into())));
    };
    let mut signature = [0u8; 64];
    let sig_hex = signature_line
        .strip_prefix("signature: ")
        .and_then(|s| s.strip_suffix('\n'))
        .filter(|s| s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    if sig_hex.is_none_or(|h| hex::decode_to_slice(h, &mut signature).is_err()) {
        return Ok(Err(Rejection::MalformedSignature(
            "signature is not 128 hex digits".into(),
        )));
    }
    let statement = match Statement::parse(statement_text) {
        Ok(s) => s,
        Err(r) => return Ok(Err(r)),
    };
    if !statement
        .public_key
        .verify_strict(statement_text.as_bytes(), &signature)
    {
        return Ok(Err(Rejection::BadSignature));
    }
    if known != Some(statement.archive_digest)
        && digest(file, signed_len)? != statement.archive_digest
    {
        return Ok(Err(Rejection::ContentAltered));
    }
    Ok(Ok(Seal {
        statement,
        signed_len,
    }))
}

enum Found {
    /// The comment starts at this offset of the tail and runs to its end.
    Exact(usize),
    /// A sacoche comment ends this many bytes before the end of the file.
    Appended(u64),
    Nothing,
}

/// Looks backwards for an EOCD record whose comment ends exactly at the end of `tail`.
fn find_comment(tail: &[u8]) -> Found {
    let mut appended = None;
    let last = tail.len().saturating_sub(EOCD_LEN as usize);
    for at in (0..=last).rev() {
        if tail.get(at..at + 4) != Some(&EOCD_SIGNATURE[..]) {
            continue;
        }
        let Some(&[lo, hi]) = tail.get(at + 20..at + 22) else {
            continue;
        };
        let comment_at = at + EOCD_LEN as usize;
        let end = comment_at + usize::from(u16::from_le_bytes([lo, hi]));
        if end == tail.len() {
            return Found::Exact(comment_at);
        }
        if end < tail.len()
            && appended.is_none()
            && tail
                .get(comment_at..end)
                .is_some_and(|c| c.starts_with(HEADER.as_bytes()))
        {
            appended = Some((tail.len() - end) as u64);
        }
    }
    appended.map_or(Found::Nothing, Found::Appended)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudo_random(len: usize) -> Vec<u8> {
        (0..len as u64)
            .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as u8)
            .collect()
    }

    /// The definition in FORMAT.md, written out plainly.
    fn by_definition(bytes: &[u8]) -> Sha256 {
        let mut outer = sha2::Sha256::new();
        for block in bytes.chunks(DIGEST_BLOCK as usize) {
            outer.update(sha2::Sha256::digest(block));
        }
        outer.into()
    }

    #[test]
    fn the_digest_is_sha256_of_the_block_hashes() {
        let block = DIGEST_BLOCK as usize;
        let data = pseudo_random(2 * block + 5);
        for len in [0, 1, block - 1, block, block + 1, 2 * block, 2 * block + 5] {
            let part = &data[..len];
            assert_eq!(
                digest(part, len as u64).unwrap(),
                by_definition(part),
                "{len}"
            );
        }
        // Not the plain SHA-256 of the bytes, and every block counts.
        assert_ne!(by_definition(&data), Sha256::of(&data));
        let mut changed = data.clone();
        changed[2 * block + 4] ^= 1;
        assert_ne!(
            digest(&changed[..], changed.len() as u64).unwrap(),
            digest(&data[..], data.len() as u64).unwrap()
        );
    }

    #[test]
    fn a_file_and_its_bytes_have_the_same_digest() {
        let data = pseudo_random(DIGEST_BLOCK as usize + 123);
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&data).unwrap();
        assert_eq!(
            digest(&file, data.len() as u64).unwrap(),
            digest(&data[..], data.len() as u64).unwrap()
        );
        assert!(
            digest(&file, data.len() as u64 + 1).is_err(),
            "reading past the end fails"
        );
    }
}
