//! The admin's control of the tools: switch one on or off and set its
//! uses a day per plan. Audited in the change's transaction. Tools are
//! code, so they are neither created nor deleted here.
use crate::{
    audit::{self, Actor},
    entities::tool,
    error::{DomainError, DomainResult},
    forms::FieldErrors,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// The most uses a day a plan may get.
pub const MAX_DAILY_QUOTA: i32 = 100_000;

/// What the admin typed for one tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolSettings {
    pub enabled: bool,
    pub guest: String,
    pub member: String,
    pub pass: String,
}

/// Every tool row, enabled or not, in order.
pub async fn list(db: &Database) -> DomainResult<Vec<tool::Model>> {
    Ok(tool::Entity::find()
        .order_by_asc(tool::Column::SortOrder)
        .order_by_asc(tool::Column::Id)
        .all(db.reader())
        .await?)
}

/// Uses of each tool on the Jakarta day of `now`, everyone counted
/// (guests and members), by tool slug.
pub async fn uses_today(
    db: &Database,
    now: DateTime<Utc>,
) -> DomainResult<std::collections::HashMap<String, u32>> {
    let day = super::quota::day_key(crate::jakarta::date(now));
    let mut out = std::collections::HashMap::new();
    for u in crate::entities::tool_usage::Entity::find()
        .filter(crate::entities::tool_usage::Column::Day.eq(day))
        .all(db.reader())
        .await?
    {
        *out.entry(u.tool_slug).or_insert(0) += u32::try_from(u.uses).unwrap_or(0);
    }
    Ok(out)
}

/// Saves `settings` for the tool `slug`; `Invalid` by field (`guest`,
/// `member`, `pass`) with nothing written, `NotFound` for no such tool.
pub async fn update(
    db: &Database,
    actor: &Actor,
    slug: &str,
    settings: &ToolSettings,
    now: DateTime<Utc>,
) -> DomainResult<tool::Model> {
    let mut errors = FieldErrors::default();
    let mut quota = |field: &'static str, raw: &str| match raw.trim().parse::<i32>() {
        Ok(n) if (0..=MAX_DAILY_QUOTA).contains(&n) => n,
        _ => {
            errors.add(
                field,
                format!("Isi angka bulat 0 sampai {MAX_DAILY_QUOTA} (0: paket ini tidak bisa memakai alat)."),
            );
            0
        }
    };
    let (guest, member, pass) = (
        quota("guest", &settings.guest),
        quota("member", &settings.member),
        quota("pass", &settings.pass),
    );
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    let txn = db.writer().begin().await?;
    let before = tool::Entity::find()
        .filter(tool::Column::Slug.eq(slug))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let summary = format!(
        "aktif {} → {}; kuota tamu {} → {guest}, member {} → {member}, Tools Pass {} → {pass}",
        before.enabled,
        settings.enabled,
        before.guest_daily_quota,
        before.member_daily_quota,
        before.pass_daily_quota,
    );
    let mut row: tool::ActiveModel = before.into();
    row.enabled = Set(settings.enabled);
    row.guest_daily_quota = Set(guest);
    row.member_daily_quota = Set(member);
    row.pass_daily_quota = Set(pass);
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        "tool.update",
        "tool",
        Some(after.id),
        &summary,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
