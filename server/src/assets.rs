//! The stylesheet compiled by `build.rs`, served from memory under a
//! content-hashed path with a year-long cache.
use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

include!(concat!(env!("OUT_DIR"), "/stylesheet.rs"));
const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/tiranyx.css"));

pub const STYLESHEET_ROUTE: &str = "/assets/{file}";

pub fn stylesheet_href() -> String {
    format!("/assets/tiranyx-{STYLESHEET_HASH}.css")
}

pub async fn stylesheet(Path(file): Path<String>) -> Response {
    if file != format!("tiranyx-{STYLESHEET_HASH}.css") {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// The compiled CSS, for tests that check a class made it in.
pub fn stylesheet_text() -> &'static str {
    STYLESHEET
}
