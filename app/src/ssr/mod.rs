//! Server-only glue: the state server functions read from the Leptos
//! context, the mapping from domain rows to page models, and JSON-LD.
pub mod admin;
pub mod auth;
pub mod json_ld;
pub mod mapping;

use crate::error::AppError;
use domain::{Config, Database};
use leptos::prelude::*;
use std::sync::Arc;

pub use mapping::{delivery_label, split_tags, tanggal};

/// Provided by the server to every render and server function call.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: Database,
    pub config: Arc<Config>,
    /// Bounded password hashing, shared by every request.
    pub hasher: domain::accounts::PasswordHasher,
}

/// The value of cookie `name` from the request's `Cookie` headers, if set,
/// non-empty and at most `max_len` bytes (longer values are never ours).
pub fn cookie(headers: &http::HeaderMap, name: &str, max_len: usize) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= max_len)
}

pub fn state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| {
        tracing::error!("ServerState missing from the Leptos context");
        AppError::Internal
    })
}

/// The public origin, for absolute URLs in JSON-LD.
pub fn origin() -> String {
    state().map(|s| s.config.site_origin()).unwrap_or_default()
}
