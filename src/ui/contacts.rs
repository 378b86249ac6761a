//! Correspondants: my key's line and its fingerprint (to read over the phone), the keys
//! I trust and for which dossiers, adding one (after checking its fingerprint with the
//! person, by phone) and removing one.

use axum::extract::State as Extract;
use maud::{Markup, html};
use sacoche::ids::DossierId;
use sacoche::keys::{self, OwnKey, PublicKey, TrustStore};

use super::layout::{self, Tab, csrf};
use super::{Form, State, Trouble, blocking};
use crate::failure::Failure;
use crate::words::escape::{escaped, escaped_ids};
use crate::words::{self, format, t};

pub async fn page(Extract(shared): Extract<State>) -> Result<Markup, Trouble> {
    let s = shared.clone();
    let (own, store) = blocking(move || {
        let own = match OwnKey::load(&s.home) {
            Ok(k) => Some((k.name.clone(), k.public_key())),
            Err(keys::Error::NoKey { .. }) => None,
            Err(e) => return Err(e.into()),
        };
        Ok((own, TrustStore::load(&s.home)?))
    })
    .await?;
    let lang = words::current();
    Ok(layout::page(
        &shared,
        Tab::Contacts,
        &t!("ui-contacts-title"),
        html! {
            h2 { (t!("ui-contacts-mine")) }
            @match &own {
                Some((name, key)) => {
                    p { (escaped(name)) }
                    p class="key" { (key.to_string()) }
                    p { (t!("ui-contacts-fingerprint", fingerprint = key.key_id().to_string())) }
                }
                None => {
                    p { (t!("ui-contacts-no-key")) }
                    form method="post" action="/correspondants/ma-cle" {
                        (csrf(&shared))
                        label for="own-name" { (t!("ui-contacts-own-name")) }
                        input type="text" id="own-name" name="name" required;
                        p { button type="submit" { (t!("ui-contacts-create-key")) } }
                    }
                }
            }
            h2 { (t!("ui-contacts-trusted")) }
            @if store.keys().is_empty() {
                p { (t!("trust-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (t!("ui-col-name")) }
                        th scope="col" { (t!("ui-col-fingerprint")) }
                        th scope="col" { (t!("ui-col-dossiers")) }
                        th scope="col" { (t!("ui-col-added")) }
                        th scope="col" { span class="muted" { (t!("ui-col-remove")) } }
                    } }
                    tbody {
                        @for k in store.keys() {
                            tr {
                                td { (escaped(&k.name)) }
                                td { (k.public_key.key_id().to_string()) }
                                td { @if k.dossiers.is_empty() { (t!("ui-contacts-all-dossiers")) } @else { (escaped_ids(&k.dossiers)) } }
                                td { (format::day(k.added, lang)) }
                                td {
                                    form method="post" action="/correspondants/retirer" {
                                        (csrf(&shared))
                                        input type="hidden" name="key" value=(k.public_key.to_string());
                                        button type="submit" class="secondary" aria-label=(t!("ui-contacts-remove-this", name = escaped(&k.name))) { (t!("ui-contacts-remove")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (t!("ui-contacts-add")) }
            form method="post" action="/correspondants/ajouter" {
                (csrf(&shared))
                label for="name" { (t!("ui-contacts-name")) }
                input type="text" id="name" name="name" required;
                label for="key" { (t!("ui-contacts-key")) }
                input type="text" id="key" name="key" required spellcheck="false";
                label for="dossiers" { (t!("ui-contacts-dossiers")) }
                input type="text" id="dossiers" name="dossiers";
                p { button type="submit" { (t!("ui-contacts-next")) } }
            }
        },
    ))
}

/// The dossier numbers typed, separated by commas or spaces.
fn dossiers_of(text: Option<&str>) -> Result<Vec<DossierId>, Failure> {
    text.unwrap_or_default()
        .split([',', ' ', ';'])
        .filter(|d| !d.is_empty())
        .map(|d| DossierId::parse(d).map_err(|e| Failure::Keys(keys::Error::from(e))))
        .collect()
}

/// Adding a key, in two steps: first its fingerprint, to read to the person on the
/// phone; trusted only once the user says they agree.
pub async fn add(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let name = form.get("name").unwrap_or_default().to_string();
    let key_text = form.get("key").unwrap_or_default().to_string();
    let dossiers_text = form.get("dossiers").unwrap_or_default().to_string();
    let key: PublicKey = key_text.parse().map_err(Failure::Keys)?;
    let dossiers = dossiers_of(Some(&dossiers_text))?;
    if form.get("checked") != Some("yes") {
        return Ok(layout::page(
            &shared,
            Tab::Contacts,
            &t!("ui-contacts-check-title"),
            html! {
                p { (t!("ui-contacts-check", name = escaped(&name))) }
                p class="key" { (key.key_id().to_string()) }
                form method="post" action="/correspondants/ajouter" {
                    (csrf(&shared))
                    input type="hidden" name="name" value=(name);
                    input type="hidden" name="key" value=(key_text);
                    input type="hidden" name="dossiers" value=(dossiers_text);
                    fieldset {
                        label { input type="checkbox" name="checked" value="yes" required; (t!("ui-contacts-checked")) }
                    }
                    p {
                        button type="submit" { (t!("ui-contacts-trust")) }
                        " " a href="/correspondants" { (t!("ui-cancel")) }
                    }
                }
            },
        ));
    }
    let s = shared.clone();
    blocking(move || {
        let mut store = TrustStore::load(&s.home)?;
        store.add(key, &name, &dossiers)?;
        store.save(&s.home)?;
        Ok(())
    })
    .await?;
    Ok(back_to_contacts(&shared, &t!("ui-contacts-added")))
}

pub async fn remove(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let key = form.get("key").unwrap_or_default().to_string();
    let s = shared.clone();
    blocking(move || {
        let mut store = TrustStore::load(&s.home)?;
        store.remove(&key)?;
        store.save(&s.home)?;
        Ok(())
    })
    .await?;
    Ok(back_to_contacts(&shared, &t!("ui-contacts-removed")))
}

/// Creates the user's own key, with the name correspondents will see.
pub async fn create_key(Extract(shared): Extract<State>, form: Form) -> Result<Markup, Trouble> {
    let name = form.get("name").unwrap_or_default().to_string();
    let s = shared.clone();
    blocking(move || Ok(OwnKey::create(&s.home, &name).map(drop)?)).await?;
    Ok(back_to_contacts(&shared, &t!("ui-contacts-key-created")))
}

fn back_to_contacts(shared: &super::Shared, said: &str) -> Markup {
    layout::page(
        shared,
        Tab::Contacts,
        &t!("ui-contacts-title"),
        html! {
            p class="result" { (said) }
            p { a class="button" href="/correspondants" { (t!("ui-back-contacts")) } }
        },
    )
}
