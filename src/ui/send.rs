//! Envoyer, as one form in the order of the wizard farmers know: the dossier, what to
//! send (the changes, or everything), where (a USB stick first, any folder, or a mail
//! ready to send), why and a comment; then the result in words.

use std::path::{Path, PathBuf};

use axum::extract::State as Extract;
use axum::response::Response;
use maud::{Markup, html};
use sacoche::exchange::send::{Packed, Progress};
use sacoche::exchange::{self, PackMode, PackOptions};
use sacoche::home::Home;

use super::layout::{self, Tab, csrf};
use super::{Form, State, Trouble, blocking, typed_path};
use crate::cli::MailArgs;
use crate::failure::Failure;
use crate::words::escape::{escaped, path as path_text};
use crate::words::{self, format, t};

/// The file, in sacoche's folder, of the dossier folders sent from the page (so that
/// Accueil shows them next time).
fn remembered_file(home: &Home) -> PathBuf {
    home.config_dir().join("page-dossiers.txt")
}

/// The dossier folders sent from the page, one per line.
pub fn remembered(home: &Home) -> Vec<PathBuf> {
    std::fs::read_to_string(remembered_file(home))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .collect()
}

/// Remembers `dir` (best effort: the page only forgets it).
fn remember(home: &Home, dir: &Path) {
    let dir = dunce::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut known = remembered(home);
    if known.contains(&dir) {
        return;
    }
    known.push(dir);
    let text: String = known.iter().map(|d| format!("{}\n", d.display())).collect();
    let _ = sacoche::fsx::write_atomic(&remembered_file(home), text.as_bytes());
}

/// Removable drives (USB sticks, memory cards), offered first: as the system says
/// them (the drive type on Windows, the `removable` flag on Linux).
fn removable_drives() -> Vec<PathBuf> {
    let disks = sysinfo::Disks::new_with_refreshed_list();
    let mut found: Vec<PathBuf> = disks
        .list()
        .iter()
        .filter(|d| d.is_removable())
        .map(|d| d.mount_point().to_path_buf())
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found.dedup();
    found
}

pub async fn page(Extract(shared): Extract<State>) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let (dossiers, drives, smtp) = blocking(move || {
        // Sending right away is offered when config.toml names an SMTP server.
        let smtp = sacoche::mail::config(&s.home).is_ok_and(|(_, smtp)| smtp.is_some());
        Ok((super::home::dossier_folders(&s), removable_drives(), smtp))
    })
    .await?;
    Ok(layout::page(
        &shared,
        Tab::Send,
        &t!("ui-send-title"),
        html! {
            form method="post" action="/envoyer" {
                (csrf(&shared))
                fieldset {
                    legend { (t!("ui-send-dossier")) }
                    @for (i, dir) in dossiers.iter().enumerate() {
                        label {
                            input type="radio" name="dossier" value=(dir.display()) checked[i == 0];
                            (path_text(dir))
                        }
                    }
                    label for="other-dossier" { (t!("ui-send-other-dossier")) }
                    input type="text" id="other-dossier" name="other_dossier";
                }
                fieldset {
                    legend { (t!("ui-send-content")) }
                    label { input type="radio" name="content" value="changes" checked; (t!("ui-send-changes")) }
                    label { input type="radio" name="content" value="full"; (t!("ui-send-full")) }
                }
                fieldset {
                    legend { (t!("ui-send-destination")) }
                    @for (i, drive) in drives.iter().enumerate() {
                        label {
                            input type="radio" name="destination" value=(drive.display()) checked[i == 0];
                            (t!("ui-send-drive", drive = path_text(drive)))
                        }
                    }
                    label for="folder" { (t!("ui-send-folder")) }
                    input type="text" id="folder" name="folder";
                    label for="mail-to" { (t!("ui-send-mail-to")) }
                    input type="text" id="mail-to" name="mail_to" autocomplete="email";
                    @if smtp {
                        label { input type="checkbox" name="smtp" value="yes"; (t!("ui-send-smtp")) }
                    }
                }
                fieldset {
                    legend { (t!("ui-send-about")) }
                    label for="purpose" { (t!("ui-send-purpose")) }
                    input type="text" id="purpose" name="purpose";
                    label for="comment" { (t!("ui-send-comment")) }
                    textarea id="comment" name="comment" rows="3" {}
                }
                p {
                    button type="submit" { (t!("ui-finish")) }
                    " " span class="busy muted" { (t!("ui-busy-packing")) }
                }
            }
        },
    ))
}

