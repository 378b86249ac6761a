//! Conflicts, resolved in the page file by file: keep mine, take theirs, or keep both
//! (two ordinary files, side by side in the dossier). The version not kept goes to
//! the dossier's trash, as with `sacoche resolve`.

use std::path::Path;

use axum::extract::State as Extract;
use maud::{Markup, html};
use sacoche::exchange::resolve::{Choice, resolve};
use sacoche::exchange::status::ConflictCopy;

use super::layout::{self, Tab, csrf};
use super::{Form, Shared, State, Trouble, blocking};
use crate::failure::Failure;
use crate::output;
use crate::words::escape::escaped;
use crate::words::{self, format, t};

/// When the file at `rel` in `dir` was last modified, in words.
fn modified(dir: &Path, rel: &str) -> String {
    std::fs::metadata(dir.join(rel))
        .and_then(|m| m.modified())
        .map(|t| format::second(chrono::DateTime::<chrono::Utc>::from(t), words::current()))
        .unwrap_or_else(|_| "-".into())
}

/// A conflict of the dossier at `dir`, with its three choices.
pub fn conflict(shared: &Shared, dir: &Path, c: &ConflictCopy) -> Markup {
    html! {
        form method="post" action="/conflit" class="conflict" {
            (csrf(shared))
            input type="hidden" name="dossier" value=(dir.display());
            input type="hidden" name="file" value=(c.copy);
            p {
                @if c.original_exists {
                    (t!("ui-conflict-here", path = escaped(&c.original), when = modified(dir, &c.original)))
                    br;
                }
                (t!("ui-conflict-copy", path = escaped(&c.copy), when = modified(dir, &c.copy)))
            }
            p {
                button type="submit" name="choice" value="mine" { (t!("ui-conflict-mine")) }
                " "
                button type="submit" name="choice" value="theirs" { (t!("ui-conflict-theirs")) }
                " "
                button type="submit" name="choice" value="both" class="secondary" { (t!("ui-conflict-both")) }
            }
        }
    }
}

pub async fn choose(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let choice = match form.get("choice") {
        Some("mine") => Choice::Mine,
        Some("theirs") => Choice::Theirs,
        Some("both") => Choice::Both,
        _ => return Err(Trouble(Failure::NoChoice)),
    };
    let given = form.get("dossier").unwrap_or_default().to_string();
    let file = form.get("file").unwrap_or_default().to_string();
    let s = shared.clone();
    let resolved = blocking(move || {
        // Only a dossier the page knows: the page is no way to reach other folders.
        let dir = super::home::dossier_folders(&s)
            .into_iter()
            .find(|d| d.display().to_string() == given)
            .ok_or(Failure::NoDossierChosen)?;
        Ok(resolve(&dir, &file, choice)?)
    })
    .await?;
    Ok(layout::page(
        &shared,
        Tab::Home,
        &t!("ui-conflict-title"),
        html! {
            p class="result" { (output::resolved_line(&resolved)) }
            p { a class="button" href="/" { (t!("ui-back-home")) } }
        },
    ))
}
