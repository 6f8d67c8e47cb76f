//! The Tiranyx web app: every page, rendered on the server and hydrated in the
//! browser only where people interact.
#![recursion_limit = "256"]

pub mod admin;
pub mod api;
pub mod bundles;
pub mod client;
pub mod components;
pub mod dashboard;
pub mod error;
pub mod format;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod hydration_marks;
mod lazy_pages;
pub mod model;
pub mod pages;
pub mod resource;
mod routes;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod status;

pub use routes::{App, RenderingRequest};
pub use shell::shell;
