//! The post scheduler (seed's `cron/content-publish`): flips scheduled
//! posts whose time has come to published. Run as a periodic job; because it
//! picks up every post due at or before `now`, a run after downtime
//! catches up on everything missed, and running it again changes nothing.
use super::to_form_datetime;
use crate::{
    audit::{self, Actor},
    entities::{post, PostStatus},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

/// The periodic job that runs [`publish_due_posts`] every minute.
pub const PUBLISH_JOB: &str = "cms.publish_due";

/// Publishes every scheduled post with `published_at <= now`, each with an
/// audit row by the "scheduler" actor; returns how many were published.
pub async fn publish_due_posts(db: &Database, now: DateTime<Utc>) -> DomainResult<u64> {
    let actor = Actor::system("scheduler");
    let txn = db.writer().begin().await?;
    let due = post::Entity::find()
        .filter(post::Column::Status.eq(PostStatus::Scheduled))
        .filter(post::Column::PublishedAt.lte(now))
        .order_by_asc(post::Column::PublishedAt)
        .order_by_asc(post::Column::Id)
        .all(&txn)
        .await?;
    let mut published = 0;
    for p in due {
        // Conditional on the status, so an admin's concurrent change wins.
        let done = post::Entity::update_many()
            .col_expr(post::Column::Status, Expr::value(PostStatus::Published))
            .col_expr(post::Column::UpdatedAt, Expr::value(now))
            .filter(post::Column::Id.eq(p.id))
            .filter(post::Column::Status.eq(PostStatus::Scheduled))
            .exec(&txn)
            .await?;
        if done.rows_affected == 0 {
            continue;
        }
        let due_at = p.published_at.map(to_form_datetime).unwrap_or_default();
        let summary = format!(
            "«{}» ({}) diterbitkan otomatis sesuai jadwal {due_at} WIB",
            p.title, p.slug
        );
        audit::record(
            &txn,
            &actor,
            "posts.publish",
            "posts",
            Some(p.id),
            &summary,
            now,
        )
        .await?;
        published += 1;
    }
    txn.commit().await?;
    if published > 0 {
        db.content_changed().await;
    }
    Ok(published)
}
