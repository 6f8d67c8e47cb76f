//! Server-only glue: the state server functions read from the Leptos
//! context, the mapping from domain rows to page models, and JSON-LD.
pub mod csp;
pub mod json_ld;
pub mod mapping;
pub mod session;

use crate::error::AppError;
use domain::{Config, Database};
use leptos::prelude::*;
use std::sync::Arc;

pub use mapping::{delivery_label, split_tags, tanggal, waktu};

/// Provided by the server to every render and server function call. Cloned
/// for every request and every `use_context` (an `Arc`: a profile showed deep
/// clones of the providers' settings as the largest cost of a page render).
#[derive(Clone, Debug)]
pub struct ServerState(Arc<Services>);

impl std::ops::Deref for ServerState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// What a [`ServerState`] shares.
#[derive(Debug)]
pub struct Services {
    pub db: Database,
    pub config: Arc<Config>,
    /// Bounded password hashing, shared by every request.
    pub hasher: domain::accounts::PasswordHasher,
    /// The payment providers the configuration enables.
    pub payments: domain::payments::Providers,
    /// Uploads and private files: local folders or a bucket.
    pub storage: domain::storage::Storage,
    /// Private files, their signed links and the download limit.
    pub deliverables: domain::deliverables::Deliverables,
    /// The Ixonomic API for the client portal; one breaker per process.
    pub ixonomic: domain::clients::ixonomic::Ixonomic,
    /// The AI writing assistant (provider, daily limit, media folder);
    /// one breaker per process. Its key never leaves the server.
    pub ai: domain::ai::Assistant,
}

impl ServerState {
    pub fn new(
        db: Database,
        config: Arc<Config>,
        hasher: domain::accounts::PasswordHasher,
        storage: domain::storage::Storage,
    ) -> Self {
        ServerState(Arc::new(Services {
            payments: domain::payments::Providers::from_config(&config),
            deliverables: domain::deliverables::Deliverables::from_config(
                &config,
                storage.private.clone(),
            ),
            ixonomic: domain::clients::ixonomic::Ixonomic::from_config(&config),
            ai: domain::ai::Assistant::from_config(&config, storage.uploads.clone()),
            storage,
            db,
            config,
            hasher,
        }))
    }

    /// The site, for links in what a use case sends.
    pub fn site(&self) -> domain::orders::Site {
        domain::orders::Site {
            url: self.config.site_url.clone(),
        }
    }
}

/// The client address the server resolved for this request (trusted
/// proxies honoured), put into the request extensions by a middleware.
#[derive(Clone, Debug, Default)]
pub struct ClientIp(pub Option<std::net::IpAddr>);

pub fn state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| {
        tracing::error!("ServerState missing from the Leptos context");
        AppError::internal()
    })
}

/// The public origin, for absolute URLs in JSON-LD.
pub fn origin() -> String {
    state().map(|s| s.config.site_origin()).unwrap_or_default()
}
