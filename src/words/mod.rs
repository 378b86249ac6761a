//! Every word a person reads: the message catalogs (Project Fluent, French and English,
//! `src/words/i18n/`), the choice of language, and French and English ways of writing
//! sizes and dates. Only the binary speaks; the library returns typed values that the
//! modules here turn into sentences.
//!
//! The language: `--lang fr|en`, else `SACOCHE_LANG`, else the system's (`LC_ALL`,
//! `LC_MESSAGES`, `LANG` on Unix; the user's display language on Windows). French when
//! the system is French, English otherwise. `SACOCHE_LANG=pseudo` is English with every
//! message between `⟦` and `⟧`: a test reads the CLI's output and fails on any line that
//! did not come from the catalog.

pub mod errors;
pub mod escape;
pub mod format;
pub mod help;
pub mod mail;
pub mod names;
pub mod rejections;
pub mod usage;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

#[derive(RustEmbed)]
#[folder = "src/words/i18n/"]
struct Catalogs;

/// The language sacoche speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
    /// English, every message marked (tests).
    Pseudo,
}

impl Lang {
    /// `fr`, `fr_FR.UTF-8`, `fr-CA`… are French; `en…` and `pseudo` as said; else none.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let language = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match language {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            "pseudo" => Some(Lang::Pseudo),
            _ => None,
        }
    }

    fn id(self) -> LanguageIdentifier {
        let tag = match self {
            Lang::Fr => "fr",
            Lang::En | Lang::Pseudo => "en",
        };
        tag.parse().unwrap_or_default()
    }
}

/// The language asked for: `flag` (`--lang`), else `SACOCHE_LANG`, else the system's.
pub fn choose(flag: Option<&str>) -> Lang {
    flag.and_then(Lang::parse)
        .or_else(|| {
            std::env::var("SACOCHE_LANG")
                .ok()
                .as_deref()
                .and_then(Lang::parse)
        })
        .or_else(system_language)
        .unwrap_or(Lang::En)
}

/// Unix: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set (POSIX's order);
/// `C` and `POSIX` are English. Windows: the user's display language.
fn system_language() -> Option<Lang> {
    if cfg!(windows) {
        return sys_locale::get_locale().as_deref().and_then(Lang::parse);
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .map(|value| Lang::parse(&value).unwrap_or(Lang::En))
}

static LANG: OnceLock<Lang> = OnceLock::new();

thread_local! {
    /// The language of the work this thread does now, when it is not the process's
    /// (the page answers each browser in its own).
    static HERE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Where the language of the request being answered is found (the page's, across the
/// threads that answer it).
static ASKED: OnceLock<fn() -> Option<Lang>> = OnceLock::new();

/// One catalog (`sacoche`, `help`, `rejection`), each language loaded when first used.
pub struct Catalog {
    domain: &'static str,
    fr: OnceLock<FluentLanguageLoader>,
    en: OnceLock<FluentLanguageLoader>,
}

impl Catalog {
    pub const fn new(domain: &'static str) -> Catalog {
        Catalog {
            domain,
            fr: OnceLock::new(),
            en: OnceLock::new(),
        }
    }

    /// The catalog in the language in use.
    pub fn get(&self) -> &FluentLanguageLoader {
        match current() {
            Lang::Fr => self.fr.get_or_init(|| load_in(self.domain, Lang::Fr)),
            Lang::En | Lang::Pseudo => self.en.get_or_init(|| load_in(self.domain, Lang::En)),
        }
    }
}

impl std::ops::Deref for Catalog {
    type Target = FluentLanguageLoader;
    fn deref(&self) -> &FluentLanguageLoader {
        self.get()
    }
}

/// The catalog of `sacoche.ftl` (messages checked at compile time by `t!`).
pub static CATALOG: Catalog = Catalog::new("sacoche");

/// The catalog `domain` in `lang`, whatever the language in use (a mail's body is in
/// both languages).
fn load_in(domain: &str, lang: Lang) -> FluentLanguageLoader {
    let loader = if domain == "sacoche" {
        fluent_language_loader!()
    } else {
        FluentLanguageLoader::new(domain, Lang::En.id())
    };
    // The catalogs are part of the program (and a test loads both); were one ever
    // unreadable, messages would fall back to their ids rather than stop sacoche.
    let _ = loader.load_languages(&Catalogs, &[lang.id()]);
    // No Unicode isolation marks around arguments: terminals print them as garbage.
    loader.set_use_isolating(false);
    loader
}

/// Sets the language, once, before the first message.
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language in use: this thread's work's, else the request's, else the process's.
pub fn current() -> Lang {
    HERE.with(Cell::get)
        .or_else(|| ASKED.get().and_then(|asked| asked()))
        .unwrap_or_else(|| *LANG.get_or_init(|| choose(None)))
}

/// Runs `f` speaking `lang` on this thread.
pub fn with<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = HERE.with(|here| here.replace(Some(lang)));
    let result = f();
    HERE.with(|here| here.set(before));
    result
}

/// Says where the language of the request being answered is found (once).
pub fn ask_with(asked: fn() -> Option<Lang>) {
    let _ = ASKED.set(asked);
}

/// A message of another catalog (`help`), by an id computed at run time; `None` if the
/// catalog has no such message.
pub fn dynamic(loader: &FluentLanguageLoader, id: &str, args: &[(&str, String)]) -> Option<String> {
    if !loader.has(id) {
        return None;
    }
    let text = if args.is_empty() {
        loader.get(id)
    } else {
        let map: HashMap<&str, String> = args.iter().cloned().collect();
        loader.get_args(id, map)
    };
    Some(mark(text))
}

/// A message as the language shows it: marked in the pseudo-language.
pub fn mark(text: String) -> String {
    if current() == Lang::Pseudo {
        format!("⟦{text}⟧")
    } else {
        text
    }
}

/// A message of the catalog: `t!("id")`, `t!("id", name = value, …)`; ids and
/// argument names are checked against the catalog at compile time.
macro_rules! t {
    ($id:literal) => {{
        $crate::words::mark(i18n_embed_fl::fl!(*$crate::words::CATALOG, $id))
    }};
    // Each value in parentheses: fl! writes `value.into()`, which would bind to the
    // last part of `*count` or `a - b`.
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        $crate::words::mark(i18n_embed_fl::fl!(*$crate::words::CATALOG, $id, $($name = ($value)),+))
    }};
}
pub(crate) use t;

