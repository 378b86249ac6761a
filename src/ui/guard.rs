//! Who may use the page. Any web site the user visits can send requests to
//! 127.0.0.1, so every request must prove it comes from the page sacoche opened:
//! - the `Host` is this computer at this port (a DNS-rebinding site's name is not);
//! - the one-time key of the opening address is exchanged for a session cookie
//!   (HttpOnly, SameSite=Strict), and nothing but that exchange and the style sheet
//!   is served without it;
//! - what changes something is a POST whose `Origin` is the page itself and whose form
//!   carries the page's CSRF token;
//! - every answer forbids remote content, inline scripts and framing.

use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State as Extract};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{State, layout};
use crate::words::t;

/// The largest form the page sends (paths, a comment, a few hundred checkboxes).
const FORM_LIMIT: usize = 1 << 20;
/// The session cookie's name, with the port: cookies do not depend on the port, and two
/// pages open at once (two homes) must not sign each other out.
fn cookie_name(port: u16) -> String {
    format!("sacoche_session_{port}")
}
/// The field every form of the page carries.
pub const CSRF_FIELD: &str = "csrf";

/// The page's secrets, made fresh each time it starts.
pub struct Keys {
    port: u16,
    opening: String,
    opened: AtomicBool,
    session: String,
    csrf: String,
}

fn random_hex() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

impl Keys {
    pub fn new(port: u16) -> Result<Keys, getrandom::Error> {
        Ok(Keys {
            port,
            opening: random_hex()?,
            opened: AtomicBool::new(false),
            session: random_hex()?,
            csrf: random_hex()?,
        })
    }

    /// The address to open: it carries the one-time key.
    pub fn opening_url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.opening)
    }

    /// The token the page's forms carry.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Whether `key` is the opening key, not used yet (it is used up now).
    fn open_with(&self, key: &str) -> bool {
        same(key, &self.opening) && !self.opened.swap(true, Ordering::SeqCst)
    }
}

/// Compares secrets in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The names this computer answers to at `port`.
fn allowed_host(host: &str, port: u16) -> bool {
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
    .iter()
    .any(|h| h == host)
}

fn session_of(headers: &HeaderMap, port: u16) -> Option<&str> {
    let wanted = cookie_name(port);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value)
}

/// The one-time key in `/?token=…`, if any.
fn opening_key(req: &Request) -> Option<String> {
    let query = req.uri().query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

/// A refusal: a short page in words, never the content asked for.
fn refused(status: StatusCode, title: String, text: String) -> Response {
    harden((status, layout::bare(&title, &text)).into_response())
}

/// Every request is answered in the language its browser asks for.
pub async fn guard(Extract(shared): Extract<State>, req: Request, next: Next) -> Response {
    let asked = super::asked_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
    .unwrap_or_else(crate::words::current);
    super::ASKED.scope(asked, checked(shared, req, next)).await
}

async fn checked(shared: State, req: Request, next: Next) -> Response {
    let keys = &shared.keys;
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !allowed_host(&host, keys.port) {
        return refused(
            StatusCode::MISDIRECTED_REQUEST,
            t!("ui-refused-title"),
            t!("ui-refused-host"),
        );
    }
    let public = req.uri().path().starts_with("/static/") || req.uri().path() == "/favicon.ico";
    if req.method() == Method::GET
        && req.uri().path() == "/"
        && let Some(key) = opening_key(&req)
    {
        if !keys.open_with(&key) {
            return refused(
                StatusCode::FORBIDDEN,
                t!("ui-refused-title"),
                t!("ui-refused-used-link"),
            );
        }
        let cookie = format!(
            "{}={}; HttpOnly; SameSite=Strict; Path=/",
            cookie_name(keys.port),
            keys.session
        );
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return harden(response);
    }
    let signed_in = session_of(req.headers(), keys.port).is_some_and(|s| same(s, &keys.session));
    if !signed_in && !public {
        return refused(
            StatusCode::FORBIDDEN,
            t!("ui-refused-title"),
            t!("ui-refused-no-session"),
        );
    }
    let req = match *req.method() {
        Method::GET | Method::HEAD => req,
        Method::POST => match checked_post(req, &host, keys.csrf()).await {
            Ok(req) => req,
            Err(why) => return refused(StatusCode::FORBIDDEN, t!("ui-refused-title"), why),
        },
        _ => {
            return refused(
                StatusCode::METHOD_NOT_ALLOWED,
                t!("ui-refused-title"),
                t!("ui-refused-method"),
            );
        }
    };
    harden(next.run(req).await)
}

/// A POST from the page itself: its `Origin` is the page, and its form carries the
/// CSRF token. The body of a form is read here (it is small) and handed on unchanged.
async fn checked_post(req: Request, host: &str, csrf: &str) -> Result<Request, String> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok());
    if origin != Some(format!("http://{host}").as_str()) {
        return Err(t!("ui-refused-origin"));
    }
    // An upload is not read here (an archive can be large): its token is in the
    // address, which the page alone knows (no referrer leaves it, see `harden`).
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("multipart/form-data"));
    if multipart {
        let token = form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
        return match token {
            Some(t) if same(&t, csrf) => Ok(req),
            _ => Err(t!("ui-refused-csrf")),
        };
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| t!("ui-refused-too-big"))?;
    let token = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    if !token.is_some_and(|t| same(&t, csrf)) {
        return Err(t!("ui-refused-csrf"));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The headers every answer carries.
fn harden(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not `no-referrer`: under it a browser sends `Origin: null` with the page's own
        // forms, which the origin check must refuse. Other sites still get no referrer.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_at_this_port() {
        assert!(allowed_host("127.0.0.1:8080", 8080));
        assert!(allowed_host("localhost:8080", 8080));
        assert!(allowed_host("[::1]:8080", 8080));
        for bad in [
            "127.0.0.1:8081",
            "evil.example:8080",
            "127.0.0.1",
            "localhost.evil.example:8080",
            "",
        ] {
            assert!(!allowed_host(bad, 8080), "{bad}");
        }
    }

    #[test]
    fn the_opening_key_works_once() {
        let keys = Keys::new(1).unwrap_or_else(|e| panic!("{e}"));
        let key = keys.opening.clone();
        assert!(!keys.open_with("wrong"));
        assert!(keys.open_with(&key));
        assert!(!keys.open_with(&key));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
