//! Orders as a state machine (seed section 4, issue "Commerce I").
//!
//! ```text
//! pending ──► paid ──► fulfilled
//!    │          │          │
//!    ├► expired ├► denied  ├► refunded
//!    ├► cancelled          └► chargeback
//!    └► denied   paid ──► refunded / chargeback
//! ```
//!
//! Moves only go forward: a late `pending` after `settlement` changes
//! nothing. The exceptions are the documented ones: a settlement reversed
//! to `deny`, refunds and chargebacks after payment, and a payment the
//! provider confirms for an order we had already expired or cancelled
//! (the money was taken; the order is paid). Every request to move, and
//! every notification received, is kept in `order_events` whatever its
//! outcome.
pub mod by_hand;
pub mod create;
pub mod delivery;
pub mod expiry;
pub mod invoice_number;
pub mod payment;
pub mod payment_page;
mod revoke;
pub mod status;

pub use by_hand::{awaiting_hand_delivery, mark_delivered_by_hand};
pub use create::{
    cancel, new_order_code, order_by_code_of, order_by_id, order_of, order_product, Buyer,
};
pub use delivery::{deliver, Delivered};
pub use expiry::{expire_due, EXPIRE_JOB};
pub use payment::{record_payment, PaidAmount, PaymentReport, Recorded, Site, DELIVER_JOB};
pub use payment_page::payment_page;
pub use status::{step, transition, transition_with, Event, EventSource, Step};
