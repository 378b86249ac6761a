//! The page (`sacoche ui`): the same work as the command line, for people who never
//! open a terminal — Accueil, Envoyer, Recevoir (Traiter / Supprimer), Historique,
//! Corbeille, Correspondants — served from the binary on this computer only.
//!
//! The handlers call the same library functions as the commands, off the request
//! threads (`blocking`), and put the typed results into the catalog's words, as the
//! terminal output does. What the page is allowed to do is decided in [`guard`].

mod conflicts;
mod contacts;
mod deposit;
mod form;
mod guard;
mod home;
mod jobs;
mod layout;
mod receive;
mod records;
mod send;

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::Markup;
use sacoche::error::EXIT_OK;
use sacoche::home::Home;
use sacoche::inbox::Config;

use crate::cli::Place;
use crate::failure::Failure;
use crate::words::{self, t};

pub use form::Form;

/// What `sacoche ui` was asked for.
pub struct UiOptions {
    /// Where the inboxes and dossiers are, when not from config.toml.
    pub place: Place,
    /// Open the page in the default browser.
    pub open: bool,
    /// The port; 0: any free one.
    pub port: u16,
    /// Stop when Enter is pressed (sacoche double-clicked, in a window of its own).
    pub stop_on_enter: bool,
}

/// What every request shares: where sacoche's files are, and the page's secrets.
pub struct Shared {
    home: Home,
    place: Place,
    keys: guard::Keys,
    jobs: jobs::Jobs,
    /// Set to `true` to stop serving ("Quitter", Enter in the window).
    quit: tokio::sync::watch::Sender<bool>,
}

type State = Arc<Shared>;

impl Shared {
    /// The inbox configuration, as the commands load it.
    fn config(&self) -> Result<Config, Failure> {
        Ok(Config::load(
            &self.home,
            &self.place.inboxes,
            self.place.dossiers.as_deref(),
        )?)
    }
}

tokio::task_local! {
    /// The language the browser asked for, while its request is answered.
    static ASKED: words::Lang;
}

/// Serves the page until "Quitter" (or the process is stopped).
pub fn serve(home: Home, options: UiOptions) -> Result<u8, Failure> {
    words::ask_with(|| ASKED.try_with(|lang| *lang).ok());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|_| Failure::CannotListen(options.port))?;
    runtime.block_on(run(home, options))
}

async fn run(home: Home, options: UiOptions) -> Result<u8, Failure> {
    // This computer only: 127.0.0.1, and ::1 on the same port when there is one.
    let v4 = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
        .await
        .map_err(|_| Failure::CannotListen(options.port))?;
    let port = v4
        .local_addr()
        .map_err(|_| Failure::CannotListen(options.port))?
        .port();
    let v6 = tokio::net::TcpListener::bind((Ipv6Addr::LOCALHOST, port))
        .await
        .ok();
    let shared = Arc::new(Shared {
        home,
        place: options.place,
        keys: guard::Keys::new(port).map_err(|_| Failure::CannotListen(port))?,
        jobs: jobs::Jobs::default(),
        quit: tokio::sync::watch::channel(false).0,
    });
    let url = shared.keys.opening_url();
    say!("{url}");
    // SACOCHE_NO_BROWSER: the address is given, no browser started (a session without
    // one, a remote desktop, the tests).
    if !options.open || std::env::var_os("SACOCHE_NO_BROWSER").is_some() {
        tell!("{}", t!("ui-serving-here"));
    } else {
        // On a thread of its own: a browser slow to start never holds the page up.
        let url = url.clone();
        std::thread::spawn(move || match opener::open_browser(&url) {
            Ok(()) => tell!("{}", t!("ui-serving")),
            Err(_) => tell!("{}", t!("ui-open-yourself")),
        });
    }
    if options.stop_on_enter {
        let quit = shared.quit.clone();
        std::thread::spawn(move || {
            tell!("{}", t!("ui-enter-to-stop"));
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            // Kept even before anyone waits for it (an Enter typed at once).
            quit.send_replace(true);
        });
    }
    let app = router(shared.clone());
    let stop = {
        let shared = shared.clone();
        move || {
            let mut told = shared.quit.subscribe();
            async move {
                let _ = told.wait_for(|stop| *stop).await;
            }
        }
    };
    let first = axum::serve(v4, app.clone()).with_graceful_shutdown(stop());
    match v6 {
        Some(v6) => {
            let second = axum::serve(v6, app).with_graceful_shutdown(stop());
            let _ = tokio::join!(first, second);
        }
        None => {
            let _ = first.await;
        }
    }
    tell!("{}", t!("ui-stopped"));
    Ok(EXIT_OK)
}

