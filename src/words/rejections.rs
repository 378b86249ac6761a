//! Why an archive was rejected, in words: each [`Rejection`] of the archive layer is a
//! message of the `rejection` catalog (`i18n/{fr,en}/rejection.ftl`), `rejection-<code>`,
//! with the reason's fields as arguments. Everything the archive brought (names, details,
//! the dossier it claims) is escaped first ([`escaped`]): a hostile name must not be able
//! to move the cursor, recolour the terminal or reverse the text around it.

use std::collections::HashMap;

use i18n_embed::fluent::FluentLanguageLoader;
use sacoche::archive::{MANIFEST_NAME, Rejection};

use super::escape::escaped;

/// The `rejection` catalog, in the language in use.
static CATALOG: super::Catalog = super::Catalog::new("rejection");

/// Why the archive was rejected, in the language in use (marked in the pseudo-language).
pub fn rejection(reason: &Rejection) -> String {
    super::mark(render_with(&CATALOG, reason))
}

/// An argument of a message: text (escaped), or a number (chooses plurals).
enum Arg {
    Text(String),
    Number(u64),
}

/// `reason` put into words by `loader`'s catalog. A reason the catalog does not know
/// (newer than it) falls back to the archive layer's own English text, escaped.
fn render_with(loader: &FluentLanguageLoader, reason: &Rejection) -> String {
    let id = format!("rejection-{}", reason.code());
    if !loader.has(&id) {
        return escaped(&reason.to_string());
    }
    let mut map = HashMap::new();
    for (name, value) in args(reason) {
        map.insert(
            name,
            match value {
                Arg::Text(text) => text.into(),
                Arg::Number(n) => n.into(),
            },
        );
    }
    loader.get_args_concrete(&id, map)
}

