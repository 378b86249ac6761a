//! What is around the tool rather than the exchange: shell completions, the manual
//! page, and the Windows installer's PATH step.

use std::io::Write as _;

use clap::CommandFactory;
use sacoche::error::{EXIT_OK, IoAction, IoError};

use crate::cli::Cli;
use crate::failure::Failure;
use crate::words;

pub fn completions(shell: clap_complete::Shell) -> Result<u8, Failure> {
    let mut command = words::help::localized(Cli::command());
    // Into memory first: clap_complete panics on a closed pipe (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "sacoche", &mut script);
    let _ = std::io::stdout().lock().write_all(&script);
    Ok(EXIT_OK)
}

pub fn man() -> Result<u8, Failure> {
    let command = words::help::localized(Cli::command());
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| IoError::new(IoAction::Write, "stdout", e))?;
    let _ = std::io::stdout().lock().write_all(&page);
    Ok(EXIT_OK)
}

/// The installer's PATH step (see `user_path`); prints whether the PATH changed, as a
/// word for the installer script (`changed` or `unchanged`), not for people.
pub fn user_path(dir: &str, add: bool) -> Result<u8, Failure> {
    #[cfg(windows)]
    {
        let changed = crate::user_path::update(dir, add)?;
        say!("{}", if changed { "changed" } else { "unchanged" });
        Ok(EXIT_OK)
    }
    #[cfg(not(windows))]
    {
        let _ = (dir, add);
        tell!("{}", words::t!("user-path-windows-only"));
        Ok(sacoche::error::EXIT_USAGE)
    }
}
