//! The client portal against a wiremock Ixonomic answering as
//! `contracts/ixonomic.openapi.yaml` says, on SQLite and PostgreSQL: good
//! answers fill the snapshot; a timeout, a 5xx, malformed JSON, a refused
//! key or no connection give it back (not live); nothing stored and
//! Ixonomic down is IxonomicUnavailable; GETs are retried, the POST never;
//! the breaker stops calling; another client's project is never asked
//! for; a decision's idempotency key decides once.
mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::{
    clients::{
        self,
        ixonomic::{
            contract::{
                DecisionKind, Deliverable, DeliverableStatus, Invoice, InvoiceItem, InvoiceStatus,
                Milestone, MilestoneStatus, Project, ProjectStatus,
            },
            snapshot, Ixonomic, Policy,
        },
        portal::{self, Fresh},
        ClientAccount,
    },
    entities::{audit_entry, ixonomic_approval, ixonomic_approval::ApprovalState, user},
    Database, DomainError, Refusal,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration as StdDuration;
use wiremock::{
    matchers::{header, method, path, query_param},
    Mock, MockServer, ResponseTemplate,
};

const KEY: &str = "kunci-idempoten-0001";

/// Short timeouts and waits; three failures open the breaker.
fn ix(server: &MockServer) -> Ixonomic {
    ix_at(&server.uri())
}

fn ix_at(url: &str) -> Ixonomic {
    Ixonomic::new(
        domain::payments::http_client(),
        url.parse().unwrap(),
        SecretString::from("ixn_uji"),
    )
    .with_policy(Policy {
        timeout: StdDuration::from_millis(300),
        backoff: vec![StdDuration::from_millis(10), StdDuration::from_millis(20)],
        breaker_threshold: 3,
        breaker_cooldown: StdDuration::from_secs(60),
    })
}

/// A whole second, so both databases give it back exactly.
fn t0() -> DateTime<Utc> {
    Utc.timestamp_opt(Utc::now().timestamp(), 0).unwrap()
}

fn day(d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 12, d)
}

/// A member made an agency client with Ixonomic id `ixn_id`.
async fn client(db: &Database, email: &str, ixn_id: &str) -> ClientAccount {
    let id = common::member(db, email).await;
    user::Entity::update_many()
        .col_expr(user::Column::UserType, Expr::value(user::UserType::Client))
        .col_expr(user::Column::IxonomicClientId, Expr::value(ixn_id))
        .filter(user::Column::Id.eq(id))
        .exec(db.writer())
        .await
        .unwrap();
    clients::client_of(db, id).await.unwrap()
}

fn project(client_id: &str, id: &str, status: ProjectStatus) -> Project {
    Project {
        id: id.into(),
        client_id: client_id.into(),
        name: "Redesain Website Toko Batik Sekar".into(),
        status,
        summary: "Desain ulang toko daring".into(),
        started_on: day(1),
        due_on: day(20),
        progress_percent: 40,
        updated_at: Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap(),
    }
}

fn milestone(project_id: &str, id: &str, due: u32, status: MilestoneStatus) -> Milestone {
    Milestone {
        id: id.into(),
        project_id: project_id.into(),
        title: format!("Tahap {id}"),
        status,
        due_on: day(due),
        completed_at: None,
    }
}

fn deliverable(project_id: &str, id: &str, status: DeliverableStatus) -> Deliverable {
    Deliverable {
        id: id.into(),
        project_id: project_id.into(),
        title: "Desain halaman beranda".into(),
        description: "Mockup desktop dan seluler".into(),
        preview_url: Some("https://staging.example/beranda".into()),
        status,
        submitted_at: Some(Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap()),
        decided_at: None,
        client_comment: None,
    }
}

fn invoice(client_id: &str, id: &str, status: InvoiceStatus) -> Invoice {
    Invoice {
        id: id.into(),
        client_id: client_id.into(),
        project_id: None,
        number: format!("IXN/2026/{id}"),
        status,
        currency: "IDR".into(),
        amount: 12_500_000,
        issued_on: day(1).unwrap(),
        due_on: day(15).unwrap(),
        paid_at: None,
        items: vec![InvoiceItem {
            description: "Termin 1".into(),
            quantity: 1,
            unit_price: 12_500_000,
            total: 12_500_000,
        }],
    }
}

fn data<T: serde::Serialize>(value: T) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "data": value }))
}

fn error(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": {"code": code, "message": "pesan"}}))
}

