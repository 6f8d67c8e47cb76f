//! `/metrics`: absent unless configured, behind its bearer token on the
//! site, and carrying request latency by matched route, rate-limit
//! refusals, the job queue, payments and the pools.
mod common;

use axum::{body::Body, http::Request};
use common::{fresh_ip, json_form_post, spawn, spawn_with};

const TOKEN: &str = "metrics-token-for-tests-0123456789abcdef";

fn scrape(token: Option<&str>) -> Request<Body> {
    let mut req = Request::get("/metrics");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn without_configuration_there_are_no_metrics() {
    let app = spawn().await;
    assert_eq!(app.send(scrape(None)).await.status, 404);
    assert_eq!(app.send(scrape(Some(TOKEN))).await.status, 404);
}

#[tokio::test]
async fn the_token_guards_the_metrics_and_they_carry_what_operators_watch() {
    let app = spawn_with(&[("METRICS_TOKEN", TOKEN)]).await;
    assert_eq!(app.send(scrape(None)).await.status, 401);
    assert_eq!(app.send(scrape(Some("salah"))).await.status, 401);

    assert_eq!(app.get("/").await.status, 200);
    assert_eq!(app.get("/blog").await.status, 200);
    assert_eq!(app.get("/tidak-ada-halaman-ini").await.status, 404);
    // Six logins from one address: the sixth is refused by the limit.
    let ip = fresh_ip();
    for _ in 0..6 {
        app.send_from(
            &ip,
            json_form_post("/login", "email=x@example.id&password=apa%20saja%20deh"),
        )
        .await;
    }

    let res = app.send(scrape(Some(TOKEN))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res
        .header("content-type")
        .starts_with("application/openmetrics-text"));
    let m = res.body;
    for line in [
        r#"tiranyx_http_request_duration_seconds_count{route="/",method="GET",status="200"} 1"#,
        r#"tiranyx_http_request_duration_seconds_count{route="/blog",method="GET",status="200"} 1"#,
        r#"tiranyx_http_request_duration_seconds_count{route="/login",method="POST",status="429"} 1"#,
        r#"tiranyx_rate_limited_total{name="login"} 1"#,
        "tiranyx_jobs_due ",
        "tiranyx_jobs_failed 0",
        "tiranyx_jobs_oldest_due_seconds ",
        r#"tiranyx_payments_received{name="midtrans"} "#,
        "tiranyx_db_pool_connections{name=",
    ] {
        assert!(m.contains(line), "missing {line}:\n{m}");
    }
    // Unknown paths share one series, so a crawl cannot grow them.
    assert!(
        m.contains(r#"route="unmatched",method="GET",status="404""#),
        "{m}"
    );
    assert!(!m.contains("tidak-ada-halaman-ini"));
}
