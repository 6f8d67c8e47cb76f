//! White-label SaaS bundles, in the order set in the CMS.
use super::found;
use crate::{entities::saas_bundle, error::DomainResult, Database};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Select};

pub(crate) fn active() -> Select<saas_bundle::Entity> {
    saas_bundle::Entity::find().filter(saas_bundle::Column::Active.eq(true))
}

pub(crate) fn cms_order(q: Select<saas_bundle::Entity>) -> Select<saas_bundle::Entity> {
    q.order_by_asc(saas_bundle::Column::SortOrder)
        .order_by_asc(saas_bundle::Column::Id)
}

pub async fn list_active(db: &Database) -> DomainResult<Vec<saas_bundle::Model>> {
    Ok(cms_order(active()).all(db.reader()).await?)
}

/// NotFound for unknown and inactive slugs alike.
pub async fn find_active(db: &Database, slug: &str) -> DomainResult<saas_bundle::Model> {
    found(
        active()
            .filter(saas_bundle::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}
