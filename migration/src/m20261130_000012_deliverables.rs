//! Files delivered by e-mail link (issue 13): each product's files in
//! private storage (outside `public/`, under a random name), every download
//! through a signed link logged, and a per-purchase download count the
//! limit is held on.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("product_files")
                .col(pk_auto("id"))
                .col(integer("product_id"))
                // The name the buyer's browser saves it under.
                .col(string_len("file_name", 200))
                // Random, in PRIVATE_FILES_DIR: nothing typed reaches a path.
                .col(string_len_uniq("stored_name", 80))
                .col(string_len("content_type", 120))
                .col(big_integer("size_bytes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_product_files_product",
                    ("product_files", "product_id"),
                    "products",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_product_files_product",
            "product_files",
            &["product_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("download_events")
                .col(pk_auto("id"))
                .col(integer("purchase_id"))
                .col(integer("file_id"))
                .col(string_len("ip", 45))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_download_events_purchase",
                    ("download_events", "purchase_id"),
                    "user_purchases",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_download_events_purchase",
            "download_events",
            &["purchase_id"],
        ))
        .await?;
        // Counted with a conditional update, so concurrent downloads never
        // go past the limit.
        m.alter_table(
            Table::alter()
                .table("user_purchases")
                .add_column(integer("download_count").default(0))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("user_purchases")
                .drop_column("download_count")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("download_events").to_owned())
            .await?;
        m.drop_table(Table::drop().table("product_files").to_owned())
            .await
    }
}
