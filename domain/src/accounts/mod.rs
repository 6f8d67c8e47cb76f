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
