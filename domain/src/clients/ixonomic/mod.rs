//! The Ixonomic API, the agency's project system (seed 6.5): its contract
//! ([`contract`], `contracts/ixonomic.openapi.yaml`), the typed client with
//! its timeouts, retries and breaker ([`client`], [`breaker`]), and the
//! last good answer per client ([`snapshot`]).
pub mod breaker;
pub mod client;
pub mod contract;
pub mod snapshot;

pub use client::{valid_id, Decided, Ixonomic, Outage, Policy};

/// Where the development simulator (`server::simulator`) answers as
/// Ixonomic, on the site itself.
pub const SIMULATOR_API: &str = "/_dev/ixonomic";
/// The simulator's key: public on purpose, refused in production.
pub const SIMULATOR_TOKEN: &str = "ixn_SIMULATOR";
