//! Every `--help` of the command line in the language in use: the texts of the `help`
//! catalog (`i18n/{fr,en}/help.ftl`) put in place of the English that clap's derive took
//! from the doc comments, and of clap's own words (the help and version flags, the `help`
//! subcommand, `Usage:`, `Commands:`, `Arguments:`, `Options:`, `[default: …]`,
//! `[possible values: …]`).
//!
//! The ids come from the command tree (see [`command_id`]): `help-pack` is the about of
//! `sacoche pack`, `help-pack-out` the help of its `--out` (the argument's id, `_` written
//! `-`), `help-resolve-keep-mine` the help of the value `mine` of `resolve --keep`,
//! `help-sacoche` and `help-sacoche-lang` the top command's. A long about or long help
//! would be `<id>-long`, an after-help `<id>-after-help`. A message the catalog lacks
//! leaves clap's text; a test makes sure none lacks.

mod args;
mod layout;
#[cfg(test)]
mod tests;

use args::{
    help_flag, localized_arg, localized_value_names, value_id, version_flag, wants_long_help,
};
use layout::layout;

use clap::builder::{Resettable, StyledStr, Styles};
use clap::{Arg, Command};

/// The `help` catalog, in the language in use.
static CATALOG: super::Catalog = super::Catalog::new("help");

/// clap's own words, by message id (their English is clap's, word for word).
pub(super) const USAGE: &str = "help-usage";
pub(super) const COMMANDS: &str = "help-commands";
pub(super) const ARGUMENTS: &str = "help-arguments";
pub(super) const OPTIONS: &str = "help-options";
/// `-h, --help`, when the command has no long help …
pub(super) const PRINT_HELP: &str = "help-print-help";
/// … and when it has one: `-h` then says there is more, `--help` that there is less.
pub(super) const PRINT_HELP_MORE: &str = "help-print-help-more";
pub(super) const PRINT_HELP_SUMMARY: &str = "help-print-help-summary";
pub(super) const PRINT_VERSION: &str = "help-print-version";
/// The about of clap's `help` subcommand (its id is also what [`command_id`] gives it).
pub(super) const HELP_SUBCOMMAND: &str = "help-help";
/// `[default: .]`, `[possible values: fr, en]`, and the list of values that have a help.
pub(super) const DEFAULT: &str = "help-default";
pub(super) const POSSIBLE_VALUES: &str = "help-possible-values";
pub(super) const POSSIBLE_VALUES_LIST: &str = "help-possible-values-list";

/// The placeholder of a subcommand in a usage line (`<COMMAND>`), clap's.
pub(super) const COMMAND_VALUE: &str = "COMMAND";

/// The ids of clap's own words, which no command or argument may take.
#[cfg(test)]
const CLAP_WORDS: [&str; 12] = [
    USAGE,
    COMMANDS,
    ARGUMENTS,
    OPTIONS,
    PRINT_HELP,
    PRINT_HELP_MORE,
    PRINT_HELP_SUMMARY,
    PRINT_VERSION,
    HELP_SUBCOMMAND,
    DEFAULT,
    POSSIBLE_VALUES,
    POSSIBLE_VALUES_LIST,
];

/// `cmd` (the whole tree, e.g. `Cli::command()`) with every help text from the `help`
/// catalog, in the language in use (marked in the pseudo-language).
///
/// The tree comes back built ([`Command::build`]): clap makes its `help` subcommand only
/// then. Parse with it as it is (`get_matches_from`, then `Cli::from_arg_matches`); add
/// nothing to it afterwards.
pub fn localized(cmd: Command) -> Command {
    localized_with(cmd, &|id| super::dynamic(&CATALOG, id, &[]))
}

/// A message of the catalog by id; `None` if the catalog has no such message.
pub(super) type Words<'a> = &'a dyn Fn(&str) -> Option<String>;

