//! Recevoir: the inbox as a list with a Traiter and a Supprimer box per archive (as in
//! the accounting software farmers know), the preview of what integrating would do,
//! then "Terminer": integrate in order, move the deleted to the trash, say the outcome
//! of each. An archive from anywhere (a stick, the downloads) can be put in the inbox.

use std::path::{Path, PathBuf};

use axum::extract::State as Extract;
use axum::response::Response;
use maud::{Markup, html};
use sacoche::inbox::{self, Entry, Handled, Handling};

use super::guard::CSRF_FIELD;
use super::layout::{self, Tab, csrf};
use super::{Form, State, Trouble, blocking};
use crate::failure::Failure;
use crate::output;
use crate::words::escape::{escaped, path as path_text};
use crate::words::{self, t};

const PROCESS: &str = "traiter";
const DELETE: &str = "supprimer";
const CONFIRM: &str = "confirmer";

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What the inbox holds, as a short text that changes when it does (the page asks
/// for it every few seconds and shows the list again when it changed).
fn stamp_of(shared: &super::Shared) -> Result<String, Failure> {
    let config = shared.config()?;
    let mut text = String::new();
    for file in inbox::inbox_files(&config)? {
        let meta = std::fs::metadata(&file).ok();
        let modified = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        text.push_str(&format!(
            "{}:{}:{modified};",
            file.display(),
            meta.map_or(0, |m| m.len())
        ));
    }
    Ok(sacoche::archive::Sha256::of(text.as_bytes()).to_string())
}

pub async fn stamp(Extract(shared): Extract<State>) -> Result<String, Trouble> {
    Ok(blocking(move || stamp_of(&shared)).await?)
}

pub async fn page(Extract(shared): Extract<State>) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let (entries, stamp) = blocking(move || {
        let config = s.config()?;
        Ok((inbox::list(&s.home, &config)?, stamp_of(&s)?))
    })
    .await?;
    Ok(layout::page(
        &shared,
        Tab::Receive,
        &t!("ui-receive-title"),
        html! {
            div data-stamp=(stamp) {}
            @if entries.is_empty() {
                p { (t!("ui-receive-empty")) }
            } @else {
                form method="post" action="/recevoir/apercu" {
                    (csrf(&shared))
                    table {
                        caption class="muted" { (t!("ui-receive-caption")) }
                        thead { tr {
                            th scope="col" { (t!("ui-col-file")) }
                            th scope="col" { (t!("ui-col-dossier")) }
                            th scope="col" { (t!("ui-col-created")) }
                            th scope="col" { (t!("ui-col-kind")) }
                            th scope="col" { (t!("ui-col-sender")) }
                            th scope="col" { (t!("ui-col-status")) }
                            th scope="col" class="check" { (t!("ui-col-process")) }
                            th scope="col" class="check" { (t!("ui-col-delete")) }
                        } }
                        tbody {
                            @for e in &entries { (row(e)) }
                        }
                    }
                    p {
                        button type="submit" { (t!("ui-receive-next")) }
                        " " span class="busy muted" { (t!("ui-busy")) }
                    }
                }
            }
            h2 { (t!("ui-drop-title")) }
            form method="post" enctype="multipart/form-data"
                action={ "/recevoir/televerser?" (CSRF_FIELD) "=" (shared.keys.csrf()) } {
                label for="archive" { (t!("ui-upload-label")) }
                input type="file" id="archive" name=(super::deposit::FILE_FIELD)
                    accept=".sacoche" required;
                p { button type="submit" { (t!("ui-upload-button")) } }
            }
            p { (t!("ui-drop-or")) }
            form method="post" action="/recevoir/deposer" {
                (csrf(&shared))
                label for="path" { (t!("ui-drop-label")) }
                input type="text" id="path" name="path" required;
                p { button type="submit" { (t!("ui-drop-button")) } }
            }
        },
    ))
}

fn row(e: &Entry) -> Markup {
    let name = name_of(&e.file);
    let ready = e.status.processable(true) && e.trusted;
    html! {
        tr {
            td { (escaped(&name)) }
            td {
                (e.dossier.as_deref().map_or_else(|| "-".into(), escaped))
                @if let Some(holder) = &e.dossier_name { br; span class="muted" { (escaped(holder)) } }
            }
            td { (output::created_text(e, words::current())) }
            td { (e.kind.map_or_else(|| "-".into(), output::kind_word)) }
            td { (output::sender_text(e)) }
            td {
                (output::status_word(e.status))
                @if let Some(reason) = &e.reason { br; span class="muted" { (output::reason_text(reason)) } }
            }
            td class="check" {
                @if ready {
                    input type="checkbox" name=(PROCESS) value=(name)
                        aria-label=(t!("ui-process-this", file = escaped(&name)));
                }
            }
            td class="check" {
                input type="checkbox" name=(DELETE) value=(name)
                    aria-label=(t!("ui-delete-this", file = escaped(&name)));
            }
        }
    }
}

