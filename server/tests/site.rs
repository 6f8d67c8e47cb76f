//! The router end to end: pages, assets, health, errors, headers, CSRF guard.
mod common;

use axum::{body::Body, http::Request};
use common::{assert_security_headers, spawn, SITE};

#[tokio::test]
async fn home_page_renders_content_from_the_database() {
    let app = spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("content-type").starts_with("text/html"));
    assert_security_headers(&res);
    let html = &res.body;
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..200.min(html.len())]
    );
    assert!(html.contains(r#"<html lang="id""#));
    // Services, featured portfolio, latest posts and products from the demo content.
    assert!(
        html.contains("Pengembangan Website &amp; Aplikasi Web"),
        "service missing"
    );
    let services = domain::content::services::list_published(&app.db)
        .await
        .unwrap();
    for s in &services {
        assert!(
            html.contains(&s.title.replace('&', "&amp;")),
            "missing service {}",
            s.title
        );
    }
    let posts = domain::content::posts::latest_published(&app.db, chrono::Utc::now(), 3)
        .await
        .unwrap();
    for p in &posts {
        assert!(
            html.contains(&p.title.replace('&', "&amp;")),
            "missing post {}",
            p.title
        );
    }
    let products = domain::content::products::highlighted(&app.db, 3)
        .await
        .unwrap();
    for p in &products {
        assert!(
            html.contains(&p.name.replace('&', "&amp;")),
            "missing product {}",
            p.name
        );
    }
    // Prices are shown in rupiah.
    assert!(html.contains("Rp "), "no IDR price");
    // The footer reads the site settings.
    assert!(html.contains("halo@tiranyx.co.id"));
}

#[tokio::test]
async fn home_page_has_complete_seo_tags() {
    let app = spawn().await;
    let html = app.get("/").await.body;
    assert!(
        // `&` is escaped in the title as everywhere else in the page.
        html.contains(
            "<title>Tiranyx — Agensi Digital, Produk Digital &amp; Platform Member</title>"
        ),
        "no title"
    );
    assert!(html.contains(r#"<meta name="description" content="Tiranyx membangun"#));
    assert!(html.contains(&format!(r#"<link href="{SITE}/" rel="canonical">"#)));
    assert!(html.contains(r#"<meta property="og:title""#));
    assert!(html.contains(r#"<meta property="og:url" content="http://127.0.0.1:3000/""#));
    assert_eq!(html.matches("<title>").count(), 1);
}

#[tokio::test]
async fn public_pages_ship_no_hydration_script() {
    let app = spawn().await;
    let res = app.get("/").await;
    // The real home page, not an error page that happens to lack the script.
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Apa yang kami kerjakan"));
    assert!(
        !res.body.contains("/pkg/tiranyx.js"),
        "public page loads the wasm bundle"
    );
}

#[tokio::test]
async fn unknown_path_is_a_404_inside_the_layout() {
    let app = spawn().await;
    let res = app.get("/tidak-ada-halaman-ini").await;
    assert_eq!(res.status, 404);
    assert_security_headers(&res);
    assert!(res.body.contains("Navigasi utama"), "404 lacks the navbar");
    assert!(res.body.contains("Tidak ditemukan"));
    assert!(res
        .body
        .contains("<title>Halaman tidak ditemukan — Tiranyx</title>"));
}

#[tokio::test]
async fn health_check_reports_the_database() {
    let app = spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, 200);
    assert_security_headers(&res);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(body, serde_json::json!({"status": "ok", "database": "ok"}));
}

/// During a rolling deploy a page rendered by another release asks for
/// that release's stylesheet: served from the database, immutable.
#[tokio::test]
async fn another_releases_stylesheet_is_served_from_the_database() {
    let app = spawn().await;
    let css = ".lama{color:red}";
    domain::stylesheets::publish(&app.db, "0ldr3l3a5e", css, chrono::Utc::now())
        .await
        .unwrap();
    let res = app.get("/assets/tiranyx-0ldr3l3a5e.css").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body, css);
    assert!(res.header("cache-control").contains("immutable"));
    for missing in [
        "/assets/tiranyx-ffff0000.css",
        "/assets/tiranyx-.css",
        "/assets/tiranyx-..%2F..%2Fetc.css",
        "/assets/lain.css",
    ] {
        assert_eq!(app.get(missing).await.status, 404, "{missing}");
    }
}

#[tokio::test]
async fn ready_until_told_to_stop_and_live_throughout() {
    let app = spawn().await;
    assert_eq!(app.get("/livez").await.status, 200);
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"status": "ok", "database": "ok", "pending_migrations": 0,
            "storage": "ok", "draining": false})
    );
    // An upload folder gone: not ready, and it says why.
    let uploads = app.dir.path().join("uploads");
    std::fs::remove_dir_all(&uploads).unwrap();
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 503);
    assert!(res.body.contains(r#""storage":"missing""#), "{}", res.body);
    std::fs::create_dir_all(&uploads).unwrap();
    // SIGTERM: not ready at once, while still answering everything else.
    app.lifecycle.start_draining();
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 503);
    assert!(res.body.contains(r#""draining":true"#), "{}", res.body);
    assert_eq!(app.get("/livez").await.status, 200);
    assert_eq!(app.get("/").await.status, 200);
}

#[tokio::test]
async fn stylesheet_is_hashed_cached_and_has_every_used_class() {
    let app = spawn().await;
    let html = app.get("/").await.body;
    let href = tiranyx_server::assets::stylesheet_href();
    assert!(html.contains(&href));
    let res = app.get(&href).await;
    assert_eq!(res.status, 200);
    assert_security_headers(&res);
    assert!(res.header("content-type").starts_with("text/css"));
    assert!(res.header("cache-control").contains("immutable"));
    // Responsive variants and theme colours used in app/src made it in.
    assert!(res.body.contains(r".md\:flex"), "md: variant missing");
    assert!(res.body.contains(r".md\:grid-cols-3"));
    assert!(res.body.contains(r".lg\:flex"), "lg: variant missing");
    assert!(res.body.contains(".bg-space"));
    assert!(res.body.contains(".btn-primary"));
    // The markdown typography (encre-css-typography) is compiled in.
    assert!(res.body.contains(".prose "), "prose typography missing");
    assert!(
        res.body.contains(".markdown-dark.prose"),
        "dark prose colours missing"
    );
    // A stale name is not served.
    assert_eq!(app.get("/assets/tiranyx-0000.css").await.status, 404);
}

#[tokio::test]
async fn pages_get_a_nonce_csp() {
    let app = spawn().await;
    // A page rendered for each request carries a nonce for its scripts;
    // public pages kept for anonymous visitors run none and carry none.
    let kept = app.get("/").await;
    assert!(!kept.header("content-security-policy").contains("nonce"));
    let res = app.get("/admin/login").await;
    let csp = res.header("content-security-policy");
    assert!(csp.contains("'nonce-"), "{csp}");
    // No page opens Midtrans Snap yet, so no page allows its hosts; the
    // base URL of relative links can never be changed.
    assert!(!csp.contains("midtrans"), "{csp}");
    assert!(csp.contains("base-uri 'none'"), "{csp}");
}

#[tokio::test]
async fn server_functions_answer_same_origin_calls() {
    let app = spawn().await;
    let req = Request::post("/api/home")
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("\"services\""));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn().await;
    for (origin, fetch_site) in [
        (Some("https://evil.example"), None),
        (None, Some("cross-site")),
        (Some(SITE), Some("same-site")),
    ] {
        let mut req =
            Request::post("/api/home").header("content-type", "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        if let Some(s) = fetch_site {
            req = req.header("sec-fetch-site", s);
        }
        let res = app.send(req.body(Body::empty()).unwrap()).await;
        assert_eq!(res.status, 403, "{origin:?} {fetch_site:?}");
        assert_security_headers(&res);
        assert!(res.body.contains(r#""error":"cross_site_request""#));
    }
}

#[tokio::test]
async fn a_failing_query_is_a_500_inside_the_layout() {
    use sea_orm::ConnectionTrait;
    let app = spawn().await;
    app.db
        .writer()
        .execute_unprepared("DROP TABLE services")
        .await
        .unwrap();
    let res = app.get("/").await;
    assert_eq!(res.status, 500);
    assert_security_headers(&res);
    assert!(res.body.contains("Navigasi utama"), "500 lacks the navbar");
    assert!(res.body.contains("Terjadi gangguan"));
    // No database detail leaks to the visitor.
    assert!(!res.body.contains("no such table"), "error detail leaked");
    assert!(!res.body.contains("DbErr"), "error detail leaked");
}

#[tokio::test]
async fn a_multipart_post_without_boundary_is_a_400_before_decoding() {
    let app = spawn().await;
    for ct in ["multipart/form-data", "Multipart/Form-Data; charset=utf-8"] {
        let req = Request::post("/api/admin/media/upload")
            .header("origin", SITE)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", ct)
            .body(Body::from("--x\r\n"))
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, 400, "{ct}: {}", res.body);
        let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(v["error"], "bad_request");
    }
}

#[tokio::test]
async fn pages_may_not_be_framed_and_switch_off_device_features() {
    let app = spawn().await;
    // A public page, the 404 page and a non-page answer all carry them.
    for path in ["/", "/tidak-ada-halaman-ini", "/healthz"] {
        let res = app.get(path).await;
        assert_eq!(res.header("x-frame-options"), "DENY", "{path}");
        let policy = res.header("permissions-policy");
        for off in ["camera=()", "microphone=()", "geolocation=()"] {
            assert!(policy.contains(off), "{path}: {policy}");
        }
    }
}

/// Site files served while signed-in pages render, side by side on the
/// runtime's threads, leave each page its own CSP (with the nonce its inline
/// hydration scripts carry) and take none of a page's headers themselves:
/// leptos_axum's file handler built file responses in an owner inheriting the
/// thread's current one, and a file took a rendering page's headers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_files_never_take_a_rendering_pages_headers() {
    let app = spawn().await;
    let pkg = app.dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for i in 0..20 {
        std::fs::write(pkg.join(format!("chunk_{i}.wasm")), vec![0u8; 2048]).unwrap();
    }
    let cookie = common::verified_member(&app, "csp.paralel@example.id").await;
    let app = std::sync::Arc::new(app);
    for _ in 0..5 {
        let mut files = tokio::task::JoinSet::new();
        for i in 0..20 {
            let app = app.clone();
            files.spawn(async move { app.get(&format!("/pkg/chunk_{i}.wasm")).await });
        }
        let mut pages = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let (app, cookie) = (app.clone(), cookie.clone());
            pages.spawn(async move { common::get_with_cookie(&app, "/dashboard", &cookie).await });
        }
        while let Some(page) = pages.join_next().await {
            let page = page.unwrap();
            assert_eq!(page.status, 200, "{}", page.body);
            let csp = page.header("content-security-policy");
            assert!(
                csp.contains("'nonce-"),
                "a signed-in page lost its CSP: {csp}"
            );
        }
        while let Some(file) = files.join_next().await {
            let file = file.unwrap();
            assert_eq!(file.status, 200);
            let csp = file.header("content-security-policy");
            assert!(!csp.contains("'nonce-"), "a file took a page's CSP: {csp}");
            assert!(!file.headers.contains_key("set-cookie"));
        }
    }
}
