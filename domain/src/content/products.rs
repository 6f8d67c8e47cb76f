use crate::{entities::product, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Active products, featured first, in the CMS's order.
pub async fn highlighted(db: &Database, limit: u64) -> DomainResult<Vec<product::Model>> {
    Ok(product::Entity::find()
        .filter(product::Column::Active.eq(true))
        .order_by_desc(product::Column::Featured)
        .order_by_asc(product::Column::SortOrder)
        .order_by_asc(product::Column::Id)
        .limit(limit)
        .all(db.reader())
        .await?)
}
