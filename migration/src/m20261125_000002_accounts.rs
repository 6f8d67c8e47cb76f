//! Member accounts: users, their login sessions, and single-use e-mail
//! tokens (address verification, password reset).
//!
//! Session and e-mail tokens are stored only as the hex SHA-256 of the raw
//! token, so a leaked database cannot be replayed as cookies or links.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .col(pk_auto("id"))
                // Stored lowercase (see `forms::validate::email`).
                .col(string_len_uniq("email", 254))
                .col(string_len("name", 120))
                .col(string_len_null("phone", 32))
                .col(string_len("password_hash", 255))
                .col(string_len("user_type", 16).default("member"))
                .col(timestamp_with_time_zone_null("email_verified_at"))
                .col(string_len_null("avatar_path", 500))
                .col(timestamp_with_time_zone_null("disabled_at"))
                .col(integer("failed_logins").default(0))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("user_sessions")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len_uniq("token_hash", 64))
                .col(string_len_null("user_agent", 255))
                .col(string_len_null("ip", 64))
                .col(boolean("remember").default(false))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .foreign_key(&mut fk(
                    "fk_user_sessions_user",
                    ("user_sessions", "user_id"),
                    "users",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_user_sessions_user",
            "user_sessions",
            &["user_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_user_sessions_expires",
            "user_sessions",
            &["expires_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("account_tokens")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("purpose", 32))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_account_tokens_user",
                    ("account_tokens", "user_id"),
                    "users",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_account_tokens_user_purpose",
            "account_tokens",
            &["user_id", "purpose"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["account_tokens", "user_sessions", "users"] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
