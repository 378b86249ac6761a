//! The values in a ledger's fields: text in one of three encodings, amounts with a
//! decimal comma (or point), dates `AAAAMMJJ`.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// How a ledger's text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Only ASCII bytes.
    Ascii,
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 starting with a byte-order mark.
    Utf8Bom,
    /// ISO-8859-15 (Latin-9): some line is not UTF-8.
    Latin9,
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What one line's bytes say: as text, and which encoding they needed.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Encoding) {
    match std::str::from_utf8(bytes) {
        Ok(text) if text.is_ascii() => (text.into(), Encoding::Ascii),
        Ok(text) => (text.into(), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::ISO_8859_15.decode_without_bom_handling(bytes);
            (text, Encoding::Latin9)
        }
    }
}

impl Encoding {
    /// The file's encoding once `line` (this line's) was seen after `self` (the
    /// lines before): Latin-9 wins, then UTF-8; a BOM stays.
    pub fn with(self, line: Encoding) -> Encoding {
        use Encoding::*;
        match (self, line) {
            (Latin9, _) | (_, Latin9) => Latin9,
            (Utf8Bom, _) => Utf8Bom,
            (Utf8, _) | (_, Utf8) => Utf8,
            _ => Ascii,
        }
    }
}

/// A field that should be an amount and is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnAmount;

/// An amount in cents (FEC amounts have two decimals at most).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// Reads `1234,50`, `1234.5`, `-12`, `+0,00`. An empty field is `None` (the caller
    /// decides whether it may be empty); anything else that is not such an amount is
    /// an error.
    pub fn parse(text: &str) -> Result<Option<Cents>, NotAnAmount> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (units, decimals) = digits.split_once([',', '.']).unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if units.is_empty()
            || units.len() > 15
            || decimals.len() > 2
            || !all_digits(units)
            || !all_digits(decimals)
        {
            return Err(NotAnAmount);
        }
        let units: i64 = units.parse().map_err(|_| NotAnAmount)?;
        let mut cents: i64 = 0;
        for (i, b) in decimals.bytes().enumerate() {
            let digit = i64::from(b - b'0');
            cents += if i == 0 { digit * 10 } else { digit };
        }
        let value = units * 100 + cents;
        Ok(Some(Cents(if negative { -value } else { value })))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for Cents {
    /// `1234,50`, as FEC writes amounts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{},{:02}", abs / 100, abs % 100)
    }
}

/// A FEC date: exactly eight digits `AAAAMMJJ` naming a real day.
pub fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(4..6)?.parse().ok()?;
    let day = text.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_a_comma_or_a_point() {
        assert_eq!(Cents::parse("1234,50"), Ok(Some(Cents(123450))));
        assert_eq!(Cents::parse("1234.5"), Ok(Some(Cents(123450))));
        assert_eq!(Cents::parse("-12"), Ok(Some(Cents(-1200))));
        assert_eq!(Cents::parse("+0,07"), Ok(Some(Cents(7))));
        assert_eq!(Cents::parse(" "), Ok(None));
        for bad in ["1 234,50", "12,345", "abc", ",5", "1,2,3", "--1", "1e3"] {
            assert_eq!(Cents::parse(bad), Err(NotAnAmount), "{bad}");
        }
        assert_eq!(Cents(-123450).to_string(), "-1234,50");
        assert_eq!(Cents(5).to_string(), "0,05");
    }

    #[test]
    fn dates_are_real_days() {
        assert_eq!(date("20200229"), NaiveDate::from_ymd_opt(2020, 2, 29));
        for bad in ["20190229", "2020-01-01", "2020011", "20201301", ""] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn latin9_is_told_from_utf8() {
        assert_eq!(decode(b"abc").1, Encoding::Ascii);
        assert_eq!(decode("Matériel".as_bytes()).1, Encoding::Utf8);
        let (text, enc) = decode(b"Mat\xe9riel \xa4");
        assert_eq!((text.as_ref(), enc), ("Matériel €", Encoding::Latin9));
    }
}
