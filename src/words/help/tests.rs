//! The help in both languages: every command and argument has its words, no page keeps
//! English, and the English help is clap's own.

use super::super::{Catalogs, Lang};
use super::args::takes_values;
use super::*;
use clap::CommandFactory;
use i18n_embed::LanguageLoader;
use i18n_embed::fluent::FluentLanguageLoader;

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
