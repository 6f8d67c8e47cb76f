use crate::{entities::service, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub async fn list_published(db: &Database) -> DomainResult<Vec<service::Model>> {
    Ok(service::Entity::find()
        .filter(service::Column::Published.eq(true))
        .order_by_asc(service::Column::SortOrder)
        .order_by_asc(service::Column::Id)
        .all(db.reader())
        .await?)
}
