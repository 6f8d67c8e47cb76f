//! Creating admin accounts. There is no sign-up: the first admin comes from
//! `tiranyx admin create`, the demo admin from `seed-demo`.
use crate::DomainError;
use crate::{
    accounts::{password::check_policy, PasswordHasher},
    audit::{self, Actor},
    entities::admin,
    forms::{validate, FieldErrors},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// Validates and creates an admin; returns its id. Written to the audit log
/// as done by `actor`.
pub async fn create_admin(
    db: &Database,
    hasher: &PasswordHasher,
    actor: &Actor,
    email: &str,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let mut errors = FieldErrors::default();
    let email = errors.check("email", validate::email(email));
    let name = errors.check("name", validate::line(name, 2, 120, "Nama"));
    if let Some(email) = &email {
        errors.check("password", check_policy(password, email));
    }
    let (Some(email), Some(name)) = (email, name) else {
        return Err(DomainError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    if find_by_email(db, &email).await?.is_some() {
        return Err(DomainError::Conflict { field: "email" });
    }
    let password_hash = hasher.hash(password).await?;
    let txn = db.writer().begin().await?;
    let inserted = admin::Entity::insert(admin::ActiveModel {
        email: Set(email.clone()),
        name: Set(name),
        password_hash: Set(password_hash),
        failed_logins: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await;
    let id = match inserted {
        Ok(r) => r.last_insert_id,
        // Two creations of the same address at once: the unique index decides.
        Err(e) if is_unique_violation(&e) => return Err(DomainError::Conflict { field: "email" }),
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        actor,
        "admin.create",
        "admin",
        Some(id),
        &format!("akun admin {email} dibuat"),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn find_by_email(
    db: &Database,
    email: &str,
) -> Result<Option<admin::Model>, DomainError> {
    Ok(admin::Entity::find()
        .filter(admin::Column::Email.eq(crate::forms::validate::normalize_email(email)))
        .one(db.reader())
        .await?)
}

pub(crate) fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// `tiranyx admin unlock`: lifts every login wait on the admin's address
/// (all clients) and the second-factor lock, audited. False when no admin
/// has the address (nothing changes).
pub async fn unlock(
    db: &Database,
    actor: &Actor,
    email: &str,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let Some(admin) = find_by_email(db, email).await? else {
        return Ok(false);
    };
    let txn = db.writer().begin().await?;
    crate::lockout::unlock_account(&txn, crate::lockout::Area::Admin, &admin.email).await?;
    audit::record(
        &txn,
        actor,
        "admin.unlock",
        "admin",
        Some(admin.id),
        "penundaan login dan kunci kode dua langkah dicabut",
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}
