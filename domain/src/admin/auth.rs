//! Admin login, the second factor, the session behind the cookie, logout,
//! and the admin's own session list.
//!
//! Every admin uses two-factor (ASVS 6.3.3): after the password, an admin
//! without it gets an `Enrolling` session that opens only the enrolment
//! page. The demo admin outside production is the one exception
//! ([`TwoFactorPolicy`]).
use super::{
    seal::SealKeys,
    totp::{matching_step, recovery_code_hash},
    AdminSession, AdminSessionStage,
};
use crate::Refusal;
use crate::{
    accounts::{sha256_hex, PasswordHasher},
    audit::{self, Actor},
    entities::{admin, admin_recovery_code, admin_session},
    error::DomainError,
    forms::validate,
    lockout::{self, Area, LoginKey},
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait as _},
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// The seed's admin TTL: no session lives longer.
pub const ADMIN_SESSION_TTL: Duration = Duration::hours(24);
/// A session unused this long has ended.
pub const ADMIN_IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// Time to type the TOTP code after the password.
pub const SECOND_FACTOR_TTL: Duration = Duration::minutes(10);
/// Time to set up two-factor after the password.
pub const ENROLMENT_TTL: Duration = Duration::minutes(30);
/// Wrong codes a pre-2FA session may send before it ends.
pub const CODES_PER_SESSION: i32 = 3;
const SEEN_RESOLUTION: Duration = Duration::minutes(1);

/// Who may skip two-factor: nobody in production; outside it, the demo
/// admin, so a newcomer's first run needs no authenticator app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TwoFactorPolicy {
    Required,
    DemoExempt,
}

impl TwoFactorPolicy {
    pub fn for_config(config: &crate::Config) -> Self {
        if config.is_production() {
            TwoFactorPolicy::Required
        } else {
            TwoFactorPolicy::DemoExempt
        }
    }

    /// Whether the admin with this address may go without two-factor.
    pub fn exempts(self, email: &str) -> bool {
        self == TwoFactorPolicy::DemoExempt && email == crate::demo::DEMO_ADMIN_EMAIL
    }
}

/// The browser making a request: recorded with the session and used as
/// the client of the login throttle.
#[derive(Debug, Clone, Copy, Default)]
pub struct Client<'a> {
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminLogin {
    pub admin_id: i32,
    /// Raw token for the signed cookie.
    pub session_token: String,
    pub expires_at: DateTime<Utc>,
    /// `PasswordOk` when a TOTP code is still needed, `Enrolling` when
    /// two-factor must be set up first.
    pub stage: AdminSessionStage,
}

