use sea_orm::entity::prelude::*;

/// One extension of a subscription: a paid order's period, or an admin's
/// days. `order_id` is unique, so an order extends once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscription_periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub subscription_id: i32,
    #[sea_orm(unique)]
    pub order_id: Option<i32>,
    /// `order` or `admin`.
    pub source: String,
    pub from_expires_at: DateTimeUtc,
    pub to_expires_at: DateTimeUtc,
    /// The admin's reason; empty for an order.
    pub note: String,
    /// The order's money went back and its period was taken off.
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
