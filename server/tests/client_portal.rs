//! The client portal through the real router against a wiremock Ixonomic
//! that follows `contracts/ixonomic.openapi.yaml`: only clients get in
//! (a member, an admin cookie, a guest do not), another client's project
//! is not found and never asked for, Ixonomic failing shows the last data
//! dated with no approval, a decision is sent once under its key, an
//! invoice is paid through Midtrans and shows paid once the notification
//! arrives, and messages reach the agency.
mod common;

use axum::{body::Body, http::Request};
use common::{
    form_post_as, get_with_cookie, server_fn_call, spawn_with, verified_member, TestApp, SITE,
};
use domain::entities::{
    client_message, ixonomic_approval,
    order::{self, OrderItemKind, OrderStatus},
    outbox_message,
    user::{self, UserType},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::{json, Value};
use wiremock::{
    matchers::{body_partial_json, header, method, path, query_param},
    Mock, MockServer, ResponseTemplate,
};

const IX_KEY: &str = "ixn_kunci_uji";
const MT_KEY: &str = "SB-Mid-server-uji";
const CLIENT: &str = "CL-UJI-1";

async fn portal() -> (TestApp, MockServer, MockServer) {
    let ix = MockServer::start().await;
    let midtrans = MockServer::start().await;
    let app = spawn_with(&[
        ("IXONOMIC_API_URL", &ix.uri()),
        ("IXONOMIC_API_KEY", IX_KEY),
        ("MIDTRANS_SERVER_KEY", MT_KEY),
        ("MIDTRANS_CLIENT_KEY", "SB-Mid-client-uji"),
        ("MIDTRANS_SNAP_URL", &format!("{}/snap", midtrans.uri())),
        ("MIDTRANS_API_URL", &midtrans.uri()),
    ])
    .await;
    (app, ix, midtrans)
}

/// A verified member made a client linked to `ixonomic_id`; their cookie.
async fn client(app: &TestApp, email: &str, ixonomic_id: &str) -> String {
    let cookie = verified_member(app, email).await;
    let row = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let mut row: user::ActiveModel = row.into();
    row.user_type = Set(UserType::Client);
    row.ixonomic_client_id = Set(Some(ixonomic_id.to_owned()));
    row.update(app.db.writer()).await.unwrap();
    cookie
}

fn project() -> Value {
    json!({
        "id": "PRJ-A", "client_id": CLIENT, "name": "Redesain Website Toko Batik Sekar",
        "status": "in_progress", "summary": "Toko daring baru dengan katalog batik tulis.",
        "started_on": "2026-10-01", "due_on": "2026-12-20", "progress_percent": 60,
        "updated_at": "2026-11-28T03:00:00Z"
    })
}

fn deliverable(status: &str) -> Value {
    json!({
        "id": "DLV-1", "project_id": "PRJ-A", "title": "Desain halaman beranda",
        "description": "Mockup beranda versi desktop dan ponsel.",
        "preview_url": "https://figma.example/batik-beranda", "status": status,
        "submitted_at": "2026-11-27T02:00:00Z", "decided_at": null, "client_comment": null
    })
}

fn invoice() -> Value {
    json!({
        "id": "INV-1", "client_id": CLIENT, "project_id": "PRJ-A", "number": "IXN/2026/0042",
        "status": "unpaid", "currency": "IDR", "amount": 12500000,
        "issued_on": "2026-11-20", "due_on": "2026-12-04", "paid_at": null,
        "items": [{ "description": "Termin 2: desain dan pengembangan", "quantity": 1,
                    "unit_price": 12500000, "total": 12500000 }]
    })
}

/// Ixonomic answers the documented reads for [`CLIENT`] (bearer checked).
async fn ixonomic_up(ix: &MockServer) {
    let ok = |body: Value| ResponseTemplate::new(200).set_body_json(json!({ "data": body }));
    let auth = || header("authorization", format!("Bearer {IX_KEY}").as_str());
    Mock::given(method("GET"))
        .and(path("/projects"))
        .and(query_param("client_id", CLIENT))
        .and(auth())
        .respond_with(ok(json!([project()])))
        .mount(ix)
        .await;
    Mock::given(method("GET")).and(path("/projects/PRJ-A/milestones")).and(auth())
        .respond_with(ok(json!([{
            "id": "MS-1", "project_id": "PRJ-A", "title": "Desain disetujui", "status": "in_progress",
            "due_on": "2026-12-05", "completed_at": null
        }]))).mount(ix).await;
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-A/deliverables"))
        .and(auth())
        .respond_with(ok(json!([deliverable("awaiting_approval")])))
        .mount(ix)
        .await;
    Mock::given(method("GET"))
        .and(path("/invoices"))
        .and(query_param("client_id", CLIENT))
        .and(auth())
        .respond_with(ok(json!([invoice()])))
        .mount(ix)
        .await;
}

#[tokio::test]
async fn only_clients_see_the_portal_and_only_their_own_projects() {
    let (app, ix, _) = portal().await;
    ixonomic_up(&ix).await;
    // Another client's project exists in Ixonomic but is never asked for.
    Mock::given(method("GET"))
        .and(path("/projects/PRJ-LAIN/milestones"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .expect(0)
        .mount(&ix)
        .await;
    let klien = client(&app, "klien-portal@example.id", CLIENT).await;
    let member = verified_member(&app, "anggota-biasa@example.id").await;
    let admin = common::admin_session(&app, "admin-portal@tiranyx.test").await;

    for (page, text) in [
        ("/client", "Desain halaman beranda"),
        ("/client/projects", "Redesain Website Toko Batik Sekar"),
        ("/client/projects/PRJ-A", "Desain disetujui"),
        ("/client/deliverables", "Mockup beranda"),
        ("/client/invoices", "IXN/2026/0042"),
        ("/client/messages?project=PRJ-A", "Pesan baru"),
    ] {
        let res = get_with_cookie(&app, page, &klien).await;
        assert_eq!(res.status, 200, "{page}: {}", res.body);
        assert!(res.body.contains(text), "{page} lacks {text}: {}", res.body);
        assert!(
            res.body.contains("Data per") || page.starts_with("/client/messages"),
            "{page}"
        );
        assert!(!res.body.contains("data-stale"), "{page}");
    }
    let project = get_with_cookie(&app, "/client/projects/PRJ-A", &klien).await;
    assert!(project.body.contains("Ya, setujui"), "{}", project.body);
    assert!(
        project.body.contains("Rp 12.500.000")
            || get_with_cookie(&app, "/client/invoices", &klien)
                .await
                .body
                .contains("Rp 12.500.000")
    );

    // Whatever id is sent, another client's project is not found.
    for page in [
        "/client/projects/PRJ-LAIN",
        "/client/messages?project=PRJ-LAIN",
    ] {
        let res = get_with_cookie(&app, page, &klien).await;
        assert_eq!(res.status, 404, "{page}: {}", res.body);
    }
    let res = app
        .send(server_fn_call(
            "/api/client/project",
            Some(&klien),
            "id=..%2Fadmin",
        ))
        .await;
    assert_eq!(res.status, 404, "{}", res.body);

    // The data behind the pages answers only a client.
    for (cookie, status, code) in [
        (Some(member.as_str()), 403, "not_a_client"),
        (Some(admin.as_str()), 401, "unauthorized"),
        (None, 401, "unauthorized"),
    ] {
        let res = app
            .send(server_fn_call("/api/client/overview", cookie, ""))
            .await;
        assert_eq!(res.status, status, "{}", res.body);
        assert!(res.body.contains(code), "{}", res.body);
    }
    // And the pages send a member to the note, a guest (or an admin) to log in.
    let res = get_with_cookie(&app, "/client/projects/PRJ-A", &member).await;
    assert_eq!(res.header("location"), "/client/login?bukan-klien=1");
    let res = get_with_cookie(&app, "/client/invoices", &admin).await;
    assert_eq!(
        res.header("location"),
        "/client/login?next=/client/invoices"
    );
    // A member's posts are refused and decide nothing.
    let res = app
        .send(form_post_as(
            "/client/projects/PRJ-A/deliverables/DLV-1/approve",
            "key=0123456789abcdef0123",
            &member,
        ))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(
        ixonomic_approval::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn when_ixonomic_fails_the_portal_shows_the_last_data_and_no_approval() {
    let (app, ix, _) = portal().await;
    let klien = client(&app, "klien-basi@example.id", CLIENT).await;
    // Nothing stored yet and Ixonomic down: a clear page, not a 500.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&ix)
        .await;
    let res = get_with_cookie(&app, "/client/projects", &klien).await;
    assert_eq!(res.status, 503, "{}", res.body);
    assert!(
        res.body
            .contains("Sistem proyek kami sedang tidak dapat dihubungi"),
        "{}",
        res.body
    );

    // Once seen, the data stays visible while Ixonomic fails in each way.
    ix.reset().await;
    ixonomic_up(&ix).await;
    let fresh = get_with_cookie(&app, "/client/projects/PRJ-A", &klien).await;
    assert!(fresh.body.contains("Ya, setujui"));
    for failure in [
        ResponseTemplate::new(500),
        ResponseTemplate::new(401)
            .set_body_json(json!({"error": {"code": "unauthorized", "message": "bad key"}})),
        ResponseTemplate::new(200).set_body_string("{\"data\": [ {\"id\": 7"),
    ] {
        ix.reset().await;
        Mock::given(method("GET"))
            .respond_with(failure)
            .mount(&ix)
            .await;
        let res = get_with_cookie(&app, "/client/projects/PRJ-A", &klien).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert!(res.body.contains("data-stale"), "{}", res.body);
        assert!(res.body.contains("Desain halaman beranda"));
        assert!(
            !res.body.contains("Ya, setujui"),
            "approval stays off while stale"
        );
        // Paying needs a live invoice.
        let pay = app
            .send(form_post_as("/client/invoices/INV-1/pay", "", &klien))
            .await;
        assert_eq!(
            pay.header("location"),
            "/client/invoices?gagal=ixonomic_unavailable"
        );
    }
    assert_eq!(
        order::Entity::find().count(app.db.reader()).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn a_decision_is_sent_once_whatever_the_clicks() {
    let (app, ix, _) = portal().await;
    ixonomic_up(&ix).await;
    let key = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    Mock::given(method("POST"))
        .and(path("/projects/PRJ-A/approve"))
        .and(header("idempotency-key", key))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "data": deliverable("approved") })),
        )
        .expect(1)
        .mount(&ix)
        .await;
    let klien = client(&app, "klien-setuju@example.id", CLIENT).await;
    let approve = "/client/projects/PRJ-A/deliverables/DLV-1/approve";
    for _ in 0..3 {
        let res = app
            .send(form_post_as(
                approve,
                &format!("key={key}&back=/client/deliverables"),
                &klien,
            ))
            .await;
        assert_eq!(res.header("location"), "/client/deliverables?disetujui=1");
    }
    assert_eq!(
        ixonomic_approval::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        1
    );
    // A change request needs its comment; refused, nothing written.
    let res = app
        .send(form_post_as(
            "/client/projects/PRJ-A/deliverables/DLV-1/changes",
            "key=ffffffffffffffffffff&comment=",
            &klien,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        "/client/projects/PRJ-A?gagal=invalid_input"
    );
    assert_eq!(
        ixonomic_approval::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        1
    );
    // `back` is only ever a portal page.
    let res = app
        .send(form_post_as(
            approve,
            &format!("key={key}&back=https://jahat.example/"),
            &klien,
        ))
        .await;
    assert_eq!(res.header("location"), "/client/projects/PRJ-A?disetujui=1");
}

#[tokio::test]
async fn an_invoice_is_paid_through_midtrans_and_shows_paid() {
    let (app, ix, midtrans) = portal().await;
    ixonomic_up(&ix).await;
    Mock::given(method("POST"))
        .and(path("/snap/v1/transactions"))
        // Snap sends the client back to the portal, not the member's orders.
        .and(body_partial_json(json!({"callbacks": {
            "finish": format!("{SITE}/client/invoices?status=success"),
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "token": "tok-tagihan",
            "redirect_url": "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-tagihan",
        })))
        .mount(&midtrans)
        .await;
    let klien = client(&app, "klien-bayar@example.id", CLIENT).await;
    let res = app
        .send(form_post_as("/client/invoices/INV-1/pay", "", &klien))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        res.header("location"),
        "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-tagihan"
    );
    let o = order::Entity::find()
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (o.item_kind, o.amount_idr),
        (OrderItemKind::Invoice, 12_500_000)
    );
    let page = get_with_cookie(&app, "/client/invoices", &klien).await;
    assert!(page.body.contains("Lanjutkan pembayaran"), "{}", page.body);

    // Midtrans' notification (signed, confirmed by its status API).
    let gross = "12500000.00";
    Mock::given(method("GET"))
        .and(path(format!("/v2/{}/status", o.order_code)))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status_code": "200", "transaction_id": "tx-tagihan", "order_id": o.order_code,
            "gross_amount": gross, "payment_type": "bank_transfer",
            "transaction_status": "settlement", "fraud_status": "accept",
        })))
        .mount(&midtrans)
        .await;
    // Back from Snap before the notification: the return asks Midtrans and
    // the invoice shows paid at once.
    let back = format!(
        "/client/invoices?order_id={}&status_code=200&transaction_status=settlement",
        o.order_code
    );
    let page = get_with_cookie(&app, &back, &klien).await;
    assert!(page.body.contains("Tagihanmu kini lunas"), "{}", page.body);
    assert!(page.body.contains("Lunas (dibayar lewat situs)"));
    // The notification arriving after changes nothing more.
    let body = json!({
        "transaction_status": "settlement", "status_code": "200", "gross_amount": gross,
        "order_id": o.order_code, "fraud_status": "accept",
        "signature_key": domain::payments::midtrans::signature(&o.order_code, "200", gross, MT_KEY),
    });
    let res = app
        .send(
            Request::post("/api/payment/midtrans/notification")
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let paid = order::Entity::find_by_id(o.id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(paid.status, OrderStatus::Fulfilled);
    // Paid once: one confirmation, linking the portal.
    let confirmations = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("order-confirmed"))
        .all(app.db.reader())
        .await
        .unwrap();
    assert_eq!(confirmations.len(), 1);
    assert!(confirmations[0].body_text.contains("/client/invoices"));
    assert!(confirmations[0].body_text.contains("lunas di portal klien"));
    let page = get_with_cookie(&app, "/client/invoices", &klien).await;
    assert!(
        page.body.contains("Lunas (dibayar lewat situs)"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Bayar sekarang"));
    // Paying again is refused.
    let res = app
        .send(form_post_as("/client/invoices/INV-1/pay", "", &klien))
        .await;
    assert_eq!(
        res.header("location"),
        "/client/invoices?gagal=invoice_not_payable"
    );
    // Another client's invoice id is not found.
    let res = app
        .send(form_post_as("/client/invoices/INV-LAIN/pay", "", &klien))
        .await;
    assert_eq!(res.header("location"), "/client/invoices?gagal=not_found");
}

#[tokio::test]
async fn a_client_writes_to_the_agency_about_a_project() {
    let (app, ix, _) = portal().await;
    ixonomic_up(&ix).await;
    let klien = client(&app, "klien-pesan@example.id", CLIENT).await;
    common::create_admin(&app, "admin-pesan@tiranyx.test").await;
    let res = app
        .send(form_post_as(
            "/client/messages",
            "project_id=PRJ-A&body=Bisakah+warna+header+lebih+hangat%3F",
            &klien,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        "/client/messages?project=PRJ-A&terkirim=1#pesan"
    );
    let thread = get_with_cookie(&app, "/client/messages?project=PRJ-A", &klien).await;
    assert!(
        thread.body.contains("Bisakah warna header lebih hangat?"),
        "{}",
        thread.body
    );
    let mails = outbox_message::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.to_email == "admin-pesan@tiranyx.test"),
        "{mails:?}"
    );
    // Refused: an empty message, another client's project.
    let res = app
        .send(form_post_as(
            "/client/messages",
            "project_id=PRJ-A&body=+",
            &klien,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        "/client/messages?project=PRJ-A&gagal=invalid_input"
    );
    let res = app
        .send(form_post_as(
            "/client/messages",
            "project_id=PRJ-LAIN&body=halo",
            &klien,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        "/client/messages?project=PRJ-LAIN&gagal=not_found"
    );
    assert_eq!(
        client_message::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        1
    );
}