pub async fn pack(Extract(shared): Extract<State>, form: Form) -> Result<Response, Trouble> {
    let dir = form
        .get("other_dossier")
        .or(form.get("dossier"))
        .map(typed_path)
        .ok_or(Failure::NoDossierChosen)?;
    let out_dir = form
        .get("folder")
        .or(form.get("destination"))
        .map(typed_path)
        .ok_or(Failure::NoDestination)?;
    let mail_to = form.get("mail_to").map(|to| MailArgs {
        to: to.to_string(),
        from: None,
        smtp: form.get("smtp") == Some("yes"),
    });
    let mode = match form.get("content") {
        Some("full") => PackMode::Full,
        _ => PackMode::Changes,
    };
    let purpose = form.get("purpose").map(str::to_string);
    let comment = form.get("comment").map(str::to_string);
    let s = shared.clone();
    let to = shared
        .jobs
        .start(Tab::Send, t!("ui-sent-title"), false, move |progress| {
            let (packed, mails, on_drive) =
                send(&s, dir, out_dir, mail_to, mode, purpose, comment, progress)?;
            Ok(sent(&packed, &mails, on_drive))
        });
    Ok(super::jobs::follow(to))
}

/// Packs `dir` into `out_dir` (receipts brought back first, as `pack` does), then
/// makes the mails asked for.
#[allow(clippy::too_many_arguments)]
fn send(
    s: &super::Shared,
    dir: PathBuf,
    out_dir: PathBuf,
    mail_to: Option<MailArgs>,
    mode: PackMode,
    purpose: Option<String>,
    comment: Option<String>,
    progress: &super::jobs::Progress,
) -> Result<(Packed, Vec<Mailed>, bool), Failure> {
    if !out_dir.is_dir() {
        return Err(Failure::NoSuchFolder(out_dir));
    }
    let on_drive = removable_drives().iter().any(|d| out_dir.starts_with(d));
    let max_size = match &mail_to {
        Some(_) => Some(sacoche::mail::max_size(&sacoche::mail::config(&s.home)?.0)?),
        None => None,
    };
    let options = PackOptions {
        dossier: None,
        out_dir: out_dir.clone(),
        fiscal_period: None,
        purpose,
        comment,
        created: None,
        mode,
        reset: false,
        max_size,
        to: None,
        strict: false,
    };
    let receipts = exchange::intake::take_receipts(&s.home, &dir, &out_dir);
    let mut packed = exchange::pack(&s.home, &dir, &options, &mut |p| match p {
        Progress::Hashing { .. } => {}
        Progress::Writing { done, total } => progress.set(done, total),
    })?;
    packed.receipts.splice(0..0, receipts);
    remember(&s.home, &dir);
    let mut mails = Vec::new();
    if let Some(args) = mail_to {
        for written in &packed.archives {
            crate::commands::send::mail_archive(&s.home, &written.path, &args, None)?;
            mails.push(if args.smtp {
                Mailed::Sent(args.to.clone())
            } else {
                Mailed::Draft(written.path.with_extension("eml"))
            });
        }
    }
    Ok((packed, mails, on_drive))
}

/// What became of an archive's mail.
enum Mailed {
    /// A message ready to send, written here.
    Draft(PathBuf),
    /// Sent over SMTP to this address.
    Sent(String),
}

/// What was sent, in words.
fn sent(packed: &Packed, mails: &[Mailed], on_drive: bool) -> Markup {
    let lang = words::current();
    html! {
        @if packed.archives.len() > 1 {
            p { (t!("ui-sent-parts", count = packed.archives.len())) }
        }
        @for w in &packed.archives {
            p class="result" {
                (t!("ui-sent-archive",
                    file = escaped(&w.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()),
                    size = format::size(w.size, lang),
                    folder = path_text(w.path.parent().unwrap_or(Path::new("")))))
            }
        }
        @for m in mails {
            @match m {
                Mailed::Draft(path) => p class="result" { (t!("ui-sent-mail", path = path_text(path))) },
                Mailed::Sent(to) => p class="result" { (t!("ui-sent-mailed", to = escaped(to))) },
            }
        }
        @for l in packed.ledgers.iter().filter(|l| !l.valid()) {
            @let (line, defects) = crate::output::ledger_lines(l);
            div class="warning" role="alert" {
                p { (line) }
                @if !defects.is_empty() { ul { @for d in &defects { li { (d) } } } }
            }
        }
        @if on_drive { p { strong { (t!("ui-sent-remove-stick")) } } }
        p { a class="button" href="/" { (t!("ui-back-home")) } }
    }
}
