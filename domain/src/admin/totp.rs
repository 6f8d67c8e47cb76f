//! TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30 s, as every authenticator
//! app expects) and single-use recovery codes.
use crate::DomainError;
use crate::Refusal;
use crate::{
    accounts::sha256_hex,
    audit::{self, Actor},
    entities::{admin, admin_recovery_code},
    Database,
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
            constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
        .map(|t| (t / STEP_SECONDS) as i64)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The current code for a secret; used by tests and the demo.
pub fn current_code(secret_base32: &str, now: DateTime<Utc>) -> Option<String> {
    Some(totp(secret_base32, "x")?.generate(u64::try_from(now.timestamp()).ok()?))
}

/// Starts (or restarts) enrolment with a fresh 160-bit secret. Two-factor
/// stays as it was until `confirm_enrolment` gets a valid code.
pub async fn begin_enrolment(db: &Database, admin_id: i32) -> Result<Enrolment, DomainError> {
    let found = admin::Entity::find_by_id(admin_id).one(db.reader()).await?;
    let admin = found.ok_or(DomainError::Refused(Refusal::SessionInvalid))?;
    let mut raw = [0u8; 20];
    getrandom::fill(&mut raw).expect("the operating system's random number generator failed");
    let secret_base32 = Secret::Raw(raw.to_vec()).to_encoded().to_string();
    admin::Entity::update_many()
        .col_expr(
            admin::Column::TotpPendingSecret,
            Expr::value(Some(secret_base32.clone())),
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

/// Confirms the pending secret with a code from the app, turns two-factor
/// on and returns new recovery codes (shown once; only hashes are kept).
pub async fn confirm_enrolment(
    db: &Database,
    actor: &Actor,
    admin_id: i32,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, DomainError> {
    let found = admin::Entity::find_by_id(admin_id).one(db.reader()).await?;
    let admin = found.ok_or(DomainError::Refused(Refusal::SessionInvalid))?;
    let Some(secret) = admin.totp_pending_secret else {
        return Err(DomainError::Refused(Refusal::CodeInvalid));
    };
    let step =
        matching_step(&secret, code, now).ok_or(DomainError::Refused(Refusal::CodeInvalid))?;
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| new_recovery_code())
        .collect();
    let txn = db.writer().begin().await?;
    admin::Entity::update_many()
        .col_expr(admin::Column::TotpSecret, Expr::value(Some(secret)))
        .col_expr(
            admin::Column::TotpPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(admin::Column::TotpLastStep, Expr::value(Some(step)))
        .col_expr(admin::Column::UpdatedAt, Expr::value(now))
        .filter(admin::Column::Id.eq(admin_id))
        .exec(&txn)
        .await?;
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
    txn.commit().await?;
    Ok(codes)
}

/// Turns two-factor off; needs a current code so a stolen session alone
/// cannot weaken the account.
pub async fn disable_two_factor(
    db: &Database,
    actor: &Actor,
    admin_id: i32,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let found = admin::Entity::find_by_id(admin_id).one(db.reader()).await?;
    let admin = found.ok_or(DomainError::Refused(Refusal::SessionInvalid))?;
    let Some(secret) = admin.totp_secret else {
        return Ok(());
    };
    matching_step(&secret, code, now).ok_or(DomainError::Refused(Refusal::CodeInvalid))?;
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
    admin_recovery_code::Entity::insert_many(codes.iter().map(|c| {
        admin_recovery_code::ActiveModel {
            admin_id: Set(admin_id),
            code_hash: Set(sha256_hex(&normalize_recovery_code(c))),
            created_at: Set(now),
            ..Default::default()
        }
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// `xxxxx-xxxxx` from an alphabet without look-alike characters; 50 bits.
fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut raw = [0u8; 10];
    getrandom::fill(&mut raw).expect("the operating system's random number generator failed");
    let chars: String = raw
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
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
    fn recovery_codes_are_random_and_normalized() {
        let a = new_recovery_code();
        assert_eq!(a.len(), 11);
        assert_ne!(a, new_recovery_code());
        assert_eq!(normalize_recovery_code(" AbCdE-fGhJk "), "abcdefghjk");
    }
}
