//! Uploads and private files in an S3-compatible bucket (`STORAGE_URL`),
//! against the real S3 server `scripts/test.sh` starts (moto, see
//! `scripts/s3.sh`): an image an admin uploads through one instance is
//! served by another; private files read whole and by range; the
//! readiness check (`/readyz`) tells a bucket it cannot reach.
mod common;

use common::{admin_session, media_upload, spawn_with, PNG};

/// The S3 settings `scripts/s3.sh` exports, as the app's configuration,
/// under a prefix of this test's own. `None` outside the test script
/// (with `CI` set, a missing server fails the test instead).
fn s3_config(prefix: &str) -> Option<Vec<(&'static str, String)>> {
    let var = |name: &str| std::env::var(format!("TIRANYX_TEST_S3_{name}")).ok();
    let Some(url) = var("URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "no S3 server: scripts/test.sh starts one (scripts/s3.sh)"
        );
        eprintln!("object storage tests SKIPPED: source scripts/s3.sh to run them");
        return None;
    };
    Some(vec![
        ("STORAGE_URL", format!("{url}/{prefix}")),
        ("AWS_ENDPOINT", var("ENDPOINT")?),
        ("AWS_ACCESS_KEY_ID", var("KEY_ID")?),
        ("AWS_SECRET_ACCESS_KEY", var("SECRET")?),
        ("AWS_REGION", var("REGION")?),
        ("AWS_ALLOW_HTTP", "true".into()),
    ])
}

fn unique(name: &str) -> String {
    format!(
        "{name}-{}",
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    )
}

async fn spawn_on(config: &[(&'static str, String)]) -> common::TestApp {
    let extra: Vec<(&str, &str)> = config.iter().map(|(k, v)| (*k, v.as_str())).collect();
    spawn_with(&extra).await
}

#[tokio::test]
async fn an_upload_through_one_instance_is_served_by_another() {
    let Some(config) = s3_config(&unique("unggah")) else {
        return;
    };
    let a = spawn_on(&config).await;
    let b = spawn_on(&config).await;
    let cookie = admin_session(&a, "s3@tiranyx.test").await;
    let res = a.send(media_upload("foto.png", PNG, Some(&cookie))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let url: String = serde_json::from_str(&res.body).unwrap();
    assert!(url.starts_with("/uploads/media/"), "{url}");
    // Nothing on A's disk: the file is in the bucket.
    assert!(
        !a.dir.path().join("uploads/media").exists()
            || std::fs::read_dir(a.dir.path().join("uploads/media"))
                .unwrap()
                .count()
                == 0
    );
    for app in [&a, &b] {
        let got = app.get(&url).await;
        assert_eq!(got.status, 200);
        assert_eq!(got.bytes, PNG);
        assert_eq!(got.header("content-type"), "image/png");
        assert_eq!(
            got.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
    }
    assert_eq!(b.get("/uploads/media/tidak-ada.png").await.status, 404);
    assert_eq!(b.get("/uploads/rahasia/x.png").await.status, 404);
    assert_eq!(b.get("/readyz").await.status, 200);
}

#[tokio::test]
async fn private_files_are_read_whole_and_by_range_and_deleted() {
    let Some(config) = s3_config(&unique("pribadi")) else {
        return;
    };
    let app = spawn_on(&config).await;
    let private = &app.deliverables.files;
    private
        .put("berkas.zip", b"0123456789".to_vec())
        .await
        .unwrap();
    assert_eq!(private.size("berkas.zip").await.unwrap(), Some(10));
    assert_eq!(&private.get("berkas.zip").await.unwrap()[..], b"0123456789");

    let mut headers = axum::http::HeaderMap::new();
    headers.insert("range", "bytes=2-5".parse().unwrap());
    let res = tiranyx_server::stored_files::ranged(private, "berkas.zip", &headers)
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(res.headers()["content-range"], "bytes 2-5/10");
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(&body[..], b"2345");

    private.delete("berkas.zip").await.unwrap();
    assert_eq!(private.size("berkas.zip").await.unwrap(), None);
    assert!(matches!(
        private.get("berkas.zip").await,
        Err(domain::storage::StorageError::NotFound)
    ));
    // The demo's file products got their guides in the bucket too.
    assert!(
        !app.dir.path().join("private").exists()
            || std::fs::read_dir(app.dir.path().join("private"))
                .unwrap()
                .count()
                == 0
    );
}

#[tokio::test]
async fn the_readiness_check_tells_an_unreachable_bucket_quickly() {
    let Some(config) = s3_config(&unique("mati")) else {
        return;
    };
    let options = |endpoint: Option<String>| -> Vec<(String, secrecy::SecretString)> {
        config
            .iter()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .map(|(k, v)| {
                let v = match (&endpoint, *k) {
                    (Some(e), "AWS_ENDPOINT") => e.clone(),
                    _ => v.clone(),
                };
                (k.to_ascii_lowercase(), secrecy::SecretString::from(v))
            })
            .collect()
    };
    let url = &config[0].1;
    let reachable = domain::storage::Storage::s3(url, &options(None)).unwrap();
    reachable.check().await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let down =
        domain::storage::Storage::s3(url, &options(Some(format!("http://127.0.0.1:{port}"))))
            .unwrap();
    let started = std::time::Instant::now();
    assert!(down.check().await.is_err());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
