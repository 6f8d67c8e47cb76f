//! The development Ixonomic (`/_dev/ixonomic`, on with `PAYMENT_SIMULATOR`)
//! through the router: every answer reads as the contract's types (the
//! conformance check of `contracts/ixonomic.openapi.yaml`), each client
//! gets its own data, a wrong key is 401, decisions are idempotent by key,
//! the fault switch takes it down; and the portal's use cases, over real
//! HTTP, read it and decide with it.
mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use common::{spawn_with, TestApp};
use domain::{
    clients::{
        self,
        ixonomic::{contract::*, Ixonomic, SIMULATOR_API, SIMULATOR_TOKEN},
        portal,
    },
    entities::user,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::json;

fn call(
    method: &str,
    path: &str,
    token: Option<&str>,
    key: Option<&str>,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("{SIMULATOR_API}{path}"))
        .header("accept", "application/json")
        .header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    req.body(body).unwrap()
}

/// A GET with the simulator's key, read as `T` (the test fails otherwise).
async fn read<T: DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let res = app
        .send(call("GET", path, Some(SIMULATOR_TOKEN), None, None))
        .await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    serde_json::from_str::<Envelope<T>>(&res.body)
        .unwrap_or_else(|e| panic!("{path} is not the contract ({e}): {}", res.body))
        .data
}

fn error_code(body: &str) -> String {
    serde_json::from_str::<ErrorBody>(body)
        .unwrap_or_else(|e| panic!("not the contract's error ({e}): {body}"))
        .error
        .code
}

async fn simulator() -> TestApp {
    spawn_with(&[("PAYMENT_SIMULATOR", "true")]).await
}

#[tokio::test]
async fn every_simulator_answer_reads_as_the_contract() {
    let app = simulator().await;
    let projects: Vec<Project> = read(&app, "/projects?client_id=CL-SIM-1").await;
    assert!(projects.len() >= 2);
    assert!(projects.iter().all(|p| p.client_id == "CL-SIM-1"));
    assert!(projects
        .iter()
        .any(|p| p.name == "Redesain Website Toko Batik Sekar"));
    for p in &projects {
        let milestones: Vec<Milestone> =
            read(&app, &format!("/projects/{}/milestones", p.id)).await;
        assert!(!milestones.is_empty());
        assert!(milestones.iter().all(|m| m.project_id == p.id));
        let deliverables: Vec<Deliverable> =
            read(&app, &format!("/projects/{}/deliverables", p.id)).await;
        assert!(deliverables.iter().all(|d| d.project_id == p.id));
        if p.status != ProjectStatus::Completed {
            assert!(
                deliverables
                    .iter()
                    .any(|d| d.status == DeliverableStatus::AwaitingApproval
                        && d.preview_url.is_some()),
                "{} has nothing to approve",
                p.id
            );
        }
    }
    let invoices: Vec<Invoice> = read(&app, "/invoices?client_id=CL-SIM-1").await;
    assert!(invoices.iter().any(|i| i.status == InvoiceStatus::Paid));
    assert!(invoices
        .iter()
        .any(|i| i.status == InvoiceStatus::Unpaid && !i.items.is_empty()));
    for i in &invoices {
        assert_eq!(i.currency, "IDR");
        assert_eq!(i.amount, i.items.iter().map(|x| x.total).sum::<i64>());
    }
    assert!(invoices.iter().any(|i| i.amount == 12_500_000));

    // The same client, the same data; another client, other ids.
    let again: Vec<Project> = read(&app, "/projects?client_id=CL-SIM-1").await;
    assert_eq!(again, projects);
    let other: Vec<Project> = read(&app, "/projects?client_id=CL-SIM-2").await;
    assert!(other.iter().all(|o| projects.iter().all(|p| p.id != o.id)));
    let other_invoices: Vec<Invoice> = read(&app, "/invoices?client_id=CL-SIM-2").await;
    assert!(other_invoices
        .iter()
        .all(|o| invoices.iter().all(|i| i.id != o.id)));

    // Errors are the contract's too.
    for token in [None, Some("ixn_salah")] {
        let res = app
            .send(call(
                "GET",
                "/projects?client_id=CL-SIM-1",
                token,
                None,
                None,
            ))
            .await;
        assert_eq!(res.status, 401);
        assert_eq!(error_code(&res.body), "unauthorized");
    }
    let res = app
        .send(call(
            "GET",
            "/projects/PRJ-tidakada-1/milestones",
            Some(SIMULATOR_TOKEN),
            None,
            None,
        ))
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(error_code(&res.body), "not_found");
    let res = app
        .send(call("GET", "/invoices", Some(SIMULATOR_TOKEN), None, None))
        .await;
    assert_eq!(res.status, 422);
    error_code(&res.body);
}

