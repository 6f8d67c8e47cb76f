//! Page-view counting and the dashboard series, run against SQLite and
//! (when `TIRANYX_TEST_POSTGRES_URL` is set, always in CI) PostgreSQL.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::{
    analytics::{self, DailyPoint, DateRange, PageViewRecorder},
    entities::{
        contact_message, page_view_daily,
        user::{self, UserType},
        waitlist_entry, ContactStatus,
    },
    Database,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder, Statement};
use std::time::Duration;

mod common;
use common::backends;

/// A Jakarta wall-clock time in November 2026: days are Jakarta days.
fn at(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    domain::jakarta::offset()
        .with_ymd_and_hms(2026, 11, day, h, m, s)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// Every row of `page_views_daily` as (day, path, views), sorted.
async fn rows(db: &Database) -> Vec<(String, String, i64)> {
    page_view_daily::Entity::find()
        .order_by_asc(page_view_daily::Column::Day)
        .order_by_asc(page_view_daily::Column::Path)
        .all(db.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.day, r.path, r.views))
        .collect()
}

fn row(day: &str, path: &str, views: i64) -> (String, String, i64) {
    (day.to_owned(), path.to_owned(), views)
}

async fn sql(db: &Database, statement: &str) {
    db.writer()
        .execute_raw(Statement::from_string(db.backend(), statement))
        .await
        .unwrap();
}

#[tokio::test]
async fn recorded_views_add_up_across_flushes() {
    for b in backends().await {
        let recorder = PageViewRecorder::new(b.db.clone());
        recorder.record("/", at(20, 8, 0, 0));
        recorder.record("/blog?page=2", at(20, 9, 0, 0));
        recorder.clone().record("/blog", at(20, 23, 59, 59));
        recorder.record("/", at(21, 0, 0, 0));
        assert_eq!(recorder.pending_views(), 4, "{}", b.name);
        recorder.flush().await.unwrap();
        assert_eq!(recorder.pending_views(), 0, "{}", b.name);
        assert_eq!(
            rows(&b.db).await,
            [
                row("2026-11-20", "/", 1),
                row("2026-11-20", "/blog", 2),
                row("2026-11-21", "/", 1),
            ],
            "{}",
            b.name
        );

        // A second flush adds to the stored counts instead of replacing them.
        recorder.record("/", at(20, 10, 0, 0));
        recorder.record("/#atas", at(20, 11, 0, 0));
        recorder.record("/produk", at(21, 12, 0, 0));
        recorder.flush().await.unwrap();
        // Nothing pending: nothing written.
        recorder.flush().await.unwrap();
        assert_eq!(
            rows(&b.db).await,
            [
                row("2026-11-20", "/", 3),
                row("2026-11-20", "/blog", 2),
                row("2026-11-21", "/", 1),
                row("2026-11-21", "/produk", 1),
            ],
            "{}",
            b.name
        );
    }
}

/// Instances flushing the same pages at the same time (PostgreSQL row
/// locks): no deadlock, no count lost.
#[tokio::test]
async fn instances_flushing_together_lose_nothing() {
    for b in backends().await {
        let paths: Vec<String> = (0..40).map(|n| format!("/blog/tulisan-{n}")).collect();
        let mut flushes = tokio::task::JoinSet::new();
        for instance in 0..4 {
            let recorder = PageViewRecorder::new(b.db.clone());
            let paths = paths.clone();
            flushes.spawn(async move {
                for round in 0..5 {
                    // Each instance meets the pages in its own order.
                    for n in 0..paths.len() {
                        let p = &paths[(n * (instance + 1) + round) % paths.len()];
                        recorder.record(p, at(20, 8, 0, 0));
                    }
                    recorder.flush().await.unwrap();
                }
            });
        }
        while let Some(done) = flushes.join_next().await {
            done.unwrap_or_else(|e| panic!("{}: {e}", b.name));
        }
        let total: i64 = rows(&b.db).await.iter().map(|r| r.2).sum();
        assert_eq!(total, 4 * 5 * 40, "{}", b.name);
    }
}

