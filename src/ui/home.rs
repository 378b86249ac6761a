//! Accueil: my dossiers (who, which fiscal year, what was last sent and received, by
//! whom, what waits to be sent), how many archives wait in the inbox, and what needs
//! a look (conflict copies, archives waiting for another).

use std::path::PathBuf;

use axum::extract::State as Extract;
use maud::{Markup, html};
use sacoche::exchange::status::{Status, status};
use sacoche::inbox;

use super::layout::{self, Tab};
use super::{Shared, State, Trouble, blocking};
use crate::failure::Failure;
use crate::words::escape::{escaped, path as path_text};
use crate::words::{self, format, t};

/// The dossier folders the page knows: those of config.toml, then those sent from here.
pub fn dossier_folders(shared: &Shared) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(config) = shared.config() {
        if let Some(root) = &config.dossiers
            && let Ok(entries) = std::fs::read_dir(root)
        {
            for entry in entries.flatten() {
                let dir = entry.path();
                if sacoche::dossier::meta::Meta::of(&dir).exists() {
                    found.push(dir);
                }
            }
        }
        found.extend(config.dossier_folders.values().cloned());
    }
    found.extend(super::send::remembered(&shared.home));
    found.sort();
    found.dedup();
    found
}

struct Inbox {
    waiting: usize,
    ready: usize,
    blocked: usize,
}

fn inbox_summary(shared: &Shared) -> Result<Option<Inbox>, Failure> {
    let Ok(config) = shared.config() else {
        return Ok(None);
    };
    if config.inboxes.is_empty() {
        return Ok(None);
    }
    let entries = inbox::list(&shared.home, &config)?;
    let ready = entries
        .iter()
        .filter(|e| e.status.processable(false) && e.trusted)
        .count();
    let blocked = entries
        .iter()
        .filter(|e| e.status == inbox::Status::Waiting)
        .count();
    Ok(Some(Inbox {
        waiting: entries.len(),
        ready,
        blocked,
    }))
}

pub async fn page(Extract(shared): Extract<State>) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let (dossiers, inbox) = blocking(move || {
        let dossiers: Vec<(PathBuf, Result<Status, Failure>)> = dossier_folders(&s)
            .into_iter()
            .map(|dir| {
                let st = status(&dir).map_err(Failure::from);
                (dir, st)
            })
            .collect();
        Ok((dossiers, inbox_summary(&s)?))
    })
    .await?;
    Ok(layout::page(
        &shared,
        Tab::Home,
        &t!("ui-home-title"),
        html! {
            @if let Some(i) = &inbox {
                section class={ "result" @if i.blocked > 0 { " bad" } } {
                    p { (t!("ui-home-inbox", count = i.waiting, ready = i.ready)) }
                    @if i.blocked > 0 { p class="warning" { (t!("ui-home-blocked", count = i.blocked)) } }
                    p { a class="button" href="/recevoir" { (t!("ui-tab-receive")) } }
                }
            }
            h2 { (t!("ui-home-dossiers")) }
            @if dossiers.is_empty() {
                p { (t!("ui-home-no-dossier")) }
                p { a class="button" href="/envoyer" { (t!("ui-tab-send")) } }
            }
            @for (dir, st) in &dossiers {
                @match st {
                    Ok(st) => (dossier(&shared, dir, st)),
                    Err(e) => section class="result bad" {
                        p { (path_text(dir)) }
                        p { (crate::words::errors::one_line(e)) }
                    },
                }
            }
        },
    ))
}

fn dossier(shared: &Shared, dir: &std::path::Path, st: &Status) -> Markup {
    let lang = words::current();
    let id = &st.identity;
    html! {
        section class={ "result" @if !st.conflicts.is_empty() { " bad" } } {
            h2 { (escaped(&id.name)) " — " (escaped(id.id.as_str())) }
            p class="muted" { (path_text(dir)) }
            @if let Some(period) = &id.fiscal_period {
                p { (t!("ui-home-fiscal-year", period = period.to_string())) }
            }
            @match st.sent.last() {
                Some(s) => p { (t!("ui-home-last-sent", file = escaped(&s.sent.file_name), when = format::minute(s.sent.at, lang))) },
                None => p { (t!("ui-home-never-sent")) },
            }
            @match st.integrated.last() {
                Some(i) => p { (t!("ui-home-last-received", sender = escaped(&i.sender_name), when = format::minute(i.at, lang))) },
                None => p { (t!("ui-home-never-received")) },
            }
            p { (t!("ui-home-changes", count = st.unacknowledged.len())) }
            @if !st.conflicts.is_empty() {
                p class="warning" { (t!("ui-home-conflicts", count = st.conflicts.len())) }
                @for c in &st.conflicts { (super::conflicts::conflict(shared, dir, c)) }
            }
        }
    }
}
