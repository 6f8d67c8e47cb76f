use sea_orm::entity::prelude::*;

/// A licence delivered with a purchase (`domain::licenses`). The key
/// itself is never stored: only its SHA-256 and its last characters.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "licenses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub purchase_id: i32,
    pub user_id: i32,
    pub product_slug: String,
    #[sea_orm(unique)]
    pub key_hash: String,
    pub key_suffix: String,
    pub status: LicenseStatus,
    pub activation_limit: i32,
    pub activation_usage: i32,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Lemon Squeezy's four states. `Expired` is also what a licence past its
/// `expires_at` reads as, whatever is stored (`licenses::status_at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum LicenseStatus {
    /// Delivered, never activated (or every activation freed).
    #[sea_orm(string_value = "inactive")]
    Inactive,
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "expired")]
    Expired,
    /// Refunded, charged back, or switched off by an admin.
    #[sea_orm(string_value = "disabled")]
    Disabled,
}

impl LicenseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseStatus::Inactive => "inactive",
            LicenseStatus::Active => "active",
            LicenseStatus::Expired => "expired",
            LicenseStatus::Disabled => "disabled",
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
