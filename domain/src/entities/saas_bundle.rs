use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saas_bundles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub tagline: String,
    #[sea_orm(column_type = "Text")]
    pub description_md: String,
    /// One feature per line.
    #[sea_orm(column_type = "Text")]
    pub features: String,
    pub price_idr: i64,
    pub price_usd_cents: Option<i64>,
    pub github_repo: Option<String>,
    /// What one payment buys: a month or a year of the subscription.
    pub period: super::subscription::BillingPeriod,
    pub active: bool,
    pub sort_order: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
