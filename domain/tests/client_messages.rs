//! Client message threads on SQLite and PostgreSQL: a client writes about
//! their project (admins e-mailed), a project of another client or a bad
//! body writes nothing, the agency answers (client e-mailed, audited), the
//! inbox and the client's list count what each side has not read, and
//! opening a thread marks it read.
mod common;
use common::{backends, member};

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    audit::Actor,
    clients::{
        self,
        ixonomic::contract::{Project, ProjectStatus},
        make_client,
        messages::{self, ThreadSummary},
        ClientAccount,
    },
    entities::{audit_entry, client_message::Author, outbox_message},
    orders::Site,
    Database, DomainError, Refusal,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ADMIN_EMAIL: &str = "admin@tiranyx.test";

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 3, 0, 0).unwrap()
}

fn project(id: &str, client_id: &str) -> Project {
    Project {
        id: id.into(),
        client_id: client_id.into(),
        name: "Website Koperasi".into(),
        status: ProjectStatus::InProgress,
        summary: "Situs profil".into(),
        started_on: None,
        due_on: None,
        progress_percent: 40,
        updated_at: t0(),
    }
}

/// An active admin (e-mailed), a disabled one (not), and their actor.
async fn admins(db: &Database) -> (i32, Actor) {
    let hasher = domain::accounts::PasswordHasher::new(1);
    let id = domain::admin::create_admin(
        db,
        &hasher,
        &Actor::system("cli"),
        ADMIN_EMAIL,
        "Admin Uji",
        "kopi tubruk tanpa gula 2026",
        t0(),
    )
    .await
    .unwrap();
    let off = domain::admin::create_admin(
        db,
        &hasher,
        &Actor::system("cli"),
        "mantan@tiranyx.test",
        "Mantan Admin",
        "kopi tubruk tanpa gula 2026",
        t0(),
    )
    .await
    .unwrap();
    use sea_orm::{sea_query::Expr, QueryFilter};
    domain::entities::admin::Entity::update_many()
        .col_expr(
            domain::entities::admin::Column::DisabledAt,
            Expr::value(Some(t0())),
        )
        .filter(domain::entities::admin::Column::Id.eq(off))
        .exec(db.writer())
        .await
        .unwrap();
    (id, Actor::admin(id, ADMIN_EMAIL, None))
}

async fn client(db: &Database, email: &str, ixonomic: &str) -> ClientAccount {
    let id = member(db, email).await;
    make_client(db, &Actor::system("cli"), id, ixonomic, t0())
        .await
        .unwrap();
    clients::client_of(db, id).await.unwrap()
}

async fn mails(db: &Database, template: &str, to: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq(template))
        .filter(outbox_message::Column::ToEmail.eq(to))
        .all(db.reader())
        .await
        .unwrap()
}

