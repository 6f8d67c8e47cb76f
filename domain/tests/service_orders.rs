//! Service orders on SQLite and PostgreSQL, with an injected clock: a brief
//! goes through quote, acceptance (the product checkout), payment (the
//! provider's report through `orders::record_payment`), progress notes,
//! deliverables opened through signed links, a revision and approval to
//! completion; every refused step writes nothing; concurrent accepts make
//! one order and concurrent payment reports start the work once.
mod common;
use common::{backends, member};

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    audit::Actor,
    deliverables::{self, Deliverables, FileRules},
    entities::{
        audit_entry,
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        outbox_message, service,
        service_order::{self, ServiceOrderState as State},
        service_order_event::{self, EventKind},
        service_order_file::{self, Approval},
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
    service_orders::{self, Attachment, BriefInput, Canceller, QuoteInput},
    Database, DomainError, Refusal,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const SERVICE: &str = "website-company-profile";
const ADMIN_EMAIL: &str = "admin@tiranyx.test";

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 10, 3, 0, 0).unwrap()
}

fn rules() -> FileRules {
    FileRules {
        extensions: deliverables::DEFAULT_EXTENSIONS
            .split(',')
            .map(str::to_owned)
            .collect(),
        max_bytes: 1024 * 1024,
    }
}

fn ttl() -> Duration {
    Duration::hours(24)
}

