//! The admin's answer in a client's message thread, a plain form post on
//! `/admin/messages/{user_id}/{project_id}`: checked against the admin
//! session here (as every admin post), written by
//! `domain::clients::messages::answer`; back to the thread with `?ok=1`,
//! or `?gagal=code` when refused.
use crate::{payments::back_with, AppState};
use app::{
    error::AppError,
    ssr::{session::CurrentAdmin, ClientIp},
};
use axum::{
    extract::{rejection::FormRejection, Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use chrono::Utc;
use domain::clients::messages;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    body: String,
}

/// `POST /admin/messages/{user_id}/{project_id}/answer`.
pub async fn answer(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    ip: Option<Extension<ClientIp>>,
    Path((user_id, project_id)): Path<(i32, String)>,
    form: Result<Form<AnswerForm>, FormRejection>,
) -> Response {
    let Ok(admin) = admin else {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    };
    // A malformed project id has no page to go back to.
    let Ok(project_id) = messages::project_id_of(&project_id) else {
        return AppError::not_found().into_response();
    };
    let page = messages::admin_path(user_id, &project_id);
    let body = form.map(|Form(f)| f.body).unwrap_or_default();
    let st = &state.server;
    let actor = admin.actor(ip.as_ref().map(|Extension(ip)| ip));
    let answered = messages::answer(
        &st.db,
        &st.site(),
        &actor,
        admin.0.admin_id,
        user_id,
        &project_id,
        &body,
        Utc::now(),
    )
    .await;
    match answered {
        Ok(_) => Redirect::to(&format!("{page}?ok=1")).into_response(),
        Err(e) => back_with(&page, e.into()),
    }
}
