//! The public site's form posts: contact and waitlist.
//!
//! Without JavaScript a browser posts the form and gets either a redirect to
//! a success message (post/redirect/get) or the same page again with its
//! errors. `forms.js` posts the same form with `Accept: application/json` and
//! gets JSON with a stable `error` code and per-field messages.
use crate::{client_ip::client_ip, render, AppState};
use app::error::{AppError, ErrorCode};
use app::{
    forms::FormFeedback,
    pages::{contact::CONTACT_SENT, waitlist},
};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use domain::forms::{
    contact::{self, ContactInput, ContactOutcome},
    waitlist::{JoinOutcome, WaitlistInput},
};
use serde::Deserialize;
use serde_json::json;
use std::{collections::BTreeMap, time::Duration};

const MAX_FORM_BYTES: usize = 64 * 1024;

pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Reads an urlencoded body; anything else is treated as an empty form, which
/// then fails validation with clear messages.
pub(crate) async fn read_form<T: for<'de> Deserialize<'de> + Default>(req: Request<Body>) -> T {
    match axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES).await {
        Ok(bytes) => serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
        Err(_) => T::default(),
    }
}

/// A per-IP limit that was hit, as the error pipeline's `rate_limited`.
pub(crate) fn rate_limited(wait: Duration) -> AppError {
    AppError::limited(ErrorCode::RateLimited, wait.as_secs())
}

/// Answers a refused form post: JSON (the error pipeline's body) for
/// `forms.js`, or the form's page again with the values, the field
/// messages and an alert, under the error's status.
pub(crate) async fn fail(
    state: &AppState,
    path: &str,
    json: bool,
    values: BTreeMap<String, String>,
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
        values,
        errors: error.fields,
        alert,
    };
    let mut page = render::page_with(state, path, feedback).await;
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    name: String,
    email: String,
    phone: String,
    message: String,
    website: String,
}

pub async fn post_contact(State(state): State<AppState>, req: Request<Body>) -> Response {
    let json = wants_json(req.headers());
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let form: ContactForm = read_form(req).await;
    let values = BTreeMap::from([
        ("name".to_owned(), form.name.clone()),
        ("email".to_owned(), form.email.clone()),
        ("phone".to_owned(), form.phone.clone()),
        ("message".to_owned(), form.message.clone()),
    ]);
    if let Some(ip) = ip {
        if let Err(wait) = state.limits.contact.check(ip) {
            return fail(&state, "/contact", json, values, rate_limited(wait)).await;
        }
    }
    let input = ContactInput {
        name: form.name,
        email: form.email,
        phone: form.phone,
        message: form.message,
        website: form.website,
    };
    let now = chrono::Utc::now();
    match contact::submit(&state.server.db, &input, ip.map(|i| i.to_string()), now).await {
        Ok(ContactOutcome::Stored(_)) | Ok(ContactOutcome::Discarded) => {
            if json {
                Json(json!({ "ok": true, "message": CONTACT_SENT })).into_response()
            } else {
                Redirect::to("/contact?terkirim=1").into_response()
            }
        }
        Err(e) => fail(&state, "/contact", json, values, e.into()).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WaitlistForm {
    email: String,
    name: String,
    website: String,
}

pub async fn post_waitlist(
    State(state): State<AppState>,
    Path(product): Path<String>,
    req: Request<Body>,
) -> Response {
    let json = wants_json(req.headers());
    if !domain::markdown::is_slug(&product) {
        let path = render::NOT_FOUND_PATH;
        return fail(&state, path, json, BTreeMap::new(), AppError::not_found()).await;
    }
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let form: WaitlistForm = read_form(req).await;
    let path = format!("/waitlist/{product}");
    let values = BTreeMap::from([
        ("email".to_owned(), form.email.clone()),
        ("name".to_owned(), form.name.clone()),
    ]);
    if let Some(ip) = ip {
        if let Err(wait) = state.limits.waitlist.check(ip) {
            return fail(&state, &path, json, values, rate_limited(wait)).await;
        }
    }
    let db = &state.server.db;
    let outcome = if form.website.is_empty() {
        let input = WaitlistInput {
            email: form.email,
            name: form.name,
        };
        domain::forms::waitlist::join(db, &product, &input, chrono::Utc::now()).await
    } else {
        // A bot filled the honeypot: answer like a success, store nothing.
        Ok(JoinOutcome::Joined)
    };
    match outcome {
        Ok(outcome) => {
            let (status, message) = match outcome {
                JoinOutcome::Joined => ("bergabung", waitlist::WAITLIST_JOINED),
                JoinOutcome::AlreadyJoined => ("sudah", waitlist::WAITLIST_ALREADY),
            };
            if json {
                let count = domain::forms::waitlist::count(db, &product)
                    .await
                    .unwrap_or_default();
                Json(json!({ "ok": true, "status": status, "message": message, "count": count }))
                    .into_response()
            } else {
                Redirect::to(&format!("{path}?status={status}")).into_response()
            }
        }
        Err(e) => fail(&state, &path, json, values, e.into()).await,
    }
}
