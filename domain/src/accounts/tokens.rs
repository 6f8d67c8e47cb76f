//! Random tokens for session cookies and e-mail links, stored as SHA-256.
//!
//! A raw token is 32 bytes from the operating system's generator, written
//! as 64 lowercase hex characters. The database keeps only its SHA-256:
//! unlike passwords, the tokens have 256 bits of entropy, so a fast hash is
//! enough to make a leaked table useless.
use crate::{
    entities::account_token::{self, TokenPurpose},
    error::DomainError,
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, TransactionTrait,
};
use sha2::{Digest, Sha256};

pub const RAW_TOKEN_BYTES: usize = 32;

/// Lowercase hex SHA-256 of `raw`.
pub fn sha256_hex(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

/// 32 random bytes as 64 hex characters.
pub(crate) fn new_raw_token() -> String {
    let mut bytes = [0u8; RAW_TOKEN_BYTES];
    crate::random::fill(&mut bytes);
    hex::encode(bytes)
}

/// Whether `raw` can be a token at all; anything else is refused without a
/// query.
pub(crate) fn well_formed(raw: &str) -> bool {
    raw.len() == RAW_TOKEN_BYTES * 2 && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

impl TokenPurpose {
    /// How long a link stays valid: a day to verify an address, an hour to
    /// reset a password.
    pub fn ttl(self) -> Duration {
        match self {
            TokenPurpose::VerifyEmail => Duration::hours(24),
            TokenPurpose::ResetPassword => Duration::hours(1),
        }
    }
}

/// Creates a token for `user_id` and returns the raw value for the e-mail
/// link. Older unused tokens of the same user and purpose stop working, so
/// only the latest e-mail's link is valid.
pub async fn issue_token(
    db: &Database,
    user_id: i32,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    let txn = db.writer().begin().await?;
    let raw = issue_in(&txn, user_id, purpose, now).await?;
    txn.commit().await?;
    Ok(raw)
}

/// [`issue_token`] inside the caller's transaction.
pub(crate) async fn issue_in(
    conn: &impl ConnectionTrait,
    user_id: i32,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    invalidate_unused(conn, user_id, purpose, now).await?;
    let raw = new_raw_token();
    account_token::Entity::insert(account_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(sha256_hex(&raw)),
        expires_at: Set(now + purpose.ttl()),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(raw)
}

/// Marks every unused token of the user and purpose as used.
pub(crate) async fn invalidate_unused(
    conn: &impl ConnectionTrait,
    user_id: i32,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::Purpose.eq(purpose))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// The unused, unexpired token of `purpose` whose raw value is `raw`.
pub(crate) async fn find_valid(
    conn: &impl ConnectionTrait,
    raw: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Option<account_token::Model>, DbErr> {
    if !well_formed(raw) {
        return Ok(None);
    }
    let token = account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(sha256_hex(raw)))
        .filter(account_token::Column::Purpose.eq(purpose))
        .one(conn)
        .await?;
    Ok(token.filter(|t| t.used_at.is_none() && t.expires_at > now))
}

/// Marks the token used if nobody did first; false when another request
/// consumed it in the meantime. This conditional update is what makes a
/// token single-use under concurrency.
pub(crate) async fn claim(
    conn: &impl ConnectionTrait,
    token_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::Id.eq(token_id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Equality that takes as long whatever the first difference (codes,
/// signatures): a comparison must not tell an attacker how much matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn raw_tokens_are_random_hex() {
        let (a, b) = (new_raw_token(), new_raw_token());
        assert_ne!(a, b);
        assert!(well_formed(&a) && well_formed(&b));
        assert!(!well_formed("abc"));
        assert!(!well_formed(&"g".repeat(64)));
    }
}
