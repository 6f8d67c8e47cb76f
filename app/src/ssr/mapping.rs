//! From domain rows to the page models sent to the browser.
use crate::model::*;
use domain::{
    content::settings::SiteSettings,
    entities::{
        case_study, demo, portfolio_item, post, product, resource, saas_bundle, service,
        DeliveryType,
    },
};

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
            year: chrono::Datelike::year(&domain::jakarta::local(chrono::Utc::now())),
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
        let at = p.published_at.unwrap_or(p.created_at);
        PostCard {
            slug: p.slug,
            title: p.title,
            excerpt: p.excerpt,
            category: p.category,
            author_name: p.author_name,
            published_on: tanggal(at),
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
            per: p.period.map(|t| t.per_label().to_owned()),
            slug: p.slug,
            name: p.name,
            tagline: p.tagline,
            category: p.category,
            price_idr: p.price_idr,
            price_usd_cents: p.price_usd_cents,
        }
    }
}

impl From<case_study::Model> for CaseStudyCard {
    fn from(c: case_study::Model) -> Self {
        CaseStudyCard {
            slug: c.slug,
            title: c.title,
            client_name: c.client_name,
            summary: c.summary,
            results: c.results,
        }
    }
}

impl From<saas_bundle::Model> for BundleCard {
    fn from(b: saas_bundle::Model) -> Self {
        BundleCard {
            features: b
                .features
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            slug: b.slug,
            name: b.name,
            tagline: b.tagline,
            price_idr: b.price_idr,
            price_usd_cents: b.price_usd_cents,
            per: b.period.per_label().to_owned(),
        }
    }
}

impl From<demo::Model> for DemoCard {
    fn from(d: demo::Model) -> Self {
        DemoCard {
            tech_stack: split_tags(&d.tech_stack),
            slug: d.slug,
            title: d.title,
            summary: d.summary,
            demo_url: d.demo_url,
        }
    }
}

impl From<resource::Model> for ResourceCard {
    fn from(r: resource::Model) -> Self {
        ResourceCard {
            slug: r.slug,
            title: r.title,
            kind: r.kind,
            summary: r.summary,
            url: r.url,
        }
    }
}

pub use domain::jakarta::{tanggal, waktu};
