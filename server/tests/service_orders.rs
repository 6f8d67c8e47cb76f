//! The member's service order pages through the real router: the list and
//! the order with its quote, timeline and deliverables, and the plain
//! forms that accept the quote, ask for a revision and approve a
//! deliverable; a stranger's posts are refused and change nothing.
mod common;

use axum::{body::Body, http::Request};
use common::{form_post_as, get_with_cookie, site, spawn, user_id, verified_member, TestApp, SITE};
use domain::{
    audit::Actor,
    deliverables::FileRules,
    entities::{
        order::OrderStatus,
        service_order::{self, ServiceOrderState as State},
    },
    orders::{Buyer, EventSource, PaidAmount, PaymentReport},
    service_orders::{self, BriefInput, QuoteInput},
};
use sea_orm::EntityTrait;

fn rules() -> FileRules {
    FileRules {
        extensions: vec!["pdf".into()],
        max_bytes: 1024 * 1024,
    }
}

async fn state_of(app: &TestApp, id: i32) -> State {
    service_order::Entity::find_by_id(id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .state
}

#[tokio::test]
async fn a_member_accepts_revises_and_approves_on_the_order_page() {
    let app = spawn().await;
    let owner = verified_member(&app, "klien@example.id").await;
    let stranger = verified_member(&app, "orang-lain@example.id").await;
    let uid = user_id(&app, "klien@example.id").await;
    let buyer = Buyer {
        user_id: uid,
        name: "Klien".into(),
        email: "klien@example.id".into(),
        phone: None,
    };
    let now = chrono::Utc::now();
    let day = |days| {
        (domain::jakarta::date(now) + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let brief = BriefInput {
        service_slug: "pengembangan-website".into(),
        brief: "Website profil perusahaan lima halaman dengan blog.".into(),
        budget_min: "5000000".into(),
        budget_max: "9000000".into(),
        deadline: day(30),
        attachments: Vec::new(),
    };
    let (db, d) = (&app.db, &app.deliverables);
    let o = service_orders::submit_brief(db, d, &rules(), &site(), &buyer, &brief, now)
        .await
        .unwrap();
    let admin = Actor::system("uji");
    let quote = QuoteInput {
        price: "7.500.000".into(),
        scope: "Lima halaman dan blog, dua kali revisi.".into(),
        valid_until: day(7),
    };
    service_orders::send_quote(db, &site(), &admin, o.id, &quote, now)
        .await
        .unwrap();

    let list = get_with_cookie(&app, "/dashboard/services", &owner).await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains(&format!("/dashboard/services/{}", o.id)),
        "{}",
        list.body
    );
    assert!(list.body.contains("Penawaran dikirim"));
    let page = format!("/dashboard/services/{}", o.id);
    let detail = get_with_cookie(&app, &page, &owner).await;
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("Terima dan bayar"), "{}", detail.body);
    assert!(detail.body.contains("Rp 7.500.000") || detail.body.contains("Rp7.500.000"));
    let foreign = get_with_cookie(&app, &page, &stranger).await;
    assert!(!foreign.body.contains("Terima dan bayar"));

    // A stranger's acceptance is refused and places nothing.
    let accept = format!("{page}/accept");
    let res = app.send(form_post_as(&accept, "", &stranger)).await;
    assert_eq!(res.header("location"), format!("{page}?gagal=not_found"));
    assert_eq!(state_of(&app, o.id).await, State::Quoted);
    // The owner's places the checkout order (then goes to pay).
    let res = app.send(form_post_as(&accept, "", &owner)).await;
    assert!(res.status.is_redirection(), "{}", res.status);
    assert_eq!(state_of(&app, o.id).await, State::AwaitingPayment);
    let checkout_id = service_order::Entity::find_by_id(o.id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
        .order_id
        .unwrap();
    let checkout = domain::orders::order_by_id(db, checkout_id).await.unwrap();
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(checkout.amount_idr),
        provider_ref: Some("tx-halaman"),
        external_id: None,
        raw: "{}",
    };
    domain::orders::record_payment(db, &site(), &checkout.order_code, &report, now)
        .await
        .unwrap();
    let (r, s) = (rules(), site());
    let add = |name: &'static str| {
        service_orders::add_deliverable(
            db,
            d,
            &r,
            &s,
            &admin,
            o.id,
            name,
            b"%PDF",
            chrono::Utc::now(),
        )
    };
    let v1 = add("desain-v1.pdf").await.unwrap();
    let detail = get_with_cookie(&app, &page, &owner).await;
    assert!(
        detail.body.contains("/api/files/service-deliverables/"),
        "{}",
        detail.body
    );
    assert!(detail.body.contains("Minta revisi"));

    // A revision, then the next version approved: completed.
    let files = format!("{page}/files/{}", v1.id);
    let res = app
        .send(form_post_as(
            &format!("{files}/revision"),
            "comment=Warna+biru+perusahaan+kami.",
            &owner,
        ))
        .await;
    assert_eq!(res.header("location"), format!("{page}?revisi=1"));
    assert_eq!(state_of(&app, o.id).await, State::RevisionRequested);
    let v2 = add("desain-v2.pdf").await.unwrap();
    let approve = format!("{page}/files/{}/approve", v2.id);
    let res = app.send(form_post_as(&approve, "", &stranger)).await;
    assert_eq!(res.header("location"), format!("{page}?gagal=not_found"));
    assert_eq!(state_of(&app, o.id).await, State::Delivered);
    let res = app.send(form_post_as(&approve, "", &owner)).await;
    assert_eq!(res.header("location"), format!("{page}?disetujui=1"));
    assert_eq!(state_of(&app, o.id).await, State::Completed);
    let detail = get_with_cookie(&app, &page, &owner).await;
    assert!(detail.body.contains("Selesai"));
    assert!(detail.body.contains("Pesanan selesai"));
}

