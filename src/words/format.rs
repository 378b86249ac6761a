//! Sizes and dates as each language writes them: `1,1 Mo`, `27/10/2020 à 17:11` in
//! French; `1.1 MB`, `2020-10-27 17:11` in English. Decimal units (1 Mo = 1,000,000
//! bytes), as Windows' Explorer rounds them and as `--max-size 15M` reads them: one unit
//! system everywhere.

use chrono::{DateTime, Local, Utc};

use super::Lang;

/// A size: `512 octets`, `1,1 Mo`, `838 Mo` (`512 bytes`, `1.1 MB`, `838 MB`).
pub fn size(bytes: u64, lang: Lang) -> String {
    let french = lang == Lang::Fr;
    let units: [&str; 5] = if french {
        ["octets", "ko", "Mo", "Go", "To"]
    } else {
        ["bytes", "kB", "MB", "GB", "TB"]
    };
    if bytes < 1000 {
        let unit = match (french, bytes) {
            (true, 0 | 1) => "octet",
            (false, 1) => "byte",
            _ => units[0],
        };
        return format!("{bytes} {unit}");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    // Two significant digits below 10 (1,1 Mo), whole numbers above (838 Mo); a value
    // that rounds up to 1000 moves to the next unit.
    let mut text = if value < 9.95 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    if text == "1000" && unit < units.len() - 1 {
        unit += 1;
        text = "1.0".to_string();
    }
    if french {
        text = text.replace('.', ",");
    }
    format!("{text} {}", units[unit])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        for (bytes, fr, en) in [
            (0, "0 octet", "0 bytes"),
            (1, "1 octet", "1 byte"),
            (512, "512 octets", "512 bytes"),
            (1_000, "1,0 ko", "1.0 kB"),
            (1_100_000, "1,1 Mo", "1.1 MB"),
            (9_960_000, "10 Mo", "10 MB"),
            (15_000_000, "15 Mo", "15 MB"),
            (838_200_000, "838 Mo", "838 MB"),
            (999_700_000, "1,0 Go", "1.0 GB"),
            (4_294_967_295, "4,3 Go", "4.3 GB"),
        ] {
            assert_eq!(size(bytes, Lang::Fr), fr, "{bytes}");
            assert_eq!(size(bytes, Lang::En), en, "{bytes}");
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
