//! The layout of every help page once the tree is built: clap's default template with
//! its headings in the catalog's words.

use clap::Command;

use super::*;

/// Once the tree is built: the headings of every command's help (a help template: clap's
/// default one, with the headings in words of the catalog), and the about of clap's
/// `help` subcommands. `in_help`: `cmd` is in the tree of a `help` subcommand.
pub(super) fn layout(cmd: &mut Command, in_help: bool, words: Words) {
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
pub(super) fn template(cmd: &Command, words: Words) -> String {
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
