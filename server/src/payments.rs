//! Paying: the member's buy / pay-again / cancel posts (plain forms that
//! work without JavaScript), `POST /api/payment/midtrans/create`, and
//! Midtrans' notification. Thin: who, what, `domain`, the error pipeline.
use crate::AppState;
use app::{
    error::{AppError, ErrorCode},
    ssr::session::CurrentMember,
};
use axum::{
    body::Bytes,
    extract::{rejection::JsonRejection, Path, State},
    response::{IntoResponse, Redirect, Response},
    Form, Json,
};
use chrono::Utc;
use domain::{
    entities::order::{self, PaymentProvider},
    orders::{self, Recorded},
    payments::midtrans,
    DomainError, Refusal,
};
use serde::Deserialize;
use serde_json::json;

/// Where the member pays `order`: the provider's page.
pub(crate) async fn payment_page(
    state: &AppState,
    order: &order::Model,
) -> Result<String, AppError> {
    let st = &state.server;
    match order.payment_provider {
        PaymentProvider::Midtrans => {
            let m = st
                .payments
                .midtrans
                .as_ref()
                .ok_or_else(|| DomainError::Unavailable("Midtrans is not configured".into()))?;
            Ok(midtrans::pay(&st.db, m, &st.site(), order)
                .await?
                .redirect_url)
        }
        PaymentProvider::Paypal => {
            let p = st
                .payments
                .paypal
                .as_ref()
                .ok_or_else(|| DomainError::Unavailable("PayPal is not configured".into()))?;
            Ok(domain::payments::paypal::pay(&st.db, p, &st.site(), order)
                .await?
                .approve_url)
        }
    }
}

/// A refused form post, back to `page` with the reason in the query (the
/// page shows it as an alert).
pub(crate) fn back_with(page: &str, e: AppError) -> Response {
    let sep = if page.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{page}{sep}gagal={}", e.error.as_str())).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BuyForm {
    method: String,
    /// `dashboard` when the member renews a licence subscription from the
    /// dashboard: a refusal goes back there.
    from: String,
}

/// `POST /products/{slug}/buy`: order the product, then off to pay. A guest
/// goes to login and comes back to the product.
pub async fn buy(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<BuyForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let page = if form.from == "dashboard" {
        crate::subscriptions::DASHBOARD_PAGE.to_owned()
    } else {
        format!("/products/{}", app::format::query_path(&slug))
    };
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to(&format!("/login?next={page}")).into_response();
    };
    let Some(method) = PaymentProvider::parse(form.method.trim()) else {
        return back_with(&page, AppError::new(ErrorCode::InvalidInput));
    };
    let st = &state.server;
    let result = async {
        let order = orders::order_product(
            &st.db,
            &user.into(),
            &slug,
            method,
            st.config.order_ttl(),
            Utc::now(),
        )
        .await?;
        payment_page(&state, &order).await
    }
    .await;
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) if e.error == ErrorCode::NotFound => e.into_response(),
        Err(e) => back_with(&page, e),
    }
}

fn order_id(raw: &str) -> Result<i32, AppError> {
    raw.parse().map_err(|_| AppError::not_found())
}

/// `POST /dashboard/orders/{id}/pay`: pay a pending order again.
pub async fn pay_again(
    State(state): State<AppState>,
    Path(id): Path<String>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to("/login?next=/dashboard/orders").into_response();
    };
    let result = async {
        let order = orders::order_of(&state.server.db, user.user_id, order_id(&id)?).await?;
        payment_page(&state, &order).await
    }
    .await;
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => back_with("/dashboard/orders", e),
    }
}

/// `POST /dashboard/orders/{id}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to("/login?next=/dashboard/orders").into_response();
    };
    let result = async {
        orders::cancel(&state.server.db, user.user_id, order_id(&id)?, Utc::now()).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Redirect::to("/dashboard/orders?dibatalkan=1").into_response(),
        Err(e) => back_with("/dashboard/orders", e),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePayment {
    order_id: i32,
}

/// `POST /api/payment/midtrans/create`: the Snap token and page of the
/// member's pending order, with the client key Snap's JavaScript needs.
pub async fn midtrans_create(
    State(state): State<AppState>,
    CurrentMember(user): CurrentMember,
    body: Result<Json<CreatePayment>, JsonRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    let Json(req) = body.map_err(|_| AppError::new(ErrorCode::BadRequest))?;
    let st = &state.server;
    let order = orders::order_of(&st.db, user.user_id, req.order_id).await?;
    if order.payment_provider != PaymentProvider::Midtrans {
        return Err(DomainError::field("order_id", "Pesanan ini dibayar lewat PayPal.").into());
    }
    let m = st
        .payments
        .midtrans
        .as_ref()
        .ok_or_else(|| DomainError::Unavailable("Midtrans is not configured".into()))?;
    let snap = midtrans::pay(&st.db, m, &st.site(), &order).await?;
    Ok(Json(json!({
        "token": snap.token,
        "redirect_url": snap.redirect_url,
        "client_key": st.payments.midtrans_client_key,
    })))
}

/// `POST /api/payment/midtrans/notification` (seed 4.2): the signature
/// over the fields as received (401, nothing written, when wrong), then
/// the status confirmed with Midtrans' API and applied once. Midtrans
/// retries anything but a 2xx, so an outage of its API answers 503.
pub async fn midtrans_notification(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let st = &state.server;
    let m = st
        .payments
        .midtrans
        .as_ref()
        .ok_or_else(AppError::not_found)?;
    let notification: midtrans::Notification =
        serde_json::from_slice(&body).map_err(|_| AppError::new(ErrorCode::BadRequest))?;
    if !midtrans::signature_valid(&notification, m.server_key()) {
        tracing::warn!(order = %notification.order_id, "midtrans notification: bad signature");
        return Err(DomainError::from(Refusal::SignatureInvalid).into());
    }
    let raw = String::from_utf8_lossy(&body);
    let recorded = match midtrans::confirm(
        &st.db,
        m,
        &st.site(),
        &notification.order_id,
        &raw,
        Utc::now(),
    )
    .await
    {
        Err(DomainError::NotFound) => {
            tracing::warn!(order = %notification.order_id, "midtrans notification for an unknown order");
            return Err(AppError::not_found());
        }
        other => other?,
    };
    state.jobs_notify.notify_one();
    match recorded {
        Recorded::AmountMismatch => Err(DomainError::from(Refusal::AmountMismatch).into()),
        other => Ok(Json(json!({ "ok": true, "outcome": other.as_str() }))),
    }
}

fn pdf_response(number: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"",
        domain::invoices::file_name(number)
    );
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /dashboard/orders/{id}/invoice.pdf`: the owner's invoice.
pub async fn member_invoice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CurrentMember(user): CurrentMember,
) -> Result<Response, AppError> {
    let db = &state.server.db;
    let order = orders::order_of(db, user.user_id, order_id(&id)?).await?;
    let bytes = domain::invoices::for_order(db, &order).await?;
    Ok(pdf_response(
        order.invoice_number.as_deref().unwrap_or_default(),
        bytes,
    ))
}

/// `GET /admin/orders/{id}/invoice.pdf`: any order's invoice, for admins.
pub async fn admin_invoice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _admin: app::ssr::session::CurrentAdmin,
) -> Result<Response, AppError> {
    let db = &state.server.db;
    let order = orders::order_by_id(db, order_id(&id)?).await?;
    let bytes = domain::invoices::for_order(db, &order).await?;
    Ok(pdf_response(
        order.invoice_number.as_deref().unwrap_or_default(),
        bytes,
    ))
}
