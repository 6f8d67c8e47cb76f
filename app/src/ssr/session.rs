//! Sessions' one home: the two cookies (names, reading, `Set-Cookie`), the
//! lookup of the session behind them, and the typed "who is asking" values
//! that handlers and server functions use.
//!
//! - Axum handlers take [`CurrentMember`] or [`CurrentAdmin`] as extractors.
//! - Server functions call [`current_member`], [`current_admin`] or
//!   [`current_actor`].
//!
//! A request's session is looked up at most once: the first lookup (usually
//! the area guard's) is kept in the request's extensions, where the
//! extractors, the page render and its server functions find it. Nothing
//! else reads or writes the cookies.
use super::{ClientIp, ServerState};
use crate::error::AppError;
use axum::extract::{FromRef, FromRequestParts};
use chrono::{DateTime, Utc};
use cookie::{Cookie, SameSite};
use domain::{
    accounts::SessionUser,
    admin::{AdminSession, AdminSessionStage},
    audit::Actor,
    Config, Database,
};
use http::{request::Parts, HeaderMap, HeaderValue};
use leptos::prelude::{use_context, with_context};
use secrecy::ExposeSecret;

/// The member cookie: a random token; the database keeps its SHA-256.
pub const MEMBER_COOKIE: &str = "trx_user";
/// The admin cookie: `token.expiry.HMAC` (see `domain::admin::cookie`).
pub const ADMIN_COOKIE: &str = "trx_admin";

/// The member cookie's name on this site: on https it carries the
/// `__Host-` prefix, so the browser accepts it only Secure, for the whole
/// host, never set by a subdomain.
pub fn member_cookie_name(config: &Config) -> &'static str {
    if config.cookies_secure() {
        "__Host-trx_user"
    } else {
        MEMBER_COOKIE
    }
}

/// The admin cookie's name on this site (see [`member_cookie_name`]).
pub fn admin_cookie_name(config: &Config) -> &'static str {
    if config.cookies_secure() {
        "__Host-trx_admin"
    } else {
        ADMIN_COOKIE
    }
}

/// The signed-in member (e-mail verified) making this request.
#[derive(Clone, Debug)]
pub struct CurrentMember(pub SessionUser);

/// The fully signed-in admin (password and, when enrolled, TOTP).
#[derive(Clone, Debug)]
pub struct CurrentAdmin(pub AdminSession);

/// A lookup already made for this request (`None`: no valid session).
#[derive(Clone, Debug)]
struct MemberLookup(Option<SessionUser>);
#[derive(Clone, Debug)]
struct AdminLookup(Option<AdminSession>);

// ---------------------------------------------------------------------------
// Reading the cookies.

/// The value of cookie `name` from the request's `Cookie` headers, if set,
/// non-empty and at most `max_len` bytes (longer values are never ours).
fn cookie_value(headers: &HeaderMap, name: &str, max_len: usize) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= max_len)
}

/// The raw member session token, if the request carries one.
pub fn member_token(headers: &HeaderMap, config: &Config) -> Option<String> {
    cookie_value(headers, member_cookie_name(config), 128)
}

/// The session token of a correctly signed, unexpired `trx_admin` cookie.
pub fn admin_token(headers: &HeaderMap, config: &Config, now: DateTime<Utc>) -> Option<String> {
    let value = cookie_value(headers, admin_cookie_name(config), 256)?;
    let secret = config.admin_cookie_secret.expose_secret();
    domain::admin::cookie::verify(secret.as_bytes(), &value, now)
}

/// Whether the request carries a `trx_admin` cookie at all (signed or not).
pub fn has_admin_cookie(headers: &HeaderMap, config: &Config) -> bool {
    cookie_value(headers, admin_cookie_name(config), 256).is_some()
}

// ---------------------------------------------------------------------------
// Looking the session up, once per request.

/// The verified member behind the request, looked up once and remembered
/// in `parts`.
pub async fn member(parts: &mut Parts, db: &Database, config: &Config) -> Option<SessionUser> {
    if let Some(MemberLookup(found)) = parts.extensions.get::<MemberLookup>() {
        return found.clone();
    }
    let found = match member_token(&parts.headers, config) {
        None => None,
        Some(token) => domain::accounts::session_user(db, &token, Utc::now())
            .await
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "member session lookup failed");
                None
            })
            .filter(|u| u.email_verified),
    };
    parts.extensions.insert(MemberLookup(found.clone()));
    found
}

