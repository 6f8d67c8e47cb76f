//! Licence products sold per period (issue 13): `products.period` (null:
//! bought once), and a subscription is to a bundle or to a product
//! (`subscriptions.item_kind`, as orders name it), one per member and item.
use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("products")
                // monthly | yearly; null for a product bought once
                .add_column(string_len_null("period", 16))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("subscriptions")
                // saas | product
                .add_column(string_len("item_kind", 16).default("saas"))
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("uq_subscriptions_user_bundle")
                .table("subscriptions")
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_subscriptions_user_item",
                "subscriptions",
                &["user_id", "item_kind", "bundle_slug"],
            )
            .unique()
            .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("uq_subscriptions_user_item")
                .table("subscriptions")
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_subscriptions_user_bundle",
                "subscriptions",
                &["user_id", "bundle_slug"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        for (table, col) in [("subscriptions", "item_kind"), ("products", "period")] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
