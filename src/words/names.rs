//! Why a name cannot travel ([`PathProblem`] of the archive layer), in words: for a
//! file of the dossier being packed (`Error::UnportableNames`) and for a name in a
//! received archive (`Rejection::UnsafePath`). Names quoted in the reason are escaped.

use sacoche::archive::path::PathProblem;

use super::escape::escaped;
use super::t;

/// `why` in the language in use.
pub fn problem(why: &PathProblem) -> String {
    use PathProblem::*;
    match why {
        Empty => t!("name-problem-empty"),
        Absolute => t!("name-problem-absolute"),
        DriveLetter => t!("name-problem-drive-letter"),
        Backslash => t!("name-problem-backslash"),
        DotSegment => t!("name-problem-dot-segment"),
        EmptySegment => t!("name-problem-empty-segment"),
        ControlCharacter => t!("name-problem-control-character"),
        ForbiddenCharacter(c) => {
            t!(
                "name-problem-forbidden-character",
                character = escaped(&c.to_string())
            )
        }
        LookAlikeSeparator => t!("name-problem-look-alike-separator"),
        TrailingDotOrSpace => t!("name-problem-trailing-dot-or-space"),
        Reserved(name) => t!("name-problem-reserved", name = escaped(name)),
        TooLong => t!("name-problem-too-long"),
        MetadataFolder => t!("name-problem-metadata-folder"),
        NotUnicode => t!("name-problem-not-unicode"),
        SameNameAs(other) => t!("name-problem-same-name-as", other = escaped(other)),
        FolderNamedLikeFile(other) => {
            t!(
                "name-problem-folder-named-like-file",
                other = escaped(other)
            )
        }
        TooLongForWindows(n) => t!("name-problem-too-long-for-windows", count = *n),
        InvisibleCharacter(c) => t!(
            "name-problem-invisible-character",
            code = format!("U+{:04X}", u32::from(*c))
        ),
        ShortNameAlias => t!("name-problem-short-name-alias"),
    }
}
