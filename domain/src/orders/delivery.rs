//! Delivering a paid product order (the `orders.deliver` job, enqueued in
//! the transaction that marked it paid). Idempotent: each step is a
//! conditional update, so a job run twice, or two runners, deliver once.
//!
//! Web access is delivered by the purchase itself (the dashboard opens it
//! to the owner). Files go out as signed links in the `delivery-ready`
//! e-mail (`crate::deliverables`); a licence is issued (`crate::licenses`)
//! and its key mailed; both in the same transaction as the delivery. A
//! file product without files fails the job (retried, then shown to the
//! admin in *Tugas latar*). GitHub invitations and manual deliveries wait
//! for their own step (an admin, notified by the `admin-new-order` e-mail,
//! or the `github.invite` job, queued once the buyer's GitHub username is
//! known: `crate::github`).
use super::status::{transition, EventSource};
use crate::{
    deliverables::{self, Deliverables},
    entities::{
        order::OrderStatus,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::{DomainError, DomainResult},
    licenses, mail, Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

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

/// Delivers the purchase of order `order_id` and fulfils the order, in one
/// transaction.
pub async fn deliver(
    db: &Database,
    files: &Deliverables,
    order_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<Delivered> {
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
    let order = crate::entities::order::Entity::find_by_id(order_id)
        .one(&txn)
        .await?;
    let Some(order) = order.filter(|o| o.status == OrderStatus::Paid) else {
        txn.commit().await?;
        return Ok(Delivered::OrderNotPaid);
    };
    if purchase.delivery_type == DeliveryType::GithubInvite {
        // Invited by its own job once the buyer's username is known.
        if purchase.github_username.is_some() {
            crate::github::access::queue_invite_in(&txn, purchase.id, now).await?;
        }
        txn.commit().await?;
        return Ok(Delivered::Waiting);
    }
    if purchase.delivery_type == DeliveryType::Manual {
        txn.commit().await?;
        return Ok(Delivered::Waiting);
    }
    let delivered = user_purchase::Entity::update_many()
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
        )
        .exec(&txn)
        .await?;
    if delivered.rows_affected == 0 {
        txn.commit().await?;
        return Ok(Delivered::Already);
    }
    if purchase.delivery_type == DeliveryType::EmailFile {
        let sent = deliverables::download::queue_delivery_mail(&txn, files, &order, &purchase, now)
            .await?;
        if sent == 0 {
            // Rolls back: nothing is marked delivered.
            return Err(DomainError::Unavailable(format!(
                "product {} has no files to deliver",
                purchase.product_slug
            )));
        }
    }
    if purchase.delivery_type == DeliveryType::LicenseKey {
        if let Some((key, limit)) = licenses::issue_in(&txn, &purchase, now).await? {
            let email = mail::licenses::license_key(&order, &key, limit);
            mail::outbox::queue_in(&txn, &email, now).await?;
        }
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