/// The ids of one catalog file (`fr/help.ftl`), read from the file itself (a loader
/// would also answer from the English it falls back on); terms as `-name`.
#[cfg(test)]
pub(crate) fn catalog_ids(path: &str) -> Vec<String> {
    let file = Catalogs::get(path).unwrap_or_else(|| panic!("no {path}"));
    let text = String::from_utf8(file.data.into_owned()).unwrap_or_else(|e| panic!("{e}"));
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_the_way_systems_write_them() {
        for (text, lang) in [
            ("fr", Some(Lang::Fr)),
            ("fr_FR.UTF-8", Some(Lang::Fr)),
            ("fr-CA", Some(Lang::Fr)),
            ("FR_be@euro", Some(Lang::Fr)),
            ("en_US.UTF-8", Some(Lang::En)),
            ("de_DE.UTF-8", None),
            ("C", None),
            ("", None),
        ] {
            assert_eq!(Lang::parse(text), lang, "{text}");
        }
    }

    /// Both catalogs of each domain have exactly the same message ids, and every
    /// message of each parses.
    #[test]
    fn the_french_and_english_catalogs_have_the_same_messages() {
        use std::collections::BTreeSet;
        let mut domains = BTreeSet::new();
        for file in Catalogs::iter() {
            domains.insert(file.rsplit('/').next().unwrap_or("").to_string());
        }
        assert!(domains.contains("sacoche.ftl"), "{domains:?}");
        for domain in domains {
            let ids = |lang: &str| -> BTreeSet<String> {
                let all = catalog_ids(&format!("{lang}/{domain}"));
                let mut seen = BTreeSet::new();
                for id in &all {
                    // Fluent keeps one of two messages of the same id: the other
                    // would be silently shown in its place.
                    assert!(
                        seen.insert(id.clone()),
                        "{lang}/{domain}: {id} defined twice"
                    );
                }
                seen
            };
            let (fr, en) = (ids("fr"), ids("en"));
            assert_eq!(
                fr.symmetric_difference(&en).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "{domain}: ids in one catalog only"
            );
        }
    }
}
