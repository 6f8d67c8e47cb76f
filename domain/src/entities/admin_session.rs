use sea_orm::entity::prelude::*;

/// A browser logged in to the admin. The `trx_admin` cookie carries the raw
/// token (signed); only its SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "admin_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub admin_id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub stage: AdminSessionStage,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// Wrong codes typed in this pre-2FA session; it ends after a few.
    pub failed_codes: i32,
}

/// A session opens the admin only once it is `Active`; `PasswordOk` waits
/// for the TOTP code; `Enrolling` (an admin without two-factor yet) opens
/// nothing but the enrolment page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AdminSessionStage {
    #[sea_orm(string_value = "password_ok")]
    PasswordOk,
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "enrolling")]
    Enrolling,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::admin::Entity",
        from = "Column::AdminId",
        to = "super::admin::Column::Id",
        on_delete = "Cascade"
    )]
    Admin,
}

impl Related<super::admin::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Admin.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
