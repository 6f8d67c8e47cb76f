//! The cause of the render stall that made `route_list` a once-per-process
//! value (leptos-rs/leptos#4773): `generate_route_list` holds leptos'
//! process-wide `SuppressResourceLoad` while it runs, and a `Resource` first
//! polled meanwhile waits forever. Its own test binary (own process),
//! because holding the flag would stall any other test running beside it.
mod common;

use axum::{body::Body, http::Request};
use common::{admin_session, get_with_cookie, spawn};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

#[tokio::test]
async fn a_resource_page_never_finishes_while_resource_loading_is_suppressed() {
    let app = spawn().await;
    let cookie = admin_session(&app, "stall@tiranyx.test").await;
    // `/admin` loads through `Resource`s; without the flag it renders.
    let res = get_with_cookie(&app, "/admin", &cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);

    // What `generate_route_list` does for as long as it runs.
    let suppressed = leptos::server::SuppressResourceLoad::new();

    // Public pages load their data with plain futures: unaffected.
    let res = app.get("/").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Apa yang kami kerjakan"));

    // The admin page waits on its resources and never answers.
    let req = Request::get("/admin")
        .header("cookie", &cookie)
        .body(Body::empty())
        .unwrap();
    let exchange = async {
        let res = app.router.clone().oneshot(req).await.unwrap();
        res.into_body().collect().await.map(|b| b.to_bytes())
    };
    let answered = tokio::time::timeout(Duration::from_secs(3), exchange).await;
    assert!(
        answered.is_err(),
        "/admin rendered although resource loading was suppressed"
    );

    // Lifted, the same page renders again: the flag was the whole cause.
    drop(suppressed);
    let res = get_with_cookie(&app, "/admin", &cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);
}
