//! Profile photo upload: `POST /dashboard/profile/avatar` (multipart), behind
//! the dashboard guard. Checked by `domain::uploads`; stored under
//! `UPLOADS_DIR/avatars` with a random name; served at `/uploads/avatars/…`.
use crate::AppState;
use app::{error::AppError, ssr::session::CurrentMember};
use axum::{
    extract::{DefaultBodyLimit, Multipart, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::uploads::{self, UploadError};

/// 2 MB per photo.
pub const MAX_AVATAR_BYTES: usize = 2 * 1024 * 1024;

/// The request body may be a little larger than the file (multipart framing).
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_AVATAR_BYTES + 64 * 1024)
}

fn back(result: Result<(), UploadError>) -> Response {
    match result {
        Ok(()) => Redirect::to("/dashboard/profile?foto=ok").into_response(),
        Err(e) => Redirect::to(&format!("/dashboard/profile?foto={}", e.code())).into_response(),
    }
}

pub async fn post_avatar(
    State(state): State<AppState>,
    member: Result<CurrentMember, AppError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    // The guard in front of `/dashboard` already found the member; this
    // reuses its lookup.
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to("/login?next=/dashboard/profile").into_response();
    };
    let Ok(mut multipart) = multipart else {
        return back(Err(UploadError::Empty));
    };
    // The first field named `avatar`; anything else in the form is ignored.
    let (name, bytes) = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("avatar") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => break (name, b),
                    // Over the body limit: the stream stops with an error.
                    Err(_) => {
                        return back(Err(UploadError::TooLarge {
                            max_kib: MAX_AVATAR_BYTES / 1024,
                        }))
                    }
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) => return back(Err(UploadError::Empty)),
            Err(_) => {
                return back(Err(UploadError::TooLarge {
                    max_kib: MAX_AVATAR_BYTES / 1024,
                }))
            }
        }
    };
    let kind = match uploads::check_image(&name, &bytes, MAX_AVATAR_BYTES) {
        Ok(k) => k,
        Err(e) => return back(Err(e)),
    };
    let area = &state.server.storage.uploads;
    let stored = match uploads::store(area, uploads::AVATARS, kind, bytes.to_vec()).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = %e, "storing an avatar failed");
            return Redirect::to("/dashboard/profile?foto=gagal").into_response();
        }
    };
    let db = &state.server.db;
    if let Err(e) =
        domain::accounts::set_avatar(db, user.user_id, Some(stored.clone()), chrono::Utc::now())
            .await
    {
        tracing::error!(error = %e, "saving the avatar failed");
        uploads::remove(area, uploads::AVATARS, &stored).await;
        return Redirect::to("/dashboard/profile?foto=gagal").into_response();
    }
    if let Some(old) = user.avatar_path {
        uploads::remove(area, uploads::AVATARS, &old).await;
    }
    back(Ok(()))
}
