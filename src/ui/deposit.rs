//! "Ajouter une archive": an archive from a USB stick or the downloads goes into the
//! (first) inbox, where it is listed and judged like any other. Either the browser
//! sends the file (upload), or a path on this computer is typed. Only a `.sacoche`
//! file, never over a file already there, and never half of one: the bytes go to a
//! hidden name first and get the archive's name once they are all on disk.

use std::path::{Path, PathBuf};

use axum::extract::State as Extract;
use axum::extract::multipart::Multipart;
use maud::{Markup, html};
use sacoche::error::{IoAction, IoError};
use sacoche::inbox;
use tokio::io::AsyncWriteExt;

use super::layout::{self, Tab};
use super::{Form, State, Trouble, blocking};
use crate::failure::Failure;
use crate::words::escape::path as path_text;
use crate::words::t;

/// The upload form's file field.
pub const FILE_FIELD: &str = "archive";

/// The inbox archives are put in.
fn inbox_dir(shared: &super::Shared) -> Result<PathBuf, Failure> {
    let config = shared.config()?;
    Ok(config
        .inboxes
        .first()
        .cloned()
        .ok_or_else(|| inbox::Error::NoInbox(shared.home.config_file()))?)
}

fn is_archive_name(name: &Path) -> bool {
    name.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(sacoche::archive::EXTENSION))
}

/// The name a browser gave its file, if it is a plain `.sacoche` file name: one
/// component, no separator of any system, no control character, not hidden.
fn uploaded_name(given: &str) -> Option<&str> {
    let plain = !given.is_empty()
        && given.len() <= 255
        && !given.starts_with('.')
        && !given.chars().any(|c| {
            c.is_control() || matches!(c, '/' | '\\' | ':' | '<' | '>' | '"' | '|' | '?' | '*')
        });
    (plain && is_archive_name(Path::new(given))).then_some(given)
}

/// The page that says where the archive now is.
fn placed_page(shared: &super::Shared, placed: &Path) -> Markup {
    layout::page(
        shared,
        Tab::Receive,
        &t!("ui-drop-title"),
        html! {
            p class="result" { (t!("ui-dropped", path = path_text(placed))) }
            p { a class="button" href="/recevoir" { (t!("ui-back-receive")) } }
        },
    )
}

/// A path typed in the page: the file there is copied into the inbox.
pub async fn typed(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let Some(given) = form.get("path").map(super::typed_path) else {
        return Err(Trouble(Failure::NotAnArchiveFile(PathBuf::new())));
    };
    let s = shared.clone();
    let placed = blocking(move || {
        let inbox_dir = inbox_dir(&s)?;
        if !is_archive_name(&given) || !given.is_file() {
            return Err(Failure::NotAnArchiveFile(given));
        }
        let dest = inbox_dir.join(given.file_name().unwrap_or_default());
        if dest.exists() {
            return Err(Failure::AlreadyInInbox(dest));
        }
        copy_new(&given, &dest).map_err(|e| IoError::new(IoAction::Copy, &dest, e))?;
        Ok(dest)
    })
    .await?;
    Ok(placed_page(&shared, &placed))
}

/// Copies `from` to `to`, which must not exist yet (never over another file).
fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut dest = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let copied = std::io::copy(&mut source, &mut dest).and_then(|_| dest.sync_all());
    if copied.is_err() {
        drop(dest);
        let _ = std::fs::remove_file(to);
    }
    copied
}

/// A file the browser sends (`multipart/form-data`, the CSRF token in the address:
/// the guard does not read an upload's body). It is streamed to disk, never held in
/// memory whole.
pub async fn upload(
    Extract(shared): Extract<State>,
    mut parts: Multipart,
) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let inbox_dir = blocking(move || inbox_dir(&s)).await?;
    let mut field = loop {
        match parts.next_field().await {
            Ok(Some(field)) if field.name() == Some(FILE_FIELD) => break field,
            Ok(Some(_)) => continue,
            Ok(None) => return Err(Trouble(Failure::NotAnArchiveFile(PathBuf::new()))),
            Err(_) => return Err(Trouble(Failure::UploadBroken(inbox_dir))),
        }
    };
    let given = field.file_name().unwrap_or_default().to_string();
    let Some(name) = uploaded_name(&given) else {
        return Err(Trouble(Failure::NotAnArchiveFile(PathBuf::from(given))));
    };
    let dest = inbox_dir.join(name);
    if dest.exists() {
        return Err(Trouble(Failure::AlreadyInInbox(dest)));
    }
    // Hidden, and not ending in `.sacoche`: the inbox does not list it while it grows.
    let partial = Partial(inbox_dir.join(format!(".{name}.partiel")));
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&partial.0)
        .await
        .map_err(|e| Trouble(IoError::new(IoAction::Create, &partial.0, e).into()))?;
    loop {
        match field.chunk().await {
            Ok(Some(bytes)) => file
                .write_all(&bytes)
                .await
                .map_err(|e| Trouble(IoError::new(IoAction::Write, &partial.0, e).into()))?,
            Ok(None) => break,
            Err(_) => return Err(Trouble(Failure::UploadBroken(dest))),
        }
    }
    file.sync_all()
        .await
        .map_err(|e| Trouble(IoError::new(IoAction::Sync, &partial.0, e).into()))?;
    drop(file);
    let placed = blocking(move || {
        // Checked again: another archive of that name may have come meanwhile.
        if dest.exists() {
            return Err(Failure::AlreadyInInbox(dest));
        }
        std::fs::rename(&partial.0, &dest)
            .map_err(|e| IoError::new(IoAction::MoveIntoPlace, &dest, e))?;
        Ok(dest)
    })
    .await?;
    Ok(placed_page(&shared, &placed))
}

/// The bytes of an upload under way. Removed unless renamed into place — whatever
/// stops the upload: an error, or the browser leaving (the request is then dropped).
struct Partial(PathBuf);

impl Drop for Partial {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_archive_name_is_taken_from_the_browser() {
        assert_eq!(
            uploaded_name("8502182-20201027171147.sacoche"),
            Some("8502182-20201027171147.sacoche")
        );
        assert_eq!(uploaded_name("A.SACOCHE"), Some("A.SACOCHE"));
        for bad in [
            "",
            "facture.pdf",
            ".sacoche",
            ".cache.sacoche",
            "../x.sacoche",
            "..\\x.sacoche",
            "C:x.sacoche",
            "a/b.sacoche",
            "a\nb.sacoche",
            "x.sacoche.exe",
        ] {
            assert_eq!(uploaded_name(bad), None, "{bad:?}");
        }
    }
}
