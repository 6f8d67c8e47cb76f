//! Read models of the public site's content. Each submodule owns one
//! concept's queries; all of them only show what is published or active.
pub mod portfolio;
pub mod posts;
pub mod products;
pub mod services;
pub mod settings;
