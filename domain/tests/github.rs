//! GitHub invitations on SQLite and PostgreSQL, against a wiremock GitHub
//! answering as GitHub documents: the client reads 201, 204, 404, 422, 5xx
//! and both kinds of rate limit; a paid `github_invite` order waits for a
//! username, is invited by its job (after a fake outage, at the time a rate
//! limit names), fails with a reason the member reads and fixes; the job
//! run twice invites once; a refund deletes the invitation, or removes the
//! collaborator who accepted it.
mod common;
use common::member;

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    entities::{
        job::{self, JobStatus},
        order::{self, OrderStatus, PaymentProvider},
        product,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    github::{self, Github, GithubUsername, Invite, Invited, Outage, Removed},
    jobs::{catalog, Runner},
    mail::Mailer,
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
    testing, Database, DomainError, Refusal,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::json;
use std::sync::{Arc, Mutex};
use wiremock::{
    matchers::{body_json, header, method, path},
    Mock, MockServer, ResponseTemplate,
};

const REPO: &str = "tiranyx/tokoku-starter";
const SLUG: &str = "tokoku-starter";
const PRICE: i64 = 1_490_000;

fn client(server: &MockServer) -> Github {
    Github::new(
        domain::payments::http_client(),
        SecretString::from("ghp_uji"),
        server.uri().parse().unwrap(),
    )
}

fn user(name: &str) -> GithubUsername {
    GithubUsername::parse(name).unwrap()
}

/// A whole second, so both databases give it back exactly.
fn t0() -> DateTime<Utc> {
    Utc.timestamp_opt(Utc::now().timestamp(), 0).unwrap()
}

/// GitHub's 201: a repository invitation.
fn invitation(id: i64, login: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(json!({
        "id": id,
        "repository": {"full_name": REPO, "private": true},
        "invitee": {"login": login, "id": 583231, "type": "User"},
        "inviter": {"login": "tiranyx-bot"},
        "permissions": "read",
        "created_at": "2026-12-01T00:00:00Z",
        "url": format!("https://api.github.com/user/repository_invitations/{id}"),
        "html_url": format!("https://github.com/{REPO}/invitations"),
    }))
}

fn collaborator_path(login: &str) -> String {
    format!("/repos/{REPO}/collaborators/{login}")
}

#[tokio::test]
async fn the_client_reads_githubs_documented_answers() {
    let gh = MockServer::start().await;
    let c = client(&gh);
    let now = t0();
    Mock::given(method("PUT"))
        .and(path(collaborator_path("octocat")))
        .and(header("authorization", "Bearer ghp_uji"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .and(body_json(json!({"permission": "pull"})))
        .respond_with(invitation(1, "octocat"))
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("sudah-ada")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("ghost-404")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator"
        })))
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("ditolak")))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{"resource": "Repository", "code": "custom", "message": "invitee is blocked"}]
        })))
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("rusak")))
        .respond_with(ResponseTemplate::new(502))
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("sekunder")))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("retry-after", "30")
                .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
        )
        .mount(&gh)
        .await;
    let reset = now.timestamp() + 900;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("primer")))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", reset.to_string().as_str())
                .set_body_json(json!({"message": "API rate limit exceeded"})),
        )
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("terlalu-banyak")))
        .respond_with(ResponseTemplate::new(429))
        .mount(&gh)
        .await;
    Mock::given(method("PUT"))
        .and(path(collaborator_path("tanpa-izin")))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(
                json!({"message": "Resource not accessible by personal access token"}),
            ),
        )
        .mount(&gh)
        .await;

    let invite = |name: &str| {
        let (c, u) = (c.clone(), user(name));
        async move { c.invite(REPO, &u, now).await }
    };
    assert_eq!(
        invite("octocat").await,
        Ok(Invite::Invited { invitation_id: 1 })
    );
    assert_eq!(invite("sudah-ada").await, Ok(Invite::AlreadyCollaborator));
    assert_eq!(invite("ghost-404").await, Ok(Invite::UnknownUser));
    assert_eq!(
        invite("ditolak").await,
        Ok(Invite::Rejected("Validation Failed".into()))
    );
    assert!(matches!(invite("rusak").await, Err(Outage::Unavailable(_))));
    let at = |r: Result<Invite, Outage>| match r {
        Err(Outage::RetryAt { at, .. }) => at,
        other => panic!("expected a rate limit, got {other:?}"),
    };
    assert_eq!(at(invite("sekunder").await), now + Duration::seconds(30));
    assert_eq!(
        at(invite("primer").await),
        Utc.timestamp_opt(reset, 0).unwrap()
    );
    assert_eq!(
        at(invite("terlalu-banyak").await),
        now + Duration::seconds(60)
    );
    assert!(matches!(
        invite("tanpa-izin").await,
        Err(Outage::Unavailable(m)) if m.contains("token")
    ));

    Mock::given(method("DELETE"))
        .and(path(format!("/repos/{REPO}/invitations/7")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&gh)
        .await;
    Mock::given(method("DELETE"))
        .and(path(collaborator_path("octocat")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&gh)
        .await;
    assert_eq!(
        c.remove_invitation(REPO, 7, now).await,
        Ok(Removed::Removed)
    );
    assert_eq!(
        c.remove_invitation(REPO, 8, now).await,
        Ok(Removed::NotThere)
    );
    assert_eq!(
        c.remove_collaborator(REPO, &user("octocat"), now).await,
        Ok(Removed::NotThere)
    );
    // A repository that is not `owner/name` never reaches a URL.
    assert!(matches!(
        c.invite("tiranyx/../admin", &user("octocat"), now).await,
        Err(Outage::Unavailable(_))
    ));
}

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

/// The platform's runner with GitHub at `gh`, its clock at `*clock`.
fn runner(db: &Database, gh: &MockServer, clock: &Arc<Mutex<DateTime<Utc>>>) -> Runner {
    let setup = catalog::MailSetup {
        mailer: Arc::new(Mailer::Files {
            dir: std::env::temp_dir().join("tiranyx-test-outbox"),
        }),
        from: "Tiranyx <noreply@tiranyx.test>".into(),
        site: site(),
    };
    let clock = clock.clone();
    catalog::runner(
        db.clone(),
        setup,
        testing::deliverables(&std::env::temp_dir(), 5),
        Some(client(gh)),
    )
    .clock(move || *clock.lock().unwrap())
}

/// A new member's paid order of the GitHub product: the order, the
/// purchase's id and the member's id.
async fn paid(db: &Database, email: &str, now: DateTime<Utc>) -> (order::Model, i32, i32) {
    let user_id = member(db, email).await;
    let o = paid_by(db, user_id, email, now).await;
    let p = purchase_of(db, o.id).await;
    assert_eq!(p.github_repo.as_deref(), Some(REPO));
    (o, p.id, user_id)
}

/// Member `user_id`'s paid order of the GitHub product.
async fn paid_by(db: &Database, user_id: i32, email: &str, now: DateTime<Utc>) -> order::Model {
    if product::Entity::find()
        .filter(product::Column::Slug.eq(SLUG))
        .count(db.reader())
        .await
        .unwrap()
        == 0
    {
        testing::product(
            db,
            (SLUG, "Tokoku Starter"),
            PRICE,
            None,
            DeliveryType::GithubInvite,
        )
        .await;
        product::Entity::update_many()
            .col_expr(product::Column::GithubRepo, Expr::value(Some(REPO)))
            .filter(product::Column::Slug.eq(SLUG))
            .exec(db.writer())
            .await
            .unwrap();
    }
    let buyer = Buyer {
        user_id,
        name: "Pembeli Uji".into(),
        email: email.into(),
        phone: None,
    };
    let o = orders::order_product(
        db,
        &buyer,
        SLUG,
        PaymentProvider::Midtrans,
        Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        orders::record_payment(db, &site(), &o.order_code, &report(OrderStatus::Paid), now)
            .await
            .unwrap(),
        Recorded::Moved(OrderStatus::Paid)
    );
    o
}

fn report(target: OrderStatus) -> PaymentReport<'static> {
    PaymentReport {
        source: EventSource::Midtrans,
        target: Some(target),
        amount: PaidAmount::Idr(PRICE),
        provider_ref: Some("tx-gh"),
        external_id: None,
        raw: "{}",
    }
}

