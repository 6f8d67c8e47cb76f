//! Waitlists for products and SaaS bundles that are not on sale yet (or
//! sold out): visitors leave an e-mail address to be told when they are.
use super::{validate, FieldErrors};
use crate::{
    content::{products, saas},
    entities::{product, saas_bundle, waitlist_entry},
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    TryInsertResult,
};
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WaitlistInput {
    pub email: String,
    /// Optional.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinOutcome {
    Joined,
    /// The address was already on this waitlist; shown as a success too.
    AlreadyJoined,
}

/// The product must be an active product or active SaaS bundle slug (else `DomainError::NotFound`).
/// Joining twice with the same e-mail (any case/whitespace) is not an error and keeps one row.
/// name optional, max 120.
///
/// The e-mail is stored normalized (trimmed, lowercase) and inserted with
/// `ON CONFLICT (product_slug, email) DO NOTHING`: the unique index decides,
/// so two simultaneous joins cannot both insert, and no transaction is held
/// open between a check and an insert.
pub async fn join(
    db: &Database,
    product_slug: &str,
    input: &WaitlistInput,
    now: DateTime<Utc>,
) -> Result<JoinOutcome, DomainError> {
    let mut errors = FieldErrors::default();
    let email = errors.check("email", validate::email(&input.email));
    let name = errors.check("name", validate::line(&input.name, 0, 120, "Nama"));
    let (Some(email), Some(name)) = (email, name) else {
        return Err(DomainError::Invalid(errors));
    };
    if !is_target(db, product_slug).await? {
        return Err(DomainError::NotFound);
    }

    let row = waitlist_entry::ActiveModel {
        product_slug: Set(product_slug.to_owned()),
        email: Set(email),
        name: Set(Some(name).filter(|n| !n.is_empty())),
        created_at: Set(now),
        ..Default::default()
    };
    let result = waitlist_entry::Entity::insert(row)
        .on_conflict_do_nothing_on([
            waitlist_entry::Column::ProductSlug,
            waitlist_entry::Column::Email,
        ])
        .exec_without_returning(db.writer())
        .await
        .map_err(DomainError::from)?;
    Ok(match result {
        TryInsertResult::Inserted(n) if n > 0 => JoinOutcome::Joined,
        _ => JoinOutcome::AlreadyJoined,
    })
}

/// Whether `slug` names an active product or an active SaaS bundle.
async fn is_target(db: &Database, slug: &str) -> DomainResult<bool> {
    let products = products::active()
        .filter(product::Column::Slug.eq(slug))
        .count(db.reader())
        .await?;
    if products > 0 {
        return Ok(true);
    }
    let bundles = saas::active()
        .filter(saas_bundle::Column::Slug.eq(slug))
        .count(db.reader())
        .await?;
    Ok(bundles > 0)
}

/// Entries on one waitlist.
pub async fn count(db: &Database, product_slug: &str) -> DomainResult<u64> {
    Ok(waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::ProductSlug.eq(product_slug))
        .count(db.reader())
        .await?)
}

/// Names of the products and bundles an e-mail address waits for, for the
/// member's dashboard.
pub async fn joined_by(db: &Database, email: &str) -> DomainResult<Vec<String>> {
    let email = crate::forms::validate::normalize_email(email);
    let slugs: Vec<String> = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::Email.eq(email))
        .select_only()
        .column(waitlist_entry::Column::ProductSlug)
        .into_tuple()
        .all(db.reader())
        .await?;
    let names: HashMap<String, String> = targets(db)
        .await?
        .into_iter()
        .map(|(slug, name, _)| (slug, name))
        .collect();
    Ok(slugs
        .into_iter()
        .filter_map(|s| names.get(&s).cloned())
        .collect())
}

/// Products and bundles that can be waited for, with their counts: (slug, name, count), active only, products then bundles.
pub async fn targets(db: &Database) -> DomainResult<Vec<(String, String, u64)>> {
    let counts: HashMap<String, u64> = waitlist_entry::Entity::find()
        .select_only()
        .column(waitlist_entry::Column::ProductSlug)
        .column_as(waitlist_entry::Column::Id.count(), "n")
        .group_by(waitlist_entry::Column::ProductSlug)
        .into_tuple::<(String, i64)>()
        .all(db.reader())
        .await?
        .into_iter()
        .map(|(slug, n)| (slug, n.max(0) as u64))
        .collect();

    let products: Vec<(String, String)> = products::shop_order(products::active())
        .select_only()
        .column(product::Column::Slug)
        .column(product::Column::Name)
        .into_tuple()
        .all(db.reader())
        .await?;
    let bundles: Vec<(String, String)> = saas::cms_order(saas::active())
        .select_only()
        .column(saas_bundle::Column::Slug)
        .column(saas_bundle::Column::Name)
        .into_tuple()
        .all(db.reader())
        .await?;

    Ok(products
        .into_iter()
        .chain(bundles)
        .map(|(slug, name)| {
            let n = counts.get(&slug).copied().unwrap_or(0);
            (slug, name, n)
        })
        .collect())
}
