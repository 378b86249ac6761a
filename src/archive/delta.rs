//! A file's new version carried as a delta against a version the receiver has
//! (`docs/FORMAT.md` §4.6): the byte ranges of the base it keeps, and the bytes it adds.
//! For a FEC ledger the ranges are the lines of the écritures kept and the added bytes
//! the lines of the écritures added or modified; an écriture deleted is a range not
//! copied.
//!
//! The body is `sacoche-delta-v1\n` then commands, each `C <offset> <length>\n` (copy
//! that many bytes of the base from that offset) or `I <length>\n` followed by that many
//! bytes (insert them). Numbers are decimal without leading zeros; lengths are at least 1.
//! Hand-written rather than a binary diff crate (xdelta/bsdiff bindings): the receiver's
//! check has to be written by an independent reader from the spec alone, and a line
//! delta of a ledger is a few hundred lines of Rust and Python.

use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};

use rustc_hash::FxHashMap;
use sha2::Digest;

use super::manifest::Sha256;

/// The first line of every delta body.
pub const MAGIC: &[u8] = b"sacoche-delta-v1\n";

/// The largest delta body a reader accepts (it is held in memory); a writer carries the
/// whole file instead.
pub const MAX_DELTA_BYTES: u64 = 64 << 20;

/// One command of a delta body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Copy `len` bytes of the base from `offset`.
    Copy { offset: u64, len: u64 },
    /// Insert the `len` bytes of the body at `at`.
    Insert { at: usize, len: usize },
}

/// Why a delta body is not one (for the receiver: a rejection, `delta-invalid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// It does not start with [`MAGIC`].
    NoMagic,
    /// A command that is not `C <offset> <length>` or `I <length>`, a number with a
    /// leading zero, a length of 0, an insert running past the end.
    Malformed { at: usize },
    /// A copy reaching beyond the base's size.
    OutsideBase { at: usize },
    /// The commands do not make the declared size.
    WrongSize,
}

/// Parses a body against the sizes of its base and of the content it makes.
pub fn parse(body: &[u8], base_size: u64, target_size: u64) -> Result<Vec<Command>, Problem> {
    let rest = body.strip_prefix(MAGIC).ok_or(Problem::NoMagic)?;
    let mut at = MAGIC.len();
    let mut made: u64 = 0;
    let mut commands = Vec::new();
    let mut rest = rest;
    while !rest.is_empty() {
        let bad = Problem::Malformed { at };
        let end = memchr::memchr(b'\n', rest).ok_or(bad)?;
        let (line, after) = (rest.get(..end).ok_or(bad)?, rest.get(end + 1..).ok_or(bad)?);
        let mut words = line.split(|&b| b == b' ');
        let command = match (words.next(), words.next(), words.next(), words.next()) {
            (Some(b"C"), Some(offset), Some(len), None) => {
                let (offset, len) = (number(offset).ok_or(bad)?, number(len).ok_or(bad)?);
                if len == 0 {
                    return Err(bad);
                }
                if offset.checked_add(len).is_none_or(|end| end > base_size) {
                    return Err(Problem::OutsideBase { at });
                }
                rest = after;
                at += end + 1;
                Command::Copy { offset, len }
            }
            (Some(b"I"), Some(len), None, None) => {
                let len = usize::try_from(number(len).ok_or(bad)?).map_err(|_| bad)?;
                if len == 0 || len > after.len() {
                    return Err(bad);
                }
                let start = at + end + 1;
                rest = after.get(len..).ok_or(bad)?;
                at = start + len;
                Command::Insert { at: start, len }
            }
            _ => return Err(bad),
        };
        let len = match command {
            Command::Copy { len, .. } => len,
            Command::Insert { len, .. } => len as u64,
        };
        made = made.checked_add(len).ok_or(Problem::WrongSize)?;
        if made > target_size {
            return Err(Problem::WrongSize);
        }
        commands.push(command);
    }
    if made != target_size {
        return Err(Problem::WrongSize);
    }
    Ok(commands)
}

