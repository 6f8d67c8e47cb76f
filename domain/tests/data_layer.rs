//! Data-layer tests, run against SQLite and (when `TIRANYX_TEST_POSTGRES_URL`
//! is set, always in CI) PostgreSQL, with the same migrations and queries.
use chrono::{Duration, Utc};
use domain::{
    content::{portfolio, posts, products, services, settings},
    entities::{post, PostStatus},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, Statement,
    TransactionTrait,
};

mod common;
use common::{backends, sqlite};

#[tokio::test]
async fn migrations_apply_and_are_idempotent() {
    for b in backends().await {
        b.db.migrate()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", b.name));
        b.db.ping().await.unwrap();
    }
}

#[tokio::test]
async fn demo_content_loads_once() {
    for b in backends().await {
        let now = Utc::now();
        let first = domain::demo::load(&b.db, now).await.unwrap();
        assert!(first.total() > 30, "{}: {first:?}", b.name);
        let second = domain::demo::load(&b.db, now).await.unwrap();
        assert_eq!(
            second.total(),
            0,
            "{}: second run inserted {second:?}",
            b.name
        );
        assert_eq!(services::list_published(&b.db).await.unwrap().len(), 6);

        let s = settings::load(&b.db).await.unwrap();
        assert_eq!(s.contact_email, "halo@tiranyx.co.id", "{}", b.name);
        assert_eq!(portfolio::featured(&b.db, 3).await.unwrap().len(), 3);
        let highlighted = products::highlighted(&b.db, 3).await.unwrap();
        assert!(
            highlighted.iter().all(|p| p.featured && p.active),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn only_published_past_posts_are_visible() {
    for b in backends().await {
        domain::demo::load(&b.db, Utc::now()).await.unwrap();
        let now = Utc::now();
        let visible = posts::latest_published(&b.db, now, 100).await.unwrap();
        assert_eq!(visible.len(), 6, "{}", b.name);
        assert!(visible.iter().all(|p| p.status == PostStatus::Published));
        assert!(visible
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at));

        // A post marked published but dated in the future stays hidden.
        let future = post::ActiveModel {
            slug: Set("masa-depan".into()),
            title: Set("Masa depan".into()),
            excerpt: Set("x".into()),
            body_md: Set("x".into()),
            category: Set("Uji".into()),
            tags: Set(String::new()),
            author_name: Set("Uji".into()),
            status: Set(PostStatus::Published),
            published_at: Set(Some(now + Duration::days(1))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        future.insert(b.db.writer()).await.unwrap();
        let visible = posts::latest_published(&b.db, now, 100).await.unwrap();
        assert!(visible.iter().all(|p| p.slug != "masa-depan"), "{}", b.name);
    }
}

#[tokio::test]
async fn slugs_are_unique() {
    for b in backends().await {
        domain::demo::load(&b.db, Utc::now()).await.unwrap();
        let existing = post::Entity::find()
            .one(b.db.reader())
            .await
            .unwrap()
            .unwrap();
        let mut dup: post::ActiveModel = existing.into();
        dup.id = sea_orm::ActiveValue::NotSet;
        assert!(
            dup.insert(b.db.writer()).await.is_err(),
            "{}: duplicate slug accepted",
            b.name
        );
    }
}

/// Many tasks writing at once must all succeed: on SQLite the single writer
/// connection queues them instead of failing with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_all_succeed() {
    for b in backends().await {
        let mut tasks = Vec::new();
        for i in 0..40 {
            let db = b.db.clone();
            tasks.push(tokio::spawn(async move {
                let txn = db.writer().begin().await?;
                let now = Utc::now();
                post::ActiveModel {
                    slug: Set(format!("serentak-{i}")),
                    title: Set(format!("Serentak {i}")),
                    excerpt: Set("x".into()),
                    body_md: Set("x".into()),
                    category: Set("Uji".into()),
                    tags: Set(String::new()),
                    author_name: Set("Uji".into()),
                    status: Set(PostStatus::Draft),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                // Read inside the same transaction, then write again.
                let n = post::Entity::find().count(&txn).await?;
                assert!(n > 0);
                txn.commit().await
            }));
        }
        for t in tasks {
            t.await
                .unwrap()
                .unwrap_or_else(|e| panic!("{}: {e}", b.name));
        }
        let n = post::Entity::find().count(b.db.reader()).await.unwrap();
        assert_eq!(n, 40, "{}", b.name);
    }
}

#[tokio::test]
async fn sqlite_runs_with_wal_foreign_keys_and_busy_timeout() {
    let b = sqlite().await;
    for (pragma, want) in [
        ("journal_mode", "wal"),
        ("foreign_keys", "1"),
        ("busy_timeout", "5000"),
    ] {
        for conn in [b.db.reader(), b.db.writer()] {
            let row = conn
                .query_one_raw(Statement::from_string(
                    b.db.backend(),
                    format!("PRAGMA {pragma}"),
                ))
                .await
                .unwrap()
                .unwrap();
            let got: String = row
                .try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|v| v.to_string()))
                .unwrap();
            assert_eq!(got, want, "PRAGMA {pragma}");
        }
    }
}
