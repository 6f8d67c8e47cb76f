//! The allowed moves and the one function that makes them.
use crate::{
    entities::{
        order::{self, OrderStatus},
        order_event,
    },
    error::{DomainError, DomainResult},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveEnum, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect,
};

/// Who asked for a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    Midtrans,
    Paypal,
    /// The platform itself (expiry, fulfilment).
    System,
    Admin,
    Member,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EventSource::Midtrans => "midtrans",
            EventSource::Paypal => "paypal",
            EventSource::System => "system",
            EventSource::Admin => "admin",
            EventSource::Member => "member",
        }
    }
}

/// Who asked for a move, with what (the notification as received, or a
/// short note) and, for providers that number their events, the event's
/// id: a second event with the same id is refused by the database.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub source: EventSource,
    pub detail: &'a str,
    pub external_id: Option<&'a str>,
}

/// What a request to move `from → to` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The order moves; the caller applies the move's effects, in the same
    /// transaction.
    Changed,
    /// The order is already there (a repeated notification): nothing to do.
    Duplicate,
    /// Not a move the rules allow (late, out of order): nothing changes.
    Ignored,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Changed => "changed",
            Step::Duplicate => "duplicate",
            Step::Ignored => "ignored",
        }
    }
}

/// The rules, in one place.
pub fn step(from: OrderStatus, to: OrderStatus) -> Step {
    use OrderStatus::*;
    if from == to {
        return Step::Duplicate;
    }
    let allowed = match from {
        Pending => matches!(to, Paid | Expired | Cancelled | Denied),
        // The provider's word that money was taken beats our own timeout.
        Expired | Cancelled => to == Paid,
        Paid => matches!(to, Fulfilled | Denied | Refunded | Chargeback),
        Fulfilled => matches!(to, Refunded | Chargeback),
        Denied | Refunded | Chargeback => false,
    };
    if allowed {
        Step::Changed
    } else {
        Step::Ignored
    }
}

/// Moves the order to `to` if the rules allow it, inside the caller's
/// transaction, and records the request in `order_events` whatever the
/// outcome. The update is conditional on the status read, so of two
/// simultaneous requests for the same move exactly one gets `Changed`
/// (the other sees `Duplicate`): effects the caller writes on `Changed` in
/// the same transaction happen once.
pub async fn transition(
    txn: &DatabaseTransaction,
    order_id: i32,
    to: OrderStatus,
    source: EventSource,
    detail: &str,
    now: DateTime<Utc>,
) -> DomainResult<Step> {
    let event = Event {
        source,
        detail,
        external_id: None,
    };
    transition_with(txn, order_id, to, &event, now).await
}

/// [`transition`] with the whole [`Event`].
pub async fn transition_with(
    txn: &DatabaseTransaction,
    order_id: i32,
    to: OrderStatus,
    event: &Event<'_>,
    now: DateTime<Utc>,
) -> DomainResult<Step> {
    // Two tries: a lost race re-reads the status the winner wrote.
    for _ in 0..2 {
        let from: OrderStatus = order::Entity::find_by_id(order_id)
            .select_only()
            .column(order::Column::Status)
            .into_tuple()
            .one(txn)
            .await?
            .ok_or(DomainError::NotFound)?;
        let outcome = step(from, to);
        if outcome == Step::Changed {
            let mut update = order::Entity::update_many()
                .col_expr(order::Column::Status, Expr::value(to.to_value()))
                .col_expr(order::Column::UpdatedAt, Expr::value(now))
                .filter(order::Column::Id.eq(order_id))
                .filter(order::Column::Status.eq(from));
            if to == OrderStatus::Paid {
                update = update.col_expr(order::Column::PaidAt, Expr::value(Some(now)));
            }
            if update.exec(txn).await?.rows_affected == 0 {
                continue;
            }
            // Money taken back (refund, chargeback, a reversed settlement):
            // the licence goes with it, whichever path moved the order.
            if matches!(
                to,
                OrderStatus::Refunded | OrderStatus::Chargeback | OrderStatus::Denied
            ) {
                crate::licenses::disable_for_order(txn, order_id, now).await?;
            }
        }
        record(txn, order_id, event, outcome.as_str(), from, to, now).await?;
        return Ok(outcome);
    }
    Err(DomainError::Internal(format!(
        "order {order_id}: status kept changing under the transition"
    )))
}

/// Keeps `event` in `order_events` with its outcome.
pub(crate) async fn record(
    txn: &DatabaseTransaction,
    order_id: i32,
    event: &Event<'_>,
    outcome: &str,
    from: OrderStatus,
    to: OrderStatus,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    order_event::Entity::insert(order_event::ActiveModel {
        order_id: Set(order_id),
        source: Set(event.source.as_str().to_owned()),
        outcome: Set(outcome.to_owned()),
        from_status: Set(from.to_value()),
        to_status: Set(to.to_value()),
        detail: Set(event.detail.to_owned()),
        external_id: Set(event.external_id.map(str::to_owned)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;
    use OrderStatus::*;

    #[test]
    fn moves_only_go_forward_with_the_documented_exceptions() {
        // Every pair is decided, and only these move.
        let allowed = [
            (Pending, Paid),
            (Pending, Expired),
            (Pending, Cancelled),
            (Pending, Denied),
            (Expired, Paid),
            (Cancelled, Paid),
            (Paid, Fulfilled),
            (Paid, Denied),
            (Paid, Refunded),
            (Paid, Chargeback),
            (Fulfilled, Refunded),
            (Fulfilled, Chargeback),
        ];
        for from in OrderStatus::iter() {
            for to in OrderStatus::iter() {
                let expected = if from == to {
                    Step::Duplicate
                } else if allowed.contains(&(from, to)) {
                    Step::Changed
                } else {
                    Step::Ignored
                };
                assert_eq!(step(from, to), expected, "{from:?} -> {to:?}");
            }
        }
        for s in OrderStatus::iter() {
            assert_eq!(s.as_str(), s.to_value(), "one name per status");
        }
        // A late `pending` after a settlement changes nothing.
        assert_eq!(step(Paid, Pending), Step::Ignored);
        assert_eq!(step(Refunded, Paid), Step::Ignored);
    }
}
