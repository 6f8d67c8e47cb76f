//! The AI writing assistant against wiremock fakes of the provider (the
//! OpenAI chat completions and Pollinations image shapes), on SQLite and
//! PostgreSQL: the request's shape (bearer, model, the Indonesian system
//! prompt), the answer made safe (a `<script>` never reaches the editor),
//! 5xx retried, 429 waiting out a short `Retry-After` and giving up on a
//! long one, a slow provider cut off as `AiUnavailable`, failures not
//! counted, the daily limit exact under 10 simultaneous requests, the
//! reset at midnight in Jakarta, the streamed draft, the cover stored as
//! an upload, and alt text reading only this site's uploads.
mod common;

use chrono::{DateTime, Duration as Days, TimeZone, Utc};
use domain::{
    ai::{
        prompts::SYSTEM_PROMPT, usage, Action, Ai, Assistant, Brief, DraftEvent, Policy, Suggestion,
    },
    audit::Actor,
    entities::audit_entry,
    Database, DomainError, Refusal,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wiremock::{
    matchers::{header, method, path, path_regex, query_param},
    Mock, MockServer, Request, ResponseTemplate,
};

const KEY: &str = "sk-uji-rahasia";
const MODEL: &str = "model-uji";

/// 10:00 WIB on 1 December 2026.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap()
}

fn policy() -> Policy {
    Policy {
        timeout: Duration::from_millis(400),
        image_timeout: Duration::from_millis(600),
        backoff: vec![Duration::from_millis(10), Duration::from_millis(10)],
        max_retry_after: Duration::from_secs(2),
        breaker_threshold: 1000,
        breaker_cooldown: Duration::from_secs(1),
    }
}

/// `uploads`: the uploads' folder (images in its `media/`).
fn assistant(server: &MockServer, limit: u32, uploads: &std::path::Path) -> Assistant {
    Assistant {
        ai: Ai::new(
            server.uri().parse().unwrap(),
            Some(SecretString::from(KEY)),
            MODEL,
            policy(),
        ),
        daily_limit: limit,
        uploads: domain::storage::Area::local(uploads).unwrap(),
    }
}

async fn admin(db: &Database, email: &str) -> Actor {
    let hasher = domain::accounts::PasswordHasher::new(1);
    let system = Actor::system("cli");
    let id = domain::admin::create_admin(
        db,
        &hasher,
        &system,
        email,
        "Admin Uji",
        "kopi tubruk tanpa gula 2026",
        t0(),
    )
    .await
    .unwrap();
    Actor::admin(id, email, Some("203.0.113.7".into()))
}

fn answer(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 42, "completion_tokens": 17, "total_tokens": 59},
    }))
}

fn chat() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path("/v1/chat/completions"))
}

fn brief(title: &str, text: &str) -> Brief {
    Brief {
        kind: "artikel".into(),
        title: title.into(),
        keywords: "umkm, website".into(),
        text: text.into(),
    }
}

async fn audits(db: &Database, action: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .all(db.reader())
        .await
        .unwrap()
}

fn body_of(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn an_outline_request_has_the_contract_shape_and_is_audited() {
    for b in common::backends().await {
        let server = MockServer::start().await;
        chat()
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .respond_with(answer(
                "## Mengapa SEO lokal penting\n\n- Pelanggan mencari di dekatnya",
            ))
            .mount(&server)
            .await;
        let media = tempfile::tempdir().unwrap();
        let ai = assistant(&server, 5, media.path());
        let actor = admin(&b.db, "penulis@tiranyx.test").await;
        let got = ai
            .assist(
                &b.db,
                &actor,
                Action::Outline,
                &brief("SEO Lokal untuk UMKM", ""),
                t0(),
            )
            .await
            .unwrap();
        assert_eq!(
            got,
            Suggestion::Markdown(
                "## Mengapa SEO lokal penting\n\n- Pelanggan mencari di dekatnya".into()
            ),
            "{}",
            b.name
        );
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1);
        let body = body_of(&requests[0]);
        assert_eq!(body["model"], MODEL);
        assert_eq!(body["stream"], false);
        assert!(body["max_tokens"].as_u64().unwrap() > 0);
        assert_eq!(body["messages"][0]["role"], "system");
        assert_eq!(body["messages"][0]["content"], SYSTEM_PROMPT);
        assert!(SYSTEM_PROMPT.contains("bahasa Indonesia"));
        assert_eq!(body["messages"][1]["role"], "user");
        let user = body["messages"][1]["content"].as_str().unwrap();
        assert!(
            user.starts_with("Buat kerangka artikel berjudul «SEO Lokal untuk UMKM»"),
            "{user}"
        );
        assert!(user.contains("Kata kunci: umkm, website."), "{user}");
        let rows = audits(&b.db, "ai.outline").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].actor, "penulis@tiranyx.test");
        assert!(
            rows[0].summary.contains(MODEL) && rows[0].summary.contains("42 masuk, 17 keluar"),
            "{}",
            rows[0].summary
        );
        assert_eq!(
            usage::used_today(b.db.reader(), actor.admin_id.unwrap(), t0())
                .await
                .unwrap(),
            1
        );
    }
}

