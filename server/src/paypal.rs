//! PayPal: `POST /api/payment/paypal/create-order`, `POST
//! /api/payment/paypal/capture`, the member's return from PayPal
//! (`GET /payment/paypal/return`, which captures without JavaScript) and the
//! webhook. Thin: who, what, `domain::payments::paypal`, the error pipeline.
use crate::AppState;
use app::{
    error::{AppError, ErrorCode},
    ssr::session::CurrentMember,
};
use axum::{
    body::Bytes,
    extract::{rejection::JsonRejection, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Json,
};
use chrono::Utc;
use domain::{
    entities::order::PaymentProvider,
    orders::{self, Recorded},
    payments::paypal::{self, Paypal},
    DomainError, Refusal,
};
use serde::Deserialize;
use serde_json::json;

fn configured(state: &AppState) -> Result<&Paypal, AppError> {
    state
        .server
        .payments
        .paypal
        .as_ref()
        .ok_or_else(|| DomainError::Unavailable("PayPal is not configured".into()).into())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForOrder {
    order_id: i32,
}

async fn own_paypal_order(
    state: &AppState,
    user_id: i32,
    body: Result<Json<ForOrder>, JsonRejection>,
) -> Result<domain::entities::order::Model, AppError> {
    let Json(req) = body.map_err(|_| AppError::new(ErrorCode::BadRequest))?;
    let order = orders::order_of(&state.server.db, user_id, req.order_id).await?;
    if order.payment_provider != PaymentProvider::Paypal {
        return Err(DomainError::field("order_id", "Pesanan ini dibayar lewat Midtrans.").into());
    }
    Ok(order)
}

/// `POST /api/payment/paypal/create-order`: the PayPal order id (for the JS
/// SDK) and approve link of the member's pending order.
pub async fn create_order(
    State(state): State<AppState>,
    CurrentMember(user): CurrentMember,
    body: Result<Json<ForOrder>, JsonRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    let order = own_paypal_order(&state, user.user_id, body).await?;
    let st = &state.server;
    let created = paypal::pay(&st.db, configured(&state)?, &st.site(), &order).await?;
    Ok(Json(
        json!({ "id": created.id, "approve_url": created.approve_url }),
    ))
}

/// `POST /api/payment/paypal/capture`: capture the member's approved order
/// (retry-safe: the same request id every time).
pub async fn capture(
    State(state): State<AppState>,
    CurrentMember(user): CurrentMember,
    body: Result<Json<ForOrder>, JsonRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    let order = own_paypal_order(&state, user.user_id, body).await?;
    let st = &state.server;
    let recorded =
        paypal::capture(&st.db, configured(&state)?, &st.site(), &order, Utc::now()).await?;
    state.jobs_notify.notify_one();
    if recorded == Recorded::AmountMismatch {
        return Err(DomainError::from(Refusal::AmountMismatch).into());
    }
    let status = orders::order_of(&st.db, user.user_id, order.id)
        .await?
        .status;
    Ok(Json(
        json!({ "outcome": recorded.as_str(), "status": status.as_str() }),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Return {
    hasil: String,
    order_id: String,
}

/// `GET /payment/paypal/return?hasil=ok|batal&order_id=…` (PayPal adds
/// `token` and `PayerID`): capture when approved, then the orders page,
/// which shows the real status.
pub async fn returned(
    State(state): State<AppState>,
    member: Result<CurrentMember, AppError>,
    Query(back): Query<Return>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to("/login?next=/dashboard/orders").into_response();
    };
    let st = &state.server;
    let page = format!(
        "/dashboard/orders?order_id={}",
        app::format::query_value(&back.order_id)
    );
    if back.hasil != "ok" {
        return Redirect::to(&page).into_response();
    }
    let result = async {
        let order = orders::order_by_code_of(&st.db, user.user_id, &back.order_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        paypal::capture(&st.db, configured(&state)?, &st.site(), &order, Utc::now()).await?;
        Ok::<_, AppError>(())
    }
    .await;
    state.jobs_notify.notify_one();
    match result {
        Ok(()) => Redirect::to(&page).into_response(),
        Err(e) => {
            Redirect::to(&format!("/dashboard/orders?gagal={}", e.error.as_str())).into_response()
        }
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// `POST /api/payment/paypal/webhook`.
pub async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let st = &state.server;
    let signed = paypal::WebhookHeaders {
        auth_algo: header(&headers, "paypal-auth-algo"),
        cert_url: header(&headers, "paypal-cert-url"),
        transmission_id: header(&headers, "paypal-transmission-id"),
        transmission_sig: header(&headers, "paypal-transmission-sig"),
        transmission_time: header(&headers, "paypal-transmission-time"),
    };
    let raw = std::str::from_utf8(&body).map_err(|_| AppError::new(ErrorCode::BadRequest))?;
    let recorded = match paypal::on_webhook(
        &st.db,
        configured(&state)?,
        &st.site(),
        &signed,
        raw,
        Utc::now(),
    )
    .await
    {
        Err(DomainError::NotFound) => {
            tracing::warn!("paypal webhook for an unknown order");
            return Err(AppError::not_found());
        }
        other => other?,
    };
    state.jobs_notify.notify_one();
    match recorded {
        Some(Recorded::AmountMismatch) => Err(DomainError::from(Refusal::AmountMismatch).into()),
        Some(r) => Ok(Json(json!({ "ok": true, "outcome": r.as_str() }))),
        None => Ok(Json(json!({ "ok": true, "outcome": "not_used" }))),
    }
}
