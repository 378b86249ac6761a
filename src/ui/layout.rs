//! The page's frame: its head, the tabs, the "Quitter" button; the style sheet and the
//! little script, embedded in the binary (nothing is fetched from elsewhere).

use axum::http::header;
use axum::response::IntoResponse;
use maud::{DOCTYPE, Markup, html};

use super::Shared;
use super::guard::CSRF_FIELD;
use crate::words::{self, t};

/// The tabs, in the order of the work.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Home,
    Send,
    Receive,
    History,
    Trash,
    Contacts,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Home,
        Tab::Send,
        Tab::Receive,
        Tab::History,
        Tab::Trash,
        Tab::Contacts,
    ];

    fn href(self) -> &'static str {
        match self {
            Tab::Home => "/",
            Tab::Send => "/envoyer",
            Tab::Receive => "/recevoir",
            Tab::History => "/historique",
            Tab::Trash => "/corbeille",
            Tab::Contacts => "/correspondants",
        }
    }

    fn label(self) -> String {
        match self {
            Tab::Home => t!("ui-tab-home"),
            Tab::Send => t!("ui-tab-send"),
            Tab::Receive => t!("ui-tab-receive"),
            Tab::History => t!("ui-tab-history"),
            Tab::Trash => t!("ui-tab-trash"),
            Tab::Contacts => t!("ui-tab-contacts"),
        }
    }
}

fn lang() -> &'static str {
    match words::current() {
        words::Lang::Fr => "fr",
        _ => "en",
    }
}

/// What every page's head starts with: its encoding, its width, its title.
fn head_start(title: &str) -> Markup {
    html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        title { (title) " — sacoche" }
    }
}

/// The hidden field every form carries.
pub fn csrf(shared: &Shared) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(shared.keys.csrf()); }
}

/// A whole page: the tabs, then `body`.
pub fn page(shared: &Shared, tab: Tab, title: &str, body: Markup) -> Markup {
    framed(shared, tab, title, body, false)
}

/// [`page`], shown again every second (work in progress).
pub fn refreshing(shared: &Shared, tab: Tab, title: &str, body: Markup) -> Markup {
    framed(shared, tab, title, body, true)
}

fn framed(shared: &Shared, tab: Tab, title: &str, body: Markup, refresh: bool) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang()) {
            head {
                (head_start(title))
                @if refresh { meta http-equiv="refresh" content="1"; }
                link rel="stylesheet" href="/static/sacoche.css";
                link rel="icon" href="/favicon.ico" type="image/svg+xml";
                script src="/static/sacoche.js" defer {}
            }
            body {
                header {
                    nav aria-label=(t!("ui-tabs")) {
                        @for each in Tab::ALL {
                            a href=(each.href()) aria-current=[(each == tab).then_some("page")] {
                                (each.label())
                            }
                        }
                    }
                    form method="post" action="/quitter" class="quit" {
                        (csrf(shared))
                        button type="submit" { (t!("ui-quit")) }
                    }
                }
                main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// The last page, once sacoche has stopped: nothing more to fetch, nowhere to go.
pub fn goodbye(title: &str, text: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang()) {
            head { (head_start(title)) }
            body {
                h1 { (title) }
                p { (text) }
            }
        }
    }
}

/// A page without tabs: a refusal, an error.
pub fn bare(title: &str, text: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang()) {
            head {
                (head_start(title))
                link rel="stylesheet" href="/static/sacoche.css";
            }
            body {
                main {
                    h1 { (title) }
                    @for line in text.lines() {
                        p { (line) }
                    }
                    p { a href="/" { (t!("ui-back-home")) } }
                }
            }
        }
    }
}

pub async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("static/sacoche.css"),
    )
}

pub async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("static/sacoche.js"),
    )
}

/// The page's icon: a small leather bag (a sacoche), drawn in SVG.
pub async fn icon() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        include_str!("static/sacoche.svg"),
    )
}
