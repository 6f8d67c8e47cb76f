//! `Set-Cookie` values for the two session cookies: always HttpOnly, on
//! the whole site, Secure when the site is served over https.
use axum::http::HeaderValue;
use cookie::{Cookie, SameSite};

/// `max_age` in seconds: `None` for a browser-session cookie, `Some(0)` to
/// delete it.
pub fn session_cookie(
    name: &'static str,
    value: &str,
    same_site: SameSite,
    secure: bool,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut c = Cookie::build((name, value.to_owned()))
        .http_only(true)
        .same_site(same_site)
        .secure(secure)
        .path("/");
    if let Some(age) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(age.max(0)));
    }
    HeaderValue::from_str(&c.build().to_string()).expect("cookie is ASCII")
}
