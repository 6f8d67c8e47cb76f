//! Transactional e-mail.
//!
//! A request that needs to send mail renders a [`templates::Email`], stores it
//! with [`outbox::enqueue`] and pokes the worker; [`worker`] delivers due
//! messages in the background through a [`transport::Mailer`] (SMTP, or
//! `.eml` files in development), retrying with backoff. The request never
//! waits on SMTP, and a message survives restarts and SMTP outages.
pub mod outbox;
pub mod templates;
pub mod transport;
pub mod worker;

pub use outbox::MAX_ATTEMPTS;
pub use templates::Email;
pub use transport::{Mailer, SmtpTls};
