//! State every instance shares (issue 16): rate-limit hits per limit key
//! and window, counted by an atomic upsert, so N instances on PostgreSQL
//! give one budget, not N; and each release's stylesheet, so a page
//! rendered by an instance of one release finds its CSS on an instance of
//! another during a rolling deploy. Expand-only: older binaries ignore both.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("rate_limit_hits")
                // "login:203.0.113.0" — the limit's name and the client key.
                .col(string_len("key", 200))
                // The window's start, in Unix milliseconds.
                .col(big_integer("window_start"))
                .col(integer("hits"))
                .primary_key(Index::create().col("key").col("window_start"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_rate_limit_hits_window")
                .table("rate_limit_hits")
                .col("window_start")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("stylesheets")
                .col(string_len("hash", 64).primary_key())
                .col(text("body"))
                .col(timestamp_with_time_zone("published_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("stylesheets").to_owned())
            .await?;
        m.drop_table(Table::drop().table("rate_limit_hits").to_owned())
            .await
    }
}
