//! `POST /api/orders/create` and `GET /api/orders/{id}` (seed routes): a
//! signed-in member with a verified address orders a product; the price
//! comes from the database, never from the request. Thin: who, what,
//! `domain::orders`, the one error pipeline.
use crate::AppState;
use app::{
    error::{AppError, ErrorCode},
    ssr::session::CurrentMember,
};
use axum::{
    extract::{rejection::JsonRejection, Path, State},
    Json,
};
use domain::{
    entities::order::{self, PaymentProvider},
    orders,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    /// The product's slug; only the product is bought this way for now.
    product: String,
    /// `midtrans` (IDR) or `paypal` (USD).
    method: String,
}

/// What the buyer's pages and the payment step need of an order.
#[derive(Debug, Serialize)]
pub struct OrderView {
    id: i32,
    order_code: String,
    status: String,
    item_name: String,
    item_slug: String,
    amount_idr: i64,
    amount_usd_cents: Option<i64>,
    payment_provider: &'static str,
    expires_at: Option<String>,
}

impl From<order::Model> for OrderView {
    fn from(o: order::Model) -> Self {
        OrderView {
            id: o.id,
            order_code: o.order_code,
            status: o.status.as_str().to_owned(),
            item_name: o.item_name,
            item_slug: o.item_slug,
            amount_idr: o.amount_idr,
            amount_usd_cents: o.amount_usd_cents,
            payment_provider: o.payment_provider.as_str(),
            expires_at: o.expires_at.map(|t| t.to_rfc3339()),
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentMember(user): CurrentMember,
    body: Result<Json<CreateOrder>, JsonRejection>,
) -> Result<Json<OrderView>, AppError> {
    let Json(req) = body.map_err(|_| AppError::new(ErrorCode::BadRequest))?;
    let method = PaymentProvider::parse(&req.method).ok_or_else(|| {
        domain::DomainError::field("method", "Pilih metode pembayaran: midtrans atau paypal.")
    })?;
    let buyer = orders::Buyer::from(user);
    let config = &state.server.config;
    let created = orders::order_product(
        &state.server.db,
        &buyer,
        req.product.trim(),
        method,
        config.order_ttl(),
        chrono::Utc::now(),
    )
    .await?;
    Ok(Json(created.into()))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentMember(user): CurrentMember,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    // A malformed id is as unknown as someone else's order.
    let id: i32 = id.parse().map_err(|_| AppError::not_found())?;
    let found = orders::order_of(&state.server.db, user.user_id, id).await?;
    Ok(Json(found.into()))
}