async fn serve_projects(server: &MockServer, client_id: &str, projects: Vec<Project>) {
    Mock::given(method("GET"))
        .and(path("/projects"))
        .and(query_param("client_id", client_id))
        .and(header("authorization", "Bearer ixn_uji"))
        .respond_with(data(projects))
        .mount(server)
        .await;
}

/// Every way an Ixonomic GET fails short of no connection at all.
fn failure_modes(list: &[Project]) -> [(&'static str, ResponseTemplate); 4] {
    [
        (
            "timeout",
            data(list).set_delay(StdDuration::from_millis(800)),
        ),
        ("500", error(500, "internal")),
        (
            "malformed",
            ResponseTemplate::new(200).set_body_string("{\"data\": [{\"id\": 1"),
        ),
        ("401", error(401, "unauthorized")),
    ]
}

/// From now on `GET /projects` answers `answer`.
async fn projects_answer(server: &MockServer, answer: ResponseTemplate) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/projects"))
        .respond_with(answer)
        .mount(server)
        .await;
}

fn refused(e: DomainError) -> Refusal {
    match e {
        DomainError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn good_answers_fill_the_snapshot_and_every_failure_gives_it_back() {
    for b in common::backends().await {
        let db = &b.db;
        let c = client(db, "batik@example.com", "CL-1").await;
        let server = MockServer::start().await;
        let list = vec![project("CL-1", "PRJ-1", ProjectStatus::InProgress)];
        Mock::given(method("GET"))
            .and(path("/projects"))
            .respond_with(data(&list))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let at = t0() - Duration::minutes(10);
        let fresh = portal::projects(db, &ix(&server), &c, at).await.unwrap();
        assert_eq!(
            fresh,
            Fresh {
                data: list.clone(),
                as_of: at,
                live: true
            },
            "{}",
            b.name
        );
        let stored = snapshot::load::<Vec<Project>>(db.reader(), "CL-1", "projects")
            .await
            .unwrap();
        assert_eq!(
            stored.map(|s| (s.data, s.fetched_at)),
            Some((list.clone(), at))
        );

        for (name, answer) in failure_modes(&list) {
            projects_answer(&server, answer).await;
            let fresh = portal::projects(db, &ix(&server), &c, t0()).await.unwrap();
            assert_eq!(
                fresh,
                Fresh {
                    data: list.clone(),
                    as_of: at,
                    live: false
                },
                "{name} on {}",
                b.name
            );
        }
        // Connection refused (nothing listens on port 9).
        let fresh = portal::projects(db, &ix_at("http://127.0.0.1:9"), &c, t0())
            .await
            .unwrap();
        assert!(!fresh.live);
        assert_eq!(fresh.as_of, at);
    }
}

#[tokio::test]
async fn nothing_stored_and_ixonomic_down_is_unavailable() {
    for b in common::backends().await {
        let db = &b.db;
        let c = client(db, "kopi@example.com", "CL-2").await;
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(error(503, "maintenance"))
            .mount(&server)
            .await;
        let e = portal::invoices(db, &ix(&server), &c, t0())
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::IxonomicUnavailable, "{}", b.name);
        let e = portal::overview(db, &ix_at("http://127.0.0.1:9"), &c, t0())
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::IxonomicUnavailable);
    }
}

