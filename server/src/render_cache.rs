//! The render cache: public pages rendered for anonymous visitors, kept in
//! memory with their brotli and gzip bodies, so a hit costs neither a render
//! nor a compression.
//!
//! What is kept: a `GET` with no session cookie, of a public page that is
//! the same for every anonymous visitor, answered `200 text/html` without
//! `Set-Cookie` or `no-store`. Everything else passes by untouched.
//! A page is kept for the content generation it was rendered in
//! (`domain::generation`): any change to what public pages show bumps it,
//! and older pages are never served again. A render that began before a
//! change is stored under the older generation, so it can never outlive it.
//! The CSP of a kept page carries no nonce: public pages run no script.
use crate::AppState;
use app::ssr::session::{has_admin_cookie, member_token};
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{io::Write, sync::Arc};

/// Pages larger than this are served but not kept.
const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// Longer paths or queries are not kept (a crawler's junk).
const MAX_KEY_BYTES: usize = 512;

/// Public pages that differ per visitor even without a session: a tool's
/// page shows the visitor's quota, found by address.
const PER_VISITOR: &[&str] = &["/tools/"];

/// Besides what page views do not count (`page_views::NOT_COUNTED`: the
/// areas behind a session, their login pages, the API, assets): the
/// development simulators and the payment return pages.
const NOT_PUBLIC: &[&str] = &["/_dev", "/payment"];

/// Posts that change nothing a public page shows and that anyone may send
/// in numbers (a login flood must not keep emptying the cache).
const CHANGES_NOTHING_PUBLIC: &[&str] = &[
    "/login",
    "/logout",
    "/register",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/contact",
    "/tools",
    "/api/licenses",
    "/api/payment",
    "/api/orders",
    crate::admin_auth::LOGIN_PATH,
    "/admin/logout",
];

#[derive(Clone)]
pub struct RenderCache {
    pages: Option<moka::sync::Cache<String, Arc<CachedPage>>>,
}

impl std::fmt::Debug for RenderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderCache")
            .field("pages", &self.pages.as_ref().map(|p| p.entry_count()))
            .finish()
    }
}

impl RenderCache {
    /// A cache holding about `megabytes` of page bodies (0: none).
    pub fn new(megabytes: u64) -> Self {
        let pages = (megabytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(megabytes * 1024 * 1024)
                .weigher(|key: &String, page: &Arc<CachedPage>| {
                    u32::try_from(key.len() + page.weight()).unwrap_or(u32::MAX)
                })
                .build()
        });
        RenderCache { pages }
    }

    /// Bytes held now (after pending evictions ran), for tests and metrics.
    pub fn weight(&self) -> u64 {
        self.pages.as_ref().map_or(0, |p| {
            p.run_pending_tasks();
            p.weighted_size()
        })
    }
}

/// One kept page: its extensions (the matched route the metrics label it
/// with) and, per coding, its body and the headers sent with it (no CSP;
/// length and coding set), so a hit only clones them.
pub struct CachedPage {
    generation: u64,
    status: StatusCode,
    extensions: axum::http::Extensions,
    bodies: [(HeaderMap, Bytes); 3],
}

impl CachedPage {
    fn new(
        generation: u64,
        parts: axum::http::response::Parts,
        identity: Bytes,
        gzip: Bytes,
        brotli: Bytes,
    ) -> Self {
        let with = |coding: Option<&'static str>, body: Bytes| {
            let mut headers = parts.headers.clone();
            if let Some(coding) = coding {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            (headers, body)
        };
        let bodies = [
            with(Some("br"), brotli),
            with(Some("gzip"), gzip),
            with(None, identity),
        ];
        CachedPage {
            generation,
            status: parts.status,
            extensions: parts.extensions,
            bodies,
        }
    }

    fn weight(&self) -> usize {
        self.bodies.iter().map(|(_, b)| b.len() + 512).sum()
    }

