//! The public site's form posts: contact and waitlist.
//!
//! Without JavaScript a browser posts the form and gets either a redirect to
//! a success message (post/redirect/get) or the same page again with its
//! errors. `forms.js` posts the same form with `Accept: application/json` and
//! gets JSON with a stable `error` code and per-field messages.
use crate::{client_ip::client_ip, render, AppState};
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
    contact::{self, ContactError, ContactInput, ContactOutcome},
    waitlist::{JoinOutcome, WaitlistError, WaitlistInput},
    FieldErrors,
};
use serde::Deserialize;
use serde_json::json;
use std::{collections::BTreeMap, time::Duration};

const MAX_FORM_BYTES: usize = 64 * 1024;
const INVALID: &str = "Periksa kembali isian yang ditandai.";
const TROUBLE: &str = "Terjadi gangguan di server kami. Silakan coba lagi sebentar lagi.";

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

pub(crate) fn rate_limited_message(wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    format!("Terlalu banyak pengiriman dari alamat ini. Coba lagi dalam {minutes} menit.")
}

/// What went wrong with a post, rendered as JSON or as the page again.
pub(crate) enum Failure {
    Invalid(FieldErrors),
    RateLimited(Duration),
    NotFound,
    Internal,
    /// A message about the whole form, with its status and stable code.
    Alert {
        status: StatusCode,
        code: &'static str,
        message: String,
        retry_after: Option<Duration>,
    },
}

pub(crate) async fn fail(
    state: &AppState,
    path: &str,
    json: bool,
    values: BTreeMap<String, String>,
    failure: Failure,
) -> Response {
    let (status, code, message, fields, wait) = match &failure {
        Failure::Invalid(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            INVALID.to_owned(),
            errors
                .0
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            None,
        ),
        Failure::RateLimited(wait) => (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            rate_limited_message(*wait),
            BTreeMap::new(),
            Some(wait.as_secs().max(1)),
        ),
        Failure::NotFound => (
            StatusCode::NOT_FOUND,
            "not_found",
            "Halaman atau data yang kamu cari tidak ditemukan.".to_owned(),
            BTreeMap::new(),
            None,
        ),
        Failure::Internal => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            TROUBLE.to_owned(),
            BTreeMap::new(),
            None,
        ),
        Failure::Alert {
            status,
            code,
            message,
            retry_after,
        } => (
            *status,
            *code,
            message.clone(),
            BTreeMap::new(),
            retry_after.map(|w| w.as_secs().max(1)),
        ),
    };
    let mut res = if json {
        (
            status,
            Json(json!({ "error": code, "message": message, "fields": fields })),
        )
            .into_response()
    } else {
        let alert = match failure {
            Failure::Invalid(_) => None,
            _ => Some(message),
        };
        let feedback = FormFeedback {
            values,
            errors: fields,
            alert,
        };
        let mut page = render::page_with(state, path, feedback).await;
        // A 404 set by the page itself (unknown product) stands.
        if page.status() == StatusCode::OK {
            *page.status_mut() = status;
        }
        page
    };
    if let Some(secs) = wait {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
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
            return fail(&state, "/contact", json, values, Failure::RateLimited(wait)).await;
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
        Err(ContactError::Invalid(errors)) => {
            fail(&state, "/contact", json, values, Failure::Invalid(errors)).await
        }
        Err(ContactError::Domain(e)) => {
            tracing::error!(error = %e, "storing a contact message failed");
            fail(&state, "/contact", json, values, Failure::Internal).await
        }
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
        return fail(&state, path, json, BTreeMap::new(), Failure::NotFound).await;
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
            return fail(&state, &path, json, values, Failure::RateLimited(wait)).await;
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
        Err(WaitlistError::Invalid(errors)) => {
            fail(&state, &path, json, values, Failure::Invalid(errors)).await
        }
        Err(WaitlistError::Domain(domain::DomainError::NotFound)) => {
            fail(&state, &path, json, values, Failure::NotFound).await
        }
        Err(WaitlistError::Domain(e)) => {
            tracing::error!(error = %e, "joining a waitlist failed");
            fail(&state, &path, json, values, Failure::Internal).await
        }
    }
}
