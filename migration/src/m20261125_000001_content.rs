//! The public site's content: settings, services, portfolio and case studies,
//! blog posts, resources, demos, products, SaaS bundles, waitlist, contact.
use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Timestamps are stored as UTC with time zone on PostgreSQL and as RFC 3339
/// text on SQLite; both sort chronologically.
fn created_updated(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("site_settings")
                .col(string_len("key", 64).primary_key())
                .col(text("value"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("services")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("title", 200))
                    .col(string_len("summary", 500))
                    .col(text("body_md"))
                    .col(string_len("icon", 64))
                    .col(big_integer_null("price_from_idr"))
                    .col(integer("sort_order").default(0))
                    .col(boolean("published").default(true)),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_services_published_order",
            "services",
            &["published", "sort_order"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("portfolio_items")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("title", 200))
                    .col(string_len("client_name", 200))
                    .col(string_len("category", 80))
                    .col(string_len("summary", 500))
                    .col(string_len_null("cover_url", 500))
                    .col(string_len_null("project_url", 500))
                    .col(string_len("tags", 500).default(""))
                    .col(integer("year"))
                    .col(boolean("featured").default(false))
                    .col(boolean("published").default(true))
                    .col(integer("sort_order").default(0)),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_portfolio_published_featured",
            "portfolio_items",
            &["published", "featured", "sort_order"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("case_studies")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(integer_null("portfolio_item_id"))
                    .col(string_len("title", 200))
                    .col(string_len("client_name", 200))
                    .col(string_len("summary", 500))
                    .col(text("body_md"))
                    .col(string_len_null("cover_url", 500))
                    .col(string_len("results", 500).default(""))
                    .col(boolean("published").default(true))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_studies_portfolio")
                            .from("case_studies", "portfolio_item_id")
                            .to("portfolio_items", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    ),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_case_studies_published",
            "case_studies",
            &["published", "published_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_case_studies_portfolio",
            "case_studies",
            &["portfolio_item_id"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("posts")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("title", 200))
                    .col(string_len("excerpt", 500))
                    .col(text("body_md"))
                    .col(string_len_null("cover_url", 500))
                    .col(string_len("category", 80))
                    .col(string_len("tags", 500).default(""))
                    .col(string_len("author_name", 120))
                    .col(string_len_null("seo_title", 200))
                    .col(string_len_null("seo_description", 320))
                    .col(string_len("status", 16).default("draft"))
                    .col(timestamp_with_time_zone_null("published_at")),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_posts_status_published_at",
            "posts",
            &["status", "published_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_posts_category",
            "posts",
            &["category", "status"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("resources")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("title", 200))
                    .col(string_len("kind", 32))
                    .col(string_len("summary", 500))
                    .col(text("body_md"))
                    .col(string_len_null("url", 500))
                    .col(string_len_null("cover_url", 500))
                    .col(boolean("published").default(true))
                    .col(integer("sort_order").default(0)),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_resources_published_order",
            "resources",
            &["published", "sort_order"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("demos")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("title", 200))
                    .col(string_len("summary", 500))
                    .col(string_len("tech_stack", 300))
                    .col(string_len_null("demo_url", 500))
                    .col(string_len_null("cover_url", 500))
                    .col(boolean("published").default(true))
                    .col(integer("sort_order").default(0)),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_demos_published_order",
            "demos",
            &["published", "sort_order"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("products")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("name", 200))
                    .col(string_len("tagline", 300))
                    .col(text("description_md"))
                    .col(string_len("category", 80))
                    .col(big_integer("price_idr"))
                    .col(big_integer_null("price_usd_cents"))
                    .col(string_len("delivery_type", 32))
                    .col(string_len("delivery_note", 500))
                    .col(string_len_null("github_repo", 200))
                    .col(string_len_null("cover_url", 500))
                    .col(boolean("featured").default(false))
                    .col(boolean("active").default(true))
                    .col(integer("sort_order").default(0)),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_products_active_order",
            "products",
            &["active", "featured", "sort_order"],
        ))
        .await?;
        m.create_index(index(
            "idx_products_category",
            "products",
            &["category", "active"],
        ))
        .await?;

        m.create_table(
            created_updated(
                Table::create()
                    .table("saas_bundles")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("slug", 160))
                    .col(string_len("name", 200))
                    .col(string_len("tagline", 300))
                    .col(text("description_md"))
                    .col(text("features"))
                    .col(big_integer("price_idr"))
                    .col(big_integer_null("price_usd_cents"))
                    .col(string_len_null("github_repo", 200))
                    .col(boolean("active").default(true))
                    .col(integer("sort_order").default(0)),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_saas_bundles_active_order",
            "saas_bundles",
            &["active", "sort_order"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("waitlist_entries")
                .col(pk_auto("id"))
                .col(string_len("product_slug", 160))
                .col(string_len("email", 254))
                .col(string_len_null("name", 120))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_waitlist_product_email",
                "waitlist_entries",
                &["product_slug", "email"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_waitlist_created",
            "waitlist_entries",
            &["created_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("contact_messages")
                .col(pk_auto("id"))
                .col(string_len("name", 120))
                .col(string_len("email", 254))
                .col(string_len_null("phone", 32))
                .col(text("message"))
                .col(string_len("status", 16).default("unread"))
                .col(string_len_null("ip", 64))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_contact_status_created",
            "contact_messages",
            &["status", "created_at"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "contact_messages",
            "waitlist_entries",
            "saas_bundles",
            "products",
            "demos",
            "resources",
            "posts",
            "case_studies",
            "portfolio_items",
            "services",
            "site_settings",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
