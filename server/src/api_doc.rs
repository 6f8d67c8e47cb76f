//! The OpenAPI 3.1 document of the API meant for outside callers, served
//! at `GET /api/openapi.json`: the licence API, signed file downloads and
//! the health check. Those routes are registered here from the same
//! annotated handlers the document is generated from (utoipa-axum), so a
//! path or a method cannot drift from its handler, and every schema is
//! derived from the type the handler serialises. `tests/openapi.rs` calls
//! each documented operation and checks the answers against the document.
//!
//! Not described: the server functions and form posts of the site's own
//! pages, the payment providers' webhooks (`/api/payment/*/notification`,
//! `/webhook`: called by Midtrans and PayPal in their own formats), and
//! the checkout calls the site's scripts make with the member's session.
use crate::{deliverables, health, licenses, tools, AppState};
use app::error::{AppError, ErrorCode};
use axum::{routing::get, Json, Router};
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tiranyx API",
        description = "The licence API (in the shape of Lemon Squeezy's, JSON or form-encoded), \
signed downloads of purchased files, the public tools (each use counted against a daily \
quota), and the health check. Every error answer is an `Error` \
with a stable `error` code; any call may also answer 503 `busy` with `Retry-After` when the \
server sheds load, or 500 `internal`."
    ),
    tags(
        (name = "licenses", description = "Activate, validate and deactivate licence keys"),
        (name = "downloads", description = "Purchased files and service deliverables through signed links"),
        (name = "tools", description = "The public tools, with daily quotas per plan"),
        (name = "operations", description = "For load balancers and uptime checks"),
    ),
    components(schemas(AppError, ErrorCode))
)]
struct ApiDoc;

/// The documented routes and their document.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(licenses::activate))
        .routes(routes!(licenses::validate))
        .routes(routes!(licenses::deactivate))
        .routes(routes!(deliverables::download))
        .routes(routes!(tools::use_tool))
        .routes(routes!(tools::usage))
        .routes(routes!(deliverables::service_download))
        .routes(routes!(health::healthz))
        .routes(routes!(health::livez))
        .routes(routes!(health::readyz))
        .split_for_parts()
}

/// The documented routes with the document served beside them.
pub fn router() -> Router<AppState> {
    let (routes, doc) = routes();
    let doc = Arc::new(doc);
    routes.route(
        DOCUMENT_PATH,
        get(move || {
            let doc = doc.clone();
            async move { Json(doc.as_ref().clone()) }
        }),
    )
}
