//! Blog posts as the public sees them: only published posts whose
//! `published_at` has passed, newest first.
use super::{found, page_bounds, Page};
use crate::{
    entities::{post, PostStatus},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use std::collections::{BTreeMap, BTreeSet};

/// Narrows a listing to one category and/or one tag. Empty strings mean
/// "no filter", so `?tag=` in a URL behaves like no tag at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostFilter {
    /// Exact category name, as returned by [`categories`].
    pub category: Option<String>,
    /// One tag, compared whole and case-insensitively (see [`tag_list`]).
    pub tag: Option<String>,
}

/// The one rule for "the public may see this post".
pub fn visible_condition(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(post::Column::Status.eq(PostStatus::Published))
        .add(post::Column::PublishedAt.lte(now))
}

/// A post's tags in their normal form ([`crate::tags`]); render links from
/// these so they match what [`list_published`] filters on.
pub use crate::tags::list as tag_list;

pub(crate) fn visible(now: DateTime<Utc>) -> Select<post::Entity> {
    post::Entity::find().filter(visible_condition(now))
}

fn newest_first(q: Select<post::Entity>) -> Select<post::Entity> {
    q.order_by_desc(post::Column::PublishedAt)
        .order_by_desc(post::Column::Id)
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub async fn latest_published(
    db: &Database,
    now: DateTime<Utc>,
    limit: u64,
) -> DomainResult<Vec<post::Model>> {
    Ok(newest_first(visible(now))
        .limit(limit)
        .all(db.reader())
        .await?)
}

/// page is 1-based; a page past the end returns empty items (caller decides 404).
///
/// Categories are compared exactly in SQL. Tags are matched in Rust on the
/// `(id, tags)` of the visible posts: whole-tag matching on a free-form
/// comma-separated column cannot be expressed portably (and safely against
/// `%`/`_` in user input) in SQL, and a blog has few enough posts that the
/// id/tags scan is cheap. Only the requested page's full rows are loaded.
pub async fn list_published(
    db: &Database,
    now: DateTime<Utc>,
    filter: &PostFilter,
    page: u64,
    per_page: u64,
) -> DomainResult<Page<post::Model>> {
    let (page, per_page, offset) = page_bounds(page, per_page);
    let mut query = visible(now);
    if let Some(category) = non_empty(&filter.category) {
        query = query.filter(post::Column::Category.eq(category));
    }

    let (items, total) = match non_empty(&filter.tag).map(crate::tags::normalize) {
        None => {
            let total = query.clone().count(db.reader()).await?;
            let items = newest_first(query)
                .offset(offset)
                .limit(per_page)
                .all(db.reader())
                .await?;
            (items, total)
        }
        Some(tag) => {
            let candidates: Vec<(i32, String)> = newest_first(query)
                .select_only()
                .column(post::Column::Id)
                .column(post::Column::Tags)
                .into_tuple()
                .all(db.reader())
                .await?;
            let ids: Vec<i32> = candidates
                .into_iter()
                .filter(|(_, tags)| tag_list(tags).contains(&tag))
                .map(|(id, _)| id)
                .collect();
            let total = ids.len() as u64;
            let page_ids: Vec<i32> = ids
                .into_iter()
                .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                .take(per_page as usize)
                .collect();
            let items = if page_ids.is_empty() {
                Vec::new()
            } else {
                newest_first(visible(now).filter(post::Column::Id.is_in(page_ids)))
                    .all(db.reader())
                    .await?
            };
            (items, total)
        }
    };
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}

/// NotFound unless the post is visible, so drafts and scheduled posts cannot
/// be previewed by guessing their slug.
pub async fn find_published(
    db: &Database,
    now: DateTime<Utc>,
    slug: &str,
) -> DomainResult<post::Model> {
    found(
        visible(now)
            .filter(post::Column::Slug.eq(slug))
            .one(db.reader())
            .await?,
    )
}

/// Visible posts per category, sorted by name (in Rust, so that both
/// backends agree regardless of the database collation).
pub async fn categories(db: &Database, now: DateTime<Utc>) -> DomainResult<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = visible(now)
        .select_only()
        .column(post::Column::Category)
        .column_as(post::Column::Id.count(), "n")
        .group_by(post::Column::Category)
        .into_tuple()
        .all(db.reader())
        .await?;
    let mut out: Vec<(String, u64)> = rows
        .into_iter()
        .map(|(name, n)| (name, n.max(0) as u64))
        .collect();
    out.sort();
    Ok(out)
}

/// Tags of visible posts (normalized as in [`tag_list`]) with the number of
/// posts carrying each, sorted by name.
pub async fn tags(db: &Database, now: DateTime<Utc>) -> DomainResult<Vec<(String, u64)>> {
    let rows: Vec<String> = visible(now)
        .select_only()
        .column(post::Column::Tags)
        .into_tuple()
        .all(db.reader())
        .await?;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for tags in rows {
        let distinct: BTreeSet<String> = tag_list(&tags).into_iter().collect();
        for tag in distinct {
            *counts.entry(tag).or_default() += 1;
        }
    }
    Ok(counts.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_list_normalizes_and_dedups() {
        assert_eq!(
            tag_list(" SEO,  seo lokal ,Core  Web Vitals,,seo "),
            vec!["seo", "seo lokal", "core web vitals"]
        );
        assert!(tag_list("").is_empty());
        assert!(tag_list(" , ,").is_empty());
    }

    #[test]
    fn whole_tags_only() {
        let tags = tag_list("seo-lokal, performa");
        assert!(!tags.contains(&"seo".to_owned()));
        assert!(tags.contains(&"seo-lokal".to_owned()));
    }
}
