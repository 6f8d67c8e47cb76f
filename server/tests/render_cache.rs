//! The render cache is correct, not fast (speed is `bench/`'s): a change is
//! visible on the next request, nobody signed in gets a kept page, errors
//! are never kept, a kept page's headers are a fresh one's less the nonce,
//! and a crawl of distinct queries stays within the bound. The pages' data
//! and the parts drawn from it below it follow the same content generation.
mod common;

use axum::{body::Body, http::Request};
use common::{admin_session, server_fn_json, spawn, spawn_with, verified_member, TestApp};
use domain::entities::{page_view_daily, post, product};
use futures::StreamExt;
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

const POST: &str = "/blog/kenapa-kami-memakai-rust-untuk-backend";
const PRODUCT: &str = "/products/nusa-landing-template-umkm";

/// Renames the demo post behind the cache's back (no content change is
/// announced), so a kept page shows the old title and a fresh one the new.
async fn rename_quietly(app: &TestApp, title: &str) {
    post::Entity::update_many()
        .col_expr(post::Column::Title, Expr::value(title))
        .filter(post::Column::Slug.eq(POST.trim_start_matches("/blog/")))
        .exec(app.db.writer())
        .await
        .unwrap();
}

fn get_as(path: &str, accept_encoding: &str) -> Request<Body> {
    Request::get(path)
        .header("accept-encoding", accept_encoding)
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_kept_page_is_served_until_an_admin_edit_then_the_edit_shows_at_once() {
    let app = spawn().await;
    let first = app.get(POST).await;
    assert_eq!(first.status, 200);
    rename_quietly(&app, "Judul Diam-diam").await;
    let kept = app.get(POST).await;
    assert_eq!(kept.body, first.body, "the second request is served kept");
    assert!(!kept.body.contains("Judul Diam-diam"));

    // An admin publishes a post: every kept page is stale at once.
    let cookie = admin_session(&app, "cache@tiranyx.test").await;
    let values = json!({
        "title": "Kabar Cache Baru", "slug": "", "excerpt": "Ringkasan.",
        "body_md": "Isi.", "category": "Berita", "tags": "", "author_name": "Tim",
        "status": "published", "publish_at": "",
    });
    let res = app
        .send(server_fn_json(
            "/api/admin/content/save",
            Some(&cookie),
            json!({"kind": "posts", "id": null, "values": values}),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Saved"), "{}", res.body);
    assert!(app.get(POST).await.body.contains("Judul Diam-diam"));
    assert!(app.get("/blog").await.body.contains("Kabar Cache Baru"));
}

#[tokio::test]
async fn a_scheduled_post_published_by_the_scheduler_shows_at_once() {
    let app = spawn().await;
    let before = app.get("/blog").await.body;
    let slug = "terbit-terjadwal-cache";
    post::Entity::update_many()
        .col_expr(post::Column::Slug, Expr::value(slug))
        .col_expr(
            post::Column::Status,
            Expr::value(domain::entities::PostStatus::Scheduled),
        )
        .col_expr(post::Column::PublishedAt, Expr::value(chrono::Utc::now()))
        .filter(post::Column::Slug.eq(POST.trim_start_matches("/blog/")))
        .exec(app.db.writer())
        .await
        .unwrap();
    // Still the kept listing: nothing announced the quiet change.
    assert_eq!(app.get("/blog").await.body, before);
    let published = domain::cms::publish_due_posts(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(published, 1);
    assert!(app.get("/blog").await.body.contains(slug));
}

#[tokio::test]
async fn a_signed_in_visitor_never_gets_a_kept_page_nor_leaves_one() {
    let app = spawn().await;
    let member = verified_member(&app, "cache-member@tiranyx.test").await;
    // The member's own render (their name in the navbar) is not kept for
    // the anonymous. (Their data may be: the post is the same for everyone,
    // see `pages_data_follows_the_content_generation`.)
    let theirs = common::get_with_cookie(&app, POST, &member).await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains(r#"data-account="member""#));
    assert!(theirs.body.contains("Pembeli Uji"));
    assert!(theirs.headers.get("cache-control").is_none());
    let anonymous = app.get(POST).await;
    assert!(anonymous.body.contains(r#"data-account="guest""#));
    assert!(!anonymous.body.contains("Pembeli Uji"));
    assert_eq!(anonymous.header("cache-control"), "private, max-age=60");
    assert_eq!(anonymous.header("vary"), "accept-encoding, cookie");
    // Kept for the anonymous now; the member still gets their own render.
    assert_eq!(app.get(POST).await.body, anonymous.body);
    let again = common::get_with_cookie(&app, POST, &member).await;
    assert!(again.body.contains("Pembeli Uji"));
    assert!(again.headers.get("cache-control").is_none());
    // An admin's cookie alone (even an invalid one) bypasses the cache.
    let admin = common::get_with_cookie(&app, POST, "trx_admin=x.y.z").await;
    assert!(admin.body.contains(r#"data-account="guest""#));
    assert!(admin.headers.get("cache-control").is_none());
}

/// Below the render cache, the pages' data is kept per content generation:
/// a render (here a member's, which the render cache never serves) shows a
/// quiet change only once a change is announced, like a kept page.
#[tokio::test]
async fn pages_data_follows_the_content_generation() {
    let app = spawn().await;
    let member = verified_member(&app, "data-member@tiranyx.test").await;
    assert!(!common::get_with_cookie(&app, POST, &member)
        .await
        .body
        .contains("Judul Data Baru"));
    rename_quietly(&app, "Judul Data Baru").await;
    assert!(!common::get_with_cookie(&app, POST, &member)
        .await
        .body
        .contains("Judul Data Baru"));
    app.db.content_changed().await;
    assert!(common::get_with_cookie(&app, POST, &member)
        .await
        .body
        .contains("Judul Data Baru"));
}

/// Below the render cache too, what pages show is drawn to HTML once per
/// content generation and address (`components::drawn`): on a server
/// without the render cache, the guest's navbar and the pages' bodies are
/// copied, while each page's head, each visitor's navbar and each address's
/// own body stay theirs.
#[tokio::test]
async fn drawn_parts_follow_the_generation_the_address_and_the_visitor() {
    let app = spawn_with(&[("RENDER_CACHE_MB", "0")]).await;
    let member = verified_member(&app, "drawn-member@tiranyx.test").await;
    let first = app.get(POST).await;
    assert_eq!(first.status, 200);
    assert!(
        first.headers.get("cache-control").is_none(),
        "not the render cache"
    );
    assert_eq!(
        app.get(POST).await.body,
        first.body,
        "drawn once, copied since"
    );
    assert!(
        first.body.contains("<title>Kenapa Kami Memakai Rust"),
        "its head is its own"
    );
    assert!(first
        .body
        .contains(r#"/blog/kenapa-kami-memakai-rust-untuk-backend" rel="canonical">"#));

    // Each visitor gets their own navbar around the same drawn body.
    let theirs = common::get_with_cookie(&app, POST, &member).await;
    assert!(
        theirs.body.contains(r#"data-account="member""#) && theirs.body.contains("Pembeli Uji")
    );
    let guest = app.get(POST).await;
    assert!(guest.body.contains(r#"data-account="guest""#) && !guest.body.contains("Pembeli Uji"));
    let article = |html: &str| html[html.find("<article").unwrap()..].to_owned();
    assert_eq!(article(&theirs.body), article(&guest.body));

    // A guest's drawn head is written by the shell from the second request
    // on, a member's registered per request: the same tags, once each.
    let head =
        |html: &str| html[html.find("<head>").unwrap()..html.find("</head>").unwrap()].to_owned();
    assert_eq!(head(&theirs.body), head(&guest.body));
    for html in [&first.body, &guest.body, &theirs.body] {
        assert_eq!(head(html).matches("<title>").count(), 1);
        assert_eq!(head(html).matches(r#"rel="canonical""#).count(), 1);
    }
    let home = app.get("/").await.body;
    assert_eq!(app.get("/").await.body, home, "the home page's head too");
    assert!(
        home.contains(
            "<title>Tiranyx — Agensi Digital, Produk Digital &amp; Platform Member</title>"
        ),
        "the title escaped: {}",
        head(&home)
    );

    // Each address is drawn on its own, the query string included.
    let rust = app.get("/blog?tag=rust").await.body;
    let all = app.get("/blog").await.body;
    assert_ne!(rust, all);
    assert!(
        rust.contains("<title>Blog #rust"),
        "{}",
        &rust[..rust.len().min(2000)]
    );
    assert_eq!(app.get("/blog?tag=rust").await.body, rust);

    // A quiet change shows once a change is announced, on every drawn page.
    app.get("/").await;
    rename_quietly(&app, "Judul Gambar Baru").await;
    assert!(!app.get(POST).await.body.contains("Judul Gambar Baru"));
    assert!(!app.get("/").await.body.contains("Judul Gambar Baru"));
    app.db.content_changed().await;
    assert!(app.get(POST).await.body.contains("Judul Gambar Baru"));
    assert!(app.get("/").await.body.contains("Judul Gambar Baru"));
    assert!(app.get("/blog").await.body.contains("Judul Gambar Baru"));
}

#[tokio::test]
async fn a_product_page_is_drawn_for_guests_and_built_for_everyone_else() {
    let app = spawn_with(&[
        ("RENDER_CACHE_MB", "0"),
        ("MIDTRANS_SERVER_KEY", "SB-Mid-server-uji"),
        ("MIDTRANS_CLIENT_KEY", "SB-Mid-client-uji"),
        ("MIDTRANS_SNAP_URL", "http://127.0.0.1:9/snap"),
        ("MIDTRANS_API_URL", "http://127.0.0.1:9"),
    ])
    .await;
    let member = verified_member(&app, "drawn-buyer@tiranyx.test").await;
    let title =
        |html: &str| html[html.find("<title>").unwrap()..html.find("</title>").unwrap()].to_owned();
    for page in [PRODUCT, "/saas/tiranyx-commerce-white-label"] {
        let guest = app.get(page).await;
        assert_eq!(guest.status, 200);
        assert!(guest.body.contains(r#"data-buy="login""#), "{page}");
        assert_eq!(
            app.get(page).await.body,
            guest.body,
            "drawn once, copied since"
        );

        // A member's buy box is their own, around the same head.
        let theirs = common::get_with_cookie(&app, page, &member).await;
        assert!(theirs.body.contains(r#"data-buy="form""#), "{page}");
        assert!(!theirs.body.contains(r#"data-buy="login""#));
        assert_eq!(title(&theirs.body), title(&guest.body));
        assert_eq!(app.get(page).await.body, guest.body, "nor kept for guests");

        // A cookie that names no live session is built per request too, and
        // asks to log in.
        let stale = common::get_with_cookie(&app, page, "trx_user=tidak-ada").await;
        assert!(stale.body.contains(r#"data-buy="login""#), "{page}");
    }

    // A change shows once it is announced.
    product::Entity::update_many()
        .col_expr(product::Column::Name, Expr::value("Nama Produk Baru"))
        .filter(product::Column::Slug.eq(PRODUCT.trim_start_matches("/products/")))
        .exec(app.db.writer())
        .await
        .unwrap();
    assert!(!app.get(PRODUCT).await.body.contains("Nama Produk Baru"));
    app.db.content_changed().await;
    let renamed = app.get(PRODUCT).await.body;
    assert!(renamed.contains("<title>Nama Produk Baru"), "{renamed}");
}

#[tokio::test]
async fn errors_and_per_visitor_pages_are_never_kept() {
    let app = spawn().await;
    assert_eq!(app.get("/blog/belum-ada").await.status, 404);
    post::Entity::update_many()
        .col_expr(post::Column::Slug, Expr::value("belum-ada"))
        .filter(post::Column::Slug.eq(POST.trim_start_matches("/blog/")))
        .exec(app.db.writer())
        .await
        .unwrap();
    assert_eq!(app.get("/blog/belum-ada").await.status, 200);
    // A tool's page shows the visitor's own quota.
    let tool = app.get("/tools/pembuat-utm").await;
    assert_eq!(tool.status, 200);
    assert!(tool.headers.get("cache-control").is_none());
}

#[tokio::test]
async fn a_kept_page_has_a_fresh_pages_headers_less_the_nonce_in_every_coding() {
    let uncached = spawn_with(&[("RENDER_CACHE_MB", "0")]).await;
    let fresh = uncached.send(get_as(POST, "identity")).await;
    let fresh_csp = fresh.header("content-security-policy");
    assert!(fresh_csp.contains("nonce-"), "{fresh_csp}");

    let app = spawn().await;
    let miss = app.send(get_as(POST, "identity")).await;
    let hit = app.send(get_as(POST, "identity")).await;
    assert_eq!(hit.body, miss.body);
    for res in [&miss, &hit] {
        let csp = res.header("content-security-policy");
        assert!(!csp.contains("nonce"), "{csp}");
        let without_nonce = fresh_csp
            .replace(&nonce_source(fresh_csp), "")
            .replace("  ", " ")
            .replace(" ;", ";");
        assert_eq!(csp, without_nonce);
        for (name, value) in fresh.headers.iter() {
            if matches!(
                name.as_str(),
                "content-security-policy" | "x-request-id" | "date" | "content-length"
            ) {
                continue;
            }
            assert_eq!(res.headers.get(name), Some(value), "{name}");
        }
        assert_eq!(res.header("content-length"), res.bytes.len().to_string());
    }
    // Same page as a fresh render (the two apps loaded the demo content a
    // moment apart: its modification time differs).
    assert_eq!(
        stable(&hit.body),
        stable(&fresh.body),
        "the kept page differs from a fresh one"
    );

    let br = app.send(get_as(POST, "gzip, deflate, br")).await;
    assert_eq!(br.header("content-encoding"), "br");
    let mut page = String::new();
    std::io::Read::read_to_string(
        &mut brotli::Decompressor::new(&br.bytes[..], 4096),
        &mut page,
    )
    .unwrap();
    assert_eq!(page, hit.body);
    let gz = app.send(get_as(POST, "gzip")).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    let mut page = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz.bytes[..]), &mut page)
        .unwrap();
    assert_eq!(page, hit.body);
}

/// `'nonce-…'` in a CSP.
fn nonce_source(csp: &str) -> String {
    let start = csp.find("'nonce-").unwrap();
    let end = start + 1 + csp[start + 1..].find('\'').unwrap() + 1;
    csp[start..end].to_owned()
}

/// The page without its JSON-LD `dateModified` value.
fn stable(html: &str) -> String {
    let key = "\"dateModified\":\"";
    let Some(start) = html.find(key).map(|i| i + key.len()) else {
        return html.to_owned();
    };
    let end = start + html[start..].find('"').unwrap();
    format!("{}{}", &html[..start], &html[end..])
}

#[tokio::test]
async fn page_views_are_counted_on_hits_too() {
    let app = spawn().await;
    for _ in 0..3 {
        assert_eq!(app.send(get_as(POST, "br")).await.status, 200);
    }
    app.page_views.flush().await.unwrap();
    let views: i64 = page_view_daily::Entity::find()
        .filter(page_view_daily::Column::Path.eq(POST))
        .all(app.db.reader())
        .await
        .unwrap()
        .iter()
        .map(|r| r.views)
        .sum();
    assert_eq!(views, 3);
}

#[tokio::test]
async fn a_crawl_of_distinct_queries_stays_within_the_bound() {
    // The cache is the same whatever the database; 10,000 renders take over
    // a minute in a debug build, so the PostgreSQL pass leaves this to SQLite's.
    if std::env::var(common::SERVER_DB_VAR).as_deref() == Ok("postgres") {
        return;
    }
    let app = spawn_with(&[("RENDER_CACHE_MB", "1")]).await;
    let bound = 1024 * 1024;
    let crawl = (0..10_000).map(|i| {
        let app = &app;
        async move {
            let res = app.get(&format!("/contact?utm_source=crawler-{i}")).await;
            assert_eq!(res.status, 200);
        }
    });
    let mut pending = futures::stream::iter(crawl).buffer_unordered(8);
    while pending.next().await.is_some() {}
    let held = app.render_cache.weight();
    assert!(held > 0, "nothing was kept");
    assert!(held <= bound, "{held} bytes held, bound {bound}");
}
