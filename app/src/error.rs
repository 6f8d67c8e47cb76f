//! The app layer's one error type. Server functions return it; the UI shows
//! its message; the server maps it to an HTTP status in exactly one place
//! (`AppError::status`).
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Error)]
#[serde(tag = "code", content = "message", rename_all = "snake_case")]
pub enum AppError {
    #[error("Halaman atau data yang kamu cari tidak ditemukan.")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("Permintaan ditolak.")]
    Forbidden,
    #[error("Silakan masuk terlebih dahulu.")]
    Unauthorized,
    #[error("Terjadi gangguan di server kami. Silakan coba lagi sebentar lagi.")]
    Internal,
    /// Transport-level failures (network down, malformed response).
    #[error("Tidak dapat menghubungi server: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Forbidden => 403,
            AppError::Unauthorized => 401,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Stable machine-readable code for JSON APIs.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid_input",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::Internal => "internal",
            AppError::Transport(_) => "transport",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Invalid(m)
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// Handlers' rejections (e.g. a missing session) answer like a server
/// function's error: the status of [`AppError::status`] and
/// `{"error": code, "message"}`.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::Json(serde_json::json!({
            "error": self.code(),
            "message": self.to_string(),
        }));
        (status, body).into_response()
    }
}

#[cfg(feature = "ssr")]
impl From<domain::DomainError> for AppError {
    fn from(e: domain::DomainError) -> Self {
        use domain::DomainError as D;
        match e {
            D::NotFound => AppError::NotFound,
            D::Invalid(m) => AppError::Invalid(m),
            other => {
                // The detail stays in the log; the visitor gets a calm message.
                tracing::error!(error = %other, "domain error");
                AppError::Internal
            }
        }
    }
}
