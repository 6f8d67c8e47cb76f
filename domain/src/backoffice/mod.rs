//! The admin's view of what visitors and members sent or did: the contact
//! inbox, the waitlists, the member accounts and the orders. Every change is written
//! to the audit log in the same transaction as the change itself.
pub mod contacts;
pub mod members;
pub mod orders;
pub mod waitlist;

use crate::error::DomainError;
