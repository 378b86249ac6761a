//! Sizes and dates as each language writes them: `1,1 Mo`, `27/10/2020 à 17:11` in
//! French; `1.1 MB`, `2020-10-27 17:11` in English. Decimal units (1 Mo = 1,000,000
//! bytes), as Windows' Explorer rounds them and as `--max-size 15M` reads them: one unit
//! system everywhere.

use chrono::{DateTime, Local, Utc};

use super::{Lang, t};

/// A size: `512 octets`, `1,1 Mo`, `838 Mo` (`512 bytes`, `1.1 MB`, `838 MB`); the
/// units come from the catalog, the decimal comma from the language.
pub fn size(bytes: u64, lang: Lang) -> String {
    match scaled(bytes, lang) {
        (_, 0) => t!("size-bytes", n = bytes),
        (n, 1) => t!("size-kilo", n = n),
        (n, 2) => t!("size-mega", n = n),
        (n, 3) => t!("size-giga", n = n),
        (n, _) => t!("size-tera", n = n),
    }
}

/// The number to show and its unit (0 bytes, 1 kilo, 2 mega, 3 giga, 4 tera): two
/// significant digits below 10 (`1,1`), whole numbers above (`838`); a value that
/// rounds up to 1000 moves to the next unit.
fn scaled(bytes: u64, lang: Lang) -> (String, usize) {
    if bytes < 1000 {
        return (bytes.to_string(), 0);
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < 4 {
        value /= 1000.0;
        unit += 1;
    }
    let mut text = if value < 9.95 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    if text == "1000" && unit < 4 {
        unit += 1;
        text = "1.0".to_string();
    }
    if lang == Lang::Fr {
        text = text.replace('.', ",");
    }
    (text, unit)
}

/// A moment, to the minute, in local time: `27/10/2020 à 17:11`, `2020-10-27 17:11`.
pub fn minute(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Local);
    match lang {
        Lang::Fr => local.format("%d/%m/%Y à %H:%M").to_string(),
        Lang::En | Lang::Pseudo => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A moment to the second, in local time: `27/10/2020 à 17:11:47`.
pub fn second(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Local);
    match lang {
        Lang::Fr => local.format("%d/%m/%Y à %H:%M:%S").to_string(),
        Lang::En | Lang::Pseudo => local.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// A day: `27/10/2020`, `2020-10-27`.
pub fn day(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Local);
    match lang {
        Lang::Fr => local.format("%d/%m/%Y").to_string(),
        Lang::En | Lang::Pseudo => local.format("%Y-%m-%d").to_string(),
    }
}

/// A calendar day (a ledger's dates): `27/10/2020`, `2020-10-27`.
pub fn calendar_day(day: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => day.format("%d/%m/%Y").to_string(),
        Lang::En | Lang::Pseudo => day.format("%Y-%m-%d").to_string(),
    }
}

/// An amount of euros: `1 234,50` (French, a narrow no-break space between thousands),
/// `1,234.50`.
pub fn amount(cents: sacoche::ledger::Cents, lang: Lang) -> String {
    let (thousands, decimal) = match lang {
        Lang::Fr => ('\u{202f}', ','),
        Lang::En | Lang::Pseudo => (',', '.'),
    };
    let abs = cents.0.unsigned_abs();
    let units = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if cents.0 < 0 { "-" } else { "" };
    format!("{sign}{grouped}{decimal}{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        use sacoche::ledger::Cents;
        assert_eq!(amount(Cents(12_345_678), Lang::Fr), "123\u{202f}456,78");
        assert_eq!(amount(Cents(-100_000), Lang::En), "-1,000.00");
        assert_eq!(amount(Cents(5), Lang::Fr), "0,05");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        for (bytes, fr, en) in [
            (0, ("0", 0), ("0", 0)),
            (512, ("512", 0), ("512", 0)),
            (1_000, ("1,0", 1), ("1.0", 1)),
            (1_100_000, ("1,1", 2), ("1.1", 2)),
            (9_960_000, ("10", 2), ("10", 2)),
            (838_200_000, ("838", 2), ("838", 2)),
            (999_700_000, ("1,0", 3), ("1.0", 3)),
            (4_294_967_295, ("4,3", 3), ("4.3", 3)),
        ] {
            assert_eq!(scaled(bytes, Lang::Fr), (fr.0.to_string(), fr.1), "{bytes}");
            assert_eq!(scaled(bytes, Lang::En), (en.0.to_string(), en.1), "{bytes}");
        }
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let at = DateTime::parse_from_rfc3339("2020-10-27T17:11:47Z")
            .unwrap()
            .with_timezone(&Utc);
        let local = at.with_timezone(&Local);
        let (d, hm) = (local.format("%d/%m/%Y"), local.format("%H:%M"));
        assert_eq!(minute(at, Lang::Fr), format!("{d} à {hm}"));
        assert_eq!(second(at, Lang::Fr), format!("{d} à {hm}:47"));
        assert_eq!(day(at, Lang::En), local.format("%Y-%m-%d").to_string());
    }
}
