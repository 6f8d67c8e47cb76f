//! `robots.txt` and `sitemap.xml`, generated from the database.
use crate::AppState;
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

/// Pages that exist without a database row.
const FIXED_PAGES: &[&str] = &[
    "/",
    "/about",
    "/services",
    "/portfolio",
    "/products",
    "/saas",
    "/blog",
    "/demos",
    "/resources",
    "/waitlist",
    "/tools",
    "/contact",
    "/privacy-policy",
    "/disclaimer",
];

pub async fn robots(State(state): State<AppState>) -> Response {
    let origin = state.server.config.site_origin();
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /dashboard\nDisallow: /client\nDisallow: /api/\n\nSitemap: {origin}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub async fn sitemap(State(state): State<AppState>) -> Response {
    let origin = state.server.config.site_origin();
    let entries =
        match domain::content::sitemap::entries(&state.server.db, chrono::Utc::now()).await {
            Ok(e) => e,
            Err(e) => {
                tracing::error!(error = %e, "building the sitemap failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in FIXED_PAGES {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{origin}{path}"))
        ));
    }
    // The tools are code with a catalogue row; no edit date worth telling.
    let tools = domain::tools::catalogue::list_enabled(state.server.db.reader())
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "listing the tools for the sitemap failed");
            Vec::new()
        });
    for t in tools {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{origin}/tools/{}", t.slug))
        ));
    }
    for e in entries {
        xml.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            xml_escape(&format!("{origin}{}", e.path)),
            e.updated_at.format("%Y-%m-%d")
        ));
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}
