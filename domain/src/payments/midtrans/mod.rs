//! Midtrans: Snap to pay (seed 4.1), HTTP notifications to learn the
//! outcome (seed 4.2), and the status API to confirm what a notification
//! claims before anything moves.
mod api;
mod confirm;
mod notification;

pub use api::{valid_order_id, Midtrans, SnapPayment, TransactionStatus};
pub use confirm::{confirm, pay};
pub use notification::{
    parse_gross_amount, signature, signature_valid, target_status, Notification,
};
