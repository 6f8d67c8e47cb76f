use sea_orm::entity::prelude::*;

/// One logged-in browser. The cookie holds the raw token; only its SHA-256
/// is stored here.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// Hex SHA-256 of the raw session token.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Truncated to 255 characters.
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// "Ingat saya": the session lasts the configured TTL instead of a day.
    pub remember: bool,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    /// Refreshed at most once a minute.
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
