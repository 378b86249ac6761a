//! The errors of the keys, archive, inbox and mail layers, in words.

use sacoche::archive;
use sacoche::ids::InvalidDossierId;
use sacoche::{inbox, keys, mail};

use super::super::escape::{escaped, escaped_ids, path as p};
use super::super::format::size;
use super::super::{current, t};
use super::{Said, Told, io::io_error};

impl Told for keys::Error {
    fn said(&self) -> Said {
        use keys::Error;
        match self {
            Error::Io(e) => io_error(e),
            Error::NoKey { path } => {
                Said::new(t!("error-no-key", path = p(path))).hint(t!("hint-no-key"))
            }
            Error::KeyExists { path } => Said::new(t!("error-key-exists", path = p(path))),
            Error::BadKeyFile { path, detail } => Said::new(t!(
                "error-bad-key-file",
                path = p(path),
                detail = escaped(detail)
            ))
            .hint(t!("hint-bad-key-file")),
            Error::BadTrustFile { path, detail } => Said::new(t!(
                "error-bad-trust-file",
                path = p(path),
                detail = escaped(detail)
            ))
            .hint(t!("hint-bad-trust-file")),
            Error::BadPublicKey(key) => Said::new(t!("error-bad-public-key", key = escaped(key)))
                .hint(t!("hint-bad-public-key")),
            Error::WeakPublicKey(key) => Said::new(t!("error-weak-public-key", key = escaped(key)))
                .hint(t!("hint-weak-public-key")),
            Error::NotTrusted(key) => {
                Said::new(t!("error-not-trusted", key = escaped(key))).hint(t!("hint-not-trusted"))
            }
            Error::InvalidName(name) => Said::new(t!("error-invalid-name", name = escaped(name)))
                .hint(t!("hint-invalid-name")),
            Error::WouldWidenTrust { name, dossiers } => Said::new(t!(
                "error-would-widen-trust",
                name = escaped(name),
                count = dossiers.len(),
                dossiers = escaped_ids(dossiers)
            ))
            .hint(t!("hint-would-widen-trust")),
            Error::InvalidDossierId(InvalidDossierId(id)) => {
                Said::new(t!("error-invalid-dossier-id", id = escaped(id)))
                    .hint(t!("hint-invalid-dossier-id"))
            }
            Error::Random(detail) => Said::new(t!("error-random", detail = escaped(detail))),
            Error::Internal(detail) => {
                Said::new(t!("error-internal", detail = escaped(detail))).hint(t!("hint-internal"))
            }
        }
    }
    told_codes!();
}

impl Told for archive::Error {
    fn said(&self) -> Said {
        use archive::Error;
        let lang = current();
        match self {
            Error::Io(e) => io_error(e),
            Error::Rejected { archive, reason } => Said::new(t!(
                "error-rejected",
                archive = p(archive),
                reason = crate::words::rejections::rejection(reason)
            )),
            Error::ArchiveExists(path) => Said::new(t!("error-archive-exists", path = p(path)))
                .hint(t!("hint-archive-exists")),
            Error::FileChanged(path) => {
                Said::new(t!("error-file-changed", path = p(path))).hint(t!("hint-file-changed"))
            }
            Error::TooBigForDestination { dir, size: s } => Said::new(t!(
                "error-too-big-for-destination",
                path = p(dir),
                size = size(*s, lang)
            ))
            .hint(t!("hint-too-big-for-destination")),
            Error::InvalidDossierId(InvalidDossierId(id)) => {
                Said::new(t!("error-invalid-dossier-id", id = escaped(id)))
                    .hint(t!("hint-invalid-dossier-id"))
            }
            Error::Internal(detail) => {
                Said::new(t!("error-internal", detail = escaped(detail))).hint(t!("hint-internal"))
            }
        }
    }
    told_codes!(rejection);
}

impl Told for inbox::Error {
    fn said(&self) -> Said {
        use inbox::Error;
        match self {
            Error::Io(e) => io_error(e),
            Error::Dossier(e) => e.said(),
            Error::Mail(e) => e.said(),
            Error::Config(e) => e.said(),
            Error::NoInbox(path) => {
                Said::new(t!("error-no-inbox")).hint(t!("hint-no-inbox", path = p(path)))
            }
            Error::NoDossiersRoot => {
                Said::new(t!("error-no-dossiers-root")).hint(t!("hint-no-dossiers-root"))
            }
            Error::NotInInbox(path) => {
                Said::new(t!("error-not-in-inbox", path = p(path))).hint(t!("hint-not-in-inbox"))
            }
            Error::Internal(detail) => {
                Said::new(t!("error-internal", detail = escaped(detail))).hint(t!("hint-internal"))
            }
        }
    }
    told_codes!(rejection);
}

impl Told for mail::Error {
    fn said(&self) -> Said {
        use mail::Error;
        let lang = current();
        match self {
            Error::Io(e) => io_error(e),
            Error::Archive(e) => e.said(),
            Error::Keys(e) => e.said(),
            Error::Config(e) => e.said(),
            Error::TooBigForMail {
                archive,
                size: s,
                max,
            } => Said::new(t!(
                "error-too-big-for-mail",
                archive = p(archive),
                size = size(*s, lang),
                max = size(*max, lang)
            ))
            .hint(t!(
                "hint-too-big-for-mail",
                max_arg = format!("{}M", max / 1_000_000)
            )),
            Error::Smtp { host, detail } => Said::new(t!(
                "error-smtp",
                host = escaped(host),
                detail = escaped(detail)
            ))
            .hint(t!("hint-smtp")),
            Error::NotASizeInConfig(text) => {
                Said::new(t!("usage-not-a-size-in-config", text = escaped(text)))
                    .hint(t!("hint-usage-not-a-size-in-config"))
            }
            Error::NotAnAddress(text) => {
                Said::new(t!("usage-not-an-address", text = escaped(text)))
            }
            Error::BadTls(text) => {
                Said::new(t!("usage-bad-tls", text = escaped(text))).hint(t!("hint-usage-bad-tls"))
            }
            Error::NoSmtpPassword => {
                Said::new(t!("usage-no-smtp-password")).hint(t!("hint-usage-no-smtp-password"))
            }
            Error::Internal(detail) => {
                Said::new(t!("error-internal", detail = escaped(detail))).hint(t!("hint-internal"))
            }
        }
    }
    told_codes!(rejection);
}
