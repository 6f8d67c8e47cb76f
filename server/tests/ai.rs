//! The AI writing assistant through the router: its server functions
//! refuse guests, members and other sites; an admin's request reaches a
//! wiremock fake of the provider with the key and the Indonesian system
//! prompt and comes back sanitized and audited; the provider down is
//! `503 ai_unavailable` with the Indonesian message, the daily limit `429
//! ai_limit_reached`; the draft streams; a cover is stored and served as
//! an upload. The development simulator (`/_dev/ai`) answers in the same
//! shapes with deterministic Indonesian text and a PNG, wants its key, is
//! absent without `PAYMENT_SIMULATOR` and refused in production.
mod common;

use axum::{body::Body, http::Request};
use common::{admin_session, server_fn_json, spawn_with, verified_member, TestApp, SITE};
use domain::{
    ai::{prompts::SYSTEM_PROMPT, SIMULATOR_API, SIMULATOR_KEY},
    entities::audit_entry,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use wiremock::{
    matchers::{header, method, path, path_regex},
    Mock, MockServer, ResponseTemplate,
};

const KEY: &str = "sk-server-uji";

fn answer(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 30, "completion_tokens": 12},
    }))
}

async fn app_with(server: &MockServer, limit: &str) -> TestApp {
    spawn_with(&[
        ("AI_API_URL", &server.uri()),
        ("AI_API_KEY", KEY),
        ("AI_MODEL", "model-server"),
        ("AI_DAILY_LIMIT", limit),
    ])
    .await
}

fn brief(title: &str, text: &str) -> Value {
    json!({"kind": "artikel", "title": title, "keywords": "umkm", "text": text})
}

async fn assist(
    app: &TestApp,
    cookie: Option<&str>,
    action: &str,
    brief: Value,
) -> (u16, Value, Option<String>) {
    let req = server_fn_json(
        "/api/admin/ai/assist",
        cookie,
        json!({"action": action, "brief": brief}),
    );
    let res = app.send(req).await;
    let retry = res
        .headers
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (
        res.status.as_u16(),
        serde_json::from_str(&res.body).unwrap_or(Value::Null),
        retry,
    )
}

