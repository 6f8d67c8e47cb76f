//! TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30 s, as every authenticator
//! app expects) and single-use recovery codes.
use super::{
    auth::{
        mark_logged_in, open_session, reauth_failed, reauthenticate, AdminLogin, Client,
        TwoFactorPolicy,
    },
    seal::SealKeys,
    AdminSessionStage,
};
use crate::DomainError;
use crate::Refusal;
use crate::{
    accounts::{sha256_hex, PasswordHasher},
    audit::{self, Actor},
    entities::{admin, admin_recovery_code, admin_session},
    lockout, Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};
use totp_rs::{Algorithm, Secret, TOTP};

const ISSUER: &str = "Tiranyx Admin";
const STEP_SECONDS: u64 = 30;
pub const RECOVERY_CODE_COUNT: usize = 10;

/// What the enrolment page shows: the QR code (an SVG) and the same secret
/// to type by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub secret_base32: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

fn totp(secret_base32: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .ok()
}

/// The 30-second step whose code `code` is, allowing one step of clock
/// drift either way; None when the code matches none of them.
pub fn matching_step(secret_base32: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "x")?;
    let now = u64::try_from(now.timestamp()).ok()?;
    [now.saturating_sub(STEP_SECONDS), now, now + STEP_SECONDS]
        .into_iter()
        .find(|t| {
            let expected = totp.generate(*t);
            crate::accounts::tokens::constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
        .map(|t| (t / STEP_SECONDS) as i64)
}

/// The current code for a secret; used by tests and the demo.
pub fn current_code(secret_base32: &str, now: DateTime<Utc>) -> Option<String> {
    Some(totp(secret_base32, "x")?.generate(u64::try_from(now.timestamp()).ok()?))
}

/// Proof asked when two-factor is already on and is about to be replaced
/// or switched off: the password and a current (or recovery) code.
#[derive(Debug, Clone, Copy, Default)]
pub struct Proof<'a> {
    pub password: &'a str,
    pub code: &'a str,
}

/// The session making a request: wrong proofs count against it (it ends
/// after a few), so a stolen session cannot keep guessing or keep the
/// owner's account locked. `enrolling_token`: its raw token when it is an
/// `Enrolling` session to promote.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestSession<'a> {
    pub id: Option<i32>,
    pub enrolling_token: Option<&'a str>,
}

async fn load(db: &Database, admin_id: i32) -> Result<admin::Model, DomainError> {
    admin::Entity::find_by_id(admin_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::Refused(Refusal::SessionInvalid))
}

/// Starts (or restarts) enrolment with a fresh 160-bit secret, kept sealed.
/// Two-factor stays as it was until `confirm_enrolment` gets a valid code.
/// When it is already on, `proof` must hold ([`super::auth::reauthenticate`]),
/// so a stolen session alone cannot move the second factor to another app.
pub async fn begin_enrolment(
    db: &Database,
    hasher: &PasswordHasher,
    keys: &SealKeys,
    admin_id: i32,
    proof: Proof<'_>,
    session: RequestSession<'_>,
    now: DateTime<Utc>,
) -> Result<Enrolment, DomainError> {
    let admin = load(db, admin_id).await?;
    if admin.totp_secret.is_some() {
        reauthenticate(db, hasher, keys, &admin, proof, session.id, now).await?;
    }
    let mut raw = [0u8; 20];
    crate::random::fill(&mut raw);
    let secret_base32 = Secret::Raw(raw.to_vec()).to_encoded().to_string();
    admin::Entity::update_many()
        .col_expr(
            admin::Column::TotpPendingSecret,
            Expr::value(Some(keys.seal(&secret_base32))),
        )
        .filter(admin::Column::Id.eq(admin_id))
        .exec(db.writer())
        .await?;
    let otpauth_url = totp(&secret_base32, &admin.email)
        .ok_or_else(|| crate::DomainError::Internal("totp".into()))?
        .get_url();
    let qr_svg = qrcode::QrCode::new(otpauth_url.as_bytes())
        .map_err(|e| crate::DomainError::Internal(e.to_string()))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(Enrolment {
        secret_base32,
        otpauth_url,
        qr_svg,
    })
}

/// What confirming gives: the recovery codes (shown once; only hashes are
/// kept) and, when an `Enrolling` session was promoted, its replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub recovery_codes: Vec<String>,
    pub session: Option<AdminLogin>,
}

