//! Admin accounts, a system of their own (seed 3.1): their own table,
//! sessions and cookie, so a member session can never open the admin and
//! an admin session is not a member login.
//!
//! Login is two steps: the password opens a session in stage `PasswordOk`,
//! which opens nothing but the code page; a valid TOTP or recovery code
//! replaces it with an `Active` one. An admin without two-factor gets an
//! `Enrolling` session that opens only the enrolment page.
pub mod accounts;
pub mod auth;
pub mod cookie;
pub mod seal;
pub mod totp;

pub use crate::entities::admin_session::AdminSessionStage;
pub use accounts::{create_admin, find_by_email};
pub use auth::{
    list_sessions, login, logout, revoke_session, session_admin, verify_second_factor, AdminLogin,
    Client, TwoFactorPolicy,
};
pub use seal::SealKeys;
pub use totp::{
    begin_enrolment, confirm_enrolment, disable_two_factor, reseal_all, Enrolled, Enrolment, Proof,
    RequestSession,
};

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
