use super::DeliveryType;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub tagline: String,
    #[sea_orm(column_type = "Text")]
    pub description_md: String,
    pub category: String,
    /// Whole rupiah; IDR has no minor unit in practice.
    pub price_idr: i64,
    /// PayPal charges in USD; absent means the product is sold in IDR only.
    pub price_usd_cents: Option<i64>,
    pub delivery_type: DeliveryType,
    /// What the buyer receives, shown on the product page.
    pub delivery_note: String,
    pub github_repo: Option<String>,
    pub cover_url: Option<String>,
    pub featured: bool,
    pub active: bool,
    pub sort_order: i32,
    /// How many activations a licence of this product allows (licence-key
    /// products; copied into the licence when it is delivered).
    pub license_activation_limit: i32,
    /// Sold per period (licence products only): each paid order extends
    /// the buyer's subscription, and the licence expires with it. None:
    /// bought once, for good.
    pub period: Option<super::subscription::BillingPeriod>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
