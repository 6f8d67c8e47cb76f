//! Registration, e-mail verification, password reset and change, profile.
use super::{
    password, sessions, tokens, NewAccount, PasswordHasher, RegisterOutcome, TokenPurpose,
};
use crate::Refusal;
use crate::{
    entities::user::{self, UserType},
    error::DomainError,
    forms::{validate, FieldErrors},
    lockout::{self, Area, LoginKey},
    mail::{self, templates},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
    TryInsertResult,
};

fn valid_name(raw: &str) -> Result<String, String> {
    validate::line(raw, 2, 120, "Nama")
}

/// Where the e-mail links of accounts lead (paths of the site).
pub const VERIFY_EMAIL_PATH: &str = "/verify-email";
pub const RESET_PASSWORD_PATH: &str = "/reset-password";

fn link(origin: &str, path: &str, token: &str) -> String {
    format!("{}{path}?token={token}", origin.trim_end_matches('/'))
}

/// Creates an unverified member account, its e-mail verification token and
/// the verification e-mail (links under `origin`), in one transaction.
///
/// Nothing is written when a field is invalid. When the address already
/// has an account, that account is left untouched and
/// `AlreadyRegistered` is returned; the password is hashed anyway so both
/// answers take as long. The unique index decides between simultaneous
/// registrations of one address.
pub async fn register(
    db: &Database,
    hasher: &PasswordHasher,
    input: &NewAccount,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<RegisterOutcome, DomainError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", valid_name(&input.name));
    let email = errors.check("email", validate::email(&input.email));
    errors.check(
        "password",
        password::check_policy(&input.password, email.as_deref().unwrap_or_default()),
    );
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return Err(DomainError::Invalid(errors));
    };
    let password_hash = hasher.hash(&input.password).await?;

    let txn = db.writer().begin().await?;
    let inserted = user::Entity::insert(user::ActiveModel {
        email: Set(email.clone()),
        name: Set(name.clone()),
        phone: Set(None),
        password_hash: Set(password_hash),
        user_type: Set(UserType::Member),
        email_verified_at: Set(None),
        avatar_path: Set(None),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([user::Column::Email])
    .exec_without_returning(&txn)
    .await?;
    let user_id: i32 = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Email.eq(&email))
        .into_tuple()
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let outcome = match inserted {
        TryInsertResult::Inserted(n) if n > 0 => {
            let verify_token =
                tokens::issue_in(&txn, user_id, TokenPurpose::VerifyEmail, now).await?;
            let url = link(origin, VERIFY_EMAIL_PATH, &verify_token);
            mail::queue_in(&txn, &templates::verify_email(&email, &name, &url), now).await?;
            RegisterOutcome::Created {
                user_id,
                verify_token,
            }
        }
        _ => RegisterOutcome::AlreadyRegistered { user_id },
    };
    txn.commit().await?;
    Ok(outcome)
}

/// Consumes a verification link and marks the address verified; the user's
/// id. Unknown, used and expired tokens are all `TokenInvalid`.
pub async fn verify_email(
    db: &Database,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let token = tokens::find_valid(db.reader(), raw_token, TokenPurpose::VerifyEmail, now)
        .await?
        .ok_or(DomainError::Refused(Refusal::TokenInvalid))?;
    let txn = db.writer().begin().await?;
    if !tokens::claim(&txn, token.id, now).await? {
        txn.rollback().await?;
        return Err(DomainError::Refused(Refusal::TokenInvalid));
    }
    user::Entity::update_many()
        .set(user::ActiveModel {
            email_verified_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(user::Column::Id.eq(token.user_id))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(token.user_id)
}

async fn find_by_email(db: &Database, email: &str) -> Result<Option<user::Model>, DomainError> {
    let email = validate::normalize_email(email);
    if email.is_empty() {
        return Ok(None);
    }
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db.reader())
        .await?)
}

/// Issues a `purpose` token for `u` and queues its e-mail, in one
/// transaction: `(user_id, raw_token)`. Nothing at all (None; earlier links
/// keep working) when the address reached its hourly mail limit, so nobody
/// can flood an inbox through the forms.
async fn mail_token(
    db: &Database,
    u: &user::Model,
    purpose: TokenPurpose,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i32, String)>, DomainError> {
    if mail::recipient_limited(db.reader(), &u.email, now).await? {
        return Ok(None);
    }
    let txn = db.writer().begin().await?;
    let raw = tokens::issue_in(&txn, u.id, purpose, now).await?;
    let email = match purpose {
        TokenPurpose::VerifyEmail => {
            templates::verify_email(&u.email, &u.name, &link(origin, VERIFY_EMAIL_PATH, &raw))
        }
        TokenPurpose::ResetPassword => {
            templates::reset_password(&u.email, &u.name, &link(origin, RESET_PASSWORD_PATH, &raw))
        }
    };
    mail::queue_in(&txn, &email, now).await?;
    txn.commit().await?;
    Ok(Some((u.id, raw)))
}

