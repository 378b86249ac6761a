//! The one path guard every name passes, when packing and when reading: a name that
//! passes is relative, stays inside its destination, and can be created on Windows,
//! macOS, Linux and a FAT32 stick.

use std::fmt;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

/// Why a path cannot travel.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathProblem {
    Empty,
    Absolute,
    DriveLetter,
    Backslash,
    DotSegment,
    EmptySegment,
    ControlCharacter,
    ForbiddenCharacter(char),
    LookAlikeSeparator,
    TrailingDotOrSpace,
    Reserved(String),
    TooLong,
    MetadataFolder,
    /// The name is not UTF-8 (in an archive) or not valid Unicode (on disk).
    NotUnicode,
    /// The same name as this other file on Windows, macOS or FAT32 (case, accents).
    SameNameAs(String),
    /// Its folder has the same name as this file on Windows.
    FolderNamedLikeFile(String),
    /// This many characters: Windows opens paths of at most 260, with the folder.
    TooLongForWindows(usize),
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PathProblem::*;
        match self {
            Empty => write!(f, "empty name"),
            Absolute => write!(f, "absolute path"),
            DriveLetter => write!(f, "drive letter"),
            Backslash => write!(f, "backslash (Windows or network path)"),
            DotSegment => write!(f, "'.' or '..' component"),
            EmptySegment => write!(f, "empty component ('//' or trailing '/')"),
            ControlCharacter => write!(f, "control character"),
            ForbiddenCharacter(c) => write!(f, "character '{c}' is not allowed on Windows"),
            LookAlikeSeparator => write!(f, "character that looks like '/', '\\' or '..'"),
            TrailingDotOrSpace => write!(f, "ends with a dot or a space"),
            Reserved(n) => write!(f, "'{n}' is a reserved name on Windows"),
            TooLong => write!(f, "name too long"),
            MetadataFolder => write!(f, "inside the .sacoche metadata folder"),
            NotUnicode => write!(f, "not UTF-8"),
            SameNameAs(other) => write!(f, "same name as '{other}' on Windows"),
            FolderNamedLikeFile(other) => {
                write!(
                    f,
                    "its folder has the same name as the file '{other}' on Windows"
                )
            }
            TooLongForWindows(n) => write!(
                f,
                "{n} characters: Windows opens paths of at most 260, with the folder it is in"
            ),
        }
    }
}

/// Longest relative path accepted, in bytes.
pub const MAX_PATH_BYTES: usize = 1024;
/// Longest single component, in bytes (FAT32 and NTFS allow 255 UTF-16 units).
pub const MAX_COMPONENT_BYTES: usize = 255;

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Checks a `/`-separated relative path from a dossier or an archive.
pub fn check(path: &str) -> Result<(), PathProblem> {
    if path.is_empty() {
        return Err(PathProblem::Empty);
    }
    if path.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    if path.starts_with('/') {
        return Err(PathProblem::Absolute);
    }
    if let [letter, b':', ..] = path.as_bytes()
        && letter.is_ascii_alphabetic()
    {
        return Err(PathProblem::DriveLetter);
    }
    if path.len() > MAX_PATH_BYTES {
        return Err(PathProblem::TooLong);
    }
    path.split('/').try_for_each(check_component)
}

fn check_component(part: &str) -> Result<(), PathProblem> {
    if part.is_empty() {
        return Err(PathProblem::EmptySegment);
    }
    if part == "." || part == ".." {
        return Err(PathProblem::DotSegment);
    }
    if part.len() > MAX_COMPONENT_BYTES {
        return Err(PathProblem::TooLong);
    }
    if part.chars().any(char::is_control) {
        return Err(PathProblem::ControlCharacter);
    }
    if let Some(c) = part.chars().find(|c| "<>:\"|?*".contains(*c)) {
        return Err(PathProblem::ForbiddenCharacter(c));
    }
    // Compatibility forms (fullwidth solidus, one-dot leader…) that some systems fold
    // into a separator or into "..". An ASCII name has none (and folds to itself).
    if !part.is_ascii() {
        let special = [
            '\u{2215}', '\u{2044}', '\u{29F8}', '\u{FF0F}', '\u{FF3C}', '\u{FE68}',
        ];
        let folded: std::borrow::Cow<'_, str> = if is_nfkc_quick(part.chars()) == IsNormalized::Yes
        {
            part.into()
        } else {
            part.nfkc().collect::<String>().into()
        };
        if folded.contains(['/', '\\'])
            || folded == "."
            || folded == ".."
            || part.contains(special)
            || folded.contains(special)
        {
            return Err(PathProblem::LookAlikeSeparator);
        }
    }
    if part.ends_with('.') || part.ends_with(' ') {
        return Err(PathProblem::TrailingDotOrSpace);
    }
    let stem = part.split('.').next().unwrap_or(part).trim_end();
    if let Some(r) = RESERVED.iter().find(|r| stem.eq_ignore_ascii_case(r)) {
        return Err(PathProblem::Reserved((*r).to_string()));
    }
    Ok(())
}

