use crate::{
    entities::{post, PostStatus},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The one rule for "the public may see this post".
pub fn visible_condition(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(post::Column::Status.eq(PostStatus::Published))
        .add(post::Column::PublishedAt.lte(now))
}

pub async fn latest_published(
    db: &Database,
    now: DateTime<Utc>,
    limit: u64,
) -> DomainResult<Vec<post::Model>> {
    Ok(post::Entity::find()
        .filter(visible_condition(now))
        .order_by_desc(post::Column::PublishedAt)
        .order_by_desc(post::Column::Id)
        .limit(limit)
        .all(db.reader())
        .await?)
}