/// A published service, an admin (who gets the admins' e-mails) and its
/// audit actor.
async fn setup(db: &Database) -> Actor {
    service::Entity::insert(service::ActiveModel {
        slug: Set(SERVICE.into()),
        title: Set("Website Company Profile".into()),
        summary: Set("Situs profil perusahaan".into()),
        body_md: Set("Uji".into()),
        icon: Set("globe".into()),
        price_from_idr: Set(Some(4_500_000)),
        sort_order: Set(0),
        published: Set(true),
        created_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
    let id = domain::admin::create_admin(
        db,
        &domain::accounts::PasswordHasher::new(1),
        &Actor::system("cli"),
        ADMIN_EMAIL,
        "Admin Uji",
        "kopi tubruk tanpa gula 2026",
        t0(),
    )
    .await
    .unwrap();
    Actor::admin(id, ADMIN_EMAIL, None)
}

async fn buyer(db: &Database, email: &str) -> Buyer {
    Buyer {
        user_id: member(db, email).await,
        name: "Pembeli Uji".into(),
        email: email.into(),
        phone: None,
    }
}

fn brief() -> BriefInput {
    BriefInput {
        service_slug: SERVICE.into(),
        brief: "Website profil perusahaan lima halaman dengan formulir kontak dan blog.".into(),
        budget_min: "5.000.000".into(),
        budget_max: "15.000.000".into(),
        deadline: "2026-03-01".into(),
        attachments: vec![Attachment {
            name: "referensi.pdf".into(),
            bytes: b"%PDF-1.4 referensi".to_vec(),
        }],
    }
}

fn quote() -> QuoteInput {
    QuoteInput {
        price: "7.500.000".into(),
        scope: "Lima halaman, formulir kontak, blog, dua kali revisi.".into(),
        valid_until: "2026-01-17".into(),
    }
}

async fn pay(db: &Database, o: &order::Model, now: DateTime<Utc>) -> Recorded {
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(o.amount_idr),
        provider_ref: Some("tx-layanan"),
        external_id: None,
        raw: "{}",
    };
    orders::record_payment(db, &site(), &o.order_code, &report, now)
        .await
        .unwrap()
}

async fn stored(db: &Database, id: i32) -> service_order::Model {
    service_order::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn mails(db: &Database, template: &str, to: &str) -> u64 {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq(template))
        .filter(outbox_message::Column::ToEmail.eq(to))
        .count(db.reader())
        .await
        .unwrap()
}

async fn kinds(db: &Database, id: i32) -> Vec<EventKind> {
    service_orders::admin_detail(db, id, t0())
        .await
        .unwrap()
        .timeline
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// Everything a step could write, to show a refused one wrote nothing.
#[derive(Debug, PartialEq)]
struct Snapshot {
    orders: Vec<service_order::Model>,
    files: Vec<service_order_file::Model>,
    events: u64,
    audit: u64,
    outbox: u64,
    checkout: Vec<order::Model>,
    stored_files: usize,
}

async fn snapshot(db: &Database, d: &Deliverables) -> Snapshot {
    let r = db.reader();
    Snapshot {
        orders: service_order::Entity::find().all(r).await.unwrap(),
        files: service_order_file::Entity::find().all(r).await.unwrap(),
        events: service_order_event::Entity::find().count(r).await.unwrap(),
        audit: audit_entry::Entity::find().count(r).await.unwrap(),
        outbox: outbox_message::Entity::find().count(r).await.unwrap(),
        checkout: order::Entity::find().all(r).await.unwrap(),
        stored_files: std::fs::read_dir(&d.dir).map_or(0, |e| e.count()),
    }
}

fn refused(e: DomainError) -> Refusal {
    match e {
        DomainError::Refused(r) => r,
        other => panic!("expected a refusal: {other:?}"),
    }
}

/// The token of a service deliverable link.
fn token_of(url: &str) -> &str {
    url.rsplit_once("/api/files/service-deliverables/")
        .expect("a service deliverable URL")
        .1
}

#[tokio::test]
async fn a_brief_goes_from_quote_and_payment_to_approved_deliverables() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing_deliverables(dir.path());
        let admin = setup(db).await;
        let m = buyer(db, "klien@example.id").await;
        let stranger = buyer(db, "orang-lain@example.id").await;
        let now = t0();

        // The brief: one order, its attachment kept privately, the admin told.
        let o = service_orders::submit_brief(db, &d, &rules(), &site(), &m, &brief(), now)
            .await
            .unwrap();
        assert_eq!(o.state, State::Briefed, "{}", b.name);
        assert_eq!(
            (o.budget_min_idr, o.budget_max_idr),
            (5_000_000, 15_000_000)
        );
        assert_eq!(mails(db, "service-brief", ADMIN_EMAIL).await, 1);
        let detail = service_orders::member_detail(db, &d, m.user_id, o.id, now)
            .await
            .unwrap();
        assert_eq!(detail.attachments.len(), 1);
        let attachment = &detail.attachments[0];
        let opened = service_orders::admin_file(db, o.id, attachment.id)
            .await
            .unwrap();
        assert_eq!(
            &d.files.get(&opened.stored_name).await.unwrap()[..],
            b"%PDF-1.4 referensi"
        );

        // A stranger sees nothing of it.
        for e in [
            service_orders::member_detail(db, &d, stranger.user_id, o.id, now)
                .await
                .unwrap_err(),
            service_orders::accept_quote(db, &site(), &stranger, o.id, ttl(), now)
                .await
                .unwrap_err(),
        ] {
            assert!(matches!(e, DomainError::NotFound), "{e:?}");
        }
        assert!(service_orders::member_list(db, stranger.user_id, now)
            .await
            .unwrap()
            .is_empty());

        // The quote; a second one is refused while it holds.
        let quoted = service_orders::send_quote(db, &site(), &admin, o.id, &quote(), now)
            .await
            .unwrap();
        assert_eq!(quoted.state, State::Quoted);
        assert_eq!(quoted.quote_price_idr, Some(7_500_000));
        assert_eq!(mails(db, "service-quote", "klien@example.id").await, 1);
        let again = service_orders::send_quote(db, &site(), &admin, o.id, &quote(), now)
            .await
            .unwrap_err();
        assert_eq!(refused(again), Refusal::ServiceOrderState);

        // Accepting places a service order in the checkout; a second click
        // gets the same order.
        let checkout = service_orders::accept_quote(db, &site(), &m, o.id, ttl(), now)
            .await
            .unwrap();
        assert_eq!(checkout.item_kind, OrderItemKind::Service);
        assert_eq!(checkout.amount_idr, 7_500_000);
        assert_eq!(checkout.payment_provider, PaymentProvider::Midtrans);
        assert_eq!(checkout.status, OrderStatus::Pending);
        let twice = service_orders::accept_quote(db, &site(), &m, o.id, ttl(), now)
            .await
            .unwrap();
        assert_eq!(twice.id, checkout.id);
        assert_eq!(stored(db, o.id).await.state, State::AwaitingPayment);
        assert_eq!(stored(db, o.id).await.order_id, Some(checkout.id));
        assert_eq!(mails(db, "service-accepted", ADMIN_EMAIL).await, 1);

        // Paying (the provider's report, as for products) starts the work,
        // once.
        let paid_at = now + Duration::hours(1);
        assert_eq!(
            pay(db, &checkout, paid_at).await,
            Recorded::Moved(OrderStatus::Paid)
        );
        assert_eq!(pay(db, &checkout, paid_at).await, Recorded::Duplicate);
        assert_eq!(stored(db, o.id).await.state, State::InProgress);
        assert_eq!(mails(db, "service-started", "klien@example.id").await, 1);

        // A progress note, then a deliverable.
        service_orders::post_progress_note(
            db,
            &site(),
            &admin,
            o.id,
            "Desain beranda selesai.",
            paid_at,
        )
        .await
        .unwrap();
        assert_eq!(mails(db, "service-progress", "klien@example.id").await, 1);
        let v1 = service_orders::add_deliverable(
            db,
            &d,
            &rules(),
            &site(),
            &admin,
            o.id,
            "desain-v1.pdf",
            b"%PDF v1",
            paid_at,
        )
        .await
        .unwrap();
        assert_eq!(stored(db, o.id).await.state, State::Delivered);
        assert_eq!(
            mails(db, "service-deliverable", "klien@example.id").await,
            1
        );

        // The member's signed link opens it; not another scope's, not a
        // stranger's, not after it expires.
        let detail = service_orders::member_detail(db, &d, m.user_id, o.id, paid_at)
            .await
            .unwrap();
        let (file, link) = &detail.deliverables[0];
        assert_eq!(file.id, v1.id);
        let link = link.clone().expect("a link for the member");
        let token = token_of(&link.url);
        let download = service_orders::open_deliverable(db, &d, token, paid_at)
            .await
            .unwrap();
        assert_eq!(download.file_name, "desain-v1.pdf");
        assert_eq!(
            &d.files.get(&download.stored_name).await.unwrap()[..],
            b"%PDF v1"
        );
        let fresh = service_orders::deliverable_link(db, &d, m.user_id, o.id, v1.id, paid_at)
            .await
            .unwrap();
        assert!(
            service_orders::open_deliverable(db, &d, token_of(&fresh.url), paid_at)
                .await
                .is_ok()
        );
        let as_purchase =
            deliverables::open(db, &d, token, "127.0.0.1".parse().unwrap(), true, paid_at)
                .await
                .unwrap_err();
        assert_eq!(refused(as_purchase), Refusal::LinkInvalid);
        let late = service_orders::open_deliverable(db, &d, token, paid_at + Duration::hours(73))
            .await
            .unwrap_err();
        assert_eq!(refused(late), Refusal::LinkExpired);
        let e = service_orders::deliverable_link(db, &d, stranger.user_id, o.id, v1.id, paid_at)
            .await
            .unwrap_err();
        assert!(matches!(e, DomainError::NotFound), "{e:?}");

        // A revision (the comment is required), then the next version.
        let e =
            service_orders::request_revision(db, &site(), m.user_id, o.id, v1.id, "ubah", paid_at)
                .await
                .unwrap_err();
        assert!(e.fields().unwrap().get("comment").is_some(), "{e:?}");
        service_orders::request_revision(
            db,
            &site(),
            m.user_id,
            o.id,
            v1.id,
            "Warna biru perusahaan kami #0044aa, bukan biru muda.",
            paid_at,
        )
        .await
        .unwrap();
        assert_eq!(stored(db, o.id).await.state, State::RevisionRequested);
        assert_eq!(mails(db, "service-revision", ADMIN_EMAIL).await, 1);
        let v2 = service_orders::add_deliverable(
            db,
            &d,
            &rules(),
            &site(),
            &admin,
            o.id,
            "desain-v2.pdf",
            b"%PDF v2",
            paid_at,
        )
        .await
        .unwrap();
        let v1_now = service_order_file::Entity::find_by_id(v1.id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v1_now.approval, Some(Approval::Replaced));
        assert_eq!(
            v1_now.revision_comment.as_deref(),
            Some("Warna biru perusahaan kami #0044aa, bukan biru muda.")
        );
        // The replaced one takes no decision any more.
        let e = service_orders::approve_deliverable(db, &site(), m.user_id, o.id, v1.id, paid_at)
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);

        // Approving the last one completes the order and fulfils its
        // checkout order.
        let done_at = paid_at + Duration::days(3);
        let state =
            service_orders::approve_deliverable(db, &site(), m.user_id, o.id, v2.id, done_at)
                .await
                .unwrap();
        assert_eq!(state, State::Completed);
        let done = stored(db, o.id).await;
        assert_eq!(
            (done.state, done.completed_at),
            (State::Completed, Some(done_at))
        );
        let checkout_now = order::Entity::find_by_id(checkout.id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(checkout_now.status, OrderStatus::Fulfilled);
        assert_eq!(mails(db, "service-completed", "klien@example.id").await, 1);
        assert_eq!(mails(db, "service-approved", ADMIN_EMAIL).await, 1);

        // A completed order takes no more notes or files (none written).
        let before = snapshot(db, &d).await;
        let e =
            service_orders::post_progress_note(db, &site(), &admin, o.id, "Satu lagi.", done_at)
                .await
                .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        let e = service_orders::add_deliverable(
            db,
            &d,
            &rules(),
            &site(),
            &admin,
            o.id,
            "tambahan.pdf",
            b"%PDF",
            done_at,
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        assert_eq!(snapshot(db, &d).await, before);

        use EventKind::*;
        assert_eq!(
            kinds(db, o.id).await,
            [
                BriefSubmitted,
                QuoteSent,
                QuoteAccepted,
                Paid,
                ProgressNote,
                DeliverableAdded,
                RevisionRequested,
                DeliverableAdded,
                DeliverableApproved,
                Completed,
            ]
        );
        let audited = audit_entry::Entity::find()
            .filter(audit_entry::Column::TargetType.eq("service_order"))
            .filter(audit_entry::Column::TargetId.eq(o.id))
            .count(db.reader())
            .await
            .unwrap();
        // brief, quote, accept, paid, note, 2 deliverables, revision, approve.
        assert_eq!(audited, 9);
        let mine = service_orders::member_list(db, m.user_id, done_at)
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
        let completed = service_orders::admin_list(db, Some(State::Completed), done_at)
            .await
            .unwrap();
        assert_eq!(completed.len(), 1);
    }
}

#[tokio::test]
async fn refused_steps_write_nothing() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing_deliverables(dir.path());
        let admin = setup(db).await;
        let m = buyer(db, "klien@example.id").await;
        let stranger = buyer(db, "orang-lain@example.id").await;
        let now = t0();

        // Bad briefs: no order, no file kept.
        let before = snapshot(db, &d).await;
        let bad_file = BriefInput {
            attachments: vec![Attachment {
                name: "virus.exe".into(),
                bytes: b"MZ".to_vec(),
            }],
            ..brief()
        };
        let too_big = BriefInput {
            attachments: vec![Attachment {
                name: "besar.pdf".into(),
                bytes: vec![b'x'; 2 * 1024 * 1024],
            }],
            ..brief()
        };
        let past = BriefInput {
            deadline: "2026-01-09".into(),
            ..brief()
        };
        for (input, field) in [
            (bad_file, "attachments"),
            (too_big, "attachments"),
            (past, "deadline"),
        ] {
            let e = service_orders::submit_brief(db, &d, &rules(), &site(), &m, &input, now)
                .await
                .unwrap_err();
            assert!(
                e.fields().and_then(|f| f.get(field)).is_some(),
                "{field}: {e:?}"
            );
        }
        let unknown = BriefInput {
            service_slug: "tidak-ada".into(),
            ..brief()
        };
        let e = service_orders::submit_brief(db, &d, &rules(), &site(), &m, &unknown, now)
            .await
            .unwrap_err();
        assert!(matches!(e, DomainError::NotFound), "{e:?}");
        assert_eq!(snapshot(db, &d).await, before, "{}", b.name);

        let o = service_orders::submit_brief(db, &d, &rules(), &site(), &m, &brief(), now)
            .await
            .unwrap();
        let before = snapshot(db, &d).await;
        // Accepting before a quote; approving before delivery; a bad quote;
        // a note before payment; a stranger's acceptance or cancellation.
        let e = service_orders::accept_quote(db, &site(), &m, o.id, ttl(), now)
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        let file_id = before.files[0].id;
        let e = service_orders::approve_deliverable(db, &site(), m.user_id, o.id, file_id, now)
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        let bad_quote = QuoteInput {
            price: "0".into(),
            scope: "".into(),
            valid_until: "2026-01-01".into(),
        };
        let e = service_orders::send_quote(db, &site(), &admin, o.id, &bad_quote, now)
            .await
            .unwrap_err();
        let fields = e.fields().unwrap();
        for f in ["price", "scope", "valid_until"] {
            assert!(fields.get(f).is_some(), "{f}: {e:?}");
        }
        let e = service_orders::post_progress_note(db, &site(), &admin, o.id, "Mulai.", now)
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        let e = service_orders::add_deliverable(
            db,
            &d,
            &rules(),
            &site(),
            &admin,
            o.id,
            "awal.pdf",
            b"%PDF",
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        let e = service_orders::cancel(
            db,
            &site(),
            Canceller::Member(stranger.user_id),
            o.id,
            "",
            now,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, DomainError::NotFound), "{e:?}");
        assert_eq!(snapshot(db, &d).await, before);

        // A quote lapses: accepting (paying) it is refused, nothing written;
        // the admin may quote again.
        service_orders::send_quote(db, &site(), &admin, o.id, &quote(), now)
            .await
            .unwrap();
        let lapsed = Utc.with_ymd_and_hms(2026, 1, 17, 17, 0, 0).unwrap();
        let still = Utc.with_ymd_and_hms(2026, 1, 17, 16, 59, 0).unwrap();
        let detail = service_orders::admin_detail(db, o.id, still).await.unwrap();
        assert_eq!(detail.state, State::Quoted);
        let before = snapshot(db, &d).await;
        let e = service_orders::accept_quote(db, &site(), &m, o.id, ttl(), lapsed)
            .await
            .unwrap_err();
        assert_eq!(refused(e), Refusal::QuoteExpired);
        assert_eq!(snapshot(db, &d).await, before);
        let expired = service_orders::admin_list(db, Some(State::QuoteExpired), lapsed)
            .await
            .unwrap();
        assert_eq!(expired.len(), 1);
        let requote = QuoteInput {
            valid_until: "2026-01-25".into(),
            ..quote()
        };
        let q = service_orders::send_quote(db, &site(), &admin, o.id, &requote, lapsed)
            .await
            .unwrap();
        assert_eq!(q.state, State::Quoted);

        // Paid work is not cancelled here.
        let checkout = service_orders::accept_quote(db, &site(), &m, o.id, ttl(), lapsed)
            .await
            .unwrap();
        pay(db, &checkout, lapsed).await;
        let before = snapshot(db, &d).await;
        let e = service_orders::cancel(
            db,
            &site(),
            Canceller::Admin(&admin),
            o.id,
            "Klien mundur.",
            lapsed,
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e), Refusal::ServiceOrderState);
        assert_eq!(snapshot(db, &d).await, before);
    }
}

