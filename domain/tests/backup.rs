//! Backups: a copy taken while writes go on holds every write acknowledged
//! before it began, and restores into a new database; restore refuses a
//! database holding data unless forced, and anything not a backup; the
//! daily backup runs once per Jakarta day from 02:00 with the files, and
//! keeps its days. PostgreSQL is left to its own tools.
mod common;

use chrono::{TimeZone, Utc};
use domain::{backup, backup::BackupError, Database};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::{
    atomic::{AtomicBool, AtomicU64, Ordering},
    Arc,
};

async fn views(db: &Database) -> Vec<String> {
    db.reader()
        .query_all_raw(Statement::from_string(
            db.backend(),
            "SELECT path FROM page_views_daily ORDER BY path",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "path").unwrap())
        .collect()
}

#[tokio::test]
async fn a_backup_under_load_restores_every_acknowledged_write() {
    let b = common::sqlite().await;
    let db = b.db.clone();
    let acked = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, acked, stop) = (db.clone(), acked.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::SeqCst) {
                let sql = format!(
                    "INSERT INTO page_views_daily (day, path, views) VALUES ('2026-12-01', '/w/{n:06}', 1)"
                );
                db.writer().execute_unprepared(&sql).await.unwrap();
                n += 1;
                acked.store(n, Ordering::SeqCst);
                tokio::task::yield_now().await;
            }
        })
    };
    while acked.load(Ordering::SeqCst) < 200 {
        tokio::task::yield_now().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("salinan.sqlite");
    let before = acked.load(Ordering::SeqCst);
    backup::backup(&db, &file).await.unwrap();
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(matches!(
        backup::backup(&db, &file).await,
        Err(BackupError::Exists(_))
    ));

    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("pulih.db").display()
    );
    backup::restore(&file, &url, &[], false).await.unwrap();
    let restored = Database::connect(&url).await.unwrap();
    let paths = views(&restored).await;
    for n in 0..before {
        assert!(
            paths.binary_search(&format!("/w/{n:06}")).is_ok(),
            "acknowledged write {n} of {before} missing"
        );
    }
    assert_eq!(restored.pending_migrations().await.unwrap(), 0);
}

#[tokio::test]
async fn restore_refuses_data_and_what_is_not_a_backup() {
    let b = common::sqlite().await;
    common::member(&b.db, "ada@example.id").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.sqlite");
    backup::backup(&b.db, &file).await.unwrap();

    // A database that holds a member is not overwritten unasked.
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("live.db").display());
    backup::restore(&file, &url, &[], false).await.unwrap();
    assert!(matches!(
        backup::restore(&file, &url, &[], false).await,
        Err(BackupError::NotEmpty)
    ));
    backup::restore(&file, &url, &[], true).await.unwrap();

    let junk = dir.path().join("bukan.sqlite");
    std::fs::write(&junk, "bukan cadangan").unwrap();
    assert!(matches!(
        backup::restore(&junk, &url, &[], true).await,
        Err(BackupError::NotABackup(_))
    ));
    assert!(matches!(
        backup::restore(&file, "postgres://x@127.0.0.1/y", &[], true).await,
        Err(BackupError::NotSqliteTarget)
    ));
}

#[tokio::test]
async fn the_daily_backup_runs_once_a_day_with_the_files_and_keeps_its_days() {
    let b = common::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let uploads = dir.path().join("uploads");
    std::fs::create_dir_all(uploads.join("media")).unwrap();
    std::fs::write(uploads.join("media/foto.webp"), b"RIFF").unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(backups.join("tiranyx-2026-10-01")).unwrap();
    let folders = [("uploads", uploads.as_path())];
    let wib = |h| {
        domain::jakarta::offset()
            .with_ymd_and_hms(2026, 12, 1, h, 30, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    // 01:30 WIB: not yet.
    let none = backup::daily(&b.db, &backups, &folders, 30, wib(1))
        .await
        .unwrap();
    assert_eq!(none, None);
    let written = backup::daily(&b.db, &backups, &folders, 30, wib(3))
        .await
        .unwrap()
        .unwrap();
    assert!(written.ends_with("tiranyx-2026-12-01"));
    assert!(written.join(backup::DB_FILE).is_file());
    assert_eq!(
        std::fs::read(written.join("files/uploads/media/foto.webp")).unwrap(),
        b"RIFF"
    );
    // Later the same day: nothing more; the October folder is gone.
    let again = backup::daily(&b.db, &backups, &folders, 30, wib(9))
        .await
        .unwrap();
    assert_eq!(again, None);
    assert!(!backups.join("tiranyx-2026-10-01").exists());

    // Restoring the folder brings the files back too.
    let restored_uploads = dir.path().join("pulih-uploads");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("pulih.db").display()
    );
    backup::restore(
        &written,
        &url,
        &[("uploads", restored_uploads.as_path())],
        false,
    )
    .await
    .unwrap();
    assert!(restored_uploads.join("media/foto.webp").is_file());
}

#[tokio::test]
async fn postgres_is_left_to_its_own_tools() {
    let Some(b) = common::postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        backup::backup(&b.db, &dir.path().join("x")).await,
        Err(BackupError::Postgres)
    ));
    let none = backup::daily(&b.db, dir.path(), &[], 30, Utc::now())
        .await
        .unwrap();
    assert_eq!(none, None);
}
