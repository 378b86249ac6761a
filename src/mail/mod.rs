//! Mail: an archive as a ready-to-send message (`.eml`) or sent over SMTP, and
//! archives taken out of received mail (`.eml` files, mbox files, Maildirs).
//!
//! Providers cap a message at about 20–25 MB, and base64 adds about a third: the
//! default limit is 15 MB of attachment (`[mail] max_size` in config.toml).

use crate::error::{ConfigError, IoAction};
use std::collections::HashSet;

use crate::ids::DossierId;
use std::fs;
use std::path::{Path, PathBuf};

use mail_builder::MessageBuilder;
use mail_parser::{MessageParser, MimeHeaders};
use serde::Deserialize;

use crate::archive::{Opened, Sha256};

mod error;
use crate::home::Home;
use crate::keys::TrustStore;
pub use error::Error;

/// Default attachment limit: 15 MB (about 20 MB once encoded).
pub const DEFAULT_MAX_SIZE: u64 = 15_000_000;

/// `[mail]` and `[smtp]` in config.toml.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MailConfig {
    /// Largest attachment, e.g. "15M".
    #[serde(default)]
    pub max_size: Option<String>,
    /// Default sender address.
    #[serde(default)]
    pub from: Option<String>,
}

/// The SMTP server: `[smtp]` in config.toml. The password comes from the environment
/// variable `SACOCHE_SMTP_PASSWORD`, never from the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Server name.
    pub host: String,
    /// Port (default: 587 for starttls, 465 for tls, 25 for none).
    #[serde(default)]
    pub port: Option<u16>,
    /// `none`, `starttls` or `tls`.
    #[serde(default = "default_tls")]
    pub tls: String,
    /// Login, if the server wants one.
    #[serde(default)]
    pub user: Option<String>,
}

fn default_tls() -> String {
    "starttls".into()
}

/// The environment variable holding the SMTP password.
pub const PASSWORD_ENV: &str = "SACOCHE_SMTP_PASSWORD";

#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    mail: Option<MailConfig>,
    #[serde(default)]
    smtp: Option<SmtpConfig>,
}

/// Reads `[mail]` and `[smtp]` from config.toml (other tables are the inbox's).
pub fn config(home: &Home) -> Result<(MailConfig, Option<SmtpConfig>), Error> {
    let path = home.config_file();
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
        Err(e) => return Err(Error::io(IoAction::Read, &path, e)),
    };
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| ConfigError::from_toml(&path, &text, &e))?;
    let mut only = toml::Table::new();
    for key in ["mail", "smtp"] {
        if let Some(v) = table.get(key) {
            only.insert(key.to_string(), v.clone());
        }
    }
    let file: File = only
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::Bad {
            path,
            line: None,
            detail: e.message().to_string(),
        })?;
    Ok((file.mail.unwrap_or_default(), file.smtp))
}

/// A size as people write it, in decimal units as sacoche shows them (1 MB =
/// 1,000,000 bytes): `15M`, `15 MB`, `15 Mo`, `1,5 Go`, `500k`, `500 ko`. A bare number
/// is refused: `--max-size 15` meant 15 bytes to nobody.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')?;
    let (digits, unit) = t.split_at(split);
    let value: f64 = digits.replace(',', ".").parse().ok()?;
    let unit = unit.trim().to_lowercase();
    let prefix = unit
        .strip_suffix("octets")
        .or_else(|| unit.strip_suffix("bytes"))
        .or_else(|| unit.strip_suffix('b'))
        .or_else(|| unit.strip_suffix('o'))
        .unwrap_or(&unit);
    let factor = match prefix.trim() {
        "" if unit.is_empty() => return None,
        "" => 1.0,
        "k" => 1e3,
        "m" => 1e6,
        "g" => 1e9,
        _ => return None,
    };
    let bytes = value * factor;
    (bytes.is_finite() && bytes >= 1.0).then_some(bytes.round() as u64)
}

/// The attachment limit from config.toml, or the default.
pub fn max_size(mail: &MailConfig) -> Result<u64, Error> {
    match &mail.max_size {
        None => Ok(DEFAULT_MAX_SIZE),
        Some(text) => parse_size(text).ok_or_else(|| Error::NotASizeInConfig(text.clone())),
    }
}

/// What a message carrying an archive says of it: typed facts the program puts into
/// words (in French and in English: the recipient's language is not known).
#[derive(Debug, Clone)]
pub struct About {
    /// The archive's file name, as attached.
    pub file_name: String,
    /// The dossier id (signed).
    pub dossier: DossierId,
    /// The dossier's holder, when the archive is trusted (its manifest was read).
    pub holder: Option<String>,
    /// The fiscal period, when known.
    pub fiscal_period: Option<crate::archive::manifest::FiscalPeriod>,
    /// Full, changes or receipt (signed).
    pub kind: crate::archive::Kind,
    /// How many files it carries (0 when the manifest was not read).
    pub files: usize,
    /// The sender's sequence number (signed).
    pub sequence: u64,
}

