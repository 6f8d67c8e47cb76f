//! GitHub invitations through the real router: a member's paid order of the
//! demo GitHub product waits for a username on the downloads page; a
//! username GitHub would not allow is refused with a clear alert and
//! changes nothing; a valid one is kept and its invitation queued; nobody
//! sets another member's. And the development simulator answers GitHub's
//! invitation calls as GitHub documents them.
mod common;

use axum::{body::Body, http::Request};
use common::{spawn, spawn_with, verified_member, TestApp};
use domain::{
    entities::{
        job::{self, JobStatus},
        order::{OrderStatus, PaymentProvider},
        user, user_purchase,
        user_purchase::DeliveryStatus,
    },
    github,
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The demo GitHub product (`tiranyx/tokoku-starter`).
const SLUG: &str = "kode-sumber-toko-online-rust";

/// A verified member with a paid order of the GitHub product: their cookie
/// and the purchase's id.
async fn buyer(app: &TestApp, email: &str) -> (String, i32) {
    let cookie = verified_member(app, email).await;
    let user_id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    let now = chrono::Utc::now();
    let buyer = Buyer {
        user_id,
        name: "Pembeli Uji".into(),
        email: email.into(),
        phone: None,
    };
    let o = orders::order_product(
        &app.db,
        &buyer,
        SLUG,
        PaymentProvider::Midtrans,
        chrono::Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(o.amount_idr),
        provider_ref: Some("tx-gh"),
        external_id: None,
        raw: "{}",
    };
    let site = Site {
        url: "https://tiranyx.test".parse().unwrap(),
    };
    assert_eq!(
        orders::record_payment(&app.db, &site, &o.order_code, &report, now)
            .await
            .unwrap(),
        Recorded::Moved(OrderStatus::Paid)
    );
    (cookie, purchase(app, o.id).await.id)
}

async fn purchase(app: &TestApp, order_id: i32) -> user_purchase::Model {
    user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn purchase_by_id(app: &TestApp, id: i32) -> user_purchase::Model {
    user_purchase::Entity::find_by_id(id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
}

/// The downloads page's form as the member's browser posts it.
fn give(cookie: &str, purchase_id: i32, username: &str) -> Request<Body> {
    let encoded = username.replace('@', "%40").replace(' ', "+");
    let body = format!("github_username={encoded}");
    let mut req = common::form_post(&format!("/dashboard/purchases/{purchase_id}/github"), &body);
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    req
}

async fn invite_jobs(app: &TestApp) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq(github::INVITE_JOB))
        .all(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_gives_a_valid_username_and_only_then_is_invited() {
    let app = spawn().await;
    let (cookie, purchase_id) = buyer(&app, "gh-pembeli@example.id").await;
    let page = common::get_with_cookie(&app, "/dashboard/downloads", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Menunggu username GitHub"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains(&format!("/dashboard/purchases/{purchase_id}/github")));

    // Not a username GitHub allows: the page's alert says why; nothing kept.
    for bad in ["dua--strip", "-awal", "pakai_garis", ""] {
        let res = app.send(give(&cookie, purchase_id, bad)).await;
        assert_eq!(res.status, 303, "{bad:?}");
        assert_eq!(
            res.header("location"),
            "/dashboard/downloads?gagal=github_username_invalid",
            "{bad:?}"
        );
    }
    let alert = common::get_with_cookie(
        &app,
        "/dashboard/downloads?gagal=github_username_invalid",
        &cookie,
    )
    .await;
    assert!(
        alert.body.contains("Username GitHub tidak valid"),
        "{}",
        alert.body
    );
    let p = purchase_by_id(&app, purchase_id).await;
    assert_eq!(
        (p.github_username, p.delivery_status),
        (None, DeliveryStatus::Pending)
    );
    assert!(invite_jobs(&app).await.is_empty());

    // Another member cannot give a username for this purchase.
    let (intruder, _) = buyer(&app, "gh-penyusup@example.id").await;
    let res = app.send(give(&intruder, purchase_id, "penyusup")).await;
    assert_eq!(
        res.header("location"),
        "/dashboard/downloads?gagal=not_found"
    );
    assert_eq!(
        purchase_by_id(&app, purchase_id).await.github_username,
        None
    );

    // A valid one (typed with an @ and spaces): kept as typed, job queued.
    let res = app.send(give(&cookie, purchase_id, " @Octo-Cat ")).await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        format!("/dashboard/downloads?github=1#pembelian-{purchase_id}")
    );
    assert_eq!(
        purchase_by_id(&app, purchase_id)
            .await
            .github_username
            .as_deref(),
        Some("Octo-Cat")
    );
    let jobs = invite_jobs(&app).await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].status, JobStatus::Pending);
    assert_eq!(
        jobs[0].dedupe_key.as_deref(),
        Some(format!("github.invite:{purchase_id}").as_str())
    );
    let page = common::get_with_cookie(&app, "/dashboard/downloads?github=1", &cookie).await;
    assert!(page.body.contains("Username GitHub disimpan"));
    assert!(page
        .body
        .contains("Undangan ke @Octo-Cat sedang kami kirim"));

    // The admin's order page shows the same state and the username.
    let order_id = purchase_by_id(&app, purchase_id).await.order_id;
    let admin = common::admin_session(&app, "admin-gh@tiranyx.test").await;
    let order = common::get_with_cookie(&app, &format!("/admin/orders/{order_id}"), &admin).await;
    assert_eq!(order.status, 200);
    assert!(
        order.body.contains("data-delivery=\"pending\""),
        "{}",
        order.body
    );
    assert!(order.body.contains("@Octo-Cat"));
    assert!(order
        .body
        .contains("Undangan ke @Octo-Cat sedang kami kirim"));

    // A guest is sent to log in.
    let res = app
        .send(common::form_post(
            &format!("/dashboard/purchases/{purchase_id}/github"),
            "github_username=octocat",
        ))
        .await;
    assert!(res.header("location").starts_with("/login"));
}

fn sim(method: &str, path: &str, token: Option<&str>) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("{}{path}", github::SIMULATOR_API))
        .header("accept", "application/vnd.github+json")
        .header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req.body(Body::from(r#"{"permission":"pull"}"#)).unwrap()
}

#[tokio::test]
async fn the_simulator_answers_as_github() {
    let app = spawn_with(&[("PAYMENT_SIMULATOR", "true")]).await;
    let token = Some(github::SIMULATOR_TOKEN);
    let base = "/repos/tiranyx/tokoku-starter";
    let res = app
        .send(sim("PUT", &format!("{base}/collaborators/octocat"), token))
        .await;
    assert_eq!(res.status, 201);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert!(body["id"].as_i64().is_some(), "{body}");
    assert_eq!(body["invitee"]["login"], "octocat");
    for (who, status) in [("ghost-404", 404), ("ditolak-422", 422), ("sudah-ada", 204)] {
        let res = app
            .send(sim("PUT", &format!("{base}/collaborators/{who}"), token))
            .await;
        assert_eq!(res.status, status, "{who}");
    }
    let res = app
        .send(sim("DELETE", &format!("{base}/invitations/1000"), token))
        .await;
    assert_eq!(res.status, 204);
    let res = app
        .send(sim(
            "DELETE",
            &format!("{base}/collaborators/octocat"),
            token,
        ))
        .await;
    assert_eq!(res.status, 204);
    let res = app
        .send(sim(
            "PUT",
            &format!("{base}/collaborators/octocat"),
            Some("salah"),
        ))
        .await;
    assert_eq!(res.status, 401);

    // Without the simulator, nothing answers there.
    let plain = spawn().await;
    let res = plain
        .send(sim("PUT", &format!("{base}/collaborators/octocat"), token))
        .await;
    assert_ne!(res.status, 201);
}

fn profile_form(cookie: &str, username: &str) -> Request<Body> {
    let encoded = username.replace('@', "%40").replace(' ', "+");
    let mut req = common::form_post(
        "/dashboard/profile/github",
        &format!("github_username={encoded}"),
    );
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    req
}

#[tokio::test]
async fn the_profile_keeps_a_valid_username_and_invites_waiting_purchases() {
    let app = spawn().await;
    let (cookie, purchase_id) = buyer(&app, "gh-profil@example.id").await;
    let page = common::get_with_cookie(&app, "/dashboard/profile", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Akun GitHub"));
    assert!(page.body.contains(r#"action="/dashboard/profile/github""#));

    let res = app.send(profile_form(&cookie, "tidak valid")).await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        "/dashboard/profile?gagal=github_username_invalid"
    );
    let alert = common::get_with_cookie(
        &app,
        "/dashboard/profile?gagal=github_username_invalid",
        &cookie,
    )
    .await;
    assert!(alert.body.contains("Username GitHub tidak valid"));
    assert!(invite_jobs(&app).await.is_empty());

    let res = app.send(profile_form(&cookie, "Profil-Ku")).await;
    assert_eq!(
        res.header("location"),
        "/dashboard/profile?github=disimpan#akun-github"
    );
    let page = common::get_with_cookie(&app, "/dashboard/profile?github=disimpan", &cookie).await;
    assert!(page.body.contains("Username GitHub tersimpan"));
    assert!(page.body.contains(r#"value="Profil-Ku""#), "{}", page.body);
    // The purchase that waited got it, and its invitation is queued.
    assert_eq!(
        purchase_by_id(&app, purchase_id)
            .await
            .github_username
            .as_deref(),
        Some("Profil-Ku")
    );
    assert_eq!(invite_jobs(&app).await.len(), 1);
}
