//! Admin accounts, a system of their own (seed 3.1): their own table,
//! sessions and cookie, so a member session can never open the admin and
//! an admin session is not a member login.
//!
//! Login is two steps when two-factor is on: the password opens a session
//! in stage `PasswordOk`, which opens nothing but the code page; a valid
//! TOTP or recovery code makes it `Active`.
pub mod accounts;
pub mod auth;
pub mod cookie;
pub mod totp;

use crate::{error::DomainError, forms::FieldErrors};
use chrono::{DateTime, Utc};

pub use crate::entities::admin_session::AdminSessionStage;
pub use accounts::{create_admin, find_by_email};
pub use auth::{login, logout, session_admin, verify_second_factor, AdminLogin};
pub use totp::{begin_enrolment, confirm_enrolment, disable_two_factor, Enrolment};

/// The admin behind a `trx_admin` cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminSession {
    pub admin_id: i32,
    pub session_id: i32,
    pub email: String,
    pub name: String,
    pub stage: AdminSessionStage,
    pub two_factor_enabled: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("Periksa kembali isian formulir.")]
    Invalid(FieldErrors),
    #[error("Email atau kata sandi salah.")]
    InvalidCredentials,
    #[error("Kode verifikasi salah atau sudah dipakai.")]
    CodeInvalid,
    #[error("Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi dalam beberapa menit.")]
    Locked { until: DateTime<Utc> },
    #[error("Akun admin ini telah dinonaktifkan.")]
    Disabled,
    #[error("Email ini sudah dipakai akun admin lain.")]
    EmailTaken,
    #[error("Sesi admin tidak valid. Silakan masuk kembali.")]
    SessionInvalid,
    #[error("Terjadi kesalahan pada server. Silakan coba lagi.")]
    Domain(#[from] DomainError),
}

impl From<sea_orm::DbErr> for AdminError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Domain(e.into())
    }
}
