use crate::AppState;
use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};

/// Liveness and database reachability, for the load balancer and uptime checks.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.server.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": "unreachable" })),
            )
        }
    }
}
