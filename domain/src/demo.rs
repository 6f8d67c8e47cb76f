//! The demo content shipped with the repository (`domain/demo/content.toml`):
//! a realistic Indonesian agency site, loaded by `tiranyx seed-demo` or on
//! start with `DEMO_CONTENT=true`.
//!
//! Loading is idempotent: a row whose slug (or settings key) already exists is
//! left alone, so running it twice — or after an admin edited the content —
//! changes nothing.
use crate::{
    entities::{
        case_study, demo, portfolio_item, post, product, resource, saas_bundle, service,
        site_setting, DeliveryType, PostStatus,
    },
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

const CONTENT: &str = include_str!("../demo/content.toml");

#[derive(Deserialize)]
struct DemoContent {
    settings: BTreeMap<String, String>,
    services: Vec<DemoService>,
    portfolio: Vec<DemoPortfolio>,
    case_studies: Vec<DemoCaseStudy>,
    posts: Vec<DemoPost>,
    resources: Vec<DemoResource>,
    demos: Vec<DemoDemo>,
    products: Vec<DemoProduct>,
    saas_bundles: Vec<DemoBundle>,
}

#[derive(Deserialize)]
struct DemoService {
    slug: String,
    title: String,
    summary: String,
    icon: String,
    price_from_idr: Option<i64>,
    sort_order: i32,
    body_md: String,
}

#[derive(Deserialize)]
struct DemoPortfolio {
    slug: String,
    title: String,
    client_name: String,
    category: String,
    summary: String,
    tags: String,
    year: i32,
    featured: bool,
    sort_order: i32,
}

#[derive(Deserialize)]
struct DemoCaseStudy {
    slug: String,
    portfolio_slug: Option<String>,
    title: String,
    client_name: String,
    summary: String,
    results: String,
    #[serde(deserialize_with = "toml_datetime")]
    published_at: DateTime<Utc>,
    body_md: String,
}

#[derive(Deserialize)]
struct DemoPost {
    slug: String,
    title: String,
    excerpt: String,
    category: String,
    tags: String,
    author_name: String,
    seo_title: Option<String>,
    seo_description: Option<String>,
    status: PostStatus,
    #[serde(default, deserialize_with = "toml_datetime_opt")]
    published_at: Option<DateTime<Utc>>,
    body_md: String,
}

#[derive(Deserialize)]
struct DemoResource {
    slug: String,
    title: String,
    kind: String,
    summary: String,
    url: Option<String>,
    sort_order: i32,
    body_md: String,
}

#[derive(Deserialize)]
struct DemoDemo {
    slug: String,
    title: String,
    summary: String,
    tech_stack: String,
    sort_order: i32,
}

#[derive(Deserialize)]
struct DemoProduct {
    slug: String,
    name: String,
    tagline: String,
    category: String,
    price_idr: i64,
    price_usd_cents: Option<i64>,
    delivery_type: DeliveryType,
    delivery_note: String,
    github_repo: Option<String>,
    featured: bool,
    sort_order: i32,
    description_md: String,
}

#[derive(Deserialize)]
struct DemoBundle {
    slug: String,
    name: String,
    tagline: String,
    price_idr: i64,
    price_usd_cents: Option<i64>,
    github_repo: Option<String>,
    sort_order: i32,
    features: String,
    description_md: String,
}

/// TOML has a native datetime type; chrono wants an RFC 3339 string.
fn toml_datetime<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let dt = toml::value::Datetime::deserialize(d)?;
    DateTime::parse_from_rfc3339(&dt.to_string())
        .map(|t| t.with_timezone(&Utc))
        .map_err(serde::de::Error::custom)
}

fn toml_datetime_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    toml_datetime(d).map(Some)
}

/// How many rows each run inserted; all zero on a second run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub inserted: BTreeMap<&'static str, usize>,
}

impl SeedReport {
    pub fn total(&self) -> usize {
        self.inserted.values().sum()
    }
}

fn parse() -> DomainResult<DemoContent> {
    toml::from_str(CONTENT)
        .map_err(|e| DomainError::Internal(format!("demo content is malformed: {e}")))
}

