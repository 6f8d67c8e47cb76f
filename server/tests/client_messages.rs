//! Agency clients and their message threads through the real router: an
//! admin makes a member a client on the members screen's server functions
//! (a bad or taken id answers by field), the inbox and a thread are admin
//! pages, the answer is a plain post that only an admin session may send.
mod common;

use common::{
    admin_session, form_post, form_post_as, get_with_cookie, server_fn_call, site, spawn, user_id,
    verified_member, TestApp,
};
use domain::{
    audit::Actor,
    clients::{self, ixonomic::contract::Project, messages},
    entities::{audit_entry, client_message, outbox_message},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

async fn count_audits(app: &TestApp, action: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.db.reader())
        .await
        .unwrap()
}

fn project(id: &str, client_id: &str) -> Project {
    Project {
        id: id.into(),
        client_id: client_id.into(),
        name: "Website Koperasi".into(),
        status: domain::clients::ixonomic::contract::ProjectStatus::InProgress,
        summary: String::new(),
        started_on: None,
        due_on: None,
        progress_percent: 10,
        updated_at: chrono::Utc::now(),
    }
}

#[tokio::test]
async fn an_admin_makes_a_member_a_client_and_ends_it() {
    let app = spawn().await;
    let admin = admin_session(&app, "klien-admin@tiranyx.test").await;
    let member = verified_member(&app, "budi@example.id").await;
    verified_member(&app, "sari@example.id").await;
    let budi = user_id(&app, "budi@example.id").await;
    let sari = user_id(&app, "sari@example.id").await;
    let make = |id: i32, ixo: &str| format!("id={id}&ixonomic_client_id={ixo}");

    // Not an admin: refused, nothing written.
    for cookie in [None, Some(member.as_str())] {
        let res = app
            .send(server_fn_call(
                "/api/admin/members/make-client",
                cookie,
                &make(budi, "CL-1"),
            ))
            .await;
        assert_eq!(res.status, 401, "{}", res.body);
    }
    assert_eq!(count_audits(&app, "user.make_client").await, 0);

    // A bad id answers by field.
    let res = app
        .send(server_fn_call(
            "/api/admin/members/make-client",
            Some(&admin),
            &make(budi, "CL+1%2F2"),
        ))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).unwrap();
    assert!(v["fields"]["ixonomic_client_id"].is_string(), "{v}");

    let res = app
        .send(server_fn_call(
            "/api/admin/members/make-client",
            Some(&admin),
            &make(budi, "CL-1"),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["ixonomic_client_id"], "CL-1", "{v}");
    assert_eq!(v["kind"], "Klien");
    assert_eq!(
        clients::client_of(&app.db, budi).await.unwrap().ixonomic_id,
        "CL-1"
    );
    assert_eq!(count_audits(&app, "user.make_client").await, 1);

    // Taken by Budi: a conflict on the field, Sari unchanged.
    let res = app
        .send(server_fn_call(
            "/api/admin/members/make-client",
            Some(&admin),
            &make(sari, "CL-1"),
        ))
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        v["fields"]["ixonomic_client_id"],
        "ID klien Ixonomic ini sudah dipakai akun lain."
    );
    assert!(clients::client_of(&app.db, sari).await.is_err());

    let res = app
        .send(server_fn_call(
            "/api/admin/members/end-client",
            Some(&admin),
            &format!("id={budi}"),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(clients::client_of(&app.db, budi).await.is_err());
    assert_eq!(count_audits(&app, "user.end_client").await, 1);
}

#[tokio::test]
async fn the_inbox_and_threads_are_for_admins_who_answer_by_plain_post() {
    let app = spawn().await;
    let admin = admin_session(&app, "pesan-admin@tiranyx.test").await;
    let member = verified_member(&app, "budi@example.id").await;
    let budi = user_id(&app, "budi@example.id").await;
    clients::make_client(
        &app.db,
        &Actor::system("uji"),
        budi,
        "CL-1",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let client = clients::client_of(&app.db, budi).await.unwrap();
    messages::post_by_client(
        &app.db,
        &site(),
        &client,
        &project("P-7", "CL-1"),
        "Kapan <script>desain</script> dikirim?",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let thread = format!("/admin/messages/{budi}/P-7");

    // Not an admin: to the login, nothing shown, nothing written.
    for path in ["/admin/messages", thread.as_str()] {
        let res = get_with_cookie(&app, path, &member).await;
        assert_eq!(res.status, 303, "{path}");
        assert_eq!(res.header("location"), "/admin/login");
    }
    let res = app
        .send(form_post_as(
            &format!("{thread}/answer"),
            "body=Halo",
            &member,
        ))
        .await;
    assert!(res.status.is_redirection(), "{}", res.status);
    assert_eq!(res.header("location"), "/admin/login");
    let res = app
        .send(form_post(&format!("{thread}/answer"), "body=Halo"))
        .await;
    assert!(res.status.is_redirection(), "{}", res.status);
    let count = || async {
        client_message::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap()
    };
    assert_eq!(count().await, 1);

    // The inbox lists the thread, unread.
    let inbox = get_with_cookie(&app, "/admin/messages", &admin).await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(inbox.body.contains(&thread), "{}", inbox.body);
    assert!(inbox.body.contains("1 baru"), "{}", inbox.body);
    assert!(inbox.body.contains("Pesan klien"));
    assert!(!inbox.body.contains("<script>desain"));

    // Opening the thread shows it and marks it read.
    let page = get_with_cookie(&app, &thread, &admin).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Kirim balasan"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;desain"), "{}", page.body);
    assert_eq!(
        messages::inbox(&app.db).await.unwrap()[0].unread_for_agency,
        0
    );

    // An empty answer comes back refused; a good one is sent.
    let res = app
        .send(form_post_as(
            &format!("{thread}/answer"),
            "body=+++",
            &admin,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        format!("{thread}?gagal=invalid_input")
    );
    let refused = get_with_cookie(&app, &format!("{thread}?gagal=invalid_input"), &admin).await;
    assert_eq!(refused.status, 200);
    assert!(refused.body.contains("Tulis balasan 1–4000 karakter."));
    assert_eq!(count().await, 1);
    let res = app
        .send(form_post_as(
            &format!("{thread}/answer"),
            "body=Desain+dikirim+Jumat.",
            &admin,
        ))
        .await;
    assert_eq!(res.header("location"), format!("{thread}?ok=1"));
    assert_eq!(count().await, 2);
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("client-message-answer"))
        .filter(outbox_message::Column::ToEmail.eq("budi@example.id"))
        .count(app.db.reader())
        .await
        .unwrap();
    assert_eq!(mails, 1);
    assert_eq!(count_audits(&app, "client_message.answer").await, 1);
    let page = get_with_cookie(&app, &format!("{thread}?ok=1"), &admin).await;
    assert!(page.body.contains("Desain dikirim Jumat."));
    assert!(page.body.contains("Balasan terkirim ke klien."));

    // Unknown threads and malformed ids: a clear page, never a 500.
    let none = get_with_cookie(&app, "/admin/messages/9999/P-7", &admin).await;
    assert_eq!(none.status, 404, "{}", none.body);
    let res = app
        .send(form_post_as(
            "/admin/messages/9999/P-7/answer",
            "body=Halo",
            &admin,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        "/admin/messages/9999/P-7?gagal=not_found"
    );
    let res = app
        .send(form_post_as(
            &format!("/admin/messages/{budi}/P%207/answer"),
            "body=Halo",
            &admin,
        ))
        .await;
    assert_eq!(res.status, 404);
    // The status ended: the thread stays, without the answer form.
    clients::end_client(&app.db, &Actor::system("uji"), budi, chrono::Utc::now())
        .await
        .unwrap();
    let page = get_with_cookie(&app, &thread, &admin).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Kirim balasan"));
    assert!(page.body.contains("bukan klien agensi lagi"));
    let res = app
        .send(form_post_as(
            &format!("{thread}/answer"),
            "body=Halo",
            &admin,
        ))
        .await;
    assert_eq!(
        res.header("location"),
        format!("{thread}?gagal=not_a_client")
    );
    assert_eq!(count().await, 2);
}
