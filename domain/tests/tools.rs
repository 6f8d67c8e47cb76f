//! Tools on SQLite and PostgreSQL: the catalogue the migration ships, the
//! use counter under 20 simultaneous uses with 5 left, guests (per client,
//! IPv6 per /64) vs members vs tools-pass holders, the reset at midnight
//! in Jakarta with an injected clock, and a use of each tool: bad input
//! counts nothing, a disabled tool is not found.
mod common;
use common::member;

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    entities::{
        order::{OrderItemKind, OrderStatus},
        service, tool, tool_usage,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    testing,
    tools::{self, quota, Fields, Plan, ToolOutput, Visitor, TOOLS_PASS_SLUG},
    Database, DomainError, Refusal,
};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

const WA: &str = "tautan-whatsapp";

/// 10:00 WIB on 1 December 2026.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap()
}

async fn set_quotas(db: &Database, slug: &str, guest: i32, member: i32, pass: i32) {
    tool::Entity::update_many()
        .col_expr(tool::Column::GuestDailyQuota, Expr::value(guest))
        .col_expr(tool::Column::MemberDailyQuota, Expr::value(member))
        .col_expr(tool::Column::PassDailyQuota, Expr::value(pass))
        .filter(tool::Column::Slug.eq(slug))
        .exec(db.writer())
        .await
        .unwrap();
}

fn guest(ip: &str) -> Visitor {
    Visitor::Guest(Some(ip.parse().unwrap()))
}

/// `Ok(used)` or the plan the refusal names.
async fn count(db: &Database, v: Visitor, now: DateTime<Utc>) -> Result<u32, Plan> {
    match quota::count_use(db, WA, v, now).await {
        Ok(a) => Ok(a.used),
        Err(DomainError::Refused(Refusal::ToolQuotaExceeded { plan, resets_at })) => {
            assert_eq!(resets_at, quota::next_reset(now));
            Err(plan)
        }
        Err(e) => panic!("{e}"),
    }
}

async fn give_pass(db: &Database, user_id: i32, tag: &str) {
    let item = (
        OrderItemKind::Product,
        TOOLS_PASS_SLUG,
        "Tools Pass",
        49_000,
    );
    let id = testing::order(db, user_id, tag, item, OrderStatus::Paid, t0()).await;
    testing::purchase(
        db,
        user_id,
        id,
        (TOOLS_PASS_SLUG, "Tools Pass"),
        DeliveryType::WebAccess,
        None,
        t0(),
    )
    .await;
}

#[tokio::test]
async fn the_migration_ships_four_enabled_tools() {
    for b in common::backends().await {
        let db = &b.db;
        let list = tools::catalogue::list_enabled(db.reader()).await.unwrap();
        let slugs: Vec<&str> = list.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(
            slugs,
            vec![
                WA,
                "pembuat-utm",
                "estimasi-biaya-website",
                "cek-snippet-seo"
            ],
            "{}",
            b.name
        );
        assert!(list
            .iter()
            .all(|t| t.guest_daily_quota < t.member_daily_quota
                && t.member_daily_quota < t.pass_daily_quota));
        tool::Entity::update_many()
            .col_expr(tool::Column::Enabled, Expr::value(false))
            .filter(tool::Column::Slug.eq(WA))
            .exec(db.writer())
            .await
            .unwrap();
        assert_eq!(
            tools::catalogue::list_enabled(db.reader())
                .await
                .unwrap()
                .len(),
            3
        );
        let f = Fields::new([("nomor".to_owned(), "081234567890".to_owned())]);
        assert!(matches!(
            tools::use_tool(db, WA, guest("203.0.113.1"), &f, t0()).await,
            Err(DomainError::NotFound)
        ));
        assert!(matches!(
            quota::count_use(db, "tidak-ada", guest("203.0.113.1"), t0()).await,
            Err(DomainError::NotFound)
        ));
    }
}

