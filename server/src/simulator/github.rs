//! GitHub's stand-in for development (see `simulator`): the three REST
//! calls `domain::github` makes, answered as GitHub documents them, so a
//! demo `github_invite` product is delivered with no GitHub account.
//! `PUT …/collaborators/{username}` creates an invitation (201, with its
//! id), or answers as GitHub would for a few telling usernames: `ghost-404`
//! does not exist (404), `ditolak-422` is refused (422), `sudah-ada` is
//! already a collaborator (204). Both removals answer 204.
use crate::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{delete, put},
    Json, Router,
};
use domain::github::SIMULATOR_API;
use secrecy::ExposeSecret;
use serde_json::json;
use std::sync::atomic::{AtomicI64, Ordering};

static NEXT_INVITATION: AtomicI64 = AtomicI64::new(1000);

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &format!("{SIMULATOR_API}/repos/{{owner}}/{{repo}}/collaborators/{{username}}"),
            put(invite).delete(removed),
        )
        .route(
            &format!("{SIMULATOR_API}/repos/{{owner}}/{{repo}}/invitations/{{id}}"),
            delete(removed),
        )
}

/// `Authorization: Bearer <GITHUB_PAT>` as configured.
fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(token) = &state.server.config.github_pat else {
        return false;
    };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {}", token.expose_secret()))
}

fn message(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({
            "message": message,
            "documentation_url": "https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator",
        })),
    )
        .into_response()
}

async fn invite(
    State(state): State<AppState>,
    Path((owner, repo, username)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&state, &headers) {
        return message(StatusCode::UNAUTHORIZED, "Bad credentials");
    }
    match username.to_ascii_lowercase().as_str() {
        "ghost-404" => message(StatusCode::NOT_FOUND, "Not Found"),
        "ditolak-422" => message(StatusCode::UNPROCESSABLE_ENTITY, "Validation Failed"),
        "sudah-ada" => StatusCode::NO_CONTENT.into_response(),
        _ => {
            let id = NEXT_INVITATION.fetch_add(1, Ordering::Relaxed);
            let body = json!({
                "id": id,
                "repository": {"full_name": format!("{owner}/{repo}"), "private": true},
                "invitee": {"login": username, "type": "User"},
                "inviter": {"login": "tiranyx-simulator"},
                "permissions": "read",
                "created_at": chrono::Utc::now().to_rfc3339(),
                "html_url": format!("https://github.com/{owner}/{repo}/invitations"),
            });
            (StatusCode::CREATED, Json(body)).into_response()
        }
    }
}

async fn removed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !authorized(&state, &headers) {
        return message(StatusCode::UNAUTHORIZED, "Bad credentials");
    }
    StatusCode::NO_CONTENT.into_response()
}