async fn purchase_of(db: &Database, order_id: i32) -> user_purchase::Model {
    user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn order_status(db: &Database, id: i32) -> OrderStatus {
    order::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn invite_job(db: &Database, purchase_id: i32) -> job::Model {
    job::Entity::find()
        .filter(job::Column::DedupeKey.eq(format!("github.invite:{purchase_id}")))
        .one(db.reader())
        .await
        .unwrap()
        .expect("the purchase's invitation job")
}

async fn jobs_of_kind(db: &Database, kind: &str) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .all(db.reader())
        .await
        .unwrap()
}

async fn puts(gh: &MockServer, login: &str) -> usize {
    let p = collaborator_path(login);
    gh.received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "PUT" && r.url.path() == p)
        .count()
}

async fn deletes(gh: &MockServer, p: &str) -> usize {
    gh.received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "DELETE" && r.url.path() == p)
        .count()
}

/// From a paid order: the purchase waits for a username; once given, its
/// job meets a GitHub outage, is retried after the backoff, invites, and
/// fulfils the order. Run again, it calls GitHub no more.
#[tokio::test]
async fn a_paid_order_is_invited_after_an_outage_and_only_once() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("Octo-Cat")))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("Octo-Cat")))
            .respond_with(invitation(4242, "Octo-Cat"))
            .mount(&gh)
            .await;
        let now = t0();
        let clock = Arc::new(Mutex::new(now));
        let jobs = runner(db, &gh, &clock);
        let (o, purchase_id, user_id) = paid(db, "gh-e2e@example.id", now).await;
        jobs.run_due(None).await.unwrap();
        let p = purchase_of(db, o.id).await;
        assert_eq!(
            (p.delivery_status, p.github_username),
            (DeliveryStatus::Pending, None),
            "{}: waits for a username",
            b.name
        );
        assert!(jobs_of_kind(db, github::INVITE_JOB).await.is_empty());

        let set = github::set_username(db, user_id, purchase_id, " @Octo-Cat ", now)
            .await
            .unwrap();
        assert_eq!(set.as_str(), "Octo-Cat");
        jobs.run_due(None).await.unwrap();
        let job = invite_job(db, purchase_id).await;
        assert_eq!(job.status, JobStatus::Pending, "{}", b.name);
        assert_eq!(job.run_after, now + Duration::minutes(1), "the backoff");
        assert!(job.last_error.unwrap().contains("503"));
        assert_eq!(
            purchase_of(db, o.id).await.delivery_status,
            DeliveryStatus::Pending
        );

        *clock.lock().unwrap() = now + Duration::minutes(2);
        jobs.run_due(None).await.unwrap();
        let p = purchase_of(db, o.id).await;
        assert_eq!(p.delivery_status, DeliveryStatus::Delivered, "{}", b.name);
        assert_eq!(p.github_invitation_id, Some(4242));
        assert_eq!(p.github_username.as_deref(), Some("Octo-Cat"));
        assert!(p.delivered_at.is_some());
        assert_eq!(order_status(db, o.id).await, OrderStatus::Fulfilled);
        assert_eq!(invite_job(db, purchase_id).await.status, JobStatus::Done);
        assert_eq!(
            puts(&gh, "Octo-Cat").await,
            2,
            "the outage, then the invitation"
        );

        // The job again (a runner that died before completing it): no call.
        let again = github::invite_purchase(db, &client(&gh), purchase_id, now)
            .await
            .unwrap();
        assert_eq!(again, Invited::Nothing);
        assert_eq!(puts(&gh, "Octo-Cat").await, 2, "{}: invited once", b.name);
        // Delivered, the username is no longer the member's to change.
        assert!(matches!(
            github::set_username(db, user_id, purchase_id, "lain", now).await,
            Err(DomainError::NotFound)
        ));
    }
}

