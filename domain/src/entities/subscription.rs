use sea_orm::entity::prelude::*;

/// A member's access to a SaaS bundle, or a licence product sold per
/// period, until `expires_at`: one row per member and item, extended by
/// every paid order (`crate::subscriptions`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscriptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub order_id: Option<i32>,
    /// What is subscribed to: a SaaS bundle or a licence product sold per
    /// period; `bundle_slug` and `bundle_name` are that item's.
    pub item_kind: super::order::OrderItemKind,
    pub bundle_slug: String,
    pub bundle_name: String,
    pub status: SubscriptionStatus,
    pub starts_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// What one paid order adds (the bundle's period when it was bought).
    pub period: BillingPeriod,
    /// The `expires_at` the expiry warning was sent for: the warning goes
    /// once per period.
    pub warned_for: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum SubscriptionStatus {
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "expired")]
    Expired,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl SubscriptionStatus {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Expired => "expired",
            SubscriptionStatus::Cancelled => "cancelled",
        }
    }
    /// The status an API name (see [`Self::as_str`]) names.
    pub fn parse(name: &str) -> Option<Self> {
        <Self as sea_orm::Iterable>::iter().find(|s| s.as_str() == name)
    }
}

/// How long one payment of a bundle (or a licence sold per period) lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, serde::Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum BillingPeriod {
    #[sea_orm(string_value = "monthly")]
    Monthly,
    #[sea_orm(string_value = "yearly")]
    Yearly,
}

impl BillingPeriod {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            BillingPeriod::Monthly => "monthly",
            BillingPeriod::Yearly => "yearly",
        }
    }
    /// "satu bulan" / "satu tahun".
    pub fn label(self) -> &'static str {
        match self {
            BillingPeriod::Monthly => "satu bulan",
            BillingPeriod::Yearly => "satu tahun",
        }
    }
    /// "per bulan" / "per tahun", after a price.
    pub fn per_label(self) -> &'static str {
        match self {
            BillingPeriod::Monthly => "per bulan",
            BillingPeriod::Yearly => "per tahun",
        }
    }
    /// `from` plus one period, in calendar months (31 January plus a
    /// month is the last day of February).
    pub fn after(self, from: DateTimeUtc) -> DateTimeUtc {
        let months = match self {
            BillingPeriod::Monthly => 1,
            BillingPeriod::Yearly => 12,
        };
        from.checked_add_months(chrono::Months::new(months))
            .unwrap_or(from)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
