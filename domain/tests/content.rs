//! Public content queries and forms, run against SQLite and (when
//! `TIRANYX_TEST_POSTGRES_URL` is set, always in CI) PostgreSQL.
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    content::{
        case_studies, demos, portfolio,
        posts::{self, PostFilter},
        products, resources, saas, services, sitemap,
    },
    entities::{
        contact_message, post, product, saas_bundle, service, waitlist_entry, ContactStatus,
        PostStatus,
    },
    forms::{
        contact::{self, ContactInput, ContactOutcome},
        waitlist::{self, JoinOutcome, WaitlistInput},
    },
    Database, DomainError,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter,
};
use std::collections::HashSet;

mod common;
use common::{backends, Backend};

/// A fixed "now" after every published demo post (the last is 2026-10-08)
/// and before the scheduled one (2027-01-15), so results do not depend on
/// the day the tests run.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

/// Backends loaded with the demo content.
async fn demo_backends() -> Vec<Backend> {
    let all = backends().await;
    for b in &all {
        domain::demo::load(&b.db, now()).await.unwrap();
    }
    all
}

const DRAFT: &str = "aksesibilitas-website-yang-sering-terlewat";
const SCHEDULED: &str = "menyiapkan-bisnis-untuk-agen-ai-2027";

async fn insert_post(
    db: &Database,
    slug: &str,
    category: &str,
    tags: &str,
    status: PostStatus,
    published_at: Option<DateTime<Utc>>,
) -> post::Model {
    post::ActiveModel {
        slug: Set(slug.into()),
        title: Set(format!("Uji {slug}")),
        excerpt: Set("x".into()),
        body_md: Set("x".into()),
        category: Set(category.into()),
        tags: Set(tags.into()),
        author_name: Set("Uji".into()),
        status: Set(status),
        published_at: Set(published_at),
        created_at: Set(now()),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db.writer())
    .await
    .unwrap()
}

fn slugs(items: &[post::Model]) -> Vec<&str> {
    items.iter().map(|p| p.slug.as_str()).collect()
}

fn is_not_found<T: std::fmt::Debug>(r: Result<T, DomainError>) -> bool {
    matches!(r, Err(DomainError::NotFound))
}

#[tokio::test]
async fn posts_paginate_newest_first() {
    for b in demo_backends().await {
        let all = posts::latest_published(&b.db, now(), 100).await.unwrap();
        assert_eq!(all.len(), 6, "{}", b.name);

        let mut seen = Vec::new();
        for n in 1..=3 {
            let page = posts::list_published(&b.db, now(), &PostFilter::default(), n, 2)
                .await
                .unwrap();
            assert_eq!(
                (page.page, page.per_page, page.total),
                (n, 2, 6),
                "{}",
                b.name
            );
            assert_eq!(page.total_pages(), 3, "{}", b.name);
            assert_eq!(page.items.len(), 2, "{}", b.name);
            seen.extend(page.items);
        }
        assert_eq!(seen, all, "{}: pages must follow the feed order", b.name);
        assert!(seen
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at));

        let past_end = posts::list_published(&b.db, now(), &PostFilter::default(), 4, 2)
            .await
            .unwrap();
        assert!(past_end.items.is_empty(), "{}", b.name);
        assert_eq!((past_end.total, past_end.total_pages()), (6, 3));

        // Page 0 is page 1; per_page 0 is clamped to 1.
        let first = posts::list_published(&b.db, now(), &PostFilter::default(), 0, 0)
            .await
            .unwrap();
        assert_eq!((first.page, first.per_page), (1, 1));
        assert_eq!(first.items, all[..1], "{}", b.name);
    }
}

