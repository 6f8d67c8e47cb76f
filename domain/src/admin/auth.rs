//! Admin login, the second factor, the session behind the cookie, logout.
use super::{
    totp::{matching_step, normalize_recovery_code},
    AdminSession, AdminSessionStage,
};
use crate::Refusal;
use crate::{
    accounts::{sha256_hex, PasswordHasher},
    audit::{self, Actor},
    entities::{admin, admin_recovery_code, admin_session},
    error::DomainError,
    forms::validate,
    lockout, Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait as _},
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};

/// The seed's admin TTL.
pub const ADMIN_SESSION_TTL: Duration = Duration::hours(24);
/// Time to type the TOTP code after the password.
pub const SECOND_FACTOR_TTL: Duration = Duration::minutes(10);
const SEEN_RESOLUTION: Duration = Duration::minutes(1);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminLogin {
    pub admin_id: i32,
    /// Raw token for the signed cookie.
    pub session_token: String,
    pub expires_at: DateTime<Utc>,
    /// `PasswordOk` when a TOTP code is still needed.
    pub stage: AdminSessionStage,
}

/// Checks e-mail and password like the member login (same lockout, the
/// same answer and cost for an unknown address) and opens a session: active
/// at once without two-factor, waiting for the code with it.
pub async fn login(
    db: &Database,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
    user_agent: Option<&str>,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<AdminLogin, DomainError> {
    let found = super::find_by_email(db, email).await?;
    let Some(admin) = found else {
        hasher.verify_dummy(password).await;
        return Err(DomainError::Refused(Refusal::InvalidCredentials));
    };
    if let Some(until) = lockout::locked(admin.locked_until, now) {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    if !hasher.verify(&admin.password_hash, password).await {
        lockout::record_failure::<admin::Entity>(db, admin.id, now).await?;
        return Err(DomainError::Refused(Refusal::InvalidCredentials));
    }
    lockout::clear::<admin::Entity>(db.writer(), admin.id).await?;
    if admin.disabled_at.is_some() {
        return Err(DomainError::Refused(Refusal::AccountDisabled));
    }
    let (stage, expires_at) = if admin.totp_secret.is_some() {
        (AdminSessionStage::PasswordOk, now + SECOND_FACTOR_TTL)
    } else {
        (AdminSessionStage::Active, now + ADMIN_SESSION_TTL)
    };
    let session_token = crate::accounts::tokens::new_raw_token();
    let txn = db.writer().begin().await?;
    admin_session::Entity::insert(admin_session::ActiveModel {
        admin_id: Set(admin.id),
        token_hash: Set(sha256_hex(&session_token)),
        stage: Set(stage),
        user_agent: Set(validate::clip(user_agent, 255)),
        ip: Set(validate::clip(ip, 64)),
        expires_at: Set(expires_at),
        created_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    if stage == AdminSessionStage::Active {
        mark_logged_in(&txn, &admin, ip, now).await?;
    }
    txn.commit().await?;
    Ok(AdminLogin {
        admin_id: admin.id,
        session_token,
        expires_at,
        stage,
    })
}

async fn mark_logged_in(
    txn: &sea_orm::DatabaseTransaction,
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

/// Accepts a TOTP code (never the same step twice) or an unused recovery
/// code for a session waiting in `PasswordOk`, and activates it for the
/// full TTL under a new expiry. Wrong codes count towards the lockout.
pub async fn verify_second_factor(
    db: &Database,
    raw_token: &str,
    code: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DomainError> {
    let (session, admin) = find_session(db, raw_token, now)
        .await?
        .ok_or(DomainError::Refused(Refusal::SessionInvalid))?;
    if session.stage != AdminSessionStage::PasswordOk {
        return Err(DomainError::Refused(Refusal::SessionInvalid));
    }
    if let Some(until) = lockout::locked(admin.locked_until, now) {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    let Some(secret) = admin.totp_secret.as_deref() else {
        return Err(DomainError::Refused(Refusal::SessionInvalid));
    };
    let txn = db.writer().begin().await?;
    let accepted = match matching_step(secret, code, now) {
        Some(step) => {
            // The conditional update makes a replayed code lose the race.
            let res = admin::Entity::update_many()
                .col_expr(admin::Column::TotpLastStep, Expr::value(Some(step)))
                .filter(admin::Column::Id.eq(admin.id))
                .filter(
                    admin::Column::TotpLastStep
                        .is_null()
                        .or(admin::Column::TotpLastStep.lt(step)),
                )
                .exec(&txn)
                .await?;
            res.rows_affected == 1
        }
        None => {
            let normalized = normalize_recovery_code(code);
            !normalized.is_empty()
                && admin_recovery_code::Entity::update_many()
                    .col_expr(admin_recovery_code::Column::UsedAt, Expr::value(Some(now)))
                    .filter(admin_recovery_code::Column::AdminId.eq(admin.id))
                    .filter(admin_recovery_code::Column::CodeHash.eq(sha256_hex(&normalized)))
                    .filter(admin_recovery_code::Column::UsedAt.is_null())
                    .exec(&txn)
                    .await?
                    .rows_affected
                    == 1
        }
    };
    if !accepted {
        txn.rollback().await?;
        lockout::record_failure::<admin::Entity>(db, admin.id, now).await?;
        return Err(DomainError::Refused(Refusal::CodeInvalid));
    }
    let expires_at = now + ADMIN_SESSION_TTL;
    admin_session::Entity::update_many()
        .col_expr(
            admin_session::Column::Stage,
            Expr::value(AdminSessionStage::Active),
        )
        .col_expr(admin_session::Column::ExpiresAt, Expr::value(expires_at))
        .filter(admin_session::Column::Id.eq(session.id))
        .exec(&txn)
        .await?;
    mark_logged_in(&txn, &admin, ip, now).await?;
    txn.commit().await?;
    lockout::clear::<admin::Entity>(db.writer(), admin.id).await?;
    Ok(expires_at)
}

async fn find_session(
    db: &Database,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(admin_session::Model, admin::Model)>, DomainError> {
    if !crate::accounts::tokens::well_formed(raw_token) {
        return Ok(None);
    }
    let session = admin_session::Entity::find()
        .filter(admin_session::Column::TokenHash.eq(sha256_hex(raw_token)))
        .one(db.reader())
        .await?;
    let Some(session) = session.filter(|s| s.expires_at > now) else {
        return Ok(None);
    };
    let admin = admin::Entity::find_by_id(session.admin_id)
        .one(db.reader())
        .await?;
    Ok(admin
        .filter(|a| a.disabled_at.is_none())
        .map(|a| (session, a)))
}

/// The admin behind a session token, in whatever stage; callers open the
/// admin only for `Active`. Refreshes `last_seen_at` once a minute.
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
