//! The public URLs worth listing in `sitemap.xml`. Each section reuses its
//! module's visibility rule, so the sitemap can never leak a draft, a
//! scheduled post or an inactive product.
use super::{case_studies, posts, products, resources, saas, services};
use crate::{
    entities::{case_study, post, product, resource, saas_bundle, service},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, QueryOrder, QuerySelect, Select};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Site-relative, e.g. `/blog/some-slug`.
    pub path: String,
    /// For `<lastmod>`.
    pub updated_at: DateTime<Utc>,
}

/// Every published post (/blog/{slug}), active product (/products/{slug}), published service (/services/{slug}),
/// published case study (/portfolio/case-studies/{slug}), active SaaS bundle (/saas/{slug}), published resource (/resources/{slug}).
/// Never drafts, scheduled or future posts, inactive products or unpublished rows.
///
/// Static pages (home, about, listings) are the router's business, not the
/// database's, so the caller adds them.
pub async fn entries(db: &Database, now: DateTime<Utc>) -> DomainResult<Vec<SitemapEntry>> {
    let mut out = Vec::new();

    // A post scheduled before its publication date was last edited before
    // it went live; its lastmod is when it appeared.
    let rows: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> = posts::visible(now)
        .select_only()
        .column(post::Column::Slug)
        .column(post::Column::UpdatedAt)
        .column(post::Column::PublishedAt)
        .order_by_desc(post::Column::PublishedAt)
        .order_by_desc(post::Column::Id)
        .into_tuple()
        .all(db.reader())
        .await?;
    out.extend(
        rows.into_iter()
            .map(|(slug, updated, published)| SitemapEntry {
                path: format!("/blog/{slug}"),
                updated_at: published.map_or(updated, |p| p.max(updated)),
            }),
    );

    add(
        &mut out,
        db,
        "/products",
        products::active(),
        product::Column::Slug,
        product::Column::UpdatedAt,
    )
    .await?;
    add(
        &mut out,
        db,
        "/services",
        services::published(),
        service::Column::Slug,
        service::Column::UpdatedAt,
    )
    .await?;
    add(
        &mut out,
        db,
        "/portfolio/case-studies",
        case_studies::published(),
        case_study::Column::Slug,
        case_study::Column::UpdatedAt,
    )
    .await?;
    add(
        &mut out,
        db,
        "/saas",
        saas::active(),
        saas_bundle::Column::Slug,
        saas_bundle::Column::UpdatedAt,
    )
    .await?;
    add(
        &mut out,
        db,
        "/resources",
        resources::published(),
        resource::Column::Slug,
        resource::Column::UpdatedAt,
    )
    .await?;
    Ok(out)
}

/// Appends `{prefix}/{slug}` for every row of `query`, reading only the two
/// columns the sitemap needs; sorted by slug so the output is stable.
async fn add<E: EntityTrait>(
    out: &mut Vec<SitemapEntry>,
    db: &Database,
    prefix: &str,
    query: Select<E>,
    slug: E::Column,
    updated_at: E::Column,
) -> DomainResult<()> {
    let rows: Vec<(String, DateTime<Utc>)> = query
        .select_only()
        .column(slug)
        .column(updated_at)
        .order_by_asc(slug)
        .into_tuple()
        .all(db.reader())
        .await?;
    out.extend(rows.into_iter().map(|(slug, updated_at)| SitemapEntry {
        path: format!("{prefix}/{slug}"),
        updated_at,
    }));
    Ok(())
}
