//! The last good Ixonomic answer per client and resource, in
//! `ixonomic_snapshots` (shared by every instance): written on every good
//! answer, read when Ixonomic fails.
use crate::{entities::ixonomic_snapshot, error::DomainResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{de::DeserializeOwned, Serialize};

/// A stored answer and when Ixonomic gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot<T> {
    pub data: T,
    pub fetched_at: DateTime<Utc>,
}

/// The resource names: `projects`, `invoices`, `projects/{id}/…`.
pub fn milestones_of(project_id: &str) -> String {
    format!("projects/{project_id}/milestones")
}

pub fn deliverables_of(project_id: &str) -> String {
    format!("projects/{project_id}/deliverables")
}

/// Upserts one answer: one row per client and resource, whichever
/// instance writes (`ON CONFLICT (client_id, resource) DO UPDATE`, on
/// SQLite and PostgreSQL alike).
pub async fn store<T: Serialize>(
    conn: &impl ConnectionTrait,
    client_id: &str,
    resource: &str,
    data: &T,
    fetched_at: DateTime<Utc>,
) -> DomainResult<()> {
    let body = serde_json::to_string(data)
        .map_err(|e| crate::DomainError::Internal(format!("snapshot of {resource}: {e}")))?;
    ixonomic_snapshot::Entity::insert(ixonomic_snapshot::ActiveModel {
        client_id: Set(client_id.to_owned()),
        resource: Set(resource.to_owned()),
        body: Set(body),
        fetched_at: Set(fetched_at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            ixonomic_snapshot::Column::ClientId,
            ixonomic_snapshot::Column::Resource,
        ])
        .update_columns([
            ixonomic_snapshot::Column::Body,
            ixonomic_snapshot::Column::FetchedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The stored answer, if any. One that no longer reads as `T` (the
/// contract changed) counts as none.
pub async fn load<T: DeserializeOwned>(
    conn: &impl ConnectionTrait,
    client_id: &str,
    resource: &str,
) -> DomainResult<Option<Snapshot<T>>> {
    let row = ixonomic_snapshot::Entity::find()
        .filter(ixonomic_snapshot::Column::ClientId.eq(client_id))
        .filter(ixonomic_snapshot::Column::Resource.eq(resource))
        .one(conn)
        .await?;
    Ok(row.and_then(|r| match serde_json::from_str(&r.body) {
        Ok(data) => Some(Snapshot {
            data,
            fetched_at: r.fetched_at,
        }),
        Err(e) => {
            tracing::warn!(client_id, resource, error = %e, "ixonomic snapshot unreadable");
            None
        }
    }))
}
