//! Licences of licence-key products (issue 13, "Commerce II").
//!
//! Delivery ([`crate::orders::deliver`]) issues one licence per purchase in
//! its own transaction ([`issue_in`]) and queues the `license-key` e-mail,
//! the one place the whole key is ever written: the database keeps its
//! SHA-256 and last five characters ([`key`]). Outside software then
//! activates, validates and deactivates it through the JSON API
//! ([`activation`], Lemon Squeezy's shape); the member sees their licences
//! and frees activations in the dashboard ([`member`]). A refund or
//! chargeback disables the order's licence ([`disable_for_order`]).
pub mod activation;
pub mod key;
pub mod member;

pub use activation::{activate, deactivate, validate, Licensed, Validation};
pub use key::{masked, LicenseKey};
pub use member::{licenses_of, release, MemberLicense};

use crate::{
    entities::{
        license::{self, LicenseStatus},
        product, user_purchase,
    },
    error::DomainResult,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};

/// Activations a licence allows when its product is gone or says nothing
/// sensible.
pub const DEFAULT_ACTIVATION_LIMIT: i32 = 1;

/// What the licence is at `now`: stored statuses, except that a licence
/// past its `expires_at` is expired (unless disabled, which says more).
pub fn status_at(l: &license::Model, now: DateTime<Utc>) -> LicenseStatus {
    match l.status {
        LicenseStatus::Disabled => LicenseStatus::Disabled,
        _ if l.expires_at.is_some_and(|t| t <= now) => LicenseStatus::Expired,
        s => s,
    }
}

/// Issues the licence of `purchase` through the caller's transaction: its
/// new key and activation limit, or None when the purchase already has one
/// (delivery ran before). The limit is the product's as it is now.
pub(crate) async fn issue_in(
    conn: &impl ConnectionTrait,
    purchase: &user_purchase::Model,
    now: DateTime<Utc>,
) -> DomainResult<Option<(LicenseKey, i32)>> {
    let limit: Option<i32> = product::Entity::find()
        .select_only()
        .column(product::Column::LicenseActivationLimit)
        .filter(product::Column::Slug.eq(&purchase.product_slug))
        .into_tuple()
        .one(conn)
        .await?;
    let limit = limit
        .filter(|l| *l >= 1)
        .unwrap_or(DEFAULT_ACTIVATION_LIMIT);
    let expires_at = expiry_for(conn, purchase).await?;
    let key = LicenseKey::generate();
    let inserted = license::Entity::insert(license::ActiveModel {
        purchase_id: Set(purchase.id),
        user_id: Set(purchase.user_id),
        product_slug: Set(purchase.product_slug.clone()),
        key_hash: Set(key.hash()),
        key_suffix: Set(key.suffix().to_owned()),
        status: Set(LicenseStatus::Inactive),
        activation_limit: Set(limit),
        activation_usage: Set(0),
        expires_at: Set(expires_at),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([license::Column::PurchaseId])
    .exec_without_returning(conn)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(1)).then_some((key, limit)))
}

/// Sets the expiry of `user_id`'s licences of `product_slug` (a product
/// sold per period: its subscription moved), through the caller's
/// transaction. Disabled licences stay as they are.
pub(crate) async fn expire_with(
    conn: &impl ConnectionTrait,
    user_id: i32,
    product_slug: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    let done = license::Entity::update_many()
        .col_expr(license::Column::ExpiresAt, Expr::value(Some(expires_at)))
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::UserId.eq(user_id))
        .filter(license::Column::ProductSlug.eq(product_slug))
        .filter(license::Column::Status.ne(LicenseStatus::Disabled))
        .exec(conn)
        .await?;
    Ok(done.rows_affected)
}

/// The expiry a new licence of `purchase` gets: its product subscription's,
/// for a product sold per period; none for one bought once.
async fn expiry_for(
    conn: &impl ConnectionTrait,
    purchase: &user_purchase::Model,
) -> DomainResult<Option<DateTime<Utc>>> {
    use crate::entities::{order::OrderItemKind, subscription};
    Ok(subscription::Entity::find()
        .select_only()
        .column(subscription::Column::ExpiresAt)
        .filter(subscription::Column::UserId.eq(purchase.user_id))
        .filter(subscription::Column::ItemKind.eq(OrderItemKind::Product))
        .filter(subscription::Column::BundleSlug.eq(&purchase.product_slug))
        .into_tuple()
        .one(conn)
        .await?)
}

/// Disables the licence of order `order_id` (refund, chargeback, denial),
/// through the caller's transaction. Its activations stay listed but
/// validate as invalid and no new one is allowed. Returns how many
/// licences were disabled (0 when the order has none).
pub async fn disable_for_order(
    conn: &impl ConnectionTrait,
    order_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    let purchase: Option<i32> = user_purchase::Entity::find()
        .select_only()
        .column(user_purchase::Column::Id)
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .into_tuple()
        .one(conn)
        .await?;
    let Some(purchase_id) = purchase else {
        return Ok(0);
    };
    let done = license::Entity::update_many()
        .col_expr(
            license::Column::Status,
            Expr::value(LicenseStatus::Disabled),
        )
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::PurchaseId.eq(purchase_id))
        .filter(license::Column::Status.ne(LicenseStatus::Disabled))
        .exec(conn)
        .await?;
    Ok(done.rows_affected)
}
