//! A command line clap could not read, said in the language in use: what was wrong
//! (`erreur : l’option « --bogus » n’existe pas ici`), the fix when clap knows one
//! (`conseil : vouliez-vous dire « --json » ?`, the possible values), the usage line and
//! where to read more; or, under `--json`, the same as an `error` line with the code
//! `usage`. clap's own text only for what it prints on request (help and version) and
//! for the rare kinds this module does not know.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::errors::Said;
use super::escape::escaped;
use super::t;

/// What to print for `error`, and the exit code: `None` when clap's own output is what
/// was asked for (`--help`, `--version`).
pub fn said(error: &clap::Error) -> Option<Said> {
    let text = |kind| context_text(error, kind);
    let message = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => t!(
            "usage-unknown-argument",
            arg = text(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidSubcommand => t!(
            "usage-unknown-command",
            command = text(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            match text(ContextKind::InvalidValue) {
                value if value.is_empty() => {
                    t!("usage-value-expected", arg = text(ContextKind::InvalidArg))
                }
                value => t!(
                    "usage-invalid-value",
                    value = value,
                    arg = text(ContextKind::InvalidArg)
                ),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            t!("usage-missing", args = text(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => t!("usage-missing-command"),
        ErrorKind::ArgumentConflict => t!(
            "usage-conflict",
            arg = text(ContextKind::InvalidArg),
            other = text(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::NoEquals => t!(
            "usage-unexpected-value",
            value = text(ContextKind::InvalidValue),
            arg = text(ContextKind::InvalidArg)
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            t!("usage-value-expected", arg = text(ContextKind::InvalidArg))
        }
        _ => t!("usage-other"),
    };
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(text)
    .find(|s| !s.is_empty());
    let hint = match suggested {
        Some(suggestion) => Some(t!("usage-did-you-mean", suggestion = suggestion)),
        None => match text(ContextKind::ValidValue) {
            values if values.is_empty() => None,
            values => Some(t!("usage-possible-values", values = values)),
        },
    };
    Some(Said { message, hint })
}

/// The usage line clap made for the command in error, without clap's English heading
/// (`sacoche apply <ARCHIVE>... <DOSSIER>`).
pub fn usage(error: &clap::Error) -> Option<String> {
    let text = context_text(error, ContextKind::Usage);
    let text = text.trim();
    let text = text.split_once(':').map_or(text, |(_, rest)| rest).trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The command of a usage line: its words before the first argument (`sacoche apply`).
pub fn command_of(usage: &str) -> String {
    usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['<', '[', '-']))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A context value as one line (values typed by the person are escaped).
fn context_text(error: &clap::Error, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(s)) => escaped(s),
        Some(ContextValue::Strings(v)) => {
            v.iter().map(|s| escaped(s)).collect::<Vec<_>>().join(", ")
        }
        Some(ContextValue::StyledStr(s)) => escaped(&s.to_string()),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| escaped(&s.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}
