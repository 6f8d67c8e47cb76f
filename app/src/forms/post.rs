//! What every plain-HTML form post shares (server only): reading the body,
//! answering with JSON or the page again, and the [`FormHost`] through which
//! a form's handler, written beside its page, reaches the server's limits,
//! renderer and job runner.
use super::FormFeedback;
use crate::{
    error::{AppError, ErrorCode},
    ssr::ServerState,
};
use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use serde::Deserialize;
use std::{collections::BTreeMap, future::Future, net::IpAddr, time::Duration};

const MAX_FORM_BYTES: usize = 64 * 1024;

/// The per-client limits of the forms (see `server::rate_limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Contact,
    Waitlist,
    Login,
    Register,
    Forgot,
    Resend,
    /// The admin login and its second step share one budget.
    AdminLogin,
    /// Tool uses, form posts and API together (quotas count only the
    /// accepted ones).
    Tools,
    /// A client's messages to the agency.
    ClientMessages,
}

/// What a form handler needs from the server that hosts it.
pub trait FormHost: Clone + Send + Sync + 'static {
    fn server(&self) -> &ServerState;
    /// The client's address (trusted proxies honoured).
    fn client_ip(&self, req: &Request<Body>) -> Option<IpAddr>;
    /// `Err(wait)` when `ip` must wait before posting to `limit` again.
    fn check(
        &self,
        limit: Limit,
        ip: Option<IpAddr>,
    ) -> impl Future<Output = Result<(), Duration>> + Send;
    /// Renders the page at `path` with the form's feedback in context.
    fn render(&self, path: &str, feedback: FormFeedback) -> impl Future<Output = Response> + Send;
    /// Wakes the job runner after something was enqueued.
    fn wake_jobs(&self);
}

pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Reads an urlencoded body; anything else is treated as an empty form, which
/// then fails validation with clear messages.
pub async fn read_form<T: for<'de> Deserialize<'de> + Default>(req: Request<Body>) -> T {
    match axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES).await {
        Ok(bytes) => serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
        Err(_) => T::default(),
    }
}

/// A per-client limit that was hit, as the error pipeline's `rate_limited`.
pub fn rate_limited(wait: Duration) -> AppError {
    AppError::limited(ErrorCode::RateLimited, wait.as_secs())
}

/// A success: JSON for `forms.js`, else a redirect (post/redirect/get).
pub fn success(json: bool, to: &str, message: &str) -> Response {
    if json {
        Json(serde_json::json!({ "ok": true, "message": message, "redirect": to })).into_response()
    } else {
        Redirect::to(to).into_response()
    }
}

/// Answers a refused form post: JSON (the error pipeline's body) for
/// `forms.js`, or the form's page again with the values, the field
/// messages and an alert, under the error's status.
pub async fn fail<H: FormHost>(
    host: &H,
    path: &str,
    json: bool,
    values: BTreeMap<String, String>,
    error: AppError,
) -> Response {
    let base = FormFeedback {
        values,
        ..Default::default()
    };
    fail_with(host, path, json, base, error).await
}

/// [`fail`] with more for the page than the typed values (`base`; its
/// errors and alert are replaced by the error's).
pub async fn fail_with<H: FormHost>(
    host: &H,
    path: &str,
    json: bool,
    base: FormFeedback,
    error: AppError,
) -> Response {
    if json {
        return error.into_response();
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let retry = error.retry_after;
    // Field messages stand next to their fields; anything else is an alert.
    let alert = (error.fields.is_empty() || error.error != ErrorCode::InvalidInput)
        .then(|| error.message.clone());
    let feedback = FormFeedback {
        errors: error.fields,
        alert,
        ..base
    };
    let mut page = host.render(path, feedback).await;
    // A 404 set by the page itself (unknown product) stands.
    if page.status() == StatusCode::OK {
        *page.status_mut() = status;
    }
    if let Some(secs) = retry {
        page.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    page
}

/// The request's `User-Agent`, at most 255 characters.
pub fn user_agent(req: &Request<Body>) -> Option<String> {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(255).collect())
}
