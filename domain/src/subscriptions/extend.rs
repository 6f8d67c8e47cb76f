//! Lengthening a subscription: by a paid order's period (in the payment's
//! transaction) or by an admin's days. Every extension is a row of
//! `subscription_periods`; a paid order's row has its unique `order_id`,
//! so a payment reported twice extends once.
use crate::{
    entities::{
        order::{self, OrderItemKind},
        product, saas_bundle,
        subscription::{self, BillingPeriod, SubscriptionStatus},
        subscription_period,
        user_purchase::{self, DeliveryStatus},
    },
    error::{DomainError, DomainResult},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, TryInsertResult,
};

/// Who lengthens a subscription.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source<'a> {
    /// A paid order; it extends once.
    Order(i32),
    /// An admin, with their reason.
    Admin(&'a str),
}

/// Where a new period starts: at the expiry of a running subscription, so
/// paying early loses nothing; from now for one that ran out or was
/// cancelled.
pub fn period_start(sub: &subscription::Model, now: DateTime<Utc>) -> DateTime<Utc> {
    match sub.status {
        SubscriptionStatus::Active => sub.expires_at.max(now),
        SubscriptionStatus::Expired | SubscriptionStatus::Cancelled => now,
    }
}

/// The subscription `id`, locked for this transaction on PostgreSQL (SQLite
/// has one writer at a time), so two extensions add up.
pub(crate) async fn lock(txn: &DatabaseTransaction, id: i32) -> DomainResult<subscription::Model> {
    let mut find = subscription::Entity::find_by_id(id);
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        find = find.lock_exclusive();
    }
    find.one(txn).await?.ok_or(DomainError::NotFound)
}

/// Moves `sub`'s expiry to `to` and makes it active, writing the period
/// row. False (and nothing changed) when `source` is an order that
/// extended it before.
pub(crate) async fn lengthen(
    txn: &DatabaseTransaction,
    sub: &subscription::Model,
    to: DateTime<Utc>,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let (order_id, source_name, note) = match source {
        Source::Order(id) => (Some(id), "order", ""),
        Source::Admin(reason) => (None, "admin", reason),
    };
    let inserted = subscription_period::Entity::insert(subscription_period::ActiveModel {
        subscription_id: Set(sub.id),
        order_id: Set(order_id),
        source: Set(source_name.to_owned()),
        from_expires_at: Set(sub.expires_at),
        to_expires_at: Set(to),
        note: Set(note.to_owned()),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([subscription_period::Column::OrderId])
    .exec_without_returning(txn)
    .await?;
    if !matches!(inserted, TryInsertResult::Inserted(1)) {
        return Ok(false);
    }
    let restarts = sub.status != SubscriptionStatus::Active;
    let mut update = subscription::Entity::update_many()
        .col_expr(subscription::Column::ExpiresAt, Expr::value(to))
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Active),
        )
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::Id.eq(sub.id));
    if restarts {
        update = update.col_expr(subscription::Column::StartsAt, Expr::value(now));
    }
    if let Some(order_id) = order_id {
        update = update.col_expr(subscription::Column::OrderId, Expr::value(Some(order_id)));
    }
    update.exec(txn).await?;
    licences_follow(txn, sub, to, now).await?;
    Ok(true)
}

/// Takes off the period order `order_id` bought, when its money goes back
/// (refund, chargeback, a reversed settlement), in the transaction that
/// moves the order: the expiry moves back by what the order added, and a
/// subscription whose expiry is then past is expired at once. Once per
/// order (`revoked_at`); false when the order bought no period or it was
/// taken off before.
pub async fn take_back(
    txn: &DatabaseTransaction,
    order_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let Some(period) = subscription_period::Entity::find()
        .filter(subscription_period::Column::OrderId.eq(order_id))
        .one(txn)
        .await?
    else {
        return Ok(false);
    };
    let revoked = subscription_period::Entity::update_many()
        .col_expr(
            subscription_period::Column::RevokedAt,
            Expr::value(Some(now)),
        )
        .filter(subscription_period::Column::Id.eq(period.id))
        .filter(subscription_period::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    if revoked == 0 {
        return Ok(false);
    }
    let sub = lock(txn, period.subscription_id).await?;
    let added = period.to_expires_at - period.from_expires_at;
    let expires = sub.expires_at - added;
    let mut update = subscription::Entity::update_many()
        .col_expr(subscription::Column::ExpiresAt, Expr::value(expires))
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::Id.eq(sub.id));
    if sub.status == SubscriptionStatus::Active && expires <= now {
        update = update.col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Expired),
        );
    }
    update.exec(txn).await?;
    licences_follow(txn, &sub, expires, now).await?;
    Ok(true)
}

