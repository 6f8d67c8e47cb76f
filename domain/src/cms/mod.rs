//! The admin CMS over the public site's content: one generic create / edit
//! / list / publish flow for every content kind, driven by field specs so
//! that the admin UI can render any kind's form from [`ContentKind::fields`].
//!
//! Form values travel as strings keyed by field name ([`Values`]); each kind
//! declares its fields in its own file, and [`store`] maps them onto the
//! kind's table by column name. Every write is validated in full first
//! (nothing is written on invalid input) and is audited in the same
//! transaction as the change.
mod case_studies;
mod demos;
mod fields;
mod kind;
mod portfolio;
mod posts;
mod products;
mod records;
mod resources;
mod saas;
mod scheduler;
mod services;
mod settings;
mod spec;
mod status;
mod store;

pub use fields::{parse_form_datetime, to_form_datetime};
pub use kind::ContentKind;
pub(crate) use kind::{no_rules, KindSpec, Publish};
pub use records::{ContentRecord, ContentSummary, ListQuery};
pub use scheduler::{publish_due_posts, PUBLISH_JOB};
pub use settings::{load_settings, save_settings, settings_fields};
pub(crate) use spec::common;
pub use spec::{FieldInput, FieldSpec};
pub use status::ContentStatus;

use crate::{
    audit::Actor,
    content::Page,
    entities::{case_study, demo, portfolio_item, post, product, resource, saas_bundle, service},
    error::{DomainError, DomainResult},
    forms::FieldErrors,
    Database,
};
use chrono::{DateTime, Utc};
use fields::Parsed;
use std::collections::BTreeMap;

/// Form values by field name. Title and slug are fields too ("name" instead
/// of "title" for products and SaaS bundles).
pub type Values = BTreeMap<String, String>;

/// A validated form: the parsed value of every field, by field name.
pub(crate) type Row = BTreeMap<&'static str, Parsed>;

/// Runs `store::$func::<Entity>(args)` for the entity of `kind`.
macro_rules! dispatch {
    ($kind:expr, $func:ident($($arg:expr),*)) => {
        match $kind {
            ContentKind::Post => store::$func::<post::Entity>($($arg),*).await,
            ContentKind::Portfolio => store::$func::<portfolio_item::Entity>($($arg),*).await,
            ContentKind::CaseStudy => store::$func::<case_study::Entity>($($arg),*).await,
            ContentKind::Resource => store::$func::<resource::Entity>($($arg),*).await,
            ContentKind::Demo => store::$func::<demo::Entity>($($arg),*).await,
            ContentKind::Service => store::$func::<service::Entity>($($arg),*).await,
            ContentKind::Product => store::$func::<product::Entity>($($arg),*).await,
            ContentKind::SaasBundle => store::$func::<saas_bundle::Entity>($($arg),*).await,
        }
    };
}

/// Newest updated first.
pub async fn list(
    db: &Database,
    kind: ContentKind,
    query: &ListQuery,
) -> DomainResult<Page<ContentSummary>> {
    dispatch!(kind, list(db, kind, query))
}

pub async fn get(db: &Database, kind: ContentKind, id: i32) -> Result<ContentRecord, DomainError> {
    dispatch!(kind, get(db, kind, id))
}

/// Validates every field, then inserts; returns the new id.
pub async fn create(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    values: &Values,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let row = validate(kind, values, now)?;
    dispatch!(kind, create(db, actor, kind, &row, now))
}

/// Validates every field, then replaces all of them.
pub async fn update(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    id: i32,
    values: &Values,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let row = validate(kind, values, now)?;
    dispatch!(kind, update(db, actor, kind, id, &row, now))
}

pub async fn delete(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    dispatch!(kind, delete(db, actor, kind, id, now))
}

/// Shows or hides an item without touching its other fields. Publishing a
/// post makes it visible now (its publication time becomes `now` unless it
/// already passed); unpublishing makes it a draft. Publishing what is
/// already published (or hiding what is hidden) writes nothing.
pub async fn set_published(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    id: i32,
    published: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    dispatch!(kind, set_published(db, actor, kind, id, published, now))
}

