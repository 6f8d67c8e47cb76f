//! The one lockout core, for members and admins alike: wrong passwords (and
//! wrong second-factor codes) are counted per account by the database, and
//! from the 5th in a row the account is locked for 1, 2, 4, 8 … at most 15
//! minutes. Both account tables have `failed_logins` and `locked_until`.
use crate::{
    entities::{admin, user},
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait as _},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// Wrong passwords in a row before the account is locked.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// Lock after the 5th failure; doubles with each further failure.
const LOCK_BASE: Duration = Duration::minutes(1);
/// Short enough that an attacker cannot keep a real user out for long.
const LOCK_MAX: Duration = Duration::minutes(15);

/// An account table with a failure counter and a lock.
pub trait Lockable: EntityTrait {
    const ID: Self::Column;
    const FAILED: Self::Column;
    const LOCKED_UNTIL: Self::Column;
}

impl Lockable for user::Entity {
    const ID: user::Column = user::Column::Id;
    const FAILED: user::Column = user::Column::FailedLogins;
    const LOCKED_UNTIL: user::Column = user::Column::LockedUntil;
}

impl Lockable for admin::Entity {
    const ID: admin::Column = admin::Column::Id;
    const FAILED: admin::Column = admin::Column::FailedLogins;
    const LOCKED_UNTIL: admin::Column = admin::Column::LockedUntil;
}

/// How long the account is locked after `failures` wrong passwords in a
/// row: none below 5, then 1, 2, 4, 8 minutes, capped at 15.
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

/// The end of a lock still in force at `now`.
pub fn locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    locked_until.filter(|until| *until > now)
}

/// Counts one failure and locks the account when [`lock_duration`] says so.
/// The increment is done by the database, so simultaneous attempts are all
/// counted.
pub async fn record_failure<E: Lockable>(
    db: &Database,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.writer().begin().await?;
    E::update_many()
        .col_expr(E::FAILED, Expr::col(E::FAILED).add(1))
        .filter(E::ID.eq(id))
        .exec(&txn)
        .await?;
    let failures: Option<i32> = E::find()
        .select_only()
        .column(E::FAILED)
        .filter(E::ID.eq(id))
        .into_tuple()
        .one(&txn)
        .await?;
    if let Some(lock) = failures.and_then(lock_duration) {
        E::update_many()
            .col_expr(E::LOCKED_UNTIL, Expr::value(Some(now + lock)))
            .filter(E::ID.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// Clears the counter and the lock (after a success). Writes only when
/// there is something to clear.
pub async fn clear<E: Lockable>(conn: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    E::update_many()
        .col_expr(E::FAILED, Expr::value(0))
        .col_expr(E::LOCKED_UNTIL, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(E::ID.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(E::FAILED.ne(0))
                .add(E::LOCKED_UNTIL.is_not_null()),
        )
        .exec(conn)
        .await?;
    Ok(())
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
