//! Security hardening: login throttling keyed on account + client instead
//! of a lock on the account, a counter of wrong second-factor codes per
//! pre-2FA session, and the member lock columns retired.
use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per (area, account, client): wrong passwords from one
        // client slow down that client only, so nobody can keep the owner
        // out. `account` is the normalised address as typed (known or not).
        m.create_table(
            Table::create()
                .table("login_throttles")
                .col(pk_auto("id"))
                .col(string_len("scope", 16))
                .col(string_len("account", 254))
                .col(string_len("client", 64))
                .col(integer("failures").default(0))
                .col(timestamp_with_time_zone_null("blocked_until"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_login_throttles_key",
                "login_throttles",
                &["scope", "account", "client"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_login_throttles_updated_at",
            "login_throttles",
            &["updated_at"],
        ))
        .await?;
        // Counting the mail one address got in the last hour.
        m.create_index(index(
            "idx_outbox_to_email_created_at",
            "outbox_messages",
            &["to_email", "created_at"],
        ))
        .await?;
        m.alter_table(
            Table::alter()
                .table("admin_sessions")
                .add_column(integer("failed_codes").default(0))
                .to_owned(),
        )
        .await?;
        for col in ["failed_logins", "locked_until"] {
            m.alter_table(Table::alter().table("users").drop_column(col).to_owned())
                .await?;
        }
        // Sealed TOTP seeds ("v1:" + hex of nonce, seed and tag) are longer
        // than the 64 characters a plain seed needed. SQLite does not enforce
        // a VARCHAR length (and cannot alter a column type).
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "ALTER TABLE admins ALTER COLUMN totp_secret TYPE TEXT, \
                     ALTER COLUMN totp_pending_secret TYPE TEXT",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(integer("failed_logins").default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(timestamp_with_time_zone_null("locked_until"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("admin_sessions")
                .drop_column("failed_codes")
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_outbox_to_email_created_at")
                .table("outbox_messages")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("login_throttles").to_owned())
            .await
    }
}
