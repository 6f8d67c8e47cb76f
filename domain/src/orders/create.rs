//! Checkout's first step: a pending order for a product, priced on the
//! server (never from the form).
use super::status::EventSource;
use crate::{
    entities::{
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        order_event, product, user,
    },
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveEnum, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// The buyer, as the session knows them.
#[derive(Debug, Clone)]
pub struct Buyer {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

impl From<crate::accounts::SessionUser> for Buyer {
    fn from(u: crate::accounts::SessionUser) -> Self {
        Buyer {
            user_id: u.user_id,
            name: u.name,
            email: u.email,
            phone: u.phone,
        }
    }
}

/// `TRX-{unix milliseconds}-{6 random characters}`: unique per payment
/// attempt, as Midtrans requires (it answers 406 to a reused order id).
pub fn new_order_code(now: DateTime<Utc>) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 6];
    crate::random::fill(&mut raw);
    let tail: String = raw
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("TRX-{}-{tail}", now.timestamp_millis())
}

/// A pending order of `buyer` for the active product `slug`, paid with
/// `method`, expiring after `ttl`. PayPal charges in USD, so it needs the
/// product's USD price (field error "method" without one). A member who
/// already has an unexpired pending order for the same product and method
/// gets that order back (a double click buys once).
pub async fn order_product(
    db: &Database,
    buyer: &Buyer,
    slug: &str,
    method: PaymentProvider,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let product = product::Entity::find()
        .filter(product::Column::Slug.eq(slug))
        .filter(product::Column::Active.eq(true))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let usd = match (method, product.price_usd_cents) {
        (PaymentProvider::Paypal, None) => {
            return Err(DomainError::field(
                "method",
                "Produk ini hanya bisa dibayar dalam Rupiah lewat Midtrans.",
            ))
        }
        (PaymentProvider::Paypal, usd) => usd,
        (PaymentProvider::Midtrans, _) => None,
    };
    let item = Item {
        kind: OrderItemKind::Product,
        slug: product.slug,
        name: product.name,
        price_idr: product.price_idr,
        usd_cents: usd,
    };
    place(db, buyer, &item, method, ttl, now).await
}

/// What an order buys, priced on the server.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub kind: OrderItemKind,
    pub slug: String,
    pub name: String,
    pub price_idr: i64,
    /// The USD price when paid with PayPal (None with Midtrans).
    pub usd_cents: Option<i64>,
}

/// The pending order of `buyer` for `item` (see [`order_product`]): the
/// open one if there is one, else a new one.
pub(crate) async fn place(
    db: &Database,
    buyer: &Buyer,
    item: &Item,
    method: PaymentProvider,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let txn = db.writer().begin().await?;
    let order = place_in(&txn, buyer, item, method, ttl, now).await?;
    txn.commit().await?;
    Ok(order)
}

/// [`place`] inside the caller's transaction (a service order's accepted
/// quote links the order in the same one).
pub(crate) async fn place_in(
    txn: &DatabaseTransaction,
    buyer: &Buyer,
    item: &Item,
    method: PaymentProvider,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let usd = item.usd_cents;
    // One buyer's checkouts queue here, so two simultaneous clicks cannot
    // both find no open order. (SQLite writes through one connection and
    // needs no lock; PostgreSQL locks the buyer's row.)
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        user::Entity::find_by_id(buyer.user_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    let open = order::Entity::find()
        .filter(order::Column::UserId.eq(buyer.user_id))
        .filter(order::Column::ItemKind.eq(item.kind))
        .filter(order::Column::ItemSlug.eq(&item.slug))
        .filter(order::Column::PaymentProvider.eq(method))
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .filter(order::Column::ExpiresAt.gt(now))
        .order_by_desc(order::Column::Id)
        .one(txn)
        .await?;
    if let Some(open) = open {
        return Ok(open);
    }
    let created = order::ActiveModel {
        order_code: Set(new_order_code(now)),
        user_id: Set(buyer.user_id),
        item_kind: Set(item.kind),
        item_slug: Set(item.slug.clone()),
        item_name: Set(item.name.clone()),
        amount_idr: Set(item.price_idr),
        amount_usd_cents: Set(usd),
        payment_provider: Set(method),
        provider_ref: Set(None),
        status: Set(OrderStatus::Pending),
        customer_name: Set(buyer.name.clone()),
        customer_email: Set(buyer.email.clone()),
        customer_phone: Set(buyer.phone.clone()),
        paid_at: Set(None),
        expires_at: Set(Some(now + ttl)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let created = order::Entity::insert(created)
        .exec_with_returning(txn)
        .await?;
    order_event::Entity::insert(order_event::ActiveModel {
        order_id: Set(created.id),
        source: Set(EventSource::Member.as_str().to_owned()),
        outcome: Set("created".to_owned()),
        from_status: Set(String::new()),
        to_status: Set(OrderStatus::Pending.to_value()),
        detail: Set(format!(
            "{} Rp{}{}",
            item.name,
            item.price_idr,
            usd.map(|c| format!(" / USD {}.{:02}", c / 100, c % 100))
                .unwrap_or_default()
        )),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(created)
}

/// The order `id` if it belongs to `user_id` (anyone else: `NotFound`,
/// never a hint that it exists).
pub async fn order_of(db: &Database, user_id: i32, id: i32) -> DomainResult<order::Model> {
    order::Entity::find_by_id(id)
        .filter(order::Column::UserId.eq(user_id))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)
}

/// Any order, for admins (who are checked by the caller).
pub async fn order_by_id(db: &Database, id: i32) -> DomainResult<order::Model> {
    order::Entity::find_by_id(id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)
}

/// The order with code `code` if it belongs to `user_id`.
pub async fn order_by_code_of(
    db: &Database,
    user_id: i32,
    code: &str,
) -> DomainResult<Option<order::Model>> {
    Ok(order::Entity::find()
        .filter(order::Column::OrderCode.eq(code))
        .filter(order::Column::UserId.eq(user_id))
        .one(db.reader())
        .await?)
}

/// The member `user_id` gives up their pending order `id`. Someone else's
/// order is `NotFound`; one no longer pending is `OrderClosed`.
pub async fn cancel(db: &Database, user_id: i32, id: i32, now: DateTime<Utc>) -> DomainResult<()> {
    let order = order_of(db, user_id, id).await?;
    let txn = db.writer().begin().await?;
    let step = super::status::transition(
        &txn,
        order.id,
        OrderStatus::Cancelled,
        EventSource::Member,
        "dibatalkan pembeli",
        now,
    )
    .await?;
    txn.commit().await?;
    match step {
        super::Step::Changed | super::Step::Duplicate => Ok(()),
        super::Step::Ignored => Err(crate::error::Refusal::OrderClosed.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_codes_are_unique_per_attempt() {
        let now = Utc::now();
        let a = new_order_code(now);
        assert!(
            a.starts_with(&format!("TRX-{}-", now.timestamp_millis())),
            "{a}"
        );
        assert_eq!(a.rsplit('-').next().unwrap().len(), 6);
        assert_ne!(a, new_order_code(now));
        assert!(a.len() <= 50, "Midtrans order_id max 50: {a}");
    }
}
