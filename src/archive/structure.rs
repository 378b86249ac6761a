//! The zip's own records checked byte by byte before any zip parser sees them (§3, §7
//! step 6): one end record at the signed end, on disk 0, whose counts and sizes agree
//! with its zip64 twin when there is one; a central directory that ends exactly where
//! the end records begin and holds exactly the entries it says; and for each entry a
//! local header that agrees with its central one — name, method and every flag bit —
//! with no encryption of any kind (flag bits, or an AES or PKWARE encryption extra
//! field). What one zip tool tolerates and another refuses, sacoche refuses: §1
//! promises that any zip tool reads an archive the same way.

use std::io;

use super::Rejection;
use super::seal::ReadAt;

// The record signatures, as the writer writes them.
use super::zipout::{
    CENTRAL_SIG, EOCD_SIG, LOCAL_SIG, ZIP64_EOCD_SIG, ZIP64_EXTRA, ZIP64_LOCATOR_SIG,
};
/// Flag bits that mean encryption: 0 (encrypted), 6 (strong encryption), 13 (local
/// header values masked).
const ENCRYPTION_FLAGS: u16 = 1 | (1 << 6) | (1 << 13);
/// Extra fields of encryption: 0x0014–0x0019 (PKWARE strong encryption and its
/// certificates), 0x9901 (WinZip AES).
fn is_encryption_extra(id: u16) -> bool {
    (0x0014..=0x0019).contains(&id) || id == 0x9901
}
/// The largest central directory read at once (a zip of a million entries has one of
/// about 100 MB; a bigger claim is a lie).
const MAX_CENTRAL_DIRECTORY: u64 = 512 << 20;

/// Why the structure is refused, or an I/O error reading it.
type Checked = Result<Result<(), Rejection>, io::Error>;

/// Checks the zip records of the archive `file` whose signed part ends at `signed_len`
/// (the end record is its last 22 bytes).
pub fn check<R: ReadAt + ?Sized>(file: &R, signed_len: u64) -> Checked {
    let Some(eocd_at) = signed_len.checked_sub(22) else {
        return Ok(Err(bad("no end record")));
    };
    let eocd = read(file, eocd_at, 22)?;
    let end = match End::classic(&eocd) {
        Ok(end) => end,
        Err(r) => return Ok(Err(r)),
    };
    let end = match zip64(file, eocd_at, end)? {
        Ok(end) => end,
        Err(r) => return Ok(Err(r)),
    };
    if end.cd_offset.checked_add(end.cd_size) != Some(end.cd_end) {
        return Ok(Err(bad(
            "the central directory does not end where the end records begin",
        )));
    }
    if end.cd_size > MAX_CENTRAL_DIRECTORY {
        return Ok(Err(bad("central directory too large")));
    }
    let cd = read(file, end.cd_offset, end.cd_size as usize)?;
    let mut at = 0usize;
    let mut entries = Vec::new();
    while at < cd.len() {
        let entry = match Central::parse(&cd, at) {
            Ok(entry) => entry,
            Err(r) => return Ok(Err(r)),
        };
        at = entry.next;
        entries.push(entry);
    }
    if entries.len() as u64 != end.count {
        return Ok(Err(bad(
            "the end record's entry count is not the central directory's",
        )));
    }
    // No two entries share a byte (each at least its fixed header and its data).
    let mut spans: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| {
            let least = 30 + e.name.len() as u64;
            (
                e.local_offset,
                e.local_offset
                    .saturating_add(least)
                    .saturating_add(e.compressed),
            )
        })
        .collect();
    spans.sort_unstable();
    if spans
        .iter()
        .zip(spans.iter().skip(1))
        .any(|(a, b)| a.1 > b.0)
    {
        return Ok(Err(Rejection::OverlappingEntries));
    }
    for entry in &entries {
        if let Err(r) = local_agrees(file, entry, end.cd_offset)? {
            return Ok(Err(r));
        }
    }
    Ok(Ok(()))
}

fn bad(why: &str) -> Rejection {
    Rejection::BadZip(why.to_string())
}

fn mismatch(why: &str) -> Rejection {
    Rejection::HeaderMismatch(why.to_string())
}

fn read<R: ReadAt + ?Sized>(file: &R, at: u64, len: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, at)?;
    Ok(buf)
}

/// The `N` bytes at `at` (zeros past the end: the callers check lengths first).
fn bytes_at<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    b.get(at..at + N)
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .unwrap_or([0; N])
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(bytes_at(b, at))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes_at(b, at))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes_at(b, at))
}

