use sea_orm::entity::prelude::*;

/// How often one guest (per client) or member used a tool on one Jakarta
/// day. `subject` is who is counted (`member:<id>` / `guest:<client>`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tool_usage")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tool_slug: String,
    pub subject: String,
    pub user_id: Option<i32>,
    pub day: String,
    pub uses: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