/// 20 uses at once by one member with 5 of the day's uses left: exactly 5
/// are counted, 15 refused, and the counter stops at the quota.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_simultaneous_uses_with_five_left_count_exactly_five() {
    for b in common::backends().await {
        let db = &b.db;
        set_quotas(db, WA, 2, 8, 20).await;
        let user = member(db, "serbu-alat@example.id").await;
        let v = Visitor::Member(user);
        for _ in 0..3 {
            count(db, v, t0()).await.unwrap();
        }
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { quota::count_use(&db, WA, v, t0()).await })
            })
            .collect();
        let (mut ok, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(DomainError::Refused(Refusal::ToolQuotaExceeded { .. })) => refused += 1,
                Err(e) => panic!("{}: {e}", b.name),
            }
        }
        assert_eq!((ok, refused), (5, 15), "{}", b.name);
        let rows = tool_usage::Entity::find()
            .filter(tool_usage::Column::UserId.eq(user))
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{}", b.name);
        assert_eq!(rows[0].uses, 8, "{}", b.name);

        // Guests too: 20 at once from one /64 with a quota of 5.
        set_quotas(db, WA, 5, 8, 20).await;
        let tasks: Vec<_> = (0..20u16)
            .map(|i| {
                let db = db.clone();
                let v = guest(&format!("2001:db8:7:7::{i:x}"));
                tokio::spawn(async move { quota::count_use(&db, WA, v, t0()).await.is_ok() })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            ok += usize::from(t.await.unwrap());
        }
        assert_eq!(ok, 5, "{}", b.name);
    }
}

#[tokio::test]
async fn guests_members_and_pass_holders_get_their_own_quotas() {
    for b in common::backends().await {
        let db = &b.db;
        set_quotas(db, WA, 2, 3, 5).await;
        // A guest is one client: an IPv6 /64 counts once.
        let g = guest("2001:db8:1:2::1");
        assert_eq!(count(db, g, t0()).await, Ok(1));
        assert_eq!(count(db, guest("2001:db8:1:2::ffff"), t0()).await, Ok(2));
        assert_eq!(count(db, g, t0()).await, Err(Plan::Guest));
        // Another client has its own.
        assert_eq!(count(db, guest("203.0.113.7"), t0()).await, Ok(1));

        let user = member(db, "anggota-alat@example.id").await;
        let m = Visitor::Member(user);
        for n in 1..=3 {
            assert_eq!(count(db, m, t0()).await, Ok(n), "{}", b.name);
        }
        assert_eq!(count(db, m, t0()).await, Err(Plan::Member));

        // Buying the tools pass raises the member's quota at once.
        give_pass(db, user, "TRX-PASS-1").await;
        assert_eq!(quota::plan_of(db.reader(), m).await.unwrap(), Plan::Pass);
        assert_eq!(count(db, m, t0()).await, Ok(4));
        assert_eq!(count(db, m, t0()).await, Ok(5));
        assert_eq!(count(db, m, t0()).await, Err(Plan::Pass));
        let tool = tools::catalogue::find_enabled(db.reader(), WA)
            .await
            .unwrap()
            .0;
        let a = quota::allowance(db, &tool, m, t0()).await.unwrap();
        assert_eq!(
            (a.plan, a.limit, a.used, a.remaining()),
            (Plan::Pass, 5, 5, 0)
        );

        // A refunded pass is no pass.
        user_purchase::Entity::update_many()
            .col_expr(
                user_purchase::Column::DeliveryStatus,
                Expr::value(DeliveryStatus::Revoked),
            )
            .filter(user_purchase::Column::UserId.eq(user))
            .exec(db.writer())
            .await
            .unwrap();
        assert_eq!(quota::plan_of(db.reader(), m).await.unwrap(), Plan::Member);
        assert_eq!(count(db, m, t0()).await, Err(Plan::Member));
        // Another tool's counter is its own.
        assert!(quota::count_use(db, "pembuat-utm", m, t0()).await.is_ok());
    }
}

