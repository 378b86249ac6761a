//! Sending: `pack` (receipts brought back first, then the archive, then perhaps a
//! mail) and `mail`.

use std::path::{Path, PathBuf};

use sacoche::archive::manifest::DossierRef;
use sacoche::dossier;
use sacoche::error::EXIT_OK;
use sacoche::exchange::{self, PackMode, PackOptions};
use sacoche::home::Home;
use sacoche::ids::DossierId;

use crate::cli::{MailArgs, PackArgs};
use crate::commands::dossier::fiscal_period;
use crate::failure::Failure;
use crate::output::{self, Out};
use crate::words::{self, escape::escaped, t};

pub fn pack(home: &Home, args: PackArgs) -> Result<u8, Failure> {
    let options = pack_options(home, &args)?;
    // Receipts brought back on the stick are recorded first, and said so whatever
    // happens next (nothing left to send, say).
    let out = Out::new(args.json);
    let receipts = exchange::intake::take_receipts(home, &args.dir, &options.out_dir);
    let mut bar = output::PackBar::new(args.json);
    let packed = exchange::pack(home, &args.dir, &options, &mut |p| bar.update(p));
    bar.finish();
    let mut packed = match packed {
        Ok(p) => p,
        Err(e) => {
            for r in &receipts {
                out.receipt_recorded(r);
            }
            return Err(e.into());
        }
    };
    packed.receipts.splice(0..0, receipts);
    out.packed(&packed);
    if let Some(to) = args.mail_to {
        let mail = MailArgs {
            to,
            from: args.from,
            smtp: args.smtp,
        };
        for written in &packed.archives {
            mail_archive(home, &written.path, &mail, None)?;
        }
    }
    Ok(EXIT_OK)
}

/// What the flags of `pack` ask for; `--mail-to` without `--max-size` takes the mail
/// limit of config.toml.
fn pack_options(home: &Home, args: &PackArgs) -> Result<PackOptions, Failure> {
    let dossier = match (&args.dossier, &args.name) {
        (Some(id), Some(name)) => Some(DossierRef {
            id: DossierId::parse(id).map_err(dossier::Error::from)?,
            name: name.clone(),
        }),
        _ => None,
    };
    let mode = if args.full {
        PackMode::Full
    } else if args.changes {
        PackMode::Changes
    } else {
        PackMode::Auto
    };
    let max_size = match (&args.max_size, &args.mail_to) {
        (Some(text), _) => {
            Some(sacoche::mail::parse_size(text).ok_or_else(|| Failure::NotASize(text.clone()))?)
        }
        (None, Some(_)) => Some(sacoche::mail::max_size(&sacoche::mail::config(home)?.0)?),
        (None, None) => None,
    };
    Ok(PackOptions {
        dossier,
        max_size,
        out_dir: args.out.clone(),
        fiscal_period: fiscal_period(args.fiscal_year.as_deref())?,
        purpose: args.purpose.clone(),
        comment: args.comment.clone(),
        created: None,
        mode,
        reset: args.reset,
        to: args.to.clone(),
        strict: args.strict,
    })
}

/// Writes the message next to the archive (or to `out`), or sends it over SMTP.
pub fn mail_archive(
    home: &Home,
    archive: &Path,
    args: &MailArgs,
    out: Option<PathBuf>,
) -> Result<(), Failure> {
    let (mail_config, smtp) = sacoche::mail::config(home)?;
    let max = sacoche::mail::max_size(&mail_config)?;
    let from = args.from.clone().or(mail_config.from.clone());
    let about = sacoche::mail::about(home, archive, &args.to, from.as_deref(), max)?;
    let text = words::mail::text(&about);
    let message = sacoche::mail::message(archive, &about, &args.to, from.as_deref(), &text)?;
    if args.smtp {
        let smtp = smtp.ok_or_else(|| Failure::NoSmtpServer(home.config_file()))?;
        let from = from.ok_or(Failure::NoSender)?;
        sacoche::mail::send(&smtp, &from, &args.to, &message)?;
        tell!(
            "{}",
            t!(
                "mail-sent",
                archive = words::escape::path(archive),
                to = escaped(&args.to),
                host = escaped(&smtp.host)
            )
        );
        return Ok(());
    }
    let path = out.unwrap_or_else(|| archive.with_extension("eml"));
    // Never over a message already there (one not sent yet, perhaps).
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Failure::MessageExists(path));
    }
    sacoche::fsx::write_atomic(&path, &message)?;
    tell!("{}", t!("mail-ready", to = escaped(&args.to)));
    say!("{}", path.display());
    Ok(())
}
