//! Payment providers, reached through their documented HTTP APIs at
//! configurable base URLs: Midtrans Snap (IDR) and PayPal Orders v2 (USD).
//! What a provider says is checked here (signatures, amounts, statuses)
//! before it moves an order (`crate::orders::payment`).
//!
//! In development the simulator (`server::simulator`) answers at the
//! `SIMULATOR_*` paths of the site itself with the documented shapes, so a
//! newcomer can buy with no account anywhere.
pub mod midtrans;
pub mod paypal;

use std::time::Duration;

/// Where the development simulator serves each provider on the site.
pub const SIMULATOR_MIDTRANS_SNAP: &str = "/_dev/midtrans/snap";
pub const SIMULATOR_MIDTRANS_API: &str = "/_dev/midtrans/api";
pub const SIMULATOR_PAYPAL_API: &str = "/_dev/paypal";
/// The simulator's keys: public on purpose, refused in production with it.
pub const SIMULATOR_MIDTRANS_SERVER_KEY: &str = "SB-Mid-server-SIMULATOR";
pub const SIMULATOR_PAYPAL_SECRET: &str = "SIMULATOR-SECRET";

/// Outbound calls give up after this long: a provider that hangs must not
/// hold a member's request (or a notification) for minutes.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The one HTTP client for payment providers.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("tiranyx/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|e| {
            // Only a broken TLS setup fails here; a default client still
            // reports every call's failure as `Unavailable`.
            tracing::error!(error = %e, "payment HTTP client: falling back to defaults");
            reqwest::Client::new()
        })
}

/// A provider call that failed, in the domain's one error shape: the
/// provider cannot be reached or answered nonsense → `Unavailable` (the
/// member tries again later; a notification is retried by the provider).
pub(crate) fn unavailable(provider: &str, what: impl std::fmt::Display) -> crate::DomainError {
    crate::DomainError::Unavailable(format!("{provider}: {what}"))
}

/// The providers this server can take payments through, built once from
/// the configuration: a provider without credentials is not offered.
#[derive(Clone, Debug, Default)]
pub struct Providers {
    pub midtrans: Option<midtrans::Midtrans>,
    /// Midtrans' public client key, for Snap's JavaScript.
    pub midtrans_client_key: Option<String>,
    pub paypal: Option<paypal::Paypal>,
}

impl Providers {
    pub fn from_config(config: &crate::config::Config) -> Self {
        let http = http_client();
        let midtrans = config.midtrans_server_key.clone().map(|key| {
            midtrans::Midtrans::new(
                http.clone(),
                key,
                config.midtrans_snap_url.clone(),
                config.midtrans_api_url.clone(),
            )
        });
        let paypal = match (&config.paypal_client_id, &config.paypal_client_secret) {
            (Some(id), Some(secret)) => Some(paypal::Paypal::new(
                http.clone(),
                id.clone(),
                secret.clone(),
                config.paypal_api_url.clone(),
                config.paypal_webhook_id.clone(),
            )),
            _ => None,
        };
        Providers {
            midtrans,
            midtrans_client_key: config.midtrans_client_key.clone(),
            paypal,
        }
    }
}
