//! The admin's view of what visitors and members sent or did: the contact
//! inbox, the waitlists and the member accounts. Every change is written
//! to the audit log in the same transaction as the change itself.
pub mod contacts;
pub mod members;
pub mod waitlist;

use crate::error::DomainError;

/// Why a back-office operation was refused. The messages are shown to the
/// admin as they are; `Domain` is logged by the caller, not shown.
#[derive(Debug, thiserror::Error)]
pub enum BackofficeError {
    #[error("Data tidak ditemukan.")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("Terjadi kesalahan pada server. Silakan coba lagi.")]
    Domain(#[from] DomainError),
}

impl From<sea_orm::DbErr> for BackofficeError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Domain(e.into())
    }
}
