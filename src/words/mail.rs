//! The words of a message carrying an archive (`sacoche mail`, `pack --mail-to`): the
//! subject in the language in use; the body in French, then in English, whatever the
//! language in use — the sender does not know which one the recipient reads. From the
//! `mail` catalog (`i18n/{fr,en}/mail.ftl`); what came from the archive (the holder's
//! name) escaped, so that it cannot add lines to the message.

use std::sync::LazyLock;

use i18n_embed::fluent::FluentLanguageLoader;
use sacoche::archive::Kind;
use sacoche::mail::{About, Text};

use super::escape::escaped;
use super::{Lang, current, load_in, mark};

static FRENCH: LazyLock<FluentLanguageLoader> = LazyLock::new(|| load_in("mail", Lang::Fr));
static ENGLISH: LazyLock<FluentLanguageLoader> = LazyLock::new(|| load_in("mail", Lang::En));

/// The subject and the bilingual body of the message carrying the archive `about`.
pub fn text(about: &About) -> Text {
    let subject_in = match current() {
        Lang::Fr => &*FRENCH,
        Lang::En | Lang::Pseudo => &*ENGLISH,
    };
    let subject = mark(say(subject_in, "mail-subject", about));
    let body = format!(
        "{}\n\n---\n\n{}\n",
        mark(say(&FRENCH, "mail-body", about)),
        mark(say(&ENGLISH, "mail-body", about))
    );
    Text { subject, body }
}

/// Message `id` of `loader` with the facts of `about`.
fn say(loader: &FluentLanguageLoader, id: &str, about: &About) -> String {
    let kind = match about.kind {
        Kind::Full => "full",
        Kind::Changes => "changes",
        Kind::Receipt => "receipt",
    };
    let period = about
        .fiscal_period
        .map_or_else(String::new, |p| p.to_string());
    let holder = about.holder.as_deref().map_or_else(String::new, escaped);
    let mut args = std::collections::HashMap::new();
    for (name, text) in [
        ("name", escaped(&about.file_name)),
        ("dossier", escaped(&about.dossier)),
        ("holder", holder),
        ("period", period),
        ("kind", kind.to_string()),
        ("has-holder", yes_no(about.holder.is_some())),
        ("has-period", yes_no(about.fiscal_period.is_some())),
    ] {
        args.insert(name, text.into());
    }
    args.insert("files", (about.files as u64).into());
    args.insert("sequence", about.sequence.into());
    loader.get_args_concrete(id, args)
}

fn yes_no(yes: bool) -> String {
    if yes { "yes" } else { "no" }.to_string()
}
