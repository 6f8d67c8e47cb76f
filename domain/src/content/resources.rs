//! Free resources (guides, templates, checklists), in the CMS's order.
use super::found;
use crate::{entities::resource, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Select};

pub(crate) fn published() -> Select<resource::Entity> {
    resource::Entity::find().filter(resource::Column::Published.eq(true))
}

pub async fn list_published(db: &Database) -> DomainResult<Vec<resource::Model>> {
    Ok(published()
        .order_by_asc(resource::Column::SortOrder)
        .order_by_asc(resource::Column::Id)
        .all(db.reader())
        .await?)
}

/// NotFound for unknown and unpublished slugs alike.
pub async fn find_published(db: &Database, slug: &str) -> DomainResult<resource::Model> {
    found(
        published()
            .filter(resource::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}