/// Confirms the pending secret with a code from the app and turns
/// two-factor on, with new recovery codes, in one transaction. When it
/// was already on (replacing the app) the password is asked again. An
/// `Enrolling` session (`enrolling_token`) is replaced by a new active one.
#[allow(clippy::too_many_arguments)]
pub async fn confirm_enrolment(
    db: &Database,
    hasher: &PasswordHasher,
    keys: &SealKeys,
    actor: &Actor,
    admin_id: i32,
    code: &str,
    password: &str,
    session: RequestSession<'_>,
    client: Client<'_>,
    now: DateTime<Utc>,
) -> Result<Enrolled, DomainError> {
    let admin = load(db, admin_id).await?;
    if let Some(until) = lockout::locked(admin.locked_until, now) {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    if admin.totp_secret.is_some() && !hasher.verify(&admin.password_hash, password).await? {
        return Err(reauth_failed(db, admin.id, session.id, "password", now).await?);
    }
    let Some(secret) = admin
        .totp_pending_secret
        .as_deref()
        .and_then(|s| keys.open(s))
        .map(|(plain, _)| plain)
    else {
        return Err(DomainError::field(
            "code",
            "Mulai aktivasi lagi: kunci sebelumnya sudah tidak berlaku.",
        ));
    };
    let Some(step) = matching_step(&secret, code, now) else {
        return Err(reauth_failed(db, admin.id, session.id, "code", now).await?);
    };
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| new_recovery_code())
        .collect();
    let txn = db.writer().begin().await?;
    // Conditional on the pending secret read (the first confirmation
    // clears it): of two simultaneous confirmations only one turns
    // two-factor on. The step is the new secret's, so the old secret's
    // last step does not apply.
    let turned_on = admin::Entity::update_many()
        .col_expr(
            admin::Column::TotpSecret,
            Expr::value(Some(keys.seal(&secret))),
        )
        .col_expr(
            admin::Column::TotpPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(admin::Column::TotpLastStep, Expr::value(Some(step)))
        .col_expr(admin::Column::UpdatedAt, Expr::value(now))
        .filter(admin::Column::Id.eq(admin_id))
        .filter(admin::Column::TotpPendingSecret.eq(admin.totp_pending_secret.clone()))
        .exec(&txn)
        .await?;
    if turned_on.rows_affected == 0 {
        txn.rollback().await?;
        return Err(DomainError::field(
            "code",
            "Kode verifikasi salah atau sudah dipakai.",
        ));
    }
    lockout::clear_codes(&txn, admin_id).await?;
    replace_recovery_codes(&txn, admin_id, &codes, now).await?;
    audit::record(
        &txn,
        actor,
        "admin.2fa_enable",
        "admin",
        Some(admin_id),
        "verifikasi dua langkah diaktifkan; kode pemulihan baru dibuat",
        now,
    )
    .await?;
    let promoted = match session.enrolling_token {
        Some(token) => {
            let ended = admin_session::Entity::delete_many()
                .filter(admin_session::Column::TokenHash.eq(sha256_hex(token)))
                .filter(admin_session::Column::AdminId.eq(admin_id))
                .filter(admin_session::Column::Stage.eq(AdminSessionStage::Enrolling))
                .exec(&txn)
                .await?;
            if ended.rows_affected == 1 {
                let login =
                    open_session(&txn, admin_id, AdminSessionStage::Active, client, now).await?;
                mark_logged_in(&txn, &admin, client.ip, now).await?;
                Some(login)
            } else {
                None
            }
        }
        None => None,
    };
    // Other half-signed-in browsers must start again, now with a code.
    admin_session::Entity::delete_many()
        .filter(admin_session::Column::AdminId.eq(admin_id))
        .filter(admin_session::Column::Stage.eq(AdminSessionStage::Enrolling))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Enrolled {
        recovery_codes: codes,
        session: promoted,
    })
}

