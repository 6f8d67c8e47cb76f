//! Files delivered by e-mail link: the admin's files (checked, private,
//! audited), delivery mailing signed links in its transaction, and a link
//! opening a download only while it is valid, the purchase live and under
//! its limit, even under concurrent downloads. SQLite and PostgreSQL.
mod common;

use chrono::{Duration, Utc};
use common::{backends, member};
use domain::{
    audit::Actor,
    deliverables::{self, FileRules, Link},
    entities::{
        audit_entry, download_event,
        order::{self, OrderStatus, PaymentProvider},
        outbox_message, product_file,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Site},
    testing, Database, DomainError, Refusal,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::net::{IpAddr, Ipv4Addr};

const IP: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 9));

fn rules() -> FileRules {
    FileRules {
        extensions: vec!["zip".into(), "pdf".into()],
        max_bytes: 1024,
    }
}

fn admin() -> Actor {
    Actor::admin(1, "admin@tiranyx.test", Some("198.51.100.1".into()))
}

/// A paid order of a fresh member for `slug`, with its purchase.
async fn paid(db: &Database, email: &str, slug: &str, price: i64) -> order::Model {
    let user_id = member(db, email).await;
    let buyer = Buyer {
        user_id,
        name: "Pembeli File".into(),
        email: email.into(),
        phone: None,
    };
    let o = orders::order_product(
        db,
        &buyer,
        slug,
        PaymentProvider::Midtrans,
        Duration::hours(24),
        Utc::now(),
    )
    .await
    .unwrap();
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(price),
        provider_ref: Some("tx-file"),
        external_id: None,
        raw: "{}",
    };
    let site = Site {
        url: "https://tiranyx.test".parse().unwrap(),
    };
    orders::record_payment(db, &site, &o.order_code, &report, Utc::now())
        .await
        .unwrap();
    o
}

async fn purchase_of(db: &Database, order_id: i32) -> user_purchase::Model {
    user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

/// The links in the newest `delivery-ready` e-mail to `to`.
async fn mailed_links(db: &Database, to: &str) -> Vec<String> {
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("delivery-ready"))
        .filter(outbox_message::Column::ToEmail.eq(to))
        .all(db.reader())
        .await
        .unwrap();
    let Some(last) = mails.last() else {
        return Vec::new();
    };
    last.body_text
        .split_whitespace()
        .filter(|w| w.contains("/api/files/deliverables/"))
        .map(str::to_owned)
        .collect()
}

fn token_of(url: &str) -> &str {
    url.rsplit('/').next().unwrap()
}