#[tokio::test]
async fn failed_flush_keeps_the_counts() {
    for b in backends().await {
        let recorder = PageViewRecorder::new(b.db.clone());
        recorder.record("/", at(20, 8, 0, 0));
        recorder.record("/", at(20, 9, 0, 0));
        recorder.record("/blog", at(20, 9, 0, 0));

        sql(
            &b.db,
            "ALTER TABLE page_views_daily RENAME TO page_views_off",
        )
        .await;
        assert!(recorder.flush().await.is_err(), "{}", b.name);
        assert_eq!(recorder.pending_views(), 3, "{}", b.name);
        // Views counted while the database was down are kept too.
        recorder.record("/", at(20, 10, 0, 0));
        sql(
            &b.db,
            "ALTER TABLE page_views_off RENAME TO page_views_daily",
        )
        .await;

        recorder.flush().await.unwrap();
        assert_eq!(recorder.pending_views(), 0, "{}", b.name);
        assert_eq!(
            rows(&b.db).await,
            [row("2026-11-20", "/", 3), row("2026-11-20", "/blog", 1)],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn flusher_writes_periodically() {
    for b in backends().await {
        let recorder = PageViewRecorder::new(b.db.clone());
        let task = recorder.spawn_flusher(Duration::from_millis(20));
        recorder.record("/layanan", at(20, 8, 0, 0));
        let mut written = Vec::new();
        for _ in 0..250 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            written = rows(&b.db).await;
            if !written.is_empty() {
                break;
            }
        }
        task.abort();
        assert_eq!(written, [row("2026-11-20", "/layanan", 1)], "{}", b.name);
    }
}

async fn insert_user(db: &Database, n: u32, created_at: DateTime<Utc>) {
    user::Entity::insert(user::ActiveModel {
        email: Set(format!("anggota{n}@example.com")),
        name: Set(format!("Anggota {n}")),
        phone: Set(None),
        password_hash: Set("x".into()),
        user_type: Set(UserType::Member),
        email_verified_at: Set(None),
        avatar_path: Set(None),
        disabled_at: Set(None),
        created_at: Set(created_at),
        updated_at: Set(created_at),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
}

async fn insert_waitlist(db: &Database, n: u32, created_at: DateTime<Utc>) {
    waitlist_entry::Entity::insert(waitlist_entry::ActiveModel {
        product_slug: Set("kelas-rust".into()),
        email: Set(format!("tunggu{n}@example.com")),
        name: Set(None),
        created_at: Set(created_at),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
}

async fn insert_contact(db: &Database, created_at: DateTime<Utc>) {
    contact_message::Entity::insert(contact_message::ActiveModel {
        name: Set("Dewi".into()),
        email: Set("dewi@example.com".into()),
        phone: Set(None),
        message: Set("Halo, kami butuh website.".into()),
        status: Set(ContactStatus::Unread),
        ip: Set(None),
        created_at: Set(created_at),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
}

fn values(points: &[DailyPoint]) -> Vec<u64> {
    points.iter().map(|p| p.value).collect()
}

#[tokio::test]
async fn overview_zero_fills_days_and_counts_each_series() {
    for b in backends().await {
        let db = &b.db;
        // Range: 18..=22 November. Rows just outside it must not count.
        insert_user(db, 1, at(17, 23, 59, 59)).await;
        insert_user(db, 2, at(18, 0, 0, 0)).await;
        insert_user(db, 3, at(20, 12, 0, 0)).await;
        insert_user(db, 4, at(20, 13, 0, 0)).await;
        insert_user(db, 5, at(22, 23, 59, 59)).await;
        insert_user(db, 6, at(23, 0, 0, 0)).await;
        insert_waitlist(db, 1, at(19, 8, 0, 0)).await;
        insert_waitlist(db, 2, at(19, 9, 0, 0)).await;
        insert_waitlist(db, 3, at(25, 9, 0, 0)).await;
        insert_contact(db, at(21, 7, 0, 0)).await;
        insert_contact(db, at(1, 7, 0, 0)).await;

        let recorder = PageViewRecorder::new(db.clone());
        for (path, day, n) in [
            ("/", 18, 5),
            ("/blog", 18, 2),
            ("/produk", 20, 7),
            ("/", 22, 1),
            ("/", 23, 50),
        ] {
            for _ in 0..n {
                recorder.record(path, at(day, 10, 0, 0));
            }
        }
        recorder.flush().await.unwrap();

        let range = DateRange::new(date(18), date(22)).unwrap();
        let o = analytics::overview(db, range).await.unwrap();
        let days: Vec<NaiveDate> = o.page_views.iter().map(|p| p.day).collect();
        assert_eq!(days, (18..=22).map(date).collect::<Vec<_>>(), "{}", b.name);
        for series in [&o.signups, &o.waitlist_joins, &o.contacts] {
            assert_eq!(
                series.iter().map(|p| p.day).collect::<Vec<_>>(),
                days,
                "{}",
                b.name
            );
        }
        assert_eq!(values(&o.page_views), [7, 0, 7, 0, 1], "{}", b.name);
        assert_eq!(values(&o.signups), [1, 0, 2, 0, 1], "{}", b.name);
        assert_eq!(values(&o.waitlist_joins), [0, 2, 0, 0, 0], "{}", b.name);
        assert_eq!(values(&o.contacts), [0, 0, 0, 1, 0], "{}", b.name);
        assert_eq!(
            o.top_paths,
            [
                ("/produk".to_owned(), 7),
                ("/".to_owned(), 6),
                ("/blog".to_owned(), 2),
            ],
            "{}",
            b.name
        );

        // An empty range still has every day.
        let empty = analytics::overview(db, DateRange::new(date(1), date(3)).unwrap())
            .await
            .unwrap();
        assert_eq!(values(&empty.page_views), [0, 0, 0], "{}", b.name);
        assert_eq!(values(&empty.contacts), [1, 0, 0], "{}", b.name);
        assert!(empty.top_paths.is_empty(), "{}", b.name);
    }
}
