use super::DeliveryType;
use sea_orm::entity::prelude::*;

/// What a paid product order delivers, and how far the delivery got.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_purchases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    #[sea_orm(unique)]
    pub order_id: i32,
    pub product_slug: String,
    pub product_name: String,
    pub delivery_type: DeliveryType,
    pub delivery_status: DeliveryStatus,
    pub license_key: Option<String>,
    pub github_repo: Option<String>,
    pub github_username: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    /// Downloads through signed links so far (files by e-mail).
    pub download_count: i32,
    /// What the admin wrote when delivering by hand; the member reads it.
    pub delivery_note: Option<String>,
    /// The invitation GitHub created for this purchase (`github_invite`),
    /// deleted on a refund; None when the member already had access.
    pub github_invitation_id: Option<i64>,
    /// Why the delivery failed, in words the member reads (Indonesian).
    pub delivery_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum DeliveryStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "delivered")]
    Delivered,
    #[sea_orm(string_value = "failed")]
    Failed,
    /// The money went back (refund, chargeback, a reversed payment): what
    /// the purchase gave is taken back.
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
