use sea_orm::entity::prelude::*;

/// An administrator of the CMS. Kept apart from `users` on purpose (seed
/// 3.1): a member account can never become an admin by a flag.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "admins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    /// Base32 TOTP secret; `Some` means two-factor is required at login.
    pub totp_secret: Option<String>,
    /// A secret being enrolled, confirmed by the first valid code.
    pub totp_pending_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    /// Wrong second-factor codes in a row (all sessions, all clients): a
    /// code guess is an attack on the account whoever sends it.
    pub failed_logins: i32,
    /// No second factor is accepted before this time.
    pub locked_until: Option<DateTimeUtc>,
    pub disabled_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
