//! Licences on SQLite and PostgreSQL: the key's format and spelling rules,
//! one licence per delivery however often it runs, the activation limit
//! under 20 simultaneous activations, validation, deactivation, refusals of
//! disabled and expired licences, and members freeing only their own
//! activations.
mod common;
use common::member;

use chrono::{Duration, Utc};
use domain::{
    entities::{
        license::{self, LicenseStatus},
        license_instance,
        order::{self, OrderStatus, PaymentProvider},
        outbox_message, product, DeliveryType,
    },
    licenses::{self, LicenseKey},
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
    testing, Database, DomainError, Refusal,
};
use sea_orm::{
    sea_query::Expr, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use std::collections::HashSet;

const ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

#[test]
fn keys_carry_150_random_bits_and_read_back_however_typed() {
    let keys: Vec<LicenseKey> = (0..2000).map(|_| LicenseKey::generate()).collect();
    let written: HashSet<String> = keys.iter().map(ToString::to_string).collect();
    assert_eq!(written.len(), keys.len(), "no two keys alike");
    // Every character of the alphabet turns up at the first and the last
    // position: the bits are read whole, none stuck (a missing one in 2000
    // draws has odds of about 32 · (31/32)^2000).
    for pos in [4, 38] {
        let seen: HashSet<char> = written
            .iter()
            .map(|k| k.chars().nth(pos).unwrap())
            .collect();
        assert_eq!(seen.len(), 32, "position {pos}");
    }
    let k = &keys[0];
    let w = k.to_string();
    assert_eq!(w.len(), 39, "{w}");
    assert!(w.starts_with("TRX-"));
    assert!(w[4..]
        .split('-')
        .all(|g| g.len() == 5 && g.chars().all(|c| ALPHABET.contains(c))));
    assert_eq!(k.suffix(), &w[w.len() - 5..]);
    let bare: String = w[4..].chars().filter(|c| *c != '-').collect();
    for typed in [
        w.clone(),
        w.to_lowercase(),
        format!("  {}  ", w.replace('-', " ")),
        bare.clone(),
        format!("trx{bare}"),
    ] {
        let parsed = LicenseKey::parse(&typed).unwrap_or_else(|| panic!("{typed}"));
        assert_eq!(parsed.hash(), k.hash(), "{typed}");
    }
    assert_eq!(k.hash().len(), 64);
    for bad in [
        "",
        "TRX-ABCD",
        &bare[1..],
        &format!("{bare}A"),
        &bare.replacen(&bare[..1], "0", 1),
        &bare.replacen(&bare[..1], "O", 1),
        &bare.replacen(&bare[..1], "I", 1),
        &format!("{bare}{}", " ".repeat(100)),
    ] {
        assert!(LicenseKey::parse(bad).is_none(), "{bad:?}");
    }
}

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

/// A paid, delivered order of a licence-key product allowing `limit`
/// activations; the order and the key from its e-mail.
async fn delivered(
    db: &Database,
    email: &str,
    slug: &str,
    limit: i32,
) -> (order::Model, LicenseKey) {
    if product::Entity::find()
        .filter(product::Column::Slug.eq(slug))
        .count(db.reader())
        .await
        .unwrap()
        == 0
    {
        testing::product(
            db,
            (slug, "Faktur Kilat"),
            199_000,
            None,
            DeliveryType::LicenseKey,
        )
        .await;
        product::Entity::update_many()
            .col_expr(product::Column::LicenseActivationLimit, Expr::value(limit))
            .filter(product::Column::Slug.eq(slug))
            .exec(db.writer())
            .await
            .unwrap();
    }
    let user_id = member(db, email).await;
    let buyer = Buyer {
        user_id,
        name: "Pembeli Uji".into(),
        email: email.into(),
        phone: None,
    };
    let now = Utc::now();
    let o = orders::order_product(
        db,
        &buyer,
        slug,
        PaymentProvider::Midtrans,
        Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(199_000),
        provider_ref: Some("tx-lic"),
        external_id: None,
        raw: "{}",
    };
    assert_eq!(
        orders::record_payment(db, &site(), &o.order_code, &report, now)
            .await
            .unwrap(),
        Recorded::Moved(OrderStatus::Paid)
    );
    assert_eq!(
        orders::deliver(
            db,
            &testing::deliverables(&std::env::temp_dir(), 5),
            o.id,
            now
        )
        .await
        .unwrap(),
        orders::Delivered::Now
    );
    (o, key_mailed_to(db, email).await)
}

/// The key in the one `license-key` e-mail to `to`.
async fn key_mailed_to(db: &Database, to: &str) -> LicenseKey {
    let mail = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("license-key"))
        .filter(outbox_message::Column::ToEmail.eq(to))
        .one(db.reader())
        .await
        .unwrap()
        .expect("a license-key e-mail");
    let line = mail
        .body_text
        .lines()
        .find(|l| l.starts_with("TRX-"))
        .expect("the key on a line of its own");
    assert!(mail.body_html.contains(line));
    LicenseKey::parse(line).unwrap()
}

