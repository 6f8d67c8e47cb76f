//! The admin CMS: generic create / edit / publish of every content kind,
//! settings, and the post scheduler, on SQLite and (when
//! `TIRANYX_TEST_POSTGRES_URL` is set, always in CI) PostgreSQL.
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    audit::Actor,
    cms::{self, to_form_datetime, ContentKind, ContentStatus, ListQuery, Values},
    content::{self, posts},
    entities::{audit_entry, post, product, PostStatus},
    Database, DomainError,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

mod common;
use common::backends;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

fn admin() -> Actor {
    Actor::admin(1, "admin@tiranyx.co.id", Some("127.0.0.1".into()))
}

fn values(pairs: &[(&str, &str)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A valid form for `kind`, every field given in its canonical form (as
/// `get` returns it), with an empty slug to be generated from `title`.
fn sample(kind: ContentKind, title: &str) -> Values {
    let fields: &[(&str, &str)] = match kind {
        ContentKind::Post => &[
            ("excerpt", "Ringkasan singkat."),
            ("body_md", "# Halo\n\nIsi artikel."),
            ("cover_url", "/uploads/sampul.png"),
            ("category", "SEO"),
            ("tags", "seo, bisnis lokal"),
            ("author_name", "Tim Tiranyx"),
            ("seo_title", ""),
            ("seo_description", "Deskripsi untuk mesin pencari."),
            ("status", "published"),
            ("publish_at", "2026-11-30T10:00"),
        ],
        ContentKind::Portfolio => &[
            ("client_name", "Toko Kopi Senja"),
            ("category", "Toko online"),
            ("summary", "Toko online kopi."),
            ("cover_url", ""),
            ("project_url", "https://kopisenja.id"),
            ("tags", "web, e-commerce"),
            ("year", "2025"),
            ("featured", "true"),
            ("published", "true"),
            ("sort_order", "3"),
        ],
        ContentKind::CaseStudy => &[
            ("portfolio_item_id", ""),
            ("client_name", "Klinik Sehat"),
            ("summary", "Sistem reservasi."),
            ("body_md", "Cerita proyek."),
            ("cover_url", "https://cdn.contoh.id/cs.png"),
            ("results", "Konversi naik 38%"),
            ("published", "false"),
            ("publish_at", ""),
        ],
        ContentKind::Resource => &[
            ("kind", "checklist"),
            ("summary", "Daftar periksa SEO."),
            ("body_md", ""),
            ("url", "https://contoh.id/checklist.pdf"),
            ("cover_url", ""),
            ("published", "true"),
            ("sort_order", "0"),
        ],
        ContentKind::Demo => &[
            ("summary", "Demo toko."),
            ("tech_stack", "Rust, Leptos"),
            ("demo_url", "https://demo.tiranyx.co.id"),
            ("cover_url", ""),
            ("published", "true"),
            ("sort_order", "-2"),
        ],
        ContentKind::Service => &[
            ("summary", "Website cepat."),
            ("body_md", "Kami membangun website."),
            ("icon", "code"),
            ("price_from_idr", "1500000"),
            ("sort_order", "1"),
            ("published", "true"),
        ],
        ContentKind::Product => &[
            ("tagline", "Mulai proyek lebih cepat."),
            ("description_md", "Isi paket."),
            ("category", "Template"),
            ("price_idr", "750000"),
            ("price_usd_cents", "4900"),
            ("delivery_type", "github_invite"),
            ("delivery_note", "Undangan ke repo privat."),
            ("github_repo", "tiranyx/starter-kit"),
            ("license_activation_limit", "3"),
            ("period", ""),
            ("cover_url", "https://cdn.contoh.id/p.png"),
            ("featured", "false"),
            ("active", "true"),
            ("sort_order", "0"),
        ],
        ContentKind::SaasBundle => &[
            ("tagline", "Semua alat dalam satu."),
            ("description_md", "Bundel."),
            ("features", "CRM\nInvoice"),
            ("price_idr", "99000"),
            ("price_usd_cents", ""),
            ("period", "yearly"),
            ("github_repo", ""),
            ("active", "true"),
            ("sort_order", "0"),
        ],
    };
    let mut v = values(fields);
    let title_field = if matches!(kind, ContentKind::Product | ContentKind::SaasBundle) {
        "name"
    } else {
        "title"
    };
    v.insert(title_field.into(), title.into());
    v.insert("slug".into(), String::new());
    v
}

async fn audit_count(db: &Database) -> u64 {
    audit_entry::Entity::find()
        .count(db.reader())
        .await
        .unwrap()
}

async fn last_audit(db: &Database) -> audit_entry::Model {
    audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

fn invalid(r: Result<impl std::fmt::Debug, DomainError>) -> domain::forms::FieldErrors {
    match r {
        Err(DomainError::Invalid(errors)) => errors,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn every_kind_round_trips() {
    for b in backends().await {
        for kind in ContentKind::ALL {
            let title = format!("Uji {} Satu", kind.label());
            let given = sample(kind, &title);
            let id = cms::create(&b.db, &admin(), kind, &given, now())
                .await
                .unwrap_or_else(|e| panic!("{} {kind:?}: {e:?}", b.name));
            let record = cms::get(&b.db, kind, id).await.unwrap();
            let mut expected = given.clone();
            expected.insert("slug".into(), cms_slug(&title));
            assert_eq!(record.values, expected, "{} {kind:?}", b.name);
            let names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
            assert_eq!(
                record
                    .values
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .len(),
                names.len()
            );
            assert_eq!(record.id, id);
            assert_eq!(record.updated_at, now());

            let audit = last_audit(&b.db).await;
            assert_eq!(audit.action, format!("{}.create", kind.slug()));
            assert_eq!(audit.target_type, kind.slug());
            assert_eq!(audit.target_id, Some(id));
            assert_eq!(audit.actor, "admin@tiranyx.co.id");
            assert!(audit.summary.contains(&title), "{}", audit.summary);
        }
        // Published content is public.
        let slug = cms_slug("Uji Artikel Satu");
        let p = posts::find_published(&b.db, now(), &slug).await.unwrap();
        assert_eq!(p.tags, "seo, bisnis lokal");
        assert_eq!(
            p.published_at,
            Some(Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap()),
            "form times are Jakarta time"
        );
        let prod = content::products::find_active(&b.db, &cms_slug("Uji Produk Satu"))
            .await
            .unwrap();
        assert_eq!(
            (prod.price_idr, prod.price_usd_cents),
            (750_000, Some(4900))
        );
        content::services::find_published(&b.db, &cms_slug("Uji Layanan Satu"))
            .await
            .unwrap();
        assert_eq!(
            ContentKind::Product.public_path(&prod.slug).as_deref(),
            Some("/products/uji-produk-satu")
        );
    }
}

fn cms_slug(title: &str) -> String {
    domain::markdown::slugify(title)
}

#[tokio::test]
async fn optional_values_default_and_case_study_links() {
    for b in backends().await {
        // Optional numbers and checkboxes may be left out entirely.
        let mut v = sample(ContentKind::Service, "Konsultasi");
        v.remove("price_from_idr");
        v.remove("sort_order");
        v.remove("published");
        let id = cms::create(&b.db, &admin(), ContentKind::Service, &v, now())
            .await
            .unwrap();
        let rec = cms::get(&b.db, ContentKind::Service, id).await.unwrap();
        assert_eq!(rec.values["price_from_idr"], "");
        assert_eq!(rec.values["sort_order"], "0");
        assert_eq!(rec.status, ContentStatus::Draft);

        let portfolio = cms::create(
            &b.db,
            &admin(),
            ContentKind::Portfolio,
            &sample(ContentKind::Portfolio, "Kopi Senja"),
            now(),
        )
        .await
        .unwrap();
        let mut cs = sample(ContentKind::CaseStudy, "Studi Kopi");
        cs.insert("portfolio_item_id".into(), portfolio.to_string());
        cs.insert("published".into(), "on".into());
        let id = cms::create(&b.db, &admin(), ContentKind::CaseStudy, &cs, now())
            .await
            .unwrap();
        let rec = cms::get(&b.db, ContentKind::CaseStudy, id).await.unwrap();
        assert_eq!(rec.values["portfolio_item_id"], portfolio.to_string());
        assert_eq!(rec.values["published"], "true");
        assert_eq!(
            rec.values["publish_at"],
            to_form_datetime(now()),
            "dated now"
        );
        content::case_studies::find_published(&b.db, "studi-kopi")
            .await
            .unwrap();

        // A link to a missing portfolio item is a field error.
        let before = audit_count(&b.db).await;
        cs.insert("slug".into(), "studi-lain".into());
        cs.insert("portfolio_item_id".into(), "999".into());
        let errors =
            invalid(cms::create(&b.db, &admin(), ContentKind::CaseStudy, &cs, now()).await);
        assert!(errors.get("portfolio_item_id").is_some(), "{}", b.name);
        assert_eq!(audit_count(&b.db).await, before);
    }
}

#[tokio::test]
async fn slugs_are_generated_and_edited() {
    for b in backends().await {
        let kind = ContentKind::Post;
        let mut v = sample(kind, "Halo Dunia: SEO 2027!");
        let id = cms::create(&b.db, &admin(), kind, &v, now()).await.unwrap();
        let rec = cms::get(&b.db, kind, id).await.unwrap();
        assert_eq!(rec.values["slug"], "halo-dunia-seo-2027");

        v.insert("slug".into(), "  Slug Baru Ya ".into());
        cms::update(&b.db, &admin(), kind, id, &v, now())
            .await
            .unwrap();
        let rec = cms::get(&b.db, kind, id).await.unwrap();
        assert_eq!(rec.values["slug"], "slug-baru-ya");

        // Saving the same slug again is not a clash with itself.
        cms::update(&b.db, &admin(), kind, id, &rec.values, now())
            .await
            .unwrap();

        v.insert("slug".into(), "!!!".into());
        let errors = invalid(cms::update(&b.db, &admin(), kind, id, &v, now()).await);
        assert!(errors.get("slug").is_some());
        assert_eq!(
            cms::get(&b.db, kind, id).await.unwrap().values["slug"],
            "slug-baru-ya"
        );
    }
}

#[tokio::test]
async fn slug_clash_is_refused_and_writes_nothing() {
    for b in backends().await {
        let kind = ContentKind::Product;
        let a = cms::create(&b.db, &admin(), kind, &sample(kind, "Paket A"), now())
            .await
            .unwrap();
        let other = cms::create(&b.db, &admin(), kind, &sample(kind, "Paket B"), now())
            .await
            .unwrap();
        let audits = audit_count(&b.db).await;

        let mut clash = sample(kind, "Paket Lain");
        clash.insert("slug".into(), "Paket A".into());
        let r = cms::create(&b.db, &admin(), kind, &clash, now()).await;
        assert!(
            matches!(r, Err(DomainError::Conflict { field: "slug" })),
            "{}: {r:?}",
            b.name
        );
        // Generated slugs clash too.
        let r = cms::create(&b.db, &admin(), kind, &sample(kind, "Paket A"), now()).await;
        assert!(matches!(r, Err(DomainError::Conflict { field: "slug" })));
        let r = cms::update(&b.db, &admin(), kind, other, &clash, now()).await;
        assert!(matches!(r, Err(DomainError::Conflict { field: "slug" })));

        assert_eq!(
            product::Entity::find().count(b.db.reader()).await.unwrap(),
            2
        );
        assert_eq!(audit_count(&b.db).await, audits);
        let rec = cms::get(&b.db, kind, other).await.unwrap();
        assert_eq!(rec.values["slug"], "paket-b");
        assert_eq!(
            cms::get(&b.db, kind, a).await.unwrap().values["name"],
            "Paket A"
        );

        // Slugs are unique per table only.
        let mut service = sample(ContentKind::Service, "Jasa");
        service.insert("slug".into(), "paket-a".into());
        cms::create(&b.db, &admin(), ContentKind::Service, &service, now())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn invalid_input_reports_every_field_and_writes_nothing() {
    for b in backends().await {
        let kind = ContentKind::Product;
        let bad = values(&[
            ("name", ""),
            ("slug", ""),
            ("tagline", &"x".repeat(301)),
            ("description_md", "ok"),
            ("category", "Template"),
            ("price_idr", "-5"),
            ("price_usd_cents", "12.50"),
            ("delivery_type", "merpati"),
            ("delivery_note", "ok"),
            ("github_repo", "bukan repo"),
            // Only a licence is sold per period.
            ("period", "monthly"),
            ("cover_url", "javascript:alert(1)"),
            ("featured", "mungkin"),
            ("sort_order", "satu"),
        ]);
        let errors = invalid(cms::create(&b.db, &admin(), kind, &bad, now()).await);
        for field in [
            "name",
            "tagline",
            "price_idr",
            "price_usd_cents",
            "delivery_type",
            "github_repo",
            "period",
            "cover_url",
            "featured",
            "sort_order",
        ] {
            assert!(
                errors.get(field).is_some(),
                "{}: {field}: {errors:?}",
                b.name
            );
        }
        assert_eq!(errors.get("name"), Some("Nama wajib diisi."));
        assert_eq!(
            errors.get("tagline"),
            Some("Tagline maksimal 300 karakter.")
        );
        assert_eq!(errors.get("description_md"), None);
        assert_eq!(
            product::Entity::find().count(b.db.reader()).await.unwrap(),
            0
        );
        assert_eq!(audit_count(&b.db).await, 0);

        // A scheduled post needs its time; an invalid update changes nothing.
        let id = cms::create(
            &b.db,
            &admin(),
            ContentKind::Post,
            &sample(ContentKind::Post, "Tetap"),
            now(),
        )
        .await
        .unwrap();
        let mut v = sample(ContentKind::Post, "Berubah");
        v.insert("status".into(), "scheduled".into());
        v.insert("publish_at".into(), String::new());
        v.insert("cover_url".into(), "/images/a.png".into());
        let errors = invalid(cms::update(&b.db, &admin(), ContentKind::Post, id, &v, now()).await);
        assert_eq!(
            errors.get("publish_at"),
            Some("Waktu terbit wajib diisi untuk artikel terjadwal.")
        );
        assert!(errors.get("cover_url").is_some());
        let rec = cms::get(&b.db, ContentKind::Post, id).await.unwrap();
        assert_eq!(rec.values["title"], "Tetap");
        assert_eq!(audit_count(&b.db).await, 1);
    }
}

#[tokio::test]
async fn update_records_before_and_after() {
    for b in backends().await {
        let kind = ContentKind::Service;
        let mut v = sample(kind, "Lama");
        let id = cms::create(&b.db, &admin(), kind, &v, now()).await.unwrap();
        v.insert("title".into(), "Baru".into());
        v.insert("slug".into(), "lama".into());
        v.insert("price_from_idr".into(), "Rp 2.000.000".into());
        let later = now() + Duration::hours(1);
        cms::update(&b.db, &admin(), kind, id, &v, later)
            .await
            .unwrap();

        let rec = cms::get(&b.db, kind, id).await.unwrap();
        assert_eq!(rec.values["title"], "Baru");
        assert_eq!(rec.values["price_from_idr"], "2000000");
        assert_eq!(rec.updated_at, later);

        let audit = last_audit(&b.db).await;
        assert_eq!(audit.action, "services.update");
        assert_eq!(audit.target_id, Some(id));
        assert_eq!(audit.created_at, later);
        assert!(
            audit.summary.contains("title: «Lama» → «Baru»"),
            "{}",
            audit.summary
        );
        assert!(
            audit
                .summary
                .contains("price_from_idr: «1500000» → «2000000»"),
            "{}",
            audit.summary
        );
        assert!(!audit.summary.contains("icon"), "{}", audit.summary);

        let missing = cms::update(&b.db, &admin(), kind, id + 100, &v, later).await;
        assert!(matches!(missing, Err(DomainError::NotFound)));
    }
}

#[tokio::test]
async fn delete_removes_and_audits() {
    for b in backends().await {
        let kind = ContentKind::Post;
        let id = cms::create(&b.db, &admin(), kind, &sample(kind, "Dihapus"), now())
            .await
            .unwrap();
        cms::delete(&b.db, &admin(), kind, id, now()).await.unwrap();
        assert!(matches!(
            cms::get(&b.db, kind, id).await,
            Err(DomainError::NotFound)
        ));
        let audit = last_audit(&b.db).await;
        assert_eq!(
            (audit.action.as_str(), audit.target_id),
            ("posts.delete", Some(id))
        );
        assert!(audit.summary.contains("Dihapus"));
        assert!(matches!(
            cms::delete(&b.db, &admin(), kind, id, now()).await,
            Err(DomainError::NotFound)
        ));
        assert_eq!(audit_count(&b.db).await, 2);
    }
}

fn not_found<T: std::fmt::Debug>(r: Result<T, DomainError>) -> bool {
    matches!(r, Err(DomainError::NotFound))
}

#[tokio::test]
async fn publishing_controls_public_visibility() {
    for b in backends().await {
        let mut v = sample(ContentKind::Post, "Draf Dulu");
        v.insert("status".into(), "draft".into());
        v.insert("publish_at".into(), String::new());
        let id = cms::create(&b.db, &admin(), ContentKind::Post, &v, now())
            .await
            .unwrap();
        assert!(not_found(
            posts::find_published(&b.db, now(), "draf-dulu").await
        ));

        cms::set_published(&b.db, &admin(), ContentKind::Post, id, true, now())
            .await
            .unwrap();
        let p = posts::find_published(&b.db, now(), "draf-dulu")
            .await
            .unwrap();
        assert_eq!(
            (p.status, p.published_at),
            (PostStatus::Published, Some(now()))
        );
        assert_eq!(last_audit(&b.db).await.action, "posts.publish");
        // Publishing again writes nothing.
        let audits = audit_count(&b.db).await;
        cms::set_published(&b.db, &admin(), ContentKind::Post, id, true, now())
            .await
            .unwrap();
        assert_eq!(audit_count(&b.db).await, audits);

        cms::set_published(&b.db, &admin(), ContentKind::Post, id, false, now())
            .await
            .unwrap();
        assert!(not_found(
            posts::find_published(&b.db, now(), "draf-dulu").await
        ));
        let rec = cms::get(&b.db, ContentKind::Post, id).await.unwrap();
        assert_eq!(rec.status, ContentStatus::Draft);
        assert_eq!(last_audit(&b.db).await.action, "posts.unpublish");

        // Products: `active`.
        let mut v = sample(ContentKind::Product, "Produk Tersembunyi");
        v.insert("active".into(), "false".into());
        let id = cms::create(&b.db, &admin(), ContentKind::Product, &v, now())
            .await
            .unwrap();
        let slug = "produk-tersembunyi";
        assert!(not_found(content::products::find_active(&b.db, slug).await));
        cms::set_published(&b.db, &admin(), ContentKind::Product, id, true, now())
            .await
            .unwrap();
        content::products::find_active(&b.db, slug).await.unwrap();
        assert_eq!(
            cms::get(&b.db, ContentKind::Product, id)
                .await
                .unwrap()
                .status,
            ContentStatus::Published
        );
        cms::set_published(&b.db, &admin(), ContentKind::Product, id, false, now())
            .await
            .unwrap();
        assert!(not_found(content::products::find_active(&b.db, slug).await));
        let audit = last_audit(&b.db).await;
        assert_eq!(
            (audit.action.as_str(), audit.target_type.as_str()),
            ("products.unpublish", "products")
        );

        assert!(matches!(
            cms::set_published(&b.db, &admin(), ContentKind::Demo, 999, true, now()).await,
            Err(DomainError::NotFound)
        ));
    }
}

#[tokio::test]
async fn list_searches_filters_and_paginates() {
    for b in backends().await {
        let kind = ContentKind::Post;
        let posts_in = [
            ("Panduan SEO Dasar", "published", ""),
            ("Belajar Rust", "draft", "belajar-seo-lokal"),
            ("Tips Desain", "draft", ""),
            ("Rencana 2027", "scheduled", ""),
            ("Kopi dan 100% Semangat", "published", ""),
        ];
        for (i, (title, status, slug)) in posts_in.iter().enumerate() {
            let mut v = sample(kind, title);
            v.insert("status".into(), (*status).into());
            v.insert("slug".into(), (*slug).into());
            v.insert("publish_at".into(), "2027-01-15T09:00".into());
            let at = now() + Duration::minutes(i as i64);
            cms::create(&b.db, &admin(), kind, &v, at).await.unwrap();
        }
        let query = |q: &str, status: Option<ContentStatus>, page: u64, per_page: u64| ListQuery {
            q: q.into(),
            status,
            page,
            per_page,
        };
        let titles = |p: &content::Page<cms::ContentSummary>| {
            p.items.iter().map(|s| s.title.clone()).collect::<Vec<_>>()
        };

        let all = cms::list(&b.db, kind, &query("", None, 1, 10))
            .await
            .unwrap();
        assert_eq!(all.total, 5);
        assert_eq!(
            all.items[0].title, "Kopi dan 100% Semangat",
            "newest updated first"
        );
        assert_eq!(all.items[4].title, "Panduan SEO Dasar");

        // Title or slug, any case.
        let seo = cms::list(&b.db, kind, &query(" sEo ", None, 1, 10))
            .await
            .unwrap();
        assert_eq!(
            titles(&seo),
            ["Belajar Rust", "Panduan SEO Dasar"],
            "{}",
            b.name
        );
        // `%` is literal.
        let pct = cms::list(&b.db, kind, &query("100%", None, 1, 10))
            .await
            .unwrap();
        assert_eq!(pct.total, 1);
        let none = cms::list(&b.db, kind, &query("%x", None, 1, 10))
            .await
            .unwrap();
        assert_eq!(none.total, 0);

        let drafts = cms::list(&b.db, kind, &query("", Some(ContentStatus::Draft), 1, 10))
            .await
            .unwrap();
        assert_eq!(titles(&drafts), ["Tips Desain", "Belajar Rust"]);
        let scheduled = cms::list(
            &b.db,
            kind,
            &query("", Some(ContentStatus::Scheduled), 1, 10),
        )
        .await
        .unwrap();
        assert_eq!(scheduled.items.len(), 1);
        assert_eq!(scheduled.items[0].status, ContentStatus::Scheduled);
        assert_eq!(
            scheduled.items[0].publish_at,
            Some(Utc.with_ymd_and_hms(2027, 1, 15, 2, 0, 0).unwrap())
        );

        let page2 = cms::list(&b.db, kind, &query("", None, 2, 2))
            .await
            .unwrap();
        assert_eq!((page2.page, page2.per_page, page2.total), (2, 2, 5));
        assert_eq!(page2.total_pages(), 3);
        assert_eq!(titles(&page2), ["Tips Desain", "Belajar Rust"]);
        let page3 = cms::list(&b.db, kind, &query("", None, 3, 2))
            .await
            .unwrap();
        assert_eq!(titles(&page3), ["Panduan SEO Dasar"]);

        // Kinds without scheduling have nothing scheduled.
        cms::create(
            &b.db,
            &admin(),
            ContentKind::Demo,
            &sample(ContentKind::Demo, "Demo"),
            now(),
        )
        .await
        .unwrap();
        let demo = ContentKind::Demo;
        let published = cms::list(
            &b.db,
            demo,
            &query("", Some(ContentStatus::Published), 1, 10),
        )
        .await
        .unwrap();
        assert_eq!(published.total, 1);
        for st in [ContentStatus::Scheduled, ContentStatus::Draft] {
            let empty = cms::list(&b.db, demo, &query("", Some(st), 1, 10))
                .await
                .unwrap();
            assert_eq!(empty.total, 0, "{st:?}");
        }
    }
}

#[tokio::test]
async fn settings_save_and_load() {
    for b in backends().await {
        let defaults = cms::load_settings(&b.db).await.unwrap();
        assert_eq!(defaults["site_name"], "Tiranyx");
        let names: Vec<&str> = cms::settings_fields().iter().map(|f| f.name).collect();
        assert_eq!(
            defaults
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .len(),
            names.len()
        );
        for name in names {
            assert!(defaults.contains_key(name), "{name}");
        }

        let mut v = defaults.clone();
        v.insert("site_name".into(), "Tiranyx Studio".into());
        v.insert("contact_email".into(), " Halo@Tiranyx.co.id ".into());
        v.insert("whatsapp".into(), "0812-3456-7890".into());
        v.insert(
            "instagram".into(),
            "https://www.instagram.com/tiranyx".into(),
        );
        cms::save_settings(&b.db, &admin(), &v, now())
            .await
            .unwrap();

        let loaded = cms::load_settings(&b.db).await.unwrap();
        assert_eq!(loaded["site_name"], "Tiranyx Studio");
        assert_eq!(loaded["contact_email"], "halo@tiranyx.co.id");
        assert_eq!(loaded["whatsapp"], "6281234567890");
        let site = content::settings::load(&b.db).await.unwrap();
        assert_eq!(site.site_name, "Tiranyx Studio");
        assert_eq!(site.instagram, "https://www.instagram.com/tiranyx");
        let audit = last_audit(&b.db).await;
        assert_eq!(audit.action, "settings.update");
        assert!(
            audit
                .summary
                .contains("site_name: «Tiranyx» → «Tiranyx Studio»"),
            "{}",
            audit.summary
        );

        // Saving again updates rows in place.
        let mut again = loaded.clone();
        again.insert("tagline".into(), "Agensi digital Bandung".into());
        cms::save_settings(&b.db, &admin(), &again, now())
            .await
            .unwrap();
        assert_eq!(cms::load_settings(&b.db).await.unwrap(), again);

        let audits = audit_count(&b.db).await;
        let mut bad = again.clone();
        bad.insert("site_name".into(), "".into());
        bad.insert("instagram".into(), "instagram.com/tiranyx".into());
        bad.insert("contact_email".into(), "bukan email".into());
        bad.insert("whatsapp".into(), "nomor".into());
        let errors = invalid(cms::save_settings(&b.db, &admin(), &bad, now()).await);
        for field in ["site_name", "instagram", "contact_email", "whatsapp"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert_eq!(cms::load_settings(&b.db).await.unwrap(), again);
        assert_eq!(audit_count(&b.db).await, audits);
    }
}

/// Pages read the settings once per content generation: a saved change
/// shows once the change is announced (the server does it after every
/// state-changing request), not before.
#[tokio::test]
async fn pages_see_saved_settings_from_the_next_content_generation() {
    for b in backends().await {
        let before = content::settings::for_pages(&b.db).await.unwrap();
        assert_eq!(before.site_name, "Tiranyx", "{}", b.name);
        let mut v = cms::load_settings(&b.db).await.unwrap();
        v.insert("site_name".into(), "Tiranyx Studio".into());
        cms::save_settings(&b.db, &admin(), &v, now())
            .await
            .unwrap();
        let kept = content::settings::for_pages(&b.db).await.unwrap();
        assert_eq!(kept.site_name, "Tiranyx", "{}", b.name);
        b.db.content_changed().await;
        let after = content::settings::for_pages(&b.db).await.unwrap();
        assert_eq!(after.site_name, "Tiranyx Studio", "{}", b.name);
    }
}

/// What pages show is read once per content generation, under a key: not
/// the errors, not across a change, never more than the bound.
#[tokio::test]
async fn pages_data_is_kept_per_generation_without_errors_and_within_its_bound() {
    use domain::generation::KEPT_FOR_PAGES_ENTRIES;
    use std::sync::atomic::{AtomicU32, Ordering};
    let db = backends().await.remove(0).db;
    let loads = AtomicU32::new(0);
    let read = |key: &str, value: u32| {
        let (db, loads, key) = (&db, &loads, key.to_owned());
        async move {
            db.kept_for_pages(key, async {
                loads.fetch_add(1, Ordering::SeqCst);
                Ok::<_, String>(value)
            })
            .await
        }
    };
    assert_eq!(read("a", 1).await, Ok(1));
    assert_eq!(read("a", 2).await, Ok(1), "kept");
    assert_eq!(read("b", 3).await, Ok(3), "another key");
    assert_eq!(loads.load(Ordering::SeqCst), 2);
    db.content_changed().await;
    assert_eq!(read("a", 4).await, Ok(4), "read again after a change");

    let failing = || db.kept_for_pages("c".into(), async { Err::<u32, _>("down") });
    assert_eq!(failing().await, Err("down"));
    assert_eq!(read("c", 5).await, Ok(5), "an error is not kept");

    for i in 0..10_000 {
        read(&format!("/blog?tag={i}"), i).await.unwrap();
    }
    let entries = db.kept_for_pages_entries();
    assert!(entries <= KEPT_FOR_PAGES_ENTRIES, "{entries} entries kept");
}

#[tokio::test]
async fn what_is_made_from_pages_data_is_kept_under_the_generation_the_data_was_read_in() {
    let db = backends().await.remove(0).db;
    let before = db.content_generation();
    let made = db.kept_for_pages_from(before, "drawn /".into(), || "lama".to_owned());
    assert_eq!(made, "lama");
    let again = db.kept_for_pages_from(before, "drawn /".into(), || "tidak dibuat".to_owned());
    assert_eq!(again, "lama", "kept for its generation");
    assert_eq!(
        db.kept_for_pages_in::<String>(before, "drawn /"),
        Some("lama".to_owned())
    );

    // A change lands while a page still draws from the data it read before.
    db.content_changed().await;
    let late = db.kept_for_pages_from(before, "drawn /blog".into(), || "basi".to_owned());
    assert_eq!(
        late, "basi",
        "the page that read the old data still gets its drawing"
    );
    let now = db.content_generation();
    assert_eq!(db.kept_for_pages_in::<String>(now, "drawn /"), None);
    assert_eq!(db.kept_for_pages_in::<String>(now, "drawn /blog"), None);
    assert_eq!(
        db.kept_for_pages_from(now, "drawn /blog".into(), || "baru".to_owned()),
        "baru",
        "what was made from the old data is not handed out after the change"
    );
    assert_eq!(
        db.kept_for_pages_from(now, "drawn /".into(), || "baru".to_owned()),
        "baru"
    );
}

#[tokio::test]
async fn scheduler_publishes_due_posts_once() {
    for b in backends().await {
        let schedule = |title: &str, at: DateTime<Utc>| {
            let mut v = sample(ContentKind::Post, title);
            v.insert("status".into(), "scheduled".into());
            v.insert("publish_at".into(), to_form_datetime(at));
            v
        };
        // Due hours ago: the server was down when it should have gone out.
        let due = schedule("Sudah Waktunya", now() - Duration::hours(5));
        let future = schedule("Belum Waktunya", now() + Duration::days(2));
        let due_id = cms::create(
            &b.db,
            &admin(),
            ContentKind::Post,
            &due,
            now() - Duration::days(1),
        )
        .await
        .unwrap();
        cms::create(
            &b.db,
            &admin(),
            ContentKind::Post,
            &future,
            now() - Duration::days(1),
        )
        .await
        .unwrap();
        assert!(not_found(
            posts::find_published(&b.db, now(), "sudah-waktunya").await
        ));

        assert_eq!(
            cms::publish_due_posts(&b.db, now()).await.unwrap(),
            1,
            "{}",
            b.name
        );
        let p = posts::find_published(&b.db, now(), "sudah-waktunya")
            .await
            .unwrap();
        assert_eq!(p.id, due_id);
        assert_eq!(p.updated_at, now());
        assert!(not_found(
            posts::find_published(&b.db, now(), "belum-waktunya").await
        ));
        let audit = last_audit(&b.db).await;
        assert_eq!(audit.actor, "scheduler");
        assert_eq!(audit.admin_id, None);
        assert_eq!(
            (audit.action.as_str(), audit.target_id),
            ("posts.publish", Some(due_id))
        );
        assert!(
            audit.summary.contains("Sudah Waktunya"),
            "{}",
            audit.summary
        );

        let audits = audit_count(&b.db).await;
        assert_eq!(cms::publish_due_posts(&b.db, now()).await.unwrap(), 0);
        assert_eq!(audit_count(&b.db).await, audits);

        let later = now() + Duration::days(3);
        assert_eq!(cms::publish_due_posts(&b.db, later).await.unwrap(), 1);
        posts::find_published(&b.db, later, "belum-waktunya")
            .await
            .unwrap();
        let scheduled = post::Entity::find()
            .filter(post::Column::Status.eq(PostStatus::Scheduled))
            .count(b.db.reader())
            .await
            .unwrap();
        assert_eq!(scheduled, 0);
    }
}
