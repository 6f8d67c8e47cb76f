//! Payments: what an order needs to be paid again (the provider's token and
//! payment page), its invoice number, gapless per year, PayPal events seen
//! once, and a message's attachment (rendered when it is sent).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for col in [
            // Snap token, or PayPal's order id.
            string_len_null("payment_token", 64),
            // Snap's redirect_url, or PayPal's approve link.
            text_null("payment_url"),
            // "INV/2026/000123", set in the transaction that marks it paid.
            string_len_null("invoice_number", 32),
        ] {
            m.alter_table(Table::alter().table("orders").add_column(col).to_owned())
                .await?;
        }
        m.create_index(
            Index::create()
                .name("uq_orders_invoice_number")
                .table("orders")
                .col("invoice_number")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("invoice_counters")
                .col(integer("year").primary_key())
                .col(integer("last_number"))
                .to_owned(),
        )
        .await?;
        // A provider's own event id (PayPal's webhook event id): one row
        // per id, so a replayed event is seen as one.
        m.alter_table(
            Table::alter()
                .table("order_events")
                .add_column(string_len_null("external_id", 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_order_events_external_id")
                .table("order_events")
                .col("external_id")
                .unique()
                .to_owned(),
        )
        .await?;
        // `invoice:{order_id}`: rendered from the database when sent, so
        // the outbox never stores a document.
        m.alter_table(
            Table::alter()
                .table("outbox_messages")
                .add_column(string_len_null("attachment", 64))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("outbox_messages")
                .drop_column("attachment")
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("uq_order_events_external_id")
                .table("order_events")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("order_events")
                .drop_column("external_id")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("invoice_counters").to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("uq_orders_invoice_number")
                .table("orders")
                .to_owned(),
        )
        .await?;
        for col in ["invoice_number", "payment_url", "payment_token"] {
            m.alter_table(Table::alter().table("orders").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