#[tokio::test]
async fn posts_filter_by_category() {
    for b in demo_backends().await {
        let filter = |c: &str| PostFilter {
            category: Some(c.into()),
            tag: None,
        };
        let page = posts::list_published(&b.db, now(), &filter("Bisnis Digital"), 1, 10)
            .await
            .unwrap();
        assert_eq!(page.total, 2, "{}", b.name);
        assert!(page.items.iter().all(|p| p.category == "Bisnis Digital"));
        assert_eq!(
            slugs(&page.items),
            [
                "seo-lokal-agar-muncul-di-pencarian-terdekat",
                "marketplace-atau-toko-online-sendiri"
            ]
        );

        // The draft in "Desain" is not counted.
        let page = posts::list_published(&b.db, now(), &filter("Desain"), 1, 10)
            .await
            .unwrap();
        assert_eq!(
            slugs(&page.items),
            ["design-system-sederhana-untuk-tim-kecil"],
            "{}",
            b.name
        );

        let none = posts::list_published(&b.db, now(), &filter("Tidak Ada"), 1, 10)
            .await
            .unwrap();
        assert_eq!((none.total, none.items.len()), (0, 0));
        assert_eq!(none.total_pages(), 1);

        // An empty filter value is no filter.
        let empty = posts::list_published(&b.db, now(), &filter(""), 1, 10)
            .await
            .unwrap();
        assert_eq!(empty.total, 6);

        let categories = posts::categories(&b.db, now()).await.unwrap();
        assert_eq!(
            categories,
            [
                ("AI & Otomasi".to_owned(), 1),
                ("Bisnis Digital".to_owned(), 2),
                ("Desain".to_owned(), 1),
                ("Pengembangan Web".to_owned(), 2),
            ],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn posts_filter_by_whole_tag() {
    for b in demo_backends().await {
        insert_post(
            &b.db,
            "tag-seo-lokal",
            "Uji",
            "SEO-Lokal,  performa",
            PostStatus::Published,
            Some(now() - Duration::hours(1)),
        )
        .await;
        let tag = |t: &str| PostFilter {
            category: None,
            tag: Some(t.into()),
        };

        let seo = posts::list_published(&b.db, now(), &tag("seo"), 1, 10)
            .await
            .unwrap();
        assert_eq!(
            slugs(&seo.items),
            [
                "seo-lokal-agar-muncul-di-pencarian-terdekat",
                "core-web-vitals-untuk-website-umkm"
            ],
            "{}: 'seo' must not match 'seo-lokal'",
            b.name
        );
        assert_eq!(seo.total, 2);

        for t in ["seo-lokal", " SEO-LOKAL "] {
            let p = posts::list_published(&b.db, now(), &tag(t), 1, 10)
                .await
                .unwrap();
            assert_eq!(slugs(&p.items), ["tag-seo-lokal"], "{}: {t}", b.name);
        }
        // A tag with a space inside, typed in another case.
        let p = posts::list_published(&b.db, now(), &tag("Seo  Lokal"), 1, 10)
            .await
            .unwrap();
        assert_eq!(
            slugs(&p.items),
            ["seo-lokal-agar-muncul-di-pencarian-terdekat"],
            "{}",
            b.name
        );
        // LIKE wildcards and fragments match nothing.
        for t in ["%", "_", "se%", "seo%", "se", "eo", "seo,performa"] {
            let p = posts::list_published(&b.db, now(), &tag(t), 1, 10)
                .await
                .unwrap();
            assert_eq!((p.total, p.items.len()), (0, 0), "{}: {t}", b.name);
        }

        // Paging and a category combine with the tag.
        let by_performa = tag("performa");
        let performa = |page| posts::list_published(&b.db, now(), &by_performa, page, 2);
        let p1 = performa(1).await.unwrap();
        let p2 = performa(2).await.unwrap();
        assert_eq!((p1.total, p1.total_pages()), (3, 2), "{}", b.name);
        assert_eq!(
            slugs(&p1.items),
            ["tag-seo-lokal", "kenapa-kami-memakai-rust-untuk-backend"]
        );
        assert_eq!(slugs(&p2.items), ["core-web-vitals-untuk-website-umkm"]);
        assert!(performa(3).await.unwrap().items.is_empty());
        let both = PostFilter {
            category: Some("Pengembangan Web".into()),
            tag: Some("performa".into()),
        };
        let p = posts::list_published(&b.db, now(), &both, 1, 10)
            .await
            .unwrap();
        assert_eq!(p.total, 2, "{}", b.name);

        let tags = posts::tags(&b.db, now()).await.unwrap();
        let get = |t: &str| tags.iter().find(|(name, _)| name == t).map(|(_, n)| *n);
        assert_eq!(get("seo"), Some(2), "{}", b.name);
        assert_eq!(get("seo-lokal"), Some(1));
        assert_eq!(get("seo lokal"), Some(1));
        assert_eq!(get("performa"), Some(3));
        assert!(tags.windows(2).all(|w| w[0].0 < w[1].0), "sorted, unique");
        assert!(tags
            .iter()
            .all(|(t, _)| *t == t.to_lowercase() && t.trim() == t));
        // Tags only used by the draft or the scheduled post are not listed.
        assert_eq!(get("wcag"), None, "{}", b.name);
        assert_eq!(get("agen ai"), None, "{}", b.name);
    }
}

#[tokio::test]
async fn drafts_scheduled_and_future_posts_stay_hidden() {
    for b in demo_backends().await {
        insert_post(
            &b.db,
            "terbit-besok",
            "Desain",
            "desain",
            PostStatus::Published,
            Some(now() + Duration::days(1)),
        )
        .await;
        // Scheduled with a past date: the scheduler has not flipped it yet.
        insert_post(
            &b.db,
            "terjadwal-lewat",
            "Desain",
            "desain",
            PostStatus::Scheduled,
            Some(now() - Duration::days(1)),
        )
        .await;
        let hidden = [DRAFT, SCHEDULED, "terbit-besok", "terjadwal-lewat"];

        let listed = posts::list_published(&b.db, now(), &PostFilter::default(), 1, 100)
            .await
            .unwrap();
        assert_eq!(listed.total, 6, "{}", b.name);
        for slug in hidden {
            assert!(!slugs(&listed.items).contains(&slug), "{}: {slug}", b.name);
            assert!(
                is_not_found(posts::find_published(&b.db, now(), slug).await),
                "{}: {slug}",
                b.name
            );
        }
        let design = PostFilter {
            category: Some("Desain".into()),
            tag: Some("desain".into()),
        };
        let p = posts::list_published(&b.db, now(), &design, 1, 10)
            .await
            .unwrap();
        assert_eq!(
            slugs(&p.items),
            ["design-system-sederhana-untuk-tim-kecil"],
            "{}",
            b.name
        );
        assert!(is_not_found(
            posts::find_published(&b.db, now(), "tidak-ada").await
        ));

        let found = posts::find_published(&b.db, now(), "kenapa-kami-memakai-rust-untuk-backend")
            .await
            .unwrap();
        assert_eq!(found.status, PostStatus::Published);
        // Visible once its time has come.
        let later = now() + Duration::days(2);
        assert!(posts::find_published(&b.db, later, "terbit-besok")
            .await
            .is_ok());
    }
}

#[tokio::test]
async fn find_functions_hide_unknown_and_unpublished_rows() {
    for b in demo_backends().await {
        let db = &b.db;
        let w = db.writer();

        // Services.
        let list = services::list_published(db).await.unwrap();
        assert_eq!(list.len(), 6, "{}", b.name);
        let s = services::find_published(db, "otomasi-ai").await.unwrap();
        assert_eq!(s.slug, "otomasi-ai");
        let mut am = s.into_active_model();
        am.published = Set(false);
        am.update(w).await.unwrap();
        assert!(is_not_found(
            services::find_published(db, "otomasi-ai").await
        ));
        assert!(is_not_found(
            services::find_published(db, "tidak-ada").await
        ));
        assert_eq!(services::list_published(db).await.unwrap().len(), 5);

        // Portfolio and case studies.
        let items = portfolio::list_published(db).await.unwrap();
        assert_eq!(items.len(), 6, "{}", b.name);
        assert!(items.windows(2).all(|w| w[0].sort_order <= w[1].sort_order));
        let kalibrasi = portfolio::find_published(db, "toko-online-kalibrasi-coffee")
            .await
            .unwrap();
        let study = case_studies::for_portfolio_item(db, kalibrasi.id)
            .await
            .unwrap()
            .expect("kalibrasi has a case study");
        assert_eq!(study.slug, "kalibrasi-coffee-penjualan-online-naik");
        let website = portfolio::find_published(db, "website-rumah-belajar-cendekia")
            .await
            .unwrap();
        assert_eq!(
            case_studies::for_portfolio_item(db, website.id)
                .await
                .unwrap(),
            None
        );
        let studies = case_studies::list_published(db).await.unwrap();
        assert_eq!(studies.len(), 3, "{}", b.name);
        assert!(studies
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at));
        let mut am = study.into_active_model();
        am.published = Set(false);
        am.update(w).await.unwrap();
        assert!(is_not_found(
            case_studies::find_published(db, "kalibrasi-coffee-penjualan-online-naik").await
        ));
        assert_eq!(
            case_studies::for_portfolio_item(db, kalibrasi.id)
                .await
                .unwrap(),
            None
        );
        assert!(is_not_found(
            case_studies::find_published(db, "tidak-ada").await
        ));
        assert_eq!(case_studies::list_published(db).await.unwrap().len(), 2);

        let mut am = kalibrasi.into_active_model();
        am.published = Set(false);
        am.update(w).await.unwrap();
        assert!(is_not_found(
            portfolio::find_published(db, "toko-online-kalibrasi-coffee").await
        ));
        assert!(is_not_found(
            portfolio::find_published(db, "tidak-ada").await
        ));
        assert_eq!(portfolio::list_published(db).await.unwrap().len(), 5);
        assert!(portfolio::featured(db, 10)
            .await
            .unwrap()
            .iter()
            .all(|p| p.slug != "toko-online-kalibrasi-coffee"));

        // Products.
        let all = products::list_active(db, None).await.unwrap();
        assert_eq!(all.len(), 8, "{}", b.name);
        assert!(all[..3].iter().all(|p| p.featured), "featured first");
        let templates = products::list_active(db, Some("Template")).await.unwrap();
        assert_eq!(
            templates
                .iter()
                .map(|p| p.slug.as_str())
                .collect::<Vec<_>>(),
            ["nusa-landing-template-umkm", "rangka-ui-kit-dashboard"]
        );
        assert!(products::list_active(db, Some("Tidak Ada"))
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            products::categories(db).await.unwrap(),
            ["E-book", "Jasa", "Source Code", "Template", "Tools"],
            "{}",
            b.name
        );
        let ebook = products::find_active(db, "ebook-seo-lokal-untuk-umkm")
            .await
            .unwrap();
        let mut am = ebook.into_active_model();
        am.active = Set(false);
        am.update(w).await.unwrap();
        assert!(is_not_found(
            products::find_active(db, "ebook-seo-lokal-untuk-umkm").await
        ));
        assert!(is_not_found(products::find_active(db, "tidak-ada").await));
        assert!(!products::categories(db)
            .await
            .unwrap()
            .contains(&"E-book".to_owned()));
        assert_eq!(products::list_active(db, None).await.unwrap().len(), 7);

        // SaaS bundles.
        let bundles = saas::list_active(db).await.unwrap();
        assert_eq!(bundles.len(), 3, "{}", b.name);
        let member = saas::find_active(db, "tiranyx-member-white-label")
            .await
            .unwrap();
        let mut am = member.into_active_model();
        am.active = Set(false);
        am.update(w).await.unwrap();
        assert!(is_not_found(
            saas::find_active(db, "tiranyx-member-white-label").await
        ));
        assert!(is_not_found(saas::find_active(db, "tidak-ada").await));
        assert_eq!(saas::list_active(db).await.unwrap().len(), 2);

        // Resources and demos.
        assert_eq!(resources::list_published(db).await.unwrap().len(), 4);
        let r = resources::find_published(db, "checklist-peluncuran-website")
            .await
            .unwrap();
        let mut am = r.into_active_model();
        am.published = Set(false);
        am.update(w).await.unwrap();
        assert!(is_not_found(
            resources::find_published(db, "checklist-peluncuran-website").await
        ));
        assert!(is_not_found(
            resources::find_published(db, "tidak-ada").await
        ));
        assert_eq!(resources::list_published(db).await.unwrap().len(), 3);

        let list = demos::list_published(db).await.unwrap();
        assert_eq!(list.len(), 4, "{}", b.name);
        assert!(list.windows(2).all(|w| w[0].sort_order <= w[1].sort_order));
    }
}

#[tokio::test]
async fn sitemap_lists_published_content_only() {
    for b in demo_backends().await {
        let db = &b.db;
        insert_post(
            db,
            "terbit-besok",
            "Uji",
            "",
            PostStatus::Published,
            Some(now() + Duration::days(1)),
        )
        .await;
        product::Entity::update_many()
            .col_expr(product::Column::Active, false.into())
            .filter(product::Column::Slug.eq("faktur-kilat-aplikasi-invoice"))
            .exec(db.writer())
            .await
            .unwrap();
        service::Entity::update_many()
            .col_expr(service::Column::Published, false.into())
            .filter(service::Column::Slug.eq("otomasi-ai"))
            .exec(db.writer())
            .await
            .unwrap();

        let entries = sitemap::entries(db, now()).await.unwrap();
        let paths: HashSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths.len(), entries.len(), "{}: duplicate paths", b.name);

        let visible = posts::latest_published(db, now(), 100).await.unwrap();
        for p in &visible {
            assert!(
                paths.contains(format!("/blog/{}", p.slug).as_str()),
                "{}",
                b.name
            );
        }
        let blog = entries
            .iter()
            .filter(|e| e.path.starts_with("/blog/"))
            .count();
        assert_eq!(blog, visible.len(), "{}", b.name);
        for slug in [DRAFT, SCHEDULED, "terbit-besok"] {
            assert!(!paths.contains(format!("/blog/{slug}").as_str()), "{slug}");
        }
        assert!(!paths.contains("/products/faktur-kilat-aplikasi-invoice"));
        assert!(!paths.contains("/services/otomasi-ai"));
        assert!(paths.contains("/products/nusa-landing-template-umkm"));
        assert!(paths.contains("/services/pengembangan-website"));
        assert!(paths.contains("/portfolio/case-studies/kalibrasi-coffee-penjualan-online-naik"));
        assert!(paths.contains("/saas/tiranyx-commerce-white-label"));
        assert!(paths.contains("/resources/checklist-peluncuran-website"));

        let count = |prefix: &str| {
            entries
                .iter()
                .filter(|e| e.path.starts_with(prefix))
                .count()
        };
        assert_eq!(count("/products/"), 7, "{}", b.name);
        assert_eq!(count("/services/"), 5);
        assert_eq!(count("/portfolio/case-studies/"), 3);
        assert_eq!(count("/saas/"), 3);
        assert_eq!(count("/resources/"), 4);
        assert_eq!(entries.len(), 6 + 7 + 5 + 3 + 3 + 4);

        // A post's lastmod is never before it went live.
        for p in &visible {
            let e = entries
                .iter()
                .find(|e| e.path == format!("/blog/{}", p.slug))
                .unwrap();
            assert!(Some(e.updated_at) >= p.published_at);
        }
    }
}

async fn contact_rows(db: &Database) -> u64 {
    contact_message::Entity::find()
        .count(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn contact_form_validates_before_storing() {
    for b in backends().await {
        let db = &b.db;
        let invalid = ContactInput {
            name: " A ".into(),
            email: "a b@c.id".into(),
            phone: "12-34".into(),
            message: "Halo".into(),
            website: String::new(),
        };
        match contact::submit(db, &invalid, None, now()).await {
            Err(DomainError::Invalid(errors)) => {
                let keys: Vec<_> = errors.0.keys().copied().collect();
                assert_eq!(keys, ["email", "message", "name", "phone"], "{}", b.name);
                assert_eq!(errors.get("name"), Some("Nama minimal 2 karakter."));
                assert_eq!(errors.get("email"), Some("Alamat email tidak valid."));
            }
            other => panic!("{}: {other:?}", b.name),
        }
        assert_eq!(contact_rows(db).await, 0, "{}", b.name);

        // One bad field is enough to store nothing.
        let valid = ContactInput {
            name: "Dewi Ayu Lestari".into(),
            email: "  Dewi.Lestari+Web@Example.CO.ID ".into(),
            phone: " +62 812-3456-7890 ".into(),
            message: "Kami ingin membuat toko online dengan pembayaran QRIS.".into(),
            website: String::new(),
        };
        let only_message = ContactInput {
            message: "x".repeat(5001),
            ..valid.clone()
        };
        match contact::submit(db, &only_message, None, now()).await {
            Err(DomainError::Invalid(errors)) => {
                assert_eq!(errors.0.len(), 1);
                assert_eq!(errors.get("message"), Some("Pesan maksimal 5000 karakter."));
            }
            other => panic!("{}: {other:?}", b.name),
        }
        assert_eq!(contact_rows(db).await, 0, "{}", b.name);

        // The honeypot: the bot is told it worked, nothing is stored.
        let bot = ContactInput {
            website: "http://spam.example".into(),
            ..valid.clone()
        };
        assert_eq!(
            contact::submit(db, &bot, Some("203.0.113.9".into()), now())
                .await
                .unwrap(),
            ContactOutcome::Discarded
        );
        assert_eq!(contact_rows(db).await, 0, "{}", b.name);

        let outcome = contact::submit(db, &valid, Some("203.0.113.7".into()), now())
            .await
            .unwrap();
        let ContactOutcome::Stored(id) = outcome else {
            panic!("{}: {outcome:?}", b.name);
        };
        assert_eq!(contact_rows(db).await, 1, "{}", b.name);
        let row = contact_message::Entity::find_by_id(id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, ContactStatus::Unread);
        assert_eq!(row.name, "Dewi Ayu Lestari");
        assert_eq!(row.email, "dewi.lestari+web@example.co.id");
        assert_eq!(row.phone.as_deref(), Some("+62 812-3456-7890"));
        assert_eq!(row.ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(row.created_at, now());
        assert!(row.message.starts_with("Kami ingin"));
    }
}

#[tokio::test]
async fn waitlist_join_is_idempotent_per_email() {
    for b in demo_backends().await {
        let db = &b.db;
        let slug = "faktur-kilat-aplikasi-invoice";
        let input = WaitlistInput {
            email: "budi@example.com".into(),
            name: "Budi".into(),
        };
        assert_eq!(
            waitlist::join(db, slug, &input, now()).await.unwrap(),
            JoinOutcome::Joined,
            "{}",
            b.name
        );
        let again = WaitlistInput {
            email: "  BUDI@Example.com ".into(),
            name: String::new(),
        };
        assert_eq!(
            waitlist::join(db, slug, &again, now()).await.unwrap(),
            JoinOutcome::AlreadyJoined,
            "{}",
            b.name
        );
        assert_eq!(waitlist::count(db, slug).await.unwrap(), 1, "{}", b.name);
        let row = waitlist_entry::Entity::find()
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.email.as_str(), row.name.as_deref()),
            ("budi@example.com", Some("Budi"))
        );

        // SaaS bundles have waitlists too; the same address may join several.
        let bundle = "tiranyx-reservasi-white-label";
        assert_eq!(
            waitlist::join(db, bundle, &input, now()).await.unwrap(),
            JoinOutcome::Joined
        );
        let anon = WaitlistInput {
            email: "sari@example.id".into(),
            name: "   ".into(),
        };
        assert_eq!(
            waitlist::join(db, bundle, &anon, now()).await.unwrap(),
            JoinOutcome::Joined
        );
        assert_eq!(waitlist::count(db, bundle).await.unwrap(), 2);
        assert_eq!(waitlist::count(db, "tidak-ada").await.unwrap(), 0);

        let targets = waitlist::targets(db).await.unwrap();
        assert_eq!(targets.len(), 8 + 3, "{}", b.name);
        assert_eq!(targets[0].0, "nusa-landing-template-umkm", "products first");
        assert_eq!(targets[8].0, "tiranyx-commerce-white-label", "then bundles");
        let count_of = |s: &str| targets.iter().find(|t| t.0 == s).map(|t| t.2);
        assert_eq!(count_of(slug), Some(1));
        assert_eq!(count_of(bundle), Some(2));
        assert_eq!(count_of("tiranyx-commerce-white-label"), Some(0));
        assert!(targets
            .iter()
            .any(|t| t.1 == "Faktur Kilat — Aplikasi Invoice Desktop"));
    }
}

#[tokio::test]
async fn waitlist_rejects_unknown_products_and_bad_input() {
    for b in demo_backends().await {
        let db = &b.db;
        let input = WaitlistInput {
            email: "budi@example.com".into(),
            name: String::new(),
        };
        match waitlist::join(db, "tidak-ada", &input, now()).await {
            Err(DomainError::NotFound) => {}
            other => panic!("{}: {other:?}", b.name),
        }

        // An inactive product or bundle cannot be waited for.
        product::Entity::update_many()
            .col_expr(product::Column::Active, false.into())
            .filter(product::Column::Slug.eq("rangka-ui-kit-dashboard"))
            .exec(db.writer())
            .await
            .unwrap();
        saas_bundle::Entity::update_many()
            .col_expr(saas_bundle::Column::Active, false.into())
            .filter(saas_bundle::Column::Slug.eq("tiranyx-member-white-label"))
            .exec(db.writer())
            .await
            .unwrap();
        for slug in ["rangka-ui-kit-dashboard", "tiranyx-member-white-label"] {
            assert!(
                matches!(
                    waitlist::join(db, slug, &input, now()).await,
                    Err(DomainError::NotFound)
                ),
                "{}: {slug}",
                b.name
            );
        }
        let targets = waitlist::targets(db).await.unwrap();
        assert_eq!(targets.len(), 7 + 2, "{}", b.name);

        for bad in ["a@b", "@x.id", "x@.id", "a b@c.id", ""] {
            let input = WaitlistInput {
                email: bad.into(),
                name: String::new(),
            };
            match waitlist::join(db, "nusa-landing-template-umkm", &input, now()).await {
                Err(DomainError::Invalid(errors)) => {
                    assert!(errors.get("email").is_some(), "{}: {bad:?}", b.name);
                    assert_eq!(errors.0.len(), 1);
                }
                other => panic!("{}: {bad:?}: {other:?}", b.name),
            }
        }
        let long_name = WaitlistInput {
            email: "budi@example.com".into(),
            name: "n".repeat(121),
        };
        match waitlist::join(db, "nusa-landing-template-umkm", &long_name, now()).await {
            Err(DomainError::Invalid(errors)) => {
                assert_eq!(errors.get("name"), Some("Nama maksimal 120 karakter."));
            }
            other => panic!("{}: {other:?}", b.name),
        }
        let rows = waitlist_entry::Entity::find()
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(rows, 0, "{}: nothing stored", b.name);
    }
}
