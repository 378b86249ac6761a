//! The `sacoche` command: parses arguments, calls the library, prints, and maps errors
//! to exit codes. stdout carries results; stderr carries progress, hints and errors.

#![forbid(unsafe_code)]

/// Prints a line of results on stdout. A closed pipe (`sacoche … | head`) is a normal
/// end for output, never a panic, and never stops what the command is doing.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Prints a line for people (progress, hints, errors) on stderr; same rule as `say!`.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod cli;
mod commands;
mod double_click;
mod failure;
mod output;
mod ui;
#[cfg_attr(not(windows), allow(dead_code))]
mod user_path;
mod winargs;
mod words;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use sacoche::error::{EXIT_OK, EXIT_USAGE};

use cli::Cli;
use words::t;

fn main() -> ExitCode {
    let args = arguments();
    words::set(words::choose(lang_flag(&args).as_deref()));
    if args.len() == 1 && double_click::started_from_explorer() {
        // Double-clicked: the page, from a window of its own that must not flash and
        // vanish (and explains itself when even the page cannot start).
        return ExitCode::from(double_click::open_page());
    }
    // Under --json, a failure is a JSON line too (scripts read one format).
    let json = args.iter().any(|a| a == "--json");
    // The help in the chosen language: clap's tree with the catalog's words.
    let mut command = words::help::localized(Cli::command());
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(e) => return usage_error(&e, json),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e.format(&mut command), json),
    };
    let code = match commands::run(cli) {
        Ok(code) => code,
        Err(e) if json => {
            say!("{}", words::escape::json_line(&words::errors::json(&e)));
            e.exit_code()
        }
        Err(e) => {
            words::errors::report(&e);
            e.exit_code()
        }
    };
    ExitCode::from(code)
}

/// A command line clap could not read, in words (or a JSON line); what was asked for
/// instead of a command (`--help`, `--version`) printed as clap makes it.
fn usage_error(e: &clap::Error, json: bool) -> ExitCode {
    if e.kind() == clap::error::ErrorKind::DisplayVersion {
        // `-V` and `--version` alike: the version, the commit, the format, in words.
        say!(
            "{}",
            t!(
                "version-line",
                version = env!("CARGO_PKG_VERSION"),
                commit = env!("SACOCHE_COMMIT"),
                format = sacoche::archive::manifest::VERSION
            )
        );
        return ExitCode::from(EXIT_OK);
    }
    let Some(said) = words::usage::said(e) else {
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE));
    };
    let usage = words::usage::usage(e);
    if json {
        say!(
            "{}",
            words::escape::json_line(&serde_json::json!({
                "type": "error",
                "code": "usage",
                "reason_code": null,
                "exit_code": EXIT_USAGE,
                "message": said.message,
                "hint": said.hint,
            }))
        );
    } else {
        for line in said.lines() {
            tell!("{line}");
        }
        if let Some(usage) = usage {
            tell!();
            tell!("{}", t!("usage-line", usage = usage.clone()));
            tell!(
                "{}",
                t!("usage-more", command = words::usage::command_of(&usage))
            );
        }
    }
    ExitCode::from(EXIT_USAGE)
}

/// `--lang fr|en` (or `--lang=…`), read before the command line is parsed: the help
/// itself is in that language.
fn lang_flag(args: &[std::ffi::OsString]) -> Option<String> {
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
        if arg == "--lang" {
            return args.next().map(str::to_string);
        }
    }
    None
}

/// The command line; on Windows, with a quoted folder's trailing backslash read as the
/// person meant it (`"D:\GAEC\"`: see `winargs`).
fn arguments() -> Vec<std::ffi::OsString> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if !cfg!(windows) {
        return args;
    }
    match args
        .iter()
        .map(|a| a.to_str().map(str::to_string))
        .collect::<Option<Vec<String>>>()
    {
        Some(text) => winargs::repaired(text)
            .into_iter()
            .map(Into::into)
            .collect(),
        None => args,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_long_version_names_the_format_it_writes() {
        let format = format!("archive format {})", sacoche::archive::manifest::VERSION);
        assert!(
            crate::cli::LONG_VERSION.ends_with(&format),
            "{}",
            crate::cli::LONG_VERSION
        );
    }
}
