//! The plain forms (they work without JavaScript) where a member gives a
//! GitHub username: for their profile, `POST /dashboard/profile/github`,
//! and for one of their own `github_invite` purchases, `POST
//! /dashboard/purchases/{id}/github`. Kept and invited by `domain::github`;
//! a username GitHub would not allow comes back as the page's one alert,
//! and nothing changes.
use crate::{payments::back_with, AppState};
use app::{error::AppError, ssr::session::CurrentMember};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use chrono::Utc;
use serde::Deserialize;

const PAGE: &str = "/dashboard/downloads";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UsernameForm {
    github_username: String,
}

pub async fn set_username(
    State(state): State<AppState>,
    Path(purchase_id): Path<i32>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<UsernameForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to(&format!("/login?next={PAGE}")).into_response();
    };
    let raw = form.map(|Form(f)| f.github_username).unwrap_or_default();
    match domain::github::set_username(
        &state.server.db,
        user.user_id,
        purchase_id,
        &raw,
        Utc::now(),
    )
    .await
    {
        Ok(_) => {
            // The invitation goes out now, not at the next poll.
            state.jobs_notify.notify_one();
            Redirect::to(&format!("{PAGE}?github=1#pembelian-{purchase_id}")).into_response()
        }
        Err(e) => back_with(PAGE, e.into()),
    }
}

/// `POST /dashboard/profile/github`: the profile's username (empty clears
/// it); the member's GitHub purchases waiting for one are invited with it.
pub async fn set_profile_username(
    State(state): State<AppState>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<UsernameForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    const PROFILE: &str = "/dashboard/profile";
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to(&format!("/login?next={PROFILE}")).into_response();
    };
    let raw = form.map(|Form(f)| f.github_username).unwrap_or_default();
    match domain::github::set_profile_username(&state.server.db, user.user_id, &raw, Utc::now())
        .await
    {
        Ok(filled) => {
            if filled > 0 {
                state.jobs_notify.notify_one();
            }
            Redirect::to(&format!("{PROFILE}?github=disimpan#akun-github")).into_response()
        }
        Err(e) => back_with(PROFILE, e.into()),
    }
}
