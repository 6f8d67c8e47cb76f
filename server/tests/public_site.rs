//! Every public route: content from the database, SEO tags, JSON-LD, 404s,
//! drafts hidden, sitemap, sanitized markdown, and the two forms.
mod common;

use chrono::{Duration, Utc};
use common::{
    assert_security_headers, form_post, json_form_post, spawn, spawn_with, TestApp, SITE,
};
use domain::entities::{contact_message, post, waitlist_entry, PostStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};

async fn add_post(
    app: &TestApp,
    slug: &str,
    status: PostStatus,
    published_at: Option<chrono::DateTime<Utc>>,
    body: &str,
) {
    let now = Utc::now();
    post::ActiveModel {
        slug: Set(slug.into()),
        title: Set(format!("Judul {slug}")),
        excerpt: Set("Ringkasan".into()),
        body_md: Set(body.into()),
        category: Set("Uji".into()),
        tags: Set("uji".into()),
        author_name: Set("Penguji".into()),
        status: Set(status),
        published_at: Set(published_at),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db.writer())
    .await
    .unwrap();
}

fn assert_seo(html: &str, path: &str) {
    assert_eq!(html.matches("<title>").count(), 1, "{path}: one <title>");
    assert!(
        html.contains(r#"<meta name="description" content=""#),
        "{path}: description"
    );
    assert!(
        html.contains(&format!(r#"<link href="{SITE}{path}" rel="canonical">"#)),
        "{path}: canonical"
    );
    assert!(
        html.contains(r#"<meta property="og:title""#),
        "{path}: og:title"
    );
    assert!(!html.contains("<!>"), "{path}: hydration markers");
}

#[tokio::test]
async fn every_public_route_renders_with_seo_tags() {
    let app = spawn().await;
    let pages = [
        ("/", "Apa yang kami kerjakan"),
        ("/about", "Tentang Tiranyx"),
        ("/blog", "Tulisan dari tim Tiranyx"),
        (
            "/blog/kenapa-kami-memakai-rust-untuk-backend",
            "Kenapa Kami Memakai Rust",
        ),
        ("/services", "Pengembangan Website"),
        ("/services/otomasi-ai", "Otomasi AI untuk Bisnis"),
        ("/portfolio", "Studi kasus"),
        ("/products", "Nusa Landing"),
        ("/products/nusa-landing-template-umkm", "Yang kamu terima"),
        ("/demos", "Aplikasi yang sudah kami bangun"),
        ("/resources", "Panduan dan checklist gratis"),
        ("/waitlist", "Jadi yang pertama tahu"),
        (
            "/waitlist/nusa-landing-template-umkm",
            "orang sudah menunggu",
        ),
        ("/saas", "Jalankan SaaS dengan merek Anda sendiri"),
        ("/contact", "Ceritakan kebutuhanmu"),
        ("/privacy-policy", "Pelindungan Data Pribadi"),
        ("/disclaimer", "Disclaimer"),
    ];
    let mut titles = std::collections::HashSet::new();
    for (path, text) in pages {
        let res = app.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        assert_security_headers(&res);
        assert!(res.body.contains(text), "{path} lacks {text:?}");
        assert_seo(&res.body, path);
        let title = res
            .body
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap()
            .to_owned();
        assert!(titles.insert(title.clone()), "duplicate title {title}");
    }
}

#[tokio::test]
async fn detail_pages_come_from_the_database() {
    let app = spawn().await;
    let studies = domain::content::case_studies::list_published(&app.db)
        .await
        .unwrap();
    for c in &studies {
        let path = format!("/portfolio/case-studies/{}", c.slug);
        let res = app.get(&path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.body.contains(&c.results.replace('&', "&amp;")));
        assert_seo(&res.body, &path);
    }
    for b in domain::content::saas::list_active(&app.db).await.unwrap() {
        let path = format!("/saas/{}", b.slug);
        let res = app.get(&path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.body.contains(r#""@type":"Product""#), "{path}: JSON-LD");
    }
    for r in domain::content::resources::list_published(&app.db)
        .await
        .unwrap()
    {
        let path = format!("/resources/{}", r.slug);
        assert_eq!(app.get(&path).await.status, 200, "{path}");
    }
}

#[tokio::test]
async fn json_ld_for_posts_products_and_the_organisation() {
    let app = spawn().await;
    let html = app
        .get("/blog/kenapa-kami-memakai-rust-untuk-backend")
        .await
        .body;
    assert!(html.contains(r#"<script type="application/ld+json">"#));
    assert!(html.contains(r#""@type":"BlogPosting""#));
    assert!(html.contains(r#""author":{"@type":"Person""#) || html.contains(r#""@type":"Person""#));
    let html = app.get("/products/nusa-landing-template-umkm").await.body;
    assert!(html.contains(r#""@type":"Product""#));
    assert!(html.contains(r#""priceCurrency":"IDR""#));
    assert!(html.contains(r#""price":149000"#));
    for path in ["/", "/about"] {
        let html = app.get(path).await.body;
        assert!(html.contains(r#""@type":"Organization""#), "{path}");
    }
}

#[tokio::test]
async fn unknown_slugs_are_404_inside_the_layout() {
    let app = spawn().await;
    for path in [
        "/blog/tidak-ada",
        "/services/tidak-ada",
        "/portfolio/case-studies/tidak-ada",
        "/products/tidak-ada",
        "/saas/tidak-ada",
        "/resources/tidak-ada",
        "/waitlist/tidak-ada",
        "/blog?halaman=99",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status, 404, "{path}");
        assert!(res.body.contains("Navigasi utama"), "{path}: layout");
        assert!(res.body.contains("Tidak ditemukan"), "{path}");
    }
}

#[tokio::test]
async fn drafts_scheduled_and_future_posts_are_never_shown() {
    let app = spawn().await;
    add_post(&app, "rahasia-draf", PostStatus::Draft, None, "x").await;
    add_post(
        &app,
        "terjadwal",
        PostStatus::Scheduled,
        Some(Utc::now() + Duration::days(3)),
        "x",
    )
    .await;
    add_post(
        &app,
        "masa-depan",
        PostStatus::Published,
        Some(Utc::now() + Duration::days(3)),
        "x",
    )
    .await;
    for slug in ["rahasia-draf", "terjadwal", "masa-depan"] {
        assert_eq!(
            app.get(&format!("/blog/{slug}")).await.status,
            404,
            "{slug}"
        );
        for page in ["/blog", "/blog?halaman=2", "/", "/sitemap.xml"] {
            let body = app.get(page).await.body;
            assert!(!body.contains(slug), "{slug} shown on {page}");
        }
    }
    // The demo's own draft too.
    let draft = post::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == PostStatus::Draft && p.slug != "rahasia-draf")
        .unwrap();
    assert_eq!(app.get(&format!("/blog/{}", draft.slug)).await.status, 404);
}

#[tokio::test]
async fn blog_paginates_and_filters() {
    let app = spawn().await;
    let page1 = app.get("/blog").await.body;
    assert!(page1.contains("Halaman 1 dari 2"));
    assert!(page1.contains(r#"href="/blog?halaman=2""#));
    let page2 = app.get("/blog?halaman=2").await;
    assert_eq!(page2.status, 200);
    assert!(page2.body.contains("Halaman 2 dari 2"));
    assert_seo(&page2.body, "/blog?halaman=2");
    // Category and tag filters narrow the list to matching posts.
    let cat = app.get("/blog?kategori=Desain").await;
    assert_eq!(cat.status, 200);
    assert!(cat.body.contains("Membangun Design System Sederhana"));
    assert!(!cat.body.contains("Kenapa Kami Memakai Rust"));
    let visible = domain::content::posts::latest_published(&app.db, Utc::now(), 100)
        .await
        .unwrap();
    let tagged = visible.iter().find(|p| !p.tags.is_empty()).unwrap();
    let tag = tagged.tags.split(',').next().unwrap().trim().to_lowercase();
    let res = app
        .get(&format!("/blog?tag={}", tag.replace(' ', "%20")))
        .await;
    assert_eq!(res.status, 200);
    assert!(
        res.body
            .contains(&tagged.title.replace('&', "&amp;").replace('\'', "&#39;"))
            || res.body.contains(&tagged.slug)
    );
}

#[tokio::test]
async fn sitemap_lists_every_published_item_and_no_draft() {
    let app = spawn().await;
    let res = app.get("/sitemap.xml").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").starts_with("application/xml"));
    let xml = res.body;
    for p in domain::content::posts::latest_published(&app.db, Utc::now(), 100)
        .await
        .unwrap()
    {
        assert!(
            xml.contains(&format!("{SITE}/blog/{}</loc>", p.slug)),
            "post {}",
            p.slug
        );
    }
    for p in domain::content::products::list_active(&app.db, None)
        .await
        .unwrap()
    {
        assert!(xml.contains(&format!("{SITE}/products/{}</loc>", p.slug)));
    }
    for s in domain::content::services::list_published(&app.db)
        .await
        .unwrap()
    {
        assert!(xml.contains(&format!("{SITE}/services/{}</loc>", s.slug)));
    }
    for c in domain::content::case_studies::list_published(&app.db)
        .await
        .unwrap()
    {
        assert!(xml.contains(&format!("{SITE}/portfolio/case-studies/{}</loc>", c.slug)));
    }
    for b in domain::content::saas::list_active(&app.db).await.unwrap() {
        assert!(xml.contains(&format!("{SITE}/saas/{}</loc>", b.slug)));
    }
    for p in post::Entity::find().all(app.db.reader()).await.unwrap() {
        if p.status != PostStatus::Published {
            assert!(!xml.contains(&p.slug), "draft {} in sitemap", p.slug);
        }
    }
    let robots = app.get("/robots.txt").await.body;
    assert!(robots.contains(&format!("Sitemap: {SITE}/sitemap.xml")));
    assert!(robots.contains("Disallow: /admin"));
}

#[tokio::test]
async fn markdown_is_sanitized_on_public_pages() {
    let app = spawn().await;
    add_post(
        &app,
        "uji-xss",
        PostStatus::Published,
        Some(Utc::now() - Duration::hours(1)),
        "## Aman\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">b</a>",
    )
    .await;
    let res = app.get("/blog/uji-xss").await;
    assert_eq!(res.status, 200);
    let article = res.body.split(r#"class="markdown-dark"#).nth(1).unwrap();
    assert!(!article.contains("<script>alert"), "script kept");
    assert!(!article.contains("onerror"), "event handler kept");
    assert!(!article.contains("onclick"), "event handler kept");
    assert!(!article.contains("javascript:"), "javascript: URL kept");
    assert!(article.contains(r#"<h2 id="aman">"#), "heading anchor");
}

#[tokio::test]
async fn contact_form_validates_stores_and_uses_a_honeypot() {
    let app = spawn().await;
    let count = || async {
        contact_message::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap()
    };

    // Without JavaScript: the page again, with messages and the typed values.
    let res = app
        .send(form_post(
            "/contact",
            "name=A&email=bukan-email&message=pendek",
        ))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Nama minimal 2 karakter."));
    assert!(res.body.contains("Alamat email tidak valid."));
    assert!(res.body.contains("Pesan minimal 10 karakter."));
    assert!(res.body.contains(r#"value="bukan-email""#));
    assert!(res.body.contains(">pendek</textarea>"));
    assert!(res.body.contains(r#"aria-invalid="true""#));
    assert_eq!(count().await, 0, "invalid input stored");

    // With JavaScript: JSON with a stable code and per-field messages.
    let res = app
        .send(json_form_post("/contact", "name=&email=&message="))
        .await;
    assert_eq!(res.status, 422);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(body["error"], "invalid_input");
    assert_eq!(body["fields"]["name"], "Nama wajib diisi.");
    assert!(body["fields"]["email"].is_string());
    assert_eq!(count().await, 0);

    // The honeypot looks like success and stores nothing.
    let res = app
        .send(form_post("/contact", "name=Bot&email=bot@spam.example&message=beli%20obat%20murah%20sekarang&website=http://spam"))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(count().await, 0, "honeypot stored");

    // Valid: stored unread, then redirected to the success message.
    let res = app
        .send(form_post("/contact", "name=Budi%20Santoso&email=budi@example.co.id&phone=0812-3456-7890&message=Halo%2C%20saya%20ingin%20membuat%20toko%20online."))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/contact?terkirim=1");
    let rows = contact_message::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, domain::entities::ContactStatus::Unread);
    assert_eq!(rows[0].ip.as_deref(), Some("198.51.100.7"));
    let page = app.get("/contact?terkirim=1").await.body;
    assert!(page.contains("Terima kasih! Pesanmu sudah kami terima"));
}

#[tokio::test]
async fn contact_form_is_rate_limited_per_ip() {
    let app = spawn().await;
    let body = "name=Budi&email=budi@example.co.id&message=Pesan%20yang%20cukup%20panjang";
    for _ in 0..5 {
        assert_eq!(
            app.send_from("203.0.113.5", json_form_post("/contact", body))
                .await
                .status,
            200
        );
    }
    let res = app
        .send_from("203.0.113.5", json_form_post("/contact", body))
        .await;
    assert_eq!(res.status, 429);
    assert!(res.header("retry-after").parse::<u64>().unwrap() > 0);
    assert!(res.body.contains(r#""error":"rate_limited""#));
    // Without JavaScript the page says so.
    let res = app
        .send_from("203.0.113.5", form_post("/contact", body))
        .await;
    assert_eq!(res.status, 429);
    assert!(res
        .body
        .contains("Terlalu banyak pengiriman dari alamat ini"));
    // Another visitor is unaffected.
    assert_eq!(
        app.send_from("203.0.113.6", json_form_post("/contact", body))
            .await
            .status,
        200
    );
    assert_eq!(
        contact_message::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        6
    );
}

#[tokio::test]
async fn joining_a_waitlist_twice_keeps_one_row() {
    let app = spawn().await;
    let path = "/waitlist/nusa-landing-template-umkm";
    let res = app
        .send(form_post(path, "email=Siti%40Example.id&name=Siti"))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), format!("{path}?status=bergabung"));
    let res = app
        .send(form_post(path, "email=%20siti%40example.id%20"))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), format!("{path}?status=sudah"));
    assert_eq!(
        waitlist_entry::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        1
    );
    let page = app.get(&format!("{path}?status=sudah")).await.body;
    assert!(page.contains("1 orang sudah menunggu"));
    assert!(page.contains("sudah ada di daftar tunggu"));
    // JSON answer for forms.js, with the new count.
    let res = app
        .send(json_form_post(path, "email=andi%40example.id"))
        .await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains(r#""count":2"#));
    // Invalid e-mail: a message, nothing stored.
    let res = app.send(form_post(path, "email=andi")).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Alamat email tidak valid."));
    assert_eq!(
        waitlist_entry::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        2
    );
    // Unknown product.
    let res = app
        .send(json_form_post(
            "/waitlist/tidak-ada",
            "email=andi%40example.id",
        ))
        .await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains(r#""error":"not_found""#));
}

#[tokio::test]
async fn eleventh_waitlist_post_is_refused_with_retry_after() {
    let app = spawn().await;
    let path = "/waitlist/nusa-landing-template-umkm";
    let ip = "203.0.113.70";
    let join = |n: usize| json_form_post(path, &format!("email=tunggu{n}%40example.id"));
    for n in 0..10 {
        let res = app.send_from(ip, join(n)).await;
        assert_eq!(res.status, 200, "{n}: {}", res.body);
    }
    let res = app.send_from(ip, join(10)).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(res.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(
        res.body.contains(r#""error":"rate_limited""#),
        "{}",
        res.body
    );
    // Without JavaScript the product page says so, under the same status.
    let res = app
        .send_from(ip, form_post(path, "email=x%40example.id"))
        .await;
    assert_eq!(res.status, 429);
    assert!(res.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(res.body.contains("Terlalu banyak"), "{}", res.body);
    let entries = || waitlist_entry::Entity::find().count(app.db.reader());
    assert_eq!(entries().await.unwrap(), 10);
    // Another visitor is unaffected.
    let res = app.send_from("203.0.113.71", join(11)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(entries().await.unwrap(), 11);
}

/// A page's data is loaded once per render. On the server a `Suspense`
/// walks its children more than once; a load started on every walk was
/// dropped in the middle of its query, and sqlx closes a connection whose
/// query was dropped, so each page view opened a new database connection.
#[tokio::test]
async fn rendering_public_pages_keeps_the_database_connections() {
    let app = spawn_with(&[("RENDER_CACHE_MB", "0")]).await;
    // Pages read through the reader pool (on PostgreSQL without a replica,
    // the writer's pool, counted once).
    let opened = |app: &TestApp| -> u64 {
        app.db
            .pool_use()
            .iter()
            .find(|p| p.name == "reader")
            .map(|p| p.opened)
            .unwrap()
    };
    let pages = [
        "/",
        "/blog",
        "/blog/kenapa-kami-memakai-rust-untuk-backend",
        "/products",
        "/products/nusa-landing-template-umkm",
        "/services",
    ];
    // The first round may grow the pools to what one request at a time needs.
    for path in pages {
        assert_eq!(app.get(path).await.status, 200, "{path}");
    }
    let before = opened(&app);
    let rounds = 6;
    for _ in 0..rounds {
        for path in pages {
            assert_eq!(app.get(path).await.status, 200, "{path}");
        }
    }
    // A pool may still grow while a released connection is on its way back
    // (at most to its size: 8 on SQLite, 16 on PostgreSQL); reopening a
    // connection per page view opened 1.4 per request.
    let views = (rounds * pages.len()) as u64;
    let grew = opened(&app) - before;
    assert!(
        grew < views / 2,
        "{grew} connections opened for {views} page views"
    );
}

/// The footer's copyright line carries the year on the Jakarta clock.
#[tokio::test]
async fn the_footer_shows_this_year_in_jakarta() {
    let app = spawn().await;
    let year = chrono::Datelike::year(&domain::jakarta::local(Utc::now()));
    let html = app.get("/").await.body;
    assert!(
        html.contains(&format!("© {year} ")),
        "no © {year} in the footer"
    );
}