/// Mails a new verification link (links under `origin`): `(user_id,
/// raw_token)`, or None when there is no such account, it is already
/// verified or disabled, or the address reached its hourly mail limit (the
/// caller answers the same either way).
/// Earlier links stop working.
pub async fn resend_verification(
    db: &Database,
    email: &str,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i32, String)>, DomainError> {
    match find_by_email(db, email).await? {
        Some(u) if u.email_verified_at.is_none() && u.disabled_at.is_none() => {
            mail_token(db, &u, TokenPurpose::VerifyEmail, origin, now).await
        }
        _ => Ok(None),
    }
}

/// Mails a password reset link (valid one hour, under `origin`):
/// `(user_id, raw_token)`, or None when there is no such account, it is
/// disabled or the address reached its hourly mail limit (the caller
/// answers the same either way). Earlier reset links
/// stop working.
pub async fn request_password_reset(
    db: &Database,
    email: &str,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i32, String)>, DomainError> {
    match find_by_email(db, email).await? {
        Some(u) if u.disabled_at.is_none() => {
            mail_token(db, &u, TokenPurpose::ResetPassword, origin, now).await
        }
        _ => Ok(None),
    }
}

/// Sets a new password from a reset link; the user's id.
///
/// The token is checked first (`TokenInvalid`), then the policy
/// (`Invalid`, "password"), which leaves the token usable for another try.
/// On success the token is used up, other reset links stop working, every
/// session ends, and the address counts as
/// verified (the link was received there).
pub async fn reset_password(
    db: &Database,
    hasher: &PasswordHasher,
    raw_token: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let token = tokens::find_valid(db.reader(), raw_token, TokenPurpose::ResetPassword, now)
        .await?
        .ok_or(DomainError::Refused(Refusal::TokenInvalid))?;
    let user = user::Entity::find_by_id(token.user_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::Refused(Refusal::TokenInvalid))?;
    password::check_policy(new_password, &user.email)
        .map_err(|msg| DomainError::field("password", msg))?;
    let password_hash = hasher.hash(new_password).await?;

    let txn = db.writer().begin().await?;
    if !tokens::claim(&txn, token.id, now).await? {
        txn.rollback().await?;
        return Err(DomainError::Refused(Refusal::TokenInvalid));
    }
    user::Entity::update_many()
        .set(user::ActiveModel {
            password_hash: Set(password_hash),
            email_verified_at: Set(Some(user.email_verified_at.unwrap_or(now))),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    tokens::invalidate_unused(&txn, user.id, TokenPurpose::ResetPassword, now).await?;
    sessions::revoke_others_in(&txn, user.id, None).await?;
    txn.commit().await?;
    Ok(user.id)
}

/// Changes the password of a logged-in user, who must give the current
/// one (`Invalid` with key "current_password" when wrong). Wrong current
/// passwords count towards the login throttle of this account and client
/// (`ip`), so a stolen session cannot guess it either. Every other session
/// ends and pending reset links stop working; `keep_session_id` (the
/// session making the change) stays logged in.
#[allow(clippy::too_many_arguments)]
pub async fn change_password(
    db: &Database,
    hasher: &PasswordHasher,
    user_id: i32,
    current: &str,
    new: &str,
    keep_session_id: i32,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let user = user::Entity::find_by_id(user_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let key = LoginKey::new(Area::Member, &user.email, ip);
    if let Some(until) = lockout::blocked(db.reader(), &key, now).await? {
        return Err(DomainError::Refused(Refusal::Locked { until }));
    }
    password::check_policy(new, &user.email).map_err(|msg| DomainError::field("password", msg))?;
    if !hasher.verify(&user.password_hash, current).await? {
        lockout::record_failure(db, &key, now).await?;
        return Err(DomainError::field(
            "current_password",
            "Kata sandi saat ini salah.",
        ));
    }
    lockout::clear(db.writer(), &key).await?;
    let password_hash = hasher.hash(new).await?;

    let txn = db.writer().begin().await?;
    user::Entity::update_many()
        .set(user::ActiveModel {
            password_hash: Set(password_hash),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    tokens::invalidate_unused(&txn, user_id, TokenPurpose::ResetPassword, now).await?;
    sessions::revoke_others_in(&txn, user_id, Some(keep_session_id)).await?;
    txn.commit().await?;
    Ok(())
}

/// Updates the name (2–120 characters, one line) and the optional phone
/// number (empty clears it). Field keys: "name", "phone".
pub async fn update_profile(
    db: &Database,
    user_id: i32,
    name: &str,
    phone: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", valid_name(name));
    let phone = errors.check("phone", validate::phone(phone));
    let (Some(name), Some(phone)) = (name, phone) else {
        return Err(DomainError::Invalid(errors));
    };
    let res = user::Entity::update_many()
        .set(user::ActiveModel {
            name: Set(name),
            phone: Set(phone),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(user::Column::Id.eq(user_id))
        .exec(db.writer())
        .await?;
    if res.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// Records (or with None, clears) the path of the user's uploaded avatar.
pub async fn set_avatar(
    db: &Database,
    user_id: i32,
    path: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let res = user::Entity::update_many()
        .set(user::ActiveModel {
            avatar_path: Set(path),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(user::Column::Id.eq(user_id))
        .exec(db.writer())
        .await?;
    if res.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}