async fn written(db: &Database) -> (u64, u64) {
    (
        domain::entities::client_message::Entity::find()
            .count(db.reader())
            .await
            .unwrap(),
        outbox_message::Entity::find()
            .count(db.reader())
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn a_client_writes_and_the_admins_are_told() {
    for b in backends().await {
        let db = &b.db;
        admins(db).await;
        let c = client(db, "budi@example.id", "CL-1").await;
        let m = messages::post_by_client(
            db,
            &site(),
            &c,
            &project("P-7", "CL-1"),
            "  Kapan <b>desain</b> beranda dikirim?\n",
            t0(),
        )
        .await
        .unwrap();
        assert_eq!(m.body, "Kapan <b>desain</b> beranda dikirim?", "{}", b.name);
        assert_eq!(m.author, Author::Client);
        assert_eq!((m.user_id, m.project_id.as_str()), (c.user_id, "P-7"));
        assert_eq!(m.read_at, None);
        let sent = mails(db, "client-message", ADMIN_EMAIL).await;
        assert_eq!(sent.len(), 1, "{}", b.name);
        assert_eq!(sent[0].subject, "Pesan baru dari klien: Pembeli Uji");
        let link = format!("https://tiranyx.test/admin/messages/{}/P-7", c.user_id);
        assert!(sent[0].body_text.contains(&link), "{}", sent[0].body_text);
        assert!(sent[0].body_html.contains("&lt;b&gt;desain&lt;/b&gt;"));
        // The disabled admin gets nothing.
        assert!(mails(db, "client-message", "mantan@tiranyx.test")
            .await
            .is_empty());
        assert_eq!(
            messages::thread(db, c.user_id, "P-7").await.unwrap(),
            vec![m]
        );
    }
}

#[tokio::test]
async fn refused_posts_write_nothing() {
    for b in backends().await {
        let db = &b.db;
        admins(db).await;
        let c = client(db, "budi@example.id", "CL-1").await;
        let before = written(db).await;
        // Another client's project.
        let e = messages::post_by_client(db, &site(), &c, &project("P-9", "CL-2"), "Halo", t0())
            .await
            .unwrap_err();
        assert!(matches!(e, DomainError::NotFound), "{}: {e}", b.name);
        // Empty and too long.
        for body in ["", "  \n\t ", &"a".repeat(4001)] {
            let e = messages::post_by_client(db, &site(), &c, &project("P-7", "CL-1"), body, t0())
                .await
                .unwrap_err();
            assert!(
                e.fields().and_then(|f| f.get("body")).is_some(),
                "{}: {e}",
                b.name
            );
        }
        assert!(messages::post_by_client(
            db,
            &site(),
            &c,
            &project("P-7", "CL-1"),
            &"a".repeat(4000),
            t0()
        )
        .await
        .is_ok());
        let after = written(db).await;
        assert_eq!(
            (after.0, after.1),
            (before.0 + 1, before.1 + 1),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn the_agency_answers_and_the_client_is_told() {
    for b in backends().await {
        let db = &b.db;
        let (admin_id, actor) = admins(db).await;
        let c = client(db, "budi@example.id", "CL-1").await;
        let p = project("P-7", "CL-1");
        messages::post_by_client(db, &site(), &c, &p, "Pertanyaan satu", t0())
            .await
            .unwrap();
        let later = t0() + Duration::minutes(5);
        let a = messages::answer(
            db,
            &site(),
            &actor,
            admin_id,
            c.user_id,
            "P-7",
            " Desain dikirim Jumat. ",
            later,
        )
        .await
        .unwrap();
        assert_eq!(a.author, Author::Agency, "{}", b.name);
        assert_eq!(a.admin_id, Some(admin_id));
        assert_eq!(a.body, "Desain dikirim Jumat.");
        let sent = mails(db, "client-message-answer", "budi@example.id").await;
        assert_eq!(sent.len(), 1, "{}", b.name);
        assert_eq!(sent[0].subject, "Balasan dari tim Tiranyx untuk proyek P-7");
        assert!(sent[0]
            .body_text
            .contains("https://tiranyx.test/client/messages?project=P-7"));
        let audited = audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("client_message.answer"))
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(audited.len(), 1);
        assert_eq!(audited[0].target_id, Some(c.user_id));
        // Answering read the client's message.
        let thread = messages::thread(db, c.user_id, "P-7").await.unwrap();
        assert_eq!(thread.len(), 2);
        assert_eq!(thread[0].read_at, Some(later), "{}", b.name);
        assert_eq!(thread[1].id, a.id);

        // The agency may start a thread about another project.
        messages::answer(
            db,
            &site(),
            &actor,
            admin_id,
            c.user_id,
            "P-8",
            "Halo",
            later,
        )
        .await
        .unwrap();

        // Refused: a bad body or project id, a member who is no client, nobody.
        // (Registering queues a verification mail: before counting.)
        let plain = member(db, "sari@example.id").await;
        let before = written(db).await;
        let bad = [
            (c.user_id, "P-7", ""),
            (c.user_id, "P 7", "Halo"),
            (c.user_id, "", "Halo"),
        ];
        for (user, project, body) in bad {
            let e = messages::answer(db, &site(), &actor, admin_id, user, project, body, later)
                .await
                .unwrap_err();
            assert!(e.fields().is_some(), "{project:?} {body:?}: {e}");
        }
        let e = messages::answer(db, &site(), &actor, admin_id, plain, "P-7", "Halo", later)
            .await
            .unwrap_err();
        assert!(
            matches!(e, DomainError::Refused(Refusal::NotAClient)),
            "{e}"
        );
        let e = messages::answer(db, &site(), &actor, admin_id, 9999, "P-7", "Halo", later)
            .await
            .unwrap_err();
        assert!(matches!(e, DomainError::NotFound), "{e}");
        assert_eq!(written(db).await, before, "{}", b.name);
    }
}

fn summary<'a>(list: &'a [ThreadSummary], user: i32, project: &str) -> &'a ThreadSummary {
    list.iter()
        .find(|t| t.user_id == user && t.project_id == project)
        .unwrap()
}

#[tokio::test]
async fn inbox_and_unread_counts() {
    for b in backends().await {
        let db = &b.db;
        let (admin_id, actor) = admins(db).await;
        let budi = client(db, "budi@example.id", "CL-1").await;
        let sari = client(db, "sari@example.id", "CL-2").await;
        assert!(messages::inbox(db).await.unwrap().is_empty());
        let at = |m: i64| t0() + Duration::minutes(m);
        let post = |c: &ClientAccount, p: &str, ixo: &str, body: &str, m| {
            let (c, p, body) = (c.clone(), project(p, ixo), body.to_owned());
            async move {
                messages::post_by_client(db, &site(), &c, &p, &body, at(m))
                    .await
                    .unwrap()
            }
        };
        post(&budi, "P-1", "CL-1", "satu", 1).await;
        post(&budi, "P-1", "CL-1", "dua\n\n  baris", 2).await;
        post(&sari, "P-5", "CL-2", "dari Sari", 3).await;
        post(&budi, "P-2", "CL-1", "proyek lain", 4).await;

        let inbox = messages::inbox(db).await.unwrap();
        let order: Vec<(i32, &str)> = inbox
            .iter()
            .map(|t| (t.user_id, t.project_id.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                (budi.user_id, "P-2"),
                (sari.user_id, "P-5"),
                (budi.user_id, "P-1")
            ],
            "{}",
            b.name
        );
        let p1 = summary(&inbox, budi.user_id, "P-1");
        assert_eq!(p1.unread_for_agency, 2);
        assert_eq!(p1.unread_for_client, 0);
        assert_eq!(p1.last_body_excerpt, "dua baris");
        assert_eq!(p1.last_at, at(2));
        assert_eq!(p1.last_author, Author::Client);
        assert_eq!(p1.client_email, "budi@example.id");
        assert_eq!(p1.client_name, "Pembeli Uji");

        // The agency opens P-1: read; P-2 still unread.
        assert_eq!(
            messages::mark_read_by_agency(db, budi.user_id, "P-1", at(5))
                .await
                .unwrap(),
            2
        );
        messages::answer(
            db,
            &site(),
            &actor,
            admin_id,
            budi.user_id,
            "P-2",
            "balasan",
            at(6),
        )
        .await
        .unwrap();
        messages::answer(
            db,
            &site(),
            &actor,
            admin_id,
            budi.user_id,
            "P-1",
            "jawab",
            at(7),
        )
        .await
        .unwrap();
        let inbox = messages::inbox(db).await.unwrap();
        assert_eq!(
            (inbox[0].user_id, inbox[0].project_id.as_str()),
            (budi.user_id, "P-1")
        );
        assert_eq!(inbox[0].last_author, Author::Agency);
        assert!(inbox
            .iter()
            .all(|t| t.user_id == sari.user_id || t.unread_for_agency == 0));
        assert_eq!(summary(&inbox, sari.user_id, "P-5").unread_for_agency, 1);

        // The client's own list: only theirs, with what they have not read.
        let mine = messages::threads_of_client(db, budi.user_id).await.unwrap();
        assert_eq!(mine.len(), 2, "{}", b.name);
        assert!(mine.iter().all(|t| t.user_id == budi.user_id));
        assert_eq!(summary(&mine, budi.user_id, "P-1").unread_for_client, 1);
        assert_eq!(summary(&mine, budi.user_id, "P-2").unread_for_client, 1);
        assert_eq!(
            messages::mark_read_by_client(db, budi.user_id, "P-1", at(8))
                .await
                .unwrap(),
            1
        );
        // Marking again finds nothing; the agency's read marks stay.
        assert_eq!(
            messages::mark_read_by_client(db, budi.user_id, "P-1", at(9))
                .await
                .unwrap(),
            0
        );
        let mine = messages::threads_of_client(db, budi.user_id).await.unwrap();
        assert_eq!(summary(&mine, budi.user_id, "P-1").unread_for_client, 0);
        assert_eq!(summary(&mine, budi.user_id, "P-2").unread_for_client, 1);
        let thread = messages::thread(db, budi.user_id, "P-1").await.unwrap();
        assert_eq!(thread.last().unwrap().read_at, Some(at(8)));
        assert!(messages::threads_of_client(db, sari.user_id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.project_id == "P-5"));
    }
}
