//! Historique (the audit log, in words and dates) and Corbeille (what sacoche replaced
//! or removed, restorable per file or per archive in one click).

use std::path::PathBuf;

use axum::extract::State as Extract;
use maud::{Markup, html};
use sacoche::dossier::meta::Meta;
use sacoche::trash::{Trash, TrashItem, TrashReason};

use super::layout::{self, Tab, csrf};
use super::{Form, Shared, State, Trouble, blocking};
use crate::failure::Failure;
use crate::output;
use crate::words::escape::{escaped, path as path_text};
use crate::words::{self, format, t};

pub async fn history(Extract(shared): Extract<State>) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let mut entries = blocking(move || Ok(sacoche::inbox::log::read(&s.home, None)?)).await?;
    entries.reverse();
    let lang = words::current();
    Ok(layout::page(
        &shared,
        Tab::History,
        &t!("ui-history-title"),
        html! {
            @if entries.is_empty() {
                p { (t!("ui-history-empty")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (t!("ui-col-when")) }
                        th scope="col" { (t!("ui-col-action")) }
                        th scope="col" { (t!("ui-col-dossier")) }
                        th scope="col" { (t!("ui-col-file")) }
                        th scope="col" { (t!("ui-col-outcome")) }
                    } }
                    tbody {
                        @for e in &entries {
                            tr {
                                td { (format::second(e.at, lang)) }
                                td { (output::log_action(e.action)) }
                                td { (e.dossier.as_deref().map_or_else(|| "-".into(), escaped)) }
                                td { (escaped(&std::path::Path::new(&e.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())) }
                                td { (output::log_outcome(&e.outcome)) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// A trash the page shows: sacoche's own (archives deleted from the inbox), then each
/// known dossier's.
struct Bin {
    /// `home`, or the dossier folder.
    key: String,
    title: String,
    items: Vec<TrashItem>,
    /// The archives whose integration trashed some of them, once each.
    archives: Vec<String>,
}

impl Bin {
    fn new(key: String, title: String, items: Vec<TrashItem>) -> Bin {
        let mut archives: Vec<String> = items
            .iter()
            .filter_map(archive_of)
            .map(str::to_string)
            .collect();
        archives.sort();
        archives.dedup();
        Bin {
            key,
            title,
            items,
            archives,
        }
    }
}

const HOME_BIN: &str = "home";

/// The trash named `key` in a form: only sacoche's own or a known dossier's.
fn trash_named(shared: &Shared, key: &str) -> Option<Trash> {
    if key == HOME_BIN {
        return Some(Trash::new(&shared.home));
    }
    super::home::dossier_folders(shared)
        .into_iter()
        .find(|d| d.display().to_string() == key)
        .map(|d| Trash::at(Meta::of(&d).trash()))
}

fn bins(shared: &Shared) -> Result<Vec<Bin>, Failure> {
    let mut bins = vec![Bin::new(
        HOME_BIN.into(),
        t!("ui-trash-inbox"),
        Trash::new(&shared.home).list()?,
    )];
    for dir in super::home::dossier_folders(shared) {
        let items = Trash::at(Meta::of(&dir).trash()).list()?;
        bins.push(Bin::new(
            dir.display().to_string(),
            t!("ui-trash-dossier", folder = path_text(&dir)),
            items,
        ));
    }
    Ok(bins)
}

/// The archive whose integration put `item` in the trash, if one did.
fn archive_of(item: &TrashItem) -> Option<&str> {
    match &item.reason {
        TrashReason::Integration { archive } => Some(archive),
        _ => None,
    }
}

pub async fn trash(Extract(shared): Extract<State>) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let bins = blocking(move || bins(&s)).await?;
    let lang = words::current();
    Ok(layout::page(
        &shared,
        Tab::Trash,
        &t!("ui-trash-title"),
        html! {
            @if bins.iter().all(|b| b.items.is_empty()) {
                p { (t!("trash-empty")) }
            }
            @for bin in bins.iter().filter(|b| !b.items.is_empty()) {
                h2 { (bin.title) }
                @for archive in &bin.archives {
                    form method="post" action="/corbeille/restaurer" {
                        (csrf(&shared))
                        input type="hidden" name="trash" value=(bin.key);
                        @for item in bin.items.iter().filter(|i| archive_of(i) == Some(archive.as_str())) {
                            input type="hidden" name="id" value=(item.id);
                        }
                        button type="submit" class="secondary" { (t!("ui-trash-restore-archive", archive = escaped(archive))) }
                    }
                }
                table {
                    thead { tr {
                        th scope="col" { (t!("ui-col-file")) }
                        th scope="col" { (t!("ui-col-when")) }
                        th scope="col" { (t!("ui-col-why")) }
                        th scope="col" { span class="muted" { (t!("ui-col-restore")) } }
                    } }
                    tbody {
                        @for item in &bin.items {
                            tr {
                                td { (path_text(&item.original)) }
                                td { (format::minute(item.trashed, lang)) }
                                td { (output::trash_reason(&item.reason)) }
                                td {
                                    form method="post" action="/corbeille/restaurer" {
                                        (csrf(&shared))
                                        input type="hidden" name="trash" value=(bin.key);
                                        input type="hidden" name="id" value=(item.id);
                                        button type="submit" aria-label=(t!("ui-trash-restore-this", path = path_text(&item.original))) { (t!("ui-trash-restore")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn restore(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let key = form.get("trash").unwrap_or(HOME_BIN).to_string();
    let ids = form.all("id");
    let s = shared.clone();
    let restored: Vec<Restored> = blocking(move || {
        let trash = trash_named(&s, &key).ok_or(Failure::NoDossierChosen)?;
        let items = trash.list()?;
        let mut restored = Vec::new();
        for id in &ids {
            let Some(item) = items.iter().find(|i| &i.id == id) else {
                // Not (or no longer) in the trash: the trash says so, in its words.
                trash.restore(id, None)?;
                continue;
            };
            // A file an integration replaced has its newer version at its place: the
            // old one comes back beside it, never over it.
            let beside = std::fs::symlink_metadata(&item.original)
                .is_ok()
                .then(|| free_name_beside(&item.original));
            let at = trash.restore(id, beside.as_deref())?;
            restored.push(Restored {
                original: item.original.clone(),
                at,
                beside: beside.is_some(),
            });
        }
        Ok(restored)
    })
    .await?;
    Ok(layout::page(
        &shared,
        Tab::Trash,
        &t!("ui-restored-title"),
        html! {
            @for r in &restored {
                @if r.beside {
                    p class="result" {
                        (t!("ui-restored-beside",
                            path = path_text(&r.original),
                            name = escaped(&r.at.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())))
                    }
                } @else {
                    p class="result" { (t!("ui-restored", path = path_text(&r.at))) }
                }
            }
            p { a class="button" href="/corbeille" { (t!("ui-back-trash")) } }
        },
    ))
}

/// What came back from the trash, and where.
struct Restored {
    original: PathBuf,
    at: PathBuf,
    /// Beside the newer version, under another name.
    beside: bool,
}

/// A name beside `original` that no file has: `TVA (restauré).csv`, then
/// `TVA (restauré 2).csv`…
fn free_name_beside(original: &std::path::Path) -> PathBuf {
    let stem = original
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = original
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let word = t!("ui-restored-suffix");
    (1..)
        .map(|n| {
            let tag = if n == 1 {
                word.clone()
            } else {
                format!("{word} {n}")
            };
            original.with_file_name(format!("{stem} ({tag}){ext}"))
        })
        .find(|candidate| std::fs::symlink_metadata(candidate).is_err())
        .unwrap_or_else(|| original.with_file_name(format!("{stem} ({word}){ext}")))
}
