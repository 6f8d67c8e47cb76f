use crate::AppState;
use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;
use utoipa::ToSchema;

/// What the health check reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `error`.
    #[schema(example = "ok")]
    status: &'static str,
    /// `ok` or `unreachable`.
    #[schema(example = "ok")]
    database: &'static str,
}

/// Liveness and database reachability, for the load balancer and uptime checks.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses(
        (status = 200, description = "Serving, and the database answers", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    match state.server.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database: "ok",
            }),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "error",
                    database: "unreachable",
                }),
            )
        }
    }
}

/// Whether the instance has been told to stop: from then on `/readyz`
/// answers 503 so the load balancer sends its traffic elsewhere while
/// in-flight requests finish.
#[derive(Clone, Debug, Default)]
pub struct Lifecycle {
    draining: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Lifecycle {
    pub fn start_draining(&self) {
        self.draining
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The process answers.
#[utoipa::path(
    get,
    path = "/livez",
    tag = "operations",
    responses((status = 200, description = "The process is up", body = String))
)]
pub async fn livez() -> &'static str {
    "ok"
}

/// What the readiness check found.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ok` or `error`.
    #[schema(example = "ok")]
    status: &'static str,
    /// `ok` or `unreachable`.
    #[schema(example = "ok")]
    database: &'static str,
    /// Migrations this binary knows that the database lacks (null when the
    /// database could not be asked).
    #[schema(example = 0)]
    pending_migrations: Option<usize>,
    /// `ok`, or `missing` when an upload folder is not there.
    #[schema(example = "ok")]
    storage: &'static str,
    /// True once the instance was told to stop.
    draining: bool,
}

/// Ready to take traffic: the database answers with every migration
/// applied, the file storage is there, and no stop signal has arrived.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Ready for traffic", body = Readiness),
        (status = 503, description = "Not ready, or stopping", body = Readiness),
    )
)]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let draining = state.lifecycle.is_draining();
    let db = &state.server.db;
    let (database, pending_migrations) = match db.pending_migrations().await {
        Ok(n) => ("ok", Some(n)),
        Err(e) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            ("unreachable", None)
        }
    };
    let config = &state.server.config;
    let mut storage = "ok";
    if config.storage_url.is_some() {
        if let Err(e) = state.server.storage.check().await {
            tracing::error!(error = %e, "readiness: storage unreachable");
            storage = "unreachable";
        }
    } else {
        for dir in [&config.uploads_dir, &config.private_files_dir] {
            if !tokio::fs::metadata(dir).await.is_ok_and(|m| m.is_dir()) {
                tracing::error!(dir = %dir.display(), "readiness: storage folder missing");
                storage = "missing";
            }
        }
    }
    let ready = !draining && database == "ok" && pending_migrations == Some(0) && storage == "ok";
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Readiness {
            status: if ready { "ok" } else { "error" },
            database,
            pending_migrations,
            storage,
            draining,
        }),
    )
}
