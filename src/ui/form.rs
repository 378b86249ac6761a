//! A form the page sent, as its fields (repeated ones included: a checkbox per archive).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

/// The fields of a form, in order.
pub struct Form(Vec<(String, String)>);

impl Form {
    /// The first value of `name`, trimmed; `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, state: &S) -> Result<Form, Self::Rejection> {
        // The guard has read and checked the body already; an unreadable one is empty.
        let bytes = Bytes::from_request(req, state).await.unwrap_or_default();
        Ok(Form(
            form_urlencoded::parse(&bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }
}