pub(super) fn localized_with(cmd: Command, words: Words) -> Command {
    let styles = cmd.get_styles().clone();
    let name = cmd.get_name().to_string();
    let mut cmd = texts(cmd, &[name], &Inherited::default(), &styles, words);
    cmd.build();
    layout(&mut cmd, false, words);
    cmd
}

/// The message id of the command at `path` (the top command's name first):
/// `help-sacoche`, `help-pack`, `help-inbox-process`.
pub(super) fn command_id(path: &[String]) -> String {
    let names = if path.len() > 1 { &path[1..] } else { path };
    format!("help-{}", kebab(&names.join("-")))
}

/// The message id of the argument `arg` of the command `command`: `help-pack-out`.
pub(super) fn arg_id(command: &str, arg: &Arg) -> String {
    format!("{command}-{}", kebab(arg.get_id().as_str()))
}

pub(super) fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

/// What a command gets from above it in the tree, once built.
#[derive(Default, Clone)]
pub(super) struct Inherited {
    /// A global argument of an ancestor has a long help: so has this command.
    long_help: bool,
    /// The version, when an ancestor propagates its own.
    version: bool,
    /// The help flag was turned off by the program itself (not by this module).
    no_help_flag: bool,
}

/// The catalog's message `id`, else clap's text (with its styles).
pub(super) fn text(words: Words, id: &str, clap: &StyledStr) -> String {
    words(id).unwrap_or_else(|| clap.ansi().to_string())
}

/// clap's words: the catalog's, else clap's English.
pub(super) fn clap_text(words: Words, id: &str, english: &str) -> String {
    words(id).unwrap_or_else(|| english.to_string())
}

/// Before the tree is built: the about and the texts of the arguments of `cmd` (at
/// `path`), our own help and version flags, then the same for every subcommand.
pub(super) fn texts(
    cmd: Command,
    path: &[String],
    inherited: &Inherited,
    styles: &Styles,
    words: Words,
) -> Command {
    let id = command_id(path);
    let about = cmd.get_about().map(|clap| text(words, &id, clap));
    let long_about = cmd
        .get_long_about()
        .map(|clap| text(words, &format!("{id}-long"), clap));
    let after_help = cmd
        .get_after_help()
        .map(|clap| text(words, &format!("{id}-after-help"), clap));
    let mut cmd = cmd
        .about(Resettable::from(about.map(StyledStr::from)))
        .long_about(Resettable::from(long_about.map(StyledStr::from)))
        .after_help(Resettable::from(after_help.map(StyledStr::from)))
        .mut_args(|arg| localized_arg(localized_value_names(arg, words), &id, styles, words));
    if cmd.has_subcommands()
        && let Some(name) = words(&value_id(COMMAND_VALUE))
    {
        cmd = cmd.subcommand_value_name(name);
    }

    // clap's rule (`Command::long_help_exists_`): a long help anywhere in the command,
    // the global arguments it gets included, and `-h` is no longer all there is.
    let long_help = inherited.long_help
        || cmd.get_long_about().is_some()
        || cmd.get_before_long_help().is_some()
        || cmd.get_after_long_help().is_some()
        || cmd.get_arguments().any(wants_long_help);
    let no_help_flag = inherited.no_help_flag || cmd.is_disable_help_flag_set();
    if !no_help_flag {
        cmd = cmd.disable_help_flag(true).arg(help_flag(long_help, words));
    }
    let own_version = cmd.get_version().is_some() || cmd.get_long_version().is_some();
    if (own_version && !cmd.is_disable_version_flag_set()) || (!own_version && inherited.version) {
        cmd = cmd.disable_version_flag(true).arg(version_flag(words));
    }

    let below = Inherited {
        long_help: inherited.long_help
            || cmd
                .get_arguments()
                .filter(|arg| arg.is_global_set())
                .any(wants_long_help),
        version: inherited.version || (own_version && cmd.is_propagate_version_set()),
        no_help_flag,
    };
    cmd.mut_subcommands(|sub| {
        let mut path = path.to_vec();
        path.push(sub.get_name().to_string());
        texts(sub, &path, &below, styles, words)
    })
}
