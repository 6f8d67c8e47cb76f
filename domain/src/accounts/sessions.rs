//! Login, the session behind a cookie, logout and the session list.
use super::{tokens, LoginOutcome, PasswordHasher, SessionUser};
use crate::Refusal;
use crate::{
    entities::{account_token, user, user_session},
    error::DomainError,
    forms::validate,
    lockout, Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use crate::lockout::{lock_duration, MAX_FAILED_LOGINS};
use crate::lockout::{Area, LoginKey};
/// A session that was not remembered ends after a day without use (the
/// expiry slides with each request) ...
pub const SESSION_TTL_DEFAULT: Duration = Duration::hours(24);
/// ... and in any case this long after login.
pub const SESSION_MAX_SLIDING: Duration = Duration::days(30);
/// `last_seen_at` is written at most this often.
const SEEN_RESOLUTION: Duration = Duration::minutes(1);
const USER_AGENT_MAX_CHARS: usize = 255;
const IP_MAX_CHARS: usize = 64;

/// Checks the e-mail and password and opens a new session.
///
/// A client throttled for this address (see [`crate::lockout`]) is refused
/// before the password is checked. A wrong password and an unknown e-mail
/// give the same error after the same work (an unknown e-mail is verified
/// against a dummy hash) and count the same towards the throttle. Whether the
/// account is disabled or unverified is said only to someone who knows the
/// password. Every login gets a new random token, so a token planted before
/// login (session fixation) is never promoted.
#[allow(clippy::too_many_arguments)]
pub async fn login(
    db: &Database,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
    remember: bool,
    user_agent: Option<&str>,
    ip: Option<&str>,
    ttl_remember: Duration,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, DomainError> {
    let key = LoginKey::new(Area::Member, email, ip);
    if let Some(until) = lockout::blocked(db.reader(), &key, now).await? {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    let email = validate::normalize_email(email);
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db.reader())
        .await?;
    let hash = found.as_ref().map(|u| u.password_hash.as_str());
    let verified = hasher.verify_account(hash, password).await?;
    let Some(user) = found.filter(|_| verified) else {
        lockout::record_failure(db, &key, now).await?;
        return Err(DomainError::Refused(Refusal::InvalidCredentials));
    };
    lockout::clear(db.writer(), &key).await?;
    if user.disabled_at.is_some() {
        return Err(DomainError::Refused(Refusal::AccountDisabled));
    }
    if user.email_verified_at.is_none() {
        return Err(DomainError::Refused(Refusal::EmailNotVerified));
    }

    let session_token = tokens::new_raw_token();
    let expires_at = now
        + if remember {
            ttl_remember
        } else {
            SESSION_TTL_DEFAULT
        };
    user_session::Entity::insert(user_session::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(tokens::sha256_hex(&session_token)),
        user_agent: Set(validate::clip(user_agent, USER_AGENT_MAX_CHARS)),
        ip: Set(validate::clip(ip, IP_MAX_CHARS)),
        remember: Set(remember),
        expires_at: Set(expires_at),
        created_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await?;
    Ok(LoginOutcome {
        user_id: user.id,
        session_token,
        expires_at,
        remember,
    })
}

/// The user behind a session cookie; None when the token is unknown or
/// expired or the account is disabled. Refreshes `last_seen_at` at most
/// once a minute, so most requests only read; a session that was not
/// remembered then also moves its expiry to a day from now.
pub async fn session_user(
    db: &Database,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>, DomainError> {
    if !tokens::well_formed(raw_token) {
        return Ok(None);
    }
    let found = user_session::Entity::find()
        .filter(user_session::Column::TokenHash.eq(tokens::sha256_hex(raw_token)))
        .find_also_related(user::Entity)
        .one(db.reader())
        .await?;
    let Some((session, Some(user))) = found else {
        return Ok(None);
    };
    if session.expires_at <= now || user.disabled_at.is_some() {
        return Ok(None);
    }
    if now - session.last_seen_at >= SEEN_RESOLUTION {
        let mut touch = user_session::Entity::update_many()
            .col_expr(user_session::Column::LastSeenAt, Expr::value(now))
            .filter(user_session::Column::Id.eq(session.id));
        if !session.remember {
            let slid = (now + SESSION_TTL_DEFAULT).min(session.created_at + SESSION_MAX_SLIDING);
            touch = touch.col_expr(user_session::Column::ExpiresAt, Expr::value(slid));
        }
        touch.exec(db.writer()).await?;
    }
    Ok(Some(SessionUser {
        user_id: user.id,
        session_id: session.id,
        name: user.name,
        email: user.email,
        user_type: user.user_type,
        email_verified: user.email_verified_at.is_some(),
        phone: user.phone,
        avatar_path: user.avatar_path,
    }))
}

/// Ends the session of this cookie (nothing happens for an unknown token).
pub async fn logout(db: &Database, raw_token: &str) -> Result<(), DomainError> {
    user_session::Entity::delete_many()
        .filter(user_session::Column::TokenHash.eq(tokens::sha256_hex(raw_token)))
        .exec(db.writer())
        .await?;
    Ok(())
}

/// The user's unexpired sessions, newest first.
pub async fn list_sessions(
    db: &Database,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<user_session::Model>, DomainError> {
    Ok(user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .filter(user_session::Column::ExpiresAt.gt(now))
        .order_by_desc(user_session::Column::CreatedAt)
        .order_by_desc(user_session::Column::Id)
        .all(db.reader())
        .await?)
}

/// Ends one of the user's sessions; false if it is not one of theirs.
pub async fn revoke_session(
    db: &Database,
    user_id: i32,
    session_id: i32,
) -> Result<bool, DomainError> {
    let res = user_session::Entity::delete_many()
        .filter(user_session::Column::Id.eq(session_id))
        .filter(user_session::Column::UserId.eq(user_id))
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected > 0)
}

/// Ends every session of the user but `keep_session_id`; how many ended.
pub async fn revoke_other_sessions(
    db: &Database,
    user_id: i32,
    keep_session_id: i32,
) -> Result<u64, DomainError> {
    Ok(revoke_others_in(db.writer(), user_id, Some(keep_session_id)).await?)
}

/// Ends the user's sessions except `keep` (all of them when None).
pub(crate) async fn revoke_others_in(
    conn: &impl ConnectionTrait,
    user_id: i32,
    keep: Option<i32>,
) -> Result<u64, DbErr> {
    let mut delete =
        user_session::Entity::delete_many().filter(user_session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(user_session::Column::Id.ne(keep));
    }
    Ok(delete.exec(conn).await?.rows_affected)
}

/// Deletes expired sessions and expired e-mail tokens; for a periodic job.
/// Returns how many rows went.
pub async fn purge_expired(db: &Database, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let sessions = user_session::Entity::delete_many()
        .filter(user_session::Column::ExpiresAt.lte(now))
        .exec(db.writer())
        .await?;
    let tokens = account_token::Entity::delete_many()
        .filter(account_token::Column::ExpiresAt.lte(now))
        .exec(db.writer())
        .await?;
    Ok(sessions.rows_affected + tokens.rows_affected)
}
