//! The transactional e-mail outbox: every message is written here first and
//! delivered by a background worker, so a slow or unreachable SMTP server never
//! blocks a request and nothing is lost when it is down.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("outbox_messages")
                .col(pk_auto("id"))
                .col(string_len("to_email", 254))
                .col(string_len("subject", 300))
                .col(text("body_text"))
                .col(text("body_html"))
                .col(string_len("template", 64))
                .col(string_len("status", 16).default("pending"))
                .col(integer("attempts").default(0))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_status_next_attempt")
                .table("outbox_messages")
                .col("status")
                .col("next_attempt_at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("outbox_messages").to_owned())
            .await
    }
}
