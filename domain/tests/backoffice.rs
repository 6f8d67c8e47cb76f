//! The admin's contact inbox, waitlists and member accounts, run against
//! SQLite and (when `TIRANYX_TEST_POSTGRES_URL` is set, always in CI)
//! PostgreSQL.
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    accounts,
    audit::Actor,
    backoffice::{
        contacts::{self, ContactCounts},
        members::{self, MemberFilter},
        waitlist,
    },
    entities::{
        audit_entry, contact_message,
        user::{self, UserType},
        user_session, waitlist_entry, ContactStatus,
    },
    forms::contact::{self as contact_form, ContactInput, ContactOutcome},
    Database, DomainError,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

mod common;
use common::backends;

fn t(day: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, 0, 0).unwrap()
}

fn admin() -> Actor {
    Actor::admin(1, "admin@tiranyx.id", Some("203.0.113.7".into()))
}

async fn audit_rows(db: &Database) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Id)
        .all(db.reader())
        .await
        .unwrap()
}

async fn submit_contact(db: &Database, name: &str, message: &str, at: DateTime<Utc>) -> i32 {
    let input = ContactInput {
        name: name.into(),
        email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
        phone: String::new(),
        message: message.into(),
        website: String::new(),
    };
    match contact_form::submit(db, &input, None, at).await.unwrap() {
        ContactOutcome::Stored(id) => id,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn contact_inbox_lists_searches_and_counts() {
    for b in backends().await {
        let db = &b.db;
        let a = submit_contact(db, "Dewi Lestari", "Kami butuh website toko KOPI.", t(1, 8)).await;
        let c = submit_contact(
            db,
            "Budi Santoso",
            "Minta penawaran aplikasi kasir.",
            t(3, 8),
        )
        .await;
        let d = submit_contact(
            db,
            "Rina Kopiah",
            "Bisa bantu SEO untuk blog kami?",
            t(2, 8),
        )
        .await;

        let all = contacts::list(db, None, "", 1, 10).await.unwrap();
        let ids: Vec<i32> = all.items.iter().map(|m| m.id).collect();
        assert_eq!(ids, [c, d, a], "{}: newest first", b.name);
        assert_eq!(all.total, 3);

        // Case-insensitive over name, e-mail and message.
        let kopi = contacts::list(db, None, "kopi", 1, 10).await.unwrap();
        let ids: Vec<i32> = kopi.items.iter().map(|m| m.id).collect();
        assert_eq!(ids, [d, a], "{}", b.name);
        let by_email = contacts::list(db, None, "BUDI.SANTOSO@", 1, 10)
            .await
            .unwrap();
        assert_eq!(by_email.total, 1, "{}", b.name);
        let paged = contacts::list(db, None, "", 2, 2).await.unwrap();
        assert_eq!((paged.items.len(), paged.total), (1, 3), "{}", b.name);

        assert_eq!(
            contacts::counts(db).await.unwrap(),
            ContactCounts {
                unread: 3,
                read: 0,
                archived: 0
            },
            "{}",
            b.name
        );
        contacts::set_status(db, &admin(), c, ContactStatus::Archived, t(4, 9))
            .await
            .unwrap();
        contacts::open(db, &admin(), a, t(4, 9)).await.unwrap();
        assert_eq!(
            contacts::counts(db).await.unwrap(),
            ContactCounts {
                unread: 1,
                read: 1,
                archived: 1
            },
            "{}",
            b.name
        );
        let unread = contacts::list(db, Some(ContactStatus::Unread), "", 1, 10)
            .await
            .unwrap();
        assert_eq!(unread.items[0].id, d, "{}", b.name);
        assert_eq!(unread.total, 1, "{}", b.name);
    }
}

#[tokio::test]
async fn opening_and_moving_a_contact_are_audited() {
    for b in backends().await {
        let db = &b.db;
        let id = submit_contact(
            db,
            "Dewi Lestari",
            "Kami butuh website company profile.",
            t(1, 8),
        )
        .await;

        let opened = contacts::open(db, &admin(), id, t(2, 9)).await.unwrap();
        assert_eq!(opened.status, ContactStatus::Read, "{}", b.name);
        assert_eq!(opened.message, "Kami butuh website company profile.");
        let stored = contact_message::Entity::find_by_id(id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, ContactStatus::Read, "{}", b.name);
        let log = audit_rows(db).await;
        assert_eq!(log.len(), 1, "{}", b.name);
        assert_eq!(
            (
                log[0].action.as_str(),
                log[0].target_type.as_str(),
                log[0].target_id,
                log[0].admin_id,
                log[0].actor.as_str(),
                log[0].ip.as_deref(),
                log[0].created_at
            ),
            (
                "contact.read",
                "contact_message",
                Some(id),
                Some(1),
                "admin@tiranyx.id",
                Some("203.0.113.7"),
                t(2, 9)
            ),
            "{}",
            b.name
        );
        assert!(
            log[0].summary.contains("Dewi Lestari"),
            "{}",
            log[0].summary
        );

        // Reading it again changes nothing and logs nothing.
        contacts::open(db, &admin(), id, t(2, 10)).await.unwrap();
        assert_eq!(audit_rows(db).await.len(), 1, "{}", b.name);

        let archived = contacts::set_status(db, &admin(), id, ContactStatus::Archived, t(3, 9))
            .await
            .unwrap();
        assert_eq!(archived.status, ContactStatus::Archived);
        let log = audit_rows(db).await;
        assert_eq!(log.len(), 2, "{}", b.name);
        assert_eq!(log[1].action, "contact.status", "{}", b.name);
        assert!(
            log[1].summary.contains("status: «dibaca» → «diarsipkan»"),
            "{}: {}",
            b.name,
            log[1].summary
        );

        // The same status again: no change, no audit row. Opening an
        // archived message keeps it archived.
        contacts::set_status(db, &admin(), id, ContactStatus::Archived, t(3, 10))
            .await
            .unwrap();
        let again = contacts::open(db, &admin(), id, t(3, 11)).await.unwrap();
        assert_eq!(again.status, ContactStatus::Archived);
        assert_eq!(audit_rows(db).await.len(), 2, "{}", b.name);

        contacts::set_status(db, &admin(), id, ContactStatus::Unread, t(3, 12))
            .await
            .unwrap();
        let log = audit_rows(db).await;
        assert!(log[2].summary.contains("«diarsipkan» → «belum dibaca»"));
    }
}

async fn insert_entry(
    db: &Database,
    product: &str,
    email: &str,
    name: Option<&str>,
    at: DateTime<Utc>,
) {
    waitlist_entry::Entity::insert(waitlist_entry::ActiveModel {
        product_slug: Set(product.into()),
        email: Set(email.into()),
        name: Set(name.map(Into::into)),
        created_at: Set(at),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
}

fn exporter() -> domain::audit::Actor {
    domain::audit::Actor::system("test-admin")
}

#[tokio::test]
async fn a_waitlist_export_is_audited_in_its_own_transaction() {
    let b = common::sqlite().await;
    let csv = waitlist::export_csv(&b.db, &exporter(), None, Utc::now())
        .await
        .unwrap();
    assert!(csv.starts_with("product,email,name,joined_at"));
    let audit = domain::entities::audit_entry::Entity::find()
        .all(b.db.reader())
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "waitlist.export");
    assert_eq!(audit[0].summary, "mengunduh CSV waitlist semua produk");
}

#[tokio::test]
async fn waitlists_list_and_export_csv() {
    for b in backends().await {
        let db = &b.db;
        insert_entry(
            db,
            "kelas-rust",
            "budi@example.com",
            Some("Budi, \"Si Jago\""),
            t(2, 8),
        )
        .await;
        insert_entry(
            db,
            "kelas-rust",
            "evil@example.com",
            Some("=HYPERLINK(\"http://x.test\",\"klik\")"),
            t(1, 8),
        )
        .await;
        insert_entry(db, "saas-kasir", "rina@example.com", None, t(3, 8)).await;
        insert_entry(
            db,
            "kelas-rust",
            "-rina@example.com",
            Some("@Rina"),
            t(4, 8),
        )
        .await;

        assert_eq!(
            waitlist::products(db).await.unwrap(),
            [("kelas-rust".to_owned(), 3), ("saas-kasir".to_owned(), 1)],
            "{}",
            b.name
        );

        let all = waitlist::list(db, None, "", 1, 10).await.unwrap();
        let emails: Vec<&str> = all.items.iter().map(|e| e.email.as_str()).collect();
        assert_eq!(
            emails,
            [
                "-rina@example.com",
                "rina@example.com",
                "budi@example.com",
                "evil@example.com"
            ],
            "{}: newest first",
            b.name
        );
        let rust = waitlist::list(db, Some("kelas-rust"), "RINA", 1, 10)
            .await
            .unwrap();
        assert_eq!(rust.total, 1, "{}", b.name);
        assert_eq!(rust.items[0].email, "-rina@example.com");
        let by_name = waitlist::list(db, None, "si jago", 1, 10).await.unwrap();
        assert_eq!(by_name.total, 1, "{}", b.name);

        let csv = waitlist::export_csv(db, &exporter(), Some("kelas-rust"), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            csv,
            "product,email,name,joined_at\n\
             kelas-rust,evil@example.com,\"'=HYPERLINK(\"\"http://x.test\"\",\"\"klik\"\")\",2026-11-01T08:00:00Z\n\
             kelas-rust,budi@example.com,\"Budi, \"\"Si Jago\"\"\",2026-11-02T08:00:00Z\n\
             kelas-rust,'-rina@example.com,'@Rina,2026-11-04T08:00:00Z\n",
            "{}",
            b.name
        );

        // Read back with a CSV parser: the same cells, in order.
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let names: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_owned()).collect();
        assert_eq!(
            names,
            [
                "'=HYPERLINK(\"http://x.test\",\"klik\")",
                "Budi, \"Si Jago\"",
                "'@Rina"
            ]
        );

        let kasir = waitlist::export_csv(db, &exporter(), Some("saas-kasir"), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            kasir,
            "product,email,name,joined_at\nsaas-kasir,rina@example.com,,2026-11-03T08:00:00Z\n",
            "{}",
            b.name
        );
        let everything = waitlist::export_csv(db, &exporter(), None, Utc::now())
            .await
            .unwrap();
        assert_eq!(everything.lines().count(), 5, "{}", b.name);
        let none = waitlist::export_csv(db, &exporter(), Some("tidak-ada"), Utc::now())
            .await
            .unwrap();
        assert_eq!(none, "product,email,name,joined_at\n");
    }
}

async fn insert_user(
    db: &Database,
    email: &str,
    user_type: UserType,
    verified: bool,
    at: DateTime<Utc>,
) -> i32 {
    user::Entity::insert(user::ActiveModel {
        email: Set(email.into()),
        name: Set(format!("Pengguna {email}")),
        phone: Set(None),
        password_hash: Set("x".into()),
        user_type: Set(user_type),
        email_verified_at: Set(verified.then_some(at)),
        avatar_path: Set(None),
        disabled_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db.writer())
    .await
    .unwrap()
    .last_insert_id
}

/// A session inserted directly; returns its raw token.
async fn insert_session(
    db: &Database,
    user_id: i32,
    n: u8,
    created: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> String {
    let raw = format!("{n:02x}").repeat(32);
    user_session::Entity::insert(user_session::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(accounts::sha256_hex(&raw)),
        user_agent: Set(None),
        ip: Set(None),
        remember: Set(false),
        expires_at: Set(expires),
        created_at: Set(created),
        last_seen_at: Set(created),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
    raw
}

async fn session_count(db: &Database, user_id: i32) -> u64 {
    user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .count(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn members_are_listed_and_filtered() {
    for b in backends().await {
        let db = &b.db;
        let dewi = insert_user(db, "dewi@example.com", UserType::Member, true, t(1, 8)).await;
        let budi = insert_user(db, "budi@example.com", UserType::Member, false, t(2, 8)).await;
        let pt = insert_user(db, "halo@ptmaju.co.id", UserType::Client, true, t(3, 8)).await;
        members::disable(db, &admin(), dewi, t(4, 8)).await.unwrap();

        let ids = |p: domain::content::Page<user::Model>| -> Vec<i32> {
            p.items.iter().map(|u| u.id).collect()
        };
        let all = members::list(db, "", MemberFilter::All, 1, 10)
            .await
            .unwrap();
        assert_eq!(ids(all), [pt, budi, dewi], "{}: newest first", b.name);
        let f = |filter| members::list(db, "", filter, 1, 10);
        assert_eq!(ids(f(MemberFilter::Unverified).await.unwrap()), [budi]);
        assert_eq!(ids(f(MemberFilter::Disabled).await.unwrap()), [dewi]);
        assert_eq!(ids(f(MemberFilter::Clients).await.unwrap()), [pt]);
        let found = members::list(db, "PTMAJU", MemberFilter::All, 1, 10)
            .await
            .unwrap();
        assert_eq!(ids(found), [pt], "{}", b.name);
        let none = members::list(db, "budi", MemberFilter::Clients, 1, 10)
            .await
            .unwrap();
        assert_eq!(none.total, 0, "{}", b.name);

        for filter in [
            MemberFilter::All,
            MemberFilter::Unverified,
            MemberFilter::Disabled,
            MemberFilter::Clients,
        ] {
            assert_eq!(MemberFilter::parse(filter.as_str()), filter);
        }
        assert_eq!(MemberFilter::parse("lainnya"), MemberFilter::All);
    }
}

#[tokio::test]
async fn verify_disable_and_enable_a_member() {
    for b in backends().await {
        let db = &b.db;
        let now = t(10, 8);
        let id = insert_user(db, "rina@example.com", UserType::Member, false, t(1, 8)).await;
        let other = insert_user(db, "budi@example.com", UserType::Member, true, t(1, 8)).await;
        let token = insert_session(db, id, 1, t(9, 8), now + Duration::hours(12)).await;
        insert_session(db, id, 2, t(9, 20), now + Duration::hours(1)).await;
        insert_session(db, id, 3, t(8, 8), t(9, 8)).await; // expired
        let other_token = insert_session(db, other, 4, t(9, 8), now + Duration::hours(12)).await;

        let summary = members::get(db, id, now).await.unwrap();
        assert_eq!(
            (summary.verified, summary.disabled, summary.active_sessions),
            (false, false, 2),
            "{}",
            b.name
        );
        assert_eq!(summary.last_seen_at, Some(t(9, 20)), "{}", b.name);
        assert_eq!(summary.email, "rina@example.com");
        assert_eq!(summary.user_type, UserType::Member);
        assert_eq!(summary.created_at, t(1, 8));

        // Verify by hand, once.
        let verified = members::verify(db, &admin(), id, now).await.unwrap();
        assert_eq!(verified.email_verified_at, Some(now), "{}", b.name);
        members::verify(db, &admin(), id, now + Duration::hours(1))
            .await
            .unwrap();
        let log = audit_rows(db).await;
        assert_eq!(log.len(), 1, "{}", b.name);
        assert_eq!(
            (log[0].action.as_str(), log[0].target_id),
            ("user.verify", Some(id))
        );
        assert!(members::get(db, id, now).await.unwrap().verified);

        // A session that works now stops working once the account is disabled.
        assert!(
            accounts::session_user(db, &token, now)
                .await
                .unwrap()
                .is_some(),
            "{}",
            b.name
        );
        let ended = members::disable(db, &admin(), id, now).await.unwrap();
        assert_eq!(ended, 3, "{}", b.name);
        assert_eq!(session_count(db, id).await, 0, "{}", b.name);
        assert!(accounts::session_user(db, &token, now)
            .await
            .unwrap()
            .is_none());
        // Other members keep their sessions.
        assert!(accounts::session_user(db, &other_token, now)
            .await
            .unwrap()
            .is_some());
        let stored = user::Entity::find_by_id(id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.disabled_at, Some(now), "{}", b.name);
        let log = audit_rows(db).await;
        assert_eq!(log.len(), 2, "{}", b.name);
        assert_eq!(log[1].action, "user.disable");
        assert!(log[1].summary.contains("3 sesi"), "{}", log[1].summary);
        let summary = members::get(db, id, now).await.unwrap();
        assert_eq!(
            (
                summary.disabled,
                summary.active_sessions,
                summary.last_seen_at
            ),
            (true, 0, None)
        );

        // Disabling twice writes nothing.
        assert_eq!(members::disable(db, &admin(), id, now).await.unwrap(), 0);
        assert_eq!(audit_rows(db).await.len(), 2, "{}", b.name);

        let enabled = members::enable(db, &admin(), id, now + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(enabled.disabled_at, None, "{}", b.name);
        let stored = user::Entity::find_by_id(id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.disabled_at, None, "{}", b.name);
        assert_eq!(stored.updated_at, now + Duration::hours(1), "{}", b.name);
        // The ended sessions stay ended.
        assert!(accounts::session_user(db, &token, now)
            .await
            .unwrap()
            .is_none());
        members::enable(db, &admin(), id, now).await.unwrap();
        let log = audit_rows(db).await;
        assert_eq!(log.len(), 3, "{}", b.name);
        assert_eq!(
            (log[2].action.as_str(), log[2].target_type.as_str()),
            ("user.enable", "user")
        );
    }
}

#[tokio::test]
async fn unknown_ids_are_not_found_and_write_nothing() {
    for b in backends().await {
        let db = &b.db;
        let now = t(10, 8);
        let id = submit_contact(
            db,
            "Dewi Lestari",
            "Kami butuh website company profile.",
            t(1, 8),
        )
        .await;
        let missing = id + 1000;
        let nf = |r: Result<(), DomainError>| matches!(r, Err(DomainError::NotFound));
        assert!(nf(contacts::open(db, &admin(), missing, now)
            .await
            .map(drop)));
        assert!(nf(contacts::set_status(
            db,
            &admin(),
            missing,
            ContactStatus::Archived,
            now
        )
        .await
        .map(drop)));
        assert!(nf(members::get(db, missing, now).await.map(drop)));
        assert!(nf(members::verify(db, &admin(), missing, now)
            .await
            .map(drop)));
        assert!(nf(members::disable(db, &admin(), missing, now)
            .await
            .map(drop)));
        assert!(nf(members::enable(db, &admin(), missing, now)
            .await
            .map(drop)));

        assert!(audit_rows(db).await.is_empty(), "{}", b.name);
        let stored = contact_message::Entity::find_by_id(id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, ContactStatus::Unread, "{}", b.name);
        assert_eq!(user::Entity::find().count(db.reader()).await.unwrap(), 0);
    }
}
