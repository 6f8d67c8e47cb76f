//! The per-admin daily limit (`AI_DAILY_LIMIT`, Jakarta days) and the
//! audit row of each request.
//!
//! A request is counted *before* the provider is called, by one
//! conditional update in a transaction (the tools' quota rule, see
//! `tools::quota`): the day's row is made if missing (`INSERT … ON
//! CONFLICT DO NOTHING`), then `requests = requests + 1 … WHERE requests
//! < limit`. Nothing is read and written back, so simultaneous requests
//! never pass the limit: on PostgreSQL the update waits for a concurrent
//! one's row lock and re-checks its condition; SQLite has one writer.
//! The provider call is not held inside that transaction (a slow provider
//! would hold SQLite's one writer for seconds); when it is over, one more
//! transaction writes the audit row (action, model, tokens or bytes) and,
//! if the provider failed, gives the count back.
use crate::{
    audit::{self, Actor},
    entities::ai_usage,
    error::{DomainResult, Refusal},
    jakarta,
    tools::quota::{day_key, next_reset},
    Database, DomainError,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait,
    QueryFilter, TransactionTrait,
};

use super::{action::Action, wire::Usage};

/// A counted request: which admin, which day, for settling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub admin_id: i32,
    pub day: String,
    /// Requests counted today, this one included.
    pub used: u32,
    pub limit: u32,
}

/// The admin's requests so far today.
pub async fn used_today(
    conn: &impl ConnectionTrait,
    admin_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<u32> {
    let day = day_key(jakarta::date(now));
    Ok(ai_usage::Entity::find()
        .filter(ai_usage::Column::AdminId.eq(admin_id))
        .filter(ai_usage::Column::Day.eq(day))
        .one(conn)
        .await?
        .map_or(0, |u| u32::try_from(u.requests).unwrap_or(0)))
}

/// Counts one request of `actor` on the Jakarta day of `now`, or refuses
/// with [`Refusal::AiLimitReached`] (nothing written then).
pub async fn reserve(
    db: &Database,
    actor: &Actor,
    limit: u32,
    now: DateTime<Utc>,
) -> DomainResult<Ticket> {
    let admin_id = actor
        .admin_id
        .ok_or_else(|| DomainError::Internal("the AI assistant is for admins".into()))?;
    let refused = Refusal::AiLimitReached {
        limit,
        resets_at: next_reset(now),
    };
    if limit == 0 {
        return Err(refused.into());
    }
    let day = day_key(jakarta::date(now));
    let txn = db.writer().begin().await?;
    ai_usage::Entity::insert(ai_usage::ActiveModel {
        admin_id: Set(admin_id),
        day: Set(day.clone()),
        requests: Set(0),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([ai_usage::Column::AdminId, ai_usage::Column::Day])
    .exec(&txn)
    .await?;
    let counted = ai_usage::Entity::update_many()
        .col_expr(
            ai_usage::Column::Requests,
            Expr::col(ai_usage::Column::Requests).add(1),
        )
        .filter(ai_usage::Column::AdminId.eq(admin_id))
        .filter(ai_usage::Column::Day.eq(&day))
        .filter(ai_usage::Column::Requests.lt(i32::try_from(limit).unwrap_or(i32::MAX)))
        .exec(&txn)
        .await?;
    if counted.rows_affected == 0 {
        // Dropping the transaction rolls the empty row back, if it was new.
        return Err(refused.into());
    }
    let used = used_today(&txn, admin_id, now).await?;
    txn.commit().await?;
    Ok(Ticket {
        admin_id,
        day,
        used,
        limit,
    })
}

/// What a request cost, for its audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spent {
    Tokens(Usage),
    /// Text streamed or an image fetched, when no token count came back.
    Bytes(usize),
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Answered(Spent),
    /// The provider failed (its reason, for the log): the count is given back.
    Failed(String),
}

/// Writes the request's audit row and, when it failed, gives its count
/// back: one transaction.
pub async fn settle(
    db: &Database,
    actor: &Actor,
    ticket: &Ticket,
    action: Action,
    model: &str,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.writer().begin().await?;
    let summary = match outcome {
        Outcome::Answered(Spent::Tokens(u)) => format!(
            "{}; model {model}; token: {} masuk, {} keluar",
            action.label(),
            u.prompt_tokens,
            u.completion_tokens
        ),
        Outcome::Answered(Spent::Bytes(n)) => {
            format!("{}; model {model}; {n} byte diterima", action.label())
        }
        Outcome::Failed(_) => {
            ai_usage::Entity::update_many()
                .col_expr(
                    ai_usage::Column::Requests,
                    Expr::col(ai_usage::Column::Requests).sub(1),
                )
                .filter(ai_usage::Column::AdminId.eq(ticket.admin_id))
                .filter(ai_usage::Column::Day.eq(&ticket.day))
                .filter(ai_usage::Column::Requests.gt(0))
                .exec(&txn)
                .await?;
            format!(
                "{}; model {model}; gagal: layanan AI tidak tersedia (tidak dihitung)",
                action.label()
            )
        }
    };
    audit::record(
        &txn,
        actor,
        &action.audit_action(),
        "ai",
        None,
        &summary,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