/// What the end records say.
#[derive(Debug, Clone, Copy)]
struct End {
    count: u64,
    cd_size: u64,
    cd_offset: u64,
    /// Where the central directory must end: the first end record.
    cd_end: u64,
    /// The classic record's fields were saturated (0xFFFF…): zip64 must give them.
    saturated: bool,
}

impl End {
    fn classic(eocd: &[u8]) -> Result<End, Rejection> {
        if u32_at(eocd, 0) != EOCD_SIG {
            return Err(bad("no end record at the signed end"));
        }
        if u16_at(eocd, 4) != 0 || u16_at(eocd, 6) != 0 {
            return Err(bad("a disk number other than 0 (multi-disk zip)"));
        }
        let (here, total) = (u16_at(eocd, 8), u16_at(eocd, 10));
        if here != total {
            return Err(bad("entries on this disk differ from the total"));
        }
        let (size, offset) = (u32_at(eocd, 12), u32_at(eocd, 16));
        Ok(End {
            count: u64::from(total),
            cd_size: u64::from(size),
            cd_offset: u64::from(offset),
            cd_end: 0,
            saturated: total == 0xFFFF || size == u32::MAX || offset == u32::MAX,
        })
    }
}

/// The end records as a whole: the zip64 record and its locator, when they are there
/// (just before the classic record), must agree with it.
fn zip64<R: ReadAt + ?Sized>(
    file: &R,
    eocd_at: u64,
    classic: End,
) -> Result<Result<End, Rejection>, io::Error> {
    let locator_at = eocd_at.checked_sub(20);
    let locator = match locator_at {
        Some(at) => read(file, at, 20)?,
        None => Vec::new(),
    };
    let (Some(locator_at), true) = (locator_at, u32_at(&locator, 0) == ZIP64_LOCATOR_SIG) else {
        if classic.saturated {
            return Ok(Err(bad("saturated end record without zip64 records")));
        }
        return Ok(Ok(End {
            cd_end: eocd_at,
            ..classic
        }));
    };
    if u32_at(&locator, 4) != 0 || u32_at(&locator, 16) != 1 {
        return Ok(Err(bad("a disk number other than 0 (multi-disk zip)")));
    }
    let record_at = u64_at(&locator, 8);
    // The record (56 bytes with no extensible data) ends where the locator begins.
    if record_at.checked_add(56) != Some(locator_at) {
        return Ok(Err(bad(
            "the zip64 end record is not just before its locator",
        )));
    }
    let record = read(file, record_at, 56)?;
    if u32_at(&record, 0) != ZIP64_EOCD_SIG || u64_at(&record, 4) != 44 {
        return Ok(Err(bad("malformed zip64 end record")));
    }
    if u32_at(&record, 16) != 0 || u32_at(&record, 20) != 0 {
        return Ok(Err(bad("a disk number other than 0 (multi-disk zip)")));
    }
    let (here, total) = (u64_at(&record, 24), u64_at(&record, 32));
    let (size, offset) = (u64_at(&record, 40), u64_at(&record, 48));
    // Each classic field is the zip64 value, or saturated.
    let agrees = |classic: u64, value: u64, max: u64| classic == value || classic == max;
    if here != total
        || !agrees(classic.count, total, 0xFFFF)
        || !agrees(classic.cd_size, size, u64::from(u32::MAX))
        || !agrees(classic.cd_offset, offset, u64::from(u32::MAX))
    {
        return Ok(Err(bad(
            "the zip64 end record disagrees with the classic one",
        )));
    }
    Ok(Ok(End {
        count: total,
        cd_size: size,
        cd_offset: offset,
        cd_end: record_at,
        saturated: false,
    }))
}

/// One central directory header.
struct Central {
    flags: u16,
    method: u16,
    compressed: u64,
    name: Vec<u8>,
    local_offset: u64,
    /// Where the next header starts in the directory.
    next: usize,
}

