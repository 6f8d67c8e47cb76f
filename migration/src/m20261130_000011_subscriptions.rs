//! Subscriptions (issue 13, "Commerce II"): SaaS bundles are sold per
//! period (monthly or yearly); paying creates or extends the member's one
//! subscription to the bundle, and every extension is a row of
//! `subscription_periods`, whose unique `order_id` makes one order extend
//! once however often its payment is reported. `warned_for` is the
//! `expires_at` the expiry warning was sent for, so the daily check warns
//! once per period even when it runs twice or concurrently.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        m.alter_table(
            Table::alter()
                .table("saas_bundles")
                // monthly | yearly
                .add_column(string_len("period", 16).default("monthly"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("subscriptions")
                .add_column(string_len("period", 16).default("monthly"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("subscriptions")
                .add_column(timestamp_with_time_zone_null("warned_for"))
                .to_owned(),
        )
        .await?;
        // A member has one subscription per bundle; renewing extends it.
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
        m.create_table(
            Table::create()
                .table("subscription_periods")
                .col(pk_auto("id"))
                .col(integer("subscription_id"))
                // The paid order that bought the period; none for an
                // admin's extension. Unique: an order extends once.
                .col(integer_null("order_id").unique_key())
                // order | admin
                .col(string_len("source", 16))
                .col(timestamp_with_time_zone("from_expires_at"))
                .col(timestamp_with_time_zone("to_expires_at"))
                .col(string_len("note", 500).default(""))
                // The order's money went back: its period was taken off.
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_subscription_periods_subscription",
                    ("subscription_periods", "subscription_id"),
                    "subscriptions",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_subscription_periods_order",
                    ("subscription_periods", "order_id"),
                    "orders",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_subscription_periods_subscription",
            "subscription_periods",
            &["subscription_id"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("subscription_periods").to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("uq_subscriptions_user_bundle")
                .table("subscriptions")
                .to_owned(),
        )
        .await?;
        for (table, col) in [
            ("subscriptions", "warned_for"),
            ("subscriptions", "period"),
            ("saas_bundles", "period"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