/// Parses every field of `kind`, derives the slug, applies the kind's rules.
/// All errors are collected.
pub(crate) fn validate_fields(
    specs: &'static [FieldSpec],
    values: &Values,
    errors: &mut FieldErrors,
) -> Row {
    let mut row = Row::new();
    for field in specs.iter().filter(|f| f.name != "slug") {
        let raw = values.get(field.name).map(String::as_str).unwrap_or("");
        if let Some(parsed) = errors.check(field.name, fields::parse(field, raw)) {
            row.insert(field.name, parsed);
        }
    }
    row
}

fn validate(kind: ContentKind, values: &Values, now: DateTime<Utc>) -> Result<Row, DomainError> {
    let spec = kind.spec();
    let mut errors = FieldErrors::default();
    let mut row = validate_fields(spec.fields, values, &mut errors);
    let typed_slug = values.get("slug").map(String::as_str).unwrap_or("");
    // Without a valid title there is nothing to generate a slug from; the
    // title's own error says what to do.
    if let Some(title) = row.get(spec.title).map(Parsed::as_text) {
        if let Some(slug) = errors.check("slug", fields::slug(typed_slug, title)) {
            row.insert("slug", Parsed::Text(slug));
        }
    } else if !typed_slug.trim().is_empty() {
        if let Some(slug) = errors.check("slug", fields::slug(typed_slug, "")) {
            row.insert("slug", Parsed::Text(slug));
        }
    }
    (spec.rules)(&mut row, &mut errors, now);
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(DomainError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn kind_slugs_round_trip() {
        for kind in ContentKind::ALL {
            assert_eq!(ContentKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(ContentKind::from_slug("users"), None);
        assert_eq!(
            ContentKind::Post.public_path("halo").as_deref(),
            Some("/blog/halo")
        );
        assert_eq!(ContentKind::Demo.public_path("x"), None);
    }

    #[test]
    fn every_kind_has_title_and_slug_and_unique_fields() {
        for kind in ContentKind::ALL {
            let spec = kind.spec();
            let names: Vec<&str> = spec.fields.iter().map(|f| f.name).collect();
            let unique: HashSet<&str> = names.iter().copied().collect();
            assert_eq!(unique.len(), names.len(), "{kind:?}");
            assert!(
                unique.contains(spec.title) && unique.contains("slug"),
                "{kind:?}"
            );
            if let Publish::Flag(flag) = spec.publish {
                assert!(unique.contains(flag), "{kind:?}");
            }
        }
    }

    #[test]
    fn status_round_trip() {
        for s in ContentStatus::ALL {
            assert_eq!(ContentStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ContentStatus::Published.label(), "Terbit");
    }

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn validation_collects_all_errors() {
        let v = values(&[("price_idr", "-1"), ("github_repo", "bukan repo")]);
        let Err(DomainError::Invalid(errors)) = validate(ContentKind::Product, &v, Utc::now())
        else {
            panic!("invalid input accepted");
        };
        for field in [
            "name",
            "tagline",
            "price_idr",
            "github_repo",
            "delivery_type",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        assert_eq!(errors.get("slug"), None, "title error suffices");
    }

    #[test]
    fn scheduled_post_needs_a_time_and_published_gets_now() {
        let now = Utc::now();
        let mut v = values(&[
            ("title", "Halo"),
            ("excerpt", "x"),
            ("body_md", "x"),
            ("category", "SEO"),
            ("author_name", "Tim"),
            ("status", "scheduled"),
        ]);
        let Err(DomainError::Invalid(errors)) = validate(ContentKind::Post, &v, now) else {
            panic!("scheduled post without time accepted");
        };
        assert!(errors.get("publish_at").is_some());
        v.insert("status".into(), "published".into());
        let row = validate(ContentKind::Post, &v, now).unwrap();
        assert_eq!(row["publish_at"].as_time(), Some(now));
        assert_eq!(row["slug"].as_text(), "halo");
        v.insert("status".into(), "draft".into());
        let row = validate(ContentKind::Post, &v, now).unwrap();
        assert_eq!(row["publish_at"].as_time(), None);
    }
}
