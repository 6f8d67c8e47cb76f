//! Cross-cutting HTTP behaviour: security headers, the cross-site request
//! guard, request ids, access logs and panic recovery.
use app::error::{AppError, ErrorCode};
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Router,
};
use domain::Config;
use std::{sync::Arc, time::Duration};
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use tracing::Span;

/// Third-party hosts the pages may talk to: Midtrans Snap (payment popup) in
/// sandbox and production. Nothing else is loaded from outside.
const MIDTRANS_HOSTS: &str = "https://app.midtrans.com https://app.sandbox.midtrans.com";
const MIDTRANS_API_HOSTS: &str = "https://api.midtrans.com https://api.sandbox.midtrans.com";

/// The Content-Security-Policy. Pages rendered by Leptos get a per-request
/// nonce so its hydration scripts run; everything else gets the nonce-less
/// policy, which allows no inline script at all.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval'{nonce} {MIDTRANS_HOSTS}; \
         style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: https:; \
         font-src 'self'; \
         connect-src 'self' {MIDTRANS_HOSTS} {MIDTRANS_API_HOSTS}; \
         frame-src {MIDTRANS_HOSTS}; \
         frame-ancestors 'none'; \
         base-uri 'self'; \
         form-action 'self'; \
         object-src 'none'"
    )
}

fn always(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Called in the Leptos context of every page render: creates the nonce that
/// Leptos puts on its inline scripts and sends the CSP that allows it.
pub fn provide_page_csp() {
    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce();
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(response)) = (nonce, response) {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(Some(nonce.as_inner()))) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Refuses state-changing requests sent by a browser from another site.
///
/// Leptos server functions (and our form posts) have no CSRF protection of
/// their own. Browsers label every request with `Sec-Fetch-Site` and send
/// `Origin` on cross-origin POSTs, so a request is refused when either says it
/// came from elsewhere. Server-to-server calls (payment webhooks) send neither
/// and pass.
pub async fn cross_site_guard(config: Arc<Config>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if is_cross_site(&config, &req) {
        tracing::warn!(path = %req.uri().path(), "refused cross-site request");
        return AppError::new(ErrorCode::CrossSiteRequest).into_response();
    }
    next.run(req).await
}

fn is_cross_site(config: &Config, req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return true;
        }
    }
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => false,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            !origin_matches(origin, &config.site_origin(), host)
        }
    }
}

/// An `Origin` is ours if it is the configured site origin, or names the same
/// host the request was sent to (a dev server on another port or address).
fn origin_matches(origin: &str, site_origin: &str, host: Option<&str>) -> bool {
    if origin == site_origin {
        return true;
    }
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// A page for panics: the site's colours, no stack trace, status 500.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("handler panicked");
    let html = include_str!("panic.html");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// One URL per page: a GET or HEAD of `/blog/` is redirected (308) to
/// `/blog`, its query kept. Leading slashes collapse to one, so `//host/`
/// can never become a redirect to another site.
pub async fn trailing_slash(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let read = matches!(*req.method(), http::Method::GET | http::Method::HEAD);
    if read && path.len() > 1 && path.ends_with('/') {
        let target = format!("/{}", path.trim_matches('/'));
        let location = match req.uri().query() {
            Some(q) => format!("{target}?{q}"),
            None => target,
        };
        return axum::response::Redirect::permanent(&location).into_response();
    }
    next.run(req).await
}

/// Wraps the router in the middleware stack. Layers added last run first:
/// request id → access log → security headers → panic page → CSRF guard →
/// trailing-slash redirect.
pub fn apply(router: Router, config: &Arc<Config>) -> Router {
    let config = config.clone();
    let csp = HeaderValue::from_str(&content_security_policy(None)).expect("static CSP is ASCII");
    router
        .layer(axum::middleware::from_fn(trailing_slash))
        .layer(axum::middleware::from_fn(move |req, next| {
            cross_site_guard(config.clone(), req, next)
        }))
        .layer(CatchPanicLayer::custom(panic_response))
        // Leptos pages set their own CSP (with a nonce) first; keep it.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(always(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(self)",
        ))
        .layer(always(header::X_FRAME_OPTIONS, "DENY"))
        .layer(always(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(always(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        id = %id,
                        method = %req.method(),
                        path = %req.uri().path(),
                    )
                })
                .on_request(())
                .on_response(|res: &Response, latency: Duration, _span: &Span| {
                    tracing::info!(
                        status = res.status().as_u16(),
                        latency_ms = latency.as_secs_f64() * 1000.0,
                        "response"
                    );
                }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_match_site_or_host() {
        assert!(origin_matches(
            "https://tiranyx.co.id",
            "https://tiranyx.co.id",
            None
        ));
        assert!(origin_matches(
            "http://127.0.0.1:3000",
            "https://tiranyx.co.id",
            Some("127.0.0.1:3000")
        ));
        assert!(!origin_matches(
            "https://evil.example",
            "https://tiranyx.co.id",
            Some("tiranyx.co.id")
        ));
        assert!(!origin_matches(
            "null",
            "https://tiranyx.co.id",
            Some("tiranyx.co.id")
        ));
    }

    #[test]
    fn csp_allows_midtrans_and_nonce_only_when_given() {
        let plain = content_security_policy(None);
        assert!(plain.contains("frame-ancestors 'none'"));
        assert!(plain.contains("https://app.midtrans.com"));
        assert!(!plain.contains("nonce-"));
        assert!(content_security_policy(Some("abc")).contains("'nonce-abc'"));
    }
}