#[tokio::test]
async fn gets_are_retried_then_succeed() {
    let b = common::sqlite().await;
    let c = client(&b.db, "kasir@example.com", "CL-3").await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/invoices"))
        .respond_with(error(502, "bad_gateway"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    let list = vec![invoice("CL-3", "INV-1", InvoiceStatus::Unpaid)];
    Mock::given(method("GET"))
        .and(path("/invoices"))
        .respond_with(data(&list))
        // This call's third try, and the invoice page's call below.
        .expect(2)
        .mount(&server)
        .await;
    let fresh = portal::invoices(&b.db, &ix(&server), &c, t0())
        .await
        .unwrap();
    assert!(fresh.live);
    assert_eq!(fresh.data, list);
    let one = portal::invoice(&b.db, &ix(&server), &c, "INV-1", t0()).await;
    assert_eq!(one.unwrap().data, list[0]);
}

#[tokio::test]
async fn the_breaker_opens_and_then_nothing_is_asked() {
    let b = common::sqlite().await;
    let c = client(&b.db, "seo@example.com", "CL-4").await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects"))
        .respond_with(error(500, "internal"))
        .expect(3)
        .mount(&server)
        .await;
    let ix = ix(&server);
    // One call and its two retries: three failures open the breaker.
    let e = portal::projects(&b.db, &ix, &c, t0()).await.unwrap_err();
    assert_eq!(refused(e), Refusal::IxonomicUnavailable);
    assert!(ix.breaker_open());
    server.verify().await;
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(data(Vec::<Invoice>::new()))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(error(500, "internal"))
        .expect(0)
        .mount(&server)
        .await;
    let e = portal::invoices(&b.db, &ix, &c, t0()).await.unwrap_err();
    assert_eq!(refused(e), Refusal::IxonomicUnavailable);
    // A decision, even with the project list stored, does not go out.
    let list = vec![project("CL-4", "PRJ-4", ProjectStatus::Review)];
    snapshot::store(b.db.writer(), "CL-4", "projects", &list, t0())
        .await
        .unwrap();
    let e = portal::decide(
        &b.db,
        &ix,
        &c,
        "PRJ-4",
        "DLV-1",
        DecisionKind::Approve,
        None,
        KEY,
        t0(),
    )
    .await
    .unwrap_err();
    assert_eq!(refused(e), Refusal::IxonomicUnavailable);
    // A clone shares the breaker.
    assert!(ix.clone().breaker_open());
}

#[tokio::test]
async fn another_clients_project_is_not_found_and_never_asked_for() {
    for b in common::backends().await {
        let db = &b.db;
        let c = client(db, "sekar@example.com", "CL-A").await;
        let server = MockServer::start().await;
        serve_projects(
            &server,
            "CL-A",
            vec![project("CL-A", "PRJ-A-1", ProjectStatus::InProgress)],
        )
        .await;
        Mock::given(method("GET"))
            .and(path("/projects/PRJ-B-1/milestones"))
            .respond_with(data(Vec::<Milestone>::new()))
            .expect(0)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(data(deliverable(
                "PRJ-B-1",
                "DLV-1",
                DeliverableStatus::Approved,
            )))
            .expect(0)
            .mount(&server)
            .await;
        let ix = ix(&server);
        for id in ["PRJ-B-1", "../projects/PRJ-A-1", "", &"P".repeat(65)] {
            let e = portal::project(db, &ix, &c, id, t0()).await.err();
            assert!(
                matches!(e, Some(DomainError::NotFound)),
                "{id:?} on {}: {e:?}",
                b.name
            );
        }
        let e = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-B-1",
            "DLV-1",
            DecisionKind::Approve,
            None,
            KEY,
            t0(),
        )
        .await;
        assert!(matches!(e, Err(DomainError::NotFound)));
        Mock::given(method("GET"))
            .and(path("/invoices"))
            .respond_with(data(vec![invoice("CL-A", "INV-A", InvoiceStatus::Unpaid)]))
            .mount(&server)
            .await;
        let e = portal::invoice(db, &ix, &c, "INV-LAIN", t0()).await.err();
        assert!(matches!(e, Some(DomainError::NotFound)));
        assert!(portal::invoice(db, &ix, &c, "INV-A", t0()).await.is_ok());
        assert_eq!(
            ixonomic_approval::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            0
        );
    }
}

/// Ixonomic's projects, milestones, deliverables and decision for CL-D.
async fn agency(server: &MockServer, decided: ResponseTemplate, posts: impl Into<wiremock::Times>) {
    serve_projects(
        server,
        "CL-D",
        vec![project("CL-D", "PRJ-D", ProjectStatus::Review)],
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-D/milestones"))
        .respond_with(data(vec![milestone(
            "PRJ-D",
            "M1",
            5,
            MilestoneStatus::InProgress,
        )]))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-D/deliverables"))
        .respond_with(data(vec![deliverable(
            "PRJ-D",
            "DLV-1",
            DeliverableStatus::AwaitingApproval,
        )]))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/projects/PRJ-D/approve"))
        .and(header("authorization", "Bearer ixn_uji"))
        .respond_with(decided)
        .expect(posts)
        .mount(server)
        .await;
}

fn approved() -> Deliverable {
    let mut d = deliverable("PRJ-D", "DLV-1", DeliverableStatus::Approved);
    d.decided_at = Some(Utc.with_ymd_and_hms(2026, 12, 1, 4, 0, 0).unwrap());
    d
}

async fn rows(db: &Database, key: &str) -> Vec<ixonomic_approval::Model> {
    ixonomic_approval::Entity::find()
        .filter(ixonomic_approval::Column::IdempotencyKey.eq(key))
        .all(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_same_key_decides_once() {
    for b in common::backends().await {
        let db = &b.db;
        let c = client(db, "putusan@example.com", "CL-D").await;
        let server = MockServer::start().await;
        agency(&server, data(approved()), 1).await;
        let ix = ix(&server);
        // The page's snapshot of the deliverables.
        let page = portal::project(db, &ix, &c, "PRJ-D", t0()).await.unwrap();
        assert!(page.live);
        assert_eq!(
            page.data.deliverables[0].status,
            DeliverableStatus::AwaitingApproval
        );
        for _ in 0..2 {
            let d = portal::decide(
                db,
                &ix,
                &c,
                "PRJ-D",
                "DLV-1",
                DecisionKind::Approve,
                None,
                KEY,
                t0(),
            )
            .await
            .unwrap();
            assert_eq!(d, approved(), "{}", b.name);
        }
        server.verify().await;
        let sent = rows(db, KEY).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].state, ApprovalState::Sent);
        assert!(sent[0].sent_at.is_some());
        let audits = audit_entry::Entity::find()
            .filter(audit_entry::Column::TargetType.eq("ixonomic_approval"))
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(audits.len(), 1);
        assert_eq!(audits[0].actor, "anggota putusan@example.com");
        // The stored deliverables show the decision at once.
        let stored =
            snapshot::load::<Vec<Deliverable>>(db.reader(), "CL-D", "projects/PRJ-D/deliverables")
                .await
                .unwrap()
                .unwrap();
        assert_eq!(stored.data, vec![approved()]);

        // Two clicks at once: one row; whatever reaches Ixonomic carries
        // the one key (it answers a repeated key with its first answer).
        let key2 = "kunci-idempoten-0002";
        let server = MockServer::start().await;
        agency(&server, data(approved()), 1..=2).await;
        let ix = self::ix(&server);
        let one = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-1",
            DecisionKind::Approve,
            None,
            key2,
            t0(),
        );
        let two = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-1",
            DecisionKind::Approve,
            None,
            key2,
            t0(),
        );
        let (one, two) = tokio::join!(one, two);
        assert_eq!((one.unwrap(), two.unwrap()), (approved(), approved()));
        assert_eq!(rows(db, key2).await.len(), 1);
        let posts: Vec<_> = server
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.method.as_str() == "POST")
            .collect();
        assert!(!posts.is_empty());
        assert!(posts
            .iter()
            .all(|r| r.headers.get("idempotency-key").unwrap() == key2));
        // The same key for another decision is a conflict, not a decision.
        let e = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-2",
            DecisionKind::Approve,
            None,
            key2,
            t0(),
        )
        .await;
        assert!(matches!(
            e,
            Err(DomainError::Conflict {
                field: "idempotency_key"
            })
        ));
    }
}