/// The arguments of `reason`'s message: its fields, text escaped.
fn args(reason: &Rejection) -> Vec<(&'static str, Arg)> {
    use Rejection::*;
    let text = |value: &str| Arg::Text(escaped(value));
    match reason {
        NotAnArchive | Truncated | Unsigned | BadSignature | ContentAltered
        | OverlappingEntries | StateIdMismatch => Vec::new(),
        TrailingBytes(count) | ManifestTooLarge(count) => vec![("count", Arg::Number(*count))],
        MalformedSignature(why)
        | BadZip(why)
        | HeaderMismatch(why)
        | ManifestInvalid(why)
        | OpsContradictFiles(why)
        | FilesContradictState(why) => vec![("why", text(why))],
        // The public key itself is never printed: pasting it from the rejection would
        // trust whoever made the archive. The sender gives it, after the fingerprint
        // has been compared by phone.
        UnknownSigner {
            key_id, dossier, ..
        } => vec![
            ("key_id", text(&key_id.to_string())),
            ("dossier", text(dossier)),
        ],
        SignerNotTrustedForDossier {
            key_id,
            name,
            dossier,
        } => vec![
            ("key_id", text(&key_id.to_string())),
            ("name", text(name)),
            ("dossier", text(dossier)),
        ],
        DuplicateName(name)
        | NotARegularFile(name)
        | Encrypted(name)
        | EntryNotInManifest(name)
        | FileMissing(name)
        | HashMismatch(name)
        | DeltaInvalid(name)
        | DeltaMismatch(name) => vec![("name", text(name))],
        NameCollision(name, other) => vec![("name", text(name)), ("other", text(other))],
        UnsafePath { name, why } => vec![
            ("name", text(name)),
            // Already in words, its names escaped.
            ("why", Arg::Text(super::names::problem(why))),
        ],
        UnsupportedCompression { name, method } => {
            vec![("name", text(name)), ("method", text(method))]
        }
        ManifestNotFirst => vec![("manifest", text(MANIFEST_NAME))],
        UnsupportedVersion(version) => vec![("version", Arg::Number(*version))],
        // `creation time` → `creation-time`: the catalog selects on it.
        StatementMismatch(field) => vec![("field", text(&field.replace(' ', "-")))],
        SizeMismatch {
            name,
            expected,
            found,
        } => vec![
            ("name", text(name)),
            ("expected", Arg::Number(*expected)),
            ("found", Arg::Number(*found)),
        ],
        SizeExceedsDeclared { name, declared } => {
            vec![("name", text(name)), ("declared", Arg::Number(*declared))]
        }
        CorruptEntry { name, detail } => vec![("name", text(name)), ("detail", text(detail))],
        // `Rejection` is `#[non_exhaustive]`: a reason newer than this file gets its
        // message without arguments (the test below fails until it is listed here).
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Catalogs, Lang};
    use super::*;
    use i18n_embed::LanguageLoader;

    /// The `rejection` catalog in `lang`, whatever the language in use.
    fn catalog(lang: Lang) -> FluentLanguageLoader {
        let loader = FluentLanguageLoader::new("rejection", Lang::En.id());
        loader
            .load_languages(&Catalogs, &[lang.id()])
            .unwrap_or_else(|e| panic!("{e}"));
        loader.set_use_isolating(false);
        loader
    }

    /// One of each reason. `Rejection` is `#[non_exhaustive]`, so this crate cannot match
    /// it without a wildcard: `every_reason_of_the_archive_layer_is_listed` reads the
    /// codes from `code()` in the archive layer's source instead.
    fn every_reason() -> Vec<Rejection> {
        use Rejection::*;
        vec![
            NotAnArchive,
            Truncated,
            TrailingBytes(2),
            Unsigned,
            MalformedSignature("no key line".into()),
            BadSignature,
            ContentAltered,
            UnknownSigner {
                key_id: "ABCD-EF01-2345-6789".parse().unwrap(),
                public_key: "sacochepk0123456789abcdef".into(),
                dossier: "8502182".parse().unwrap(),
            },
            SignerNotTrustedForDossier {
                key_id: "ABCD-EF01-2345-6789".parse().unwrap(),
                name: "GAEC LE GUYON".into(),
                dossier: "8502182".parse().unwrap(),
            },
            BadZip("invalid central directory".into()),
            HeaderMismatch("local name differs".into()),
            OverlappingEntries,
            DuplicateName("TVA.txt".into()),
            NameCollision("TVA.txt".into(), "tva.txt".into()),
            UnsafePath {
                name: "../évasion.txt".into(),
                why: sacoche::archive::path::PathProblem::DotSegment,
            },
            NotARegularFile("lien".into()),
            Encrypted("secret.pdf".into()),
            UnsupportedCompression {
                name: "gros.pdf".into(),
                method: "Bzip2".into(),
            },
            ManifestNotFirst,
            ManifestTooLarge(17_000_000),
            ManifestInvalid("missing field `dossier`".into()),
            UnsupportedVersion(9),
            StatementMismatch("creation time"),
            StateIdMismatch,
            OpsContradictFiles("a.txt deleted but listed".into()),
            FilesContradictState("a.txt not in the state".into()),
            EntryNotInManifest("intrus.txt".into()),
            FileMissing("mars.pdf".into()),
            SizeMismatch {
                name: "mars.pdf".into(),
                expected: 10,
                found: 12,
            },
            SizeExceedsDeclared {
                name: "mars.pdf".into(),
                declared: 10,
            },
            HashMismatch("mars.pdf".into()),
            CorruptEntry {
                name: "mars.pdf".into(),
                detail: "invalid deflate stream".into(),
            },
            DeltaInvalid("Comptabilité/123456782FEC20201231.txt".into()),
            DeltaMismatch("Comptabilité/123456782FEC20201231.txt".into()),
        ]
    }

    /// The codes `Rejection::code()` returns, read from the archive layer's source.
    fn codes_of_the_archive_layer() -> Vec<String> {
        let source = include_str!("../archive/mod.rs");
        let start = source
            .find("pub fn code(&self)")
            .unwrap_or_else(|| panic!("no code()"));
        let end = start
            + source[start..]
                .find("\n    }\n")
                .unwrap_or_else(|| panic!("no end"));
        source[start..end]
            .lines()
            .filter_map(|line| line.split_once("=> \"").map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_once('"').map(|(code, _)| code.to_string()))
            .collect()
    }

    fn catalog_ids(lang: &str) -> Vec<String> {
        let path = format!("{lang}/rejection.ftl");
        let file = Catalogs::get(&path).unwrap_or_else(|| panic!("no {path}"));
        let text = String::from_utf8(file.data.into_owned()).unwrap_or_else(|e| panic!("{e}"));
        text.lines()
            .filter_map(|line| line.split_once(" = ").map(|(id, _)| id))
            .filter(|id| id.starts_with("rejection-"))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_reason_of_the_archive_layer_is_listed() {
        let mut listed: Vec<String> = every_reason()
            .iter()
            .map(|r| r.code().to_string())
            .collect();
        listed.sort();
        let mut known = codes_of_the_archive_layer();
        known.sort();
        assert!(
            known.len() >= 30,
            "codes not read from the source: {known:?}"
        );
        assert_eq!(
            listed, known,
            "every_reason() must hold one of each Rejection"
        );
        let mut ids = catalog_ids("en");
        ids.sort();
        let wanted: Vec<String> = known.iter().map(|c| format!("rejection-{c}")).collect();
        assert_eq!(ids, wanted, "one message per code, no stale one");
    }

    #[test]
    fn every_reason_is_put_into_words_in_both_languages() {
        let (fr, en) = (catalog(Lang::Fr), catalog(Lang::En));
        let mut wrong = Vec::new();
        for reason in every_reason() {
            let (french, english) = (render_with(&fr, &reason), render_with(&en, &reason));
            for (lang, text) in [("fr", &french), ("en", &english)] {
                if text.trim().is_empty()
                    || text.contains(['{', '}'])
                    || text.contains("No localization")
                    || text.contains('\u{2068}')
                {
                    wrong.push(format!("{} ({lang}): {text:?}", reason.code()));
                }
            }
            if french == english {
                wrong.push(format!(
                    "{}: French is the English: {french:?}",
                    reason.code()
                ));
            }
            let id = format!("rejection-{}", reason.code());
            if !fr.has(&id) || !en.has(&id) {
                wrong.push(format!("{id}: not in both catalogs"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn french_counts_are_singular_or_plural() {
        let (fr, en) = (catalog(Lang::Fr), catalog(Lang::En));
        let one = render_with(&fr, &Rejection::TrailingBytes(1));
        let three = render_with(&fr, &Rejection::TrailingBytes(3));
        assert!(one.starts_with("1 octet inattendu "), "{one}");
        assert!(three.starts_with("3 octets inattendus "), "{three}");
        assert!(!one.contains("(s)") && !three.contains("(s)"));
        // French says "0 octet", English "0 bytes".
        let none = render_with(&fr, &Rejection::ManifestTooLarge(0));
        assert!(none.ends_with("(0 octet)"), "{none}");
        let none = render_with(&en, &Rejection::ManifestTooLarge(0));
        assert!(none.ends_with("(0 bytes)"), "{none}");
        let one = render_with(&en, &Rejection::TrailingBytes(1));
        let three = render_with(&en, &Rejection::TrailingBytes(3));
        assert!(one.starts_with("1 unexpected byte after"), "{one}");
        assert!(three.starts_with("3 unexpected bytes after"), "{three}");
    }

    #[test]
    fn names_from_the_archive_are_shown_escaped() {
        let reason = Rejection::DuplicateName("fac\u{202e}fdp.exe\x1b[31m".into());
        for loader in [catalog(Lang::Fr), catalog(Lang::En)] {
            let text = render_with(&loader, &reason);
            assert!(text.contains("fac\\u{202e}fdp.exe\\u{001b}[31m"), "{text}");
            assert!(!text.contains(['\u{202e}', '\x1b']), "{text:?}");
        }
    }

    #[test]
    fn the_unknown_signer_is_checked_by_phone_before_being_trusted() {
        let reason = Rejection::UnknownSigner {
            key_id: "ABCD-EF01-2345-6789".parse().unwrap(),
            public_key: "sacochepk0123456789abcdef".into(),
            dossier: "8502182".parse().unwrap(),
        };
        let french = render_with(&catalog(Lang::Fr), &reason);
        let english = render_with(&catalog(Lang::En), &reason);
        for text in [&french, &english] {
            assert!(
                !text.contains("sacochepk"),
                "never a key ready to paste: {text}"
            );
            assert!(text.contains("ABCD-EF01-2345-6789"), "{text}");
            assert!(text.contains("sacoche key show"), "{text}");
            assert!(text.contains("--dossier 8502182"), "{text}");
        }
        assert!(
            french.contains("sacoche trust add CLÉ --name NOM"),
            "{french}"
        );
        assert!(english.contains("signed by an unknown key"), "{english}");
    }

    #[test]
    fn every_signed_field_is_named_in_french() {
        let fr = catalog(Lang::Fr);
        for field in [
            "dossier",
            "creation time",
            "kind",
            "sequence number",
            "key id",
            "manifest hash",
        ] {
            let text = render_with(&fr, &Rejection::StatementMismatch(field));
            assert!(
                !text.contains("ne disent pas la même chose"),
                "{field}: {text}"
            );
        }
    }

    #[test]
    fn the_language_in_use_has_every_message() {
        for reason in every_reason() {
            let id = format!("rejection-{}", reason.code());
            assert!(
                CATALOG.has(&id),
                "{id} not loaded: the library's text would show"
            );
            let text = rejection(&reason);
            assert!(!text.is_empty() && !text.contains(['{', '}']), "{text}");
        }
    }
}
