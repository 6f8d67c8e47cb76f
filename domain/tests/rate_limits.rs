//! Rate limits counted in the database, on SQLite and PostgreSQL: the
//! budget is exact under concurrent hits (on PostgreSQL over many
//! connections, as from several instances), a window's hits weigh on the next as it slides, another key
//! is not affected, and old counts are purged.
mod common;

use chrono::{Duration, TimeZone, Utc};
use domain::{rate_limits, Database};

/// A whole minute (30 000 000 minutes after the epoch): the start of a
/// window, so the previous one weighs nothing.
const WINDOW_START_MS: i64 = 1_800_000_000_000;

#[tokio::test]
async fn concurrent_hits_from_several_instances_spend_one_budget() {
    for b in common::backends().await {
        // At the start of a window, so the previous one weighs nothing.
        let start = Utc.timestamp_millis_opt(WINDOW_START_MS).unwrap();
        let mut hits = tokio::task::JoinSet::new();
        for _ in 0..20 {
            // On PostgreSQL each hit may take another of the pool's
            // connections, as hits on different instances would.
            let db: Database = b.db.clone();
            hits.spawn(async move {
                rate_limits::hit(&db, "login:203.0.113.9", 5, Duration::minutes(1), start)
                    .await
                    .unwrap()
            });
        }
        let mut allowed = 0;
        while let Some(v) = hits.join_next().await {
            if v.unwrap().is_ok() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 5, "{}", b.name);
        // Another client has its own budget.
        let other_ip =
            rate_limits::hit(&b.db, "login:203.0.113.10", 5, Duration::minutes(1), start)
                .await
                .unwrap();
        assert!(other_ip.is_ok(), "{}", b.name);
        // The refusal says how long to wait: to the end of the window.
        let wait = rate_limits::hit(&b.db, "login:203.0.113.9", 5, Duration::minutes(1), start)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(wait.as_secs(), 60, "{}", b.name);
    }
}

#[tokio::test]
async fn the_window_slides_and_old_counts_are_purged() {
    for b in common::backends().await {
        let db = &b.db;
        let minute = Duration::minutes(1);
        let start = Utc.timestamp_millis_opt(WINDOW_START_MS).unwrap();
        for _ in 0..4 {
            assert!(rate_limits::hit(db, "k", 4, minute, start)
                .await
                .unwrap()
                .is_ok());
        }
        // A quarter into the next window three quarters of the last one's
        // 4 hits still count (3): one more is allowed, a second is not.
        let later = start + Duration::seconds(75);
        assert!(rate_limits::hit(db, "k", 4, minute, later)
            .await
            .unwrap()
            .is_ok());
        assert!(rate_limits::hit(db, "k", 4, minute, later)
            .await
            .unwrap()
            .is_err());
        // Two windows on, the budget is whole again.
        let fresh = start + Duration::minutes(3);
        assert!(rate_limits::hit(db, "k", 4, minute, fresh)
            .await
            .unwrap()
            .is_ok());

        let purged = rate_limits::purge(db, start + rate_limits::KEEP + Duration::minutes(2))
            .await
            .unwrap();
        assert_eq!(purged, 2, "{}: the first two windows", b.name);
    }
}
