//! The outbox: every e-mail is stored as a row of `outbox_messages` and a
//! `mail.send` job, both written through the caller's transaction, so a
//! message exists exactly when the change that wants it was committed.
//! The job runner delivers it ([`deliver`]); a sent message keeps its
//! envelope (recipient, subject, template, times) but not its body.
use super::{templates::Email, Mailer};
use crate::{
    entities::outbox_message::{self, Entity as Outbox, OutboxStatus},
    error::{DomainError, DomainResult},
    jobs::{self, JobRun, NewJob},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    ExprTrait, QueryFilter, TransactionTrait,
};
use serde::{Deserialize, Serialize};

/// The job kind that delivers one message.
pub const SEND_JOB: &str = "mail.send";

/// Delivery attempts per message: 1 min, 5 min, 30 min, 2 h, 6 h apart.
pub const MAX_ATTEMPTS: i32 = 6;

#[derive(Debug, Serialize, Deserialize)]
struct SendPayload {
    message_id: i32,
}

/// Messages a visitor can make the site send to one address (verification
/// and reset links) within [`PER_RECIPIENT_WINDOW`]: enough for a person
/// who lost a mail, too few to flood anybody's inbox.
pub const PER_RECIPIENT_LIMIT: u64 = 3;
pub const PER_RECIPIENT_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// Whether `to` already got [`PER_RECIPIENT_LIMIT`] messages in the last
/// [`PER_RECIPIENT_WINDOW`]. Callers asked to send on a public form then
/// send nothing and answer the same, so the limit tells nobody anything.
pub async fn recipient_limited(
    conn: &impl ConnectionTrait,
    to: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    use sea_orm::PaginatorTrait;
    let recent = Outbox::find()
        .filter(outbox_message::Column::ToEmail.eq(to.trim()))
        .filter(outbox_message::Column::CreatedAt.gt(now - PER_RECIPIENT_WINDOW))
        .count(conn)
        .await?;
    if recent >= PER_RECIPIENT_LIMIT {
        tracing::info!("requested mail skipped: the recipient's hourly limit is reached");
    }
    Ok(recent >= PER_RECIPIENT_LIMIT)
}

/// Stores `email` and its delivery job through `conn` (pass the caller's
/// transaction). Returns the message id.
///
/// The recipient must be a syntactically valid address: a message that can
/// never be delivered is refused here rather than retried for hours.
pub async fn queue_in(
    conn: &impl ConnectionTrait,
    email: &Email,
    now: DateTime<Utc>,
) -> DomainResult<i32> {
    let to = email.to.trim();
    if to.parse::<lettre::Address>().is_err() {
        return Err(DomainError::field("email", "Alamat email tidak valid."));
    }
    if email.subject.trim().is_empty() || email.subject.contains(['\r', '\n']) {
        return Err(DomainError::Internal(
            "an e-mail subject must be one line".into(),
        ));
    }
    let row = outbox_message::ActiveModel {
        to_email: Set(to.to_owned()),
        subject: Set(email.subject.clone()),
        body_text: Set(email.text.clone()),
        body_html: Set(email.html.clone()),
        template: Set(email.template.to_owned()),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        attachment: Set(email.attachment.clone()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let job = NewJob::new(SEND_JOB, &SendPayload { message_id: row.id })
        .dedupe(format!("{SEND_JOB}:{}", row.id))
        .max_attempts(MAX_ATTEMPTS);
    jobs::enqueue_in(conn, job, now).await?;
    Ok(row.id)
}

/// The documents a message carries, rendered now from the database
/// (`attachment` names them: `invoice:{order_id}`).
async fn attachments_of(
    db: &Database,
    msg: &outbox_message::Model,
) -> Result<Vec<super::transport::Attachment>, String> {
    let Some(spec) = msg.attachment.as_deref() else {
        return Ok(Vec::new());
    };
    let Some(order_id) = spec
        .strip_prefix("invoice:")
        .and_then(|id| id.parse::<i32>().ok())
    else {
        return Err(format!("unknown attachment {spec:?}"));
    };
    let order = crate::entities::order::Entity::find_by_id(order_id)
        .one(db.reader())
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("attachment: order {order_id} does not exist"))?;
    let bytes = crate::invoices::for_order(db, &order)
        .await
        .map_err(|e| format!("attachment: {e}"))?;
    Ok(vec![super::transport::Attachment {
        file_name: crate::invoices::file_name(order.invoice_number.as_deref().unwrap_or("")),
        content_type: "application/pdf",
        bytes,
    }])
}

/// [`queue_in`] in a transaction of its own, for mail that is the whole
/// use case.
pub async fn queue(db: &Database, email: &Email, now: DateTime<Utc>) -> DomainResult<i32> {
    let txn = db.writer().begin().await?;
    let id = queue_in(&txn, email, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// The `mail.send` handler. Idempotent: a message already sent is not sent
/// again (a runner that died between SMTP's answer and this update is the
/// one case where a message can go out twice; SMTP offers no way to ask).
pub async fn deliver(
    db: &Database,
    mailer: &Mailer,
    from: &str,
    run: JobRun,
) -> Result<(), String> {
    let SendPayload { message_id } = run.payload()?;
    let msg = Outbox::find_by_id(message_id)
        .one(db.reader())
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("outbox message {message_id} does not exist"))?;
    if msg.status == OutboxStatus::Sent {
        return Ok(());
    }
    // A document that cannot be rendered is a failed attempt, like an SMTP
    // error: retried, then the message is `failed`.
    let result = match attachments_of(db, &msg).await {
        Ok(attachments) => mailer.send(from, &msg, &attachments).await,
        Err(e) => Err(e),
    };
    let mut update = Outbox::update_many()
        .col_expr(
            outbox_message::Column::Attempts,
            Expr::col(outbox_message::Column::Attempts).add(1),
        )
        .filter(outbox_message::Column::Id.eq(message_id));
    update = match &result {
        // The body has done its job; only the envelope is kept.
        Ok(()) => update
            .col_expr(
                outbox_message::Column::Status,
                Expr::value(OutboxStatus::Sent),
            )
            .col_expr(outbox_message::Column::SentAt, Expr::value(Some(run.now)))
            .col_expr(outbox_message::Column::BodyText, Expr::value(""))
            .col_expr(outbox_message::Column::BodyHtml, Expr::value(""))
            .col_expr(
                outbox_message::Column::LastError,
                Expr::value(Option::<String>::None),
            ),
        Err(error) => {
            let status = if run.is_last_attempt() {
                OutboxStatus::Failed
            } else {
                OutboxStatus::Pending
            };
            update
                .col_expr(outbox_message::Column::Status, Expr::value(status))
                .col_expr(
                    outbox_message::Column::LastError,
                    Expr::value(Some(jobs::truncate_chars(error, jobs::MAX_ERROR_CHARS))),
                )
        }
    };
    update.exec(db.writer()).await.map_err(|e| e.to_string())?;
    result
}
