use crate::{entities::portfolio_item, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn featured(db: &Database, limit: u64) -> DomainResult<Vec<portfolio_item::Model>> {
    Ok(portfolio_item::Entity::find()
        .filter(portfolio_item::Column::Published.eq(true))
        .filter(portfolio_item::Column::Featured.eq(true))
        .order_by_asc(portfolio_item::Column::SortOrder)
        .order_by_asc(portfolio_item::Column::Id)
        .limit(limit)
        .all(db.reader())
        .await?)
}
