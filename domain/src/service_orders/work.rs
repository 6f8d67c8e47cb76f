//! The work after payment: the admin's progress notes and deliverables,
//! the member's approval or revision request per deliverable. The order
//! completes when no deliverable waits for a decision or a revision.
use super::{event, link, lock, mail_admins, member_actor, member_of, next, set_state, By, Step};
use crate::{
    audit::{self, Actor},
    deliverables::{
        files::{check_file, content_type, discard, size_label, store},
        Deliverables, FileRules,
    },
    entities::{
        order::OrderStatus,
        service_order::{self, ServiceOrderState as State},
        service_order_event::EventKind,
        service_order_file::{self, Approval, FileRole},
    },
    error::{DomainError, DomainResult, Refusal},
    mail::{self, service_orders as service_mail},
    orders::{EventSource, Site},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait,
};

/// The longest note or comment kept.
const NOTE_MAX_CHARS: usize = 5000;

fn text_field(field: &'static str, raw: &str, min: usize, what: &str) -> DomainResult<String> {
    let t = raw.trim().to_owned();
    let n = t.chars().count();
    if n < min {
        return Err(DomainError::field(
            field,
            format!("Tulis {what} minimal {min} karakter."),
        ));
    }
    if n > NOTE_MAX_CHARS {
        return Err(DomainError::field(
            field,
            format!("{what} maksimal {NOTE_MAX_CHARS} karakter."),
        ));
    }
    Ok(t)
}

