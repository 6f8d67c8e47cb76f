//! The outbox table: messages are stored before delivery and updated by the
//! worker after each attempt. Nothing is ever deleted; a message that failed
//! [`MAX_ATTEMPTS`] times stays as `failed` for an operator to look at.
use super::templates::Email;
use crate::{
    entities::outbox_message::{self, Column, Entity as Outbox, OutboxStatus},
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// After this many failed attempts a message is `failed` and no longer retried.
pub const MAX_ATTEMPTS: i32 = 6;

/// `last_error` keeps at most this many characters.
pub const MAX_ERROR_CHARS: usize = 500;

/// How long to wait after the `attempts`-th failure before trying again:
/// 1 min, 5 min, 30 min, 2 h, 6 h; `None` once [`MAX_ATTEMPTS`] is reached.
pub fn backoff(attempts: i32) -> Option<Duration> {
    match attempts {
        i32::MIN..=1 => Some(Duration::minutes(1)),
        2 => Some(Duration::minutes(5)),
        3 => Some(Duration::minutes(30)),
        4 => Some(Duration::hours(2)),
        5 => Some(Duration::hours(6)),
        _ => None,
    }
}

/// Stores `email` as pending, due immediately. Returns the message id.
///
/// The recipient must be a syntactically valid address: a message that can
/// never be delivered is refused here rather than retried for hours.
pub async fn enqueue(db: &Database, email: &Email, now: DateTime<Utc>) -> DomainResult<i32> {
    let to = email.to.trim();
    if to.parse::<lettre::Address>().is_err() {
        return Err(DomainError::Invalid(format!(
            "alamat email tidak valid: {to:?}"
        )));
    }
    if email.subject.trim().is_empty() || email.subject.contains(['\r', '\n']) {
        return Err(DomainError::Invalid("subjek email tidak valid".into()));
    }
    let row = outbox_message::ActiveModel {
        to_email: Set(to.to_owned()),
        subject: Set(email.subject.clone()),
        body_text: Set(email.text.clone()),
        body_html: Set(email.html.clone()),
        template: Set(email.template.to_owned()),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db.writer())
    .await?;
    Ok(row.id)
}

/// Pending messages whose next attempt is due at `now`, oldest first.
pub async fn due(
    db: &Database,
    now: DateTime<Utc>,
    limit: u64,
) -> DomainResult<Vec<outbox_message::Model>> {
    Ok(Outbox::find()
        .filter(Column::Status.eq(OutboxStatus::Pending))
        .filter(Column::NextAttemptAt.lte(now))
        .order_by_asc(Column::NextAttemptAt)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db.reader())
        .await?)
}

/// Takes a due message for one delivery attempt by pushing its
/// `next_attempt_at` to `now + lease`, in one conditional UPDATE. Returns
/// false when it is no longer pending and due (another worker took it).
///
/// If the process dies during the attempt, the message is retried once the
/// lease ends; [`mark_sent`] or [`mark_failed_attempt`] replace the lease.
pub async fn claim(
    db: &Database,
    id: i32,
    now: DateTime<Utc>,
    lease: Duration,
) -> DomainResult<bool> {
    let res = Outbox::update_many()
        .col_expr(Column::NextAttemptAt, Expr::value(now + lease))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(OutboxStatus::Pending))
        .filter(Column::NextAttemptAt.lte(now))
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a successful delivery.
pub async fn mark_sent(db: &Database, id: i32, now: DateTime<Utc>) -> DomainResult<()> {
    let res = Outbox::update_many()
        .col_expr(Column::Status, Expr::value(OutboxStatus::Sent))
        .col_expr(Column::SentAt, Expr::value(Some(now)))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .filter(Column::Id.eq(id))
        .exec(db.writer())
        .await?;
    if res.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// Records a failed attempt: `attempts + 1`, the error (truncated to
/// [`MAX_ERROR_CHARS`]), and the next attempt after [`backoff`]; after
/// [`MAX_ATTEMPTS`] the message becomes `failed`. Returns the updated row.
///
/// `error` must not contain secrets; [`super::Mailer::send`] redacts the SMTP
/// password from its errors.
pub async fn mark_failed_attempt(
    db: &Database,
    id: i32,
    error: &str,
    now: DateTime<Utc>,
) -> DomainResult<outbox_message::Model> {
    let txn = db.writer().begin().await?;
    let row = Outbox::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if row.status != OutboxStatus::Pending {
        return Ok(row);
    }
    let attempts = row.attempts + 1;
    let mut update: outbox_message::ActiveModel = row.into();
    update.attempts = Set(attempts);
    update.last_error = Set(Some(truncate_chars(error, MAX_ERROR_CHARS)));
    match backoff(attempts).filter(|_| attempts < MAX_ATTEMPTS) {
        Some(delay) => update.next_attempt_at = Set(now + delay),
        None => {
            update.status = Set(OutboxStatus::Failed);
            update.next_attempt_at = Set(now);
        }
    }
    let row = update.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => s[..end].to_owned(),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_schedule() {
        let mins: Vec<_> = (1..=6)
            .map(|a| backoff(a).map(|d| d.num_minutes()))
            .collect();
        assert_eq!(
            mins,
            [Some(1), Some(5), Some(30), Some(120), Some(360), None]
        );
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("abc", 5), "abc");
        assert_eq!(truncate_chars("ééééé", 3), "ééé");
        assert_eq!(truncate_chars(&"x".repeat(600), 500).len(), 500);
    }
}
