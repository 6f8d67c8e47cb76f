//! Buying a period of a bundle: the same checkout as products (one open
//! order per member, bundle and method; the price read on the server).
use crate::{
    entities::{
        order::{self, OrderItemKind, PaymentProvider},
        saas_bundle,
    },
    error::{DomainError, DomainResult},
    orders::{
        create::{place, Item},
        Buyer,
    },
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// A pending order of `buyer` for one period of the active bundle `slug`
/// (see `orders::order_product`: the same rules, for a bundle). Renewing
/// is this too.
pub async fn order_bundle(
    db: &Database,
    buyer: &Buyer,
    slug: &str,
    method: PaymentProvider,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let bundle = saas_bundle::Entity::find()
        .filter(saas_bundle::Column::Slug.eq(slug))
        .filter(saas_bundle::Column::Active.eq(true))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let usd_cents = match (method, bundle.price_usd_cents) {
        (PaymentProvider::Paypal, None) => {
            return Err(DomainError::field(
                "method",
                "Paket ini hanya bisa dibayar dalam Rupiah lewat Midtrans.",
            ))
        }
        (PaymentProvider::Paypal, usd) => usd,
        (PaymentProvider::Midtrans, _) => None,
    };
    let item = Item {
        kind: OrderItemKind::Saas,
        slug: bundle.slug,
        name: bundle.name,
        price_idr: bundle.price_idr,
        usd_cents,
    };
    place(db, buyer, &item, method, ttl, now).await
}
