//! Taking a purchase back when its money goes back (a refund, a chargeback,
//! a payment reversed after it settled), in the transaction that moves the
//! order: the dashboard and the tools stop opening it at once, and its
//! licence is disabled; a subscription loses the period the order bought.
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
    Ok(revoked.rows_affected > 0)
}
