//! PayPal's stand-in for development (see `simulator`): OAuth2 token,
//! Orders v2 create / capture (idempotent on `PayPal-Request-Id`), an
//! approve page, webhooks sent to the site, and their verification.
use super::Shared;
use crate::AppState;
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Json, Router,
};
use domain::payments::SIMULATOR_PAYPAL_API;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub(super) struct SimOrder {
    id: String,
    custom_id: String,
    description: String,
    currency: String,
    value: String,
    return_url: String,
    cancel_url: String,
    /// PAYER_ACTION_REQUIRED, APPROVED, COMPLETED, VOIDED.
    status: &'static str,
    capture_id: String,
}

pub(super) fn routes() -> Router<AppState> {
    let base = SIMULATOR_PAYPAL_API;
    Router::new()
        .route(&format!("{base}/v1/oauth2/token"), post(token))
        .route(&format!("{base}/v2/checkout/orders"), post(create))
        .route(
            &format!("{base}/v2/checkout/orders/{{id}}/capture"),
            post(capture),
        )
        .route(&format!("{base}/checkoutnow"), get(page).post(choose))
        .route(&format!("{base}/sdk/js"), get(sdk_js))
        .route(&format!("{base}/sdk/orders/{{id}}"), get(sdk_order))
        .route(
            &format!("{base}/sdk/orders/{{id}}/choose"),
            post(sdk_choose),
        )
        .route(
            &format!("{base}/v1/notifications/verify-webhook-signature"),
            post(verify),
        )
}

fn secret(state: &AppState) -> String {
    use secrecy::ExposeSecret;
    state
        .server
        .config
        .paypal_client_secret
        .as_ref()
        .map(|s| s.expose_secret().to_owned())
        .unwrap_or_default()
}

fn paypal_error(status: StatusCode, name: &str, issue: &str) -> Response {
    (
        status,
        Json(json!({ "name": name, "details": [{ "issue": issue }], "message": issue })),
    )
        .into_response()
}

fn bearer_ok(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer SIM-"))
}

/// `POST /v1/oauth2/token` (Basic client id : secret).
async fn token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    use base64::Engine;
    let id = state
        .server
        .config
        .paypal_client_id
        .clone()
        .unwrap_or_default();
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{}", secret(&state)))
    );
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "invalid_client" })),
        )
            .into_response();
    }
    Json(json!({
        "scope": "https://uri.paypal.com/services/payments/payment",
        "access_token": format!("SIM-{}", uuid::Uuid::new_v4()),
        "token_type": "Bearer",
        "app_id": "APP-SIMULATOR",
        "expires_in": 32400,
    }))
    .into_response()
}

fn order_json(o: &SimOrder, site: &domain::config::Url) -> Value {
    let mut approve = site.clone();
    approve.set_path(&format!("{SIMULATOR_PAYPAL_API}/checkoutnow"));
    approve.set_query(Some(&format!("token={}", o.id)));
    let mut body = json!({
        "id": o.id,
        "status": o.status,
        "purchase_units": [{
            "reference_id": o.custom_id,
            "custom_id": o.custom_id,
            "amount": { "currency_code": o.currency, "value": o.value },
        }],
        "links": [
            { "href": format!("{}/v2/checkout/orders/{}", SIMULATOR_PAYPAL_API, o.id), "rel": "self", "method": "GET" },
            { "href": approve.to_string(), "rel": "payer-action", "method": "GET" },
        ],
    });
    if o.status == "COMPLETED" {
        body["purchase_units"][0]["payments"] = json!({ "captures": [capture_json(o)] });
    }
    body
}

