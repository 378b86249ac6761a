//! The operating system's refusals and `config.toml` mistakes, in words: what a
//! farmer understands (`le dossier « D:\GAEC » n'existe pas`), never `os error 2`.

use std::io;
use std::path::Path;

use sacoche::error::{ConfigError, IoAction, IoError};

use super::super::escape::{escaped, path as p};
use super::super::t;
use super::{Said, Told};

pub(super) fn io_error(e: &IoError) -> Said {
    let (action, path, source) = (e.action, &e.path, &e.source);
    use io::ErrorKind as K;
    let reason = match source.kind() {
        K::NotFound => t!("os-not-found"),
        K::PermissionDenied => t!("os-permission-denied"),
        K::StorageFull => t!("os-storage-full"),
        K::ReadOnlyFilesystem => t!("os-read-only"),
        K::AlreadyExists => t!("os-already-exists"),
        K::ResourceBusy => t!("os-busy"),
        K::NotADirectory => t!("os-not-a-folder"),
        K::IsADirectory => t!("os-is-a-folder"),
        K::InvalidFilename => t!("os-bad-name"),
        K::FileTooLarge => t!("os-too-large"),
        _ => t!("os-other", detail = escaped(&source.to_string())),
    };
    let said = Said::new(t!(
        "error-io",
        action = action_code(action),
        path = p(path),
        reason = reason
    ));
    match source.kind() {
        K::PermissionDenied => said.hint(t!("hint-io-permission-denied")),
        K::StorageFull => said.hint(t!("hint-io-storage-full")),
        K::ReadOnlyFilesystem => said.hint(t!("hint-io-read-only")),
        K::NotFound => said.hint(t!("hint-io-not-found")),
        K::ResourceBusy => said.hint(t!("hint-io-busy")),
        _ => said,
    }
}

/// The catalog's selector for an action: its stable code (a test's injected failure
/// takes the catalog's default wording).
fn action_code(action: IoAction) -> &'static str {
    match action {
        IoAction::Complete => "other",
        action => action.code(),
    }
}

impl Told for ConfigError {
    fn said(&self) -> Said {
        match self {
            ConfigError::Bad { path, line, detail } => Said::new(match line {
                Some(line) => t!(
                    "error-bad-config-line",
                    path = p(path),
                    line = *line,
                    detail = escaped(detail.trim())
                ),
                None => t!(
                    "error-bad-config",
                    path = p(path),
                    detail = escaped(detail.trim())
                ),
            })
            .hint(t!("hint-bad-config")),
            ConfigError::Backslash {
                path,
                line,
                text,
                fixed,
            } => Said::new(t!(
                "error-config-backslash",
                path = p(path),
                line = *line,
                text = escaped(text)
            ))
            .hint(t!("hint-config-backslash", fixed = escaped(fixed))),
        }
    }
    fn code(&self) -> &'static str {
        self.code()
    }
    fn exit_code(&self) -> u8 {
        sacoche::error::EXIT_ERROR
    }
}

/// A path as it can be pasted into cmd, PowerShell or a Unix shell: between double
/// quotes when it holds a space or a character those shells treat specially (a folder
/// path never ends with a backslash here, which would escape the closing quote).
pub fn shell_quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "\\/:._-".contains(c));
    if plain {
        return text;
    }
    format!("\"{}\"", text.trim_end_matches(['\\', '/']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_hints_paste_into_a_shell() {
        assert_eq!(shell_quoted(Path::new("D:/GAEC")), "D:/GAEC");
        assert_eq!(shell_quoted(Path::new("C:\\")), "C:\\");
        assert_eq!(
            shell_quoted(Path::new("D:\\GAEC LE GUYON\\")),
            "\"D:\\GAEC LE GUYON\""
        );
        assert_eq!(
            shell_quoted(Path::new("/srv/dossiers/Tiers & co")),
            "\"/srv/dossiers/Tiers & co\""
        );
    }
}