/// 204: the user had access; delivered. A refund then takes nothing away
/// (access this purchase did not give).
#[tokio::test]
async fn an_existing_collaborator_is_delivered() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("tim-kami")))
            .respond_with(ResponseTemplate::new(204))
            .mount(&gh)
            .await;
        let now = t0();
        let (o, purchase_id, user_id) = paid(db, "gh-204@example.id", now).await;
        github::set_username(db, user_id, purchase_id, "tim-kami", now)
            .await
            .unwrap();
        assert_eq!(
            github::invite_purchase(db, &client(&gh), purchase_id, now)
                .await
                .unwrap(),
            Invited::HadAccess
        );
        let p = purchase_of(db, o.id).await;
        assert_eq!(
            (p.delivery_status, p.github_invitation_id),
            (DeliveryStatus::Delivered, None),
            "{}",
            b.name
        );
        assert_eq!(order_status(db, o.id).await, OrderStatus::Fulfilled);
        orders::record_payment(
            db,
            &site(),
            &o.order_code,
            &report(OrderStatus::Refunded),
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            purchase_of(db, o.id).await.delivery_status,
            DeliveryStatus::Revoked
        );
        assert!(jobs_of_kind(db, github::REVOKE_JOB).await.is_empty());
    }
}

/// 404 and 422: the purchase fails with a reason the member reads; a new
/// username queues the same job again, which invites.
#[tokio::test]
async fn an_unknown_or_refused_username_fails_until_the_member_fixes_it() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("ghost-404")))
            .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("diblokir")))
            .respond_with(
                ResponseTemplate::new(422).set_body_json(json!({"message": "Validation Failed"})),
            )
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("benar")))
            .respond_with(invitation(77, "benar"))
            .mount(&gh)
            .await;
        let now = t0();
        let clock = Arc::new(Mutex::new(now));
        let jobs = runner(db, &gh, &clock);
        let (o, purchase_id, user_id) = paid(db, "gh-404@example.id", now).await;

        github::set_username(db, user_id, purchase_id, "ghost-404", now)
            .await
            .unwrap();
        jobs.run_due(None).await.unwrap();
        let p = purchase_of(db, o.id).await;
        assert_eq!(p.delivery_status, DeliveryStatus::Failed, "{}", b.name);
        assert_eq!(
            p.delivery_error.as_deref(),
            Some(github::access::UNKNOWN_USER)
        );
        assert_eq!(order_status(db, o.id).await, OrderStatus::Paid);
        assert_eq!(invite_job(db, purchase_id).await.status, JobStatus::Done);

        github::set_username(db, user_id, purchase_id, "diblokir", now)
            .await
            .unwrap();
        assert_eq!(purchase_of(db, o.id).await.delivery_error, None);
        jobs.run_due(None).await.unwrap();
        let p = purchase_of(db, o.id).await;
        assert_eq!(p.delivery_status, DeliveryStatus::Failed, "{}", b.name);
        let why = p.delivery_error.unwrap();
        assert!(
            why.starts_with("GitHub menolak") && why.contains("Validation Failed"),
            "{why}"
        );

        github::set_username(db, user_id, purchase_id, "benar", now)
            .await
            .unwrap();
        jobs.run_due(None).await.unwrap();
        let p = purchase_of(db, o.id).await;
        assert_eq!(
            (p.delivery_status, p.github_invitation_id, p.delivery_error),
            (DeliveryStatus::Delivered, Some(77), None),
            "{}",
            b.name
        );
        assert_eq!(order_status(db, o.id).await, OrderStatus::Fulfilled);
        assert_eq!(
            jobs_of_kind(db, github::INVITE_JOB).await.len(),
            1,
            "one job per purchase, armed again"
        );
    }
}

