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
    /// The year on the Jakarta clock when the page was rendered (the
    /// footer's copyright line).
    pub year: i32,
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
    /// "per tahun" for a licence sold per period; None when bought once.
    pub per: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub services: Vec<ServiceCard>,
    pub portfolio: Vec<PortfolioCard>,
    pub posts: Vec<PostCard>,
    pub products: Vec<ProductCard>,
}

/// One page of an admin listing. JSON: `{rows, page, total_pages, total}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    /// 1-based.
    pub page: u64,
    /// At least 1.
    pub total_pages: u64,
    pub total: u64,
}

#[cfg(feature = "ssr")]
impl<T> Paged<T> {
    /// A domain page with each row mapped for the browser.
    pub fn from_page<M>(p: domain::content::Page<M>, row: impl FnMut(M) -> T) -> Self {
        Paged {
            page: p.page,
            total_pages: p.total_pages(),
            total: p.total,
            rows: p.items.into_iter().map(row).collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    pub page: u64,
    pub total_pages: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlogList {
    pub posts: Vec<PostCard>,
    pub pagination: Pagination,
    pub categories: Vec<(String, u64)>,
    pub tags: Vec<(String, u64)>,
    pub category: Option<String>,
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostDetail {
    pub card: PostCard,
    pub tags: Vec<String>,
    pub seo_title: String,
    pub seo_description: String,
    /// Sanitized HTML rendered from the post's markdown.
    pub body_html: String,
    pub json_ld: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub card: ServiceCard,
    pub body_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseStudyCard {
    pub slug: String,
    pub title: String,
    pub client_name: String,
    pub summary: String,
    pub results: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioEntry {
    pub card: PortfolioCard,
    pub case_study_slug: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioList {
    pub items: Vec<PortfolioEntry>,
    pub case_studies: Vec<CaseStudyCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseStudyDetail {
    pub card: CaseStudyCard,
    pub published_on: Option<String>,
    pub body_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    pub products: Vec<ProductCard>,
    pub categories: Vec<String>,
    pub category: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub card: ProductCard,
    pub checkout: Checkout,
    pub delivery_note: String,
    pub description_html: String,
    pub waitlist_count: u64,
    pub json_ld: String,
}

/// Whether and how this visitor can buy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkout {
    pub signed_in: bool,
    /// Midtrans (IDR) is configured.
    pub midtrans: bool,
    /// PayPal (USD) is configured and the item has a USD price.
    pub paypal: bool,
    /// Snap's script and the public client key, to open Snap over the
    /// page when JavaScript runs (the form posts without it).
    pub snap_js: Option<(String, String)>,
    /// PayPal's JS SDK with the public client id, for the PayPal button
    /// when JavaScript runs (the form goes to PayPal's approve page without
    /// it).
    pub paypal_js: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleCard {
    pub slug: String,
    pub name: String,
    pub tagline: String,
    pub price_idr: i64,
    pub price_usd_cents: Option<i64>,
    pub features: Vec<String>,
    /// "per bulan" or "per tahun": what one payment buys.
    pub per: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleDetail {
    pub card: BundleCard,
    pub checkout: Checkout,
    pub description_html: String,
    pub waitlist_count: u64,
    pub json_ld: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub tech_stack: Vec<String>,
    pub demo_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceCard {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetail {
    pub card: ResourceCard,
    pub body_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitlistTarget {
    pub slug: String,
    pub name: String,
    pub count: u64,
}

// ---------------------------------------------------------------------------
// Tools (`/tools`, `POST /api/tools/{slug}/use`). `ToolResult` has the JSON
// shape of `domain::tools::ToolOutput`, which the server converts into it.

/// A tool in the listing, with its daily quotas per plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCard {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub guest_quota: u32,
    pub member_quota: u32,
    pub pass_quota: u32,
}

/// The visitor's standing with one tool today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuotaView {
    /// `guest`, `member` or `pass` (a member with the Tools Pass).
    #[cfg_attr(feature = "ssr", schema(example = "guest"))]
    pub plan: String,
    pub limit: u32,
    pub used: u32,
    pub remaining: u32,
    /// The next midnight in Jakarta (RFC 3339), when `used` starts from 0.
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub resets_at: String,
    /// The same, as people read it: "2 Desember 2026 00:00 WIB".
    pub resets_at_text: String,
}

/// A service the estimator can price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateOption {
    pub slug: String,
    pub title: String,
    pub price_from_idr: i64,
}

/// An extra the estimator adds, as a share of the base price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureOption {
    pub key: String,
    pub label: String,
    pub percent: i64,
}

/// Everything a tool's page shows besides a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolPageData {
    pub card: ToolCard,
    pub quota: QuotaView,
    pub signed_in: bool,
    /// Estimator only: the services with a price, and the features.
    pub rates: Vec<RateOption>,
    pub features: Vec<FeatureOption>,
    pub included_pages: u32,
    pub extra_page_percent: i64,
}

/// What a tool's form post hands its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolFeedback {
    pub result: Option<ToolResult>,
    pub quota: QuotaView,
}

/// A tool's result (the `result` of `POST /api/tools/{slug}/use`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToolResult {
    /// `tautan-whatsapp`: the click-to-chat link and its QR code.
    Whatsapp {
        /// International digits without `+`, e.g. `6281234567890`.
        number: String,
        link: String,
        /// The link as a QR code, an SVG document.
        qr_svg: String,
    },
    /// `pembuat-utm`: the tagged link and advice.
    Utm { url: String, warnings: Vec<String> },
    /// `estimasi-biaya-website`: the lines and the total in IDR.
    Estimate {
        service_slug: String,
        service_title: String,
        pages: u32,
        lines: Vec<EstimateLine>,
        total_idr: i64,
        total: String,
        upper_idr: i64,
        upper: String,
    },
    /// `cek-snippet-seo`: widths, Google's cut, warnings and meta tags.
    Snippet {
        title: MeasuredText,
        description: MeasuredText,
        breadcrumb: Option<String>,
        warnings: Vec<String>,
        meta_tags: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EstimateLine {
    pub label: String,
    pub amount_idr: i64,
    pub amount: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasuredText {
    pub text: String,
    pub chars: u32,
    /// Approximate width as Google draws it (Arial).
    pub px: u32,
    pub max_px: u32,
    /// As Google would show it: cut at a word with "..." when too wide.
    pub shown: String,
    pub truncated: bool,
}
