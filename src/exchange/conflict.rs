//! Conflict copies: the losing version of a file edited on both sides, kept as a
//! visible file next to the original, `CA12A 2020 (conflit Cabinet Dupont 28-10-2020).txt`.
//!
//! The name depends only on the original path, the author of the losing version and
//! its modification date, so that every replica meeting the same conflict makes the
//! same file. The words are French on every replica, for that reason: a file name
//! travels, a message does not.

use chrono::{DateTime, Utc};

/// The marker that makes a file name a conflict copy.
pub const MARKER: &str = " (conflit ";

/// The name of the conflict copy of `path`, made by `author`, modified at `modified`.
/// `variant` > 0 adds the time, then a number, when the plain name is taken.
pub fn copy_name(path: &str, author: &str, modified: DateTime<Utc>, variant: u32) -> String {
    let (dir, file) = match path.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, path),
    };
    let (stem, ext) = split_extension(file);
    let author = clean_author(author);
    let mut tag = format!("{author} {}", modified.format("%d-%m-%Y"));
    if variant >= 1 {
        tag.push_str(&modified.format(" %Hh%M").to_string());
    }
    if variant >= 2 {
        tag.push_str(&format!(" {variant}"));
    }
    let suffix = format!("{MARKER}{tag}){ext}");
    // A component is at most 255 bytes: shorten the stem, on a character boundary.
    let mut stem = stem.to_string();
    while stem.len() + suffix.len() > 250 && !stem.is_empty() {
        stem.pop();
    }
    let name = format!("{}{suffix}", stem.trim_end());
    match dir {
        Some(d) => format!("{d}/{name}"),
        None => name,
    }
}

/// For a conflict copy's path, the original's path; `None` for any other file.
pub fn original_of(path: &str) -> Option<String> {
    let (dir, file) = match path.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, path),
    };
    let at = file.rfind(MARKER)?;
    let stem = file.get(..at)?;
    let rest = file.get(at + MARKER.len()..)?;
    let close = rest.find(')')?;
    let ext = rest.get(close + 1..)?;
    if stem.is_empty() || !(ext.is_empty() || ext.starts_with('.')) {
        return None;
    }
    let name = format!("{stem}{ext}");
    Some(match dir {
        Some(d) => format!("{d}/{name}"),
        None => name,
    })
}

/// `("CA12A 2020", ".txt")`; a leading dot is part of the stem (`.profile`).
fn split_extension(file: &str) -> (&str, &str) {
    match file.rfind('.') {
        Some(i) if i > 0 && file.len() - i <= 10 && !file[i + 1..].contains(' ') => {
            (&file[..i], &file[i..])
        }
        _ => (file, ""),
    }
}

/// An author's name as it may appear in a file name on Windows and FAT32.
fn clean_author(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*()".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut out = words.join(" ");
    while out.chars().count() > 40 {
        out.pop();
    }
    let out = out.trim_end_matches(['.', ' ']).to_string();
    if out.is_empty() {
        "inconnu".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_are_named_after_author_and_date_and_found_back() {
        let t = DateTime::parse_from_rfc3339("2020-10-28T09:30:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        let name = copy_name("TVA/CA12A 2020.txt", "Cabinet Dupont", t, 0);
        assert_eq!(
            name,
            "TVA/CA12A 2020 (conflit Cabinet Dupont 28-10-2020).txt"
        );
        assert_eq!(original_of(&name).as_deref(), Some("TVA/CA12A 2020.txt"));
        assert_eq!(
            copy_name("notes", "A/B: C?", t, 1),
            "notes (conflit A B C 28-10-2020 09h30)"
        );
        assert_eq!(
            copy_name(".profile", "", t, 2),
            ".profile (conflit inconnu 28-10-2020 09h30 2)"
        );
        assert_eq!(
            original_of("notes (conflit A 28-10-2020 09h30)").as_deref(),
            Some("notes")
        );
        assert_eq!(original_of("TVA/CA12A 2020.txt"), None);
        let long = "x".repeat(300);
        assert!(copy_name(&long, "A", t, 0).len() <= 255);
        for name in [
            copy_name("a.pdf", "Cabinet Dupont", t, 0),
            copy_name(&long, "A", t, 0),
        ] {
            assert!(crate::archive::path::check_payload(&name).is_ok(), "{name}");
        }
    }
}