/// A rate limit reschedules the job at the time GitHub names, not after
/// the backoff: `Retry-After`, then `X-RateLimit-Reset`.
#[tokio::test]
async fn rate_limits_are_waited_out_until_github_says() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        let now = t0();
        let reset = now + Duration::minutes(47);
        Mock::given(method("PUT"))
            .and(path(collaborator_path("sabar")))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "600")
                    .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
            )
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("sabar")))
            .respond_with(
                ResponseTemplate::new(403)
                    .insert_header("x-ratelimit-limit", "5000")
                    .insert_header("x-ratelimit-remaining", "0")
                    .insert_header("x-ratelimit-reset", reset.timestamp().to_string().as_str())
                    .set_body_json(json!({"message": "API rate limit exceeded"})),
            )
            .up_to_n_times(1)
            .with_priority(2)
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("sabar")))
            .respond_with(invitation(9, "sabar"))
            .mount(&gh)
            .await;
        let clock = Arc::new(Mutex::new(now));
        let jobs = runner(db, &gh, &clock);
        let (o, purchase_id, user_id) = paid(db, "gh-rate@example.id", now).await;
        github::set_username(db, user_id, purchase_id, "sabar", now)
            .await
            .unwrap();

        jobs.run_due(None).await.unwrap();
        let job = invite_job(db, purchase_id).await;
        assert_eq!(
            (job.status, job.run_after),
            (JobStatus::Pending, now + Duration::seconds(600)),
            "{}: Retry-After",
            b.name
        );
        // Not due before then.
        *clock.lock().unwrap() = now + Duration::seconds(599);
        jobs.run_due(None).await.unwrap();
        assert_eq!(puts(&gh, "sabar").await, 1);

        let later = now + Duration::seconds(600);
        *clock.lock().unwrap() = later;
        jobs.run_due(None).await.unwrap();
        let job = invite_job(db, purchase_id).await;
        assert_eq!(
            (job.status, job.run_after),
            (JobStatus::Pending, reset),
            "{}: X-RateLimit-Reset",
            b.name
        );
        assert_eq!(
            purchase_of(db, o.id).await.delivery_status,
            DeliveryStatus::Pending
        );

        *clock.lock().unwrap() = reset;
        jobs.run_due(None).await.unwrap();
        assert_eq!(
            purchase_of(db, o.id).await.delivery_status,
            DeliveryStatus::Delivered,
            "{}",
            b.name
        );
        assert_eq!(puts(&gh, "sabar").await, 3);
    }
}

