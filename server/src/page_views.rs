//! Server-side page view counting for the admin's analytics: no
//! third-party script and no cookie. Only successful GETs of public HTML
//! pages by browsers count; bots (`domain::analytics::is_bot`), the member
//! and admin areas, APIs and assets do not.
use crate::AppState;
use axum::{
    body::Body,
    extract::State,
    http::{header, Method, Request},
    middleware::Next,
    response::Response,
};

/// Prefixes that are not public pages (the areas behind a session, the API,
/// assets); the render cache skips them too.
pub(crate) const NOT_COUNTED: &[&str] = &[
    "/admin",
    "/dashboard",
    "/client",
    "/api",
    "/pkg",
    "/assets",
    "/uploads",
    "/js",
];

fn counted_path(path: &str) -> bool {
    !NOT_COUNTED.iter().any(|p| app::shell::within(path, p))
        && !path.ends_with(".xml")
        && !path.ends_with(".txt")
        && !matches!(path, "/healthz" | "/livez" | "/readyz" | "/metrics")
}

pub async fn record(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let candidate = req.method() == Method::GET
        && counted_path(req.uri().path())
        && !domain::analytics::is_bot(
            req.headers()
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok()),
        );
    if !candidate {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && res.status().is_success() {
        state.page_views.record(&path, chrono::Utc::now());
    }
    res
}

#[cfg(test)]
mod tests {
    use super::counted_path;

    #[test]
    fn only_public_pages_count() {
        assert!(counted_path("/"));
        assert!(counted_path("/blog/halo"));
        assert!(counted_path("/administrasi"));
        assert!(!counted_path("/admin"));
        assert!(!counted_path("/admin/posts"));
        assert!(!counted_path("/dashboard/profile"));
        assert!(!counted_path("/api/site/settings"));
        assert!(!counted_path("/sitemap.xml"));
        assert!(!counted_path("/healthz"));
    }
}
