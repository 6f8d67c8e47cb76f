//! The quote and its money: the admin quotes, the member accepts (a
//! checkout order of kind `service`), the payment starts the work, and an
//! order not yet paid can be cancelled.
use super::{
    brief::parse_rupiah, checkout_slug, event, id_of_checkout_slug, link, lock, mail_admins,
    member_actor, member_of, next, set_state, By, Step,
};
use crate::{
    audit::{self, Actor},
    entities::{
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        service_order::{self, ServiceOrderState as State},
        service_order_event::EventKind,
    },
    error::{DomainError, DomainResult},
    forms::FieldErrors,
    jakarta,
    mail::{self, service_orders as service_mail},
    orders::{
        create::{place_in, Item},
        Buyer, EventSource, Site,
    },
    Database,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait,
};

/// The longest a quote may stay open.
pub const MAX_VALIDITY_DAYS: i64 = 90;

/// The quote form, as typed.
#[derive(Debug, Clone, Default)]
pub struct QuoteInput {
    /// Rupiah ("7.500.000").
    pub price: String,
    /// What the price covers.
    pub scope: String,
    /// `YYYY-MM-DD`: the quote holds until the end of that Jakarta day.
    pub valid_until: String,
}

fn validate(
    input: &QuoteInput,
    now: DateTime<Utc>,
) -> Result<(i64, String, DateTime<Utc>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let price = parse_rupiah(&input.price).filter(|p| *p > 0 && *p <= 100_000_000_000);
    if price.is_none() {
        errors.add(
            "price",
            "Isi harga dalam Rupiah, lebih dari 0 (misalnya 7.500.000).",
        );
    }
    let scope = input.scope.trim().to_owned();
    if scope.chars().count() < 10 {
        errors.add("scope", "Tulis lingkup pekerjaan minimal 10 karakter.");
    } else if scope.chars().count() > 5000 {
        errors.add("scope", "Lingkup pekerjaan maksimal 5000 karakter.");
    }
    let day = NaiveDate::parse_from_str(input.valid_until.trim(), "%Y-%m-%d").ok();
    let until = day.map(|d| jakarta::start_of_day(d + Duration::days(1)));
    match until {
        None => errors.add("valid_until", "Pilih tanggal berlaku penawaran."),
        Some(u) if u <= now => errors.add(
            "valid_until",
            "Tanggal berlaku harus hari ini atau sesudahnya.",
        ),
        Some(u) if u > now + Duration::days(MAX_VALIDITY_DAYS + 1) => errors.add(
            "valid_until",
            format!("Penawaran berlaku paling lama {MAX_VALIDITY_DAYS} hari."),
        ),
        Some(_) => {}
    }
    match (errors.is_empty(), price, until) {
        (true, Some(p), Some(u)) => Ok((p, scope, u)),
        _ => Err(errors),
    }
}

