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

use std::sync::LazyLock;

use clap::builder::{Resettable, StyledStr, Styles};
use clap::{Arg, ArgAction, Command};
use i18n_embed::fluent::FluentLanguageLoader;

/// The `help` catalog, in the language in use.
static CATALOG: LazyLock<FluentLanguageLoader> = LazyLock::new(|| super::load("help"));

/// clap's own words, by message id (their English is clap's, word for word).
const USAGE: &str = "help-usage";
const COMMANDS: &str = "help-commands";
const ARGUMENTS: &str = "help-arguments";
const OPTIONS: &str = "help-options";
/// `-h, --help`, when the command has no long help …
const PRINT_HELP: &str = "help-print-help";
/// … and when it has one: `-h` then says there is more, `--help` that there is less.
const PRINT_HELP_MORE: &str = "help-print-help-more";
const PRINT_HELP_SUMMARY: &str = "help-print-help-summary";
const PRINT_VERSION: &str = "help-print-version";
/// The about of clap's `help` subcommand (its id is also what [`command_id`] gives it).
const HELP_SUBCOMMAND: &str = "help-help";
/// `[default: .]`, `[possible values: fr, en]`, and the list of values that have a help.
const DEFAULT: &str = "help-default";
const POSSIBLE_VALUES: &str = "help-possible-values";
const POSSIBLE_VALUES_LIST: &str = "help-possible-values-list";

/// The placeholder of a subcommand in a usage line (`<COMMAND>`), clap's.
const COMMAND_VALUE: &str = "COMMAND";

/// The message id of the placeholder `name` of a value (`<DIR>`, `<START..END>`):
/// `help-value-dir`, `help-value-start-end`; one for the whole command line.
fn value_id(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("help-value-{}", words.join("-"))
}

