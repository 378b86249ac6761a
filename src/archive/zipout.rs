//! A minimal zip writer for the layout of FORMAT.md §3: entries whose data was
//! compressed elsewhere (on other cores, in pieces) are written as raw bytes, in order,
//! with their CRC-32 and sizes patched into the local header once known. Zip64 records
//! where sizes or offsets need them; no data descriptors, no extra fields otherwise.

use std::io::{self, Seek, SeekFrom, Write};

pub(crate) const LOCAL_SIG: u32 = 0x0403_4b50;
pub(crate) const CENTRAL_SIG: u32 = 0x0201_4b50;
pub(crate) const EOCD_SIG: u32 = 0x0605_4b50;
pub(crate) const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
pub(crate) const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
pub(crate) const ZIP64_EXTRA: u16 = 0x0001;
/// Bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// Unix (3), specification 4.5.
const MADE_BY: u16 = (3 << 8) | 45;
/// A regular file, rw-r--r--.
const EXTERNAL_ATTRS: u32 = 0o100_644 << 16;
const U32_MAX: u64 = 0xFFFF_FFFF;

/// Where zip64 takes over: the zip format's own limits (`ZIP`), or lower ones so that
/// the tests run the zip64 paths on small archives. A value at or above `size` is
/// written saturated (0xFFFFFFFF) with its real value in the zip64 fields, a count at
/// or above `count` likewise (0xFFFF).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Sizes and offsets.
    pub size: u64,
    /// The number of entries.
    pub count: u64,
}

impl Limits {
    /// The limits of the zip format.
    pub const ZIP: Limits = Limits {
        size: U32_MAX,
        count: 0xFFFF,
    };

    fn u32_field(self, value: u64) -> u32 {
        if value >= self.size {
            u32::MAX
        } else {
            value as u32
        }
    }
}

/// How an entry's data is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// As is (method 0).
    Stored,
    /// Deflate (method 8).
    Deflated,
}

impl Method {
    fn code(self) -> u16 {
        match self {
            Method::Stored => 0,
            Method::Deflated => 8,
        }
    }
}

/// What the central directory needs of an entry.
#[derive(Debug)]
struct Record {
    name: Vec<u8>,
    method: Method,
    time: u16,
    date: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

/// The entry being written.
#[derive(Debug)]
struct Open {
    record: Record,
    zip64_local: bool,
}

/// Writes a zip to `W`, one entry after the other.
#[derive(Debug)]
pub struct ZipOut<W: Write + Seek> {
    out: W,
    at: u64,
    records: Vec<Record>,
    open: Option<Open>,
    limits: Limits,
}

impl<W: Write + Seek> ZipOut<W> {
    /// A zip starting at the current position 0 of `out`.
    pub fn new(out: W) -> ZipOut<W> {
        Self::with_limits(out, Limits::ZIP)
    }

    /// [`ZipOut::new`] with zip64 taking over at `limits` (the tests lower them).
    pub fn with_limits(out: W, limits: Limits) -> ZipOut<W> {
        ZipOut {
            out,
            at: 0,
            records: Vec::new(),
            open: None,
            limits,
        }
    }

    /// Starts an entry whose uncompressed size will be `size`; its data follows through
    /// [`ZipOut::data`], then [`ZipOut::end`] gives its CRC-32 and compressed size.
    /// `time`, `date`: MS-DOS time and date.
    pub fn begin(
        &mut self,
        name: &str,
        method: Method,
        (time, date): (u16, u16),
        size: u64,
    ) -> io::Result<()> {
        if self.open.is_some() {
            return Err(io::Error::other("zip entry already open"));
        }
        // Deflate can grow incompressible data slightly (5 bytes per stored block of at
        // most 64 KiB, and a few more): decide zip64 with a margin of 1/64 and 1 KiB.
        let limit = self.limits.size;
        let zip64_local = size >= limit.saturating_sub((limit >> 6) + 1024);
        let record = Record {
            name: name.as_bytes().to_vec(),
            method,
            time,
            date,
            crc: 0,
            compressed: 0,
            size,
            offset: self.at,
        };
        let header = local_header(&record, zip64_local);
        self.put(&header)?;
        self.open = Some(Open {
            record,
            zip64_local,
        });
        Ok(())
    }

