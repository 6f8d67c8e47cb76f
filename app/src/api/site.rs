use crate::{error::AppError, model::SiteInfo};
use leptos::prelude::*;

/// Settings shown in the layout (site name, contact, social links).
#[server(endpoint = "site/info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    let st = crate::ssr::state()?;
    Ok(domain::content::settings::for_pages(&st.db).await?.into())
}

/// The signed-in member browsing the public site, for the navbar; None for
/// a guest (never an error, so a public page is never answered 401).
#[server(endpoint = "site/visitor")]
pub async fn get_visitor() -> Result<Option<String>, AppError> {
    Ok(crate::ssr::session::current_member()
        .await
        .ok()
        .map(|u| u.name))
}

/// The site's fixed pages, written in markdown under `app/content/`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StaticPage {
    pub title: String,
    pub html: String,
}

#[server(endpoint = "site/page")]
pub async fn get_static_page(slug: String) -> Result<StaticPage, AppError> {
    let (title, markdown) = match slug.as_str() {
        "about" => ("Tentang Tiranyx", include_str!("../../content/about.md")),
        "privacy-policy" => (
            "Kebijakan Privasi",
            include_str!("../../content/privacy-policy.md"),
        ),
        "disclaimer" => ("Disclaimer", include_str!("../../content/disclaimer.md")),
        _ => return Err(AppError::not_found()),
    };
    // The page title is the layout's <h1>; drop the file's own first heading.
    let body = markdown
        .trim_start()
        .strip_prefix('#')
        .and_then(|rest| rest.split_once('\n'))
        .map_or(markdown, |(_, body)| body);
    Ok(StaticPage {
        title: title.to_owned(),
        html: domain::markdown::render(body),
    })
}

/// schema.org `Organization` JSON-LD, for the home and about pages.
#[server(endpoint = "site/organization")]
pub async fn get_organization_ld() -> Result<String, AppError> {
    use crate::ssr::json_ld;
    let st = crate::ssr::state()?;
    let info: SiteInfo = domain::content::settings::for_pages(&st.db).await?.into();
    Ok(json_ld::to_script_text(&json_ld::organization(
        &st.config.site_origin(),
        &info,
    )))
}
