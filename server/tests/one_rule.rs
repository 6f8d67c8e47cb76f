//! One rule per value, seen from outside: Jakarta dates, one URL per tag,
//! validated path parameters and canonical URLs without trailing slashes.
mod common;
use chrono::{DateTime, Utc};
use common::{form_post, json_form_post, spawn};
use domain::entities::post;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

/// The first visible post, changed by `edit`; returns its slug.
async fn edit_first_post(
    app: &common::TestApp,
    edit: impl FnOnce(&mut post::ActiveModel),
) -> String {
    let p = domain::content::posts::latest_published(&app.db, Utc::now(), 1)
        .await
        .unwrap()
        .remove(0);
    let slug = p.slug.clone();
    let mut row: post::ActiveModel = p.into();
    edit(&mut row);
    row.update(app.db.writer()).await.unwrap();
    slug
}

#[tokio::test]
async fn a_post_published_at_two_in_the_morning_wib_shows_that_day_everywhere() {
    let app = spawn().await;
    // 02:00 WIB on 5 November 2026 is 19:00 UTC on 4 November.
    let at: DateTime<Utc> = "2026-11-04T19:00:00Z".parse().unwrap();
    let slug = edit_first_post(&app, |p| p.published_at = Set(Some(at))).await;
    let page = app.get(&format!("/blog/{slug}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("5 November 2026"), "public date");
    assert!(!page.body.contains("4 November 2026"));
    // The admin's editor shows the same day and time (one module for both).
    assert_eq!(domain::cms::to_form_datetime(at), "2026-11-05T02:00");
}

#[tokio::test]
async fn a_tag_typed_with_capitals_links_to_one_url_everywhere() {
    let app = spawn().await;
    let slug = edit_first_post(&app, |p| p.tags = Set("SEO  Lokal, Bisnis".into())).await;
    let post = app.get(&format!("/blog/{slug}")).await.body;
    assert!(
        post.contains(r#"href="/blog?tag=seo%20lokal""#),
        "post links the normal form"
    );
    let index = app.get("/blog").await.body;
    assert!(
        index.contains(r#"href="/blog?tag=seo%20lokal""#),
        "index links the normal form"
    );
    for body in [&post, &index] {
        assert!(!body.contains("tag=SEO"), "no second spelling");
    }
    // Both spellings filter the same posts.
    let lower = app.get("/blog?tag=seo%20lokal").await;
    let upper = app.get("/blog?tag=SEO%20Lokal").await;
    assert_eq!(lower.status, 200);
    assert!(lower.body.contains(&format!("/blog/{slug}")));
    assert!(upper.body.contains(&format!("/blog/{slug}")));
}

#[tokio::test]
async fn a_waitlist_post_to_a_path_that_is_no_slug_is_a_404() {
    let app = spawn().await;
    let html = app
        .send(form_post("/waitlist/a%20b", "email=a%40contoh.id"))
        .await;
    assert_eq!(html.status, 404);
    assert!(html.body.contains("<html"), "the 404 page");
    let json = app
        .send(json_form_post("/waitlist/a%20b", "email=a%40contoh.id"))
        .await;
    assert_eq!(json.status, 404);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["error"], "not_found");
    let upper = app
        .send(form_post("/waitlist/Rangka", "email=a%40contoh.id"))
        .await;
    assert_eq!(upper.status, 404);
    assert_eq!(
        domain::entities::waitlist_entry::Entity::find()
            .all(app.db.reader())
            .await
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn non_canonical_spellings_redirect_and_are_never_counted() {
    let app = spawn().await;
    let post = domain::content::posts::latest_published(&app.db, Utc::now(), 1)
        .await
        .unwrap()
        .remove(0);
    let slug = post.slug.clone();
    let (first, rest) = slug.split_at(1);
    let encoded = format!("/blog/%{:02X}{rest}", first.as_bytes()[0]);
    let canonical = format!("/blog/{slug}");
    for (from, to) in [
        ("/admin/", "/admin"),
        ("/blog/", "/blog"),
        ("/blog/?kategori=Desain", "/blog?kategori=Desain"),
        ("//evil.example/", "/evil.example"),
        (encoded.as_str(), canonical.as_str()),
    ] {
        let res = app.get(from).await;
        assert_eq!(res.status, 301, "{from}");
        assert_eq!(res.header("location"), to, "{from}");
    }
    assert_eq!(app.get("/").await.status, 200);
    // Only the canonical spelling is ever counted.
    assert_eq!(app.get(&canonical).await.status, 200);
    app.page_views.flush().await.unwrap();
    let rows = domain::entities::page_view_daily::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap();
    assert!(rows.iter().all(|r| !r.path.contains('%')), "{rows:?}");
}
