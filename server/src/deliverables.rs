//! `GET /api/files/deliverables/{token}`: a purchased file through its
//! signed link (from the `delivery-ready` e-mail or the dashboard), as an
//! attachment with its length, ranges supported (`stored_files::ranged`).
//! A person whose link is refused lands on the downloads page with the
//! reason and fresh links; other clients get the JSON error.
//! `GET /api/files/service-deliverables/{token}` serves a service order's
//! deliverable the same way, through a link signed in the service scope.
use crate::{client_ip::client_ip, payments::back_with, AppState};
use app::error::{AppError, ErrorCode};
use axum::{
    extract::{Path, Request, State},
    http::{header, HeaderValue, Method},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use std::net::{IpAddr, Ipv4Addr};

const DOWNLOADS_PAGE: &str = "/dashboard/downloads";

/// Downloads a purchased file through its signed link.
///
/// Each full download counts against the purchase's limit; a range request
/// continuing one does not. A browser (`Accept: text/html`) whose link is
/// refused is sent to the downloads page instead of the JSON error.
#[utoipa::path(
    get,
    path = "/api/files/deliverables/{token}",
    tag = "downloads",
    params(("token" = String, Path, description = "The signed link's token, as e-mailed")),
    responses(
        (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream", body = [u8]),
        (status = 206, description = "The requested range of the file", content_type = "application/octet-stream", body = [u8]),
        (status = 403, description = "`download_limit_reached`", body = AppError),
        (status = 404, description = "`link_invalid`: malformed or forged, or the purchase was revoked", body = AppError),
        (status = 410, description = "`link_expired`: ask the dashboard for a fresh link", body = AppError),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let st = &state.server;
    let ip =
        client_ip(&req, &st.config.trusted_proxies).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let file = match domain::deliverables::open(
        &st.db,
        &st.deliverables,
        &token,
        ip,
        counts_as_a_download(&req),
        Utc::now(),
    )
    .await
    {
        Ok(file) => file,
        Err(e) if wants_page => return back_with(DOWNLOADS_PAGE, e.into()),
        Err(e) => return AppError::from(e).into_response(),
    };
    serve(&state, file, req).await
}

/// Downloads a service order's deliverable through its signed link.
///
/// The link comes from the member's service order page (valid 72 hours);
/// downloads are not counted. A browser whose link is refused is sent to
/// the member's service orders instead of the JSON error.
#[utoipa::path(
    get,
    path = "/api/files/service-deliverables/{token}",
    tag = "downloads",
    params(("token" = String, Path, description = "The signed link's token, from the service order page")),
    responses(
        (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream", body = [u8]),
        (status = 206, description = "The requested range of the file", content_type = "application/octet-stream", body = [u8]),
        (status = 404, description = "`link_invalid`: malformed or forged, or the file is no longer the order's", body = AppError),
        (status = 410, description = "`link_expired`: open the service order page for a fresh link", body = AppError),
    )
)]
pub async fn service_download(
    State(state): State<AppState>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let st = &state.server;
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let opened =
        domain::service_orders::open_deliverable(&st.db, &st.deliverables, &token, Utc::now())
            .await;
    match opened {
        Ok(file) => serve(&state, file, req).await,
        Err(e) if wants_page => back_with(SERVICES_PAGE, e.into()),
        Err(e) => AppError::from(e).into_response(),
    }
}

const SERVICES_PAGE: &str = "/dashboard/services";

/// `file` as an attachment (ranges supported), never cached by others.
pub(crate) async fn serve(
    state: &AppState,
    file: domain::deliverables::Download,
    req: Request,
) -> Response {
    let area = &state.server.storage.private;
    let mut response = match crate::stored_files::ranged(area, &file.stored_name, req.headers())
        .await
    {
        Ok(r) => r,
        Err(domain::storage::StorageError::NotFound) => {
            // The row is there but the file is gone: an operator's problem.
            tracing::error!(file = %file.stored_name, "a delivered file is missing from storage");
            return AppError::new(ErrorCode::NotFound).into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "serving a delivered file");
            return AppError::from(domain::DomainError::from(e)).into_response();
        }
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&file.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A full download (or its first part) counts; a resumed range, a HEAD or
/// a later part of a download manager's split transfer does not.
fn counts_as_a_download(req: &Request) -> bool {
    if req.method() != Method::GET {
        return false;
    }
    match req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(range) => range.trim().starts_with("bytes=0-"),
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`: the
/// name as uploaded for browsers that read RFC 6266, a plain one for the
/// rest.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_survive_the_header() {
        assert_eq!(
            super::content_disposition("Panduan Lengkap.pdf"),
            "attachment; filename=\"Panduan Lengkap.pdf\"; filename*=UTF-8''Panduan%20Lengkap.pdf"
        );
        assert_eq!(
            super::content_disposition("café.zip"),
            "attachment; filename=\"caf_.zip\"; filename*=UTF-8''caf%C3%A9.zip"
        );
    }
}