async fn license_of(db: &Database, key: &LicenseKey) -> license::Model {
    license::Entity::find()
        .filter(license::Column::KeyHash.eq(key.hash()))
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

fn refusal<T: std::fmt::Debug>(r: Result<T, DomainError>) -> Refusal {
    match r {
        Err(DomainError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn delivery_twice_issues_one_licence_stored_as_a_hash() {
    for b in common::backends().await {
        let db = &b.db;
        let (o, key) = delivered(db, "lisensi@example.id", "faktur-kilat", 3).await;
        assert_eq!(
            orders::deliver(
                db,
                &testing::deliverables(&std::env::temp_dir(), 5),
                o.id,
                Utc::now()
            )
            .await
            .unwrap(),
            orders::Delivered::Already
        );
        let all = license::Entity::find().all(db.reader()).await.unwrap();
        assert_eq!(all.len(), 1, "{}", b.name);
        let l = &all[0];
        assert_eq!(l.key_hash, key.hash());
        assert_eq!(l.key_suffix, key.suffix());
        assert!(!l.key_hash.contains(&key.to_string()[4..9]));
        assert_eq!(
            (l.status, l.activation_limit, l.activation_usage),
            (LicenseStatus::Inactive, 3, 0)
        );
        assert_eq!(l.product_slug, "faktur-kilat");
        let mails = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("license-key"))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(mails, 1, "{}: one key e-mail", b.name);
    }
}

/// 20 activations of one key at once, three seats: exactly three
/// instances, the other 17 told the limit is reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_simultaneous_activations_take_exactly_the_three_seats() {
    for b in common::backends().await {
        let db = &b.db;
        let (_, key) = delivered(db, "serbu@example.id", "faktur-kilat", 3).await;
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let (db, key) = (db.clone(), key.clone());
                tokio::spawn(async move {
                    licenses::activate(&db, &key, &format!("Laptop {i}"), Utc::now()).await
                })
            })
            .collect();
        let (mut ok, mut full) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(DomainError::Refused(Refusal::ActivationLimitReached)) => full += 1,
                Err(e) => panic!("{}: {e}", b.name),
            }
        }
        assert_eq!((ok, full), (3, 17), "{}", b.name);
        let l = license_of(db, &key).await;
        assert_eq!((l.activation_usage, l.status), (3, LicenseStatus::Active));
        let instances = license_instance::Entity::find()
            .filter(license_instance::Column::LicenseId.eq(l.id))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(instances, 3, "{}", b.name);
    }
}

#[tokio::test]
async fn validate_and_deactivate_follow_the_instances() {
    for b in common::backends().await {
        let db = &b.db;
        let now = Utc::now();
        let (_, key) = delivered(db, "cek@example.id", "faktur-kilat", 2).await;
        let v = licenses::validate(db, &key, None, now).await.unwrap();
        assert!(v.valid() && v.instance.is_none());
        assert_eq!(v.licensed.status, LicenseStatus::Inactive);
        assert_eq!(v.licensed.product_name, "Faktur Kilat");

        let (licensed, instance) = licenses::activate(db, &key, "  Kantor  ", now)
            .await
            .unwrap();
        assert_eq!(instance.name, "Kantor");
        assert_eq!(instance.instance_id.len(), 32);
        assert_eq!(
            (licensed.status, licensed.license.activation_usage),
            (LicenseStatus::Active, 1)
        );
        let v = licenses::validate(db, &key, Some(&instance.instance_id), now)
            .await
            .unwrap();
        assert_eq!(v.instance.as_ref(), Some(&instance));
        assert!(v.valid());

        assert_eq!(
            refusal(licenses::validate(db, &key, Some("bukan-instance"), now).await),
            Refusal::InstanceNotFound
        );
        let stranger = LicenseKey::generate();
        assert_eq!(
            refusal(licenses::validate(db, &stranger, None, now).await),
            Refusal::LicenseNotFound
        );
        assert_eq!(
            refusal(licenses::activate(db, &stranger, "X", now).await),
            Refusal::LicenseNotFound
        );
        assert!(matches!(
            licenses::activate(db, &key, "   ", now).await,
            Err(DomainError::Invalid(f)) if f.0.iter().any(|(k, _)| *k == "instance_name")
        ));

        let after = licenses::deactivate(db, &key, &instance.instance_id, now)
            .await
            .unwrap();
        assert_eq!(
            (after.status, after.license.activation_usage),
            (LicenseStatus::Inactive, 0)
        );
        assert_eq!(
            refusal(licenses::deactivate(db, &key, &instance.instance_id, now).await),
            Refusal::InstanceNotFound
        );
        // Another licence's instance is not this licence's.
        let (_, other) = delivered(db, "lain@example.id", "faktur-kilat", 2).await;
        let (_, theirs) = licenses::activate(db, &other, "Rumah", now).await.unwrap();
        assert_eq!(
            refusal(licenses::deactivate(db, &key, &theirs.instance_id, now).await),
            Refusal::InstanceNotFound
        );
    }
}