async fn audit_actions(app: &TestApp, action: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .all(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn only_admins_reach_the_assistant() {
    let server = MockServer::start().await;
    chat_mock(answer("tidak boleh terlihat"))
        .mount(&server)
        .await;
    let app = app_with(&server, "5").await;
    let member = verified_member(&app, "penulis-bukan-admin@example.id").await;
    for cookie in [None, Some(member.as_str())] {
        let (status, body, _) = assist(&app, cookie, "outline", brief("Judul", "")).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("unauthorized")),
            "{body}"
        );
        let res = app
            .send(server_fn_json(
                "/api/admin/ai/draft/stream",
                cookie,
                json!({"brief": brief("Judul", "")}),
            ))
            .await;
        assert_eq!(res.status, 401, "{}", res.body);
        let res = app
            .send(server_fn_json("/api/admin/ai/quota", cookie, json!({})))
            .await;
        assert_eq!(res.status, 401, "{}", res.body);
    }
    // Another site cannot spend an admin's requests.
    let cookie = admin_session(&app, "ai-csrf@tiranyx.test").await;
    let mut req = server_fn_json(
        "/api/admin/ai/assist",
        Some(&cookie),
        json!({"action": "outline", "brief": brief("J", "")}),
    );
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    req.headers_mut()
        .insert("origin", "https://jahat.example".parse().unwrap());
    assert_eq!(app.send(req).await.status, 403);
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn chat_mock(template: ResponseTemplate) -> Mock {
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(template)
}

#[tokio::test]
async fn an_admin_gets_a_sanitized_audited_suggestion_then_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(answer("## Kerangka\n\n<script>alert('xss')</script>\n\n- Poin <img src=x onerror=alert(1)>satu"))
        .mount(&server)
        .await;
    let app = app_with(&server, "2").await;
    let cookie = admin_session(&app, "ai-penulis@tiranyx.test").await;
    let (status, body, _) = assist(&app, Some(&cookie), "outline", brief("SEO Lokal", "")).await;
    assert_eq!(status, 200, "{body}");
    let md = body["Markdown"]["markdown"].as_str().unwrap();
    let html = body["Markdown"]["html"].as_str().unwrap();
    assert!(
        md.starts_with("## Kerangka") && md.contains("Poin satu"),
        "{md}"
    );
    for text in [md, html] {
        assert!(
            !text.contains("<script") && !text.contains("onerror") && !text.contains("alert"),
            "{text}"
        );
    }
    assert!(html.contains("<h2 id=\"kerangka\">"), "{html}");
    let sent: Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent["model"], "model-server");
    assert_eq!(sent["messages"][0]["content"], SYSTEM_PROMPT);
    let rows = audit_actions(&app, "ai.outline").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actor, "ai-penulis@tiranyx.test");
    assert!(
        rows[0].summary.contains("model-server") && rows[0].summary.contains("30 masuk, 12 keluar"),
        "{}",
        rows[0].summary
    );
    // Nothing was saved: the posts are the demo's, untouched.
    let res = app
        .send(server_fn_json(
            "/api/admin/ai/quota",
            Some(&cookie),
            json!({}),
        ))
        .await;
    assert_eq!(
        serde_json::from_str::<Value>(&res.body).unwrap(),
        json!([1, 2])
    );
    // A field the action needs is a field error, not counted.
    let (status, body, _) = assist(&app, Some(&cookie), "rewrite", brief("", "")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("invalid_input")),
        "{body}"
    );
    assert!(
        body["fields"]["text"].as_str().unwrap().contains("Pilih"),
        "{body}"
    );
    let (status, _, _) = assist(&app, Some(&cookie), "tags", brief("Judul", "isi")).await;
    assert_eq!(status, 200);
    let (status, body, retry) = assist(&app, Some(&cookie), "outline", brief("Judul", "")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (429, Some("ai_limit_reached")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("2 permintaan per hari"),
        "{body}"
    );
    assert!(retry.unwrap().parse::<u64>().unwrap() > 0);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_provider_down_is_ai_unavailable_in_indonesian() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let app = app_with(&server, "5").await;
    let cookie = admin_session(&app, "ai-gangguan@tiranyx.test").await;
    let (status, body, _) = assist(&app, Some(&cookie), "outline", brief("Judul", "")).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"], "ai_unavailable");
    assert_eq!(
        body["message"],
        "Layanan AI sedang tidak tersedia, coba lagi nanti."
    );
    let res = app
        .send(server_fn_json(
            "/api/admin/ai/draft/stream",
            Some(&cookie),
            json!({"brief": brief("Judul", "")}),
        ))
        .await;
    assert_eq!(res.status, 503, "{}", res.body);
    let res = app
        .send(server_fn_json(
            "/api/admin/ai/quota",
            Some(&cookie),
            json!({}),
        ))
        .await;
    assert_eq!(
        serde_json::from_str::<Value>(&res.body).unwrap(),
        json!([0, 5]),
        "failures are not counted"
    );
}

