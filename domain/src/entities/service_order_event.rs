use sea_orm::entity::prelude::*;

/// One line of a service order's timeline, shown to the member and the
/// admin.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_order_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub service_order_id: i32,
    pub kind: EventKind,
    pub actor_user_id: Option<i32>,
    pub actor_admin_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// The file the event is about (a deliverable added, approved, sent back).
    pub file_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum EventKind {
    #[sea_orm(string_value = "brief_submitted")]
    BriefSubmitted,
    #[sea_orm(string_value = "quote_sent")]
    QuoteSent,
    #[sea_orm(string_value = "quote_accepted")]
    QuoteAccepted,
    #[sea_orm(string_value = "paid")]
    Paid,
    /// Money arrived for an order that no longer waited for it (cancelled):
    /// the admin settles it by hand.
    #[sea_orm(string_value = "payment_unexpected")]
    PaymentUnexpected,
    #[sea_orm(string_value = "progress_note")]
    ProgressNote,
    #[sea_orm(string_value = "deliverable_added")]
    DeliverableAdded,
    #[sea_orm(string_value = "deliverable_approved")]
    DeliverableApproved,
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
