//! The daily check (the seed's `cron/subscription-check`): a warning seven
//! days before a subscription runs out, once per period, and the expiry of
//! those that ran out.
//!
//! The warning's "once" is a conditional update: `warned_for` is set to the
//! `expires_at` warned about only where it was not already, and the e-mail
//! is queued in that update's transaction. Two checks at once (or the same
//! one run twice) both try; one updates the row and queues the e-mail, the
//! other updates nothing and queues nothing. A renewal moves `expires_at`,
//! so the next period is warned about again.
use crate::{
    entities::{
        subscription::{self, SubscriptionStatus},
        user,
    },
    error::DomainResult,
    mail::{self, subscriptions as sub_mail},
    orders::Site,
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

/// The periodic job that runs [`check`].
pub const CHECK_JOB: &str = "subscriptions.check";
/// How long before the expiry the member is warned.
pub const WARN_BEFORE: Duration = Duration::days(7);

/// What one [`check`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    /// Warnings queued.
    pub warned: u64,
    /// Subscriptions marked expired.
    pub expired: u64,
}

/// Warns about active subscriptions running out within [`WARN_BEFORE`] of
/// `now` (not yet warned about this expiry), then marks those past their
/// expiry expired.
pub async fn check(db: &Database, site: &Site, now: DateTime<Utc>) -> DomainResult<Checked> {
    let expiring = subscription::Entity::find()
        .filter(subscription::Column::Status.eq(SubscriptionStatus::Active))
        .filter(subscription::Column::ExpiresAt.gt(now))
        .filter(subscription::Column::ExpiresAt.lte(now + WARN_BEFORE))
        .filter(not_warned_for_expiry())
        .order_by_asc(subscription::Column::Id)
        .all(db.reader())
        .await?;
    let renew = site.link("/dashboard/subscriptions");
    let mut checked = Checked::default();
    for sub in expiring {
        if warn(db, &sub, &renew, now).await? {
            checked.warned += 1;
        }
    }
    checked.expired = subscription::Entity::update_many()
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Expired),
        )
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::Status.eq(SubscriptionStatus::Active))
        .filter(subscription::Column::ExpiresAt.lte(now))
        .exec(db.writer())
        .await?
        .rows_affected;
    Ok(checked)
}

/// `warned_for` is not the current `expires_at` (never warned, or warned
/// about an earlier period).
fn not_warned_for_expiry() -> Condition {
    Condition::any()
        .add(subscription::Column::WarnedFor.is_null())
        .add(
            Expr::col(subscription::Column::WarnedFor)
                .ne(Expr::col(subscription::Column::ExpiresAt)),
        )
}

/// Claims the warning of `sub`'s current expiry and queues it, in one
/// transaction; false when another check claimed it first (or the
/// subscription changed since it was read).
async fn warn(
    db: &Database,
    sub: &subscription::Model,
    renew: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let txn = db.writer().begin().await?;
    let claimed = subscription::Entity::update_many()
        .col_expr(
            subscription::Column::WarnedFor,
            Expr::value(Some(sub.expires_at)),
        )
        .filter(subscription::Column::Id.eq(sub.id))
        .filter(subscription::Column::Status.eq(SubscriptionStatus::Active))
        .filter(subscription::Column::ExpiresAt.eq(sub.expires_at))
        .filter(not_warned_for_expiry())
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let Some(member) = user::Entity::find_by_id(sub.user_id).one(&txn).await? else {
        txn.rollback().await?;
        return Ok(false);
    };
    let email = sub_mail::sub_expiry(&member.email, &member.name, sub, renew);
    mail::outbox::queue_in(&txn, &email, now).await?;
    txn.commit().await?;
    Ok(true)
}
