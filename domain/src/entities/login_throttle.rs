use sea_orm::entity::prelude::*;

/// Wrong passwords from one client for one account (see `crate::lockout`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `member` or `admin`.
    pub scope: String,
    /// The normalised address as typed, whether or not it has an account.
    pub account: String,
    /// The client's IPv4 address or IPv6 /64, `-` when unknown.
    pub client: String,
    pub failures: i32,
    pub blocked_until: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
