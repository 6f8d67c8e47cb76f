//! Opening a service order's files. The member gets deliverables through
//! links signed like product downloads (`domain::deliverables`, in the
//! service scope, valid 72 hours); admins open any file of an order
//! behind their own session.
use crate::{
    deliverables::{files::size_label, Deliverables, Download, FileLink, Link, LinkError, Scope},
    entities::{
        service_order::{self, ServiceOrderState as State},
        service_order_file::{self, FileRole},
    },
    error::{DomainError, DomainResult, Refusal},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// A fresh link to `file` of service order `order_id`.
pub(crate) fn link_of(
    d: &Deliverables,
    order_id: i32,
    file: &service_order_file::Model,
    now: DateTime<Utc>,
) -> FileLink {
    let link = Link::new(order_id, file.id, now);
    FileLink {
        file_name: file.file_name.clone(),
        size_label: size_label(file.size_bytes),
        url: d.service_url(&link),
        expires: link.expires(),
    }
}

async fn deliverable(
    conn: &impl ConnectionTrait,
    order_id: i32,
    file_id: i32,
) -> DomainResult<Option<service_order_file::Model>> {
    Ok(service_order_file::Entity::find_by_id(file_id)
        .filter(service_order_file::Column::ServiceOrderId.eq(order_id))
        .filter(service_order_file::Column::Role.eq(FileRole::Deliverable))
        .one(conn)
        .await?)
}

/// A signed link for the member `user_id` to deliverable `file_id` of
/// their order `id` (anyone else's: `NotFound`).
pub async fn deliverable_link(
    db: &Database,
    d: &Deliverables,
    user_id: i32,
    id: i32,
    file_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<FileLink> {
    service_order::Entity::find_by_id(id)
        .filter(service_order::Column::UserId.eq(user_id))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let file = deliverable(db.reader(), id, file_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(link_of(d, id, &file, now))
}

/// The deliverable a service link `token` opens at `now`: the link must
/// verify in the service scope and be unexpired, and the file must still
/// be one of that order's deliverables.
pub async fn open_deliverable(
    db: &Database,
    d: &Deliverables,
    token: &str,
    now: DateTime<Utc>,
) -> DomainResult<Download> {
    let link = d
        .signer
        .verify_in(Scope::ServiceOrder, token, now)
        .map_err(|e| match e {
            LinkError::Expired => Refusal::LinkExpired,
            LinkError::Malformed | LinkError::Forged => Refusal::LinkInvalid,
        })?;
    let order = service_order::Entity::find_by_id(link.purchase_id)
        .one(db.reader())
        .await?
        .filter(|o| o.state != State::Cancelled)
        .ok_or(Refusal::LinkInvalid)?;
    let file = deliverable(db.reader(), order.id, link.file_id)
        .await?
        .ok_or(Refusal::LinkInvalid)?;
    Ok(download(file))
}

/// Any file (attachment or deliverable) `file_id` of service order `id`,
/// for an admin (checked by the caller).
pub async fn admin_file(db: &Database, id: i32, file_id: i32) -> DomainResult<Download> {
    let file = service_order_file::Entity::find_by_id(file_id)
        .filter(service_order_file::Column::ServiceOrderId.eq(id))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(download(file))
}

fn download(file: service_order_file::Model) -> Download {
    Download {
        stored_name: file.stored_name,
        file_name: file.file_name,
        content_type: file.content_type,
        size: file.size_bytes,
    }
}