/// "Terminer" and "Annuler", at the top of the preview (and again at its end).
fn finish_buttons() -> Markup {
    html! {
        p {
            button type="submit" { (t!("ui-finish")) }
            " " a class="button secondary" href="/recevoir" { (t!("ui-cancel")) }
            " " span class="busy muted" { (t!("ui-busy")) }
        }
    }
}

/// The archives ticked, as the paths `inbox process` and `inbox delete` take (the
/// names the list shows; the library finds them in the inboxes).
fn ticked(form: &Form, field: &str) -> Vec<PathBuf> {
    form.all(field).into_iter().map(PathBuf::from).collect()
}

pub async fn preview(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let to_process = ticked(&form, PROCESS);
    let to_delete = ticked(&form, DELETE);
    let s = shared.clone();
    let files = to_process.clone();
    let planned: Vec<Handled> = blocking(move || {
        if files.is_empty() {
            return Ok(Vec::new());
        }
        Ok(inbox::process(&s.home, &s.config()?, &files, true, true)?)
    })
    .await?;
    let needs_confirm = planned.iter().any(|h| match &h.outcome {
        Handling::WouldIntegrate(plan) => !plan.confirm.is_empty(),
        _ => false,
    });
    Ok(layout::page(
        &shared,
        Tab::Receive,
        &t!("ui-preview-title"),
        html! {
            @if planned.is_empty() && to_delete.is_empty() {
                p { (t!("ui-preview-nothing")) }
                p { a href="/recevoir" { (t!("ui-back-receive")) } }
            } @else {
                form method="post" action="/recevoir/terminer" {
                    (csrf(&shared))
                    @for f in &to_process { input type="hidden" name=(PROCESS) value=(f.to_string_lossy()); }
                    @for f in &to_delete { input type="hidden" name=(DELETE) value=(f.to_string_lossy()); }
                    @if needs_confirm {
                        fieldset {
                            legend { (t!("ui-confirm-legend")) }
                            label { input type="checkbox" name=(CONFIRM) value="yes"; (t!("ui-confirm-label")) }
                        }
                    }
                    (finish_buttons())
                    @for h in &planned {
                        section class="result" {
                            h2 { (escaped(&name_of(&h.entry.file))) }
                            @match &h.outcome {
                                Handling::WouldIntegrate(plan) => {
                                    @if let Some(purpose) = &plan.manifest.purpose {
                                        p { (t!("ui-preview-purpose", purpose = escaped(purpose))) }
                                    }
                                    @if let Some(comment) = &plan.manifest.comment {
                                        p { (t!("ui-preview-comment", comment = escaped(comment))) }
                                    }
                                    ul class="lines" {
                                        @for line in output::plan_lines(plan) { li { (line) } }
                                    }
                                }
                                _ => p { (output::handled_line(h)) },
                            }
                        }
                    }
                    @if !to_delete.is_empty() {
                        h2 { (t!("ui-preview-deleted", count = to_delete.len())) }
                        ul class="lines" {
                            @for f in &to_delete { li { (escaped(&f.to_string_lossy())) } }
                        }
                    }
                    @if planned.len() + to_delete.len() > 1 { (finish_buttons()) }
                }
            }
        },
    ))
}

pub async fn finish(Extract(shared): Extract<State>, form: Form) -> Response {
    let to_process = ticked(&form, PROCESS);
    let to_delete = ticked(&form, DELETE);
    let confirm = form.get(CONFIRM).is_some();
    let s = shared.clone();
    let to = shared
        .jobs
        .start(Tab::Receive, t!("ui-done-title"), true, move |_| {
            let config = s.config()?;
            // In order, as `inbox process` does: the reader's progress fills the bar.
            let handled = if to_process.is_empty() {
                Vec::new()
            } else {
                inbox::process(&s.home, &config, &to_process, false, confirm)?
            };
            let trashed = if to_delete.is_empty() {
                Vec::new()
            } else {
                inbox::delete(&s.home, &config, &to_delete)?
            };
            Ok(outcome(&handled, &trashed))
        });
    super::jobs::follow(to)
}

/// What processing and deleting did, archive by archive.
fn outcome(handled: &[Handled], trashed: &[sacoche::trash::TrashItem]) -> Markup {
    html! {
        @for h in handled {
            @let good = matches!(h.outcome, Handling::Integrated { .. } | Handling::Recorded(_) | Handling::AlreadyIntegrated);
            p class={ "result" @if !good { " bad" } } { (output::handled_line(h)) }
        }
        @for item in trashed {
            p class="result" {
                (t!("ui-deleted-to-trash", path = path_text(&item.original), id = escaped(&item.id)))
            }
        }
        p { a class="button" href="/recevoir" { (t!("ui-back-receive")) } }
    }
}