#[tokio::test]
async fn a_script_in_the_answer_never_reaches_the_editor() {
    let b = common::sqlite().await;
    let server = MockServer::start().await;
    chat()
        .respond_with(answer(
            "## Judul\n\n<script>alert('xss')</script>\n\nIsi <img src=x onerror=alert(1)> aman <script>fetch('/x')</script>.",
        ))
        .mount(&server)
        .await;
    let media = tempfile::tempdir().unwrap();
    let ai = assistant(&server, 5, media.path());
    let actor = admin(&b.db, "penulis@tiranyx.test").await;
    let Suggestion::Markdown(md) = ai
        .assist(
            &b.db,
            &actor,
            Action::Rewrite,
            &brief("", "teks lama"),
            t0(),
        )
        .await
        .unwrap()
    else {
        panic!("markdown expected")
    };
    assert!(
        !md.contains("<script")
            && !md.contains("alert")
            && !md.contains("onerror")
            && !md.contains("fetch"),
        "{md}"
    );
    assert!(
        md.starts_with("## Judul") && md.contains("Isi  aman ."),
        "{md}"
    );
}

#[tokio::test]
async fn a_5xx_is_retried_then_answered() {
    let b = common::sqlite().await;
    let server = MockServer::start().await;
    chat()
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    chat()
        .respond_with(answer(
            "JUDUL: Jasa Website UMKM\nDESKRIPSI: Website cepat untuk usaha kecil.",
        ))
        .mount(&server)
        .await;
    let media = tempfile::tempdir().unwrap();
    let ai = assistant(&server, 5, media.path());
    let actor = admin(&b.db, "penulis@tiranyx.test").await;
    let got = ai
        .assist(
            &b.db,
            &actor,
            Action::Seo,
            &brief("Jasa", "isi artikel"),
            t0(),
        )
        .await
        .unwrap();
    assert_eq!(
        got,
        Suggestion::Seo {
            title: "Jasa Website UMKM".into(),
            description: "Website cepat untuk usaha kecil.".into()
        }
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_429_waits_out_a_short_retry_after_and_gives_up_on_a_long_one() {
    let b = common::sqlite().await;
    let server = MockServer::start().await;
    chat()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    chat()
        .respond_with(answer("SEO, UMKM"))
        .mount(&server)
        .await;
    let media = tempfile::tempdir().unwrap();
    let ai = assistant(&server, 5, media.path());
    let actor = admin(&b.db, "penulis@tiranyx.test").await;
    let started = Instant::now();
    let got = ai
        .assist(&b.db, &actor, Action::Tags, &brief("Judul", "isi"), t0())
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    assert_eq!(got, Suggestion::Tags(vec!["seo".into(), "umkm".into()]));

    // Longer than a request may wait: unavailable at once, not counted.
    let slow = MockServer::start().await;
    chat()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&slow)
        .await;
    let ai = assistant(&slow, 5, media.path());
    let other = admin(&b.db, "lain@tiranyx.test").await;
    let started = Instant::now();
    let err = ai
        .assist(&b.db, &other, Action::Tags, &brief("Judul", "isi"), t0())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DomainError::Refused(Refusal::AiUnavailable)),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(slow.received_requests().await.unwrap().len(), 1);
    assert_eq!(
        usage::used_today(b.db.reader(), other.admin_id.unwrap(), t0())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_slow_or_down_provider_is_ai_unavailable_and_not_counted() {
    let b = common::sqlite().await;
    let media = tempfile::tempdir().unwrap();
    let actor = admin(&b.db, "penulis@tiranyx.test").await;

    let slow = MockServer::start().await;
    chat()
        .respond_with(answer("terlambat").set_delay(Duration::from_secs(3)))
        .mount(&slow)
        .await;
    let started = Instant::now();
    let err = assistant(&slow, 5, media.path())
        .assist(&b.db, &actor, Action::Outline, &brief("Judul", ""), t0())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DomainError::Refused(Refusal::AiUnavailable)),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a timeout is not retried"
    );
    assert_eq!(slow.received_requests().await.unwrap().len(), 1);

    let down = MockServer::start().await;
    chat()
        .respond_with(ResponseTemplate::new(503))
        .mount(&down)
        .await;
    let err = assistant(&down, 5, media.path())
        .assist(&b.db, &actor, Action::Outline, &brief("Judul", ""), t0())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DomainError::Refused(Refusal::AiUnavailable)),
        "{err:?}"
    );
    assert_eq!(
        down.received_requests().await.unwrap().len(),
        3,
        "one try and two retries"
    );

    assert_eq!(
        usage::used_today(b.db.reader(), actor.admin_id.unwrap(), t0())
            .await
            .unwrap(),
        0
    );
    let failed = audits(&b.db, "ai.outline").await;
    assert_eq!(failed.len(), 2);
    assert!(failed.iter().all(|r| r.summary.contains("gagal")));
}

