//! Server functions of the admin. Every one starts with
//! `ssr::session::current_admin` (or `current_actor`, which also names the
//! admin for the audit log): the guard in front of `/admin` protects pages,
//! these checks protect the data.
pub mod ai;
pub mod analytics;
pub mod backoffice;
pub mod client_messages;
pub mod content;
pub mod jobs;
pub mod orders;
pub mod product_files;
pub mod service_orders;
pub mod session;
pub mod subscriptions;
pub mod tools;

#[cfg(feature = "ssr")]
pub(crate) use crate::ssr::waktu as wib;