fn capture_json(o: &SimOrder) -> Value {
    json!({
        "id": o.capture_id,
        "status": "COMPLETED",
        "amount": { "currency_code": o.currency, "value": o.value },
        "custom_id": o.custom_id,
        "final_capture": true,
    })
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("paypal-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `POST /v2/checkout/orders`: 201 with a `payer-action` link; the same
/// `PayPal-Request-Id` gets the same order back.
async fn create(
    State(state): State<AppState>,
    axum::Extension(sim): axum::Extension<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if !bearer_ok(&headers) {
        return paypal_error(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILURE",
            "INVALID_TOKEN",
        );
    }
    let unit = &body["purchase_units"][0];
    let context = &body["payment_source"]["paypal"]["experience_context"];
    let order = SimOrder {
        id: uuid::Uuid::new_v4().simple().to_string()[..17].to_uppercase(),
        custom_id: unit["custom_id"].as_str().unwrap_or_default().to_owned(),
        description: unit["description"].as_str().unwrap_or_default().to_owned(),
        currency: unit["amount"]["currency_code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        value: unit["amount"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        return_url: context["return_url"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        cancel_url: context["cancel_url"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        status: "PAYER_ACTION_REQUIRED",
        capture_id: uuid::Uuid::new_v4().simple().to_string()[..17].to_uppercase(),
    };
    if order.currency != "USD" || order.value.is_empty() {
        return paypal_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNPROCESSABLE_ENTITY",
            "CURRENCY_NOT_SUPPORTED",
        );
    }
    let stored = sim.with(|s| {
        if let Some(id) = request_id(&headers).and_then(|r| s.paypal_requests.get(&r).cloned()) {
            return s.paypal_orders.get(&id).cloned();
        }
        if let Some(r) = request_id(&headers) {
            s.paypal_requests.insert(r, order.id.clone());
        }
        s.paypal_orders.insert(order.id.clone(), order.clone());
        Some(order.clone())
    });
    match stored {
        Some(o) => (
            StatusCode::CREATED,
            Json(order_json(&o, &state.server.config.site_url)),
        )
            .into_response(),
        None => paypal_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            "LOST",
        ),
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    token: String,
}

/// The approve page.
async fn page(
    axum::Extension(sim): axum::Extension<Shared>,
    Query(q): Query<TokenQuery>,
) -> Response {
    let Some(o) = sim.with(|s| s.paypal_orders.get(&q.token).cloned()) else {
        return unknown_order();
    };
    Html(super::page_frame(
        "Persetujuan PayPal (simulasi)",
        &format!(
            "<dl class=\"mt-6 space-y-2 text-slate-200\">\
             <div><dt class=\"text-sm text-slate-400\">Pesanan</dt><dd><code>{order}</code></dd></div>\
             <div><dt class=\"text-sm text-slate-400\">Item</dt><dd>{item}</dd></div>\
             <div><dt class=\"text-sm text-slate-400\">Jumlah</dt><dd class=\"text-xl font-bold\">US${value}</dd></div>\
             </dl>\
             <form method=\"post\" class=\"mt-8 grid gap-3\">\
             <input type=\"hidden\" name=\"token\" value=\"{token}\">\
             <button class=\"btn-primary\" name=\"result\" value=\"approve\">Setujui pembayaran</button>\
             <button class=\"btn-ghost\" name=\"result\" value=\"cancel\">Batalkan dan kembali</button>\
             </form>",
            order = super::escape(&o.custom_id),
            item = super::escape(&o.description),
            value = super::escape(&o.value),
            token = super::escape(&o.id),
        ),
    ))
    .into_response()
}

#[derive(Deserialize)]
struct Choice {
    token: String,
    result: String,
}

/// The payer's choice on order `token`: approve (a payer-action order
/// becomes APPROVED) or cancel. None for an unknown order.
fn decide(sim: &Shared, token: &str, approve: bool) -> Option<SimOrder> {
    sim.with(|s| {
        s.paypal_orders.get_mut(token).map(|o| {
            if approve && o.status == "PAYER_ACTION_REQUIRED" {
                o.status = "APPROVED";
            }
            o.clone()
        })
    })
}

fn unknown_order() -> Response {
    (
        StatusCode::NOT_FOUND,
        "Pesanan PayPal tidak dikenal simulator.",
    )
        .into_response()
}

/// Approve (back to `return_url` with `token` and `PayerID`) or cancel.
async fn choose(axum::Extension(sim): axum::Extension<Shared>, Form(c): Form<Choice>) -> Response {
    let approve = c.result == "approve";
    let Some(o) = decide(&sim, &c.token, approve) else {
        return unknown_order();
    };
    let back = if approve {
        &o.return_url
    } else {
        &o.cancel_url
    };
    let sep = if back.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{back}{sep}token={}&PayerID=SIMPAYER", o.id)).into_response()
}

/// The JS SDK's stand-in: `paypal.Buttons({createOrder, onApprove,
/// onCancel, onError}).render(el)` draws a PayPal button; its approval
/// window is a dialog over the page (the real SDK opens a PayPal popup),
/// and the result comes back through the same callbacks.
async fn sdk_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("paypal_sdk.js").replace("{base}", SIMULATOR_PAYPAL_API),
    )
        .into_response()
}

