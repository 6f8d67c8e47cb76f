use sea_orm::entity::prelude::*;

/// One thing that happened to an order: a transition, or a notification
/// that changed nothing (a duplicate, or one arriving out of order). Kept
/// for the admin's timeline and for disputes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    /// `midtrans`, `paypal`, `system`, `admin` or `member`.
    pub source: String,
    /// `changed`, `duplicate` or `ignored`.
    pub outcome: String,
    pub from_status: String,
    /// The status asked for (reached only when `outcome` is `changed`).
    pub to_status: String,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    /// The provider's own id of the event (PayPal's webhook event id),
    /// unique: a replayed event is refused by the database.
    #[sea_orm(unique)]
    pub external_id: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
