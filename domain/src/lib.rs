//! Tiranyx's server-side domain: configuration, the database, and the rules
//! of each business concept. Kept out of `app` so that none of it (sea-orm,
//! sqlx, secrets) can end up in the browser bundle, and so it can be tested
//! without Leptos.
pub mod accounts;
pub mod admin;
pub mod ai;
pub mod analytics;
pub mod audit;
pub mod backoffice;
pub mod backup;
pub mod clients;
pub mod cms;
pub mod config;
pub mod content;
pub mod db;
pub mod deliverables;
pub mod demo;
pub mod entities;
pub mod error;
pub mod forms;
pub mod generation;
pub mod github;
pub mod invoices;
pub mod jakarta;
pub mod jobs;
pub mod licenses;
pub mod lockout;
pub mod mail;
pub mod markdown;
pub mod net;
pub mod orders;
pub mod payments;
pub mod purchases;
pub mod random;
pub mod rate_limits;
pub mod service_orders;
pub mod storage;
pub mod stylesheets;
pub mod subscriptions;
pub mod tags;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod tools;
pub mod upkeep;
pub mod uploads;

pub use config::Config;
pub use db::Database;
pub use error::{DomainError, Refusal};
