//! The admin side: admin accounts (separate from members, seed 3.1), their
//! server-side sessions, TOTP recovery codes, the audit log, and daily page
//! view counters for analytics.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("admins")
                .col(pk_auto("id"))
                .col(string_len_uniq("email", 254))
                .col(string_len("name", 120))
                .col(string_len("password_hash", 255))
                // Base32 secret once two-factor is confirmed; the pending one
                // lives apart until the first code proves the enrolment.
                .col(string_len_null("totp_secret", 64))
                .col(string_len_null("totp_pending_secret", 64))
                // Last accepted 30-second step: a code is never accepted twice.
                .col(big_integer_null("totp_last_step"))
                .col(integer("failed_logins").default(0))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone_null("disabled_at"))
                .col(timestamp_with_time_zone_null("last_login_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("admin_sessions")
                .col(pk_auto("id"))
                .col(integer("admin_id"))
                .col(string_len_uniq("token_hash", 64))
                // `password_ok` until the TOTP code is given, then `active`.
                .col(string_len("stage", 16))
                .col(string_len_null("user_agent", 255))
                .col(string_len_null("ip", 64))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .foreign_key(&mut fk(
                    "fk_admin_sessions_admin",
                    ("admin_sessions", "admin_id"),
                    "admins",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_admin_sessions_admin",
            "admin_sessions",
            &["admin_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("admin_recovery_codes")
                .col(pk_auto("id"))
                .col(integer("admin_id"))
                .col(string_len("code_hash", 64))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_admin_recovery_codes_admin",
                    ("admin_recovery_codes", "admin_id"),
                    "admins",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_admin_recovery_codes_admin",
            "admin_recovery_codes",
            &["admin_id"],
        ))
        .await?;

        // No foreign key: the trail outlives a deleted admin account.
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(pk_auto("id"))
                .col(integer_null("admin_id"))
                .col(string_len("actor", 254))
                .col(string_len("action", 64))
                .col(string_len("target_type", 32))
                .col(integer_null("target_id"))
                .col(text("summary"))
                .col(string_len_null("ip", 64))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_audit_log_created", "audit_log", &["created_at"]))
            .await?;
        m.create_index(index(
            "idx_audit_log_target",
            "audit_log",
            &["target_type", "target_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("page_views_daily")
                .col(string_len("day", 10))
                .col(string_len("path", 255))
                .col(big_integer("views").default(0))
                .primary_key(Index::create().col("day").col("path"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "page_views_daily",
            "audit_log",
            "admin_recovery_codes",
            "admin_sessions",
            "admins",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
