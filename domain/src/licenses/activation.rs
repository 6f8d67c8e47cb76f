//! Activating, validating and deactivating a licence: what outside
//! software asks of the licence API (Lemon Squeezy's three calls).
//!
//! The activation limit holds under any number of simultaneous
//! activations, on SQLite and PostgreSQL alike: a seat is taken by one
//! conditional update (`activation_usage + 1 … WHERE activation_usage <
//! activation_limit`), in the transaction that then adds the instance. On
//! PostgreSQL the update waits for the row lock of a concurrent one and
//! re-checks its condition; SQLite has one writer.
use super::{status_at, LicenseKey};
use crate::{
    entities::{
        license::{self, LicenseStatus},
        license_instance, user_purchase,
    },
    error::{DomainError, DomainResult, Refusal},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    ExprTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// The longest instance name kept.
const MAX_INSTANCE_NAME: usize = 200;
/// Instance ids are 32 hex characters; anything longer is unknown.
const MAX_INSTANCE_ID: usize = 40;

/// A licence as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licensed {
    pub license: license::Model,
    /// The status at the time asked ([`status_at`]).
    pub status: LicenseStatus,
    pub product_name: String,
}

/// What [`validate`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    pub licensed: Licensed,
    /// The instance asked about, when one was.
    pub instance: Option<license_instance::Model>,
    /// Why the licence is not valid (disabled, expired); None when it is.
    pub problem: Option<Refusal>,
}

impl Validation {
    pub fn valid(&self) -> bool {
        self.problem.is_none()
    }
}

/// Takes a seat of the licence with `key` for an instance called
/// `instance_name`. Refused when the key is unknown, the licence disabled
/// or expired, or every seat taken.
pub async fn activate(
    db: &Database,
    key: &LicenseKey,
    instance_name: &str,
    now: DateTime<Utc>,
) -> DomainResult<(Licensed, license_instance::Model)> {
    let name = instance_name_of(instance_name)?;
    let txn = db.writer().begin().await?;
    let found = find(&txn, key).await?;
    refuse_unusable(&found, now)?;
    let took = license::Entity::update_many()
        .col_expr(
            license::Column::ActivationUsage,
            Expr::col(license::Column::ActivationUsage).add(1),
        )
        .col_expr(license::Column::Status, Expr::value(LicenseStatus::Active))
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::Id.eq(found.id))
        .filter(license::Column::Status.ne(LicenseStatus::Disabled))
        .filter(
            Expr::col(license::Column::ActivationUsage)
                .lt(Expr::col(license::Column::ActivationLimit)),
        )
        .exec(&txn)
        .await?;
    if took.rows_affected == 0 {
        // Disabled since it was read, or the last seat is taken.
        refuse_unusable(&find(&txn, key).await?, now)?;
        return Err(Refusal::ActivationLimitReached.into());
    }
    let instance = license_instance::ActiveModel {
        license_id: Set(found.id),
        instance_id: Set(new_instance_id()),
        name: Set(name),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let licensed = describe(&txn, find(&txn, key).await?, now).await?;
    txn.commit().await?;
    Ok((licensed, instance))
}

/// Whether the licence with `key` is valid, and when `instance_id` is
/// given, that instance of it. An unknown key or instance is an error; a
/// disabled or expired licence is an answer (`problem`).
pub async fn validate(
    db: &Database,
    key: &LicenseKey,
    instance_id: Option<&str>,
    now: DateTime<Utc>,
) -> DomainResult<Validation> {
    let conn = db.reader();
    let found = find(conn, key).await?;
    let instance = match instance_id {
        Some(id) => Some(instance_of(conn, found.id, id).await?),
        None => None,
    };
    let problem = refuse_unusable(&found, now).err().and_then(|e| match e {
        DomainError::Refused(r) => Some(r),
        _ => None,
    });
    Ok(Validation {
        licensed: describe(conn, found, now).await?,
        instance,
        problem,
    })
}

