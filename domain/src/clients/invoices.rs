//! Paying an Ixonomic invoice through the site: an order of kind
//! `invoice` in the products' checkout (Midtrans, IDR), priced from the
//! invoice as Ixonomic gives it now — never from the form. Its payment
//! (`orders::payment`) fulfils the order at once; the portal shows the
//! invoice paid from that order until Ixonomic itself says so.
use super::ixonomic::contract::{Invoice, InvoiceStatus};
use super::ClientAccount;
use crate::{
    audit::{self, Actor},
    entities::order::{self, OrderItemKind, OrderStatus, PaymentProvider},
    error::{DomainError, DomainResult, Refusal},
    orders::{
        create::{place_in, Item},
        Buyer,
    },
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::collections::HashMap;

/// The most one invoice may ask through the site (Midtrans' own limits
/// are per channel; this only stops an absurd amount from a bad answer).
const MAX_AMOUNT_IDR: i64 = 10_000_000_000;

/// The order item's slug of Ixonomic invoice `id`.
pub fn checkout_slug(invoice_id: &str) -> String {
    format!("ixonomic-invoice-{invoice_id}")
}

/// The client's pending order for `invoice` (the open one after a second
/// click, else a new one), refused when the invoice is another client's,
/// is not open (paid or void in Ixonomic, or already paid here), or is not
/// a sane IDR amount. The caller passes the invoice as Ixonomic gave it
/// just now; a stale copy is refused before this (`IxonomicUnavailable`).
pub async fn pay(
    db: &Database,
    client: &ClientAccount,
    buyer: &Buyer,
    invoice: &Invoice,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    if invoice.client_id != client.ixonomic_id || buyer.user_id != client.user_id {
        return Err(DomainError::NotFound);
    }
    let open = matches!(
        invoice.status,
        InvoiceStatus::Unpaid | InvoiceStatus::Overdue
    );
    let sane = invoice.currency == "IDR" && invoice.amount > 0 && invoice.amount <= MAX_AMOUNT_IDR;
    if !open || !sane {
        return Err(DomainError::Refused(Refusal::InvoiceNotPayable));
    }
    let slug = checkout_slug(&invoice.id);
    let txn = db.writer().begin().await?;
    let paid = order::Entity::find()
        .filter(order::Column::UserId.eq(client.user_id))
        .filter(order::Column::ItemKind.eq(OrderItemKind::Invoice))
        .filter(order::Column::ItemSlug.eq(&slug))
        .filter(order::Column::Status.is_in([OrderStatus::Paid, OrderStatus::Fulfilled]))
        .one(&txn)
        .await?;
    if paid.is_some() {
        return Err(DomainError::Refused(Refusal::InvoiceNotPayable));
    }
    let item = Item {
        kind: OrderItemKind::Invoice,
        slug,
        name: format!("Tagihan {}", invoice.number),
        price_idr: invoice.amount,
        usd_cents: None,
    };
    let order = place_in(&txn, buyer, &item, PaymentProvider::Midtrans, ttl, now).await?;
    if order.created_at == now {
        let actor = Actor {
            admin_id: None,
            label: format!("klien {}", client.email),
            ip: None,
        };
        let summary = format!(
            "tagihan {} ({}) dibayar lewat pesanan {}",
            invoice.number,
            money::rupiah(invoice.amount),
            order.order_code
        );
        audit::record(
            &txn,
            &actor,
            "client.invoice_checkout",
            "order",
            Some(order.id),
            &summary,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(order)
}

/// The invoices client `user_id` has paid through the site (invoice id →
/// when), refunded ones excluded.
pub async fn paid_here(
    db: &Database,
    user_id: i32,
) -> DomainResult<HashMap<String, DateTime<Utc>>> {
    let prefix = checkout_slug("");
    Ok(order::Entity::find()
        .filter(order::Column::UserId.eq(user_id))
        .filter(order::Column::ItemKind.eq(OrderItemKind::Invoice))
        .filter(order::Column::Status.is_in([OrderStatus::Paid, OrderStatus::Fulfilled]))
        .all(db.reader())
        .await?
        .into_iter()
        .filter_map(|o| {
            let id = o.item_slug.strip_prefix(&prefix)?.to_owned();
            Some((id, o.paid_at.unwrap_or(o.updated_at)))
        })
        .collect())
}

/// The client's open order for invoice `id`, if any (to show "menunggu
/// pembayaran" and let them continue it).
pub async fn pending_order(
    db: &Database,
    user_id: i32,
    invoice_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<Option<order::Model>> {
    Ok(order::Entity::find()
        .filter(order::Column::UserId.eq(user_id))
        .filter(order::Column::ItemKind.eq(OrderItemKind::Invoice))
        .filter(order::Column::ItemSlug.eq(checkout_slug(invoice_id)))
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .filter(order::Column::ExpiresAt.gt(now))
        .one(db.reader())
        .await?)
}

/// [`pay`] for invoice `invoice_id` as Ixonomic gives it now: refused
/// while Ixonomic cannot be reached (a stale copy may be paid already or
/// changed), and not found when it is not the client's.
pub async fn pay_now(
    db: &Database,
    ix: &super::ixonomic::Ixonomic,
    client: &ClientAccount,
    buyer: &Buyer,
    invoice_id: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let fresh = super::portal::invoice(db, ix, client, invoice_id, now).await?;
    if !fresh.live {
        return Err(DomainError::Refused(Refusal::IxonomicUnavailable));
    }
    pay(db, client, buyer, &fresh.data, ttl, now).await
}
