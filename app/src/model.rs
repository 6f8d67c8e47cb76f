//! Data sent from server functions to pages. Plain serde types: they compile
//! to wasm, unlike the sea-orm entities they are built from.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub icon: String,
    pub price_from_idr: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioCard {
    pub slug: String,
    pub title: String,
    pub client_name: String,
    pub category: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub year: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostCard {
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub category: String,
    pub author_name: String,
    /// Already formatted in Indonesian, e.g. "5 November 2026".
    pub published_on: String,
    /// ISO 8601, for `<time datetime>`.
    pub published_iso: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub slug: String,
    pub name: String,
    pub tagline: String,
    pub category: String,
    pub price_idr: i64,
    pub price_usd_cents: Option<i64>,
    pub delivery_label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub services: Vec<ServiceCard>,
    pub portfolio: Vec<PortfolioCard>,
    pub posts: Vec<PostCard>,
    pub products: Vec<ProductCard>,
}
