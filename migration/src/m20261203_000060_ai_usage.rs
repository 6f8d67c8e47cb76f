//! AI writing assistant (issue 18): how many assistant requests each admin
//! made on each Jakarta day, so the daily limit (`AI_DAILY_LIMIT`) is one
//! conditional update on one row (see `domain::ai::usage`). What each
//! request was (action, model, tokens or bytes) goes to the audit log.
use crate::helpers::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ai_usage")
                .col(pk_auto("id"))
                .col(integer("admin_id"))
                // Jakarta day, YYYY-MM-DD.
                .col(string_len("day", 10))
                .col(integer("requests").default(0))
                .foreign_key(&mut fk(
                    "fk_ai_usage_admin",
                    ("ai_usage", "admin_id"),
                    "admins",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_ai_usage_admin_day")
                .table("ai_usage")
                .col("admin_id")
                .col("day")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("ai_usage").to_owned())
            .await
    }
}