#[tokio::test]
async fn disabled_and_expired_licences_are_refused() {
    for b in common::backends().await {
        let db = &b.db;
        let now = Utc::now();
        let (o, key) = delivered(db, "refund@example.id", "faktur-kilat", 2).await;
        let (_, seat) = licenses::activate(db, &key, "Laptop", now).await.unwrap();

        let txn = db.writer().begin().await.unwrap();
        assert_eq!(
            licenses::disable_for_order(&txn, o.id, now).await.unwrap(),
            1
        );
        txn.commit().await.unwrap();
        assert_eq!(
            refusal(licenses::activate(db, &key, "Laptop 2", now).await),
            Refusal::LicenseDisabled
        );
        let v = licenses::validate(db, &key, Some(&seat.instance_id), now)
            .await
            .unwrap();
        assert_eq!(
            (v.valid(), v.problem, v.licensed.status),
            (
                false,
                Some(Refusal::LicenseDisabled),
                LicenseStatus::Disabled
            )
        );
        // Freeing a seat of a dead licence harms nobody.
        licenses::deactivate(db, &key, &seat.instance_id, now)
            .await
            .unwrap();
        assert_eq!(license_of(db, &key).await.status, LicenseStatus::Disabled);

        let (_, old) = delivered(db, "lama@example.id", "faktur-kilat", 2).await;
        license::Entity::update_many()
            .col_expr(
                license::Column::ExpiresAt,
                Expr::value(Some(now - Duration::days(1))),
            )
            .filter(license::Column::KeyHash.eq(old.hash()))
            .exec(db.writer())
            .await
            .unwrap();
        assert_eq!(
            refusal(licenses::activate(db, &old, "Laptop", now).await),
            Refusal::LicenseExpired
        );
        let v = licenses::validate(db, &old, None, now).await.unwrap();
        assert_eq!(
            (v.valid(), v.licensed.status),
            (false, LicenseStatus::Expired)
        );
        // An order without a licence disables nothing.
        let txn = db.writer().begin().await.unwrap();
        assert_eq!(licenses::disable_for_order(&txn, -1, now).await.unwrap(), 0);
        txn.commit().await.unwrap();
    }
}

#[tokio::test]
async fn members_see_and_free_only_their_own_activations() {
    for b in common::backends().await {
        let db = &b.db;
        let now = Utc::now();
        let (o, key) = delivered(db, "pemilik@example.id", "faktur-kilat", 2).await;
        let (_, seat) = licenses::activate(db, &key, "Laptop Kerja", now)
            .await
            .unwrap();
        let intruder = member(db, "penyusup@example.id").await;
        assert!(licenses::licenses_of(db, intruder, now)
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            licenses::release(db, intruder, &seat.instance_id, now).await,
            Err(DomainError::NotFound)
        ));
        assert_eq!(license_of(db, &key).await.activation_usage, 1);

        let mine = licenses::licenses_of(db, o.user_id, now).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].license.key_suffix, key.suffix());
        assert_eq!(mine[0].product_name, "Faktur Kilat");
        assert_eq!(mine[0].instances.len(), 1);
        assert_eq!(mine[0].instances[0].name, "Laptop Kerja");

        licenses::release(db, o.user_id, &seat.instance_id, now)
            .await
            .unwrap();
        let l = license_of(db, &key).await;
        assert_eq!((l.activation_usage, l.status), (0, LicenseStatus::Inactive));
        assert!(matches!(
            licenses::release(db, o.user_id, &seat.instance_id, now).await,
            Err(DomainError::NotFound)
        ));
    }
}

/// Whatever moves a paid order back (a provider's refund or chargeback, an
/// admin's refund mark), its licence is disabled in the same transaction.
#[tokio::test]
async fn refunds_and_chargebacks_disable_the_licence() {
    for b in common::backends().await {
        let db = &b.db;
        let now = Utc::now();
        for (i, target) in [OrderStatus::Refunded, OrderStatus::Chargeback]
            .into_iter()
            .enumerate()
        {
            let (o, key) = delivered(db, &format!("balik{i}@example.id"), "faktur-kilat", 2).await;
            let report = PaymentReport {
                source: EventSource::Midtrans,
                target: Some(target),
                amount: PaidAmount::Idr(199_000),
                provider_ref: Some("tx-lic"),
                external_id: None,
                raw: "{}",
            };
            assert_eq!(
                orders::record_payment(db, &site(), &o.order_code, &report, now)
                    .await
                    .unwrap(),
                Recorded::Moved(target)
            );
            assert_eq!(
                license_of(db, &key).await.status,
                LicenseStatus::Disabled,
                "{}: {target:?}",
                b.name
            );
        }
        let (o, key) = delivered(db, "admin-refund@example.id", "faktur-kilat", 2).await;
        let admin = domain::audit::Actor::system("uji");
        domain::backoffice::orders::mark_refunded(db, &admin, o.id, "pembeli minta refund", now)
            .await
            .unwrap();
        assert_eq!(license_of(db, &key).await.status, LicenseStatus::Disabled);
    }
}
