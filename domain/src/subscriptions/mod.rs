//! Subscriptions (issue 13, "Commerce II"): SaaS bundles, and licence
//! products, are sold per period; a product's licence expires with its
//! subscription ([`extend::product_paid`]; a renewal extends the licence
//! the member holds instead of delivering another). A member has one subscription per bundle; every paid order of
//! the bundle extends it by the bundle's period from the later of now and
//! its expiry ([`extend::on_paid`], in the payment's transaction), and an
//! order extends once (the unique `order_id` of `subscription_periods`).
//!
//! The daily [`CHECK_JOB`] warns the member seven days before the expiry,
//! once per period, and marks what has run out expired ([`check::check`]).
//! Renewing is buying again through the same checkout
//! ([`checkout::order_bundle`]). Admins list, extend and cancel
//! ([`admin`]), audited.
pub mod admin;
pub mod check;
pub mod checkout;
pub mod extend;

pub use check::{check, Checked, CHECK_JOB, WARN_BEFORE};
pub use checkout::order_bundle;
pub use extend::{on_paid, product_paid, ProductPaid};
