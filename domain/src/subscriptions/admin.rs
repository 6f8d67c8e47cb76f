//! Subscriptions as the admin sees them: a filtered listing, one
//! subscription with its periods, and two actions, extend and cancel. Each
//! action is one transaction holding the change and its audit row.
use super::extend::{lengthen, lock, period_start, Source};
use crate::{
    audit::{self, Actor},
    content::{contains_ci, newest_page, Page},
    entities::{
        subscription::{self, SubscriptionStatus},
        subscription_period, user,
    },
    error::{DomainError, DomainResult},
    forms::FieldErrors,
    jakarta, Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    TransactionTrait,
};
use std::collections::HashMap;

/// Rows per page of the listing.
pub const PER_PAGE: u64 = 25;
/// The most days one extension adds.
pub const MAX_EXTEND_DAYS: i64 = 366;
/// A reason's length, in characters.
pub const REASON_MIN_CHARS: usize = 3;
pub const REASON_MAX_CHARS: usize = 500;

/// The listing's filters as typed in the query string; each may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionFilter {
    /// `active`, `expired` or `cancelled`.
    pub status: String,
    /// A bundle's slug.
    pub bundle: String,
    /// Part of the member's e-mail address.
    pub q: String,
}

/// A subscription with its member.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub sub: subscription::Model,
    pub email: String,
    pub name: String,
}

/// Newest first, [`PER_PAGE`] a page. An unknown status is a field error.
pub async fn list(
    db: &Database,
    filter: &SubscriptionFilter,
    page: u64,
) -> DomainResult<Page<Listed>> {
    let mut find = subscription::Entity::find();
    match filter.status.trim() {
        "" => {}
        s => {
            let status = SubscriptionStatus::parse(s)
                .ok_or_else(|| DomainError::field("status", "Status langganan tidak dikenal."))?;
            find = find.filter(subscription::Column::Status.eq(status));
        }
    }
    let bundle = filter.bundle.trim();
    if !bundle.is_empty() {
        find = find.filter(subscription::Column::BundleSlug.eq(bundle));
    }
    let q = filter.q.trim();
    if !q.is_empty() {
        let members = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(contains_ci(user::Column::Email, q))
            .into_query();
        find = find.filter(subscription::Column::UserId.in_subquery(members));
    }
    let order = (subscription::Column::CreatedAt, subscription::Column::Id);
    let page = newest_page(db, find, order, page, PER_PAGE).await?;
    let ids: Vec<i32> = page.items.iter().map(|s| s.user_id).collect();
    let mut members: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db.reader())
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let items = page
        .items
        .into_iter()
        .map(|sub| {
            let (email, name) = members
                .remove(&sub.user_id)
                .map_or_else(Default::default, |u| (u.email, u.name));
            Listed { sub, email, name }
        })
        .collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    })
}

/// The slugs of the bundles anyone subscribed to, for the filter.
pub async fn bundles(db: &Database) -> DomainResult<Vec<(String, String)>> {
    Ok(subscription::Entity::find()
        .select_only()
        .column(subscription::Column::BundleSlug)
        .column(subscription::Column::BundleName)
        .distinct()
        .order_by_asc(subscription::Column::BundleSlug)
        .into_tuple()
        .all(db.reader())
        .await?)
}