/// The value names of `arg` (`--out <DIR>`) as the language writes them (`<DOSSIER>`).
fn localized_value_names(arg: Arg, words: Words) -> Arg {
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
type Words<'a> = &'a dyn Fn(&str) -> Option<String>;

fn localized_with(cmd: Command, words: Words) -> Command {
    let styles = cmd.get_styles().clone();
    let name = cmd.get_name().to_string();
    let mut cmd = texts(cmd, &[name], &Inherited::default(), &styles, words);
    cmd.build();
    layout(&mut cmd, false, words);
    cmd
}

/// The message id of the command at `path` (the top command's name first):
/// `help-sacoche`, `help-pack`, `help-inbox-process`.
fn command_id(path: &[String]) -> String {
    let names = if path.len() > 1 { &path[1..] } else { path };
    format!("help-{}", kebab(&names.join("-")))
}

/// The message id of the argument `arg` of the command `command`: `help-pack-out`.
fn arg_id(command: &str, arg: &Arg) -> String {
    format!("{command}-{}", kebab(arg.get_id().as_str()))
}

fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

/// What a command gets from above it in the tree, once built.
#[derive(Default, Clone)]
struct Inherited {
    /// A global argument of an ancestor has a long help: so has this command.
    long_help: bool,
    /// The version, when an ancestor propagates its own.
    version: bool,
    /// The help flag was turned off by the program itself (not by this module).
    no_help_flag: bool,
}

/// The catalog's message `id`, else clap's text (with its styles).
fn text(words: Words, id: &str, clap: &StyledStr) -> String {
    words(id).unwrap_or_else(|| clap.ansi().to_string())
}

/// clap's words: the catalog's, else clap's English.
fn clap_text(words: Words, id: &str, english: &str) -> String {
    words(id).unwrap_or_else(|| english.to_string())
}

/// Before the tree is built: the about and the texts of the arguments of `cmd` (at
/// `path`), our own help and version flags, then the same for every subcommand.
fn texts(
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

/// Whether `arg` makes clap show a long help (`--help`) different from the short one.
fn wants_long_help(arg: &Arg) -> bool {
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

fn takes_values(arg: &Arg) -> bool {
    arg.get_action().takes_values() && arg.get_num_args().is_none_or(|n| n.takes_values())
}

/// `-h, --help`, as clap makes it, in words of the catalog. Last in the list of options,
/// as clap's own (display order 999, no heading).
fn help_flag(long_help: bool, words: Words) -> Arg {
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
fn version_flag(words: Words) -> Arg {
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
fn localized_arg(arg: Arg, command: &str, styles: &Styles, words: Words) -> Arg {
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
fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

/// Once the tree is built: the headings of every command's help (a help template: clap's
/// default one, with the headings in words of the catalog), and the about of clap's
/// `help` subcommands. `in_help`: `cmd` is in the tree of a `help` subcommand.
fn layout(cmd: &mut Command, in_help: bool, words: Words) {
    let taken = std::mem::take(cmd);
    let template = template(&taken, words);
    *cmd = taken.help_template(template);
    let clap_help = in_help || !cmd.is_disable_help_subcommand_set();
    for sub in cmd.get_subcommands_mut() {
        let is_help = clap_help && sub.get_name() == "help";
        if is_help && sub.get_about().is_some() {
            let taken = std::mem::take(sub);
            let about = clap_text(
                words,
                HELP_SUBCOMMAND,
                "Print this message or the help of the given subcommand(s)",
            );
            *sub = taken.about(about);
        }
        layout(sub, in_help || is_help, words);
    }
}

/// clap's default help template (`DEFAULT_TEMPLATE`, `DEFAULT_NO_ARGS_TEMPLATE` and
/// `write_all_args` in clap_builder's `output/help_template.rs`), headings from the
/// catalog. A command whose arguments have headings of their own keeps clap's
/// `{all-args}` (and its English headings): sacoche's have none.
fn template(cmd: &Command, words: Words) -> String {
    let styles = cmd.get_styles();
    let (usage, header) = (styles.get_usage(), styles.get_header());
    let heading = |id: &str, english: &str| {
        let text = clap_text(words, id, english).replace(['{', '}'], "");
        format!("{header}{text}{header:#}")
    };
    let usage_line = format!(
        "{usage}{}{usage:#} {{usage}}",
        clap_text(words, USAGE, "Usage:").replace(['{', '}'], "")
    );
    // clap shows an argument in `-h` or `--help` or both: its heading is there if
    // the argument shows in either.
    let shown = |arg: &Arg| {
        !arg.is_hide_set()
            && (!arg.is_hide_short_help_set()
                || !arg.is_hide_long_help_set()
                || arg.is_next_line_help_set())
    };
    let subcommands = cmd
        .get_subcommands()
        .any(|sub| sub.get_name() != "help" && !sub.is_hide_set());
    let positionals = cmd.get_positionals().any(shown);
    let options = cmd.get_arguments().any(|a| !a.is_positional() && shown(a));
    if !(subcommands || positionals || options) {
        return format!("{{before-help}}{{about-with-newline}}\n{usage_line}{{after-help}}");
    }
    let sections = if cmd.get_arguments().any(|a| a.get_help_heading().is_some())
        || cmd.is_flatten_help_set()
    {
        "{all-args}".to_string()
    } else {
        let mut sections = Vec::new();
        if subcommands {
            sections.push(format!(
                "{}\n{{subcommands}}",
                heading(COMMANDS, "Commands:")
            ));
        }
        if positionals {
            sections.push(format!(
                "{}\n{{positionals}}",
                heading(ARGUMENTS, "Arguments:")
            ));
        }
        if options {
            sections.push(format!("{}\n{{options}}", heading(OPTIONS, "Options:")));
        }
        sections.join("\n\n")
    };
    format!("{{before-help}}{{about-with-newline}}\n{usage_line}\n\n{sections}{{after-help}}")
}

#[cfg(test)]
mod tests {
    use super::super::{Catalogs, Lang};
    use super::*;
    use clap::CommandFactory;
    use i18n_embed::LanguageLoader;

    /// The `help` catalog in `lang`, whatever the language in use.
    fn catalog(lang: Lang) -> FluentLanguageLoader {
        let loader = FluentLanguageLoader::new("help", Lang::En.id());
        loader
            .load_languages(&Catalogs, &[lang.id()])
            .unwrap_or_else(|e| panic!("{e}"));
        loader.set_use_isolating(false);
        loader
    }

    /// The words of `loader`, as `localized` takes them (unmarked).
    fn words_of(loader: &FluentLanguageLoader) -> impl Fn(&str) -> Option<String> + '_ {
        |id| loader.has(id).then(|| loader.get(id))
    }

    /// The real command line, 100 columns wide whatever the terminal (`0`: no wrapping).
    fn cli(width: usize) -> Command {
        crate::Cli::command().term_width(width)
    }

    /// What sacoche prints for `args` (help, version, or an error), with its colours.
    fn run(cmd: Command, args: &[&str]) -> String {
        match cmd.try_get_matches_from(std::iter::once("sacoche").chain(args.iter().copied())) {
            Ok(matches) => {
                use clap::FromArgMatches;
                let cli = crate::Cli::from_arg_matches(&matches).map(|_| ());
                format!("parsed ({cli:?}): {}", parsed(&matches))
            }
            Err(e) => format!("{:?}\n{}", e.kind(), e.render().ansi()),
        }
    }

    /// What was parsed: each argument's values and where they came from, then the
    /// subcommand's.
    fn parsed(matches: &clap::ArgMatches) -> String {
        let mut ids: Vec<String> = matches.ids().map(|id| id.as_str().to_string()).collect();
        ids.sort();
        let mut out = Vec::new();
        for id in ids {
            let values: Vec<_> = matches
                .try_get_raw(&id)
                .ok()
                .flatten()
                .into_iter()
                .flatten()
                .collect();
            out.push(format!("{id}={values:?} ({:?})", matches.value_source(&id)));
        }
        if let Some((name, sub)) = matches.subcommand() {
            out.push(format!("{name} [{}]", parsed(sub)));
        }
        out.join(" ")
    }

    /// The same, without colours.
    fn plain(cmd: Command, args: &[&str]) -> String {
        match cmd.try_get_matches_from(std::iter::once("sacoche").chain(args.iter().copied())) {
            Ok(matches) => format!("parsed: {matches:?}"),
            Err(e) => e.render().to_string(),
        }
    }

    /// One visible command, argument or value of the command line: its message id.
    struct Text {
        id: String,
        visible: bool,
    }

    /// Every message the command line (before it is built) can ask for, visible or not.
    fn texts_of(cmd: &Command) -> Vec<Text> {
        fn walk(
            cmd: &Command,
            path: &[String],
            visible: bool,
            out: &mut Vec<Text>,
            values: &mut std::collections::BTreeSet<String>,
        ) {
            let visible = visible && !cmd.is_hide_set();
            let id = command_id(path);
            let mut push = |id: String, shown: bool| out.push(Text { id, visible: shown });
            if cmd.get_about().is_some() {
                push(id.clone(), visible);
            }
            if cmd.get_long_about().is_some() {
                push(format!("{id}-long"), visible);
            }
            if cmd.get_after_help().is_some() {
                push(format!("{id}-after-help"), visible);
            }
            if cmd.has_subcommands() {
                values.insert(value_id(COMMAND_VALUE));
            }
            for arg in cmd.get_arguments() {
                let shown = visible && !arg.is_hide_set();
                let arg_id = arg_id(&id, arg);
                if takes_values(arg) && shown {
                    match arg.get_value_names() {
                        Some(names) => values.extend(names.iter().map(|n| value_id(n))),
                        None => {
                            values.insert(value_id(&arg.get_id().as_str().to_uppercase()));
                        }
                    }
                }
                if arg.get_help().is_some() {
                    push(arg_id.clone(), shown);
                }
                if arg.get_long_help().is_some() {
                    push(format!("{arg_id}-long"), shown);
                }
                if takes_values(arg) {
                    for value in arg.get_possible_values() {
                        if value.get_help().is_some() {
                            let value_id = format!("{arg_id}-{}", kebab(value.get_name()));
                            push(value_id, shown && !value.is_hide_set());
                        }
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                let mut path = path.to_vec();
                path.push(sub.get_name().to_string());
                walk(sub, &path, visible, out, values);
            }
        }
        let mut out = Vec::new();
        let mut values = std::collections::BTreeSet::new();
        walk(
            cmd,
            &[cmd.get_name().to_string()],
            true,
            &mut out,
            &mut values,
        );
        // Each value's placeholder once: one message for the whole command line.
        out.extend(values.into_iter().map(|id| Text { id, visible: true }));
        out
    }

    /// Every command of the command line, as the words after `sacoche`.
    fn command_paths(cmd: &Command) -> Vec<Vec<String>> {
        let mut paths = vec![Vec::new()];
        for sub in cmd.get_subcommands() {
            for below in command_paths(sub) {
                let mut path = vec![sub.get_name().to_string()];
                path.extend(below);
                paths.push(path);
            }
        }
        paths
    }

    /// The ids of `lang`'s help.ftl.
    fn catalog_ids(lang: &str) -> Vec<String> {
        super::super::catalog_ids(&format!("{lang}/help.ftl"))
    }

    #[test]
    fn every_command_and_argument_has_its_words_in_both_languages() {
        let texts = texts_of(&cli(100));
        assert!(
            texts.len() > 100,
            "the tree was not walked: {}",
            texts.len()
        );
        let mut seen = std::collections::BTreeSet::new();
        for text in &texts {
            assert!(seen.insert(text.id.as_str()), "two texts share {}", text.id);
            assert!(
                !CLAP_WORDS.contains(&text.id.as_str()),
                "{} is clap's",
                text.id
            );
        }
        let mut wanted: Vec<&str> = CLAP_WORDS.to_vec();
        wanted.extend(texts.iter().filter(|t| t.visible).map(|t| t.id.as_str()));
        for lang in ["fr", "en"] {
            let ids = catalog_ids(lang);
            let missing: Vec<_> = wanted
                .iter()
                .filter(|id| !ids.iter().any(|i| i == *id))
                .collect();
            assert!(missing.is_empty(), "{lang}/help.ftl lacks {missing:?}");
            let stale: Vec<_> = ids
                .iter()
                .filter(|id| !CLAP_WORDS.contains(&id.as_str()) && !seen.contains(id.as_str()))
                .collect();
            assert!(stale.is_empty(), "{lang}/help.ftl: no such text {stale:?}");
        }
        // Each message says something, and the French says it in French.
        let (fr, en) = (catalog(Lang::Fr), catalog(Lang::En));
        for id in &wanted {
            let (french, english) = (fr.get(id), en.get(id));
            assert!(
                !french.trim().is_empty() && !english.trim().is_empty(),
                "{id}"
            );
            assert!(!french.contains(['{', '}']), "{id}: {french}");
            let same_in_both = ["help-arguments", "help-options"];
            // A placeholder may be the same word in both (`<ARCHIVE>`).
            if !same_in_both.contains(id) && !id.starts_with("help-value-") {
                assert_ne!(french, english, "{id}: the French is the English");
            }
        }
    }

    #[test]
    fn the_help_of_pack_is_in_french() {
        let fr = catalog(Lang::Fr);
        let help = plain(localized_with(cli(0), &words_of(&fr)), &["pack", "--help"]);
        for french in [
            "Emballer un dossier dans une archive signée (ce qui a changé depuis le dernier échange",
            "Utilisation\u{a0}: sacoche pack [OPTIONS] <DOSSIER>",
            "Arguments\u{a0}:\n  <DOSSIER>  Le dossier du dossier comptable\n",
            "\nOptions\u{a0}:\n",
            "--out <DOSSIER>",
            "--fiscal-year <DÉBUT..FIN>",
            "Où écrire l’archive (par défaut\u{a0}: le dossier courant)\n",
            "La langue\u{a0}: fr (français) ou en (English)\u{a0}; sinon SACOCHE_LANG, sinon celle du système \
             [valeurs possibles\u{a0}: fr, en]",
            "  -h, --help                      Afficher l’aide",
        ] {
            assert!(help.contains(french), "{french:?} not in:\n{help}");
        }
        assert!(!help.contains("Pack a dossier folder"), "{help}");
        assert!(!help.contains("Where to write the archive"), "{help}");
    }

    /// Not a word of English in any French help: neither sacoche's nor clap's.
    #[test]
    fn no_help_page_keeps_english() {
        let (fr, en) = (catalog(Lang::Fr), catalog(Lang::En));
        // Placeholders may be the same word in both (`<ARCHIVE>`), or one the start of
        // the other (`COMMAND`, `COMMANDE`): those are looked for as placeholders.
        let is_value = |id: &str| id.starts_with("help-value-");
        let french_values: Vec<String> = catalog_ids("fr")
            .iter()
            .filter(|id| is_value(id))
            .map(|id| fr.get(id))
            .collect();
        let english: Vec<String> = catalog_ids("en")
            .iter()
            .filter(|id| !["help-arguments", "help-options"].contains(&id.as_str()))
            .filter(|id| !is_value(id))
            .map(|id| en.get(id))
            .chain(
                catalog_ids("en")
                    .iter()
                    .filter(|id| is_value(id) && !french_values.contains(&en.get(id)))
                    .map(|id| format!("<{}>", en.get(id))),
            )
            .collect();
        let clap = [
            "Usage:",
            "Commands:",
            "Arguments:",
            "Options:",
            "Print help",
            "Print version",
            "Print this message",
            "[default:",
            "[possible values:",
            "Possible values:",
        ];
        let cmd = localized_with(cli(0), &words_of(&fr));
        let mut pages = 0;
        for path in command_paths(&cli(0)) {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let mut asks = vec![[path.clone(), vec!["-h"]].concat()];
            asks.push([path.clone(), vec!["--help"]].concat());
            asks.push([vec!["help"], path.clone()].concat());
            for args in asks {
                let page = plain(cmd.clone(), &args);
                pages += 1;
                assert!(
                    page.contains("Utilisation\u{a0}: sacoche"),
                    "{args:?}:\n{page}"
                );
                for words in clap
                    .iter()
                    .copied()
                    .chain(english.iter().map(String::as_str))
                {
                    assert!(!page.contains(words), "{args:?}: {words:?} in:\n{page}");
                }
            }
        }
        assert!(pages > 80, "{pages}");
        let version = plain(cmd.clone(), &["-h"]);
        // Whatever the columns' width: the words on their line.
        let line_with = |text: &str, start: &str, words: &str| {
            text.lines()
                .any(|l| l.trim_start().starts_with(start) && l.trim_end().ends_with(words))
        };
        assert!(
            line_with(&version, "-V, --version", "Afficher la version"),
            "{version}"
        );
        assert!(
            version.contains("Codes de sortie\u{a0}:\n  0  réussite\n"),
            "{version}"
        );
        assert!(
            version
                .lines()
                .any(|l| l.trim_start().starts_with("help ") && l.contains("Afficher ce message")),
            "{version}"
        );
    }

    /// In English, the help is clap's own, byte for byte and colour for colour (but for
    /// spaces at the end of blank lines); so are the version, the errors and what is
    /// parsed. Two differences: in the long help (`resolve --help`, the only one),
    /// `[possible values: fr, en]` of `--lang` follows its text instead of making a
    /// paragraph of its own; and `sacoche help help` lists the commands.
    #[test]
    fn the_english_help_is_clap_s_own() {
        let en = catalog(Lang::En);
        let words = words_of(&en);
        let mut asks: Vec<Vec<String>> = Vec::new();
        for path in command_paths(&cli(100)) {
            for flag in ["-h", "--help"] {
                asks.push([path.clone(), vec![flag.to_string()]].concat());
            }
            asks.push([vec!["help".to_string()], path].concat());
        }
        for args in [
            vec!["--version"],
            vec!["-V"],
            vec![],
            vec!["pack"],
            vec!["pack", "d", "--bogus"],
            vec!["pack", "d", "--reset"],
            vec!["resolve", "d", "f", "--keep", "nope"],
            vec!["resolve", "d", "f", "--keep", "mine"],
            vec!["--lang", "de", "status", "d"],
            vec![
                "--lang",
                "fr",
                "pack",
                "d",
                "--out",
                "o",
                "--max-size",
                "15M",
            ],
            vec!["inbox", "--json", "process", "--all", "--dry-run"],
            vec!["inbox", "--inbox", "i", "process", "a.sacoche"],
            vec![
                "watch",
                "--settle",
                "0.5",
                "--maildir",
                "m",
                "--maildir",
                "n",
            ],
            vec!["help", "nope"],
            vec!["nope"],
            vec!["trust", "add"],
            vec!["key"],
        ] {
            asks.push(args.into_iter().map(str::to_string).collect());
        }
        let localized = localized_with(cli(100), &words);
        let trimmed = |text: String| {
            text.lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
        };
        for args in &asks {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let ours = trimmed(run(localized.clone(), &args));
            let clap = trimmed(run(cli(100), &args));
            // Only the long help of `resolve` has this.
            let clap = clap.replace(
                "the system's\n\n          [possible",
                "the system's\n          [possible",
            );
            assert_eq!(ours, clap, "sacoche {}", args.join(" "));
        }
        // Built, the tree's `help` lists the commands it can tell about, where clap's
        // unbuilt one shows an argument `[COMMAND]...`.
        let help = plain(localized, &["help", "help"]);
        assert!(
            help.starts_with(
                "Print this message or the help of the given subcommand(s)\n\n\
                 Usage: sacoche help [COMMAND]\n\nCommands:\n  key "
            ),
            "{help}"
        );
    }

    /// The messages the language in use reads, by the path `localized` takes.
    #[test]
    fn the_language_in_use_has_every_message() {
        for text in texts_of(&cli(100)).iter().filter(|t| t.visible) {
            assert!(CATALOG.has(&text.id), "{} not loaded", text.id);
        }
        for id in CLAP_WORDS {
            assert!(CATALOG.has(id), "{id} not loaded");
        }
        let help = plain(localized(cli(0)), &["inbox", "process", "-h"]);
        for id in [
            "help-inbox-process",
            "help-inbox-process-dry-run",
            PRINT_HELP,
            USAGE,
        ] {
            let text = super::super::dynamic(&CATALOG, id, &[]).unwrap_or_default();
            assert!(help.contains(&text), "{text:?} not in:\n{help}");
        }
    }
}