#[tokio::test]
async fn decisions_are_idempotent_by_key() {
    let app = simulator().await;
    let projects: Vec<Project> = read(&app, "/projects?client_id=CL-SIM-3").await;
    let p = &projects[0];
    let deliverables: Vec<Deliverable> =
        read(&app, &format!("/projects/{}/deliverables", p.id)).await;
    let waiting = deliverables
        .iter()
        .find(|d| d.status == DeliverableStatus::AwaitingApproval)
        .unwrap();
    let decision = |kind: DecisionKind, comment: Option<&str>| {
        serde_json::to_value(DecisionRequest {
            client_id: "CL-SIM-3".into(),
            deliverable_id: waiting.id.clone(),
            decision: kind,
            comment: comment.map(str::to_owned),
        })
        .unwrap()
    };
    let path = format!("/projects/{}/approve", p.id);
    let post = |key: Option<&str>, body: serde_json::Value| {
        call("POST", &path, Some(SIMULATOR_TOKEN), key, Some(body))
    };

    let res = app
        .send(post(None, decision(DecisionKind::Approve, None)))
        .await;
    assert_eq!(
        (res.status, error_code(&res.body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request")
    );
    let res = app
        .send(post(
            Some("kunci-simulator-01"),
            decision(DecisionKind::RequestChanges, None),
        ))
        .await;
    assert_eq!(res.status, 422);
    error_code(&res.body);
    let res = app
        .send(post(
            Some("kunci-simulator-02"),
            json!({"decision": "maybe"}),
        ))
        .await;
    assert_eq!(res.status, 422);

    let first = app
        .send(post(
            Some("kunci-simulator-03"),
            decision(DecisionKind::Approve, None),
        ))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let decided = serde_json::from_str::<Envelope<Deliverable>>(&first.body)
        .unwrap()
        .data;
    assert_eq!(decided.status, DeliverableStatus::Approved);
    assert!(decided.decided_at.is_some());
    // The same key: the same answer, nothing decided again.
    let again = app
        .send(post(
            Some("kunci-simulator-03"),
            decision(DecisionKind::Approve, None),
        ))
        .await;
    assert_eq!(
        (again.status, again.body.as_str()),
        (first.status, first.body.as_str())
    );
    // Another key: it no longer waits.
    let late = app
        .send(post(
            Some("kunci-simulator-04"),
            decision(DecisionKind::Approve, None),
        ))
        .await;
    assert_eq!(late.status, 409);
    assert_eq!(error_code(&late.body), "not_awaiting_approval");
    let now: Vec<Deliverable> = read(&app, &format!("/projects/{}/deliverables", p.id)).await;
    assert!(now.contains(&decided));

    // Another client cannot decide on this project.
    let mut theirs = decision(DecisionKind::Approve, None);
    theirs["client_id"] = json!("CL-SIM-4");
    let res = app.send(post(Some("kunci-simulator-05"), theirs)).await;
    assert_eq!(res.status, 404);
    error_code(&res.body);
}

#[tokio::test]
async fn the_fault_switch_takes_it_down_and_up() {
    let app = simulator().await;
    let fault = |mode: &str| {
        Request::builder()
            .method("POST")
            .uri(format!("{SIMULATOR_API}/_fault?mode={mode}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(fault("down")).await.status, 200);
    let res = app
        .send(call(
            "GET",
            "/projects?client_id=CL-SIM-5",
            Some(SIMULATOR_TOKEN),
            None,
            None,
        ))
        .await;
    assert_eq!(res.status, 503);
    assert_eq!(error_code(&res.body), "unavailable");
    assert_eq!(app.send(fault("ok")).await.status, 200);
    let _: Vec<Project> = read(&app, "/projects?client_id=CL-SIM-5").await;
    assert_eq!(app.send(fault("rusak")).await.status, 422);
}

#[tokio::test]
async fn the_portal_reads_and_decides_with_the_simulator_over_http() {
    let app = simulator().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = app
        .router
        .clone()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    let ix = Ixonomic::new(
        domain::payments::http_client(),
        format!("http://{addr}{SIMULATOR_API}").parse().unwrap(),
        SecretString::from(SIMULATOR_TOKEN),
    );

    common::verified_member(&app, "klien@example.com").await;
    user::Entity::update_many()
        .col_expr(user::Column::UserType, Expr::value(user::UserType::Client))
        .col_expr(user::Column::IxonomicClientId, Expr::value("CL-PORTAL"))
        .filter(user::Column::Email.eq("klien@example.com"))
        .exec(app.db.writer())
        .await
        .unwrap();
    let id = user::Entity::find()
        .filter(user::Column::Email.eq("klien@example.com"))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    let client = clients::client_of(&app.db, id).await.unwrap();
    let now = chrono::Utc::now();

    let overview = portal::overview(&app.db, &ix, &client, now).await.unwrap();
    assert!(overview.live);
    let o = &overview.data;
    assert_eq!(o.active_projects.len(), 2);
    assert!(!o.next_milestones.is_empty() && o.next_milestones.len() <= portal::NEXT_MILESTONES);
    assert_eq!(o.awaiting_approval.len(), 2);
    assert_eq!(o.unpaid_invoices.len(), 2);

    let (project, waiting) = o.awaiting_approval[0].clone();
    let decided = portal::decide(
        &app.db,
        &ix,
        &client,
        &project.id,
        &waiting.id,
        DecisionKind::RequestChanges,
        Some("Tolong ganti foto utama dengan koleksi baru.".into()),
        "portal-kunci-000001",
        now,
    )
    .await
    .unwrap();
    assert_eq!(decided.status, DeliverableStatus::ChangesRequested);
    let detail = portal::project(&app.db, &ix, &client, &project.id, now)
        .await
        .unwrap();
    assert!(detail.data.deliverables.contains(&decided));
}
