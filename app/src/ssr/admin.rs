//! The admin session as seen by pages and server functions. The
//! `trx_admin` cookie is signed (see `domain::admin::cookie`) and names a
//! server-side session in the `admin_sessions` table; a member's
//! `trx_user` cookie means nothing here.
use crate::error::AppError;
use domain::{
    admin::{AdminSession, AdminSessionStage},
    audit::Actor,
};
use leptos::prelude::use_context;
use secrecy::ExposeSecret;

pub const ADMIN_COOKIE: &str = "trx_admin";

/// The client address the server resolved for this request (trusted
/// proxies honoured), put into the request extensions by a middleware.
#[derive(Clone, Debug, Default)]
pub struct ClientIp(pub Option<std::net::IpAddr>);

fn cookie_value(headers: &http::HeaderMap) -> Option<String> {
    super::cookie(headers, ADMIN_COOKIE, 256)
}

/// The session token from a correctly signed, unexpired `trx_admin` cookie.
pub fn admin_token(
    headers: &http::HeaderMap,
    config: &domain::Config,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<String> {
    let value = cookie_value(headers)?;
    domain::admin::cookie::verify(
        config.admin_cookie_secret.expose_secret().as_bytes(),
        &value,
        now,
    )
}

/// Whether the request carries a `trx_admin` cookie at all (signed or not).
pub fn has_admin_cookie(headers: &http::HeaderMap) -> bool {
    cookie_value(headers).is_some()
}

/// The admin session behind a request's headers, in any stage.
pub async fn session_from_headers(
    headers: &http::HeaderMap,
    db: &domain::Database,
    config: &domain::Config,
) -> Option<AdminSession> {
    let now = chrono::Utc::now();
    let token = admin_token(headers, config, now)?;
    domain::admin::session_admin(db, &token, now)
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "admin session lookup failed");
            None
        })
}

/// The fully signed-in admin (password and, when enrolled, TOTP) or
/// `Unauthorized`. Every admin server function starts with this.
pub async fn current_admin() -> Result<AdminSession, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Unauthorized)?;
    // Set by `server::admin_auth::guard` on page renders under `/admin`.
    let session = match parts.extensions.get::<AdminSession>() {
        Some(checked) => Some(checked.clone()),
        None => {
            let st = super::state()?;
            session_from_headers(&parts.headers, &st.db, &st.config).await
        }
    };
    session
        .filter(|s| s.stage == AdminSessionStage::Active)
        .ok_or(AppError::Unauthorized)
}

/// The audit actor for the current admin, with the client address.
pub async fn current_actor() -> Result<(AdminSession, Actor), AppError> {
    let admin = current_admin().await?;
    let ip = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientIp>().cloned())
        .and_then(|c| c.0)
        .map(|ip| ip.to_string());
    let actor = Actor::admin(admin.admin_id, &admin.email, ip);
    Ok((admin, actor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_admin_cookie() {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            "trx_user=abc; trx_admin=t.1.ff".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h).as_deref(), Some("t.1.ff"));
        h.insert(http::header::COOKIE, "trx_user=abc".parse().unwrap());
        assert_eq!(cookie_value(&h), None);
    }
}
