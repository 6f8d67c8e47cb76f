//! Case studies: long-form write-ups of a project, optionally attached to a
//! portfolio item. Newest first.
use super::found;
use crate::{entities::case_study, error::DomainResult, Database};
use sea_orm::{
    sea_query::NullOrdering, ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, Select,
};

pub(crate) fn published() -> Select<case_study::Entity> {
    case_study::Entity::find().filter(case_study::Column::Published.eq(true))
}

/// NULL `published_at` sorts last on both backends (their defaults differ).
fn newest_first(q: Select<case_study::Entity>) -> Select<case_study::Entity> {
    q.order_by_with_nulls(
        case_study::Column::PublishedAt,
        Order::Desc,
        NullOrdering::Last,
    )
    .order_by_desc(case_study::Column::Id)
}

pub async fn list_published(db: &Database) -> DomainResult<Vec<case_study::Model>> {
    Ok(newest_first(published()).all(db.reader()).await?)
}

/// NotFound for unknown and unpublished slugs alike.
pub async fn find_published(db: &Database, slug: &str) -> DomainResult<case_study::Model> {
    found(
        published()
            .filter(case_study::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}

/// The published case study of a portfolio item, for a "read the case
/// study" link; the newest one if several point at the same item.
pub async fn for_portfolio_item(
    db: &Database,
    portfolio_item_id: i32,
) -> DomainResult<Option<case_study::Model>> {
    Ok(
        newest_first(published().filter(case_study::Column::PortfolioItemId.eq(portfolio_item_id)))
            .one(db.reader())
            .await?,
    )
}
