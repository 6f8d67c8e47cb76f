//! What a member sees and does with their own licences in the dashboard:
//! every query is scoped to one `user_id`, so nobody reads or frees
//! another member's activations.
use super::{activation::free_seat, status_at};
use crate::{
    entities::{
        license::{self, LicenseStatus},
        license_instance, user_purchase,
    },
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use std::collections::HashMap;

/// One licence of the member, with its activations (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLicense {
    pub license: license::Model,
    pub status: LicenseStatus,
    pub product_name: String,
    pub instances: Vec<license_instance::Model>,
}

/// The member's licences, newest first.
pub async fn licenses_of(
    db: &Database,
    user_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<Vec<MemberLicense>> {
    let conn = db.reader();
    let licenses = license::Entity::find()
        .filter(license::Column::UserId.eq(user_id))
        .order_by_desc(license::Column::CreatedAt)
        .order_by_desc(license::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i32> = licenses.iter().map(|l| l.id).collect();
    let mut instances: HashMap<i32, Vec<license_instance::Model>> = HashMap::new();
    for i in license_instance::Entity::find()
        .filter(license_instance::Column::LicenseId.is_in(ids))
        .order_by_asc(license_instance::Column::CreatedAt)
        .order_by_asc(license_instance::Column::Id)
        .all(conn)
        .await?
    {
        instances.entry(i.license_id).or_default().push(i);
    }
    let names: HashMap<i32, String> = user_purchase::Entity::find()
        .filter(user_purchase::Column::UserId.eq(user_id))
        .filter(user_purchase::Column::Id.is_in(licenses.iter().map(|l| l.purchase_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.product_name))
        .collect();
    Ok(licenses
        .into_iter()
        .map(|l| MemberLicense {
            status: status_at(&l, now),
            product_name: names
                .get(&l.purchase_id)
                .cloned()
                .unwrap_or_else(|| l.product_slug.clone()),
            instances: instances.remove(&l.id).unwrap_or_default(),
            license: l,
        })
        .collect())
}

/// Frees activation `instance_id` of one of the member's licences. Someone
/// else's instance is as unknown as one that never was (`NotFound`).
pub async fn release(
    db: &Database,
    user_id: i32,
    instance_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.writer().begin().await?;
    let instance = license_instance::Entity::find()
        .filter(license_instance::Column::InstanceId.eq(instance_id))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let owned = license::Entity::find_by_id(instance.license_id)
        .filter(license::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    free_seat(&txn, owned.id, instance_id, now)
        .await
        .map_err(|e| match e {
            DomainError::Refused(_) => DomainError::NotFound,
            other => other,
        })?;
    txn.commit().await?;
    Ok(())
}
