//! The two Midtrans use cases: start paying an order, and learn (from
//! Midtrans itself) what happened to a payment.
use super::{parse_gross_amount, target_status, Midtrans, SnapPayment};
use crate::{
    entities::order::{self, PaymentProvider},
    error::{DomainError, DomainResult},
    orders::{
        payment_page, record_payment, EventSource, PaidAmount, PaymentReport, Recorded, Site,
    },
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Where the member pays `order` (a pending Midtrans order): Snap's page
/// for it (`orders::payment_page`: created once, reused after).
pub async fn pay(
    db: &Database,
    midtrans: &Midtrans,
    site: &Site,
    order: &order::Model,
) -> DomainResult<SnapPayment> {
    let (token, redirect_url) = payment_page(db, order, PaymentProvider::Midtrans, || async {
        let snap = midtrans.create_transaction(order, &site.url).await?;
        Ok((snap.token, snap.redirect_url))
    })
    .await?;
    Ok(SnapPayment {
        token,
        redirect_url,
    })
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