    /// Writes a whole entry whose CRC-32 and data are known: no header to patch.
    pub fn entry(
        &mut self,
        name: &str,
        method: Method,
        (time, date): (u16, u16),
        size: u64,
        crc: u32,
        data: &[u8],
    ) -> io::Result<()> {
        if self.open.is_some() {
            return Err(io::Error::other("zip entry already open"));
        }
        let compressed = data.len() as u64;
        let zip64_local = size >= self.limits.size || compressed >= self.limits.size;
        let record = Record {
            name: name.as_bytes().to_vec(),
            method,
            time,
            date,
            crc,
            compressed,
            size,
            offset: self.at,
        };
        let header = local_header(&record, zip64_local);
        self.put(&header)?;
        self.put(data)?;
        self.records.push(record);
        Ok(())
    }

    /// Appends data of the open entry, as stored (already compressed if deflated).
    pub fn data(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.put(bytes)
    }

    /// Ends the open entry: `crc` of its uncompressed data, `compressed` bytes written.
    pub fn end(&mut self, crc: u32, compressed: u64) -> io::Result<()> {
        let Some(Open {
            mut record,
            zip64_local,
        }) = self.open.take()
        else {
            return Err(io::Error::other("no zip entry open"));
        };
        let written = self.at - record.offset - local_header_len(&record, zip64_local);
        if written != compressed || (!zip64_local && compressed >= self.limits.size) {
            return Err(io::Error::other("zip entry size out of bounds"));
        }
        record.crc = crc;
        record.compressed = compressed;
        let header = local_header(&record, zip64_local);
        self.out.seek(SeekFrom::Start(record.offset))?;
        self.out.write_all(&header)?;
        self.out.seek(SeekFrom::Start(self.at))?;
        self.records.push(record);
        Ok(())
    }

