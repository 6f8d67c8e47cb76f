//! Where a member pays a pending order: the provider's token and page,
//! created on the first call and stored on the order, then reused, so
//! paying again opens the same transaction (a provider refuses a second one
//! for the same order).
use crate::{
    entities::order::{self, OrderStatus, PaymentProvider},
    error::{DomainError, DomainResult, Refusal},
    Database,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use std::future::Future;

/// `(token, url)` of `order`'s payment with `provider`; `create` asks the
/// provider for a new one when the order has none yet.
pub async fn payment_page<Create, Created>(
    db: &Database,
    order: &order::Model,
    provider: PaymentProvider,
    create: Create,
) -> DomainResult<(String, String)>
where
    Create: FnOnce() -> Created,
    Created: Future<Output = DomainResult<(String, String)>>,
{
    if order.payment_provider != provider {
        return Err(DomainError::Internal(format!(
            "order {} is not paid through {}",
            order.order_code,
            provider.as_str()
        )));
    }
    if order.status != OrderStatus::Pending {
        return Err(Refusal::OrderClosed.into());
    }
    if let (Some(token), Some(url)) = (&order.payment_token, &order.payment_url) {
        return Ok((token.clone(), url.clone()));
    }
    let created = match create().await {
        Ok(created) => created,
        // A simultaneous first payment may have stored its page meanwhile
        // (the provider refuses a second transaction for the same order).
        Err(e) => return stored_page(db, order.id).await?.ok_or(e),
    };
    // Conditional: of two simultaneous first payments, the first stored
    // page is the one both get.
    order::Entity::update_many()
        .col_expr(
            order::Column::PaymentToken,
            Expr::value(Some(created.0.clone())),
        )
        .col_expr(
            order::Column::PaymentUrl,
            Expr::value(Some(created.1.clone())),
        )
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::PaymentUrl.is_null())
        .exec(db.writer())
        .await?;
    Ok(stored_page(db, order.id).await?.unwrap_or(created))
}

async fn stored_page(db: &Database, order_id: i32) -> DomainResult<Option<(String, String)>> {
    let stored = order::Entity::find_by_id(order_id).one(db.writer()).await?;
    Ok(stored.and_then(|o| o.payment_token.zip(o.payment_url)))
}
