//! The stylesheet compiled by `build.rs`, served from memory under a
//! content-hashed path with a year-long cache.
use crate::AppState;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

include!(concat!(env!("OUT_DIR"), "/stylesheet.rs"));
const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/tiranyx.css"));

pub const STYLESHEET_ROUTE: &str = "/assets/{file}";

pub fn stylesheet_href() -> String {
    format!("/assets/tiranyx-{STYLESHEET_HASH}.css")
}

/// This release's stylesheet from memory; another release's, during a
/// rolling deploy, from the database (`domain::stylesheets`).
pub async fn stylesheet(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(hash) = file
        .strip_prefix("tiranyx-")
        .and_then(|f| f.strip_suffix(".css"))
        .filter(|h| !h.is_empty() && h.len() <= 64 && h.bytes().all(|b| b.is_ascii_alphanumeric()))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = if hash == STYLESHEET_HASH {
        STYLESHEET.to_owned()
    } else {
        match domain::stylesheets::find(&state.server.db, hash).await {
            Ok(Some(css)) => css,
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "reading a stored stylesheet");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

/// Stores this release's stylesheet for the instances of other releases.
pub async fn publish_stylesheet(db: &domain::Database) -> domain::error::DomainResult<()> {
    domain::stylesheets::publish(db, STYLESHEET_HASH, STYLESHEET, chrono::Utc::now()).await
}

/// The compiled CSS, for tests that check a class made it in.
pub fn stylesheet_text() -> &'static str {
    STYLESHEET
}

/// The site's files (`pkg/` and `public/`), as leptos_axum's file handler
/// serves them. The wasm bundle's files carry their content hash in their
/// names when cargo-leptos builds with `hash-files` (`tiranyx.<md5,
/// base64url>.wasm`), so a stored copy is right forever. A release built
/// with `--precompress` has `.br` and `.gz` beside each file, sent to the
/// browsers that accept them: the answer varies by `Accept-Encoding`, which
/// the file handler does not say, and a shared cache (nginx) must know.
pub async fn bundle_cache(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    let immutable =
        state.leptos_options.hash_files && path.strip_prefix("/pkg/").is_some_and(is_content_named);
    let site_file = is_site_file(path);
    let mut res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    if immutable {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    let says_encoding = res
        .headers()
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-encoding"));
    if site_file && !says_encoding {
        res.headers_mut().append(
            header::VARY,
            header::HeaderValue::from_static("accept-encoding"),
        );
    }
    res
}

/// What `target/site` holds: the bundle and `public/` (scripts, favicon).
fn is_site_file(path: &str) -> bool {
    ["/pkg/", "/js/", "/fonts/", "/favicon."]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// `name.<22 characters of base64url>.ext`, as cargo-leptos names them.
fn is_content_named(file: &str) -> bool {
    let mut parts = file.split('.');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(name), Some(hash), Some(_ext), None)
            if !name.is_empty()
                && hash.len() == 22
                && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    )
}

/// The bundle the pages will link must exist, or hydration silently never
/// happens. With `LEPTOS_HASH_FILES=true` Leptos names it from `hash.txt`
/// beside the running binary, which must match the site folder (same build);
/// without it, a site folder holding only content-named files (a build with
/// `hash-files`) means the variable was forgotten. `serve` refuses to start.
pub fn check_bundle_names(options: &leptos::config::LeptosOptions) -> Result<(), String> {
    let pkg = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let name = &*options.output_name;
    if !options.hash_files {
        let content_named = std::fs::read_dir(&pkg)
            .into_iter()
            .flatten()
            .flatten()
            .any(|entry| {
                let file = entry.file_name();
                let file = file.to_string_lossy();
                file.starts_with(&format!("{name}."))
                    && file.ends_with(".wasm")
                    && is_content_named(&file)
            });
        if content_named && !pkg.join(format!("{name}.wasm")).is_file() {
            return Err(format!(
                "{} holds a bundle named by content hash (hash-files): set LEPTOS_HASH_FILES=true",
                pkg.display()
            ));
        }
        return Ok(());
    }
    let beside = std::env::current_exe()
        .map_err(|e| format!("finding the running binary: {e}"))?
        .with_file_name(options.hash_file.as_ref());
    let hashes = std::fs::read_to_string(&beside).map_err(|_| {
        format!(
            "LEPTOS_HASH_FILES=true but {} is missing: copy hash.txt from the build's target/release beside the binary",
            beside.display()
        )
    })?;
    let mut files = Vec::new();
    for kind in ["js", "wasm"] {
        let hash = app::bundles::hash_entry(&hashes, kind)
            .ok_or_else(|| format!("{} names no {kind} file", beside.display()))?;
        files.push(format!("{name}.{hash}.{kind}"));
    }
    // The areas' own bundles (scripts/bundles.sh), when hash.txt names them.
    for area in app::shell::Area::ALL {
        if let Some(bundle) = app::bundles::area_bundle(&hashes, name, area) {
            files.extend([bundle.js, bundle.wasm]);
            files.extend(bundle.split);
        }
    }
    for file in files {
        let file = pkg.join(file);
        if !file.is_file() {
            return Err(format!(
                "{} is missing: the site folder and {} come from different builds",
                file.display(),
                beside.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_bundle_names, is_content_named};

    #[test]
    fn a_content_named_bundle_needs_leptos_hash_files() {
        let site = tempfile::tempdir().unwrap();
        let options = leptos::config::LeptosOptions::builder()
            .output_name("tiranyx")
            .site_root(site.path().to_string_lossy().to_string())
            .build();
        // No site at all (tests, `cargo run`): nothing to check.
        assert!(check_bundle_names(&options).is_ok());
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("tiranyx.mPzBFXV7Xq1mXxBIIbbQhw.wasm"), b"").unwrap();
        let refused = check_bundle_names(&options).unwrap_err();
        assert!(refused.contains("LEPTOS_HASH_FILES=true"), "{refused}");
        std::fs::write(pkg.join("tiranyx.wasm"), b"").unwrap();
        assert!(check_bundle_names(&options).is_ok());
    }

    #[test]
    fn only_content_named_bundle_files_are_immutable() {
        assert!(is_content_named("tiranyx.mPzBFXV7Xq1mXxBIIbbQhw.wasm"));
        assert!(is_content_named("tiranyx.a-_BFXV7Xq1mXxBIIbbQhw.js"));
        assert!(is_content_named(
            "tiranyx-member.a-_BFXV7Xq1mXxBIIbbQhw.wasm"
        ));
        assert!(!is_content_named("tiranyx.wasm"));
        assert!(!is_content_named("tiranyx_bg.wasm"));
        assert!(!is_content_named("snippets/x/inline0.js"));
        assert!(!is_content_named("tiranyx.short.js"));
        assert!(!is_content_named(".mPzBFXV7Xq1mXxBIIbbQhw.js"));
    }
}
