//! The admin's view of background jobs: failed ones listed and retried
//! (audited), and nothing for anyone without an admin session.
mod common;
use common::{admin_session, server_fn_call, spawn};
use domain::{
    entities::job::{self, JobStatus},
    jobs::{self, NewJob},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

#[tokio::test]
async fn failed_jobs_are_listed_and_retried_by_an_admin_only() {
    let app = spawn().await;
    let now = chrono::Utc::now();
    let id = jobs::enqueue_in(app.db.writer(), NewJob::new("mail.send", &()), now)
        .await
        .unwrap()
        .unwrap();
    let mut row: job::ActiveModel = job::Entity::find_by_id(id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .into();
    row.status = Set(JobStatus::Failed);
    row.attempts = Set(6);
    row.last_error = Set(Some("550 mailbox unavailable".into()));
    row.update(app.db.writer()).await.unwrap();

    // Strangers get nothing.
    for path in ["/api/admin/jobs", "/api/admin/jobs/retry"] {
        let body = if path.ends_with("retry") {
            format!("id={id}")
        } else {
            "status=failed".into()
        };
        let res = app.send(server_fn_call(path, None, &body)).await;
        assert_eq!(res.status, 401, "{path}: {}", res.body);
    }

    let admin = admin_session(&app, "ops@tiranyx.test").await;
    let res = app
        .send(server_fn_call(
            "/api/admin/jobs",
            Some(&admin),
            "status=failed",
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let rows: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(rows[0]["id"], id);
    assert_eq!(rows[0]["kind"], "mail.send");
    assert_eq!(rows[0]["last_error"], "550 mailbox unavailable");
    let bad = app
        .send(server_fn_call(
            "/api/admin/jobs",
            Some(&admin),
            "status=semua",
        ))
        .await;
    assert_eq!(bad.status, 404);

    let res = app
        .send(server_fn_call(
            "/api/admin/jobs/retry",
            Some(&admin),
            &format!("id={id}"),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let j = job::Entity::find_by_id(id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((j.status, j.attempts), (JobStatus::Pending, 0));
    let audit = domain::entities::audit_entry::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "job.retry" && a.actor == "ops@tiranyx.test"));
    // Retrying what is not failed is a 404, not a 500.
    let again = app
        .send(server_fn_call(
            "/api/admin/jobs/retry",
            Some(&admin),
            &format!("id={id}"),
        ))
        .await;
    assert_eq!(again.status, 404);
}
