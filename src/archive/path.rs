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
    /// An invisible character that reorders or hides text (bidi controls, zero-width
    /// characters): two names that look the same, or `facture\u{202E}fdp.exe` shown
    /// as `factureexe.pdf`.
    InvisibleCharacter(char),
    /// Shaped like a Windows short name (`FACTUR~1.PDF`), which can be another file's
    /// second name in the same folder on Windows.
    ShortNameAlias,
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
            InvisibleCharacter(c) => write!(f, "invisible character U+{:04X}", u32::from(*c)),
            ShortNameAlias => write!(f, "shaped like a Windows short name (FACTUR~1.PDF)"),
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
    if !part.is_ascii() {
        if let Some(c) = part.chars().find(|c| INVISIBLE.contains(c)) {
            return Err(PathProblem::InvisibleCharacter(c));
        }
        // Characters that look like a separator, in the name as written; and
        // compatibility forms (fullwidth solidus, one-dot leader…) that a system folding
        // names (NFKC) would turn into a separator or into "..". The look-alike list is
        // checked on the name itself, not on its NFKC form: `½` folds to `1⁄2`, whose
        // fraction slash nobody sees in `½ part.txt`. An ASCII name has none of these.
        let folded: std::borrow::Cow<'_, str> = if is_nfkc_quick(part.chars()) == IsNormalized::Yes
        {
            part.into()
        } else {
            part.nfkc().collect::<String>().into()
        };
        if folded.contains(['/', '\\'])
            || folded == "."
            || folded == ".."
            || part.contains(LOOK_ALIKES)
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
    if is_short_name_alias(part) {
        return Err(PathProblem::ShortNameAlias);
    }
    Ok(())
}

/// Characters that look like `/` or `\`.
const LOOK_ALIKES: [char; 6] = [
    '\u{2215}', '\u{2044}', '\u{29F8}', '\u{FF0F}', '\u{FF3C}', '\u{FE68}',
];

/// Invisible characters refused in names: the bidi controls (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069), the zero-width space, joiners and word joiner
/// (U+200B–U+200D, U+2060) and the byte order mark (U+FEFF).
const INVISIBLE: [char; 17] = [
    '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
    '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    '\u{FEFF}',
];

/// Whether `part` has the shape of a Windows 8.3 short name with a numeric tail:
/// 1 to 8 ASCII characters ending in `~` and digits, then optionally a dot and up to 3
/// ASCII characters (`FACTUR~1.PDF`, `progra~1`).
fn is_short_name_alias(part: &str) -> bool {
    let (stem, ext) = match part.rsplit_once('.') {
        Some((stem, ext)) => (stem, Some(ext)),
        None => (part, None),
    };
    let Some((head, digits)) = stem.rsplit_once('~') else {
        return false;
    };
    part.is_ascii()
        && stem.len() <= 8
        && !head.is_empty()
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && ext.is_none_or(|e| e.len() <= 3 && !e.contains('.'))
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
/// normalising file system (Windows, macOS, FAT32): NFC, then uppercase, then
/// lowercase, then NFC again (§5). Lowercasing alone is not case folding: `µ` (micro)
/// and `μ` (mu), `ſ` and `s`, `ς` and `σ` are one name on NTFS and APFS; through the
/// uppercase they meet (`Μ`, `S`, `Σ`). Stricter than case folding where the two differ
/// (`ß` and `ss` meet too): a refused pair is renamed, a missed one loses a file.
/// (The standard library's full Unicode case mappings: no case-folding crate needed.)
pub fn collision_key(path: &str) -> String {
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    let nfc = |s: &str| -> String {
        if is_nfc_quick(s.chars()) == IsNormalized::Yes {
            s.to_string()
        } else {
            s.nfc().collect()
        }
    };
    nfc(&nfc(path).to_uppercase().to_lowercase())
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

    #[test]
    fn names_one_file_system_folds_together_collide() {
        for (a, b) in [
            ("\u{00B5}.txt", "\u{03BC}.txt"), // micro sign, Greek mu
            ("\u{017F}.txt", "s.txt"),        // long s
            ("\u{03C2}.txt", "\u{03C3}.txt"), // final sigma, sigma
            ("\u{212A}.txt", "k.txt"),        // Kelvin sign
            ("Facture.pdf", "FACTURE.PDF"),
            ("e\u{0301}t\u{00E9}.txt", "\u{00C9}T\u{00C9}.txt"), // NFD and NFC, case
            ("Stra\u{00DF}e.txt", "STRASSE.txt"),
        ] {
            assert_eq!(collision_key(a), collision_key(b), "{a} / {b}");
        }
        assert_ne!(collision_key("a.txt"), collision_key("b.txt"));
    }

    #[test]
    fn invisible_characters_short_names_and_look_alikes_are_decided() {
        // ½ folds (NFKC) to 1⁄2, but nobody sees a slash in it: accepted.
        assert_eq!(check("\u{00BD} part.txt"), Ok(()));
        assert_eq!(
            check("a\u{2044}b.txt"),
            Err(PathProblem::LookAlikeSeparator)
        );
        for c in [
            '\u{202E}', '\u{2066}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{200F}',
        ] {
            assert_eq!(
                check(&format!("facture{c}fdp.exe")),
                Err(PathProblem::InvisibleCharacter(c))
            );
        }
        for alias in ["FACTUR~1.PDF", "progra~1", "A~12", "Dossier/DOCUME~2.TXT"] {
            assert_eq!(check(alias), Err(PathProblem::ShortNameAlias), "{alias}");
        }
        for fine in [
            "facture~mars.pdf",
            "~temp.txt",
            "copie~1 de facture.pdf",
            "a~1.html5",
        ] {
            assert_eq!(check(fine), Ok(()), "{fine}");
        }
    }
}