/// A refund queues the revocation in its transaction; the job deletes the
/// pending invitation, or, when it was accepted (GitHub no longer has it),
/// removes the collaborator. Run twice, it is still fine.
#[tokio::test]
async fn a_refund_revokes_the_invitation_or_the_access() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("menunggu")))
            .respond_with(invitation(501, "menunggu"))
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("menerima")))
            .respond_with(invitation(502, "menerima"))
            .mount(&gh)
            .await;
        Mock::given(method("DELETE"))
            .and(path(format!("/repos/{REPO}/invitations/501")))
            .respond_with(ResponseTemplate::new(204))
            .mount(&gh)
            .await;
        // 502 was accepted: GitHub no longer has the invitation.
        Mock::given(method("DELETE"))
            .and(path(format!("/repos/{REPO}/invitations/502")))
            .respond_with(ResponseTemplate::new(404))
            .mount(&gh)
            .await;
        Mock::given(method("DELETE"))
            .and(path(collaborator_path("menerima")))
            .respond_with(ResponseTemplate::new(204))
            .mount(&gh)
            .await;
        let now = t0();
        let clock = Arc::new(Mutex::new(now));
        let jobs = runner(db, &gh, &clock);
        let mut orders_ = Vec::new();
        for (login, target) in [
            ("menunggu", OrderStatus::Refunded),
            ("menerima", OrderStatus::Chargeback),
        ] {
            let (o, purchase_id, user_id) = paid(db, &format!("{login}@example.id"), now).await;
            github::set_username(db, user_id, purchase_id, login, now)
                .await
                .unwrap();
            jobs.run_due(None).await.unwrap();
            assert_eq!(order_status(db, o.id).await, OrderStatus::Fulfilled);
            orders_.push((o, target));
        }
        assert_eq!(
            deletes(&gh, &format!("/repos/{REPO}/invitations/501")).await,
            0
        );
        for (o, target) in &orders_ {
            assert_eq!(
                orders::record_payment(db, &site(), &o.order_code, &report(*target), now)
                    .await
                    .unwrap(),
                Recorded::Moved(*target)
            );
            assert_eq!(
                purchase_of(db, o.id).await.delivery_status,
                DeliveryStatus::Revoked
            );
        }
        assert_eq!(jobs_of_kind(db, github::REVOKE_JOB).await.len(), 2);
        jobs.run_due(None).await.unwrap();
        assert!(jobs_of_kind(db, github::REVOKE_JOB)
            .await
            .iter()
            .all(|j| j.status == JobStatus::Done));
        assert_eq!(
            deletes(&gh, &format!("/repos/{REPO}/invitations/501")).await,
            1,
            "{}: the pending invitation deleted",
            b.name
        );
        assert_eq!(deletes(&gh, &collaborator_path("menunggu")).await, 0);
        assert_eq!(
            deletes(&gh, &collaborator_path("menerima")).await,
            1,
            "{}: the accepted invitation's collaborator removed",
            b.name
        );
        // The job again: nothing left, still a success.
        let payload = github::RevokePayload {
            purchase_id: 1,
            repo: REPO.into(),
            username: user("menunggu"),
            invitation_id: Some(502),
        };
        Mock::given(method("DELETE"))
            .and(path(collaborator_path("menunggu")))
            .respond_with(ResponseTemplate::new(404))
            .mount(&gh)
            .await;
        assert_eq!(
            github::revoke_access(&client(&gh), &payload, now).await,
            Ok(github::Revoked::NothingLeft)
        );
    }
}

