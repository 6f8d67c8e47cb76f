//! What a payment provider reported about an order, applied once.
//!
//! The provider's word is checked before it gets here (signature, and the
//! status confirmed with the provider's API). [`record_payment`] then, in
//! one transaction: keeps the report in `order_events`, moves the order if
//! the rules allow, and when the move is to `paid`, writes the move's
//! effects: the invoice number, the purchase, the delivery job and the
//! e-mails. Because the move is a conditional update, of any number of
//! copies of the same report exactly one moves the order and writes them.
use super::{
    invoice_number::next_invoice_number,
    status::{record, transition, transition_with, Event, EventSource, Step},
};
use crate::{
    entities::{
        admin,
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        product, user_purchase,
        user_purchase::DeliveryStatus,
        DeliveryType,
    },
    error::{DomainError, DomainResult},
    jobs::{self, NewJob},
    mail::{self, orders as order_mail},
    subscriptions::ProductPaid,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    SqlErr, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use url::Url;

/// The job that delivers a paid order (`super::delivery`).
pub const DELIVER_JOB: &str = "orders.deliver";

#[derive(Debug, Serialize, Deserialize)]
pub struct DeliverPayload {
    pub order_id: i32,
}

/// The amount a provider says was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidAmount {
    Idr(i64),
    UsdCents(i64),
    /// The provider's text was not an amount this site can read.
    Unreadable,
}

/// One verified report of a provider about one order.
#[derive(Debug, Clone)]
pub struct PaymentReport<'a> {
    pub source: EventSource,
    /// Where the report moves the order; None for a report that moves
    /// nothing (still pending, under review).
    pub target: Option<OrderStatus>,
    pub amount: PaidAmount,
    /// The provider's id of the payment (Midtrans transaction, PayPal
    /// capture), kept on the order when it is paid.
    pub provider_ref: Option<&'a str>,
    /// The provider's id of this event, when it has one (PayPal).
    pub external_id: Option<&'a str>,
    /// The report as received.
    pub raw: &'a str,
}

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The order moved to this status (and, for `paid`, its effects were
    /// written).
    Moved(OrderStatus),
    /// The order was already there.
    Duplicate,
    /// Late or out of order: nothing changed.
    Ignored,
    /// A report that moves nothing (pending), kept.
    Waiting,
    /// This event id was handled before: nothing kept, nothing changed.
    Replayed,
    /// The amount is not the order's: kept, the order does not move.
    AmountMismatch,
}

impl Recorded {
    /// The word a webhook's answer carries (`"outcome"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Moved(_) => "moved",
            Recorded::Duplicate => "duplicate",
            Recorded::Ignored => "ignored",
            Recorded::Waiting => "waiting",
            Recorded::Replayed => "replayed",
            Recorded::AmountMismatch => "amount_mismatch",
        }
    }
}

/// Who the effects' e-mails point to.
#[derive(Debug, Clone)]
pub struct Site {
    pub url: Url,
}

impl Site {
    pub fn link(&self, path: &str) -> String {
        let mut u = self.url.clone();
        u.set_path(path);
        u.to_string()
    }
}

/// Applies `report` to the order with code `order_code` (see the module).
/// An unknown order is `NotFound`.
pub async fn record_payment(
    db: &Database,
    site: &Site,
    order_code: &str,
    report: &PaymentReport<'_>,
    now: DateTime<Utc>,
) -> DomainResult<Recorded> {
    let txn = db.writer().begin().await?;
    let order = order::Entity::find()
        .filter(order::Column::OrderCode.eq(order_code))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let event = Event {
        source: report.source,
        detail: report.raw,
        external_id: report.external_id,
    };
    let result = apply(&txn, site, &order, report, &event, now).await;
    match result {
        Ok(recorded) => {
            txn.commit().await?;
            Ok(recorded)
        }
        // The event id is already kept: this is a replay.
        Err(DomainError::Db(e))
            if report.external_id.is_some()
                && matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
        {
            txn.rollback().await?;
            Ok(Recorded::Replayed)
        }
        Err(e) => Err(e),
    }
}

async fn apply(
    txn: &DatabaseTransaction,
    site: &Site,
    order: &order::Model,
    report: &PaymentReport<'_>,
    event: &Event<'_>,
    now: DateTime<Utc>,
) -> DomainResult<Recorded> {
    let Some(target) = report.target else {
        record(
            txn,
            order.id,
            event,
            "waiting",
            order.status,
            order.status,
            now,
        )
        .await?;
        return Ok(Recorded::Waiting);
    };
    if target == OrderStatus::Paid && !amount_matches(order, report.amount) {
        tracing::warn!(order = %order.order_code, "payment amount differs from the order's");
        record(
            txn,
            order.id,
            event,
            "amount_mismatch",
            order.status,
            target,
            now,
        )
        .await?;
        return Ok(Recorded::AmountMismatch);
    }
    match transition_with(txn, order.id, target, event, now).await? {
        Step::Changed => {
            if target == OrderStatus::Paid {
                on_paid(txn, site, order, report.provider_ref, now).await?;
            }
            Ok(Recorded::Moved(target))
        }
        Step::Duplicate => Ok(Recorded::Duplicate),
        Step::Ignored => Ok(Recorded::Ignored),
    }
}