/// The words of a message: its subject and its plain-text body.
#[derive(Debug, Clone)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

/// What the message carrying `archive` will say of it (checks the addresses, the size
/// limit `max` and the seal first).
pub fn about(
    home: &Home,
    archive: &Path,
    to: &str,
    from: Option<&str>,
    max: u64,
) -> Result<About, Error> {
    let size = fs::metadata(archive)
        .map_err(|e| Error::io(IoAction::Read, archive, e))?
        .len();
    if size > max {
        return Err(Error::TooBigForMail {
            archive: archive.to_path_buf(),
            size,
            max,
        });
    }
    check_address(to)?;
    if let Some(f) = from {
        check_address(f)?;
    }
    let trust = TrustStore::load(home)?;
    let opened = Opened::open(archive, &trust)?;
    let statement = opened.statement().clone();
    // Our own archives (and trusted ones) show their manifest; others only what is signed.
    let manifest = match opened.require_trusted() {
        Ok(()) => Some(opened.contents()?.manifest().clone()),
        Err(_) => None,
    };
    Ok(About {
        file_name: archive.file_name().map_or_else(
            || "archive.sacoche".into(),
            |n| n.to_string_lossy().into_owned(),
        ),
        dossier: statement.dossier,
        holder: manifest.as_ref().map(|m| m.dossier.name.clone()),
        fiscal_period: manifest.as_ref().and_then(|m| m.fiscal_period),
        kind: statement.kind,
        files: manifest.as_ref().map_or(0, |m| m.files.len()),
        sequence: statement.sequence,
    })
}

/// Builds the message carrying `archive` with the words `text`: the archive attached
/// with its exact name as `application/octet-stream`; `X-Unsent: 1` so that Outlook
/// opens it as a draft.
pub fn message(
    archive: &Path,
    about: &About,
    to: &str,
    from: Option<&str>,
    text: &Text,
) -> Result<Vec<u8>, Error> {
    let bytes = fs::read(archive).map_err(|e| Error::io(IoAction::Read, archive, e))?;
    let mut builder = MessageBuilder::new()
        .to(to)
        .subject(text.subject.clone())
        .header("X-Unsent", mail_builder::headers::raw::Raw::new("1"))
        .text_body(text.body.clone())
        .attachment("application/octet-stream", about.file_name.clone(), bytes);
    if let Some(f) = from {
        builder = builder.from(f);
    }
    builder
        .write_to_vec()
        .map_err(|e| Error::Internal(format!("building the message: {e}")))
}

fn check_address(address: &str) -> Result<(), Error> {
    let ok = address.parse::<lettre::Address>().is_ok();
    if ok {
        Ok(())
    } else {
        Err(Error::NotAnAddress(address.to_string()))
    }
}

/// Sends a message over SMTP as configured in `[smtp]`.
pub fn send(smtp: &SmtpConfig, from: &str, to: &str, message: &[u8]) -> Result<(), Error> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{SmtpTransport, Transport};

    let bad = |why: String| Error::Smtp {
        host: smtp.host.clone(),
        detail: why,
    };
    let envelope = lettre::address::Envelope::new(
        Some(
            from.parse()
                .map_err(|_| Error::NotAnAddress(from.to_string()))?,
        ),
        vec![
            to.parse()
                .map_err(|_| Error::NotAnAddress(to.to_string()))?,
        ],
    )
    .map_err(|e| bad(e.to_string()))?;
    let params = || TlsParameters::new(smtp.host.clone()).map_err(|e| bad(e.to_string()));
    let (tls, port) = match smtp.tls.as_str() {
        "none" => (Tls::None, 25),
        "starttls" => (Tls::Required(params()?), 587),
        "tls" => (Tls::Wrapper(params()?), 465),
        other => {
            return Err(Error::BadTls(other.to_string()));
        }
    };
    let mut transport = SmtpTransport::builder_dangerous(smtp.host.clone())
        .port(smtp.port.unwrap_or(port))
        .tls(tls);
    if let Some(user) = &smtp.user {
        let password = std::env::var(PASSWORD_ENV).map_err(|_| Error::NoSmtpPassword)?;
        transport = transport.credentials(Credentials::new(user.clone(), password));
    }
    transport
        .build()
        .send_raw(&envelope, message)
        .map(|_| ())
        .map_err(|e| bad(e.to_string()))
}

/// What `import-mail` found.
#[derive(Debug, Default)]
pub struct Imported {
    /// Messages read.
    pub messages: usize,
    /// Archives copied into the inbox.
    pub added: Vec<PathBuf>,
    /// Attachments already in the inbox (same archive id), not copied again.
    pub duplicates: Vec<String>,
    /// `.sacoche` attachments that are not valid archives, with the reason (not copied).
    pub invalid: Vec<(String, crate::archive::Rejection)>,
}

