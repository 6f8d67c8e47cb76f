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
    ColumnTrait, DatabaseTransaction, EntityTrait, QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};

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
    /// Licence-key products: activations per licence (1 when absent).
    license_activation_limit: Option<i32>,
    /// `monthly` / `yearly` for a licence sold per period.
    #[serde(default)]
    period: Option<crate::entities::subscription::BillingPeriod>,
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

/// Keys already present in a table, so existing rows are never touched.
async fn existing<E, C>(txn: &DatabaseTransaction, col: C) -> DomainResult<HashSet<String>>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let keys: Vec<String> = E::find()
        .select_only()
        .column(col)
        .into_tuple()
        .all(txn)
        .await?;
    Ok(keys.into_iter().collect())
}

/// What the rows of every table need besides their own fields.
struct SeedContext {
    now: DateTime<Utc>,
    /// Portfolio ids by slug, for case studies (filled after portfolio).
    portfolio_ids: HashMap<String, i32>,
}

/// One kind of demo row: its table, its natural key and its mapping onto
/// the table. [`seed`] does the rest the same way for every table.
trait Seed: Sized {
    type Entity: EntityTrait;
    const TABLE: &'static str;
    fn key_column() -> <Self::Entity as EntityTrait>::Column;
    fn key(&self) -> &str;
    fn row(self, ctx: &SeedContext) -> <Self::Entity as EntityTrait>::ActiveModel;
}

