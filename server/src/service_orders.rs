//! The member's plain-form posts on `/dashboard/services/{id}`: accept the
//! quote (then off to pay, as products do), approve a deliverable, ask for
//! a revision. Each checks the session here and the order's owner in the
//! domain; a refusal goes back to the order's page as `?gagal=code`.
use crate::{
    payments::{back_with, payment_page},
    AppState,
};
use app::{error::AppError, ssr::session::CurrentMember};
use axum::{
    extract::{rejection::FormRejection, Path, State},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use chrono::Utc;
use domain::service_orders;
use serde::Deserialize;

fn page(id: i32) -> String {
    service_orders::member_path(id)
}

fn to_login(id: i32) -> Response {
    Redirect::to(&format!("/login?next={}", page(id))).into_response()
}

/// `POST /dashboard/services/{id}/accept`.
pub async fn accept(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return to_login(id);
    };
    let st = &state.server;
    let result = async {
        let order = service_orders::accept_quote(
            &st.db,
            &st.site(),
            &user.into(),
            id,
            st.config.order_ttl(),
            Utc::now(),
        )
        .await?;
        payment_page(&state, &order).await
    }
    .await;
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => back_with(&page(id), e),
    }
}

/// `POST /dashboard/services/{id}/files/{file}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    Path((id, file)): Path<(i32, i32)>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return to_login(id);
    };
    let st = &state.server;
    let done =
        service_orders::approve_deliverable(&st.db, &st.site(), user.user_id, id, file, Utc::now())
            .await;
    match done {
        Ok(_) => Redirect::to(&format!("{}?disetujui=1", page(id))).into_response(),
        Err(e) => back_with(&page(id), e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevisionForm {
    comment: String,
}

/// `POST /dashboard/services/{id}/files/{file}/revision`.
pub async fn revision(
    State(state): State<AppState>,
    Path((id, file)): Path<(i32, i32)>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<RevisionForm>, FormRejection>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return to_login(id);
    };
    let comment = form.map(|Form(f)| f.comment).unwrap_or_default();
    let st = &state.server;
    let done = service_orders::request_revision(
        &st.db,
        &st.site(),
        user.user_id,
        id,
        file,
        &comment,
        Utc::now(),
    )
    .await;
    match done {
        Ok(()) => Redirect::to(&format!("{}?revisi=1", page(id))).into_response(),
        Err(e) => back_with(&page(id), e.into()),
    }
}