/// Slugs already present in `table`, so existing rows are never touched.
async fn existing<E, C>(txn: &DatabaseTransaction, col: C) -> DomainResult<HashSet<String>>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let slugs: Vec<String> = E::find()
        .select_only()
        .column(col)
        .into_tuple()
        .all(txn)
        .await?;
    Ok(slugs.into_iter().collect())
}

/// The demo admin created when the site starts with demo content outside
/// production (see `server/src/main.rs`). Public on purpose.
pub const DEMO_ADMIN_EMAIL: &str = "admin@tiranyx.test";
pub const DEMO_ADMIN_PASSWORD: &str = "demo-admin-tiranyx";

pub async fn load(db: &Database, now: DateTime<Utc>) -> DomainResult<SeedReport> {
    let content = parse()?;
    let txn = db.writer().begin().await?;
    let mut report = SeedReport::default();

    let have = existing::<site_setting::Entity, _>(&txn, site_setting::Column::Key).await?;
    let rows: Vec<_> = content
        .settings
        .into_iter()
        .filter(|(k, _)| !have.contains(k))
        .map(|(key, value)| site_setting::ActiveModel {
            key: Set(key),
            value: Set(value),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("site_settings", insert_all(&txn, rows).await?);

    let have = existing::<service::Entity, _>(&txn, service::Column::Slug).await?;
    let rows: Vec<_> = content
        .services
        .into_iter()
        .filter(|s| !have.contains(&s.slug))
        .map(|s| service::ActiveModel {
            id: NotSet,
            slug: Set(s.slug),
            title: Set(s.title),
            summary: Set(s.summary),
            body_md: Set(s.body_md),
            icon: Set(s.icon),
            price_from_idr: Set(s.price_from_idr),
            sort_order: Set(s.sort_order),
            published: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("services", insert_all(&txn, rows).await?);

    let have = existing::<portfolio_item::Entity, _>(&txn, portfolio_item::Column::Slug).await?;
    let rows: Vec<_> = content
        .portfolio
        .into_iter()
        .filter(|p| !have.contains(&p.slug))
        .map(|p| portfolio_item::ActiveModel {
            id: NotSet,
            slug: Set(p.slug),
            title: Set(p.title),
            client_name: Set(p.client_name),
            category: Set(p.category),
            summary: Set(p.summary),
            cover_url: Set(None),
            project_url: Set(None),
            tags: Set(p.tags),
            year: Set(p.year),
            featured: Set(p.featured),
            published: Set(true),
            sort_order: Set(p.sort_order),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("portfolio_items", insert_all(&txn, rows).await?);

    let have = existing::<case_study::Entity, _>(&txn, case_study::Column::Slug).await?;
    let mut rows = Vec::new();
    for c in content
        .case_studies
        .into_iter()
        .filter(|c| !have.contains(&c.slug))
    {
        let portfolio_item_id = match &c.portfolio_slug {
            None => None,
            Some(slug) => portfolio_item::Entity::find()
                .filter(portfolio_item::Column::Slug.eq(slug.as_str()))
                .one(&txn)
                .await?
                .map(|p| p.id),
        };
        rows.push(case_study::ActiveModel {
            id: NotSet,
            slug: Set(c.slug),
            portfolio_item_id: Set(portfolio_item_id),
            title: Set(c.title),
            client_name: Set(c.client_name),
            summary: Set(c.summary),
            body_md: Set(c.body_md),
            cover_url: Set(None),
            results: Set(c.results),
            published: Set(true),
            published_at: Set(Some(c.published_at)),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    report
        .inserted
        .insert("case_studies", insert_all(&txn, rows).await?);

    let have = existing::<post::Entity, _>(&txn, post::Column::Slug).await?;
    let rows: Vec<_> = content
        .posts
        .into_iter()
        .filter(|p| !have.contains(&p.slug))
        .map(|p| post::ActiveModel {
            id: NotSet,
            slug: Set(p.slug),
            title: Set(p.title),
            excerpt: Set(p.excerpt),
            body_md: Set(p.body_md),
            cover_url: Set(None),
            category: Set(p.category),
            tags: Set(p.tags),
            author_name: Set(p.author_name),
            seo_title: Set(p.seo_title),
            seo_description: Set(p.seo_description),
            status: Set(p.status),
            published_at: Set(p.published_at),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("posts", insert_all(&txn, rows).await?);

    let have = existing::<resource::Entity, _>(&txn, resource::Column::Slug).await?;
    let rows: Vec<_> = content
        .resources
        .into_iter()
        .filter(|r| !have.contains(&r.slug))
        .map(|r| resource::ActiveModel {
            id: NotSet,
            slug: Set(r.slug),
            title: Set(r.title),
            kind: Set(r.kind),
            summary: Set(r.summary),
            body_md: Set(r.body_md),
            url: Set(r.url),
            cover_url: Set(None),
            published: Set(true),
            sort_order: Set(r.sort_order),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("resources", insert_all(&txn, rows).await?);

    let have = existing::<demo::Entity, _>(&txn, demo::Column::Slug).await?;
    let rows: Vec<_> = content
        .demos
        .into_iter()
        .filter(|d| !have.contains(&d.slug))
        .map(|d| demo::ActiveModel {
            id: NotSet,
            slug: Set(d.slug),
            title: Set(d.title),
            summary: Set(d.summary),
            tech_stack: Set(d.tech_stack),
            demo_url: Set(None),
            cover_url: Set(None),
            published: Set(true),
            sort_order: Set(d.sort_order),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("demos", insert_all(&txn, rows).await?);

    let have = existing::<product::Entity, _>(&txn, product::Column::Slug).await?;
    let rows: Vec<_> = content
        .products
        .into_iter()
        .filter(|p| !have.contains(&p.slug))
        .map(|p| product::ActiveModel {
            id: NotSet,
            slug: Set(p.slug),
            name: Set(p.name),
            tagline: Set(p.tagline),
            description_md: Set(p.description_md),
            category: Set(p.category),
            price_idr: Set(p.price_idr),
            price_usd_cents: Set(p.price_usd_cents),
            delivery_type: Set(p.delivery_type),
            delivery_note: Set(p.delivery_note),
            github_repo: Set(p.github_repo),
            cover_url: Set(None),
            featured: Set(p.featured),
            active: Set(true),
            sort_order: Set(p.sort_order),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("products", insert_all(&txn, rows).await?);

    let have = existing::<saas_bundle::Entity, _>(&txn, saas_bundle::Column::Slug).await?;
    let rows: Vec<_> = content
        .saas_bundles
        .into_iter()
        .filter(|b| !have.contains(&b.slug))
        .map(|b| saas_bundle::ActiveModel {
            id: NotSet,
            slug: Set(b.slug),
            name: Set(b.name),
            tagline: Set(b.tagline),
            description_md: Set(b.description_md),
            features: Set(b.features.trim().to_owned()),
            price_idr: Set(b.price_idr),
            price_usd_cents: Set(b.price_usd_cents),
            github_repo: Set(b.github_repo),
            active: Set(true),
            sort_order: Set(b.sort_order),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    report
        .inserted
        .insert("saas_bundles", insert_all(&txn, rows).await?);

    txn.commit().await?;
    Ok(report)
}

async fn insert_all<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> DomainResult<usize>
where
    A: sea_orm::ActiveModelTrait,
{
    let n = rows.len();
    if n > 0 {
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_demo_content_parses_and_is_complete() {
        let c = parse().expect("demo content parses");
        assert!(c.services.len() >= 4);
        assert!(
            c.posts
                .iter()
                .filter(|p| p.status == PostStatus::Published)
                .count()
                >= 6
        );
        for p in &c.posts {
            if p.status != PostStatus::Draft {
                assert!(p.published_at.is_some(), "{} lacks published_at", p.slug);
            }
        }
        for t in [
            DeliveryType::WebAccess,
            DeliveryType::EmailFile,
            DeliveryType::GithubInvite,
            DeliveryType::LicenseKey,
            DeliveryType::Manual,
        ] {
            assert!(
                c.products.iter().any(|p| p.delivery_type == t),
                "no {t:?} product"
            );
        }
        let lower = CONTENT.to_lowercase();
        assert!(
            !lower.contains("lorem"),
            "placeholder text in the demo content"
        );
    }
}
