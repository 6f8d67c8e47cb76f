//! Tools (issue 14): the catalogue of the public tools with their daily
//! quotas per plan, and `tool_usage` reshaped so a guest (counted per
//! client, `domain::net::client_key`) and a member (per user) share one
//! counter row per tool and Jakarta day.
//!
//! The four tools are code (`domain::tools`), so their rows ship with the
//! schema: a site without demo content has them too. Admins change names,
//! `enabled` and quotas; nothing here overwrites them later.
use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// slug, name, summary, guest, member, pass holder quotas per day, order.
const TOOLS: [(&str, &str, &str, i32, i32, i32, i32); 4] = [
    (
        "tautan-whatsapp",
        "Tautan & QR WhatsApp",
        "Buat tautan klik-untuk-chat wa.me dengan pesan pembuka dan kode QR-nya, siap dicetak di brosur atau kemasan.",
        5,
        30,
        300,
        1,
    ),
    (
        "pembuat-utm",
        "Pembuat Tautan UTM",
        "Tambahkan parameter UTM ke tautan kampanye agar sumber pengunjung terbaca rapi di Google Analytics.",
        5,
        30,
        300,
        2,
    ),
    (
        "estimasi-biaya-website",
        "Estimasi Biaya Website",
        "Perkirakan biaya pembuatan website dari daftar harga layanan Tiranyx: jenis layanan, jumlah halaman, dan fitur.",
        3,
        20,
        200,
        3,
    ),
    (
        "cek-snippet-seo",
        "Cek Snippet SEO & Open Graph",
        "Lihat bagaimana judul dan deskripsi halamanmu tampil di Google, apakah terpotong, dan dapatkan tag meta siap pakai.",
        5,
        30,
        300,
        4,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("tools")
                .col(pk_auto("id"))
                .col(string_len_uniq("slug", 160))
                .col(string_len("name", 200))
                .col(text("summary"))
                .col(boolean("enabled").default(true))
                // Uses per Jakarta day: per client for guests, per member,
                // and per member holding the tools pass.
                .col(integer("guest_daily_quota"))
                .col(integer("member_daily_quota"))
                .col(integer("pass_daily_quota"))
                .col(integer("sort_order").default(0))
                .to_owned(),
        )
        .await?;
        let mut insert = Query::insert();
        insert.into_table("tools").columns([
            "slug",
            "name",
            "summary",
            "enabled",
            "guest_daily_quota",
            "member_daily_quota",
            "pass_daily_quota",
            "sort_order",
        ]);
        for (slug, name, summary, guest, member, pass, order) in TOOLS {
            insert.values_panic([
                slug.into(),
                name.into(),
                summary.into(),
                true.into(),
                guest.into(),
                member.into(),
                pass.into(),
                order.into(),
            ]);
        }
        m.exec_stmt(insert).await?;

        // tool_usage had members only (user_id NOT NULL), which SQLite
        // cannot relax in place: the old table is renamed, a new one made
        // and its rows copied over (nothing wrote them before this issue).
        m.rename_table(
            Table::rename()
                .table("tool_usage", "tool_usage_members")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("tool_usage")
                .col(pk_auto("id"))
                .col(string_len("tool_slug", 160))
                // `member:<user id>` or `guest:<client key>`: who is counted.
                .col(string_len("subject", 80))
                // The member counted, for their usage page; None for guests.
                .col(integer_null("user_id"))
                // Jakarta (WIB) day, YYYY-MM-DD: quotas reset at midnight WIB.
                .col(string_len("day", 10))
                .col(integer("uses").default(0))
                .foreign_key(&mut fk(
                    "fk_tool_usage_member",
                    ("tool_usage", "user_id"),
                    "users",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_tool_usage_subject_tool_day",
                "tool_usage",
                &["subject", "tool_slug", "day"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_tool_usage_user_day",
            "tool_usage",
            &["user_id", "day"],
        ))
        .await?;
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO tool_usage (tool_slug, subject, user_id, day, uses) \
                 SELECT tool_slug, 'member:' || CAST(user_id AS TEXT), user_id, day, uses \
                 FROM tool_usage_members",
            )
            .await?;
        m.drop_table(Table::drop().table("tool_usage_members").to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Back to members only; guests' counts are dropped.
        m.rename_table(
            Table::rename()
                .table("tool_usage", "tool_usage_all")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("tool_usage")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("tool_slug", 160))
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
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO tool_usage (user_id, tool_slug, day, uses) \
                 SELECT user_id, tool_slug, day, uses FROM tool_usage_all \
                 WHERE user_id IS NOT NULL",
            )
            .await?;
        m.drop_table(Table::drop().table("tool_usage_all").to_owned())
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
        m.drop_table(Table::drop().table("tools").to_owned()).await
    }
}
