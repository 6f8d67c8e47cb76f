//! Transactional e-mail.
//!
//! A use case renders a [`templates::Email`] and stores it with
//! [`outbox::queue_in`] inside its own transaction; the job runner
//! (`crate::jobs`) delivers it through a [`transport::Mailer`] (SMTP, or
//! `.eml` files in development), retrying with backoff. The request never
//! waits on SMTP, and a message survives restarts and SMTP outages.
pub mod client_messages;
pub mod deliveries;
pub mod licenses;
pub mod orders;
pub mod outbox;
pub mod service_orders;
pub mod subscriptions;
pub mod templates;
pub mod transport;

pub use outbox::{queue, queue_in, recipient_limited, MAX_ATTEMPTS, PER_RECIPIENT_LIMIT, SEND_JOB};
pub use templates::Email;
pub use transport::{Attachment, Mailer, SmtpTls};