/// Turns two-factor off; needs the password and a current code
/// ([`super::auth::reauthenticate`]) so a stolen session alone cannot
/// weaken the account.
#[allow(clippy::too_many_arguments)]
pub async fn disable_two_factor(
    db: &Database,
    hasher: &PasswordHasher,
    keys: &SealKeys,
    actor: &Actor,
    admin_id: i32,
    proof: Proof<'_>,
    session: RequestSession<'_>,
    policy: TwoFactorPolicy,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let admin = load(db, admin_id).await?;
    if admin.totp_secret.is_none() {
        return Ok(());
    }
    if !policy.exempts(&admin.email) {
        return Err(DomainError::field(
            "code",
            "Verifikasi dua langkah wajib untuk setiap admin. Untuk pindah ke aplikasi lain, pakai \"Ganti aplikasi autentikator\".",
        ));
    }
    reauthenticate(db, hasher, keys, &admin, proof, session.id, now).await?;
    let txn = db.writer().begin().await?;
    admin::Entity::update_many()
        .col_expr(
            admin::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            admin::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            admin::Column::TotpPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .filter(admin::Column::Id.eq(admin_id))
        .exec(&txn)
        .await?;
    replace_recovery_codes(&txn, admin_id, &[], now).await?;
    audit::record(
        &txn,
        actor,
        "admin.2fa_disable",
        "admin",
        Some(admin_id),
        "verifikasi dua langkah dinonaktifkan",
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Reseals every stored seed that the current key did not seal (plain
/// values from before sealing, seeds under the previous key after a
/// rotation). Run at start; how many were resealed.
pub async fn reseal_all(db: &Database, keys: &SealKeys) -> Result<u64, DomainError> {
    let mut resealed = 0;
    for a in admin::Entity::find().all(db.reader()).await? {
        let mut update = admin::Entity::update_many().filter(admin::Column::Id.eq(a.id));
        let mut changed = false;
        for (col, stored) in [
            (admin::Column::TotpSecret, &a.totp_secret),
            (admin::Column::TotpPendingSecret, &a.totp_pending_secret),
        ] {
            let Some(stored) = stored else { continue };
            match keys.open(stored) {
                Some((_, true)) => {}
                Some((plain, false)) => {
                    update = update.col_expr(col, Expr::value(Some(keys.seal(&plain))));
                    changed = true;
                }
                None => tracing::error!(
                    admin_id = a.id,
                    "a TOTP seed opens with no configured key; set TOTP_ENCRYPTION_KEY_PREVIOUS"
                ),
            }
        }
        if changed {
            update.exec(db.writer()).await?;
            resealed += 1;
        }
    }
    Ok(resealed)
}

async fn replace_recovery_codes(
    conn: &impl ConnectionTrait,
    admin_id: i32,
    codes: &[String],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    admin_recovery_code::Entity::delete_many()
        .filter(admin_recovery_code::Column::AdminId.eq(admin_id))
        .exec(conn)
        .await?;
    if codes.is_empty() {
        return Ok(());
    }
    admin_recovery_code::Entity::insert_many(codes.iter().filter_map(|c| {
        Some(admin_recovery_code::ActiveModel {
            admin_id: Set(admin_id),
            code_hash: Set(recovery_code_hash(c)?),
            created_at: Set(now),
            ..Default::default()
        })
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// 24 characters of 31: 118 bits, beyond guessing (ASVS asks for 112), so
/// a fast SHA-256 of them is safe to store.
const RECOVERY_CODE_CHARS: usize = 24;

/// `xxxxxx-xxxxxx-xxxxxx-xxxxxx` from an alphabet without look-alike
/// characters, each character uniform (bytes past 247 are redrawn).
fn new_recovery_code() -> String {
    let mut chars = String::with_capacity(RECOVERY_CODE_CHARS + 3);
    let limit = 256 - 256 % RECOVERY_ALPHABET.len();
    while chars.len() < RECOVERY_CODE_CHARS + 3 {
        let mut b = [0u8; 1];
        crate::random::fill(&mut b);
        if usize::from(b[0]) >= limit {
            continue;
        }
        if chars.len() % 7 == 6 {
            chars.push('-');
        }
        chars.push(RECOVERY_ALPHABET[usize::from(b[0]) % RECOVERY_ALPHABET.len()] as char);
    }
    chars
}

/// The stored form of a recovery code as typed; None when it cannot be one.
pub(crate) fn recovery_code_hash(code: &str) -> Option<String> {
    let normalized = normalize_recovery_code(code);
    (normalized.len() == RECOVERY_CODE_CHARS).then(|| sha256_hex(&normalized))
}

/// Recovery codes are compared without case, spaces or dashes.
pub(crate) fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn codes_match_their_step_with_one_step_of_drift() {
        let now = Utc::now();
        let code = current_code(SECRET, now).unwrap();
        let step = now.timestamp() / 30;
        assert_eq!(matching_step(SECRET, &code, now), Some(step));
        assert!(matching_step(SECRET, &code, now + Duration::seconds(30)).is_some());
        assert_eq!(
            matching_step(SECRET, &code, now + Duration::minutes(5)),
            None
        );
        assert_eq!(matching_step(SECRET, "12345", now), None);
        assert_eq!(matching_step(SECRET, "abcdef", now), None);
    }

    #[test]
    fn rfc6238_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) → 287082.
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        let at = DateTime::from_timestamp(59, 0).unwrap();
        assert_eq!(current_code(&secret, at).as_deref(), Some("287082"));
    }

    #[test]
    fn recovery_codes_are_long_random_and_normalized() {
        let a = new_recovery_code();
        assert_eq!(a.len(), 27, "{a}");
        assert_eq!(a.split('-').count(), 4, "{a}");
        assert_eq!(normalize_recovery_code(&a).len(), RECOVERY_CODE_CHARS);
        assert!(RECOVERY_CODE_CHARS as f64 * (RECOVERY_ALPHABET.len() as f64).log2() >= 112.0);
        assert_ne!(a, new_recovery_code());
        assert_eq!(
            recovery_code_hash(&a.to_uppercase()),
            recovery_code_hash(&a)
        );
        assert_eq!(recovery_code_hash("abcde-fghjk"), None, "old short codes");
        assert_eq!(normalize_recovery_code(" AbCdE-fGhJk "), "abcdefghjk");
    }
}