/// What a paid product order is to subscriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductPaid {
    /// The product is bought once: no subscription.
    Once,
    /// A product sold per period, bought for the first time (or again
    /// after its purchase was revoked): delivered as usual, its licence
    /// expiring with the subscription.
    FirstPeriod,
    /// Another period of a product the member holds: the subscription and
    /// the licence it already has are extended; nothing new is delivered.
    Renewal,
}

/// The effect of a paid product order on subscriptions, in the payment's
/// transaction (see [`on_paid`]).
pub async fn product_paid(
    txn: &DatabaseTransaction,
    order: &order::Model,
    now: DateTime<Utc>,
) -> DomainResult<ProductPaid> {
    if period_of(txn, order).await?.is_none() {
        return Ok(ProductPaid::Once);
    }
    let held = user_purchase::Entity::find()
        .filter(user_purchase::Column::UserId.eq(order.user_id))
        .filter(user_purchase::Column::ProductSlug.eq(&order.item_slug))
        .filter(user_purchase::Column::OrderId.ne(order.id))
        .filter(user_purchase::Column::DeliveryStatus.ne(DeliveryStatus::Revoked))
        .count(txn)
        .await?;
    on_paid(txn, order, now).await?;
    Ok(if held > 0 {
        ProductPaid::Renewal
    } else {
        ProductPaid::FirstPeriod
    })
}

/// How long one paid order of the order's item lasts, as the item is now:
/// a bundle since deleted is still a month; a product bought once (or
/// deleted) has none.
async fn period_of(
    txn: &DatabaseTransaction,
    order: &order::Model,
) -> DomainResult<Option<BillingPeriod>> {
    Ok(match order.item_kind {
        OrderItemKind::Product => product::Entity::find()
            .filter(product::Column::Slug.eq(&order.item_slug))
            .one(txn)
            .await?
            .and_then(|p| p.period),
        OrderItemKind::Saas => Some(
            saas_bundle::Entity::find()
                .filter(saas_bundle::Column::Slug.eq(&order.item_slug))
                .one(txn)
                .await?
                .map_or(BillingPeriod::Monthly, |b| b.period),
        ),
        OrderItemKind::Service | OrderItemKind::Invoice => None,
    })
}

/// The effect of a paid bundle order (or of a product sold per period), in
/// the transaction that recorded the payment: the member's subscription to
/// the item is created, or extended by its period from the later of now
/// and its expiry. Returns false when this order had extended it already,
/// or the item is not sold per period.
pub async fn on_paid(
    txn: &DatabaseTransaction,
    order: &order::Model,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let Some(period) = period_of(txn, order).await? else {
        return Ok(false);
    };
    // A first order makes the row (expiring now, so the period below
    // starts now); a later one finds it. The unique (user, kind, item)
    // keeps two first payments to one row.
    subscription::Entity::insert(subscription::ActiveModel {
        user_id: Set(order.user_id),
        order_id: Set(Some(order.id)),
        item_kind: Set(order.item_kind),
        bundle_slug: Set(order.item_slug.clone()),
        bundle_name: Set(order.item_name.clone()),
        status: Set(SubscriptionStatus::Active),
        starts_at: Set(now),
        expires_at: Set(now),
        period: Set(period),
        warned_for: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        subscription::Column::UserId,
        subscription::Column::ItemKind,
        subscription::Column::BundleSlug,
    ])
    .exec_without_returning(txn)
    .await?;
    let id = subscription::Entity::find()
        .select_only()
        .column(subscription::Column::Id)
        .filter(subscription::Column::UserId.eq(order.user_id))
        .filter(subscription::Column::ItemKind.eq(order.item_kind))
        .filter(subscription::Column::BundleSlug.eq(&order.item_slug))
        .into_tuple::<i32>()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let sub = lock(txn, id).await?;
    let to = period.after(period_start(&sub, now));
    let extended = lengthen(txn, &sub, to, Source::Order(order.id), now).await?;
    if extended && sub.period != period {
        subscription::Entity::update_many()
            .col_expr(subscription::Column::Period, Expr::value(period))
            .filter(subscription::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    Ok(extended)
}

/// A product subscription's licences expire with it (they read as expired
/// past `expires_at`; `crate::licenses::status_at`). Called wherever a
/// subscription's expiry moves.
pub(crate) async fn licences_follow(
    txn: &DatabaseTransaction,
    sub: &subscription::Model,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    if sub.item_kind == OrderItemKind::Product {
        crate::licenses::expire_with(txn, sub.user_id, &sub.bundle_slug, expires_at, now).await?;
    }
    Ok(())
}
