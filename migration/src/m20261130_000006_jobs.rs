//! Durable background jobs: one table that every kind of background work
//! goes through (e-mail, payment effects, deliveries, periodic upkeep).
//! A job is enqueued inside the transaction of the change that causes it,
//! claimed by one runner at a time under a lease, retried with backoff and
//! finally kept as `failed` for an admin to look at and retry.
use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("jobs")
                .col(pk_auto("id"))
                .col(string_len("kind", 64))
                .col(text("payload"))
                // Makes an enqueue idempotent: a second job with the same key
                // is not added. Periodic jobs are one row each, keyed by kind.
                .col(string_len_null("dedupe_key", 191).unique_key())
                .col(string_len("status", 16).default("pending"))
                .col(timestamp_with_time_zone("run_after"))
                .col(integer("attempts").default(0))
                .col(integer("max_attempts"))
                .col(text_null("last_error"))
                .col(string_len_null("locked_by", 64))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_jobs_status_run_after",
            "jobs",
            &["status", "run_after"],
        ))
        .await?;
        // Mail retries are the jobs' business now: the outbox keeps no
        // schedule of its own.
        m.drop_index(
            Index::drop()
                .name("idx_outbox_status_next_attempt")
                .table("outbox_messages")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("outbox_messages")
                .drop_column("next_attempt_at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("jobs").to_owned()).await
    }
}
