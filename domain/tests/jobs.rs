//! The durable job runner on SQLite and (in CI) PostgreSQL: claiming under a
//! lease, owner-checked completion, backoff, failure and retry, periodic
//! rows, shutdown, and concurrent runners that never run a job twice.
use chrono::{DateTime, Duration, Utc};
use domain::{
    audit::Actor,
    entities::{
        audit_entry,
        job::{self, JobStatus},
    },
    jobs::{self, JobRun, NewJob, Runner},
    Database, DomainError,
};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

mod common;
use common::backends;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap()
}

async fn get(db: &Database, id: i32) -> job::Model {
    job::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn add(db: &Database, job: NewJob, t: DateTime<Utc>) -> i32 {
    jobs::enqueue_in(db.writer(), job, t)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn claim_complete_fail_and_retry_on_every_backend() {
    for b in backends().await {
        let (db, n) = (&b.db, b.name);
        let t = now();
        let due = add(db, NewJob::new("test.a", &1), t).await;
        let later = add(
            db,
            NewJob::new("test.a", &2).after(t + Duration::hours(1)),
            t,
        )
        .await;

        let got = jobs::claim(db, "r1", t, Duration::minutes(5), 10)
            .await
            .unwrap();
        assert_eq!(got.iter().map(|j| j.id).collect::<Vec<_>>(), [due], "{n}");
        let j = &got[0];
        assert_eq!(j.status, JobStatus::Running);
        assert_eq!(j.attempts, 1);
        assert_eq!(j.locked_by.as_deref(), Some("r1"));
        assert_eq!(j.locked_until, Some(t + Duration::minutes(5)));
        // Held: nobody else gets it.
        assert!(jobs::claim(db, "r2", t, Duration::minutes(5), 10)
            .await
            .unwrap()
            .is_empty());
        // Only the holder completes it.
        assert!(!jobs::complete(db, j, "r2", t).await.unwrap(), "{n}");
        assert!(jobs::complete(db, j, "r1", t).await.unwrap(), "{n}");
        let done = get(db, due).await;
        assert_eq!((done.status, done.finished_at), (JobStatus::Done, Some(t)));
        assert_eq!(done.locked_by, None);
        assert_eq!(get(db, later).await.status, JobStatus::Pending);

        // Failures back off, then fail for good; an admin retries.
        let flaky = add(db, NewJob::new("test.b", &()).max_attempts(2), t).await;
        let j = jobs::claim(db, "r1", t, Duration::minutes(5), 1)
            .await
            .unwrap();
        assert_eq!(j[0].id, flaky);
        assert!(jobs::fail(db, &j[0], "r1", &"é".repeat(900), t)
            .await
            .unwrap());
        let r = get(db, flaky).await;
        assert_eq!(
            (r.status, r.run_after),
            (JobStatus::Pending, t + Duration::minutes(1))
        );
        assert_eq!(r.last_error.unwrap().chars().count(), jobs::MAX_ERROR_CHARS);
        let t2 = t + Duration::minutes(1);
        let j = jobs::claim(db, "r1", t2, Duration::minutes(5), 1)
            .await
            .unwrap();
        assert_eq!(j[0].attempts, 2, "{n}");
        assert!(jobs::fail(db, &j[0], "r1", "550 ditolak", t2)
            .await
            .unwrap());
        let r = get(db, flaky).await;
        assert_eq!(r.status, JobStatus::Failed, "{n}");
        assert_eq!(r.finished_at, Some(t2));
        assert!(
            jobs::claim(db, "r1", t2 + Duration::days(9), Duration::minutes(5), 10)
                .await
                .unwrap()
                .iter()
                .all(|j| j.id != flaky)
        );
        assert_eq!(
            jobs::list(db, JobStatus::Failed, 10).await.unwrap()[0].id,
            flaky
        );

        let admin = Actor::system("test-admin");
        jobs::retry(db, &admin, flaky, t2).await.unwrap();
        let r = get(db, flaky).await;
        assert_eq!(
            (r.status, r.attempts, r.run_after),
            (JobStatus::Pending, 0, t2)
        );
        assert_eq!(
            audit_entry::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            1
        );
        // Only failed jobs can be retried.
        assert!(matches!(
            jobs::retry(db, &admin, flaky, t2).await,
            Err(DomainError::NotFound)
        ));
    }
}

#[tokio::test]
async fn dedupe_keys_and_rolled_back_enqueues() {
    for b in backends().await {
        let (db, n) = (&b.db, b.name);
        let t = now();
        let first = jobs::enqueue_in(db.writer(), NewJob::new("k", &()).dedupe("x:1"), t)
            .await
            .unwrap();
        assert!(first.is_some(), "{n}");
        let again = jobs::enqueue_in(db.writer(), NewJob::new("k", &()).dedupe("x:1"), t)
            .await
            .unwrap();
        assert_eq!(again, None, "{n}");

        let txn = db.writer().begin().await.unwrap();
        jobs::enqueue_in(&txn, NewJob::new("k", &()), t)
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        assert_eq!(
            job::Entity::find().count(db.reader()).await.unwrap(),
            1,
            "{n}"
        );
    }
}

#[tokio::test]
async fn a_job_whose_runner_died_is_taken_again_after_its_lease() {
    for b in backends().await {
        let (db, n) = (&b.db, b.name);
        let t = now();
        let id = add(db, NewJob::new("test.c", &()), t).await;
        let lease = Duration::minutes(1);
        let a = jobs::claim(db, "dead", t, lease, 10).await.unwrap();
        assert_eq!(a.len(), 1);
        // Still leased.
        let early = t + Duration::seconds(59);
        assert!(jobs::claim(db, "alive", early, lease, 10)
            .await
            .unwrap()
            .is_empty());
        let after = t + Duration::seconds(61);
        let b2 = jobs::claim(db, "alive", after, lease, 10).await.unwrap();
        assert_eq!(
            b2.iter().map(|j| (j.id, j.attempts)).collect::<Vec<_>>(),
            [(id, 2)]
        );
        // The dead runner's late answer changes nothing.
        assert!(
            !jobs::complete(db, &a[0], "dead", after).await.unwrap(),
            "{n}"
        );
        assert!(!jobs::fail(db, &a[0], "dead", "late", after).await.unwrap());
        assert_eq!(get(db, id).await.locked_by.as_deref(), Some("alive"));
        assert!(jobs::complete(db, &b2[0], "alive", after).await.unwrap());
    }
}

/// Runs every due job with `runners` runners at once until none is left;
/// returns how often each job ran.
async fn drain_concurrently(db: &Database, runners: usize) -> HashMap<i32, usize> {
    let seen: Arc<Mutex<HashMap<i32, usize>>> = Arc::default();
    let mut tasks = Vec::new();
    for _ in 0..runners {
        let seen = seen.clone();
        let runner = Runner::new(db.clone()).handle("test.count", move |run: JobRun| {
            let seen = seen.clone();
            async move {
                *seen.lock().unwrap().entry(run.id).or_default() += 1;
                tokio::task::yield_now().await;
                Ok(())
            }
        });
        tasks.push(tokio::spawn(async move {
            while runner.run_due(None).await.unwrap() > 0 {}
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let seen = seen.lock().unwrap().clone();
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_runners_never_run_a_job_twice() {
    for b in backends().await {
        let (db, n) = (&b.db, b.name);
        let t = Utc::now() - Duration::seconds(1);
        for i in 0..150 {
            add(db, NewJob::new("test.count", &i), t).await;
        }
        let seen = drain_concurrently(db, 4).await;
        assert_eq!(seen.len(), 150, "{n}: every job ran");
        assert!(
            seen.values().all(|&c| c == 1),
            "{n}: a job ran twice: {seen:?}"
        );
        let done = job::Entity::find().all(db.reader()).await.unwrap();
        assert!(done
            .iter()
            .all(|j| j.status == JobStatus::Done && j.attempts == 1));
    }
}

#[tokio::test]
async fn periodic_jobs_run_once_per_period_whatever_the_number_of_runners() {
    for b in backends().await {
        let (db, n) = (&b.db, b.name);
        let t0 = now();
        let clock = Arc::new(Mutex::new(t0));
        let runs = Arc::new(Mutex::new(0));
        let make = || {
            let (clock, runs) = (clock.clone(), runs.clone());
            Runner::new(db.clone())
                .every("test.tick", Duration::minutes(1), move |_| {
                    let runs = runs.clone();
                    async move {
                        *runs.lock().unwrap() += 1;
                        Ok(())
                    }
                })
                .clock(move || *clock.lock().unwrap())
        };
        let (a, b2) = (make(), make());
        a.install_periodic().await.unwrap();
        b2.install_periodic().await.unwrap();
        assert_eq!(
            job::Entity::find().count(db.reader()).await.unwrap(),
            1,
            "{n}"
        );

        a.run_due(None).await.unwrap();
        b2.run_due(None).await.unwrap();
        assert_eq!(*runs.lock().unwrap(), 1, "{n}");
        *clock.lock().unwrap() = t0 + Duration::seconds(30);
        b2.run_due(None).await.unwrap();
        assert_eq!(*runs.lock().unwrap(), 1, "{n}");
        *clock.lock().unwrap() = t0 + Duration::seconds(61);
        b2.run_due(None).await.unwrap();
        a.run_due(None).await.unwrap();
        assert_eq!(*runs.lock().unwrap(), 2, "{n}");
        let row = job::Entity::find().one(db.reader()).await.unwrap().unwrap();
        assert_eq!((row.status, row.attempts), (JobStatus::Pending, 0));
        assert_eq!(row.run_after, t0 + Duration::seconds(121));
    }
}

#[tokio::test]
async fn a_stopping_runner_gives_back_what_it_has_not_started() {
    for b in backends().await {
        let (db, n) = (&b.db, b.name);
        let t = now();
        for i in 0..3 {
            add(db, NewJob::new("test.count", &i), t).await;
        }
        let runner = Runner::new(db.clone())
            .handle("test.count", |_| async { Ok(()) })
            .clock(move || t);
        let (_stop, stopped) = tokio::sync::watch::channel(true);
        assert_eq!(runner.run_due(Some(&stopped)).await.unwrap(), 0, "{n}");
        let rows = job::Entity::find().all(db.reader()).await.unwrap();
        assert!(rows
            .iter()
            .all(|j| j.status == JobStatus::Pending && j.attempts == 0 && j.locked_by.is_none()));
    }
}

#[tokio::test]
async fn a_panicking_or_unknown_job_fails_without_stopping_the_runner() {
    let b = common::sqlite().await;
    let db = &b.db;
    let t = now();
    let boom = add(db, NewJob::new("test.boom", &()), t).await;
    let unknown = add(db, NewJob::new("test.nobody", &()), t).await;
    let fine = add(db, NewJob::new("test.fine", &()), t).await;
    let runner = Runner::new(db.clone())
        .handle("test.boom", |_| async { panic!("handler bug") })
        .handle("test.fine", |_| async { Ok(()) })
        .clock(move || t);
    assert_eq!(runner.run_due(None).await.unwrap(), 3);
    let boom = get(db, boom).await;
    assert_eq!(boom.status, JobStatus::Pending);
    assert_eq!(boom.last_error.as_deref(), Some("the handler panicked"));
    assert!(get(db, unknown)
        .await
        .last_error
        .unwrap()
        .contains("no handler"));
    assert_eq!(get(db, fine).await.status, JobStatus::Done);
}
