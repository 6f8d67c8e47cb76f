use sea_orm::entity::prelude::*;

/// One message in the thread between a client and the agency about one
/// Ixonomic project (stored here: the API has no messages).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The client whose thread it is, whoever wrote.
    pub user_id: i32,
    pub project_id: String,
    pub author: Author,
    /// The admin who answered (agency messages).
    pub admin_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// When the other side read it.
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Author {
    #[sea_orm(string_value = "client")]
    Client,
    #[sea_orm(string_value = "agency")]
    Agency,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