#[tokio::test]
async fn a_cancelled_order_s_late_payment_moves_nothing() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing_deliverables(dir.path());
        let admin = setup(db).await;
        let m = buyer(db, "klien@example.id").await;
        let now = t0();
        let o = service_orders::submit_brief(db, &d, &rules(), &site(), &m, &brief(), now)
            .await
            .unwrap();
        service_orders::send_quote(db, &site(), &admin, o.id, &quote(), now)
            .await
            .unwrap();
        let checkout = service_orders::accept_quote(db, &site(), &m, o.id, ttl(), now)
            .await
            .unwrap();
        service_orders::cancel(db, &site(), Canceller::Member(m.user_id), o.id, "", now)
            .await
            .unwrap();
        assert_eq!(stored(db, o.id).await.state, State::Cancelled, "{}", b.name);
        let c = order::Entity::find_by_id(checkout.id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.status, OrderStatus::Cancelled);
        assert_eq!(mails(db, "service-cancelled", "klien@example.id").await, 1);
        // The provider reports the money anyway: the order is paid, the
        // service order stays cancelled and the timeline says so.
        assert_eq!(
            pay(db, &checkout, now).await,
            Recorded::Moved(OrderStatus::Paid)
        );
        assert_eq!(stored(db, o.id).await.state, State::Cancelled);
        assert_eq!(
            kinds(db, o.id).await.last(),
            Some(&EventKind::PaymentUnexpected)
        );
        assert_eq!(mails(db, "service-started", "klien@example.id").await, 0);
    }
}

