//! Unpaid orders expire (the `orders.expire_due` job, every minute).
use super::status::{transition, EventSource, Step};
use crate::{
    entities::order::{self, OrderStatus},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

pub const EXPIRE_JOB: &str = "orders.expire_due";
/// Orders handled per run; the next run takes the rest.
const BATCH: u64 = 200;

/// Moves pending orders whose time is up to `expired`, each in its own
/// transaction with its event; how many moved. A payment confirmed
/// meanwhile wins: the conditional move then finds the order paid and
/// changes nothing.
pub async fn expire_due(db: &Database, now: DateTime<Utc>) -> DomainResult<u64> {
    let due: Vec<i32> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .filter(order::Column::ExpiresAt.lte(now))
        .order_by_asc(order::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(db.reader())
        .await?;
    let mut expired = 0;
    for id in due {
        let txn = db.writer().begin().await?;
        let outcome = transition(
            &txn,
            id,
            OrderStatus::Expired,
            EventSource::System,
            "batas waktu pembayaran lewat",
            now,
        )
        .await?;
        txn.commit().await?;
        if outcome == Step::Changed {
            expired += 1;
        }
    }
    Ok(expired)
}
