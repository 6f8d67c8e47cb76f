//! Portfolio items (past projects), in the order set in the CMS.
use super::found;
use crate::{entities::portfolio_item, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

pub(crate) fn published() -> Select<portfolio_item::Entity> {
    portfolio_item::Entity::find().filter(portfolio_item::Column::Published.eq(true))
}

fn cms_order(q: Select<portfolio_item::Entity>) -> Select<portfolio_item::Entity> {
    q.order_by_asc(portfolio_item::Column::SortOrder)
        .order_by_asc(portfolio_item::Column::Id)
}

/// For the home page.
pub async fn featured(db: &Database, limit: u64) -> DomainResult<Vec<portfolio_item::Model>> {
    Ok(
        cms_order(published().filter(portfolio_item::Column::Featured.eq(true)))
            .limit(limit)
            .all(db.reader())
            .await?,
    )
}

pub async fn list_published(db: &Database) -> DomainResult<Vec<portfolio_item::Model>> {
    Ok(cms_order(published()).all(db.reader()).await?)
}

/// NotFound for unknown and unpublished slugs alike.
pub async fn find_published(db: &Database, slug: &str) -> DomainResult<portfolio_item::Model> {
    found(
        published()
            .filter(portfolio_item::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}
