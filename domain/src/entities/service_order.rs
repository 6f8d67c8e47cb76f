use sea_orm::entity::prelude::*;

/// A member's order for agency work: the brief, the admin's quote, the
/// checkout order that pays it. The allowed moves are
/// `domain::service_orders::transition`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub service_slug: String,
    pub service_title: String,
    #[sea_orm(column_type = "Text")]
    pub brief: String,
    pub budget_min_idr: i64,
    pub budget_max_idr: i64,
    /// The day the member needs it by (Jakarta calendar).
    pub deadline: Date,
    pub state: ServiceOrderState,
    pub quote_price_idr: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub quote_scope: Option<String>,
    pub quote_valid_until: Option<DateTimeUtc>,
    pub quoted_at: Option<DateTimeUtc>,
    /// The checkout order (kind `service`) paying the accepted quote.
    pub order_id: Option<i32>,
    pub completed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Where a service order is, as stored. A quote past its validity is
/// still stored `quoted`; `domain::service_orders::state_at` reads it as
/// expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum ServiceOrderState {
    /// The brief is in; the admin owes a quote.
    #[sea_orm(string_value = "briefed")]
    Briefed,
    #[sea_orm(string_value = "quoted")]
    Quoted,
    /// Read, never stored: a quote whose validity has passed.
    #[sea_orm(string_value = "quote_expired")]
    QuoteExpired,
    /// The member accepted; the checkout order waits for the money.
    #[sea_orm(string_value = "awaiting_payment")]
    AwaitingPayment,
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Deliverables wait for the member's approval.
    #[sea_orm(string_value = "delivered")]
    Delivered,
    /// The member sent a deliverable back with a comment.
    #[sea_orm(string_value = "revision_requested")]
    RevisionRequested,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
