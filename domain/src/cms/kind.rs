//! The content kinds the CMS edits, and what the generic code knows of each.
use super::{
    case_studies, demos, portfolio, posts, products, resources, saas, services, FieldSpec, Row,
};
use crate::forms::FieldErrors;
use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentKind {
    Post,
    Portfolio,
    CaseStudy,
    Resource,
    Demo,
    Service,
    Product,
    SaasBundle,
}

impl ContentKind {
    pub const ALL: [ContentKind; 8] = [
        ContentKind::Post,
        ContentKind::Portfolio,
        ContentKind::CaseStudy,
        ContentKind::Resource,
        ContentKind::Demo,
        ContentKind::Service,
        ContentKind::Product,
        ContentKind::SaasBundle,
    ];

    /// The kind's name in admin URLs and audit rows.
    pub fn slug(self) -> &'static str {
        match self {
            ContentKind::Post => "posts",
            ContentKind::Portfolio => "portfolio",
            ContentKind::CaseStudy => "case-studies",
            ContentKind::Resource => "resources",
            ContentKind::Demo => "demos",
            ContentKind::Service => "services",
            ContentKind::Product => "products",
            ContentKind::SaasBundle => "saas",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContentKind::Post => "Artikel",
            ContentKind::Portfolio => "Portofolio",
            ContentKind::CaseStudy => "Studi Kasus",
            ContentKind::Resource => "Resource",
            ContentKind::Demo => "Demo",
            ContentKind::Service => "Layanan",
            ContentKind::Product => "Produk",
            ContentKind::SaasBundle => "Bundel SaaS",
        }
    }

    /// The form, in display order.
    pub fn fields(self) -> &'static [FieldSpec] {
        self.spec().fields
    }

    /// Where the public sees one item of this kind; `None` for kinds shown
    /// only in a listing (portfolio items, demos).
    pub fn public_path(self, slug: &str) -> Option<String> {
        let prefix = match self {
            ContentKind::Post => "/blog",
            ContentKind::CaseStudy => "/portfolio/case-studies",
            ContentKind::Resource => "/resources",
            ContentKind::Service => "/services",
            ContentKind::Product => "/products",
            ContentKind::SaasBundle => "/saas",
            ContentKind::Portfolio | ContentKind::Demo => return None,
        };
        Some(format!("{prefix}/{slug}"))
    }

    pub(crate) fn spec(self) -> &'static KindSpec {
        match self {
            ContentKind::Post => &posts::SPEC,
            ContentKind::Portfolio => &portfolio::SPEC,
            ContentKind::CaseStudy => &case_studies::SPEC,
            ContentKind::Resource => &resources::SPEC,
            ContentKind::Demo => &demos::SPEC,
            ContentKind::Service => &services::SPEC,
            ContentKind::Product => &products::SPEC,
            ContentKind::SaasBundle => &saas::SPEC,
        }
    }
}

/// How a kind is shown or hidden on the public site.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Publish {
    /// Posts: the `status` field (draft / scheduled / published).
    Status,
    /// A boolean field (`published` or `active`).
    Flag(&'static str),
}

/// Everything the generic code needs to know about a kind.
pub(crate) struct KindSpec {
    pub fields: &'static [FieldSpec],
    /// The field holding the title: "title" or "name".
    pub title: &'static str,
    pub publish: Publish,
    /// Rules across fields, run after every field parsed; may add errors or
    /// fill in values (e.g. a post's publication time).
    pub rules: fn(&mut Row, &mut FieldErrors, DateTime<Utc>),
}

pub(crate) fn no_rules(_: &mut Row, _: &mut FieldErrors, _: DateTime<Utc>) {}