/// The member gives a username GitHub would not allow: refused, nothing
/// changes, no job. Another member's purchase is not theirs to set.
#[tokio::test]
async fn only_a_valid_username_of_ones_own_purchase_is_kept() {
    for b in common::backends().await {
        let db = &b.db;
        let now = t0();
        let (o, purchase_id, user_id) = paid(db, "gh-valid@example.id", now).await;
        for bad in [
            "",
            "-awal",
            "akhir-",
            "dua--strip",
            "pakai_garis",
            &"x".repeat(40),
        ] {
            assert!(matches!(
                github::set_username(db, user_id, purchase_id, bad, now).await,
                Err(DomainError::Refused(Refusal::GithubUsernameInvalid))
            ));
        }
        let other = member(db, "gh-lain@example.id").await;
        assert!(matches!(
            github::set_username(db, other, purchase_id, "octocat", now).await,
            Err(DomainError::NotFound)
        ));
        let p = purchase_of(db, o.id).await;
        assert_eq!(
            (p.delivery_status, p.github_username),
            (DeliveryStatus::Pending, None),
            "{}",
            b.name
        );
        assert!(jobs_of_kind(db, github::INVITE_JOB).await.is_empty());
    }
}

/// Refunded before its invitation went out: the queued job calls GitHub
/// not at all, and there is nothing to take back.
#[tokio::test]
async fn a_refund_before_the_invitation_stops_it() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(invitation(1, "terlambat"))
            .mount(&gh)
            .await;
        let now = t0();
        let clock = Arc::new(Mutex::new(now));
        let jobs = runner(db, &gh, &clock);
        let (o, purchase_id, user_id) = paid(db, "gh-batal@example.id", now).await;
        github::set_username(db, user_id, purchase_id, "terlambat", now)
            .await
            .unwrap();
        orders::record_payment(
            db,
            &site(),
            &o.order_code,
            &report(OrderStatus::Refunded),
            now,
        )
        .await
        .unwrap();
        jobs.run_due(None).await.unwrap();
        assert_eq!(invite_job(db, purchase_id).await.status, JobStatus::Done);
        assert_eq!(puts(&gh, "terlambat").await, 0, "{}", b.name);
        assert_eq!(
            purchase_of(db, o.id).await.delivery_status,
            DeliveryStatus::Revoked
        );
        assert!(jobs_of_kind(db, github::REVOKE_JOB).await.is_empty());
        assert!(matches!(
            github::set_username(db, user_id, purchase_id, "lain", now).await,
            Err(DomainError::NotFound)
        ));
    }
}

