//! The Content-Security-Policy, in one place. Pages rendered by Leptos get
//! a per-request nonce so its hydration scripts run; everything else gets
//! the nonce-less policy, which allows no inline script at all. Nothing is
//! loaded from another host, except on the page that opens Midtrans Snap
//! or PayPal's buttons, which allows those hosts for their script, frame and
//! calls ([`allow_on_this_page`]).
use leptos::prelude::*;

pub fn content_security_policy(nonce: Option<&str>, extra_origins: &[&str]) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let extra: String = extra_origins.iter().map(|o| format!(" {o}")).collect();
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval'{nonce}{extra}; \
         style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: https:; \
         font-src 'self'; \
         connect-src 'self'{extra}; \
         frame-src 'self'{extra}; \
         frame-ancestors 'none'; \
         base-uri 'none'; \
         form-action 'self'{extra}; \
         object-src 'none'"
    )
}

/// Re-sends this page's policy with `origins` allowed (Snap's, PayPal's
/// hosts), keeping the page's nonce. Called while the page renders on the
/// server.
pub fn allow_on_this_page(origins: &[String]) {
    let nonce = leptos::nonce::use_nonce();
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(response)) = (nonce, response) {
        let policy = content_security_policy(
            Some(nonce.as_inner()),
            &origins.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
