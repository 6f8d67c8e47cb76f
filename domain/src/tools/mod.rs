//! The public tools (issue 14): four small tools for Indonesian small
//! businesses and marketers, computed on the server, each use counted
//! against a daily quota per plan.
//!
//! - [`catalogue`]: the tools' rows (name, enabled, quotas per plan).
//! - [`quota`]: who is counted ([`Visitor`]), their [`Plan`], and the one
//!   atomic counter ([`quota::count_use`]).
//! - [`run`]: one use of a tool: validate, compute, count ([`run::use_tool`]).
//! - The tools themselves, pure functions with unit tests:
//!   [`whatsapp`], [`utm`], [`estimate`], [`snippet`].
pub mod admin;
pub mod catalogue;
mod fields;
pub mod quota;
pub mod run;

pub mod estimate;
pub mod snippet;
pub mod utm;
pub mod whatsapp;

pub use catalogue::ToolKind;
pub use fields::Fields;
pub use quota::{Allowance, Plan, Visitor};
pub use run::{use_tool, ToolOutput, ToolUse};

/// The product whose web-access purchase raises a member's quotas to the
/// pass holders' (see [`quota::plan_of`]).
pub const TOOLS_PASS_SLUG: &str = "tools-pass";