#[tokio::test]
async fn the_daily_limit_is_exact_under_concurrent_requests() {
    for b in common::backends().await {
        let server = MockServer::start().await;
        chat()
            .respond_with(answer("Teks baru."))
            .mount(&server)
            .await;
        let media = tempfile::tempdir().unwrap();
        let ai = assistant(&server, 3, media.path());
        let actor = admin(&b.db, "penulis@tiranyx.test").await;
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let (ai, db, actor) = (ai.clone(), b.db.clone(), actor.clone());
                tokio::spawn(async move {
                    ai.assist(&db, &actor, Action::Shorten, &brief("", "teks"), t0())
                        .await
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(DomainError::Refused(Refusal::AiLimitReached { limit, resets_at })) => {
                    assert_eq!(limit, 3);
                    assert_eq!(
                        resets_at,
                        Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap()
                    );
                }
                Err(e) => panic!("{}: {e}", b.name),
            }
        }
        assert_eq!(ok, 3, "{}", b.name);
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            3,
            "{}",
            b.name
        );
        assert_eq!(
            usage::used_today(b.db.reader(), actor.admin_id.unwrap(), t0())
                .await
                .unwrap(),
            3
        );
        assert_eq!(audits(&b.db, "ai.shorten").await.len(), 3);
        // Another admin has a limit of their own; tomorrow (WIB) starts again.
        let other = admin(&b.db, "lain@tiranyx.test").await;
        assert!(ai
            .assist(&b.db, &other, Action::Shorten, &brief("", "teks"), t0())
            .await
            .is_ok());
        let tomorrow = Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap();
        assert!(ai
            .assist(&b.db, &actor, Action::Shorten, &brief("", "teks"), tomorrow)
            .await
            .is_ok());
        assert!(ai
            .assist(
                &b.db,
                &actor,
                Action::Shorten,
                &brief("", "teks"),
                tomorrow - Days::seconds(1)
            )
            .await
            .is_err());
    }
}