impl Central {
    fn parse(cd: &[u8], at: usize) -> Result<Central, Rejection> {
        let header = cd
            .get(at..at + 46)
            .ok_or_else(|| bad("the central directory ends inside a header"))?;
        if u32_at(header, 0) != CENTRAL_SIG {
            return Err(bad(
                "the central directory holds something else than its headers",
            ));
        }
        let flags = u16_at(header, 8);
        let method = u16_at(header, 10);
        let (name_len, extra_len, comment_len) = (
            usize::from(u16_at(header, 28)),
            usize::from(u16_at(header, 30)),
            usize::from(u16_at(header, 32)),
        );
        let disk = u16_at(header, 34);
        let mut local_offset = u64::from(u32_at(header, 42));
        let mut compressed = u64::from(u32_at(header, 20));
        let name_at = at + 46;
        let extra_at = name_at + name_len;
        let next = extra_at + extra_len + comment_len;
        let (Some(name), Some(extra)) = (
            cd.get(name_at..extra_at),
            cd.get(extra_at..extra_at + extra_len),
        ) else {
            return Err(bad("the central directory ends inside a header"));
        };
        if next > cd.len() {
            return Err(bad("the central directory ends inside a header"));
        }
        if flags & ENCRYPTION_FLAGS != 0 {
            return Err(Rejection::Encrypted(
                String::from_utf8_lossy(name).into_owned(),
            ));
        }
        // The disk number, from the zip64 extra field when the header's is saturated.
        let mut disk64 = None;
        for (id, data) in extra_fields(extra)? {
            if is_encryption_extra(id) {
                return Err(Rejection::Encrypted(
                    String::from_utf8_lossy(name).into_owned(),
                ));
            }
            if id == ZIP64_EXTRA {
                // The values present are those saturated in the header, in this order.
                let mut values = data.chunks_exact(8).map(|c| u64_at(c, 0));
                let saturated = [
                    u32_at(header, 24) == u32::MAX,
                    u32_at(header, 20) == u32::MAX,
                    local_offset == u64::from(u32::MAX),
                ];
                for (i, is) in saturated.into_iter().enumerate() {
                    if is {
                        let value = values
                            .next()
                            .ok_or_else(|| bad("short zip64 extra field"))?;
                        match i {
                            1 => compressed = value,
                            2 => local_offset = value,
                            _ => {}
                        }
                    }
                }
                if disk == 0xFFFF && data.len() % 8 == 4 {
                    disk64 = data.get(data.len() - 4..).map(|d| u32_at(d, 0));
                }
            }
        }
        let disk = match disk {
            0xFFFF => disk64.unwrap_or(u32::MAX),
            d => u32::from(d),
        };
        if disk != 0 {
            return Err(bad("a disk number other than 0 (multi-disk zip)"));
        }
        Ok(Central {
            flags,
            method,
            compressed,
            name: name.to_vec(),
            local_offset,
            next,
        })
    }
}

/// The (id, data) records of an extra field, which they must fill exactly.
fn extra_fields(extra: &[u8]) -> Result<Vec<(u16, &[u8])>, Rejection> {
    let mut fields = Vec::new();
    let mut at = 0;
    while at < extra.len() {
        let (id, len) = (u16_at(extra, at), usize::from(u16_at(extra, at + 2)));
        let data = extra
            .get(at + 4..at + 4 + len)
            .ok_or_else(|| bad("an extra field runs past its end"))?;
        fields.push((id, data));
        at += 4 + len;
    }
    Ok(fields)
}

/// The local header of `entry` agrees with it: name, method, every flag bit; no
/// encryption extra field. It lies before the central directory.
fn local_agrees<R: ReadAt + ?Sized>(file: &R, entry: &Central, cd_offset: u64) -> Checked {
    let name = String::from_utf8_lossy(&entry.name).into_owned();
    let fixed_end = entry.local_offset.checked_add(30);
    if fixed_end.is_none_or(|end| end > cd_offset) {
        return Ok(Err(bad("a local header outside the entries")));
    }
    let header = read(file, entry.local_offset, 30)?;
    if u32_at(&header, 0) != LOCAL_SIG {
        return Ok(Err(mismatch(&format!("no local header for {name}"))));
    }
    let (name_len, extra_len) = (
        u64::from(u16_at(&header, 26)),
        u64::from(u16_at(&header, 28)),
    );
    if entry.local_offset + 30 + name_len + extra_len > cd_offset {
        return Ok(Err(bad("a local header outside the entries")));
    }
    let rest = read(
        file,
        entry.local_offset + 30,
        (name_len + extra_len) as usize,
    )?;
    let (local_name, extra) = rest.split_at(name_len as usize);
    if local_name != entry.name.as_slice() {
        return Ok(Err(mismatch(&format!("the local name of {name} differs"))));
    }
    if u16_at(&header, 6) & ENCRYPTION_FLAGS != 0 {
        return Ok(Err(Rejection::Encrypted(name)));
    }
    if u16_at(&header, 6) != entry.flags {
        return Ok(Err(mismatch(&format!("the local flags of {name} differ"))));
    }
    if u16_at(&header, 8) != entry.method {
        return Ok(Err(mismatch(&format!(
            "the local method of {name} differs"
        ))));
    }
    match extra_fields(extra) {
        Err(r) => Ok(Err(r)),
        Ok(fields) if fields.iter().any(|(id, _)| is_encryption_extra(*id)) => {
            Ok(Err(Rejection::Encrypted(name)))
        }
        Ok(_) => Ok(Ok(())),
    }
}
