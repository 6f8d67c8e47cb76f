//! Service orders (issue 14): agency work from a member's brief to the
//! admin's quote, its payment through the same checkout as products, the
//! progress notes and deliverables, and the member's approval.
//!
//! The rules are one pure function ([`state::transition`]). Each use case
//! reads the order inside its write transaction (locked on PostgreSQL;
//! SQLite has one writer), asks the rules, and writes the move (a
//! conditional update on the state it read), the timeline event, the audit
//! row and its e-mails in that one transaction: a refused step writes
//! nothing. A member only ever sees their own orders: anyone else's is
//! `NotFound`.
//!
//! Accepting a quote places an `orders` row of kind `service`
//! (`orders::create::place_in`) whose item slug names the service order
//! ([`checkout_slug`]); `orders::record_payment` calls [`on_paid`] in the
//! payment's transaction. Files live in private storage
//! (`domain::deliverables`); the member opens a deliverable through a link
//! signed by the same signer, in its own scope ([`files`]).
pub mod brief;
pub mod files;
pub mod quote;
pub mod read;
pub mod state;
pub mod work;

pub use brief::{submit_brief, Attachment, BriefInput};
pub use files::{admin_file, deliverable_link, open_deliverable};
pub(crate) use quote::on_paid;
pub use quote::{accept_quote, cancel, send_quote, Canceller, QuoteInput};
pub use read::{admin_detail, admin_list, member_detail, member_list, Detail};
pub use state::{state_at, transition, Step};
pub use work::{add_deliverable, approve_deliverable, post_progress_note, request_revision};

use crate::{
    audit::Actor,
    entities::{
        admin,
        service_order::{self, ServiceOrderState as State},
        service_order_event::{self, EventKind},
        user,
    },
    error::{DomainError, DomainResult, Refusal},
    orders::Site,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect,
};

/// The checkout order's item slug for service order `id` (unique per
/// service order, so the open-order rule of the checkout never mixes two).
pub fn checkout_slug(id: i32) -> String {
    format!("layanan-{id}")
}

/// The service order an item slug of [`checkout_slug`] names.
fn id_of_checkout_slug(slug: &str) -> Option<i32> {
    slug.strip_prefix("layanan-")?.parse().ok()
}

/// "17 Januari 2026": the last Jakarta day a quote valid until `until`
/// (the first instant it no longer holds) can be accepted.
pub fn valid_through(until: DateTime<Utc>) -> String {
    crate::jakarta::tanggal(until - chrono::Duration::seconds(1))
}

/// The member's page of order `id`.
pub fn member_path(id: i32) -> String {
    format!("/dashboard/services/{id}")
}

/// The admin's page of order `id`.
pub fn admin_path(id: i32) -> String {
    format!("/admin/service-orders/{id}")
}

/// Who took a step, as the timeline keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Member(i32),
    Admin(Option<i32>),
    /// The payment.
    System,
}

/// Service order `id` read for a step in `txn` (locked on PostgreSQL);
/// with `owner`, only if it is that member's.
pub(crate) async fn lock(
    txn: &DatabaseTransaction,
    id: i32,
    owner: Option<i32>,
) -> DomainResult<service_order::Model> {
    let mut find = service_order::Entity::find_by_id(id);
    if let Some(user_id) = owner {
        find = find.filter(service_order::Column::UserId.eq(user_id));
    }
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        find = find.lock_exclusive();
    }
    find.one(txn).await?.ok_or(DomainError::NotFound)
}

/// Where `step` takes `o` at `now`, or the refusal.
pub(crate) fn next(
    o: &service_order::Model,
    step: Step,
    now: DateTime<Utc>,
) -> DomainResult<State> {
    let from = state_at(o.state, o.quote_valid_until, now);
    Ok(transition(from, step)?)
}

/// Moves `o` to `to`, on the condition that it is still in the state it
/// was read in (so of two racing steps, one moves).
pub(crate) async fn set_state(
    txn: &DatabaseTransaction,
    o: &service_order::Model,
    to: State,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let moved = service_order::Entity::update_many()
        .col_expr(service_order::Column::State, Expr::value(to))
        .col_expr(service_order::Column::UpdatedAt, Expr::value(now))
        .filter(service_order::Column::Id.eq(o.id))
        .filter(service_order::Column::State.eq(o.state))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(Refusal::ServiceOrderState.into());
    }
    Ok(())
}

/// One line of the timeline.
pub(crate) async fn event(
    txn: &DatabaseTransaction,
    order_id: i32,
    kind: EventKind,
    by: By,
    note: &str,
    file_id: Option<i32>,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let (member, admin) = match by {
        By::Member(id) => (Some(id), None),
        By::Admin(id) => (None, id),
        By::System => (None, None),
    };
    service_order_event::Entity::insert(service_order_event::ActiveModel {
        service_order_id: Set(order_id),
        kind: Set(kind),
        actor_user_id: Set(member),
        actor_admin_id: Set(admin),
        note: Set(note.to_owned()),
        file_id: Set(file_id),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The member's name and e-mail address.
pub(crate) async fn member_of(
    conn: &impl ConnectionTrait,
    user_id: i32,
) -> DomainResult<(String, String)> {
    let u = user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((u.name, u.email))
}

/// The audit actor of a member's step (the audit log names admins by
/// address; a member is named as one).
pub(crate) fn member_actor(email: &str) -> Actor {
    Actor {
        admin_id: None,
        label: format!("anggota {email}"),
        ip: None,
    }
}

/// The addresses of the admins who may act (not disabled).
pub(crate) async fn admin_emails(conn: &impl ConnectionTrait) -> DomainResult<Vec<String>> {
    Ok(admin::Entity::find()
        .filter(admin::Column::DisabledAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.email)
        .collect())
}

/// Queues `email` for each admin, in `txn`.
pub(crate) async fn mail_admins(
    txn: &DatabaseTransaction,
    make: impl Fn(&str) -> crate::mail::Email,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    for to in admin_emails(txn).await? {
        crate::mail::queue_in(txn, &make(&to), now).await?;
    }
    Ok(())
}

/// A page's absolute URL.
pub(crate) fn link(site: &Site, path: &str) -> String {
    site.link(path)
}
