//! Digital products in the shop. Inactive products are hidden everywhere.
use super::found;
use crate::{entities::product, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

pub(crate) fn active() -> Select<product::Entity> {
    product::Entity::find().filter(product::Column::Active.eq(true))
}

/// Featured first, then the CMS's order.
pub(crate) fn shop_order(q: Select<product::Entity>) -> Select<product::Entity> {
    q.order_by_desc(product::Column::Featured)
        .order_by_asc(product::Column::SortOrder)
        .order_by_asc(product::Column::Id)
}

/// Active products, featured first, in the CMS's order.
pub async fn highlighted(db: &Database, limit: u64) -> DomainResult<Vec<product::Model>> {
    Ok(shop_order(active()).limit(limit).all(db.reader()).await?)
}

/// The shop listing, optionally narrowed to one exact category.
pub async fn list_active(
    db: &Database,
    category: Option<&str>,
) -> DomainResult<Vec<product::Model>> {
    let mut q = active();
    if let Some(category) = category {
        q = q.filter(product::Column::Category.eq(category));
    }
    Ok(shop_order(q).all(db.reader()).await?)
}

/// NotFound for unknown and inactive slugs alike.
pub async fn find_active(db: &Database, slug: &str) -> DomainResult<product::Model> {
    found(
        active()
            .filter(product::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}

/// Distinct categories of active products, sorted in Rust so both backends
/// agree regardless of collation.
pub async fn categories(db: &Database) -> DomainResult<Vec<String>> {
    let mut names: Vec<String> = active()
        .select_only()
        .column(product::Column::Category)
        .distinct()
        .into_tuple()
        .all(db.reader())
        .await?;
    names.sort();
    names.dedup();
    Ok(names)
}
