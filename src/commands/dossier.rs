//! The commands on one dossier folder or one archive: `init`, `dossier set`, `apply`,
//! `resolve`, `status`, `verify`, `show`, `extract`.

use std::path::{Path, PathBuf};

use sacoche::archive::manifest::FiscalPeriod;
use sacoche::archive::{self, Opened};
use sacoche::dossier::{self, meta::Identity};
use sacoche::error::{EXIT_OK, EXIT_REJECTED};
use sacoche::exchange::resolve::Choice;
use sacoche::exchange::{self, ApplyOptions};
use sacoche::home::Home;
use sacoche::keys::TrustStore;

use crate::cli::KeepChoice;
use crate::double_click;
use crate::failure::Failure;
use crate::output::{self, Out};
use crate::words::{self, escape::escaped, t};

/// `init`: records the folder's identity, once; a mistyped path is refused unless
/// `--create` says to make the folder.
pub fn init(dir: &Path, create: bool, identity: &Identity) -> Result<u8, Failure> {
    if !create && !dir.is_dir() {
        return Err(if dir.exists() {
            Failure::Dossier(dossier::Error::NotADirectory(dir.to_path_buf()))
        } else {
            Failure::NoSuchFolder(dir.to_path_buf())
        });
    }
    exchange::init(dir, identity)?;
    tell!(
        "{}",
        t!(
            "init-done",
            path = words::escape::path(dir),
            id = escaped(&identity.id),
            name = escaped(&identity.name),
            quoted = escaped(&words::errors::shell_quoted(dir))
        )
    );
    Ok(EXIT_OK)
}

/// `dossier set --fiscal-year`: the yearly rollover, said with the period it replaced.
pub fn set_fiscal_year(dir: &Path, text: &str) -> Result<u8, Failure> {
    let period = parse_period(text)?;
    let old = exchange::set_fiscal_period(dir, period)?;
    let path = words::escape::path(dir);
    let period_text = period.to_string();
    tell!(
        "{}",
        match old {
            Some(old) if old == period => t!("fiscal-year-same", path = path, period = period_text),
            Some(old) => t!(
                "fiscal-year-moved",
                path = path,
                period = period_text,
                old = old.to_string()
            ),
            None => t!("fiscal-year-set", path = path, period = period_text),
        }
    );
    Ok(EXIT_OK)
}

/// `apply`: the preview is shown (above the progress bar) before anything changes.
pub fn apply(
    home: &Home,
    archives: &[PathBuf],
    dir: &Path,
    options: &ApplyOptions,
    json: bool,
) -> Result<u8, Failure> {
    let out = Out::new(json);
    let bar = output::ReadBar::install(json);
    let outcome = exchange::apply(home, archives, dir, options, &mut |plan| {
        bar.suspend(|| out.plan(plan))
    });
    drop(bar);
    out.applied(&outcome?);
    Ok(EXIT_OK)
}

pub fn resolve(dir: &Path, file: &str, keep: KeepChoice) -> Result<u8, Failure> {
    let choice = match keep {
        KeepChoice::Mine => Choice::Mine,
        KeepChoice::Theirs => Choice::Theirs,
        KeepChoice::Both => Choice::Both,
    };
    let resolved = exchange::resolve::resolve(dir, file, choice)?;
    Out::new(false).resolved(&resolved);
    Ok(EXIT_OK)
}

pub fn status(dir: &Path, verbose: bool, json: bool) -> Result<u8, Failure> {
    let status = exchange::status::status(dir)?;
    Out::new(json).status(dir, &status, verbose);
    Ok(EXIT_OK)
}

/// `verify`: every archive of the list is checked; the exit status is the worst seen.
pub fn verify(home: &Home, archives: &[PathBuf], json: bool) -> Result<u8, Failure> {
    let trust = TrustStore::load(home)?;
    let out = Out::new(json);
    let (mut valid, mut rejected, mut failed) = (0usize, 0usize, 0usize);
    let mut worst_failure = None;
    let bar = output::ReadBar::install(json);
    for path in archives {
        let verified = archive::verify(path, &trust);
        bar.suspend(|| match verified {
            Ok(v) => {
                valid += 1;
                out.verified(path, &v);
            }
            Err(archive::Error::Rejected { archive, reason }) => {
                rejected += 1;
                out.rejected(&archive, &reason);
            }
            // Keep going through the list; remember the worst outcome.
            Err(e) => {
                failed += 1;
                out.failed(path, &e);
                worst_failure.get_or_insert(e.exit_code());
            }
        });
    }
    drop(bar);
    out.summary(valid, rejected, failed);
    Ok(if rejected > 0 {
        EXIT_REJECTED
    } else {
        worst_failure.unwrap_or(EXIT_OK)
    })
}

/// `show`, and `show --wait` for a double-click in Explorer: then how to integrate it,
/// and a window that waits for Enter instead of vanishing.
pub fn show(home: &Home, archive: &Path, json: bool, wait: bool) -> Result<u8, Failure> {
    let shown = show_archive(home, archive, json);
    if !wait {
        return shown;
    }
    let code = match &shown {
        Ok(code) => {
            double_click::how_to_apply(archive);
            *code
        }
        Err(e) => {
            words::errors::report(e);
            e.exit_code()
        }
    };
    double_click::wait_for_enter();
    Ok(code)
}

fn show_archive(home: &Home, path: &Path, json: bool) -> Result<u8, Failure> {
    let trust = TrustStore::load(home)?;
    let opened = Opened::open(path, &trust)?;
    let out = Out::new(json);
    if let Err(e) = opened.require_trusted() {
        // Its contents are not opened: only what the signature vouches for is shown.
        out.shown_untrusted(&opened);
        return Err(e.into());
    }
    let contents = opened.contents()?;
    out.shown(path, &contents);
    Ok(EXIT_OK)
}

pub fn extract(
    home: &Home,
    archive: &Path,
    to: &Path,
    force: bool,
    json: bool,
) -> Result<u8, Failure> {
    let bar = output::ReadBar::install(json);
    let extracted = dossier::extract(home, archive, to, force);
    drop(bar);
    Out::new(json).extracted(archive, &extracted?);
    Ok(EXIT_OK)
}

/// A `--fiscal-year START..END` if one was given.
pub fn fiscal_period(text: Option<&str>) -> Result<Option<FiscalPeriod>, Failure> {
    text.map(parse_period).transpose()
}

/// `START..END`, or the one-line refusal that names it.
fn parse_period(text: &str) -> Result<FiscalPeriod, Failure> {
    FiscalPeriod::parse(text).ok_or_else(|| Failure::InvalidFiscalPeriod(text.to_string()))
}