/// An admin tells the member how the work goes (in progress, delivered
/// or in revision): a timeline line and an e-mail, audited as
/// `service_order.note`.
pub async fn post_progress_note(
    db: &Database,
    site: &Site,
    actor: &Actor,
    id: i32,
    note: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let note = text_field("note", note, 1, "catatan")?;
    let txn = db.writer().begin().await?;
    let o = lock(&txn, id, None).await?;
    next(&o, Step::PostNote, now)?;
    event(
        &txn,
        id,
        EventKind::ProgressNote,
        By::Admin(actor.admin_id),
        &note,
        None,
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        "service_order.note",
        "service_order",
        Some(id),
        &format!("catatan progres pesanan layanan #{id}: {note}"),
        now,
    )
    .await?;
    let (name, email) = member_of(&txn, o.user_id).await?;
    let page = link(site, &super::member_path(id));
    mail::queue_in(
        &txn,
        &service_mail::progress(&email, &name, &o, &note, &page),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An admin uploads a deliverable of service order `id` (paid, not yet
/// completed) into private storage (`rules`' whitelist and size): the
/// order is delivered and waits for the member, who is e-mailed; a
/// deliverable sent back before is answered by this one. Audited as
/// `service_order.deliverable`. A refused file or step keeps nothing.
#[allow(clippy::too_many_arguments)]
pub async fn add_deliverable(
    db: &Database,
    d: &Deliverables,
    rules: &FileRules,
    site: &Site,
    actor: &Actor,
    id: i32,
    name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> DomainResult<service_order_file::Model> {
    let (file_name, ext) = check_file(rules, "file", name, bytes, "Pilih file hasil kerja.")?;
    // Refused before the file is written when the order takes none.
    {
        let o = service_order::Entity::find_by_id(id)
            .one(db.reader())
            .await?
            .ok_or(DomainError::NotFound)?;
        next(&o, Step::Deliver, now)?;
    }
    let stored_name = store(d, &ext, bytes).await?;
    let written = async {
        let txn = db.writer().begin().await?;
        let o = lock(&txn, id, None).await?;
        let to = next(&o, Step::Deliver, now)?;
        set_state(&txn, &o, to, now).await?;
        service_order_file::Entity::update_many()
            .col_expr(
                service_order_file::Column::Approval,
                Expr::value(Some(Approval::Replaced)),
            )
            .filter(service_order_file::Column::ServiceOrderId.eq(id))
            .filter(service_order_file::Column::Approval.eq(Approval::Revision))
            .exec(&txn)
            .await?;
        let file = service_order_file::Entity::insert(service_order_file::ActiveModel {
            service_order_id: Set(id),
            role: Set(FileRole::Deliverable),
            file_name: Set(file_name.clone()),
            stored_name: Set(stored_name.clone()),
            content_type: Set(content_type(&ext).to_owned()),
            size_bytes: Set(bytes.len() as i64),
            approval: Set(Some(Approval::Pending)),
            revision_comment: Set(None),
            decided_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_with_returning(&txn)
        .await?;
        let note = format!("{file_name} ({})", size_label(file.size_bytes));
        event(
            &txn,
            id,
            EventKind::DeliverableAdded,
            By::Admin(actor.admin_id),
            &note,
            Some(file.id),
            now,
        )
        .await?;
        audit::record(
            &txn,
            actor,
            "service_order.deliverable",
            "service_order",
            Some(id),
            &format!("mengunggah hasil kerja {note} untuk pesanan layanan #{id}"),
            now,
        )
        .await?;
        let (name, email) = member_of(&txn, o.user_id).await?;
        let page = link(site, &super::member_path(id));
        let email = service_mail::deliverable(&email, &name, &o, &file_name, &page);
        mail::queue_in(&txn, &email, now).await?;
        txn.commit().await?;
        Ok::<_, DomainError>(file)
    }
    .await;
    if written.is_err() {
        discard(d, &stored_name).await;
    }
    written
}

/// Deliverable `file_id` of the member's order `o`, waiting for a decision.
async fn pending_deliverable(
    txn: &DatabaseTransaction,
    o: &service_order::Model,
    file_id: i32,
) -> DomainResult<service_order_file::Model> {
    let file = service_order_file::Entity::find_by_id(file_id)
        .filter(service_order_file::Column::ServiceOrderId.eq(o.id))
        .filter(service_order_file::Column::Role.eq(FileRole::Deliverable))
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if file.approval != Some(Approval::Pending) {
        // Decided before (approved, sent back or replaced).
        return Err(Refusal::ServiceOrderState.into());
    }
    Ok(file)
}

/// Records the member's decision on `file`, on the condition that it
/// still waits (two racing decisions: one wins).
async fn decide(
    txn: &DatabaseTransaction,
    file: &service_order_file::Model,
    approval: Approval,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let decided = service_order_file::Entity::update_many()
        .col_expr(
            service_order_file::Column::Approval,
            Expr::value(Some(approval)),
        )
        .col_expr(
            service_order_file::Column::RevisionComment,
            Expr::value(comment.map(str::to_owned)),
        )
        .col_expr(
            service_order_file::Column::DecidedAt,
            Expr::value(Some(now)),
        )
        .filter(service_order_file::Column::Id.eq(file.id))
        .filter(service_order_file::Column::Approval.eq(Approval::Pending))
        .exec(txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(Refusal::ServiceOrderState.into());
    }
    Ok(())
}

/// The member `user_id` approves deliverable `file_id` of their order
/// `id`. When nothing is then left waiting or sent back, the order is
/// completed (and its checkout order fulfilled); the admins are e-mailed,
/// and the member too on completion. Audited as `service_order.approve`.
/// Returns the order's state after it.
pub async fn approve_deliverable(
    db: &Database,
    site: &Site,
    user_id: i32,
    id: i32,
    file_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<State> {
    let txn = db.writer().begin().await?;
    let o = lock(&txn, id, Some(user_id)).await?;
    // Approving before anything is delivered is refused as such.
    next(
        &o,
        Step::Approve {
            all_approved: false,
        },
        now,
    )?;
    let file = pending_deliverable(&txn, &o, file_id).await?;
    decide(&txn, &file, Approval::Approved, None, now).await?;
    let open = service_order_file::Entity::find()
        .filter(service_order_file::Column::ServiceOrderId.eq(id))
        .filter(service_order_file::Column::Approval.is_in([Approval::Pending, Approval::Revision]))
        .count(&txn)
        .await?;
    let to = next(
        &o,
        Step::Approve {
            all_approved: open == 0,
        },
        now,
    )?;
    set_state(&txn, &o, to, now).await?;
    event(
        &txn,
        id,
        EventKind::DeliverableApproved,
        By::Member(user_id),
        &file.file_name,
        Some(file.id),
        now,
    )
    .await?;
    let completed = to == State::Completed;
    if completed {
        service_order::Entity::update_many()
            .col_expr(service_order::Column::CompletedAt, Expr::value(Some(now)))
            .filter(service_order::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        if let Some(order_id) = o.order_id {
            let detail = "semua hasil kerja disetujui";
            crate::orders::transition(
                &txn,
                order_id,
                OrderStatus::Fulfilled,
                EventSource::Member,
                detail,
                now,
            )
            .await?;
        }
        event(
            &txn,
            id,
            EventKind::Completed,
            By::Member(user_id),
            "",
            None,
            now,
        )
        .await?;
    }
    let (name, email) = member_of(&txn, user_id).await?;
    let done = if completed { "; pesanan selesai" } else { "" };
    audit::record(
        &txn,
        &member_actor(&email),
        "service_order.approve",
        "service_order",
        Some(id),
        &format!("menyetujui {} pesanan layanan #{id}{done}", file.file_name),
        now,
    )
    .await?;
    let admin_page = link(site, &super::admin_path(id));
    mail_admins(
        &txn,
        |to| service_mail::approved_to_admin(to, &o, &file.file_name, completed, &admin_page),
        now,
    )
    .await?;
    if completed {
        let page = link(site, &super::member_path(id));
        mail::queue_in(
            &txn,
            &service_mail::completed(&email, &name, &o, &page),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(to)
}

/// The member `user_id` sends deliverable `file_id` of their order `id`
/// back with `comment` (required): the order waits for a revision, the
/// admins are e-mailed; audited as `service_order.revision`.
pub async fn request_revision(
    db: &Database,
    site: &Site,
    user_id: i32,
    id: i32,
    file_id: i32,
    comment: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let comment = text_field("comment", comment, 10, "apa yang perlu direvisi")?;
    let txn = db.writer().begin().await?;
    let o = lock(&txn, id, Some(user_id)).await?;
    let to = next(&o, Step::RequestRevision, now)?;
    let file = pending_deliverable(&txn, &o, file_id).await?;
    decide(&txn, &file, Approval::Revision, Some(&comment), now).await?;
    set_state(&txn, &o, to, now).await?;
    let note = format!("{}: {comment}", file.file_name);
    event(
        &txn,
        id,
        EventKind::RevisionRequested,
        By::Member(user_id),
        &note,
        Some(file.id),
        now,
    )
    .await?;
    let (_, email) = member_of(&txn, user_id).await?;
    audit::record(
        &txn,
        &member_actor(&email),
        "service_order.revision",
        "service_order",
        Some(id),
        &format!("meminta revisi pesanan layanan #{id}: {note}"),
        now,
    )
    .await?;
    let admin_page = link(site, &super::admin_path(id));
    mail_admins(
        &txn,
        |to| service_mail::revision_to_admin(to, &o, &file.file_name, &comment, &admin_page),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
