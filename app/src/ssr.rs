//! Server-only glue: the state server functions read from the Leptos
//! context, and the mapping from domain rows to the page models.
use crate::{error::AppError, model::*};
use domain::{
    content::settings::SiteSettings,
    entities::{portfolio_item, post, product, service, DeliveryType},
    Config, Database,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Provided by the server to every render and server function call.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: Database,
    pub config: Arc<Config>,
}

pub fn state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| {
        tracing::error!("ServerState missing from the Leptos context");
        AppError::Internal
    })
}

impl From<SiteSettings> for SiteInfo {
    fn from(s: SiteSettings) -> Self {
        SiteInfo {
            site_name: s.site_name,
            tagline: s.tagline,
            description: s.description,
            contact_email: s.contact_email,
            whatsapp: s.whatsapp,
            address: s.address,
            instagram: s.instagram,
            linkedin: s.linkedin,
            github: s.github,
        }
    }
}

impl From<service::Model> for ServiceCard {
    fn from(s: service::Model) -> Self {
        ServiceCard {
            slug: s.slug,
            title: s.title,
            summary: s.summary,
            icon: s.icon,
            price_from_idr: s.price_from_idr,
        }
    }
}

pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

impl From<portfolio_item::Model> for PortfolioCard {
    fn from(p: portfolio_item::Model) -> Self {
        PortfolioCard {
            tags: split_tags(&p.tags),
            slug: p.slug,
            title: p.title,
            client_name: p.client_name,
            category: p.category,
            summary: p.summary,
            year: p.year,
        }
    }
}

impl From<post::Model> for PostCard {
    fn from(p: post::Model) -> Self {
        use chrono::Datelike;
        let at = p.published_at.unwrap_or(p.created_at);
        PostCard {
            slug: p.slug,
            title: p.title,
            excerpt: p.excerpt,
            category: p.category,
            author_name: p.author_name,
            published_on: crate::format::tanggal(at.year(), at.month(), at.day()),
            published_iso: at.to_rfc3339(),
        }
    }
}

pub fn delivery_label(t: DeliveryType) -> &'static str {
    match t {
        DeliveryType::WebAccess => "Akses langsung di dashboard",
        DeliveryType::EmailFile => "File dikirim ke email",
        DeliveryType::GithubInvite => "Undangan repositori GitHub",
        DeliveryType::LicenseKey => "Kunci lisensi",
        DeliveryType::Manual => "Dikerjakan tim kami",
    }
}

impl From<product::Model> for ProductCard {
    fn from(p: product::Model) -> Self {
        ProductCard {
            delivery_label: delivery_label(p.delivery_type).to_owned(),
            slug: p.slug,
            name: p.name,
            tagline: p.tagline,
            category: p.category,
            price_idr: p.price_idr,
            price_usd_cents: p.price_usd_cents,
        }
    }
}