    /// Writes the central directory and the end records (with an empty comment) and
    /// gives the writer back, positioned at the end.
    pub fn finish(mut self) -> io::Result<W> {
        if self.open.is_some() {
            return Err(io::Error::other("zip entry still open"));
        }
        let cd_start = self.at;
        let records = std::mem::take(&mut self.records);
        for r in &records {
            let central = central_header(r, self.limits);
            self.put(&central)?;
        }
        let cd_size = self.at - cd_start;
        let count = records.len() as u64;
        let limits = self.limits;
        let zip64 = count >= limits.count || cd_start >= limits.size || cd_size >= limits.size;
        let mut end = Vec::with_capacity(98);
        if zip64 {
            let record_at = self.at;
            put32(&mut end, ZIP64_EOCD_SIG);
            put64(&mut end, 44);
            put16(&mut end, MADE_BY);
            put16(&mut end, 45);
            put32(&mut end, 0);
            put32(&mut end, 0);
            put64(&mut end, count);
            put64(&mut end, count);
            put64(&mut end, cd_size);
            put64(&mut end, cd_start);
            put32(&mut end, ZIP64_LOCATOR_SIG);
            put32(&mut end, 0);
            put64(&mut end, record_at);
            put32(&mut end, 1);
        }
        put32(&mut end, EOCD_SIG);
        put16(&mut end, 0);
        put16(&mut end, 0);
        let classic_count = if count >= limits.count {
            0xFFFF
        } else {
            count as u16
        };
        put16(&mut end, classic_count);
        put16(&mut end, classic_count);
        put32(&mut end, limits.u32_field(cd_size));
        put32(&mut end, limits.u32_field(cd_start));
        put16(&mut end, 0);
        self.put(&end)?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }
}

fn flags(name: &[u8]) -> u16 {
    if name.is_ascii() { 0 } else { FLAG_UTF8 }
}

fn version_needed(zip64: bool, method: Method) -> u16 {
    match (zip64, method) {
        (true, _) => 45,
        (false, Method::Deflated) => 20,
        (false, Method::Stored) => 10,
    }
}

fn local_header_len(r: &Record, zip64: bool) -> u64 {
    30 + r.name.len() as u64 + if zip64 { 20 } else { 0 }
}

fn local_header(r: &Record, zip64: bool) -> Vec<u8> {
    let mut h = Vec::with_capacity(50 + r.name.len());
    put32(&mut h, LOCAL_SIG);
    put16(&mut h, version_needed(zip64, r.method));
    put16(&mut h, flags(&r.name));
    put16(&mut h, r.method.code());
    put16(&mut h, r.time);
    put16(&mut h, r.date);
    put32(&mut h, r.crc);
    if zip64 {
        put32(&mut h, U32_MAX as u32);
        put32(&mut h, U32_MAX as u32);
    } else {
        put32(&mut h, r.compressed as u32);
        put32(&mut h, r.size as u32);
    }
    put16(&mut h, r.name.len() as u16);
    put16(&mut h, if zip64 { 20 } else { 0 });
    h.extend_from_slice(&r.name);
    if zip64 {
        put16(&mut h, ZIP64_EXTRA);
        put16(&mut h, 16);
        put64(&mut h, r.size);
        put64(&mut h, r.compressed);
    }
    h
}

fn central_header(r: &Record, limits: Limits) -> Vec<u8> {
    // Zip64 fields, in the order of the specification, only for those that overflow.
    let mut extra = Vec::new();
    if r.size >= limits.size {
        put64(&mut extra, r.size);
    }
    if r.compressed >= limits.size {
        put64(&mut extra, r.compressed);
    }
    if r.offset >= limits.size {
        put64(&mut extra, r.offset);
    }
    let zip64 = !extra.is_empty();
    let mut h = Vec::with_capacity(50 + r.name.len() + extra.len());
    put32(&mut h, CENTRAL_SIG);
    put16(&mut h, MADE_BY);
    put16(&mut h, version_needed(zip64, r.method));
    put16(&mut h, flags(&r.name));
    put16(&mut h, r.method.code());
    put16(&mut h, r.time);
    put16(&mut h, r.date);
    put32(&mut h, r.crc);
    put32(&mut h, limits.u32_field(r.compressed));
    put32(&mut h, limits.u32_field(r.size));
    put16(&mut h, r.name.len() as u16);
    put16(&mut h, if zip64 { extra.len() as u16 + 4 } else { 0 });
    put16(&mut h, 0); // comment
    put16(&mut h, 0); // disk
    put16(&mut h, 0); // internal attributes
    put32(&mut h, EXTERNAL_ATTRS);
    put32(&mut h, limits.u32_field(r.offset));
    h.extend_from_slice(&r.name);
    if zip64 {
        put16(&mut h, ZIP64_EXTRA);
        put16(&mut h, extra.len() as u16);
        h.extend_from_slice(&extra);
    }
    h
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put64(v: &mut Vec<u8>, x: u64) {
    v.extend_from_slice(&x.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write as _};

    use proptest::prelude::*;

    use super::*;

    /// Entry `i`: its name, method and bytes.
    type Entry = (String, Method, Vec<u8>);

    /// The zip of `entries` written with `limits`, half through `entry`, half through
    /// `begin`/`data`/`end` (the way pack streams them).
    fn written(entries: &[Entry], limits: Limits) -> Vec<u8> {
        let mut zip = ZipOut::with_limits(Cursor::new(Vec::new()), limits);
        for (i, (name, method, data)) in entries.iter().enumerate() {
            let stored = match method {
                Method::Stored => data.clone(),
                Method::Deflated => {
                    let mut e = flate2::write::DeflateEncoder::new(
                        Vec::new(),
                        flate2::Compression::default(),
                    );
                    e.write_all(data).unwrap_or_else(|e| panic!("{e}"));
                    e.finish().unwrap_or_else(|e| panic!("{e}"))
                }
            };
            let crc = crc32fast::hash(data);
            let size = data.len() as u64;
            if i % 2 == 0 {
                zip.entry(name, *method, (0, 0x21), size, crc, &stored)
                    .unwrap_or_else(|e| panic!("{e}"));
            } else {
                zip.begin(name, *method, (0, 0x21), size)
                    .unwrap_or_else(|e| panic!("{e}"));
                zip.data(&stored).unwrap_or_else(|e| panic!("{e}"));
                zip.end(crc, stored.len() as u64)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
    }

    /// Our own structure checks and the zip crate (with its header validation) read
    /// every entry back.
    fn reads_back(bytes: &[u8], entries: &[Entry]) {
        let checked = crate::archive::structure::check(bytes, bytes.len() as u64)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(checked, Ok(()));
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        zip.validate_header_consistency()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(zip.len(), entries.len());
        for (name, _, data) in entries {
            let mut back = Vec::new();
            zip.by_name(name)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .read_to_end(&mut back)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(back == *data, "{name} differs");
        }
    }

    fn entries_strategy() -> impl Strategy<Value = Vec<Entry>> {
        prop::collection::vec(
            (
                prop::collection::vec(any::<u8>(), 0..600),
                any::<bool>(),
                any::<bool>(),
            ),
            1..8,
        )
        .prop_map(|files| {
            files
                .into_iter()
                .enumerate()
                .map(|(i, (data, deflate, accent))| {
                    let name = if accent {
                        format!("Pièces/facture {i}.pdf")
                    } else {
                        format!("f{i}.txt")
                    };
                    let method = if deflate {
                        Method::Deflated
                    } else {
                        Method::Stored
                    };
                    (name, method, data)
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// With zip64 taking over anywhere (sizes, offsets, the directory, the count),
        /// what the writer writes reads back whole.
        #[test]
        fn what_the_writer_writes_reads_back_whatever_the_zip64_thresholds(
            entries in entries_strategy(),
            size in prop_oneof![Just(U32_MAX), 1u64..1200],
            count in prop_oneof![Just(0xFFFFu64), 1u64..6],
        ) {
            let limits = Limits { size, count };
            let bytes = written(&entries, limits);
            reads_back(&bytes, &entries);
        }
    }

    /// With every zip64 path taken, Python's zipfile and Info-ZIP (where installed) read
    /// the archive too. (Not in the Windows build's tests, run under Wine: no Python.)
    #[cfg(not(windows))]
    #[test]
    fn standard_tools_read_a_zip64_archive_of_small_files() {
        let entries: Vec<Entry> = (0..5)
            .map(|i| {
                let method = if i % 2 == 0 {
                    Method::Deflated
                } else {
                    Method::Stored
                };
                (
                    format!("Pièces/f{i}.txt"),
                    method,
                    format!("ligne {i}\n").repeat(40).into_bytes(),
                )
            })
            .collect();
        let bytes = written(&entries, Limits { size: 1, count: 1 });
        // Every record is zip64: the end records, each entry's offset and sizes.
        assert!(bytes.windows(4).any(|w| w == b"PK\x06\x06"));
        reads_back(&bytes, &entries);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("zip64.zip");
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let python = std::process::Command::new("python3")
            .args([
                "-c",
                "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(len(z.namelist()))",
            ])
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("python3: {e}"));
        assert!(
            python.status.success(),
            "{}",
            String::from_utf8_lossy(&python.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&python.stdout).trim(), "5");
        if let Ok(out) = std::process::Command::new("unzip")
            .arg("-tqq")
            .arg(&path)
            .output()
        {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}