    fn response(&self, encoding: Encoding) -> Response {
        let (headers, body) = &self.bodies[encoding as usize];
        let mut res = Response::new(Body::from(body.clone()));
        *res.status_mut() = self.status;
        *res.headers_mut() = headers.clone();
        *res.extensions_mut() = self.extensions.clone();
        res
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    // The index of its body in `CachedPage::bodies`.
    Brotli = 0,
    Gzip = 1,
    Identity = 2,
}

impl Encoding {
    /// The best coding the client accepts (a `q=0` refuses one).
    fn accepted(headers: &HeaderMap) -> Self {
        let accepts = |name: &str| {
            headers
                .get_all(header::ACCEPT_ENCODING)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .any(|part| {
                    let mut pieces = part.split(';').map(str::trim);
                    pieces.next().is_some_and(|c| c.eq_ignore_ascii_case(name))
                        && !pieces.any(|p| {
                            p.strip_prefix("q=")
                                .and_then(|q| q.parse::<f32>().ok())
                                .is_some_and(|q| q <= 0.0)
                        })
                })
        };
        if accepts("br") {
            Encoding::Brotli
        } else if accepts("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

/// Serves kept pages, keeps new ones, and marks the content changed after a
/// state-changing request that may have changed a public page.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(pages) = state.render_cache.pages.clone() else {
        return changes_tracked(&state, req, next).await;
    };
    let Some(key) = cache_key(&req, &state) else {
        return changes_tracked(&state, req, next).await;
    };
    let generation = state.server.db.content_generation();
    let encoding = Encoding::accepted(req.headers());
    if let Some(page) = pages.get(&key).filter(|p| p.generation == generation) {
        state.metrics.render_cache_hit(true);
        return page.response(encoding);
    }
    state.metrics.render_cache_hit(false);
    let res = next.run(req).await;
    if !keepable(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(identity) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::error!("could not buffer a page for the render cache");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.remove(header::CONTENT_SECURITY_POLICY);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, cookie"),
    );
    // Browsers may keep a public page a minute, until their cookies change
    // (signing in shows the member's version); shared caches may not.
    parts.headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=60"),
    );
    let compressed = tokio::task::spawn_blocking({
        let identity = identity.clone();
        move || (gzip(&identity), brotli(&identity))
    })
    .await;
    let Ok((gzip, brotli)) = compressed else {
        return Response::from_parts(parts, Body::from(identity));
    };
    let page = Arc::new(CachedPage::new(
        generation,
        parts,
        identity,
        gzip.into(),
        brotli.into(),
    ));
    pages.insert(key, page.clone());
    page.response(encoding)
}

async fn changes_tracked(state: &AppState, req: Request, next: Next) -> Response {
    let changes = changes_public_content(&req);
    let res = next.run(req).await;
    if changes && (res.status().is_success() || res.status().is_redirection()) {
        state.server.db.content_changed().await;
    }
    res
}

/// The key a request's page is kept under, if it may be kept: the path
/// (already canonical: `middleware::request_checks`) and the query with its
/// pairs sorted.
fn cache_key(req: &Request, state: &AppState) -> Option<String> {
    let (path, config) = (req.uri().path(), &state.server.config);
    let public = !crate::page_views::NOT_COUNTED
        .iter()
        .chain(NOT_PUBLIC)
        .any(|p| app::shell::within(path, p))
        && !PER_VISITOR.iter().any(|p| path.starts_with(p));
    let signed_in =
        member_token(req.headers(), config).is_some() || has_admin_cookie(req.headers(), config);
    let query = req.uri().query().unwrap_or_default();
    if req.method() != Method::GET
        || !public
        || signed_in
        || path.len() + query.len() > MAX_KEY_BYTES
    {
        return None;
    }
    Some(normalised_key(path, query))
}

/// `path?query` with the query's pairs sorted and empty ones dropped, so
/// `?b=2&a=1` and `?a=1&b=2` are one page.
fn normalised_key(path: &str, query: &str) -> String {
    let mut key = String::with_capacity(path.len() + 1 + query.len());
    key.push_str(path);
    key.push('?');
    if query.contains('&') {
        let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        pairs.sort_unstable();
        for (i, pair) in pairs.iter().enumerate() {
            if i > 0 {
                key.push('&');
            }
            key.push_str(pair);
        }
    } else {
        key.push_str(query);
    }
    key
}

/// Only a complete, shareable page is kept.
fn keepable(res: &Response) -> bool {
    let headers = res.headers();
    let header_has = |name: header::HeaderName, needle: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(needle))
    };
    res.status() == StatusCode::OK
        && header_has(header::CONTENT_TYPE, "text/html")
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !header_has(header::CACHE_CONTROL, "no-store")
        && !header_has(header::CACHE_CONTROL, "private")
}

