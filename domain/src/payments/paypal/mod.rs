//! PayPal Orders v2 (USD): create an order, send the member to approve it,
//! capture it when they return, and learn the rest from webhooks verified
//! by PayPal itself. Every report goes through `orders::record_payment`,
//! like Midtrans'.
mod api;

pub use api::{parse_usd_value, usd_value, Capture, Paypal, PaypalOrder, WebhookHeaders};

use crate::{
    entities::order::{self, OrderStatus, PaymentProvider},
    error::{DomainError, DomainResult, Refusal},
    orders::{
        payment_page, record_payment, EventSource, PaidAmount, PaymentReport, Recorded, Site,
    },
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

/// Where the member approves `order` (a pending PayPal order): PayPal's
/// page for it (`orders::payment_page`: created once, reused after).
pub async fn pay(
    db: &Database,
    paypal: &Paypal,
    site: &Site,
    order: &order::Model,
) -> DomainResult<PaypalOrder> {
    let (id, approve_url) = payment_page(db, order, PaymentProvider::Paypal, || async {
        let created = paypal.create_order(order, &site.url).await?;
        Ok((created.id, created.approve_url))
    })
    .await?;
    Ok(PaypalOrder { id, approve_url })
}

fn capture_report<'a>(capture: &'a Capture, raw: &'a str) -> PaymentReport<'a> {
    let target = match capture.status.as_str() {
        "COMPLETED" => Some(OrderStatus::Paid),
        "DECLINED" | "FAILED" => Some(OrderStatus::Denied),
        _ => None,
    };
    let amount = match capture.currency.as_str() {
        "USD" => {
            parse_usd_value(&capture.value).map_or(PaidAmount::Unreadable, PaidAmount::UsdCents)
        }
        _ => PaidAmount::Unreadable,
    };
    PaymentReport {
        source: EventSource::Paypal,
        target,
        amount,
        provider_ref: Some(&capture.id),
        external_id: None,
        raw,
    }
}

/// The member is back from approving: capture the payment (retry-safe) and
/// apply the result. Nothing approved yet → `Waiting`.
pub async fn capture(
    db: &Database,
    paypal: &Paypal,
    site: &Site,
    order: &order::Model,
    now: DateTime<Utc>,
) -> DomainResult<Recorded> {
    // A Midtrans order's token is Snap's: never sent to PayPal.
    if order.payment_provider != PaymentProvider::Paypal {
        return Err(crate::DomainError::NotFound);
    }
    let Some(paypal_id) = &order.payment_token else {
        return Ok(Recorded::Waiting);
    };
    match paypal.capture(paypal_id, &order.order_code).await? {
        None => Ok(Recorded::Waiting),
        Some(c) => {
            let raw = format!("capture {} {} {} {}", c.id, c.status, c.currency, c.value);
            record_payment(db, site, &order.order_code, &capture_report(&c, &raw), now).await
        }
    }
}

/// What a webhook event type means for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventMeaning {
    /// Moves the order there (None: still waiting, e.g. a pending capture).
    Moves(Option<OrderStatus>),
    /// An event type this site does not act on.
    NotUsed,
}

pub fn event_meaning(event_type: &str) -> EventMeaning {
    use EventMeaning::*;
    match event_type {
        "PAYMENT.CAPTURE.COMPLETED" => Moves(Some(OrderStatus::Paid)),
        "PAYMENT.CAPTURE.PENDING" => Moves(None),
        "PAYMENT.CAPTURE.DENIED" => Moves(Some(OrderStatus::Denied)),
        "PAYMENT.CAPTURE.REFUNDED" => Moves(Some(OrderStatus::Refunded)),
        "PAYMENT.CAPTURE.REVERSED" => Moves(Some(OrderStatus::Chargeback)),
        _ => NotUsed,
    }
}

/// `POST /api/payment/paypal/webhook`: verified by PayPal (`SignatureInvalid`
/// otherwise, nothing written), then applied once per event id. None for
/// an event type the site ignores.
pub async fn on_webhook(
    db: &Database,
    paypal: &Paypal,
    site: &Site,
    headers: &WebhookHeaders,
    raw: &str,
    now: DateTime<Utc>,
) -> DomainResult<Option<Recorded>> {
    let event: Value = serde_json::from_str(raw)
        .map_err(|_| DomainError::field("body", "Bukan JSON yang valid."))?;
    if !paypal.verify_webhook(headers, raw).await? {
        tracing::warn!("paypal webhook: verification failed");
        return Err(Refusal::SignatureInvalid.into());
    }
    let (Some(event_id), Some(event_type)) = (event["id"].as_str(), event["event_type"].as_str())
    else {
        return Err(DomainError::field(
            "body",
            "Event tanpa id atau event_type.",
        ));
    };
    let EventMeaning::Moves(target) = event_meaning(event_type) else {
        tracing::info!(event_type, "paypal webhook: event type not used");
        return Ok(None);
    };
    let resource = &event["resource"];
    let order_code = match resource["custom_id"].as_str() {
        Some(code) => code.to_owned(),
        // A refund names its capture in the `up` link.
        None => by_capture(db, resource)
            .await?
            .ok_or(DomainError::NotFound)?,
    };
    let amount = match (
        resource["amount"]["currency_code"].as_str(),
        resource["amount"]["value"]
            .as_str()
            .and_then(parse_usd_value),
    ) {
        (Some("USD"), Some(cents)) => PaidAmount::UsdCents(cents),
        _ => PaidAmount::Unreadable,
    };
    let capture_id = (event_type != "PAYMENT.CAPTURE.REFUNDED")
        .then(|| resource["id"].as_str())
        .flatten();
    let report = PaymentReport {
        source: EventSource::Paypal,
        target,
        amount,
        provider_ref: capture_id,
        external_id: Some(event_id),
        raw,
    };
    record_payment(db, site, &order_code, &report, now)
        .await
        .map(Some)
}

/// The order whose capture a refund's `up` link names.
async fn by_capture(db: &Database, resource: &Value) -> DomainResult<Option<String>> {
    let capture = resource["links"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["rel"] == "up")
        .and_then(|l| l["href"].as_str())
        .and_then(|h| h.rsplit('/').next())
        .map(str::to_owned);
    let Some(capture) = capture else {
        return Ok(None);
    };
    Ok(order::Entity::find()
        .filter(order::Column::ProviderRef.eq(capture))
        .filter(order::Column::PaymentProvider.eq(PaymentProvider::Paypal))
        .one(db.reader())
        .await?
        .map(|o| o.order_code))
}