/// An admin quotes service order `id` (briefed, or its last quote
/// lapsed): price, scope and validity kept, the member e-mailed, audited
/// as `service_order.quote`.
pub async fn send_quote(
    db: &Database,
    site: &Site,
    actor: &Actor,
    id: i32,
    input: &QuoteInput,
    now: DateTime<Utc>,
) -> DomainResult<service_order::Model> {
    let (price, scope, until) = validate(input, now).map_err(DomainError::Invalid)?;
    let txn = db.writer().begin().await?;
    let o = lock(&txn, id, None).await?;
    let to = next(&o, Step::SendQuote, now)?;
    set_state(&txn, &o, to, now).await?;
    service_order::Entity::update_many()
        .col_expr(
            service_order::Column::QuotePriceIdr,
            Expr::value(Some(price)),
        )
        .col_expr(
            service_order::Column::QuoteScope,
            Expr::value(Some(scope.clone())),
        )
        .col_expr(
            service_order::Column::QuoteValidUntil,
            Expr::value(Some(until)),
        )
        .col_expr(service_order::Column::QuotedAt, Expr::value(Some(now)))
        .filter(service_order::Column::Id.eq(o.id))
        .exec(&txn)
        .await?;
    let quoted = service_order::Model {
        state: to,
        quote_price_idr: Some(price),
        quote_scope: Some(scope),
        quote_valid_until: Some(until),
        quoted_at: Some(now),
        updated_at: now,
        ..o
    };
    let summary = format!(
        "{}, berlaku sampai {}",
        money::rupiah(price),
        super::valid_through(until)
    );
    event(
        &txn,
        id,
        EventKind::QuoteSent,
        By::Admin(actor.admin_id),
        &summary,
        None,
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        "service_order.quote",
        "service_order",
        Some(id),
        &format!("penawaran pesanan layanan #{id}: {summary}"),
        now,
    )
    .await?;
    let (name, email) = member_of(&txn, quoted.user_id).await?;
    let page = link(site, &super::member_path(id));
    mail::queue_in(
        &txn,
        &service_mail::quote(&email, &name, &quoted, &page),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(quoted)
}

/// The member `buyer` accepts the quote of their service order `id`: the
/// checkout order (kind `service`, the quoted price, Midtrans, expiring
/// after `ttl`) is placed and linked, the admins e-mailed, in one
/// transaction. Accepting again while the payment waits gives the same
/// open order back (or a fresh one when it expired); a lapsed quote is
/// `QuoteExpired`, anyone else's order `NotFound`.
pub async fn accept_quote(
    db: &Database,
    site: &Site,
    buyer: &Buyer,
    id: i32,
    ttl: Duration,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let txn = db.writer().begin().await?;
    let o = lock(&txn, id, Some(buyer.user_id)).await?;
    let to = next(&o, Step::Accept, now)?;
    let price = o.quote_price_idr.ok_or_else(|| {
        DomainError::Internal(format!("service order {id} quoted without a price"))
    })?;
    let item = Item {
        kind: OrderItemKind::Service,
        slug: checkout_slug(id),
        name: format!("{} (layanan #{id})", o.service_title),
        price_idr: price,
        usd_cents: None,
    };
    let order = place_in(&txn, buyer, &item, PaymentProvider::Midtrans, ttl, now).await?;
    if o.order_id == Some(order.id) {
        // A second click: the same order, nothing new.
        txn.commit().await?;
        return Ok(order);
    }
    set_state(&txn, &o, to, now).await?;
    service_order::Entity::update_many()
        .col_expr(service_order::Column::OrderId, Expr::value(Some(order.id)))
        .filter(service_order::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let first = o.state != State::AwaitingPayment;
    let note = if first {
        format!("tagihan {} ({})", order.order_code, money::rupiah(price))
    } else {
        format!("tagihan baru {} (yang lama kedaluwarsa)", order.order_code)
    };
    event(
        &txn,
        id,
        EventKind::QuoteAccepted,
        By::Member(buyer.user_id),
        &note,
        None,
        now,
    )
    .await?;
    let (_, email) = member_of(&txn, buyer.user_id).await?;
    audit::record(
        &txn,
        &member_actor(&email),
        "service_order.accept",
        "service_order",
        Some(id),
        &format!("menerima penawaran pesanan layanan #{id}: {note}"),
        now,
    )
    .await?;
    if first {
        let page = link(site, &super::admin_path(id));
        mail_admins(
            &txn,
            |to| service_mail::accepted_to_admin(to, &o, &page),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(order)
}

/// The checkout order `order` of a service was paid: in the payment's
/// transaction, its service order moves to in progress and the member is
/// e-mailed. Money for an order that no longer waits for it (cancelled,
/// already paid) moves nothing; the timeline says so for the admin.
pub(crate) async fn on_paid(
    txn: &DatabaseTransaction,
    site: &Site,
    order: &order::Model,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let Some(id) = id_of_checkout_slug(&order.item_slug) else {
        tracing::warn!(order = %order.order_code, "a service order payment names no service order");
        return Ok(());
    };
    let o = match lock(txn, id, Some(order.user_id)).await {
        Ok(o) => o,
        Err(DomainError::NotFound) => {
            tracing::warn!(order = %order.order_code, "a service order payment for an unknown order");
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let paid = format!(
        "{} dibayar ({})",
        order.order_code,
        money::rupiah(order.amount_idr)
    );
    let to = match next(&o, Step::Pay, now) {
        Ok(to) => to,
        Err(DomainError::Refused(_)) => {
            tracing::warn!(order = %order.order_code, state = ?o.state, "service order paid in a state that takes no payment");
            let note = format!(
                "{paid} saat pesanan berstatus {:?}: periksa dan kembalikan dana bila perlu",
                o.state
            );
            return event(
                txn,
                id,
                EventKind::PaymentUnexpected,
                By::System,
                &note,
                None,
                now,
            )
            .await;
        }
        Err(e) => return Err(e),
    };
    set_state(txn, &o, to, now).await?;
    service_order::Entity::update_many()
        .col_expr(service_order::Column::OrderId, Expr::value(Some(order.id)))
        .filter(service_order::Column::Id.eq(id))
        .exec(txn)
        .await?;
    event(txn, id, EventKind::Paid, By::System, &paid, None, now).await?;
    audit::record(
        txn,
        &Actor::system("pembayaran"),
        "service_order.paid",
        "service_order",
        Some(id),
        &format!("pesanan layanan #{id}: {paid}, pengerjaan dimulai"),
        now,
    )
    .await?;
    let (name, email) = member_of(txn, o.user_id).await?;
    let page = link(site, &super::member_path(id));
    let started = service_order::Model { state: to, ..o };
    mail::queue_in(
        txn,
        &service_mail::started(&email, &name, &started, &page),
        now,
    )
    .await?;
    Ok(())
}

/// Who gives an unpaid service order up.
#[derive(Debug, Clone)]
pub enum Canceller<'a> {
    /// The member, only their own order.
    Member(i32),
    Admin(&'a Actor),
}

/// Cancels service order `id` before it is paid (briefed, quoted, or
/// waiting for payment; its open checkout order is cancelled too), with a
/// `reason` (required from an admin). The member is e-mailed; audited as
/// `service_order.cancel`.
pub async fn cancel(
    db: &Database,
    site: &Site,
    by: Canceller<'_>,
    id: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let reason = reason.trim();
    if matches!(by, Canceller::Admin(_)) && reason.is_empty() {
        return Err(DomainError::field("reason", "Tulis alasan pembatalan."));
    }
    let reason = if reason.is_empty() {
        "dibatalkan pemesan"
    } else {
        reason
    };
    let txn = db.writer().begin().await?;
    let owner = match by {
        Canceller::Member(user_id) => Some(user_id),
        Canceller::Admin(_) => None,
    };
    // A payment locks the checkout order, then the service order; so does
    // this, or the two could wait on each other (PostgreSQL).
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        let read = service_order::Entity::find_by_id(id).one(&txn).await?;
        if let Some(order_id) = read.and_then(|o| o.order_id) {
            order::Entity::find_by_id(order_id)
                .lock_exclusive()
                .one(&txn)
                .await?;
        }
    }
    let o = lock(&txn, id, owner).await?;
    let to = next(&o, Step::Cancel, now)?;
    set_state(&txn, &o, to, now).await?;
    let source = match by {
        Canceller::Member(_) => EventSource::Member,
        Canceller::Admin(_) => EventSource::Admin,
    };
    if let Some(order_id) = o.order_id {
        let open = order::Entity::find_by_id(order_id)
            .filter(order::Column::Status.eq(OrderStatus::Pending))
            .one(&txn)
            .await?;
        if open.is_some() {
            crate::orders::transition(&txn, order_id, OrderStatus::Cancelled, source, reason, now)
                .await?;
        }
    }
    let (name, email) = member_of(&txn, o.user_id).await?;
    let (who, actor) = match by {
        Canceller::Member(user_id) => (By::Member(user_id), member_actor(&email)),
        Canceller::Admin(a) => (By::Admin(a.admin_id), a.clone()),
    };
    event(&txn, id, EventKind::Cancelled, who, reason, None, now).await?;
    audit::record(
        &txn,
        &actor,
        "service_order.cancel",
        "service_order",
        Some(id),
        &format!("membatalkan pesanan layanan #{id}: {reason}"),
        now,
    )
    .await?;
    let page = link(site, &super::member_path(id));
    let cancelled = service_order::Model { state: to, ..o };
    mail::queue_in(
        &txn,
        &service_mail::cancelled(&email, &name, &cancelled, reason, &page),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
