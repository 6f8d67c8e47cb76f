//! Service orders (issue 14): a member's brief for one of the agency's
//! services, the admin's quote, the checkout order that pays it (an
//! `orders` row of kind `service`), the timeline, and the files both sides
//! exchange in private storage (the brief's attachments and the
//! deliverables, each deliverable approved or sent back by the member).
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("service_orders")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                // The service as it was ordered (a renamed or removed
                // service keeps its orders readable).
                .col(string_len("service_slug", 120))
                .col(string_len("service_title", 200))
                .col(text("brief"))
                .col(big_integer("budget_min_idr"))
                .col(big_integer("budget_max_idr"))
                .col(date("deadline"))
                // domain::service_orders::State
                .col(string_len("state", 24))
                .col(big_integer_null("quote_price_idr"))
                .col(text_null("quote_scope"))
                .col(timestamp_with_time_zone_null("quote_valid_until"))
                .col(timestamp_with_time_zone_null("quoted_at"))
                // The checkout order paying the accepted quote.
                .col(integer_null("order_id"))
                .col(timestamp_with_time_zone_null("completed_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "fk_service_orders_user",
                    ("service_orders", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_service_orders_order",
                    ("service_orders", "order_id"),
                    "orders",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_service_orders_user",
            "service_orders",
            &["user_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_service_orders_state",
            "service_orders",
            &["state", "created_at"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("service_order_files")
                .col(pk_auto("id"))
                .col(integer("service_order_id"))
                // brief | deliverable
                .col(string_len("role", 16))
                .col(string_len("file_name", 200))
                // Random, in PRIVATE_FILES_DIR: nothing typed reaches a path.
                .col(string_len_uniq("stored_name", 80))
                .col(string_len("content_type", 120))
                .col(big_integer("size_bytes"))
                // Deliverables only: pending | approved | revision | replaced
                .col(string_len_null("approval", 16))
                .col(text_null("revision_comment"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_service_order_files_order",
                    ("service_order_files", "service_order_id"),
                    "service_orders",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_service_order_files_order",
            "service_order_files",
            &["service_order_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("service_order_events")
                .col(pk_auto("id"))
                .col(integer("service_order_id"))
                // domain::service_orders::EventKind
                .col(string_len("kind", 32))
                // Who: the member, an admin, or neither (the payment).
                .col(integer_null("actor_user_id"))
                .col(integer_null("actor_admin_id"))
                .col(text("note"))
                .col(integer_null("file_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_service_order_events_order",
                    ("service_order_events", "service_order_id"),
                    "service_orders",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_service_order_events_order",
            "service_order_events",
            &["service_order_id", "created_at"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "service_order_events",
            "service_order_files",
            "service_orders",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
