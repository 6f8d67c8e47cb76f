use sea_orm::entity::prelude::*;

/// A file of a service order in private storage: one the member attached
/// to the brief, or a deliverable the admin uploaded (with the member's
/// decision on it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_order_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub service_order_id: i32,
    pub role: FileRole,
    pub file_name: String,
    #[sea_orm(unique)]
    pub stored_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Deliverables only.
    pub approval: Option<Approval>,
    #[sea_orm(column_type = "Text", nullable)]
    pub revision_comment: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum FileRole {
    /// Attached by the member to the brief.
    #[sea_orm(string_value = "brief")]
    Brief,
    /// Uploaded by the admin for the member to approve.
    #[sea_orm(string_value = "deliverable")]
    Deliverable,
}

/// The member's decision on a deliverable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Approval {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Sent back with a comment.
    #[sea_orm(string_value = "revision")]
    Revision,
    /// Sent back, and answered by a later deliverable: no longer waits
    /// for a decision.
    #[sea_orm(string_value = "replaced")]
    Replaced,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
