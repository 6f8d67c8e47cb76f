//! Reading service orders: the member's own (anyone else's is
//! `NotFound`), and every order for admins, filtered by state.
use super::{files::link_of, state_at};
use crate::{
    deliverables::{Deliverables, FileLink},
    entities::{
        order,
        service_order::{self, ServiceOrderState as State},
        service_order_event, service_order_file,
        service_order_file::FileRole,
    },
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// One order with its timeline and files, as its page shows it.
#[derive(Debug, Clone)]
pub struct Detail {
    pub order: service_order::Model,
    /// The state at the time of reading (a lapsed quote reads expired).
    pub state: State,
    /// Oldest first.
    pub timeline: Vec<service_order_event::Model>,
    /// The brief's attachments, oldest first.
    pub attachments: Vec<service_order_file::Model>,
    /// The deliverables, oldest first, each with a fresh signed link (for
    /// the member; admins open files through their own route).
    pub deliverables: Vec<(service_order_file::Model, Option<FileLink>)>,
    /// The checkout order paying the accepted quote.
    pub checkout: Option<order::Model>,
    /// The member's name and e-mail address.
    pub member: (String, String),
}

/// The member's orders, newest first, each with its state at `now`.
pub async fn member_list(
    db: &Database,
    user_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<Vec<(service_order::Model, State)>> {
    let rows = service_order::Entity::find()
        .filter(service_order::Column::UserId.eq(user_id))
        .order_by_desc(service_order::Column::CreatedAt)
        .order_by_desc(service_order::Column::Id)
        .all(db.reader())
        .await?;
    Ok(with_states(rows, now))
}

/// Every order, newest first; with `state`, only those in it at `now`
/// (a lapsed quote is `QuoteExpired`, not `Quoted`).
pub async fn admin_list(
    db: &Database,
    state: Option<State>,
    now: DateTime<Utc>,
) -> DomainResult<Vec<(service_order::Model, State)>> {
    let mut find = service_order::Entity::find();
    if let Some(s) = state {
        // A lapsed quote is stored `quoted`.
        let stored = if s == State::QuoteExpired {
            State::Quoted
        } else {
            s
        };
        find = find.filter(service_order::Column::State.eq(stored));
    }
    let rows = find
        .order_by_desc(service_order::Column::CreatedAt)
        .order_by_desc(service_order::Column::Id)
        .all(db.reader())
        .await?;
    let all = with_states(rows, now);
    Ok(match state {
        Some(s) => all.into_iter().filter(|(_, at)| *at == s).collect(),
        None => all,
    })
}

fn with_states(
    rows: Vec<service_order::Model>,
    now: DateTime<Utc>,
) -> Vec<(service_order::Model, State)> {
    rows.into_iter()
        .map(|o| {
            let s = state_at(o.state, o.quote_valid_until, now);
            (o, s)
        })
        .collect()
}

/// The member `user_id`'s order `id` with its timeline and links to its
/// deliverables (anyone else's: `NotFound`).
pub async fn member_detail(
    db: &Database,
    d: &Deliverables,
    user_id: i32,
    id: i32,
    now: DateTime<Utc>,
) -> DomainResult<Detail> {
    let o = service_order::Entity::find_by_id(id)
        .filter(service_order::Column::UserId.eq(user_id))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    detail(db, o, Some(d), now).await
}

/// Any order `id` with its timeline, for admins (checked by the caller).
pub async fn admin_detail(db: &Database, id: i32, now: DateTime<Utc>) -> DomainResult<Detail> {
    let o = service_order::Entity::find_by_id(id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    detail(db, o, None, now).await
}

async fn detail(
    db: &Database,
    o: service_order::Model,
    links: Option<&Deliverables>,
    now: DateTime<Utc>,
) -> DomainResult<Detail> {
    let timeline = service_order_event::Entity::find()
        .filter(service_order_event::Column::ServiceOrderId.eq(o.id))
        .order_by_asc(service_order_event::Column::CreatedAt)
        .order_by_asc(service_order_event::Column::Id)
        .all(db.reader())
        .await?;
    let files = service_order_file::Entity::find()
        .filter(service_order_file::Column::ServiceOrderId.eq(o.id))
        .order_by_asc(service_order_file::Column::Id)
        .all(db.reader())
        .await?;
    let checkout = match o.order_id {
        Some(order_id) => order::Entity::find_by_id(order_id).one(db.reader()).await?,
        None => None,
    };
    let (attachments, delivered): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|f| f.role == FileRole::Brief);
    let open = o.state != State::Cancelled;
    let deliverables = delivered
        .into_iter()
        .map(|f| {
            let link = links.filter(|_| open).map(|d| link_of(d, o.id, &f, now));
            (f, link)
        })
        .collect();
    let member = super::member_of(db.reader(), o.user_id).await?;
    Ok(Detail {
        member,
        state: state_at(o.state, o.quote_valid_until, now),
        order: o,
        timeline,
        attachments,
        deliverables,
        checkout,
    })
}
