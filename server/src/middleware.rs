//! Cross-cutting HTTP behaviour: security headers, the cross-site request
//! guard, request ids, access logs and panic recovery.
use app::error::{AppError, ErrorCode};
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Router,
};
use domain::Config;
use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};
use tracing::Span;

pub use app::ssr::csp::content_security_policy;

/// Request ids unique across instances and restarts: 64 random bits drawn
/// once per process, then a counter (a UUID per request asked the kernel
/// for randomness on every request).
#[derive(Clone)]
struct RequestIds {
    process: u64,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let mut seed = [0u8; 8];
        domain::random::fill(&mut seed);
        RequestIds {
            process: u64::from_le_bytes(seed),
            next: Arc::default(),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let mut raw = [0u8; 16];
        raw[..8].copy_from_slice(&self.process.to_be_bytes());
        raw[8..].copy_from_slice(&n.to_be_bytes());
        // Hex without `format!`: it was a tenth of a cache hit's work.
        let mut id = [0u8; 32];
        hex::encode_to_slice(raw, &mut id).ok()?;
        HeaderValue::from_bytes(&id).ok().map(RequestId::new)
    }
}

/// Headers every response carries, whatever set them before.
const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(self)",
    ),
];

/// Sets [`SECURITY_HEADERS`] and, unless a Leptos page set its own (with a
/// nonce), the static CSP: in one pass, as it runs on every response.
fn security_headers(headers: &mut HeaderMap, csp: &HeaderValue) {
    headers.reserve(SECURITY_HEADERS.len() + 1);
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
}

/// Called in the Leptos context of every page render: creates the nonce that
/// Leptos puts on its inline scripts and sends the CSP that allows it.
pub fn provide_page_csp() {
    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce();
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(response)) = (nonce, response) {
        if let Ok(value) =
            HeaderValue::from_str(&content_security_policy(Some(nonce.as_inner()), &[]))
        {
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
/// and pass. The licence API is let through whatever it says: it reads no
/// cookie, so a request from another site can do nothing there that a direct
/// one could not, and the software calling it may well be a web page.
fn cross_site_refusal(config: &Config, req: &Request) -> Option<Response> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || CROSS_SITE_APIS.contains(&req.uri().path())
    {
        return None;
    }
    if is_cross_site(config, req) {
        tracing::warn!(path = %req.uri().path(), "refused cross-site request");
        return Some(AppError::new(ErrorCode::CrossSiteRequest).into_response());
    }
    None
}

/// What is decided from the request alone, in this order: a cross-site
/// refusal, a multipart body that cannot be decoded, a redirect to the
/// canonical URL. One middleware rather than three: every middleware clones
/// the stack below it on every request, cache hits included.
pub async fn request_checks(config: Arc<Config>, req: Request, next: Next) -> Response {
    let answered = cross_site_refusal(&config, &req)
        .or_else(|| multipart_refusal(&req))
        .or_else(|| canonical_redirect(&req));
    match answered {
        Some(res) => res,
        None => next.run(req).await,
    }
}

/// Routes meant to be called from anywhere, with no session (see
/// [`cross_site_refusal`]). Exact paths: a prefix could cover a server
/// function.
const CROSS_SITE_APIS: [&str; 3] = [
    "/api/licenses/activate",
    "/api/licenses/validate",
    "/api/licenses/deactivate",
];

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

/// One URL per page: a GET or HEAD of a non-canonical spelling of a path
/// is redirected (301) to the canonical one, its query kept: a trailing
/// slash (`/blog/` → `/blog`) and percent-encoded characters that need no
/// encoding (`/blog/%6Benapa` → `/blog/kenapa`). Leading slashes collapse
/// to one, so `//host/` can never become a redirect to another site. Page
/// views are therefore only ever counted under the canonical path.
fn canonical_redirect(req: &Request) -> Option<Response> {
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    let path = read.then(|| canonical_path(req.uri().path())).flatten()?;
    let location = match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
    let value = HeaderValue::from_str(&location).ok()?;
    Some((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, value)]).into_response())
}

/// A multipart body without a `boundary` parameter cannot be decoded (and
/// the multipart parser behind server functions would panic on it): it is
/// refused with 400 before anything reads it.
fn multipart_refusal(req: &Request) -> Option<Response> {
    let content_type = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let content_type = content_type.to_ascii_lowercase();
    (content_type.starts_with("multipart/") && !content_type.contains("boundary="))
        .then(|| AppError::new(ErrorCode::BadRequest).into_response())
}

