//! A product's delivered files, from its edit page: `POST
//! /admin/products/{id}/files` (multipart, field `file`) adds one, `POST
//! /admin/products/{id}/files/{file}/delete` removes one. Plain forms that
//! come back to the edit page with `?berkas=…`; `domain::deliverables`
//! checks, stores and audits.
use crate::AppState;
use app::{
    error::AppError,
    ssr::{session::CurrentAdmin, ClientIp},
};
use axum::{
    extract::{multipart::MultipartRejection, DefaultBodyLimit, Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use domain::{
    deliverables::{self, FileRules},
    DomainError,
};

/// The body may be the largest allowed file plus multipart framing.
pub fn body_limit(state: &AppState) -> DefaultBodyLimit {
    let max = state.server.config.deliverable_max_bytes as usize;
    DefaultBodyLimit::max(max.saturating_add(64 * 1024))
}

fn back(product_id: i32, outcome: &str) -> Response {
    Redirect::to(&format!(
        "/admin/products/{product_id}?berkas={outcome}#file-produk"
    ))
    .into_response()
}

fn outcome_of(e: &DomainError) -> &'static str {
    match e {
        DomainError::Invalid(_) => "ditolak",
        DomainError::NotFound => "tidak-ada",
        _ => "gagal",
    }
}

pub async fn add(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    ip: Option<Extension<ClientIp>>,
    Path(product_id): Path<i32>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Ok(admin) = admin else {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    };
    let Ok(mut multipart) = multipart else {
        return back(product_id, "ditolak");
    };
    // The first field named `file`; anything else is ignored.
    let (name, bytes) = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => break (name, b),
                    // Over the body limit: the stream stops with an error.
                    Err(_) => return back(product_id, "ditolak"),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) | Err(_) => return back(product_id, "ditolak"),
        }
    };
    let st = &state.server;
    let actor = admin.actor(ip.as_ref().map(|Extension(ip)| ip));
    match deliverables::add_file(
        &st.db,
        &st.deliverables,
        &FileRules::from_config(&st.config),
        &actor,
        product_id,
        &name,
        &bytes,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(_) => back(product_id, "ditambah"),
        Err(e) => {
            if !matches!(e, DomainError::Invalid(_)) {
                tracing::error!(error = %e, "adding a product file");
            }
            back(product_id, outcome_of(&e))
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    ip: Option<Extension<ClientIp>>,
    Path((product_id, file_id)): Path<(i32, i32)>,
) -> Response {
    let Ok(admin) = admin else {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    };
    let st = &state.server;
    let actor = admin.actor(ip.as_ref().map(|Extension(ip)| ip));
    match deliverables::remove_file(
        &st.db,
        &st.deliverables,
        &actor,
        product_id,
        file_id,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(()) => back(product_id, "dihapus"),
        Err(e) => back(product_id, outcome_of(&e)),
    }
}