/// The subscription, its member and its periods, oldest first.
pub async fn detail(
    db: &Database,
    id: i32,
) -> DomainResult<(Listed, Vec<subscription_period::Model>)> {
    let sub = subscription::Entity::find_by_id(id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let member = user::Entity::find_by_id(sub.user_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let periods = subscription_period::Entity::find()
        .filter(subscription_period::Column::SubscriptionId.eq(id))
        .order_by_asc(subscription_period::Column::Id)
        .all(db.reader())
        .await?;
    let listed = Listed {
        sub,
        email: member.email,
        name: member.name,
    };
    Ok((listed, periods))
}

/// How much an admin adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// One period of the subscription (a month or a year).
    Period,
    Days(i64),
}

impl Extension {
    /// A blank `days` is one period; otherwise 1 to [`MAX_EXTEND_DAYS`]
    /// days, or the field error `days`.
    pub fn parse(days: &str) -> DomainResult<Self> {
        let days = days.trim();
        if days.is_empty() {
            return Ok(Extension::Period);
        }
        match days.parse::<i64>() {
            Ok(n) if (1..=MAX_EXTEND_DAYS).contains(&n) => Ok(Extension::Days(n)),
            _ => Err(DomainError::field(
                "days",
                format!("Isi 1–{MAX_EXTEND_DAYS} hari, atau kosongkan untuk satu periode."),
            )),
        }
    }
}

/// The reason, trimmed, or the field error `reason`.
pub fn check_reason(reason: &str) -> DomainResult<String> {
    let reason = reason.trim();
    let n = reason.chars().count();
    if !(REASON_MIN_CHARS..=REASON_MAX_CHARS).contains(&n) {
        let mut errors = FieldErrors::default();
        errors.add(
            "reason",
            format!("Alasan wajib diisi, {REASON_MIN_CHARS}–{REASON_MAX_CHARS} karakter."),
        );
        return Err(DomainError::Invalid(errors));
    }
    Ok(reason.to_owned())
}

/// Extends subscription `id` by `by` from the later of now and its expiry
/// (one that ran out or was cancelled starts again now), audited as
/// `subscription.extend` with the reason.
pub async fn extend(
    db: &Database,
    actor: &Actor,
    id: i32,
    by: Extension,
    reason: &str,
    now: DateTime<Utc>,
) -> DomainResult<subscription::Model> {
    let reason = check_reason(reason)?;
    let txn = db.writer().begin().await?;
    let sub = lock(&txn, id).await?;
    let from = period_start(&sub, now);
    let (to, added) = match by {
        Extension::Period => (sub.period.after(from), sub.period.label().to_owned()),
        Extension::Days(n) => (from + Duration::days(n), format!("{n} hari")),
    };
    lengthen(&txn, &sub, to, Source::Admin(&reason), now).await?;
    audit::record(
        &txn,
        actor,
        "subscription.extend",
        "subscription",
        Some(id),
        &format!(
            "memperpanjang langganan {} ({}) {added}: {} → {}; alasan: {reason}",
            sub.bundle_name,
            sub.user_id,
            jakarta::tanggal(sub.expires_at),
            jakarta::tanggal(to),
        ),
        now,
    )
    .await?;
    let sub = lock(&txn, id).await?;
    txn.commit().await?;
    Ok(sub)
}

/// Cancels subscription `id` now (its access ends), audited as
/// `subscription.cancel` with the reason. One already cancelled is the
/// field error `status`, and nothing is written.
pub async fn cancel(
    db: &Database,
    actor: &Actor,
    id: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> DomainResult<subscription::Model> {
    let reason = check_reason(reason)?;
    let txn = db.writer().begin().await?;
    let sub = lock(&txn, id).await?;
    let cancelled = subscription::Entity::update_many()
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Cancelled),
        )
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::Id.eq(id))
        .filter(subscription::Column::Status.ne(SubscriptionStatus::Cancelled))
        .exec(&txn)
        .await?
        .rows_affected;
    if cancelled == 0 {
        return Err(DomainError::field(
            "status",
            "Langganan ini sudah dibatalkan.",
        ));
    }
    // Access ends now: a product's licence with it.
    super::extend::licences_follow(&txn, &sub, sub.expires_at.min(now), now).await?;
    audit::record(
        &txn,
        actor,
        "subscription.cancel",
        "subscription",
        Some(id),
        &format!(
            "membatalkan langganan {} (anggota {}, berlaku sampai {}); alasan: {reason}",
            sub.bundle_name,
            sub.user_id,
            jakarta::tanggal(sub.expires_at),
        ),
        now,
    )
    .await?;
    let sub = lock(&txn, id).await?;
    txn.commit().await?;
    Ok(sub)
}