#[tokio::test]
async fn the_post_is_never_retried_and_its_row_waits_for_the_same_key() {
    for b in common::backends().await {
        let db = &b.db;
        let c = client(db, "retry@example.com", "CL-D").await;
        let server = MockServer::start().await;
        agency(&server, error(503, "unavailable"), 1).await;
        let ix = ix(&server);
        let e = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-1",
            DecisionKind::Approve,
            None,
            KEY,
            t0(),
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e), Refusal::IxonomicUnavailable, "{}", b.name);
        server.verify().await;
        assert_eq!(rows(db, KEY).await[0].state, ApprovalState::Pending);
        // The person clicks again: the same key goes out once more.
        server.reset().await;
        agency(&server, data(approved()), 1).await;
        let d = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-1",
            DecisionKind::Approve,
            None,
            KEY,
            t0(),
        )
        .await;
        assert_eq!(d.unwrap(), approved());
        let sent = rows(db, KEY).await;
        assert_eq!((sent.len(), sent[0].state), (1, ApprovalState::Sent));
    }
}

#[tokio::test]
async fn changes_need_a_comment_and_a_decided_deliverable_is_not_awaiting() {
    for b in common::backends().await {
        let db = &b.db;
        let c = client(db, "revisi@example.com", "CL-D").await;
        let server = MockServer::start().await;
        agency(&server, error(409, "not_awaiting_approval"), 1).await;
        let ix = ix(&server);
        for comment in [
            None,
            Some("  ".to_owned()),
            Some("ok".to_owned()),
            Some("x".repeat(2001)),
        ] {
            let e = portal::decide(
                db,
                &ix,
                &c,
                "PRJ-D",
                "DLV-1",
                DecisionKind::RequestChanges,
                comment,
                KEY,
                t0(),
            )
            .await
            .unwrap_err();
            assert!(
                e.fields().is_some_and(|f| f.get("comment").is_some()),
                "{e:?} on {}",
                b.name
            );
        }
        let e = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-1",
            DecisionKind::Approve,
            None,
            "pendek",
            t0(),
        )
        .await
        .unwrap_err();
        assert!(e
            .fields()
            .is_some_and(|f| f.get("idempotency_key").is_some()));
        assert_eq!(
            ixonomic_approval::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            0
        );

        let comment = Some("Warna logo terlalu gelap, mohon dicerahkan.".to_owned());
        let e = portal::decide(
            db,
            &ix,
            &c,
            "PRJ-D",
            "DLV-1",
            DecisionKind::RequestChanges,
            comment,
            KEY,
            t0(),
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e), Refusal::DeliverableNotAwaiting);
        server.verify().await;
        let posted = &server.received_requests().await.unwrap();
        let post = posted.iter().find(|r| r.method.as_str() == "POST").unwrap();
        let body: serde_json::Value = post.body_json().unwrap();
        assert_eq!(body["decision"], "request_changes");
        assert_eq!(body["client_id"], "CL-D");
        assert_eq!(post.headers.get("idempotency-key").unwrap(), KEY);
    }
}