/// A decimal number without sign or leading zero.
fn number(word: &[u8]) -> Option<u64> {
    if word.is_empty()
        || word.len() > 20
        || (word.len() > 1 && word.first() == Some(&b'0'))
        || !word.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    std::str::from_utf8(word).ok()?.parse().ok()
}

/// Writes the content the `commands` of `body` make from `base`; returns its SHA-256.
pub fn apply<B: Read + Seek>(
    body: &[u8],
    commands: &[Command],
    base: &mut B,
    out: &mut dyn Write,
) -> io::Result<Sha256> {
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    for command in commands {
        match *command {
            Command::Copy { offset, len } => {
                base.seek(SeekFrom::Start(offset))?;
                let mut left = len;
                while left > 0 {
                    let want = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
                    let chunk = buf.get_mut(..want).unwrap_or_default();
                    base.read_exact(chunk)?;
                    hasher.update(&*chunk);
                    out.write_all(chunk)?;
                    left -= want as u64;
                }
            }
            Command::Insert { at, len } => {
                let bytes = body
                    .get(at..at + len)
                    .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "delta insert"))?;
                hasher.update(bytes);
                out.write_all(bytes)?;
            }
        }
    }
    Ok(hasher.into())
}

/// The base's lines: where each starts, its hash, and the first line of each hash.
struct Lines {
    starts: Vec<u64>,
    hashes: Vec<u64>,
    first: FxHashMap<u64, u32>,
    size: u64,
    sha256: Sha256,
}

fn line_hash(line: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(line);
    h.write_usize(line.len());
    h.finish()
}

fn index_lines(mut base: impl BufRead) -> io::Result<Lines> {
    let mut lines = Lines {
        starts: Vec::new(),
        hashes: Vec::new(),
        first: FxHashMap::default(),
        size: 0,
        sha256: Sha256([0; 32]),
    };
    let mut hasher = sha2::Sha256::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if base.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        hasher.update(&line);
        let h = line_hash(&line);
        let n = u32::try_from(lines.hashes.len()).unwrap_or(u32::MAX);
        lines.first.entry(h).or_insert(n);
        lines.starts.push(lines.size);
        lines.hashes.push(h);
        lines.size += line.len() as u64;
    }
    lines.sha256 = hasher.into();
    Ok(lines)
}

/// A delta made, and what it was made from.
#[derive(Debug)]
pub struct Made {
    /// The body.
    pub body: Vec<u8>,
    /// The SHA-256 of the base it was made against (as read).
    pub base_sha256: Sha256,
    /// The size of that base.
    pub base_size: u64,
}

