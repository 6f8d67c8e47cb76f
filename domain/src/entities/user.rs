use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A member of the site (buyer, course taker) or a client of the agency.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Always lowercase: the same person is one account however they type it.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    /// Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
    pub password_hash: String,
    pub user_type: UserType,
    pub email_verified_at: Option<DateTimeUtc>,
    pub avatar_path: Option<String>,
    pub disabled_at: Option<DateTimeUtc>,
    /// The GitHub account that GitHub products invite (profile; checked by
    /// `crate::github::GithubUsername`).
    pub github_username: Option<String>,
    /// Set when the agency made this member a client: their id in
    /// Ixonomic, whose projects and invoices the portal shows.
    pub ixonomic_client_id: Option<String>,
    /// Consecutive wrong passwords since the last successful login.
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum UserType {
    #[sea_orm(string_value = "member")]
    Member,
    #[sea_orm(string_value = "client")]
    Client,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_session::Entity")]
    Sessions,
    #[sea_orm(has_many = "super::account_token::Entity")]
    Tokens,
}

impl Related<super::user_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl Related<super::account_token::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tokens.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