/// Checks e-mail and password like the member login (the same throttle per
/// address and client, the same answer and cost for an unknown address)
/// and opens a session in the stage the account needs next.
pub async fn login(
    db: &Database,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
    policy: TwoFactorPolicy,
    client: Client<'_>,
    now: DateTime<Utc>,
) -> Result<AdminLogin, DomainError> {
    let key = LoginKey::new(Area::Admin, email, client.ip);
    if let Some(until) = lockout::blocked(db.reader(), &key, now).await? {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    let found = super::find_by_email(db, email).await?;
    let hash = found.as_ref().map(|a| a.password_hash.as_str());
    let verified = hasher.verify_account(hash, password).await?;
    let Some(admin) = found.filter(|_| verified) else {
        lockout::record_failure(db, &key, now).await?;
        return Err(DomainError::Refused(Refusal::InvalidCredentials));
    };
    if admin.disabled_at.is_some() {
        return Err(DomainError::Refused(Refusal::AccountDisabled));
    }
    let stage = if admin.totp_secret.is_some() {
        AdminSessionStage::PasswordOk
    } else if policy.exempts(&admin.email) {
        AdminSessionStage::Active
    } else {
        AdminSessionStage::Enrolling
    };
    let txn = db.writer().begin().await?;
    let login = open_session(&txn, admin.id, stage, client, now).await?;
    if stage == AdminSessionStage::Active {
        lockout::clear(&txn, &key).await?;
        mark_logged_in(&txn, &admin, client.ip, now).await?;
    }
    txn.commit().await?;
    Ok(login)
}

/// A new session with a new random token (a token from before a stage
/// change is never promoted).
pub(crate) async fn open_session(
    conn: &impl ConnectionTrait,
    admin_id: i32,
    stage: AdminSessionStage,
    client: Client<'_>,
    now: DateTime<Utc>,
) -> Result<AdminLogin, sea_orm::DbErr> {
    let expires_at = now
        + match stage {
            AdminSessionStage::PasswordOk => SECOND_FACTOR_TTL,
            AdminSessionStage::Enrolling => ENROLMENT_TTL,
            AdminSessionStage::Active => ADMIN_SESSION_TTL,
        };
    let session_token = crate::accounts::tokens::new_raw_token();
    admin_session::Entity::insert(admin_session::ActiveModel {
        admin_id: Set(admin_id),
        token_hash: Set(sha256_hex(&session_token)),
        stage: Set(stage),
        user_agent: Set(validate::clip(client.user_agent, 255)),
        ip: Set(validate::clip(client.ip, 64)),
        expires_at: Set(expires_at),
        created_at: Set(now),
        last_seen_at: Set(now),
        failed_codes: Set(0),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(AdminLogin {
        admin_id,
        session_token,
        expires_at,
        stage,
    })
}

pub(crate) async fn mark_logged_in(
    txn: &DatabaseTransaction,
    admin: &admin::Model,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    admin::Entity::update_many()
        .col_expr(admin::Column::LastLoginAt, Expr::value(Some(now)))
        .filter(admin::Column::Id.eq(admin.id))
        .exec(txn)
        .await?;
    let actor = Actor::admin(admin.id, &admin.email, ip.map(str::to_owned));
    audit::record(
        txn,
        &actor,
        "admin.login",
        "admin",
        Some(admin.id),
        "masuk ke admin",
        now,
    )
    .await
}

/// Uses up `code` for the admin inside `txn`: a TOTP code of a step not
/// used before (the conditional update makes a replay lose the race), or
/// an unused recovery code. False when it is neither.
pub(crate) async fn accept_code(
    txn: &DatabaseTransaction,
    admin: &admin::Model,
    secret: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    if let Some(step) = matching_step(secret, code, now) {
        let res = admin::Entity::update_many()
            .col_expr(admin::Column::TotpLastStep, Expr::value(Some(step)))
            .filter(admin::Column::Id.eq(admin.id))
            .filter(
                admin::Column::TotpLastStep
                    .is_null()
                    .or(admin::Column::TotpLastStep.lt(step)),
            )
            .exec(txn)
            .await?;
        return Ok(res.rows_affected == 1);
    }
    let Some(hash) = recovery_code_hash(code) else {
        return Ok(false);
    };
    let res = admin_recovery_code::Entity::update_many()
        .col_expr(admin_recovery_code::Column::UsedAt, Expr::value(Some(now)))
        .filter(admin_recovery_code::Column::AdminId.eq(admin.id))
        .filter(admin_recovery_code::Column::CodeHash.eq(hash))
        .filter(admin_recovery_code::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The admin's plain TOTP seed.
pub(crate) fn seed(keys: &SealKeys, admin: &admin::Model) -> Result<String, DomainError> {
    let stored = admin
        .totp_secret
        .as_deref()
        .ok_or(DomainError::Refused(Refusal::SessionInvalid))?;
    keys.open(stored)
        .map(|(plain, _)| plain)
        .ok_or_else(|| DomainError::Internal("TOTP seed opens with no configured key".into()))
}

/// Accepts a TOTP code (never the same step twice) or an unused recovery
/// code for a session waiting in `PasswordOk`, and replaces that session
/// with a new, active one (new token). Wrong codes count per account (a
/// growing lock) and per session: after [`CODES_PER_SESSION`] the session
/// ends (`SessionInvalid`) and the password is needed again. Only a
/// correct code clears the count.
pub async fn verify_second_factor(
    db: &Database,
    keys: &SealKeys,
    raw_token: &str,
    code: &str,
    client: Client<'_>,
    now: DateTime<Utc>,
) -> Result<AdminLogin, DomainError> {
    let (session, admin) = find_session(db, raw_token, now)
        .await?
        .ok_or(DomainError::Refused(Refusal::SessionInvalid))?;
    if session.stage != AdminSessionStage::PasswordOk {
        return Err(DomainError::Refused(Refusal::SessionInvalid));
    }
    if let Some(until) = lockout::locked(admin.locked_until, now) {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    let secret = seed(keys, &admin)?;
    let txn = db.writer().begin().await?;
    if !accept_code(&txn, &admin, &secret, code, now).await? {
        txn.rollback().await?;
        lockout::record_code_failure(db, admin.id, now).await?;
        return Err(count_wrong_code(db, session.id).await?);
    }
    admin_session::Entity::delete_many()
        .filter(admin_session::Column::Id.eq(session.id))
        .exec(&txn)
        .await?;
    let login = open_session(&txn, admin.id, AdminSessionStage::Active, client, now).await?;
    lockout::clear_codes(&txn, admin.id).await?;
    lockout::clear(&txn, &LoginKey::new(Area::Admin, &admin.email, client.ip)).await?;
    mark_logged_in(&txn, &admin, client.ip, now).await?;
    txn.commit().await?;
    Ok(login)
}

/// Counts a wrong code against the pre-2FA session; the refusal to give.
async fn count_wrong_code(db: &Database, session_id: i32) -> Result<DomainError, DomainError> {
    admin_session::Entity::update_many()
        .col_expr(
            admin_session::Column::FailedCodes,
            Expr::col(admin_session::Column::FailedCodes).add(1),
        )
        .filter(admin_session::Column::Id.eq(session_id))
        .exec(db.writer())
        .await?;
    let ended = admin_session::Entity::delete_many()
        .filter(admin_session::Column::Id.eq(session_id))
        .filter(admin_session::Column::FailedCodes.gte(CODES_PER_SESSION))
        .exec(db.writer())
        .await?;
    Ok(DomainError::Refused(if ended.rows_affected > 0 {
        Refusal::SessionInvalid
    } else {
        Refusal::CodeInvalid
    }))
}

/// Counts a wrong password or code given as proof: towards the account's
/// code lock, and against the session that sent it, which ends after
/// [`CODES_PER_SESSION`] (so a stolen session can neither keep guessing nor
/// keep the owner locked out). The error to answer: the field's message, or
/// `SessionInvalid` when the session ended.
pub(crate) async fn reauth_failed(
    db: &Database,
    admin_id: i32,
    session_id: Option<i32>,
    field: &'static str,
    now: DateTime<Utc>,
) -> Result<DomainError, DomainError> {
    lockout::record_code_failure(db, admin_id, now).await?;
    if let Some(id) = session_id {
        if let DomainError::Refused(Refusal::SessionInvalid) = count_wrong_code(db, id).await? {
            return Ok(DomainError::Refused(Refusal::SessionInvalid));
        }
    }
    Ok(DomainError::field(
        field,
        match field {
            "password" => "Kata sandi salah.",
            _ => "Kode verifikasi salah atau sudah dipakai.",
        },
    ))
}

/// Proof that the person holding an active session is the admin: the
/// password and a current code (or a recovery code), wrong ones counted
/// by [`reauth_failed`]. Field errors: "password", "code".
pub(crate) async fn reauthenticate(
    db: &Database,
    hasher: &PasswordHasher,
    keys: &SealKeys,
    admin: &admin::Model,
    proof: super::totp::Proof<'_>,
    session_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if let Some(until) = lockout::locked(admin.locked_until, now) {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    if !hasher.verify(&admin.password_hash, proof.password).await? {
        return Err(reauth_failed(db, admin.id, session_id, "password", now).await?);
    }
    let secret = seed(keys, admin)?;
    let txn = db.writer().begin().await?;
    if !accept_code(&txn, admin, &secret, proof.code, now).await? {
        txn.rollback().await?;
        return Err(reauth_failed(db, admin.id, session_id, "code", now).await?);
    }
    lockout::clear_codes(&txn, admin.id).await?;
    if let Some(id) = session_id {
        admin_session::Entity::update_many()
            .col_expr(admin_session::Column::FailedCodes, Expr::value(0))
            .filter(admin_session::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn find_session(
    db: &Database,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(admin_session::Model, admin::Model)>, DomainError> {
    if !crate::accounts::tokens::well_formed(raw_token) {
        return Ok(None);
    }
    // One round trip: every admin page and server function starts here.
    let found = admin_session::Entity::find()
        .filter(admin_session::Column::TokenHash.eq(sha256_hex(raw_token)))
        .find_also_related(admin::Entity)
        .one(db.reader())
        .await?;
    let Some((session, Some(admin))) = found else {
        return Ok(None);
    };
    let live = session.expires_at > now && now - session.last_seen_at < ADMIN_IDLE_TIMEOUT;
    Ok((live && admin.disabled_at.is_none()).then_some((session, admin)))
}

/// The admin behind a session token, in whatever stage; callers open the
/// admin only for `Active`. A session idle for [`ADMIN_IDLE_TIMEOUT`] has
/// ended. Refreshes `last_seen_at` once a minute.
pub async fn session_admin(
    db: &Database,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Option<AdminSession>, DomainError> {
    let Some((session, admin)) = find_session(db, raw_token, now).await? else {
        return Ok(None);
    };
    if now - session.last_seen_at >= SEEN_RESOLUTION {
        admin_session::Entity::update_many()
            .col_expr(admin_session::Column::LastSeenAt, Expr::value(now))
            .filter(admin_session::Column::Id.eq(session.id))
            .exec(db.writer())
            .await?;
    }
    Ok(Some(AdminSession {
        admin_id: admin.id,
        session_id: session.id,
        email: admin.email,
        name: admin.name,
        stage: session.stage,
        two_factor_enabled: admin.totp_secret.is_some(),
    }))
}

/// The admin's sessions that are still usable, newest first.
pub async fn list_sessions(
    db: &Database,
    admin_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<admin_session::Model>, DomainError> {
    Ok(admin_session::Entity::find()
        .filter(admin_session::Column::AdminId.eq(admin_id))
        .filter(admin_session::Column::ExpiresAt.gt(now))
        .filter(admin_session::Column::LastSeenAt.gt(now - ADMIN_IDLE_TIMEOUT))
        .order_by_desc(admin_session::Column::LastSeenAt)
        .order_by_desc(admin_session::Column::Id)
        .all(db.reader())
        .await?)
}

/// Ends one of the admin's own sessions (audited); `NotFound` when it is
/// not theirs.
pub async fn revoke_session(
    db: &Database,
    actor: &Actor,
    admin_id: i32,
    session_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let txn = db.writer().begin().await?;
    let res = admin_session::Entity::delete_many()
        .filter(admin_session::Column::Id.eq(session_id))
        .filter(admin_session::Column::AdminId.eq(admin_id))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        return Err(DomainError::NotFound);
    }
    audit::record(
        &txn,
        actor,
        "admin.session_revoke",
        "admin",
        Some(admin_id),
        &format!("sesi #{session_id} diakhiri"),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends the session behind the token (audited when it existed).
pub async fn logout(
    db: &Database,
    raw_token: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if !crate::accounts::tokens::well_formed(raw_token) {
        return Ok(());
    }
    let hash = sha256_hex(raw_token);
    let Some(session) = admin_session::Entity::find()
        .filter(admin_session::Column::TokenHash.eq(&hash))
        .one(db.reader())
        .await?
    else {
        return Ok(());
    };
    let email = admin::Entity::find_by_id(session.admin_id)
        .one(db.reader())
        .await?
        .map(|a| a.email)
        .unwrap_or_default();
    let txn = db.writer().begin().await?;
    admin_session::Entity::delete_many()
        .filter(admin_session::Column::Id.eq(session.id))
        .exec(&txn)
        .await?;
    let actor = Actor::admin(session.admin_id, &email, ip.map(str::to_owned));
    audit::record(
        &txn,
        &actor,
        "admin.logout",
        "admin",
        Some(session.admin_id),
        "keluar dari admin",
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_demo_admin_outside_production_skips_two_factor() {
        let dev = crate::Config::from_lookup(|_| None).unwrap();
        let policy = TwoFactorPolicy::for_config(&dev);
        assert!(policy.exempts(crate::demo::DEMO_ADMIN_EMAIL));
        assert!(!policy.exempts("rina@tiranyx.co.id"));
        assert!(!TwoFactorPolicy::Required.exempts(crate::demo::DEMO_ADMIN_EMAIL));
        let key = "ab".repeat(32);
        let prod = crate::Config::from_lookup(|k| {
            Some(match k {
                "APP_ENV" => "production".to_owned(),
                "SITE_URL" => "https://tiranyx.co.id".to_owned(),
                "USER_COOKIE_SECRET" | "ADMIN_COOKIE_SECRET" | "DOWNLOAD_SIGNING_SECRET" => {
                    "x".repeat(40)
                }
                "SMTP_HOST" => "smtp.tiranyx.co.id".to_owned(),
                "TOTP_ENCRYPTION_KEY" => key.clone(),
                _ => return None,
            })
        })
        .unwrap();
        assert_eq!(
            TwoFactorPolicy::for_config(&prod),
            TwoFactorPolicy::Required
        );
    }
}