/// Whether a request may change what a public page shows: any state-changing
/// request (the admin's edits, a waitlist join …) except the frequent ones
/// that cannot.
fn changes_public_content(req: &Request) -> bool {
    let path = req.uri().path();
    !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !CHANGES_NOTHING_PUBLIC
            .iter()
            .any(|p| app::shell::within(path, p))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 6, 22);
        let _ = writer.write_all(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn the_best_accepted_coding_is_chosen() {
        assert_eq!(
            Encoding::accepted(&headers("gzip, deflate, br")),
            Encoding::Brotli
        );
        assert_eq!(Encoding::accepted(&headers("gzip")), Encoding::Gzip);
        assert_eq!(Encoding::accepted(&headers("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(Encoding::accepted(&headers("identity")), Encoding::Identity);
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn a_query_is_one_key_whatever_its_order() {
        assert_eq!(normalised_key("/blog", ""), "/blog?");
        assert_eq!(normalised_key("/blog", "tag=rust"), "/blog?tag=rust");
        assert_eq!(
            normalised_key("/blog", "tag=rust&page=2"),
            normalised_key("/blog", "page=2&&tag=rust&")
        );
        assert_eq!(
            normalised_key("/blog", "tag=rust&page=2"),
            "/blog?page=2&tag=rust"
        );
    }

    #[test]
    fn compressed_bodies_decode_to_the_page() {
        use std::io::Read;
        let page = "<p>Halo</p>".repeat(200);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gzip(page.as_bytes())[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, page);
        let mut out = String::new();
        brotli::Decompressor::new(&brotli(page.as_bytes())[..], 4096)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, page);
    }

    #[test]
    fn only_a_complete_shareable_page_is_kept() {
        let page = |status: u16, extra: Option<(header::HeaderName, &'static str)>| {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::from_u16(status).unwrap();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            if let Some((name, value)) = extra {
                res.headers_mut()
                    .insert(name, HeaderValue::from_static(value));
            }
            res
        };
        assert!(keepable(&page(200, None)));
        for status in [404, 500, 503, 301] {
            assert!(!keepable(&page(status, None)), "{status}");
        }
        assert!(!keepable(&page(200, Some((header::SET_COOKIE, "a=b")))));
        assert!(!keepable(&page(
            200,
            Some((header::CACHE_CONTROL, "no-store"))
        )));
        assert!(!keepable(&page(
            200,
            Some((header::CONTENT_ENCODING, "gzip"))
        )));
        let mut json = page(200, None);
        json.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert!(!keepable(&json));
    }

    #[test]
    fn logins_and_reads_change_nothing_public() {
        let req = |method: Method, path: &str| {
            Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap()
        };
        assert!(!changes_public_content(&req(Method::GET, "/admin/posts")));
        assert!(!changes_public_content(&req(Method::POST, "/login")));
        assert!(!changes_public_content(&req(
            Method::POST,
            "/tools/pembuat-utm"
        )));
        assert!(changes_public_content(&req(
            Method::POST,
            "/api/admin_save_record"
        )));
        assert!(changes_public_content(&req(
            Method::POST,
            "/waitlist/kursus"
        )));
    }
}