fn router(shared: State) -> Router {
    Router::new()
        .route("/", get(home::page))
        .route("/envoyer", get(send::page).post(send::pack))
        .route("/recevoir", get(receive::page))
        .route("/recevoir/etat", get(receive::stamp))
        .route("/recevoir/apercu", post(receive::preview))
        .route("/recevoir/terminer", post(receive::finish))
        .route("/recevoir/deposer", post(deposit::typed))
        .route(
            "/recevoir/televerser",
            // An archive may be large: its size is the disk's business, not a limit's.
            post(deposit::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/conflit", post(conflicts::choose))
        .route("/historique", get(records::history))
        .route("/corbeille", get(records::trash))
        .route("/corbeille/restaurer", post(records::restore))
        .route("/correspondants", get(contacts::page))
        .route("/correspondants/ajouter", post(contacts::add))
        .route("/correspondants/retirer", post(contacts::remove))
        .route("/correspondants/ma-cle", post(contacts::create_key))
        .route("/travail/{id}", get(jobs::page))
        .route("/quitter", post(quit))
        .route("/static/sacoche.css", get(layout::css))
        .route("/static/sacoche.js", get(layout::js))
        .route("/favicon.ico", get(layout::icon))
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            guard::guard,
        ))
        .with_state(shared)
}

/// "Quitter": says goodbye, then stops serving.
async fn quit(axum::extract::State(shared): axum::extract::State<State>) -> Markup {
    shared.quit.send_replace(true);
    layout::goodbye(&t!("ui-quit-title"), &t!("ui-quit-text"))
}

/// Runs library work off the request threads; a failure becomes the page's error.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    // In the request's language, on the thread that does the work.
    let lang = words::current();
    match tokio::task::spawn_blocking(move || words::with(lang, work)).await {
        Ok(done) => done,
        // A panic is a bug: it stays one.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(Failure::PageStopping),
    }
}

/// The language the browser asks for (`Accept-Language`), if sacoche speaks it: the
/// first of French and English by preference, else none (the process's then).
fn asked_language(header: Option<&str>) -> Option<words::Lang> {
    let mut asked: Vec<(f32, words::Lang)> = header?
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = match tag.split('-').next()? {
                "fr" => words::Lang::Fr,
                "en" => words::Lang::En,
                _ => return None,
            };
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // The highest preference first; among equals, the order given.
    asked.sort_by(|a, b| b.0.total_cmp(&a.0));
    asked.first().map(|(_, lang)| *lang)
}

/// A path typed or pasted in the page: without the quotes Windows' "Copy as path" puts
/// around it, nor the spaces around.
pub fn typed_path(text: &str) -> std::path::PathBuf {
    let text = text.trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    std::path::PathBuf::from(text)
}

/// A failure as the page shows it: the same line and hint as in the terminal.
pub struct Trouble(pub Failure);

impl From<Failure> for Trouble {
    fn from(f: Failure) -> Trouble {
        Trouble(f)
    }
}

impl IntoResponse for Trouble {
    fn into_response(self) -> Response {
        trouble_page(&said(&self.0))
    }
}

/// A failure's lines, as the terminal says them (`erreur : …`, `conseil : …`).
fn said(failure: &Failure) -> Vec<String> {
    use crate::words::errors::Told;
    failure.said().lines()
}

/// The page of a failure.
fn trouble_page(lines: &[String]) -> Response {
    (
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        layout::bare(&t!("ui-error-title"), &lines.join("\n")),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_language_when_sacoche_speaks_it() {
        use words::Lang::{En, Fr};
        assert_eq!(asked_language(Some("fr-FR,fr;q=0.9,en;q=0.8")), Some(Fr));
        assert_eq!(asked_language(Some("en-GB,en;q=0.9,fr;q=0.8")), Some(En));
        assert_eq!(
            asked_language(Some("de-DE,de;q=0.9,en;q=0.5,fr;q=0.7")),
            Some(Fr)
        );
        assert_eq!(asked_language(Some("fr;q=0,en")), Some(En));
        assert_eq!(asked_language(Some("de, es")), None);
        assert_eq!(asked_language(None), None);
    }
}
