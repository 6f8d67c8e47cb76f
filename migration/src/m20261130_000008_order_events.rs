//! Orders as a state machine: every transition and every notification
//! received is kept in `order_events`, and an unpaid order carries the time
//! it expires.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("order_events")
                .col(pk_auto("id"))
                .col(integer("order_id"))
                // midtrans, paypal, system, admin, member
                .col(string_len("source", 16))
                // changed, duplicate or ignored (see domain::orders)
                .col(string_len("outcome", 16))
                .col(string_len("from_status", 16))
                .col(string_len("to_status", 16))
                // The notification as received, or a short note.
                .col(text("detail"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_order_events_order",
                    ("order_events", "order_id"),
                    "orders",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_order_events_order",
            "order_events",
            &["order_id", "id"],
        ))
        .await?;
        m.alter_table(
            Table::alter()
                .table("orders")
                .add_column(timestamp_with_time_zone_null("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_orders_status_expires",
            "orders",
            &["status", "expires_at"],
        ))
        .await?;
        // Rows from before: `failed` is now `denied`, and a pending order
        // without an expiry gets the default day from now.
        m.exec_stmt(
            Query::update()
                .table("orders")
                .value("status", "denied")
                .and_where(Expr::col("status").eq("failed"))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table("orders")
                .value(
                    "expires_at",
                    sea_orm_migration::sea_orm::prelude::ChronoUtc::now()
                        + std::time::Duration::from_secs(24 * 3600),
                )
                .and_where(Expr::col("status").eq("pending"))
                .and_where(Expr::col("expires_at").is_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_orders_status_expires")
                .table("orders")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("orders")
                .drop_column("expires_at")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("order_events").to_owned())
            .await
    }
}
