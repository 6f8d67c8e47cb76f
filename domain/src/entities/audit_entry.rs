use sea_orm::entity::prelude::*;

/// One admin action: who, what, on which record, when, and a before/after
/// summary.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub admin_id: Option<i32>,
    /// The admin's e-mail at the time, or `cli` / `scheduler`.
    pub actor: String,
    /// Dotted, e.g. `post.update`, `user.disable`, `admin.login`.
    pub action: String,
    pub target_type: String,
    pub target_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub ip: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