#[tokio::test]
async fn a_brief_missing_what_the_action_needs_is_refused_before_any_call() {
    let b = common::sqlite().await;
    let server = MockServer::start().await;
    let media = tempfile::tempdir().unwrap();
    let ai = assistant(&server, 5, media.path());
    let actor = admin(&b.db, "penulis@tiranyx.test").await;
    for (action, field) in [
        (Action::Draft, "title"),
        (Action::Rewrite, "text"),
        (Action::AltText, "text"),
    ] {
        let err = ai
            .assist(&b.db, &actor, action, &brief("", ""), t0())
            .await
            .unwrap_err();
        assert!(
            err.fields().is_some_and(|f| f.0.contains_key(field)),
            "{action:?}: {err:?}"
        );
    }
    // Alt text reads only this site's uploads: nothing a form names is fetched.
    let err = ai
        .assist(
            &b.db,
            &actor,
            Action::AltText,
            &brief("", "https://contoh.test/a.png"),
            t0(),
        )
        .await
        .unwrap_err();
    assert!(err.fields().is_some(), "{err:?}");
    let err = ai
        .assist(
            &b.db,
            &actor,
            Action::AltText,
            &brief("", "/uploads/media/../../etc/passwd"),
            t0(),
        )
        .await
        .unwrap_err();
    assert!(err.fields().is_some(), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
    assert_eq!(
        usage::used_today(b.db.reader(), actor.admin_id.unwrap(), t0())
            .await
            .unwrap(),
        0
    );
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn alt_text_sends_the_uploaded_image_and_a_cover_is_stored_as_an_upload() {
    let b = common::sqlite().await;
    let server = MockServer::start().await;
    chat()
        .respond_with(answer("\"Seorang barista menuang kopi susu di kedai.\""))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/image/.+"))
        .and(query_param("width", "1200"))
        .and(query_param("height", "630"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(PNG, "image/png"))
        .mount(&server)
        .await;
    let media = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(media.path().join("media")).unwrap();
    std::fs::write(media.path().join("media/abc123.png"), PNG).unwrap();
    let ai = assistant(&server, 5, media.path());
    let actor = admin(&b.db, "penulis@tiranyx.test").await;
    let got = ai
        .assist(
            &b.db,
            &actor,
            Action::AltText,
            &brief("Kopi", "/uploads/media/abc123.png"),
            t0(),
        )
        .await
        .unwrap();
    assert_eq!(
        got,
        Suggestion::AltText("Seorang barista menuang kopi susu di kedai.".into())
    );
    let body = body_of(&server.received_requests().await.unwrap()[0]);
    let url = body["messages"][1]["content"][1]["image_url"]["url"]
        .as_str()
        .unwrap();
    assert!(
        url.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "{url}"
    );

    let Suggestion::Cover(url) = ai
        .assist(
            &b.db,
            &actor,
            Action::Cover,
            &brief("Kopi Nusantara", ""),
            t0(),
        )
        .await
        .unwrap()
    else {
        panic!("cover expected")
    };
    let name = url.strip_prefix("/uploads/media/").unwrap();
    assert!(name.ends_with(".png") && name != "sampul.png", "{name}");
    assert_eq!(
        std::fs::read(media.path().join("media").join(name)).unwrap(),
        PNG
    );
    let image_req = &server.received_requests().await.unwrap()[1];
    assert!(
        image_req.url.path().contains("Kopi%20Nusantara"),
        "{}",
        image_req.url
    );
    assert_eq!(audits(&b.db, "media.upload").await.len(), 1);
    assert_eq!(audits(&b.db, "ai.cover").await.len(), 1);

    // Not an image: nothing stored, not counted.
    let html = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>"))
        .mount(&html)
        .await;
    let before = std::fs::read_dir(media.path()).unwrap().count();
    let err = assistant(&html, 5, media.path())
        .assist(&b.db, &actor, Action::Cover, &brief("Kopi", ""), t0())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DomainError::Refused(Refusal::AiUnavailable)),
        "{err:?}"
    );
    assert_eq!(std::fs::read_dir(media.path()).unwrap().count(), before);
    assert_eq!(
        usage::used_today(b.db.reader(), actor.admin_id.unwrap(), t0())
            .await
            .unwrap(),
        2
    );
}

fn sse(chunks: &[&str]) -> String {
    let mut body = String::new();
    for c in chunks {
        let event = json!({"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": c}}]});
        body.push_str(&format!("data: {event}\n\n"));
    }
    body.push_str("data: [DONE]\n\n");
    body
}

#[tokio::test]
async fn a_streamed_draft_arrives_in_chunks_then_safe_and_whole() {
    for b in common::backends().await {
        let server = MockServer::start().await;
        chat()
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "text/event-stream")
                    .set_body_string(sse(&[
                        "## Pembuka\n\n",
                        "Halo <script>alert(1)</script>",
                        " UMKM.",
                    ])),
            )
            .mount(&server)
            .await;
        let media = tempfile::tempdir().unwrap();
        let ai = assistant(&server, 5, media.path());
        let actor = admin(&b.db, "penulis@tiranyx.test").await;
        let mut rx = ai
            .draft_stream(&b.db, &actor, &brief("Website UMKM", ""), t0())
            .await
            .unwrap();
        let mut chunks = Vec::new();
        let done = loop {
            match rx.recv().await.unwrap() {
                DraftEvent::Chunk(c) => chunks.push(c),
                DraftEvent::Done(md) => break md,
                DraftEvent::Failed => panic!("{}: failed", b.name),
            }
        };
        assert_eq!(chunks.len(), 3);
        assert_eq!(done, "## Pembuka\n\nHalo  UMKM.");
        assert_eq!(
            body_of(&server.received_requests().await.unwrap()[0])["stream"],
            true
        );
        // Settled by the stream's task once it ended.
        let mut rows = Vec::new();
        for _ in 0..50 {
            rows = audits(&b.db, "ai.draft").await;
            if !rows.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(rows.len(), 1, "{}", b.name);
        assert!(
            rows[0].summary.contains("byte diterima"),
            "{}",
            rows[0].summary
        );
    }
}