#[tokio::test]
async fn the_draft_streams_and_a_cover_is_served_as_an_upload() {
    let server = MockServer::start().await;
    let mut sse = String::new();
    for c in ["## Pembuka\n\n", "Halo <script>alert(1)</script>", " UMKM."] {
        let event = json!({"choices": [{"delta": {"content": c}}]});
        sse.push_str(&format!("data: {event}\n\n"));
    }
    sse.push_str("data: [DONE]\n\n");
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(sse),
        )
        .mount(&server)
        .await;
    let png = tiny_png(&app_sim().await).await;
    Mock::given(method("GET"))
        .and(path_regex("^/image/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .mount(&server)
        .await;
    let app = app_with(&server, "5").await;
    let cookie = admin_session(&app, "ai-draf@tiranyx.test").await;
    let res = app
        .send(server_fn_json(
            "/api/admin/ai/draft/stream",
            Some(&cookie),
            json!({"brief": brief("Website UMKM", "")}),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let end = app::api::admin::ai::STREAM_END;
    assert_eq!(
        res.body,
        format!("## Pembuka\n\nHalo <script>alert(1)</script> UMKM.{end}ok{end}## Pembuka\n\nHalo  UMKM.")
    );
    let (status, body, _) = assist(&app, Some(&cookie), "cover", brief("Kopi Nusantara", "")).await;
    assert_eq!(status, 200, "{body}");
    let url = body["Cover"].as_str().unwrap();
    assert!(
        url.starts_with("/uploads/media/") && url.ends_with(".png"),
        "{url}"
    );
    let served = app.get(url).await;
    assert_eq!((served.status.as_u16(), served.bytes.clone()), (200, png));
    assert_eq!(audit_actions(&app, "ai.cover").await.len(), 1);
}

/// A PNG from the simulator (what `./scripts/dev.sh` shows as a cover).
async fn tiny_png(app: &TestApp) -> Vec<u8> {
    let res = app
        .send(sim(
            "GET",
            "/image/kopi?width=12&height=8&seed=3",
            Some(SIMULATOR_KEY),
            None,
        ))
        .await;
    assert_eq!(res.status, 200);
    res.bytes
}

async fn app_sim() -> TestApp {
    spawn_with(&[("PAYMENT_SIMULATOR", "true")]).await
}

fn sim(method: &str, path: &str, key: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("{SIMULATOR_API}{path}"))
        .header("content-type", "application/json");
    if let Some(k) = key {
        req = req.header("authorization", format!("Bearer {k}"));
    }
    req.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap()
}

#[tokio::test]
async fn the_simulator_answers_in_the_providers_shapes() {
    let app = app_sim().await;
    let request = json!({
        "model": "openai",
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": "Buat kerangka artikel berjudul «SEO Lokal». Kata kunci: umkm."},
        ],
        "stream": false,
    });
    let res = app
        .send(sim(
            "POST",
            "/v1/chat/completions",
            Some(SIMULATOR_KEY),
            Some(request.clone()),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body: Value = serde_json::from_str(&res.body).unwrap();
    let text = body["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(text.starts_with("## Mengapa SEO Lokal penting"), "{text}");
    assert!(body["usage"]["completion_tokens"].as_u64().unwrap() > 0);
    let again = app
        .send(sim(
            "POST",
            "/v1/chat/completions",
            Some(SIMULATOR_KEY),
            Some(request.clone()),
        ))
        .await;
    assert_eq!(
        serde_json::from_str::<Value>(&again.body).unwrap()["choices"],
        body["choices"],
        "deterministic"
    );

    let mut streamed = request.clone();
    streamed["stream"] = json!(true);
    let res = app
        .send(sim(
            "POST",
            "/v1/chat/completions",
            Some(SIMULATOR_KEY),
            Some(streamed),
        ))
        .await;
    assert_eq!(res.header("content-type"), "text/event-stream");
    assert!(
        res.body.trim_end().ends_with("data: [DONE]"),
        "{}",
        res.body
    );
    let joined: String = res
        .body
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter(|d| *d != "[DONE]")
        .map(|d| {
            serde_json::from_str::<Value>(d).unwrap()["choices"][0]["delta"]["content"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(joined, text);

    let png = tiny_png(&app).await;
    assert_eq!(
        domain::uploads::check_image("x.png", &png, 1 << 20),
        Ok(domain::uploads::ImageKind::Png)
    );
    assert_eq!(
        app.send(sim(
            "POST",
            "/v1/chat/completions",
            Some("salah"),
            Some(request.clone())
        ))
        .await
        .status,
        401
    );
    assert_eq!(
        app.send(sim("GET", "/image/kopi", None, None)).await.status,
        401
    );

    // Without the simulator the routes are not there.
    let plain = spawn_with(&[]).await;
    assert_eq!(
        plain
            .send(sim("GET", "/image/kopi", Some(SIMULATOR_KEY), None))
            .await
            .status,
        404
    );
}

#[test]
fn the_simulator_and_its_key_are_refused_in_production() {
    let long = "x".repeat(40);
    let key = "ab".repeat(32);
    let production = [
        ("APP_ENV", "production"),
        ("SITE_URL", SITE),
        ("USER_COOKIE_SECRET", long.as_str()),
        ("ADMIN_COOKIE_SECRET", long.as_str()),
        ("DOWNLOAD_SIGNING_SECRET", long.as_str()),
        ("SMTP_HOST", "smtp.tiranyx.test"),
        ("TOTP_ENCRYPTION_KEY", key.as_str()),
    ];
    let config = |extra: &[(&str, &str)]| {
        let all: Vec<(String, String)> = production
            .iter()
            .chain(extra)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        domain::Config::from_lookup(move |k| {
            all.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    };
    assert_eq!(
        config(&[("PAYMENT_SIMULATOR", "true")]).unwrap_err().var,
        "PAYMENT_SIMULATOR"
    );
    assert_eq!(
        config(&[("AI_API_KEY", SIMULATOR_KEY)]).unwrap_err().var,
        "AI_API_KEY"
    );
    let real = config(&[("AI_API_KEY", "sk-nyata")]).unwrap();
    assert_eq!(real.ai_api_url.as_str(), "https://gen.pollinations.ai/");
}