/// Frees the seat of instance `instance_id` of the licence with `key`.
/// Allowed whatever the licence's status: giving a seat back harms nobody.
pub async fn deactivate(
    db: &Database,
    key: &LicenseKey,
    instance_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<Licensed> {
    let txn = db.writer().begin().await?;
    let found = find(&txn, key).await?;
    free_seat(&txn, found.id, instance_id, now).await?;
    let licensed = describe(&txn, find(&txn, key).await?, now).await?;
    txn.commit().await?;
    Ok(licensed)
}

/// Deletes instance `instance_id` of licence `license_id` and gives its
/// seat back, through the caller's transaction. The delete decides: of two
/// simultaneous frees of one instance, one finds nothing to delete.
pub(super) async fn free_seat(
    conn: &impl ConnectionTrait,
    license_id: i32,
    instance_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let gone = license_instance::Entity::delete_many()
        .filter(license_instance::Column::LicenseId.eq(license_id))
        .filter(license_instance::Column::InstanceId.eq(instance_id))
        .exec(conn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(Refusal::InstanceNotFound.into());
    }
    license::Entity::update_many()
        .col_expr(
            license::Column::ActivationUsage,
            Expr::col(license::Column::ActivationUsage).sub(1),
        )
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::Id.eq(license_id))
        .filter(license::Column::ActivationUsage.gt(0))
        .exec(conn)
        .await?;
    // The last seat freed: back to `inactive`, as Lemon Squeezy has it.
    license::Entity::update_many()
        .col_expr(
            license::Column::Status,
            Expr::value(LicenseStatus::Inactive),
        )
        .filter(license::Column::Id.eq(license_id))
        .filter(license::Column::Status.eq(LicenseStatus::Active))
        .filter(license::Column::ActivationUsage.eq(0))
        .exec(conn)
        .await?;
    Ok(())
}

async fn find(conn: &impl ConnectionTrait, key: &LicenseKey) -> DomainResult<license::Model> {
    license::Entity::find()
        .filter(license::Column::KeyHash.eq(key.hash()))
        .one(conn)
        .await?
        .ok_or_else(|| Refusal::LicenseNotFound.into())
}

async fn instance_of(
    conn: &impl ConnectionTrait,
    license_id: i32,
    instance_id: &str,
) -> DomainResult<license_instance::Model> {
    if instance_id.len() > MAX_INSTANCE_ID {
        return Err(Refusal::InstanceNotFound.into());
    }
    license_instance::Entity::find()
        .filter(license_instance::Column::LicenseId.eq(license_id))
        .filter(license_instance::Column::InstanceId.eq(instance_id))
        .one(conn)
        .await?
        .ok_or_else(|| Refusal::InstanceNotFound.into())
}

fn refuse_unusable(l: &license::Model, now: DateTime<Utc>) -> DomainResult<()> {
    match status_at(l, now) {
        LicenseStatus::Disabled => Err(Refusal::LicenseDisabled.into()),
        LicenseStatus::Expired => Err(Refusal::LicenseExpired.into()),
        LicenseStatus::Inactive | LicenseStatus::Active => Ok(()),
    }
}

async fn describe(
    conn: &impl ConnectionTrait,
    license: license::Model,
    now: DateTime<Utc>,
) -> DomainResult<Licensed> {
    let product_name: Option<String> = user_purchase::Entity::find_by_id(license.purchase_id)
        .select_only()
        .column(user_purchase::Column::ProductName)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(Licensed {
        status: status_at(&license, now),
        product_name: product_name.unwrap_or_else(|| license.product_slug.clone()),
        license,
    })
}

/// The name outside software gives an activation (a machine, a site).
fn instance_name_of(raw: &str) -> DomainResult<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(DomainError::field(
            "instance_name",
            "Nama instance wajib diisi.",
        ));
    }
    if name.chars().count() > MAX_INSTANCE_NAME || name.chars().any(char::is_control) {
        return Err(DomainError::field(
            "instance_name",
            "Nama instance paling panjang 200 karakter, tanpa karakter kontrol.",
        ));
    }
    Ok(name.to_owned())
}

/// 128 random bits as 32 hex characters.
fn new_instance_id() -> String {
    let mut raw = [0u8; 16];
    crate::random::fill(&mut raw);
    hex::encode(raw)
}
