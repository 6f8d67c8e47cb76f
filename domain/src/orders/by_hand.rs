//! Manual delivery: a purchase the team hands over itself (a service
//! bundle, files too large to mail). The `admin-new-order` e-mail says it
//! waits; the admin marks it delivered with a note the member reads in the
//! dashboard and by e-mail, and the order is fulfilled, all in one
//! transaction (audited as `order.deliver_manual`).
use super::status::{transition, EventSource, Step};
use crate::{
    audit::{self, Actor},
    entities::{
        order::{self, OrderStatus},
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::{DomainError, DomainResult, Refusal},
    mail, Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

pub const NOTE_MIN_CHARS: usize = 3;
pub const NOTE_MAX_CHARS: usize = 1000;

/// The purchase of `order_id` that waits for the team's hand, if any.
pub async fn awaiting_hand_delivery(db: &Database, order_id: i32) -> DomainResult<bool> {
    Ok(user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::Manual))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Pending))
        .one(db.reader())
        .await?
        .is_some())
}

/// Marks the manual purchase of paid order `order_id` delivered with
/// `note`. Another delivery type, or one delivered before, is
/// `Conflict`; an order not paid is `OrderNotPaid`; nothing is written.
pub async fn mark_delivered_by_hand(
    db: &Database,
    actor: &Actor,
    order_id: i32,
    note: &str,
    now: DateTime<Utc>,
    orders_page: &str,
) -> DomainResult<()> {
    let note = note.trim();
    let n = note.chars().count();
    if !(NOTE_MIN_CHARS..=NOTE_MAX_CHARS).contains(&n) {
        return Err(DomainError::field(
            "note",
            format!("Catatan untuk pembeli {NOTE_MIN_CHARS}–{NOTE_MAX_CHARS} karakter."),
        ));
    }
    let txn = db.writer().begin().await?;
    let order = order::Entity::find_by_id(order_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if order.status != OrderStatus::Paid {
        return Err(Refusal::OrderNotPaid.into());
    }
    let marked = user_purchase::Entity::update_many()
        .col_expr(
            user_purchase::Column::DeliveryStatus,
            Expr::value(DeliveryStatus::Delivered),
        )
        .col_expr(user_purchase::Column::DeliveredAt, Expr::value(Some(now)))
        .col_expr(
            user_purchase::Column::DeliveryNote,
            Expr::value(Some(note.to_owned())),
        )
        .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::Manual))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Pending))
        .exec(&txn)
        .await?;
    if marked.rows_affected == 0 {
        return Err(DomainError::Conflict { field: "delivery" });
    }
    let step = transition(
        &txn,
        order_id,
        OrderStatus::Fulfilled,
        EventSource::Admin,
        &format!("diserahkan manual oleh {}", actor.label),
        now,
    )
    .await?;
    if step != Step::Changed {
        return Err(Refusal::OrderNotPaid.into());
    }
    audit::record(
        &txn,
        actor,
        "order.deliver_manual",
        "order",
        Some(order_id),
        &format!(
            "menandai pesanan {} ({}) sudah diserahkan; catatan: {note}",
            order.order_code, order.item_name
        ),
        now,
    )
    .await?;
    let email = mail::orders::delivered_by_hand(&order, note, orders_page);
    mail::outbox::queue_in(&txn, &email, now).await?;
    txn.commit().await?;
    Ok(())
}
