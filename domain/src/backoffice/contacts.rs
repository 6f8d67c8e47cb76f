//! The contact inbox.
use super::DomainError;
use crate::{
    audit::{self, Actor},
    content::{newest_page, search_any, Page},
    entities::{contact_message, ContactStatus},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};

/// Messages per status, for the inbox tabs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContactCounts {
    pub unread: u64,
    pub read: u64,
    pub archived: u64,
}

/// The status as the admin reads it.
pub fn status_label(status: ContactStatus) -> &'static str {
    match status {
        ContactStatus::Unread => "belum dibaca",
        ContactStatus::Read => "dibaca",
        ContactStatus::Archived => "diarsipkan",
    }
}

/// Newest first; `q` matches the name, the e-mail address or the message.
pub async fn list(
    db: &Database,
    status: Option<ContactStatus>,
    q: &str,
    page: u64,
    per_page: u64,
) -> DomainResult<Page<contact_message::Model>> {
    let mut find = contact_message::Entity::find();
    if let Some(status) = status {
        find = find.filter(contact_message::Column::Status.eq(status));
    }
    if let Some(search) = search_any(
        &[
            contact_message::Column::Name,
            contact_message::Column::Email,
            contact_message::Column::Message,
        ],
        q,
    ) {
        find = find.filter(search);
    }
    let order = (
        contact_message::Column::CreatedAt,
        contact_message::Column::Id,
    );
    newest_page(db, find, order, page, per_page).await
}

pub async fn counts(db: &Database) -> DomainResult<ContactCounts> {
    let rows: Vec<(ContactStatus, i64)> = contact_message::Entity::find()
        .select_only()
        .column(contact_message::Column::Status)
        .column_as(contact_message::Column::Id.count(), "n")
        .group_by(contact_message::Column::Status)
        .into_tuple()
        .all(db.reader())
        .await?;
    let mut counts = ContactCounts::default();
    for (status, n) in rows {
        let n = n.max(0) as u64;
        match status {
            ContactStatus::Unread => counts.unread = n,
            ContactStatus::Read => counts.read = n,
            ContactStatus::Archived => counts.archived = n,
        }
    }
    Ok(counts)
}

async fn find_in(
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<contact_message::Model, DomainError> {
    contact_message::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

fn describe(m: &contact_message::Model) -> String {
    format!("pesan #{} dari {} <{}>", m.id, m.name, m.email)
}

/// Changes the status only if it is still `from`; whether it was.
async fn change_status(
    txn: &DatabaseTransaction,
    id: i32,
    from: ContactStatus,
    to: ContactStatus,
) -> Result<bool, sea_orm::DbErr> {
    let res = contact_message::Entity::update_many()
        .col_expr(contact_message::Column::Status, Expr::value(to))
        .filter(contact_message::Column::Id.eq(id))
        .filter(contact_message::Column::Status.eq(from))
        .exec(txn)
        .await?;
    Ok(res.rows_affected > 0)
}

/// The message, for reading it in the admin. An unread message becomes
/// read (audited as `contact.read`); opening it again writes nothing.
pub async fn open(
    db: &Database,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
) -> Result<contact_message::Model, DomainError> {
    let txn = db.writer().begin().await?;
    let mut message = find_in(&txn, id).await?;
    if message.status == ContactStatus::Unread
        && change_status(&txn, id, ContactStatus::Unread, ContactStatus::Read).await?
    {
        message.status = ContactStatus::Read;
        audit::record(
            &txn,
            actor,
            "contact.read",
            "contact_message",
            Some(id),
            &format!("membaca {}", describe(&message)),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(message)
}

/// Moves a message to another status (audited as `contact.status` with
/// the old and new status). Setting the status it already has writes
/// nothing.
pub async fn set_status(
    db: &Database,
    actor: &Actor,
    id: i32,
    status: ContactStatus,
    now: DateTime<Utc>,
) -> Result<contact_message::Model, DomainError> {
    let txn = db.writer().begin().await?;
    let mut message = find_in(&txn, id).await?;
    let before = message.status;
    if before == status {
        return Ok(message);
    }
    if !change_status(&txn, id, before, status).await? {
        // Changed by someone else in the meantime: show what is stored.
        return find_in(&txn, id).await;
    }
    message.status = status;
    let summary = format!(
        "{}: {}",
        describe(&message),
        audit::changes(
            &[("status", status_label(before).to_owned())],
            &[("status", status_label(status).to_owned())],
        )
    );
    audit::record(
        &txn,
        actor,
        "contact.status",
        "contact_message",
        Some(id),
        &summary,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}