/// The metadata folder at a dossier's root, which no payload may touch.
pub const METADATA_DIR: &str = ".sacoche";

/// Checks a payload path from an archive: [`check`], and not inside the dossier's
/// `.sacoche` metadata folder (in any case spelling: Windows folds case).
pub fn check_payload(path: &str) -> Result<(), PathProblem> {
    check(path)?;
    let first = path.split('/').next().unwrap_or(path);
    if collision_key(first) == METADATA_DIR {
        return Err(PathProblem::MetadataFolder);
    }
    Ok(())
}

/// Where the relative, `/`-separated `rel` is below `root`, written with the
/// platform's own separator (so that Windows shows `D:\GAEC\TVA\CA12A.txt`).
pub fn native(root: &std::path::Path, rel: &str) -> std::path::PathBuf {
    let mut at = root.to_path_buf();
    at.extend(rel.split('/'));
    at
}

/// The key under which two paths are the same file on a case-insensitive,
/// normalising file system (Windows, macOS, FAT32): NFC, then lowercase.
pub fn collision_key(path: &str) -> String {
    if path.is_ascii() {
        path.to_ascii_lowercase()
    } else if is_nfc_quick(path.chars()) == IsNormalized::Yes {
        path.to_lowercase()
    } else {
        path.nfc().collect::<String>().to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_dossier_names_pass() {
        for ok in [
            "123456782FEC20201231.txt",
            "Factures/2020/Coopérative laitière - janvier.pdf",
            "TVA/CA12A 2020.pdf",
            ".hidden",
            "a.b.c",
            "icon.d/x",
            "CONSOLE.txt",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn every_spelling_of_escape_is_refused() {
        let cases: &[(&str, PathProblem)] = &[
            ("", PathProblem::Empty),
            ("/etc/passwd", PathProblem::Absolute),
            ("C:/Windows/x", PathProblem::DriveLetter),
            ("c:x", PathProblem::DriveLetter),
            ("\\\\server\\share\\x", PathProblem::Backslash),
            ("a\\..\\b", PathProblem::Backslash),
            ("../x", PathProblem::DotSegment),
            ("a/../../x", PathProblem::DotSegment),
            ("a/./x", PathProblem::DotSegment),
            ("a//x", PathProblem::EmptySegment),
            ("a/", PathProblem::EmptySegment),
            ("a\u{0}b", PathProblem::ControlCharacter),
            ("a\nb", PathProblem::ControlCharacter),
            ("what?.txt", PathProblem::ForbiddenCharacter('?')),
            ("a:b", PathProblem::DriveLetter),
            ("notes:2020.txt", PathProblem::ForbiddenCharacter(':')),
            ("con.d/x", PathProblem::Reserved("CON".into())),
            ("\u{FF0E}\u{FF0E}/x", PathProblem::LookAlikeSeparator),
            ("a\u{FF0F}b", PathProblem::LookAlikeSeparator),
            ("a\u{2215}b", PathProblem::LookAlikeSeparator),
            ("trailing.", PathProblem::TrailingDotOrSpace),
            ("trailing ", PathProblem::TrailingDotOrSpace),
            ("CON", PathProblem::Reserved("CON".into())),
            ("dir/nul.txt", PathProblem::Reserved("NUL".into())),
            ("Com1.pdf", PathProblem::Reserved("COM1".into())),
            ("LPT¹", PathProblem::Reserved("LPT¹".into())),
        ];
        for (path, want) in cases {
            assert_eq!(check(path).err().as_ref(), Some(want), "{path:?}");
        }
        assert_eq!(check(&"a".repeat(256)), Err(PathProblem::TooLong));
        assert_eq!(check(&"a/".repeat(600)), Err(PathProblem::TooLong));
    }

    #[test]
    fn payloads_never_touch_the_metadata_folder() {
        for bad in [
            ".sacoche",
            ".sacoche/history.json",
            ".SACOCHE/journal.json",
            ".Sacoche/x",
        ] {
            assert_eq!(
                check_payload(bad),
                Err(PathProblem::MetadataFolder),
                "{bad}"
            );
        }
        assert_eq!(check_payload("docs/.sacoche/x"), Ok(()));
        assert_eq!(check_payload(".sacoche2/x"), Ok(()));
    }

    #[test]
    fn collisions_fold_case_and_unicode_form() {
        assert_eq!(collision_key("Facture.PDF"), collision_key("facture.pdf"));
        // é precomposed vs e + combining acute.
        assert_eq!(collision_key("caf\u{e9}"), collision_key("cafe\u{301}"));
        assert_ne!(collision_key("a"), collision_key("b"));
    }
}