#[tokio::test]
async fn the_overview_gathers_every_project() {
    let b = common::sqlite().await;
    let c = client(&b.db, "ringkas@example.com", "CL-O").await;
    let server = MockServer::start().await;
    serve_projects(
        &server,
        "CL-O",
        vec![
            project("CL-O", "PRJ-1", ProjectStatus::InProgress),
            project("CL-O", "PRJ-2", ProjectStatus::Completed),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-1/milestones"))
        .respond_with(data(vec![
            milestone("PRJ-1", "M3", 25, MilestoneStatus::Pending),
            milestone("PRJ-1", "M1", 2, MilestoneStatus::Done),
            milestone("PRJ-1", "M2", 10, MilestoneStatus::InProgress),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-1/deliverables"))
        .respond_with(data(vec![
            deliverable("PRJ-1", "D1", DeliverableStatus::AwaitingApproval),
            deliverable("PRJ-1", "D2", DeliverableStatus::Approved),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-2/milestones"))
        .respond_with(data(Vec::<Milestone>::new()))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/invoices"))
        .respond_with(data(vec![
            invoice("CL-O", "INV-1", InvoiceStatus::Unpaid),
            invoice("CL-O", "INV-2", InvoiceStatus::Paid),
        ]))
        .mount(&server)
        .await;
    let now = t0();
    let o = portal::overview(&b.db, &ix(&server), &c, now)
        .await
        .unwrap();
    assert!(o.live);
    assert_eq!(o.as_of, now);
    let o = o.data;
    assert_eq!(o.active_projects.len(), 1);
    let next: Vec<_> = o
        .next_milestones
        .iter()
        .map(|(_, m)| m.id.as_str())
        .collect();
    assert_eq!(next, ["M2", "M3"]);
    assert_eq!(o.awaiting_approval.len(), 1);
    assert_eq!(o.awaiting_approval[0].1.id, "D1");
    assert_eq!(o.unpaid_invoices.len(), 1);
    // Later, Ixonomic down: the same overview, from the snapshots.
    let later = now + Duration::hours(1);
    let stale = portal::overview(&b.db, &ix_at("http://127.0.0.1:9"), &c, later)
        .await
        .unwrap();
    assert!(!stale.live);
    assert_eq!(stale.as_of, now);
    assert_eq!(stale.data.awaiting_approval.len(), 1);
}

#[test]
fn the_contract_names_the_five_paths() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../contracts/ixonomic.openapi.yaml"
    );
    let yaml = std::fs::read_to_string(file).unwrap();
    assert!(yaml.lines().any(|l| l.trim() == "openapi: 3.1.0"));
    for p in [
        "/projects",
        "/projects/{id}/milestones",
        "/projects/{id}/deliverables",
        "/projects/{id}/approve",
        "/invoices",
    ] {
        assert!(yaml.lines().any(|l| l == format!("  {p}:")), "{p} missing");
    }
    for needle in [
        "Idempotency-Key",
        "not_awaiting_approval",
        "scheme: bearer",
        "\"409\"",
        "\"422\"",
        "\"401\"",
        "\"404\"",
    ] {
        assert!(yaml.contains(needle), "{needle} missing");
    }
}

/// The deliverables page asks for the project list once, then each
/// project's parts; a project Ixonomic cannot answer for is left out and
/// the page marked not live.
#[tokio::test]
async fn every_deliverable_with_the_project_list_asked_once() {
    let b = common::sqlite().await;
    let c = client(&b.db, "hasil@example.com", "CL-D").await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects"))
        .respond_with(data(vec![
            project("CL-D", "PRJ-1", ProjectStatus::InProgress),
            project("CL-D", "PRJ-2", ProjectStatus::Completed),
        ]))
        .expect(1)
        .mount(&server)
        .await;
    for (id, d) in [("PRJ-1", "D1"), ("PRJ-2", "D2")] {
        Mock::given(method("GET"))
            .and(path(format!("/projects/{id}/milestones")))
            .respond_with(data(Vec::<Milestone>::new()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/projects/{id}/deliverables")))
            .respond_with(data(vec![deliverable(id, d, DeliverableStatus::Approved)]))
            .mount(&server)
            .await;
    }
    let now = t0();
    let all = portal::deliverables(&b.db, &ix(&server), &c, now)
        .await
        .unwrap();
    assert!(all.live);
    let ids: Vec<_> = all
        .data
        .iter()
        .map(|(p, d)| (p.id.as_str(), d.id.as_str()))
        .collect();
    assert_eq!(ids, [("PRJ-1", "D1"), ("PRJ-2", "D2")]);
    server.verify().await;

    // A third project appears while its parts are unreachable.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/projects"))
        .respond_with(data(vec![
            project("CL-D", "PRJ-1", ProjectStatus::InProgress),
            project("CL-D", "PRJ-3", ProjectStatus::InProgress),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-1/deliverables"))
        .respond_with(data(vec![deliverable(
            "PRJ-1",
            "D1",
            DeliverableStatus::Approved,
        )]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-1/milestones"))
        .respond_with(data(Vec::<Milestone>::new()))
        .mount(&server)
        .await;
    let some = portal::deliverables(&b.db, &ix(&server), &c, now)
        .await
        .unwrap();
    assert!(!some.live);
    assert_eq!(some.data.len(), 1);
}

/// What the code logs, kept for the test to read.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// The warnings about client `CL-LOG` logged since the last call.
    fn take_warnings(&self) -> Vec<String> {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap());
        String::from_utf8_lossy(&bytes)
            .lines()
            .filter(|l| l.contains("WARN") && l.contains("CL-LOG"))
            .map(str::to_owned)
            .collect()
    }
}

/// The warnings logged for client `CL-LOG`: a process-wide subscriber
/// (a thread-local one misses events while other tests run beside it),
/// read through the client id no other test uses.
fn logs() -> &'static Logs {
    static LOGS: std::sync::OnceLock<Logs> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    })
}

/// Each failure mode is logged as a warning naming the client and what
/// failed, besides giving the snapshot back.
#[tokio::test]
async fn every_failure_mode_logs_a_warning() {
    let logs = logs();
    let b = common::backends().await.remove(0);
    let db = &b.db;
    let c = client(db, "tenun@example.com", "CL-LOG").await;
    let server = MockServer::start().await;
    let list = vec![project("CL-LOG", "PRJ-L", ProjectStatus::InProgress)];
    Mock::given(method("GET"))
        .and(path("/projects"))
        .respond_with(data(&list))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    portal::projects(db, &ix(&server), &c, t0()).await.unwrap();
    assert_eq!(logs.take_warnings(), Vec::<String>::new(), "a good answer");

    for (name, answer) in failure_modes(&list) {
        projects_answer(&server, answer).await;
        let fresh = portal::projects(db, &ix(&server), &c, t0()).await.unwrap();
        assert!(!fresh.live, "{name}");
        let warnings = logs.take_warnings();
        assert!(
            warnings.iter().any(|w| w.contains("ixonomic failed")
                && w.contains("CL-LOG")
                && w.contains("projects")),
            "{name}: {warnings:?}"
        );
        // The key is a secret: never in the log.
        assert!(!warnings.iter().any(|w| w.contains("ixn_uji")), "{name}");
    }
    portal::projects(db, &ix_at("http://127.0.0.1:9"), &c, t0())
        .await
        .unwrap();
    let warnings = logs.take_warnings();
    assert!(
        warnings.iter().any(|w| w.contains("ixonomic failed")),
        "connection refused: {warnings:?}"
    );
}