fn amount_matches(order: &order::Model, paid: PaidAmount) -> bool {
    match paid {
        PaidAmount::Idr(idr) => idr == order.amount_idr,
        PaidAmount::UsdCents(cents) => order.amount_usd_cents == Some(cents),
        PaidAmount::Unreadable => false,
    }
}

/// The effects of a payment, in the transaction that recorded it.
async fn on_paid(
    txn: &DatabaseTransaction,
    site: &Site,
    order: &order::Model,
    provider_ref: Option<&str>,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let invoice = next_invoice_number(txn, now).await?;
    order::Entity::update_many()
        .col_expr(
            order::Column::InvoiceNumber,
            Expr::value(Some(invoice.clone())),
        )
        .col_expr(
            order::Column::ProviderRef,
            Expr::value(provider_ref.map(str::to_owned)),
        )
        .filter(order::Column::Id.eq(order.id))
        .exec(txn)
        .await?;
    let mut by_hand = false;
    // A bundle's whole delivery is its lengthened subscription, and so is a
    // product renewal's (the licence the member holds follows it): those
    // orders are fulfilled at once, as is a paid client invoice.
    let subscription_only = match order.item_kind {
        OrderItemKind::Saas => {
            crate::subscriptions::on_paid(txn, order, now).await?;
            true
        }
        OrderItemKind::Product => {
            crate::subscriptions::product_paid(txn, order, now).await? == ProductPaid::Renewal
        }
        OrderItemKind::Service => {
            crate::service_orders::on_paid(txn, site, order, now).await?;
            false
        }
        // A client's Ixonomic invoice: the paid order is the whole effect
        // (the portal reads it to show the invoice paid).
        OrderItemKind::Invoice => true,
    };
    if order.item_kind == OrderItemKind::Product && !subscription_only {
        by_hand = add_purchase(txn, order, now).await? == DeliveryType::Manual;
        let job = NewJob::new(DELIVER_JOB, &DeliverPayload { order_id: order.id })
            .dedupe(format!("{DELIVER_JOB}:{}", order.id));
        jobs::enqueue_in(txn, job, now).await?;
    }
    if subscription_only {
        let detail = if order.item_kind == OrderItemKind::Invoice {
            "client invoice paid"
        } else {
            "subscription extended"
        };
        transition(
            txn,
            order.id,
            OrderStatus::Fulfilled,
            EventSource::System,
            detail,
            now,
        )
        .await?;
    }
    let paid = order::Model {
        status: OrderStatus::Paid,
        paid_at: Some(now),
        invoice_number: Some(invoice),
        ..order.clone()
    };
    let orders_page = site.link(order.item_kind.buyer_page());
    mail::outbox::queue_in(txn, &order_mail::order_confirmed(&paid, &orders_page), now).await?;
    mail::outbox::queue_in(txn, &order_mail::invoice(&paid, &orders_page), now).await?;
    let admin_page = site.link(&format!("/admin/orders/{}", order.id));
    let admins = admin::Entity::find()
        .filter(admin::Column::DisabledAt.is_null())
        .all(txn)
        .await?;
    for a in admins {
        let email = order_mail::admin_new_order(&a.email, &paid, &admin_page, by_hand);
        mail::outbox::queue_in(txn, &email, now).await?;
    }
    Ok(())
}

/// The purchase a paid product order gives, waiting for its delivery.
async fn add_purchase(
    txn: &DatabaseTransaction,
    order: &order::Model,
    now: DateTime<Utc>,
) -> DomainResult<DeliveryType> {
    // The product as it is now; a deleted product is still delivered as
    // what was bought (manually, by an admin).
    let product = product::Entity::find()
        .filter(product::Column::Slug.eq(&order.item_slug))
        .one(txn)
        .await?;
    let (delivery_type, github_repo) = match &product {
        Some(p) => (p.delivery_type, p.github_repo.clone()),
        None => (DeliveryType::Manual, None),
    };
    // The profile's GitHub username, when the buyer gave one: the
    // delivery job then invites them at once.
    let github_username = if delivery_type == DeliveryType::GithubInvite {
        crate::github::profile::profile_username_in(txn, order.user_id).await?
    } else {
        None
    };
    user_purchase::Entity::insert(user_purchase::ActiveModel {
        user_id: Set(order.user_id),
        order_id: Set(order.id),
        product_slug: Set(order.item_slug.clone()),
        product_name: Set(order.item_name.clone()),
        delivery_type: Set(delivery_type),
        delivery_status: Set(DeliveryStatus::Pending),
        license_key: Set(None),
        github_repo: Set(github_repo),
        github_username: Set(github_username),
        delivered_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([user_purchase::Column::OrderId])
    .exec(txn)
    .await?;
    Ok(delivery_type)
}

/// How many orders each provider has been paid for, ever (refunded ones
/// included: the payment was received). Read from the orders, so every
/// instance reports the same count (`/metrics`).
pub async fn paid_counts(db: &Database) -> DomainResult<Vec<(PaymentProvider, u64)>> {
    use sea_orm::{Iterable, PaginatorTrait};
    let mut counts = Vec::new();
    for provider in PaymentProvider::iter() {
        let n = order::Entity::find()
            .filter(order::Column::PaymentProvider.eq(provider))
            .filter(order::Column::PaidAt.is_not_null())
            .count(db.reader())
            .await?;
        counts.push((provider, n));
    }
    Ok(counts)
}