#[tokio::test]
async fn concurrent_accepts_make_one_order_and_concurrent_payments_start_once() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing_deliverables(dir.path());
        let admin = setup(db).await;
        let m = buyer(db, "klien@example.id").await;
        let now = t0();
        let o = service_orders::submit_brief(db, &d, &rules(), &site(), &m, &brief(), now)
            .await
            .unwrap();
        service_orders::send_quote(db, &site(), &admin, o.id, &quote(), now)
            .await
            .unwrap();
        let s = site();
        let accept = || service_orders::accept_quote(db, &s, &m, o.id, ttl(), now);
        let (a, b2, c, e) = tokio::join!(accept(), accept(), accept(), accept());
        let ids: Vec<i32> = [a, b2, c, e].into_iter().map(|r| r.unwrap().id).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{}: {ids:?}", b.name);
        let service_orders_placed = order::Entity::find()
            .filter(order::Column::ItemKind.eq(OrderItemKind::Service))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(service_orders_placed, 1);
        let accepted = kinds(db, o.id)
            .await
            .into_iter()
            .filter(|k| *k == EventKind::QuoteAccepted)
            .count();
        assert_eq!(accepted, 1);

        let checkout = order::Entity::find_by_id(ids[0])
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        let (p1, p2, p3, p4) = tokio::join!(
            pay(db, &checkout, now),
            pay(db, &checkout, now),
            pay(db, &checkout, now),
            pay(db, &checkout, now)
        );
        let moved = [p1, p2, p3, p4]
            .iter()
            .filter(|r| **r == Recorded::Moved(OrderStatus::Paid))
            .count();
        assert_eq!(moved, 1);
        assert_eq!(stored(db, o.id).await.state, State::InProgress);
        let paid_events = kinds(db, o.id)
            .await
            .into_iter()
            .filter(|k| *k == EventKind::Paid)
            .count();
        assert_eq!(paid_events, 1);
        assert_eq!(mails(db, "service-started", "klien@example.id").await, 1);
    }
}

fn testing_deliverables(dir: &std::path::Path) -> Deliverables {
    domain::testing::deliverables(dir, 5)
}
