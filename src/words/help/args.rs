//! The arguments' side of the help: each argument's text and the names of its values
//! (`<DIR>` → `<DOSSIER>`), `[default: …]` and `[possible values: …]`, and our own
//! help and version flags in the catalog's words.

use clap::builder::Styles;
use clap::{Arg, ArgAction};

use super::*;

/// The message id of the placeholder `name` of a value (`<DIR>`, `<START..END>`):
/// `help-value-dir`, `help-value-start-end`; one for the whole command line.
pub(super) fn value_id(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("help-value-{}", words.join("-"))
}

/// The value names of `arg` (`--out <DIR>`) as the language writes them (`<DOSSIER>`).
pub(super) fn localized_value_names(arg: Arg, words: Words) -> Arg {
    if !takes_values(&arg) {
        return arg;
    }
    let names: Vec<String> = match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None => vec![arg.get_id().as_str().to_uppercase()],
    };
    let local: Vec<String> = names
        .iter()
        .map(|name| words(&value_id(name)).unwrap_or_else(|| name.clone()))
        .collect();
    if local == names {
        arg
    } else {
        arg.value_names(local)
    }
}

/// Whether `arg` makes clap show a long help (`--help`) different from the short one.
pub(super) fn wants_long_help(arg: &Arg) -> bool {
    !arg.is_hide_set()
        && (arg.get_long_help().is_some()
            || arg.is_hide_long_help_set()
            || arg.is_hide_short_help_set()
            || (!arg.is_hide_possible_values_set()
                && takes_values(arg)
                && arg
                    .get_possible_values()
                    .iter()
                    .any(|value| !value.is_hide_set() && value.get_help().is_some())))
}

pub(super) fn takes_values(arg: &Arg) -> bool {
    arg.get_action().takes_values() && arg.get_num_args().is_none_or(|n| n.takes_values())
}

/// `-h, --help`, as clap makes it, in words of the catalog. Last in the list of options,
/// as clap's own (display order 999, no heading).
pub(super) fn help_flag(long_help: bool, words: Words) -> Arg {
    let flag = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .display_order(999)
        .help_heading(None);
    if long_help {
        flag.help(clap_text(
            words,
            PRINT_HELP_MORE,
            "Print help (see more with '--help')",
        ))
        .long_help(clap_text(
            words,
            PRINT_HELP_SUMMARY,
            "Print help (see a summary with '-h')",
        ))
    } else {
        flag.help(clap_text(words, PRINT_HELP, "Print help"))
    }
}

/// `-V, --version`, as clap makes it, in words of the catalog.
pub(super) fn version_flag(words: Words) -> Arg {
    Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .display_order(999)
        .help_heading(None)
        .help(clap_text(words, PRINT_VERSION, "Print version"))
}

/// The help of `arg` (of the command `command`) from the catalog, with what clap adds
/// after it (`[default: …]`, `[possible values: …]`, the values and their help) written
/// here, in words of the catalog, and clap's own turned off.
pub(super) fn localized_arg(arg: Arg, command: &str, styles: &Styles, words: Words) -> Arg {
    let id = arg_id(command, &arg);
    let help = arg.get_help().map(|clap| text(words, &id, clap));
    let long_help = arg
        .get_long_help()
        .map(|clap| text(words, &format!("{id}-long"), clap));
    let (context, value, literal) = (
        styles.get_context(),
        styles.get_context_value(),
        styles.get_literal(),
    );
    let separator = format!("{context}, {context:#}");

    let mut short = Vec::new();
    let mut long = Vec::new();
    let mut listed = None;
    let mut arg = arg;
    let takes_values = takes_values(&arg);
    if takes_values && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let defaults = arg
            .get_default_values()
            .iter()
            .map(|value| quoted(&value.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ");
        let label = clap_text(words, DEFAULT, "default:");
        let spec =
            format!("{context}[{label} {context:#}{value}{defaults}{value:#}{context}]{context:#}");
        short.push(spec.clone());
        long.push(spec);
        arg = arg.hide_default_value(true);
    }
    let values: Vec<_> = if takes_values && !arg.is_hide_possible_values_set() {
        arg.get_possible_values()
            .into_iter()
            .filter(|value| !value.is_hide_set())
            .collect()
    } else {
        Vec::new()
    };
    if !values.is_empty() {
        let names = values
            .iter()
            .map(|v| format!("{value}{}{value:#}", quoted(v.get_name())))
            .collect::<Vec<_>>()
            .join(&separator);
        let label = clap_text(words, POSSIBLE_VALUES, "possible values:");
        short.push(format!(
            "{context}[{label} {context:#}{names}{context}]{context:#}"
        ));
        if values.iter().any(|v| v.get_help().is_some()) {
            // clap lists them, one a line with its help, in the long help only.
            let width = values
                .iter()
                .map(|v| v.get_name().chars().count())
                .max()
                .unwrap_or(0);
            let mut list = clap_text(words, POSSIBLE_VALUES_LIST, "Possible values:");
            for v in &values {
                let name = v.get_name();
                list.push_str(&format!("\n- {literal}{name}{literal:#}"));
                if let Some(clap) = v.get_help() {
                    let help = text(words, &format!("{id}-{}", kebab(name)), clap);
                    let padding = width - name.chars().count();
                    list.push_str(&format!(": {:padding$}{help}", ""));
                }
            }
            listed = Some(list);
        } else {
            long.extend(short.last().cloned());
        }
        arg = arg.hide_possible_values(true);
    }

    if short.is_empty() {
        if let Some(help) = help {
            arg = arg.help(help);
        }
        if let Some(long_help) = long_help {
            arg = arg.long_help(long_help);
        }
        return arg;
    }
    // As clap writes them: after the text, on the same line.
    let specs = short.join(" ");
    arg = arg.help(match &help {
        Some(help) if !help.is_empty() => format!("{help} {specs}"),
        _ => specs,
    });
    // In the long help, in paragraphs of their own; but a long help only where clap had
    // one: one more would make `--help` long for the whole command (and, for a global
    // argument, for every command below it).
    if long_help.is_some() || listed.is_some() {
        let mut paragraphs: Vec<String> = long_help.or(help).into_iter().collect();
        paragraphs.extend(listed);
        if !long.is_empty() {
            paragraphs.push(long.join("\n"));
        }
        paragraphs.retain(|p| !p.is_empty());
        arg = arg.long_help(paragraphs.join("\n\n"));
    }
    arg
}

/// A value as clap shows it: in quotes when empty or with spaces.
pub(super) fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}
