//! Midtrans' stand-in for development (see `simulator`): Snap's create
//! call and payment page, signed notifications, the status API.
use super::Shared;
use crate::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Json, Router,
};
use domain::payments::{midtrans, SIMULATOR_MIDTRANS_API, SIMULATOR_MIDTRANS_SNAP};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub(super) struct SimTransaction {
    order_id: String,
    gross_amount: i64,
    item: String,
    finish: String,
    /// Midtrans' `transaction_status`: pending, settlement, deny.
    status: &'static str,
    transaction_id: String,
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &format!("{SIMULATOR_MIDTRANS_SNAP}/v1/transactions"),
            post(create),
        )
        .route(
            &format!("{SIMULATOR_MIDTRANS_SNAP}/v4/redirection/{{token}}"),
            get(page).post(choose),
        )
        .route(
            &format!("{SIMULATOR_MIDTRANS_API}/v2/{{order_id}}/status"),
            get(status),
        )
        .route(&format!("{SIMULATOR_MIDTRANS_SNAP}/snap.js"), get(snap_js))
}

fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    use base64::Engine;
    let Some(m) = &state.server.payments.midtrans else {
        return false;
    };
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:", m.server_key()))
    );
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected)
}

fn midtrans_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error_messages": [message] }))).into_response()
}

/// `POST /snap/v1/transactions`: 201 `{token, redirect_url}`.
async fn create(
    State(state): State<AppState>,
    axum::Extension(sim): axum::Extension<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if !authorized(&state, &headers) {
        return midtrans_error(
            StatusCode::UNAUTHORIZED,
            "Access denied, please check client or server key",
        );
    }
    let order_id = body["transaction_details"]["order_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let Some(gross_amount) = body["transaction_details"]["gross_amount"].as_i64() else {
        return midtrans_error(
            StatusCode::BAD_REQUEST,
            "transaction_details.gross_amount is required",
        );
    };
    if !midtrans::valid_order_id(&order_id) {
        return midtrans_error(
            StatusCode::BAD_REQUEST,
            "transaction_details.order_id is invalid",
        );
    }
    let token = uuid::Uuid::new_v4().to_string();
    let tx = SimTransaction {
        order_id: order_id.clone(),
        gross_amount,
        item: body["item_details"][0]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        finish: body["callbacks"]["finish"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        status: "pending",
        transaction_id: uuid::Uuid::new_v4().to_string(),
    };
    let taken = sim.with(|s| {
        if s.midtrans_orders.contains_key(&order_id) {
            return true;
        }
        s.midtrans_orders.insert(order_id.clone(), token.clone());
        s.midtrans.insert(token.clone(), tx);
        false
    });
    if taken {
        // As Midtrans: an order id is one transaction.
        return midtrans_error(
            StatusCode::NOT_ACCEPTABLE,
            "transaction_details.order_id sudah digunakan",
        );
    }
    let mut redirect = state.server.config.site_url.clone();
    redirect.set_path(&format!("{SIMULATOR_MIDTRANS_SNAP}/v4/redirection/{token}"));
    (
        StatusCode::CREATED,
        Json(json!({ "token": token, "redirect_url": redirect.to_string() })),
    )
        .into_response()
}

/// The stand-in for Snap's payment page.
async fn page(
    axum::Extension(sim): axum::Extension<Shared>,
    Path(token): Path<String>,
) -> Response {
    let Some(tx) = sim.with(|s| s.midtrans.get(&token).cloned()) else {
        return (StatusCode::NOT_FOUND, "Transaksi tidak dikenal simulator.").into_response();
    };
    Html(super::page_frame(
        "Pembayaran Midtrans (simulasi)",
        &format!(
            "<dl class=\"mt-6 space-y-2 text-slate-200\">\
             <div><dt class=\"text-sm text-slate-400\">Pesanan</dt><dd><code>{order}</code></dd></div>\
             <div><dt class=\"text-sm text-slate-400\">Item</dt><dd>{item}</dd></div>\
             <div><dt class=\"text-sm text-slate-400\">Jumlah</dt><dd class=\"text-xl font-bold\">{amount}</dd></div>\
             <div><dt class=\"text-sm text-slate-400\">Status sekarang</dt><dd>{status}</dd></div>\
             </dl>\
             <form method=\"post\" class=\"mt-8 grid gap-3\">\
             <button class=\"btn-primary\" name=\"result\" value=\"settlement\">Bayar (berhasil)</button>\
             <button class=\"btn-ghost\" name=\"result\" value=\"deny\">Gagalkan pembayaran</button>\
             <button class=\"btn-ghost\" name=\"result\" value=\"pending\">Biarkan menunggu</button>\
             </form>",
            order = super::escape(&tx.order_id),
            item = super::escape(&tx.item),
            amount = money::rupiah(tx.gross_amount),
            status = tx.status,
        ),
    ))
    .into_response()
}

#[derive(Deserialize)]
struct Choice {
    result: String,
}

/// The buyer's choice: the transaction takes that status, a signed
/// notification goes to the site, and the buyer to the finish callback.
async fn choose(
    State(state): State<AppState>,
    axum::Extension(sim): axum::Extension<Shared>,
    Path(token): Path<String>,
    Form(choice): Form<Choice>,
) -> Response {
    let status: &'static str = match choice.result.as_str() {
        "settlement" => "settlement",
        "deny" => "deny",
        _ => "pending",
    };
    let Some(tx) = sim.with(|s| {
        s.midtrans.get_mut(&token).map(|tx| {
            tx.status = status;
            tx.clone()
        })
    }) else {
        return (StatusCode::NOT_FOUND, "Transaksi tidak dikenal simulator.").into_response();
    };
    let Some(m) = &state.server.payments.midtrans else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Midtrans tidak dikonfigurasi.",
        )
            .into_response();
    };
    let body = notification(&tx, m.server_key());
    let mut url = state.server.config.site_url.clone();
    url.set_path("/api/payment/midtrans/notification");
    let sent = domain::payments::http_client()
        .post(url)
        .json(&body)
        .send()
        .await;
    match sent {
        Ok(res) => {
            tracing::info!(order = %tx.order_id, status, answer = %res.status(), "simulator: notification sent")
        }
        Err(e) => {
            tracing::warn!(order = %tx.order_id, error = %e, "simulator: notification failed")
        }
    }
    let (code, _) = status_code(status);
    let sep = if tx.finish.contains('?') { '&' } else { '?' };
    Redirect::to(&format!(
        "{}{sep}order_id={}&status_code={code}&transaction_status={status}",
        tx.finish, tx.order_id
    ))
    .into_response()
}

