use crate::{entities::site_setting, error::DomainResult, Database};
use sea_orm::EntityTrait;
use std::collections::HashMap;

/// Site-wide settings edited in the admin (name, contact, social links).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSettings {
    pub site_name: String,
    pub tagline: String,
    pub description: String,
    pub contact_email: String,
    pub whatsapp: String,
    pub address: String,
    pub instagram: String,
    pub linkedin: String,
    pub github: String,
}

impl SiteSettings {
    fn from_map(mut m: HashMap<String, String>) -> Self {
        let mut take = |k: &str, default: &str| m.remove(k).unwrap_or_else(|| default.to_owned());
        SiteSettings {
            site_name: take("site_name", "Tiranyx"),
            tagline: take("tagline", "Agensi digital"),
            description: take(
                "description",
                "Tiranyx — agensi digital, toko produk digital dan platform member.",
            ),
            contact_email: take("contact_email", ""),
            whatsapp: take("whatsapp", ""),
            address: take("address", ""),
            instagram: take("instagram", ""),
            linkedin: take("linkedin", ""),
            github: take("github", ""),
        }
    }
}

pub async fn load(db: &Database) -> DomainResult<SiteSettings> {
    let rows = site_setting::Entity::find().all(db.reader()).await?;
    Ok(SiteSettings::from_map(
        rows.into_iter().map(|r| (r.key, r.value)).collect(),
    ))
}

/// The settings for rendering pages: read once per content generation, which
/// every change to them bumps (`crate::generation`), instead of on each page.
pub async fn for_pages(db: &Database) -> DomainResult<SiteSettings> {
    db.site_settings().get_or_load(db, load).await
}
