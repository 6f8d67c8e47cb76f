//! What members buy (seed section 4): orders paid through Midtrans (IDR)
//! or PayPal (USD), the purchases they deliver (by the product's delivery
//! type), SaaS subscriptions, and daily tool usage. The member dashboard
//! reads these tables; checkout and payment webhooks write them.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("orders")
                .col(pk_auto("id"))
                // The seed's `TRX-{timestamp}-{random}`, sent to Midtrans as order_id.
                .col(string_len_uniq("order_code", 40))
                .col(integer("user_id"))
                // product | service | saas
                .col(string_len("item_kind", 16))
                .col(string_len("item_slug", 160))
                .col(string_len("item_name", 200))
                .col(big_integer("amount_idr"))
                .col(big_integer_null("amount_usd_cents"))
                // midtrans (IDR) | paypal (USD)
                .col(string_len("payment_provider", 16))
                .col(string_len_null("provider_ref", 200))
                // pending | paid | failed | expired | cancelled | refunded
                .col(string_len("status", 16).default("pending"))
                .col(string_len("customer_name", 120))
                .col(string_len("customer_email", 254))
                .col(string_len_null("customer_phone", 32))
                .col(timestamp_with_time_zone_null("paid_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "fk_orders_user",
                    ("orders", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_orders_user_created",
            "orders",
            &["user_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_orders_status",
            "orders",
            &["status", "created_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("user_purchases")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(integer_uniq("order_id"))
                .col(string_len("product_slug", 160))
                .col(string_len("product_name", 200))
                .col(string_len("delivery_type", 32))
                // pending | delivered | failed
                .col(string_len("delivery_status", 16).default("pending"))
                .col(string_len_null("license_key", 64))
                .col(string_len_null("github_repo", 200))
                .col(string_len_null("github_username", 100))
                .col(timestamp_with_time_zone_null("delivered_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "fk_purchases_user",
                    ("user_purchases", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_purchases_order",
                    ("user_purchases", "order_id"),
                    "orders",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_purchases_user",
            "user_purchases",
            &["user_id", "created_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("subscriptions")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(integer_null("order_id"))
                .col(string_len("bundle_slug", 160))
                .col(string_len("bundle_name", 200))
                // active | expired | cancelled
                .col(string_len("status", 16).default("active"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "fk_subscriptions_user",
                    ("subscriptions", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_subscriptions_order",
                    ("subscriptions", "order_id"),
                    "orders",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_subscriptions_user",
            "subscriptions",
            &["user_id"],
        ))
        .await?;
        // The seed's `cron/subscription-check` looks for soon-expiring ones.
        m.create_index(index(
            "idx_subscriptions_status_expires",
            "subscriptions",
            &["status", "expires_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("tool_usage")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("tool_slug", 160))
                // UTC day, YYYY-MM-DD
                .col(string_len("day", 10))
                .col(integer("uses").default(0))
                .foreign_key(&mut fk(
                    "fk_tool_usage_user",
                    ("tool_usage", "user_id"),
                    "users",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_tool_usage_user_tool_day",
                "tool_usage",
                &["user_id", "tool_slug", "day"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["tool_usage", "subscriptions", "user_purchases", "orders"] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