/// The delta that makes `new` from `base`, line by line, or `None` when it would be
/// larger than `limit` bytes (the whole file is then worth carrying). Lines are matched
/// by a 64-bit hash: the caller checks the delta by applying it ([`apply`]) before
/// trusting it.
pub fn make(base: impl BufRead, mut new: impl BufRead, limit: u64) -> io::Result<Option<Made>> {
    let lines = index_lines(base)?;
    let mut body = MAGIC.to_vec();
    let mut pending: Vec<u8> = Vec::new();
    // The copy being extended: (offset, len), and the base line that would continue it.
    let mut copy: Option<(u64, u64)> = None;
    let mut next_line: usize = usize::MAX;
    let mut line = Vec::new();
    let flush_copy = |body: &mut Vec<u8>, copy: &mut Option<(u64, u64)>| {
        if let Some((offset, len)) = copy.take() {
            let _ = writeln!(body, "C {offset} {len}");
        }
    };
    let flush_insert = |body: &mut Vec<u8>, pending: &mut Vec<u8>| {
        if !pending.is_empty() {
            let _ = writeln!(body, "I {}", pending.len());
            body.append(pending);
        }
    };
    loop {
        line.clear();
        if new.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let h = line_hash(&line);
        let len = line.len() as u64;
        if lines.hashes.get(next_line) == Some(&h) && copy.is_some() {
            if let Some((_, l)) = copy.as_mut() {
                *l += len;
            }
            next_line += 1;
        } else if let Some(&j) = lines.first.get(&h) {
            flush_copy(&mut body, &mut copy);
            flush_insert(&mut body, &mut pending);
            let j = j as usize;
            copy = lines.starts.get(j).map(|&start| (start, len));
            next_line = j + 1;
        } else {
            flush_copy(&mut body, &mut copy);
            pending.extend_from_slice(&line);
            next_line = usize::MAX;
        }
        if (body.len() + pending.len()) as u64 > limit {
            return Ok(None);
        }
    }
    flush_copy(&mut body, &mut copy);
    flush_insert(&mut body, &mut pending);
    if body.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(Made {
        body,
        base_sha256: lines.sha256,
        base_size: lines.size,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn round_trip(base: &[u8], new: &[u8]) -> Vec<u8> {
        let made = make(base, new, u64::MAX).unwrap().unwrap();
        assert_eq!(made.base_size, base.len() as u64);
        let commands = parse(&made.body, base.len() as u64, new.len() as u64).unwrap();
        let mut out = Vec::new();
        let sha = apply(&made.body, &commands, &mut Cursor::new(base), &mut out).unwrap();
        assert_eq!(out, new);
        assert_eq!(sha, Sha256::of(new));
        made.body
    }

    #[test]
    fn a_delta_rebuilds_the_new_version_byte_for_byte() {
        let base = b"h\na\nb\nc\nd\n";
        round_trip(base, b"h\na\nb\nc\nd\ne\n");
        round_trip(base, b"h\na\nX\nc\nd\n");
        round_trip(base, b"h\nd\nc\nb\na\n");
        round_trip(base, b"");
        round_trip(b"", b"new\n");
        round_trip(base, b"h\na\nb\nc\nd");
        round_trip(b"no end", b"no end\nthen more");
        let body = round_trip(base, b"h\na\nc\nd\n");
        assert_eq!(body, b"sacoche-delta-v1\nC 0 4\nC 6 4\n");
    }

    #[test]
    fn a_small_change_in_a_long_file_is_a_small_delta() {
        let base: Vec<u8> = (0..10_000)
            .flat_map(|i| format!("VE|{i}|20200101|ligne {i}\n").into_bytes())
            .collect();
        let mut new = base.clone();
        new.extend_from_slice(b"VE|10000|20201231|nouvelle\n");
        let body = round_trip(&base, &new);
        assert!(body.len() < 80, "{}", String::from_utf8_lossy(&body));
        assert!(make(&base[..], &new[..], 10).unwrap().is_none());
    }

    #[test]
    fn malformed_bodies_are_refused() {
        let ok = b"sacoche-delta-v1\nC 0 2\nI 2\nxy";
        assert!(parse(ok, 2, 4).is_ok());
        assert_eq!(parse(b"nope\n", 2, 4), Err(Problem::NoMagic));
        assert_eq!(parse(ok, 1, 4), Err(Problem::OutsideBase { at: 17 }));
        assert_eq!(parse(ok, 2, 5), Err(Problem::WrongSize));
        assert_eq!(parse(ok, 2, 3), Err(Problem::WrongSize));
        for bad in [
            &b"sacoche-delta-v1\nC 00 2\n"[..],
            b"sacoche-delta-v1\nC 0 0\n",
            b"sacoche-delta-v1\nC 0 2",
            b"sacoche-delta-v1\nI 3\nxy",
            b"sacoche-delta-v1\nC  0 2\n",
            b"sacoche-delta-v1\nC 0 2 \n",
            b"sacoche-delta-v1\nD 0 2\n",
            b"sacoche-delta-v1\nI +2\nxy",
        ] {
            assert!(
                matches!(parse(bad, 10, 2), Err(Problem::Malformed { .. })),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(parse(MAGIC, 5, 0), Ok(Vec::new()));
        assert_eq!(
            parse(b"sacoche-delta-v1\nC 18446744073709551615 1\n", u64::MAX, 1),
            Err(Problem::OutsideBase { at: 17 })
        );
    }
}
