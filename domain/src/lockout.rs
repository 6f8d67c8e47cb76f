//! The one home of guessing limits.
//!
//! - **Passwords** are throttled per account *and* client: from the 5th
//!   wrong password in a row for one address from one client (IPv4 address
//!   or IPv6 /64), that client waits 1, 2, 4, 8 … at most 15 minutes between
//!   tries. Other clients are not affected, so nobody can keep the owner
//!   out, and an address without an account is throttled exactly like one
//!   with (the answers are identical). Rows older than a day are forgotten.
//! - **Second-factor codes** are counted per admin account (whoever sends
//!   them: a code guess needs the password already), with the same growing
//!   lock; only a correct code clears the count.
use crate::{
    entities::{admin, login_throttle},
    forms::validate::normalize_email,
    net::client_label,
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait as _, OnConflict},
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// Failures in a row before waiting starts.
pub const MAX_FAILED_LOGINS: i32 = 5;
const LOCK_BASE: Duration = Duration::minutes(1);
const LOCK_MAX: Duration = Duration::minutes(15);
/// Failures older than this are forgotten.
pub const THROTTLE_MEMORY: Duration = Duration::hours(24);

/// How long to wait after `failures` in a row: none below 5, then 1, 2, 4,
/// 8 minutes, capped at 15.
pub fn lock_duration(failures: i32) -> Option<Duration> {
    let extra = failures.checked_sub(MAX_FAILED_LOGINS)?;
    if extra < 0 {
        return None;
    }
    let factor = 1i32
        .checked_shl(std::cmp::min(extra, 30) as u32)
        .unwrap_or(i32::MAX);
    Some((LOCK_BASE * factor).min(LOCK_MAX))
}

/// The end of a wait still in force at `now`.
pub fn locked(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    until.filter(|u| *u > now)
}

/// Which login a throttle row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Member,
    Admin,
}

impl Area {
    fn as_str(self) -> &'static str {
        match self {
            Area::Member => "member",
            Area::Admin => "admin",
        }
    }
}

/// One account as tried from one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginKey {
    area: Area,
    account: String,
    client: String,
}

impl LoginKey {
    /// `email` as typed (normalised here, clipped to the column);
    /// `ip` the client's address.
    pub fn new(area: Area, email: &str, ip: Option<&str>) -> Self {
        let account: String = normalize_email(email).chars().take(254).collect();
        LoginKey {
            area,
            account,
            client: client_label(ip),
        }
    }

    fn filter<Q: QueryFilter>(&self, q: Q) -> Q {
        q.filter(login_throttle::Column::Scope.eq(self.area.as_str()))
            .filter(login_throttle::Column::Account.eq(&self.account))
            .filter(login_throttle::Column::Client.eq(&self.client))
    }
}

/// Until when this client must wait before trying this account again.
pub async fn blocked(
    conn: &impl ConnectionTrait,
    key: &LoginKey,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let until: Option<Option<DateTime<Utc>>> = key
        .filter(login_throttle::Entity::find())
        .select_only()
        .column(login_throttle::Column::BlockedUntil)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(locked(until.flatten(), now))
}

/// Counts one wrong password (the database adds, so simultaneous tries are
/// all counted) and starts the wait when [`lock_duration`] says so.
pub async fn record_failure(
    db: &Database,
    key: &LoginKey,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.writer().begin().await?;
    key.filter(login_throttle::Entity::delete_many())
        .filter(login_throttle::Column::UpdatedAt.lt(now - THROTTLE_MEMORY))
        .exec(&txn)
        .await?;
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        scope: Set(key.area.as_str().to_owned()),
        account: Set(key.account.clone()),
        client: Set(key.client.clone()),
        failures: Set(1),
        blocked_until: Set(None),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            login_throttle::Column::Scope,
            login_throttle::Column::Account,
            login_throttle::Column::Client,
        ])
        .value(
            login_throttle::Column::Failures,
            Expr::col((login_throttle::Entity, login_throttle::Column::Failures)).add(1),
        )
        .value(login_throttle::Column::UpdatedAt, Expr::value(now))
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let failures: Option<i32> = key
        .filter(login_throttle::Entity::find())
        .select_only()
        .column(login_throttle::Column::Failures)
        .into_tuple()
        .one(&txn)
        .await?;
    if let Some(wait) = failures.and_then(lock_duration) {
        key.filter(login_throttle::Entity::update_many())
            .col_expr(
                login_throttle::Column::BlockedUntil,
                Expr::value(Some(now + wait)),
            )
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// Forgets this client's failures for this account (after a success).
pub async fn clear(conn: &impl ConnectionTrait, key: &LoginKey) -> Result<(), DbErr> {
    key.filter(login_throttle::Entity::delete_many())
        .exec(conn)
        .await?;
    Ok(())
}

/// Lifts every wait on an account, from every client (`tiranyx admin
/// unlock`); for admins it also clears the second-factor lock. How many
/// throttle rows went.
pub async fn unlock_account(
    conn: &impl ConnectionTrait,
    area: Area,
    email: &str,
) -> Result<u64, DbErr> {
    let account = normalize_email(email);
    let res = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Scope.eq(area.as_str()))
        .filter(login_throttle::Column::Account.eq(&account))
        .exec(conn)
        .await?;
    if area == Area::Admin {
        admin::Entity::update_many()
            .col_expr(admin::Column::FailedLogins, Expr::value(0))
            .col_expr(
                admin::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(admin::Column::Email.eq(&account))
            .exec(conn)
            .await?;
    }
    Ok(res.rows_affected)
}

/// Deletes throttle rows nobody has touched for a day (upkeep).
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::UpdatedAt.lt(now - THROTTLE_MEMORY))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Counts one wrong second-factor code for the admin and locks the code
/// step when [`lock_duration`] says so.
pub async fn record_code_failure(
    db: &Database,
    admin_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.writer().begin().await?;
    admin::Entity::update_many()
        .col_expr(
            admin::Column::FailedLogins,
            Expr::col(admin::Column::FailedLogins).add(1),
        )
        .filter(admin::Column::Id.eq(admin_id))
        .exec(&txn)
        .await?;
    let failures: Option<i32> = admin::Entity::find()
        .select_only()
        .column(admin::Column::FailedLogins)
        .filter(admin::Column::Id.eq(admin_id))
        .into_tuple()
        .one(&txn)
        .await?;
    if let Some(lock) = failures.and_then(lock_duration) {
        admin::Entity::update_many()
            .col_expr(admin::Column::LockedUntil, Expr::value(Some(now + lock)))
            .filter(admin::Column::Id.eq(admin_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// Clears the admin's code count and lock (after a correct code).
pub async fn clear_codes(conn: &impl ConnectionTrait, admin_id: i32) -> Result<(), DbErr> {
    admin::Entity::update_many()
        .col_expr(admin::Column::FailedLogins, Expr::value(0))
        .col_expr(
            admin::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(admin::Column::Id.eq(admin_id))
        .filter(
            sea_orm::Condition::any()
                .add(admin::Column::FailedLogins.ne(0))
                .add(admin::Column::LockedUntil.is_not_null()),
        )
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_grows_then_caps() {
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

    #[test]
    fn keys_normalise_the_address_and_the_client() {
        let a = LoginKey::new(Area::Member, " Dewi@Contoh.ID ", Some("2001:db8::1"));
        let b = LoginKey::new(Area::Member, "dewi@contoh.id", Some("2001:db8::ffff"));
        assert_eq!(a, b);
        assert_ne!(
            a,
            LoginKey::new(Area::Admin, "dewi@contoh.id", Some("2001:db8::1"))
        );
    }
}
