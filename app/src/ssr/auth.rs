//! The member session as seen by pages and server functions: the `trx_user`
//! cookie holds a random token; the database knows only its SHA-256.
use crate::error::AppError;
use domain::accounts::SessionUser;
use leptos::prelude::use_context;

pub const SESSION_COOKIE: &str = "trx_user";

/// The session token from a `Cookie` header, if any.
pub fn token_from_cookie_header(headers: &http::HeaderMap) -> Option<String> {
    super::cookie(headers, SESSION_COOKIE, 128)
}

/// The signed-in member for this request, or `Unauthorized`. Every server
/// function of the member area starts with this.
pub async fn current_user() -> Result<SessionUser, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Unauthorized)?;
    // Set by `server::auth::guard` on page renders under `/dashboard`.
    if let Some(user) = parts.extensions.get::<SessionUser>() {
        return Ok(user.clone());
    }
    let token = token_from_cookie_header(&parts.headers).ok_or(AppError::Unauthorized)?;
    let st = super::state()?;
    domain::accounts::session_user(&st.db, &token, chrono::Utc::now())
        .await?
        .filter(|u| u.email_verified)
        .ok_or(AppError::Unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            "a=1; trx_user=abc123; b=2".parse().unwrap(),
        );
        assert_eq!(token_from_cookie_header(&h).as_deref(), Some("abc123"));
        h.insert(http::header::COOKIE, "trx_userx=1".parse().unwrap());
        assert_eq!(token_from_cookie_header(&h), None);
    }
}