/// The admin session behind the request in any stage (the 2FA page needs
/// the waiting one), looked up once and remembered in `parts`.
pub async fn admin_session(
    parts: &mut Parts,
    db: &Database,
    config: &Config,
) -> Option<AdminSession> {
    if let Some(AdminLookup(found)) = parts.extensions.get::<AdminLookup>() {
        return found.clone();
    }
    let now = Utc::now();
    let found = match admin_token(&parts.headers, config, now) {
        None => None,
        Some(token) => domain::admin::session_admin(db, &token, now)
            .await
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "admin session lookup failed");
                None
            }),
    };
    parts.extensions.insert(AdminLookup(found.clone()));
    found
}

fn active(session: Option<AdminSession>) -> Option<AdminSession> {
    session.filter(|s| s.stage == AdminSessionStage::Active)
}

/// Active, or signed in with the password and still setting up two-factor.
fn active_or_enrolling(session: Option<AdminSession>) -> Option<AdminSession> {
    session.filter(|s| {
        matches!(
            s.stage,
            AdminSessionStage::Active | AdminSessionStage::Enrolling
        )
    })
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentMember
where
    ServerState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let st = ServerState::from_ref(state);
        member(parts, &st.db, &st.config)
            .await
            .map(CurrentMember)
            .ok_or(AppError::unauthorized())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentAdmin
where
    ServerState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let st = ServerState::from_ref(state);
        active(admin_session(parts, &st.db, &st.config).await)
            .map(CurrentAdmin)
            .ok_or(AppError::unauthorized())
    }
}

impl CurrentAdmin {
    /// The audit actor: this admin, from the request's client address.
    pub fn actor(&self, ip: Option<&ClientIp>) -> Actor {
        let ip = ip.and_then(|c| c.0).map(|ip| ip.to_string());
        Actor::admin(self.0.admin_id, &self.0.email, ip)
    }
}

// ---------------------------------------------------------------------------
// Server functions (the request's parts come from the Leptos context).

fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or(AppError::unauthorized())
}

/// Whether the request carries no member session cookie at all: its pages
/// show the guest's navbar without a lookup. (A cookie that names no live
/// session is found out by [`current_member`].)
pub fn is_guest() -> bool {
    let Ok(st) = super::state() else {
        return true;
    };
    with_context::<Parts, _>(|parts| member_token(&parts.headers, &st.config).is_none())
        .unwrap_or(true)
}

/// The signed-in member, or `Unauthorized`. Every member server function
/// starts with this.
pub async fn current_member() -> Result<SessionUser, AppError> {
    let mut parts = request_parts()?;
    let st = super::state()?;
    member(&mut parts, &st.db, &st.config)
        .await
        .ok_or(AppError::unauthorized())
}

/// The fully signed-in admin, or `Unauthorized`. Every admin server
/// function starts with this (or [`current_actor`]).
pub async fn current_admin() -> Result<AdminSession, AppError> {
    admin_where(active).await
}

/// The request's admin session, kept only if `allowed` keeps it.
async fn admin_where(
    allowed: fn(Option<AdminSession>) -> Option<AdminSession>,
) -> Result<AdminSession, AppError> {
    let mut parts = request_parts()?;
    let st = super::state()?;
    allowed(admin_session(&mut parts, &st.db, &st.config).await).ok_or(AppError::unauthorized())
}

/// `admin` and the audit actor naming them, from the request's address.
fn with_actor(admin: AdminSession) -> Result<(AdminSession, Actor), AppError> {
    let parts = request_parts()?;
    let admin = CurrentAdmin(admin);
    let actor = admin.actor(parts.extensions.get::<ClientIp>());
    Ok((admin.0, actor))
}

/// The admin who may set up two-factor: active, or enrolling right after
/// the password (the enrolment server functions accept both).
pub async fn current_admin_enrolling() -> Result<AdminSession, AppError> {
    admin_where(active_or_enrolling).await
}

/// [`current_admin_enrolling`] and the audit actor naming them.
pub async fn current_actor_enrolling() -> Result<(AdminSession, Actor), AppError> {
    with_actor(current_admin_enrolling().await?)
}

/// The admin session token of the request a server function answers.
pub fn request_admin_token() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let st = use_context::<ServerState>()?;
    admin_token(&parts.headers, &st.config, Utc::now())
}

/// The `User-Agent` of the request a server function answers.
pub fn user_agent() -> Option<String> {
    with_context::<Parts, _>(|parts| {
        parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
    .flatten()
}

/// Adds a `Set-Cookie` to a server function's response.
pub fn set_cookie_on_response(cookie: HeaderValue) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.append_header(http::header::SET_COOKIE, cookie);
    }
}