#[tokio::test]
async fn admins_add_checked_files_to_private_storage_audited() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing::deliverables(dir.path(), 3);
        let product = testing::product(
            db,
            ("berkas", "Paket Berkas"),
            99_000,
            None,
            DeliveryType::EmailFile,
        )
        .await;
        let now = Utc::now();
        for (name, bytes) in [
            ("panduan.exe", &b"MZ"[..]),
            ("tanpa-ekstensi", &b"isi"[..]),
            ("kosong.zip", &b""[..]),
            ("besar.zip", &[0u8; 1025][..]),
        ] {
            let err = deliverables::add_file(db, &d, &rules(), &admin(), product, name, bytes, now)
                .await
                .unwrap_err();
            assert!(matches!(err, DomainError::Invalid(_)), "{name}: {err:?}");
        }
        assert_eq!(
            std::fs::read_dir(dir.path())
                .map(|r| r.count())
                .unwrap_or(0),
            0
        );
        let missing =
            deliverables::add_file(db, &d, &rules(), &admin(), 9999, "a.zip", b"PK", now).await;
        assert!(matches!(missing, Err(DomainError::NotFound)));

        let f = deliverables::add_file(
            db,
            &d,
            &rules(),
            &admin(),
            product,
            "../../Panduan \"Lengkap\".PDF",
            b"%PDF-1.7 isi",
            now,
        )
        .await
        .unwrap();
        assert_eq!(f.file_name, "Panduan Lengkap.PDF");
        assert_eq!(f.content_type, "application/pdf");
        assert_eq!(f.size_bytes, 12);
        let stored = dir.path().join(&f.stored_name);
        assert_eq!(std::fs::read(&stored).unwrap(), b"%PDF-1.7 isi");
        assert!(!f.stored_name.contains("Panduan"), "random stored names");

        deliverables::remove_file(db, &d, &admin(), product, f.id, now)
            .await
            .unwrap();
        assert!(!stored.exists());
        let audit: Vec<String> = audit_entry::Entity::find()
            .all(db.reader())
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(
            audit,
            ["product.file_add", "product.file_remove"],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn delivery_mails_signed_links_that_open_within_the_limit() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing::deliverables(dir.path(), 3);
        let product = testing::product(
            db,
            ("berkas", "Paket Berkas"),
            99_000,
            None,
            DeliveryType::EmailFile,
        )
        .await;
        let o = paid(db, "file@example.id", "berkas", 99_000).await;

        // No files yet: the job fails (and is retried), nothing delivered.
        let err = orders::deliver(db, &d, o.id, Utc::now()).await.unwrap_err();
        assert!(matches!(err, DomainError::Unavailable(_)), "{err:?}");
        assert_eq!(
            purchase_of(db, o.id).await.delivery_status,
            DeliveryStatus::Pending
        );
        assert!(mailed_links(db, "file@example.id").await.is_empty());

        let now = Utc::now();
        let rules = rules();
        let zip = deliverables::add_file(
            db,
            &d,
            &rules,
            &admin(),
            product,
            "kit.zip",
            b"PK\x03\x04isi",
            now,
        )
        .await
        .unwrap();
        deliverables::add_file(
            db,
            &d,
            &rules,
            &admin(),
            product,
            "panduan.pdf",
            b"%PDF",
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            orders::deliver(db, &d, o.id, Utc::now()).await.unwrap(),
            orders::Delivered::Now
        );
        assert_eq!(
            orders::deliver(db, &d, o.id, Utc::now()).await.unwrap(),
            orders::Delivered::Already
        );
        let links = mailed_links(db, "file@example.id").await;
        assert_eq!(links.len(), 2, "{}: one link per file, one e-mail", b.name);
        assert!(links[0].starts_with("http://127.0.0.1:3000/api/files/deliverables/"));

        // The link opens the right file, counted and logged.
        let file = deliverables::open(db, &d, token_of(&links[0]), IP, true, Utc::now())
            .await
            .unwrap();
        assert_eq!(file.file_name, "kit.zip");
        assert_eq!(
            &d.files.get(&file.stored_name).await.unwrap()[..],
            b"PK\x03\x04isi"
        );
        let events = download_event::Entity::find()
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            (events[0].file_id, events[0].ip.as_str()),
            (zip.id, "203.0.113.9")
        );
        // A later part of a ranged download is not another download.
        deliverables::open(db, &d, token_of(&links[0]), IP, false, Utc::now())
            .await
            .unwrap();
        assert_eq!(purchase_of(db, o.id).await.download_count, 1);

        // Tampered, expired, another purchase's file: refused.
        let mut forged = links[0].clone();
        forged.push('0');
        let refusal = |r: Result<deliverables::Download, DomainError>| match r {
            Err(DomainError::Refused(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refusal(deliverables::open(db, &d, token_of(&forged), IP, true, Utc::now()).await),
            Refusal::LinkInvalid
        );
        let later = Utc::now() + deliverables::LINK_TTL + Duration::minutes(1);
        assert_eq!(
            refusal(deliverables::open(db, &d, token_of(&links[0]), IP, true, later).await),
            Refusal::LinkExpired
        );
        let purchase = purchase_of(db, o.id).await;
        let foreign = testing::product(
            db,
            ("lain", "Produk Lain"),
            1_000,
            None,
            DeliveryType::EmailFile,
        )
        .await;
        let other =
            deliverables::add_file(db, &d, &rules, &admin(), foreign, "lain.zip", b"PK", now)
                .await
                .unwrap();
        let cross = d
            .signer
            .token(&Link::new(purchase.id, other.id, Utc::now()));
        assert_eq!(
            refusal(deliverables::open(db, &d, &cross, IP, true, Utc::now()).await),
            Refusal::LinkInvalid
        );

        // The limit (3): two more downloads, then refused.
        for _ in 0..2 {
            deliverables::open(db, &d, token_of(&links[1]), IP, true, Utc::now())
                .await
                .unwrap();
        }
        assert_eq!(
            refusal(deliverables::open(db, &d, token_of(&links[1]), IP, true, Utc::now()).await),
            Refusal::DownloadLimitReached
        );
        assert_eq!(
            download_event::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            3
        );

        // The admin sends fresh links and gives the downloads back.
        let sent = deliverables::reissue(db, &d, &admin(), o.id, Utc::now())
            .await
            .unwrap();
        assert_eq!(sent, 2);
        assert_eq!(purchase_of(db, o.id).await.download_count, 0);
        let fresh = mailed_links(db, "file@example.id").await;
        deliverables::open(db, &d, token_of(&fresh[0]), IP, true, Utc::now())
            .await
            .unwrap();

        // A refund takes it back: links stop working.
        orders::record_payment(
            db,
            &Site {
                url: "https://tiranyx.test".parse().unwrap(),
            },
            &o.order_code,
            &PaymentReport {
                source: EventSource::Midtrans,
                target: Some(OrderStatus::Refunded),
                amount: PaidAmount::Idr(99_000),
                provider_ref: None,
                external_id: None,
                raw: "{}",
            },
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(
            refusal(deliverables::open(db, &d, token_of(&fresh[1]), IP, true, Utc::now()).await),
            Refusal::OrderNotPaid
        );
        let _ = product_file::Entity::find()
            .count(db.reader())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn concurrent_downloads_never_pass_the_limit() {
    for b in backends().await {
        let db = &b.db;
        let dir = tempfile::tempdir().unwrap();
        let d = testing::deliverables(dir.path(), 3);
        let product = testing::product(
            db,
            ("berkas", "Paket Berkas"),
            99_000,
            None,
            DeliveryType::EmailFile,
        )
        .await;
        deliverables::add_file(
            db,
            &d,
            &rules(),
            &admin(),
            product,
            "kit.zip",
            b"PK",
            Utc::now(),
        )
        .await
        .unwrap();
        let o = paid(db, "ramai@example.id", "berkas", 99_000).await;
        orders::deliver(db, &d, o.id, Utc::now()).await.unwrap();
        let link = mailed_links(db, "ramai@example.id").await.remove(0);
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (db, d, token) = (db.clone(), d.clone(), token_of(&link).to_owned());
                tokio::spawn(async move {
                    deliverables::open(&db, &d, &token, IP, true, Utc::now()).await
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(DomainError::Refused(Refusal::DownloadLimitReached)) => {}
                Err(e) => panic!("{}: {e:?}", b.name),
            }
        }
        assert_eq!(ok, 3, "{}: every seat used, never a fourth", b.name);
        assert_eq!(purchase_of(db, o.id).await.download_count, ok);
        assert_eq!(
            download_event::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            ok as u64
        );
    }
}