/// A username in the profile: checked like any other; a GitHub purchase
/// paid afterwards starts with it and is invited by its delivery job; one
/// waiting for a username gets it when the profile is set.
#[tokio::test]
async fn the_profiles_username_serves_every_github_purchase() {
    for b in common::backends().await {
        let db = &b.db;
        let gh = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("Profil-Ku")))
            .respond_with(invitation(31, "Profil-Ku"))
            .mount(&gh)
            .await;
        Mock::given(method("PUT"))
            .and(path(collaborator_path("belakangan")))
            .respond_with(invitation(32, "belakangan"))
            .mount(&gh)
            .await;
        let now = t0();
        let clock = Arc::new(Mutex::new(now));
        let jobs = runner(db, &gh, &clock);

        // Given before buying.
        let first = member(db, "gh-profil@example.id").await;
        assert!(matches!(
            github::set_profile_username(db, first, "salah--dua", now).await,
            Err(DomainError::Refused(Refusal::GithubUsernameInvalid))
        ));
        assert_eq!(github::profile_username(db, first).await.unwrap(), None);
        assert_eq!(
            github::set_profile_username(db, first, " Profil-Ku ", now)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            github::profile_username(db, first)
                .await
                .unwrap()
                .as_deref(),
            Some("Profil-Ku")
        );
        let o = paid_by(db, first, "gh-profil@example.id", now).await;
        assert_eq!(
            purchase_of(db, o.id).await.github_username.as_deref(),
            Some("Profil-Ku"),
            "{}",
            b.name
        );
        // The delivery job queues the invitation; the next run sends it.
        jobs.run_due(None).await.unwrap();
        jobs.run_due(None).await.unwrap();
        let p = purchase_of(db, o.id).await;
        assert_eq!(
            (p.delivery_status, p.github_invitation_id),
            (DeliveryStatus::Delivered, Some(31)),
            "{}",
            b.name
        );
        assert_eq!(order_status(db, o.id).await, OrderStatus::Fulfilled);

        // Given after buying: fills the waiting purchase.
        let (o2, _, second) = paid(db, "gh-nanti@example.id", now).await;
        jobs.run_due(None).await.unwrap();
        assert_eq!(purchase_of(db, o2.id).await.github_username, None);
        assert_eq!(
            github::set_profile_username(db, second, "belakangan", now)
                .await
                .unwrap(),
            1
        );
        jobs.run_due(None).await.unwrap();
        assert_eq!(
            purchase_of(db, o2.id).await.delivery_status,
            DeliveryStatus::Delivered,
            "{}",
            b.name
        );
        // Cleared with an empty field.
        github::set_profile_username(db, second, "  ", now)
            .await
            .unwrap();
        assert_eq!(github::profile_username(db, second).await.unwrap(), None);
    }
}
