//! Each release's stylesheet in the database, so that while instances of
//! two releases serve together (a rolling deploy), a page rendered by one
//! finds its hashed CSS on the other. Kept 30 days: a browser's cached page
//! older than that fetches a fresh one anyway.
use crate::{entities::stylesheet, error::DomainResult, Database};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

pub const KEEP: Duration = Duration::days(30);

/// Stores this release's stylesheet (once; a second start changes
/// nothing) and forgets those of releases past [`KEEP`].
pub async fn publish(db: &Database, hash: &str, css: &str, now: DateTime<Utc>) -> DomainResult<()> {
    let row = stylesheet::ActiveModel {
        hash: Set(hash.to_owned()),
        body: Set(css.to_owned()),
        published_at: Set(now),
    };
    stylesheet::Entity::insert(row)
        .on_conflict_do_nothing_on([stylesheet::Column::Hash])
        .exec(db.writer())
        .await?;
    stylesheet::Entity::delete_many()
        .filter(stylesheet::Column::PublishedAt.lt(now - KEEP))
        .filter(stylesheet::Column::Hash.ne(hash))
        .exec(db.writer())
        .await?;
    Ok(())
}

/// Another release's stylesheet, when one was published under `hash`.
pub async fn find(db: &Database, hash: &str) -> DomainResult<Option<String>> {
    Ok(stylesheet::Entity::find_by_id(hash.to_owned())
        .one(db.reader())
        .await?
        .map(|s| s.body))
}
