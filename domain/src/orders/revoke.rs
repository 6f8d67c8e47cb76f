//! Taking a purchase back when its money goes back (a refund, a chargeback,
//! a payment reversed after it settled), in the transaction that moves the
//! order: the dashboard and the tools stop opening it at once, its licence
//! is disabled, a subscription loses the period the order bought, and a
//! GitHub invitation it gave is queued to be taken back (the call to GitHub
//! is made by that job, after the commit).
use crate::{
    entities::user_purchase::{self, DeliveryStatus},
    error::DomainResult,
};
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

/// Marks the purchase of `order_id` revoked; true when there was one to
/// revoke (an order without a purchase, or revoked before, is false).
pub(crate) async fn revoke_purchase(
    txn: &DatabaseTransaction,
    order_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let before = user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .one(txn)
        .await?;
    let revoked = user_purchase::Entity::update_many()
        .col_expr(
            user_purchase::Column::DeliveryStatus,
            Expr::value(DeliveryStatus::Revoked),
        )
        .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .filter(user_purchase::Column::DeliveryStatus.ne(DeliveryStatus::Revoked))
        .exec(txn)
        .await?;
    crate::licenses::disable_for_order(txn, order_id, now).await?;
    crate::subscriptions::extend::take_back(txn, order_id, now).await?;
    if let Some(purchase) = before.filter(|_| revoked.rows_affected > 0) {
        crate::github::access::queue_revoke_in(txn, &purchase, now).await?;
    }
    Ok(revoked.rows_affected > 0)
}
