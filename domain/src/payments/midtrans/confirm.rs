//! The two Midtrans use cases: start paying an order, and learn (from
//! Midtrans itself) what happened to a payment.
use super::{parse_gross_amount, target_status, Midtrans, SnapPayment};
use crate::{
    entities::order::{self, OrderStatus, PaymentProvider},
    error::{DomainError, DomainResult, Refusal},
    orders::{record_payment, EventSource, PaidAmount, PaymentReport, Recorded, Site},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};

/// Where the member pays `order` (a pending Midtrans order): Snap's page
/// for it, created on the first call and reused after, so paying again
/// within the order's time opens the same transaction (Midtrans refuses a
/// second one with the same order id).
pub async fn pay(
    db: &Database,
    midtrans: &Midtrans,
    site: &Site,
    order: &order::Model,
) -> DomainResult<SnapPayment> {
    if order.payment_provider != PaymentProvider::Midtrans {
        return Err(DomainError::Internal(format!(
            "order {} is not paid through Midtrans",
            order.order_code
        )));
    }
    if order.status != OrderStatus::Pending {
        return Err(Refusal::OrderClosed.into());
    }
    if let (Some(token), Some(url)) = (&order.payment_token, &order.payment_url) {
        return Ok(SnapPayment {
            token: token.clone(),
            redirect_url: url.clone(),
        });
    }
    let snap = midtrans.create_transaction(order, &site.url).await?;
    // Conditional: of two simultaneous first payments, the first stored
    // page is the one both get.
    order::Entity::update_many()
        .col_expr(
            order::Column::PaymentToken,
            Expr::value(Some(snap.token.clone())),
        )
        .col_expr(
            order::Column::PaymentUrl,
            Expr::value(Some(snap.redirect_url.clone())),
        )
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::PaymentUrl.is_null())
        .exec(db.writer())
        .await?;
    let stored = order::Entity::find_by_id(order.id).one(db.writer()).await?;
    Ok(
        match stored.and_then(|o| o.payment_token.zip(o.payment_url)) {
            Some((token, redirect_url)) => SnapPayment {
                token,
                redirect_url,
            },
            None => snap,
        },
    )
}

/// Asks Midtrans for the status of `order_code` and applies it: the one way
/// a Midtrans status reaches an order, whether a notification (already
/// signature-checked; `raw` is its body) or the member's return from Snap
/// (`raw` says so) prompted it. A transaction Midtrans does not know moves
/// nothing (`Waiting`); an order we do not know is `NotFound`.
pub async fn confirm(
    db: &Database,
    midtrans: &Midtrans,
    site: &Site,
    order_code: &str,
    raw: &str,
    now: DateTime<Utc>,
) -> DomainResult<Recorded> {
    let known = order::Entity::find()
        .filter(order::Column::OrderCode.eq(order_code))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let status = midtrans.status(&known.order_code).await?;
    let (target, amount, transaction_id, detail) = match &status {
        Some(s) => (
            target_status(&s.transaction_status, s.fraud_status.as_deref()),
            parse_gross_amount(&s.gross_amount).map_or(PaidAmount::Unreadable, PaidAmount::Idr),
            s.transaction_id.clone(),
            format!(
                "{raw}\nstatus API: {} {} fraud={}",
                s.transaction_status,
                s.gross_amount,
                s.fraud_status.as_deref().unwrap_or("-")
            ),
        ),
        None => (
            None,
            PaidAmount::Unreadable,
            None,
            format!("{raw}\nstatus API: transaction unknown"),
        ),
    };
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target,
        amount,
        provider_ref: transaction_id.as_deref(),
        external_id: None,
        raw: &detail,
    };
    record_payment(db, site, order_code, &report, now).await
}
