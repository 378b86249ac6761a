//! Reading a ledger line by line, in bounded memory: one line's bytes at a time,
//! whatever the file's size. Tolerant of what FEC writers do: a BOM or none, CRLF or
//! LF, UTF-8 or ISO-8859-15, tab or `|`.

use std::borrow::Cow;
use std::io::BufRead;
use std::ops::Range;

use super::columns::{Column, HeaderProblem, Layout};
use super::text::{self, BOM, Encoding};

/// Why a file cannot be read as a ledger at all.
#[derive(Debug)]
pub enum OpenError {
    Io(std::io::Error),
    /// The file is empty.
    Empty,
    /// Its first line is not a FEC header.
    Header(HeaderProblem),
}

/// A ledger being read.
pub struct Reader<R> {
    input: R,
    layout: Layout,
    encoding: Encoding,
    crlf: bool,
    buf: Vec<u8>,
    fields: Vec<Range<usize>>,
    /// The number of the line last read (the header is line 1).
    number: u64,
    /// Where the next line starts, in bytes from the file's start.
    offset: u64,
}

/// One line after the header: where it is, its text, its fields.
pub struct Line<'a> {
    /// Its number in the file (the header is line 1).
    pub number: u64,
    /// Its first byte's offset in the file.
    pub offset: u64,
    /// Its bytes, line ending included.
    pub raw: &'a [u8],
    text: Cow<'a, str>,
    fields: &'a [Range<usize>],
}

impl Line<'_> {
    /// How many fields it has.
    pub fn width(&self) -> usize {
        self.fields.len()
    }

    /// The field at `index`, trimmed; empty when there is none.
    pub fn field(&self, index: usize) -> &str {
        self.fields
            .get(index)
            .and_then(|r| self.text.get(r.clone()))
            .map_or("", str::trim)
    }

    /// The field `column` as the header places it.
    pub fn get(&self, layout: &Layout, column: Column) -> &str {
        layout.index(column).map_or("", |i| self.field(i))
    }
}

/// `bytes` without its line ending; whether that ending was CRLF.
fn without_ending(bytes: &[u8]) -> (&[u8], bool) {
    match bytes.strip_suffix(b"\n") {
        Some(rest) => match rest.strip_suffix(b"\r") {
            Some(rest) => (rest, true),
            None => (rest, false),
        },
        None => (bytes.strip_suffix(b"\r").unwrap_or(bytes), false),
    }
}

impl<R: BufRead> Reader<R> {
    /// Reads the header. The lines come with [`Reader::next_line`].
    pub fn new(mut input: R) -> Result<Reader<R>, OpenError> {
        let mut buf = Vec::new();
        let read = input.read_until(b'\n', &mut buf).map_err(OpenError::Io)?;
        if read == 0 {
            return Err(OpenError::Empty);
        }
        let (line, crlf) = without_ending(&buf);
        let (line, bom) = match line.strip_prefix(BOM) {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        let (header, encoding) = text::decode(line);
        let layout = Layout::of(&header).map_err(OpenError::Header)?;
        let encoding = if bom { Encoding::Utf8Bom } else { encoding };
        Ok(Reader {
            input,
            layout,
            encoding,
            crlf,
            offset: read as u64,
            buf,
            fields: Vec::new(),
            number: 1,
        })
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The encoding of what was read so far.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Whether the header ends with CRLF (the file's line endings).
    pub fn crlf(&self) -> bool {
        self.crlf
    }

    /// The next line that is not blank, or `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line<'_>>> {
        let offset = loop {
            self.buf.clear();
            let read = self.input.read_until(b'\n', &mut self.buf)?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            let offset = self.offset;
            self.offset += read as u64;
            if !self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                break offset;
            }
        };
        let (bytes, _) = without_ending(&self.buf);
        let (text, encoding) = text::decode(bytes);
        self.encoding = self.encoding.with(encoding);
        self.fields.clear();
        let mut start = 0;
        // The separator is ASCII: never inside a character's UTF-8 bytes.
        for at in memchr::memchr_iter(self.layout.separator.byte(), text.as_bytes()) {
            self.fields.push(start..at);
            start = at + 1;
        }
        self.fields.push(start..text.len());
        Ok(Some(Line {
            number: self.number,
            offset,
            raw: &self.buf,
            text,
            fields: &self.fields,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_latin9_with_pipes_and_crlf() {
        let file = b"\xEF\xBB\xBFJournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\r\n\r\nAC|Achats|1|20200105|601000|Aliments|||F1|20200105|Agrial \xe9t\xe9|10,00|0,00|||20200110||\r\n";
        let mut r = Reader::new(&file[..]).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(r.crlf());
        let layout = r.layout().clone();
        let line = r
            .next_line()
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("a line"));
        assert_eq!(line.number, 3, "the blank line 2 is counted, not returned");
        assert_eq!(line.width(), 18);
        assert_eq!(line.get(&layout, Column::EcritureLib), "Agrial été");
        assert_eq!(line.get(&layout, Column::Debit), "10,00");
        assert!(r.next_line().unwrap_or_else(|e| panic!("{e}")).is_none());
        assert_eq!(r.encoding(), Encoding::Latin9);
    }

    #[test]
    fn an_empty_file_or_another_text_is_not_a_ledger() {
        assert!(matches!(Reader::new(&b""[..]), Err(OpenError::Empty)));
        assert!(matches!(
            Reader::new(&b"Cher client,\nvoici\n"[..]),
            Err(OpenError::Header(HeaderProblem::NoSeparator))
        ));
    }
}