fn upload(path: &str, cookie: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "XyZzYlayanan";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header("cookie", cookie)
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn an_admin_quotes_notes_and_uploads_on_the_admin_pages() {
    let app = spawn().await;
    let admin = common::admin_session(&app, "admin-layanan@tiranyx.test").await;
    let member = verified_member(&app, "klien@example.id").await;
    let uid = user_id(&app, "klien@example.id").await;
    let buyer = Buyer {
        user_id: uid,
        name: "Klien".into(),
        email: "klien@example.id".into(),
        phone: None,
    };
    let now = chrono::Utc::now();
    let day = |days| {
        (domain::jakarta::date(now) + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let brief = BriefInput {
        service_slug: "pengembangan-website".into(),
        brief: "Website profil perusahaan lima halaman dengan blog.".into(),
        budget_min: "5000000".into(),
        budget_max: "9000000".into(),
        deadline: day(30),
        attachments: vec![domain::service_orders::Attachment {
            name: "referensi.pdf".into(),
            bytes: b"%PDF referensi".to_vec(),
        }],
    };
    let o = service_orders::submit_brief(
        &app.db,
        &app.deliverables,
        &rules(),
        &site(),
        &buyer,
        &brief,
        now,
    )
    .await
    .unwrap();
    let page = format!("/admin/service-orders/{}", o.id);

    // Only admins see the pages.
    let list = get_with_cookie(&app, "/admin/service-orders?status=briefed", &admin).await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains(&page), "{}", list.body);
    let as_member = get_with_cookie(&app, &page, &member).await;
    assert!(!as_member.body.contains("Kirim penawaran"));
    let res = app
        .send(form_post_as(
            &format!("{page}/quote"),
            "price=1&scope=Lingkup+kerja+uji&valid_until=2099-01-01",
            &member,
        ))
        .await;
    assert!(res.status.is_redirection());
    assert_eq!(state_of(&app, o.id).await, State::Briefed);

    let detail = get_with_cookie(&app, &page, &admin).await;
    assert!(detail.body.contains("Kirim penawaran"), "{}", detail.body);
    assert!(detail.body.contains("referensi.pdf"));
    let attachment = get_with_cookie(&app, &format!("{page}/files/1"), &admin).await;
    assert_eq!(attachment.status, 200);
    assert_eq!(attachment.bytes, b"%PDF referensi");

    // A bad quote comes back refused; a good one is sent.
    let res = app
        .send(form_post_as(
            &format!("{page}/quote"),
            "price=0&scope=x&valid_until=",
            &admin,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        format!("{page}?gagal=invalid_input")
    );
    let body = format!(
        "price=7.500.000&scope=Lima+halaman+dan+blog%2C+dua+kali+revisi.&valid_until={}",
        day(7)
    );
    let res = app
        .send(form_post_as(&format!("{page}/quote"), &body, &admin))
        .await;
    assert_eq!(res.header("location"), format!("{page}?ok=1"));
    assert_eq!(state_of(&app, o.id).await, State::Quoted);

    // Paid, then a note and a deliverable through the admin's forms.
    let checkout = service_orders::accept_quote(
        &app.db,
        &site(),
        &buyer,
        o.id,
        chrono::Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(checkout.amount_idr),
        provider_ref: Some("tx-admin"),
        external_id: None,
        raw: "{}",
    };
    domain::orders::record_payment(&app.db, &site(), &checkout.order_code, &report, now)
        .await
        .unwrap();
    let res = app
        .send(form_post_as(
            &format!("{page}/note"),
            "note=Desain+beranda+selesai.",
            &admin,
        ))
        .await;
    assert_eq!(res.header("location"), format!("{page}?ok=1"));
    let res = app
        .send(upload(
            &format!("{page}/deliverables"),
            &admin,
            "virus.exe",
            b"MZ",
        ))
        .await;
    assert_eq!(
        res.header("location"),
        format!("{page}?gagal=invalid_input")
    );
    let res = app
        .send(upload(
            &format!("{page}/deliverables"),
            &admin,
            "desain.pdf",
            b"%PDF desain",
        ))
        .await;
    assert_eq!(res.header("location"), format!("{page}?ok=1"));
    assert_eq!(state_of(&app, o.id).await, State::Delivered);
    let detail = get_with_cookie(&app, &page, &admin).await;
    for text in [
        "desain.pdf",
        "Kabar progres",
        "Desain beranda selesai.",
        "Hasil kerja diunggah",
    ] {
        assert!(detail.body.contains(text), "{text}: {}", detail.body);
    }
    // The member downloads it from their page.
    let mine = get_with_cookie(&app, &format!("/dashboard/services/{}", o.id), &member).await;
    let start = mine.body.find("/api/files/service-deliverables/").unwrap();
    let end = start + mine.body[start..].find('"').unwrap();
    let file = app.get(&mine.body[start..end]).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.bytes, b"%PDF desain");
}

fn brief_post(cookie: Option<&str>, deadline: &str, file: Option<(&str, &[u8])>) -> Request<Body> {
    let boundary = "XyZzYbrief";
    let mut body = Vec::new();
    for (name, value) in [
        (
            "brief",
            "Website profil perusahaan lima halaman dengan blog.",
        ),
        ("budget_min", "5.000.000"),
        ("budget_max", "15.000.000"),
        ("deadline", deadline),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    let (file_name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = Request::post("/services/pengembangan-website/order")
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn the_service_page_takes_a_brief_from_a_signed_in_member() {
    let app = spawn().await;
    let page = app.get("/services/pengembangan-website").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Pesan layanan")
            && page.body.contains("/services/pengembangan-website/order")
    );
    let member = verified_member(&app, "klien@example.id").await;
    let tomorrow = (domain::jakarta::date(chrono::Utc::now()) + chrono::Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();

    // A guest logs in first; nothing is kept.
    let res = app.send(brief_post(None, &tomorrow, None)).await;
    assert_eq!(
        res.header("location"),
        "/login?next=/services/pengembangan-website"
    );
    // A past deadline, or a file type off the whitelist, is refused: the
    // page again (422) with what was typed and the field's message.
    let res = app
        .send(brief_post(Some(&member), "2020-01-01", None))
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("Tenggat harus setelah hari ini."),
        "{}",
        res.body
    );
    assert!(res
        .body
        .contains("Website profil perusahaan lima halaman dengan blog."));
    assert!(res.body.contains("value=\"2020-01-01\""));
    let exe: &[u8] = b"MZ";
    let res = app
        .send(brief_post(
            Some(&member),
            &tomorrow,
            Some(("alat.exe", exe)),
        ))
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains(
            "data-error-for=\"attachments\" class=\"field-error\">Jenis file ini tidak diizinkan"
        ),
        "{}",
        res.body
    );
    assert_eq!(
        service_order::Entity::find()
            .all(app.db.reader())
            .await
            .unwrap()
            .len(),
        0
    );

    // The member's brief, with an empty file input and then with a file.
    let res = app.send(brief_post(Some(&member), &tomorrow, None)).await;
    let first = service_order::Entity::find()
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        res.header("location"),
        format!("/dashboard/services/{}", first.id)
    );
    assert_eq!(
        (first.budget_min_idr, first.state),
        (5_000_000, State::Briefed)
    );
    let pdf: &[u8] = b"%PDF referensi";
    let res = app
        .send(brief_post(
            Some(&member),
            &tomorrow,
            Some(("referensi.pdf", pdf)),
        ))
        .await;
    assert!(res.header("location").starts_with("/dashboard/services/"));
    let mine = get_with_cookie(&app, res.header("location"), &member).await;
    assert!(
        mine.body.contains("referensi.pdf") && mine.body.contains("Menunggu penawaran"),
        "{}",
        mine.body
    );
}
