//! Delivering a paid product order (the `orders.deliver` job, enqueued in
//! the transaction that marked it paid). Idempotent: each step is a
//! conditional update, so a job run twice, or two runners, deliver once.
//!
//! Web access and downloadable files are delivered by the purchase itself
//! (the dashboard opens them to the owner); a licence key is generated
//! here. GitHub invitations and manual deliveries wait for their own step
//! (an admin, notified by the `admin-new-order` e-mail, or the GitHub job).
use super::status::{transition, EventSource};
use crate::{
    entities::{
        order::OrderStatus,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// What [`deliver`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    /// Delivered now; the order is fulfilled.
    Now,
    /// Delivered before: nothing to do.
    Already,
    /// This delivery type waits for a person or another job.
    Waiting,
    /// The order has no purchase (not a product, or not paid).
    Nothing,
    /// The order is no longer paid (refunded, reversed or denied before its
    /// delivery ran): nothing is delivered.
    OrderNotPaid,
}

/// `TRX-XXXX-XXXX-XXXX-XXXX`, from the OS random source.
pub fn new_license_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 16];
    crate::random::fill(&mut raw);
    let chars: Vec<char> = raw
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
    format!("TRX-{}", groups.join("-"))
}

/// Delivers the purchase of order `order_id` and fulfils the order, in one
/// transaction.
pub async fn deliver(db: &Database, order_id: i32, now: DateTime<Utc>) -> DomainResult<Delivered> {
    let txn = db.writer().begin().await?;
    let Some(purchase) = user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .one(&txn)
        .await?
    else {
        txn.commit().await?;
        return Ok(Delivered::Nothing);
    };
    if purchase.delivery_status == DeliveryStatus::Revoked {
        txn.commit().await?;
        return Ok(Delivered::OrderNotPaid);
    }
    if purchase.delivery_status == DeliveryStatus::Delivered {
        txn.commit().await?;
        return Ok(Delivered::Already);
    }
    let status: Option<OrderStatus> = crate::entities::order::Entity::find_by_id(order_id)
        .select_only()
        .column(crate::entities::order::Column::Status)
        .into_tuple()
        .one(&txn)
        .await?;
    if status != Some(OrderStatus::Paid) {
        txn.commit().await?;
        return Ok(Delivered::OrderNotPaid);
    }
    let license = match purchase.delivery_type {
        DeliveryType::WebAccess | DeliveryType::EmailFile => None,
        DeliveryType::LicenseKey => Some(new_license_key()),
        DeliveryType::GithubInvite | DeliveryType::Manual => {
            txn.commit().await?;
            return Ok(Delivered::Waiting);
        }
    };
    let mut update = user_purchase::Entity::update_many()
        .col_expr(
            user_purchase::Column::DeliveryStatus,
            Expr::value(DeliveryStatus::Delivered),
        )
        .col_expr(user_purchase::Column::DeliveredAt, Expr::value(Some(now)))
        .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
        .filter(user_purchase::Column::Id.eq(purchase.id))
        // Not over a revocation committed since the status was read.
        .filter(
            user_purchase::Column::DeliveryStatus
                .is_in([DeliveryStatus::Pending, DeliveryStatus::Failed]),
        );
    if let Some(key) = license {
        update = update.col_expr(user_purchase::Column::LicenseKey, Expr::value(Some(key)));
    }
    if update.exec(&txn).await?.rows_affected == 0 {
        txn.commit().await?;
        return Ok(Delivered::Already);
    }
    transition(
        &txn,
        order_id,
        OrderStatus::Fulfilled,
        EventSource::System,
        "produk terkirim",
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Delivered::Now)
}

#[cfg(test)]
mod tests {
    #[test]
    fn license_keys_have_four_groups() {
        let k = super::new_license_key();
        assert_eq!(k.len(), "TRX-".len() + 4 * 4 + 3, "{k}");
        assert_ne!(k, super::new_license_key());
    }
}
