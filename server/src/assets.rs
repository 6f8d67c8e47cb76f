//! The stylesheet compiled by `build.rs`, served from memory under a
//! content-hashed path with a year-long cache.
use crate::AppState;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

include!(concat!(env!("OUT_DIR"), "/stylesheet.rs"));
const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/tiranyx.css"));

pub const STYLESHEET_ROUTE: &str = "/assets/{file}";

pub fn stylesheet_href() -> String {
    format!("/assets/tiranyx-{STYLESHEET_HASH}.css")
}

/// This release's stylesheet from memory; another release's, during a
/// rolling deploy, from the database (`domain::stylesheets`).
pub async fn stylesheet(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(hash) = file
        .strip_prefix("tiranyx-")
        .and_then(|f| f.strip_suffix(".css"))
        .filter(|h| !h.is_empty() && h.len() <= 64 && h.bytes().all(|b| b.is_ascii_alphanumeric()))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = if hash == STYLESHEET_HASH {
        STYLESHEET.to_owned()
    } else {
        match domain::stylesheets::find(&state.server.db, hash).await {
            Ok(Some(css)) => css,
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "reading a stored stylesheet");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

/// Stores this release's stylesheet for the instances of other releases.
pub async fn publish_stylesheet(db: &domain::Database) -> domain::error::DomainResult<()> {
    domain::stylesheets::publish(db, STYLESHEET_HASH, STYLESHEET, chrono::Utc::now()).await
}

/// The compiled CSS, for tests that check a class made it in.
pub fn stylesheet_text() -> &'static str {
    STYLESHEET
}
