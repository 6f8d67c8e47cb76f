//! Periodic clean-up: rows that have served their purpose are deleted so
//! tables do not grow without bound. Run hourly as the `upkeep.purge` job;
//! running it twice changes nothing more.
use crate::{
    entities::{account_token, admin_session, outbox_message, user_session},
    error::DomainResult,
    jobs, Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub const PURGE_JOB: &str = "upkeep.purge";

/// How long finished things are kept: done jobs and used or expired links
/// for a week (enough to answer "did my mail go out?"), sent-mail envelopes
/// for 90 days.
pub const KEEP_DONE: i64 = 7;
pub const KEEP_SENT_MAIL: i64 = 90;

/// Rows deleted, by table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub user_sessions: u64,
    pub admin_sessions: u64,
    pub tokens: u64,
    pub mail: u64,
    pub jobs: u64,
    pub login_throttles: u64,
    pub rate_limit_hits: u64,
}

pub async fn purge(db: &Database, now: DateTime<Utc>) -> DomainResult<Purged> {
    let w = db.writer();
    let week_ago = now - Duration::days(KEEP_DONE);
    Ok(Purged {
        user_sessions: user_session::Entity::delete_many()
            .filter(user_session::Column::ExpiresAt.lt(now))
            .exec(w)
            .await?
            .rows_affected,
        admin_sessions: admin_session::Entity::delete_many()
            .filter(
                sea_orm::Condition::any()
                    .add(admin_session::Column::ExpiresAt.lt(now))
                    .add(
                        admin_session::Column::LastSeenAt
                            .lt(now - crate::admin::auth::ADMIN_IDLE_TIMEOUT),
                    ),
            )
            .exec(w)
            .await?
            .rows_affected,
        tokens: account_token::Entity::delete_many()
            .filter(account_token::Column::ExpiresAt.lt(week_ago))
            .exec(w)
            .await?
            .rows_affected,
        mail: outbox_message::Entity::delete_many()
            .filter(outbox_message::Column::Status.eq(outbox_message::OutboxStatus::Sent))
            .filter(outbox_message::Column::SentAt.lt(now - Duration::days(KEEP_SENT_MAIL)))
            .exec(w)
            .await?
            .rows_affected,
        jobs: jobs::purge_finished(db, week_ago).await?,
        login_throttles: crate::lockout::purge(w, now).await?,
        rate_limit_hits: crate::rate_limits::purge(db, now).await?,
    })
}
