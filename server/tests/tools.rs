//! The tools through the real router: the listing and each tool's page
//! with SEO tags, the plain form post without JavaScript (result in the
//! page, field errors, over quota 429 with the message in the page), the
//! JSON API (result and quota, bad input, unknown tool, 429 with
//! `Retry-After`), a member's quota and usage, and the sitemap.
mod common;

use axum::{body::Body, http::Request};
use common::{form_post, fresh_ip, get_with_cookie, spawn, verified_member, TestApp, SITE};
use serde_json::{json, Value};

const SLUGS: [&str; 4] = [
    "tautan-whatsapp",
    "pembuat-utm",
    "estimasi-biaya-website",
    "cek-snippet-seo",
];

fn api_use(slug: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req =
        Request::post(format!("/api/tools/{slug}/use")).header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req
            .header("cookie", c)
            .header("origin", SITE)
            .header("sec-fetch-site", "same-origin");
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn the_pages_render_with_seo_tags_and_accessible_forms() {
    let app = spawn().await;
    let res = app.get("/tools").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body.matches("<h1").count(), 1);
    assert!(res
        .body
        .contains(&format!(r#"<link href="{SITE}/tools" rel="canonical">"#)));
    assert!(res.body.contains(r#"<meta name="description""#));
    for slug in SLUGS {
        assert!(
            res.body.contains(&format!(r#"href="/tools/{slug}""#)),
            "{slug}"
        );
        let page = app.get(&format!("/tools/{slug}")).await;
        assert_eq!(page.status, 200, "{slug}: {}", page.body);
        assert_eq!(page.body.matches("<h1").count(), 1, "{slug}");
        assert!(page.body.contains(&format!(
            r#"<link href="{SITE}/tools/{slug}" rel="canonical">"#
        )));
        assert!(page.body.contains(r#"<meta property="og:title""#), "{slug}");
        assert!(
            page.body.contains(&format!(r#"action="/tools/{slug}""#)),
            "{slug}"
        );
        assert!(
            page.body.contains("Sisa jatah hari ini (paket tamu)"),
            "{slug}"
        );
        assert!(!page.body.contains("<!>"), "{slug}: hydration markers");
        // Every input has its label.
        for id in page.body.match_indices(r#"<input id=""#).map(|(i, _)| {
            let rest = &page.body[i + 11..];
            rest[..rest.find('"').unwrap()].to_owned()
        }) {
            assert!(
                page.body.contains(&format!(r#"for="{id}""#)),
                "{slug}: #{id} unlabelled"
            );
        }
    }
    // The estimator lists the agency's services with their prices.
    let est = app.get("/tools/estimasi-biaya-website").await;
    assert!(est.body.contains(r#"value="pengembangan-website""#));
    assert_eq!(app.get("/tools/tidak-ada").await.status, 404);
    assert_eq!(app.get("/tools/Bukan_Slug").await.status, 404);

    let sitemap = app.get("/sitemap.xml").await;
    assert!(sitemap.body.contains(&format!("<loc>{SITE}/tools</loc>")));
    for slug in SLUGS {
        assert!(
            sitemap
                .body
                .contains(&format!("<loc>{SITE}/tools/{slug}</loc>")),
            "{slug}"
        );
    }
}

async fn post_from(app: &TestApp, ip: &str, slug: &str, body: &str) -> common::TestResponse {
    app.send_from(ip, form_post(&format!("/tools/{slug}"), body))
        .await
}

#[tokio::test]
async fn each_tool_works_as_a_plain_form_post() {
    let app = spawn().await;
    let ip = fresh_ip();
    let res = post_from(
        &app,
        &ip,
        "tautan-whatsapp",
        "nomor=0812-3456-7890&pesan=Halo+Kak",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res
        .body
        .contains("https://wa.me/6281234567890?text=Halo%20Kak"));
    assert!(res.body.contains("<svg") && !res.body.contains("<?xml"));
    assert!(res
        .body
        .contains("Sisa jatah hari ini (paket tamu): 4 dari 5"));
    // Typed values stay in the form.
    assert!(res.body.contains(r#"value="0812-3456-7890""#));

    let res = post_from(
        &app,
        &ip,
        "pembuat-utm",
        "url=tokoku.id%2Fpromo&sumber=instagram&medium=social&kampanye=promo+lebaran",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(
        "https://tokoku.id/promo?utm_source=instagram&utm_medium=social&utm_campaign=promo%20lebaran"
    ), "{}", res.body);

    let res = post_from(
        &app,
        &ip,
        "estimasi-biaya-website",
        "layanan=pengembangan-website&halaman=12&fitur=pembayaran&fitur=seo",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // 3.500.000 + 1.470.000 + 1.050.000 + 350.000 = 6.370.000 → 6.400.000.
    let total = money::rupiah(6_400_000);
    assert!(res.body.contains(&total), "{}", res.body);
    assert!(res.body.contains(r#"value="pembayaran" checked"#));

    let res = post_from(
        &app,
        &ip,
        "cek-snippet-seo",
        "judul=Kue+Kering+Lebaran+%7C+Dapur+Ibu&deskripsi=&url=https%3A%2F%2Fdapuribu.id%2Fkue",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("dapuribu.id › kue"));
    assert!(res.body.contains("Deskripsi kosong"));

    // Bad input: the page again with the field's message, nothing counted.
    let res = post_from(&app, &ip, "tautan-whatsapp", "nomor=0812").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("Panjang nomor tidak sesuai"));
    assert!(res
        .body
        .contains("Sisa jatah hari ini (paket tamu): 4 dari 5"));
}

#[tokio::test]
async fn over_quota_the_page_and_the_api_answer_429_until_midnight_wib() {
    let app = spawn().await;
    let ip = fresh_ip();
    for n in 1..=5 {
        let res = post_from(&app, &ip, "tautan-whatsapp", "nomor=081234567890").await;
        assert_eq!(res.status, 200, "use {n}: {}", res.body);
    }
    let res = post_from(&app, &ip, "tautan-whatsapp", "nomor=081234567890").await;
    assert_eq!(res.status, 429, "{}", res.body);
    let wait: u64 = res.header("retry-after").parse().unwrap();
    assert!((1..=86_400).contains(&wait));
    assert!(res.body.contains("role=\"status\""));
    assert!(
        res.body
            .contains("Jatah harian alat ini untuk paket Tamu sudah habis"),
        "{}",
        res.body
    );
    assert!(res.body.contains("00:00 WIB"));
    assert!(res.body.contains("Masuk atau daftar gratis"));
    assert!(res
        .body
        .contains("Sisa jatah hari ini (paket tamu): 0 dari 5"));

    // The API counts on the same quota (same client) and says the same.
    let res = app
        .send_from(
            &ip,
            api_use("tautan-whatsapp", r#"{"nomor": "081234567890"}"#, None),
        )
        .await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(!res.header("retry-after").is_empty());
    let body = json_of(&res.body);
    assert_eq!(body["error"], "tool_quota_exceeded");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("tengah malam WIB"));
    // Another client has its own quota; another tool its own counter.
    let other = fresh_ip();
    let res = app
        .send_from(
            &other,
            api_use("tautan-whatsapp", r#"{"nomor": "081234567890"}"#, None),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test]
async fn the_json_api_answers_results_quota_and_errors() {
    let app = spawn().await;
    let ip = fresh_ip();
    let res = app
        .send_from(
            &ip,
            api_use(
                "estimasi-biaya-website",
                r#"{"layanan": "pengembangan-website", "halaman": 6, "fitur": ["whatsapp"]}"#,
                None,
            ),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = json_of(&res.body);
    assert_eq!(body["tool"], "estimasi-biaya-website");
    assert_eq!(body["result"]["kind"], "estimate");
    assert_eq!(body["result"]["total_idr"], 3_900_000);
    assert_eq!(body["quota"]["plan"], "guest");
    assert_eq!(
        (
            body["quota"]["limit"].clone(),
            body["quota"]["remaining"].clone()
        ),
        (json!(3), json!(2))
    );
    assert!(body["quota"]["resets_at_text"]
        .as_str()
        .unwrap()
        .ends_with("00:00 WIB"));

    for (slug, input, status, code) in [
        (
            "pembuat-utm",
            r#"{"url": "javascript:alert(1)", "sumber": "x"}"#,
            422,
            "invalid_input",
        ),
        (
            "estimasi-biaya-website",
            r#"{"layanan": "x", "halaman": "banyak"}"#,
            422,
            "invalid_input",
        ),
        ("cek-snippet-seo", r#"["bukan objek"]"#, 400, "bad_request"),
        ("cek-snippet-seo", "{bukan json", 400, "bad_request"),
        ("tidak-ada", r#"{}"#, 404, "not_found"),
        ("Bukan_Slug", r#"{}"#, 404, "not_found"),
    ] {
        let res = app.send_from(&ip, api_use(slug, input, None)).await;
        assert_eq!(res.status, status, "{slug} {input}: {}", res.body);
        assert_eq!(json_of(&res.body)["error"], code, "{slug} {input}");
    }
    let res = app
        .send_from(
            &ip,
            api_use("pembuat-utm", r#"{"url": "ftp://x.id"}"#, None),
        )
        .await;
    let fields = &json_of(&res.body)["fields"];
    for f in ["url", "sumber", "medium", "kampanye"] {
        assert!(fields[f].is_string(), "{f}: {fields}");
    }
    // None of the refused calls was counted.
    let res = app
        .send_from(
            &ip,
            api_use(
                "estimasi-biaya-website",
                r#"{"layanan": "pengembangan-website", "halaman": 1}"#,
                None,
            ),
        )
        .await;
    assert_eq!(json_of(&res.body)["quota"]["used"], 2, "{}", res.body);
}

#[tokio::test]
async fn members_get_their_quota_and_read_their_usage() {
    let app = spawn().await;
    let cookie = verified_member(&app, "alat@example.id").await;
    let res = app
        .send(api_use(
            "cek-snippet-seo",
            r#"{"judul": "Toko Kue Dapur Ibu"}"#,
            Some(&cookie),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = json_of(&res.body);
    assert_eq!(body["quota"]["plan"], "member");
    assert_eq!(
        (
            body["quota"]["limit"].clone(),
            body["quota"]["used"].clone()
        ),
        (json!(30), json!(1))
    );

    let page = get_with_cookie(&app, "/tools/cek-snippet-seo", &cookie).await;
    assert!(
        page.body
            .contains("Sisa jatah hari ini (paket member): 29 dari 30"),
        "{}",
        page.body
    );

    let res = get_with_cookie(&app, "/api/user/usage", &cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let usage = json_of(&res.body);
    assert_eq!(usage["days"], 30);
    assert_eq!(usage["usage"][0]["tool"], "cek-snippet-seo");
    assert_eq!(usage["usage"][0]["uses"], 1);
    assert_eq!(usage["today"].as_array().unwrap().len(), 4);
    assert_eq!(app.get("/api/user/usage").await.status, 401);

    // The dashboard shows today's use per tool, and the last week per tool
    // and per day (today's row has the one use, the others zeros).
    let dash = get_with_cookie(&app, "/dashboard/tools", &cookie).await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Cek Snippet SEO"), "{}", dash.body);
    let history = dash
        .body
        .split("data-tool-history")
        .nth(1)
        .expect("the per-day table");
    let today = domain::jakarta::hari(domain::jakarta::date(chrono::Utc::now()));
    assert!(history.contains(&today), "{history}");
    let body = history.split("<tbody>").nth(1).unwrap();
    let rows = body
        .split("</tbody>")
        .next()
        .unwrap()
        .matches("<tr")
        .count();
    assert_eq!(rows, 7, "{history}");
}

#[tokio::test]
async fn only_an_admin_switches_tools_and_sets_quotas() {
    use common::{admin_session, server_fn_call};
    let app = spawn().await;
    let save = "slug=tautan-whatsapp&enabled=false&guest=1&member=2&pass=3";
    let member = verified_member(&app, "bukan-admin@example.id").await;
    for cookie in [None, Some(member.as_str())] {
        for (path, body) in [("/api/admin/tools", ""), ("/api/admin/tools/save", save)] {
            let res = app.send(server_fn_call(path, cookie, body)).await;
            assert_eq!(res.status, 401, "{path}: {}", res.body);
        }
    }
    let admin = admin_session(&app, "alat@tiranyx.test").await;
    let res = app
        .send(server_fn_call(
            "/api/admin/tools/save",
            Some(&admin),
            "slug=tautan-whatsapp&enabled=true&guest=x&member=2&pass=3",
        ))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(json_of(&res.body)["fields"]["guest"].is_string());
    let res = app
        .send(server_fn_call("/api/admin/tools/save", Some(&admin), save))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Switched off: gone from the listing, the page and the API.
    assert!(!app
        .get("/tools")
        .await
        .body
        .contains("/tools/tautan-whatsapp"));
    assert_eq!(app.get("/tools/tautan-whatsapp").await.status, 404);
    let res = app
        .send_from(
            &fresh_ip(),
            api_use("tautan-whatsapp", r#"{"nomor": "081234567890"}"#, None),
        )
        .await;
    assert_eq!(res.status, 404);
    let rows = app
        .send(server_fn_call("/api/admin/tools", Some(&admin), ""))
        .await;
    let rows = json_of(&rows.body);
    let wa = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "tautan-whatsapp")
        .unwrap();
    assert_eq!(
        (
            wa["enabled"].clone(),
            wa["guest"].clone(),
            wa["pass"].clone()
        ),
        (json!(false), json!(1), json!(3))
    );
    let page = get_with_cookie(&app, "/admin/tools", &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Tools Pass / hari"), "{}", page.body);
}

/// Refused input is never counted against a quota, so a client's calls are
/// limited as such: 60 at once, refilled one a second, form posts and API
/// together. The budget refills while the test runs (slower on
/// PostgreSQL), so it asks until refused rather than counting to exactly 61.
#[tokio::test]
async fn refused_input_cannot_be_sent_without_end() {
    let app = spawn().await;
    let ip = fresh_ip();
    let mut allowed = 0;
    let refused = loop {
        let res = if allowed % 2 == 0 {
            app.send_from(&ip, api_use("tautan-whatsapp", r#"{"nomor": "1"}"#, None))
                .await
        } else {
            post_from(&app, &ip, "tautan-whatsapp", "nomor=1").await
        };
        if res.status == 429 {
            break res;
        }
        assert_eq!(res.status, 422, "call {allowed}");
        allowed += 1;
        assert!(allowed < 200, "never limited");
    };
    assert!(allowed >= 60, "limited after {allowed}");
    if allowed % 2 == 0 {
        assert_eq!(json_of(&refused.body)["error"], "rate_limited");
        assert!(!refused.header("retry-after").is_empty());
    } else {
        assert!(refused.body.contains("Terlalu banyak"));
    }
    // Valid input waits as well, through the API and the page alike (a
    // token refilled meanwhile may let one through first).
    let mut api = None;
    for _ in 0..3 {
        let res = app
            .send_from(
                &ip,
                api_use("tautan-whatsapp", r#"{"nomor": "081234567890"}"#, None),
            )
            .await;
        if res.status == 429 {
            api = Some(res);
            break;
        }
    }
    let res = api.expect("valid API calls are limited too");
    assert_eq!(json_of(&res.body)["error"], "rate_limited");
    assert!(!res.header("retry-after").is_empty());
    let mut page = None;
    for _ in 0..3 {
        let res = post_from(&app, &ip, "tautan-whatsapp", "nomor=081234567890").await;
        if res.status == 429 {
            page = Some(res);
            break;
        }
    }
    let res = page.expect("valid form posts are limited too");
    assert!(res.body.contains("Terlalu banyak"), "{}", res.body);
}