#[tokio::test]
async fn quotas_start_again_at_midnight_in_jakarta() {
    for b in common::backends().await {
        let db = &b.db;
        set_quotas(db, WA, 1, 2, 3).await;
        let user = member(db, "tengah-malam@example.id").await;
        let m = Visitor::Member(user);
        // 23:59:58 WIB on 1 December is 16:59:58 UTC.
        let late = Utc.with_ymd_and_hms(2026, 12, 1, 16, 59, 58).unwrap();
        let midnight = Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap();
        assert_eq!(count(db, m, late).await, Ok(1));
        assert_eq!(count(db, m, late).await, Ok(2));
        match quota::count_use(db, WA, m, late + Duration::seconds(1)).await {
            Err(DomainError::Refused(Refusal::ToolQuotaExceeded { plan, resets_at })) => {
                assert_eq!((plan, resets_at), (Plan::Member, midnight));
            }
            other => panic!("{other:?}"),
        }
        // Midnight WIB (not UTC): a new day.
        assert_eq!(count(db, m, midnight).await, Ok(1));
        let usage = quota::usage_of(db, user, 7, midnight).await.unwrap();
        let days: Vec<(&str, u32)> = usage.iter().map(|u| (u.day.as_str(), u.uses)).collect();
        assert_eq!(
            days,
            vec![("2026-12-02", 1), ("2026-12-01", 2)],
            "{}",
            b.name
        );
        assert_eq!(usage[0].tool_name, "Tautan & QR WhatsApp");
        // Only the member's own rows.
        let other = member(db, "lain@example.id").await;
        assert!(quota::usage_of(db, other, 7, midnight)
            .await
            .unwrap()
            .is_empty());
        // The dashboard's table: every day of the week, zeros included,
        // one column per enabled tool.
        let table = quota::usage_table_of(db, user, 7, midnight).await.unwrap();
        assert_eq!(table.days.len(), 7);
        let wa = table.tools.iter().position(|t| t.slug == WA).unwrap();
        let column: Vec<u32> = table.days.iter().map(|(_, c)| c[wa]).collect();
        assert_eq!(column, vec![1, 2, 0, 0, 0, 0, 0]);
        assert_eq!(
            table.days[0].0,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
        assert!(table.days.iter().all(|(_, c)| c.len() == table.tools.len()));
        let today = quota::today_of(db, user, midnight).await.unwrap();
        assert_eq!(today.len(), 4);
        assert_eq!((today[0].0.slug.as_str(), today[0].1.used), (WA, 1));
    }
}

#[tokio::test]
async fn each_tool_works_and_bad_input_counts_nothing() {
    for b in common::backends().await {
        let db = &b.db;
        service::Entity::insert(service::ActiveModel {
            slug: Set("pengembangan-website".into()),
            title: Set("Pengembangan Website".into()),
            summary: Set("Website.".into()),
            body_md: Set("Website.".into()),
            icon: Set("code".into()),
            price_from_idr: Set(Some(3_500_000)),
            sort_order: Set(1),
            published: Set(true),
            created_at: Set(t0()),
            updated_at: Set(t0()),
            ..Default::default()
        })
        .exec_without_returning(db.writer())
        .await
        .unwrap();
        let v = guest("198.51.100.9");
        let fields = |pairs: &[(&str, &str)]| {
            Fields::new(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            )
        };

        let bad = tools::use_tool(db, WA, v, &fields(&[("nomor", "12")]), t0()).await;
        assert!(matches!(bad, Err(DomainError::Invalid(ref f)) if f.0.contains_key("nomor")));
        assert_eq!(
            tool_usage::Entity::find().count(db.reader()).await.unwrap(),
            0
        );

        let u = tools::use_tool(
            db,
            WA,
            v,
            &fields(&[("nomor", "0812-3456-7890"), ("pesan", "Halo")]),
            t0(),
        )
        .await
        .unwrap();
        let ToolOutput::Whatsapp(link) = u.output else {
            panic!()
        };
        assert_eq!(link.link, "https://wa.me/6281234567890?text=Halo");
        assert_eq!((u.allowance.plan, u.allowance.used), (Plan::Guest, 1));

        let u = tools::use_tool(
            db,
            "pembuat-utm",
            v,
            &fields(&[
                ("url", "https://tokoku.id"),
                ("sumber", "ig"),
                ("medium", "social"),
                ("kampanye", "promo"),
            ]),
            t0(),
        )
        .await
        .unwrap();
        let ToolOutput::Utm(t) = u.output else {
            panic!()
        };
        assert_eq!(
            t.url,
            "https://tokoku.id/?utm_source=ig&utm_medium=social&utm_campaign=promo"
        );

        let u = tools::use_tool(
            db,
            "estimasi-biaya-website",
            v,
            &fields(&[
                ("layanan", "pengembangan-website"),
                ("halaman", "6"),
                ("fitur", "whatsapp"),
            ]),
            t0(),
        )
        .await
        .unwrap();
        let ToolOutput::Estimate(e) = u.output else {
            panic!()
        };
        // 3.500.000 + 210.000 + 175.000 = 3.885.000 → 3.900.000.
        assert_eq!(e.total_idr, 3_900_000, "{}", b.name);

        let u = tools::use_tool(
            db,
            "cek-snippet-seo",
            v,
            &fields(&[("judul", "Toko Kue Dapur Ibu — Nastar & Kastengel")]),
            t0(),
        )
        .await
        .unwrap();
        let ToolOutput::Snippet(s) = u.output else {
            panic!()
        };
        assert!(!s.title.truncated);
        assert_eq!(
            tool_usage::Entity::find().count(db.reader()).await.unwrap(),
            4
        );
    }
}

#[tokio::test]
async fn the_admin_switches_tools_and_sets_quotas_audited() {
    use domain::{
        audit::Actor,
        entities::audit_entry,
        tools::admin::{self, ToolSettings},
    };
    for b in common::backends().await {
        let db = &b.db;
        let actor = Actor::admin(1, "admin@tiranyx.test", None);
        let settings = |enabled: bool, guest: &str, member: &str, pass: &str| ToolSettings {
            enabled,
            guest: guest.into(),
            member: member.into(),
            pass: pass.into(),
        };
        let Err(DomainError::Invalid(e)) = admin::update(
            db,
            &actor,
            WA,
            &settings(true, "-1", "banyak", "100001"),
            t0(),
        )
        .await
        else {
            panic!("{}", b.name)
        };
        assert_eq!(e.0.len(), 3, "{}", b.name);
        assert!(matches!(
            admin::update(
                db,
                &actor,
                "tidak-ada",
                &settings(true, "1", "2", "3"),
                t0()
            )
            .await,
            Err(DomainError::NotFound)
        ));
        assert_eq!(
            audit_entry::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            0
        );

        let t = admin::update(db, &actor, WA, &settings(false, "0", "7", " 70 "), t0())
            .await
            .unwrap();
        assert_eq!(
            (
                t.enabled,
                t.guest_daily_quota,
                t.member_daily_quota,
                t.pass_daily_quota
            ),
            (false, 0, 7, 70)
        );
        assert!(tools::catalogue::find_enabled(db.reader(), WA)
            .await
            .is_err());
        assert_eq!(admin::list(db).await.unwrap().len(), 4);
        let entry = audit_entry::Entity::find()
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(entry.action, "tool.update");
        assert!(
            entry.summary.contains("aktif true → false") && entry.summary.contains("tamu 5 → 0")
        );

        // Back on: a guest quota of 0 refuses guests, members get 7.
        admin::update(db, &actor, WA, &settings(true, "0", "7", "70"), t0())
            .await
            .unwrap();
        assert_eq!(
            count(db, guest("203.0.113.50"), t0()).await,
            Err(Plan::Guest)
        );
        let user = member(db, "admin-kuota@example.id").await;
        assert_eq!(count(db, Visitor::Member(user), t0()).await, Ok(1));
    }
}

/// *Analitik* sums uses per Jakarta day and per tool, guests and members
/// apart, over the range only; unused tools are listed with zeros.
#[tokio::test]
async fn analytics_sums_uses_per_day_and_per_tool() {
    use domain::analytics::{tool_usage, DateRange};
    for b in common::backends().await {
        let db = &b.db;
        set_quotas(db, WA, 10, 10, 10).await;
        let user = member(db, "analitik@example.id").await;
        let day1 = t0();
        let day2 = t0() + Duration::days(1);
        for (v, at) in [
            (guest("203.0.113.7"), day1),
            (guest("203.0.113.8"), day1),
            (Visitor::Member(user), day1),
            (Visitor::Member(user), day2),
            (guest("203.0.113.7"), day2 + Duration::days(5)),
        ] {
            quota::count_use(db, WA, v, at).await.unwrap();
        }
        let from = domain::jakarta::date(day1);
        let range = DateRange::new(from, from + Duration::days(1)).unwrap();
        let used = tool_usage(db, range).await.unwrap();
        let daily: Vec<u64> = used.daily.iter().map(|p| p.value).collect();
        assert_eq!(daily, vec![3, 1], "{}", b.name);
        assert_eq!(used.per_tool.len(), 4);
        let wa = used.per_tool.iter().find(|t| t.slug == WA).unwrap();
        assert_eq!((wa.guest_uses, wa.member_uses), (2, 2), "{}", b.name);
        assert!(used
            .per_tool
            .iter()
            .filter(|t| t.slug != WA)
            .all(|t| t.guest_uses + t.member_uses == 0));
    }
}
