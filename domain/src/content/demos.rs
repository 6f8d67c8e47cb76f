//! Live demos of what the agency builds, in the order set in the CMS.
use crate::{entities::demo, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub async fn list_published(db: &Database) -> DomainResult<Vec<demo::Model>> {
    Ok(demo::Entity::find()
        .filter(demo::Column::Published.eq(true))
        .order_by_asc(demo::Column::SortOrder)
        .order_by_asc(demo::Column::Id)
        .all(db.reader())
        .await?)
}