/// Inserts the items whose key is not in the table yet; records how many.
async fn seed<S: Seed>(
    txn: &DatabaseTransaction,
    items: Vec<S>,
    ctx: &SeedContext,
    report: &mut SeedReport,
) -> DomainResult<()> {
    let have = existing::<S::Entity, _>(txn, S::key_column()).await?;
    let rows: Vec<_> = items
        .into_iter()
        .filter(|item| !have.contains(item.key()))
        .map(|item| item.row(ctx))
        .collect();
    let n = rows.len();
    if n > 0 {
        S::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    report.inserted.insert(S::TABLE, n);
    Ok(())
}

/// The demo admin created when the site starts with demo content outside
/// production (see `server/src/main.rs`). Public on purpose.
pub const DEMO_ADMIN_EMAIL: &str = "admin@tiranyx.test";
pub const DEMO_ADMIN_PASSWORD: &str = "demo-admin-tiranyx";

pub async fn load(db: &Database, now: DateTime<Utc>) -> DomainResult<SeedReport> {
    let content = parse()?;
    let txn = db.writer().begin().await?;
    let mut report = SeedReport::default();
    let mut ctx = SeedContext {
        now,
        portfolio_ids: HashMap::new(),
    };
    let settings = content
        .settings
        .into_iter()
        .map(DemoSetting::from)
        .collect();
    seed(&txn, settings, &ctx, &mut report).await?;
    seed(&txn, content.services, &ctx, &mut report).await?;
    seed(&txn, content.portfolio, &ctx, &mut report).await?;
    ctx.portfolio_ids = portfolio_item::Entity::find()
        .select_only()
        .column(portfolio_item::Column::Slug)
        .column(portfolio_item::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    seed(&txn, content.case_studies, &ctx, &mut report).await?;
    seed(&txn, content.posts, &ctx, &mut report).await?;
    seed(&txn, content.resources, &ctx, &mut report).await?;
    seed(&txn, content.demos, &ctx, &mut report).await?;
    seed(&txn, content.products, &ctx, &mut report).await?;
    seed(&txn, content.saas_bundles, &ctx, &mut report).await?;
    txn.commit().await?;
    Ok(report)
}

struct DemoSetting {
    key: String,
    value: String,
}

impl From<(String, String)> for DemoSetting {
    fn from((key, value): (String, String)) -> Self {
        DemoSetting { key, value }
    }
}

impl Seed for DemoSetting {
    type Entity = site_setting::Entity;
    const TABLE: &'static str = "site_settings";
    fn key_column() -> site_setting::Column {
        site_setting::Column::Key
    }
    fn key(&self) -> &str {
        &self.key
    }
    fn row(self, ctx: &SeedContext) -> site_setting::ActiveModel {
        site_setting::ActiveModel {
            key: Set(self.key),
            value: Set(self.value),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoService {
    type Entity = service::Entity;
    const TABLE: &'static str = "services";
    fn key_column() -> service::Column {
        service::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> service::ActiveModel {
        service::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            title: Set(self.title),
            summary: Set(self.summary),
            body_md: Set(self.body_md),
            icon: Set(self.icon),
            price_from_idr: Set(self.price_from_idr),
            sort_order: Set(self.sort_order),
            published: Set(true),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoPortfolio {
    type Entity = portfolio_item::Entity;
    const TABLE: &'static str = "portfolio_items";
    fn key_column() -> portfolio_item::Column {
        portfolio_item::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> portfolio_item::ActiveModel {
        portfolio_item::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            title: Set(self.title),
            client_name: Set(self.client_name),
            category: Set(self.category),
            summary: Set(self.summary),
            cover_url: Set(None),
            project_url: Set(None),
            tags: Set(self.tags),
            year: Set(self.year),
            featured: Set(self.featured),
            published: Set(true),
            sort_order: Set(self.sort_order),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoCaseStudy {
    type Entity = case_study::Entity;
    const TABLE: &'static str = "case_studies";
    fn key_column() -> case_study::Column {
        case_study::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> case_study::ActiveModel {
        let portfolio_item_id = self
            .portfolio_slug
            .as_ref()
            .and_then(|slug| ctx.portfolio_ids.get(slug).copied());
        case_study::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            portfolio_item_id: Set(portfolio_item_id),
            title: Set(self.title),
            client_name: Set(self.client_name),
            summary: Set(self.summary),
            body_md: Set(self.body_md),
            cover_url: Set(None),
            results: Set(self.results),
            published: Set(true),
            published_at: Set(Some(self.published_at)),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoPost {
    type Entity = post::Entity;
    const TABLE: &'static str = "posts";
    fn key_column() -> post::Column {
        post::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> post::ActiveModel {
        post::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            title: Set(self.title),
            excerpt: Set(self.excerpt),
            body_md: Set(self.body_md),
            cover_url: Set(None),
            category: Set(self.category),
            tags: Set(self.tags),
            author_name: Set(self.author_name),
            seo_title: Set(self.seo_title),
            seo_description: Set(self.seo_description),
            status: Set(self.status),
            published_at: Set(self.published_at),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoResource {
    type Entity = resource::Entity;
    const TABLE: &'static str = "resources";
    fn key_column() -> resource::Column {
        resource::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> resource::ActiveModel {
        resource::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            title: Set(self.title),
            kind: Set(self.kind),
            summary: Set(self.summary),
            body_md: Set(self.body_md),
            url: Set(self.url),
            cover_url: Set(None),
            published: Set(true),
            sort_order: Set(self.sort_order),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoDemo {
    type Entity = demo::Entity;
    const TABLE: &'static str = "demos";
    fn key_column() -> demo::Column {
        demo::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> demo::ActiveModel {
        demo::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            title: Set(self.title),
            summary: Set(self.summary),
            tech_stack: Set(self.tech_stack),
            demo_url: Set(None),
            cover_url: Set(None),
            published: Set(true),
            sort_order: Set(self.sort_order),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoProduct {
    type Entity = product::Entity;
    const TABLE: &'static str = "products";
    fn key_column() -> product::Column {
        product::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> product::ActiveModel {
        product::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            name: Set(self.name),
            tagline: Set(self.tagline),
            description_md: Set(self.description_md),
            category: Set(self.category),
            price_idr: Set(self.price_idr),
            price_usd_cents: Set(self.price_usd_cents),
            delivery_type: Set(self.delivery_type),
            delivery_note: Set(self.delivery_note),
            github_repo: Set(self.github_repo),
            license_activation_limit: Set(self
                .license_activation_limit
                .unwrap_or(crate::licenses::DEFAULT_ACTIVATION_LIMIT)),
            period: Set(self.period),
            cover_url: Set(None),
            featured: Set(self.featured),
            active: Set(true),
            sort_order: Set(self.sort_order),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
}

impl Seed for DemoBundle {
    type Entity = saas_bundle::Entity;
    const TABLE: &'static str = "saas_bundles";
    fn key_column() -> saas_bundle::Column {
        saas_bundle::Column::Slug
    }
    fn key(&self) -> &str {
        &self.slug
    }
    fn row(self, ctx: &SeedContext) -> saas_bundle::ActiveModel {
        saas_bundle::ActiveModel {
            id: NotSet,
            slug: Set(self.slug),
            name: Set(self.name),
            tagline: Set(self.tagline),
            description_md: Set(self.description_md),
            features: Set(self.features.trim().to_owned()),
            price_idr: Set(self.price_idr),
            price_usd_cents: Set(self.price_usd_cents),
            github_repo: Set(self.github_repo),
            period: Set(crate::entities::subscription::BillingPeriod::Monthly),
            active: Set(true),
            sort_order: Set(self.sort_order),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
        }
    }
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