/// The canonical spelling of `path`, when it differs.
fn canonical_path(path: &str) -> Option<String> {
    // Nearly every request: one leading slash, none trailing, no escapes.
    let plain = path.starts_with('/')
        && !path.starts_with("//")
        && (path.len() == 1 || !path.ends_with('/'))
        && !path.contains('%');
    if plain {
        return None;
    }
    let decoded = decode_unreserved(path);
    let trimmed = decoded.trim_matches('/');
    let canonical = format!("/{trimmed}");
    (canonical != path).then_some(canonical)
}

/// Decodes `%XX` where XX is an unreserved character (RFC 3986: letters,
/// digits, `-._~`); every other escape is kept as it is.
fn decode_unreserved(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| path.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod canonical_tests {
    use super::canonical_path;

    #[test]
    fn one_spelling_per_path() {
        assert_eq!(canonical_path("/"), None);
        assert_eq!(canonical_path("/blog/kenapa"), None);
        assert_eq!(canonical_path("/blog/"), Some("/blog".into()));
        assert_eq!(
            canonical_path("/blog/%6Benapa"),
            Some("/blog/kenapa".into())
        );
        assert_eq!(
            canonical_path("/blog/%6benapa"),
            Some("/blog/kenapa".into())
        );
        assert_eq!(
            canonical_path("//evil.example/"),
            Some("/evil.example".into())
        );
        // Escapes that are needed stay, and so does a broken one.
        assert_eq!(canonical_path("/waitlist/a%20b"), None);
        assert_eq!(canonical_path("/a%2Fb"), None);
        assert_eq!(canonical_path("/a%zz"), None);
        assert_eq!(canonical_path("/a%4"), None);
    }
}

/// Wraps the router in the middleware stack, outermost first:
/// request id → access log → security headers → panic page →
/// [`request_checks`] (cross-site and multipart refusals, canonical URL).
pub fn apply(router: Router, config: &Arc<Config>) -> Router {
    let config = config.clone();
    let csp =
        HeaderValue::from_str(&content_security_policy(None, &[])).expect("static CSP is ASCII");
    // One stack, outermost first (see `build_app`).
    router.layer(
        tower::ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(RequestIds::new()))
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
                    .on_response(
                        |res: &axum::http::Response<_>, latency: Duration, _span: &Span| {
                            tracing::info!(
                                status = res.status().as_u16(),
                                latency_ms = latency.as_secs_f64() * 1000.0,
                                "response"
                            );
                        },
                    ),
            )
            .layer(PropagateRequestIdLayer::x_request_id())
            .map_response(move |mut res: axum::http::Response<_>| {
                security_headers(res.headers_mut(), &csp);
                res
            })
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(axum::middleware::from_fn(move |req, next| {
                request_checks(config.clone(), req, next)
            })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_differ_per_request_and_per_process() {
        let req = axum::http::Request::new(());
        let id = |ids: &mut RequestIds| {
            let id = ids.make_request_id(&req).unwrap();
            id.header_value().to_str().unwrap().to_owned()
        };
        let (mut one, mut other) = (RequestIds::new(), RequestIds::new());
        let first = id(&mut one);
        assert_eq!(first.len(), 32);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
        // The process's seed, then the counter, in lower-case hex.
        assert_eq!(first, format!("{:016x}{:016x}", one.process, 0));
        assert_eq!(
            id(&mut one.clone()),
            format!("{:016x}{:016x}", one.process, 1)
        );
        assert_ne!(first, id(&mut other));
    }

    #[test]
    fn every_response_gets_the_security_headers_and_keeps_a_pages_csp() {
        let csp = HeaderValue::from_static("default-src 'self'");
        let mut plain = HeaderMap::new();
        security_headers(&mut plain, &csp);
        assert_eq!(plain.len(), SECURITY_HEADERS.len() + 1);
        assert_eq!(plain[header::CONTENT_SECURITY_POLICY], csp);
        let mut page = HeaderMap::new();
        page.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'nonce-abc'"),
        );
        page.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
        security_headers(&mut page, &csp);
        assert_eq!(
            page[header::CONTENT_SECURITY_POLICY],
            "script-src 'nonce-abc'"
        );
        assert_eq!(page[header::X_FRAME_OPTIONS], "DENY");
    }

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
    fn csp_allows_no_other_host_and_a_nonce_only_when_given() {
        let plain = content_security_policy(None, &[]);
        assert!(plain.contains("frame-ancestors 'none'"));
        assert!(plain.contains("base-uri 'none'"));
        assert!(!plain.contains("https://"), "{plain}");
        assert!(!plain.contains("nonce-"));
        assert!(content_security_policy(Some("abc"), &[]).contains("'nonce-abc'"));
        let snap = content_security_policy(Some("abc"), &["https://app.midtrans.com"]);
        assert!(snap.contains(
            "script-src 'self' 'wasm-unsafe-eval' 'nonce-abc' https://app.midtrans.com;"
        ));
        assert!(snap.contains("frame-src 'self' https://app.midtrans.com;"));
    }
}
