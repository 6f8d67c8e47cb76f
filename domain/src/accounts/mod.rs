//! Member accounts (seed section 3): registration with e-mail verification,
//! login sessions, password reset and change, and the profile.
//!
//! Secrets never reach the database in the clear: passwords are Argon2id
//! hashes, and session and e-mail tokens are stored as their SHA-256 (the
//! raw value lives only in the cookie or the link). Every function takes
//! `now` so that expiry can be tested without waiting.
//!
//! Answers never tell a stranger whether an address has an account:
//! registering a taken address, asking for a reset or a new verification
//! link for an unknown one all look alike to the caller's visitor, and a
//! login with an unknown address costs the same hash as a wrong password.
pub mod password;
pub mod sessions;
pub mod tokens;
pub mod users;

use crate::{error::DomainError, forms::FieldErrors};
use chrono::{DateTime, Utc};

pub use crate::entities::{account_token::TokenPurpose, user::UserType};
pub use password::{
    hash_params, hash_password, verify_password, Argon2Params, PasswordHasher, ARGON2_PARAMS,
};
pub use sessions::{
    list_sessions, login, logout, purge_expired, revoke_other_sessions, revoke_session,
    session_user,
};
pub use tokens::{issue_token, sha256_hex};
pub use users::{
    change_password, register, request_password_reset, resend_verification, reset_password,
    set_avatar, update_profile, verify_email,
};

/// The registration form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterOutcome {
    /// A new, unverified account; `verify_token` goes into the e-mail link.
    Created { user_id: i32, verify_token: String },
    /// The address already has an account, which was left unchanged. The
    /// visitor must see the same answer as for `Created`.
    AlreadyRegistered { user_id: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginOutcome {
    pub user_id: i32,
    /// Raw token (64 hex characters) for the session cookie.
    pub session_token: String,
    pub expires_at: DateTime<Utc>,
    pub remember: bool,
}

/// The logged-in user behind a session cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i32,
    pub session_id: i32,
    pub name: String,
    pub email: String,
    pub user_type: UserType,
    pub email_verified: bool,
    pub phone: Option<String>,
    pub avatar_path: Option<String>,
}

/// Why an account operation was refused. The messages are shown to the
/// visitor as they are; `Domain` is logged by the caller, not shown.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("Periksa kembali isian formulir.")]
    Invalid(FieldErrors),
    #[error("Email atau kata sandi salah.")]
    InvalidCredentials,
    #[error("Email Anda belum diverifikasi. Silakan buka tautan verifikasi yang kami kirim ke email Anda.")]
    EmailNotVerified,
    #[error("Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi dalam beberapa menit.")]
    Locked { until: DateTime<Utc> },
    #[error("Tautan tidak valid atau sudah kedaluwarsa.")]
    TokenInvalid,
    #[error("Akun ini telah dinonaktifkan.")]
    Disabled,
    #[error("Terjadi kesalahan pada server. Silakan coba lagi.")]
    Domain(#[from] DomainError),
}

impl From<sea_orm::DbErr> for AccountError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Domain(e.into())
    }
}

impl AccountError {
    /// A single field error, e.g. a new password refused by the policy.
    pub(crate) fn field(field: &'static str, msg: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, msg);
        Self::Invalid(errors)
    }
}
