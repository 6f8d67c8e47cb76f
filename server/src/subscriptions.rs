//! `POST /saas/{slug}/buy`: buying (or renewing) a period of a SaaS bundle,
//! the same plain-form checkout as products (`payments::buy`): order on
//! the server at the server's price, then off to the provider's page. The
//! dashboard's "Perpanjang" posts here too and gets refusals back there.
use crate::{
    payments::{back_with, payment_page},
    AppState,
};
use app::{
    error::{AppError, ErrorCode},
    ssr::session::CurrentMember,
};
use axum::{
    extract::{rejection::FormRejection, Path, State},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use chrono::Utc;
use domain::entities::order::PaymentProvider;
use serde::Deserialize;

/// The dashboard's subscriptions page, where renewals come from.
pub const DASHBOARD_PAGE: &str = "/dashboard/subscriptions";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BuyBundleForm {
    method: String,
    /// `dashboard` when the member renews from the dashboard: a refusal
    /// goes back there.
    from: String,
}

pub async fn buy(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<BuyBundleForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let page = if form.from == "dashboard" {
        DASHBOARD_PAGE.to_owned()
    } else {
        format!("/saas/{}", app::format::query_path(&slug))
    };
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to(&format!("/login?next={page}")).into_response();
    };
    let Some(method) = PaymentProvider::parse(form.method.trim()) else {
        return back_with(&page, AppError::new(ErrorCode::InvalidInput));
    };
    let st = &state.server;
    let result = async {
        let order = domain::subscriptions::order_bundle(
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
