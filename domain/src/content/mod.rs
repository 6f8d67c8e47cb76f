//! Read models of the public site's content. Each submodule owns one
//! concept's queries; all of them only show what is published or active.
pub mod case_studies;
pub mod demos;
pub mod portfolio;
pub mod posts;
pub mod products;
pub mod resources;
pub mod saas;
pub mod services;
pub mod settings;
pub mod sitemap;

use crate::error::{DomainError, DomainResult};

/// The largest page a caller may ask for, so a crafted query string cannot
/// make one request load the whole table.
pub const MAX_PER_PAGE: u64 = 100;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
    /// Matching rows over all pages.
    pub total: u64,
}

impl<T> Page<T> {
    /// At least 1, so "page 1 of 1" is shown even for an empty listing.
    pub fn total_pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// Clamps a requested page to sane values: page 0 means page 1 and
/// `per_page` lies in `1..=MAX_PER_PAGE`. Returns `(page, per_page, offset)`.
pub(crate) fn page_bounds(page: u64, per_page: u64) -> (u64, u64, u64) {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    (page, per_page, (page - 1).saturating_mul(per_page))
}

/// Case-insensitive "contains" on a text column, the same on SQLite and
/// PostgreSQL (whose LIKE is case-sensitive). `%` and `_` typed by the
/// admin are matched literally.
pub fn contains_ci(
    col: impl sea_orm::sea_query::IntoColumnRef,
    query: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LikeExpr};
    let escaped = query
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(col))).like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

/// A condition matching `query` (case-insensitively, see [`contains_ci`])
/// in any of `cols`, or None for a blank query: the admin listings' search.
pub(crate) fn search_any<C>(cols: &[C], query: &str) -> Option<sea_orm::Condition>
where
    C: sea_orm::sea_query::IntoColumnRef + Copy,
{
    let query = query.trim();
    (!query.is_empty()).then(|| {
        cols.iter().fold(sea_orm::Condition::any(), |cond, col| {
            cond.add(contains_ci(*col, query))
        })
    })
}

/// One page of what `find` matches, newest first (by `created`, then
/// `id`), with the total count: the admin listings' paging.
pub(crate) async fn newest_page<E>(
    db: &crate::Database,
    find: sea_orm::Select<E>,
    (created, id): (E::Column, E::Column),
    page: u64,
    per_page: u64,
) -> DomainResult<Page<E::Model>>
where
    E: sea_orm::EntityTrait,
    E::Model: Send + Sync,
{
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
    let (page, per_page, offset) = page_bounds(page, per_page);
    let total = find.clone().count(db.reader()).await?;
    let items = find
        .order_by_desc(created)
        .order_by_desc(id)
        .offset(offset)
        .limit(per_page)
        .all(db.reader())
        .await?;
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}

/// `find_*` functions return `NotFound` rather than `Option`, because every
/// caller turns a missing row into a 404 anyway.
pub(crate) fn found<T>(row: Option<T>) -> DomainResult<T> {
    row.ok_or(DomainError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: u64, per_page: u64) -> Page<()> {
        Page {
            items: vec![],
            page: 1,
            per_page,
            total,
        }
    }

    #[test]
    fn total_pages_rounds_up_and_is_at_least_one() {
        assert_eq!(page(0, 10).total_pages(), 1);
        assert_eq!(page(6, 2).total_pages(), 3);
        assert_eq!(page(7, 2).total_pages(), 4);
        assert_eq!(page(5, 0).total_pages(), 5);
    }

    #[test]
    fn page_bounds_clamp() {
        assert_eq!(page_bounds(0, 10), (1, 10, 0));
        assert_eq!(page_bounds(3, 2), (3, 2, 4));
        assert_eq!(page_bounds(1, 0), (1, 1, 0));
        assert_eq!(page_bounds(2, 1000), (2, MAX_PER_PAGE, MAX_PER_PAGE));
        assert_eq!(page_bounds(u64::MAX, 100).2, u64::MAX);
    }
}
