//! Admin downloads that are files, not pages: the waitlist as CSV. The
//! guard in front of `/admin` already demands an active admin session;
//! the handler checks it again, like every admin server function.
use crate::AppState;
use app::{
    error::AppError,
    ssr::{session::CurrentAdmin, ClientIp},
};
use axum::{
    extract::{Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::Deserialize;
use serde_json::json;

/// Longest product slug accepted.
const MAX_SLUG: usize = 160;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    /// A product slug; absent or empty exports every waitlist.
    pub product: Option<String>,
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut res = (status, Json(json!({ "error": code, "message": message }))).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `None` for every product, the slug, or `Err` when it is not a slug.
fn product_filter(raw: Option<&str>) -> Result<Option<&str>, ()> {
    match raw.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) if p.len() <= MAX_SLUG && domain::markdown::is_slug(p) => Ok(Some(p)),
        Some(_) => Err(()),
    }
}

/// `GET /admin/waitlist.csv[?product=<slug>]`: the entries as a CSV
/// attachment (`waitlist-<product|semua>-<YYYYMMDD>.csv`), audited as
/// `waitlist.export` in the same transaction as the read.
pub async fn waitlist_csv(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    client_ip: Option<Extension<ClientIp>>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let Ok(admin) = admin else {
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Silakan masuk sebagai admin terlebih dahulu.",
        );
    };
    let Ok(product) = product_filter(query.product.as_deref()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "Produk tidak valid: gunakan huruf kecil, angka dan tanda hubung (maksimal 160).",
        );
    };
    let now = chrono::Utc::now();
    let actor = admin.actor(client_ip.as_ref().map(|Extension(ip)| ip));
    let db = &state.server.db;
    let csv = match domain::backoffice::waitlist::export_csv(db, &actor, product, now).await {
        Ok(csv) => csv,
        Err(e) => {
            tracing::error!(error = %e, "waitlist export failed");
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Terjadi gangguan di server kami. Silakan coba lagi sebentar lagi.",
            );
        }
    };
    let filename = format!(
        "waitlist-{}-{}.csv",
        product.unwrap_or("semua"),
        now.format("%Y%m%d")
    );
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        csv,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::product_filter;

    #[test]
    fn only_slugs_are_accepted() {
        assert_eq!(product_filter(None), Ok(None));
        assert_eq!(product_filter(Some("")), Ok(None));
        assert_eq!(product_filter(Some("nusa-1")), Ok(Some("nusa-1")));
        assert!(product_filter(Some("Nusa")).is_err());
        assert!(product_filter(Some("a\"b")).is_err());
        assert!(product_filter(Some("../x")).is_err());
        assert!(product_filter(Some(&"a".repeat(161))).is_err());
        assert!(product_filter(Some(&"a".repeat(160))).is_ok());
    }
}
