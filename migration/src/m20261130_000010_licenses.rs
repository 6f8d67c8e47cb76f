//! Licences (issue 13, "Commerce II"): one per purchase of a licence-key
//! product, stored as the SHA-256 of its key (the key itself is only ever
//! in the delivery e-mail) plus a display suffix, and the activations
//! ("instances") outside software registers against it. Products say how
//! many activations a licence allows.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("products")
                .add_column(integer("license_activation_limit").default(1))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("licenses")
                .col(pk_auto("id"))
                // One licence per purchase: delivery run twice makes one.
                .col(integer_uniq("purchase_id"))
                .col(integer("user_id"))
                .col(string_len("product_slug", 160))
                // Hex SHA-256 of the key's 30 characters.
                .col(string_len_uniq("key_hash", 64))
                // The key's last characters, to tell licences apart.
                .col(string_len("key_suffix", 8))
                // inactive | active | expired | disabled
                .col(string_len("status", 16).default("inactive"))
                .col(integer("activation_limit"))
                // Kept beside the instances so one conditional update can
                // take a seat without ever going past the limit.
                .col(integer("activation_usage").default(0))
                .col(timestamp_with_time_zone_null("expires_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "fk_licenses_purchase",
                    ("licenses", "purchase_id"),
                    "user_purchases",
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_licenses_user",
                    ("licenses", "user_id"),
                    "users",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_licenses_user", "licenses", &["user_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("license_instances")
                .col(pk_auto("id"))
                .col(integer("license_id"))
                // The random id outside software keeps and sends back.
                .col(string_len_uniq("instance_id", 40))
                .col(string_len("name", 200))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_license_instances_license",
                    ("license_instances", "license_id"),
                    "licenses",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_license_instances_license",
            "license_instances",
            &["license_id"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("license_instances").to_owned())
            .await?;
        m.drop_table(Table::drop().table("licenses").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table("products")
                .drop_column("license_activation_limit")
                .to_owned(),
        )
        .await
    }
}
