//! Server functions, one module per route group. Each one is thin: read the
//! server state, call the domain, map rows to page models.
pub mod account;
pub mod admin;
pub mod blog;
pub mod catalog;
pub mod client;
pub mod home;
pub mod licenses;
pub mod portfolio;
pub mod purchases;
pub mod service_orders;
pub mod services;
pub mod site;
pub mod tools;
pub mod waitlist;