/// What the stand-in's dialog shows of an order.
async fn sdk_order(
    axum::Extension(sim): axum::Extension<Shared>,
    Path(id): Path<String>,
) -> Response {
    match sim.with(|s| s.paypal_orders.get(&id).cloned()) {
        Some(o) => Json(json!({
            "id": o.id,
            "reference": o.custom_id,
            "description": o.description,
            "value": o.value,
            "currency": o.currency,
        }))
        .into_response(),
        None => unknown_order(),
    }
}

#[derive(Deserialize)]
struct SdkChoice {
    result: String,
}

/// The dialog's choice (JSON), as [`choose`] for the approve page.
async fn sdk_choose(
    axum::Extension(sim): axum::Extension<Shared>,
    Path(id): Path<String>,
    Json(c): Json<SdkChoice>,
) -> Response {
    match decide(&sim, &id, c.result == "approve") {
        Some(o) => Json(json!({ "id": o.id, "status": o.status })).into_response(),
        None => unknown_order(),
    }
}

/// `POST /v2/checkout/orders/{id}/capture`: 201 COMPLETED once approved
/// (the same answer for a retried request id), 422 ORDER_NOT_APPROVED
/// before; a completed capture also sends `PAYMENT.CAPTURE.COMPLETED` to the
/// site's webhook.
async fn capture(
    State(state): State<AppState>,
    axum::Extension(sim): axum::Extension<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !bearer_ok(&headers) {
        return paypal_error(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILURE",
            "INVALID_TOKEN",
        );
    }
    let outcome = sim.with(|s| {
        let o = s.paypal_orders.get_mut(&id)?;
        let first = o.status == "APPROVED";
        if first {
            o.status = "COMPLETED";
        }
        Some((o.clone(), first))
    });
    let Some((o, first)) = outcome else {
        return paypal_error(
            StatusCode::NOT_FOUND,
            "RESOURCE_NOT_FOUND",
            "INVALID_RESOURCE_ID",
        );
    };
    if o.status != "COMPLETED" {
        return paypal_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNPROCESSABLE_ENTITY",
            "ORDER_NOT_APPROVED",
        );
    }
    if first {
        let state = state.clone();
        let event = json!({
            "id": format!("WH-SIM-{}", uuid::Uuid::new_v4().simple()),
            "event_version": "1.0",
            "create_time": chrono::Utc::now().to_rfc3339(),
            "resource_type": "capture",
            "event_type": "PAYMENT.CAPTURE.COMPLETED",
            "summary": format!("Payment completed for $ {} USD", o.value),
            "resource": capture_json(&o),
        });
        tokio::spawn(async move { send_webhook(&state, event).await });
    }
    (
        StatusCode::CREATED,
        Json(order_json(&o, &state.server.config.site_url)),
    )
        .into_response()
}

/// The signature the simulator gives an event (verified by `verify`).
fn signature(transmission_id: &str, event_id: &str, secret: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{transmission_id}|{event_id}|{secret}").as_bytes(),
    ))
}

async fn send_webhook(state: &AppState, event: Value) {
    let transmission_id = uuid::Uuid::new_v4().to_string();
    let sig = signature(
        &transmission_id,
        event["id"].as_str().unwrap_or_default(),
        &secret(state),
    );
    let mut url = state.server.config.site_url.clone();
    url.set_path("/api/payment/paypal/webhook");
    let sent = domain::payments::http_client()
        .post(url)
        .header("paypal-auth-algo", "SHA256withRSA")
        .header(
            "paypal-cert-url",
            "https://api-m.sandbox.paypal.com/v1/notifications/certs/SIMULATOR",
        )
        .header("paypal-transmission-id", &transmission_id)
        .header("paypal-transmission-sig", sig)
        .header("paypal-transmission-time", chrono::Utc::now().to_rfc3339())
        .json(&event)
        .send()
        .await;
    match sent {
        Ok(res) => tracing::info!(answer = %res.status(), "simulator: paypal webhook sent"),
        Err(e) => tracing::warn!(error = %e, "simulator: paypal webhook failed"),
    }
}

/// `POST /v1/notifications/verify-webhook-signature`.
async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if !bearer_ok(&headers) {
        return paypal_error(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILURE",
            "INVALID_TOKEN",
        );
    }
    let expected = signature(
        body["transmission_id"].as_str().unwrap_or_default(),
        body["webhook_event"]["id"].as_str().unwrap_or_default(),
        &secret(&state),
    );
    let webhook_ok =
        body["webhook_id"].as_str() == state.server.config.paypal_webhook_id.as_deref();
    let ok = webhook_ok && body["transmission_sig"].as_str() == Some(expected.as_str());
    Json(json!({ "verification_status": if ok { "SUCCESS" } else { "FAILURE" } })).into_response()
}
