//! Client portal (issue 15): a member linked to an Ixonomic client id, the
//! last good Ixonomic answer per client and resource (shared by every
//! instance, so the portal shows data while Ixonomic is down), the
//! approvals sent with their idempotency keys, and the message threads
//! between a client and the agency (the API has no messages).
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_len_null("ixonomic_client_id", 64))
                .to_owned(),
        )
        .await?;
        // One account per Ixonomic client (NULLs never collide).
        m.create_index(
            Index::create()
                .name("idx_users_ixonomic_client")
                .table("users")
                .col("ixonomic_client_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ixonomic_snapshots")
                .col(pk_auto("id"))
                .col(string_len("client_id", 64))
                // "projects", "invoices", "projects/{id}/milestones", …
                .col(string_len("resource", 200))
                .col(text("body"))
                .col(timestamp_with_time_zone("fetched_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ixonomic_snapshots_key")
                .table("ixonomic_snapshots")
                .col("client_id")
                .col("resource")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ixonomic_approvals")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("project_id", 64))
                .col(string_len("deliverable_id", 64))
                // "approve" or "request_changes".
                .col(string_len("decision", 24))
                .col(text_null("comment"))
                .col(string_len_uniq("idempotency_key", 80))
                // "pending" until Ixonomic confirms, then "sent".
                .col(string_len("state", 16))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .foreign_key(&mut fk(
                    "fk_ixonomic_approvals_user",
                    ("ixonomic_approvals", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_ixonomic_approvals_deliverable",
            "ixonomic_approvals",
            &["user_id", "project_id", "deliverable_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("client_messages")
                .col(pk_auto("id"))
                // The client whose thread it is, whoever wrote.
                .col(integer("user_id"))
                .col(string_len("project_id", 64))
                // "client" or "agency".
                .col(string_len("author", 16))
                .col(integer_null("admin_id"))
                .col(text("body"))
                // When the other side read it.
                .col(timestamp_with_time_zone_null("read_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_client_messages_user",
                    ("client_messages", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_client_messages_thread",
            "client_messages",
            &["user_id", "project_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_client_messages_unread",
            "client_messages",
            &["author", "read_at"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "client_messages",
            "ixonomic_approvals",
            "ixonomic_snapshots",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_users_ixonomic_client")
                .table("users")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("ixonomic_client_id")
                .to_owned(),
        )
        .await
    }
}
