//! Login, the session behind a cookie, logout and the session list.
use super::{tokens, AccountError, LoginOutcome, PasswordHasher, SessionUser};
use crate::{
    entities::{account_token, user, user_session},
    error::DomainError,
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// Wrong passwords in a row before the account is locked.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// Lock after the 5th failure; doubles with each further failure.
const LOCK_BASE: Duration = Duration::minutes(1);
/// Short enough that an attacker cannot keep a real user out for long.
const LOCK_MAX: Duration = Duration::minutes(15);
/// A session that was not remembered lasts a day.
pub const SESSION_TTL_DEFAULT: Duration = Duration::hours(24);
/// `last_seen_at` is written at most this often.
const SEEN_RESOLUTION: Duration = Duration::minutes(1);
const USER_AGENT_MAX_CHARS: usize = 255;
const IP_MAX_CHARS: usize = 64;

/// How long the account is locked after `failures` wrong passwords in a
/// row: none below 5, then 1, 2, 4, 8 minutes, capped at 15.
pub fn lock_duration(failures: i32) -> Option<Duration> {
    let extra = failures.checked_sub(MAX_FAILED_LOGINS)?;
    if extra < 0 {
        return None;
    }
    let factor = 1i32.checked_shl(extra.min(30) as u32).unwrap_or(i32::MAX);
    Some((LOCK_BASE * factor).min(LOCK_MAX))
}

/// Checks the e-mail and password and opens a new session.
///
/// A locked account is refused before the password is checked. A wrong
/// password and an unknown e-mail give the same error after the same work
/// (an unknown e-mail is verified against a dummy hash). Whether the
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
) -> Result<LoginOutcome, AccountError> {
    let email = email.trim().to_lowercase();
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db.reader())
        .await?;
    let Some(user) = found else {
        hasher.verify_dummy(password).await;
        return Err(AccountError::InvalidCredentials);
    };
    if let Some(until) = user.locked_until.filter(|until| *until > now) {
        return Err(AccountError::Locked { until });
    }
    if !hasher.verify(&user.password_hash, password).await {
        record_failure(db, user.id, now).await?;
        return Err(AccountError::InvalidCredentials);
    }
    if user.failed_logins != 0 || user.locked_until.is_some() {
        clear_failures(db.writer(), user.id).await?;
    }
    if user.disabled_at.is_some() {
        return Err(AccountError::Disabled);
    }
    if user.email_verified_at.is_none() {
        return Err(AccountError::EmailNotVerified);
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
        user_agent: Set(clip(user_agent, USER_AGENT_MAX_CHARS)),
        ip: Set(clip(ip, IP_MAX_CHARS)),
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

fn clip(value: Option<&str>, max_chars: usize) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(max_chars).collect())
}

/// Counts a wrong password and locks the account from the 5th in a row.
/// The increment is done by the database, so simultaneous attempts are all
/// counted.
async fn record_failure(db: &Database, user_id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    use sea_orm::sea_query::ExprTrait as _;
    let txn = db.writer().begin().await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLogins,
            Expr::col(user::Column::FailedLogins).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    let failures: Option<i32> = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::FailedLogins)
        .into_tuple()
        .one(&txn)
        .await?;
    if let Some(lock) = failures.and_then(lock_duration) {
        user::Entity::update_many()
            .col_expr(user::Column::LockedUntil, Expr::value(now + lock))
            .filter(user::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

pub(crate) async fn clear_failures(conn: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The user behind a session cookie; None when the token is unknown or
/// expired or the account is disabled. Refreshes `last_seen_at` at most
/// once a minute, so most requests only read.
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
        user_session::Entity::update_many()
            .col_expr(user_session::Column::LastSeenAt, Expr::value(now))
            .filter(user_session::Column::Id.eq(session.id))
            .exec(db.writer())
            .await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_grows_then_caps() {
        assert_eq!(lock_duration(0), None);
        assert_eq!(lock_duration(4), None);
        assert_eq!(lock_duration(5), Some(Duration::minutes(1)));
        assert_eq!(lock_duration(6), Some(Duration::minutes(2)));
        assert_eq!(lock_duration(8), Some(Duration::minutes(8)));
        assert_eq!(lock_duration(9), Some(Duration::minutes(15)));
        assert_eq!(lock_duration(1000), Some(Duration::minutes(15)));
        assert_eq!(lock_duration(i32::MAX), Some(Duration::minutes(15)));
        assert_eq!(lock_duration(i32::MIN), None);
    }
}
