//! Public pages never hydrate (see `app::shell::needs_hydration`), so the
//! bits Leptos writes for a hydration that will not happen are removed from
//! them: the `<!>` position markers (an HTML parse error, "bogus comment")
//! and the empty inline bootstrap scripts. The pages are then valid HTML with
//! no JavaScript at all.
use app::shell::needs_hydration;
use axum::{
    body::Body,
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Larger pages are passed through untouched rather than buffered.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

const EMPTY_BOOTSTRAP_SCRIPTS: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>",
    "__INCOMPLETE_CHUNKS=[];</script>",
];

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
    let cleaned = match std::str::from_utf8(&bytes) {
        Ok(html) => clean(html),
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cleaned))
}

fn clean(html: &str) -> String {
    let mut out = html.replace("<!>", "");
    for script in EMPTY_BOOTSTRAP_SCRIPTS {
        while let Some(end) = out.find(script) {
            let Some(start) = out[..end].rfind("<script") else {
                break;
            };
            out.replace_range(start..end + script.len(), "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn removes_markers_and_empty_bootstrap_scripts_only() {
        let html = concat!(
            "<head><!--HEAD--></head><body><p>a<!>b</p>",
            r#"<script nonce="x">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>"#,
            r#"<script nonce="x">__INCOMPLETE_CHUNKS=[];</script>"#,
            r#"<script type="application/ld+json">{"a":1}</script></body>"#
        );
        assert_eq!(
            clean(html),
            r#"<head><!--HEAD--></head><body><p>ab</p><script type="application/ld+json">{"a":1}</script></body>"#
        );
    }
}
