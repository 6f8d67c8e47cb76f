//! Schema migrations, shared by SQLite (the embedded default) and PostgreSQL.
//!
//! Every migration uses sea-query's portable column helpers only, so the same
//! files run on both backends; `domain` tests apply them to each.
pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261125_000001_content;
mod m20261125_000002_accounts;
mod m20261125_000003_mail_outbox;
mod m20261125_000004_admin;
mod m20261125_000005_commerce;
mod m20261130_000006_jobs;
mod m20261130_000007_security;
mod m20261130_000008_order_events;
mod m20261130_000009_payments;
mod m20261130_000010_licenses;
mod m20261130_000011_subscriptions;
mod m20261130_000012_deliverables;
mod m20261130_000013_manual_delivery;
mod m20261201_000014_product_periods;
mod m20261201_000020_github_invites;
mod m20261201_000030_tools;
mod m20261201_000040_service_orders;
mod m20261202_000050_client_portal;
mod m20261202_000055_shared_state;
mod m20261203_000060_ai_usage;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_content::Migration),
            Box::new(m20261125_000002_accounts::Migration),
            Box::new(m20261125_000003_mail_outbox::Migration),
            Box::new(m20261125_000004_admin::Migration),
            Box::new(m20261125_000005_commerce::Migration),
            Box::new(m20261130_000006_jobs::Migration),
            Box::new(m20261130_000007_security::Migration),
            Box::new(m20261130_000008_order_events::Migration),
            Box::new(m20261130_000009_payments::Migration),
            Box::new(m20261130_000010_licenses::Migration),
            Box::new(m20261130_000011_subscriptions::Migration),
            Box::new(m20261130_000012_deliverables::Migration),
            Box::new(m20261130_000013_manual_delivery::Migration),
            Box::new(m20261201_000014_product_periods::Migration),
            Box::new(m20261201_000020_github_invites::Migration),
            Box::new(m20261201_000030_tools::Migration),
            Box::new(m20261201_000040_service_orders::Migration),
            Box::new(m20261202_000050_client_portal::Migration),
            Box::new(m20261202_000055_shared_state::Migration),
            Box::new(m20261203_000060_ai_usage::Migration),
        ]
    }
}
