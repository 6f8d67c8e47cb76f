//! Public pages never hydrate (see `app::shell::needs_hydration`), so the
//! bits Leptos writes for a hydration that will not happen are cut out of
//! them (`app::hydration_marks`). The pages are then valid HTML with no
//! JavaScript at all.
use app::{hydration_marks::clean, shell::needs_hydration};
use axum::{
    body::Body,
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Larger pages are passed through untouched rather than buffered.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub async fn strip_hydration_artifacts(req: Request, next: Next) -> Response {
    let hydrated = needs_hydration(req.uri().path());
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if hydrated || !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "could not buffer page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(clean(&bytes)))
}