/// The client address of the request a server function answers.
pub fn client_ip() -> Option<String> {
    with_context::<Parts, _>(|parts| parts.extensions.get::<ClientIp>().and_then(|c| c.0))
        .flatten()
        .map(|ip| ip.to_string())
}

/// The current admin and the audit actor naming them, with the client
/// address.
pub async fn current_actor() -> Result<(AdminSession, Actor), AppError> {
    with_actor(current_admin().await?)
}

// ---------------------------------------------------------------------------
// Set-Cookie: always HttpOnly, on the whole site, Secure on https.

/// `max_age` in seconds: `None` for a browser-session cookie, `Some(0)` to
/// delete it.
fn set_cookie(
    name: &str,
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
    // Names are constants and tokens are hex, so the value is ASCII; an
    // unusable value would only log the visitor out.
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The member cookie for a new session: kept `max_age` when remembered,
/// else for the browser session.
pub fn member_cookie(
    config: &Config,
    token: &str,
    max_age: Option<std::time::Duration>,
) -> HeaderValue {
    let age = max_age.map(|a| a.as_secs() as i64);
    set_cookie(
        member_cookie_name(config),
        token,
        SameSite::Lax,
        config.cookies_secure(),
        age,
    )
}

pub fn expired_member_cookie(config: &Config) -> HeaderValue {
    set_cookie(
        member_cookie_name(config),
        "",
        SameSite::Lax,
        config.cookies_secure(),
        Some(0),
    )
}

/// The signed admin cookie for `token`, valid until `expires_at`.
pub fn admin_cookie(config: &Config, token: &str, expires_at: DateTime<Utc>) -> HeaderValue {
    let secret = config.admin_cookie_secret.expose_secret();
    let value = domain::admin::cookie::sign(secret.as_bytes(), token, expires_at);
    let age = (expires_at - Utc::now()).num_seconds();
    set_cookie(
        admin_cookie_name(config),
        &value,
        SameSite::Strict,
        config.cookies_secure(),
        Some(age),
    )
}

pub fn expired_admin_cookie(config: &Config) -> HeaderValue {
    set_cookie(
        admin_cookie_name(config),
        "",
        SameSite::Strict,
        config.cookies_secure(),
        Some(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(site: &str) -> Config {
        Config::from_lookup(|k| (k == "SITE_URL").then(|| site.to_owned())).unwrap()
    }

    #[test]
    fn https_cookies_are_secure_and_host_prefixed() {
        let https = config("https://tiranyx.co.id");
        let c = member_cookie(&https, "abc", None);
        let c = c.to_str().unwrap();
        assert!(c.starts_with("__Host-trx_user=abc"), "{c}");
        assert!(
            c.contains("Secure") && c.contains("Path=/") && !c.contains("Domain"),
            "{c}"
        );
        let a = admin_cookie(&https, "t", Utc::now() + chrono::Duration::hours(1));
        assert!(a.to_str().unwrap().starts_with("__Host-trx_admin="));
        assert!(a.to_str().unwrap().contains("Secure"));
        // Only the prefixed name is read on https, so a cookie planted
        // without the prefix (e.g. by a subdomain) is ignored.
        let mut h = HeaderMap::new();
        h.insert(http::header::COOKIE, "trx_user=planted".parse().unwrap());
        assert_eq!(member_token(&h, &https), None);
        h.insert(
            http::header::COOKIE,
            "__Host-trx_user=mine".parse().unwrap(),
        );
        assert_eq!(member_token(&h, &https).as_deref(), Some("mine"));
        // Plain http (development): no prefix, no Secure.
        let http = config("http://127.0.0.1:3000");
        let c = member_cookie(&http, "abc", None);
        assert!(c.to_str().unwrap().starts_with("trx_user=abc"));
        assert!(!c.to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn reads_each_cookie_by_its_exact_name() {
        let config = config("http://127.0.0.1:3000");
        let mut h = HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            "a=1; trx_user=abc123; trx_admin=t.1.ff; b=2"
                .parse()
                .unwrap(),
        );
        assert_eq!(member_token(&h, &config).as_deref(), Some("abc123"));
        assert!(has_admin_cookie(&h, &config));
        h.insert(
            http::header::COOKIE,
            "trx_userx=1; trx_admin_=2".parse().unwrap(),
        );
        assert_eq!(member_token(&h, &config), None);
        assert!(!has_admin_cookie(&h, &config));
    }
}
