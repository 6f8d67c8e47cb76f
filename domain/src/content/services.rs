//! The agency's services, in the order set in the CMS.
use super::found;
use crate::{entities::service, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Select};

pub(crate) fn published() -> Select<service::Entity> {
    service::Entity::find().filter(service::Column::Published.eq(true))
}

pub async fn list_published(db: &Database) -> DomainResult<Vec<service::Model>> {
    Ok(published()
        .order_by_asc(service::Column::SortOrder)
        .order_by_asc(service::Column::Id)
        .all(db.reader())
        .await?)
}

/// NotFound for unknown and unpublished slugs alike.
pub async fn find_published(db: &Database, slug: &str) -> DomainResult<service::Model> {
    found(
        published()
            .filter(service::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}