/// Copies every `.sacoche` attachment found in `.eml` files, mbox files or Maildirs
/// into `inbox` (never a partial file: a temporary name, then a rename), each archive
/// once (by archive id, counting what the inbox already holds and `already`: whether
/// an archive (id, dossier) was integrated before, by the inbox or by `apply`).
pub fn import(
    home: &Home,
    inbox: &Path,
    sources: &[PathBuf],
    already: &dyn Fn(&Sha256, &DossierId) -> bool,
) -> Result<Imported, Error> {
    let trust = TrustStore::load(home)?;
    let mut known = Known {
        seen: HashSet::new(),
        already,
    };
    for entry in fs::read_dir(inbox)
        .map_err(|e| Error::io(IoAction::Read, inbox, e))?
        .flatten()
    {
        if let Ok(o) = Opened::open(&entry.path(), &trust) {
            known.seen.insert(o.archive_id());
        }
    }
    let mut report = Imported::default();
    for source in sources {
        for raw in messages(source)? {
            report.messages += 1;
            take_attachments(&raw, inbox, &trust, &mut known, &mut report)?;
        }
    }
    Ok(report)
}

/// The raw messages in an `.eml` file, an mbox file or a Maildir.
fn messages(source: &Path) -> Result<Vec<Vec<u8>>, Error> {
    if source.is_dir() {
        let mut out = Vec::new();
        let iter = mail_parser::mailbox::maildir::MessageIterator::new(source)
            .map_err(|e| Error::io(IoAction::Read, source, e))?;
        for message in iter {
            out.push(
                message
                    .map_err(|e| Error::io(IoAction::Read, source, e))?
                    .unwrap_contents(),
            );
        }
        return Ok(out);
    }
    let bytes = fs::read(source).map_err(|e| Error::io(IoAction::Read, source, e))?;
    if bytes.starts_with(b"From ") {
        let iter = mail_parser::mailbox::mbox::MessageIterator::new(bytes.as_slice());
        return Ok(iter
            .filter_map(Result::ok)
            .map(|m| m.unwrap_contents())
            .collect());
    }
    Ok(vec![bytes])
}

/// The archives not to import again: in the inbox, earlier in this import, or
/// integrated before.
struct Known<'a> {
    seen: HashSet<Sha256>,
    already: &'a dyn Fn(&Sha256, &DossierId) -> bool,
}

fn take_attachments(
    raw: &[u8],
    inbox: &Path,
    trust: &TrustStore,
    known: &mut Known<'_>,
    report: &mut Imported,
) -> Result<(), Error> {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Ok(());
    };
    for part in message.attachments() {
        // A forwarded message carries its own attachments.
        if let Some(inner) = part.message() {
            let inner_raw = inner.raw_message().to_vec();
            take_attachments(&inner_raw, inbox, trust, known, report)?;
            continue;
        }
        let Some(name) = part.attachment_name() else {
            continue;
        };
        if !name.to_ascii_lowercase().ends_with(".sacoche") {
            continue;
        }
        // Only the final component of the name, never a path from the message.
        let name = Path::new(name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "archive.sacoche".into());
        let tmp = tempfile::Builder::new()
            .prefix(".sacoche-")
            .suffix(".part")
            .tempfile_in(inbox)
            .map_err(|e| Error::io(IoAction::CreateTempIn, inbox, e))?;
        fs::write(tmp.path(), part.contents())
            .map_err(|e| Error::io(IoAction::Write, tmp.path(), e))?;
        let (id, dossier) = match Opened::open(tmp.path(), trust) {
            Ok(o) => (o.archive_id(), o.statement().dossier.clone()),
            Err(crate::archive::Error::Rejected { reason, .. }) => {
                report.invalid.push((name, reason));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if (known.already)(&id, &dossier) || !known.seen.insert(id) {
            report.duplicates.push(name);
            continue;
        }
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(IoAction::Write, tmp.path(), e))?;
        let mut dest = inbox.join(&name);
        let mut n = 1;
        while dest.exists() {
            let stem = name.trim_end_matches(".sacoche");
            dest = inbox.join(format!("{stem} ({n}).sacoche"));
            n += 1;
        }
        tmp.persist_noclobber(&dest)
            .map_err(|e| Error::io(IoAction::Write, &dest, e.error))?;
        report.added.push(dest);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_are_read_with_their_unit_and_never_bare() {
        for (text, bytes) in [
            ("15M", Some(15_000_000)),
            ("15 MB", Some(15_000_000)),
            ("15 Mo", Some(15_000_000)),
            ("15mo", Some(15_000_000)),
            ("1,5 Go", Some(1_500_000_000)),
            ("1.5G", Some(1_500_000_000)),
            ("500k", Some(500_000)),
            ("500 ko", Some(500_000)),
            ("4000M", Some(4_000_000_000)),
            ("300 octets", Some(300)),
            ("300 B", Some(300)),
            ("15", None),
            ("", None),
            ("M", None),
            ("15 Mi", None),
            ("quinze Mo", None),
            ("0 Mo", None),
        ] {
            assert_eq!(parse_size(text), bytes, "{text:?}");
        }
    }
}