fn status_code(status: &str) -> (&'static str, &'static str) {
    match status {
        "settlement" => ("200", "Success, transaction is found"),
        "pending" => ("201", "Success, transaction is found"),
        _ => ("202", "Success, transaction is found"),
    }
}

/// A notification body as Midtrans sends it, signed with the server key.
fn notification(tx: &SimTransaction, server_key: &str) -> Value {
    let (code, message) = status_code(tx.status);
    let gross = format!("{}.00", tx.gross_amount);
    json!({
        "transaction_time": chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        "transaction_status": tx.status,
        "transaction_id": tx.transaction_id,
        "status_message": message,
        "status_code": code,
        "signature_key": midtrans::signature(&tx.order_id, code, &gross, server_key),
        "payment_type": "bank_transfer",
        "order_id": tx.order_id,
        "merchant_id": "SIMULATOR",
        "gross_amount": gross,
        "fraud_status": "accept",
        "currency": "IDR",
    })
}

/// `GET /v2/{order_id}/status`.
async fn status(
    State(state): State<AppState>,
    axum::Extension(sim): axum::Extension<Shared>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
) -> Response {
    if !authorized(&state, &headers) {
        return midtrans_error(StatusCode::UNAUTHORIZED, "Access denied");
    }
    let tx = sim.with(|s| {
        s.midtrans_orders
            .get(&order_id)
            .and_then(|t| s.midtrans.get(t))
            .cloned()
    });
    match tx {
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "status_code": "404", "status_message": "Transaction doesn't exist." })),
        )
            .into_response(),
        Some(tx) => Json(notification(&tx, "")).into_response(),
    }
}

/// Snap's `snap.js` stand-in: `snap.pay(token, callbacks)` opens the
/// simulator's payment page (the real one opens Snap in a frame over the
/// page; either way the result comes back through the finish callback).
async fn snap_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        format!(
            "window.snap = {{ pay: function (token) {{ window.location.href = \"{SIMULATOR_MIDTRANS_SNAP}/v4/redirection/\" + encodeURIComponent(token); }} }};\n"
        ),
    )
        .into_response()
}
